"""PL601 codebuild-privileged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codebuild import CodeBuildProject

from ._values import is_true, resolved_text, resource_label


@dataclass(frozen=True)
class CodebuildPrivilegedOptions:
    """``allowed_projects``: project names or logical IDs (glob patterns) that may run
    privileged, such as the projects that build Docker images."""

    allowed_projects: tuple[str, ...] = ()


class CodebuildPrivileged(Rule):
    """A CodeBuild project that runs its builds in privileged mode.

    ## What it does
    Reports an `AWS::CodeBuild::Project` with `Environment.PrivilegedMode: true`, unless
    its name or logical ID matches one of `allowed-projects`. A value written as an intrinsic that
    does not resolve is not guessed at.

    ## Why is this bad?
    Privileged mode gives the build container root access to the host's Docker daemon.
    Any code the build runs — a dependency, a test, a pull request's changes — can then
    escape the container. It is needed only to build Docker images (Security Hub control
    CodeBuild.5); every other project should run without it.

    ## Example
    ```yaml
    Environment:
      Type: LINUX_CONTAINER
      Image: aws/codebuild/standard:7.0
      PrivilegedMode: true
    ```

    ## Use instead
    ```yaml
    Environment:
      Type: LINUX_CONTAINER
      Image: aws/codebuild/standard:7.0
    ```
    or, for a project that builds images, allow it by name:
    ```yaml
    rules:
      PL601: {allowed-projects: [docker-image-build, "*-image"]}
    ```

    ## Configuration
    - `allowed-projects` (list of glob patterns, default `[]`): project names or logical
      IDs that may run privileged.

    ## References
    - [Security Hub controls for CodeBuild](https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html)
    - [CodeBuild: Docker in custom image sample (privileged mode)](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html)
    """

    code = "PL601"
    name = "codebuild-privileged"
    severity = Severity.MEDIUM
    tags = ("codebuild",)
    targets = (CodeBuildProject,)
    options_type = CodebuildPrivilegedOptions

    def check(self, project: CodeBuildProject, ctx: RuleContext) -> Iterator[Violation]:
        if not is_true(project.privileged_mode, ctx) or project.privileged_mode is None:
            return
        names = {resolved_text(project.name, ctx), project.logical_id} - {None}
        allowed = self.options.allowed_projects
        if any(fnmatchcase(name, pattern) for name in names for pattern in allowed):
            return
        yield Violation(
            message=f"Project {resource_label(project, ctx)} runs its builds in privileged mode",
            location=project.privileged_mode.loc,
        )
