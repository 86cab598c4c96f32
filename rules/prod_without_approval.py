"""PL101 prod-without-approval."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier, describe_conditions

from ._release import action_conditions, combined, consistent, name_loc


class ProdWithoutApproval(Rule):
    """A production deploy that no manual approval gates.

    ## What it does
    Reports a stage with a production *deploying action* that no `Approval`/`Manual`
    action gates: none in an earlier stage, and none earlier in the same stage (a strictly
    lower `runOrder`). One finding per stage, at the stage's name, with the ungated action
    as a related location.

    A deploying action is a `Deploy` action — except a CloudFormation action that only
    prepares a change set (`ActionMode: CHANGE_SET_REPLACE`), so the usual *create change
    set → approve → execute* stage is gated — or a Build, Test, Invoke or Compute action
    whose name has the word `deploy`, `release`, `apply` or `promote` (a CodeBuild job
    running `cdk deploy`). Whether it is production is decided by the production
    classifier: see `pipelint check --explain-prod`.

    In a template, approvals under conditions (`!If`) gate a deploy when, in every scenario
    (true or false for each condition) where the deploy exists and is production, one of
    them exists: approvals on both branches of an `!If` gate it, but a pipeline that loses
    its approval when a parameter changes is reported. A name written as an `!If` is
    production under the branch that is. Values written as intrinsics are resolved where
    the template allows (parameter defaults, `!Sub`, `!Ref`, a resource's declared name, a
    value exported by another template of the run); where an action's category, mode or run
    order cannot be known, the rule says nothing rather than guess, and an action or stage
    that cannot be read may be an approval.

    ## Why is this bad?
    Without an approval, every change that passes the earlier stages goes to production at
    once, with nobody deciding that it should. A manual approval is the last point where a
    person can stop a bad release, and many change-management policies require it.

    ## Example
    ```yaml
    Stages:
      - Name: Build
        Actions: [...]
      - Name: Prod
        Actions:
          - Name: Deploy
            ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
            Configuration: {ActionMode: CREATE_UPDATE, StackName: app-prod, ...}
    ```

    ## Use instead
    ```yaml
      - Name: Prod
        Actions:
          - Name: Approve
            ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
            Configuration: {NotificationArn: !Ref ReleaseTopic}
            RunOrder: 1
          - Name: Deploy
            ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
            Configuration: {ActionMode: CREATE_UPDATE, StackName: app-prod, ...}
            RunOrder: 2
    ```

    ## Configuration
    What counts as production is the `production` section of the configuration (words,
    patterns, accounts, regions, strict mode); this rule has no options of its own.

    ## References
    - [CodePipeline: manual approval actions](https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html)
    - [AWS Prescriptive Guidance: the production environment](https://docs.aws.amazon.com/prescriptive-guidance/latest/choosing-git-branch-approach/production-environment.html)
    """

    code = "PL101"
    name = "prod-without-approval"
    severity = Severity.HIGH
    tags = ("release-gating",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        production = ctx.production
        earlier: list[_Approval] = []  # the approvals of earlier stages gate what follows them
        unreadable = _unknown_stages(pipeline)
        for index, stage in enumerate(pipeline.stages):
            if index in unreadable:  # a stage that cannot be read may be an approval stage
                earlier.append(_Approval(None, (), None))
            here = list(_approvals(stage, production, pipeline))
            ungated = list(self._ungated(pipeline, stage, here, earlier, production))
            if ungated:
                yield self._violation(pipeline, stage, ungated, production)
            earlier.extend(here)

    def _ungated(
        self,
        pipeline: Pipeline,
        stage: Stage,
        here: list[_Approval],
        earlier: list[_Approval],
        production: ProductionClassifier,
    ) -> Iterator[_Ungated]:
        for action in stage.actions:
            if not production.is_deploying(action, pipeline):
                continue
            conditions = action_conditions(stage, action)
            order = production.run_order(action, pipeline)
            # Earlier stages, and lower run orders of this one, gate; a run order that cannot
            # be read may be lower: counted as gating rather than guessed at.
            gating = earlier + [
                approval
                for approval in here
                if approval.action is not action
                and (order is None or approval.run_order is None or approval.run_order < order)
            ]
            if _covered(conditions, gating):
                continue
            for verdict in production.verdicts(pipeline, stage, action):
                scenario = combined(conditions, verdict.when)
                if not _covered(scenario, gating):
                    conditional = [
                        (a.action, a.conditions)
                        for a in gating
                        if a.action is not None
                        and a.action.is_manual_approval
                        and not a.gates(scenario)
                    ]
                    yield _Ungated(action, verdict.reason, conditional)
                    break

    def _violation(
        self,
        pipeline: Pipeline,
        stage: Stage,
        ungated: list[_Ungated],
        production: ProductionClassifier,
    ) -> Violation:
        def name(action: Action) -> str:
            return production.quoted(action.name, pipeline)

        stage_name = production.quoted(stage.name, pipeline)
        actions = ", ".join(name(item.action) for item in ungated)
        plural = "s" if len(ungated) > 1 else ""
        related = []
        for item in ungated:
            message = f"ungated production deploy {name(item.action)}: {item.reason}"
            for approval, conditions in item.conditional:
                message += (
                    f"; approval {name(approval)} exists only when "
                    f"{describe_conditions(conditions)}"
                )
            action = item.action
            related.append(Related(name_loc(action), message))
        return Violation(
            message=(
                f"Stage {stage_name} deploys to production with no manual approval before "
                f"action{plural} {actions}"
            ),
            location=name_loc(stage),
            related=tuple(related),
        )


#: Conditions enumerated at most to decide whether approvals cover every scenario; beyond
#: that, a deploy is taken as gated rather than guessed at.
MAX_CONDITIONS = 10


@dataclass(frozen=True)
class _Approval:
    """A manual approval, or what may be one, its run order (``None``: unknown) and the
    template conditions it exists under (none: always). ``action`` is ``None`` for a stage
    whose actions, or a stage, that cannot be read."""

    action: Action | None
    conditions: tuple[str, ...]
    run_order: int | None

    def gates(self, conditions: tuple[str, ...]) -> bool:
        """Whether the approval exists in every scenario where a deploy existing under
        ``conditions`` does: its conditions are among the deploy's."""
        return set(self.conditions) <= set(conditions)


@dataclass(frozen=True)
class _Ungated:
    """An ungated production deploy, why it is production, and the approvals (with their
    conditions) that would gate it were they not conditional."""

    action: Action
    reason: str
    conditional: list[tuple[Action, tuple[str, ...]]]


def _approvals(
    stage: Stage, production: ProductionClassifier, pipeline: Pipeline
) -> Iterator[_Approval]:
    """The manual approvals of ``stage``, and what may be one: an action whose category may
    be ``Approval`` and provider ``Manual`` (a value that resolves to them in some branch, or
    cannot be known), and the stage's actions when they cannot be read (nothing is guessed)."""
    for action in stage.actions:
        if _may_approve(action, production, pipeline):
            order = production.run_order(action, pipeline)
            yield _Approval(action, action_conditions(stage, action), order)
    if stage.is_unknown("actions"):
        yield _Approval(None, action_conditions(stage, None), None)


def _may_approve(action: Action, production: ProductionClassifier, pipeline: Pipeline) -> bool:
    """Whether ``action`` is, or may be, an ``Approval``/``Manual`` action: its category and
    its provider each are, in some branch of an ``!If``, or cannot be known."""
    return action.is_manual_approval or all(
        action.is_unknown(field) or production.possible(value, pipeline).can_be(text)
        for field, value, text in (
            ("category", action.category, "Approval"),
            ("provider", action.provider, "Manual"),
        )
    )


def _unknown_stages(pipeline: Pipeline) -> set[int]:
    """Where stages that cannot be read sit: before the stage of each index."""
    positions = set(pipeline.unknown_items("stages"))
    if not positions and pipeline.is_unknown("stages"):
        positions.add(0)  # somewhere: before every stage
    return positions


def _covered(conditions: tuple[str, ...], approvals: list[_Approval]) -> bool:
    """Whether in every scenario (true/false for each template condition) where all of
    ``conditions`` hold, one of ``approvals`` exists.

    True when no scenario has them all (they contradict), and, rather than a guess, when more
    than :data:`MAX_CONDITIONS` conditions would have to be tried.
    """
    if not consistent(conditions):
        return True  # no scenario: nothing to gate
    fixed = dict(_literal(condition) for condition in conditions)
    needs: list[dict[str, bool]] = []
    for approval in approvals:
        need: dict[str, bool] = {}
        for condition in approval.conditions:
            name, value = _literal(condition)
            if fixed.get(name, value) != value or need.setdefault(name, value) != value:
                break  # never exists alongside the deploy
        else:
            if all(name in fixed for name in need):
                return True  # exists whenever the deploy does
            needs.append({name: value for name, value in need.items() if name not in fixed})
    if not needs:
        return False
    free = sorted({name for need in needs for name in need})
    if len(free) > MAX_CONDITIONS:
        return True
    for values in product((True, False), repeat=len(free)):
        scenario = dict(zip(free, values, strict=True))
        if not any(all(scenario[name] == value for name, value in need.items()) for need in needs):
            return False
    return True


def _literal(condition: str) -> tuple[str, bool]:
    """``("Cond", True)`` for ``Cond``, ``("Cond", False)`` for ``!Cond``."""
    return (condition[1:], False) if condition.startswith("!") else (condition, True)
