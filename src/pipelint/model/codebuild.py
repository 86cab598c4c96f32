"""CodeBuild projects: the security-relevant fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelint.model.buildspec import Buildspec
from pipelint.model.common import EnvironmentVariable
from pipelint.model.node import Node
from pipelint.model.values import Scalar

__all__ = [
    "BuildArtifacts",
    "BuildLogs",
    "BuildSource",
    "CodeBuildProject",
    "EnvironmentVariable",
    "WebhookFilter",
    "WebhookFilterGroup",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildSource(Node):
    """``Source`` or a ``SecondarySources`` entry; ``buildspec`` is inline text or a path.

    ``inline_buildspec`` is ``buildspec`` read as a buildspec, when it is one written out
    (located inside the template).
    """

    type: Scalar | None
    location: Scalar | None = None
    insecure_ssl: Scalar | None = None
    buildspec: Scalar | None = None
    identifier: Scalar | None = None
    inline_buildspec: Buildspec | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildArtifacts(Node):
    """``Artifacts`` or a ``SecondaryArtifacts`` entry."""

    type: Scalar | None
    encryption_disabled: Scalar | None = None
    identifier: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildLogs(Node):
    """``LogsConfig``: CloudWatch and S3 status, and whether S3 logs are unencrypted.

    Absent ``LogsConfig`` means CloudWatch logging is on.
    """

    cloudwatch_status: Scalar | None = None
    s3_status: Scalar | None = None
    s3_encryption_disabled: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookFilter(Node):
    """One filter of a webhook filter group (``EVENT``, ``HEAD_REF``, ``ACTOR_ACCOUNT_ID``…)."""

    type: Scalar | None
    pattern: Scalar | None
    exclude_matched_pattern: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookFilterGroup(Node):
    """A ``Triggers.FilterGroups`` entry: filters that must all match."""

    filters: tuple[WebhookFilter, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeBuildProject(Node):
    """An ``AWS::CodeBuild::Project``."""

    logical_id: str | None = field(default=None, compare=False)
    name: Scalar | None = None
    service_role: Scalar | None = None
    encryption_key: Scalar | None = None
    image: Scalar | None = None
    privileged_mode: Scalar | None = None
    environment_variables: tuple[EnvironmentVariable, ...] = ()
    source: BuildSource | None = None
    secondary_sources: tuple[BuildSource, ...] = ()
    artifacts: BuildArtifacts | None = None
    secondary_artifacts: tuple[BuildArtifacts, ...] = ()
    logs: BuildLogs | None = None
    webhook_filter_groups: tuple[WebhookFilterGroup, ...] = ()
