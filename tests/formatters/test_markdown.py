"""The Markdown format: a Mermaid flowchart per pipeline, then a table of findings."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from syrupy.assertion import SnapshotAssertion

from conftest import PIPELINE_YAML
from pipelint.engine.findings import Finding, Severity
from pipelint.engine.report import Report
from pipelint.formatters.markdown import MarkdownFormatter, markdown_text, mermaid_text
from pipelint.loaders.load import load_document
from pipelint.model.build import build_model
from pipelint.model.location import Location, Span
from pipelint.model.pipeline import Pipeline


def pipelines(path: str, text: str) -> tuple[Pipeline, ...]:
    return build_model(load_document(path, text.encode())).pipelines


@pytest.fixture
def drawn(report: Report) -> Report:
    return replace(report, pipelines=pipelines("pipeline.yaml", PIPELINE_YAML))


def test_snapshot(drawn: Report, snapshot: SnapshotAssertion) -> None:
    assert MarkdownFormatter().format(drawn) == snapshot


def test_snapshot_without_findings(empty_report: Report, snapshot: SnapshotAssertion) -> None:
    assert MarkdownFormatter().format(empty_report) == snapshot


NASTY = {
    "name": "web | <b>`x`</b>",
    "roleArn": "arn:aws:iam::111122223333:role/p",
    "artifactStore": {"type": "S3", "location": "b"},
    "stages": [
        {
            "name": 'Source "main"',
            "actions": [
                {
                    "name": "S#1;",
                    "actionTypeId": {
                        "category": "Source",
                        "owner": "AWS",
                        "provider": "S3",
                        "version": "1",
                    },
                }
            ],
        },
        {
            "name": "Prod]\n--> x[evil]",
            "actions": [
                {
                    "name": "Gate",
                    "runOrder": 1,
                    "actionTypeId": {
                        "category": "Approval",
                        "owner": "AWS",
                        "provider": "Manual",
                        "version": "1",
                    },
                },
                {
                    "name": "A",
                    "runOrder": 2,
                    "actionTypeId": {
                        "category": "Deploy",
                        "owner": "AWS",
                        "provider": "ECS",
                        "version": "1",
                    },
                },
                {
                    "name": "B",
                    "runOrder": 2,
                    "actionTypeId": {
                        "category": "Deploy",
                        "owner": "AWS",
                        "provider": "ECS",
                        "version": "1",
                    },
                },
            ],
        },
    ],
}


def nasty_report(samples) -> Report:
    finding = Finding(
        code="PL101",
        name="prod-without-approval",
        severity=Severity.HIGH,
        message="Action | `B` <script>",
        location=Location("nasty.json", Span(1, 1, 1, 2), ("stages", 1, "actions", 2, "name")),
    )
    return samples.make_report(
        [finding], pipelines=pipelines("nasty.json", json.dumps(NASTY, indent=1))
    )


def test_names_are_escaped_for_mermaid_and_markdown(samples) -> None:
    output = MarkdownFormatter().format(nasty_report(samples))
    chart = output.split("```mermaid\n", 1)[1].split("```", 1)[0]
    for line in chart.splitlines():
        labels = re.findall(r'"([^"]*)"', line)
        assert line.count('"') == 2 * len(labels)
        for label in labels:
            assert not set(label) & set("[]{}|`\n")
    assert "#34;main#34;" in chart
    assert "Prod#93;#10;--#62; x#91;evil#93;" in chart
    assert "#35;1#59;" in chart
    assert "p1s1a0 --> p1s1a1 & p1s1a2" in chart
    assert "class p1s1a2 finding" in chart
    assert "class p1s1a0 approval" in chart
    table_row = output.splitlines()[-1]
    assert table_row.count("|") - table_row.count("\\|") == 5
    assert "Action \\| \\`B\\` &lt;script&gt;" in table_row
    assert "### web \\| &lt;b&gt;\\`x\\`&lt;/b&gt;" in output


def test_escaping_helpers() -> None:
    assert mermaid_text('a "b" #c') == "a #34;b#34; #35;c"
    assert markdown_text("a|b\nc <d> & *e*") == "a\\|b c &lt;d&gt; &amp; \\*e\\*"


def test_cli_writes_markdown(run_cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    ungated = json.loads(json.dumps(NASTY))
    del ungated["stages"][1]["actions"][0]
    (tmp_path / "nasty.json").write_text(json.dumps({"pipeline": ungated}))
    result = run_cli("check", "--format", "markdown", "nasty.json")
    assert "```mermaid\nflowchart LR\n" in result.stdout
    assert "[PL101](https://github.com/pipelint/pipelint/blob/main/docs/rules/PL101.md)" in (
        result.stdout
    )
