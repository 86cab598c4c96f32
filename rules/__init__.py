"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .alarm_not_found import AlarmNotFound
from .all_at_once_deployment import AllAtOnceDeployment
from .deployment_preference_disabled import DeploymentPreferenceDisabled
from .ignores_alarm_poll_failure import IgnoresAlarmPollFailure
from .low_minimum_healthy_hosts import LowMinimumHealthyHosts
from .no_auto_rollback import NoAutoRollback
from .no_blue_termination_wait import NoBlueTerminationWait
from .prod_without_approval import ProdWithoutApproval
from .rollback_without_alarms import RollbackWithoutAlarms

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    NoAutoRollback,
    RollbackWithoutAlarms,
    AlarmNotFound,
    AllAtOnceDeployment,
    IgnoresAlarmPollFailure,
    DeploymentPreferenceDisabled,
    LowMinimumHealthyHosts,
    NoBlueTerminationWait,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
