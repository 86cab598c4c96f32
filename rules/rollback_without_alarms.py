"""PL202 rollback-without-alarms."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Location, Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.sam import SamFunction

from ._deployment import (
    deployed_by,
    function_label,
    group_label,
    preference_at,
    preference_on,
    rollback_of,
    switch,
    under,
)

STOP_ON_ALARM = "DEPLOYMENT_STOP_ON_ALARM"


class RollbackWithoutAlarms(Rule):
    """A deployment that does not roll back when an alarm fires.

    ## What it does
    Reports an `AWS::CodeDeploy::DeploymentGroup` that does not roll back on alarms: its
    automatic rollback is missing or off, or does not list `DEPLOYMENT_STOP_ON_ALARM`; or
    the event is listed but its `AlarmConfiguration` is missing, not enabled (`Enabled`
    absent or false) or names no alarm. For a SAM function, reports an enabled
    `DeploymentPreference` (merged with `Globals.Function`) with no `Alarms`. Pipeline
    actions of the run that deploy to a group are given as related locations.

    Values written as intrinsics are resolved where the template allows; a flag written as
    `!If` is reported under the condition where it is off. When a value cannot be known,
    nothing is reported.

    ## Why is this bad?
    A deployment that succeeds technically can still break the service: errors and latency
    show up in CloudWatch alarms, not in deployment status. Without alarms that stop and
    roll back the deployment, a bad revision keeps shifting traffic until a person reacts.

    ## Example
    ```yaml
    WebGroup:
      Type: AWS::CodeDeploy::DeploymentGroup
      Properties:
        AutoRollbackConfiguration:
          Enabled: true
          Events: [DEPLOYMENT_FAILURE]
    ```

    ## Use instead
    ```yaml
        AutoRollbackConfiguration:
          Enabled: true
          Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]
        AlarmConfiguration:
          Enabled: true
          Alarms: [{Name: !Ref Http5xxAlarm}]
    ```
    For SAM: `DeploymentPreference: {Type: Canary10Percent5Minutes, Alarms: [!Ref ErrorsAlarm]}`.

    ## Configuration
    none

    ## References
    - [AWS Config rule codedeploy-auto-rollback-monitor-enabled](https://docs.aws.amazon.com/config/latest/developerguide/codedeploy-auto-rollback-monitor-enabled.html)
    - [AWS::CodeDeploy::DeploymentGroup AlarmConfiguration](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codedeploy-deploymentgroup-alarmconfiguration.html)
    - [SAM: DeploymentPreference](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html)
    """

    code = "PL202"
    name = "rollback-without-alarms"
    severity = Severity.HIGH
    tags = ("rollback",)
    targets = (DeploymentGroup, SamFunction)

    def check(self, node: DeploymentGroup | SamFunction, ctx: RuleContext) -> Iterator[Violation]:
        if isinstance(node, SamFunction):
            yield from self._function(node, ctx)
            return
        found = self._group(node, ctx)
        if found is not None:
            yield Violation(found[0], found[1], related=deployed_by(node, ctx))

    def _group(self, group: DeploymentGroup, ctx: RuleContext) -> tuple[str, Location] | None:
        rollback = rollback_of(group, ctx)
        alarms = group.alarm_configuration
        if rollback is None or group.is_unknown("alarm_configuration"):
            return None
        label = group_label(group, ctx)
        if STOP_ON_ALARM not in rollback.events:
            why = rollback.off or f"{STOP_ON_ALARM} is not among its rollback events"
            return f"{label} does not roll back on alarms: {why}", rollback.where
        if alarms is None and group.is_written("alarm_configuration"):
            return None  # not a mapping: an invalid document, not a missing configuration
        if alarms is None:
            return f"{label} rolls back on alarms but has no AlarmConfiguration", rollback.where
        enabled = switch(alarms, "enabled", ctx, absent=False)
        if enabled is None:
            return None
        if enabled.off is not None:
            message = f"{label} rolls back on alarms but its AlarmConfiguration is not enabled"
            return message + under(enabled.off), enabled.where
        if not alarms.alarms and not alarms.is_unknown("alarms"):
            where = alarms.where("alarms", key=True)
            return f"{label} rolls back on alarms but its AlarmConfiguration names no alarm", where
        return None

    def _function(self, function: SamFunction, ctx: RuleContext) -> Iterator[Violation]:
        preference = function.deployment_preference
        on = preference_on(preference, ctx) if preference is not None else None
        if preference is None or on is None:
            return
        if preference.alarms or preference.is_unknown("alarms"):
            return
        location, related = preference_at(function, preference, "alarms")
        label = function_label(function, ctx)
        message = f"{label} shifts traffic with no alarms to roll back on{under(on)}"
        yield Violation(message, location, related=related)
