"""fork_map: the results of a map shared by forked processes, in order."""

from __future__ import annotations

import os

import pytest

from pipelint.engine.parallel import WorkerError, can_fork, fork_map

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
    results = fork_map(lambda item: (state[item], os.getpid() == parent), list(state), 2)
    assert [value for value, _ in results] == list(state.values())
    assert {in_parent for _, in_parent in results} == {True, False}


def test_a_worker_that_fails_is_an_error() -> None:
    parent = os.getpid()

    def fails_in_worker(item: int) -> int:
        if os.getpid() != parent:
            raise ValueError(item)
        return item

    with pytest.raises(WorkerError):
        fork_map(fails_in_worker, list(range(6)), 2)
