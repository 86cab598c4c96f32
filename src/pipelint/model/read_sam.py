"""Reading ``AWS::Serverless::Function`` resources, merged with ``Globals.Function``.

SAM merges a global value into the function's own value of the same property: two mappings
merge key by key, two lists concatenate (global items first), and otherwise — scalars, an
intrinsic on either side, or values of different types — the function's value wins alone.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from pipelint.model.location import Location
from pipelint.model.reader import Reader
from pipelint.model.sam import DeploymentPreference, SamFunction
from pipelint.model.values import Intrinsic

#: How SAM combines a global value with the function's: take one side, or merge both.
_Merge = Literal["local", "global", "merge"]

_PREFERENCE = "DeploymentPreference"
_SCALARS = (("Enabled", "enabled"), ("Type", "type"), ("Role", "role"))
_HOOKS = (("PreTraffic", "pre_traffic_hook"), ("PostTraffic", "post_traffic_hook"))


def read_sam_function(
    r: Reader,
    globals_reader: Reader,
    logical_id: str,
    key_loc: Location | None,
    condition: str | None,
) -> SamFunction:
    """A function from its ``Properties`` reader and the ``Globals.Function`` reader."""
    alias = r.scalar("AutoPublishAlias", text=True)
    if not r.has("AutoPublishAlias"):
        alias = globals_reader.scalar("AutoPublishAlias", text=True)
    return SamFunction(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        function_name=r.scalar("FunctionName", text=True),
        auto_publish_alias=alias,
        deployment_preference=_deployment_preference(r, globals_reader),
        condition=condition,
    )


def _merge_kind(local: Reader, shared: Reader, name: str) -> _Merge:
    """How SAM combines the value of ``name`` in ``shared`` (the globals) with ``local``'s."""
    if not local.has(name):
        return "global"
    own, default = local.raw(name), shared.raw(name)
    if not shared.has(name) or Intrinsic.from_raw(own) or Intrinsic.from_raw(default):
        return "local"
    if isinstance(own, dict) and isinstance(default, dict):
        return "merge"
    if isinstance(own, list) and isinstance(default, list):
        return "merge"
    return "local"


def _deployment_preference(r: Reader, shared: Reader) -> DeploymentPreference | None:
    """The function's preference merged with the global one; ``None`` when neither is a
    mapping (the function's field is unknown when the one that applies is an intrinsic)."""
    field = "deployment_preference"
    how = _merge_kind(r, shared, _PREFERENCE)
    source = shared if how == "global" else r
    p = source.child(_PREFERENCE, field=field)
    if field in source.unknown:
        r.mark_unknown(field)
    if p is None:
        return None
    preference = _preference(p)
    base = shared.child(_PREFERENCE, field=field) if how == "merge" else None
    return preference if base is None else _merge(preference, p, _preference(base), base)


def _preference(p: Reader) -> DeploymentPreference:
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


def _merge(
    own: DeploymentPreference, p: Reader, default: DeploymentPreference, base: Reader
) -> DeploymentPreference:
    """The function's preference ``own`` with the global ``default`` merged in."""
    taken: dict[str, Any] = {}
    for name, field in _SCALARS:
        if _merge_kind(p, base, name) == "global":
            taken[field] = getattr(default, field)
    alarms = _merge_kind(p, base, "Alarms")
    if alarms != "local":
        taken["alarms"] = default.alarms if alarms == "global" else (*default.alarms, *own.alarms)
    hooks = _merge_kind(p, base, "Hooks")
    for name, field in _HOOKS:
        if hooks == "global" or (
            hooks == "merge" and _merge_kind(p.part("Hooks"), base.part("Hooks"), name) == "global"
        ):
            taken[field] = getattr(default, field)
    for field in taken:
        if field in base.unknown:
            p.mark_unknown(field)
    return dataclasses.replace(own, **taken)
