"""What each CodePipeline action type allows: artifact counts and configuration keys.

Shared by the PL8 structure rules. Facts from the CodePipeline action structure reference
(one page per provider) and its table of valid input and output artifacts per action type.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.model.pipeline import Action


@dataclass(frozen=True)
class ActionType:
    """An action type: its artifact bounds and configuration keys.

    ``optional`` lists the optional keys known; ``None`` when too many to list (partner and
    custom actions, providers with dozens of options).
    """

    inputs: tuple[int, int]
    outputs: tuple[int, int]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] | None = ()
    v2_only: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.required, *(self.optional or ()))

    def misspelt(self, key: str) -> str | None:
        """The known key ``key`` most likely misspells (``Stackname`` → ``StackName``).

        AWS adds optional keys over time, so a key merely absent from the list may be a
        new one: only a near miss of a known key is taken for a mistake.
        """
        keys = self.keys
        if key in keys:
            return None
        by_case = {known.lower(): known for known in keys}
        if key.lower() in by_case:
            return by_case[key.lower()]
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.85)
        return close[0] if close else None


_SOURCE = ((0, 0), (1, 1))
_ONE_IN = ((1, 1), (0, 0))
_IMAGES = tuple(
    f"Image{n}{part}" for n in range(1, 5) for part in ("ArtifactName", "ContainerName")
)

#: (owner, category, provider) → what the action type allows.
ACTION_TYPES: dict[tuple[str, str, str], ActionType] = {
    ("AWS", "Source", "S3"): ActionType(
        *_SOURCE,
        ("S3Bucket", "S3ObjectKey"),
        ("PollForSourceChanges", "AllowOverrideForS3ObjectKey"),
    ),
    ("AWS", "Source", "CodeCommit"): ActionType(
        *_SOURCE,
        ("RepositoryName", "BranchName"),
        ("PollForSourceChanges", "OutputArtifactFormat"),
    ),
    ("AWS", "Source", "ECR"): ActionType(*_SOURCE, ("RepositoryName",), ("ImageTag",)),
    ("AWS", "Source", "CodeStarSourceConnection"): ActionType(
        *_SOURCE,
        ("ConnectionArn", "FullRepositoryId", "BranchName"),
        ("OutputArtifactFormat", "DetectChanges"),
    ),
    ("ThirdParty", "Source", "GitHub"): ActionType(
        *_SOURCE, ("Owner", "Repo", "Branch", "OAuthToken"), ("PollForSourceChanges",)
    ),
    ("AWS", "Build", "CodeBuild"): ActionType(
        (1, 5),
        (0, 5),
        ("ProjectName",),
        (
            "PrimarySource",
            "EnvironmentVariables",
            "BatchEnabled",
            "CombineArtifacts",
            "BuildspecOverride",
        ),
    ),
    ("AWS", "Build", "ECRBuildAndPublish"): ActionType(
        *_ONE_IN,
        ("ECRRepositoryName",),
        ("DockerFilePath", "ImageTags", "RegistryType"),
        v2_only=True,
    ),
    ("AWS", "Test", "DeviceFarm"): ActionType(
        *_ONE_IN,
        ("AppType", "ProjectId", "App", "AppiumVersion", "DevicePoolArn", "TestType"),
        None,
    ),
    ("AWS", "Deploy", "S3"): ActionType(
        *_ONE_IN,
        ("BucketName", "Extract"),
        ("ObjectKey", "KMSEncryptionKeyARN", "CannedACL", "CacheControl"),
    ),
    ("AWS", "Deploy", "CloudFormation"): ActionType(
        (0, 10),
        (0, 1),
        ("ActionMode", "StackName"),
        (
            "ChangeSetName",
            "TemplatePath",
            "Capabilities",
            "RoleArn",
            "ParameterOverrides",
            "TemplateConfiguration",
            "OutputFileName",
        ),
    ),
    ("AWS", "Deploy", "CloudFormationStackSet"): ActionType(
        (1, 3), (0, 0), ("StackSetName", "TemplatePath"), None
    ),
    ("AWS", "Deploy", "CloudFormationStackInstances"): ActionType(
        (0, 2), (0, 0), ("StackSetName", "DeploymentTargets", "Regions"), None
    ),
    ("AWS", "Deploy", "CodeDeploy"): ActionType(
        *_ONE_IN, ("ApplicationName", "DeploymentGroupName")
    ),
    ("AWS", "Deploy", "CodeDeployToECS"): ActionType(
        (1, 5),
        (0, 0),
        (
            "ApplicationName",
            "DeploymentGroupName",
            "TaskDefinitionTemplateArtifact",
            "AppSpecTemplateArtifact",
        ),
        ("TaskDefinitionTemplatePath", "AppSpecTemplatePath", *_IMAGES),
    ),
    ("AWS", "Deploy", "ECS"): ActionType(
        *_ONE_IN, ("ClusterName", "ServiceName"), ("FileName", "DeploymentTimeout")
    ),
    ("AWS", "Deploy", "ElasticBeanstalk"): ActionType(
        *_ONE_IN, ("ApplicationName", "EnvironmentName")
    ),
    ("AWS", "Deploy", "ServiceCatalog"): ActionType(*_ONE_IN, ("ProductId",), None),
    ("AWS", "Deploy", "AppConfig"): ActionType(
        *_ONE_IN,
        ("Application", "Environment", "ConfigurationProfile", "InputArtifactConfigurationPath"),
        ("DeploymentStrategy",),
    ),
    ("AWS", "Deploy", "EC2"): ActionType(
        *_ONE_IN, ("InstanceTagKey", "InstanceType"), None, v2_only=True
    ),
    ("AWS", "Deploy", "EKS"): ActionType(*_ONE_IN, ("ClusterName",), None, v2_only=True),
    ("AWS", "Deploy", "Lambda"): ActionType(
        (0, 1),
        (0, 0),
        ("FunctionName",),
        ("FunctionAlias", "PublishedTargetVersion", "DeployStrategy", "Alarms"),
        v2_only=True,
    ),
    ("AWS", "Invoke", "Lambda"): ActionType((0, 5), (0, 5), ("FunctionName",), ("UserParameters",)),
    ("AWS", "Invoke", "StepFunctions"): ActionType(
        (0, 1), (0, 1), ("StateMachineArn",), ("ExecutionNamePrefix", "InputType", "Input")
    ),
    ("AWS", "Invoke", "InspectorScan"): ActionType(
        (0, 1), (1, 1), ("InspectorRunMode",), None, v2_only=True
    ),
    ("AWS", "Invoke", "CodePipeline"): ActionType(
        (0, 0), (0, 0), ("PipelineName",), ("SourceRevisions", "Variables"), v2_only=True
    ),
    ("AWS", "Approval", "Manual"): ActionType(
        (0, 0), (0, 0), (), ("NotificationArn", "CustomData", "ExternalEntityLink")
    ),
    ("AWS", "Compute", "Commands"): ActionType((1, 10), (0, 1), (), None, v2_only=True),
}
ACTION_TYPES[("AWS", "Test", "CodeBuild")] = ACTION_TYPES[("AWS", "Build", "CodeBuild")]

#: Custom actions: bounds unless the custom action type says otherwise.
CUSTOM = ActionType((0, 5), (0, 5), (), None)


def action_type(action: Action) -> ActionType | None:
    """What ``action``'s type allows, when its type is written out and known."""
    parts = (action.owner, action.category, action.provider)
    if any(part is None or part.text is None for part in parts):
        return None
    owner, category, provider = (part.text for part in parts if part is not None)
    if owner == "Custom":
        return CUSTOM
    return ACTION_TYPES.get((str(owner), str(category), str(provider)))


