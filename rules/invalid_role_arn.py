"""PL402 invalid-role-arn."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelint.accounts import is_stack_action
from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.pipeline import Pipeline
from pipelint.model.resolution import Provenance, Pseudo, Resolved, ResourceRef, Text
from pipelint.model.values import Scalar

from ._names import resource_label
from ._release import condition_rules

#: What stands for a pseudo parameter when the shape of an ARN is checked.
_PSEUDO_STAND_INS = {
    Pseudo.PARTITION: "aws",
    Pseudo.ACCOUNT_ID: "000000000000",
    Pseudo.REGION: "us-east-1",
    Pseudo.URL_SUFFIX: "amazonaws.com",
    Pseudo.STACK_NAME: "stack",
}
_PARTITION = re.compile(r"aws(-[a-z]+)*")
_ROLE = re.compile(r"role/([\w+=,.@/-]*/)?[\w+=,.@-]{1,64}", re.ASCII)
_ACCOUNT = re.compile(r"\d{12}")


def role_arn_problem(text: str) -> str | None:
    """Why ``text`` is not a well-formed IAM role ARN
    (``arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME``), or ``None`` when it is one."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return "not an ARN"
    _, partition, service, region, account, resource = parts
    if not _PARTITION.fullmatch(partition):
        return f'the partition "{partition}" is not an AWS partition'
    if service != "iam":
        return f'it is an ARN of service "{service}", not "iam"'
    if region:
        return "an IAM ARN has no region"
    if not _ACCOUNT.fullmatch(account):
        return f'the account "{account}" is not 12 digits'
    if not _ROLE.fullmatch(resource):
        return f'"{resource}" is not role/NAME'
    return None


class InvalidRoleArn(Rule):
    """A role ARN that is not a well-formed IAM role ARN.

    ## What it does
    Checks the role ARNs of pipelines and CodeDeploy deployment groups: a pipeline's and an
    action's `roleArn`, a CloudFormation action's `RoleArn` (and a StackSet action's
    `AdministrationRoleArn`), a stage condition rule's `roleArn`, a deployment group's
    `ServiceRoleArn`. It reports a value that is not `arn:PARTITION:iam::ACCOUNT:role/NAME`
    (an AWS partition, no region, a 12-digit account, `role/`, an optional path and a
    name), and a `Ref` to an `AWS::IAM::Role`, which gives the role's *name*, not its ARN.

    Values written as intrinsics are checked once resolved: `!Sub` and `!Join` with pseudo
    parameters (`${AWS::Region}` in an IAM ARN is reported: IAM ARNs have no region), and
    the default of a parameter (unless empty: then the value is given at deploy time). A
    part that cannot be known offline (a parameter with no default, an import, a
    CodePipeline variable) leaves the value unchecked.

    ## Why is this bad?
    CodePipeline, CloudFormation and CodeDeploy reject a malformed role ARN only when the
    pipeline or the deployment runs (or the stack is created): a typo in the account or a
    `!Ref` where `!GetAtt Role.Arn` belongs breaks the release at the worst time.

    ## Example
    ```yaml
    RoleArn: !Ref PipelineRole
    ```

    ## Use instead
    ```yaml
    RoleArn: !GetAtt PipelineRole.Arn
    ```

    ## Configuration
    none

    ## References
    - [IAM identifiers: ARNs](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html)
    - [AWS::IAM::Role return values](https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html)
    """

    code = "PL402"
    name = "invalid-role-arn"
    severity = Severity.HIGH
    tags = ("identity",)
    targets = (Pipeline, DeploymentGroup)

    def check(self, node: Pipeline | DeploymentGroup, ctx: RuleContext) -> Iterator[Violation]:
        for key, owner, value in _role_arns(node, ctx):
            problem = _problem(ctx.project.resolve(value, ctx.model))
            if problem is not None:
                shown, why = problem
                yield Violation(message=f"{key} {shown}of {owner} {why}", location=value.loc)


def _role_arns(
    node: Pipeline | DeploymentGroup, ctx: RuleContext
) -> Iterator[tuple[str, str, Scalar]]:
    """Each role ARN of ``node``, with its key and what it belongs to, for a message."""
    if isinstance(node, DeploymentGroup):
        if node.service_role_arn is not None:
            name = resource_label(node.name, node.logical_id, ctx)
            yield "ServiceRoleArn", f"deployment group {name}", node.service_role_arn
        return
    if node.role_arn is not None:
        owner = resource_label(node.name, node.logical_id, ctx)
        yield "roleArn", f"pipeline {owner}", node.role_arn
    for stage in node.stages:
        for rule in condition_rules(stage):
            if rule.role_arn is not None:
                name = ctx.production.quoted(rule.name, node)
                yield "roleArn", f"condition rule {name}", rule.role_arn
        for action in stage.actions:
            name = ctx.production.quoted(action.name, node)
            if action.role_arn is not None:
                yield "roleArn", f"action {name}", action.role_arn
            if is_stack_action(action):
                for key in ("RoleArn", "AdministrationRoleArn"):
                    value = action.config(key)
                    if value is not None:
                        yield key, f"action {name}", value


def _problem(resolved: Resolved) -> tuple[str, str] | None:
    """What is wrong with a resolved role ARN, for a message: the value as shown (empty, or
    ending in a space) and why; ``None`` when nothing is, or it cannot be known."""
    value = resolved.value
    if isinstance(value, ResourceRef):
        if value.type == "AWS::IAM::Role" and value.attribute != "Arn":
            shown = (
                f"!Ref {value.logical_id}"
                if value.attribute is None
                else f"!GetAtt {value.logical_id}.{value.attribute}"
            )
            what = "name" if value.attribute is None else value.attribute
            return "", (
                f"is {shown}, the role's {what}, not its ARN: use !GetAtt {value.logical_id}.Arn"
            )
        return None
    text = _shape(resolved)
    if text == "" and resolved.provenance == Provenance.PARAMETER_DEFAULT:
        return None  # an empty default: the value is given when the stack is deployed
    if text is None:
        for branch in resolved.branches:
            problem = _problem(branch)
            if problem is not None:
                return problem
        return None
    reason = role_arn_problem(text)
    if reason is None:
        return None
    source = ""
    if resolved.provenance == Provenance.PARAMETER_DEFAULT and resolved.detail:
        source = f" (the default of parameter {resolved.detail})"
    return f'"{resolved.value}"{source} ', f"is not a well-formed IAM role ARN: {reason}"


def _shape(resolved: Resolved) -> str | None:
    """The text of a resolved value with each pseudo parameter replaced by a value of its
    shape and each ``Ref`` to a resource's name by a name; ``None`` when another part
    cannot be known."""
    value = resolved.value
    if isinstance(value, str):
        return value
    if not isinstance(value, Text):
        return None
    parts: list[str] = []
    for part in value.parts:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, Pseudo) and part in _PSEUDO_STAND_INS:
            parts.append(_PSEUDO_STAND_INS[part])
        elif isinstance(part, ResourceRef) and part.attribute is None and part.returns == "name":
            parts.append("name")
        else:
            return None
    return "".join(parts)
