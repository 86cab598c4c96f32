"""The text format: header, code frame with carets, notes, and the summary line."""

from __future__ import annotations

from dataclasses import replace

import pytest
from syrupy.assertion import SnapshotAssertion

from pipelint.engine.findings import Finding, Severity
from pipelint.engine.report import Report
from pipelint.formatters.concise import ConciseFormatter
from pipelint.formatters.text import TextFormatter
from pipelint.model.location import Location, Span


def render(report: Report) -> str:
    return TextFormatter().format(report)


def frame_lines(output: str, numbered: int) -> tuple[str, str]:
    """The source line numbered ``numbered`` in the frame, and the caret line below it."""
    lines = output.splitlines()
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{numbered} |"))
    return lines[index], lines[index + 1]


def caret_columns(source_line: str, caret_line: str) -> tuple[str, int, int]:
    """What the carets stand under (as shown), and their first column and count."""
    start = caret_line.index("^")
    count = caret_line.count("^")
    return source_line[start : start + count], start, count


def single(samples, source: str, span: Span, path: str = "a.yaml") -> str:  # type: ignore[no-untyped-def]
    finding = replace(samples.parse_error(), location=Location(path, span))
    report = samples.make_report([finding], sources={path: source})
    return render(report)


def test_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert render(report) == snapshot


def test_snapshot_in_colour(report: Report, snapshot: SnapshotAssertion) -> None:
    output = render(replace(report, color=True))
    assert output.replace("\x1b", "\\x1b") == snapshot
    # Without the escape sequences, it is the plain output.
    assert _strip_ansi(output) == render(report)


def test_snapshot_empty(empty_report: Report, snapshot: SnapshotAssertion) -> None:
    assert render(empty_report) == snapshot


def test_no_ansi_without_colour(report: Report) -> None:
    assert "\x1b" not in render(report)
    assert "\x1b" not in ConciseFormatter().format(report)


def test_deterministic_and_no_trailing_spaces(report: Report) -> None:
    output = render(report)
    assert output == render(report)
    assert output.endswith(".\n")
    assert all(line == line.rstrip() for line in output.splitlines())


def test_header_arrow_and_notes(report: Report) -> None:
    output = render(report)
    assert 'PL101 [high] Stage "Prod" deploys to production' in output
    assert "  --> pipeline.yaml:9:17\n" in output
    assert (
        '   = related: pipeline.yaml:11:21: ungated production deploy "Deploy": '
        'stage name "Prod" says production\n'
    ) in output
    assert "   = help: A production deploy that no manual approval gates.\n" in output
    assert (
        "   = docs: https://github.com/pipelint/pipelint/blob/main/docs/rules/PL101.md\n" in output
    )


def test_caret_under_the_exact_span(report: Report) -> None:
    source, carets = frame_lines(render(report), 9)
    assert caret_columns(source, carets) == ("Prod", source.index("Prod"), 4)


def test_caret_counts_code_points_after_non_ascii(report: Report) -> None:
    # Column 43 of 'Description: "Déploiement → prod"' is the "p" of "prod": é and → are
    # one code point (and one column on screen) each.
    source, carets = frame_lines(render(report), 12)
    assert source.endswith('Description: "Déploiement → prod"')
    assert caret_columns(source, carets)[0] == "prod"


def test_caret_after_wide_characters(samples) -> None:  # type: ignore[no-untyped-def]
    # 日本 take two columns each on a terminal, so the carets move right by four.
    output = single(samples, "Name: 日本-prod\n", Span(1, 10, 1, 14))
    source, carets = frame_lines(output, 1)
    assert source == "1 | Name: 日本-prod"
    assert carets == "  |            ^^^^"


def test_tabs_are_expanded(samples) -> None:  # type: ignore[no-untyped-def]
    output = single(samples, "\tName:\tprod\n", Span(1, 8, 1, 12))
    source, carets = frame_lines(output, 1)
    assert "\t" not in output
    assert caret_columns(source, carets) == ("prod", source.index("prod"), 4)


def test_multi_line_span_is_clamped_to_its_first_line(samples) -> None:  # type: ignore[no-untyped-def]
    output = single(samples, "Stages:\n  - Name: Prod\n    Actions: []\n", Span(2, 5, 3, 16))
    source, carets = frame_lines(output, 2)
    assert caret_columns(source, carets) == ("Name: Prod", source.index("Name"), 10)
    assert "^" not in frame_lines(output, 3)[1]


