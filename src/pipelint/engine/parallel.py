"""Spreading the work of a run over processes (``--jobs``).

A run reads and parses every file, models it, builds one project index over all the
models (cross-file lookups need every document), then runs the rules per document. Both
ends are spread:

* Reading: forked workers read, parse and structure-check the files and send each parsed
  document back, while this process builds the model of each as it arrives (taking a
  file itself when none is waiting). A parsed document is plain data and integers, cheap
  to send; a model is not (it took longer to unpickle than to build), so modelling stays
  here, overlapped with the parsing of the files after it.
* Checking: once the index exists, workers are forked again; each inherits the models,
  the index and the rules as they are (nothing is pickled on the way in), runs the rules
  on the documents it takes and sends back only the findings.

:func:`read_ahead` does both, handing out the items one at a time (the rules, in runs of
documents); :func:`fork_map` puts the results back in input order, so a run with any
number of jobs gives the same report as ``--jobs 1``. Workers are forked: where ``fork``
is not available (Windows) everything runs in the main process. Each worker runs its work
in its main thread, so the per-rule time limit (``SIGALRM``) holds there as it does in a
serial run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import signal
import sys
from collections.abc import Callable, Generator, Sequence
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


_LENGTH = 8  # bytes of the length before each message a worker sends
_TICKET = 4  # bytes of each item number in the ticket pipe
_FAILED = -1  # the index of the last message of a worker that failed: what went wrong


def read_ahead(
    function: Callable[[T], R], items: Sequence[T], jobs: int, *, chunk: int = 1
) -> Generator[tuple[int, R], None, None]:
    """``(index, function(item))`` for every item, computed by ``jobs - 1`` forked workers
    and by this process, in the order they are done.

    The items are handed out as tickets (their numbers, in a pipe each process takes the
    next one from, as make's job server hands out jobs), so however long each takes, the
    work stays even. This process gives priority to the results the workers send, which
    the caller works on (building models) while the workers go on; it takes a ticket
    itself only when no result is waiting. A ticket stands for ``chunk`` consecutive items.
    ``function`` and ``items`` reach the workers by inheritance; the results come back
    pickled. Use it in a ``with contextlib.closing(...)`` block: closing it early ends the
    workers. A worker that fails stops it with a :class:`WorkerError` telling why.
    """
    jobs = min(jobs, len(items))
    if jobs <= 1 or not can_fork():
        for index, item in enumerate(items):
            yield index, function(item)
        return
    import select

    fast_pickling()
    tickets, refill, chunk = _ticket_pipe(len(items), chunk)
    workers: dict[int, _Inbox] = {}  # by the read end of each worker's pipe
    try:
        for _ in range(jobs - 1):
            read, write = os.pipe()
            _widen(write)
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read)
                os.close(refill)
                _serve(function, items, tickets, chunk, write)
            os.close(write)
            workers[read] = _Inbox(read, pid)
        os.close(refill)
        refill = -1
        taking = True
        while workers or taking:
            timeout = 0 if taking else None
            ready = select.select(list(workers), [], [], timeout)[0] if workers else []
            for read in ready:
                inbox = workers[read]
                if inbox.fill():
                    yield from inbox.take()
                else:
                    del workers[read]
                    inbox.close()
            if not ready and taking:
                first = _take(tickets)
                if first is None:
                    taking = False
                for index in _chunk(first, chunk, len(items)):
                    yield index, function(items[index])
    finally:
        os.close(tickets)
        if refill >= 0:
            os.close(refill)
        for inbox in workers.values():  # ended early: leave no worker behind
            with contextlib.suppress(OSError):
                os.kill(inbox.pid, signal.SIGKILL)
                os.waitpid(inbox.pid, 0)
            os.close(inbox.fd)


def _ticket_pipe(count: int, chunk: int = 1) -> tuple[int, int, int]:
    """A pipe holding a ticket for every ``chunk`` items of ``count``, each the number of
    the chunk's first item: its read end, its write end and ``chunk`` (1 unless the pipe
    cannot hold that many tickets)."""
    while True:
        read, write = os.pipe()
        data = b"".join(first.to_bytes(_TICKET, "little") for first in range(0, count, chunk))
        _widen(write, len(data))
        os.set_blocking(write, False)
        try:
            written = os.write(write, data)
        except BlockingIOError:
            written = 0
        if written == len(data):
            os.set_blocking(write, True)
            return read, write, chunk
        os.close(read)
        os.close(write)
        chunk *= 2


def _take(tickets: int) -> int | None:
    """The number on the next ticket, or ``None`` when every ticket is taken.

    Reads of a few bytes from a pipe are atomic: no two processes take the same ticket."""
    ticket = os.read(tickets, _TICKET)
    return int.from_bytes(ticket, "little") if ticket else None


def _chunk(first: int | None, chunk: int, count: int) -> range:
    """The item numbers of the ticket ``first``."""
    return range(0) if first is None else range(first, min(first + chunk, count))


def _serve(
    function: Callable[[T], R], items: Sequence[T], tickets: int, chunk: int, write: int
) -> NoReturn:
    """In a worker: take tickets and send ``(index, function(item))`` for each item, as each
    is done."""
    code = 1
    try:
        while (first := _take(tickets)) is not None:
            for index in _chunk(first, chunk, len(items)):
                _send(write, (index, function(items[index])))
        code = 0
    except Exception as exc:  # the main process stops the run with it
        with contextlib.suppress(Exception):
            _send(write, (_FAILED, f"{type(exc).__name__}: {exc}"))
    finally:
        os._exit(code)  # no cleanup of the parent's state: it is the parent's


def _send(fd: int, message: tuple[int, Any]) -> None:
    """Write ``message`` pickled, after its length (a pipe takes it in parts when it is
    larger than the pipe)."""
    import pickle

    data = pickle.dumps(message, protocol=5)
    view = memoryview(len(data).to_bytes(_LENGTH, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


class _Inbox:
    """What one worker has sent and this process has not yet taken."""

    __slots__ = ("buffer", "fd", "pid")

    def __init__(self, fd: int, pid: int) -> None:
        self.fd = fd
        self.pid = pid
        self.buffer = bytearray()

    def fill(self) -> bool:
        """Read what the pipe holds now (one read: it is ready); ``False`` when the worker
        has closed it."""
        chunk = os.read(self.fd, 1 << 20)
        self.buffer += chunk
        return bool(chunk)

    def take(self) -> list[tuple[int, Any]]:
        """The results received whole, in the order they were sent."""
        import pickle

        buffer = self.buffer
        results: list[Any] = []
        start = 0
        while len(buffer) - start >= _LENGTH:
            end = start + _LENGTH + int.from_bytes(buffer[start : start + _LENGTH], "little")
            if len(buffer) < end:
                break
            index, result = pickle.loads(buffer[start + _LENGTH : end])
            if index == _FAILED:
                raise WorkerError(f"a worker process failed: {result}")
            results.append((index, result))
            start = end
        del buffer[:start]
        return results

    def close(self) -> None:
        """After the end of the pipe: reap the worker, which must have ended well."""
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        if self.buffer:
            raise WorkerError("a worker process ended in the middle of a result")
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise WorkerError(f"a worker process failed (exit code {code})")


def _widen(fd: int, size: int = 1 << 20) -> None:
    """Let a pipe hold ``size`` bytes, so a writer is rarely kept waiting (Linux;
    elsewhere pipes keep their size)."""
    import fcntl  # only where processes fork

    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_size, max(size, 1 << 16))


def fork_map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """``[function(item) for item in items]``, shared by ``jobs`` processes as
    :func:`read_ahead` shares them.

    The workers are forked when this is called, so ``function`` may close over large state
    built here: it reaches them by inheritance, and only the results come back.
    """
    results: list[Any] = [None] * len(items)
    # What exists now is only read by the workers: kept out of the collector's way, its
    # pages stay shared with them instead of being copied as the collector touches them.
    gc.freeze()
    try:
        done = read_ahead(function, items, jobs, chunk=max(1, len(items) // (64 * jobs)))
        with contextlib.closing(done):
            for index, result in done:
                results[index] = result
    finally:
        gc.unfreeze()
    return results


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
