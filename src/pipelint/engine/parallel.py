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
  on the documents it takes and sends back only the findings. A forked process copies
  each memory page it writes to, and reading an object writes its reference count: each
  process takes the documents modelled one after the other (whose objects share pages)
  as its own share, so that it copies the pages of its share rather than of every
  document.

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
import itertools
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
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
_DONE = -2  # the index of the last message of a worker that has sent all its results

#: Workers that have sent everything and closed their pipe, but whose process was still
#: ending (giving back its memory takes milliseconds): reaped at the next fork, or by
#: :func:`reap_workers`, instead of being waited for while there is work to do.
_ENDING: list[int] = []


def read_ahead(
    function: Callable[[T], R], items: Sequence[T], jobs: int, *, chunk: int = 1
) -> Generator[tuple[int, R], None, None]:
    """``(index, function(item))`` for every item, computed by ``jobs - 1`` forked workers
    and by this process, in the order they are done.

    The items are handed out as tickets (their numbers, in pipes each process takes the
    next one from, as make's job server hands out jobs), so however long each takes, the
    work stays even. Each process has a share of consecutive items, its own pipe of
    tickets, and takes from the others' pipes once its own is empty: a process works on
    neighbouring items, whose objects share memory pages, and a worker copies fewer of the
    pages it inherits. This process gives priority to the results the workers send, which
    the caller works on (building models) while the workers go on; it takes a ticket itself
    only when no result is waiting. A ticket stands for ``chunk`` consecutive items.
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
    _reap_ended()
    tickets = _Tickets(len(items), jobs, chunk)
    workers: dict[int, _Inbox] = {}  # by the read end of each worker's pipe
    try:
        for share in range(1, jobs):
            read, write = os.pipe()
            _widen(write)
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read)
                _serve(function, items, tickets.of(share), write)
            os.close(write)
            workers[read] = _Inbox(read, pid)
        mine = tickets.of(0)
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
                taken = next(mine, None)
                if taken is None:
                    taking = False
                    continue
                for index in taken:
                    yield index, function(items[index])
    finally:
        tickets.close()
        for inbox in workers.values():  # ended early: leave no worker behind
            with contextlib.suppress(OSError):
                os.kill(inbox.pid, signal.SIGKILL)
                os.waitpid(inbox.pid, 0)
            os.close(inbox.fd)


class _Tickets:
    """The tickets of ``count`` items for ``jobs`` processes: one pipe per share of
    consecutive items, holding a ticket (the number of its first item) for every ``chunk``
    items of the share. Reads of a few bytes from a pipe are atomic: no two processes take
    the same ticket."""

    def __init__(self, count: int, jobs: int, chunk: int) -> None:
        self.pipes: list[tuple[int, int, int]] = []  # (read end, chunk, end) of each share
        bounds = [count * share // jobs for share in range(jobs + 1)]
        try:
            for start, end in itertools.pairwise(bounds):
                self.pipes.append((*_ticket_pipe(range(start, end), chunk), end))
        except BaseException:
            self.close()
            raise

    def of(self, share: int) -> Iterator[range]:
        """The items of each ticket the process of ``share`` takes, in turn: its share's
        tickets first, then the others'."""
        for pipe, chunk, end in self.pipes[share:] + self.pipes[:share]:
            while ticket := os.read(pipe, _TICKET):
                first = int.from_bytes(ticket, "little")
                yield range(first, min(first + chunk, end))

    def close(self) -> None:
        for pipe, _, _ in self.pipes:
            with contextlib.suppress(OSError):
                os.close(pipe)
        self.pipes = []


def _ticket_pipe(items: range, chunk: int = 1) -> tuple[int, int]:
    """The read end of a pipe holding a ticket for every ``chunk`` of ``items`` (its write
    end closed, so an empty pipe reads as its end), and ``chunk`` (doubled until the pipe
    can hold every ticket)."""
    while True:
        read, write = os.pipe()
        data = b"".join(
            first.to_bytes(_TICKET, "little") for first in range(items.start, items.stop, chunk)
        )
        _widen(write, len(data))
        os.set_blocking(write, False)
        try:
            written = os.write(write, data) if data else 0
        except BlockingIOError:
            written = 0
        os.close(write)
        if written == len(data):
            return read, chunk
        os.close(read)
        chunk *= 2


def _serve(
    function: Callable[[T], R], items: Sequence[T], tickets: Iterator[range], write: int
) -> NoReturn:
    """In a worker: take tickets and send ``(index, function(item))`` for each item, as each
    is done."""
    code = 1
    try:
        for taken in tickets:
            for index in taken:
                _send(write, (index, function(items[index])))
        _send(write, (_DONE, None))
        code = 0
    except Exception as exc:  # the main process stops the run with it
        with contextlib.suppress(Exception):
            _send(write, (_FAILED, f"{type(exc).__name__}: {exc}"))
    finally:
        os.close(write)  # the end of the results, before this process is taken down
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

    __slots__ = ("buffer", "done", "fd", "pid")

    def __init__(self, fd: int, pid: int) -> None:
        self.fd = fd
        self.pid = pid
        self.buffer = bytearray()
        self.done = False  # whether the worker has said it sent all its results

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
            if index == _DONE:
                self.done = True
            else:
                results.append((index, result))
            start = end
        del buffer[:start]
        return results

    def close(self) -> None:
        """After the end of the pipe: the worker must have sent all its results. One that
        did is reaped once it has ended; one that did not, now, to tell why."""
        os.close(self.fd)
        if self.done and not self.buffer:
            _ENDING.append(self.pid)
            _reap_ended()
            return
        _, status = os.waitpid(self.pid, 0)
        if self.buffer:
            raise WorkerError("a worker process ended in the middle of a result")
        code = os.waitstatus_to_exitcode(status)
        raise WorkerError(f"a worker process failed (exit code {code})")


def _reap_ended(*, wait: bool = False) -> None:
    """Reap the workers of :data:`_ENDING` that have ended (with ``wait``, every one)."""
    for pid in list(_ENDING):
        try:
            ended, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:  # reaped elsewhere
            ended = pid
        if ended:
            _ENDING.remove(pid)


def reap_workers() -> None:
    """Wait for the workers still ending, so that none is left behind (and their time
    counts as this process's). Called once a run has other work done, they are gone."""
    _reap_ended(wait=True)


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
        done = read_ahead(function, items, jobs, chunk=max(1, len(items) // (256 * jobs)))
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
