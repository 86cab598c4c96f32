"""The public API for rule packs and other plugins.

Import what a plugin needs from here; everything else is internal and may change.
"""

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from pipelint.config import Config
from pipelint.engine.context import RuleContext
from pipelint.engine.findings import Confidence, Finding, Related, Severity
from pipelint.engine.rule import NoOptions, Rule, Violation
from pipelint.engine.runner import RunResult
from pipelint.model.location import Location, Span
from pipelint.plugins.hookspecs import hookimpl

__all__ = [
    "Confidence",
    "Finding",
    "Location",
    "NoOptions",
    "Related",
    "Rule",
    "RuleContext",
    "RunResult",
    "Severity",
    "Span",
    "Violation",
    "check",
    "hookimpl",
]


def check(
    paths: Sequence[str | Path],
    *,
    root: str | Path | None = None,
    config: Config | None = None,
    select: Sequence[str] = (),
) -> RunResult:
    """Check files and directories as ``pipelint check`` does, and return the result.

    ``config`` defaults to the nearest configuration file from ``root`` (the current
    directory by default); ``select`` narrows the rules further (codes, prefixes or names).
    """
    from pipelint.engine.discovery import discover
    from pipelint.engine.runner import Runner
    from pipelint.engine.setup import make_config, make_registry

    base = Path(root) if root is not None else Path.cwd()
    registry = make_registry()
    if config is None:
        config = make_config(registry, explicit=None, start=base)
    if select:
        config = dataclasses.replace(config, select=tuple(select))
    sources = discover(
        [str(path) for path in paths],
        root=base,
        exclude=config.exclude,
        exclude_base=config.path.parent if config.path is not None else None,
    )
    return Runner(registry, config, root=base).run(sources)
