"""The model of one document: every node it declares, and the entry point that builds it."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pipelint.loaders.document import Document, DocumentKind
from pipelint.model.appspec import AppSpec
from pipelint.model.buildspec import Buildspec
from pipelint.model.codebuild import CodeBuildProject
from pipelint.model.codedeploy import DeploymentConfig, DeploymentGroup
from pipelint.model.from_api import pipeline_from_api
from pipelint.model.from_appspec import appspec_from_document
from pipelint.model.from_buildspec import buildspec_from_document
from pipelint.model.from_cloudformation import nodes_from_template, read_template
from pipelint.model.node import Node
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.resources import Alarm, IamRole, KmsAlias, KmsKey, S3Bucket, Webhook
from pipelint.model.sam import SamFunction
from pipelint.model.template import Template

N = TypeVar("N", bound=Node)


@dataclass(frozen=True, eq=False)
class DocumentModel:
    """Everything one document declares.

    ``nodes`` holds every model node of the document — top-level nodes (pipelines,
    deployment groups, …, the AppSpec) and all the nodes inside them (stages, actions,
    hooks, …) — in document order, parents before children. Given only top-level nodes
    (as a loader plugin may), the model adds the nodes inside them. ``template`` is set
    for CloudFormation documents.
    """

    document: Document
    template: Template | None = None
    nodes: tuple[Node, ...] = ()
    _parents: dict[int, Node] = field(default_factory=dict, init=False, repr=False)
    _top: tuple[Node, ...] = field(default=(), init=False, repr=False)
    _by_logical_id: dict[str, Node] = field(default_factory=dict, init=False, repr=False)
    _by_type: dict[type, tuple[Node, ...]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        every: dict[int, Node] = {}
        for node in self.nodes:
            if id(node) not in every:
                every[id(node)] = node
                every.update((id(child), child) for child in self._descendants(node))
        object.__setattr__(self, "nodes", tuple(every.values()))
        top = tuple(node for node in self.nodes if id(node) not in self._parents)
        object.__setattr__(self, "_top", top)
        for node in top:
            logical_id = getattr(node, "logical_id", None)
            if isinstance(logical_id, str):
                self._by_logical_id.setdefault(logical_id, node)

    def __reduce__(self) -> tuple[Any, ...]:
        # Built again where it is loaded: its indexes are keyed by the identity of nodes.
        return (DocumentModel, (self.document, self.template, self.nodes))

    def _descendants(self, node: Node) -> Iterator[Node]:
        for child in _children(node):
            self._parents[id(child)] = node
            yield child
            yield from self._descendants(child)

    # -- navigation -----------------------------------------------------------------------

    @property
    def top_level(self) -> tuple[Node, ...]:
        """The nodes no other node contains (one per modelled resource, or the AppSpec)."""
        return self._top

    def parent(self, node: Node) -> Node | None:
        """The node that contains ``node`` (the stage of an action, …), if any."""
        return self._parents.get(id(node))

    def enclosing(self, node: Node, kind: type[N]) -> N | None:
        """The nearest node of type ``kind`` that contains ``node``."""
        parent = self.parent(node)
        while parent is not None and not isinstance(parent, kind):
            parent = self.parent(parent)
        return parent

    def stage_of(self, action: Action) -> Stage | None:
        return self.enclosing(action, Stage)

    def pipeline_of(self, node: Node) -> Pipeline | None:
        return self.enclosing(node, Pipeline)

    def of_type(self, kind: type[N]) -> tuple[N, ...]:
        """Every node of type ``kind``, in document order."""
        found = self._by_type.get(kind)
        if found is None:
            found = self._by_type[kind] = tuple(
                node for node in self.nodes if isinstance(node, kind)
            )
        return found  # type: ignore[return-value]

    def by_logical_id(self, logical_id: str) -> Node | None:
        """The node built from the resource ``logical_id`` (CloudFormation), if modelled."""
        return self._by_logical_id.get(logical_id)

    # -- typed accessors ------------------------------------------------------------------

    @property
    def pipelines(self) -> tuple[Pipeline, ...]:
        return self.of_type(Pipeline)

    @property
    def deployment_groups(self) -> tuple[DeploymentGroup, ...]:
        return self.of_type(DeploymentGroup)

    @property
    def deployment_configs(self) -> tuple[DeploymentConfig, ...]:
        return self.of_type(DeploymentConfig)

    @property
    def sam_functions(self) -> tuple[SamFunction, ...]:
        return self.of_type(SamFunction)

    @property
    def codebuild_projects(self) -> tuple[CodeBuildProject, ...]:
        return self.of_type(CodeBuildProject)

    @property
    def kms_keys(self) -> tuple[KmsKey, ...]:
        return self.of_type(KmsKey)

    @property
    def kms_aliases(self) -> tuple[KmsAlias, ...]:
        return self.of_type(KmsAlias)

    @property
    def alarms(self) -> tuple[Alarm, ...]:
        return self.of_type(Alarm)

    @property
    def iam_roles(self) -> tuple[IamRole, ...]:
        return self.of_type(IamRole)

    @property
    def s3_buckets(self) -> tuple[S3Bucket, ...]:
        return self.of_type(S3Bucket)

    @property
    def webhooks(self) -> tuple[Webhook, ...]:
        return self.of_type(Webhook)

    @property
    def appspec(self) -> AppSpec | None:
        found = self.of_type(AppSpec)
        return found[0] if found else None

    @property
    def buildspec(self) -> Buildspec | None:
        found = self.of_type(Buildspec)
        return found[0] if found else None


def build_model(document: Document) -> DocumentModel:
    """The model of ``document``, by its kind; never raises on malformed content."""
    if document.kind == DocumentKind.PIPELINE:
        pipeline = pipeline_from_api(document)
        return DocumentModel(document, None, (pipeline,) if pipeline is not None else ())
    if document.kind == DocumentKind.CLOUDFORMATION:
        template = read_template(document)
        return DocumentModel(document, template, nodes_from_template(template))
    if document.kind == DocumentKind.APPSPEC:
        appspec = appspec_from_document(document)
        return DocumentModel(document, None, (appspec,) if appspec is not None else ())
    if document.kind == DocumentKind.BUILDSPEC:
        buildspec = buildspec_from_document(document)
        return DocumentModel(document, None, (buildspec,) if buildspec is not None else ())
    return DocumentModel(document)


def _children(node: Node) -> Iterator[Node]:
    """The nodes held by ``node``'s fields, in field order."""
    for name in _content_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            yield from (element for element in value if isinstance(element, Node))


_FIELDS: dict[type, tuple[str, ...]] = {}


def _content_fields(kind: type[Node]) -> tuple[str, ...]:
    """The names of the fields that make up a node's content (not its location) and may
    hold nodes: by their annotations, when those can be read, else every one."""
    names = _FIELDS.get(kind)
    if names is None:
        try:
            hints = typing.get_type_hints(kind)
        except Exception:  # an annotation that names what the module does not define
            hints = {}
        names = _FIELDS[kind] = tuple(
            item.name
            for item in dataclasses.fields(kind)
            if item.compare and (item.name not in hints or _may_hold_nodes(hints[item.name]))
        )
    return names


def _may_hold_nodes(hint: object) -> bool:
    """Whether a value of the type ``hint`` may be, or hold, a :class:`Node`."""
    arguments = typing.get_args(hint)
    if arguments:  # a union, a tuple, a literal: by what it is made of
        return any(_may_hold_nodes(argument) for argument in arguments)
    if hint is typing.Any or hint is object:
        return True
    if isinstance(hint, type):
        return issubclass(hint, Node)
    # ``...``, a literal's values; else ``Any``, a type variable, …: those may
    return hint is not Ellipsis and not isinstance(hint, (str, bytes, int, float))
