"""PL201 no-auto-rollback."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import DeploymentGroup

from ._deployment import deployed_by, group_label, texts, truth

DEPLOYMENT_FAILURE = "DEPLOYMENT_FAILURE"


class NoAutoRollback(Rule):
    """A CodeDeploy deployment group that does not roll back a failed deployment.

    ## What it does
    Reports an `AWS::CodeDeploy::DeploymentGroup` whose `AutoRollbackConfiguration` is
    missing, not enabled (`Enabled` absent or false), or does not list the
    `DEPLOYMENT_FAILURE` event. Pipeline actions of the run that deploy to the group (a
    CodeDeploy action naming it by `!Ref`, or by application and group name, in the same
    template or in a pipeline JSON file) are given as related locations.

    Values written as intrinsics are resolved where the template allows (parameter
    defaults, `!If` whose branches agree); when they cannot be known, nothing is reported.

    ## Why is this bad?
    Without automatic rollback, a deployment that fails halfway leaves instances, tasks or
    Lambda aliases on a mix of old and new revisions until someone notices and redeploys by
    hand. Rolling back on failure restores the last good revision at once.

    ## Example
    ```yaml
    WebGroup:
      Type: AWS::CodeDeploy::DeploymentGroup
      Properties:
        ApplicationName: !Ref WebApp
        ServiceRoleArn: !GetAtt DeployRole.Arn
        AutoRollbackConfiguration:
          Enabled: false
    ```

    ## Use instead
    ```yaml
        AutoRollbackConfiguration:
          Enabled: true
          Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]
    ```

    ## Configuration
    None.

    ## References
    - [CodeDeploy: redeploy and roll back a deployment](https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html)
    - [AWS::CodeDeploy::DeploymentGroup AutoRollbackConfiguration](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codedeploy-deploymentgroup-autorollbackconfiguration.html)
    - [AWS Config rule codedeploy-deployment-group-auto-rollback-enabled](https://docs.aws.amazon.com/config/latest/developerguide/codedeploy-deployment-group-auto-rollback-enabled.html)
    """

    code = "PL201"
    name = "no-auto-rollback"
    severity = Severity.HIGH
    tags = ("rollback",)
    targets = (DeploymentGroup,)

    def check(self, group: DeploymentGroup, ctx: RuleContext) -> Iterator[Violation]:
        if group.is_unknown("auto_rollback"):
            return
        label = group_label(group, ctx)
        rollback = group.auto_rollback
        if rollback is None:
            location = group.where("auto_rollback", key=True)
            message = f"{label} does not roll back failed deployments: no AutoRollbackConfiguration"
        elif (enabled := truth(rollback.enabled, ctx)) is not True:
            if enabled is None and rollback.enabled is not None:
                return  # written as a value that cannot be known
            location = rollback.where("enabled", key=rollback.enabled is None)
            message = f"{label} does not roll back failed deployments: automatic rollback is off"
        else:
            events = texts(rollback.events, ctx)
            if events is None or rollback.is_unknown("events") or DEPLOYMENT_FAILURE in events:
                return
            location = rollback.where("events", key=True)
            message = (
                f"{label} does not roll back failed deployments: "
                f"{DEPLOYMENT_FAILURE} is not among its rollback events"
            )
        yield Violation(message, location, related=deployed_by(group, ctx))
