"""Spreading the work of a run over processes (``--jobs``).

A :class:`Crew` is the main process and ``jobs - 1`` forked workers; each does a share
of the run, as one of ``jobs`` equals:

* Each reads, parses and models the files it takes (tickets, as make's job server hands
  out jobs: each process has a share of consecutive files and takes from the others' once
  its own is done, so the work stays even). Its documents and models stay in it: sending
  a model costs as much as building it.
* They then meet: each tells the others what its documents tell the run (names,
  deployment groups, exports: :mod:`pipelint.model.facts`), then what its pipelines use.
  Each process's project answers every cross-file lookup from these, and models a
  document of another process only when a lookup lands in it.
* Each runs the rules on its own documents, then on those another has not reached yet
  (:meth:`Meeting.deal`). The workers send what they find to the main process as they go;
  it takes that in between its own files.

The main process puts the findings in run order, so a run with any number of jobs gives
the same report as ``--jobs 1``. The main process works as one of the crew: a process
that only coordinated would take CPU from the workers on the same cores, and the main
process's share needs no pickling. Where ``fork`` is not available (Windows) everything
runs in the main process. Each process runs its work in its main thread, so the per-rule
time limit (``SIGALRM``) holds there as it does in a serial run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

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


_LENGTH = 8  # bytes of the kind, and of the length, before each message
_TICKET = 4  # bytes of each item number in a ticket pipe
_FAILED = -1  # the kind of a worker's last message when it failed: what went wrong
_DONE = -2  # the kind of a worker's last message when it has done its work
_ROUND = -3  # a worker's value for a meeting
_RESULT = -4  # a result a worker sends as it goes

#: Workers that have sent everything and closed their pipe, but whose process was still
#: ending (giving back its memory takes milliseconds): reaped at the next fork, or by
#: :func:`reap_workers`, instead of being waited for while there is work to do.
_ENDING: list[int] = []


class _Tickets:
    """The tickets of ``count`` items for ``jobs`` processes: one pipe per share of
    consecutive items, holding a ticket (the number of its first item) for each item of the
    share, or each run of items when the pipe cannot hold that many (:func:`_ticket_pipe`).
    Reads of a few bytes from a pipe are atomic: no two processes take the same ticket."""

    def __init__(self, count: int, jobs: int) -> None:
        self.pipes: list[tuple[int, int, int]] = []  # (read end, chunk, end) of each share
        bounds = [count * share // jobs for share in range(jobs + 1)]
        try:
            for start, end in itertools.pairwise(bounds):
                self.pipes.append((*_ticket_pipe(range(start, end)), end))
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


class _Inbox:
    """What one worker has sent and this process has not yet taken."""

    __slots__ = ("buffer", "done", "fd", "held", "open", "pid")

    def __init__(self, fd: int, pid: int) -> None:
        self.fd = fd
        self.pid = pid
        self.buffer = bytearray()
        self.done = False  # whether the worker has said it sent all its results
        self.open = True  # whether the pipe may hold more
        self.held: tuple[int, bytes] | None = None  # a message taken out, not yet wanted

    def fill(self) -> bool:
        """Read what the pipe holds now (one read: it is ready); ``False`` when the worker
        has closed it."""
        chunk = os.read(self.fd, 1 << 20)
        self.buffer += chunk
        return bool(chunk)

    def next_frame(self) -> tuple[int, bytes] | None:
        """The kind and payload of the next message (:func:`_send_frame`) once received
        whole, else ``None``."""
        if self.held is not None:
            frame, self.held = self.held, None
            return frame
        buffer = self.buffer
        if len(buffer) < 2 * _LENGTH:
            return None
        end = 2 * _LENGTH + int.from_bytes(buffer[_LENGTH : 2 * _LENGTH], "little")
        if len(buffer) < end:
            return None
        kind = int.from_bytes(buffer[:_LENGTH], "little", signed=True)
        payload = bytes(buffer[2 * _LENGTH : end])
        del buffer[:end]
        if kind == _FAILED:
            raise WorkerError(f"a worker process failed: {payload.decode()}")
        if kind == _DONE:
            self.done = True
        return kind, payload

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


_PATCHED: set[type] = set()


def fast_pickling() -> None:
    """Pickle pipelint's slotted dataclasses by a tuple of their fields.

    The ``__getstate__``/``__setstate__`` that :mod:`dataclasses` gives frozen slotted
    classes look the fields up on every call. What a worker sends is mostly findings (and
    their locations and spans): for the 1,325 findings of 500 files, these take pickling
    from 8.6 to 6.1 ms, and unpickling from 8.0 to 5.0 ms.
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