def test_empty_span_and_span_past_the_end_get_a_caret(samples) -> None:  # type: ignore[no-untyped-def]
    source, carets = frame_lines(single(samples, "key: [\n", Span(1, 6, 1, 6)), 1)
    assert caret_columns(source, carets) == ("[", source.index("["), 1)
    # An "unexpected end" at the column just after the line's last character.
    source, carets = frame_lines(single(samples, "key: [\n", Span(1, 7, 1, 8)), 1)
    assert carets.index("^") == len(source)


def test_control_characters_are_shown_safely(samples) -> None:  # type: ignore[no-untyped-def]
    output = single(samples, "Name: \x1b[31mprod\u202e\n", Span(1, 12, 1, 16))
    assert "\x1b" not in output
    assert "\u202e" not in output
    source, carets = frame_lines(output, 1)
    assert caret_columns(source, carets)[0] == "prod"


def test_control_characters_in_messages_are_escaped(samples) -> None:  # type: ignore[no-untyped-def]
    finding = replace(samples.rule_error(), message="bad\nname \x1b[2J")
    output = render(samples.make_report([finding]))
    assert "PL003 [high] bad\\nname \\x1b[2J\n" in output


def test_long_lines_are_cut_around_the_span(samples) -> None:  # type: ignore[no-untyped-def]
    builds = '{"name": "Build"}, ' * 20
    line = '{"pipeline": {"stages": [' + builds + '{"name": "Prod"}, ' + builds + "]}}"
    column = line.index("Prod") + 1
    output = single(samples, line + "\n", Span(1, column, 1, column + 4))
    source, carets = frame_lines(output, 1)
    assert len(source) < 140
    assert source.startswith("1 | …") and source.endswith("…")
    assert caret_columns(source, carets)[0] == "Prod"


def test_context_lines(samples) -> None:  # type: ignore[no-untyped-def]
    text = "".join(f"line{number}\n" for number in range(1, 21))
    output = single(samples, text, Span(10, 1, 10, 5))
    numbers = [line.split("|")[0].strip() for line in output.splitlines() if "|" in line]
    assert [n for n in numbers if n] == ["8", "9", "10", "11", "12"]
    assert " 9 | line9" in output  # the gutter is as wide as the largest number shown


def test_missing_source_skips_the_frame(report: Report) -> None:
    output = render(report)
    block = output.split("PL003 [high]")[1].split("\n\n")[0]
    assert " --> ci/pipeline.json:1:1\n" in block
    assert "|" not in block
    assert "  = help: A rule or plugin failed on this document" in block


def test_line_outside_the_source_skips_the_frame(samples) -> None:  # type: ignore[no-untyped-def]
    output = single(samples, "a: 1\n", Span(7, 1, 7, 2))
    assert " --> a.yaml:7:1\n" in output
    assert "|" not in output


@pytest.mark.parametrize(
    ("severities", "paths", "checked", "expected"),
    [
        ((), (), 12, "All checks passed: 12 files checked."),
        ((), (), 1, "All checks passed: 1 file checked."),
        ((), (), 0, "All checks passed: 0 files checked."),
        (("high",), ("a",), 1, "Found 1 finding (1 high) in 1 file; 1 file checked."),
        (
            ("medium", "high", "medium"),
            ("a", "b", "a"),
            12,
            "Found 3 findings (1 high, 2 medium) in 2 files; 12 files checked.",
        ),
        (
            ("info", "critical", "low"),
            ("a", "a", "a"),
            3,
            "Found 3 findings (1 critical, 1 low, 1 info) in 1 file; 3 files checked.",
        ),
    ],
)
def test_summary_line(samples, severities, paths, checked, expected) -> None:  # type: ignore[no-untyped-def]
    findings = [
        _at(samples.rule_error(), path, Severity(severity))
        for severity, path in zip(severities, paths, strict=True)
    ]
    report = samples.make_report(findings, files_checked=checked)
    assert render(report).splitlines()[-1] == expected
    assert ConciseFormatter().format(report).splitlines()[-1] == expected


def _at(finding: Finding, path: str, severity: Severity) -> Finding:
    return replace(finding, severity=severity, location=replace(finding.location, path=path))


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
