"""Small helpers shared by the PL8 structure rules."""

from __future__ import annotations

from pipelint.model.values import Scalar


def quoted(value: Scalar | None) -> str:
    """A name for a message: ``"Build"``, or the intrinsic written in its place."""
    if value is None:
        return "(unnamed)"
    return f'"{value.text}"' if value.text is not None else str(value.value)


def coexist(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whether nodes existing under template conditions ``first`` and ``second`` (``when``)
    can both exist: not when one needs a condition true and the other false."""
    return not any(f"!{name}" in second for name in first) and not any(
        f"!{name}" in first for name in second
    )
