"""The production classifier on templates: values resolved through the project."""

from __future__ import annotations

import textwrap

import pytest

from pipelint.config import ProductionPolicy
from pipelint.loaders.load import load_document
from pipelint.model.build import build_model
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.project import Project
from pipelint.production import (
    UNKNOWN_PART,
    ProductionClassifier,
    explain_production,
    is_deploying,
)

HEADER = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Mode: {Type: String, Default: CHANGE_SET_REPLACE}
  Update: {Type: String, Default: CREATE_UPDATE}
  Order: {Type: Number, Default: 3}
  Image: {Type: String}
  Stage: {Type: String}
Conditions:
  Fast: !Equals [!Ref Env, dev]
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/pipeline
      ArtifactStore: {Type: S3, Location: artifacts}
      Stages:
        - Name: Source
          Actions:
            - Name: Src
              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeCommit, Version: "1"}
        - Name: Two
          Actions:
            - ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
"""


def setup(
    action: str, policy: ProductionPolicy | None = None, name: str = "Stack"
) -> tuple[ProductionClassifier, Pipeline, Stage, Action]:
    """The classifier, pipeline, stage and action of a template whose second stage holds
    one CloudFormation action named ``name``, ``action`` being the rest of its mapping."""
    rest = f"Name: {name}\n" + textwrap.dedent(action).strip("\n")
    text = HEADER + textwrap.indent(rest, " " * 14) + "\n"
    model = build_model(load_document("template.yaml", text.encode()))
    (pipeline,) = model.pipelines
    stage = pipeline.stages[1]
    classifier = ProductionClassifier(policy or ProductionPolicy(), Project([model]))
    return classifier, pipeline, stage, stage.actions[0]


@pytest.mark.parametrize(
    ("mode", "deploying"),
    [
        ("CREATE_UPDATE", True),
        ("CHANGE_SET_REPLACE", False),
        ("!Ref Mode", False),  # the default prepares a change set
        ("!Ref Update", True),
        ("!Ref Image", False),  # unknown: not certainly deploying
        ("!Ref Missing", False),
        ("!If [Fast, CREATE_UPDATE, CHANGE_SET_REPLACE]", True),  # deploys in one scenario
        ("!If [Fast, !Ref Mode, CHANGE_SET_REPLACE]", False),
        ("!If [Fast, !Ref Image, CHANGE_SET_REPLACE]", False),
        ("!Sub '${Mode}'", False),
    ],
)
def test_an_action_mode_is_resolved(mode: str, deploying: bool) -> None:
    classifier, pipeline, _, action = setup(f"Configuration: {{ActionMode: {mode}, StackName: a}}")
    assert classifier.is_deploying(action, pipeline) is deploying


def test_the_module_function_reads_literals_only() -> None:
    _, _, _, action = setup("Configuration: {ActionMode: !Ref Update, StackName: a}")
    assert not is_deploying(action)
    _, _, _, action = setup("Configuration: {ActionMode: CREATE_UPDATE, StackName: a}")
    assert is_deploying(action)
    _, _, _, action = setup("Configuration: {ActionMode: CHANGE_SET_REPLACE, StackName: a}")
    assert not is_deploying(action)
    _, _, _, action = setup("Configuration: {StackName: a}")
    assert is_deploying(action)


def test_a_run_order_is_resolved() -> None:
    classifier, pipeline, _, action = setup("RunOrder: !Ref Order")
    assert classifier.run_order(action, pipeline) == 3
    classifier, pipeline, _, action = setup("RunOrder: !Ref Image")
    assert classifier.run_order(action, pipeline) is None
    classifier, pipeline, _, action = setup("Configuration: {StackName: a}")
    assert classifier.run_order(action, pipeline) == 1


def with_overrides(overrides: str) -> str:
    """An action configuration with these ``ParameterOverrides``."""
    return (
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: a, "
        f"ParameterOverrides: {overrides}}}"
    )


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ("""!Sub '{"Environment": "prod", "Image": "${Image}"}'""", 'Environment "prod"'),
        ("""!Sub '{"Env": "${Env}", "Image": "${Image}"}'""", 'Env "prod"'),
        ("""!Sub '{"Stage": "live", "Region": "${AWS::Region}"}'""", 'Stage "live"'),
        ("""!Sub ['{"Env": "${E}", "I": "${Image}"}', {E: prd}]""", 'Env "prd"'),
        ("""!Sub ['{"Env": "${E}"}', {E: !Ref Env}]""", 'Env "prod"'),
        ("""!Join ["", ['{"Env": "live", "Image": "', !Ref Image, '"}']]""", 'Env "live"'),
        ("{Environment: production, Image: !Ref Image}", 'Environment "production"'),
        ("""'{"Environment": "prod"}'""", 'Environment "prod"'),
        ("{Environment: prod}", 'Environment "prod"'),
    ],
)
def test_a_written_out_environment_override_is_read(overrides: str, reason: str) -> None:
    classifier, pipeline, stage, action = setup(with_overrides(overrides))
    verdict = classifier.action(pipeline, stage, action)
    assert verdict
    assert verdict.reason.startswith(f"parameter {reason} has the production word")


@pytest.mark.parametrize(
    "overrides",
    [
        """!Sub '{"Environment": "${Stage}", "Image": "${Image}"}'""",
        """!Sub '{"Environment": "${Stage}-prod"}'""",  # partly unknown: not guessed at
        """!Sub '{"Environment": "${!Literal}-dev", "Image": "${Image}"}'""",
        """!Sub '{"Environment": ${Image}}'""",  # not JSON once substituted
        "{Environment: !Ref Stage}",
        "!Ref Image",
        '!Subb \'{"Environment": "prod"}\'',  # a misspelt function: unknown
    ],
)
def test_an_unknown_environment_override_is_not_production(overrides: str) -> None:
    classifier, pipeline, stage, action = setup(with_overrides(overrides))
    assert not classifier.action(pipeline, stage, action)


def test_partial_text_marks_what_is_only_known_at_deploy_time() -> None:
    classifier, pipeline, _, action = setup(
        "Configuration: {Name: !Sub 'x-${Image}-${Env}-${AWS::Region}-${!Keep}', N: !Ref Image}"
    )
    name = action.config("Name")
    assert name is not None
    assert classifier.partial_text(name, pipeline) == (
        f"x-{UNKNOWN_PART}-prod-{UNKNOWN_PART}-${{Keep}}"
    )
    unknown = action.config("N")
    assert unknown is not None
    assert classifier.partial_text(unknown, pipeline) is None


def test_labels_are_resolved_or_written_as_in_the_template() -> None:
    classifier, pipeline, _, action = setup(
        "Configuration: {A: !Sub '${Env}-deploy', B: !Sub '${Image}-deploy', C: plain}"
    )
    assert classifier.label(action.config("A"), pipeline) == "prod-deploy"
    assert classifier.label(action.config("B"), pipeline) == "!Sub ${Image}-deploy"
    assert classifier.label(action.config("C"), pipeline) == "plain"
    assert classifier.label(action.config("D"), pipeline) is None


def test_without_a_project_only_literals_are_read() -> None:
    _, pipeline, stage, action = setup(
        "Configuration: {ActionMode: !Ref Update, StackName: !Sub 'app-${Env}'}"
    )
    alone = ProductionClassifier(ProductionPolicy())
    assert not alone.is_deploying(action, pipeline)
    assert not alone.action(pipeline, stage, action)
    assert alone.label(action.config("StackName"), pipeline) == "!Sub app-${Env}"


def test_explain_lists_the_policy_and_locates_the_pipeline_at_its_logical_id() -> None:
    policy = ProductionPolicy(
        patterns=(r"^release-\d+$",),
        accounts=("444455556666",),
        regions=("eu-west-1",),
        strict=True,
    )
    classifier, pipeline, _, _ = setup(
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: a}",
        policy,
        name="!Sub 'Deploy-${Image}'",
    )
    lines = explain_production([pipeline], classifier).splitlines()
    assert lines[0] == (
        "Production classification (words: prod, production, prd, live; "
        r"patterns: ^release-\d+$; accounts: 444455556666; regions: eu-west-1; strict)"
    )
    assert lines[1] == "template.yaml:12: pipeline Pipeline"
    assert lines[3] == (
        '  stage "Two": production (strict mode: "Two" is the last stage that deploys)'
    )
    assert lines[4].startswith('    deploys "!Sub Deploy-${Image}": production')
