"""CodeDeploy deployment groups and deployment configurations."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelint.model.node import Node
from pipelint.model.values import Scalar

#: The compute platforms CodeDeploy knows (``AWS::CodeDeploy::Application.ComputePlatform``).
SERVER, LAMBDA, ECS = "Server", "Lambda", "ECS"

#: The predefined configurations that deploy to every instance, task or function at once.
ALL_AT_ONCE = frozenset(
    {
        "CodeDeployDefault.AllAtOnce",
        "CodeDeployDefault.ECSAllAtOnce",
        "CodeDeployDefault.LambdaAllAtOnce",
    }
)
#: The minimum healthy hosts (type, value) of the predefined EC2/on-premises configurations
#: that name one (``CodeDeployDefault.OneAtATime`` keeps all instances but one healthy).
PREDEFINED_MINIMUM_HEALTHY_HOSTS: dict[str, tuple[str, int]] = {
    "CodeDeployDefault.AllAtOnce": ("HOST_COUNT", 0),
    "CodeDeployDefault.HalfAtATime": ("FLEET_PERCENT", 50),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AutoRollback(Node):
    """``AutoRollbackConfiguration``: whether it is on, and on which events."""

    enabled: Scalar | None
    events: tuple[Scalar, ...] = ()

    def has_event(self, event: str) -> bool:
        """Whether ``event`` (``DEPLOYMENT_FAILURE``, ``DEPLOYMENT_STOP_ON_ALARM``…) is listed."""
        return any(item.text == event for item in self.events)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlarmConfiguration(Node):
    """``AlarmConfiguration``: the alarms that stop a deployment."""

    enabled: Scalar | None
    ignore_poll_alarm_failure: Scalar | None = None
    alarms: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DeploymentStyle(Node):
    """``DeploymentStyle``: ``IN_PLACE``/``BLUE_GREEN`` and traffic control."""

    type: Scalar | None
    option: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BlueGreen(Node):
    """``BlueGreenDeploymentConfiguration``, flattened.

    ``termination_action``/``termination_wait`` come from
    ``TerminateBlueInstancesOnDeploymentSuccess``; ``ready_action``/``ready_wait`` from
    ``DeploymentReadyOption``; ``green_fleet_action`` from ``GreenFleetProvisioningOption``.
    """

    termination_action: Scalar | None = None
    termination_wait: Scalar | None = None
    ready_action: Scalar | None = None
    ready_wait: Scalar | None = None
    green_fleet_action: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeploymentTrigger(Node):
    """A ``TriggerConfigurations`` entry: SNS notifications on deployment events."""

    name: Scalar | None
    target_arn: Scalar | None
    events: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DeploymentGroup(Node):
    """An ``AWS::CodeDeploy::DeploymentGroup``.

    ``compute_platform`` is ``"Server"``, ``"Lambda"`` or ``"ECS"`` when it is knowable
    (from the application resource in the same template, or ``ECSServices``), else ``None``.
    """

    application_name: Scalar | None
    name: Scalar | None
    deployment_config_name: Scalar | None = None
    service_role_arn: Scalar | None = None
    auto_rollback: AutoRollback | None = None
    alarm_configuration: AlarmConfiguration | None = None
    deployment_style: DeploymentStyle | None = None
    blue_green: BlueGreen | None = None
    triggers: tuple[DeploymentTrigger, ...] = ()
    compute_platform: str | None = None
    logical_id: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class MinimumHealthyHosts(Node):
    """``MinimumHealthyHosts``: ``HOST_COUNT`` or ``FLEET_PERCENT`` and the value."""

    type: Scalar | None
    value: Scalar | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrafficRouting(Node):
    """``TrafficRoutingConfig``: ``AllAtOnce``, ``TimeBasedCanary`` or ``TimeBasedLinear``.

    ``percentage``/``interval`` come from the canary or linear settings, whichever is set.
    """

    type: Scalar | None
    percentage: Scalar | None = None
    interval: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeploymentConfig(Node):
    """An ``AWS::CodeDeploy::DeploymentConfig``."""

    name: Scalar | None
    compute_platform: Scalar | None = None
    minimum_healthy_hosts: MinimumHealthyHosts | None = None
    traffic_routing: TrafficRouting | None = None
    logical_id: str | None = field(default=None, compare=False)
