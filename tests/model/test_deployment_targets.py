"""What pipeline actions deploy to, alarms named by ARN, and production deployment targets."""

from __future__ import annotations

from model_documents import model_of

from pipelint.config import ProductionPolicy
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.location import Location, Span
from pipelint.model.project import Project
from pipelint.model.values import Scalar
from pipelint.production import ProductionClassifier, explain_production

HERE = Location("template.yaml", Span(1, 1, 1, 2))

TEMPLATE = """
Resources:
  App:
    Type: AWS::CodeDeploy::Application
    Properties: {ApplicationName: shop}
  Web:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties: {ApplicationName: !Ref App, DeploymentGroupName: web}
  Unnamed:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties: {ApplicationName: !Ref App}
  LiveFunction:
    Type: AWS::Serverless::Function
    Properties: {AutoPublishAlias: live}
  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties: {AlarmName: web-errors}
"""

PIPELINE = """
{"pipeline": {"name": "shop", "roleArn": "arn:aws:iam::111122223333:role/pipeline",
  "artifactStore": {"type": "S3", "location": "shop-artifacts"},
  "stages": [
    {"name": "Source", "actions": [{"name": "Src",
      "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}}]},
    {"name": "Prod", "actions": [{"name": "Ship",
      "actionTypeId":
        {"category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1"},
      "configuration": {"ApplicationName": "shop", "DeploymentGroupName": "web"}}]}
  ]}}
"""


def project() -> Project:
    return Project([model_of(TEMPLATE), model_of(PIPELINE, "pipeline.json")])


def groups(p: Project) -> dict[str, DeploymentGroup]:
    return {g.logical_id or "": g for g in p.models[0].deployment_groups}


def test_deployers_are_the_codedeploy_actions_naming_a_group_across_files() -> None:
    p = project()
    web, unnamed = groups(p)["Web"], groups(p)["Unnamed"]
    (deployer,) = p.deployers(web)
    assert deployer.action.name is not None and deployer.action.name.text == "Ship"
    assert deployer.stage.name is not None and deployer.stage.name.text == "Prod"
    assert p.deployers(unnamed) == ()


def test_an_arn_of_another_service_does_not_name_an_alarm() -> None:
    p = project()
    model = p.models[0]
    alarm_arn = "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:web-errors"
    topic_arn = "arn:aws:sns:eu-west-1:111122223333:web-errors"
    assert p.find_alarm(Scalar(alarm_arn, HERE), model) is model.alarms[0]
    assert p.find_alarm(Scalar("web-errors", HERE), model) is model.alarms[0]
    assert p.find_alarm(Scalar(topic_arn, HERE), model) is None
    assert p.declares_alarm("web-errors") and not p.declares_alarm("other")


def test_a_deployment_target_is_production_by_its_name_or_by_a_production_action() -> None:
    p = project()
    production = ProductionClassifier(ProductionPolicy(), p)
    web, unnamed = groups(p)["Web"], groups(p)["Unnamed"]
    verdict = production.resource(web)
    assert verdict.prod
    assert verdict.reason == (
        'production action "Ship" deploys to it: stage name "Prod" has the production word "prod"'
    )
    assert not production.resource(unnamed)
    (function,) = p.models[0].sam_functions
    assert production.resource(function).reason == (
        'logical ID "LiveFunction" has the production word "live"'
    )


def test_explain_prod_lists_deployment_targets() -> None:
    p = project()
    production = ProductionClassifier(ProductionPolicy(), p)
    targets = [*p.models[0].deployment_groups, *p.models[0].sam_functions]
    lines = explain_production(list(p.models[1].pipelines), production, targets).splitlines()
    assert lines[-3:] == [
        'template.yaml:5: deployment group Web: production (production action "Ship" deploys '
        'to it: stage name "Prod" has the production word "prod")',
        "template.yaml:8: deployment group Unnamed: not production",
        'template.yaml:11: function LiveFunction: production (logical ID "LiveFunction" has '
        'the production word "live")',
    ]


def test_a_field_written_with_a_value_the_model_cannot_read_is_written() -> None:
    model = model_of(
        """
        Resources:
          Group:
            Type: AWS::CodeDeploy::DeploymentGroup
            Properties:
              ApplicationName: shop
              AutoRollbackConfiguration: [DEPLOYMENT_FAILURE]
        """
    )
    (group,) = model.deployment_groups
    assert group.auto_rollback is None and group.is_written("auto_rollback")
    assert group.alarm_configuration is None and not group.is_written("alarm_configuration")


def test_codebuild_actions_run_the_project_they_name() -> None:
    model = model_of(
        """
        Resources:
          Tests:
            Type: AWS::CodeBuild::Project
            Properties: {Name: shop-tests}
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              Stages:
                - Name: Live
                  Actions:
                    - Name: Run
                      ActionTypeId: {Category: Test, Owner: AWS, Provider: CodeBuild, Version: "1"}
                      Configuration: {ProjectName: shop-tests}
        """
    )
    p = Project([model])
    (project,) = model.codebuild_projects
    (deployer,) = p.deployers(project)
    assert deployer.pipeline is model.pipelines[0]
    production = ProductionClassifier(ProductionPolicy(), p)
    assert production.resource(project).reason == (
        'production action "Run" runs it: stage name "Live" has the production word "live"'
    )
