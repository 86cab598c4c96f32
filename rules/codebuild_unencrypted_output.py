"""PL604 codebuild-unencrypted-output."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codebuild import CodeBuildProject

from ._values import is_true, resolved_text, resource_label

#: The only artifacts type that ``EncryptionDisabled`` applies to.
S3_ARTIFACTS = "S3"


class CodebuildUnencryptedOutput(Rule):
    """A CodeBuild project that writes artifacts or logs to S3 unencrypted.

    ## What it does
    Reports `EncryptionDisabled: true` on an `AWS::CodeBuild::Project`'s `Artifacts` or
    any of its `SecondaryArtifacts` of type `S3`, and on its `LogsConfig.S3Logs` (unless
    S3 logging is `DISABLED`). AWS documents the setting for `S3` artifacts only:
    artifacts of type `CODEPIPELINE` go to the pipeline's artifact store, encrypted with
    the project's `EncryptionKey` (see PL603), and `NO_ARTIFACTS` writes nothing. A value
    written as an intrinsic that does not resolve is not guessed at.

    ## Why is this bad?
    Build artifacts and logs hold the code that will be deployed, and often configuration
    and output that must not leak. Unencrypted, they are protected by bucket permissions
    alone (AWS Config `codebuild-project-artifact-encryption`, Security Hub CodeBuild.3).

    ## Example
    ```yaml
    Artifacts:
      Type: S3
      Location: !Ref ArtifactBucket
      EncryptionDisabled: true
    ```

    ## Use instead
    ```yaml
    Artifacts:
      Type: S3
      Location: !Ref ArtifactBucket
    ```

    ## Configuration
    none

    ## References
    - [Security Hub controls for CodeBuild](https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html)
    - [CloudFormation: `AWS::CodeBuild::Project` Artifacts](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-artifacts.html)
    - [CodeBuild: data encryption](https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html)
    """

    code = "PL604"
    name = "codebuild-unencrypted-output"
    severity = Severity.MEDIUM
    tags = ("codebuild",)
    targets = (CodeBuildProject,)

    def check(self, project: CodeBuildProject, ctx: RuleContext) -> Iterator[Violation]:
        label = resource_label(project, ctx)
        artifacts = [("artifacts", project.artifacts)]
        artifacts += [("secondary artifacts", item) for item in project.secondary_artifacts]
        for what, item in artifacts:
            if item is None or (resolved_text(item.type, ctx) or "").upper() != S3_ARTIFACTS:
                continue
            disabled = item.encryption_disabled
            if disabled is not None and is_true(disabled, ctx):
                identifier = resolved_text(item.identifier, ctx)
                named = f' "{identifier}"' if identifier else ""
                yield Violation(
                    message=f"Project {label} writes its {what}{named} unencrypted",
                    location=disabled.loc,
                )
        logs = project.logs
        if logs is None or logs.s3_encryption_disabled is None:
            return
        status = (resolved_text(logs.s3_status, ctx) or "").upper()
        if status != "DISABLED" and is_true(logs.s3_encryption_disabled, ctx):
            yield Violation(
                message=f"Project {label} writes its S3 build logs unencrypted",
                location=logs.s3_encryption_disabled.loc,
            )
