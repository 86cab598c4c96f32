"""A CloudFormation/SAM template: parameters, conditions, mappings and resources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipelint.model.node import Node
from pipelint.model.values import Scalar

if TYPE_CHECKING:
    from pipelint.loaders.document import Document

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter(Node):
    """A template parameter; ``no_echo`` marks a secret (never print its value)."""

    name: str
    type: Scalar | None = None
    default: Scalar | None = None
    no_echo: bool = False
    allowed_values: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource(Node):
    """A resource as written: ``properties`` and ``metadata`` are plain data.

    ``loc`` is the resource mapping and ``key_loc`` its logical ID; ``type`` is ``None``
    when ``Type`` is missing or not a string.
    """

    logical_id: str
    type: str | None
    properties: Any = field(default=None, hash=False)
    metadata: Any = field(default=None, hash=False)
    condition: str | None = None

    @property
    def cdk_path(self) -> str | None:
        """The CDK construct path (``Metadata["aws:cdk:path"]``), for messages."""
        if isinstance(self.metadata, dict):
            path = self.metadata.get("aws:cdk:path")
            return path if isinstance(path, str) else None
        return None


@dataclass(frozen=True, eq=False)
class Template:
    """The sections of one CloudFormation document that resolution needs, read once.

    ``conditions``, ``mappings``, ``outputs`` and ``globals`` are plain data, as written.
    """

    document: Document
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    conditions: Mapping[str, Any] = field(default_factory=dict)
    mappings: Mapping[str, Any] = field(default_factory=dict)
    resources: Mapping[str, Resource] = field(default_factory=dict)
    outputs: Mapping[str, Any] = field(default_factory=dict)
    globals: Mapping[str, Any] = field(default_factory=dict)
    transforms: tuple[str, ...] = ()

    @property
    def is_sam(self) -> bool:
        """Whether the template uses the SAM transform."""
        return SAM_TRANSFORM in self.transforms

    def resource(self, logical_id: str) -> Resource | None:
        """The resource named ``logical_id``, if any."""
        return self.resources.get(logical_id)

    def resources_of_type(self, *types: str) -> tuple[Resource, ...]:
        """The resources of the given types, in document order."""
        return tuple(resource for resource in self.resources.values() if resource.type in types)
