"""PL806 missing-action-configuration."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action

from ._action_types import action_type, conditionally_required, type_label
from ._release import name_loc
from ._structure import quoted


class MissingActionConfiguration(Rule):
    """An action without a configuration key its provider requires, or with a misspelt key.

    ## What it does
    Checks an action's `configuration` against its provider. Every required key must be
    there: `ProjectName` for CodeBuild, `ActionMode` and `StackName` for CloudFormation,
    `ClusterName` and `ServiceName` for ECS, and so on; and the keys other settings make
    required: CodeBuild's `PrimarySource` with more than one input artifact, the S3 deploy
    action's `ObjectKey` when `Extract` is false, CloudFormation's `ChangeSetName` in a
    change-set mode. A key that is not the provider's but nearly spells one of its keys
    (`Stackname`, `projectName`) is reported as unknown; keys are case-sensitive. Other
    keys are left alone, since AWS adds options over time. Custom and partner actions, and
    a configuration written as an intrinsic, are not judged.

    ## Why is this bad?
    A missing required key makes CodePipeline reject the pipeline. An unknown key is
    usually a misspelling (`Stackname`) of a key that then silently takes its default.

    ## Example
    ```yaml
    - Name: Deploy
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      Configuration: {ActionMode: CREATE_UPDATE, Stackname: app}
    ```

    ## Use instead
    ```yaml
      Configuration: {ActionMode: CREATE_UPDATE, StackName: app}
    ```

    ## Configuration
    none

    ## References
    - [Action structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference.html)
    """

    code = "PL806"
    name = "missing-action-configuration"
    severity = Severity.HIGH
    tags = ("structure",)
    targets = (Action,)

    def check(self, action: Action, ctx: RuleContext) -> Iterator[Violation]:
        allowed = action_type(action)
        if allowed is None or action.is_unknown("configuration"):
            return
        config = action.configuration
        label = f"{quoted(action.name)} ({type_label(action)})"
        present = set(config) if config is not None else set()
        where = action.where("configuration", key=True) if config else name_loc(action)
        missing = [key for key in allowed.required if key not in present]
        if missing:
            keys = ", ".join(f"`{key}`" for key in missing)
            yield Violation(
                f"Action {label} is missing required configuration "
                f"key{'s' if len(missing) > 1 else ''} {keys}",
                where,
            )
        for key, reason in conditionally_required(action):
            if key not in present:
                yield Violation(
                    f"Action {label} is missing configuration key `{key}`, required {reason}",
                    where,
                )
        for key, value in (config or {}).items():
            meant = allowed.misspelt(key)
            if meant is not None:
                yield Violation(
                    f"Action {label} has unknown configuration key `{key}`; "
                    f"did you mean `{meant}`?",
                    value.key_loc or value.loc,
                )
