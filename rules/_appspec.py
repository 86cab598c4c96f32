"""What the AppSpec rules (PL7) share: platform names, quoting, walking scripts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelint.api import Location, Span
from pipelint.loaders.text import quote
from pipelint.model.appspec import AppSpec, AppSpecPlatform, Hook, HookScript
from pipelint.model.values import Scalar

PLATFORM_NAMES: dict[AppSpecPlatform, str] = {
    "server": "EC2/on-premises",
    "ecs": "ECS",
    "lambda": "Lambda",
    "unknown": "unknown-platform",  # never shown: rules skip what they cannot place
}

__all__ = [
    "PLATFORM_NAMES",
    "at_start",
    "is_build_placeholder",
    "quote",
    "quoted",
    "scripts",
    "text_of",
]

#: Text a build step substitutes before deploying: ``{{NAME}}``, ``<NAME>``, ``${NAME}``,
#: ``#{ns.name}``, ``__NAME__``.
_PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|<[^<>]+>|\$\{[^}]*\}|#\{[^}]*\}|__[A-Z][A-Z0-9_]*__")


def is_build_placeholder(value: Scalar | str | None) -> bool:
    """Whether ``value`` holds a placeholder that a build step replaces before deploying."""
    text = value if isinstance(value, str) or value is None else value.text
    return text is not None and _PLACEHOLDER.search(text) is not None


def text_of(value: Scalar | None) -> str | None:
    """The literal text of ``value``; ``None`` when absent, empty-valued or an intrinsic."""
    return value.text if value is not None else None


def quoted(value: Scalar | None) -> str:
    """``value``'s text in double quotes for a message."""
    text = text_of(value)
    return quote(text) if text is not None else "(none)"


def scripts(spec: AppSpec) -> Iterator[tuple[Hook, HookScript]]:
    """Every EC2/on-premises hook script with its hook, in document order."""
    for hook in spec.hooks:
        for script in hook.scripts:
            yield hook, script


def at_start(spec: AppSpec) -> Location:
    """The first character of the AppSpec's top mapping: where a missing top key is reported."""
    loc = spec.loc
    return Location(loc.path, Span.point(loc.line, loc.column), loc.pointer)
