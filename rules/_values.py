"""Reading model values in rules (literals as written, intrinsics resolved or unknown) and
naming nodes in messages."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from pipelint.api import RuleContext
from pipelint.model.node import Node
from pipelint.model.pipeline import Action
from pipelint.model.values import Scalar


class NamedResource(Protocol):
    """A template resource that may give itself a name (a project, a webhook)."""

    @property
    def name(self) -> Scalar | None: ...

    @property
    def logical_id(self) -> str | None: ...


def resolved_text(value: Scalar | None, ctx: RuleContext) -> str | None:
    """The text of ``value``, resolved when it is an intrinsic; ``None`` when absent or
    unknown."""
    if value is None:
        return None
    if value.is_literal:
        return value.text
    return ctx.project.resolve_text(value, ctx.model)


def resolved_bool(value: Scalar | None, ctx: RuleContext) -> bool | None:
    """``value`` as a boolean (``true``/``false`` in any case), resolved; else ``None``."""
    text = resolved_text(value, ctx)
    return Scalar(text, value.loc).as_bool if text is not None and value is not None else None


def is_true(value: Scalar | None, ctx: RuleContext) -> bool:
    """Whether ``value`` is (or resolves to) true: ``true``, ``"true"``, any case."""
    return resolved_bool(value, ctx) is True


def in_document_of(node: Node, ctx: RuleContext) -> RuleContext:
    """``ctx`` for reading the values of ``node``, which may come from another document."""
    model = ctx.project.model_of(node)
    return ctx if model is None or model is ctx.model else dataclasses.replace(ctx, model=model)


def action_label(action: Action, ctx: RuleContext) -> str:
    """The action for a message: its quoted name, resolved where the template allows."""
    pipeline = ctx.model.pipeline_of(action)
    if pipeline is not None:
        return ctx.production.quoted(action.name, pipeline)
    name = action.name.text if action.name is not None else None
    return f'"{name or "(unnamed)"}"'


def resource_label(resource: NamedResource, ctx: RuleContext) -> str:
    """The resource for a message, quoted: its ``Name``, resolved where the template
    allows, else its logical ID."""
    name = resolved_text(resource.name, ctx)
    return f'"{name or resource.logical_id or "(unnamed)"}"'
