"""The project index: every document of a run, for cross-resource and cross-file lookups.

Built once per run. Lookups accept the located values rules hold (a role ARN, an alarm
name, a key ID) and the document they come from, resolve them (see :mod:`.resolution`) and
find the node they name, in that document first, then in the others. When several other
documents hold a match and the asking document none, which one is meant is unknown: the
lookup answers ``None``. An ``Fn::ImportValue`` is followed to the output exported under
that name by another document of the run, when exactly one does.

The run-wide indexes are built from what each document tells the others (:mod:`.facts`),
and hold where nodes are rather than the nodes: a run shared among processes builds them
in each from every document's facts, and models a document of another process only when a
lookup lands in it (:meth:`Project.shared`).

Accounts: ``AWS::AccountId`` (a :class:`DeployingAccount`) is the account of the stack
deployed from the asking document. Two templates of a run may be deployed to
different accounts, so :meth:`Project.account_of` answers a :class:`DeployingAccount` that
names the document, and answers for different documents never compare equal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeGuard, TypeVar, cast

from pipelint.model.arn import is_account_id, parse_arn
from pipelint.model.build import DocumentModel
from pipelint.model.codebuild import CodeBuildProject
from pipelint.model.codedeploy import DeploymentConfig, DeploymentGroup
from pipelint.model.facts import DocumentChanged, DocumentFacts, Identity, NodeRef, Use, digest
from pipelint.model.node import Node
from pipelint.model.pipeline import Action, ArtifactStore, Pipeline, Stage
from pipelint.model.reader import to_scalar_value
from pipelint.model.resolution import (
    UNKNOWN,
    Provenance,
    Pseudo,
    Resolved,
    Resolver,
    ResourceRef,
    Text,
    UnknownType,
    unknown,
    weakest,
)
from pipelint.model.resources import ALARM_ARN, Alarm, IamRole, KmsAlias, KmsKey, S3Bucket
from pipelint.model.template import Resource
from pipelint.model.values import Scalar

N = TypeVar("N", bound=Node)
T = TypeVar("T")

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


@dataclass(frozen=True, slots=True)
class DeployingAccount:
    """The account the stack of the document at ``path`` is deployed to (``AWS::AccountId``).

    Equal only for the same document: the deploying accounts of two templates are not
    known to be the same account.
    """

    path: str

    def __str__(self) -> str:
        return f"the account {self.path} is deployed to"


#: The providers of pipeline actions that deploy to a CodeDeploy deployment group.
CODEDEPLOY_PROVIDERS = frozenset({"CodeDeploy", "CodeDeployToECS"})

#: The field holding the name each kind of node is found by.
_NAME_FIELD: dict[type[Node], str] = {
    Alarm: "alarm_name",
    CodeBuildProject: "name",
    DeploymentConfig: "name",
    DeploymentGroup: "name",
    IamRole: "role_name",
    KmsAlias: "alias_name",
    S3Bucket: "bucket_name",
}

#: The kinds of node found by name.
_NAMED = tuple(_NAME_FIELD)

#: For ARNs a lookup accepts: the service and the resource prefix of the kind it finds (an
#: ARN of another service never names an alarm, however its last segment reads).
_ARN_KINDS: dict[type[Node], tuple[str, str]] = {Alarm: ALARM_ARN}


@dataclass(frozen=True, slots=True)
class Deployer:
    """A pipeline action that deploys to (or runs) a resource, with its stage and pipeline."""

    pipeline: Pipeline
    stage: Stage
    action: Action


#: What :meth:`Project.account_of` answers: a 12-digit ID, the deploying account, or unknown.
AccountAnswer = str | DeployingAccount | UnknownType

#: The document a value comes from: its model, or its run-relative path.
Within = DocumentModel | str

#: What the pipelines of a run use, by the kind of node used: the targets of actions
#: (deployment groups and CodeBuild projects), the keys and the buckets of artifact stores.
_USES: dict[str, tuple[type[Node], ...]] = {
    "deploys": (DeploymentGroup, CodeBuildProject),
    "keys": (KmsKey,),
    "buckets": (S3Bucket,),
}

_MARK = "\x00"  # stands for a deploy-time part while an ARN is split into fields


class Project:
    """All document models of a run, with lookups and value resolution.

    ``Project(models)`` holds every document of the run. A run shared among processes
    builds, in each, a :meth:`shared` project of the documents that process modelled.
    """

    def __init__(self, models: Iterable[DocumentModel]) -> None:
        self._setup(dict(enumerate(models)), fetch=None)

    @classmethod
    def shared(
        cls, local: Mapping[int, DocumentModel], fetch: Callable[[int], DocumentModel]
    ) -> Project:
        """The project of a run whose documents are modelled in several processes.

        ``local`` holds the models built here, by their document's position in the run;
        ``fetch`` models another document of the run, by its position, when a lookup
        needs it. Before any lookup, the project must :meth:`learn` the facts of every
        document of the run (:meth:`facts` of each process's documents); before
        :meth:`deployers` and :meth:`stores_using`, what every pipeline uses
        (:meth:`uses`).
        """
        project = cls.__new__(cls)
        project._setup(dict(local), fetch=fetch)
        return project

    def _setup(
        self, local: dict[int, DocumentModel], fetch: Callable[[int], DocumentModel] | None
    ) -> None:
        self._local = local  # the models at hand, by position (fetched ones are added)
        self._fetch = fetch  # None: every document of the run is at hand
        self._paths: dict[str, int] = {}  # each document's position, by path
        self._position: dict[int, int] = {}  # each model's position, by identity
        self._resolvers: dict[int, Resolver] = {}
        self._model_of: dict[int, DocumentModel] = {}
        self._ordinal: dict[int, int] = {}  # each node's position in its document model
        # Each node at hand by its exact type, in run order: what ``of_type`` walks when
        # every document is at hand, and the kinds this process's documents hold.
        self._by_exact_type: dict[type, list[Node]] = defaultdict(list)
        for position, model in local.items():
            self._adopt(position, model)
            for node in model.nodes:
                self._by_exact_type[type(node)].append(node)
        self._by_type: dict[type, tuple[Node, ...]] = {}
        self._named_types = {kind for kind in self._by_exact_type if issubclass(kind, _NAMED)}
        self._facts: dict[int, DocumentFacts] = {}  # by the document's position
        self._telling: list[int] | None = None
        self._types: frozenset[type[Node]] | None = None  # of every document's nodes (learnt)
        self._uses_by_document: dict[int, tuple[Use, ...]] | None = None
        self._use_kinds: list[str] | None = None
        # Indexes made of the facts of every document (built when first asked for):
        self._names: dict[Identity, list[tuple[type[Node], NodeRef]]] | None = None
        self._groups: dict[tuple[Identity, Identity], list[NodeRef]] | None = None
        self._exports: dict[str, list[tuple[int, Scalar]]] | None = None
        # The pipelines using each node, by kind of use: (pipeline, where in it).
        self._users_by_kind: dict[str, dict[NodeRef, list[tuple[NodeRef, tuple[int, ...]]]]] = {}
        self._deployers: dict[NodeRef, tuple[Deployer, ...]] = {}
        # Lookups by value: several rules ask the same ones (a store's bucket and key, an
        # action's target). Keyed by identity; the entry holds the value.
        self._found: dict[tuple[int, int, type], tuple[Scalar, Node | None]] = {}
        self._indexes: dict[Hashable, object] = {}

    def _adopt(self, position: int, model: DocumentModel) -> None:
        """Hold ``model`` as the document at ``position``: the model is at hand only once
        every table knows it (a rule stopped by its time limit may stop this midway)."""
        self._paths[model.document.path] = position
        self._position[id(model)] = position
        self._resolvers[id(model)] = Resolver(model.template)
        ids = list(map(id, model.nodes))
        self._model_of.update(dict.fromkeys(ids, model))
        self._ordinal.update(zip(ids, range(len(ids)), strict=True))
        self._local[position] = model

    @property
    def models(self) -> tuple[DocumentModel, ...]:
        """Every document model of the run, in run order."""
        if self._fetch is None:
            return tuple(self._local.values())
        return tuple(self._model_at(position) for position in sorted(self._facts))

    def _model_at(self, position: int) -> DocumentModel:
        """The model of the document at ``position`` in the run (modelled here if need be:
        :class:`~pipelint.model.facts.DocumentChanged` if it no longer reads as its facts
        were read)."""
        model = self._local.get(position)
        if model is None:
            if self._fetch is None:
                raise LookupError(f"no document at position {position} of the run")
            model = self._fetch(position)
            known = self._facts.get(position)
            if known is not None and known.digest != digest(model.document.text):
                raise DocumentChanged(known.path)  # the facts and nodes known are not its
            self._adopt(position, model)
        return model

    def learn(self, facts: Mapping[int, DocumentFacts]) -> None:
        """Take the facts of documents of the run, by position (see :meth:`shared`): what
        was looked up before is looked up again."""
        self._facts.update(facts)
        for position in sorted(facts):
            self._paths[facts[position].path] = position
        self._forget(facts=True)

    def learn_uses(self, uses: Mapping[int, tuple[Use, ...]]) -> None:
        """Take what the pipelines of documents of the run use (:meth:`uses`), by position."""
        if self._uses_by_document is None:
            self._uses_by_document = {}
        self._uses_by_document.update(uses)
        self._forget()

    def _forget(self, *, facts: bool = False) -> None:
        """Drop what was worked out from what pipelines use, and with ``facts`` from the
        facts of the documents."""
        self._users_by_kind.clear()
        self._deployers.clear()
        if facts:
            self._names = self._groups = self._exports = None
            self._telling = self._types = self._use_kinds = None
            self._by_type.clear()
            self._found.clear()

    # -- documents and resources ----------------------------------------------------------

    def model_of(self, node: Node) -> DocumentModel | None:
        """The document model ``node`` belongs to."""
        return self._model_of.get(id(node))

    def model_at(self, path: str) -> DocumentModel | None:
        """The model of the document at ``path`` (run-relative)."""
        position = self._paths.get(path)
        return self._model_at(position) if position is not None else None

    def modelled(self, path: str) -> DocumentModel | None:
        """The model of the document at ``path`` if it is at hand here (never modelled for
        the asking, unlike :meth:`model_at`)."""
        position = self._paths.get(path)
        return self._local.get(position) if position is not None else None

    def of_type(self, kind: type[N]) -> tuple[N, ...]:
        """Every node of type ``kind`` in the run: by document in run order, then in
        document order."""
        found = self._by_type.get(kind)
        if found is None:
            if self._fetch is not None:  # the documents that have any, modelled here if need be
                having = [
                    position
                    for position, facts in sorted(self._facts.items())
                    if any(issubclass(exact, kind) for exact in facts.types)
                ]
                found = tuple(
                    node for position in having for node in self._model_at(position).of_type(kind)
                )
            else:
                types = [exact for exact in self._by_exact_type if issubclass(exact, kind)]
                if len(types) <= 1:
                    found = tuple(self._by_exact_type[types[0]]) if types else ()
                else:  # nodes of several types interleave: the documents know their order
                    found = tuple(
                        node for model in self._local.values() for node in model.of_type(kind)
                    )
            self._by_type[kind] = found
        return found  # type: ignore[return-value]

    def _has_any(self, kinds: tuple[type[Node], ...]) -> bool:
        """Whether a document of the run has a node of one of ``kinds``."""
        if self._fetch is None:
            return any(self.of_type(kind) for kind in kinds)
        if self._types is None:
            self._types = frozenset().union(*(facts.types for facts in self._facts.values()))
        return any(issubclass(exact, kinds) for exact in self._types)

    def _model(self, within: Within) -> DocumentModel | None:
        return self.model_at(within) if isinstance(within, str) else within

    def resource(self, within: Within, logical_id: str) -> Resource | None:
        """The resource ``logical_id`` of ``within``'s template."""
        model = self._model(within)
        if model is None or model.template is None:
            return None
        return model.template.resource(logical_id)

    # -- resolution -----------------------------------------------------------------------

    def resolve(self, value: Scalar | None, within: Within, *, partial: bool = False) -> Resolved:
        """What ``value`` is, as far as it can be known offline.

        ``within`` is the document ``value`` comes from (its model, or its path). With
        ``partial``, what is known of a partly unresolvable string is kept (see
        :meth:`Resolver.resolve <pipelint.model.resolution.Resolver.resolve>`).
        """
        if value is None:
            return unknown(detail="absent")
        model = self._model(within)
        return self._resolver(model).resolve(value, partial=partial)

    def _resolver(self, model: DocumentModel | None) -> Resolver:
        if model is None:
            return Resolver(None)
        return self._resolvers.get(id(model)) or Resolver(model.template)

    def resolve_name(
        self, value: Scalar | None, within: Within, *, partial: bool = False
    ) -> tuple[Resolved, DocumentModel | None]:
        """What the name ``value`` is, resolved where it comes from, and that document.

        An ``Fn::ImportValue`` is followed to the exporting document; a ``Ref`` to a resource
        whose template writes its physical name (``Ref`` of a deployment group declared with
        ``DeploymentGroupName: web-prod``) is that name; the branches of an ``Fn::If`` are
        resolved likewise. ``partial`` is as for :meth:`resolve`.
        """
        model = self._model(within)
        if model is None:
            return self.resolve(value, within, partial=partial), None
        return self._resolve_name(value, model, partial=partial)

    def _resolve_name(
        self, value: Scalar | None, within: DocumentModel, *, partial: bool = False
    ) -> tuple[Resolved, DocumentModel]:
        """:meth:`resolve_name` in a document of the run."""
        value, model = self._imported(value, within)
        return self._physical(self.resolve(value, model, partial=partial), model), model

    def resolve_text(self, value: Scalar | None, within: Within) -> str | None:
        """The resolved value as plain text when it is fully known, else ``None``."""
        return self.resolve(value, within).text

    def account_of(self, arn: Scalar | None, within: Within) -> AccountAnswer:
        """The account of an ARN: its 12-digit ID, a :class:`DeployingAccount`, or ``UNKNOWN``.

        An ARN built on ``AWS::AccountId``, or the ARN attribute of a resource of the same
        template, is in the account ``within`` is deployed to (``DeployingAccount(path)``,
        not comparable with another document's). An ``Fn::ImportValue`` is followed to the
        exported value when ``within`` is a document of the run; as a stack only imports
        exports of its own account, one built on the exporting template's account is in
        ``within``'s too. Attributes of nested stacks and custom resources, and CodePipeline
        variables, are unknown.
        """
        model = self._model(within)
        if model is not None:
            arn, model = self._imported(arn, model)
        value = self.resolve(arn, within if model is None else model).value
        path = within if isinstance(within, str) else within.document.path
        if isinstance(value, ResourceRef):
            return DeployingAccount(path) if value.returns == "arn" else UNKNOWN
        parsed = parse_arn(_flatten(value))
        if parsed is None:
            return UNKNOWN
        if parsed.account == _mark(Pseudo.ACCOUNT_ID):
            return DeployingAccount(path)
        return parsed.account if is_account_id(parsed.account) else UNKNOWN

    def referenced(self, value: Scalar | None, within: DocumentModel, kind: type[N]) -> N | None:
        """The node of type ``kind`` that ``value`` names by ``Ref``/``GetAtt``, if any.

        An ``Fn::ImportValue`` is followed to the exporting document first.
        """
        value, model = self._imported(value, within)
        return _node_named(self.resolve(value, model).value, model, kind)

    def _imported(
        self, value: Scalar | None, within: DocumentModel
    ) -> tuple[Scalar | None, DocumentModel]:
        """Where ``value`` comes from: for an ``Fn::ImportValue`` whose export name resolves,
        the exported output's value and its document; else ``value`` in ``within``.

        Only exports declared in the run with a resolvable ``Export.Name`` are followed, and
        only when a single document exports that name.
        """
        for _ in range(4):  # an export may itself be imported
            intrinsic = value.intrinsic if value is not None else None
            if intrinsic is None or intrinsic.function != "Fn::ImportValue":
                break
            name = self._resolver(within).resolve(intrinsic.args).text
            chosen = _choose(self._export_index().get(name or "", []), self._at(within))
            if chosen is None:
                break
            within, value = self._model_at(chosen[0]), chosen[1]
        return value, within

    # -- lookups --------------------------------------------------------------------------

    def find_deployment_group(
        self, application: Scalar | None, group: Scalar | None, within: Within
    ) -> DeploymentGroup | None:
        """The deployment group an action names by application and group name."""
        model = self._model(within)
        if model is None:
            return None
        value, source = self._imported(group, model)
        group_name = self.resolve(value, source)
        node = _node_named(group_name.value, source, DeploymentGroup)
        if node is not None:
            return node
        application_key = self._identity(*self._resolve_name(application, model))
        group_key = self._identity(self._physical(group_name, source), source)
        if application_key is None or group_key is None:
            return None
        return self._choose_group((application_key, group_key), model)

    def deployment_group(self, application_name: str, group_name: str) -> DeploymentGroup | None:
        """The deployment group with these literal names, if a single document declares it."""
        return self._choose_group((("name", application_name), ("name", group_name)), None)

    def find_deployment_config(
        self, name: Scalar | None, within: Within
    ) -> DeploymentConfig | None:
        """The custom deployment configuration ``name`` names (by ``Ref`` or by name)."""
        return self._find_named(name, self._model(within), DeploymentConfig)

    def find_alarm(self, name: Scalar | None, within: Within) -> Alarm | None:
        """The alarm ``name`` (a name, an alarm ARN, or a ``Ref``/``GetAtt`` of one)."""
        return self._find_named(name, self._model(within), Alarm)

    def find_role(self, reference: Scalar | None, within: Within) -> IamRole | None:
        """The role ``reference`` names (a role ARN or name, or a ``Ref``/``GetAtt``)."""
        return self._find_named(reference, self._model(within), IamRole)

    def find_bucket(self, reference: Scalar | None, within: Within) -> S3Bucket | None:
        """The bucket ``reference`` names (a bucket name or ARN, or a ``Ref``/``GetAtt``)."""
        return self._find_named(reference, self._model(within), S3Bucket)

    def find_kms_key(self, reference: Scalar | None, within: Within) -> KmsKey | None:
        """The KMS key ``reference`` names: by ``Ref``/``GetAtt`` of the key or of an alias,
        or by an alias name / alias ARN declared in the project."""
        model = self._model(within)
        return self._find_key(reference, model, depth=0) if model is not None else None

    def alarms(self) -> Iterator[Alarm]:
        """Every alarm of the project."""
        yield from self.of_type(Alarm)

    def declares_alarm(self, name: str) -> bool:
        """Whether a document of the run declares an alarm with the literal name ``name``."""
        return bool(self._lookup(Alarm, ("name", name)))

    def index(self, name: Hashable, build: Callable[[], T]) -> T:
        """A run-wide index that rules share: built by ``build`` when first asked for, then
        kept under ``name`` for the rest of the run (give each kind of index its own name).
        With ``--jobs`` each process builds its own: a ``build`` that walks every document
        models in each process the documents the others read."""
        if name not in self._indexes:
            self._indexes[name] = build()
        return self._indexes[name]  # type: ignore[return-value]

    def deployers(self, target: DeploymentGroup | CodeBuildProject) -> tuple[Deployer, ...]:
        """The pipeline actions of the run that deploy to ``target``, in run order: the
        CodeDeploy actions naming a deployment group (by ``Ref``, or by application and group
        name), the CodeBuild actions naming a project (``ProjectName``)."""
        ref = self._ref(target)
        if ref is None:
            return ()
        found = self._deployers.get(ref)
        if found is None:
            deployers = []
            for pipeline, (stage_at, action_at) in self._users(ref, "deploys"):
                stage = pipeline.stages[stage_at]
                deployers.append(Deployer(pipeline, stage, stage.actions[action_at]))
            found = self._deployers[ref] = tuple(deployers)
        return found

    def stores_using(self, target: KmsKey | S3Bucket) -> tuple[tuple[Pipeline, ArtifactStore], ...]:
        """The artifact stores of the run's pipelines that ``target`` encrypts (a KMS key,
        named by the store's ``encryptionKey``) or that are ``target`` (a bucket, named by
        the store's ``location``), with their pipeline, in run order."""
        ref = self._ref(target)
        if ref is None:
            return ()
        what = "keys" if isinstance(target, KmsKey) else "buckets"
        return tuple((pipeline, pipeline.stores[at]) for pipeline, (at,) in self._users(ref, what))

    def _users(self, target: NodeRef, what: str) -> Iterator[tuple[Pipeline, tuple[int, ...]]]:
        for pipeline, where in self._uses_index(what).get(target, ()):
            yield cast(Pipeline, self._node(pipeline)), where

    def _uses_index(self, what: str) -> dict[NodeRef, list[tuple[NodeRef, tuple[int, ...]]]]:
        """The pipelines using each node, for one kind of use (:data:`_USES`)."""
        index = self._users_by_kind.get(what)
        if index is None:
            index = defaultdict(list)
            if self._uses_by_document is None:
                if self._fetch is not None:
                    raise RuntimeError("a shared project must learn what pipelines use first")
                using = sorted(
                    {self._position[id(self._model_of[id(p)])] for p in self.of_type(Pipeline)}
                )
                self._uses_by_document = {
                    position: self.uses(self._local[position]) for position in using
                }
            for position, uses in sorted(self._uses_by_document.items()):
                for used, target, pipeline, where in uses:
                    if used == what:
                        index[target].append(((position, pipeline), where))
            self._users_by_kind[what] = index
        return index

    def uses(self, model: DocumentModel) -> tuple[Use, ...]:
        """What the pipelines of ``model`` (a document modelled here) use, in pipeline order:
        ``(what, target, pipeline, where)`` (see :data:`~pipelint.model.facts.Use`).

        A shared project must have learnt every document's facts first.
        """
        found: list[Use] = []
        if self._use_kinds is None:  # the kinds of use whose targets the run has
            self._use_kinds = [what for what, targets in _USES.items() if self._has_any(targets)]
        kinds = self._use_kinds
        for pipeline in model.of_type(Pipeline):
            at = self._ordinal[id(pipeline)]
            for what in kinds:
                uses = self._uses_of(pipeline, model, what)
                found.extend((what, target, at, where) for target, where in uses)
        return tuple(found)

    def _uses_of(
        self, pipeline: Pipeline, model: DocumentModel, what: str
    ) -> Iterator[tuple[NodeRef, tuple[int, ...]]]:
        """What ``pipeline`` uses of one kind: each node used, and where the pipeline uses it
        (the positions of the stage and the action; of the artifact store)."""
        found: Node | None
        if what == "deploys":
            for stage_at, stage in enumerate(pipeline.stages):
                for action_at, action in enumerate(stage.actions):
                    found = self._action_target(action, model)
                    if (ref := self._ref(found)) is not None:
                        yield ref, (stage_at, action_at)
            return
        for at, store in enumerate(pipeline.stores):
            if what == "keys":
                key = store.encryption_key
                found = self._find_key(key.id, model, depth=0) if key is not None else None
            else:
                found = self._find_named(store.location, model, S3Bucket)
            if (ref := self._ref(found)) is not None:
                yield ref, (at,)

    def _action_target(
        self, action: Action, model: DocumentModel
    ) -> DeploymentGroup | CodeBuildProject | None:
        provider = action.provider.text if action.provider is not None else None
        if provider in CODEDEPLOY_PROVIDERS:
            application, group = (
                action.config("ApplicationName"),
                action.config("DeploymentGroupName"),
            )
            return self.find_deployment_group(application, group, model)
        if provider == "CodeBuild":
            return self._find_named(action.config("ProjectName"), model, CodeBuildProject)
        return None

    # -- internals ------------------------------------------------------------------------

    def _choose_group(
        self, key: tuple[Identity, Identity], within: DocumentModel | None
    ) -> DeploymentGroup | None:
        found = [(ref[0], ref) for ref in self._group_index().get(key, [])]
        chosen = _choose(found, self._at(within))
        return cast(DeploymentGroup, self._node(chosen[1])) if chosen is not None else None

    def _find_key(
        self, reference: Scalar | None, within: DocumentModel, depth: int
    ) -> KmsKey | None:
        if depth > 4:
            return None
        reference, within = self._imported(reference, within)
        resolved = self.resolve(reference, within).value
        if isinstance(resolved, Text):  # an ARN built on the key or alias: ``…:key/${Key}``
            resolved = _arn_resource(resolved)
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
        chosen = _choose(self._lookup(KmsAlias, ("name", alias)), self._at(within))
        if chosen is None:
            return None
        found = cast(KmsAlias, self._node(chosen[1]))
        return self._find_key(found.target_key_id, self._model_at(chosen[0]), depth + 1)

    def _find_named(
        self, value: Scalar | None, within: DocumentModel | None, kind: type[N]
    ) -> N | None:
        if within is None or value is None:
            return None
        key = (id(value), id(within), kind)
        known = self._found.get(key)
        if known is None or known[0] is not value:
            known = self._found[key] = (
                value,
                self._find_named_uncached(value, within, kind),
            )
        return known[1]  # type: ignore[return-value]

    def _find_named_uncached(self, value: Scalar, within: DocumentModel, kind: type[N]) -> N | None:
        imported, model = self._imported(value, within)
        resolved = self.resolve(imported, model).value
        if isinstance(resolved, ResourceRef):
            return _node_named(resolved, model, kind)
        text = _flatten(resolved)
        if text is None or _MARK in text:
            return _written_alike(imported, model, kind)
        arn = parse_arn(text)
        if arn is not None and kind in _ARN_KINDS and not arn.is_of(*_ARN_KINDS[kind]):
            return None  # an ARN of another service, however its last segment reads
        name = arn.resource_name if arn is not None else text
        chosen = _choose(self._lookup(kind, ("name", name)), self._at(model))
        return cast(N, self._node(chosen[1])) if chosen is not None else None

    def _lookup(self, kind: type[Node], key: Identity) -> list[tuple[int, NodeRef]]:
        """Every node of type ``kind`` (found by name: :data:`_NAME_FIELD`) known as ``key``
        (see :meth:`_identity`), in run order, with the position of its document."""
        return [
            (ref[0], ref)
            for exact, ref in self._name_index().get(key, ())
            if issubclass(exact, kind)
        ]

    # -- facts ----------------------------------------------------------------------------

    def facts(self, model: DocumentModel) -> DocumentFacts:
        """What ``model`` (a document of the run) tells the others (see :mod:`.facts`)."""
        position = self._position[id(model)]
        found = self._facts.get(position)
        if found is None:
            names: list[tuple[type[Node], int, tuple[Identity, ...]]] = []
            groups: list[tuple[Identity, Identity, int]] = []
            named = self._named_types
            for index, node in enumerate(model.nodes):
                if type(node) not in named:
                    continue
                identities = tuple(self._node_identities(node, model))
                names.append((type(node), index, identities))
                if isinstance(node, DeploymentGroup):
                    application = self._declared_identity(node.application_name, model)
                    if application is not None:
                        groups.extend((application, name, index) for name in identities)
            found = self._facts[position] = DocumentFacts(
                path=model.document.path,
                digest=digest(model.document.text),
                types=frozenset(map(type, model.nodes)),
                names=tuple(names),
                groups=tuple(groups),
                exports=tuple(self._exports_of(model)),
            )
        return found

    def _exports_of(self, model: DocumentModel) -> Iterator[tuple[str, Scalar]]:
        """Each output of ``model`` exported under a name that resolves, with its value."""
        outputs = model.template.outputs if model.template is not None else None
        for key, output in (outputs or {}).items():
            if not isinstance(output, dict) or not isinstance(output.get("Export"), dict):
                continue
            name = self._resolver(model).resolve(output["Export"].get("Name")).text
            value = to_scalar_value(output.get("Value"))
            if name is not None and value is not None:
                here = model.document.locate(("Outputs", key, "Value"))
                yield name, Scalar(value, here)

    def _every_facts(self) -> Iterator[tuple[int, DocumentFacts]]:
        """The facts of each document that tells any, with its position, in run order."""
        if self._fetch is not None:  # learnt
            for position, facts in sorted(self._facts.items()):
                if facts.names or facts.exports:
                    yield position, facts
            return
        if self._telling is None:  # the documents with a node found by name, or outputs
            telling = {
                self._position[id(self._model_of[id(node)])]
                for kind in self._named_types
                for node in self._by_exact_type[kind]
            }
            telling.update(
                position
                for position, model in self._local.items()
                if model.template is not None and model.template.outputs
            )
            self._telling = sorted(telling)
        for position in self._telling:
            yield position, self.facts(self._local[position])

    def _node(self, ref: NodeRef) -> Node:
        return self._model_at(ref[0]).nodes[ref[1]]

    def _ref(self, node: Node | None) -> NodeRef | None:
        """Where ``node`` is in the run; ``None`` for a node of no document of the run."""
        model = self._model_of.get(id(node)) if node is not None else None
        if model is None:
            return None
        return self._position[id(model)], self._ordinal[id(node)]

    def _at(self, model: DocumentModel | None) -> int | None:
        """The position of ``model`` in the run (``None`` for a document of no run)."""
        return self._position.get(id(model)) if model is not None else None

    def _name_index(self) -> dict[Identity, list[tuple[type[Node], NodeRef]]]:
        if self._names is None:
            self._names = defaultdict(list)
            for position, facts in self._every_facts():
                for exact, index, identities in facts.names:
                    for identity in identities:
                        self._names[identity].append((exact, (position, index)))
        return self._names

    def _node_identities(self, node: Node, model: DocumentModel) -> list[Identity]:
        """The identities of a node: its resource identity and its resolved name."""
        found: list[Identity] = []
        logical_id = getattr(node, "logical_id", None)
        if logical_id:
            found.append(("resource", model.document.path, logical_id))
        name = _name_of(node)
        if isinstance(name, Scalar):
            identity = self._declared_identity(name, model)
            if identity is not None:
                found.append(identity)
        return found

    def _declared_identity(self, name: Scalar | None, model: DocumentModel) -> Identity | None:
        """The identity of a name as a node of ``model`` declares it (imports not followed)."""
        return self._identity(self._physical(self.resolve(name, model), model), model)

    def _identity(self, resolved: Resolved, within: DocumentModel) -> Identity | None:
        """What a name resolved in ``within`` (a ``Ref`` swapped for the physical name, as by
        :meth:`resolve_name`) is known as: ``("name", text)`` or ``("resource", path, id)``."""
        value = resolved.value
        if isinstance(value, str):
            return ("name", value)
        if _names_resource(value):
            return ("resource", within.document.path, value.logical_id)
        return None

    def _physical(self, resolved: Resolved, within: DocumentModel) -> Resolved:
        """``resolved`` with a ``Ref`` to a resource replaced by the physical name its
        template writes, in the branches of an ``Fn::If`` too."""
        value = resolved.value
        if _names_resource(value):
            name = self._physical_name(value, within)
            if name is not None:
                provenance = weakest(resolved.provenance, Provenance.RESOURCE)
                return Resolved(name, provenance, value.logical_id)
        if resolved.branches:
            branches = tuple(self._physical(branch, within) for branch in resolved.branches)
            return Resolved(value, resolved.provenance, resolved.detail, branches)
        return resolved

    def _physical_name(self, reference: ResourceRef, within: DocumentModel) -> str | None:
        """The physical name the template gives the resource ``reference`` names, if any."""
        resource = self.resource(within, reference.logical_id)
        properties = resource.properties if resource is not None else None
        prop = NAME_PROPERTY.get(reference.type or "")
        if prop and isinstance(properties, dict) and prop in properties:
            named = self._resolver(within).resolve(properties[prop])
            if isinstance(named.value, str):
                return named.value
        return None

    def _group_index(self) -> dict[tuple[Identity, Identity], list[NodeRef]]:
        if self._groups is None:
            self._groups = defaultdict(list)
            for position, facts in self._every_facts():
                for application, name, index in facts.groups:
                    self._groups[(application, name)].append((position, index))
        return self._groups

    def _export_index(self) -> dict[str, list[tuple[int, Scalar]]]:
        """Each resolvable ``Export.Name`` of the run → the exported values, with the
        position of their document."""
        if self._exports is None:
            self._exports = defaultdict(list)
            for position, facts in self._every_facts():
                for name, value in facts.exports:
                    self._exports[name].append((position, value))
        return self._exports


def _choose(found: Sequence[tuple[int, T]], within: int | None) -> tuple[int, T] | None:
    """The first match in the document at position ``within``, else the first match of the
    only document with any; ``None`` when several other documents match (which one is
    meant is unknown)."""
    for pair in found:
        if pair[0] == within:
            return pair
    documents = {position for position, _ in found}
    return found[0] if len(documents) == 1 else None


def _name_of(node: Node) -> object:
    """The name ``node`` is found by (:data:`_NAME_FIELD`), if its kind has one."""
    field = _NAME_FIELD.get(type(node))
    return getattr(node, field, None) if field is not None else None


def _node_named(reference: object, model: DocumentModel, kind: type[N]) -> N | None:
    """The node of type ``kind`` that ``reference`` (a ``Ref``/``GetAtt`` resolved in
    ``model``) names, if any."""
    if not isinstance(reference, ResourceRef):
        return None
    node = model.by_logical_id(reference.logical_id)
    return node if isinstance(node, kind) else None


def _written_alike(value: Scalar | None, model: DocumentModel, kind: type[N]) -> N | None:
    """The one node of ``model`` whose name is written as the same intrinsic as ``value``
    (``Location: !Ref BucketParam`` and ``BucketName: !Ref BucketParam``): whatever it
    resolves to when deployed, both are the same name."""
    intrinsic = value.intrinsic if value is not None else None
    if intrinsic is None:
        return None
    alike = [
        node
        for node in model.of_type(kind)
        if isinstance(name := _name_of(node), Scalar) and name.intrinsic == intrinsic
    ]
    return alike[0] if len(alike) == 1 else None


def _arn_resource(text: Text) -> Text | ResourceRef:
    """The key or alias a KMS ARN is built on (``arn:…:key/${Key}``, ``arn:…:${Alias}``):
    the reference that makes up its whole resource part; else ``text``."""
    *head, last = text.parts
    if not isinstance(last, ResourceRef) or not head or not isinstance(head[-1], str):
        return text
    if last.type == "AWS::KMS::Key" and last.attribute in (None, "KeyId"):
        return last if head[-1].endswith(":key/") else text
    if last.type == "AWS::KMS::Alias" and last.attribute is None:
        return last if head[-1].endswith(":") else text
    return text


def _names_resource(value: object) -> TypeGuard[ResourceRef]:
    """Whether ``value`` is a ``Ref`` to a resource that returns its name."""
    return isinstance(value, ResourceRef) and value.attribute is None and value.returns == "name"


def _mark(pseudo: Pseudo) -> str:
    return f"{_MARK}{pseudo.name}{_MARK}"


def _flatten(value: object) -> str | None:
    """A string value with deploy-time parts replaced by colon-free marks."""
    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        return value.written(lambda part: _mark(part) if isinstance(part, Pseudo) else _MARK * 2)
    return None
