"""Suppressions: findings a file or the configuration says to leave out, and why.

Three places can say it:

* a YAML comment, ``# pipelint: ignore[PL101, other-rule] reason``, at the end of the
  finding's first line, or on a line of its own just above it (blank lines and other
  comment lines may come between);
* a CloudFormation template's ``Metadata`` (JSON or YAML), for the whole template or one
  resource: ``Metadata: {pipelint: {ignore: [{id: PL101, reason: ...}]}}``;
* the configuration's ``suppressions`` entries, for files that cannot carry a comment
  (CodePipeline JSON): a path glob, rules, and optionally a JSON pointer.

A suppression names rules by code, code prefix, name or tag. One that suppresses nothing,
for a rule the run had enabled, is reported as ``PL001``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pipelint.config import Config, selector_matches
from pipelint.engine.discovery import display_path, excluded
from pipelint.engine.findings import Finding
from pipelint.engine.rule import Rule
from pipelint.loaders.document import Document, DocumentKind
from pipelint.model.location import Location, Pointer, Span, key_span, value_span

#: ``# pipelint: ignore[CODES] reason``; a bare ``ignore`` names every rule.
_DIRECTIVE = re.compile(
    r"#\s*pipelint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<reason>[^\n]*)", re.IGNORECASE
)
_EVERY_RULE = "ALL"


class SuppressionKind(str, Enum):
    """Where a suppression is written."""

    COMMENT = "comment"
    METADATA = "metadata"
    CONFIG = "config"

    @property
    def in_source(self) -> bool:
        """Whether it is written in the checked file itself (SARIF ``inSource``)."""
        return self is not SuppressionKind.CONFIG

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Suppression:
    """One suppression of ``selectors`` in the file ``path``.

    It covers the findings that start on one of ``lines`` (a comment), or whose JSON
    pointer starts with ``pointer`` (metadata and configuration). ``origin`` is where it is
    written; a configuration entry that matches several files gives one suppression per
    file, all with the same origin.
    """

    path: str
    selectors: tuple[str, ...]
    reason: str
    kind: SuppressionKind
    origin: Location
    lines: tuple[int, ...] = ()
    pointer: tuple[str, ...] | None = None

    def covers(self, finding: Finding) -> bool:
        """Whether ``finding`` is in this suppression's reach (whatever its rule)."""
        location = finding.location
        if location.path != self.path:
            return False
        if self.pointer is None:
            return location.span.start_line in self.lines
        parts = tuple(str(part) for part in location.pointer)
        return parts[: len(self.pointer)] == self.pointer

    def selector_for(self, finding: Finding, rule: type[Rule] | None) -> str | None:
        """The first of ``selectors`` that names the finding's rule, if any."""
        for selector in self.selectors:
            if _names(selector, finding, rule):
                return selector
        return None


@dataclass(frozen=True)
class SuppressedFinding:
    """A finding left out of the report, with the suppression that did it."""

    finding: Finding
    kind: SuppressionKind
    reason: str


@dataclass(frozen=True)
class Unused:
    """Selectors of a suppression that suppressed nothing, for rules the run had enabled."""

    origin: Location
    selectors: tuple[str, ...]
    kind: SuppressionKind

    @property
    def message(self) -> str:
        names = ", ".join(self.selectors)
        where = {
            SuppressionKind.COMMENT: "comment",
            SuppressionKind.METADATA: "template metadata",
            SuppressionKind.CONFIG: "configuration entry",
        }[self.kind]
        return f"Suppression of {names} in this {where} matches no finding"


@dataclass(frozen=True)
class Outcome:
    findings: list[Finding]
    suppressed: list[SuppressedFinding]
    unused: list[Unused]


def apply_suppressions(
    findings: Sequence[Finding],
    suppressions: Sequence[Suppression],
    rules: Mapping[str, type[Rule]],
    also_checked: Callable[[str], bool] = lambda selector: False,
) -> Outcome:
    """Split ``findings`` into those reported and those suppressed, and find the unused.

    ``rules`` are the rules the run had enabled: only a selector that names one of them,
    or one ``also_checked`` accepts (cfn-lint's codes when it ran), can be unused; a
    suppression for a rule that did not run has nothing to prove.
    """
    by_path: dict[str, list[Suppression]] = {}
    for suppression in suppressions:
        by_path.setdefault(suppression.path, []).append(suppression)
    kept: list[Finding] = []
    suppressed: list[SuppressedFinding] = []
    used: set[tuple[Location, str]] = set()
    for finding in findings:
        rule = rules.get(finding.code)
        first: Suppression | None = None
        for suppression in by_path.get(finding.location.path, ()):
            if not suppression.covers(finding):
                continue
            selector = suppression.selector_for(finding, rule)
            if selector is not None:
                used.add((suppression.origin, selector))
                first = first or suppression
        if first is None:
            kept.append(finding)
        else:
            suppressed.append(SuppressedFinding(finding, first.kind, first.reason))
    unused: dict[Location, Unused] = {}
    for suppression in suppressions:
        idle = tuple(
            selector
            for selector in suppression.selectors
            if (suppression.origin, selector) not in used
            and (_enabled(selector, rules) or also_checked(selector))
        )
        if idle and suppression.origin not in unused:
            unused[suppression.origin] = Unused(suppression.origin, idle, suppression.kind)
    return Outcome(kept, suppressed, list(unused.values()))


