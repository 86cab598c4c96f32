"""Deciding the kind of a document from its content, parsed or not."""

from __future__ import annotations

from typing import Any

import pytest

from pipelint.loaders.detect import detect_kind, sniff_kind
from pipelint.loaders.document import DocumentKind
from pipelint.loaders.load import load_document

CFN = DocumentKind.CLOUDFORMATION
PIPELINE = DocumentKind.PIPELINE
APPSPEC = DocumentKind.APPSPEC
BUILDSPEC = DocumentKind.BUILDSPEC

STAGES = [{"name": "Source", "actions": [{"name": "Src"}]}]

OURS: list[tuple[str, Any, DocumentKind]] = [
    ("template version", {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}, CFN),
    ("sam transform", {"Transform": "AWS::Serverless-2016-10-31"}, CFN),
    ("resources only", {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}, CFN),
    (
        "resources with one typed entry",
        {"Resources": {"Fn::ForEach::X": ["a", [], {}], "B": {"Type": "AWS::SNS::Topic"}}},
        CFN,
    ),
    ("cli envelope", {"pipeline": {"name": "p", "stages": STAGES}}, PIPELINE),
    (
        "get-pipeline output",
        {"pipeline": {"name": "p", "stages": STAGES, "version": 2}, "metadata": {}},
        PIPELINE,
    ),
    ("envelope with tags", {"pipeline": {"name": "p"}, "tags": []}, PIPELINE),
    ("envelope, no stages yet", {"pipeline": {"stages": []}}, PIPELINE),
    ("envelope, a malformed stage", {"pipeline": {"stages": [*STAGES, "x", 5]}}, PIPELINE),
    ("bare declaration", {"name": "p", "roleArn": "arn", "stages": STAGES}, PIPELINE),
    ("bare, empty stages", {"name": "p", "artifactStore": {}, "stages": []}, PIPELINE),
    (
        "appspec ec2",
        {"version": 0.0, "os": "linux", "files": [{"source": "/", "destination": "/x"}]},
        APPSPEC,
    ),
    ("appspec hooks only", {"version": 0.0, "hooks": {"BeforeInstall": []}}, APPSPEC),
    ("appspec os only", {"version": 0.0, "os": "windows"}, APPSPEC),
    (
        "appspec ecs",
        {"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service"}}]},
        APPSPEC,
    ),
    (
        "appspec lambda hooks list",
        {"version": "0.0", "hooks": [{"BeforeAllowTraffic": "f"}]},
        APPSPEC,
    ),
    ("appspec permissions", {"version": 0.0, "permissions": [{"object": "/x"}]}, APPSPEC),
    (
        "appspec lambda lowercase resources",
        {"version": 0.0, "resources": [{"f": {"type": "AWS::Lambda::Function"}}]},
        APPSPEC,
    ),
    ("appspec miscased hooks", {"version": "0.0", "Hooks": {"ValidateService": []}}, APPSPEC),
    ("buildspec", {"version": 0.2, "phases": {"build": {"commands": ["make"]}}}, BUILDSPEC),
    ("buildspec, version a string", {"version": "0.1", "phases": {}}, BUILDSPEC),
    (
        "buildspec with artifacts",
        {"version": 0.2, "phases": {}, "artifacts": {"files": ["**/*"]}, "os": "linux"},
        BUILDSPEC,
    ),
]


@pytest.mark.parametrize(("name", "data", "kind"), OURS, ids=[case[0] for case in OURS])
def test_documents_of_ours(name: str, data: Any, kind: DocumentKind) -> None:
    assert detect_kind(data) is kind


NOT_OURS: list[tuple[str, Any]] = [
    (
        "package.json",
        {"name": "x", "version": "1.0.0", "files": ["dist"], "os": ["linux"], "scripts": {}},
    ),
    (
        ".pre-commit-config.yaml",
        {"repos": [{"repo": "https://x", "rev": "v1", "hooks": [{"id": "ruff"}]}]},
    ),
    ("buildspec with a version like 0.2 but no phases", {"version": 0.2, "env": {}}),
    ("phases of another tool", {"version": "3", "phases": {"build": {}}}),
    ("k8s manifest", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}}),
    ("json list", [{"pipeline": {"name": "p"}}]),
    ("scalar", "AWSTemplateFormatVersion"),
    ("null", None),
    ("gitlab ci", {"stages": ["build", "test"], "build": {"script": ["make"]}}),
    (
        "azure pipelines",
        {"stages": [{"stage": "Build", "jobs": [{"job": "A", "steps": []}]}]},
    ),
    (
        "harness pipeline",
        {"pipeline": {"name": "p", "identifier": "p", "stages": [{"stage": {"name": "s"}}]}},
    ),
    ("travis", {"language": "python", "os": "linux", "version": "~> 1.0"}),
    ("docker compose", {"version": "3", "services": {"web": {"image": "x"}}}),
    ("dependabot", {"version": 2, "updates": [{"package-ecosystem": "pip"}]}),
    ("serverless framework", {"service": "s", "resources": {"Resources": {}}}),
    ("resources without types", {"Resources": {"a": 1, "b": {"Name": "x"}}}),
    ("other pipeline key", {"pipeline": {"id": "x"}, "other": 1}),
]


@pytest.mark.parametrize(("name", "data"), NOT_OURS, ids=[case[0] for case in NOT_OURS])
def test_documents_not_ours(name: str, data: Any) -> None:
    assert detect_kind(data) is None


def test_detection_goes_by_content_not_name() -> None:
    text = b'{"pipeline": {"name": "p", "stages": []}}'
    assert load_document("template.yaml", text).kind is PIPELINE
    assert load_document("appspec.yml", b"repos: []\n").kind is None


SNIFFED = [
    ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [\n", CFN),
    ('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {,}\n}', CFN),
    ("Transform: AWS::Serverless-2016-10-31\nResources: {\n", CFN),
    ("Description: >\n:q\nResources:\n  Pipe:\n    Type: AWS::CodePipeline::Pipeline\n", CFN),
    ('{\n  "pipeline": {\n    "stages": [\n      {"actions": [],}\n    ]\n  }\n}', PIPELINE),
    ('  "pipeline": {\n    "stages": [{"name": "s", "actions": []}]\n  }\n}', PIPELINE),
    ('{"pipeline": {"name": "p", "stages": [}}', PIPELINE),
    ('{"name": "p", "stages": [{"actions": [}]}', PIPELINE),
    ('{"Resources": {"B": {"Type": "AWS::S3::Bucket",}}}', CFN),
    ('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {,}}', CFN),
    ("version: 0.0\nos: linux\nhooks:\n    BeforeInstall:\n  AfterInstall:\n", APPSPEC),
    ("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n\t", APPSPEC),
    ("version: 0.2\nphases:\n  build:\n\tcommands: []\n", BUILDSPEC),
]


@pytest.mark.parametrize(("text", "kind"), SNIFFED)
def test_broken_documents_of_ours_are_sniffed(text: str, kind: DocumentKind) -> None:
    assert sniff_kind(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "x", "version": "1.0.0", "files": ["dist"],}',
        "repos:\n- repo: x\n  hooks: [\n",
        "stages:\n  - build\nbuild:\n  script: [\n",
        "apiVersion: v1\nkind: Pod\nspec: {\n",
        "",
        "\x00\x01binary",
    ],
)
def test_other_broken_files_are_not_sniffed(text: str) -> None:
    assert sniff_kind(text) is None
