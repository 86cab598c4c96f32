"""PL702 appspec-hook-timeout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.appspec import AppSpec

from ._appspec import quoted

#: The longest a lifecycle event may take, all its scripts together, and the timeout of a
#: script that does not set one (seconds).
EVENT_LIMIT = 3600


@dataclass(frozen=True)
class AppSpecHookTimeoutOptions:
    #: Also report each script without a ``timeout`` (at ``low``).
    require_timeout: bool = True


class AppSpecHookTimeout(Rule):
    """Hook scripts whose timeouts exceed the lifecycle event's hour, or are left implicit.

    ## What it does
    In an EC2/on-premises AppSpec, reports a lifecycle event whose scripts' `timeout`
    values add up to more than 3600 seconds (at the event, each script as a related
    location), and, at `low` severity, each script with no `timeout` (at the script; the
    option `require-timeout` turns this part off).

    Only timeouts written as numbers are added up; a script without one counts for nothing
    in the sum, and is reported on its own.

    ## Why is this bad?
    A lifecycle event may run for at most an hour, all its scripts together: timeouts that
    add up to more promise time the deployment does not have, and a slow script fails the
    event instead of its own timeout. A script without a `timeout` may run for the whole
    hour (the default is 3600 seconds) before a hung script fails the deployment; an
    explicit, short timeout makes a stuck deployment fail, and roll back, quickly.

    ## Example
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
          timeout: 3000
        - location: scripts/warm-cache.sh
          timeout: 1200
      ApplicationStart:
        - location: scripts/start.sh
    ```

    ## Use instead
    ```yaml
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
          timeout: 2400
        - location: scripts/warm-cache.sh
          timeout: 600
      ApplicationStart:
        - location: scripts/start.sh
          timeout: 300
    ```

    ## Configuration
    - `require-timeout` (default `true`): report scripts without a `timeout`. Set it to
      `false` to keep only the check that an event's timeouts fit in its hour.

    ## References
    - [AppSpec 'hooks' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html)
    - [CodeDeploy quotas](https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html)
    """

    code = "PL702"
    name = "appspec-hook-timeout"
    severity = Severity.MEDIUM
    tags = ("appspec",)
    targets = (AppSpec,)
    options_type = AppSpecHookTimeoutOptions

    def check(self, spec: AppSpec, ctx: RuleContext) -> Iterator[Violation]:
        if spec.platform != "server":
            return
        for hook in spec.hooks:
            timed = [
                (script, seconds)
                for script in hook.scripts
                if script.timeout is not None
                and (seconds := script.timeout.as_int) is not None
                and seconds > 0
            ]
            total = sum(seconds for _, seconds in timed)
            if total > EVENT_LIMIT:
                yield Violation(
                    f"Scripts of hook {quoted(hook.event)} have timeouts adding up to {total} s; "
                    f"a lifecycle event may take at most {EVENT_LIMIT} s",
                    hook.event.loc,
                    related=tuple(
                        Related(script.where("timeout"), f"timeout {seconds} s")
                        for script, seconds in timed
                    ),
                )
            if not self.options.require_timeout:
                continue
            for script in hook.scripts:
                if script.timeout is None:
                    yield Violation(
                        f"Script {quoted(script.location)} of hook {quoted(hook.event)} has no "
                        f"timeout; it may run for the default {EVENT_LIMIT} s",
                        script.loc,
                        severity=Severity.LOW,
                    )
