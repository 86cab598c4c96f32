"""The pipeline's account and its cross-account actions, in both shapes."""

from __future__ import annotations

import json
from typing import Any

from model_documents import model_of

from pipelint.accounts import (
    action_accounts,
    cross_account_actions,
    has_cross_account_actions,
    pipeline_account,
)
from pipelint.model.project import DeployingAccount, Project


def _action(name: str, role: str | None) -> dict[str, Any]:
    action: dict[str, Any] = {
        "name": name,
        "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1"},
    }
    if role is not None:
        action["roleArn"] = role
    return action


def api_pipeline(*roles: str | None, home: str = "111122223333") -> str:
    actions = [_action(f"A{index}", role) for index, role in enumerate(roles)]
    return json.dumps(
        {
            "name": "p",
            "roleArn": f"arn:aws:iam::{home}:role/pipeline",
            "stages": [{"name": "Deploy", "actions": actions}],
        }
    )


def test_api_roles_in_another_account_are_cross_account() -> None:
    model = model_of(
        api_pipeline(
            None,
            "arn:aws:iam::111122223333:role/same",
            "arn:aws:iam::222233334444:role/prod",
        ),
        "pipeline.json",
    )
    project = Project([model])
    (pipeline,) = model.pipelines
    assert pipeline_account(pipeline, project).id == "111122223333"
    assert [found.account.id for found in action_accounts(pipeline, project)] == [
        "111122223333",
        "222233334444",
    ]
    (cross,) = cross_account_actions(pipeline, project)
    assert cross.action.name is not None and cross.action.name.text == "A2"
    assert has_cross_account_actions(pipeline, project)


def test_a_template_account_is_not_known_to_differ_from_a_named_one() -> None:
    model = model_of(
        """
        Parameters:
          ProdAccount: {Type: String, Default: "222233334444"}
          TestAccount: {Type: String, Default: "333344445555"}
        Resources:
          Role: {Type: AWS::IAM::Role}
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              RoleArn: !GetAtt Role.Arn
              Stages:
                - Name: Deploy
                  Actions:
                    - Name: Here
                      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: S3, Version: "1"}
                      RoleArn: !GetAtt Role.Arn
                    - Name: Prod
                      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: S3, Version: "1"}
                      RoleArn: !Sub arn:aws:iam::${ProdAccount}:role/deploy
        """,
        "template.yaml",
    )
    project = Project([model])
    (pipeline,) = model.pipelines
    assert pipeline_account(pipeline, project).names == {DeployingAccount("template.yaml")}
    assert cross_account_actions(pipeline, project) == ()
    assert not has_cross_account_actions(pipeline, project)


def test_roles_in_two_named_accounts_make_a_cross_account_pipeline() -> None:
    model = model_of(
        api_pipeline("arn:aws:iam::222233334444:role/a", "arn:aws:iam::333344445555:role/b"),
        "pipeline.json",
    )
    project = Project([model])
    (pipeline,) = model.pipelines
    assert len(cross_account_actions(pipeline, project)) == 2
    assert has_cross_account_actions(pipeline, project)
