"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, built with ``sarif-om``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from pipelint.engine.findings import Confidence, Finding, Severity, identity
from pipelint.engine.report import Report
from pipelint.engine.rule import Rule
from pipelint.model.location import Location

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/pipelint/pipelint"
SRCROOT = "%SRCROOT%"
#: The key of the line-independent fingerprint in ``partialFingerprints``.
FINGERPRINT_KEY = "pipelint/v1"

LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
#: GitHub's ``security-severity`` scores: over 9.0 critical, 7.0 high, 4.0 medium, else low.
SECURITY_SEVERITY: dict[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}

#: Properties written even when empty or equal to their SARIF default.
_ALWAYS_WRITTEN = frozenset({"results", "level"})
#: Properties written first, in this order, for a log that reads well; the rest follow.
_FIRST = (
    "$schema",
    "tool",
    "id",
    "ruleId",
    "ruleIndex",
    "name",
    "version",
    "level",
    "message",
    "shortDescription",
    "fullDescription",
    "help",
    "helpUri",
    "uri",
    "startLine",
    "startColumn",
    "endLine",
    "endColumn",
)
_RANK = {name: rank for rank, name in enumerate(_FIRST)}
#: GitHub shows at most this many characters of a rule's descriptions.
_MAX_DESCRIPTION = 1000


class SarifFormatter:
    """One SARIF run: every enabled rule, every finding as a result."""

    name = "sarif"
    shows_source = False
    description = "SARIF 2.1.0, for GitHub code scanning (upload-sarif)"

    def format(self, report: Report) -> str:
        import sarif_om as om

        rules = _rules(report)
        index = {code: position for position, code in enumerate(rules)}
        shown: list[tuple[Finding, Any]] = [(finding, None) for finding in report.findings]
        if report.options.get("sarif-suppressed"):
            shown += [
                (item.finding, _suppression(om, item.kind.in_source, item.reason))
                for item in report.suppressed
                if item.finding.code in index
            ]
        findings = [finding for finding, _ in shown]
        driver = om.ToolComponent(
            name="pipelint",
            version=report.tool_version or None,
            information_uri=INFORMATION_URI,
            rules=[_descriptor(om, rule) for rule in rules.values()],
        )
        run = om.Run(
            tool=om.Tool(driver=driver),
            results=[
                _result(om, finding, index[finding.code], fingerprint, suppression)
                for (finding, suppression), fingerprint in zip(
                    shown, fingerprints(findings), strict=True
                )
            ],
            column_kind="unicodeCodePoints",
            original_uri_base_ids=_base_ids(om, report.root),
            automation_details=_automation(om, report.options.get("sarif-category")),
        )
        log = om.SarifLog(schema_uri=SCHEMA_URI, version=SARIF_VERSION, runs=[run])
        return json.dumps(to_json(log), indent=2) + "\n"


def _rules(report: Report) -> dict[str, type[Rule] | Finding]:
    """Every rule of the run by code, in code order; a finding stands in for an unknown code."""
    rules: dict[str, type[Rule] | Finding] = dict(report.rules)
    for finding in report.findings:
        if finding.code not in rules:
            rules[finding.code] = report.rules.get(finding.code) or finding
    return dict(sorted(rules.items()))


def _descriptor(om: Any, rule: type[Rule] | Finding) -> Any:
    if isinstance(rule, Finding):  # a code the run does not know: what the finding says
        return om.ReportingDescriptor(
            id=rule.code,
            name=rule.name or None,
            short_description=om.MultiformatMessageString(text=rule.name or rule.code),
            default_configuration=om.ReportingConfiguration(level=LEVELS[rule.severity]),
            properties=_rule_properties((), rule.severity, rule.confidence),
        )
    documentation = rule.documentation() or rule.summary()
    return om.ReportingDescriptor(
        id=rule.code,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=_clip(rule.summary())),
        full_description=om.MultiformatMessageString(text=_clip(_description(rule))),
        help=om.MultiformatMessageString(text=documentation, markdown=documentation),
        help_uri=rule.docs_url(),
        default_configuration=om.ReportingConfiguration(level=LEVELS[rule.severity]),
        properties=_rule_properties(rule.tags, rule.severity, rule.confidence),
    )


def _rule_properties(
    tags: tuple[str, ...], severity: Severity, confidence: Confidence
) -> dict[str, Any]:
    labels = list(dict.fromkeys(tags))
    if "engine" not in labels and "security" not in labels:
        labels.append("security")  # GitHub shows security-severity only for these
    return {
        "tags": labels,
        "precision": str(confidence),
        "security-severity": SECURITY_SEVERITY[severity],
    }


