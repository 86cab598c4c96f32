"""What the command line and the API share before a run: plugins and configuration."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipelint.config import Config, load_config
from pipelint.plugins.manager import Registry, disabled_from_env, load_plugins


def make_registry(plugins: Sequence[str] = (), *, ignore_errors: bool = False) -> Registry:
    """Load the installed plugins and those named by ``plugins``.

    ``plugins`` are ``-p`` arguments: a module to load, or ``no:NAME`` to disable an
    installed plugin (as ``PIPELINT_DISABLE_PLUGINS`` does too).
    """
    disabled = disabled_from_env()
    extra: list[str] = []
    for spec in plugins:
        if spec.startswith("no:"):
            disabled.add(spec[3:])
        else:
            extra.append(spec)
    return load_plugins(disabled=disabled, extra=extra, ignore_errors=ignore_errors)


def make_config(registry: Registry, *, explicit: Path | None, start: Path) -> Config:
    """The plugins' default configuration overlaid by the explicit or nearest file."""
    return load_config(
        explicit=explicit,
        start=start,
        rules=registry.rule_classes(),
        defaults=[defaults for _, defaults in registry.default_configs],
    )
