"""Source positions: every model node and every finding is located by these."""

from __future__ import annotations

from dataclasses import dataclass

#: A logical path into a document: mapping keys and sequence indexes, root first.
Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A range of text: 1-based lines and columns (in code points); the end column is exclusive."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        """A one-character span at ``line``:``column``."""
        return cls(line, column, line, column + 1)


#: The first character of a file: where a problem with the whole file is reported.
START = Span.point(1, 1)


#: Where one node of a document is, as the loaders record it: the value's start line, start
#: column, end line and end column, then the same four for its key when it sits in a
#: mapping. Plain integers are quick to make and to send between processes; a
#: :class:`Span` is made from them only when a location is asked for.
RawSpans = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NodeSpans:
    """Where one node of a document is: its value and, inside a mapping, its key."""

    value: Span
    key: Span | None = None

    @classmethod
    def from_raw(cls, raw: RawSpans) -> NodeSpans:
        """The spans ``raw`` records (see :data:`RawSpans`)."""
        return cls(value_span(raw), key_span(raw))


def value_span(raw: RawSpans) -> Span:
    """The span of a node's value, from what a loader recorded (:data:`RawSpans`)."""
    return Span(*raw[:4])


def key_span(raw: RawSpans) -> Span | None:
    """The span of a node's key, from what a loader recorded; ``None`` outside a mapping."""
    return Span(*raw[4:]) if len(raw) == 8 else None


def pointer_to_str(pointer: Pointer) -> str:
    """Render ``pointer`` as an RFC 6901 JSON pointer (``/Resources/Pipeline/Properties``)."""
    if not pointer:
        return ""
    parts = (str(part).replace("~", "~0").replace("/", "~1") for part in pointer)
    return "/" + "/".join(parts)


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a checked file: its run-relative path, the span, and the node's logical path."""

    path: str
    span: Span
    pointer: Pointer = ()

    @property
    def line(self) -> int:
        return self.span.start_line

    @property
    def column(self) -> int:
        return self.span.start_column

    @property
    def json_pointer(self) -> str:
        return pointer_to_str(self.pointer)

    def __str__(self) -> str:
        return f"{self.path}:{self.span.start_line}:{self.span.start_column}"