class Meeting:
    """A process's side of a :class:`Crew`: what it tells the others between phases."""

    def __init__(self, share: int, deals: list[tuple[int, int]]) -> None:
        self.number = share  # this process's place in the crew
        self._deals = deals  # each share's pipe of tickets for :meth:`deal`, with its chunk

    def deal(self, lists: Sequence[Sequence[T]]) -> Iterator[T]:
        """Each process's own items (``lists``, in crew order, the same in every process;
        each at most as many as the crew's), shared out again: this process takes its own
        first, then what the others have not taken yet, so that none is left idle while
        another has work. Each item goes to one process."""
        mine = self.number
        for share in (mine, *range(mine + 1, len(lists)), *range(mine)):
            pipe, chunk = self._deals[share]
            items = lists[share]
            while ticket := os.read(pipe, _TICKET):
                first = int.from_bytes(ticket, "little")
                if first >= len(items):
                    break  # the tickets after it are past the end too
                yield from items[first : first + chunk]

    def share(self, value: Any) -> list[Any]:
        """Give ``value`` and wait for every process's, in crew order (this one's among
        them). Every process shares as many times, in the same order."""
        raise NotImplementedError

    def send(self, result: Any) -> None:
        """Give a result to the main process (:meth:`Crew.run` returns them all)."""
        raise NotImplementedError


class _Here(Meeting):
    """The main process's side: it is the first of the crew, and gathers the others."""

    def __init__(self, crew: Crew, deals: list[tuple[int, int]]) -> None:
        super().__init__(0, deals)
        self._crew = crew

    def share(self, value: Any) -> list[Any]:
        return self._crew._meet(value)

    def send(self, result: Any) -> None:
        self._crew._results.append(result)
        self._crew._take_in()  # so that no worker waits on a full pipe


class _Forked(Meeting):
    """A forked worker's side: it talks to the main process through two pipes."""

    def __init__(self, share: int, results: int, orders: int, deals: list[tuple[int, int]]) -> None:
        super().__init__(share, deals)
        self._results = results  # the pipe to the main process
        self._orders = orders  # the pipe from it

    def share(self, value: Any) -> list[Any]:
        import pickle

        _send_frame(self._results, _ROUND, pickle.dumps(value, protocol=5))
        size = int.from_bytes(_read_exactly(self._orders, _LENGTH), "little")
        parts = pickle.loads(_read_exactly(self._orders, size))
        return [value if at == self.number else pickle.loads(part) for at, part in enumerate(parts)]

    def send(self, result: Any) -> None:
        import pickle

        _send_frame(self._results, _RESULT, pickle.dumps(result, protocol=5))


