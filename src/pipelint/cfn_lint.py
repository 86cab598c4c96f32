"""cfn-lint's checks in pipelint's report (``pipelint check --cfn-lint``).

Every CloudFormation template of the run is also linted by cfn-lint, through its Python
API, and each of its matches becomes a finding that keeps cfn-lint's rule ID (``E3006``,
``W2001``), position and severity (error is high, warning medium, informational info),
with the template path of the match as its JSON pointer. One pre-commit hook and one
SARIF upload then cover both tools. cfn-lint is imported only here, and only when asked:
its import alone takes longer than a pipelint run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pipelint.engine.findings import Finding, Severity
from pipelint.engine.rule import Rule, Violation
from pipelint.loaders.document import Document, DocumentKind
from pipelint.model.location import Location, Span

#: The ``name`` of every finding from cfn-lint, and its plugin.
NAME = "cfn-lint"
#: cfn-lint's severities.
SEVERITIES = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "informational": Severity.INFO}
#: The region templates are checked for, as cfn-lint's own default.
DEFAULT_REGIONS = ("us-east-1",)


_CODE = re.compile(r"[EWI][0-9]{4}")


def is_cfn_lint_code(selector: str) -> bool:
    """Whether ``selector`` is a cfn-lint rule ID (``E3002``, ``W2001``, ``I3042``)."""
    return bool(_CODE.fullmatch(selector.strip().upper()))


class CfnLintError(Exception):
    """cfn-lint is not installed or could not be set up."""


class CfnLintRule(Rule):
    """A cfn-lint rule, as pipelint's report describes it (SARIF, links, ``explain``).

    Never dispatched to model nodes: cfn-lint itself checks the templates.
    """

    name = NAME
    tags = (NAME,)
    source_url: str = "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"

    def check(self, node: Any, ctx: Any) -> Iterable[Violation]:
        return ()

    @classmethod
    def docs_url(cls) -> str:
        return cls.source_url


_RULES: dict[str, type[CfnLintRule]] = {}


def rule_class(code: str) -> type[CfnLintRule]:
    """The description of cfn-lint rule ``code``, once a match of it became a finding."""
    return _RULES[code]


def _describe_rule(rule: Any, severity: Severity) -> type[CfnLintRule]:
    code = str(rule.id)
    known = _RULES.get(code)
    if known is not None:
        return known
    summary = str(getattr(rule, "shortdesc", "") or code)
    description = str(getattr(rule, "description", "") or "")
    url = str(getattr(rule, "source_url", "") or CfnLintRule.source_url)
    doc = f"{summary}\n\n{description}\n\nA [cfn-lint]({CfnLintRule.source_url}) rule."
    attributes = {"__doc__": doc, "code": code, "severity": severity, "source_url": url}
    described = type(f"CfnLint{code}", (CfnLintRule,), attributes)
    _RULES[code] = described
    return described


def cfn_lint_findings(
    documents: Iterable[Document],
    *,
    ignore: Sequence[str] = (),
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> Iterator[Finding | tuple[Document, Exception]]:
    """cfn-lint's matches in the templates among ``documents``, as findings.

    ``ignore`` holds code prefixes (``W``, ``E3006``) to leave out. A template cfn-lint
    fails on gives ``(document, error)`` instead, and the other templates are still linted.
    """
    templates = [d for d in documents if d.kind is DocumentKind.CLOUDFORMATION]
    if not templates:
        return
    linter = _linter(tuple(regions))
    prefixes = tuple(code.upper() for code in ignore)
    for document in templates:
        try:
            matches = linter(document.text)
        except Exception as exc:  # cfn-lint's failure must not cost the other findings
            yield (document, exc)
            continue
        for match in matches:
            finding = to_finding(match, document)
            if not prefixes or not finding.code.startswith(prefixes):
                yield finding


@functools.cache
def _linter(regions: tuple[str, ...]) -> Any:
    """A function that lints a template's text; cfn-lint's rules are loaded once."""
    try:
        from cfnlint.config import ConfigMixIn
        from cfnlint.decode.decode import decode_str
        from cfnlint.runner import Runner
    except ImportError as exc:
        raise CfnLintError(f"--cfn-lint needs cfn-lint: {exc}") from exc
    runner = Runner(ConfigMixIn(regions=list(regions)))

    def lint(text: str) -> list[Any]:
        template, errors = decode_str(text)
        if errors:
            return list(errors)
        return list(runner.validate_template(template)) if template is not None else []

    return lint


def to_finding(match: Any, document: Document) -> Finding:
    """A cfn-lint ``Match`` as a finding in ``document``."""
    rule = match.rule
    severity = SEVERITIES.get(str(getattr(rule, "severity", "error")).lower(), Severity.HIGH)
    _describe_rule(rule, severity)
    start_line = max(int(match.linenumber or 1), 1)
    start_column = max(int(match.columnnumber or 1), 1)
    end_line = max(int(match.linenumberend or start_line), start_line)
    end_column = int(match.columnnumberend or start_column + 1)
    if end_line == start_line:
        end_column = max(end_column, start_column + 1)
    path = getattr(match, "path", None) or ()
    pointer = tuple(part for part in path if isinstance(part, str | int))
    return Finding(
        code=str(rule.id),
        name=NAME,
        severity=severity,
        message=str(match.message),
        location=Location(
            document.path, Span(start_line, start_column, end_line, end_column), pointer
        ),
        plugin=NAME,
    )
