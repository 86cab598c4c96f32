"""The production classifier on templates: values resolved through the project."""

from __future__ import annotations

import textwrap

import pytest

from pipelint.config import ProductionPolicy
from pipelint.loaders.load import load_document
from pipelint.model.build import build_model
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.project import Project
from pipelint.model.values import Scalar
from pipelint.production import (
    UNKNOWN_PART,
    ProductionClassifier,
    explain_production,
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
    action: str,
    policy: ProductionPolicy | None = None,
    name: str = "Stack",
    provider: str = "CloudFormation",
) -> tuple[ProductionClassifier, Pipeline, Stage, Action]:
    """The classifier, pipeline, stage and action of a template whose second stage holds
    one Deploy action of ``provider`` named ``name``, ``action`` being the rest of its
    mapping."""
    rest = f"Name: {name}\n" + textwrap.dedent(action).strip("\n")
    header = HEADER.replace("Provider: CloudFormation", f"Provider: {provider}")
    text = header + textwrap.indent(rest, " " * 14) + "\n"
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


def test_without_a_project_an_action_mode_is_read_as_written() -> None:
    alone = ProductionClassifier(ProductionPolicy())
    _, pipeline, _, action = setup("Configuration: {ActionMode: !Ref Update, StackName: a}")
    assert not alone.is_deploying(action, pipeline)
    _, pipeline, _, action = setup("Configuration: {ActionMode: CREATE_UPDATE, StackName: a}")
    assert alone.is_deploying(action, pipeline)
    _, pipeline, _, action = setup("Configuration: {ActionMode: CHANGE_SET_REPLACE, StackName: a}")
    assert not alone.is_deploying(action, pipeline)
    _, pipeline, _, action = setup("Configuration: {StackName: a}")
    assert alone.is_deploying(action, pipeline)


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


@pytest.mark.parametrize(
    ("stack", "prod"),
    [
        ("!Sub '${Image}-production'", True),  # the word stands apart from the unknown part
        ("!Sub 'app-prod-${Image}'", True),
        ("!Sub '#{Vars.Team}_live'", True),  # a run-time variable is unknown too
        ("'#{Vars.Team}_live'", True),
        ("!Sub '${Image}prod'", False),  # may be part of a longer word
        ("!Sub '${Image}Prod'", False),  # may follow "Pre" in the same word
        ("!Sub 'prod${Image}'", False),
        ("!Sub 'pre-${Image}'", False),
    ],
)
def test_a_name_partly_known_only_at_deploy_time(stack: str, prod: bool) -> None:
    classifier, pipeline, stage, action = setup(
        f"Configuration: {{ActionMode: CREATE_UPDATE, StackName: {stack}}}", name="Apply"
    )
    verdict = classifier.action(pipeline, stage, action)
    assert bool(verdict) is prod
    if prod:
        assert verdict.reason.startswith(
            f'StackName "{classifier.label(action.config("StackName"), pipeline)}"'
        )


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
        environments={"staging": ("222233334444", "222233335555")},
    )
    classifier, pipeline, _, _ = setup(
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: a}",
        policy,
        name="!Sub 'Deploy-${Image}'",
    )
    lines = explain_production([pipeline], classifier).splitlines()
    assert lines[0] == (
        "Production classification (words: prod, production, prd, live; "
        r"patterns: ^release-\d+$; accounts: 444455556666; regions: eu-west-1; "
        "staging accounts: 222233334444, 222233335555; strict)"
    )
    assert lines[1] == "template.yaml:12: pipeline Pipeline"
    assert lines[3] == (
        '  stage "Two": production (strict mode: "Two" is the last stage that deploys)'
    )
    assert lines[4].startswith('    deploys "!Sub Deploy-${Image}": production')


@pytest.mark.parametrize(
    ("provider", "action", "deploying"),
    [
        # a stack action whose configuration cannot be read: its mode cannot be known
        (
            "CloudFormation",
            "Configuration: !If [Fast, {ActionMode: CHANGE_SET_REPLACE}, {}]",
            False,
        ),
        ("ECS", "Configuration: !If [Fast, {ClusterName: a}, {ClusterName: b}]", True),
        # a provider that cannot be known: a prepared change set may be all it does
        ("!Ref Image", "Configuration: {ActionMode: CHANGE_SET_REPLACE, StackName: a}", False),
        ("!Ref Image", "Configuration: {ActionMode: CREATE_UPDATE, StackName: a}", True),
        ("!Ref Image", "Configuration: {StackName: a}", True),
        (
            "!If [Fast, ECS, CloudFormation]",
            "Configuration: {ActionMode: CHANGE_SET_REPLACE}",
            True,
        ),
    ],
)
def test_what_cannot_be_known_does_not_make_an_action_deploying(
    provider: str, action: str, deploying: bool
) -> None:
    classifier, pipeline, _, found = setup(action, provider=provider)
    assert classifier.is_deploying(found, pipeline) is deploying


