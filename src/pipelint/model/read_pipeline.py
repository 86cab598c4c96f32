"""Reading a pipeline declaration, in either shape, into a :class:`Pipeline`.

The API/CLI JSON and the CloudFormation resource differ only in key case and in a few
structures (``artifactStores`` is a region map in the API and a list of
``{Region, ArtifactStore}`` in CloudFormation; CloudFormation ``Configuration`` may be a JSON
string); everything else is read by the same code.
"""

from __future__ import annotations

from pipelint.model.common import EnvironmentVariable
from pipelint.model.embedded import EmbeddedText, embedded_variables
from pipelint.model.location import Location
from pipelint.model.pipeline import (
    Action,
    ArtifactStore,
    Blocker,
    Condition,
    ConditionRule,
    Configuration,
    EncryptionKey,
    GitFilter,
    GlobFilter,
    Pipeline,
    PipelineShape,
    Stage,
    StageConditions,
    Trigger,
    Variable,
)
from pipelint.model.reader import Reader, configuration_value
from pipelint.model.values import Scalar, loads_or_none

#: The CodeBuild action's configuration key for its environment variables.
_BUILD_VARIABLES = "EnvironmentVariables"


def read_pipeline(
    reader: Reader,
    shape: PipelineShape,
    *,
    logical_id: str | None = None,
    key_loc: Location | None = None,
) -> Pipeline:
    """The pipeline declared by the mapping ``reader`` reads (camelCase or PascalCase)."""
    r = reader
    return Pipeline(
        **r.placement(key_loc=key_loc),
        name=r.scalar("name", text=True),
        role_arn=r.scalar("roleArn", text=True),
        pipeline_type=r.scalar("pipelineType", text=True),
        execution_mode=r.scalar("executionMode", text=True),
        artifact_store=_store(r.child("artifactStore"), None),
        artifact_stores=_regional_stores(r, shape),
        stages=tuple(_stage(stage) for stage in r.children("stages")),
        triggers=tuple(_trigger(trigger) for trigger in r.children("triggers")),
        variables=tuple(_variable(variable) for variable in r.children("variables")),
        shape=shape,
        logical_id=logical_id,
        document_path=r.document.path,
    )


def read_configuration(r: Reader, name: str = "configuration") -> Configuration | None:
    """The configuration mapping at ``name`` (a mapping, or a JSON string of one)."""
    pointer = r.pointer_of(name)
    raw = r.raw(name)
    if isinstance(raw, str):
        decoded = loads_or_none(raw)
        if not isinstance(decoded, dict):
            return None
        here = r.locate(pointer)
        entries = tuple(
            (str(key), Scalar(configuration_value(value), here)) for key, value in decoded.items()
        )
        return Configuration(loc=here, key_loc=r.locate(pointer, key=True), entries=entries)
    config = r.child(name)
    if config is None:
        return None
    entries = tuple(
        (key, Scalar(configuration_value(value), r.locate(at), r.locate(at, key=True)))
        for key, at, value in config.entries()
    )
    for key, at, _ in config.entries():
        config.keys[key] = at[-1:]
    return Configuration(**config.placement(), entries=entries)


def read_environment_variable(r: Reader) -> EnvironmentVariable:
    """A ``{name, value, type}`` environment variable (any key case)."""
    return EnvironmentVariable(
        **r.placement(),
        name=r.scalar("name", text=True),
        value=r.scalar("value", text=True),
        type=r.scalar("type", text=True),
    )


def _regional_stores(r: Reader, shape: PipelineShape) -> tuple[ArtifactStore, ...]:
    if shape == "cloudformation":
        return tuple(
            store
            for item in r.children("artifactStores")
            if (store := _store(item.part("artifactStore"), item.scalar("region", text=True), item))
        )
    stores = r.child("artifactStores")
    if stores is None:
        return ()
    found: list[ArtifactStore] = []
    for region, pointer, value in stores.entries():
        key_loc = r.locate(pointer, key=True)
        store = _store(
            Reader(r.document, pointer, value, r.style), Scalar(region, key_loc, key_loc)
        )
        if store is not None:
            found.append(store)
    return tuple(found)


def _store(
    r: Reader | None, region: Scalar | None, item: Reader | None = None
) -> ArtifactStore | None:
    """A store read from ``r``; ``item`` is the CloudFormation list entry holding it."""
    if r is None or not (r.is_mapping or item is not None):
        return None
    key = r.child("encryptionKey")
    encryption_key = None
    if key is not None:
        encryption_key = EncryptionKey(
            **key.placement(), id=key.scalar("id", text=True), type=key.scalar("type", text=True)
        )
    return ArtifactStore(
        **(item or r).placement(),
        region=region,
        type=r.scalar("type", text=True),
        location=r.scalar("location", text=True),
        encryption_key=encryption_key,
    )


