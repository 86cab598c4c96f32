"""Spreading the work of a run over processes (``--jobs``).

A run reads, parses and models every file, builds one project index over all of them
(cross-file lookups need every document), then runs the rules per document. The rules
are what is spread: worker processes are forked once the index exists, so each inherits
the models, the index and the rules as they are (nothing is pickled on the way in), runs
the rules on a range of documents and sends back only the findings. Reading stays in the
main process: sending parsed models back from workers costs more than building them.

Results come back in input order, so a run with any number of jobs gives the same
report as ``--jobs 1``. Workers are forked: where ``fork`` is not available (Windows)
everything runs in the main process. Each worker runs rules in its main thread, so the
per-rule time limit (``SIGALRM``) holds there as it does in a serial run.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many files a pool costs more than it saves.
MIN_FILES = 48

# What the forked workers call, and on what: set in the parent just before forking,
# inherited by the workers. Only ranges of indexes into the items travel to them.
_TASK: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def default_jobs() -> int:
    """The processes a run uses by default: every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _call(bounds: tuple[int, int]) -> list[Any]:
    function, items = _TASK[0]
    return [function(item) for item in items[bounds[0] : bounds[1]]]


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``map(function, items)`` over ``jobs`` forked processes, in order.

    ``function`` and ``items`` reach the workers by inheritance (only the results are
    pickled), so ``function`` may be a closure over large state built in this process.
    """
    jobs = min(jobs, len(items))
    if jobs <= 1 or not can_fork():
        yield from map(function, items)
        return
    fast_pickling()
    # Contiguous chunks, a few per worker: documents next to each other are often alike
    # in size, and few chunks keep the round trips cheap.
    size = max(1, -(-len(items) // (jobs * 4)))
    chunks = [(start, start + size) for start in range(0, len(items), size)]
    _TASK[:] = [(function, items)]
    # What exists now is only read by the workers: kept out of the collector's way, its
    # pages stay shared with them instead of being copied as the collector touches them.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for results in pool.imap(_call, chunks):
                yield from results
    finally:
        gc.unfreeze()
        _TASK.clear()


_PATCHED: set[type] = set()


def fast_pickling() -> None:
    """Pickle pipelint's slotted dataclasses by a tuple of their fields.

    The ``__getstate__``/``__setstate__`` that :mod:`dataclasses` gives frozen slotted
    classes look the fields up on every call, which makes loading the models of a few
    hundred documents cost more than building them.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("pipelint") or module is None:
            continue
        for value in list(vars(module).values()):
            if (
                isinstance(value, type)
                and value not in _PATCHED
                and dataclasses.is_dataclass(value)
                and "__slots__" in vars(value)
            ):
                _patch(value)


def _patch(cls: type) -> None:
    names = tuple(field.name for field in dataclasses.fields(cls))
    setter = object.__setattr__

    def getstate(self: Any) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in names])

    def setstate(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            setter(self, name, value)

    cls.__getstate__ = getstate  # type: ignore[attr-defined]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    _PATCHED.add(cls)
