"""Hook specifications: what a pipelint plugin may provide.

A plugin is a module or object with functions marked by :data:`hookimpl`, registered
through the ``pipelint`` entry-point group (the built-in rule pack is one too)::

    # pyproject.toml of a rule pack
    [project.entry-points.pipelint]
    mypack = "mypack.plugin"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pipelint.config import Config
    from pipelint.engine.rule import Rule
    from pipelint.formatters.base import Formatter
    from pipelint.plugins.loaders import LoaderPlugin

PROJECT_NAME = "pipelint"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def pipelint_register_rules() -> Sequence[type[Rule]]:  # type: ignore[empty-body]
    """Return the rule classes this plugin contributes."""


@hookspec
def pipelint_register_loaders() -> Sequence[LoaderPlugin]:  # type: ignore[empty-body]
    """Return loaders for new kinds of file (detected by content)."""


@hookspec
def pipelint_register_formatters() -> Mapping[str, type[Formatter]]:  # type: ignore[empty-body]
    """Return output formats by name (``--format NAME``)."""


@hookspec
def pipelint_default_config() -> Mapping[str, Any]:  # type: ignore[empty-body]
    """Return configuration defaults (a policy pack); user configuration overrides them."""


@hookspec
def pipelint_configure(config: Config) -> None:
    """Called once with the effective configuration before any file is checked."""
