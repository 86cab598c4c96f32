"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .codebuild_no_cmk import CodebuildNoCmk
from .codebuild_no_logs import CodebuildNoLogs
from .codebuild_plaintext_credentials import CodebuildPlaintextCredentials
from .codebuild_privileged import CodebuildPrivileged
from .codebuild_unanchored_webhook_filter import CodebuildUnanchoredWebhookFilter
from .codebuild_unencrypted_output import CodebuildUnencryptedOutput
from .deprecated_github_source import DeprecatedGithubSource
from .plaintext_secret import PlaintextSecret
from .prod_without_approval import ProdWithoutApproval
from .source_polling import SourcePolling
from .unauthenticated_webhook import UnauthenticatedWebhook
from .unfiltered_trigger import UnfilteredTrigger
from .unresolved_variable import UnresolvedVariable

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    PlaintextSecret,
    DeprecatedGithubSource,
    SourcePolling,
    UnfilteredTrigger,
    UnresolvedVariable,
    UnauthenticatedWebhook,
    CodebuildPrivileged,
    CodebuildPlaintextCredentials,
    CodebuildNoCmk,
    CodebuildUnencryptedOutput,
    CodebuildNoLogs,
    CodebuildUnanchoredWebhookFilter,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
