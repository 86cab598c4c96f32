"""Every modelled CloudFormation resource, from small templates with short-form tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model_documents import model_of

from pipelint.model.build import DocumentModel
from pipelint.model.codebuild import CodeBuildProject
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.node import Node
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.resources import IamRole, KmsKey
from pipelint.model.sam import SamFunction
from pipelint.model.values import Intrinsic

DEPLOYMENT = """
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  GroupName:
    Type: String
    Default: web-prod
Resources:
  Application:
    Type: AWS::CodeDeploy::Application
    Properties:
      ApplicationName: web
      ComputePlatform: Server
  Group:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: !Ref Application
      DeploymentGroupName: !Ref GroupName
      DeploymentConfigName: !Ref HalfConfig
      ServiceRoleArn: !GetAtt DeployRole.Arn
      AutoRollbackConfiguration:
        Enabled: true
        Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]
      AlarmConfiguration:
        Enabled: true
        IgnorePollAlarmFailure: false
        Alarms:
          - Name: !Ref ErrorAlarm
          - Name: web-latency
      DeploymentStyle:
        DeploymentType: BLUE_GREEN
        DeploymentOption: WITH_TRAFFIC_CONTROL
      BlueGreenDeploymentConfiguration:
        TerminateBlueInstancesOnDeploymentSuccess:
          Action: TERMINATE
          TerminationWaitTimeInMinutes: 0
        DeploymentReadyOption:
          ActionOnTimeout: CONTINUE_DEPLOYMENT
      TriggerConfigurations:
        - TriggerName: failures
          TriggerTargetArn: !Ref Topic
          TriggerEvents: [DeploymentFailure, DeploymentRollback]
  HalfConfig:
    Type: AWS::CodeDeploy::DeploymentConfig
    Properties:
      DeploymentConfigName: half
      ComputePlatform: Server
      MinimumHealthyHosts: {Type: FLEET_PERCENT, Value: 50}
  CanaryConfig:
    Type: AWS::CodeDeploy::DeploymentConfig
    Properties:
      ComputePlatform: Lambda
      TrafficRoutingConfig:
        Type: TimeBasedCanary
        TimeBasedCanary: {CanaryPercentage: 10, CanaryInterval: 5}
  ErrorAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: web-errors
      MetricName: Errors
  Topic:
    Type: AWS::SNS::Topic
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: codedeploy.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole
      Policies:
        - PolicyName: inline
          PolicyDocument:
            Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}
  ExtraPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref DeployRole]
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: "iam:PassRole", Resource: "*"}
"""


def test_deployment_group_and_configs() -> None:
    model = model_of(DEPLOYMENT)
    (group,) = model.deployment_groups
    assert isinstance(group, DeploymentGroup) and group.logical_id == "Group"
    assert group.compute_platform == "Server"
    assert group.application_name is not None
    assert group.application_name.value == Intrinsic("Ref", "Application")
    assert group.auto_rollback is not None and group.auto_rollback.enabled is not None
    assert group.auto_rollback.enabled.as_bool is True
    assert group.auto_rollback.has_event("DEPLOYMENT_STOP_ON_ALARM")
    assert not group.auto_rollback.has_event("DEPLOYMENT_STOP_ON_REQUEST")
    alarms = group.alarm_configuration
    assert alarms is not None and alarms.ignore_poll_alarm_failure is not None
    assert alarms.ignore_poll_alarm_failure.as_bool is False
    assert [alarm.value for alarm in alarms.alarms] == [
        Intrinsic("Ref", "ErrorAlarm"),
        "web-latency",
    ]
    assert group.deployment_style is not None and group.deployment_style.type is not None
    assert group.deployment_style.type.text == "BLUE_GREEN"
    assert group.blue_green is not None and group.blue_green.termination_wait is not None
    assert group.blue_green.termination_wait.as_int == 0
    assert group.blue_green.ready_action is not None
    assert group.blue_green.ready_action.text == "CONTINUE_DEPLOYMENT"
    assert group.blue_green.green_fleet_action is None
    (trigger,) = group.triggers
    assert [event.text for event in trigger.events] == ["DeploymentFailure", "DeploymentRollback"]
    half, canary = model.deployment_configs
    assert half.minimum_healthy_hosts is not None and half.minimum_healthy_hosts.value is not None
    assert half.minimum_healthy_hosts.value.as_int == 50
    assert canary.name is None and canary.traffic_routing is not None
    assert (
        canary.traffic_routing.percentage is not None
        and canary.traffic_routing.percentage.as_int == 10
    )
    assert (
        canary.traffic_routing.interval is not None and canary.traffic_routing.interval.as_int == 5
    )
    assert canary.traffic_routing.where("percentage").line == 53


def test_group_locations() -> None:
    (group,) = model_of(DEPLOYMENT).deployment_groups
    assert group.key_loc is not None and (group.key_loc.line, group.key_loc.column) == (12, 3)
    assert (group.loc.line, group.loc.column) == (15, 7)  # the Properties mapping
    assert group.where("auto_rollback", key=True).line == 19
    assert group.auto_rollback is not None and group.auto_rollback.where("events").line == 21
    assert group.where("ecs_services") == group.key_loc  # not a field read: the node's key


def test_roles_gather_inline_and_attached_policies() -> None:
    model = model_of(DEPLOYMENT)
    (role,) = model.iam_roles
    assert isinstance(role, IamRole) and role.role_name is None
    assert role.assume_role_policy is not None
    assert role.assume_role_policy.statements[0]["Principal"] == {
        "Service": "codedeploy.amazonaws.com"
    }
    assert [policy.name.text for policy in role.policies if policy.name] == ["inline", "extra"]
    inline, extra = role.policies
    assert inline.statements == ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},)
    assert extra.statements[0]["Action"] == "iam:PassRole"
    assert extra.loc.path == "template.yaml" and extra.statement_loc(0).line == 82
    assert [arn.text for arn in role.managed_policy_arns] == [
        "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole"
    ]
    (alarm,) = model.alarms
    assert alarm.alarm_name is not None and alarm.alarm_name.text == "web-errors"


def test_roles_gather_the_managed_policies_they_name() -> None:
    model = model_of(
        """
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              ManagedPolicyArns: [!Ref Deploy, !Ref Both, arn:aws:iam::aws:policy/ReadOnlyAccess]
          Deploy:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
          Both:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              ManagedPolicyName: both
              Roles: [!Ref Role]
              PolicyDocument: {Statement: [{Effect: Allow, Action: "sqs:*", Resource: "*"}]}
        """
    )
    (role,) = model.iam_roles
    assert [policy.name.text for policy in role.policies if policy.name] == ["both", "Deploy"]
    assert role.policies[1].statements[0]["Action"] == "s3:*"
    assert role.policies[1].statement_loc(0).line == 9


SAM = """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    AutoPublishAlias: live
    DeploymentPreference:
      Type: Linear10PercentEvery1Minute
      Alarms: [!Ref GlobalAlarm]
      Hooks:
        PreTraffic: !Ref PreTrafficHook
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      DeploymentPreference:
        Type: Canary10Percent5Minutes
        Alarms: [!Ref ApiErrors]
        Role: !GetAtt DeployRole.Arn
  Worker:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties:
      FunctionName: worker
      AutoPublishAlias: current
      DeploymentPreference:
        Enabled: false
  Maybe:
    Type: AWS::Serverless::Function
    Properties:
      DeploymentPreference: !If [IsProd, {Type: AllAtOnce}, !Ref AWS::NoValue]
