"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .appspec_hook_timeout import AppSpecHookTimeout
from .appspec_invalid import AppSpecInvalid
from .appspec_missing_script import AppSpecMissingScript
from .appspec_no_validation_hook import AppSpecNoValidationHook
from .appspec_runas_root import AppSpecRunasRoot
from .appspec_world_writable import AppSpecWorldWritable
from .prod_without_approval import ProdWithoutApproval

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    AppSpecInvalid,
    AppSpecHookTimeout,
    AppSpecRunasRoot,
    AppSpecWorldWritable,
    AppSpecMissingScript,
    AppSpecNoValidationHook,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
