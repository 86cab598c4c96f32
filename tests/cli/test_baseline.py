"""Baselines: record today's findings, report only new ones."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import PROD_WITHOUT_APPROVAL, findings, write
from pipelint.engine.baseline import Baseline, dumps, load, record
from pipelint.engine.findings import Finding, Severity
from pipelint.model.location import Location, Span


def test_baseline_then_check_reports_nothing_old(run_cli, project: Path) -> None:
    write(project / "pipelines" / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("baseline", "pipelint-baseline.json")
    assert result.exit_code == 0
    assert "Recorded 1 finding in 1 file" in result.stderr
    recorded = json.loads((project / "pipelint-baseline.json").read_text())
    assert recorded["findings"] == [
        {
            "code": "PL101",
            "path": "pipelines/bad.json",
            "pointer": "/pipeline/stages/2/name",
            "message": 'Stage "Prod" deploys to production with no manual approval '
            'before action "D"',
            "count": 1,
        }
    ]
    checked = run_cli("check", "--baseline", "pipelint-baseline.json", "--format", "concise")
    assert checked.exit_code == 0
    assert checked.stdout == "All checks passed: 1 file checked (1 in the baseline).\n"


def test_edits_elsewhere_keep_the_entry(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    run_cli("baseline", "baseline.json")
    moved = PROD_WITHOUT_APPROVAL.replace('{"pipeline": {', '{\n\n\n  "pipeline": {   ', 1)
    write(project / "bad.json", moved)
    assert run_cli("check", "--baseline", "baseline.json").exit_code == 0


def test_a_new_finding_is_reported(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    run_cli("baseline", "baseline.json")
    write(project / "other.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "--baseline", "baseline.json", "--format", "json")
    assert result.exit_code == 1
    assert findings(result.stdout) == [("PL101", "other.json", 12, 14)]
    assert json.loads(result.stdout)["summary"]["baselined"] == 1


def test_paths_are_relative_to_the_baseline_file(run_cli, project: Path) -> None:
    write(project / "ci" / "bad.json", PROD_WITHOUT_APPROVAL)
    run_cli("baseline", "baseline.json")
    assert run_cli("check", "--baseline", "../baseline.json", cwd=project / "ci").exit_code == 0


def test_a_missing_baseline_is_a_usage_error(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "--baseline", "nope.json")
    assert result.exit_code == 2
    assert "pipelint baseline nope.json" in result.stderr


def finding(line: int) -> Finding:
    return Finding(
        code="PL101",
        name="prod-without-approval",
        severity=Severity.HIGH,
        message=f"same problem (see line {line})",
        location=Location("p.json", Span(line, 1, line, 5), ("pipeline", "stages", 1)),
    )


def test_counts_two_identical_findings(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(dumps(record([finding(3), finding(9)], path, tmp_path)))
    baseline = load(path)
    assert isinstance(baseline, Baseline)
    assert baseline.new_findings([finding(4)], tmp_path) == ([], 1)
    assert baseline.new_findings([finding(4), finding(5)], tmp_path) == ([], 2)
    assert baseline.new_findings([finding(4), finding(5), finding(6)], tmp_path) == (
        [finding(6)],
        2,
    )
    (entry,) = json.loads(path.read_text())["findings"]
    assert entry["count"] == 2
    assert entry["message"] == "same problem (see line N)"


def test_a_malformed_baseline_is_an_error(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / "baseline.json", '{"version": 1, "findings": [{"code": 1}]}')
    result = run_cli("check", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "malformed entry" in result.stderr
