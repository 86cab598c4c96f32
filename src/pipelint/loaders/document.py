"""A parsed document: plain data plus the span of every key and value."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pipelint.model.location import (
    START,
    Location,
    NodeSpans,
    Pointer,
    RawSpans,
    Span,
    key_span,
    value_span,
)


class DocumentKind(str, Enum):
    """What a file is, decided from its content."""

    PIPELINE = "pipeline"  # CodePipeline API/CLI JSON
    CLOUDFORMATION = "cloudformation"  # CloudFormation or SAM template
    APPSPEC = "appspec"  # CodeDeploy AppSpec
    BUILDSPEC = "buildspec"  # CodeBuild buildspec

    def __str__(self) -> str:
        return self.value


class LoadError(Exception):
    """A file that cannot be read as a document, with where it breaks.

    ``text`` is the file's decoded text when decoding succeeded (for code frames).
    """

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.span = span or START
        self.text: str | None = None


@dataclass(eq=False)
class Document:
    """One parsed file.

    ``data`` is plain Python (``dict``/``list``/``str``/``int``/``float``/``bool``/``None``).
    CloudFormation short-form tags are expanded to their long form (``!Ref X`` becomes
    ``{"Ref": "X"}``, ``!GetAtt a.b`` becomes ``{"Fn::GetAtt": ["a", "b"]}``), so the same
    template reads the same in JSON and YAML. ``spans`` maps the pointer of every node to
    its value span and, for mapping entries, its key span, as plain integers
    (:data:`~pipelint.model.location.RawSpans`): ask :meth:`span` or :meth:`node_spans`.
    """

    path: str
    text: str
    format: str  # "json" or "yaml"
    data: Any
    spans: dict[Pointer, RawSpans] = field(repr=False)
    kind: DocumentKind | None = None

    def get(self, pointer: Pointer, default: Any = None) -> Any:
        """The value at ``pointer``, or ``default`` when the path does not exist."""
        node = self.data
        for part in pointer:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def span(self, pointer: Pointer, *, key: bool = False) -> Span:
        """The span of the node at ``pointer`` (its key when ``key``), else its nearest ancestor."""
        spans = self.spans
        for end in range(len(pointer), -1, -1):
            raw = spans.get(pointer[:end])
            if raw is not None:
                found = key_span(raw) if key and end == len(pointer) else None
                return found or value_span(raw)
        return START

    def node_spans(self, pointer: Pointer) -> NodeSpans | None:
        """The value and key spans of the node at ``pointer``; ``None`` when it has none."""
        raw = self.spans.get(pointer)
        return NodeSpans.from_raw(raw) if raw is not None else None

    def locate(self, pointer: Pointer, *, key: bool = False) -> Location:
        """A :class:`Location` for the node at ``pointer`` (see :meth:`span`)."""
        return Location(self.path, self.span(pointer, key=key), pointer)
