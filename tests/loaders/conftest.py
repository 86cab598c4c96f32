"""Helpers for the loader tests: the text a span covers, and both YAML parsers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pipelint.loaders.yaml_parser import has_libyaml
from pipelint.model.location import NodeSpans, Pointer, RawSpans, Span


def covered(text: str, span: Span | None) -> str | None:
    """The text ``span`` covers (lines joined with ``\\n``)."""
    if span is None:
        return None
    lines = text.split("\n")
    if span.start_line == span.end_line:
        return lines[span.start_line - 1][span.start_column - 1 : span.end_column - 1]
    parts = [lines[span.start_line - 1][span.start_column - 1 :]]
    parts += lines[span.start_line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_column - 1])
    return "\n".join(parts)


@pytest.fixture
def text_of() -> Callable[[str, Span | None], str | None]:
    return covered


def pointers(data: Any, prefix: Pointer = ()) -> Iterator[Pointer]:
    """The pointer of every node of ``data``, root first."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from pointers(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from pointers(value, (*prefix, index))


@pytest.fixture
def all_pointers() -> Callable[[Any], set[Pointer]]:
    return lambda data: set(pointers(data))


PARSERS = [
    pytest.param(
        False, id="libyaml", marks=pytest.mark.skipif(not has_libyaml(), reason="no clib")
    ),
    pytest.param(True, id="pure"),
]


@pytest.fixture(params=PARSERS)
def pure(request: pytest.FixtureRequest) -> bool:
    """Run a YAML test with libyaml's parser and with the pure-Python one."""
    value: bool = request.param
    return value


@pytest.fixture
def spans_text() -> Callable[[str, dict[Pointer, RawSpans]], dict[Pointer, tuple[Any, Any]]]:
    """Each pointer with the text of its value span and of its key span."""

    def texts(text: str, spans: dict[Pointer, RawSpans]) -> dict[Pointer, tuple[Any, Any]]:
        node_spans = as_node_spans(spans)
        return {
            ptr: (covered(text, ns.value), covered(text, ns.key)) for ptr, ns in node_spans.items()
        }

    return texts


def as_node_spans(spans: dict[Pointer, RawSpans]) -> dict[Pointer, NodeSpans]:
    """The spans a loader recorded, as :class:`NodeSpans`."""
    return {pointer: NodeSpans.from_raw(raw) for pointer, raw in spans.items()}
