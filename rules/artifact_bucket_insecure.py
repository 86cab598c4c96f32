"""PL305 artifact-bucket-insecure."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.resources import PublicAccessBlock, S3Bucket

from ._artifact_stores import pipelines_label
from ._policy_statements import denies_plain_http
from ._values import in_document_of, resolved_bool, resolved_text

#: Canned ACLs that open a bucket to everyone (or every AWS account).
PUBLIC_ACLS = frozenset({"PublicRead", "PublicReadWrite", "AuthenticatedRead"})

_FLAGS = (
    ("block_public_acls", "BlockPublicAcls"),
    ("block_public_policy", "BlockPublicPolicy"),
    ("ignore_public_acls", "IgnorePublicAcls"),
    ("restrict_public_buckets", "RestrictPublicBuckets"),
)


class ArtifactBucketInsecure(Rule):
    """An artifact bucket open to the public, or reachable without TLS.

    ## What it does
    For every `AWS::S3::Bucket` of the run that is a pipeline's artifact store (the store's
    `location` names it by `Ref`, or by its `BucketName`), reports:

    - public access allowed: a public canned ACL (`AccessControl: PublicRead`,
      `PublicReadWrite`, `AuthenticatedRead`), at the ACL, or a
      `PublicAccessBlockConfiguration` that leaves one of its four settings off (an omitted
      setting is off), at `PublicAccessBlockConfiguration`;
    - no bucket policy (`AWS::S3::BucketPolicy` naming the bucket by `Ref`) with a `Deny`
      statement for requests where `aws:SecureTransport` is `false`, at the bucket.

    A bucket without `PublicAccessBlockConfiguration` is not reported: since April 2023, S3
    blocks public access on every new bucket unless told otherwise. When the template has a
    bucket policy that cannot be read, or that names its bucket otherwise than by `Ref` (it
    may be this bucket's), the TLS check says nothing; so do settings written as intrinsics
    that cannot be resolved.

    A bucket without `BucketEncryption` is not reported either: since January 2023, S3
    encrypts every new object (SSE-S3) unless told otherwise, and CodePipeline writes its
    artifacts with the store's KMS key (`artifact-store-not-cmk` checks which one).

    ## Why is this bad?
    The artifact bucket holds every source snapshot and build output the pipeline deploys.
    Public access exposes the artifacts (and whoever can write them can change what is
    deployed); a bucket that accepts plain HTTP lets artifacts cross the network
    unencrypted.

    ## Example
    ```yaml
    ArtifactBucket:
      Type: AWS::S3::Bucket
      Properties:
        PublicAccessBlockConfiguration: {BlockPublicAcls: true}
    ```
    (no bucket policy denies `aws:SecureTransport` false)

    ## Use instead
    ```yaml
    ArtifactBucket:
      Type: AWS::S3::Bucket
      Properties:
        PublicAccessBlockConfiguration:
          BlockPublicAcls: true
          BlockPublicPolicy: true
          IgnorePublicAcls: true
          RestrictPublicBuckets: true
    ArtifactBucketPolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: !Ref ArtifactBucket
        PolicyDocument:
          Statement:
            - Effect: Deny
              Principal: "*"
              Action: s3:*
              Resource: [!GetAtt ArtifactBucket.Arn, !Sub "${ArtifactBucket.Arn}/*"]
              Condition: {Bool: {aws:SecureTransport: false}}
    ```

    ## Configuration
    none

    ## References
    - [Amazon S3: configuring block public access settings for a bucket](https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html)
    - [Amazon S3: protecting data in transit with encryption](https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html)
    - [Amazon S3: server-side encryption with S3 managed keys (SSE-S3)](https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html)
    """

    code = "PL305"
    name = "artifact-bucket-insecure"
    severity = Severity.MEDIUM
    tags = ("encryption",)
    targets = (S3Bucket,)

    def check(self, bucket: S3Bucket, ctx: RuleContext) -> Iterator[Violation]:
        uses = ctx.project.stores_using(bucket)
        if not uses:
            return
        name = f'Artifact bucket "{bucket.logical_id}" ({pipelines_label(uses, ctx)})'
        yield from self._public(bucket, ctx, name)
        if self._needs_tls_policy(bucket):
            yield Violation(
                message=(
                    f"{name} accepts requests without TLS: no bucket policy denies "
                    "aws:SecureTransport false"
                ),
                location=bucket.key_loc or bucket.loc,
            )

    def _public(self, bucket: S3Bucket, ctx: RuleContext, name: str) -> Iterator[Violation]:
        acl = resolved_text(bucket.access_control, in_document_of(bucket, ctx))
        if acl in PUBLIC_ACLS and bucket.access_control is not None:
            yield Violation(
                message=f'{name} is public: AccessControl is "{acl}"',
                location=bucket.access_control.loc,
            )
        block = bucket.public_access_block
        if block is None:
            return
        off = [key for field, key in _FLAGS if _flag(block, field, bucket, ctx) is False]
        if off:
            yield Violation(
                message=f"{name} allows public access: {', '.join(off)} off",
                location=block.key_loc or block.loc,
            )

    def _needs_tls_policy(self, bucket: S3Bucket) -> bool:
        if bucket.is_unknown("policies"):
            return False
        for policy in bucket.policies:
            answers = [denies_plain_http(statement) for statement in policy.statements]
            if True in answers or None in answers:
                return False
        return True


def _flag(block: PublicAccessBlock, field: str, bucket: S3Bucket, ctx: RuleContext) -> bool | None:
    """A public-access-block setting: ``False`` when omitted; ``None`` when unknown."""
    value = getattr(block, field)
    if value is None:
        return None if block.is_unknown(field) else False
    return resolved_bool(value, in_document_of(bucket, ctx))
