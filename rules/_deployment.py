"""What the rollback and deployment-safety rules (PL2) share: values and on/off settings
resolved as far as they can be known, names for messages, and the places a finding points
at."""

from __future__ import annotations

from dataclasses import dataclass

from pipelint.api import Location, Related, RuleContext
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.node import Node
from pipelint.model.sam import DeploymentPreference, SamFunction
from pipelint.model.values import Scalar
from pipelint.production import describe_conditions

from ._release import name_loc
from ._values import resolved_text


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
    enabled = switch(rollback, "enabled", ctx, absent=False)
    if enabled is None:
        return None
    if enabled.off is not None:
        return Rollback((), f"automatic rollback is off{under(enabled.off)}", enabled.where)
    events = texts(rollback.events, ctx)
    if events is None or rollback.is_unknown("events"):
        return None
    return Rollback(events, None, rollback.where("events", key=True))


@dataclass(frozen=True)
class Switch:
    """A boolean setting across the template's scenarios: the conditions under which it is
    ``on`` and ``off`` (``()``: always; ``None``: never, as in :func:`_when`), and ``where``
    it is written (its value, or the key of the mapping it is missing from)."""

    on: tuple[str, ...] | None
    off: tuple[str, ...] | None
    where: Location


def switch(node: Node, field: str, ctx: RuleContext, *, absent: bool) -> Switch | None:
    """The boolean ``field`` of ``node`` (``absent`` when it is not written) in each scenario;
    ``None`` when it cannot be known (see :func:`_scenarios`)."""
    value = getattr(node, field)
    found = _scenarios(value, ctx, absent=absent)
    if found is None:
        return None
    return Switch(_when(found, True), _when(found, False), node.where(field, key=value is None))


#: A boolean in each template scenario: ``(value, conditions)`` pairs, conditions as in
#: :attr:`pipelint.production.Branch.when` (none: every scenario).
_Scenarios = tuple[tuple[bool, tuple[str, ...]], ...]


def _scenarios(flag: Scalar | None, ctx: RuleContext, *, absent: bool) -> _Scenarios | None:
    """The value of a boolean in each scenario: ``absent`` when it is not written; a literal
    (``true``, ``"False"``) or a value that resolves to one, under the conditions of the
    ``!If`` branches it comes from. ``None`` when a branch cannot be known, or the value is
    imported from a template whose conditions do not hold here."""
    if flag is None:
        return ((absent, ()),)
    possible = ctx.production.possible_in(flag, ctx.model.document.path)
    if not possible.complete or not possible.branches or possible.document is not None:
        return None
    found = []
    for branch in possible.branches:
        value = Scalar(branch.text, flag.loc).as_bool
        if value is None:
            return None
        found.append((value, branch.when))
    return tuple(found)


def _when(found: _Scenarios, value: bool) -> tuple[str, ...] | None:
    """The conditions under which a flag has ``value`` (none: always); ``None`` when it never
    has it."""
    matching = [conditions for flag, conditions in found if flag is value]
    if not matching:
        return None
    return () if len(matching) == len(found) else matching[0]


def under(conditions: tuple[str, ...]) -> str:
    """`` when IsProd is false`` for ``("!IsProd",)``; nothing for no conditions."""
    return f" when {describe_conditions(conditions)}" if conditions else ""


def number(value: Scalar | None, ctx: RuleContext) -> int | None:
    """An integer, written or resolved (the same in every scenario); ``None`` when unknown."""
    if value is None:
        return None
    text = resolved_text(value, ctx)
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


def labelled(kind: str, name: Scalar | None, logical_id: str | None, ctx: RuleContext) -> str:
    """``Deployment group "web-prod"``: ``kind`` and the resource's ``name``, or its
    ``logical_id`` when the name is not written or cannot be known."""
    return f'{kind} "{text(name, ctx) or logical_id or "(unnamed)"}"'


def group_label(group: DeploymentGroup, ctx: RuleContext) -> str:
    """``Deployment group "web-prod"`` (its name, or its logical ID when the name is unknown)."""
    return labelled("Deployment group", group.name, group.logical_id, ctx)


def function_label(function: SamFunction, ctx: RuleContext) -> str:
    """``Function "Api"`` (its ``FunctionName``, or its logical ID when that is unknown)."""
    return labelled("Function", function.function_name, function.logical_id, ctx)


def deployed_by(group: DeploymentGroup, ctx: RuleContext) -> tuple[Related, ...]:
    """A related location for each pipeline action of the run that deploys to ``group``."""
    related = []
    for deployer in ctx.project.deployers(group):
        pipeline, action = deployer.pipeline, deployer.action
        name = ctx.production.quoted(action.name, pipeline)
        pipeline_name = ctx.production.label(pipeline.name, pipeline) or pipeline.logical_id
        message = f'deployed by action {name} of pipeline "{pipeline_name or "(unnamed)"}"'
        related.append(Related(name_loc(action), message))
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


def preference_on(preference: DeploymentPreference, ctx: RuleContext) -> tuple[str, ...] | None:
    """The conditions under which a deployment preference is on (none: always), ``Enabled``
    absent or true (SAM reads the strings ``"false"``/``"False"`` as false); ``None`` when it
    is never on, or cannot be known."""
    enabled = switch(preference, "enabled", ctx, absent=True)
    return None if enabled is None else enabled.on
