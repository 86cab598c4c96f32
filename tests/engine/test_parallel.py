"""fork_map and read_ahead: work shared by forked processes, every result once."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable

import pytest

from pipelint.engine import parallel
from pipelint.engine.parallel import WorkerError, can_fork, fork_map, read_ahead

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked")


@pytest.mark.parametrize("jobs", [1, 2, 3, 50])
def test_results_come_back_in_order(jobs: int) -> None:
    items = list(range(23))
    assert fork_map(lambda item: (item, item * item), items, jobs) == [
        (item, item * item) for item in items
    ]


def test_workers_see_what_the_parent_built() -> None:
    state = {index: f"value {index}" for index in range(10)}
    parent = os.getpid()

    def look(item: int) -> tuple[str, bool]:
        time.sleep(0.01)  # long enough for both processes to take items
        return state[item], os.getpid() == parent

    results = fork_map(look, list(state), 2)
    assert [value for value, _ in results] == list(state.values())
    assert {in_parent for _, in_parent in results} == {True, False}


def _failing_in_workers() -> Callable[[int], int]:
    """A function that fails in every process but this one."""
    parent = os.getpid()

    def fails_in_worker(item: int) -> int:
        if os.getpid() != parent:
            raise ValueError(item)
        time.sleep(0.01)  # long enough for a worker to take an item
        return item

    return fails_in_worker


def test_a_worker_that_fails_is_an_error() -> None:
    with pytest.raises(WorkerError):
        fork_map(_failing_in_workers(), list(range(6)), 2)


@pytest.mark.parametrize("jobs", [1, 2, 3, 50])
def test_read_ahead_gives_every_result_once_with_its_index(jobs: int) -> None:
    items = [f"item {index}" for index in range(41)]
    with contextlib.closing(read_ahead(str.upper, items, jobs)) as results:
        found = list(results)
    assert sorted(found) == [(index, item.upper()) for index, item in enumerate(items)]


def test_read_ahead_shares_the_work_and_this_process_takes_some() -> None:
    parent = os.getpid()

    def where(item: int) -> int:
        time.sleep(0.002)  # long enough for both processes to take tickets
        return os.getpid()

    with contextlib.closing(read_ahead(where, list(range(60)), 2)) as results:
        pids = [pid for _, pid in results]
    assert len(pids) == 60
    assert parent in pids
    assert len(set(pids)) == 2


def test_read_ahead_reports_a_worker_that_fails() -> None:
    failing = read_ahead(_failing_in_workers(), list(range(8)), 2)
    with (
        pytest.raises(WorkerError, match=r"a worker process failed: ValueError: \d"),
        contextlib.closing(failing) as results,
    ):
        list(results)


@pytest.mark.parametrize(
    ("end", "code"),
    [(lambda: os._exit(3), "3"), (lambda: os.kill(os.getpid(), signal.SIGKILL), "-9")],
)
def test_a_worker_that_ends_without_a_word_is_an_error(end: Callable[[], None], code: str) -> None:
    parent = os.getpid()

    def dies_in_worker(item: int) -> int:
        if os.getpid() != parent:
            end()
        time.sleep(0.01)  # long enough for the worker to take an item
        return item

    with pytest.raises(WorkerError, match=rf"a worker process failed \(exit code {code}\)"):
        fork_map(dies_in_worker, list(range(8)), 2)


def test_read_ahead_closed_early_leaves_no_worker(tmp_path) -> None:
    def slow(item: int) -> int:
        time.sleep(0.01)
        return os.getpid()

    with contextlib.closing(read_ahead(slow, list(range(200)), 3)) as results:
        workers = set()
        for _, pid in results:
            workers.add(pid)
            if len(workers) == 3:
                break
    workers.discard(os.getpid())
    for pid in workers:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


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


def test_each_process_takes_its_own_share_first_then_the_others() -> None:
    tickets = parallel._Tickets(10, 3, chunk=2)
    try:
        second = next(tickets.of(1))
        rest = [list(taken) for taken in tickets.of(1)]
    finally:
        tickets.close()
    # shares: 0-2, 3-5, 6-9; a ticket never runs into the next share
    assert list(second) == [3, 4]
    assert rest == [[5], [6, 7], [8, 9], [0, 1], [2]]


def test_each_process_starts_on_its_own_share() -> None:
    parent = os.getpid()

    def where(item: int) -> bool:
        time.sleep(0.002)  # long enough for both processes to work
        return os.getpid() == parent

    in_parent = fork_map(where, list(range(64)), 2)
    # the first half is this process's share, the second the worker's: each is well
    # into its own before it could take from the other's
    assert all(in_parent[:8])
    assert not any(in_parent[32:40])


def test_workers_that_sent_everything_are_reaped() -> None:
    def where(item: int) -> int:
        time.sleep(0.002)  # long enough for every process to take items
        return os.getpid()

    with contextlib.closing(read_ahead(where, list(range(60)), 3)) as results:
        workers = {pid for _, pid in results} - {os.getpid()}
    assert workers
    parallel.reap_workers()  # those that were still ending when their pipe closed
    assert parallel._ENDING == []
    for pid in workers:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