def test_a_name_written_as_a_condition_is_production_under_its_branch() -> None:
    classifier, pipeline, stage, action = setup(
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: !If [Fast, app-prod, app-dev]}"
    )
    (verdict,) = classifier.verdicts(pipeline, stage, action)
    assert verdict.when == ("Fast",)
    assert verdict.reason == 'StackName "app-prod" has the production word "prod" when Fast is true'
    assert classifier.action(pipeline, stage, action) == verdict
    classifier, pipeline, stage, action = setup(
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: !If [Fast, prod-a, !Ref Env]}"
    )
    assert [v.when for v in classifier.verdicts(pipeline, stage, action)] == [("Fast",), ("!Fast",)]
    classifier, pipeline, stage, action = setup(
        "Configuration: {StackName: !If [Fast, app-prod, app-dev], ClusterName: live}"
    )
    (verdict,) = classifier.verdicts(pipeline, stage, action)  # always production wins
    assert verdict.when == () and verdict.reason.startswith('ClusterName "live"')


def test_possible_texts_say_whether_they_are_all() -> None:
    classifier, pipeline, _, action = setup(
        "Configuration: {A: !If [Fast, x, !Ref Image], B: !If [Fast, x, y], C: !Ref Image}"
    )
    a = classifier.possible(action.config("A"), pipeline)
    assert a.texts == {"x"} and not a.complete and a.can_be("anything")
    b = classifier.possible(action.config("B"), pipeline)
    assert b.complete and b.can_be("y") and not b.can_be("z") and b.text is None
    assert not classifier.possible(action.config("C"), pipeline).branches
    assert classifier.possible(action.config("D"), pipeline).complete  # absent


def test_stack_set_targets_and_run_time_variables() -> None:
    policy = ProductionPolicy(accounts=("444455556666",))
    targets = "{Accounts: [!Ref Image, '444455556666']}"
    classifier, pipeline, stage, action = setup(
        f"Configuration: {{StackSetName: a, DeploymentTargets: {targets}}}", policy
    )
    assert classifier.action(pipeline, stage, action).reason == (
        "deploys to production account 444455556666"
    )
    value = action.config("StackSetName")
    assert value is not None
    assert classifier.partial_text(Scalar("#{ns.var}-prod", value.loc), pipeline) == (
        f"{UNKNOWN_PART}-prod"
    )


def test_strict_mode_finds_the_last_deploying_stage_once_per_pipeline() -> None:
    classifier, pipeline, stage, action = setup(
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: a}", ProductionPolicy(strict=True)
    )
    calls = 0
    deploying = classifier.is_deploying

    def counting(action: Action, pipeline: Pipeline) -> bool:
        nonlocal calls
        calls += 1
        return deploying(action, pipeline)

    classifier.is_deploying = counting  # type: ignore[method-assign]
    for _ in range(10):
        assert classifier.action(pipeline, stage, action)
    assert calls == 10 + len(list(pipeline.actions()))  # one per verdict, one per action once


def test_an_imported_name_is_read_where_it_is_exported() -> None:
    exporting = build_model(
        load_document(
            "stacks.yaml",
            b"""
Conditions:
  Fast: !Equals [a, b]
Resources:
  Topic: {Type: AWS::SNS::Topic}
Outputs:
  Stack:
    Value: !If [Fast, app-prod, app-dev]
    Export: {Name: AppStack}
""",
        )
    )
    _, pipeline, _, _ = setup(
        "Configuration: {ActionMode: CREATE_UPDATE, StackName: !ImportValue AppStack}"
    )
    assert pipeline.origin is not None
    importing = build_model(pipeline.origin.document)
    (pipeline,) = importing.pipelines
    stage = pipeline.stages[1]
    classifier = ProductionClassifier(ProductionPolicy(), Project([exporting, importing]))
    (verdict,) = classifier.verdicts(pipeline, stage, stage.actions[0])
    # the condition is the exporting template's: it holds nothing in the pipeline's
    assert verdict.when == ()
    assert verdict.reason == (
        'StackName "app-prod" has the production word "prod" when Fast is true (in stacks.yaml)'
    )
