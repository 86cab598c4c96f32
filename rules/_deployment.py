"""What the rollback and deployment-safety rules (PL2) share: values resolved as far as they
can be known, names for messages, and the places a finding points at."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pipelint.api import Location, Related, RuleContext
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.node import Node
from pipelint.model.resolution import Resolved
from pipelint.model.sam import DeploymentPreference, SamFunction
from pipelint.model.values import Scalar


@dataclass(frozen=True)
class Rollback:
    """What a deployment group rolls back on: ``events`` (none when automatic rollback is
    missing or off, and ``off`` says which), and where to point about it (the group when the
    configuration is missing, ``Enabled`` when it is off, else ``Events``)."""

    events: tuple[str, ...]
    off: str | None
    where: Location


def rollback_of(group: DeploymentGroup, ctx: RuleContext) -> Rollback | None:
    """The automatic rollback of ``group``; ``None`` when it cannot be known."""
    rollback = group.auto_rollback
    if group.is_unknown("auto_rollback"):
        return None
    if rollback is None and group.is_written("auto_rollback"):
        return None  # not a mapping: an invalid document, not a missing rollback
    if rollback is None:
        where = group.where("auto_rollback", key=True)
        return Rollback((), "no AutoRollbackConfiguration", where)
    enabled = switched_on(rollback.enabled, ctx)
    if enabled is None:
        return None
    if not enabled:
        where = rollback.where("enabled", key=rollback.enabled is None)
        return Rollback((), "automatic rollback is off", where)
    events = texts(rollback.events, ctx)
    if events is None or rollback.is_unknown("events"):
        return None
    return Rollback(events, None, rollback.where("events", key=True))


def switched_on(flag: Scalar | None, ctx: RuleContext) -> bool | None:
    """Whether an ``Enabled`` flag is true: absent is false; ``None`` when it cannot be known."""
    return False if flag is None else truth(flag, ctx)


def truth(value: Scalar | None, ctx: RuleContext) -> bool | None:
    """A boolean written as ``true``/``false`` (or their strings, or a value that resolves to
    one in every scenario); ``None`` when absent or unknown."""
    if value is None:
        return None
    if value.is_literal:
        return value.as_bool
    return _bool(ctx.project.resolve(value, ctx.model))


def _bool(resolved: Resolved) -> bool | None:
    if resolved.branches:
        answers = {_bool(branch) for branch in resolved.branches}
        return answers.pop() if len(answers) == 1 else None
    value = resolved.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def number(value: Scalar | None, ctx: RuleContext) -> int | None:
    """An integer, written or resolved (the same in every scenario); ``None`` when unknown."""
    if value is None:
        return None
    text = value.text if value.is_literal else ctx.project.resolve_text(value, ctx.model)
    return Scalar(text, value.loc).as_int if text is not None else None


def text(value: Scalar | None, ctx: RuleContext) -> str | None:
    """The text of ``value`` when it is the same in every scenario and known."""
    return ctx.production.possible_in(value, ctx.model.document.path).text


def texts(values: tuple[Scalar, ...], ctx: RuleContext) -> tuple[str, ...] | None:
    """The texts of a list of values (an item may be a list parameter), or ``None`` when one
    of them cannot be known."""
    found: list[str] = []
    for value in values:
        if value.is_literal:
            if value.text is None:
                return None
            found.append(value.text)
            continue
        resolved = ctx.project.resolve(value, ctx.model).value
        items = resolved if isinstance(resolved, tuple) else (resolved,)
        if not all(isinstance(item, str) for item in items):
            return None
        found.extend(items)
    return tuple(found)


def group_label(group: DeploymentGroup, ctx: RuleContext) -> str:
    """``Deployment group "web-prod"`` (its name, or its logical ID when the name is unknown)."""
    return f'Deployment group "{text(group.name, ctx) or group.logical_id or "(unnamed)"}"'


def function_label(function: SamFunction, ctx: RuleContext) -> str:
    """``Function "Api"`` (its ``FunctionName``, or its logical ID when that is unknown)."""
    name = text(function.function_name, ctx) or function.logical_id or "(unnamed)"
    return f'Function "{name}"'


def deployed_by(group: DeploymentGroup, ctx: RuleContext) -> tuple[Related, ...]:
    """A related location for each pipeline action of the run that deploys to ``group``."""
    related = []
    for deployer in ctx.project.deployers(group):
        pipeline, action = deployer.pipeline, deployer.action
        name = ctx.production.quoted(action.name, pipeline)
        where = action.name.loc if action.name is not None else action.loc
        pipeline_name = ctx.production.label(pipeline.name, pipeline) or pipeline.logical_id
        message = f'deployed by action {name} of pipeline "{pipeline_name or "(unnamed)"}"'
        related.append(Related(where, message))
    return tuple(related)


def preference_at(
    function: SamFunction, preference: DeploymentPreference, field: str, *, key: bool = True
) -> tuple[Location, tuple[Related, ...]]:
    """Where a finding about ``field`` of a function's deployment preference points: the
    field's key (its value, with ``key`` false), or the preference's key when it is absent;
    for a value set in ``Globals``, the function, with the global value as a related
    location."""
    where = preference.where(field, key=key)
    own = function.origin.pointer[:2] if function.origin is not None else ()
    if where.pointer[: len(own)] == own:
        return where, ()
    return function.key_loc or function.loc, (Related(where, "set in Globals.Function"),)


def preference_enabled(preference: DeploymentPreference, ctx: RuleContext) -> bool | None:
    """Whether a deployment preference is on: ``Enabled`` absent or true (SAM reads the
    strings ``"false"``/``"False"`` as false); ``None`` when it cannot be known."""
    if preference.enabled is None:
        return True
    return truth(preference.enabled, ctx)


def in_document_of(node: Node, ctx: RuleContext) -> RuleContext:
    """``ctx`` for reading the values of ``node``, which may come from another document."""
    model = ctx.project.model_of(node)
    return ctx if model is None or model is ctx.model else dataclasses.replace(ctx, model=model)
