"""The default format: each finding with a code frame, rustc/ruff style, then a summary."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from pipelint.engine.findings import Finding
from pipelint.engine.report import Report
from pipelint.formatters._common import (
    BIDI_CONTROLS,
    BOLD,
    GUTTER,
    SEVERITY_STYLES,
    Paint,
    masked_source,
    printable,
    summary_line,
)

#: Lines of source shown before and after the finding's line.
CONTEXT_LINES = 2
#: Columns a tab is shown as.
TAB_WIDTH = 4
#: The widest source line shown in full; longer ones are cut around the finding.
MAX_WIDTH = 120
#: How much of a long line is kept before the finding's column.
_LEAD = 30
_ELLIPSIS = "…"


class TextFormatter:
    """Each finding with its code frame, related places, help and docs link; then a summary."""

    name = "text"
    shows_source = True
    description = "readable output with a code frame for every finding (the default)"

    def format(self, report: Report) -> str:
        paint = Paint(report.color)
        # A secret one finding is about stays hidden in every frame of its file, whichever
        # finding the frame is for (suppressed findings know of secrets too).
        masked = [place for finding in _all_findings(report) for place in finding.masked]
        split: dict[str, list[str]] = {}  # each source's lines, split and masked once
        lines: list[str] = []
        for finding in report.findings:
            path = finding.location.path
            if path not in split and path in report.sources:
                split[path] = masked_source(report.sources[path].split("\n"), path, masked)
            lines.extend(_finding_lines(finding, report, split.get(path), paint))
            lines.append("")
        lines.append(paint(summary_line(report), BOLD))
        return "\n".join(lines) + "\n"


def _all_findings(report: Report) -> Iterator[Finding]:
    yield from report.findings
    for suppressed in report.suppressed:
        yield suppressed.finding


def _finding_lines(
    finding: Finding, report: Report, source: list[str] | None, paint: Paint
) -> list[str]:
    location = finding.location
    frame = _frame(finding, source, paint) if source is not None else None
    width = frame[0] if frame else len(str(location.line))
    pad = " " * width
    severity = paint(f"[{finding.severity}]", SEVERITY_STYLES[finding.severity])
    lines = [
        f"{paint(finding.code, BOLD)} {severity} {printable(finding.message)}",
        f"{pad}{paint('-->', GUTTER)} {printable(str(location))}",
    ]
    if frame:
        lines.extend(frame[1])
    note = f"{pad} {paint('=', GUTTER)} "
    for related in finding.related:
        where = printable(str(related.location))
        lines.append(f"{note}{paint('related', BOLD)}: {where}: {printable(related.message)}")
    rule = report.rules.get(finding.code)
    if rule is not None:
        lines.append(f"{note}{paint('help', BOLD)}: {printable(rule.summary())}")
        lines.append(f"{note}{paint('docs', BOLD)}: {rule.docs_url()}")
    return lines


def _frame(finding: Finding, lines: list[str], paint: Paint) -> tuple[int, list[str]] | None:
    """The gutter width and the code frame lines, or None when the line is not in ``lines``."""
    span = finding.location.span
    number = span.start_line
    if not 1 <= number <= len(lines):
        return None
    first = max(1, number - CONTEXT_LINES)
    last = min(len(lines), number + CONTEXT_LINES)
    while first < number and not lines[first - 1].strip():
        first += 1
    while last > number and not lines[last - 1].strip():
        last -= 1
    width = len(str(last))
    gutter = paint(" " * width + " |", GUTTER)

    text = lines[number - 1]
    pieces = [_shown(char) for char in text]
    start = min(max(span.start_column - 1, 0), len(text))
    end = span.end_column - 1 if span.end_line == span.start_line else len(text)
    end = max(end, start + 1)
    lead = _lead(pieces, start)
    kept, _ = _cut(pieces, lead)
    kept_end = lead + len(kept)
    before = (_ELLIPSIS if lead else "") + "".join(pieces[lead:start])
    carets = _width("".join(pieces[start : min(end, kept_end)]))
    if end > len(text) and kept_end == len(text):
        carets += end - max(start, len(text))  # the span reaches past the end of the line
    underline = paint("^" * max(carets, 1), SEVERITY_STYLES[finding.severity])

    frame = [gutter]
    for index in range(first, last + 1):
        label = paint(f"{index:>{width}} |", GUTTER)
        shown = _cut([_shown(char) for char in lines[index - 1]], lead)[1].rstrip()
        frame.append(f"{label} {shown}" if shown else label)
        if index == number:
            frame.append(f"{gutter} {' ' * _width(before)}{underline}")
    frame.append(gutter)
    return width, frame


def _shown(char: str) -> str:
    """How one code point of source is shown: tabs expanded, control characters visible."""
    if char == "\t":
        return " " * TAB_WIDTH
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"
    if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
        return "\ufffd"
    return char


def _width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters two, combining marks none."""
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _lead(pieces: list[str], start: int) -> int:
    """Where a line too long to show starts being shown: a little before ``start``."""
    if _width("".join(pieces)) <= MAX_WIDTH:
        return 0
    lead, used = min(start, len(pieces)), 0
    while lead > 0 and used + _width(pieces[lead - 1]) <= _LEAD:
        lead -= 1
        used += _width(pieces[lead])
    return lead


def _cut(pieces: list[str], lead: int) -> tuple[list[str], str]:
    """The pieces kept from ``lead`` within :data:`MAX_WIDTH`, and the line as shown."""
    kept: list[str] = []
    used = 0
    for piece in pieces[lead:]:
        used += _width(piece)
        if used > MAX_WIDTH:
            break
        kept.append(piece)
    prefix = _ELLIPSIS if lead else ""
    suffix = _ELLIPSIS if lead + len(kept) < len(pieces) else ""
    return kept, prefix + "".join(kept) + suffix
