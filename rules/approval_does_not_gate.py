"""PL102 approval-does-not-gate."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier

from ._release import action_conditions, combined, consistent, may_deploy, name_loc

#: Categories of actions that may release whatever their names: what they run is not read.
_MAY_RELEASE = frozenset({"Build", "Invoke", "Compute"})


class ApprovalDoesNotGate(Rule):
    """A manual approval that holds nothing back.

    ## What it does
    Reports an `Approval`/`Manual` action, at its name, when

    - it has the same `runOrder` as a deploying action of its own stage: both start
      together, so the deploy does not wait for anyone (the deploy is a related location);
    - or nothing that may deploy runs after it: no deploying action, and no Build, Invoke
      or Compute action (a job or a function may release whatever its name, such as a
      Lambda function that swaps blue/green target groups), later in its stage (a higher
      `runOrder`) or in a later stage.

    A deploying action is one as defined for PL101: a `Deploy` action other than a
    CloudFormation action that only prepares a change set (`CHANGE_SET_REPLACE`), or a
    Build, Test, Invoke or Compute action whose name has the word `deploy`, `release`,
    `apply` or `promote`. An approval between a canary deploy and the full deploy of one
    stage gates the full deploy, and is fine; so is an approval before a job that runs the
    change.

    In a template, an approval and an action that exist under contradicting conditions
    (`!If`, `Condition`) never run together. Whatever cannot be read (a stage, an action, an
    action's type or run order written as an intrinsic that does not resolve) is taken as
    possibly deploying after the approval: the rule says nothing rather than guess.

    ## Why is this bad?
    An approval exists to stop a release until a person agrees to it. One that runs beside
    the deploy, or after the last deploy, stops nothing: the pipeline looks gated, and is
    not. Often the `runOrder` of the approval or of the deploy was forgotten (both default
    to 1).

    ## Example
    ```yaml
    - Name: Prod
      Actions:
        - Name: Approve
          ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
        - Name: Deploy
          ActionTypeId: {Category: Deploy, Owner: AWS, Provider: ECS, Version: "1"}
    ```

    ## Use instead
    ```yaml
    - Name: Prod
      Actions:
        - Name: Approve
          ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
          RunOrder: 1
        - Name: Deploy
          ActionTypeId: {Category: Deploy, Owner: AWS, Provider: ECS, Version: "1"}
          RunOrder: 2
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline: manual approval actions](https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html)
    - [CodePipeline: pipeline structure reference (runOrder)](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html)
    """

    code = "PL102"
    name = "approval-does-not-gate"
    severity = Severity.HIGH
    tags = ("release-gating",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        production = ctx.production
        for index, stage in enumerate(pipeline.stages):
            for approval in stage.actions:
                if not approval.is_manual_approval:
                    continue
                name = production.quoted(approval.name, pipeline)
                parallel = list(_parallel_deploys(pipeline, stage, approval, production))
                if parallel:
                    order = production.run_order(approval, pipeline)
                    deploys = ", ".join(production.quoted(a.name, pipeline) for a in parallel)
                    plural = "s" if len(parallel) > 1 else ""
                    yield Violation(
                        message=(
                            f"Manual approval {name} runs in parallel with deploying "
                            f"action{plural} {deploys} (run order {order}), so it does not "
                            f"hold {'them' if plural else 'it'} back"
                        ),
                        location=name_loc(approval),
                        related=tuple(
                            Related(name_loc(a), "deploys at the same time as the approval")
                            for a in parallel
                        ),
                    )
                elif not _deploys_after(pipeline, index, approval, production):
                    yield Violation(
                        message=(
                            f"Manual approval {name} holds nothing back: "
                            "nothing that deploys runs after it"
                        ),
                        location=name_loc(approval),
                    )


def _parallel_deploys(
    pipeline: Pipeline, stage: Stage, approval: Action, production: ProductionClassifier
) -> Iterator[Action]:
    """The deploying actions of ``stage`` that start together with ``approval``: same known
    run order, and conditions that can hold together."""
    order = production.run_order(approval, pipeline)
    if order is None:
        return
    exists = action_conditions(stage, approval)
    for action in stage.actions:
        if (
            action is not approval
            and production.is_deploying(action, pipeline)
            and production.run_order(action, pipeline) == order
            and consistent(combined(exists, action_conditions(stage, action)))
        ):
            yield action


def _deploys_after(
    pipeline: Pipeline, index: int, approval: Action, production: ProductionClassifier
) -> bool:
    """Whether an action that deploys, or may, runs after ``approval`` (of the stage at
    ``index``) in some scenario where the approval exists; also when what follows cannot be
    read."""
    stage = pipeline.stages[index]
    if any(position > index for position in pipeline.unknown_items("stages")):
        return True
    exists = action_conditions(stage, approval)
    order = production.run_order(approval, pipeline)
    for later_index, later in enumerate(pipeline.stages[index:], start=index):
        if later.is_unknown("actions"):
            return True
        for action in later.actions:
            if action is approval or not consistent(
                combined(exists, action_conditions(later, action))
            ):
                continue
            if later_index == index:
                action_order = production.run_order(action, pipeline)
                if order is not None and action_order is not None and action_order <= order:
                    continue
            if _may_release(action, pipeline, production):
                return True
    return False


def _may_release(action: Action, pipeline: Pipeline, production: ProductionClassifier) -> bool:
    """Whether ``action`` deploys or may: a deploying action, or a Build, Invoke or Compute
    action whatever its name (a job or function may release: a CodeBuild project running the
    change, a Lambda function swapping blue/green target groups)."""
    if may_deploy(action, pipeline, production):
        return True
    return bool(production.possible(action.category, pipeline).texts & _MAY_RELEASE)
