"""PL208 destructive-stack-action."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier, describe_conditions

from ._release import action_conditions, combined, consistent, name_loc

#: What each destructive mode does to the stack (``{stack}``).
DESTRUCTIVE_MODES = {
    "REPLACE_ON_FAILURE": "deletes and recreates {stack} when it is in a failed state",
    "DELETE_ONLY": "deletes {stack}",
}


class DestructiveStackAction(Rule):
    """A production CloudFormation action that may delete its stack.

    ## What it does
    Reports a production CloudFormation deploy action whose `ActionMode` is
    `REPLACE_ON_FAILURE` or `DELETE_ONLY`, at the mode. Whether the action is production is
    decided by the production classifier (`pipelint check --explain-prod`); the reason is
    given as a related location.

    In a template, a mode written as `!If` is destructive under the branch that is; it is
    reported when that branch and the action's production verdict can hold together (a
    destructive mode for the non-production branch only is fine). A mode that cannot be
    resolved is not reported.

    ## Why is this bad?
    `REPLACE_ON_FAILURE` deletes a stack that is in a failed state and creates it anew;
    `DELETE_ONLY` deletes it. On a production stack that means deleting databases, queues
    and everything else the stack owns that has no retention policy. These modes are meant
    for test stacks; production stacks are changed through a reviewed change set or an
    update.

    ## Example
    ```yaml
    - Name: Deploy
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      Configuration:
        ActionMode: REPLACE_ON_FAILURE
        StackName: shop-prod
    ```

    ## Use instead
    ```yaml
    - Name: Deploy
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      Configuration:
        ActionMode: CREATE_UPDATE
        StackName: shop-prod
    ```

    ## Configuration
    What counts as production is the `production` section of the configuration; this rule
    has no options of its own.

    ## References
    - [CodePipeline: CloudFormation deploy action reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html)
    - [CloudFormation: configuration properties of the CodePipeline action](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-action-reference.html)
    """

    code = "PL208"
    name = "destructive-stack-action"
    severity = Severity.HIGH
    tags = ("rollback",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        for stage, action in pipeline.actions():
            violation = self._destructive(pipeline, stage, action, ctx.production)
            if violation is not None:
                yield violation

    def _destructive(
        self, pipeline: Pipeline, stage: Stage, action: Action, production: ProductionClassifier
    ) -> Violation | None:
        """The finding for ``action`` when it is a production stack action with a destructive
        mode in a scenario where it is production (the first such scenario)."""
        mode = action.config("ActionMode")
        if mode is None or not _is_stack_deploy(action, pipeline, production):
            return None
        exists = action_conditions(stage, action)
        for branch in production.possible(mode, pipeline).branches:
            effect = DESTRUCTIVE_MODES.get(branch.text)
            if effect is None:
                continue
            for verdict in production.verdicts(pipeline, stage, action):
                scenario = combined(combined(exists, branch.when), verdict.when)
                if not consistent(scenario):
                    continue
                stack = _stack(action, scenario, pipeline, production)
                name = production.quoted(action.name, pipeline)
                when = f" when {describe_conditions(branch.when)}" if branch.when else ""
                target = f'stack "{stack}"' if stack else "its stack"
                return Violation(
                    message=(
                        f"Production stack action {name} uses ActionMode {branch.text}{when}, "
                        f"which {effect.format(stack=target)}"
                    ),
                    location=mode.loc,
                    related=(Related(name_loc(action), f"production: {verdict.reason}"),),
                )
        return None


def _is_stack_deploy(action: Action, pipeline: Pipeline, production: ProductionClassifier) -> bool:
    """Whether ``action`` is, in some branch, a ``Deploy``/``CloudFormation`` action."""
    return (
        "CloudFormation" in production.possible(action.provider, pipeline).texts
        and "Deploy" in production.possible(action.category, pipeline).texts
    )


def _stack(
    action: Action, scenario: tuple[str, ...], pipeline: Pipeline, production: ProductionClassifier
) -> str | None:
    """The name of the action's stack in ``scenario``, when it is known."""
    stacks = production.possible(action.config("StackName"), pipeline).branches
    return next((s.text for s in stacks if consistent(combined(scenario, s.when))), None)
