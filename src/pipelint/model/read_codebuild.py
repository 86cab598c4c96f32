"""Reading ``AWS::CodeBuild::Project`` properties."""

from __future__ import annotations

from pipelint.model.codebuild import (
    BuildArtifacts,
    BuildLogs,
    BuildSource,
    CodeBuildProject,
    WebhookFilter,
    WebhookFilterGroup,
)
from pipelint.model.from_buildspec import inline_buildspec
from pipelint.model.location import Location
from pipelint.model.read_pipeline import read_environment_variable
from pipelint.model.reader import Reader, is_opaque


def read_codebuild_project(
    r: Reader, logical_id: str, key_loc: Location | None
) -> CodeBuildProject:
    """A project from its ``Properties`` reader (PascalCase)."""
    environment = r.part("Environment")
    return CodeBuildProject(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        name=r.scalar("Name", text=True),
        service_role=r.scalar("ServiceRole", text=True),
        encryption_key=r.scalar("EncryptionKey", text=True),
        image=environment.scalar("Image", text=True),
        privileged_mode=environment.scalar("PrivilegedMode"),
        environment_variables=tuple(
            read_environment_variable(variable)
            for variable in environment.children("EnvironmentVariables")
        ),
        source=_source(r.child("Source")),
        secondary_sources=tuple(
            source for item in r.children("SecondarySources") if (source := _source(item))
        ),
        artifacts=_artifacts(r.child("Artifacts")),
        secondary_artifacts=tuple(
            artifacts
            for item in r.children("SecondaryArtifacts")
            if (artifacts := _artifacts(item))
        ),
        logs=_logs(r.child("LogsConfig", field="logs")),
        webhook_filter_groups=_filter_groups(r.part("Triggers")),
    )


def _source(r: Reader | None) -> BuildSource | None:
    if r is None:
        return None
    buildspec = r.scalar("BuildSpec", field="buildspec", text=True)
    return BuildSource(
        **r.placement(),
        type=r.scalar("Type", text=True),
        location=r.scalar("Location", text=True),
        insecure_ssl=r.scalar("InsecureSsl"),
        buildspec=buildspec,
        identifier=r.scalar("SourceIdentifier", field="identifier", text=True),
        inline_buildspec=inline_buildspec(r.document, buildspec),
    )


def _artifacts(r: Reader | None) -> BuildArtifacts | None:
    if r is None:
        return None
    return BuildArtifacts(
        **r.placement(),
        type=r.scalar("Type", text=True),
        encryption_disabled=r.scalar("EncryptionDisabled"),
        identifier=r.scalar("ArtifactIdentifier", field="identifier", text=True),
    )


def _logs(r: Reader | None) -> BuildLogs | None:
    if r is None:
        return None
    cloudwatch = r.part("CloudWatchLogs")
    s3 = r.part("S3Logs")
    return BuildLogs(
        **r.placement(),
        cloudwatch_status=cloudwatch.scalar("Status", field="cloudwatch_status", text=True),
        s3_status=s3.scalar("Status", field="s3_status", text=True),
        s3_encryption_disabled=s3.scalar("EncryptionDisabled", field="s3_encryption_disabled"),
    )


def _filter_groups(triggers: Reader) -> tuple[WebhookFilterGroup, ...]:
    field = "webhook_filter_groups"
    pointer, groups = triggers.structure("FilterGroups", field=field)
    if not isinstance(groups, list):
        return ()
    found: list[WebhookFilterGroup] = []
    for index, group in enumerate(groups):
        if not isinstance(group, list):
            if is_opaque(group):
                triggers.mark_unknown(field, len(found))
            continue
        at = (*pointer, index)
        filters = tuple(
            WebhookFilter(
                **item.placement(),
                type=item.scalar("Type", text=True),
                pattern=item.scalar("Pattern", text=True),
                exclude_matched_pattern=item.scalar("ExcludeMatchedPattern"),
            )
            for item in triggers.items_at(at, group)
        )
        found.append(
            WebhookFilterGroup(**Reader(triggers.document, at, None).placement(), filters=filters)
        )
    return tuple(found)