def _names(selector: str, finding: Finding, rule: type[Rule] | None) -> bool:
    if rule is not None:
        return selector_matches(selector, rule)
    text = selector.strip()
    return text.upper() in (_EVERY_RULE, finding.code) or text.lower() == finding.name


def _enabled(selector: str, rules: Mapping[str, type[Rule]]) -> bool:
    return any(selector_matches(selector, rule) for rule in rules.values())


# -- collecting -------------------------------------------------------------------------------


def collect_suppressions(
    documents: Iterable[Document], config: Config, root: Path
) -> list[Suppression]:
    """Every suppression written in ``documents`` or in ``config`` for one of them."""
    base = config.path.parent if config.path is not None else root
    origin = display_path(config.path, root) if config.path is not None else ""
    found: list[Suppression] = []
    for document in documents:
        if document.format == "yaml":
            found += comment_suppressions(document)
        if document.kind is DocumentKind.CLOUDFORMATION:
            found += metadata_suppressions(document)
        if config.suppressions:
            relative = display_path(root / document.path, base)
            found += _config_suppressions(document.path, relative, config, origin)
    return found


def comment_suppressions(document: Document) -> list[Suppression]:
    """The ``# pipelint: ignore[...]`` comments of a YAML document."""
    text = document.text
    if "pipelint" not in text.lower():
        return []
    lines = text.split("\n")
    scalars: list[Span] | None = None
    found: list[Suppression] = []
    for number, line in enumerate(lines, start=1):
        for match in _DIRECTIVE.finditer(line):
            column = match.start() + 1
            if match.start() > 0 and not line[match.start() - 1].isspace():
                continue  # ``a#b`` is part of a plain scalar, not a comment
            if scalars is None:
                scalars = _scalar_spans(document)
            if any(_inside(span, number, column) for span in scalars):
                continue  # a ``#`` inside a quoted or block scalar
            own_line = not line[: match.start()].strip()
            target = _next_content_line(lines, number) if own_line else number
            found.append(
                Suppression(
                    path=document.path,
                    selectors=_selectors(match.group("codes")),
                    reason=_reason(match.group("reason")),
                    kind=SuppressionKind.COMMENT,
                    origin=Location(document.path, Span(number, column, number, len(line) + 1)),
                    lines=(target,),
                )
            )
            break  # the rest of the line is this comment
    return found


def _selectors(codes: str | None) -> tuple[str, ...]:
    if codes is None:
        return (_EVERY_RULE,)
    return tuple(part.strip() for part in codes.split(",") if part.strip()) or (_EVERY_RULE,)


def _reason(text: str) -> str:
    return text.strip().lstrip(":-\u2013\u2014").strip()


def _next_content_line(lines: Sequence[str], number: int) -> int:
    """The first line after ``number`` that is neither blank nor only a comment."""
    for following in range(number, len(lines)):
        stripped = lines[following].strip()
        if stripped and not stripped.startswith("#"):
            return following + 1
    return number


def _scalar_spans(document: Document) -> list[Span]:
    """The spans of every key and scalar value: a ``#`` inside one is not a comment."""
    spans: list[Span] = []
    for pointer, raw in document.spans.items():
        key = key_span(raw)
        if key is not None:
            spans.append(key)
        if not isinstance(document.get(pointer), dict | list):
            spans.append(value_span(raw))
    return spans


def _inside(span: Span, line: int, column: int) -> bool:
    start, end = (span.start_line, span.start_column), (span.end_line, span.end_column)
    return start <= (line, column) < end


def metadata_suppressions(document: Document) -> list[Suppression]:
    """``Metadata.pipelint.ignore`` of a template and of each of its resources."""
    data = document.data
    if not isinstance(data, dict):
        return []
    scopes: list[Pointer] = [()]
    resources = data.get("Resources")
    if isinstance(resources, dict):
        scopes += [("Resources", name) for name in resources]
    found: list[Suppression] = []
    for scope in scopes:
        at: Pointer = (*scope, "Metadata", "pipelint", "ignore")
        entries = document.get(at)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            selectors, reason = _metadata_entry(entry)
            if not selectors:
                continue
            found.append(
                Suppression(
                    path=document.path,
                    selectors=selectors,
                    reason=reason,
                    kind=SuppressionKind.METADATA,
                    origin=document.locate((*at, index)),
                    pointer=tuple(str(part) for part in scope),
                )
            )
    return found


def _metadata_entry(entry: Any) -> tuple[tuple[str, ...], str]:
    """``PL101``, ``{id: PL101, reason: ...}`` or ``{id: [PL101, PL102], ...}``."""
    if isinstance(entry, str):
        return _selectors(entry), ""
    if not isinstance(entry, dict):
        return (), ""
    ids = entry.get("id")
    reason = entry.get("reason")
    reason = reason if isinstance(reason, str) else ""
    if isinstance(ids, str):
        return _selectors(ids), reason
    if isinstance(ids, list):
        return tuple(item for item in ids if isinstance(item, str)), reason
    return (), reason


def _config_suppressions(
    path: str, relative: str, config: Config, origin: str
) -> Iterator[Suppression]:
    """The ``suppressions`` entries of ``config`` for the document shown as ``path``
    (``relative`` to the configuration's folder); ``origin`` is the configuration file."""
    for entry in config.suppressions:
        if excluded(relative, (entry.path,)):
            yield Suppression(
                path=path,
                selectors=entry.rules,
                reason=entry.reason,
                kind=SuppressionKind.CONFIG,
                origin=Location(origin, entry.span),
                pointer=entry.pointer,
            )