def _description(rule: type[Rule]) -> str:
    """The first paragraph of the documentation (its *What it does*), else the summary."""
    for paragraph in rule.documentation().split("\n\n"):
        lines = [line for line in paragraph.splitlines() if not line.startswith("#")]
        text = " ".join(" ".join(lines).split())
        if text and not text.startswith("```"):
            return text
    return rule.summary()


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_DESCRIPTION else text[: _MAX_DESCRIPTION - 1] + "…"


def _suppression(om: Any, in_source: bool, reason: str) -> Any:
    return om.Suppression(
        kind="inSource" if in_source else "external", justification=reason or None
    )


def _result(
    om: Any, finding: Finding, rule_index: int, fingerprint: str, suppression: Any = None
) -> Any:
    related = [
        om.Location(
            id=number,
            physical_location=_physical(om, item.location),
            message=om.Message(text=item.message),
        )
        for number, item in enumerate(finding.related, start=1)
    ]
    properties = {"severity": str(finding.severity), "confidence": str(finding.confidence)}
    if finding.location.pointer:
        properties["pointer"] = finding.location.json_pointer
    return om.Result(
        rule_id=finding.code,
        rule_index=rule_index,
        level=LEVELS[finding.severity],
        message=om.Message(text=finding.message),
        locations=[om.Location(physical_location=_physical(om, finding.location))],
        related_locations=related,
        partial_fingerprints={FINGERPRINT_KEY: fingerprint},
        properties=properties,
        suppressions=[suppression] if suppression is not None else None,
    )


def _physical(om: Any, location: Location) -> Any:
    span = location.span
    start_line, start_column = max(span.start_line, 1), max(span.start_column, 1)
    end_line = max(span.end_line, start_line)
    end_column = max(span.end_column, 1 if end_line > start_line else start_column)
    return om.PhysicalLocation(
        artifact_location=artifact_location(om, location.path),
        region=om.Region(
            start_line=start_line,
            start_column=start_column,
            end_line=end_line,
            end_column=end_column,
        ),
    )


def artifact_location(om: Any, path: str) -> Any:
    """A run-relative path as a URI reference under ``%SRCROOT%``; an absolute one as is."""
    for flavour in (PurePosixPath, PureWindowsPath):
        if flavour(path).is_absolute():
            return om.ArtifactLocation(uri=flavour(path).as_uri())
    return om.ArtifactLocation(uri=quote(path.replace("\\", "/"), safe="/"), uri_base_id=SRCROOT)


def _base_ids(om: Any, root: str) -> dict[str, Any] | None:
    directory = Path(root)
    if not directory.is_absolute():
        return None
    uri = directory.as_uri()
    return {SRCROOT: om.ArtifactLocation(uri=uri if uri.endswith("/") else uri + "/")}


def _automation(om: Any, category: str | None) -> Any:
    if not category:
        return None
    return om.RunAutomationDetails(id=category if category.endswith("/") else category + "/")


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A line-independent fingerprint per finding, for GitHub to track alerts across edits.

    The SHA-256 of the code, path, logical path (JSON pointer) and the message with any
    ``line N``/``column N`` numbers blanked. Identical findings get an occurrence number.
    """
    import hashlib  # only for SARIF: every run loads the formatters

    seen: Counter[str] = Counter()
    result: list[str] = []
    for finding in findings:
        key = "\0".join(identity(finding))
        seen[key] += 1
        if seen[key] > 1:
            key += f"\0{seen[key]}"
        result.append(hashlib.sha256(key.encode("utf-8")).hexdigest())
    return result


def to_json(value: Any) -> Any:
    """A ``sarif-om`` object as JSON data: SARIF property names, defaults and empties left out."""
    import attr

    if attr.has(type(value)):
        document: dict[str, Any] = {}
        for field in attr.fields(type(value)):
            name = field.metadata.get("schema_property_name", field.name)
            item = getattr(value, field.name)
            if item is None or (name not in _ALWAYS_WRITTEN and _is_default(field, item)):
                continue
            converted = to_json(item)
            if converted in ([], {}) and name not in _ALWAYS_WRITTEN:
                continue
            document[name] = converted
        return dict(sorted(document.items(), key=lambda item: _RANK.get(item[0], len(_RANK))))
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def _is_default(field: Any, value: Any) -> bool:
    import attr

    default = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return default is not attr.NOTHING and bool(value == default)
