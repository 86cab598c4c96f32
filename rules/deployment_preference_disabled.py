"""PL206 deployment-preference-disabled."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.sam import SamFunction

from ._deployment import function_label, preference_at, switch, under

#: The hooks of a SAM deployment preference, and the model field of each.
Hook = Literal["PreTraffic", "PostTraffic"]
HOOK_FIELDS: dict[str, str] = {"PreTraffic": "pre_traffic_hook", "PostTraffic": "post_traffic_hook"}


@dataclass(frozen=True)
class PreferenceOptions:
    """The hooks every enabled deployment preference must have."""

    required_hooks: tuple[Hook, ...] = ()


class DeploymentPreferenceDisabled(Rule):
    """A SAM function whose gradual deployment is turned off, or lacks a required hook.

    ## What it does
    Reports a SAM `AWS::Serverless::Function` whose `DeploymentPreference` (merged with
    `Globals.Function`) sets `Enabled: false` (or `"false"`), and, when the policy requires
    hooks (`required-hooks`), an enabled preference without one of them.

    ## Why is this bad?
    With the preference disabled, SAM generates no CodeDeploy deployment: every update
    moves the alias, and all traffic, to the new version at once, with no alarms watching
    and no automatic rollback. `PreTraffic`/`PostTraffic` hooks are the functions that test
    the new version before and after traffic moves to it; without them, a broken version is
    only found by users.

    ## Example
    ```yaml
        DeploymentPreference:
          Enabled: false
          Type: Canary10Percent5Minutes
    ```

    ## Use instead
    ```yaml
        DeploymentPreference:
          Type: Canary10Percent5Minutes
          Alarms: [!Ref ErrorsAlarm]
          Hooks:
            PreTraffic: !Ref CodeDeployHookPreTraffic
    ```

    ## Configuration
    - `required-hooks` (list of `PreTraffic`, `PostTraffic`; default none): the hooks an
      enabled deployment preference must set.

    ## References
    - [SAM: DeploymentPreference](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html)
    - [SAM: deploying serverless applications gradually](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html)
    """

    code = "PL206"
    name = "deployment-preference-disabled"
    severity = Severity.MEDIUM
    tags = ("rollback",)
    targets = (SamFunction,)
    options_type = PreferenceOptions
    options: PreferenceOptions

    def check(self, function: SamFunction, ctx: RuleContext) -> Iterator[Violation]:
        preference = function.deployment_preference
        enabled = switch(preference, "enabled", ctx, absent=True) if preference else None
        if preference is None or enabled is None:
            return
        label = function_label(function, ctx)
        if enabled.off is not None:
            location, related = preference_at(function, preference, "enabled", key=False)
            off = under(enabled.off)
            message = f"{label} has its gradual deployment turned off (Enabled is false{off})"
            yield Violation(message, location, related=related)
        if enabled.on is None:
            return
        for hook in self.options.required_hooks:
            field = HOOK_FIELDS[hook]
            if getattr(preference, field) is not None or preference.is_unknown(field):
                continue
            location, related = preference_at(function, preference, field)
            message = f"{label} has no {hook} hook in its DeploymentPreference{under(enabled.on)}"
            yield Violation(message, location, related=related)
