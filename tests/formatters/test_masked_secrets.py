"""A secret a finding is about never reaches the output, in any format."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelint.engine.findings import Finding, Severity
from pipelint.engine.report import Report
from pipelint.engine.suppressions import SuppressedFinding, SuppressionKind
from pipelint.formatters._common import masked_source
from pipelint.formatters.text import TextFormatter
from pipelint.model.location import Location, Span

SECRET = "ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVb"
PIPELINE = f"""\
{{"pipeline": {{"name": "shop", "roleArn": "arn:aws:iam::111122223333:role/pipeline",
  "stages": [
    {{"name": "Source", "actions": [
      {{"name": "Src", "actionTypeId": {{"category": "Source", "owner": "ThirdParty",
        "provider": "GitHub", "version": "1"}},
       "configuration": {{"Owner": "octo", "Repo": "shop", "Branch": "main",
         "OAuthToken": "{SECRET}"}}}}]}}]}}}}
"""
BUILDSPEC = f"""\
version: 0.2
env:
  variables:
    GITHUB_TOKEN: {SECRET}
phases:
  build:
    commands: [make]
"""


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "markdown"])
@pytest.mark.parametrize("document", [("pipeline.json", PIPELINE), ("buildspec.yml", BUILDSPEC)])
def test_no_format_shows_the_secret(
    run_cli, project: Path, fmt: str, document: tuple[str, str]
) -> None:
    name, text = document
    (project / name).write_text(text)
    result = run_cli("check", name, "--select", "PL501,PL602", "--format", fmt)
    assert result.exit_code == 1
    assert SECRET not in result.stdout + result.stderr
    assert SECRET[4:12] not in result.stdout  # nor any recognisable part of it


def test_the_code_frame_masks_the_secret(run_cli, project: Path) -> None:
    (project / "pipeline.json").write_text(PIPELINE)
    result = run_cli("check", "pipeline.json", "--select", "PL501")
    masked = next(line for line in result.stdout.splitlines() if '"OAuthToken"' in line)
    assert masked.endswith('"OAuthToken": ' + "*" * (len(SECRET) + 2) + "}}]}]}}")


def test_the_frame_of_another_finding_masks_the_secret_too(run_cli, project: Path) -> None:
    (project / "pipeline.json").write_text(PIPELINE)
    result = run_cli("check", "pipeline.json", "--select", "PL501,PL502")
    assert "PL502" in result.stdout  # its frame shows the OAuthToken line
    assert SECRET not in result.stdout


def test_a_suppressed_finding_still_masks_its_secret() -> None:
    secret_at = Location("a.yaml", Span(2, 8, 2, 14))
    shown = Finding(
        code="PL999",
        name="x",
        severity=Severity.LOW,
        message="m",
        location=Location("a.yaml", Span(1, 1, 1, 2)),
    )
    hidden = Finding(
        code="PL998",
        name="y",
        severity=Severity.LOW,
        message="m",
        location=secret_at,
        masked=(secret_at,),
    )
    suppressed = SuppressedFinding(hidden, SuppressionKind.CONFIG, "")
    source = {"a.yaml": "name: a\ntoken: s3cr3t\n"}
    report = Report([shown], {}, source, "/", suppressed=[suppressed])
    output = TextFormatter().format(report)
    assert "s3cr3t" not in output
    assert "token: ******" in output


def test_masking_spans_lines_and_keeps_other_files() -> None:
    lines = ["a: |", "  first secret", "  second", "b: 1"]
    masked = masked_source(
        lines,
        "a.yaml",
        [Location("a.yaml", Span(2, 9, 3, 5)), Location("other.yaml", Span(4, 1, 4, 5))],
    )
    assert masked == ["a: |", "  first ******", "****cond", "b: 1"]
    assert lines[1] == "  first secret"


def test_a_finding_without_masked_places_shows_its_source() -> None:
    finding = Finding(
        code="PL999",
        name="x",
        severity=Severity.LOW,
        message="m",
        location=Location("a.yaml", Span(1, 1, 1, 2)),
    )
    report = Report([finding], {}, {"a.yaml": "token: visible\n"}, "/")
    assert "token: visible" in TextFormatter().format(report)
