"""Reading ``AWS::Serverless::Function`` resources, merged with ``Globals.Function``."""

from __future__ import annotations

import dataclasses

from pipelint.model.location import Location
from pipelint.model.reader import Reader
from pipelint.model.sam import DeploymentPreference, SamFunction
from pipelint.model.values import Intrinsic, Scalar


def read_sam_function(
    r: Reader,
    globals_reader: Reader,
    logical_id: str,
    key_loc: Location | None,
    condition: str | None,
) -> SamFunction:
    """A function from its ``Properties`` reader and the ``Globals.Function`` reader."""
    preference = merge_preferences(
        _preference(globals_reader, "DeploymentPreference"),
        _preference(r, "DeploymentPreference"),
    )
    alias = r.scalar("AutoPublishAlias", text=True) or globals_reader.scalar(
        "AutoPublishAlias", text=True
    )
    return SamFunction(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        function_name=r.scalar("FunctionName", text=True),
        auto_publish_alias=alias,
        deployment_preference=preference,
        condition=condition,
    )


def merge_preferences(
    defaults: DeploymentPreference | None, own: DeploymentPreference | None
) -> DeploymentPreference | None:
    """Merge as SAM merges globals: the function's values win, lists are appended."""
    if defaults is None or own is None:
        return own or defaults
    return dataclasses.replace(
        own,
        enabled=own.enabled or defaults.enabled,
        type=own.type or defaults.type,
        alarms=(*defaults.alarms, *own.alarms),
        pre_traffic_hook=own.pre_traffic_hook or defaults.pre_traffic_hook,
        post_traffic_hook=own.post_traffic_hook or defaults.post_traffic_hook,
        role=own.role or defaults.role,
    )


def _preference(r: Reader, name: str) -> DeploymentPreference | None:
    raw = r.raw(name)
    intrinsic = Intrinsic.from_raw(raw)
    if intrinsic is not None:
        # The whole preference is conditional (``!If``): whether it is on is unknown.
        pointer = r.pointer_of(name, field="deployment_preference")
        here = r.locate(pointer)
        return DeploymentPreference(
            loc=here, key_loc=r.locate(pointer, key=True), enabled=Scalar(intrinsic, here)
        )
    p = r.child(name, field="deployment_preference")
    if p is None:
        return None
    hooks = p.part("Hooks")
    return DeploymentPreference(
        **p.placement(),
        enabled=p.scalar("Enabled"),
        type=p.scalar("Type", text=True),
        alarms=p.scalars("Alarms", text=True),
        pre_traffic_hook=hooks.scalar("PreTraffic", field="pre_traffic_hook", text=True),
        post_traffic_hook=hooks.scalar("PostTraffic", field="post_traffic_hook", text=True),
        role=p.scalar("Role", text=True),
    )
