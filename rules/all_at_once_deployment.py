"""PL204 all-at-once-deployment."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import ALL_AT_ONCE, DeploymentConfig, DeploymentGroup
from pipelint.model.sam import SamFunction
from pipelint.model.values import Scalar

from ._deployment import (
    deployed_by,
    function_label,
    group_label,
    labelled,
    number,
    preference_on,
    text,
)
from ._values import in_document_of

#: SAM's short name of ``CodeDeployDefault.LambdaAllAtOnce``.
SAM_ALL_AT_ONCE = "AllAtOnce"


class AllAtOnceDeployment(Rule):
    """A production deployment that updates every instance, task or function at once.

    ## What it does
    Reports a production `AWS::CodeDeploy::DeploymentGroup` whose `DeploymentConfigName` is
    `CodeDeployDefault.AllAtOnce`, `CodeDeployDefault.ECSAllAtOnce` or
    `CodeDeployDefault.LambdaAllAtOnce`, or a custom `AWS::CodeDeploy::DeploymentConfig` of
    the run that shifts all traffic at once (`TrafficRoutingConfig.Type: AllAtOnce`) or
    keeps no host healthy (`MinimumHealthyHosts.Value: 0`); and a production SAM function
    whose enabled `DeploymentPreference` has `Type: AllAtOnce` (or names such a
    configuration).

    A deployment group or SAM function is production when its own name (deployment group
    or application name, function name; without one, the logical ID) has a production
    word, or when a production pipeline action deploys to it: see
    `pipelint check --explain-prod`.

    ## Why is this bad?
    Deploying everywhere at once gives a bad revision the whole fleet or all the traffic
    before any alarm can fire, and a rollback has to undo all of it. A canary or linear
    configuration limits the blast radius to a part of the traffic while alarms watch.

    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        FunctionName: api-prod
        AutoPublishAlias: live
        DeploymentPreference:
          Type: AllAtOnce
    ```

    ## Use instead
    ```yaml
        DeploymentPreference:
          Type: Canary10Percent5Minutes
          Alarms: [!Ref ApiErrorsAlarm]
    ```

    ## Configuration
    What counts as production is the `production` section of the configuration; this rule
    has no options of its own.

    ## References
    - [CodeDeploy: working with deployment configurations](https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html)
    - [AWS Config rule codedeploy-lambda-allatonce-traffic-shift-disabled](https://docs.aws.amazon.com/config/latest/developerguide/codedeploy-lambda-allatonce-traffic-shift-disabled.html)
    """

    code = "PL204"
    name = "all-at-once-deployment"
    severity = Severity.MEDIUM
    tags = ("rollback",)
    targets = (DeploymentGroup, SamFunction)

    def check(self, node: DeploymentGroup | SamFunction, ctx: RuleContext) -> Iterator[Violation]:
        related: tuple[Related, ...] = ()
        if isinstance(node, DeploymentGroup):
            value, label = node.deployment_config_name, group_label(node, ctx)
            related = deployed_by(node, ctx)
        else:
            preference = node.deployment_preference
            if preference is None or preference_on(preference, ctx) != ():
                return  # off, or on only in some scenarios
            value, label = preference.type, function_label(node, ctx)
        if value is None:
            return
        found = _all_at_once(value, ctx)
        if found is None:
            return
        verdict = ctx.production.resource(node)
        if not verdict:
            return
        how, config = found
        if config is not None:
            where = config.key_loc or config.loc
            related = (Related(where, "the deployment configuration"), *related)
        yield Violation(
            f"{label} deploys to production all at once ({how}); production because "
            f"{verdict.reason}",
            value.loc,
            related=related,
        )


def _all_at_once(value: Scalar, ctx: RuleContext) -> tuple[str, DeploymentConfig | None] | None:
    """How the configuration ``value`` names deploys all at once, and the custom
    configuration it is; ``None`` when it does not, or cannot be known to."""
    name = text(value, ctx)
    if name in ALL_AT_ONCE or name == SAM_ALL_AT_ONCE:
        return name, None
    config = ctx.project.find_deployment_config(value, ctx.model)
    if config is None:
        return None
    config_ctx = in_document_of(config, ctx)
    label = labelled("configuration", config.name, config.logical_id, config_ctx)
    routing = config.traffic_routing
    if routing is not None and text(routing.type, config_ctx) == SAM_ALL_AT_ONCE:
        return f"{label} shifts all traffic at once", config
    hosts = config.minimum_healthy_hosts
    if hosts is not None and number(hosts.value, config_ctx) == 0:
        return f"{label} keeps no host healthy", config
    return None