"""


def test_sam_functions_merge_globals() -> None:
    model = model_of(SAM)
    assert model.template is not None and model.template.is_sam
    api, worker, maybe = model.sam_functions
    assert isinstance(api, SamFunction) and api.logical_id == "Api"
    assert api.auto_publish_alias is not None and api.auto_publish_alias.text == "live"
    assert api.auto_publish_alias.loc.line == 5  # from the globals, located there
    preference = api.deployment_preference
    assert preference is not None and preference.type is not None
    assert preference.type.text == "Canary10Percent5Minutes"
    assert [alarm.value for alarm in preference.alarms] == [
        Intrinsic("Ref", "GlobalAlarm"),
        Intrinsic("Ref", "ApiErrors"),
    ]
    assert preference.pre_traffic_hook is not None and preference.pre_traffic_hook.loc.line == 10
    assert preference.post_traffic_hook is None
    assert preference.role is not None and preference.is_enabled is True
    assert preference.loc.line == 17  # the function's own preference
    assert worker.condition == "IsProd" and worker.function_name is not None
    assert worker.deployment_preference is not None
    assert worker.deployment_preference.is_enabled is False
    assert maybe.deployment_preference is None  # conditional: written, but unknown
    assert maybe.is_unknown("deployment_preference") and not api.is_unknown("deployment_preference")
    assert maybe.where("deployment_preference").line == 31


CODEBUILD = """
Resources:
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: app-build
      ServiceRole: !GetAtt BuildRole.Arn
      EncryptionKey: alias/aws/s3
      Artifacts: {Type: S3, Location: bucket, EncryptionDisabled: true}
      SecondaryArtifacts:
        - {Type: S3, ArtifactIdentifier: reports, EncryptionDisabled: false}
      Environment:
        Type: LINUX_CONTAINER
        ComputeType: BUILD_GENERAL1_SMALL
        Image: aws/codebuild/standard:7.0
        PrivilegedMode: true
        EnvironmentVariables:
          - {Name: AWS_ACCESS_KEY_ID, Value: AKIAIOSFODNN7EXAMPLE}
          - {Name: TOKEN, Value: /app/token, Type: PARAMETER_STORE}
      Source:
        Type: GITHUB
        Location: https://user:secret@github.com/example/app.git
        InsecureSsl: true
        BuildSpec: |
          version: 0.2
          phases:
            build:
              commands: [make]
      SecondarySources:
        - {Type: S3, Location: bucket/key.zip, SourceIdentifier: extra}
      LogsConfig:
        CloudWatchLogs: {Status: DISABLED}
        S3Logs: {Status: ENABLED, Location: logs-bucket, EncryptionDisabled: true}
      Triggers:
        Webhook: true
        FilterGroups:
          - - {Type: EVENT, Pattern: PUSH}
            - {Type: HEAD_REF, Pattern: refs/heads/main, ExcludeMatchedPattern: false}
          - - {Type: ACTOR_ACCOUNT_ID, Pattern: "^1234$"}
