"""PL706 appspec-no-validation-hook."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.appspec import AppSpec, AppSpecPlatform

from ._appspec import PLATFORM_NAMES, at_start, text_of

#: The hooks that validate a deployment, on each platform.
VALIDATION_HOOKS: dict[AppSpecPlatform, tuple[str, ...]] = {
    "server": ("ValidateService",),
    "ecs": ("AfterAllowTestTraffic", "AfterAllowTraffic"),
    "lambda": ("AfterAllowTraffic",),
}


class AppSpecNoValidationHook(Rule):
    """An AppSpec with no hook that checks the deployed application.

    ## What it does
    Reports an AppSpec without a validation hook: `ValidateService` on EC2/on-premises,
    `AfterAllowTestTraffic` or `AfterAllowTraffic` on ECS, `AfterAllowTraffic` on Lambda.
    A validation hook declared with no script or function does not count. The finding is at
    the `hooks` key, or at the top of the file when there are no hooks.

    ## Why is this bad?
    Without a validation hook CodeDeploy declares the deployment successful as soon as the
    new version is installed and started (or receives traffic), whether or not it works. A
    hook that checks the application fails a broken deployment, and with automatic
    rollback configured, brings the last good version back.

    ## Example
    ```yaml
    version: 0.0
    os: linux
    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
    ```

    ## Use instead
    ```yaml
    version: 0.0
    os: linux
    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
      ValidateService:
        - location: scripts/health-check.sh
          timeout: 300
    ```

    ## Configuration
    none

    ## References
    - [AppSpec 'hooks' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html)
    - [Redeploy and roll back a deployment with CodeDeploy](https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html)
    """

    code = "PL706"
    name = "appspec-no-validation-hook"
    severity = Severity.LOW
    tags = ("appspec",)
    targets = (AppSpec,)

    def check(self, spec: AppSpec, ctx: RuleContext) -> Iterator[Violation]:
        wanted = VALIDATION_HOOKS.get(spec.platform)
        if wanted is None or any(
            text_of(hook.event) in wanted and (hook.scripts or hook.function is not None)
            for hook in spec.hooks
        ):
            return
        names = " or ".join(wanted)
        where = spec.where("hooks", key=True)
        if where == spec.loc:  # no hooks key: the top of the file
            where = at_start(spec)
        yield Violation(
            f"{PLATFORM_NAMES[spec.platform]} AppSpec has no {names} hook to validate the "
            "deployment",
            where,
        )
