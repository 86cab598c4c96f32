"""Builders are total: wrong types anywhere are skipped, never raised."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import test_appspec
import test_cdk
import test_cloudformation
import test_pipeline_shapes
from model_documents import exercise, load, model_of

from pipelint.loaders.document import Document, DocumentKind
from pipelint.model.build import build_model
from pipelint.model.location import Pointer

WRONG_VALUES: tuple[Any, ...] = (None, "text", [], {"Key": 7}, {"Ref": "Nowhere"})


def test_hand_written_oddities() -> None:
    template = """
    Resources:
      NoProperties: {Type: AWS::CodePipeline::Pipeline}
      StringProperties: {Type: AWS::CodeDeploy::DeploymentGroup, Properties: oops}
      Referenced:
        Type: AWS::CodePipeline::Pipeline
        Properties:
          Stages: !Ref StagesParameter
          ArtifactStores: {Region: us-east-1}
          ArtifactStore: [S3]
      Mixed:
        Type: AWS::CodePipeline::Pipeline
        Properties:
          Stages:
            - just a string
            - Name: [not, a, name]
              Actions: {Name: not-a-list}
            - Name: Build
              Actions:
                - null
                - Name: A
                  ActionTypeId: [Build]
                  Configuration: "{not json"
                  InputArtifacts: Src
                  RunOrder: first
                - Name: B
                  Configuration: '["a list, not an object"]'
                  OutputArtifacts: [[nested], {Name: {Nested: map}}]
      NoType: {Properties: {}}
      NumberType: {Type: 42}
      Fn: {Type: AWS::Serverless::Function, Properties: {DeploymentPreference: [a]}}
      Build:
        Type: AWS::CodeBuild::Project
        Properties: {Triggers: {FilterGroups: [x, [y, {Type: 1}]]}}
    Globals: {Function: [not, a, map]}
    Parameters: [also, wrong]
    """
    model = model_of(template, kind=DocumentKind.CLOUDFORMATION)
    names = [pipeline.logical_id for pipeline in model.pipelines]
    assert names == ["NoProperties", "Referenced", "Mixed"]
    referenced = model.pipelines[1]
    assert referenced.stages == () and referenced.artifact_store is None
    assert referenced.artifact_stores == ()
    mixed = model.pipelines[2]
    assert [stage.name.text if stage.name else None for stage in mixed.stages] == [None, "Build"]
    first, second = mixed.stages[1].actions
    assert first.category is None and first.configuration is None
    assert first.input_artifacts == () and first.run_order is not None
    assert first.run_order.as_int is None
    assert second.configuration is None and second.output_artifacts == ()
    assert model.by_logical_id("Fn") is not None
    assert model.codebuild_projects[0].webhook_filter_groups[0].filters[0].type is not None
    exercise(model)


@pytest.mark.parametrize(
    ("text", "path", "kind"),
    [
        ("[1, 2]", "p.json", DocumentKind.PIPELINE),
        ('"just a string"', "p.json", DocumentKind.CLOUDFORMATION),
        ("Resources: [a, b]", "t.yaml", DocumentKind.CLOUDFORMATION),
        ("Resources: {X: [1]}", "t.yaml", DocumentKind.CLOUDFORMATION),
        ('{"pipeline": "p", "stages": {"name": "x"}}', "p.json", DocumentKind.PIPELINE),
        ('{"pipeline": {"artifactStores": ["us-east-1"]}}', "p.json", DocumentKind.PIPELINE),
        ("version: 0.0\nhooks: [a, {B: [x]}]", "appspec.yml", DocumentKind.APPSPEC),
        (
            "version: 0.0\nhooks: {A: null, B: {location: x}, C: [1, null]}",
            "appspec.yml",
            DocumentKind.APPSPEC,
        ),
        (
            "version: 0.0\nResources: {TargetService: {Type: AWS::ECS::Service}}",
            "a.yml",
            DocumentKind.APPSPEC,
        ),
        (
            "version: 0.0\nResources: [null, {x: 1}, {y: {Type: [AWS::Lambda::Function]}}]",
            "a.yml",
            DocumentKind.APPSPEC,
        ),
        ("- 1", "appspec.yml", DocumentKind.APPSPEC),
        ("a: 1", "other.yaml", None),
    ],
)
def test_odd_documents(text: str, path: str, kind: DocumentKind | None) -> None:
    exercise(build_model(load(text, path, kind)))


FIXTURES: list[tuple[str, str, str]] = [
    (test_pipeline_shapes.TEMPLATE, "template.yaml", "cloudformation"),
    (json.dumps({"pipeline": test_pipeline_shapes.DECLARATION}), "pipeline.json", "pipeline"),
    (test_cloudformation.DEPLOYMENT, "template.yaml", "cloudformation"),
    (test_cloudformation.SAM, "template.yaml", "cloudformation"),
    (test_cloudformation.CODEBUILD, "template.yaml", "cloudformation"),
    (test_cloudformation.STORAGE, "template.yaml", "cloudformation"),
    (json.dumps(test_cdk.TEMPLATE), "template.json", "cloudformation"),
    (test_appspec.EC2, "appspec.yml", "appspec"),
    (test_appspec.ECS, "appspec.yaml", "appspec"),
]


@pytest.mark.parametrize(("text", "path", "kind"), FIXTURES)
def test_every_value_replaced_by_every_wrong_type(text: str, path: str, kind: str) -> None:
    """Replace each node of a valid document, in turn, by values of every other type."""
    original = load(text, path, DocumentKind(kind))
    for pointer in list(original.spans):
        for wrong in WRONG_VALUES:
            data = replaced(original.data, pointer, wrong)
            mutated = Document(
                path, original.text, original.format, data, original.spans, original.kind
            )
            exercise(build_model(mutated), thorough=False)


def replaced(data: Any, pointer: Pointer, value: Any) -> Any:
    """``data`` with the node at ``pointer`` replaced (copying only the path to it)."""
    if not pointer:
        return value
    head, *rest = pointer
    copied = copy.copy(data)
    copied[head] = replaced(data[head], tuple(rest), value)
    return copied
