"""Pieces several formats share: severity order, counts, the summary line, safe display."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from pipelint.engine.findings import Finding, Severity
from pipelint.engine.report import Report
from pipelint.model.location import Location

#: Severities from the most to the least serious, the order every format lists them in.
SEVERITIES_DESCENDING: tuple[Severity, ...] = tuple(reversed(Severity))

#: Invisible characters that reorder text (Trojan Source): never shown as they are.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

#: ANSI styles (SGR parameters) of the coloured formats.
BOLD = "1"
GUTTER = "1;34"
SEVERITY_STYLES: dict[Severity, str] = {
    Severity.CRITICAL: "1;31",
    Severity.HIGH: "31",
    Severity.MEDIUM: "33",
    Severity.LOW: "36",
    Severity.INFO: "34",
}


class Paint:
    """Wraps text in an ANSI style when colour is on; returns it unchanged otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if self.enabled and text else text


def plural(count: int, noun: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings of each severity, every severity present, most serious first."""
    counts = Counter(finding.severity for finding in findings)
    return {severity: counts[severity] for severity in SEVERITIES_DESCENDING}


def summary_line(report: Report) -> str:
    """``Found 3 findings (1 high, 2 medium) in 2 files; 12 files checked.``"""
    checked = plural(report.files_checked, "file")
    notes = _left_out(report)
    left_out = f" ({', '.join(notes)})" if notes else ""
    if not report.findings:
        return f"All checks passed: {checked} checked{left_out}."
    counts = severity_counts(report.findings)
    by_severity = ", ".join(f"{n} {severity}" for severity, n in counts.items() if n)
    files = len({finding.location.path for finding in report.findings})
    found = plural(len(report.findings), "finding")
    return f"Found {found} ({by_severity}) in {plural(files, 'file')}; {checked} checked{left_out}."


def _left_out(report: Report) -> list[str]:
    notes = []
    if report.suppressed:
        notes.append(f"{len(report.suppressed)} suppressed")
    if report.baselined:
        notes.append(f"{report.baselined} in the baseline")
    return notes


def printable(text: str) -> str:
    """``text`` on one line, with control and bidi characters escaped (``\\n``, ``\\x1b``)."""
    if text.isprintable():
        return text
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
        return char.encode("unicode_escape").decode("ascii")
    return char


#: What a masked character of source is shown as.
MASK = "*"


def masked_source(lines: list[str], path: str, masked: Iterable[Location]) -> list[str]:
    """The lines of the source at ``path`` with the text at every ``masked`` place of that
    file replaced by :data:`MASK` (a finding's secret); ``lines`` itself is left alone."""
    shown = list(lines)
    for location in masked:
        if location.path != path:
            continue
        span = location.span
        for number in range(max(span.start_line, 1), min(span.end_line, len(shown)) + 1):
            text = shown[number - 1]
            start = span.start_column - 1 if number == span.start_line else 0
            end = span.end_column - 1 if number == span.end_line else len(text)
            start, end = max(start, 0), min(end, len(text))
            if start < end:
                shown[number - 1] = text[:start] + MASK * (end - start) + text[end:]
    return shown
