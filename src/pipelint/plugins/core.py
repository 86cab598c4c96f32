"""The engine's own plugin: its PL0 codes and the built-in output formats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pipelint.engine.engine_rules import ENGINE_RULES
from pipelint.engine.rule import Rule
from pipelint.plugins.hookspecs import hookimpl


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return ENGINE_RULES


@hookimpl
def pipelint_register_formatters() -> Mapping[str, type[Any]]:
    from pipelint.formatters import BUILTIN_FORMATTERS

    return BUILTIN_FORMATTERS