class Crew:
    """``jobs`` processes sharing ``count`` items, each calling ``work(meeting, tickets)``:
    this one, and ``jobs - 1`` forked workers.

    The items are handed out as tickets (:class:`_Tickets`). Between phases, each process
    calls ``meeting.share(value)``, which returns every process's value once all have given
    one. Results go to this process with ``meeting.send(result)``: the workers' are taken
    in as they come, while this process does its own share. :meth:`run` does this
    process's share and returns what ``work`` returned here, with every result. ``work``
    reaches the workers by inheritance; the values and the workers' results are pickled.
    What ``work`` returns in a worker is kept until the worker ends at once: freeing what a
    worker built, object by object, took 20 ms at the end of each worker of a run over a
    thousand files. Use it in a ``with`` block: leaving it early ends the workers. A worker
    that fails stops the run with a :class:`WorkerError` telling why.
    """

    def __init__(
        self, work: Callable[[Meeting, Iterator[range]], object], count: int, jobs: int
    ) -> None:
        fast_pickling()
        _reap_ended()
        self._do = work
        self._tickets = _Tickets(count, jobs)
        self._deals: list[tuple[int, int]] = []  # see Meeting.deal
        self._inboxes: list[_Inbox] = []
        self._orders: list[int] = []
        self._results: list[Any] = []
        self._built: object = None  # in a worker, what its work returned
        try:
            self._deals.extend(_ticket_pipe(range(count)) for _ in range(jobs))
            for share in range(1, jobs):
                self._fork(share)
        except BaseException:
            self.close()
            raise

    def _fork(self, share: int) -> None:
        """Start the worker of ``share``, with a pipe each way."""
        pipes: list[int] = []
        try:
            results = os.pipe()
            pipes.extend(results)
            orders = os.pipe()
            pipes.extend(orders)
            _widen(results[1])
            _widen(orders[1])
            pid = os.fork()
        except BaseException:
            for fd in pipes:
                os.close(fd)
            raise
        if pid == 0:  # the worker: never returns
            os.close(results[0])
            os.close(orders[1])
            self._work(share, results[1], orders[0])
        os.close(results[1])
        os.close(orders[0])
        self._inboxes.append(_Inbox(results[0], pid))
        self._orders.append(orders[1])

    def _work(self, share: int, results: int, orders: int) -> NoReturn:
        code = 1
        try:
            for fd in (*self._orders, *(inbox.fd for inbox in self._inboxes)):
                os.close(fd)  # the other workers' pipes
            meeting = _Forked(share, results, orders, self._deals)
            self._built = self._do(meeting, self._tickets.of(share))  # freed by the end
            _send_frame(results, _DONE, b"")
            code = 0
        except Exception as exc:  # the main process stops the run with it
            with contextlib.suppress(Exception):
                _send_frame(results, _FAILED, f"{type(exc).__name__}: {exc}".encode())
        finally:
            os.close(results)  # the end of the results, before this process is taken down
            os._exit(code)  # no cleanup of the parent's state: it is the parent's

    def run(self) -> tuple[object, list[Any]]:
        """Do this process's share; then, once every worker has ended its work, what
        ``work`` returned here and every result, in the order they were taken in."""
        built = self._do(_Here(self, self._deals), self._tickets.of(0))
        self._collect(until=_DONE)
        while self._inboxes:
            self._inboxes.pop().close()  # reaped once ended
        self._close_tickets()
        results, self._results = self._results, []
        return built, results

    def _meet(self, value: Any) -> list[Any]:
        """This process's :meth:`Meeting.share`: every worker's value, once all have
        given it, sent on to each with this one's."""
        import pickle

        raw = self._collect()
        data = pickle.dumps([pickle.dumps(value, protocol=5), *raw], protocol=5)
        for fd in self._orders:
            try:
                _write(fd, len(data).to_bytes(_LENGTH, "little") + data)
            except OSError:  # not a reader that went away: a worker that died
                raise WorkerError("a worker process ended before its work was done") from None
        return [value, *(pickle.loads(part) for part in raw)]

    def _take_in(self) -> None:
        """Take in the results the workers have sent so far, without waiting."""
        import pickle
        import select

        open_inboxes = {inbox.fd: inbox for inbox in self._inboxes if inbox.open}
        if not open_inboxes:
            return
        for fd in select.select(list(open_inboxes), [], [], 0)[0]:
            inbox = open_inboxes[fd]
            if not inbox.fill():
                inbox.open = False  # its end is seen when its next message is waited for
            while (frame := inbox.next_frame()) is not None:
                if frame[0] != _RESULT:
                    inbox.held = frame  # for the meeting or the end it belongs to
                    break
                self._results.append(pickle.loads(frame[1]))

    def _collect(self, until: int = _ROUND) -> list[bytes]:
        """The payload of each worker's next message of kind ``until``, in worker order;
        the results that come before are taken in (unpickled) meanwhile."""
        import pickle
        import select

        found: dict[int, bytes] = {}
        waiting = {inbox.fd: inbox for inbox in self._inboxes}
        ready: list[int] = list(waiting)  # a message may wait in what was read before
        while True:
            for fd in ready:
                inbox = waiting[fd]
                while (frame := inbox.next_frame()) is not None:
                    kind, payload = frame
                    if kind == _RESULT:
                        self._results.append(pickle.loads(payload))
                        continue
                    if kind != until:
                        raise WorkerError(f"a worker process sent {kind} instead of {until}")
                    found[fd] = payload
                    del waiting[fd]
                    break
            if not waiting:
                return [found[inbox.fd] for inbox in self._inboxes]
            ready = select.select(list(waiting), [], [])[0]
            for fd in ready:
                if not waiting[fd].fill():
                    self._inboxes.remove(waiting[fd])  # closed and reaped now:
                    waiting[fd].close()  # ended early, this raises, telling how
                    raise WorkerError("a worker process ended before its work was done")

    def _close_tickets(self) -> None:
        self._tickets.close()
        for pipe, _ in self._deals:
            with contextlib.suppress(OSError):
                os.close(pipe)
        self._deals = []

    def close(self) -> None:
        """End the workers still working (after an error) and close the pipes."""
        self._close_tickets()
        for fd in self._orders:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._orders = []
        for inbox in self._inboxes:
            with contextlib.suppress(OSError):
                os.kill(inbox.pid, signal.SIGKILL)
                os.waitpid(inbox.pid, 0)
            with contextlib.suppress(OSError):
                os.close(inbox.fd)
        self._inboxes = []

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _send_frame(fd: int, kind: int, payload: bytes) -> None:
    """Write a message: its kind and its length, then ``payload``."""
    head = kind.to_bytes(_LENGTH, "little", signed=True) + len(payload).to_bytes(_LENGTH, "little")
    _write(fd, head + payload)


def _write(fd: int, data: bytes) -> None:
    """Write all of ``data`` (a pipe takes it in parts when it is larger than the pipe)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes:
    parts = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            raise EOFError("the main process closed the pipe")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
