"""Output formats: text, concise, json, sarif, github and markdown."""

from __future__ import annotations

from pipelint.formatters.base import Formatter
from pipelint.formatters.concise import ConciseFormatter
from pipelint.formatters.github import GithubFormatter
from pipelint.formatters.json_format import JsonFormatter
from pipelint.formatters.markdown import MarkdownFormatter
from pipelint.formatters.sarif import SarifFormatter
from pipelint.formatters.text import TextFormatter

#: The formats pipelint ships, by the name ``--format`` takes.
BUILTIN_FORMATTERS: dict[str, type[Formatter]] = {
    formatter.name: formatter
    for formatter in (
        TextFormatter,
        ConciseFormatter,
        JsonFormatter,
        SarifFormatter,
        GithubFormatter,
        MarkdownFormatter,
    )
}

__all__ = [
    "BUILTIN_FORMATTERS",
    "ConciseFormatter",
    "Formatter",
    "GithubFormatter",
    "JsonFormatter",
    "MarkdownFormatter",
    "SarifFormatter",
    "TextFormatter",
]
