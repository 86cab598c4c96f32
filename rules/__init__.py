"""The built-in rule pack: a pipelint plugin like any third-party pack.

One module per rule, named after the rule; this module registers them all through the
``pipelint`` entry point.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import Rule, hookimpl

from .artifact_bucket_insecure import ArtifactBucketInsecure
from .artifact_key_policy import ArtifactKeyPolicy
from .artifact_store_not_cmk import ArtifactStoreNotCmk
from .cross_account_key_alias import CrossAccountKeyAlias
from .missing_regional_artifact_store import MissingRegionalArtifactStore
from .prod_without_approval import ProdWithoutApproval

RULES: tuple[type[Rule], ...] = (
    ProdWithoutApproval,
    ArtifactStoreNotCmk,
    MissingRegionalArtifactStore,
    CrossAccountKeyAlias,
    ArtifactKeyPolicy,
    ArtifactBucketInsecure,
)


@hookimpl
def pipelint_register_rules() -> Sequence[type[Rule]]:
    return RULES
