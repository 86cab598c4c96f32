"""Reports built by hand from real rule classes, shared by the format tests."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipelint.engine.engine_rules import ParseError, RuleError
from pipelint.engine.findings import Confidence, Finding, Related, Severity
from pipelint.engine.report import Report
from pipelint.engine.rule import Rule
from pipelint.model.location import Location, Span
from pipelint.rules.prod_without_approval import ProdWithoutApproval

ROOT = "/project"
VERSION = "1.2.3"

BROKEN_JSON = """\
{"pipeline": {
  "name": "release",
  "stages": [}
}}
"""

PIPELINE_YAML = """\
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Stages:
        - Name: Source
          Actions: []

        - Name: Prod
          Actions:
            - Name: Deploy
              Description: "Déploiement → prod"
"""

STAGES = ("Resources", "Pipeline", "Properties", "Stages")


def parse_error() -> Finding:
    return Finding(
        code=ParseError.code,
        name=ParseError.name,
        severity=ParseError.severity,
        message="expected a value (array at line 3, column 13)",
        location=Location("broken.json", Span(3, 14, 3, 15)),
    )


def prod_without_approval(line_offset: int = 0) -> Finding:
    return Finding(
        code=ProdWithoutApproval.code,
        name=ProdWithoutApproval.name,
        severity=Severity.HIGH,
        message='Stage "Prod" deploys to production with no manual approval before action "Deploy"',
        location=Location(
            "pipeline.yaml", Span(9 + line_offset, 17, 9 + line_offset, 21), (*STAGES, 1, "Name")
        ),
        related=(
            Related(
                Location(
                    "pipeline.yaml",
                    Span(11 + line_offset, 21, 11 + line_offset, 27),
                    (*STAGES, 1, "Actions", 0, "Name"),
                ),
                'ungated production deploy "Deploy": stage name "Prod" says production',
            ),
        ),
        plugin="builtin",
    )


def unicode_finding() -> Finding:
    """A milder finding whose span ("prod") follows non-ASCII characters on its line."""
    return Finding(
        code=ProdWithoutApproval.code,
        name=ProdWithoutApproval.name,
        severity=Severity.LOW,
        message='"prod" in a description is only a hint of production',
        location=Location(
            "pipeline.yaml",
            Span(12, 43, 12, 47),
            (*STAGES, 1, "Actions", 0, "Description"),
        ),
        confidence=Confidence.LOW,
    )


def rule_error() -> Finding:
    """A finding in a file whose text is not available (read from standard input)."""
    return Finding(
        code=RuleError.code,
        name=RuleError.name,
        severity=RuleError.severity,
        message="Rule PL999 (plugin 'acme') failed on this document: KeyError: 'Stages'",
        location=Location("ci/pipeline.json", Span(1, 1, 1, 2)),
    )


RULES: dict[str, type[Rule]] = {
    ParseError.code: ParseError,
    ProdWithoutApproval.code: ProdWithoutApproval,
}


def make_report(findings: list[Finding], **changes: object) -> Report:
    # A run's rules include the engine's PL003 whenever it reported one.
    engine = {RuleError.code: RuleError} if any(f.code == RuleError.code for f in findings) else {}
    report = Report(
        findings=sorted(findings, key=lambda finding: finding.sort_key),
        rules={**RULES, **engine},
        sources={"broken.json": BROKEN_JSON, "pipeline.yaml": PIPELINE_YAML},
        root=ROOT,
        files_checked=12,
        tool_version=VERSION,
    )
    return replace(report, **changes)  # type: ignore[arg-type]


@pytest.fixture
def report() -> Report:
    """Four findings in three files: a parse error, PL101 with a related place, a low
    PL101 after non-ASCII text, and an engine finding whose source is missing."""
    return make_report([parse_error(), prod_without_approval(), unicode_finding(), rule_error()])


@pytest.fixture
def empty_report() -> Report:
    return make_report([])


class Samples:
    """The sample findings and the report builder, for tests that need variants."""

    parse_error = staticmethod(parse_error)
    prod_without_approval = staticmethod(prod_without_approval)
    unicode_finding = staticmethod(unicode_finding)
    rule_error = staticmethod(rule_error)
    make_report = staticmethod(make_report)


@pytest.fixture
def samples() -> type[Samples]:
    return Samples
