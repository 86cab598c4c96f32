"""Properties of both loaders over generated documents.

Every span lies inside the file, a scalar's span holds exactly that scalar, a key's span
its key, and a collection's span holds its children's; an error is always a LoadError
located inside the file.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pipelint.loaders.document import LoadError
from pipelint.loaders.load import load_document
from pipelint.model.location import Span

# Text without line breaks, so that a scalar's span is one line of the file.
words = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)
scalars = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | words
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(words, children, min_size=1, max_size=4)
    ),
    max_leaves=25,
)


def _yaml(value: Any, flow: bool | None) -> str:
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    dumper.allow_unicode = True
    dumper.version = (1, 1)  # quote what a YAML 1.1 parser (libyaml) would read otherwise
    stream = io.StringIO()
    dumper.dump({"doc": value}, stream)
    return stream.getvalue()


def _inside(span: Span, lines: list[str]) -> bool:
    """Whether ``span`` starts inside the text (or just past its last character) and ends
    inside it; a one-character span at the very end may point past it, as a caret does."""

    def fits(line: int, column: int) -> bool:
        width = len(lines[line - 1]) if 1 <= line <= len(lines) else -1
        return 1 <= column <= width + 1

    point = span == Span.point(span.start_line, span.start_column)
    end_fits = fits(span.end_line, span.end_column) or point
    ordered = (span.start_line, span.start_column) <= (span.end_line, span.end_column)
    return fits(span.start_line, span.start_column) and end_fits and ordered


def _text(span: Span, lines: list[str]) -> str:
    if span.start_line == span.end_line:
        return lines[span.start_line - 1][span.start_column - 1 : span.end_column - 1]
    middle = lines[span.start_line : span.end_line - 1]
    first = lines[span.start_line - 1][span.start_column - 1 :]
    last = lines[span.end_line - 1][: span.end_column - 1]
    return "\n".join([first, *middle, last])


def _contains(outer: Span, inner: Span) -> bool:
    return (outer.start_line, outer.start_column) <= (inner.start_line, inner.start_column) and (
        inner.end_line,
        inner.end_column,
    ) <= (outer.end_line, outer.end_column)


def _at(data: Any, pointer: tuple[Any, ...]) -> Any:
    for part in pointer:
        data = data[part]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from([None, True, False]), st.sampled_from(["a.yaml", "a.json"]))
def test_every_span_is_inside_the_file_and_holds_its_node(
    value: Any, flow: bool | None, name: str
) -> None:
    text = json.dumps({"doc": value}, indent=1) if name.endswith(".json") else _yaml(value, flow)
    document = load_document(name, text.encode())
    assert document.data == {"doc": value}
    lines = text.split("\n")
    read = json.loads if name.endswith(".json") else YAML(typ="safe", pure=True).load
    for pointer in document.spans:
        spans = document.node_spans(pointer)
        assert spans is not None
        node = _at(document.data, pointer)
        assert _inside(spans.value, lines), (pointer, spans)
        if not isinstance(node, (dict, list)):
            assert read(_text(spans.value, lines)) == node, (pointer, spans)
        if spans.key is not None:
            assert _inside(spans.key, lines)
            assert read(_text(spans.key, lines)) == pointer[-1]
        if pointer:
            parent = document.span(pointer[:-1])
            assert _contains(parent, spans.value), (pointer, spans, parent)


_PIECES = list("{}[]:,-?&*!|>'\"#%@`\\ \t\n\r\x85\u2028aB01.eE+_~xé😀")
_PIECES += ["!Ref ", "!Sub ", "!!str ", "!!python/name:os.system ", "---\n", "...\n", "<<: "]
_PIECES += ["&a ", "*a", "\\u00e9", "\\ud800", "true", "null", "0x1F", "0o17", "1:20", "- "]
_PIECES += ['{"pipeline": ', '"stages": [', "Resources:\n  ", "Type: AWS::S3::Bucket\n"]
texty = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texty, st.sampled_from(["a.yaml", "a.json", "a.template"]))
def test_errors_are_load_errors_located_inside_the_file(text: str, name: str) -> None:
    try:
        document = load_document(name, text.encode("utf-8", "surrogatepass"))
    except LoadError as exc:
        lines = (exc.text if exc.text is not None else text).split("\n")
        assert exc.message
        assert _inside(exc.span, lines), (exc.message, exc.span)
    else:
        lines = document.text.split("\n")
        assert all(_inside(document.span(pointer), lines) for pointer in document.spans)
