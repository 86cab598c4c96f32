"""PL101 prod-without-approval."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import is_deploying


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
    - [AWS DevOps Guidance: DL.CD.4 approvals](https://docs.aws.amazon.com/wellarchitected/latest/devops-guidance/dl.cd.4-implement-manual-approvals-for-production.html)
    """

    code = "PL101"
    name = "prod-without-approval"
    severity = Severity.HIGH
    tags = ("release-gating",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        approved_before = False  # an approval in an earlier stage gates everything after it
        for stage in pipeline.stages:
            if not approved_before:
                ungated = list(self._ungated(pipeline, stage, ctx))
                if ungated:
                    yield self._violation(stage, ungated)
            approved_before = approved_before or any(a.is_manual_approval for a in stage.actions)

    def _ungated(
        self, pipeline: Pipeline, stage: Stage, ctx: RuleContext
    ) -> Iterator[tuple[Action, str]]:
        approval_orders = [a.effective_run_order for a in stage.actions if a.is_manual_approval]
        for action in stage.actions:
            if not is_deploying(action):
                continue
            order = action.effective_run_order
            if approval_orders:
                if order is None or None in approval_orders:
                    continue  # a run order we cannot read: say nothing rather than guess
                if any(approval < order for approval in approval_orders if approval is not None):
                    continue
            verdict = ctx.production.action(pipeline, stage, action)
            if verdict:
                yield action, verdict.reason

    def _violation(self, stage: Stage, ungated: list[tuple[Action, str]]) -> Violation:
        stage_name = _name(stage.name)
        actions = ", ".join(f'"{_name(action.name)}"' for action, _ in ungated)
        plural = "s" if len(ungated) > 1 else ""
        return Violation(
            message=(
                f'Stage "{stage_name}" deploys to production with no manual approval before '
                f"action{plural} {actions}"
            ),
            location=stage.name.loc if stage.name is not None else stage.loc,
            related=tuple(
                Related(
                    action.name.loc if action.name is not None else action.loc,
                    f'ungated production deploy "{_name(action.name)}": {reason}',
                )
                for action, reason in ungated
            ),
        )


def _name(value: object) -> str:
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else "?"
