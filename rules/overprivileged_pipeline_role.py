"""PL405 overprivileged-pipeline-role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipelint.accounts import AccountNames, is_stack_action, principal_account, template_account
from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.codebuild import CodeBuildProject
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.location import Location
from pipelint.model.pipeline import Pipeline
from pipelint.model.resolution import Pseudo, Text
from pipelint.model.resources import IamRole, PolicyDocument
from pipelint.model.values import Intrinsic, Scalar

from ._names import resource_label
from ._policy_statements import (
    actions,
    allows_unconditionally,
    aws_principals,
    covers_action,
    principal_of,
    resources,
    service_principals,
)

#: The service of a stack role: a role used as one may trust it, but is not checked as one.
STACK_SERVICE = "cloudformation"
_AWS_MANAGED_POLICY = re.compile(r"arn:[^:]+:iam::aws:policy/(?:.*/)?([^/]+)")


@dataclass(frozen=True)
class OverprivilegedPipelineRoleOptions:
    #: AWS managed policies that grant too much to a pipeline, build or deployment role.
    forbidden_managed_policies: tuple[str, ...] = ("AdministratorAccess", "IAMFullAccess")


@dataclass(frozen=True)
class _Use:
    """Where a role is used: what uses it, for a message, the reference, and the service
    that assumes the role for it (``None`` for an action role, which the pipeline's role
    assumes)."""

    what: str
    reference: Scalar
    service: str | None


class OverprivilegedPipelineRole(Rule):
    """A pipeline, build or deployment role that may do far more than its job.

    ## What it does
    Checks each `AWS::IAM::Role` of a template that a pipeline (its role or an action's),
    a CodeBuild project or a CodeDeploy deployment group of the same template uses, with
    its inline policies and the `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` resources
    attached to it. It reports
    - a statement that allows every action (`*`, `*:*`) on every resource (`*`);
    - a statement that allows `iam:PassRole` (or an action pattern covering it, such as
      `iam:*`) on every resource, with no condition;
    - an AWS managed policy in `forbidden-managed-policies` (`AdministratorAccess`,
      `IAMFullAccess`);
    - a trust policy that lets any principal (`*`) assume the role with no condition, an
      account that is neither the role's nor the pipeline's (when both are known), or a
      service other than those it is used for (`codepipeline`, `codebuild`, `codedeploy`,
      and `cloudformation` for a role that is also a stack role): one role shared by
      several services holds the permissions of all.

    Statements with a `Condition` are not reported; values written as intrinsics are read
    only where they resolve.

    ## Why is this bad?
    Whoever can change what a pipeline builds or deploys — a buildspec, a template, a
    deployment script — acts with its roles. A role that may do anything, or pass any role
    to any service, turns a pull request into administrator access to the account; a role
    anyone may assume needs no pull request at all.

    ## Example
    ```yaml
    BuildRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal: {Service: codebuild.amazonaws.com}
              Action: sts:AssumeRole
        Policies:
          - PolicyName: build
            PolicyDocument:
              Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
    ```

    ## Use instead
    ```yaml
    Policies:
      - PolicyName: build
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: [logs:CreateLogStream, logs:PutLogEvents]
              Resource: !Sub arn:aws:logs:*:${AWS::AccountId}:log-group:/aws/codebuild/web*
            - Effect: Allow
              Action: [s3:GetObject, s3:PutObject]
              Resource: !Sub ${ArtifactBucket.Arn}/*
    ```

    ## Configuration
    - `forbidden-managed-policies` (default `["AdministratorAccess", "IAMFullAccess"]`): the
      AWS managed policies, by name, that such a role must not have.

    ## References
    - [AWS Well-Architected: grant least privilege access](https://docs.aws.amazon.com/wellarchitected/latest/framework/sec_permissions_least_privileges)
    - [IAM: granting a user permissions to pass a role to an AWS service](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html)
    - [CodePipeline: create the CodePipeline service role](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-service-role.html)
    """

    code = "PL405"
    name = "overprivileged-pipeline-role"
    severity = Severity.MEDIUM
    tags = ("identity",)
    targets = (IamRole,)
    options_type = OverprivilegedPipelineRoleOptions

    def check(self, role: IamRole, ctx: RuleContext) -> Iterator[Violation]:
        every_use = list(_uses(role, ctx))
        uses = [use for use in every_use if use.service != STACK_SERVICE]
        if not uses:
            return
        options: OverprivilegedPipelineRoleOptions = self.options
        name = resource_label(role.role_name, role.logical_id, ctx)
        subject = f"Role {name} of {uses[0].what}"
        if len(uses) > 1:
            subject += f" (and {len(uses) - 1} more)"
        related = tuple(Related(use.reference.loc, f"used by {use.what}") for use in uses)

        def violation(problem: str, location: Location) -> Violation:
            return Violation(message=f"{subject} {problem}", location=location, related=related)

        for policy in role.policies:
            sharing = _roles_sharing(policy, role, ctx)
            if sharing is None:
                continue  # reported with the first role that has it
            for index, statement in enumerate(policy.statements):
                problem = _permission_problem(statement)
                if problem is not None:
                    yield Violation(
                        message=f"{subject} {problem}",
                        location=policy.statement_loc(index),
                        related=(*related, *sharing),
                    )
        for arn in role.managed_policy_arns:
            managed = _managed_policy_name(arn, ctx)
            if managed in options.forbidden_managed_policies:
                yield violation(f"has the AWS managed policy {managed}", arn.loc)
        trust = role.assume_role_policy
        if trust is not None:
            home = template_account(ctx.model, ctx.project)
            services = {use.service for use in every_use}
            expected = None if None in services else frozenset(s for s in services if s)
            for index, statement in enumerate(trust.statements):
                problem = _trust_problem(statement, trust, home, expected, ctx)
                if problem is not None:
                    yield violation(problem, trust.statement_loc(index))


def _uses(role: IamRole, ctx: RuleContext) -> Iterator[_Use]:
    """Where the pipelines, build projects and deployment groups of the template use
    ``role``, and where its stack actions do (which only says that CloudFormation may
    assume it)."""
    project, model, production = ctx.project, ctx.model, ctx.production
    for node in model.top_level:
        found: list[tuple[str, Scalar | None, str | None]] = []
        if isinstance(node, Pipeline):
            pipeline = f"pipeline {resource_label(node.name, node.logical_id, ctx)}"
            found.append((pipeline, node.role_arn, "codepipeline"))
            for _, action in node.actions():
                action_name = production.quoted(action.name, node)
                found.append((f"action {action_name} of {pipeline}", action.role_arn, None))
                if is_stack_action(action):
                    stack_role = action.config("RoleArn")
                    what = f"the stack role of action {action_name} of {pipeline}"
                    found.append((what, stack_role, STACK_SERVICE))
        elif isinstance(node, CodeBuildProject):
            label = resource_label(node.name, node.logical_id, ctx)
            found.append((f"CodeBuild project {label}", node.service_role, "codebuild"))
        elif isinstance(node, DeploymentGroup):
            label = resource_label(node.name, node.logical_id, ctx)
            found.append((f"deployment group {label}", node.service_role_arn, "codedeploy"))
        for what, reference, service in found:
            if reference is not None and project.find_role(reference, model) is role:
                yield _Use(what, reference, service)


def _roles_sharing(policy: PolicyDocument, role: IamRole, ctx: RuleContext) -> list[Related] | None:
    """The other checked roles that ``policy`` (an ``AWS::IAM::Policy`` attached to several)
    is attached to, as related locations; ``None`` when one of them comes before ``role``,
    which reports the policy."""
    sharing: list[Related] = []
    before = True
    for other in ctx.model.top_level:
        if other is role:
            before = False
            continue
        if not isinstance(other, IamRole) or policy not in other.policies:
            continue
        if not any(use.service != STACK_SERVICE for use in _uses(other, ctx)):
            continue
        if before:
            return None
        label = resource_label(other.role_name, other.logical_id, ctx)
        sharing.append(Related(other.key_loc or other.loc, f"policy also attached to role {label}"))
    return sharing


def _permission_problem(statement: Any) -> str | None:
    """What a permission statement grants too broadly, if anything."""
    if not allows_unconditionally(statement) or "*" not in resources(statement):
        return None
    if any(action in ("*", "*:*") for action in actions(statement)):
        return 'allows every action ("*") on every resource'
    if covers_action(statement, "iam:PassRole"):
        return "allows iam:PassRole on every resource: it can hand any role to any service"
    return None


def _managed_policy_name(arn: Scalar, ctx: RuleContext) -> str | None:
    """The name of an AWS managed policy ARN (``AdministratorAccess``), when it is one."""
    resolved = ctx.project.resolve(arn, ctx.model).value
    text = resolved if isinstance(resolved, str) else None
    if isinstance(resolved, Text):
        text = "".join("aws" if part is Pseudo.PARTITION else str(part) for part in resolved.parts)
    match = _AWS_MANAGED_POLICY.fullmatch(text or "")
    return match.group(1) if match else None


def _trust_problem(
    statement: Any,
    trust: PolicyDocument,
    home: AccountNames,
    services: frozenset[str] | None,
    ctx: RuleContext,
) -> str | None:
    """Whom a trust statement lets assume the role beyond its services (``codebuild``, …;
    ``None``: not checked) or the account."""
    if not allows_unconditionally(statement):
        return None
    principal = principal_of(statement)
    if principal == "*":
        return 'can be assumed by any principal ("*")'
    if not isinstance(principal, dict):
        return None
    if services is not None:
        for service in _service_names(service_principals(statement), trust, ctx):
            if service.split(".", 1)[0] not in services:
                return f"can also be assumed by service {service}: one role for several services"
    items = aws_principals(statement) or []
    if "*" in items:
        return 'can be assumed by any AWS principal ("*")'
    for item in items:
        account = principal_account(item, trust, ctx.project)
        if isinstance(account, str) and home.holds(account) is False:
            return f"can be assumed from account {account}, neither its own nor the pipeline's"
    return None


def _service_names(written: list[Any], trust: PolicyDocument, ctx: RuleContext) -> list[str]:
    """The service principals ``written`` in a trust statement whose service can be read
    (``codedeploy.${AWS::Region}.amazonaws.com`` is ``codedeploy``)."""
    found: list[str] = []
    for item in written:
        scalar = _scalar(item, trust)
        if scalar is None:
            continue
        resolved = ctx.project.resolve(scalar, ctx.model, partial=True).value
        text = str(resolved) if isinstance(resolved, (str, Text)) else None
        if text and re.match(r"[a-z0-9-]+\.", text):
            found.append(text)
    return found


def _scalar(raw: object, policy: PolicyDocument) -> Scalar | None:
    """A string or an intrinsic of a policy (kept as plain data) as a value to resolve."""
    value = Intrinsic.from_raw(raw) if isinstance(raw, dict) else raw
    return Scalar(value, policy.loc) if isinstance(value, (str, Intrinsic)) else None
