"""What the release-gating and rollback rules share: template conditions, actions that may
deploy, production stages, the rules of a stage's conditions, and where to point at a stage
or an action."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Location
from pipelint.model.pipeline import Action, ConditionRule, Pipeline, Stage
from pipelint.production import ProductionClassifier, Verdict, split_words

_CHANGE_SET_REPLACE = "CHANGE_SET_REPLACE"


def action_conditions(stage: Stage, action: Action | None) -> tuple[str, ...]:
    """The template conditions (``Cond``, ``!Cond``) an action of ``stage`` exists under."""
    return combined(stage.when, action.when if action is not None else ())


def combined(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """Both lists of conditions, each condition once."""
    return (*first, *(condition for condition in more if condition not in first))


def consistent(conditions: tuple[str, ...]) -> bool:
    """Whether some scenario has all of ``conditions``: none is there both true and false."""
    return not any(f"!{condition}" in conditions for condition in conditions)


def name_loc(node: Stage | Action) -> Location:
    """The name of a stage or action, or the node when it has none."""
    return node.name.loc if node.name is not None else node.loc


def condition_rules(stage: Stage) -> Iterator[ConditionRule]:
    """The rules of every condition of ``stage``: before entry, on success, on failure."""
    for conditions in (stage.before_entry, stage.on_success, stage.on_failure):
        for condition in conditions.conditions if conditions is not None else ():
            yield from condition.rules


def unreadable_before(pipeline: Pipeline, index: int) -> bool:
    """Whether a stage that cannot be read (an item of ``Stages`` written as an intrinsic)
    comes before the stage at ``index``."""
    return any(position <= index for position in pipeline.unknown_items("stages"))


def may_deploy(action: Action, pipeline: Pipeline, production: ProductionClassifier) -> bool:
    """Whether ``action`` deploys, or may: a deploying action (PL101's definition), or one whose
    category, stack action mode or name (for a Build/Test/Invoke/Compute action) cannot be
    known."""
    if production.is_deploying(action, pipeline):
        return True
    category = production.possible(action.category, pipeline)
    if not category.complete:
        return True
    if "Deploy" in category.texts:  # not deploying only as a change set, or unknown mode
        if action.is_unknown("configuration"):
            return True
        mode = production.possible(action.config("ActionMode"), pipeline)
        return not mode.complete or bool(mode.texts - {_CHANGE_SET_REPLACE})
    if category.texts & {"Build", "Test", "Invoke", "Compute"}:
        return not production.possible(action.name, pipeline).complete
    return False


def production_deploys(
    pipeline: Pipeline, stage: Stage, production: ProductionClassifier
) -> Iterator[tuple[Action, Verdict]]:
    """The deploying actions of ``stage`` that deploy to production, each with why (under
    the template conditions of :attr:`Verdict.when`, if any)."""
    for action in stage.actions:
        if production.is_deploying(action, pipeline):
            verdict = production.action(pipeline, stage, action)
            if verdict:
                yield action, verdict


def has_word(name: str | None, words: frozenset[str]) -> bool:
    """Whether ``name`` has one of ``words`` (see :func:`split_words`)."""
    return name is not None and not words.isdisjoint(split_words(name))
