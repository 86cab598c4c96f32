"""PL201 no-auto-rollback."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import DeploymentGroup

from ._deployment import deployed_by, group_label, rollback_of

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
    defaults, `!Sub`, an export of another template of the run); an `Enabled` written as
    `!If` is reported under the condition where it is off. When a value cannot be known,
    nothing is reported.

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
    none

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
        rollback = rollback_of(group, ctx)
        if rollback is None or DEPLOYMENT_FAILURE in rollback.events:
            return
        why = rollback.off or f"{DEPLOYMENT_FAILURE} is not among its rollback events"
        yield Violation(
            f"{group_label(group, ctx)} does not roll back failed deployments: {why}",
            rollback.where,
            related=deployed_by(group, ctx),
        )
