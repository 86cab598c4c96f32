"""Machine-readable JSON: versioned, stable field names, 1-based positions."""

from __future__ import annotations

import json
from typing import Any

from pipelint.engine.findings import Finding
from pipelint.engine.report import Report
from pipelint.formatters._common import severity_counts
from pipelint.model.location import Location

#: Bumped only when a field changes meaning or goes away; new fields may appear any time.
JSON_VERSION = 1


class JsonFormatter:
    """The whole report as one JSON document (see ``docs/output-formats.md``)."""

    name = "json"
    shows_source = False
    description = "a versioned JSON document with every finding"

    def format(self, report: Report) -> str:
        document = {
            "version": JSON_VERSION,
            "tool": {"name": "pipelint", "version": report.tool_version},
            "summary": {
                "files_checked": report.files_checked,
                "findings": len(report.findings),
                "suppressed": len(report.suppressed),
                "baselined": report.baselined,
                "by_severity": {
                    str(severity): count
                    for severity, count in severity_counts(report.findings).items()
                },
            },
            "findings": [_finding(finding, report) for finding in report.findings],
        }
        return json.dumps(document, indent=2) + "\n"


def _finding(finding: Finding, report: Report) -> dict[str, Any]:
    rule = report.rules.get(finding.code)
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": str(finding.severity),
        "confidence": str(finding.confidence),
        "message": finding.message,
        **_place(finding.location),
        "pointer": finding.location.json_pointer,
        "related": [
            {"message": related.message, **_place(related.location)} for related in finding.related
        ],
        "docs_url": rule.docs_url() if rule is not None else None,
    }


def _place(location: Location) -> dict[str, Any]:
    span = location.span
    return {
        "path": location.path,
        "start": {"line": span.start_line, "column": span.start_column},
        "end": {"line": span.end_line, "column": span.end_column},
    }
