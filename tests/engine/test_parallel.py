"""The crew of forked workers: every item taken once, meetings, dealing, failures."""

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

Work = Callable[[Meeting, Iterator[range]], None]


def _run(work: Work, count: int, jobs: int, meetings: int = 0) -> tuple[list[Any], list[Any]]:
    """What each meeting gave this process, and every result the workers sent."""
    with Crew(work, count, jobs) as crew:
        met = [crew.meet() for _ in range(meetings)]
        return met, crew.finish()


def _taking(pause: float = 0.0) -> Work:
    """Work that sends ``{item: worker pid}`` for each item it takes."""

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
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


def test_the_workers_share_the_items_and_this_process_takes_none() -> None:
    _, sent = _run(_taking(pause=0.002), 60, 2)
    pids = {pid for part in sent for pid in part.values()}
    assert len(pids) == 2
    assert os.getpid() not in pids


def test_each_worker_starts_on_its_own_share() -> None:
    _, sent = _run(_taking(pause=0.002), 64, 2)
    by_item = {item: pid for part in sent for item, pid in part.items()}
    # the first half is the first worker's share, the second the other's: each is well
    # into its own before it could take from the other's
    assert len({by_item[item] for item in range(8)}) == 1
    assert len({by_item[item] for item in range(32, 40)}) == 1
    assert by_item[0] != by_item[32]


def test_workers_see_what_the_parent_built() -> None:
    state = {index: f"value {index}" for index in range(10)}

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        meeting.send({item: state[item] for taken in tickets for item in taken})

    _, sent = _run(work, 10, 2)
    assert {item: value for part in sent for item, value in part.items()} == state


def test_a_meeting_gives_every_workers_value_in_worker_order() -> None:
    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        first = meeting.share(f"first of {meeting.number}")
        second = meeting.share(meeting.number * 10)
        meeting.send((meeting.number, first, second))

    met, sent = _run(work, 3, 3, meetings=2)
    firsts = ["first of 0", "first of 1", "first of 2"]
    assert met == [firsts, [0, 10, 20]]
    assert sorted(sent) == [(number, firsts, [0, 10, 20]) for number in range(3)]


def test_dealing_gives_each_item_to_one_worker_its_own_first() -> None:
    lists = [[f"a{index}" for index in range(20)], [f"b{index}" for index in range(20)]]

    def work(meeting: Meeting, tickets: Iterator[range]) -> None:
        meeting.share(None)  # both are ready before either deals
        for item in meeting.deal(lists):
            time.sleep(0.02 if meeting.number == 1 else 0.001)  # the second is slow
            meeting.send((meeting.number, item))

    _, sent = _run(work, 20, 2, meetings=1)
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
        _run(_failing_in(1, _raise), 8, 2, meetings=1)


@pytest.mark.parametrize(
    ("end", "code"),
    [(lambda: os._exit(3), "3"), (lambda: os.kill(os.getpid(), signal.SIGKILL), "-9")],
)
def test_a_worker_that_ends_without_a_word_is_an_error(end: Callable[[], None], code: str) -> None:
    with pytest.raises(WorkerError, match=rf"a worker process failed \(exit code {code}\)"):
        _run(_failing_in(0, end), 8, 2, meetings=1)


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
        meeting.share(os.getpid())
        time.sleep(60)

    with pytest.raises(KeyError), Crew(work, 4, 2) as crew:
        pids = set(crew.meet())
        raise KeyError("the main process stops")
    assert _ended(pids)


def test_workers_that_sent_everything_are_reaped() -> None:
    _, sent = _run(_taking(pause=0.002), 60, 3)
    workers = {pid for part in sent for pid in part.values()}
    assert len(workers) == 3
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
