"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .account_not_allowed import AccountNotAllowed
from .cross_account_without_role import CrossAccountWithoutRole
from .invalid_role_arn import InvalidRoleArn
from .overprivileged_pipeline_role import OverprivilegedPipelineRole
from .prod_without_approval import ProdWithoutApproval
from .stack_action_capabilities import StackActionCapabilities

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    CrossAccountWithoutRole,
    InvalidRoleArn,
    AccountNotAllowed,
    StackActionCapabilities,
    OverprivilegedPipelineRole,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
