"""Stopping a rule that runs too long on one document.

A rule is ordinary Python called in-process, so the only way to stop it is to interrupt
it: a ``SIGALRM`` timer whose handler raises :class:`RuleTimeout` in the rule's frame.
That works in the main thread of a process on POSIX systems, which is where the command
line (and each worker of ``--jobs``) runs rules; elsewhere (another thread, Windows) rules
run without a limit.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType


class RuleTimeout(BaseException):
    """Raised inside a rule whose time is up.

    A :class:`BaseException`, so that a rule's own ``except Exception`` cannot swallow it.
    """


def _expire(signum: int, frame: FrameType | None) -> None:
    raise RuleTimeout


class TimeLimits:
    """Time budgets of rules, installed for the length of a ``with`` block.

    ``seconds`` is what each rule may spend on one document, over all its calls; ``None``
    or ``0`` is no limit.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or None
        self.enforced = False
        self._previous: signal.Handlers | object = None

    def __enter__(self) -> TimeLimits:
        self.enforced = (
            self.seconds is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        if self.enforced:
            self._previous = signal.signal(signal.SIGALRM, _expire)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enforced:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
            self.enforced = False

    def budget(self) -> Budget:
        """A fresh budget for the rules of one document."""
        return Budget(self)


class Budget:
    """What each rule has spent on one document."""

    def __init__(self, limits: TimeLimits) -> None:
        self._limits = limits
        self._spent: dict[str, float] = {}
        self.expired: set[str] = set()

    def charge(self, code: str) -> _Charge:
        """A context manager: run the block as part of rule ``code``'s time on this document.

        Raises :class:`RuleTimeout` (and marks the rule expired) when its time runs out.
        A class rather than a generator: it is entered for every rule on every node.
        """
        return _Charge(self, code)


class _Charge:
    __slots__ = ("_budget", "_code", "_start")

    def __init__(self, budget: Budget, code: str) -> None:
        self._budget = budget
        self._code = code
        self._start = 0.0

    def __enter__(self) -> None:
        budget = self._budget
        limits = budget._limits
        self._start = time.perf_counter()
        if limits.enforced:
            remaining = (limits.seconds or 0) - budget._spent.get(self._code, 0.0)
            if remaining <= 0:
                budget.expired.add(self._code)
                raise RuleTimeout
            signal.setitimer(signal.ITIMER_REAL, remaining)

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        budget = self._budget
        if budget._limits.enforced:
            signal.setitimer(signal.ITIMER_REAL, 0)
        code = self._code
        budget._spent[code] = budget._spent.get(code, 0.0) + time.perf_counter() - self._start
        if kind is not None and issubclass(kind, RuleTimeout):
            budget.expired.add(code)
