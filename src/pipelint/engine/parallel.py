"""Spreading the work of a run over processes (``--jobs``).

A run reads, parses and models every file, builds one project index over all of them
(cross-file lookups need every document), then runs the rules per document. The rules
are what is spread: worker processes are forked once the index exists, so each inherits
the models, the index and the rules as they are (nothing is pickled on the way in), runs
the rules on its share of the documents and sends back only the findings; the main
process checks a share too. Reading stays in the main process: sending parsed models
back from workers costs more than building them.

Results come back in input order, so a run with any number of jobs gives the same
report as ``--jobs 1``. Workers are forked: where ``fork`` is not available (Windows)
everything runs in the main process. Each worker runs rules in its main thread, so the
per-rule time limit (``SIGALRM``) holds there as it does in a serial run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many files a pool costs more than it saves.
MIN_FILES = 48


class WorkerError(RuntimeError):
    """A worker process ended without its results."""


def default_jobs() -> int:
    """The processes a run uses by default: every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """``[function(item) for item in items]``, shared by ``jobs`` processes.

    This process forks ``jobs - 1`` workers and takes a share itself; item ``i`` goes to
    process ``i % jobs``, which evens out runs of large and small documents. ``function``
    and ``items`` reach the workers by inheritance, and only the results come back
    (pickled, through a pipe), so ``function`` may close over large state built here.
    """
    jobs = min(jobs, len(items))
    if jobs <= 1 or not can_fork():
        return [function(item) for item in items]
    fast_pickling()
    # What exists now is only read by the workers: kept out of the collector's way, its
    # pages stay shared with them instead of being copied as the collector touches them.
    gc.freeze()
    workers: list[tuple[int, int]] = []
    try:
        for share in range(1, jobs):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read)
                _work(function, items, share, jobs, write)
            os.close(write)
            workers.append((pid, read))
        results: list[Any] = [None] * len(items)
        results[0::jobs] = [function(item) for item in items[0::jobs]]
        for share, (pid, read) in enumerate(workers, start=1):
            with os.fdopen(read, "rb") as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 or not data:
                raise WorkerError(f"a worker process failed (exit status {status})")
            results[share::jobs] = pickle.loads(data)
        workers.clear()
        return results
    finally:
        gc.unfreeze()
        for pid, read in workers:  # after an error here: leave no worker behind
            with contextlib.suppress(OSError):
                os.close(read)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _work(
    function: Callable[[T], R], items: Sequence[T], share: int, jobs: int, write: int
) -> NoReturn:
    code = 1
    try:
        data = pickle.dumps([function(item) for item in items[share::jobs]], protocol=5)
        with os.fdopen(write, "wb") as stream:
            stream.write(data)
        code = 0
    finally:
        os._exit(code)  # no cleanup of the parent's state: it is the parent's


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