def _stage(r: Reader) -> Stage:
    return Stage(
        **r.placement(),
        name=r.scalar("name", text=True),
        actions=tuple(_action(action) for action in r.children("actions")),
        before_entry=_stage_conditions(r.child("beforeEntry")),
        on_success=_stage_conditions(r.child("onSuccess")),
        on_failure=_stage_conditions(r.child("onFailure")),
        blockers=tuple(
            Blocker(
                **b.placement(), name=b.scalar("name", text=True), type=b.scalar("type", text=True)
            )
            for b in r.children("blockers")
        ),
        when=r.when,
    )


def _action(r: Reader) -> Action:
    kind = r.part("actionTypeId")
    configuration = read_configuration(r)
    return Action(
        **r.placement(),
        name=r.scalar("name", text=True),
        category=kind.scalar("category", text=True),
        owner=kind.scalar("owner", text=True),
        provider=kind.scalar("provider", text=True),
        version=kind.scalar("version", text=True),
        run_order=r.scalar("runOrder"),
        configuration=configuration,
        input_artifacts=r.names("inputArtifacts"),
        output_artifacts=r.names("outputArtifacts"),
        role_arn=r.scalar("roleArn", text=True),
        region=r.scalar("region", text=True),
        namespace=r.scalar("namespace", text=True),
        timeout_in_minutes=r.scalar("timeoutInMinutes"),
        commands=r.scalars("commands", text=True),
        output_variables=r.scalars("outputVariables", text=True),
        environment_variables=tuple(
            read_environment_variable(variable) for variable in r.children("environmentVariables")
        ),
        when=r.when,
        build_variables=_build_variables(r, configuration),
    )


def _build_variables(
    r: Reader, configuration: Configuration | None
) -> tuple[EnvironmentVariable, ...]:
    """The CodeBuild action's ``EnvironmentVariables``: a JSON string, or a list as written."""
    value = configuration.get(_BUILD_VARIABLES) if configuration is not None else None
    if value is None:
        return ()
    config = r.child("configuration")
    raw = config.data.get(_BUILD_VARIABLES) if config is not None else None
    if config is not None and isinstance(raw, list):
        pointer = (*config.pointer, _BUILD_VARIABLES)
        return tuple(
            read_environment_variable(item.restyled("insensitive"))
            for item in config.items_at(pointer, raw)
        )
    text = value.text
    if text is None or not value.is_literal:
        return ()
    return embedded_variables(EmbeddedText.of(r.document, value.loc, text))


def _stage_conditions(r: Reader | None) -> StageConditions | None:
    if r is None:
        return None
    retry = r.part("retryConfiguration")
    return StageConditions(
        **r.placement(),
        result=r.scalar("result", text=True),
        retry_mode=retry.scalar("retryMode", text=True),
        conditions=tuple(_condition(condition) for condition in r.children("conditions")),
    )


def _condition(r: Reader) -> Condition:
    return Condition(
        **r.placement(),
        result=r.scalar("result", text=True),
        rules=tuple(_rule(rule) for rule in r.children("rules")),
    )


def _rule(r: Reader) -> ConditionRule:
    kind = r.part("ruleTypeId")
    return ConditionRule(
        **r.placement(),
        name=r.scalar("name", text=True),
        category=kind.scalar("category", text=True),
        owner=kind.scalar("owner", text=True),
        provider=kind.scalar("provider", text=True),
        version=kind.scalar("version", text=True),
        configuration=read_configuration(r),
        input_artifacts=r.names("inputArtifacts"),
        role_arn=r.scalar("roleArn", text=True),
        region=r.scalar("region", text=True),
        timeout_in_minutes=r.scalar("timeoutInMinutes"),
        commands=r.scalars("commands", text=True),
    )


def _trigger(r: Reader) -> Trigger:
    git = r.part("gitConfiguration")
    return Trigger(
        **r.placement(),
        provider_type=r.scalar("providerType", text=True),
        source_action_name=git.scalar("sourceActionName", text=True),
        push=tuple(_git_filter(f) for f in git.children("push")),
        pull_request=tuple(_git_filter(f) for f in git.children("pullRequest")),
    )


def _git_filter(r: Reader) -> GitFilter:
    return GitFilter(
        **r.placement(),
        branches=_globs(r.child("branches")),
        tags=_globs(r.child("tags")),
        file_paths=_globs(r.child("filePaths")),
        events=r.scalars("events", text=True),
    )


def _globs(r: Reader | None) -> GlobFilter | None:
    if r is None:
        return None
    return GlobFilter(
        **r.placement(),
        includes=r.scalars("includes", text=True),
        excludes=r.scalars("excludes", text=True),
    )


def _variable(r: Reader) -> Variable:
    return Variable(
        **r.placement(),
        name=r.scalar("name", text=True),
        default_value=r.scalar("defaultValue", text=True),
        description=r.scalar("description", text=True),
    )
