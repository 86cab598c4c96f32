"""Text inside string values: each character located in the document."""

from __future__ import annotations

import pytest
from model_documents import load, model_of

from pipelint.model.embedded import EmbeddedText
from pipelint.model.location import Location


def _embedded(text: str, *pointer: str | int, path: str = "a.yaml") -> EmbeddedText:
    document = load(text, path)
    value = document.get(pointer)
    return EmbeddedText.of(document, document.locate(pointer), value)


def _shown(text: str, location: Location) -> str:
    span = location.span
    lines = text.lstrip("\n").split("\n")
    if span.start_line == span.end_line:
        return lines[span.start_line - 1][span.start_column - 1 : span.end_column - 1]
    first = lines[span.start_line - 1][span.start_column - 1 :]
    return first + "\n" + lines[span.end_line - 1][: span.end_column - 1]


def test_plain_single_and_double_quoted_scalars() -> None:
    for text in ("a: x-#{ns.v} y\n", "a: 'x''s #{ns.v}'\n", 'a: "x\\t#{ns.v}"\n'):
        embedded = _embedded(text, "a")
        start = embedded.text.index("#{")
        assert _shown(text, embedded.locate(start, start + 7)) == "#{ns.v}"


def test_json_escapes_are_wider_than_one_column() -> None:
    text = '{"a": "[{\\"name\\":\\"K\\",\\"value\\":\\"s3cr3t\\"}]"}'
    embedded = _embedded(text, "a", path="a.json")
    decoded = embedded.json()
    assert decoded is not None
    data, offsets = decoded
    assert data == [{"name": "K", "value": "s3cr3t"}]
    place = offsets[(0, "value")]
    assert _shown(text, embedded.locate(*place.value)) == '\\"s3cr3t\\"'
    assert place.key is not None
    assert _shown(text, embedded.locate(*place.key)) == '\\"value\\"'


def test_a_literal_block_maps_line_by_line() -> None:
    text = "a: |\n  first line\n  #{ns.v} here\nb: 1\n"
    embedded = _embedded(text, "a")
    start = embedded.text.index("#{")
    location = embedded.locate(start, start + 7)
    assert (location.line, location.column) == (3, 3)
    assert _shown(text, location) == "#{ns.v}"


def test_a_folded_scalar_is_located_as_a_whole() -> None:
    text = "a: >\n  folded\n  #{ns.v}\n"
    embedded = _embedded(text, "a")
    assert embedded.positions is None
    location = embedded.locate(0, 3, "inner")
    assert location.span == embedded.location.span
    assert location.json_pointer == "/a/inner"


def _build_action(configuration: str) -> str:
    """A template whose one action is a CodeBuild action with ``configuration`` (YAML lines
    indented as under ``Configuration:``)."""
    return f"""
Resources:
  P:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: r
      Stages:
        - Name: B
          Actions:
            - Name: b
              ActionTypeId: {{Category: Build, Owner: AWS, Provider: CodeBuild, Version: "1"}}
              Configuration:
                ProjectName: x
                {configuration}
"""


def test_the_codebuild_action_variables_in_both_shapes() -> None:
    api = model_of(
        """
        {"pipeline": {"name": "p", "roleArn": "r", "stages": [{"name": "B", "actions": [
          {"name": "b", "actionTypeId": {"category": "Build", "owner": "AWS",
                                         "provider": "CodeBuild", "version": "1"},
           "configuration": {"ProjectName": "x", "EnvironmentVariables":
             "[{\\"name\\":\\"K\\",\\"value\\":\\"v\\",\\"type\\":\\"PLAINTEXT\\"}]"}}]}]}}
        """,
        "pipeline.json",
    )
    template = model_of(
        _build_action("""EnvironmentVariables: '[{"name":"K","value":"v","type":"PLAINTEXT"}]'""")
    )
    listed = model_of(
        _build_action(
            """EnvironmentVariables:
                  - {name: K, value: v, type: PLAINTEXT}"""
        )
    )
    found = []
    for model in (api, template, listed):
        ((_, action),) = model.pipelines[0].actions()
        (variable,) = action.build_variables
        found.append(variable)
        assert variable.value is not None and variable.value.text == "v"
        assert variable.value.loc.json_pointer.endswith("/EnvironmentVariables/0/value")
    assert found[0] == found[1] == found[2]
    assert (found[1].value.loc.line, found[1].value.loc.column) == (13, 61)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "configuration",
    [
        """EnvironmentVariables: !Sub '[{"name":"K","value":"${AWS::Region}"}]'""",
        """EnvironmentVariables: '{"name": "K"}'""",
    ],
)
def test_no_variables_when_the_string_is_not_a_list_or_is_an_intrinsic(configuration: str) -> None:
    ((_, action),) = model_of(_build_action(configuration)).pipelines[0].actions()
    assert action.build_variables == ()
