"""SAM serverless functions and their gradual-deployment preference."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelint.model.node import Node
from pipelint.model.values import Scalar


@dataclass(frozen=True, slots=True, kw_only=True)
class DeploymentPreference(Node):
    """A function's ``DeploymentPreference``, merged with ``Globals.Function`` as SAM does.

    ``enabled`` absent means enabled. ``alarms`` lists the global alarms first, then the
    function's (SAM appends lists); other values of the function override the global ones.
    When either side of a property is an intrinsic, or the two differ in type, the function's
    value is kept alone. Each value keeps the location it was written at. A preference
    written as an intrinsic (``!If``) is ``None`` with ``SamFunction.is_unknown(
    "deployment_preference")`` true.
    """

    enabled: Scalar | None = None
    type: Scalar | None = None
    alarms: tuple[Scalar, ...] = ()
    pre_traffic_hook: Scalar | None = None
    post_traffic_hook: Scalar | None = None
    role: Scalar | None = None

    @property
    def is_enabled(self) -> bool | None:
        """``True`` unless ``Enabled`` is false (``None`` when it is an unresolved intrinsic)."""
        if self.enabled is None:
            return True
        if not self.enabled.is_literal:
            return None
        return self.enabled.as_bool is not False


@dataclass(frozen=True, slots=True, kw_only=True)
class SamFunction(Node):
    """An ``AWS::Serverless::Function``; ``auto_publish_alias`` may come from the globals."""

    logical_id: str | None = field(default=None, compare=False)
    function_name: Scalar | None = None
    auto_publish_alias: Scalar | None = None
    deployment_preference: DeploymentPreference | None = None
    condition: str | None = None
