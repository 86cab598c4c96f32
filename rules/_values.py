"""Reading model values in rules (literals as written, intrinsics resolved or unknown) and
naming nodes in messages."""

from __future__ import annotations

from pipelint.api import RuleContext
from pipelint.model.pipeline import Action
from pipelint.model.resources import Webhook
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


def action_label(action: Action, ctx: RuleContext) -> str:
    """The action for a message: its quoted name, resolved where the template allows."""
    pipeline = ctx.model.pipeline_of(action)
    if pipeline is not None:
        return ctx.production.quoted(action.name, pipeline)
    name = action.name.text if action.name is not None else None
    return f'"{name or "(unnamed)"}"'


def webhook_label(webhook: Webhook) -> str:
    """The webhook for a message: its ``Name`` when written out, else its logical ID."""
    name = webhook.name.text if webhook.name is not None else None
    return f'"{name or webhook.logical_id or "(unnamed)"}"'