"""


def test_codebuild_project() -> None:
    (project,) = model_of(CODEBUILD).codebuild_projects
    assert isinstance(project, CodeBuildProject) and project.name is not None
    assert project.privileged_mode is not None and project.privileged_mode.as_bool is True
    assert project.encryption_key is not None and project.encryption_key.text == "alias/aws/s3"
    plain, stored = project.environment_variables
    assert plain.is_plaintext and not stored.is_plaintext
    assert plain.value is not None and plain.value.text == "AKIAIOSFODNN7EXAMPLE"
    assert project.source is not None and project.source.insecure_ssl is not None
    assert project.source.insecure_ssl.as_bool is True
    assert project.source.buildspec is not None and "commands: [make]" in str(
        project.source.buildspec.text
    )
    assert [
        source.identifier.text for source in project.secondary_sources if source.identifier
    ] == ["extra"]
    assert project.artifacts is not None and project.artifacts.encryption_disabled is not None
    assert project.artifacts.encryption_disabled.as_bool is True
    (secondary,) = project.secondary_artifacts
    assert (
        secondary.encryption_disabled is not None and secondary.encryption_disabled.as_bool is False
    )
    assert project.logs is not None and project.logs.cloudwatch_status is not None
    assert project.logs.cloudwatch_status.text == "DISABLED"
    assert project.logs.s3_encryption_disabled is not None
    first, second = project.webhook_filter_groups
    assert [(f.type.text, f.pattern.text) for f in first.filters if f.type and f.pattern] == [
        ("EVENT", "PUSH"),
        ("HEAD_REF", "refs/heads/main"),
    ]
    assert second.loc.line == 38 and second.filters[0].pattern is not None


STORAGE = """
Resources:
  ArtifactKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Admin
            Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
  ArtifactKeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/artifacts
      TargetKeyId: !Ref ArtifactKey
  ArtifactBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt ArtifactKey.Arn
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
  ArtifactBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ArtifactBucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Condition: {Bool: {aws:SecureTransport: false}}
  GitHubHook:
    Type: AWS::CodePipeline::Webhook
    Properties:
      Authentication: IP
      AuthenticationConfiguration: {AllowedIPRange: 0.0.0.0/0}
      Filters:
        - {JsonPath: "$.ref", MatchEquals: "refs/heads/{Branch}"}
      TargetPipeline: !Ref Pipeline
      TargetAction: Source
