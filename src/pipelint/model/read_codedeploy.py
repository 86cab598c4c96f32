"""Reading ``AWS::CodeDeploy::DeploymentGroup`` and ``DeploymentConfig`` properties."""

from __future__ import annotations

from pipelint.model.codedeploy import (
    ECS,
    LAMBDA,
    SERVER,
    AlarmConfiguration,
    AutoRollback,
    BlueGreen,
    DeploymentConfig,
    DeploymentGroup,
    DeploymentStyle,
    DeploymentTrigger,
    MinimumHealthyHosts,
    TrafficRouting,
)
from pipelint.model.location import Location
from pipelint.model.reader import Reader
from pipelint.model.template import Template
from pipelint.model.values import Scalar

APPLICATION = "AWS::CodeDeploy::Application"
_PLATFORMS = {platform.lower(): platform for platform in (SERVER, LAMBDA, ECS)}


def read_deployment_group(
    r: Reader, template: Template, logical_id: str, key_loc: Location | None
) -> DeploymentGroup:
    """A deployment group from its ``Properties`` reader (PascalCase)."""
    application_name = r.scalar("ApplicationName", text=True)
    config_name = r.scalar("DeploymentConfigName", text=True)
    return DeploymentGroup(
        **r.placement(key_loc=key_loc),
        application_name=application_name,
        name=r.scalar("DeploymentGroupName", field="name", text=True),
        deployment_config_name=config_name,
        service_role_arn=r.scalar("ServiceRoleArn", text=True),
        auto_rollback=_auto_rollback(r.child("AutoRollbackConfiguration", field="auto_rollback")),
        alarm_configuration=_alarm_configuration(r.child("AlarmConfiguration")),
        deployment_style=_style(r.child("DeploymentStyle")),
        blue_green=_blue_green(r.child("BlueGreenDeploymentConfiguration", field="blue_green")),
        triggers=tuple(
            _trigger(item) for item in r.children("TriggerConfigurations", field="triggers")
        ),
        compute_platform=_compute_platform(r, template, application_name, config_name),
        logical_id=logical_id,
    )


def read_deployment_config(
    r: Reader, logical_id: str, key_loc: Location | None
) -> DeploymentConfig:
    """A deployment configuration from its ``Properties`` reader (PascalCase)."""
    hosts = r.child("MinimumHealthyHosts")
    routing = r.child("TrafficRoutingConfig", field="traffic_routing")
    return DeploymentConfig(
        **r.placement(key_loc=key_loc),
        name=r.scalar("DeploymentConfigName", field="name", text=True),
        compute_platform=r.scalar("ComputePlatform", text=True),
        minimum_healthy_hosts=None
        if hosts is None
        else MinimumHealthyHosts(
            **hosts.placement(), type=hosts.scalar("Type", text=True), value=hosts.scalar("Value")
        ),
        traffic_routing=None if routing is None else _traffic_routing(routing),
        logical_id=logical_id,
    )


def _auto_rollback(r: Reader | None) -> AutoRollback | None:
    if r is None:
        return None
    return AutoRollback(
        **r.placement(), enabled=r.scalar("Enabled"), events=r.scalars("Events", text=True)
    )


def _alarm_configuration(r: Reader | None) -> AlarmConfiguration | None:
    if r is None:
        return None
    return AlarmConfiguration(
        **r.placement(),
        enabled=r.scalar("Enabled"),
        ignore_poll_alarm_failure=r.scalar("IgnorePollAlarmFailure"),
        alarms=r.names("Alarms", "Name"),
    )


def _style(r: Reader | None) -> DeploymentStyle | None:
    if r is None:
        return None
    return DeploymentStyle(
        **r.placement(),
        type=r.scalar("DeploymentType", field="type", text=True),
        option=r.scalar("DeploymentOption", field="option", text=True),
    )


def _blue_green(r: Reader | None) -> BlueGreen | None:
    if r is None:
        return None
    terminate = r.part("TerminateBlueInstancesOnDeploymentSuccess")
    ready = r.part("DeploymentReadyOption")
    green = r.part("GreenFleetProvisioningOption")
    return BlueGreen(
        **r.placement(),
        termination_action=terminate.scalar("Action", field="termination_action", text=True),
        termination_wait=terminate.scalar("TerminationWaitTimeInMinutes", field="termination_wait"),
        ready_action=ready.scalar("ActionOnTimeout", field="ready_action", text=True),
        ready_wait=ready.scalar("WaitTimeInMinutes", field="ready_wait"),
        green_fleet_action=green.scalar("Action", field="green_fleet_action", text=True),
    )


def _trigger(r: Reader) -> DeploymentTrigger:
    return DeploymentTrigger(
        **r.placement(),
        name=r.scalar("TriggerName", field="name", text=True),
        target_arn=r.scalar("TriggerTargetArn", field="target_arn", text=True),
        events=r.scalars("TriggerEvents", field="events", text=True),
    )


def _traffic_routing(r: Reader) -> TrafficRouting:
    settings = r.part("TimeBasedCanary" if r.has("TimeBasedCanary") else "TimeBasedLinear")
    prefix = "Canary" if r.has("TimeBasedCanary") else "Linear"
    return TrafficRouting(
        **r.placement(),
        type=r.scalar("Type", text=True),
        percentage=settings.scalar(f"{prefix}Percentage", field="percentage"),
        interval=settings.scalar(f"{prefix}Interval", field="interval"),
    )


def _compute_platform(
    r: Reader, template: Template, application: Scalar | None, config: Scalar | None
) -> str | None:
    """The platform of the group's application, ``ECSServices``, or its predefined config."""
    intrinsic = application.intrinsic if application is not None else None
    if intrinsic is not None and intrinsic.function == "Ref" and isinstance(intrinsic.args, str):
        resource = template.resource(intrinsic.args)
        if resource is not None and resource.type == APPLICATION:
            properties = resource.properties if isinstance(resource.properties, dict) else {}
            platform = properties.get("ComputePlatform")
            if isinstance(platform, str) and platform.lower() in _PLATFORMS:
                return _PLATFORMS[platform.lower()]
            if "ComputePlatform" not in properties:
                return SERVER  # the default platform of an application
    if r.has("ECSServices"):
        return ECS
    name = config.text if config is not None else None
    if name and name.startswith("CodeDeployDefault."):
        if name.startswith("CodeDeployDefault.Lambda"):
            return LAMBDA
        if name.startswith("CodeDeployDefault.ECS"):
            return ECS
        return SERVER
    return None
