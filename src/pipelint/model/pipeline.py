"""A CodePipeline pipeline, the same for the CLI/API JSON and the CloudFormation resource."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pipelint.model.common import EnvironmentVariable
from pipelint.model.node import Node
from pipelint.model.values import Scalar, loads_or_none

__all__ = [
    "Action",
    "ArtifactStore",
    "Blocker",
    "Condition",
    "ConditionRule",
    "Configuration",
    "EncryptionKey",
    "EnvironmentVariable",
    "GitFilter",
    "GlobFilter",
    "Pipeline",
    "Stage",
    "StageConditions",
    "Trigger",
    "Variable",
]

PipelineShape = Literal["api", "cloudformation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Configuration(Node, Mapping[str, Scalar]):
    """An action's (or rule's) ``configuration``: key → located value, in document order.

    Values are normalised so the same literal reads the same in every shape: booleans
    become ``"true"``/``"false"``, numbers their digits, and a nested structure its compact
    JSON text (a structure holding intrinsics becomes ``Fn::ToJsonString``). Keys keep the
    provider's spelling. ``loc`` is the mapping (or the JSON string it was decoded from).
    """

    entries: tuple[tuple[str, Scalar], ...] = ()
    _index: dict[str, Scalar] = field(
        default_factory=dict, init=False, compare=False, repr=False, hash=False
    )

    def __post_init__(self) -> None:
        self._index.update(self.entries)

    def __getitem__(self, key: str) -> Scalar:
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def text(self, key: str) -> str | None:
        """The literal text of ``key``, or ``None`` when absent or not a literal."""
        value = self._index.get(key)
        return value.text if value is not None else None

    def json_value(self, key: str) -> Any:
        """The literal value of ``key`` decoded as JSON, else ``None``."""
        text = self.text(key)
        return loads_or_none(text) if text is not None else None


@dataclass(frozen=True, slots=True, kw_only=True)
class EncryptionKey(Node):
    """An artifact store's ``encryptionKey``: ``id`` (key ID, key ARN or alias) and ``type``."""

    id: Scalar | None
    type: Scalar | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArtifactStore(Node):
    """An S3 artifact store; ``region`` is set for the entries of ``artifactStores``."""

    region: Scalar | None
    type: Scalar | None
    location: Scalar | None
    encryption_key: EncryptionKey | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionRule(Node):
    """A rule of a stage condition (``CloudWatchAlarm``, ``DeploymentWindow``, …)."""

    name: Scalar | None
    category: Scalar | None
    owner: Scalar | None
    provider: Scalar | None
    version: Scalar | None
    configuration: Configuration | None
    input_artifacts: tuple[Scalar, ...] = ()
    role_arn: Scalar | None = None
    region: Scalar | None = None
    timeout_in_minutes: Scalar | None = None
    commands: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition(Node):
    """One condition of a stage: the ``result`` it leads to and its rules."""

    result: Scalar | None
    rules: tuple[ConditionRule, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class StageConditions(Node):
    """A stage's ``beforeEntry``, ``onSuccess`` or ``onFailure``.

    ``result`` and ``retry_mode`` exist only on ``onFailure`` (stage-level rollback/retry).
    """

    result: Scalar | None = None
    retry_mode: Scalar | None = None
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Blocker(Node):
    """A stage blocker (``{name, type: Schedule}``; reserved by AWS for future use)."""

    name: Scalar | None
    type: Scalar | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Action(Node):
    """An action of a stage; ``category``/``owner``/``provider``/``version`` are its type.

    ``when`` is set when a template writes the action as ``!If``: the conditions it exists
    under (``("IsProd",)``, or ``("!IsProd",)`` for the false branch; nested ``!If`` give
    several, all of which hold).

    ``build_variables`` are the entries of the ``EnvironmentVariables`` configuration of a
    CodeBuild action (a JSON string of ``{name, value, type}``, or a list), each located
    inside the string where it can be (else at the whole value).
    """

    name: Scalar | None
    category: Scalar | None
    owner: Scalar | None
    provider: Scalar | None
    version: Scalar | None
    run_order: Scalar | None = None
    configuration: Configuration | None = None
    input_artifacts: tuple[Scalar, ...] = ()
    output_artifacts: tuple[Scalar, ...] = ()
    role_arn: Scalar | None = None
    region: Scalar | None = None
    namespace: Scalar | None = None
    timeout_in_minutes: Scalar | None = None
    commands: tuple[Scalar, ...] = ()
    output_variables: tuple[Scalar, ...] = ()
    environment_variables: tuple[EnvironmentVariable, ...] = ()
    when: tuple[str, ...] = ()
    build_variables: tuple[EnvironmentVariable, ...] = ()

    def config(self, key: str) -> Scalar | None:
        """The configuration value of ``key``, if present."""
        return self.configuration.get(key) if self.configuration is not None else None

    def is_type(self, category: str, provider: str | None = None) -> bool:
        """Whether the action type is ``category`` (and ``provider``), compared literally."""
        if self.category is None or self.category.text != category:
            return False
        return provider is None or (self.provider is not None and self.provider.text == provider)

    @property
    def is_manual_approval(self) -> bool:
        """Whether this is an ``Approval``/``Manual`` action."""
        return self.is_type("Approval", "Manual")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage(Node):
    """A stage: its actions in document order, and its V2 conditions.

    ``when`` holds the template conditions the stage exists under, as for :class:`Action`.
    """

    name: Scalar | None
    actions: tuple[Action, ...] = ()
    before_entry: StageConditions | None = None
    on_success: StageConditions | None = None
    on_failure: StageConditions | None = None
    blockers: tuple[Blocker, ...] = ()
    when: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GlobFilter(Node):
    """``includes``/``excludes`` glob lists of a trigger filter (branches, tags, file paths)."""

    includes: tuple[Scalar, ...] = ()
    excludes: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GitFilter(Node):
    """One ``push`` or ``pullRequest`` filter of a trigger."""

    branches: GlobFilter | None = None
    tags: GlobFilter | None = None
    file_paths: GlobFilter | None = None
    events: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger(Node):
    """A V2 trigger: the source action it watches and its push / pull-request filters."""

    provider_type: Scalar | None
    source_action_name: Scalar | None
    push: tuple[GitFilter, ...] = ()
    pull_request: tuple[GitFilter, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Variable(Node):
    """A V2 pipeline-level variable (``#{variables.<name>}``)."""

    name: Scalar | None
    default_value: Scalar | None = None
    description: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pipeline(Node):
    """A pipeline read from the CLI/API JSON or an ``AWS::CodePipeline::Pipeline`` resource.

    Both shapes give equal models (locations aside). ``artifact_store`` is the single store
    and ``artifact_stores`` the regional ones (in document order); both are filled when a
    definition sets both. For a resource, ``loc`` is its ``Properties`` (or the resource
    when they are missing) and ``key_loc`` its logical ID.
    """

    name: Scalar | None
    role_arn: Scalar | None
    pipeline_type: Scalar | None = None
    execution_mode: Scalar | None = None
    artifact_store: ArtifactStore | None = None
    artifact_stores: tuple[ArtifactStore, ...] = ()
    stages: tuple[Stage, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    variables: tuple[Variable, ...] = ()
    shape: PipelineShape = field(default="api", compare=False)
    logical_id: str | None = field(default=None, compare=False)
    document_path: str = field(default="", compare=False)

    @property
    def stores(self) -> tuple[ArtifactStore, ...]:
        """Every artifact store: the single one (if any) then the regional ones."""
        single = (self.artifact_store,) if self.artifact_store is not None else ()
        return (*single, *self.artifact_stores)

    def actions(self) -> Iterator[tuple[Stage, Action]]:
        """Every action with its stage, in pipeline order."""
        for stage in self.stages:
            for action in stage.actions:
                yield stage, action
