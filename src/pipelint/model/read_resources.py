"""Reading the resources around a pipeline: KMS keys and aliases, alarms, roles, buckets."""

from __future__ import annotations

from pipelint.model.location import Location
from pipelint.model.reader import Reader
from pipelint.model.resources import (
    Alarm,
    BucketEncryption,
    IamRole,
    KmsAlias,
    KmsKey,
    PolicyDocument,
    PublicAccessBlock,
    S3Bucket,
    Webhook,
    WebhookFilterRule,
)
from pipelint.model.values import Intrinsic, Scalar, loads_or_none


def read_policy(r: Reader, key: str, name: Scalar | None = None) -> PolicyDocument | None:
    """The policy document at ``key`` (a mapping, or a JSON string of one), kept as written."""
    raw = r.raw(key)
    pointer = r.pointer_of(key)
    if isinstance(raw, str):
        raw = loads_or_none(raw)
        if raw is None:
            return None
        here = r.locate(pointer)
        return PolicyDocument(
            loc=here, key_loc=r.locate(pointer, key=True), name=name, document=raw
        )
    policy = r.child(key)
    if policy is None:
        return None
    return PolicyDocument(**policy.placement(), name=name, document=raw)


def read_kms_key(r: Reader, logical_id: str, key_loc: Location | None) -> KmsKey:
    return KmsKey(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        key_policy=read_policy(r, "KeyPolicy"),
        enable_key_rotation=r.scalar("EnableKeyRotation"),
        description=r.scalar("Description", text=True),
    )


def read_kms_alias(r: Reader, logical_id: str, key_loc: Location | None) -> KmsAlias:
    return KmsAlias(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        alias_name=r.scalar("AliasName", text=True),
        target_key_id=r.scalar("TargetKeyId", text=True),
    )


def read_alarm(r: Reader, logical_id: str, key_loc: Location | None) -> Alarm:
    return Alarm(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        alarm_name=r.scalar("AlarmName", text=True),
    )


def read_iam_role(
    r: Reader, logical_id: str, key_loc: Location | None, attached: tuple[PolicyDocument, ...]
) -> IamRole:
    """A role; ``attached`` are the policy resources of the template that name it."""
    inline = tuple(
        policy
        for item in r.children("Policies")
        if (policy := read_policy(item, "PolicyDocument", item.scalar("PolicyName", text=True)))
    )
    return IamRole(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        role_name=r.scalar("RoleName", text=True),
        assume_role_policy=read_policy(r, "AssumeRolePolicyDocument"),
        policies=(*inline, *attached),
        managed_policy_arns=r.scalars("ManagedPolicyArns", text=True),
    )


def read_attached_policy(
    r: Reader, logical_id: str, key_loc: Location | None
) -> PolicyDocument | None:
    """The document of an ``AWS::IAM::Policy``/``ManagedPolicy`` (named by its policy name)."""
    name = r.scalar("PolicyName", text=True) or r.scalar("ManagedPolicyName", text=True)
    if name is None and key_loc is not None:
        name = Scalar(logical_id, key_loc, key_loc)
    return read_policy(r, "PolicyDocument", name)


def read_s3_bucket(
    r: Reader, logical_id: str, key_loc: Location | None, policies: tuple[PolicyDocument, ...]
) -> S3Bucket:
    """A bucket; ``policies`` are the bucket-policy resources of the template that name it."""
    sse = r.part("BucketEncryption")
    block = r.child("PublicAccessBlockConfiguration", field="public_access_block")
    return S3Bucket(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        bucket_name=r.scalar("BucketName", text=True),
        encryption=tuple(
            _encryption_rule(rule)
            for rule in sse.children("ServerSideEncryptionConfiguration", field="encryption")
        ),
        public_access_block=None
        if block is None
        else PublicAccessBlock(
            **block.placement(),
            block_public_acls=block.scalar("BlockPublicAcls"),
            block_public_policy=block.scalar("BlockPublicPolicy"),
            ignore_public_acls=block.scalar("IgnorePublicAcls"),
            restrict_public_buckets=block.scalar("RestrictPublicBuckets"),
        ),
        policies=policies,
        access_control=r.scalar("AccessControl", text=True),
    )


def _encryption_rule(r: Reader) -> BucketEncryption:
    default = r.part("ServerSideEncryptionByDefault")
    return BucketEncryption(
        **r.placement(),
        algorithm=default.scalar("SSEAlgorithm", field="algorithm", text=True),
        kms_key_id=default.scalar("KMSMasterKeyID", field="kms_key_id", text=True),
    )


def read_webhook(r: Reader, logical_id: str, key_loc: Location | None) -> Webhook:
    settings = r.part("AuthenticationConfiguration")
    return Webhook(
        **r.placement(key_loc=key_loc),
        logical_id=logical_id,
        name=r.scalar("Name", text=True),
        authentication=r.scalar("Authentication", text=True),
        allowed_ip_range=settings.scalar("AllowedIPRange", field="allowed_ip_range", text=True),
        secret_token=settings.scalar("SecretToken", text=True),
        filters=tuple(
            WebhookFilterRule(
                **item.placement(),
                json_path=item.scalar("JsonPath", text=True),
                match_equals=item.scalar("MatchEquals", text=True),
            )
            for item in r.children("Filters")
        ),
        target_pipeline=r.scalar("TargetPipeline", text=True),
        target_action=r.scalar("TargetAction", text=True),
    )


def referenced_ids(raw: object) -> tuple[str, ...]:
    """The logical IDs named by ``Ref`` in ``raw``, a single value or a list of values."""
    items = raw if isinstance(raw, list) else [raw]
    found: list[str] = []
    for item in items:
        intrinsic = Intrinsic.from_raw(item)
        if (
            intrinsic is not None
            and intrinsic.function == "Ref"
            and isinstance(intrinsic.args, str)
        ):
            found.append(intrinsic.args)
    return tuple(found)
