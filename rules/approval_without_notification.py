"""PL103 approval-without-notification."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Pipeline

from ._release import name_loc


class ApprovalWithoutNotification(Rule):
    """A manual approval that tells nobody it is waiting.

    ## What it does
    Reports an `Approval`/`Manual` action without a `NotificationArn` in its configuration,
    at the `configuration` key (at the action's name when it has no configuration), or with
    an empty one, at that value. An approval whose configuration is written as an
    intrinsic, or whose `NotificationArn` is one, is not reported.

    ## Why is this bad?
    Without a notification, nobody learns that a release waits for them: it sits until
    someone happens to open the console, and after the approval's timeout (seven days by
    default) it fails. CodePipeline publishes to the SNS topic of `NotificationArn` when the
    approval starts, with a link to review it.

    ## Example
    ```yaml
    - Name: Approve
      ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
      Configuration:
        CustomData: Check the staging dashboard
    ```

    ## Use instead
    ```yaml
    - Name: Approve
      ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
      Configuration:
        NotificationArn: !Ref ReleaseApprovalTopic
        CustomData: Check the staging dashboard
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline: manual approval actions](https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html)
    - [CodePipeline: action types, custom actions and approval actions](https://docs.aws.amazon.com/codepipeline/latest/userguide/actions.html)
    """

    code = "PL103"
    name = "approval-without-notification"
    severity = Severity.LOW
    tags = ("release-gating",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        for _, action in pipeline.actions():
            if not action.is_manual_approval or action.is_unknown("configuration"):
                continue
            topic = action.config("NotificationArn")
            if topic is not None and not (topic.is_literal and not topic.text):
                continue
            approval = ctx.production.quoted(action.name, pipeline)
            if topic is not None:
                where, detail = topic.loc, "its NotificationArn is empty"
            elif action.configuration is not None:
                where = action.configuration.key_loc or action.configuration.loc
                detail = "it has no NotificationArn"
            else:
                where, detail = name_loc(action), "it has no configuration with a NotificationArn"
            yield Violation(
                message=f"Manual approval {approval} notifies nobody: {detail}",
                location=where,
            )
