"""PL301 artifact-store-not-cmk."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Pipeline

from ._artifact_stores import describe_store, store_key


class ArtifactStoreNotCmk(Rule):
    """An artifact store encrypted with the AWS managed key instead of a customer managed one.

    ## What it does
    Reports every artifact store of a pipeline (the `artifactStore`, and each store of
    `artifactStores`) that has no `encryptionKey`, or whose key is the AWS managed S3 key
    (`alias/aws/s3`, or its alias ARN). A store without `encryptionKey` is reported at the
    store's key; a store with the AWS managed key at the key's `id`.

    A key written as an intrinsic is resolved where the template allows (parameter
    defaults, `!Sub`, an `AWS::KMS::Alias` of the template, a value exported by another
    template of the run); an `encryptionKey` or an `id` that cannot be known is not
    reported.

    ## Why is this bad?
    Without a key of its own, CodePipeline encrypts artifacts with the AWS managed key
    `aws/s3`. Nobody controls who may use that key, it cannot be rotated on your schedule or
    audited per pipeline, and it cannot be shared with another account: a pipeline that
    later deploys to another account cannot give that account's roles access to its
    artifacts. A customer managed key puts access to build outputs under a key policy.

    ## Example
    ```yaml
    ArtifactStore:
      Type: S3
      Location: !Ref ArtifactBucket
    ```

    ## Use instead
    ```yaml
    ArtifactStore:
      Type: S3
      Location: !Ref ArtifactBucket
      EncryptionKey: {Id: !GetAtt ArtifactKey.Arn, Type: KMS}
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline API: EncryptionKey](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_EncryptionKey.html)
    - [CloudFormation: AWS::CodePipeline::Pipeline ArtifactStore](https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-codepipeline-pipeline-artifactstore.html)
    """

    code = "PL301"
    name = "artifact-store-not-cmk"
    severity = Severity.HIGH
    tags = ("encryption",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        for store in pipeline.stores:
            key = store.encryption_key
            if key is None:
                if not store.is_unknown("encryption_key"):
                    yield Violation(
                        message=(
                            f"{describe_store(store, pipeline, ctx)} has no encryption key: "
                            'artifacts are encrypted with the AWS managed key "alias/aws/s3"'
                        ),
                        location=store.key_loc or store.loc,
                    )
                continue
            reference = store_key(store, pipeline, ctx)
            if reference is not None and reference.is_aws_managed and key.id is not None:
                yield Violation(
                    message=(
                        f"{describe_store(store, pipeline, ctx)} is encrypted with the "
                        f'AWS managed key "{reference.alias_name}", not a customer managed key'
                    ),
                    location=key.id.loc,
                )
