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


class TimeLimits:
    """Time budgets of rules, installed for the length of a ``with`` block.

    ``seconds`` is what each rule may spend on one document, over all its calls; ``None``
    or ``0`` is no limit. One timer watches all the rules of a document: no rule can use up
    its time before the one that has spent the most could, so the timer is set to go off
    then, and when it does, it stops the rule running if that rule's time is up, or is set
    again. Documents checked in less than ``seconds`` never hear it.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or None
        self.enforced = False
        self._previous: signal.Handlers | object = None
        self._budget: Budget | None = None

    def __enter__(self) -> TimeLimits:
        self.enforced = (
            self.seconds is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        if self.enforced:
            self._previous = signal.signal(signal.SIGALRM, self._alarm)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enforced:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
            self.enforced = False
        self._budget = None

    def budget(self) -> Budget:
        """A fresh budget for the rules of one document."""
        self._budget = Budget(self)
        if self.enforced:
            signal.setitimer(signal.ITIMER_REAL, self.seconds or 0)
        return self._budget

    def _alarm(self, signum: int, frame: FrameType | None) -> None:
        """The timer went off: stop the rule running if its time is up, else wait again
        until the soonest any rule could use up its time."""
        budget = self._budget
        if budget is None or self.seconds is None:
            return
        now = time.perf_counter()
        running = budget.running
        spent = dict(budget.spent)
        if running is not None:
            code, started = running
            spent[code] = spent.get(code, 0.0) + now - started
        # Rules that have used up their time do not run again on this document.
        most = max((used for used in spent.values() if used < self.seconds), default=0.0)
        signal.setitimer(signal.ITIMER_REAL, max(self.seconds - most, 0.001))
        if running is not None and spent[running[0]] >= self.seconds:
            raise RuleTimeout


class Budget:
    """What each rule has spent on one document."""

    def __init__(self, limits: TimeLimits) -> None:
        self._limits = limits
        #: Seconds each rule has spent on the document, over its finished calls.
        self.spent: dict[str, float] = {}
        #: The rule running now, and when its call started.
        self.running: tuple[str, float] | None = None
        self.expired: set[str] = set()

    def charge(self, code: str) -> _Charge:
        """A context manager: run the block as part of rule ``code``'s time on this document.

        Raises :class:`RuleTimeout` (and marks the rule expired) when its time runs out.
        A class rather than a generator: it is entered for every rule on every node.
        """
        return _Charge(self, code)


class _Charge:
    __slots__ = ("_budget", "_code")

    def __init__(self, budget: Budget, code: str) -> None:
        self._budget = budget
        self._code = code

    def __enter__(self) -> None:
        budget = self._budget
        limits = budget._limits
        if limits.enforced and budget.spent.get(self._code, 0.0) >= (limits.seconds or 0):
            budget.expired.add(self._code)
            raise RuleTimeout
        budget.running = (self._code, time.perf_counter())

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        budget = self._budget
        running = budget.running
        budget.running = None  # first: the timer must not count this call twice
        code = self._code
        if running is not None:
            budget.spent[code] = budget.spent.get(code, 0.0) + time.perf_counter() - running[1]
        if kind is not None and issubclass(kind, RuleTimeout):
            budget.expired.add(code)
