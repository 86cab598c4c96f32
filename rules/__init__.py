"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .artifact_count import ArtifactCount
from .artifact_flow import ArtifactFlow
from .invalid_name import InvalidName
from .invalid_run_order import InvalidRunOrder
from .missing_action_configuration import MissingActionConfiguration
from .pipeline_quota import PipelineQuota
from .prod_without_approval import ProdWithoutApproval
from .source_action_placement import SourceActionPlacement
from .v2_feature_on_v1 import V2FeatureOnV1

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
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
