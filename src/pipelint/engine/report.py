"""The result of a run, as every formatter receives it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, overload

from pipelint.engine.findings import Finding
from pipelint.engine.rule import Rule

if TYPE_CHECKING:
    from pipelint.engine.suppressions import SuppressedFinding
    from pipelint.model.pipeline import Pipeline

T = TypeVar("T")


@dataclass(frozen=True)
class Report:
    """Everything a formatter may show.

    ``findings`` are sorted (path, line, column, code). ``rules`` maps each code that was
    enabled in the run to its rule class (SARIF lists them all, with or without results).
    ``sources`` holds the decoded text of every file that has a finding, for code frames
    (none when no format of the run shows it: see :class:`~pipelint.formatters.base.Formatter`).
    ``root`` is the absolute directory that finding paths are relative to.
    ``suppressed`` are the findings a suppression left out (counted in summaries, and in
    SARIF with the ``sarif-suppressed`` option); ``baselined`` counts those the baseline
    left out. ``pipelines`` are the pipelines of the run, for formats that draw them
    (found when first read: see :class:`OnDemand`).
    """

    findings: Sequence[Finding]
    rules: Mapping[str, type[Rule]]
    sources: Mapping[str, str]
    root: str
    files_checked: int = 0
    tool_version: str = ""
    color: bool = False
    options: Mapping[str, str] = field(default_factory=dict)
    suppressed: Sequence[SuppressedFinding] = ()
    baselined: int = 0
    pipelines: Sequence[Pipeline] = ()


class OnDemand(Sequence[T]):
    """A sequence made by ``make`` when first read.

    The pipelines that another process of a run modelled are modelled again to be read
    here: formats that do not draw them never pay for it.
    """

    def __init__(self, make: Callable[[], Sequence[T]]) -> None:
        self._make: Callable[[], Sequence[T]] | None = make
        self._items: Sequence[T] = ()

    def _made(self) -> Sequence[T]:
        if self._make is not None:
            self._items, self._make = self._make(), None
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._made()[index]

    def __len__(self) -> int:
        return len(self._made())
