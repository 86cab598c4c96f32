"""PL209 low-minimum-healthy-hosts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import (
    PREDEFINED_MINIMUM_HEALTHY_HOSTS,
    SERVER,
    DeploymentConfig,
    DeploymentGroup,
)

from ._deployment import deployed_by, group_label, labelled, number, text

FLEET_PERCENT, HOST_COUNT = "FLEET_PERCENT", "HOST_COUNT"


@dataclass(frozen=True)
class MinimumHealthyHostsOptions:
    """The floor: a share of the fleet, a number of hosts; ``None`` checks neither."""

    fleet_percent: int | None = 66
    host_count: int | None = 1


class LowMinimumHealthyHosts(Rule):
    """An EC2/on-premises deployment that keeps too few instances healthy.

    ## What it does
    Reports an `AWS::CodeDeploy::DeploymentConfig` for the EC2/on-premises platform whose
    `MinimumHealthyHosts` is below the configured floor: a `FLEET_PERCENT` value below
    `fleet-percent`, or a `HOST_COUNT` value below `host-count`. Also reports a deployment
    group that uses a predefined configuration below the floor:
    `CodeDeployDefault.AllAtOnce` (no host kept healthy) and `CodeDeployDefault.HalfAtATime`
    (half the fleet). `CodeDeployDefault.OneAtATime` keeps all instances but one healthy.

    ## Why is this bad?
    The minimum healthy hosts is the capacity that keeps serving while instances are being
    updated. Set low, a deployment takes most of the fleet out of service at once: a bad
    revision reaches most instances before the deployment fails, and the remaining capacity
    may not carry the traffic.

    ## Example
    ```yaml
    FastConfig:
      Type: AWS::CodeDeploy::DeploymentConfig
      Properties:
        MinimumHealthyHosts: {Type: FLEET_PERCENT, Value: 25}
    ```

    ## Use instead
    ```yaml
        MinimumHealthyHosts: {Type: FLEET_PERCENT, Value: 75}
    ```

    ## Configuration
    - `fleet-percent` (integer or null, default `66`): the lowest `FLEET_PERCENT` accepted.
    - `host-count` (integer or null, default `1`): the lowest `HOST_COUNT` accepted.

    A `null` floor turns that check off. The defaults are those of the AWS Config rule
    `codedeploy-ec2-minimum-healthy-hosts-configured`.

    ## References
    - [CodeDeploy: deployment configurations on an EC2/on-premises compute platform](https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html)
    - [AWS::CodeDeploy::DeploymentConfig MinimumHealthyHosts](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codedeploy-deploymentconfig-minimumhealthyhosts.html)
    - [AWS Config rule codedeploy-ec2-minimum-healthy-hosts-configured](https://docs.aws.amazon.com/config/latest/developerguide/codedeploy-ec2-minimum-healthy-hosts-configured.html)
    """

    code = "PL209"
    name = "low-minimum-healthy-hosts"
    severity = Severity.LOW
    tags = ("rollback",)
    targets = (DeploymentConfig, DeploymentGroup)
    options_type = MinimumHealthyHostsOptions
    options: MinimumHealthyHostsOptions

    def check(
        self, node: DeploymentConfig | DeploymentGroup, ctx: RuleContext
    ) -> Iterator[Violation]:
        if isinstance(node, DeploymentGroup):
            name = text(node.deployment_config_name, ctx)
            predefined = PREDEFINED_MINIMUM_HEALTHY_HOSTS.get(name or "")
            if node.deployment_config_name is None or predefined is None:
                return
            below = self._below(*predefined)
            if below is not None:
                yield Violation(
                    f"{group_label(node, ctx)} uses {name}, which {below}",
                    node.deployment_config_name.loc,
                    related=deployed_by(node, ctx),
                )
            return
        hosts = node.minimum_healthy_hosts
        if hosts is None or hosts.value is None:
            return
        if node.compute_platform is not None and text(node.compute_platform, ctx) != SERVER:
            return
        kind, value = text(hosts.type, ctx), number(hosts.value, ctx)
        below = self._below(kind, value) if kind is not None and value is not None else None
        if below is not None:
            label = labelled("Deployment configuration", node.name, node.logical_id, ctx)
            yield Violation(f"{label} {below}", hosts.value.loc)

    def _below(self, kind: str | None, value: int) -> str | None:
        """What is wrong with a minimum of ``value`` of ``kind``, or ``None`` when it is not
        below the floor."""
        floor = self.options.fleet_percent if kind == FLEET_PERCENT else None
        if floor is not None and value < floor:
            return f"keeps only {value}% of the fleet healthy during a deployment (floor: {floor}%)"
        floor = self.options.host_count if kind == HOST_COUNT else None
        if floor is not None and value < floor:
            hosts = "host" if value == 1 else "hosts"
            return f"keeps only {value} {hosts} healthy during a deployment (floor: {floor})"
        return None
