"""PL101 prod-without-approval."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier


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

    In a template, an approval under a condition (`!If`) gates only the deploys that exist
    under the same condition: a pipeline that loses its approval when a parameter changes
    is reported. Values written as intrinsics are resolved where the template allows
    (parameter defaults, `!Sub`, `!Ref`); where an action's category, mode or run order
    cannot be known, the rule says nothing rather than guess.

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
        for stage in pipeline.stages:
            here = list(_approvals(stage))
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
            conditions = _conditions(stage, action)
            # An approval gates the deploy only if it exists whenever the deploy does.
            if any(approval.gates(conditions) for approval in earlier):
                continue
            order = production.run_order(action, pipeline)
            before = [a for a in here if a.gates(conditions)]
            if before:
                orders = [a.run_order(production, pipeline) for a in before]
                if order is None or None in orders:
                    continue  # a run order we cannot read: say nothing rather than guess
                if any(other is not None and other < order for other in orders):
                    continue
            verdict = production.action(pipeline, stage, action)
            if verdict:
                conditional = [a for a in earlier if not a.gates(conditions)]
                for approval in here:
                    other = approval.run_order(production, pipeline)
                    if (
                        not approval.gates(conditions)
                        and order is not None
                        and other is not None
                        and other < order
                    ):
                        conditional.append(approval)
                yield _Ungated(action, verdict.reason, conditional)

    def _violation(
        self,
        pipeline: Pipeline,
        stage: Stage,
        ungated: list[_Ungated],
        production: ProductionClassifier,
    ) -> Violation:
        def name(action: Action) -> str:
            return _quoted(production.label(action.name, pipeline))

        stage_name = _quoted(production.label(stage.name, pipeline))
        actions = ", ".join(name(item.action) for item in ungated)
        plural = "s" if len(ungated) > 1 else ""
        related = []
        for item in ungated:
            message = f"ungated production deploy {name(item.action)}: {item.reason}"
            for approval in item.conditional:
                if approval.action is not None and approval.action.is_manual_approval:
                    message += (
                        f"; approval {name(approval.action)} exists only when "
                        f"{_describe(approval.conditions)}"
                    )
            action = item.action
            related.append(Related(action.name.loc if action.name else action.loc, message))
        return Violation(
            message=(
                f"Stage {stage_name} deploys to production with no manual approval before "
                f"action{plural} {actions}"
            ),
            location=stage.name.loc if stage.name is not None else stage.loc,
            related=tuple(related),
        )


@dataclass(frozen=True)
class _Approval:
    """A manual approval, or what may be one, and the template conditions it exists under
    (none: always). ``action`` is ``None`` for a stage whose actions are unknown."""

    action: Action | None
    conditions: tuple[str, ...]

    def run_order(self, production: ProductionClassifier, pipeline: Pipeline) -> int | None:
        return production.run_order(self.action, pipeline) if self.action is not None else None

    def gates(self, conditions: tuple[str, ...]) -> bool:
        """Whether the approval exists in every scenario where a deploy existing under
        ``conditions`` does: its conditions are among the deploy's."""
        return set(self.conditions) <= set(conditions)


@dataclass(frozen=True)
class _Ungated:
    """An ungated production deploy, why it is production, and the approvals that would
    gate it were they not conditional."""

    action: Action
    reason: str
    conditional: list[_Approval]


def _approvals(stage: Stage) -> Iterator[_Approval]:
    """The manual approvals of ``stage``, and what may be one: an action whose type is
    written as an intrinsic, and the stage's actions when they are (nothing is guessed)."""
    for action in stage.actions:
        unknown_type = (
            action.is_unknown("category")
            or action.is_unknown("provider")
            or any(
                value is not None and not value.is_literal
                for value in (action.category, action.provider)
            )
        )
        if action.is_manual_approval or unknown_type:
            yield _Approval(action, _conditions(stage, action))
    if stage.is_unknown("actions"):
        yield _Approval(None, _conditions(stage, None))


def _conditions(stage: Stage, action: Action | None) -> tuple[str, ...]:
    """The template conditions (``Cond``, ``!Cond``) an action of ``stage`` exists under."""
    found: list[str] = []
    for condition in (stage.condition, action.condition if action is not None else None):
        if condition:
            found.extend(part for part in condition.split(" and ") if part not in found)
    return tuple(found)


def _describe(conditions: tuple[str, ...]) -> str:
    """``A is true and B is false`` for the conditions ``A``, ``!B``."""
    return " and ".join(
        f"{name[1:]} is false" if name.startswith("!") else f"{name} is true" for name in conditions
    )


def _quoted(text: str | None) -> str:
    return f'"{text}"' if text else "(unnamed)"
