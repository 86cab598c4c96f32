"""The strict JSON parser: data, the span of every key and value, and its errors."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelint.loaders.document import LoadError
from pipelint.loaders.json_parser import parse_json
from pipelint.model.location import NodeSpans, Pointer, RawSpans, Span

SpansText = Callable[[str, dict[Pointer, RawSpans]], dict[Pointer, tuple[Any, Any]]]

DOCUMENT = """\
{
  "pipeline": {
    "name": "café-pipeline",
    "stages": [
      {"name": "Source", "actions": []},
      {
        "name": "Déploiement",
        "runOrder": 2, "ok": true, "none": null, "ratio": -1.5e3
      }
    ],
    "e\\u0301": {}
  }
}
"""


def as_node_spans(spans: dict[Pointer, RawSpans]) -> dict[Pointer, NodeSpans]:
    """The spans a loader recorded, as :class:`NodeSpans`."""
    return {pointer: NodeSpans.from_raw(raw) for pointer, raw in spans.items()}


def test_every_node_has_its_spans(spans_text: SpansText) -> None:
    data, spans = parse_json(DOCUMENT)
    assert data == json.loads(DOCUMENT)
    texts = spans_text(DOCUMENT, spans)
    assert texts[()][0] == DOCUMENT.rstrip("\n")
    assert texts[("pipeline", "name")] == ('"café-pipeline"', '"name"')
    assert texts[("pipeline", "stages", 0)] == ('{"name": "Source", "actions": []}', None)
    assert texts[("pipeline", "stages", 0, "actions")] == ("[]", '"actions"')
    assert texts[("pipeline", "stages", 1, "runOrder")] == ("2", '"runOrder"')
    assert texts[("pipeline", "stages", 1, "ok")] == ("true", '"ok"')
    assert texts[("pipeline", "stages", 1, "none")] == ("null", '"none"')
    assert texts[("pipeline", "stages", 1, "ratio")] == ("-1.5e3", '"ratio"')
    # A key is spanned as written, escapes included.
    assert texts[("pipeline", "e\u0301")] == ("{}", '"e\\u0301"')


def test_exact_positions(all_pointers: Callable[[Any], set[Pointer]]) -> None:
    data, raw = parse_json(DOCUMENT)
    assert set(raw) == all_pointers(data)
    spans = as_node_spans(raw)
    assert spans[()] == NodeSpans(Span(1, 1, 13, 2))
    assert spans[("pipeline",)] == NodeSpans(Span(2, 15, 12, 4), Span(2, 3, 2, 13))
    # Columns count code points: "é" is one column.
    assert spans[("pipeline", "name")] == NodeSpans(Span(3, 13, 3, 28), Span(3, 5, 3, 11))
    assert spans[("pipeline", "stages")] == NodeSpans(Span(4, 15, 10, 6), Span(4, 5, 4, 13))
    assert spans[("pipeline", "stages", 1)] == NodeSpans(Span(6, 7, 9, 8))
    name = spans[("pipeline", "stages", 1, "name")]
    assert name == NodeSpans(Span(7, 17, 7, 30), Span(7, 9, 7, 15))
    assert spans[("pipeline", "stages", 1, "ok")].value == Span(8, 30, 8, 34)


def test_scalar_root() -> None:
    assert parse_json('  "x"  \n') == ("x", {(): (1, 3, 1, 6)})
    assert parse_json("-0.5")[0] == -0.5
    assert parse_json("1E400")[0] == float("inf")
    assert parse_json("[]")[1] == {(): (1, 1, 1, 3)}


def test_big_and_small_numbers() -> None:
    big = "9" * 4000
    assert parse_json(f"[{big}]")[0] == [int(big)]
    with pytest.raises(LoadError) as info:
        parse_json('{"a": ' + "1" * 5000 + "}")
    assert info.value.message == "number too large"
    assert info.value.span == Span(1, 7, 1, 5007)


def test_strings_with_escapes() -> None:
    data, _ = parse_json(r'{"a\"b": "tab\there \u00e9 \ud83d\ude00 \/"}')
    assert data == {'a"b': "tab\there é 😀 /"}


ERRORS = [
    ("", "empty document", (1, 1)),
    (" \n\t ", "empty document", (1, 1)),
    ('{"a": 1,}', "trailing comma (not allowed in JSON)", (1, 8)),
    ("[1, 2,\n]", "trailing comma (not allowed in JSON)", (1, 6)),
    ('{"a": 1 "b": 2}', "expected ',' or '}' after object member, found '\"'", (1, 9)),
    ("[1 2]", "expected ',' or ']' after array element, found \"2\"", (1, 4)),
    ('{"a" 1}', "expected ':' after key, found \"1\"", (1, 6)),
    ("{a: 1}", 'expected a double-quoted key, found "a"', (1, 2)),
    ("{'a': 1}", "strings must use double quotes in JSON", (1, 2)),
    ('{"a": [1}', "expected ',' or ']' after array element, found '}'", (1, 9)),
    ('{"a":}', "expected a value, found '}'", (1, 6)),
    ("[,]", "expected a value, found ','", (1, 2)),
    ('{\n  "a": "abc\n}', "unterminated string", (2, 8)),
    ('"abc', "unterminated string", (1, 1)),
    ('"a\tb"', "invalid control character U+0009 in string (use an escape)", (1, 3)),
    ('["\\x"]', "invalid escape in string", (1, 3)),
    ('"\\u12G4"', "invalid \\u escape", (1, 2)),
    ('"\\udc00"', "invalid \\u escape: unpaired surrogate", (1, 1)),
    ("// comment\n{}", "comments are not allowed in JSON", (1, 1)),
    ('{"a": /* c */ 1}', "comments are not allowed in JSON", (1, 7)),
    ("[01]", 'invalid number "01"', (1, 2)),
    ("[1.]", 'invalid number "1."', (1, 2)),
    ("[-]", 'invalid number "-"', (1, 2)),
    ("[NaN]", 'expected a value, found "NaN"', (1, 2)),
    ("[Infinity]", 'expected a value, found "Infinity"', (1, 2)),
    ("[True]", 'expected a value, found "True"', (1, 2)),
    ("[truex]", 'expected a value, found "truex"', (1, 2)),
    ('{"a": 1}\n{"b": 2}', "extra data after the document", (2, 1)),
    ('"pipeline": {}', "extra data after the document (is the opening '{' missing?)", (1, 11)),
    ('{"a": [1,\n', "unexpected end of file, expected a value", (1, 10)),
    ('{"a": 1\n\n', "unexpected end of file, expected ',' or '}' after object member", (1, 8)),
    ("\u00a0{}", "expected a value, found U+00A0", (1, 1)),
]


@pytest.mark.parametrize(("text", "message", "where"), ERRORS)
def test_syntax_errors_say_what_and_where(text: str, message: str, where: tuple[int, int]) -> None:
    with pytest.raises(LoadError) as info:
        parse_json(text)
    assert info.value.message == message
    assert (info.value.span.start_line, info.value.span.start_column) == where


def test_duplicate_key_points_at_the_second_one() -> None:
    text = '{\n  "Stages": [],\n  "Name": "a",\n  "Other": 1,\n  "Name": "b"\n}'
    with pytest.raises(LoadError) as info:
        parse_json(text)
    assert info.value.message == 'duplicate key "Name" (first at line 3, column 3)'
    assert info.value.span == Span(5, 3, 5, 9)


def test_duplicate_keys_are_compared_after_unescaping() -> None:
    with pytest.raises(LoadError, match='duplicate key "ab"'):
        parse_json('{"ab": 1, "a\\u0062": 2}')


def test_same_key_in_different_objects_is_fine() -> None:
    assert parse_json('[{"a": 1}, {"a": 2}]')[0] == [{"a": 1}, {"a": 2}]


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_very_deep_nesting_fails_cleanly_and_fast(opener: str) -> None:
    started = time.perf_counter()
    with pytest.raises(LoadError) as info:
        parse_json(opener * 100_000)
    assert time.perf_counter() - started < 1
    assert info.value.message == "nesting deeper than 256 levels"


def test_nesting_limit_is_a_parameter() -> None:
    assert parse_json("[" * 256 + "]" * 256)[0] is not None
    with pytest.raises(LoadError, match="deeper than 3"):
        parse_json("[[[[]]]]", max_depth=3)
    assert parse_json("[[[]]]", max_depth=3)[0] == [[[]]]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([None, 1, 2, "\t"]), st.booleans())
def test_agrees_with_json_loads_and_spans_cover_each_node(
    value: Any, indent: int | str | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    data, spans = parse_json(text)
    assert data == json.loads(text)
    lines = text.split("\n")
    for pointer, node in as_node_spans(spans).items():
        expected = data
        for part in pointer:
            expected = expected[part]
        span = node.value
        fragment = "\n".join([lines[span.start_line - 1], *lines[span.start_line : span.end_line]])
        start = span.start_column - 1
        end = len(fragment) - len(lines[span.end_line - 1]) + span.end_column - 1
        assert json.loads(fragment[start:end]) == expected
        if node.key is not None:
            key_line = lines[node.key.start_line - 1]
            key = key_line[node.key.start_column - 1 : node.key.end_column - 1]
            assert json.loads(key) == pointer[-1]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="{}[]:,\"\\ \n\t-+.0123456789eEtrufalsn/*'ab", max_size=40))
def test_any_text_parses_or_raises_load_error(text: str) -> None:
    try:
        expected: Any = json.loads(text)
    except ValueError:
        expected = LoadError
    try:
        data = parse_json(text)[0]
    except LoadError:
        data = LoadError
    if expected is LoadError or data is LoadError:
        # The standard parser accepts a few things RFC 8259 does not (duplicate keys).
        assert data is LoadError
    else:
        assert data == expected
