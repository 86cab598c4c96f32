"""PL605 codebuild-no-logs."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codebuild import CodeBuildProject

from ._values import resolved_text, resource_label

_DISABLED = "DISABLED"


class CodebuildNoLogs(Rule):
    """A CodeBuild project that keeps no build logs.

    ## What it does
    Reports an `AWS::CodeBuild::Project` whose `LogsConfig` disables CloudWatch Logs
    (`CloudWatchLogs.Status: DISABLED`) and does not enable S3 logs. A project without
    `LogsConfig`, or without `CloudWatchLogs` in it, logs to CloudWatch. A status written
    as an intrinsic that does not resolve is not guessed at.

    ## Why is this bad?
    Without logs, nobody can tell afterwards what a build ran, what it downloaded or why
    it failed; a compromised build leaves no trace (Security Hub control CodeBuild.4).

    ## Example
    ```yaml
    LogsConfig:
      CloudWatchLogs: {Status: DISABLED}
    ```

    ## Use instead
    ```yaml
    LogsConfig:
      CloudWatchLogs: {Status: ENABLED, GroupName: /builds/app}
    ```

    ## Configuration
    none

    ## References
    - [Security Hub controls for CodeBuild](https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html)
    - [AWS::CodeBuild::Project LogsConfig](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-logsconfig.html)
    """

    code = "PL605"
    name = "codebuild-no-logs"
    severity = Severity.LOW
    tags = ("codebuild",)
    targets = (CodeBuildProject,)

    def check(self, project: CodeBuildProject, ctx: RuleContext) -> Iterator[Violation]:
        logs = project.logs
        if logs is None or logs.cloudwatch_status is None:
            return
        cloudwatch = resolved_text(logs.cloudwatch_status, ctx)
        if cloudwatch is None or cloudwatch.upper() != _DISABLED:
            return
        s3 = resolved_text(logs.s3_status, ctx) if logs.s3_status is not None else _DISABLED
        if s3 is None or s3.upper() != _DISABLED:
            return  # S3 logging is on, or cannot be known
        yield Violation(
            message=(
                f"Project {resource_label(project, ctx)} keeps no build logs: CloudWatch Logs are "
                "disabled and S3 logs are not enabled"
            ),
            location=logs.cloudwatch_status.loc,
        )
