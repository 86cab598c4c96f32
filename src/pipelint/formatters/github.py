"""GitHub Actions workflow commands: an ``::error``/``::warning``/``::notice`` per finding."""

from __future__ import annotations

from pipelint.engine.findings import Finding, Severity
from pipelint.engine.report import Report

#: The workflow command for each severity.
COMMANDS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


class GithubFormatter:
    """One workflow command per finding, shown by GitHub as an annotation on the file."""

    name = "github"
    shows_source = False
    description = "GitHub Actions annotations (::error file=...::message)"

    def format(self, report: Report) -> str:
        return "".join(command(finding) + "\n" for finding in report.findings)


def command(finding: Finding) -> str:
    """The workflow command line for ``finding``, without the newline.

    Columns are sent only for a single-line span (GitHub ignores them otherwise), and
    ``endColumn`` is the last column of the span (inclusive).
    """
    span = finding.location.span
    properties = [("file", finding.location.path), ("line", str(span.start_line))]
    if span.end_line == span.start_line:
        end_column = max(span.start_column, span.end_column - 1)
        properties += [
            ("col", str(span.start_column)),
            ("endLine", str(span.end_line)),
            ("endColumn", str(end_column)),
        ]
    else:
        properties.append(("endLine", str(span.end_line)))
    properties.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value: as a message, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