"""


def test_keys_buckets_and_webhooks() -> None:
    model = model_of(STORAGE)
    (key,) = model.kms_keys
    assert isinstance(key, KmsKey) and key.enable_key_rotation is not None
    assert key.key_policy is not None and key.key_policy.statements[0]["Sid"] == "Admin"
    assert key.key_policy.statement_loc(0).line == 9
    (alias,) = model.kms_aliases
    assert alias.target_key_id is not None and alias.target_key_id.value == Intrinsic(
        "Ref", "ArtifactKey"
    )
    (bucket,) = model.s3_buckets
    (rule,) = bucket.encryption
    assert rule.algorithm is not None and rule.algorithm.text == "aws:kms"
    assert bucket.public_access_block is not None
    assert bucket.public_access_block.ignore_public_acls is None
    (policy,) = bucket.policies
    assert policy.statements[0]["Effect"] == "Deny"
    (hook,) = model.webhooks
    assert hook.authentication is not None and hook.authentication.text == "IP"
    assert hook.allowed_ip_range is not None and hook.allowed_ip_range.text == "0.0.0.0/0"
    assert hook.filters[0].json_path is not None and hook.filters[0].json_path.text == "$.ref"


def test_nodes_are_in_document_order_with_parents() -> None:
    model = model_of(
        """
        Resources:
          Alarm: {Type: AWS::CloudWatch::Alarm, Properties: {AlarmName: a}}
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              Stages:
                - Name: Source
                  Actions:
                    - Name: Get
                      ActionTypeId: {Category: Source, Owner: AWS, Provider: S3, Version: "1"}
          Key: {Type: AWS::KMS::Key}
        """
    )
    kinds = [type(node).__name__ for node in model.nodes]
    assert kinds == ["Alarm", "Pipeline", "Stage", "Action", "KmsKey"]
    assert [type(node).__name__ for node in model.top_level] == ["Alarm", "Pipeline", "KmsKey"]
    action = model.of_type(Action)[0]
    stage = model.stage_of(action)
    assert isinstance(stage, Stage) and model.parent(action) is stage
    assert isinstance(model.pipeline_of(action), Pipeline)
    assert model.by_logical_id("Key") is model.kms_keys[0]
    assert model.appspec is None


def test_conditional_stages_and_actions() -> None:
    model = model_of(
        """
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              Stages:
                - Name: Source
                  Actions:
                    - Name: Get
                      ActionTypeId: {Category: Source, Owner: AWS, Provider: S3, Version: "1"}
                - !If
                  - IsProd
                  - Name: Prod
                    Actions:
                      - !If [IsProd, {Name: Approve}, !Ref AWS::NoValue]
                      - Name: Deploy
                  - Name: Staging
                    Actions: [{Name: Deploy}]
        """
    )
    (pipeline,) = model.pipelines
    source, prod, staging = pipeline.stages
    assert (source.when, prod.when, staging.when) == ((), ("IsProd",), ("!IsProd",))
    approve, deploy = prod.actions
    assert (approve.when, deploy.when) == (("IsProd",), ())
    assert approve.name is not None and approve.name.loc.line == 16
    assert prod.loc.pointer == ("Resources", "Pipeline", "Properties", "Stages", 1, "Fn::If", 1)


def test_nested_conditions_are_all_kept() -> None:
    model = model_of(
        """
        Resources:
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              Stages:
                - Name: Prod
                  Actions:
                    - !If
                      - InEU
                      - !If [IsProd, {Name: Approve}, {Name: Skip}]
                      - !Ref AWS::NoValue
        """
    )
    approve, skip = model.pipelines[0].stages[0].actions
    assert (approve.when, skip.when) == (("InEU", "IsProd"), ("InEU", "!IsProd"))


def test_a_model_given_every_node_keeps_each_once() -> None:
    model = model_of(
        """
        Resources:
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              Stages: [{Name: Source, Actions: [{Name: Get}]}]
        """
    )
    again = DocumentModel(model.document, model.template, model.nodes)
    assert [id(node) for node in again.nodes] == [id(node) for node in model.nodes]
    assert again.parent(again.of_type(Action)[0]) is again.of_type(Stage)[0]


def test_nested_nodes_are_found_through_any_annotation() -> None:
    """A plugin's nodes may type their fields loosely (``Any``, ``object``, a name that does
    not resolve): the model still finds the nodes inside; it only skips fields whose type
    cannot hold one (``str``, ``int``, a tuple of strings)."""
    template = model_of("Resources: {}\n")
    location = template.document.locate(())
    leaf = [Stage(loc=location, name=None) for _ in range(4)]

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Holder(Node):
        anything: Any = None
        some_object: object = None
        unresolved: Undefined | None = None  # type: ignore[name-defined]  # noqa: F821
        labels: tuple[str, ...] = ()
        count: int = 0
        nested: tuple[Node, ...] = ()

    holder = Holder(
        loc=location,
        anything=leaf[0],
        some_object=leaf[1],
        unresolved=leaf[2],
        labels=("a",),
        nested=(leaf[3],),
    )
    model = DocumentModel(template.document, None, (holder,))
    assert [id(node) for node in model.nodes] == [id(holder), *(id(node) for node in leaf)]
    assert all(model.parent(node) is holder for node in leaf)
