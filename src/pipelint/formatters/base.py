"""What a formatter is."""

from __future__ import annotations

from typing import Protocol

from pipelint.engine.report import Report


class Formatter(Protocol):
    """Turns a :class:`Report` into the text of one output format."""

    name: str
    description: str

    def format(self, report: Report) -> str:
        """The whole output, ending with a newline when not empty."""
        ...
