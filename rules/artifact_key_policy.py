"""PL304 artifact-key-policy."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pipelint.accounts import ActionAccount, cross_account_actions, principal_account
from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import ArtifactStore, Pipeline
from pipelint.model.project import DeployingAccount
from pipelint.model.resources import KmsKey

from ._artifact_stores import pipelines_label
from ._policy_statements import (
    allows_anyone,
    aws_principals,
    covers_action,
    is_allow,
    is_readable,
)
from ._values import in_document_of, resolved_bool


class ArtifactKeyPolicy(Rule):
    """An artifact KMS key that is not rotated, is open to anyone, or shuts out other accounts.

    ## What it does
    For every `AWS::KMS::Key` of the run that encrypts the artifacts of a pipeline (an
    artifact store's `encryptionKey.id` names it by `Ref`, `GetAtt`, an `AWS::KMS::Alias` or
    an alias name), reports:

    - key rotation off: `EnableKeyRotation` absent or false, at the key (or the value);
    - a key policy statement that allows `*` as principal with no `Condition`, at the
      statement;
    - a cross-account action whose account the key policy does not let decrypt: no `Allow`
      statement covering `kms:Decrypt` names that account, its root or a role in it, at the
      key policy (the key when it has none), with the action's role as related location.

    Cross-account actions are those whose role is known to be in another account than the
    pipeline's role (see PL303). A principal or action written as an intrinsic that cannot be
    resolved may grant the account: then nothing is said about it.

    ## Why is this bad?
    CodePipeline encrypts every artifact with this key, and each action decrypts its inputs
    with it. A role of another account can only do so if the key policy lets its account use
    the key, so such a deploy fails. A key policy open to `*` lets any AWS principal that
    can reach the key use it; a key that is never rotated keeps the same key material for
    years of artifacts.

    ## Example
    ```yaml
    ArtifactKey:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy:
          Statement:
            - Effect: Allow
              Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
              Action: kms:*
              Resource: "*"
    ```

    ## Use instead
    ```yaml
    ArtifactKey:
      Type: AWS::KMS::Key
      Properties:
        EnableKeyRotation: true
        KeyPolicy:
          Statement:
            - Effect: Allow
              Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
              Action: kms:*
              Resource: "*"
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::222233334444:root}
              Action: [kms:Decrypt, kms:DescribeKey, kms:Encrypt, kms:GenerateDataKey*]
              Resource: "*"
    ```

    ## Configuration
    none

    ## References
    - [AWS KMS: key policies](https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html)
    - [AWS KMS: rotating keys](https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html)
    - [AWS KMS: allowing users in other accounts to use a KMS key](https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html)
    """

    code = "PL304"
    name = "artifact-key-policy"
    severity = Severity.MEDIUM
    tags = ("encryption",)
    targets = (KmsKey,)

    def check(self, key: KmsKey, ctx: RuleContext) -> Iterator[Violation]:
        uses = ctx.project.stores_using(key)
        if not uses:
            return
        name = f'KMS key "{key.logical_id}"'
        pipelines = pipelines_label(uses, ctx)
        yield from self._rotation(key, ctx, name, pipelines)
        policy = key.key_policy
        if policy is not None:
            for index, statement in enumerate(policy.statements):
                if allows_anyone(statement):
                    yield Violation(
                        message=(
                            f"Key policy of {name} (artifacts of {pipelines}) allows any "
                            'principal ("*") with no condition'
                        ),
                        location=policy.statement_loc(index),
                    )
        yield from self._grants(key, ctx, name, uses)

    def _rotation(
        self, key: KmsKey, ctx: RuleContext, name: str, pipelines: str
    ) -> Iterator[Violation]:
        value = key.enable_key_rotation
        if value is None:
            if key.is_unknown("enable_key_rotation"):
                return
            why, location = "EnableKeyRotation is not set", key.key_loc or key.loc
        else:
            if resolved_bool(value, in_document_of(key, ctx)) is not False:
                return
            why, location = "EnableKeyRotation is false", value.loc
        yield Violation(
            message=f"{name} encrypts the artifacts of {pipelines} but is never rotated: {why}",
            location=location,
        )

    def _grants(
        self,
        key: KmsKey,
        ctx: RuleContext,
        name: str,
        uses: Sequence[tuple[Pipeline, ArtifactStore]],
    ) -> Iterator[Violation]:
        if key.key_policy is None and key.is_unknown("key_policy"):
            return
        outside: dict[str, list[tuple[Pipeline, ActionAccount]]] = {}
        for pipeline in dict.fromkeys(pipeline for pipeline, _ in uses):
            for found in cross_account_actions(pipeline, ctx.project):
                outside.setdefault(str(found.account), []).append((pipeline, found))
        policy = key.key_policy
        statements = policy.statements if policy is not None else ()
        for account, actions in outside.items():
            if _grants(statements, account, key, ctx) is not False:
                continue
            pipeline, first = actions[0]
            quoted = ctx.production.quoted
            yield Violation(
                message=(
                    f"{'Key policy of ' if policy else ''}{name} "
                    f"{'does not let' if policy else 'has no key policy to let'} account "
                    f"{account} decrypt artifacts, but action "
                    f"{quoted(first.action.name, pipeline)} runs there"
                ),
                location=(policy.key_loc or policy.loc) if policy else key.key_loc or key.loc,
                related=tuple(
                    Related(
                        found.action.role_arn.loc if found.action.role_arn else found.action.loc,
                        f"action {quoted(found.action.name, pipeline)} runs in account {account}",
                    )
                    for pipeline, found in actions
                ),
            )


def _grants(
    statements: tuple[Any, ...], account: str, key: KmsKey, ctx: RuleContext
) -> bool | None:
    """Whether an ``Allow`` statement lets ``account`` decrypt with the key; ``None`` when a
    statement that cannot be read may."""
    answer: bool | None = False
    for statement in statements:
        if not is_readable(statement):
            answer = None
            continue
        decrypts = covers_action(statement, "kms:Decrypt") if is_allow(statement) else False
        if decrypts is False:
            continue
        principals = aws_principals(statement)
        if principals is None:
            answer = None
            continue
        for principal in principals:
            named = "*" if principal == "*" else _principal_account(principal, key, ctx)
            if named in ("*", account) and decrypts:
                return True
            if named in ("*", account, None):
                answer = None
    return answer


def _principal_account(principal: Any, key: KmsKey, ctx: RuleContext) -> str | None:
    """The 12-digit account of a principal (an account ID, its root, a role or user ARN);
    ``""`` for the key's own account; ``None`` when unknown.

    A template's own account (``${AWS::AccountId}``) is the key's, which is the pipeline's:
    a store's key lives in the pipeline's account.
    """
    policy = key.key_policy
    account = principal_account(principal, policy or key, ctx.project)
    if isinstance(account, DeployingAccount):
        return ""
    return account if isinstance(account, str) else None
