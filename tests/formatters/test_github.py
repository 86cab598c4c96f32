"""The github format: workflow commands, escaped as the Actions toolkit does."""

from __future__ import annotations

from dataclasses import replace

from syrupy.assertion import SnapshotAssertion

from pipelint.engine.findings import Severity
from pipelint.engine.report import Report
from pipelint.formatters.github import GithubFormatter, escape_data, escape_property
from pipelint.model.location import Location, Span


def test_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert GithubFormatter().format(report) == snapshot


def test_nothing_when_there_is_no_finding(empty_report: Report) -> None:
    assert GithubFormatter().format(empty_report) == ""


def test_one_command_per_finding(report: Report) -> None:
    lines = GithubFormatter().format(report).splitlines()
    assert lines[2] == (
        "::error file=pipeline.yaml,line=9,col=17,endLine=9,endColumn=20,"
        'title=PL101 prod-without-approval::Stage "Prod" deploys to production with no manual '
        'approval before action "Deploy"'
    )
    assert len(lines) == len(report.findings)


def test_levels(samples) -> None:  # type: ignore[no-untyped-def]
    commands = {}
    for severity in Severity:
        finding = replace(samples.rule_error(), severity=severity)
        output = GithubFormatter().format(samples.make_report([finding]))
        commands[severity] = output.split(" ", 1)[0]
    assert commands == {
        Severity.CRITICAL: "::error",
        Severity.HIGH: "::error",
        Severity.MEDIUM: "::warning",
        Severity.LOW: "::notice",
        Severity.INFO: "::notice",
    }


def test_escaping() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"


def test_escaping_in_commands(samples) -> None:  # type: ignore[no-untyped-def]
    finding = replace(
        samples.rule_error(),
        message="50% of stages:\nProd, Beta",
        location=Location("dir,1/a:b%.yaml", Span(2, 3, 2, 9)),
    )
    output = GithubFormatter().format(samples.make_report([finding]))
    assert output == (
        "::error file=dir%2C1/a%3Ab%25.yaml,line=2,col=3,endLine=2,endColumn=8,"
        "title=PL003 rule-error::50%25 of stages:%0AProd, Beta\n"
    )


def test_multi_line_span_has_no_columns(samples) -> None:  # type: ignore[no-untyped-def]
    finding = replace(samples.rule_error(), location=Location("a.yaml", Span(2, 3, 5, 1)))
    output = GithubFormatter().format(samples.make_report([finding]))
    assert output.startswith("::error file=a.yaml,line=2,endLine=5,title=PL003 rule-error::")
