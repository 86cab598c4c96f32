"""How rules name the pipelines and resources they report on: a name that resolves, in
quotes (``"web-prod"``), else the template's logical ID in quotes (``"Pipeline"``)."""

from __future__ import annotations

from pipelint.api import RuleContext
from pipelint.model.pipeline import Pipeline
from pipelint.model.values import Scalar


def resource_label(name: Scalar | None, logical_id: str | None, ctx: RuleContext) -> str:
    """``"web-prod"`` when the resource's name resolves, else its logical ID in quotes,
    else ``(unnamed)``."""
    text = ctx.project.resolve_text(name, ctx.model)
    if text:
        return f'"{text}"'
    return f'"{logical_id}"' if logical_id else "(unnamed)"


def pipeline_label(pipeline: Pipeline, ctx: RuleContext) -> str:
    """``"shop"`` when the pipeline's name is known, else its logical ID in quotes, else the
    name as written (a pipeline may be in another document than the one checked)."""
    name = ctx.production.possible(pipeline.name, pipeline).text
    if name is None and pipeline.logical_id is not None:
        return f'"{pipeline.logical_id}"'
    return ctx.production.quoted(pipeline.name, pipeline)
