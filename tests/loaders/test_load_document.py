"""``load_document``: bytes in, a Document (or a LoadError) out."""

from __future__ import annotations

import codecs
import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelint.loaders.document import DocumentKind, LoadError
from pipelint.loaders.load import load_document
from pipelint.model.location import Span

PIPELINE_JSON = """\
{
  "pipeline": {
    "name": "release",
    "stages": [{"name": "Source", "actions": []}]
  }
}
"""

TEMPLATE_YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !GetAtt Role.Arn
      Name: !Sub "${AWS::StackName}-é"
"""


def test_json_document() -> None:
    document = load_document("ci/pipeline.json", PIPELINE_JSON.encode())
    assert document.format == "json"
    assert document.kind is DocumentKind.PIPELINE
    assert document.path == "ci/pipeline.json"
    assert document.text == PIPELINE_JSON
    assert document.get(("pipeline", "stages", 0, "name")) == "Source"
    assert document.span(("pipeline", "name"), key=True) == Span(3, 5, 3, 11)


def test_yaml_document() -> None:
    document = load_document("template.yaml", TEMPLATE_YAML.encode())
    assert document.format == "yaml"
    assert document.kind is DocumentKind.CLOUDFORMATION
    role = ("Resources", "Pipeline", "Properties", "RoleArn")
    assert document.get(role) == {"Fn::GetAtt": ["Role", "Arn"]}
    assert document.span(role) == Span(6, 16, 6, 32)
    assert document.span((*role, "Fn::GetAtt", 1)) == Span(6, 29, 6, 32)


@pytest.mark.parametrize(
    ("path", "text", "form"),
    [
        ("a.json", '  {"a": 1}', "json"),
        ("a.JSON", '"a"', "json"),
        ("template.yaml", '\n {"Resources": {}}', "json"),
        ("stack.template", '[{"a": 1}]', "json"),
        ("stack.template", "Resources: {}", "yaml"),
        ("appspec.yml", "# {not json}\nversion: 0.0", "yaml"),
        ("noext", "a: [1]", "yaml"),
    ],
)
def test_json_or_yaml(path: str, text: str, form: str) -> None:
    assert load_document(path, text.encode()).format == form


def test_json_suffix_means_strict_json() -> None:
    with pytest.raises(LoadError, match="trailing comma"):
        load_document("pipeline.json", b'{"pipeline": {"name": "x",}}')


def test_forced_and_undetected_kinds() -> None:
    assert load_document("x.yaml", b"a: 1\n").kind is None
    forced = load_document("x.yaml", b"a: 1\n", kind=DocumentKind.APPSPEC)
    assert forced.kind is DocumentKind.APPSPEC


def test_crlf_and_bom_give_the_same_positions_as_lf() -> None:
    for text, name in ((PIPELINE_JSON, "p.json"), (TEMPLATE_YAML, "t.yaml")):
        plain = load_document(name, text.encode())
        crlf = text.replace("\n", "\r\n")
        for raw in (
            codecs.BOM_UTF8 + crlf.encode(),
            codecs.BOM_UTF16_LE + crlf.encode("utf-16-le"),
            codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        ):
            other = load_document(name, raw)
            assert other.text == plain.text
            assert other.data == plain.data
            assert other.spans == plain.spans


def test_size_limit() -> None:
    with pytest.raises(LoadError) as info:
        load_document("big.json", b" " * 33 + b"{}", max_bytes=32)
    assert info.value.message == "file is larger than the 32 bytes limit"
    with pytest.raises(LoadError, match="larger than the 32 MiB limit"):
        load_document("big.yaml", b"#" * (32 * 1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty document"),
        (b"# just a comment\n", "empty document"),
        (b"\xff\xfe\x00", "invalid UTF-16 text"),
        (b"a: \x80\n", "invalid UTF-8 byte 0x80"),
        (b"a: 1\x00\n", "binary file or unsupported encoding (NUL byte)"),
        (b"a: 1\n---\nb: 2\n", "expected a single YAML document, found several"),
        (b"{a: [1, }", "did not find expected node content"),
    ],
)
def test_bad_input_raises_load_error(raw: bytes, message: str) -> None:
    with pytest.raises(LoadError) as info:
        load_document("x.yaml", raw)
    assert info.value.message.startswith(message)


def test_a_broken_file_of_no_yaml_name_starting_with_a_brace_gets_the_json_error() -> None:
    with pytest.raises(LoadError) as info:
        load_document("template", b'{"a": [1, }')
    assert info.value.message.startswith("expected a value")


# Anything at all must give a Document or a LoadError, never another exception.

_PIECES = list("{}[]:,-?&*!|>'\"#%@`\\ \t\n\r\x00\x85\u2028\ufeffaB01.eE+_~xé😀")
_PIECES += ["!Ref ", "!GetAtt ", "!!int ", "!!python/object:os.system ", "---\n", "...\n"]
_PIECES += ["<<: ", "&a ", "*a", "\\u", "\\ud800", "true", "null", "0x", "1:2", "  ", "- "]
yamlish = st.lists(st.sampled_from(_PIECES), max_size=50).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish, st.sampled_from(["a.yaml", "a.json"]), st.sampled_from(["utf-8", "utf-16"]))
def test_any_text_loads_or_raises_load_error(text: str, path: str, encoding: str) -> None:
    raw = text.encode(encoding, "surrogatepass")
    try:
        document = load_document(path, raw)
    except LoadError as exc:
        assert exc.message
        assert exc.span.start_line >= 1
        assert exc.span.start_column >= 1
    else:
        assert document.format in ("json", "yaml")


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.yml", "a.json"]))
def test_any_bytes_load_or_raise_load_error(raw: bytes, path: str) -> None:
    with contextlib.suppress(LoadError):
        load_document(path, raw)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_json_content_reads_the_same_whatever_the_name(value: object) -> None:
    text = json.dumps({"v": value}, indent=2)
    as_json = load_document("a.json", text.encode())
    as_template = load_document("a.template", text.encode())
    assert as_json.data == as_template.data == {"v": value}
    assert as_json.spans == as_template.spans
