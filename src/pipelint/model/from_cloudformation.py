"""Building the model of a CloudFormation/SAM template (CDK output included).

:func:`read_template` reads the sections resolution needs; :func:`nodes_from_template`
turns every modelled resource into its node, in document order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipelint.model.location import Location
from pipelint.model.node import Node
from pipelint.model.read_codebuild import read_codebuild_project
from pipelint.model.read_codedeploy import read_deployment_config, read_deployment_group
from pipelint.model.read_pipeline import read_pipeline
from pipelint.model.read_resources import (
    read_alarm,
    read_attached_policy,
    read_iam_role,
    read_kms_alias,
    read_kms_key,
    read_s3_bucket,
    read_webhook,
    referenced_ids,
)
from pipelint.model.read_sam import read_sam_function
from pipelint.model.reader import Reader
from pipelint.model.resources import PolicyDocument
from pipelint.model.template import Parameter, Resource, Template

if TYPE_CHECKING:
    from pipelint.loaders.document import Document


def read_template(document: Document) -> Template:
    """The parameters, conditions, mappings, resources, outputs, globals and transforms."""
    data = document.data if isinstance(document.data, dict) else {}
    root = Reader(document, (), data, "pascal")
    parameters = {
        name: _parameter(Reader(document, pointer, raw, "pascal"), name)
        for name, pointer, raw in _section(root, "Parameters")
        if isinstance(raw, dict)
    }
    resources = {
        logical_id: _resource(Reader(document, pointer, raw, "pascal"), logical_id)
        for logical_id, pointer, raw in _section(root, "Resources")
        if isinstance(raw, dict)
    }
    return Template(
        document=document,
        parameters=parameters,
        conditions=_mapping(data.get("Conditions")),
        mappings=_mapping(data.get("Mappings")),
        resources=resources,
        outputs=_mapping(data.get("Outputs")),
        globals=_mapping(data.get("Globals")),
        transforms=_transforms(data.get("Transform")),
    )


def nodes_from_template(template: Template) -> tuple[Node, ...]:
    """The model node of every modelled resource of ``template``, in document order."""
    builder = _TemplateBuilder(template)
    nodes: list[Node] = []
    for resource in template.resources.values():
        read = _READERS.get(resource.type or "")
        if read is not None:
            node = read(builder, resource)
            if node is not None:
                nodes.append(node)
    return tuple(nodes)


class _TemplateBuilder:
    """What resource readers share: the template, and which policies attach to what."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.document = template.document
        self._role_policies: dict[str, list[PolicyDocument]] | None = None
        self._bucket_policies: dict[str, list[PolicyDocument]] | None = None
        self._unreadable_bucket_policies: tuple[bool, frozenset[str]] | None = None

    def properties(self, resource: Resource) -> Reader:
        """A PascalCase reader of the resource's ``Properties`` (empty when missing)."""
        pointer = ("Resources", resource.logical_id)
        if isinstance(resource.properties, dict):
            return Reader(self.document, (*pointer, "Properties"), resource.properties, "pascal")
        return Reader(self.document, pointer, None, "pascal")

    def role_policies(self, resource: Resource) -> tuple[PolicyDocument, ...]:
        """The policy resources of the template that attach to the role ``resource``: those
        naming it in ``Roles``, and the managed policies it names in ``ManagedPolicyArns``."""
        if self._role_policies is None:
            self._role_policies = self._attachments(
                ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"), "Roles"
            )
        attached = list(self._role_policies.get(resource.logical_id, ()))
        properties = resource.properties if isinstance(resource.properties, dict) else {}
        for logical_id in referenced_ids(properties.get("ManagedPolicyArns")):
            managed = self.template.resource(logical_id)
            if managed is None or managed.type != "AWS::IAM::ManagedPolicy":
                continue
            policy = read_attached_policy(self.properties(managed), logical_id, managed.key_loc)
            if policy is not None and all(known.loc != policy.loc for known in attached):
                attached.append(policy)
        return tuple(attached)

    def bucket_policies(self, logical_id: str) -> tuple[PolicyDocument, ...]:
        if self._bucket_policies is None:
            self._bucket_policies = self._attachments(("AWS::S3::BucketPolicy",), "Bucket")
        return tuple(self._bucket_policies.get(logical_id, ()))

    def bucket_policies_unknown(self, logical_id: str) -> bool:
        """Whether a bucket policy of the template that cannot be read may apply to the bucket:
        one that names its bucket otherwise than by ``Ref`` to a resource (a name, ``!Sub``,
        an import: it may be any bucket's), or one of the bucket's whose document is not
        readable."""
        if self._unreadable_bucket_policies is None:
            self._unreadable_bucket_policies = self._read_unreadable_bucket_policies()
        any_bucket, buckets = self._unreadable_bucket_policies
        return any_bucket or logical_id in buckets

    def _read_unreadable_bucket_policies(self) -> tuple[bool, frozenset[str]]:
        """Whether a bucket policy may apply to any bucket, and the buckets with a bucket
        policy that cannot be read (see :meth:`bucket_policies_unknown`); once per template."""
        buckets: set[str] = set()
        for resource in self.template.resources_of_type("AWS::S3::BucketPolicy"):
            r = self.properties(resource)
            targets = [
                target
                for target in referenced_ids(r.raw("Bucket"))
                if target in self.template.resources
            ]
            if not targets:
                return True, frozenset()
            if (
                r.raw("PolicyDocument") is not None
                and read_attached_policy(r, resource.logical_id, resource.key_loc) is None
            ):
                buckets.update(targets)
        return False, frozenset(buckets)

    def _attachments(self, types: tuple[str, ...], key: str) -> dict[str, list[PolicyDocument]]:
        found: dict[str, list[PolicyDocument]] = defaultdict(list)
        for resource in self.template.resources_of_type(*types):
            r = self.properties(resource)
            policy = read_attached_policy(r, resource.logical_id, resource.key_loc)
            if policy is None:
                continue
            for target in referenced_ids(r.raw(key)):
                found[target].append(policy)
        return found


