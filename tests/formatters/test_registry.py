"""The built-in formats, as the plugin manager registers them."""

from __future__ import annotations

import pytest

from pipelint.engine.report import Report
from pipelint.formatters import BUILTIN_FORMATTERS
from pipelint.plugins import core


def test_builtin_names() -> None:
    assert list(BUILTIN_FORMATTERS) == ["text", "concise", "json", "sarif", "github", "markdown"]
    for name, formatter in BUILTIN_FORMATTERS.items():
        assert formatter.name == name
        assert formatter.description


def test_registered_by_the_core_plugin() -> None:
    assert dict(core.pipelint_register_formatters()) == BUILTIN_FORMATTERS


@pytest.mark.parametrize("name", list(BUILTIN_FORMATTERS))
def test_output_ends_with_a_newline(name: str, report: Report, empty_report: Report) -> None:
    for each in (report, empty_report):
        output = BUILTIN_FORMATTERS[name]().format(each)
        assert output == "" or output.endswith("\n")
        assert not output.endswith("\n\n")
