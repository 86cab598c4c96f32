"""PL603 codebuild-no-cmk."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codebuild import CodeBuildProject
from pipelint.model.kms import key_reference

from ._values import resource_label

#: The AWS managed key CodeBuild uses when a project names none.
AWS_MANAGED_KEY = "alias/aws/s3"


class CodebuildNoCmk(Rule):
    """A CodeBuild project that encrypts its output with the AWS managed key.

    ## What it does
    Reports an `AWS::CodeBuild::Project` without `EncryptionKey`, or whose
    `EncryptionKey` is the AWS managed key `alias/aws/s3` (as an alias or an alias ARN).
    A key written as an intrinsic that does not resolve (a `!GetAtt Key.Arn`, an import)
    is taken to be a customer managed key.

    ## Why is this bad?
    Without a customer managed key, build artifacts are encrypted with the account's
    `aws/s3` key: its policy cannot be changed, so access to the artifacts cannot be
    limited by key policy, it cannot be used across accounts, and its use cannot be
    audited or revoked separately.

    ## Example
    ```yaml
    BuildProject:
      Type: AWS::CodeBuild::Project
      Properties:
        Artifacts: {Type: CODEPIPELINE}
        ...
    ```

    ## Use instead
    ```yaml
    BuildProject:
      Type: AWS::CodeBuild::Project
      Properties:
        EncryptionKey: !GetAtt ArtifactKey.Arn
        Artifacts: {Type: CODEPIPELINE}
        ...
    ```

    ## Configuration
    none

    ## References
    - [CodeBuild: data encryption](https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html)
    - [CodeBuild: encrypt build outputs using a customer managed key](https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-kms.html)
    """

    code = "PL603"
    name = "codebuild-no-cmk"
    severity = Severity.MEDIUM
    tags = ("codebuild",)
    targets = (CodeBuildProject,)

    def check(self, project: CodeBuildProject, ctx: RuleContext) -> Iterator[Violation]:
        label = resource_label(project, ctx)
        key = project.encryption_key
        if key is None:
            yield Violation(
                message=(
                    f"Project {label} has no EncryptionKey: its artifacts are encrypted with "
                    f'the AWS managed key "{AWS_MANAGED_KEY}"'
                ),
                location=project.key_loc or project.loc,
            )
            return
        reference = key_reference(key, ctx.model, ctx.project)
        if reference is not None and reference.is_aws_managed:
            yield Violation(
                message=(
                    f"Project {label} encrypts its artifacts with the AWS managed key "
                    f'"{reference.alias_name}", not a customer managed key'
                ),
                location=key.loc,
            )
