"""The concise format: one line per finding, then the summary."""

from __future__ import annotations

from dataclasses import replace

from syrupy.assertion import SnapshotAssertion

from pipelint.engine.report import Report
from pipelint.formatters.concise import ConciseFormatter


def test_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert ConciseFormatter().format(report) == snapshot


def test_snapshot_in_colour(report: Report, snapshot: SnapshotAssertion) -> None:
    output = ConciseFormatter().format(replace(report, color=True))
    assert output.replace("\x1b", "\\x1b") == snapshot


def test_one_line_per_finding(report: Report) -> None:
    lines = ConciseFormatter().format(report).splitlines()
    assert (
        lines[0] == "broken.json:3:14: PL000 [high] expected a value (array at line 3, column 13)"
    )
    assert lines[3] == (
        'pipeline.yaml:12:43: PL101 [low] "prod" in a description is only a hint of production'
    )
    assert len(lines) == len(report.findings) + 1


def test_messages_stay_on_one_line(samples) -> None:  # type: ignore[no-untyped-def]
    finding = replace(samples.rule_error(), message="first\nsecond")
    output = ConciseFormatter().format(samples.make_report([finding]))
    assert output.splitlines()[0].endswith("first\\nsecond")


def test_empty(empty_report: Report) -> None:
    assert ConciseFormatter().format(empty_report) == "All checks passed: 12 files checked.\n"
