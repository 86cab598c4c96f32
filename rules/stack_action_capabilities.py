"""PL404 stack-action-capabilities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pipelint.accounts import is_stack_action
from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.values import loads_or_none
from pipelint.production import ProductionClassifier

#: Action modes in which CloudFormation operates the stack with the action's ``RoleArn``
#: (``CHANGE_SET_EXECUTE`` runs with the role the change set was created with).
ROLE_MODES = frozenset({"CREATE_UPDATE", "REPLACE_ON_FAILURE", "DELETE_ONLY", "CHANGE_SET_REPLACE"})


Capability = Literal["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]


@dataclass(frozen=True)
class StackActionCapabilitiesOptions:
    #: The capabilities a stack action may grant.
    allowed_capabilities: tuple[Capability, ...] = (
        "CAPABILITY_IAM",
        "CAPABILITY_NAMED_IAM",
        "CAPABILITY_AUTO_EXPAND",
    )
    #: Whether a production stack action must name its own CloudFormation service role.
    require_service_role: bool = True


class StackActionCapabilities(Rule):
    """A stack action granting capabilities policy forbids, or a production stack action
    without its own service role.

    ## What it does
    Reports a CloudFormation or StackSet deploy action whose `Capabilities` grant one that
    policy does not allow (`allowed-capabilities`; all are allowed by default, so this
    part is off until configured), and a production
    CloudFormation action that creates, updates or deletes a stack (`CREATE_UPDATE`,
    `CHANGE_SET_REPLACE`, `REPLACE_ON_FAILURE`, `DELETE_ONLY`) without a `RoleArn`.
    `CHANGE_SET_EXECUTE` is not reported: it runs with the role its change set was made
    with. Values written as intrinsics are resolved where the template allows; a value that
    cannot be known, or a configuration written as one, is not reported.

    ## Why is this bad?
    Without `RoleArn`, CloudFormation operates the stack with the credentials of the role
    performing the action — the pipeline's or the action's — which then needs every
    permission any stack might need. A service role scoped to what the stack creates keeps
    the pipeline's own role small. `CAPABILITY_NAMED_IAM` (and `CAPABILITY_IAM`) let the
    templates a pipeline deploys create roles and policies: an easy way to escalate
    privileges from a change that only passed code review as application code.

    ## Example
    ```yaml
    - Name: Deploy
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      Configuration:
        ActionMode: CREATE_UPDATE
        StackName: app-prod
        Capabilities: CAPABILITY_NAMED_IAM
    ```

    ## Use instead
    ```yaml
    - Name: Deploy
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      Configuration:
        ActionMode: CREATE_UPDATE
        StackName: app-prod
        Capabilities: CAPABILITY_IAM
        RoleArn: !GetAtt AppStackRole.Arn
    ```

    ## Configuration
    - `allowed-capabilities` (default `["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
      "CAPABILITY_AUTO_EXPAND"]`): the capabilities a stack action may grant;
      `["CAPABILITY_IAM"]` forbids named IAM resources and macros, `[]` all three.
    - `require-service-role` (default `true`): whether a production stack action must name
      a `RoleArn`.

    ## References
    - [CodePipeline: CloudFormation deploy action reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html)
    - [CloudFormation: service role](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html)
    - [CloudFormation API: CreateStack capabilities](https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html)
    """

    code = "PL404"
    name = "stack-action-capabilities"
    severity = Severity.MEDIUM
    tags = ("identity",)
    targets = (Pipeline,)
    options_type = StackActionCapabilitiesOptions

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        options: StackActionCapabilitiesOptions = self.options
        production = ctx.production
        for stage, action in pipeline.actions():
            if not is_stack_action(action) or not action.is_type("Deploy"):
                continue
            yield from self._capabilities(pipeline, action, options, production)
            if options.require_service_role:
                yield from self._service_role(pipeline, stage, action, production)

    def _capabilities(
        self,
        pipeline: Pipeline,
        action: Action,
        options: StackActionCapabilitiesOptions,
        production: ProductionClassifier,
    ) -> Iterator[Violation]:
        value = action.config("Capabilities")
        if value is None:
            return
        granted: list[str] = []
        for text in sorted(production.possible(value, pipeline).texts):
            granted.extend(c for c in capabilities(text) if c not in granted)
        forbidden = [c for c in granted if c not in options.allowed_capabilities]
        if forbidden:
            name = production.quoted(action.name, pipeline)
            allowed = ", ".join(options.allowed_capabilities) or "none"
            yield Violation(
                message=(
                    f"Stack action {name} grants {', '.join(forbidden)}, which policy does "
                    f"not allow (allowed: {allowed})"
                ),
                location=value.loc,
            )

    def _service_role(
        self, pipeline: Pipeline, stage: Stage, action: Action, production: ProductionClassifier
    ) -> Iterator[Violation]:
        if not action.is_type("Deploy", "CloudFormation") or action.configuration is None:
            return
        if action.is_unknown("configuration") or "RoleArn" in action.configuration:
            return
        modes = production.possible(action.config("ActionMode"), pipeline)
        if not modes.complete or not modes.texts & ROLE_MODES:
            return
        verdict = production.action(pipeline, stage, action)
        if not verdict:
            return
        name = production.quoted(action.name, pipeline)
        stack = production.quoted(action.config("StackName"), pipeline)
        yield Violation(
            message=(
                f"Production stack action {name} has no RoleArn: CloudFormation operates "
                f"stack {stack} with the role performing the action ({verdict.reason})"
            ),
            location=action.configuration.key_loc or action.configuration.loc,
        )


def capabilities(text: str) -> list[str]:
    """The capabilities of a ``Capabilities`` value: a comma-separated list, or a JSON list
    (a template may write a list, which the model keeps as JSON text)."""
    decoded = loads_or_none(text) if text.lstrip().startswith("[") else None
    items = decoded if isinstance(decoded, list) else text.split(",")
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]
