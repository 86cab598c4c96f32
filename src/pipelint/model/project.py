"""The project index: every document of a run, for cross-resource and cross-file lookups.

Built once per run. Lookups accept the located values rules hold (a role ARN, an alarm
name, a key ID) and the document they come from, resolve them (see :mod:`.resolution`) and
find the node they name, in that document first, then in the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from typing import TypeVar

from pipelint.model.arn import is_account_id, parse_arn
from pipelint.model.build import DocumentModel
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.node import Node
from pipelint.model.resolution import (
    DEPLOYING_ACCOUNT,
    UNKNOWN,
    Pseudo,
    Resolved,
    Resolver,
    ResourceRef,
    Text,
    UnknownType,
    unknown,
)
from pipelint.model.resources import Alarm, IamRole, KmsAlias, KmsKey, S3Bucket
from pipelint.model.template import Resource
from pipelint.model.values import Scalar

N = TypeVar("N", bound=Node)

#: The property holding the physical name of a resource type (what ``Ref`` returns).
NAME_PROPERTY: dict[str, str] = {
    "AWS::CodeDeploy::Application": "ApplicationName",
    "AWS::CodeDeploy::DeploymentGroup": "DeploymentGroupName",
    "AWS::CodeDeploy::DeploymentConfig": "DeploymentConfigName",
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::CloudWatch::CompositeAlarm": "AlarmName",
    "AWS::IAM::Role": "RoleName",
    "AWS::S3::Bucket": "BucketName",
    "AWS::CodeBuild::Project": "Name",
    "AWS::CodePipeline::Pipeline": "Name",
    "AWS::KMS::Alias": "AliasName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Serverless::Function": "FunctionName",
    "AWS::SNS::Topic": "TopicName",
}

#: What :meth:`Project.account_of` answers: a 12-digit ID, the deploying account, or unknown.
AccountAnswer = str | Pseudo | UnknownType

#: The document a value comes from: its model, or its run-relative path.
Within = DocumentModel | str

_MARK = "\x00"  # stands for a deploy-time part while an ARN is split into fields


class Project:
    """All document models of a run, with lookups and value resolution."""

    def __init__(self, models: Iterable[DocumentModel]) -> None:
        self.models = tuple(models)
        self._resolvers = {id(model): Resolver(model.template) for model in self.models}
        self._by_path = {model.document.path: model for model in self.models}
        self._model_of: dict[int, DocumentModel] = {
            id(node): model for model in self.models for node in model.nodes
        }
        self._groups: dict[tuple[Hashable, Hashable], list[DeploymentGroup]] | None = None
        self._named: dict[type[Node], dict[Hashable, list[Node]]] = {}

    # -- documents and resources ----------------------------------------------------------

    def model_of(self, node: Node) -> DocumentModel | None:
        """The document model ``node`` belongs to."""
        return self._model_of.get(id(node))

    def model_at(self, path: str) -> DocumentModel | None:
        """The model of the document at ``path`` (run-relative)."""
        return self._by_path.get(path)

    def _model(self, within: Within) -> DocumentModel | None:
        return self._by_path.get(within) if isinstance(within, str) else within

    def resource(self, within: Within, logical_id: str) -> Resource | None:
        """The resource ``logical_id`` of ``within``'s template."""
        model = self._model(within)
        if model is None or model.template is None:
            return None
        return model.template.resource(logical_id)

    # -- resolution -----------------------------------------------------------------------

    def resolve(self, value: Scalar | None, within: Within) -> Resolved:
        """What ``value`` is, as far as it can be known offline.

        ``within`` is the document ``value`` comes from (its model, or its path).
        """
        if value is None:
            return unknown(detail="absent")
        model = self._model(within)
        if model is None:
            return Resolver(None).resolve(value)
        resolver = self._resolvers.get(id(model)) or Resolver(model.template)
        return resolver.resolve(value)

    def resolve_text(self, value: Scalar | None, within: Within) -> str | None:
        """The resolved value as plain text when it is fully known, else ``None``."""
        return self.resolve(value, within).text

    def account_of(self, arn: Scalar | None, within: Within) -> AccountAnswer:
        """The account of an ARN: its 12-digit ID, :data:`DEPLOYING_ACCOUNT`, or ``UNKNOWN``.

        An ARN built on ``AWS::AccountId``, or the ARN attribute of a resource of the same
        template, is in the deploying account.
        """
        value = self.resolve(arn, within).value
        if isinstance(value, ResourceRef):
            return DEPLOYING_ACCOUNT if value.returns == "arn" else UNKNOWN
        parsed = parse_arn(_flatten(value))
        if parsed is None:
            return UNKNOWN
        if parsed.account == _mark(Pseudo.ACCOUNT_ID):
            return DEPLOYING_ACCOUNT
        return parsed.account if is_account_id(parsed.account) else UNKNOWN

    def referenced(self, value: Scalar | None, within: DocumentModel, kind: type[N]) -> N | None:
        """The node of type ``kind`` that ``value`` names by ``Ref``/``GetAtt``, if any."""
        reference = self.resolve(value, within).value
        model = self._model(within)
        if isinstance(reference, ResourceRef) and model is not None:
            node = model.by_logical_id(reference.logical_id)
            if isinstance(node, kind):
                return node
        return None

    # -- lookups --------------------------------------------------------------------------

    def find_deployment_group(
        self, application: Scalar | None, group: Scalar | None, within: Within
    ) -> DeploymentGroup | None:
        """The deployment group an action names by application and group name."""
        model = self._model(within)
        if model is None:
            return None
        direct = self.referenced(group, model, DeploymentGroup)
        if direct is not None:
            return direct
        application_key = self._identity(self.resolve(application, model), model)
        group_key = self._identity(self.resolve(group, model), model)
        if application_key is None or group_key is None:
            return None
        found = self._group_index().get((application_key, group_key), [])
        return next((g for g in found if self.model_of(g) is model), found[0] if found else None)

    def deployment_group(self, application_name: str, group_name: str) -> DeploymentGroup | None:
        """The deployment group with these literal names, in any document."""
        found = self._group_index().get((("name", application_name), ("name", group_name)))
        return found[0] if found else None

    def find_alarm(self, name: Scalar | None, within: Within) -> Alarm | None:
        """The alarm ``name`` (a name, an alarm ARN, or a ``Ref``/``GetAtt`` of one)."""
        return self._find_named(name, self._model(within), Alarm, "alarm_name")

    def find_role(self, reference: Scalar | None, within: Within) -> IamRole | None:
        """The role ``reference`` names (a role ARN or name, or a ``Ref``/``GetAtt``)."""
        return self._find_named(reference, self._model(within), IamRole, "role_name")

    def find_bucket(self, reference: Scalar | None, within: Within) -> S3Bucket | None:
        """The bucket ``reference`` names (a bucket name or ARN, or a ``Ref``/``GetAtt``)."""
        return self._find_named(reference, self._model(within), S3Bucket, "bucket_name")

    def find_kms_key(self, reference: Scalar | None, within: Within) -> KmsKey | None:
        """The KMS key ``reference`` names: by ``Ref``/``GetAtt`` of the key or of an alias,
        or by an alias name / alias ARN declared in the project."""
        model = self._model(within)
        return self._find_key(reference, model, depth=0) if model is not None else None

    def alarms(self) -> Iterator[Alarm]:
        """Every alarm of the project."""
        for model in self.models:
            yield from model.alarms

    # -- internals ------------------------------------------------------------------------

    def _find_key(
        self, reference: Scalar | None, within: DocumentModel, depth: int
    ) -> KmsKey | None:
        if depth > 4:
            return None
        resolved = self.resolve(reference, within).value
        if isinstance(resolved, ResourceRef):
            node = within.by_logical_id(resolved.logical_id)
            if isinstance(node, KmsAlias):
                return self._find_key(node.target_key_id, within, depth + 1)
            return node if isinstance(node, KmsKey) else None
        text = _flatten(resolved)
        if text is None:
            return None
        arn = parse_arn(text)
        alias = arn.resource if arn is not None else text
        if not alias.startswith("alias/") or _MARK in alias:
            return None
        aliases = self._lookup(KmsAlias, "alias_name", ("name", alias), within)
        if not aliases:
            return None
        model, node = aliases[0]
        return self._find_key(node.target_key_id, model, depth + 1)

    def _find_named(
        self, value: Scalar | None, within: DocumentModel | None, kind: type[N], field: str
    ) -> N | None:
        if within is None:
            return None
        direct = self.referenced(value, within, kind)
        if direct is not None:
            return direct
        text = _flatten(self.resolve(value, within).value)
        if text is None or _MARK in text:
            return None
        arn = parse_arn(text)
        name = arn.resource_name if arn is not None else text
        found = self._lookup(kind, field, ("name", name), within)
        return found[0][1] if found else None

    def _lookup(
        self, kind: type[N], field: str, key: Hashable, within: DocumentModel
    ) -> list[tuple[DocumentModel, N]]:
        index = self._named.get(kind)
        if index is None:
            index = defaultdict(list)
            for model in self.models:
                for node in model.of_type(kind):
                    for identity in self._node_identities(node, field, model):
                        index[identity].append(node)
            self._named[kind] = index
        found = [
            (self._model_of[id(node)], node)
            for node in index.get(key, [])
            if isinstance(node, kind)
        ]
        found.sort(key=lambda pair: pair[0] is not within)
        return found

    def _node_identities(self, node: Node, field: str, model: DocumentModel) -> list[Hashable]:
        """The identities of a node: its resource identity and its resolved name."""
        found: list[Hashable] = []
        logical_id = getattr(node, "logical_id", None)
        if logical_id:
            found.append(("resource", model.document.path, logical_id))
        name = getattr(node, field, None)
        if isinstance(name, Scalar):
            identity = self._identity(self.resolve(name, model), model)
            if identity is not None:
                found.append(identity)
        return found

    def _identity(self, resolved: Resolved, within: DocumentModel) -> Hashable | None:
        """What a physical name is known as: ``("name", text)`` or ``("resource", path, id)``."""
        value = resolved.value
        if isinstance(value, str):
            return ("name", value)
        if isinstance(value, ResourceRef) and value.attribute is None and value.returns == "name":
            resource = self.resource(within, value.logical_id)
            properties = resource.properties if resource is not None else None
            prop = NAME_PROPERTY.get(value.type or "")
            if prop and isinstance(properties, dict) and prop in properties:
                resolver = self._resolvers.get(id(within)) or Resolver(within.template)
                named = resolver.resolve(properties[prop])
                if isinstance(named.value, str):
                    return ("name", named.value)
            return ("resource", within.document.path, value.logical_id)
        return None

    def _group_index(self) -> dict[tuple[Hashable, Hashable], list[DeploymentGroup]]:
        if self._groups is None:
            self._groups = defaultdict(list)
            for model in self.models:
                for group in model.deployment_groups:
                    application = self._identity(self.resolve(group.application_name, model), model)
                    if application is None:
                        continue
                    for name in self._node_identities(group, "name", model):
                        self._groups[(application, name)].append(group)
        return self._groups


def _mark(pseudo: Pseudo) -> str:
    return f"{_MARK}{pseudo.name}{_MARK}"


def _flatten(value: object) -> str | None:
    """A string value with deploy-time parts replaced by colon-free marks."""
    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        return "".join(
            part
            if isinstance(part, str)
            else _mark(part)
            if isinstance(part, Pseudo)
            else _MARK * 2
            for part in value.parts
        )
    return None
