"""The JSON format: a versioned document with stable field names."""

from __future__ import annotations

import json

from syrupy.assertion import SnapshotAssertion

from pipelint.engine.report import Report
from pipelint.formatters.json_format import JsonFormatter


def test_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert JsonFormatter().format(report) == snapshot


def test_snapshot_empty(empty_report: Report, snapshot: SnapshotAssertion) -> None:
    assert JsonFormatter().format(empty_report) == snapshot


def test_document(report: Report) -> None:
    output = JsonFormatter().format(report)
    assert output.endswith("}\n")
    data = json.loads(output)
    assert data["version"] == 1
    assert data["tool"] == {"name": "pipelint", "version": "1.2.3"}
    assert data["summary"] == {
        "files_checked": 12,
        "findings": 4,
        "suppressed": 0,
        "baselined": 0,
        "by_severity": {"critical": 0, "high": 3, "medium": 0, "low": 1, "info": 0},
    }
    assert [
        (f["code"], f["path"], f["start"]["line"], f["start"]["column"]) for f in data["findings"]
    ] == [
        ("PL000", "broken.json", 3, 14),
        ("PL003", "ci/pipeline.json", 1, 1),
        ("PL101", "pipeline.yaml", 9, 17),
        ("PL101", "pipeline.yaml", 12, 43),
    ]


def test_finding_fields(report: Report) -> None:
    finding = json.loads(JsonFormatter().format(report))["findings"][2]
    assert list(finding) == [
        "code",
        "name",
        "severity",
        "confidence",
        "message",
        "path",
        "start",
        "end",
        "pointer",
        "related",
        "docs_url",
    ]
    assert finding["name"] == "prod-without-approval"
    assert finding["severity"] == "high"
    assert finding["confidence"] == "high"
    assert finding["end"] == {"line": 9, "column": 21}
    assert finding["pointer"] == "/Resources/Pipeline/Properties/Stages/1/Name"
    assert finding["related"] == [
        {
            "message": 'ungated production deploy "Deploy": stage name "Prod" says production',
            "path": "pipeline.yaml",
            "start": {"line": 11, "column": 21},
            "end": {"line": 11, "column": 27},
        }
    ]
    assert finding["docs_url"].endswith("/docs/rules/PL101.md")


def test_unknown_code_has_no_docs_url(samples) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    finding = replace(samples.rule_error(), code="ACME100", name="acme")
    data = json.loads(JsonFormatter().format(samples.make_report([finding])))
    assert data["findings"][0]["docs_url"] is None


def test_empty(empty_report: Report) -> None:
    data = json.loads(JsonFormatter().format(empty_report))
    assert data["findings"] == []
    assert data["summary"]["findings"] == 0
    assert set(data["summary"]["by_severity"].values()) == {0}