def type_label(action: Action) -> str:
    """``AWS/Deploy/ECS`` for messages."""
    parts = (action.owner, action.category, action.provider)
    return "/".join(part.text or "?" if part is not None else "?" for part in parts)


#: CloudFormation action modes that work on a change set (and so need its name).
CHANGE_SET_MODES = ("CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE")


def conditionally_required(action: Action) -> Iterator[tuple[str, str]]:
    """The configuration keys ``action`` needs because of its other settings, each with the
    reason: CodeBuild's ``PrimarySource`` with several input artifacts, the S3 deploy
    action's ``ObjectKey`` when it does not extract, CloudFormation's ``ChangeSetName`` in
    a change-set mode."""
    if action.is_type("Build", "CodeBuild") or action.is_type("Test", "CodeBuild"):
        if len(action.input_artifacts) > 1 and not action.is_unknown("input_artifacts"):
            yield "PrimarySource", "with more than one input artifact"
    elif action.is_type("Deploy", "S3"):
        extract = action.config("Extract")
        if extract is not None and extract.as_bool is False:
            yield "ObjectKey", "when `Extract` is false"
    elif action.is_type("Deploy", "CloudFormation"):
        mode = action.config("ActionMode")
        if mode is not None and mode.text in CHANGE_SET_MODES:
            yield "ChangeSetName", f"in `{mode.text}` mode"
