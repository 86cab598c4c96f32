"""The CloudFormation resources around a pipeline: keys, alarms, roles, buckets, webhooks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelint.model.location import Location
from pipelint.model.node import Node
from pipelint.model.values import Scalar


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyDocument(Node):
    """An IAM/KMS/bucket policy document kept as written (plain data, intrinsics in long form).

    ``name`` is the inline policy name, or the logical ID of the policy resource it came from.
    """

    name: Scalar | None = None
    document: Any = field(default=None, hash=False)

    @property
    def statements(self) -> tuple[Any, ...]:
        """The ``Statement`` entries (a single statement mapping counts as one)."""
        if not isinstance(self.document, dict):
            return ()
        statement = self.document.get("Statement")
        if isinstance(statement, list):
            return tuple(statement)
        return (statement,) if isinstance(statement, dict) else ()

    def statement_loc(self, index: int) -> Location:
        """Where statement ``index`` is (the document when it cannot be found)."""
        origin = self.origin
        if origin is not None:
            statement = origin.document.get((*origin.pointer, "Statement"))
            relative = ("Statement", index) if isinstance(statement, list) else ("Statement",)
            pointer = (*origin.pointer, *relative)
            if pointer in origin.document.spans:
                return origin.document.locate(pointer)
        return self.loc


@dataclass(frozen=True, slots=True, kw_only=True)
class KmsKey(Node):
    """An ``AWS::KMS::Key``."""

    logical_id: str | None = field(default=None, compare=False)
    key_policy: PolicyDocument | None = None
    enable_key_rotation: Scalar | None = None
    description: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class KmsAlias(Node):
    """An ``AWS::KMS::Alias``: ``alias_name`` (``alias/…``) and the key it points at."""

    logical_id: str | None = field(default=None, compare=False)
    alias_name: Scalar | None = None
    target_key_id: Scalar | None = None


#: The service and resource prefix of a CloudWatch alarm ARN (``…:cloudwatch:…:alarm:name``).
ALARM_ARN = ("cloudwatch", "alarm:")


@dataclass(frozen=True, slots=True, kw_only=True)
class Alarm(Node):
    """An ``AWS::CloudWatch::Alarm`` or ``AWS::CloudWatch::CompositeAlarm``."""

    logical_id: str | None = field(default=None, compare=False)
    alarm_name: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IamRole(Node):
    """An ``AWS::IAM::Role``.

    ``policies`` are its inline ``Policies`` followed by the ``AWS::IAM::Policy`` /
    ``AWS::IAM::ManagedPolicy`` resources of the same template that attach to it by ``Ref``
    (naming it in their ``Roles``, or named by ``Ref`` in its ``ManagedPolicyArns``).
    """

    logical_id: str | None = field(default=None, compare=False)
    role_name: Scalar | None = None
    assume_role_policy: PolicyDocument | None = None
    policies: tuple[PolicyDocument, ...] = ()
    managed_policy_arns: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BucketEncryption(Node):
    """One ``ServerSideEncryptionConfiguration`` rule: ``aws:kms``/``AES256`` and the key."""

    algorithm: Scalar | None
    kms_key_id: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PublicAccessBlock(Node):
    """``PublicAccessBlockConfiguration``; an absent flag is ``None`` (which means false)."""

    block_public_acls: Scalar | None = None
    block_public_policy: Scalar | None = None
    ignore_public_acls: Scalar | None = None
    restrict_public_buckets: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class S3Bucket(Node):
    """An ``AWS::S3::Bucket``; ``policies`` are the bucket policies that name it by ``Ref``.

    ``policies`` is unknown (:meth:`~pipelint.model.node.Node.is_unknown`) when a bucket
    policy of the template that cannot be read may be the bucket's (one naming its bucket
    otherwise than by ``Ref``, or with an unreadable document). ``access_control`` is the
    canned ACL (``Private``, ``PublicRead``, …).
    """

    logical_id: str | None = field(default=None, compare=False)
    bucket_name: Scalar | None = None
    encryption: tuple[BucketEncryption, ...] = ()
    public_access_block: PublicAccessBlock | None = None
    policies: tuple[PolicyDocument, ...] = ()
    access_control: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookFilterRule(Node):
    """A ``Filters`` entry of a CodePipeline webhook: ``JsonPath`` and ``MatchEquals``."""

    json_path: Scalar | None
    match_equals: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Webhook(Node):
    """An ``AWS::CodePipeline::Webhook`` (legacy GitHub v1 webhooks).

    ``authentication`` is ``GITHUB_HMAC``, ``IP`` or ``UNAUTHENTICATED``; ``allowed_ip_range``
    and ``secret_token`` come from ``AuthenticationConfiguration``.
    """

    logical_id: str | None = field(default=None, compare=False)
    name: Scalar | None = None
    authentication: Scalar | None = None
    allowed_ip_range: Scalar | None = None
    secret_token: Scalar | None = None
    filters: tuple[WebhookFilterRule, ...] = ()
    target_pipeline: Scalar | None = None
    target_action: Scalar | None = None
