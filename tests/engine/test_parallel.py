"""The crew of processes: every item taken once, meetings, dealing, failures."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pipelint.engine import parallel
from pipelint.engine.parallel import Crew, Meeting, WorkerError, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked")

Work = Callable[[Meeting, Iterator[range]], object]


def _run(work: Work, count: int, jobs: int) -> tuple[Any, list[Any]]:
    """What ``work`` returned in this process, and every result of the crew."""
    with Crew(work, count, jobs) as crew:
        return crew.run()


def _taking(pause: float = 0.0) -> Work:
    """Work that sends ``{item: process pid}`` for each item it takes, once every process
    of the crew has started (however late one was scheduled)."""

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        meeting.share(None)
        for taken in tickets:
            for item in taken:
                time.sleep(pause)
                meeting.send({item: os.getpid()})

    return work


@pytest.mark.parametrize("jobs", [1, 2, 3, 50])
def test_every_item_is_taken_once(jobs: int) -> None:
    _, sent = _run(_taking(), 41, jobs)
    items = [item for part in sent for item in part]
    assert sorted(items) == list(range(41))


def test_this_process_and_the_workers_share_the_items() -> None:
    _, sent = _run(_taking(pause=0.002), 60, 3)
    pids = {pid for part in sent for pid in part.values()}
    assert len(pids) == 3
    assert os.getpid() in pids


def test_each_worker_starts_on_its_own_share() -> None:
    _, sent = _run(_taking(pause=0.002), 64, 2)
    by_item = {item: pid for part in sent for item, pid in part.items()}
    # the first half is the first worker's share, the second the other's: each is well
    # into its own before it could take from the other's
    assert {by_item[item] for item in range(8)} == {os.getpid()}  # this process's share
    assert len({by_item[item] for item in range(32, 40)}) == 1
    assert by_item[32] != os.getpid()


def test_workers_see_what_the_parent_built() -> None:
    state = {index: f"value {index}" for index in range(10)}

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        meeting.send({item: state[item] for taken in tickets for item in taken})

    _, sent = _run(work, 10, 2)
    assert {item: value for part in sent for item, value in part.items()} == state


def test_a_meeting_gives_every_process_value_in_crew_order() -> None:
    def work(meeting: Meeting, tickets: Iterator[range]) -> tuple[list[str], list[int]]:
        first = meeting.share(f"first of {meeting.number}")
        second = meeting.share(meeting.number * 10)
        meeting.send((meeting.number, first, second))
        return first, second

    built, sent = _run(work, 3, 3)
    firsts = ["first of 0", "first of 1", "first of 2"]
    assert built == (firsts, [0, 10, 20])  # what work returned in this process
    assert sorted(sent) == [(number, firsts, [0, 10, 20]) for number in range(3)]


def test_dealing_gives_each_item_to_one_worker_its_own_first() -> None:
    lists = [[f"a{index}" for index in range(20)], [f"b{index}" for index in range(20)]]

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        meeting.share(None)  # both are ready before either deals
        for item in meeting.deal(lists):
            time.sleep(0.02 if meeting.number == 1 else 0.001)  # the second is slow
            meeting.send((meeting.number, item))

    _, sent = _run(work, 20, 2)
    dealt = {number: [item for n, item in sent if n == number] for number in (0, 1)}
    assert sorted(dealt[0] + dealt[1]) == sorted(lists[0] + lists[1])
    assert dealt[0][:20] == lists[0]  # its own, in order, first
    assert dealt[1][0] == "b0"
    assert any(item.startswith("b") for item in dealt[0])  # took from the slow one


def _failing_in(worker: int, failure: Callable[[], None]) -> Work:
    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        for _ in tickets:
            pass
        if meeting.number == worker:
            failure()
        meeting.share(meeting.number)
        meeting.send(meeting.number)

    return work


def _raise() -> None:
    raise ValueError("broken")


def test_a_worker_that_fails_is_an_error() -> None:
    with pytest.raises(WorkerError, match=r"a worker process failed: ValueError: broken"):
        _run(_failing_in(1, _raise), 8, 2)


def test_a_failure_in_this_process_ends_the_workers() -> None:
    pids: list[int] = []

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        for _ in tickets:
            pass
        pids.extend(meeting.share(os.getpid()))
        if meeting.number == 0:
            raise ValueError("broken here")
        time.sleep(60)

    with pytest.raises(ValueError, match="broken here"):
        _run(work, 8, 3)
    assert len(pids) == 3
    assert _ended(set(pids[1:]))


def test_results_are_taken_in_while_this_process_works() -> None:
    """A worker sending more than a pipe holds is not kept waiting until this process's
    own work is done."""
    size = 4 << 20  # more than a pipe holds, even widened

    def work(meeting: Meeting, tickets: Iterator[range]) -> float:
        for _ in tickets:
            pass
        if meeting.number == 1:
            meeting.send(b"x" * size)
            meeting.send(time.monotonic())  # when the big one was taken
            return 0.0
        for _ in range(200):  # this process's own work, sending as it goes
            time.sleep(0.005)
            meeting.send(None)
        return time.monotonic()

    built, sent = _run(work, 2, 2)
    assert [len(part) for part in sent if isinstance(part, bytes)] == [size]
    (sent_at,) = [part for part in sent if isinstance(part, float)]
    assert sent_at < built - 0.5  # the worker went on long before this process ended


@pytest.mark.parametrize(
    ("end", "code"),
    [(lambda: os._exit(3), "3"), (lambda: os.kill(os.getpid(), signal.SIGKILL), "-9")],
)
def test_a_worker_that_ends_without_a_word_is_an_error(end: Callable[[], None], code: str) -> None:
    with pytest.raises(WorkerError, match=rf"a worker process failed \(exit code {code}\)"):
        _run(_failing_in(1, end), 8, 2)


def _ended(pids: set[int]) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_leaving_early_ends_the_workers() -> None:
    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        time.sleep(60)

    with pytest.raises(KeyError), Crew(work, 4, 3) as crew:
        pids = {inbox.pid for inbox in crew._inboxes}
        raise KeyError("the main process stops before its share")
    assert len(pids) == 2
    assert _ended(pids)


def test_workers_that_sent_everything_are_reaped() -> None:
    _, sent = _run(_taking(pause=0.002), 60, 3)
    workers = {pid for part in sent for pid in part.values()} - {os.getpid()}
    assert len(workers) == 2
    parallel.reap_workers()  # those that were still ending when their pipe closed
    assert parallel._ENDING == []
    assert _ended(workers)


def test_tickets_cover_every_item_even_when_the_pipe_is_small(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "_widen", lambda fd, size=0: None)
    count = 100_000  # 400 KB of tickets: more than a pipe holds by default
    read, chunk = parallel._ticket_pipe(range(count))
    taken = []
    try:
        while ticket := os.read(read, parallel._TICKET):
            first = int.from_bytes(ticket, "little")
            taken.extend(range(first, min(first + chunk, count)))
    finally:
        os.close(read)
    assert chunk > 1
    assert taken == list(range(count))


def test_each_process_takes_its_own_share_first_then_the_others(monkeypatch) -> None:
    real = parallel._ticket_pipe
    monkeypatch.setattr(parallel, "_ticket_pipe", lambda items: real(items, chunk=2))
    tickets = parallel._Tickets(10, 3)
    try:
        second = next(tickets.of(1))
        rest = [list(taken) for taken in tickets.of(1)]
    finally:
        tickets.close()
    # shares: 0-2, 3-5, 6-9; a run of items never runs into the next share
    assert list(second) == [3, 4]
    assert rest == [[5], [6, 7], [8, 9], [0, 1], [2]]


def test_a_worker_that_dies_after_giving_its_value_is_an_error() -> None:
    import pickle

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        for _ in tickets:
            pass
        if meeting.number == 1:  # gives its value, then dies before the answer
            parallel._send_frame(meeting._results, parallel._ROUND, pickle.dumps(1))  # type: ignore[attr-defined]
            os._exit(0)
        time.sleep(0.2)  # it has died by now
        meeting.share(0)

    with pytest.raises(WorkerError, match="a worker process ended before its work was done"):
        _run(work, 4, 2)


def test_a_worker_that_died_is_not_killed_again(monkeypatch) -> None:
    killed: list[int] = []
    monkeypatch.setattr(parallel.os, "kill", lambda pid, sig: killed.append(pid))
    with pytest.raises(WorkerError, match=r"exit code 3"):
        _run(_failing_in(1, lambda: os._exit(3)), 8, 2)
    assert killed == []  # reaped when its end was seen: its pid may be another's now


def test_a_fork_that_fails_leaves_no_pipe_open(monkeypatch) -> None:
    real_fork, forks = os.fork, []

    def fork() -> int:
        if forks:
            raise BlockingIOError("no more processes")
        forks.append(1)
        return real_fork()

    before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(parallel.os, "fork", fork)
    with pytest.raises(BlockingIOError):
        Crew(_taking(), 8, 3)
    assert len(os.listdir("/proc/self/fd")) == before
