"""One line per finding, for editors and pre-commit: ``path:line:col: CODE [severity] message``."""

from __future__ import annotations

from pipelint.engine.report import Report
from pipelint.formatters._common import BOLD, SEVERITY_STYLES, Paint, printable, summary_line


class ConciseFormatter:
    """``path:line:col: CODE [severity] message`` for every finding, then a summary line."""

    name = "concise"
    shows_source = False
    description = "one line per finding (path:line:col: CODE [severity] message)"

    def format(self, report: Report) -> str:
        paint = Paint(report.color)
        lines = [
            f"{printable(str(finding.location))}: {paint(finding.code, BOLD)} "
            f"{paint(f'[{finding.severity}]', SEVERITY_STYLES[finding.severity])} "
            f"{printable(finding.message)}"
            for finding in report.findings
        ]
        lines.append(summary_line(report))
        return "\n".join(lines) + "\n"
