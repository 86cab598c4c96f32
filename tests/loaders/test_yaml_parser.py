"""The YAML parser: plain data, spans, CloudFormation tags, safety limits and errors.

Every test taking ``pure`` runs with libyaml's parser and with ruamel.yaml's pure-Python
one; both must give the same results.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipelint.loaders import yaml_parser
from pipelint.loaders.document import LoadError
from pipelint.loaders.yaml_parser import SHORT_FORMS, has_libyaml, parse_yaml
from pipelint.model.location import NodeSpans, Pointer, RawSpans, Span
from pipelint.model.resolution import Provenance, Resolver
from pipelint.model.values import Intrinsic

SpansText = Callable[[str, dict[Pointer, RawSpans]], dict[Pointer, tuple[Any, Any]]]
TextOf = Callable[[str, Span | None], str | None]

BLOCK = """\
# a comment
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: "café"
      'Quoted Key': 'single'
      Stages:
        - Name: Source
          Actions: []
        - Name: Déploiement
          Actions:
            - {Name: Deploy, RunOrder: 2}
      Description: >-
        folded
        text

      Script: |
        echo one
        echo two
      Plain: first
        continued
      Empty:
"""


def as_node_spans(spans: dict[Pointer, RawSpans]) -> dict[Pointer, NodeSpans]:
    """The spans a loader recorded, as :class:`NodeSpans`."""
    return {pointer: NodeSpans.from_raw(raw) for pointer, raw in spans.items()}


def test_block_and_flow_spans(pure: bool, spans_text: SpansText, text_of: TextOf) -> None:
    data, spans = parse_yaml(BLOCK, pure=pure)
    properties = data["Resources"]["Pipeline"]["Properties"]
    assert properties["Stages"][1]["Actions"] == [{"Name": "Deploy", "RunOrder": 2}]
    assert properties["Description"] == "folded text"
    assert properties["Script"] == "echo one\necho two\n"
    assert properties["Plain"] == "first continued"
    assert properties["Empty"] is None
    texts = spans_text(BLOCK, spans)
    base = ("Resources", "Pipeline", "Properties")
    assert texts[("Resources", "Pipeline", "Type")] == ("AWS::CodePipeline::Pipeline", "Type")
    assert texts[(*base, "Name")] == ('"café"', "Name")
    assert texts[(*base, "Quoted Key")] == ("'single'", "'Quoted Key'")
    assert texts[(*base, "Stages", 0)][0] == "Name: Source\n          Actions: []"
    assert texts[(*base, "Stages", 0, "Actions")] == ("[]", "Actions")
    assert texts[(*base, "Stages", 1, "Actions", 0)] == ("{Name: Deploy, RunOrder: 2}", None)
    assert texts[(*base, "Stages", 1, "Actions", 0, "RunOrder")] == ("2", "RunOrder")
    # Block scalars end at their last character, not at the next key.
    assert texts[(*base, "Description")] == (">-\n        folded\n        text", "Description")
    assert texts[(*base, "Script")][0] == "|\n        echo one\n        echo two"
    assert texts[(*base, "Plain")][0] == "first\n        continued"
    # An empty value: zero width, just after the colon.
    nodes = as_node_spans(spans)
    assert nodes[(*base, "Empty")].value == Span(23, 13, 23, 13)
    # A block mapping runs from its first key to the end of its last value.
    assert texts[("Resources", "Pipeline")][0].startswith("Type: AWS::")
    assert nodes[("Resources", "Pipeline")].value.end_line == 23
    assert nodes[()].value.start_line == 2  # the comment is not part of the document


def test_exact_positions_count_code_points(pure: bool) -> None:
    text = "é😀: [ü, 'ß', \"x\"]\nnext: {é: 1}\n"
    data, raw = parse_yaml(text, pure=pure)
    spans = as_node_spans(raw)
    assert data == {"é😀": ["ü", "ß", "x"], "next": {"é": 1}}
    assert spans[("é😀",)] == NodeSpans(Span(1, 5, 1, 18), Span(1, 1, 1, 3))
    assert spans[("é😀", 0)] == NodeSpans(Span(1, 6, 1, 7))
    assert spans[("é😀", 1)] == NodeSpans(Span(1, 9, 1, 12))
    assert spans[("é😀", 2)] == NodeSpans(Span(1, 14, 1, 17))
    assert spans[("next", "é")] == NodeSpans(Span(2, 11, 2, 12), Span(2, 8, 2, 9))
    assert spans[()].value == Span(1, 1, 2, 13)


def test_every_node_has_an_entry(pure: bool, all_pointers: Callable[[Any], set[Pointer]]) -> None:
    data, spans = parse_yaml(BLOCK + "Refs: [!Ref A, !GetAtt B.C, !Join ['', [x]]]\n", pure=pure)
    assert set(spans) == all_pointers(data)


def test_quoted_multiline_string(pure: bool, text_of: TextOf) -> None:
    text = 'a: "one\n  two"\nb: 1\n'
    data, raw = parse_yaml(text, pure=pure)
    spans = as_node_spans(raw)
    assert data == {"a": "one two", "b": 1}
    assert text_of(text, spans[("a",)].value) == '"one\n  two"'
    assert spans[("b",)].key == Span(3, 1, 3, 2)


def test_positions_count_only_newlines_as_line_ends(pure: bool) -> None:
    # The parsers also break lines at U+2028; editors (and these spans) do not.
    text = 'a: "x\u2028y"\nb: 1\n'
    data, raw = parse_yaml(text, pure=pure)
    assert data["b"] == 1
    assert as_node_spans(raw)[("b",)] == NodeSpans(Span(2, 4, 2, 5), Span(2, 1, 2, 2))


PLAIN_SCALARS = [
    ("~", None),
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("", None),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("yes", True),
    ("Yes", True),
    ("on", True),
    ("ON", True),
    ("false", False),
    ("no", False),
    ("No", False),
    ("off", False),
    ("Off", False),
    ("y", "y"),
    ("n", "n"),
    ("tRUE", "tRUE"),
    ("0", 0),
    ("42", 42),
    ("-17", -17),
    ("+3", 3),
    ("1_000", 1000),
    ("0x1F", 31),
    ("0b101", 5),
    ("0644", 420),
    ("08", "08"),
    ("0o17", "0o17"),
    ("1:30", 90),
    ("-1:00:00", -3600),
    ("0x_", "0x_"),
    ("1.5", 1.5),
    ("-0.5", -0.5),
    ("1.", 1.0),
    (".5", 0.5),
    ("1.0e+3", 1000.0),
    ("1e3", "1e3"),
    ("1_0.5", 10.5),
    (".inf", math.inf),
    ("-.Inf", -math.inf),
    ("1:30.5", 90.5),
    ("0.0", 0.0),
    ("2010-09-09", "2010-09-09"),
    ("12:30:00Z", "12:30:00Z"),
    ("<<", "<<"),
    ("=", "="),
    ("v1.2", "v1.2"),
    ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket"),
    ("${AWS::Region}", "${AWS::Region}"),
]


@pytest.mark.parametrize(("written", "value"), PLAIN_SCALARS)
def test_plain_scalars_resolve_as_yaml_1_1(written: str, value: Any, pure: bool) -> None:
    data, _ = parse_yaml(f"v: {written}\n", pure=pure)
    assert type(data["v"]) is type(value)
    assert data["v"] == value


def test_nan(pure: bool) -> None:
    assert math.isnan(parse_yaml("v: .NaN", pure=pure)[0]["v"])


@pytest.mark.parametrize("written", ["'1'", '"true"', "'~'", "|\n  42", ">\n  yes"])
def test_quoted_and_block_scalars_are_strings(written: str, pure: bool) -> None:
    assert isinstance(parse_yaml(f"v: {written}\n", pure=pure)[0]["v"], str)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("!!str 12", "12"),
        ("!!str true", "true"),
        ("!!int '12'", 12),
        ('!!int "0x10"', 16),
        ("!!float 1", 1.0),
        ("!!float '2.5'", 2.5),
        ("!!bool 'yes'", True),
        ("!!null ''", None),
        ("!!null ~", None),
        ("! 12", "12"),
        ("!!binary aGVsbG8=", "aGVsbG8="),
        ("!!timestamp 2001-12-14", "2001-12-14"),
        ("!!set {a, b}", {"a": None, "b": None}),
        ("!!python/str 12", "12"),
        ("!<tag:example.com,2000:app/thing> 12", "12"),
        ("!<tag:yaml.org,2002:str> 12", "12"),
    ],
)
def test_explicit_tags(written: str, value: Any, pure: bool) -> None:
    result = parse_yaml(f"v: {written}\n", pure=pure)[0]["v"]
    assert type(result) is type(value)
    assert result == value


@pytest.mark.parametrize(
    "written", ["!!int abc", "!!float x", "!!bool maybe", "!!null 0", "!!int 1.5"]
)
def test_explicit_tags_with_the_wrong_value_are_errors(written: str, pure: bool) -> None:
    with pytest.raises(LoadError, match=r"invalid !!\w+ value") as info:
        parse_yaml(f"a: 1\nv: {written}\n", pure=pure)
    assert info.value.span.start_line == 2


def test_python_tags_construct_nothing(pure: bool, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"""\
a: !!python/object/apply:os.system ["touch {marker}"]
b: !!python/object/new:os.system ["touch {marker}"]
c: !!python/name:os.system ''
d: !!python/object:subprocess.Popen {{args: ["touch", "{marker}"]}}
"""
    data, _ = parse_yaml(text, pure=pure)
    assert not marker.exists()
    assert data == {
        "a": [f"touch {marker}"],
        "b": [f"touch {marker}"],
        "c": "",
        "d": {"args": ["touch", str(marker)]},
    }


def test_keys_are_always_strings_as_written(pure: bool) -> None:
    data, _ = parse_yaml("on: 1\n1: 2\n~: 3\n0x10: 4\n'2': 5\n", pure=pure)
    assert data == {"on": 1, "1": 2, "~": 3, "0x10": 4, "2": 5}
    with pytest.raises(LoadError, match='duplicate key "1"'):
        parse_yaml("1: a\n'1': b\n", pure=pure)


def test_merge_keys_are_ordinary_keys(pure: bool) -> None:
    data, _ = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", pure=pure)
    assert data["other"] == {"<<": {"x": 1}, "y": 2}


# -- CloudFormation short forms ----------------------------------------------------------

SCALAR_FORMS = ["Ref", "Condition", "Sub", "ImportValue", "Base64", "GetAZs", "Transform"]
SEQUENCE_FORMS = ["If", "Select", "Join", "Split", "FindInMap", "Cidr", "Equals", "And", "Or"]
SEQUENCE_FORMS += ["Not", "Length", "ToJsonString"]


def test_every_short_form_is_known() -> None:
    names = {tag[1:] for tag in SHORT_FORMS}
    assert names == {*SCALAR_FORMS, *SEQUENCE_FORMS, "GetAtt", "GetStackOutput"}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("!Foo 12", {"Fn::Foo": "12"}),
        ("!Foo [1, 2]", {"Fn::Foo": [1, 2]}),
        ("!Foo {a: 1}", {"Fn::Foo": {"a": 1}}),
        ("!Subb '${Env}-prod'", {"Fn::Subb": "${Env}-prod"}),
        ("!<!Foo> x", {"Fn::Foo": "x"}),
        ("!Fn::Sub x", {"Fn::Fn::Sub": "x"}),
        ("!python/object/apply:os.system [ls]", {"Fn::python/object/apply:os.system": ["ls"]}),
    ],
)
def test_unknown_local_tags_become_functions(written: str, value: Any, pure: bool) -> None:
    # As cfn-lint reads them: an unknown ``!Name`` is ``Fn::Name``, never a plain literal.
    assert parse_yaml(f"v: {written}\n", pure=pure)[0]["v"] == value


def test_unknown_local_tags_stay_unresolved_intrinsics(pure: bool) -> None:
    data, _ = parse_yaml("a: !Subb '${Env}-prod'\nb: !Foo\n", pure=pure)
    typo = Intrinsic.from_raw(data["a"])
    assert typo == Intrinsic("Fn::Subb", "${Env}-prod")
    assert Intrinsic.from_raw(data["b"]) == Intrinsic("Fn::Foo", "")
    assert Resolver(None).resolve(typo).is_known is False


def test_get_stack_output(pure: bool, spans_text: SpansText) -> None:
    text = (
        "Value: !GetStackOutput\n  StackName: network\n  OutputName: VpcId\n  Region: eu-west-1\n"
    )
    data, spans = parse_yaml(text, pure=pure)
    assert data == {
        "Value": {
            "Fn::GetStackOutput": {
                "StackName": "network",
                "OutputName": "VpcId",
                "Region": "eu-west-1",
            }
        }
    }
    texts = spans_text(text, spans)
    assert texts[("Value", "Fn::GetStackOutput")][1] == "!GetStackOutput"
    assert texts[("Value", "Fn::GetStackOutput", "OutputName")] == ("VpcId", "OutputName")
    resolved = Resolver(None).resolve(data["Value"])
    assert not resolved.is_known
    assert resolved.provenance is Provenance.EXTERNAL


def test_an_unknown_local_tag_keeps_its_span(pure: bool, spans_text: SpansText) -> None:
    text = "a: 1\nb: !Subb '${Env}-prod'\n"
    _, spans = parse_yaml(text, pure=pure)
    assert spans_text(text, spans)[("b", "Fn::Subb")] == ("!Subb '${Env}-prod'", "!Subb")


def long_form(name: str) -> str:
    return name if name in ("Ref", "Condition") else f"Fn::{name}"


@pytest.mark.parametrize("name", SCALAR_FORMS + SEQUENCE_FORMS)
def test_short_form_on_a_scalar(name: str, pure: bool, spans_text: SpansText) -> None:
    text = f"Value: !{name} Some.Thing\n"
    data, spans = parse_yaml(text, pure=pure)
    key = long_form(name)
    assert data == {"Value": {key: "Some.Thing"}}
    texts = spans_text(text, spans)
    assert texts[("Value",)] == (f"!{name} Some.Thing", "Value")
    assert texts[("Value", key)] == (f"!{name} Some.Thing", f"!{name}")


@pytest.mark.parametrize("name", SCALAR_FORMS + SEQUENCE_FORMS)
def test_short_form_on_a_sequence(name: str, pure: bool, spans_text: SpansText) -> None:
    text = f"Value:\n  !{name} [a, 1, !Ref B]\n"
    data, spans = parse_yaml(text, pure=pure)
    key = long_form(name)
    assert data == {"Value": {key: ["a", 1, {"Ref": "B"}]}}
    texts = spans_text(text, spans)
    assert texts[("Value",)] == (f"!{name} [a, 1, !Ref B]", "Value")
    assert texts[("Value", key)] == (f"!{name} [a, 1, !Ref B]", f"!{name}")
    assert texts[("Value", key, 1)] == ("1", None)
    assert texts[("Value", key, 2, "Ref")] == ("!Ref B", "!Ref")


def test_short_form_on_a_mapping(pure: bool, spans_text: SpansText) -> None:
    text = "T: !Transform\n  Name: AWS::Include\n  Parameters: {Location: s3://b/k}\n"
    data, spans = parse_yaml(text, pure=pure)
    assert data == {
        "T": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}
    }
    texts = spans_text(text, spans)
    assert texts[("T", "Fn::Transform")][1] == "!Transform"
    assert texts[("T", "Fn::Transform", "Name")] == ("AWS::Include", "Name")


def test_get_att_scalar_splits_at_the_first_dot(pure: bool, spans_text: SpansText) -> None:
    text = "A: !GetAtt Db.Endpoint.Address\nB: !GetAtt [Role, Arn]\nC: !GetAtt 'Q.R'\n"
    data, spans = parse_yaml(text, pure=pure)
    assert data == {
        "A": {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
        "B": {"Fn::GetAtt": ["Role", "Arn"]},
        "C": {"Fn::GetAtt": ["Q", "R"]},
    }
    texts = spans_text(text, spans)
    assert texts[("A", "Fn::GetAtt")] == ("!GetAtt Db.Endpoint.Address", "!GetAtt")
    assert texts[("A", "Fn::GetAtt", 0)] == ("Db", None)
    assert texts[("A", "Fn::GetAtt", 1)] == ("Endpoint.Address", None)
    assert texts[("B", "Fn::GetAtt", 1)] == ("Arn", None)
    # Quoted: the parts cannot be placed exactly, so they take the node's span.
    assert texts[("C", "Fn::GetAtt", 0)] == ("!GetAtt 'Q.R'", None)


def test_short_form_scalars_stay_strings(pure: bool) -> None:
    data, _ = parse_yaml("a: !Ref 123\nb: !Condition true\nc: !GetAZs ''\nd: !Ref\n", pure=pure)
    assert data == {
        "a": {"Ref": "123"},
        "b": {"Condition": "true"},
        "c": {"Fn::GetAZs": ""},
        "d": {"Ref": ""},
    }


def test_short_forms_nest_in_flow_sequences_with_colons(pure: bool) -> None:
    # The libyaml bundled with ruamel.yaml.clib rejects this; the pure parser reads it.
    text = "Domain: !Select [2, !Split [/, !Ref AWS::StackId]]\nImage: [!Ref AWS::Region]\n"
    data, _ = parse_yaml(text, pure=pure)
    assert data["Domain"] == {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}
    assert data["Image"] == [{"Ref": "AWS::Region"}]


@pytest.mark.skipif(yaml_parser._pyyaml_parser() is None, reason="PyYAML's libyaml")
@pytest.mark.parametrize(
    "text",
    [
        BLOCK,
        "Domain: !Select [2, !Split [/, !Ref AWS::StackId]]\nImage: [!Ref AWS::Region]\n",
        "a: &x !Sub '${A}'\nb: *x\nc: !GetAtt R.Arn\nd: [1, 0x1F, ~, yes, 'q', \"é😀\"]\n",
        "k: |\n  one\n  two\nempty:\nnested: {a: [b, {c: d}]}\n",
    ],
)
def test_pyyaml_libyaml_reads_what_the_pure_parser_reads(text: str) -> None:
    """Documents the libyaml of ruamel.yaml.clib rejects are read with PyYAML's: the same
    data and the same spans as the pure-Python parser gives."""
    assert yaml_parser._compose(text, "pyyaml", 256, 1000) == parse_yaml(text, pure=True)


def test_the_old_libyaml_hands_over_to_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    if not has_libyaml() or yaml_parser._pyyaml_parser() is None:
        pytest.skip("both libyaml parsers")
    backends: list[str] = []
    compose = yaml_parser._compose

    def recording(text: str, backend: str, *limits: int) -> Any:
        backends.append(backend)
        return compose(text, backend, *limits)

    monkeypatch.setattr(yaml_parser, "_compose", recording)
    data, _ = parse_yaml("Image: [!Ref AWS::Region]\n")
    assert data == {"Image": [{"Ref": "AWS::Region"}]}
    assert backends == ["libyaml", "pyyaml"]


@pytest.mark.skipif(yaml_parser._pyyaml_parser() is None, reason="PyYAML's libyaml")
def test_pyyaml_libyaml_errors_are_located() -> None:
    with pytest.raises(LoadError, match="did not find expected ',' or ']'") as error:
        yaml_parser._compose("a: [x: y\nb: 1\n", "pyyaml", 256, 1000)
    assert (error.value.span.start_line, error.value.span.start_column) == (2, 2)
    with pytest.raises(LoadError, match="not allowed in YAML") as error:
        yaml_parser._compose("a: [x]\nb: \x07\n", "pyyaml", 256, 1000)
    assert (error.value.span.start_line, error.value.span.start_column) == (2, 4)


def test_tag_span_after_an_anchor(pure: bool, spans_text: SpansText) -> None:
    text = "a: &x !Sub '${A}'\nb: *x\n"
    data, spans = parse_yaml(text, pure=pure)
    assert data == {"a": {"Fn::Sub": "${A}"}, "b": {"Fn::Sub": "${A}"}}
    assert spans_text(text, spans)[("a", "Fn::Sub")] == ("&x !Sub '${A}'", "!Sub")


def test_short_form_as_a_key_is_an_error(pure: bool) -> None:
    with pytest.raises(LoadError, match=r"cannot be a CloudFormation function \(!Ref\)"):
        parse_yaml("!Ref A: 1\n", pure=pure)
    with pytest.raises(LoadError, match=r"cannot be a CloudFormation function \(!Foo\)"):
        parse_yaml("!Foo A: 1\n", pure=pure)
    assert parse_yaml("!!str A: 1\n", pure=pure)[0] == {"A": 1}


# -- keys ----------------------------------------------------------------------------------


def test_duplicate_key_points_at_the_second_one(pure: bool) -> None:
    text = "Resources:\n  A:\n    Type: X\n    Name: a\n    Type: Y\n"
    with pytest.raises(LoadError) as info:
        parse_yaml(text, pure=pure)
    assert info.value.message == 'duplicate key "Type" (first at line 3, column 5)'
    assert info.value.span == Span(5, 5, 5, 9)


def test_duplicate_key_in_flow_mapping(pure: bool) -> None:
    with pytest.raises(LoadError, match='duplicate key "a" \\(first at line 1, column 2\\)'):
        parse_yaml("{a: 1, b: 2, a: 3}", pure=pure)


def test_complex_keys_are_errors(pure: bool) -> None:
    with pytest.raises(LoadError, match="mapping keys must be scalars") as info:
        parse_yaml("ok: 1\n? [a, b]\n: c\n", pure=pure)
    assert info.value.span.start_line == 2
    with pytest.raises(LoadError, match="mapping keys must be scalars"):
        parse_yaml("{[a]: 1}", pure=pure)
    with pytest.raises(LoadError, match="an alias cannot be a mapping key"):
        parse_yaml("a: &k key\n*k : 1\n", pure=pure)


# -- aliases -------------------------------------------------------------------------------


def test_alias_gives_the_anchored_value_and_spans_the_alias(
    pure: bool, spans_text: SpansText
) -> None:
    text = "hooks:\n  one: &hook\n    - location: a.sh\n      timeout: 30\n  two: *hook\n"
    data, spans = parse_yaml(text, pure=pure)
    assert data["hooks"]["two"] == [{"location": "a.sh", "timeout": 30}]
    assert data["hooks"]["two"] is data["hooks"]["one"]  # shared, as PyYAML does
    texts = spans_text(text, spans)
    assert texts[("hooks", "two")] == ("*hook", "two")
    assert texts[("hooks", "one")][0].startswith("&hook")
    assert ("hooks", "two", 0) not in spans  # Document.span() falls back to the alias
    assert texts[("hooks", "one", 0, "timeout")] == ("30", "timeout")


def test_anchored_key_can_be_aliased_as_a_value(pure: bool) -> None:
    assert parse_yaml("&k 12: a\nb: *k\n", pure=pure)[0] == {"12": "a", "b": 12}


def test_undefined_and_recursive_aliases(pure: bool) -> None:
    with pytest.raises(LoadError, match=r"undefined alias \*nope") as info:
        parse_yaml("a: 1\nb: *nope\n", pure=pure)
    assert info.value.span == Span(2, 4, 2, 9)
    with pytest.raises(LoadError, match=r"recursive alias \*a"):
        parse_yaml("a: &a [1, *a]\n", pure=pure)


def billion_laughs(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_fast(pure: bool) -> None:
    started = time.perf_counter()
    with pytest.raises(LoadError) as info:
        parse_yaml(billion_laughs(), pure=pure)
    assert time.perf_counter() - started < 1
    assert info.value.message == "document too large (alias expansion)"
    assert info.value.span.start_line == 7  # the first alias past a million nodes


def test_node_budget_is_a_parameter(pure: bool) -> None:
    text = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"
    # 13 nodes: the root, "a" and its 3 items, then 4 more for each alias.
    assert parse_yaml(text, pure=pure, max_nodes=13)[0]["c"] == [1, 2, 3]
    with pytest.raises(LoadError, match="alias expansion") as info:
        parse_yaml(text, pure=pure, max_nodes=11)
    assert info.value.span == Span(3, 4, 3, 6)


# -- limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        "{a: " * 100_000,
        "- " * 100_000 + "x",
        "".join(" " * level + "-\n" for level in range(1000)),
    ],
    ids=["flow-open", "flow-closed", "flow-mappings", "compact-sequences", "block"],
)
def test_very_deep_nesting_fails_cleanly(text: str) -> None:
    # With the pure parser this takes about 2 s (its scanner is slow on 100,000 "[").
    started = time.perf_counter()
    with pytest.raises(LoadError) as info:
        parse_yaml(text)
    assert time.perf_counter() - started < 2
    assert info.value.message == "nesting deeper than 256 levels"


def test_deep_nesting_with_the_pure_parser_does_not_crash() -> None:
    with pytest.raises(LoadError, match="nesting deeper than 256 levels"):
        parse_yaml("[" * 20_000, pure=True)


def test_nesting_limit_is_a_parameter(pure: bool) -> None:
    assert parse_yaml("[" * 256 + "]" * 256, pure=pure)[0] is not None
    assert parse_yaml("a: {b: [1]}", pure=pure, max_depth=3)[0] == {"a": {"b": [1]}}
    with pytest.raises(LoadError, match="deeper than 2 levels") as info:
        parse_yaml("a: {b: [1]}", pure=pure, max_depth=2)
    assert info.value.span == Span.point(1, 8)
    with pytest.raises(LoadError, match="deeper than 3 levels \\(alias expansion\\)"):
        parse_yaml("a: &a [[1]]\nb: [[*a]]\n", pure=pure, max_depth=3)


# -- documents -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "--- # c\n...\n"])
def test_empty_documents(text: str, pure: bool) -> None:
    with pytest.raises(LoadError) as info:
        parse_yaml(text, pure=pure)
    assert info.value.message == "empty document"


def test_explicit_null_document_is_not_empty(pure: bool) -> None:
    assert parse_yaml("~\n", pure=pure)[0] is None
    assert parse_yaml("--- x\n", pure=pure)[0] == "x"


def test_several_documents(pure: bool) -> None:
    with pytest.raises(LoadError) as info:
        parse_yaml("a: 1\n---\nb: 2\n", pure=pure)
    assert info.value.message == "expected a single YAML document, found several"
    assert info.value.span == Span.point(2, 1)


SYNTAX_ERRORS = [
    ("a:\n\tb: 1\n", "found character '\\t' that cannot start any token", (2, 1)),
    ("a: [1, 2\nb: 3\n", "", (2, 2)),
    ("a: 'open\n", "", (2, 1)),
    ("key: value\n  bad: indent\n", "mapping values are not allowed", (2, 6)),
    ("- a\nb: c\n", "", (2, 1)),
    ("a: @x\n", "found character '@' that cannot start any token", (1, 4)),
]


@pytest.mark.parametrize(("text", "message", "where"), SYNTAX_ERRORS)
def test_syntax_errors_are_located(
    text: str, message: str, where: tuple[int, int], pure: bool
) -> None:
    with pytest.raises(LoadError) as info:
        parse_yaml(text, pure=pure)
    assert message in info.value.message
    assert (info.value.span.start_line, info.value.span.start_column) == where


def test_control_characters_are_located_in_characters_not_bytes(pure: bool) -> None:
    with pytest.raises(LoadError) as info:
        parse_yaml("é: ü\x07\n", pure=pure)
    assert info.value.message == "character U+0007 is not allowed in YAML"
    assert info.value.span == Span.point(1, 5)


def test_unpaired_surrogate_escape(pure: bool) -> None:
    with pytest.raises(LoadError) as info:
        parse_yaml('a: 1\nb: "\\ud800"\n', pure=pure)
    assert info.value.span.start_line == 2


def test_without_the_c_extension_the_pure_parser_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_parser, "_c_parser", lambda: None)
    assert not has_libyaml()
    assert parse_yaml("a: [!Ref B]\n")[0] == {"a": [{"Ref": "B"}]}


@pytest.mark.skipif(not has_libyaml(), reason="needs ruamel.yaml.clib")
def test_both_parsers_agree_on_a_large_document() -> None:
    text = BLOCK + "".join(
        f"k{i}: !Sub ['x-${{A}}', {{A: !Ref P{i}}}]\nl{i}: [1, 'two', {{three: 3.0}}]\n"
        for i in range(200)
    )
    assert parse_yaml(text, pure=False) == parse_yaml(text, pure=True)


def test_reading_json_does_not_load_the_yaml_parser() -> None:
    # Start-up: a run over JSON files alone never imports ruamel.yaml.
    script = (
        "import sys\n"
        "from pipelint.loaders.load import load_document\n"
        'document = load_document(\'p.json\', b\'{"pipeline": {"name": "x"}}\')\n'
        "assert document.format == 'json'\n"
        "assert not [m for m in sys.modules if m.startswith('ruamel')], 'ruamel imported'\n"
        "assert 'pipelint.loaders.yaml_parser' not in sys.modules\n"
        "load_document('t.yaml', b'a: !Ref B\\n')\n"
        "assert 'pipelint.loaders.yaml_parser' in sys.modules\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
