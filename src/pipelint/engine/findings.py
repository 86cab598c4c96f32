"""Findings: what a run reports, and the severities they carry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from pipelint.model.location import Location


class Severity(str, Enum):
    """How much a finding matters; ordered from ``info`` to ``critical``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __str__(self) -> str:
        return self.value


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


class Confidence(str, Enum):
    """How sure a rule is that a finding is real (SARIF ``precision``)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that explains a finding (the action an approval should gate, ...)."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem, located in one file.

    ``masked`` are places whose text no format may show (a secret the finding is about):
    a format that prints source prints them as ``*``.
    """

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    confidence: Confidence = Confidence.HIGH
    plugin: str = field(default="", compare=False)
    masked: tuple[Location, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        span = self.location.span
        return (self.location.path, span.start_line, span.start_column, self.code, self.message)


_LINE_NUMBERS = re.compile(r"\b(lines?|columns?|col)(\s+)\d+", re.IGNORECASE)


def identity(finding: Finding) -> tuple[str, str, str, str]:
    """What makes a finding the same finding after edits elsewhere in its file.

    Its code, path, logical location (JSON pointer) and message with any ``line N`` or
    ``column N`` blanked: never a line number. SARIF fingerprints and baselines use it.
    """
    message = _LINE_NUMBERS.sub(r"\1\2N", finding.message)
    location = finding.location
    return (finding.code, location.path, location.json_pointer, message)