_Read = Callable[[_TemplateBuilder, Resource], "Node | None"]


def _pipeline(b: _TemplateBuilder, resource: Resource) -> Node:
    return read_pipeline(
        b.properties(resource),
        "cloudformation",
        logical_id=resource.logical_id,
        key_loc=resource.key_loc,
    )


def _deployment_group(b: _TemplateBuilder, resource: Resource) -> Node:
    r = b.properties(resource)
    return read_deployment_group(r, b.template, resource.logical_id, resource.key_loc)


def _sam_function(b: _TemplateBuilder, resource: Resource) -> Node:
    defaults = Reader.at(b.document, ("Globals", "Function"), "pascal")
    return read_sam_function(
        b.properties(resource), defaults, resource.logical_id, resource.key_loc, resource.condition
    )


def _simple(read: Callable[[Reader, str, Location | None], Node]) -> _Read:
    def build(b: _TemplateBuilder, resource: Resource) -> Node:
        return read(b.properties(resource), resource.logical_id, resource.key_loc)

    return build


def _iam_role(b: _TemplateBuilder, resource: Resource) -> Node:
    attached = b.role_policies(resource)
    return read_iam_role(b.properties(resource), resource.logical_id, resource.key_loc, attached)


def _s3_bucket(b: _TemplateBuilder, resource: Resource) -> Node:
    r = b.properties(resource)
    if b.bucket_policies_unknown(resource.logical_id):
        r.mark_unknown("policies")
    policies = b.bucket_policies(resource.logical_id)
    return read_s3_bucket(r, resource.logical_id, resource.key_loc, policies)


_READERS: dict[str, _Read] = {
    "AWS::CodePipeline::Pipeline": _pipeline,
    "AWS::CodeDeploy::DeploymentGroup": _deployment_group,
    "AWS::CodeDeploy::DeploymentConfig": _simple(read_deployment_config),
    "AWS::Serverless::Function": _sam_function,
    "AWS::CodeBuild::Project": _simple(read_codebuild_project),
    "AWS::KMS::Key": _simple(read_kms_key),
    "AWS::KMS::Alias": _simple(read_kms_alias),
    "AWS::CloudWatch::Alarm": _simple(read_alarm),
    "AWS::CloudWatch::CompositeAlarm": _simple(read_alarm),
    "AWS::IAM::Role": _iam_role,
    "AWS::S3::Bucket": _s3_bucket,
    "AWS::CodePipeline::Webhook": _simple(read_webhook),
}


# -- template sections ------------------------------------------------------------------


def _section(root: Reader, name: str) -> list[tuple[str, tuple[str | int, ...], Any]]:
    section = root.child(name)
    return section.entries() if section is not None else []


def _mapping(raw: object) -> dict[str, Any]:
    return {str(key): value for key, value in raw.items()} if isinstance(raw, dict) else {}


def _transforms(raw: object) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    return tuple(item for item in items if isinstance(item, str))


def _parameter(r: Reader, name: str) -> Parameter:
    no_echo = r.scalar("NoEcho")
    return Parameter(
        **r.placement(),
        name=name,
        type=r.scalar("Type", text=True),
        default=r.scalar("Default"),
        no_echo=bool(no_echo is not None and no_echo.as_bool),
        allowed_values=r.scalars("AllowedValues"),
    )


def _resource(r: Reader, logical_id: str) -> Resource:
    kind = r.raw("Type")
    condition = r.raw("Condition")
    return Resource(
        **r.placement(),
        logical_id=logical_id,
        type=kind if isinstance(kind, str) else None,
        properties=r.raw("Properties"),
        metadata=r.raw("Metadata"),
        condition=condition if isinstance(condition, str) else None,
    )
