"""Reading model values in rules: literals as written, intrinsics resolved or unknown."""

from __future__ import annotations

from pipelint.api import RuleContext
from pipelint.model.values import Scalar


def resolved_text(value: Scalar | None, ctx: RuleContext) -> str | None:
    """The text of ``value``, resolved when it is an intrinsic; ``None`` when absent or
    unknown."""
    if value is None:
        return None
    if value.is_literal:
        return value.text
    return ctx.project.resolve_text(value, ctx.model)


def is_true(value: Scalar | None, ctx: RuleContext) -> bool:
    """Whether ``value`` is (or resolves to) true: ``true``, ``"true"``, any case."""
    text = resolved_text(value, ctx)
    return text is not None and text.strip().lower() == "true"
