"""PL205 ignores-alarm-poll-failure."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import DeploymentGroup

from ._deployment import deployed_by, group_label, switch, under


class IgnoresAlarmPollFailure(Rule):
    """A deployment group that keeps deploying when its alarms cannot be read.

    ## What it does
    Reports an `AWS::CodeDeploy::DeploymentGroup` whose `AlarmConfiguration` sets
    `IgnorePollAlarmFailure: true`, unless the alarm configuration is off (`Enabled` absent
    or false), when the setting does nothing. Pipeline actions of the run that deploy to the
    group are given as related locations.

    ## Why is this bad?
    When CodeDeploy cannot read the state of the alarms from CloudWatch (throttling, a
    missing permission, an alarm deleted), the deployment goes on as if every alarm were
    fine: the safety net is silently gone exactly when nobody can see the service's health.
    The default, `false`, stops the deployment instead.

    ## Example
    ```yaml
        AlarmConfiguration:
          Enabled: true
          IgnorePollAlarmFailure: true
          Alarms: [{Name: !Ref Http5xxAlarm}]
    ```

    ## Use instead
    ```yaml
        AlarmConfiguration:
          Enabled: true
          Alarms: [{Name: !Ref Http5xxAlarm}]
    ```

    ## Configuration
    none

    ## References
    - [AWS::CodeDeploy::DeploymentGroup AlarmConfiguration](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codedeploy-deploymentgroup-alarmconfiguration.html)
    """

    code = "PL205"
    name = "ignores-alarm-poll-failure"
    severity = Severity.MEDIUM
    tags = ("rollback",)
    targets = (DeploymentGroup,)

    def check(self, group: DeploymentGroup, ctx: RuleContext) -> Iterator[Violation]:
        alarms = group.alarm_configuration
        if alarms is None:
            return
        enabled = switch(alarms, "enabled", ctx, absent=False)
        ignores = switch(alarms, "ignore_poll_alarm_failure", ctx, absent=False)
        if enabled is None or ignores is None or enabled.on is None or ignores.on is None:
            return
        yield Violation(
            f"{group_label(group, ctx)} keeps deploying when the state of its alarms cannot "
            f"be read (IgnorePollAlarmFailure is true{under(ignores.on)})",
            ignores.where,
            related=deployed_by(group, ctx),
        )
