"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .codebuild_plaintext_credentials import CodebuildPlaintextCredentials
from .plaintext_secret import PlaintextSecret
from .prod_without_approval import ProdWithoutApproval

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    PlaintextSecret,
    CodebuildPlaintextCredentials,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
