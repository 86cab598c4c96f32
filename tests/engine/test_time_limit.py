"""The per-rule time limit: one timer per document, each rule charged for its own time."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from pipelint.engine.time_limit import Budget, RuleTimeout, TimeLimits

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread(),
    reason="the limit is a SIGALRM timer of the main thread",
)


def _work(budget: Budget, code: str, seconds: float) -> bool:
    """Run rule ``code`` for ``seconds``; whether it was stopped."""
    try:
        with budget.charge(code):
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                time.sleep(0.002)
    except RuleTimeout:
        return True
    return False


def test_a_rule_is_stopped_once_its_calls_add_up_to_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with TimeLimits(0.2) as limits:
        budget = limits.budget()
        assert not _work(budget, "A", 0.06)
        assert not _work(budget, "A", 0.06)
        started = time.perf_counter()
        assert _work(budget, "A", 1.0)  # stopped about 0.08 s into this call
        assert time.perf_counter() - started < 0.5
        assert budget.expired == {"A"}
        assert _work(budget, "A", 0.0)  # and not run again on this document

        # The other rules are still watched, each for its own time, and A no longer counts.
        settings: list[float] = []
        setitimer = signal.setitimer

        def counted(which: int, seconds: float) -> object:
            settings.append(seconds)
            return setitimer(which, seconds)

        monkeypatch.setattr(signal, "setitimer", counted)
        started = time.perf_counter()
        assert _work(budget, "B", 1.0)
        assert 0.15 < time.perf_counter() - started < 0.5
        assert budget.expired == {"A", "B"}
        assert len(settings) <= 3


def test_the_rule_running_when_the_timer_goes_off_is_not_blamed_for_another() -> None:
    with TimeLimits(0.4) as limits:
        budget = limits.budget()
        assert not _work(budget, "A", 0.3)
        assert not _work(budget, "B", 0.3)  # the document is past 0.4 s, B is not
        assert budget.expired == set()
        started = time.perf_counter()
        assert _work(budget, "A", 1.0)  # A has 0.1 s left, and is stopped then
        assert time.perf_counter() - started < 0.3  # not after the 0.4 s of a fresh start
        assert budget.expired == {"A"}
        assert not _work(budget, "B", 0.02)


def test_a_quick_document_leaves_no_timer_and_the_handler_it_found() -> None:
    def previous(signum: int, frame: object) -> None:  # pragma: no cover - never called
        raise AssertionError("the timer went off")

    before = signal.signal(signal.SIGALRM, previous)
    try:
        with TimeLimits(5) as limits:
            budget = limits.budget()
            for code in ("A", "B", "C") * 100:
                assert not _work(budget, code, 0.0)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is previous
    finally:
        signal.signal(signal.SIGALRM, before)


def test_no_limit_installs_nothing() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with TimeLimits(None) as limits:
        assert not limits.enforced
        assert signal.getsignal(signal.SIGALRM) is before
        assert not _work(limits.budget(), "A", 0.01)
