"""PL303 cross-account-key-alias."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.accounts import action_accounts, cross_account_actions, has_cross_account_actions
from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Pipeline

from ._artifact_stores import describe_store, store_key


class CrossAccountKeyAlias(Rule):
    """A cross-account pipeline that names its artifact key by alias.

    ## What it does
    Reports, in a pipeline with cross-account actions, every artifact store whose
    `encryptionKey.id` is an alias (`alias/name`) or an alias ARN, at the key's `id`. The
    actions that run in another account are related locations.

    An action is cross-account when the role CodePipeline assumes for it (its `roleArn`)
    is in another account than the pipeline's service role. Accounts are read from the
    ARNs, resolved where the template allows; a role built on `AWS::AccountId` is in the
    account the template is deployed to, which may be any. So an action is cross-account
    when both accounts are known and differ, and a pipeline has cross-account actions too
    when its action roles are in two different known accounts (they cannot both be its
    own). The AWS managed key (`alias/aws/s3`) is left to PL301.

    ## Why is this bad?
    An alias resolves only in the account that owns the key. When CodePipeline works for
    an action in another account, that account looks the alias up among its own aliases:
    it finds no key, or another key with the same alias, and the action cannot decrypt
    the artifacts it is given. Cross-account pipelines must name the key by key ARN.

    ## Example
    ```yaml
    ArtifactStore:
      Type: S3
      Location: !Ref ArtifactBucket
      EncryptionKey: {Id: alias/pipeline-artifacts, Type: KMS}
    ```

    ## Use instead
    ```yaml
      EncryptionKey: {Id: !GetAtt ArtifactKey.Arn, Type: KMS}
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline API: EncryptionKey](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_EncryptionKey.html)
    - [CloudFormation: AWS::CodePipeline::Pipeline EncryptionKey](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-pipeline-encryptionkey.html)
    """

    code = "PL303"
    name = "cross-account-key-alias"
    severity = Severity.HIGH
    tags = ("encryption",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        project = ctx.project
        aliased = [
            (store, key)
            for store in pipeline.stores
            if (key := store_key(store, pipeline, ctx)) is not None
            and key.is_alias
            and not key.is_aws_managed
        ]
        if not aliased or not has_cross_account_actions(pipeline, project):
            return
        quoted = ctx.production.quoted
        others = cross_account_actions(pipeline, project)
        if others:
            first = others[0]
            where = f"action {quoted(first.action.name, pipeline)} runs in account {first.account}"
        else:  # roles in several named accounts, at most one of them the pipeline's
            others = tuple(
                found for found in action_accounts(pipeline, project) if found.account.id
            )
            accounts = ", ".join(dict.fromkeys(str(found.account) for found in others))
            where = f"its actions run in accounts {accounts}, at most one of them the pipeline's"
        related = tuple(
            Related(
                found.action.role_arn.loc if found.action.role_arn else found.action.loc,
                f"action {quoted(found.action.name, pipeline)} runs in account {found.account}",
            )
            for found in others
        )
        for store, key in aliased:
            assert store.encryption_key is not None and store.encryption_key.id is not None
            alias = key.alias_name or ctx.production.label(store.encryption_key.id, pipeline)
            yield Violation(
                message=(
                    f'{describe_store(store, pipeline, ctx)} names its key by alias "{alias}", '
                    f"but {where}: an alias resolves only in the key's own account; use the "
                    "key ARN"
                ),
                location=store.encryption_key.id.loc,
                related=related,
            )
