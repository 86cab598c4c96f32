"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .account_not_allowed import AccountNotAllowed
from .alarm_not_found import AlarmNotFound
from .all_at_once_deployment import AllAtOnceDeployment
from .approval_does_not_gate import ApprovalDoesNotGate
from .approval_without_notification import ApprovalWithoutNotification
from .appspec_hook_timeout import AppSpecHookTimeout
from .appspec_invalid import AppSpecInvalid
from .appspec_missing_script import AppSpecMissingScript
from .appspec_no_validation_hook import AppSpecNoValidationHook
from .appspec_runas_root import AppSpecRunasRoot
from .appspec_world_writable import AppSpecWorldWritable
from .artifact_bucket_insecure import ArtifactBucketInsecure
from .artifact_count import ArtifactCount
from .artifact_flow import ArtifactFlow
from .artifact_key_policy import ArtifactKeyPolicy
from .artifact_store_not_cmk import ArtifactStoreNotCmk
from .codebuild_no_cmk import CodebuildNoCmk
from .codebuild_no_logs import CodebuildNoLogs
from .codebuild_plaintext_credentials import CodebuildPlaintextCredentials
from .codebuild_privileged import CodebuildPrivileged
from .codebuild_unanchored_webhook_filter import CodebuildUnanchoredWebhookFilter
from .codebuild_unencrypted_output import CodebuildUnencryptedOutput
from .cross_account_key_alias import CrossAccountKeyAlias
from .cross_account_without_role import CrossAccountWithoutRole
from .deployment_fan_out import DeploymentFanOut
from .deployment_preference_disabled import DeploymentPreferenceDisabled
from .deprecated_github_source import DeprecatedGithubSource
from .destructive_stack_action import DestructiveStackAction
from .ignores_alarm_poll_failure import IgnoresAlarmPollFailure
from .invalid_name import InvalidName
from .invalid_role_arn import InvalidRoleArn
from .invalid_run_order import InvalidRunOrder
from .low_minimum_healthy_hosts import LowMinimumHealthyHosts
from .missing_action_configuration import MissingActionConfiguration
from .missing_regional_artifact_store import MissingRegionalArtifactStore
from .no_auto_rollback import NoAutoRollback
from .no_blue_termination_wait import NoBlueTerminationWait
from .overprivileged_pipeline_role import OverprivilegedPipelineRole
from .pipeline_quota import PipelineQuota
from .plaintext_secret import PlaintextSecret
from .prod_without_approval import ProdWithoutApproval
from .prod_without_preprod import ProdWithoutPreprod
from .rollback_without_alarms import RollbackWithoutAlarms
from .source_action_placement import SourceActionPlacement
from .source_polling import SourcePolling
from .stack_action_capabilities import StackActionCapabilities
from .stage_without_rollback import StageWithoutRollback
from .unauthenticated_webhook import UnauthenticatedWebhook
from .unfiltered_trigger import UnfilteredTrigger
from .unresolved_variable import UnresolvedVariable
from .v2_feature_on_v1 import V2FeatureOnV1

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    ApprovalDoesNotGate,
    ApprovalWithoutNotification,
    ProdWithoutPreprod,
    DeploymentFanOut,
    NoAutoRollback,
    RollbackWithoutAlarms,
    AlarmNotFound,
    AllAtOnceDeployment,
    IgnoresAlarmPollFailure,
    DeploymentPreferenceDisabled,
    StageWithoutRollback,
    DestructiveStackAction,
    LowMinimumHealthyHosts,
    NoBlueTerminationWait,
    ArtifactStoreNotCmk,
    MissingRegionalArtifactStore,
    CrossAccountKeyAlias,
    ArtifactKeyPolicy,
    ArtifactBucketInsecure,
    CrossAccountWithoutRole,
    InvalidRoleArn,
    AccountNotAllowed,
    StackActionCapabilities,
    OverprivilegedPipelineRole,
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
    AppSpecInvalid,
    AppSpecHookTimeout,
    AppSpecRunasRoot,
    AppSpecWorldWritable,
    AppSpecMissingScript,
    AppSpecNoValidationHook,
    SourceActionPlacement,
    ArtifactFlow,
    ArtifactCount,
    InvalidName,
    InvalidRunOrder,
    MissingActionConfiguration,
    V2FeatureOnV1,
    PipelineQuota,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
