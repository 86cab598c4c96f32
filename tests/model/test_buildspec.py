"""Buildspec files: their environment variables, with where each is."""

from __future__ import annotations

from model_documents import model_of

from pipelint.model.buildspec import Buildspec
from pipelint.model.codebuild import CodeBuildProject

BUILDSPEC = """
version: 0.2
env:
  variables:
    NODE_ENV: production
    RETRIES: 3
  parameter-store:
    DB_USER: /shop/db/user
  secrets-manager:
    DB_PASSWORD: shop/db:password
  exported-variables: [NODE_ENV]
phases:
  build:
    commands: [make]
"""


def test_variables_of_each_section_with_their_type_and_places() -> None:
    model = model_of(BUILDSPEC, "buildspec.yml")
    buildspec = model.buildspec
    assert isinstance(buildspec, Buildspec)
    assert buildspec.version is not None and buildspec.version.text == "0.2"
    found = [
        (v.name.text if v.name else None, v.value.text if v.value else None, v.type and v.type.text)
        for v in buildspec.environment_variables
    ]
    assert found == [
        ("NODE_ENV", "production", None),
        ("RETRIES", "3", None),
        ("DB_USER", "/shop/db/user", "PARAMETER_STORE"),
        ("DB_PASSWORD", "shop/db:password", "SECRETS_MANAGER"),
    ]
    node_env, retries, user, password = buildspec.environment_variables
    assert node_env.is_plaintext and not user.is_plaintext and not password.is_plaintext
    assert node_env.name is not None and (node_env.name.loc.line, node_env.name.loc.column) == (
        4,
        5,
    )
    assert node_env.value is not None and (node_env.value.loc.line, node_env.value.loc.column) == (
        4,
        15,
    )
    assert user.type is not None and (user.type.loc.line, user.type.loc.column) == (6, 3)
    assert retries.value is not None and retries.value.loc.json_pointer == "/env/variables/RETRIES"


def test_a_buildspec_without_env_or_with_a_malformed_one() -> None:
    for text in ("version: 0.2\nphases: {}\n", "version: 0.2\nenv: [a]\nphases: {}\n"):
        buildspec = model_of(text, "b.yml").buildspec
        assert buildspec is not None and buildspec.environment_variables == ()
    nested = model_of("version: 0.2\nenv: {variables: {A: {x: 1}}}\nphases: {}\n", "b.yml")
    assert nested.buildspec is not None
    (variable,) = nested.buildspec.environment_variables
    assert variable.value is None


INLINE = """
Resources:
  Block:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: |
          version: 0.2
          env:
            variables:
              STAGE: prod
          phases: {build: {commands: [make]}}
  Json:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: '{"version": 0.2, "env": {"parameter-store": {"K": "/p"}}, "phases": {}}'
  Path:
    Type: AWS::CodeBuild::Project
    Properties:
      Source: {Type: CODEPIPELINE, BuildSpec: ci/buildspec.yml}
  Sub:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: !Sub "version: 0.2\\nphases: {}\\nenv: {variables: {A: '${AWS::Region}'}}"
"""


def test_an_inline_buildspec_is_read_and_located_inside_the_template() -> None:
    model = model_of(INLINE)
    block, json, path, sub = (project.source for project in model.codebuild_projects)
    assert block is not None and block.inline_buildspec is not None
    (stage,) = block.inline_buildspec.environment_variables
    assert stage.value is not None and stage.value.text == "prod"
    assert (stage.value.loc.line, stage.value.loc.column) == (11, 22)
    assert stage.value.loc.json_pointer == (
        "/Resources/Block/Properties/Source/BuildSpec/env/variables/STAGE"
    )
    assert json is not None and json.inline_buildspec is not None
    (parameter,) = json.inline_buildspec.environment_variables
    assert parameter.type is not None and parameter.type.text == "PARAMETER_STORE"
    assert parameter.value is not None
    assert (parameter.value.loc.line, parameter.value.loc.column) == (18, 71)
    assert path is not None and path.inline_buildspec is None
    assert sub is not None and sub.inline_buildspec is None
    # The buildspec is part of the model, under its project.
    assert model.enclosing(block.inline_buildspec, CodeBuildProject) is model.codebuild_projects[0]
