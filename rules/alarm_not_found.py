"""PL203 alarm-not-found."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.arn import parse_arn
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.pipeline import Pipeline
from pipelint.model.resolution import ResourceRef
from pipelint.model.resources import ALARM_ARN
from pipelint.model.sam import SamFunction
from pipelint.model.values import Scalar

from ._deployment import function_label, group_label
from ._release import condition_rules

#: The resource types that are CloudWatch alarms.
ALARM_TYPES = frozenset({"AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"})


@dataclass(frozen=True)
class AlarmOptions:
    """Alarms defined elsewhere (another stack, the console) that may be named."""

    known_alarms: tuple[str, ...] = ()


class AlarmNotFound(Rule):
    """An alarm named for rollback that does not exist.

    ## What it does
    Reports an alarm named by a deployment group's `AlarmConfiguration`, a SAM
    `DeploymentPreference`'s `Alarms` or a stage condition's `CloudWatchAlarm` rule
    (`AlarmName`) that is no alarm of the run: not an `AWS::CloudWatch::Alarm` or
    `CompositeAlarm` declared in a template checked in the same run, nor a name of the
    `known-alarms` list. Names are looked up as written, resolved (`!Ref`, `!GetAtt`,
    `!Sub` of parameters with defaults) or as an alarm ARN; an ARN of another service, or a
    `!Ref` to a resource that is not an alarm, names no alarm.

    A name that is not found is reported only where it can be missing: when the document
    that names it declares alarms itself, or when `known-alarms` lists the alarms defined
    elsewhere. A name that cannot be resolved is not reported.

    ## Why is this bad?
    CodeDeploy and CodePipeline cannot watch an alarm that does not exist: a misspelt or
    renamed alarm leaves the deployment without the rollback it seems to have (or makes it
    fail when the alarm is polled).

    ## Example
    ```yaml
    ErrorsAlarm:
      Type: AWS::CloudWatch::Alarm
      Properties: {AlarmName: api-errors, ...}
    Group:
      Type: AWS::CodeDeploy::DeploymentGroup
      Properties:
        AlarmConfiguration:
          Enabled: true
          Alarms: [{Name: api-error}]
    ```

    ## Use instead
    ```yaml
          Alarms: [{Name: !Ref ErrorsAlarm}]
    ```

    ## Configuration
    - `known-alarms` (list of names, default none): alarms defined outside the files
      checked, which may be named.

    ## References
    - [AWS::CodeDeploy::DeploymentGroup AlarmConfiguration](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codedeploy-deploymentgroup-alarmconfiguration.html)
    - [CodePipeline: stage conditions](https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html)
    """

    code = "PL203"
    name = "alarm-not-found"
    severity = Severity.MEDIUM
    tags = ("rollback",)
    targets = (DeploymentGroup, SamFunction, Pipeline)
    options_type = AlarmOptions
    options: AlarmOptions

    def check(
        self, node: DeploymentGroup | SamFunction | Pipeline, ctx: RuleContext
    ) -> Iterator[Violation]:
        for owner, value in _named_alarms(node, ctx):
            problem = self._problem(value, ctx)
            if problem is not None:
                yield Violation(f"{owner} {problem}", value.loc)

    def _problem(self, value: Scalar, ctx: RuleContext) -> str | None:
        """What is wrong with the alarm ``value`` names, or ``None`` when it is found or
        cannot be known."""
        resolved, model = ctx.project.resolve_name(value, ctx.model)
        reference = resolved.value
        if isinstance(reference, ResourceRef):
            kind = reference.type or ""
            if kind.startswith("AWS::") and kind not in ALARM_TYPES:
                return f"names {reference.logical_id} ({kind}) as an alarm"
            return None
        names = reference if isinstance(reference, tuple) else (reference,)
        for name in names:
            if not isinstance(name, str):
                continue
            arn = parse_arn(name)
            if arn is not None and not arn.is_of(*ALARM_ARN):
                return f'names "{name}" as an alarm, but it is not an alarm ARN'
            plain = arn.resource_name if arn is not None else name
            if ctx.project.declares_alarm(plain) or plain in self.options.known_alarms:
                continue
            declares = model is not None and bool(model.alarms)
            if declares or self.options.known_alarms:
                where = "the run" if not self.options.known_alarms else "the run or known-alarms"
                return f'names alarm "{plain}", which is not defined in {where}'
        return None


def _named_alarms(
    node: DeploymentGroup | SamFunction | Pipeline, ctx: RuleContext
) -> Iterator[tuple[str, Scalar]]:
    """Every alarm ``node`` names, with how to speak of whoever names it."""
    if isinstance(node, DeploymentGroup):
        if node.alarm_configuration is not None:
            label = group_label(node, ctx)
            for alarm in node.alarm_configuration.alarms:
                yield label, alarm
    elif isinstance(node, SamFunction):
        if node.deployment_preference is not None:
            label = function_label(node, ctx)
            for alarm in node.deployment_preference.alarms:
                yield label, alarm
    else:
        for stage in node.stages:
            for rule in condition_rules(stage):
                named = rule.configuration.get("AlarmName") if rule.configuration else None
                provider = rule.provider.text if rule.provider is not None else None
                if provider == "CloudWatchAlarm" and named is not None:
                    stage_name = ctx.production.quoted(stage.name, node)
                    yield f"Stage {stage_name} condition", named
