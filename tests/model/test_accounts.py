"""The accounts module: the pipeline's account, and the environment an action deploys to."""

from __future__ import annotations

import json

import pytest
from model_documents import model_of

from pipelint.accounts import (
    AccountNames,
    cross_account_actions,
    environment_of,
    pipeline_account,
)
from pipelint.config import ProductionPolicy
from pipelint.model.project import DeployingAccount, Project
from pipelint.production import ProductionClassifier

TEMPLATE = "template.yaml"


def test_two_ids_differ_and_a_deploying_account_is_unknown_against_an_id() -> None:
    home = AccountNames(frozenset({"111122223333", DeployingAccount(TEMPLATE)}))
    assert home.holds("111122223333") is True
    assert home.holds("444455556666") is False
    assert home.holds(DeployingAccount(TEMPLATE)) is True
    assert home.holds(DeployingAccount("other.yaml")) is None
    assert home.id_of(DeployingAccount(TEMPLATE)) == "111122223333"
    unknown = AccountNames(frozenset({DeployingAccount(TEMPLATE)}))
    assert unknown.holds("444455556666") is None
    assert unknown.id_of(DeployingAccount(TEMPLATE)) is None


def test_a_template_pipeline_is_in_its_deploying_account_and_its_role_s() -> None:
    model = model_of(
        """
        Resources:
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              RoleArn: arn:aws:iam::111122223333:role/pipeline
              Stages:
                - Name: Deploy
                  Actions:
                    - Name: Here
                      RoleArn: !Sub arn:aws:iam::${AWS::AccountId}:role/deployer
                    - Name: There
                      RoleArn: arn:aws:iam::444455556666:role/deployer
        """,
        TEMPLATE,
    )
    project = Project([model])
    (pipeline,) = model.pipelines
    assert pipeline_account(pipeline, project).names == {
        "111122223333",
        DeployingAccount(TEMPLATE),
    }
    found = [
        (action.name.text, str(account))
        for _, action, account in cross_account_actions(pipeline, project)
        if action.name
    ]
    assert found == [("There", "444455556666")]


@pytest.mark.parametrize(
    ("stage", "action", "expected"),
    [
        ("Deploy-Pre-Prod", "Ship", "preprod"),
        ("DeployStaging", "Ship", "staging"),
        ("Prod", "Ship", "production"),
        ("Release", "ShipToProd", "production"),
        ("Staging", "PromoteToProd", None),  # two environments: which one is unknown
        ("Release", "Ship", None),
        ("Stagingarea", "Ship", None),  # a word, not a part of one
    ],
)
def test_environment_of_an_action_is_read_from_its_names(
    stage: str, action: str, expected: str | None
) -> None:
    document = {
        "pipeline": {
            "name": "shop",
            "stages": [
                {
                    "name": stage,
                    "actions": [
                        {
                            "name": action,
                            "actionTypeId": {"category": "Deploy", "provider": "ECS"},
                        }
                    ],
                }
            ],
        }
    }
    model = model_of(json.dumps(document), "pipeline.json")
    policy = ProductionPolicy(
        environments={"staging": ("222233334444",), "preprod": ("333344445555",)}
    )
    production = ProductionClassifier(policy, Project([model]))
    ((stage_node, action_node),) = list(model.pipelines[0].actions())
    assert environment_of(model.pipelines[0], stage_node, action_node, production) == expected
