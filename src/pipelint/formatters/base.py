"""What a formatter is."""

from __future__ import annotations

from typing import Protocol

from pipelint.engine.report import Report


class Formatter(Protocol):
    """Turns a :class:`Report` into the text of one output format.

    A format that never shows the text of a file may say so with a class attribute
    ``shows_source = False``. When no format of a run shows it, the run does not keep the
    texts (a run shared among processes does not send them to the main process), and
    :attr:`Report.sources` is empty.
    """

    name: str
    description: str

    def format(self, report: Report) -> str:
        """The whole output, ending with a newline when not empty."""
        ...
