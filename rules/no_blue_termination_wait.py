"""PL210 no-blue-termination-wait."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import DeploymentGroup

from ._deployment import deployed_by, group_label, number, text

#: The deployment type the blue/green settings apply to; without one a group deploys in place.
BLUE_GREEN = "BLUE_GREEN"


class NoBlueTerminationWait(Rule):
    """A blue/green deployment that removes the original environment at once.

    ## What it does
    Reports a blue/green `AWS::CodeDeploy::DeploymentGroup` (`DeploymentStyle` with
    `DeploymentType: BLUE_GREEN`) whose
    `BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess` sets
    `TerminationWaitTimeInMinutes: 0`, unless the original environment is kept
    (`Action: KEEP_ALIVE`). A group without a deployment type deploys in place, where the
    blue/green settings do nothing; a type or wait that cannot be known is not reported.

    ## Why is this bad?
    After traffic moves to the replacement (green) instances or task set, the original
    (blue) one is the quickest way back: rolling back only moves traffic again. With no
    wait, the blue environment is terminated as soon as the deployment succeeds, and a
    problem noticed a few minutes later needs a full redeployment of the old revision.

    ## Example
    ```yaml
        DeploymentStyle: {DeploymentType: BLUE_GREEN, DeploymentOption: WITH_TRAFFIC_CONTROL}
        BlueGreenDeploymentConfiguration:
          TerminateBlueInstancesOnDeploymentSuccess:
            Action: TERMINATE
            TerminationWaitTimeInMinutes: 0
    ```

    ## Use instead
    ```yaml
          TerminateBlueInstancesOnDeploymentSuccess:
            Action: TERMINATE
            TerminationWaitTimeInMinutes: 60
    ```

    ## Configuration
    none

    ## References
    - [AWS::CodeDeploy::DeploymentGroup BlueInstanceTerminationOption](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codedeploy-deploymentgroup-blueinstanceterminationoption.html)
    """

    code = "PL210"
    name = "no-blue-termination-wait"
    severity = Severity.LOW
    tags = ("rollback",)
    targets = (DeploymentGroup,)

    def check(self, group: DeploymentGroup, ctx: RuleContext) -> Iterator[Violation]:
        blue_green, style = group.blue_green, group.deployment_style
        if blue_green is None or number(blue_green.termination_wait, ctx) != 0:
            return
        if style is None or text(style.type, ctx) != BLUE_GREEN:
            return  # in place (the default), or a type that cannot be known
        action = blue_green.termination_action
        if action is not None and text(action, ctx) != "TERMINATE":
            return  # kept alive, or an action that cannot be known
        yield Violation(
            f"{group_label(group, ctx)} removes the original (blue) environment as soon as a "
            "deployment succeeds (TerminationWaitTimeInMinutes is 0)",
            blue_green.where("termination_wait"),
            related=deployed_by(group, ctx),
        )
