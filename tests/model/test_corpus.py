"""The model builds, without an exception, from every parseable file of the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from model_documents import exercise

from pipelint.loaders.document import DocumentKind, LoadError
from pipelint.loaders.load import load_document
from pipelint.model.build import DocumentModel, build_model
from pipelint.model.project import Project

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "files"
FILES = sorted(path for path in CORPUS.rglob("*") if path.is_file()) if CORPUS.is_dir() else []

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not FILES, reason="the shared corpus is not beside the project"),
]


def model_of(path: Path) -> DocumentModel | None:
    try:
        document = load_document(str(path.relative_to(CORPUS)), path.read_bytes())
    except LoadError:
        return None  # a parse error is the loader's finding (PL000), not the model's
    return build_model(document)


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(CORPUS)) for path in FILES])
def test_corpus_file(path: Path) -> None:
    model = model_of(path)
    if model is None:
        return
    exercise(model)
    kind = model.document.kind
    if kind == DocumentKind.APPSPEC:
        assert model.appspec is not None
    if kind == DocumentKind.PIPELINE:
        assert len(model.pipelines) == 1 and model.pipelines[0].stages


def test_project_of_the_whole_corpus() -> None:
    models = [model for path in FILES if (model := model_of(path)) is not None]
    project = Project(models)
    pipelines = [(model, pipeline) for model in models for pipeline in model.pipelines]
    assert len(pipelines) > 100
    for model, pipeline in pipelines:
        assert pipeline.stages or pipeline.shape == "cloudformation"
        for _, action in pipeline.actions():
            project.account_of(action.role_arn, model)
            project.find_deployment_group(
                action.config("ApplicationName"), action.config("DeploymentGroupName"), model
            )


def test_cdk_cross_stack_reference_is_followed() -> None:
    stacks = CORPUS / "anant16-devops__aws-devops" / "cdk.out"
    if not stacks.is_dir():
        pytest.skip("the CDK example is not in the corpus")
    pipeline_stack = model_of(stacks / "PipelineStack.template.json")
    deploy_stack = model_of(stacks / "DeployStack.template.json")
    assert pipeline_stack is not None and deploy_stack is not None
    project = Project([pipeline_stack, deploy_stack])
    (pipeline,) = pipeline_stack.pipelines
    (action,) = [a for _, a in pipeline.actions() if a.is_type("Deploy", "CodeDeploy")]
    group = project.find_deployment_group(
        action.config("ApplicationName"), action.config("DeploymentGroupName"), pipeline_stack
    )
    assert group is deploy_stack.deployment_groups[0]
    assert group.logical_id == "FlaskAppDeployGroup4B8BC649"
