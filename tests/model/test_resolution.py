"""Resolving values offline, and the project-wide lookups built on it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from model_documents import load, model_of

from pipelint.model.build import DocumentModel, build_model
from pipelint.model.location import Location, Span
from pipelint.model.project import DeployingAccount, Project
from pipelint.model.resolution import (
    UNKNOWN,
    PipelineVariable,
    Provenance,
    Pseudo,
    Resolved,
    ResourceRef,
    Text,
    Unresolved,
)
from pipelint.model.values import Intrinsic, Scalar

TEMPLATE = """
Parameters:
  Env: {Type: String, Default: prod}
  Account: {Type: String, Default: "444455556666"}
  NoDefault: {Type: String}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
  Latest: {Type: "AWS::SSM::Parameter::Value<String>", Default: /app/version}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-a, subnet-b"}
  Loop: {Type: String, Default: !Ref Loop}
  PingA: {Type: String, Default: !Ref PingB}
  PingB: {Type: String, Default: !Ref PingA}
Mappings:
  Accounts:
    prod: {Id: "111122223333"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role: {Type: AWS::IAM::Role}
  Key: {Type: AWS::KMS::Key}
  Topic: {Type: AWS::SNS::Topic}
  Nested: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: nested.yaml}}
  Lookup: {Type: Custom::AccountLookup, Properties: {ServiceToken: arn}}
  Generic: {Type: AWS::CloudFormation::CustomResource, Properties: {ServiceToken: arn}}
"""

HERE = Location("template.yaml", Span(1, 1, 1, 2))
DEPLOYING_ACCOUNT = DeployingAccount("template.yaml")  # the account of that template's stack


@pytest.fixture(scope="module")
def template() -> DocumentModel:
    return model_of(TEMPLATE)


def resolve(model: DocumentModel, raw: Any) -> Resolved:
    value = Intrinsic.from_raw(raw) or raw
    return Project([model]).resolve(Scalar(value, HERE), model)


@pytest.mark.parametrize(
    ("raw", "value", "provenance"),
    [
        ("plain", "plain", Provenance.LITERAL),
        (3, 3, Provenance.LITERAL),
        ({"Ref": "Env"}, "prod", Provenance.PARAMETER_DEFAULT),
        ({"Ref": "Secret"}, "hunter2", Provenance.PARAMETER_DEFAULT),
        ({"Ref": "NoDefault"}, UNKNOWN, Provenance.UNKNOWN),
        ({"Ref": "Latest"}, UNKNOWN, Provenance.EXTERNAL),
        ({"Ref": "Missing"}, UNKNOWN, Provenance.UNKNOWN),
        ({"Ref": "AWS::AccountId"}, Pseudo.ACCOUNT_ID, Provenance.PSEUDO_PARAMETER),
        ({"Ref": "Role"}, ResourceRef("Role", "AWS::IAM::Role", None, "name"), Provenance.RESOURCE),
        ({"Ref": "Key"}, ResourceRef("Key", "AWS::KMS::Key", None, "key-id"), Provenance.RESOURCE),
        (
            {"Ref": "Topic"},
            ResourceRef("Topic", "AWS::SNS::Topic", None, "arn"),
            Provenance.RESOURCE,
        ),
        (
            {"Fn::GetAtt": ["Role", "Arn"]},
            ResourceRef("Role", "AWS::IAM::Role", "Arn", "arn"),
            Provenance.RESOURCE,
        ),
        (
            {"Fn::GetAtt": "Key.Arn"},
            ResourceRef("Key", "AWS::KMS::Key", "Arn", "arn"),
            Provenance.RESOURCE,
        ),
        ({"Fn::Sub": "${Env}-${!Literal}"}, "prod-${Literal}", Provenance.PARAMETER_DEFAULT),
        ({"Fn::Sub": ["${A}-x", {"A": {"Ref": "Env"}}]}, "prod-x", Provenance.PARAMETER_DEFAULT),
        ({"Fn::Sub": "${NoDefault}-x"}, UNKNOWN, Provenance.UNKNOWN),
        ({"Fn::Join": ["-", ["a", {"Ref": "Env"}, 1]]}, "a-prod-1", Provenance.PARAMETER_DEFAULT),
        ({"Fn::Join": [",", {"Fn::Split": ["|", "a|b"]}]}, "a,b", Provenance.LITERAL),
        ({"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}, "b", Provenance.LITERAL),
        ({"Fn::Select": [7, ["a"]]}, UNKNOWN, Provenance.UNKNOWN),
        ({"Ref": "Subnets"}, ("subnet-a", "subnet-b"), Provenance.PARAMETER_DEFAULT),
        ({"Fn::Select": [1, {"Ref": "Subnets"}]}, "subnet-b", Provenance.PARAMETER_DEFAULT),
        (
            {"Fn::FindInMap": ["Accounts", {"Ref": "Env"}, "Id"]},
            "111122223333",
            Provenance.PARAMETER_DEFAULT,
        ),
        (
            {"Fn::FindInMap": ["Accounts", {"Ref": "AWS::Region"}, "Id"]},
            UNKNOWN,
            Provenance.UNKNOWN,
        ),
        ({"Fn::FindInMap": ["Accounts", "staging", "Id"]}, UNKNOWN, Provenance.UNKNOWN),
        ({"Fn::ImportValue": "shared-key-arn"}, UNKNOWN, Provenance.EXTERNAL),
        ("{{resolve:secretsmanager:token}}", UNKNOWN, Provenance.EXTERNAL),
        ({"Fn::Base64": "x"}, UNKNOWN, Provenance.UNKNOWN),
        (
            {"Fn::ToJsonString": {"a": [{"Ref": "Env"}, True]}},
            '{"a":["prod",true]}',
            Provenance.PARAMETER_DEFAULT,
        ),
        ({"Fn::ToJsonString": {"a": {"Ref": "Role"}}}, UNKNOWN, Provenance.UNKNOWN),
        (["a", {"Ref": "Env"}], ("a", "prod"), Provenance.PARAMETER_DEFAULT),
    ],
)
def test_resolution(template: DocumentModel, raw: Any, value: Any, provenance: Provenance) -> None:
    resolved = resolve(template, raw)
    assert (resolved.value, resolved.provenance) == (value, provenance)


def test_sub_keeps_deploy_time_parts(template: DocumentModel) -> None:
    resolved = resolve(
        template, {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Env}-deploy"}
    )
    assert resolved.value == Text(
        ("arn:", Pseudo.PARTITION, ":iam::", Pseudo.ACCOUNT_ID, ":role/prod-deploy")
    )
    assert resolved.provenance == Provenance.PARAMETER_DEFAULT
    assert str(resolved.value) == "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/prod-deploy"
    assert resolved.text is None and resolved.is_known
    attribute = resolve(template, {"Fn::Sub": "${Role.Arn}"})
    bare = resolve(template, {"Fn::GetAtt": ["Role", "Arn"]})
    assert attribute == bare  # one reference and nothing else: the reference itself
    assert attribute.value == ResourceRef("Role", "AWS::IAM::Role", "Arn", "arn")


def test_if_is_conditional_with_both_branches(template: DocumentModel) -> None:
    resolved = resolve(template, {"Fn::If": ["IsProd", {"Ref": "Env"}, "dev"]})
    assert resolved.value is UNKNOWN and resolved.provenance == Provenance.CONDITIONAL
    assert resolved.detail == "IsProd"
    assert [branch.value for branch in resolved.branches] == ["prod", "dev"]
    same = resolve(template, {"Fn::If": ["IsProd", "x", "x"]})
    assert (same.value, same.provenance) == ("x", Provenance.CONDITIONAL)


@pytest.mark.parametrize("name", ["Loop", "PingA", "PingB"])
def test_reference_cycles_terminate(template: DocumentModel, name: str) -> None:
    resolved = resolve(template, {"Ref": name})
    assert resolved.value is UNKNOWN and "circular" in resolved.detail


def test_deep_nesting_terminates(template: DocumentModel) -> None:
    raw: Any = "x"
    for _ in range(200):
        raw = {"Fn::Join": ["", [raw]]}
    assert resolve(template, raw).value is UNKNOWN


def test_documents_without_template_resolve_literals_only() -> None:
    model = model_of(json.dumps({"pipeline": {"name": "p", "stages": []}}), "p.json")
    project = Project([model])
    assert project.resolve(Scalar("x", HERE), model).value == "x"
    assert project.resolve(Scalar(Intrinsic("Ref", "X"), HERE), model).value is UNKNOWN
    assert project.resolve(None, model).provenance == Provenance.UNKNOWN
    assert project.resolve_text(Scalar(True, HERE), "p.json") == "true"


@pytest.mark.parametrize(
    ("raw", "account"),
    [
        ("arn:aws:iam::444455556666:role/deploy", "444455556666"),
        ({"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/deploy"}, DEPLOYING_ACCOUNT),
        ({"Fn::Sub": "arn:${AWS::Partition}:iam::${Account}:role/deploy"}, "444455556666"),
        (
            {
                "Fn::Join": [
                    "",
                    [
                        "arn:",
                        {"Ref": "AWS::Partition"},
                        ":iam::",
                        {"Ref": "AWS::AccountId"},
                        ":root",
                    ],
                ]
            },
            DEPLOYING_ACCOUNT,
        ),
        ({"Fn::GetAtt": ["Role", "Arn"]}, DEPLOYING_ACCOUNT),
        ({"Ref": "Role"}, UNKNOWN),  # a role name, not an ARN
        ({"Fn::Sub": "arn:aws:iam::${NoDefault}:role/x"}, UNKNOWN),
        ({"Fn::ImportValue": "role-arn"}, UNKNOWN),
        ({"Fn::Sub": "${Role.Arn}"}, DEPLOYING_ACCOUNT),  # one reference: as the bare GetAtt
        # nested-stack outputs and custom-resource attributes may be in any account
        ({"Fn::GetAtt": ["Nested", "Outputs.DeployRoleArn"]}, UNKNOWN),
        ({"Fn::Sub": "${Nested.Outputs.DeployRoleArn}"}, UNKNOWN),
        ({"Fn::GetAtt": ["Lookup", "RoleArn"]}, UNKNOWN),
        ({"Fn::GetAtt": ["Generic", "RoleArn"]}, UNKNOWN),
        ("arn:aws:iam::#{variables.Account}:role/deploy", UNKNOWN),
        ("deploy-role", UNKNOWN),
        ("arn:aws:s3:::bucket", UNKNOWN),
    ],
)
def test_account_of(template: DocumentModel, raw: Any, account: object) -> None:
    value = Intrinsic.from_raw(raw) or raw
    assert Project([template]).account_of(Scalar(value, HERE), template) == account


INFRASTRUCTURE = """
Parameters:
  GroupName: {Type: String, Default: web-prod}
Resources:
  Application:
    Type: AWS::CodeDeploy::Application
    Properties: {ApplicationName: web}
  Group:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: !Ref Application
      DeploymentGroupName: !Ref GroupName
      ServiceRoleArn: !GetAtt DeployRole.Arn
  Unnamed:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties: {ApplicationName: !Ref Application, ServiceRoleArn: x}
  ErrorAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {AlarmName: web-errors}
  DeployRole:
    Type: AWS::IAM::Role
    Properties: {RoleName: web-deploy}
  ArtifactKey: {Type: AWS::KMS::Key}
  ArtifactAlias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/artifacts, TargetKeyId: !Ref ArtifactKey}
  ArtifactBucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: web-artifacts}
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      ArtifactStore:
        Type: S3
        Location: !Ref ArtifactBucket
        EncryptionKey: {Id: !Ref ArtifactAlias, Type: KMS}
      Stages:
        - Name: Deploy
          Actions:
            - Name: Deploy
              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CodeDeploy, Version: "1"}
              RoleArn: !GetAtt DeployRole.Arn
              Configuration:
                ApplicationName: !Ref Application
                DeploymentGroupName: !Ref Unnamed
"""

PIPELINE = {
    "pipeline": {
        "name": "web",
        "artifactStore": {
            "type": "S3",
            "location": "web-artifacts",
            "encryptionKey": {
                "id": "arn:aws:kms:us-east-1:111122223333:alias/artifacts",
                "type": "KMS",
            },
        },
        "stages": [
            {
                "name": "Deploy",
                "actions": [
                    {
                        "name": "Deploy",
                        "actionTypeId": {
                            "category": "Deploy",
                            "owner": "AWS",
                            "provider": "CodeDeploy",
                            "version": "1",
                        },
                        "roleArn": "arn:aws:iam::111122223333:role/web-deploy",
                        "configuration": {
                            "ApplicationName": "web",
                            "DeploymentGroupName": "web-prod",
                        },
                    }
                ],
            }
        ],
    }
}


@pytest.fixture(scope="module")
def two_files() -> tuple[Project, DocumentModel, DocumentModel]:
    infrastructure = build_model(load(INFRASTRUCTURE, "infra/template.yaml"))
    pipeline = build_model(load(json.dumps(PIPELINE, indent=1), "pipelines/web.json"))
    return Project([infrastructure, pipeline]), infrastructure, pipeline


def test_deployment_groups_across_files(
    two_files: tuple[Project, DocumentModel, DocumentModel],
) -> None:
    project, infrastructure, pipeline = two_files
    group, unnamed = infrastructure.deployment_groups
    (_, action), *_ = pipeline.pipelines[0].actions()
    found = project.find_deployment_group(
        action.config("ApplicationName"), action.config("DeploymentGroupName"), pipeline
    )
    assert found is group
    assert project.deployment_group("web", "web-prod") is group
    assert project.model_of(group) is infrastructure
    (_, local), *_ = infrastructure.pipelines[0].actions()
    assert (
        project.find_deployment_group(
            local.config("ApplicationName"), local.config("DeploymentGroupName"), infrastructure
        )
        is unnamed
    )
    assert (
        project.find_deployment_group(None, action.config("DeploymentGroupName"), pipeline) is None
    )


def test_alarms_roles_keys_and_buckets(
    two_files: tuple[Project, DocumentModel, DocumentModel],
) -> None:
    project, infrastructure, pipeline = two_files
    (alarm,) = infrastructure.alarms
    for name in ("web-errors", "arn:aws:cloudwatch:us-east-1:111122223333:alarm:web-errors"):
        assert project.find_alarm(Scalar(name, HERE), pipeline) is alarm
    assert project.find_alarm(Scalar(Intrinsic("Ref", "ErrorAlarm"), HERE), infrastructure) is alarm
    assert project.find_alarm(Scalar("other", HERE), pipeline) is None
    (role,) = infrastructure.iam_roles
    (_, action), *_ = pipeline.pipelines[0].actions()
    assert project.find_role(action.role_arn, pipeline) is role
    (_, local), *_ = infrastructure.pipelines[0].actions()
    assert project.find_role(local.role_arn, infrastructure) is role
    (key,) = infrastructure.kms_keys
    api_store = pipeline.pipelines[0].artifact_store
    cfn_store = infrastructure.pipelines[0].artifact_store
    assert api_store is not None and api_store.encryption_key is not None
    assert cfn_store is not None and cfn_store.encryption_key is not None
    assert project.find_kms_key(api_store.encryption_key.id, pipeline) is key
    assert project.find_kms_key(cfn_store.encryption_key.id, infrastructure) is key
    assert project.find_kms_key(Scalar("alias/aws/s3", HERE), pipeline) is None
    (bucket,) = infrastructure.s3_buckets
    assert project.find_bucket(api_store.location, pipeline) is bucket
    assert project.find_bucket(cfn_store.location, infrastructure) is bucket
    assert list(project.alarms()) == [alarm]
    assert project.model_at("pipelines/web.json") is pipeline


def test_repeated_variables_do_not_explode(template: DocumentModel) -> None:
    raw: Any = "x"
    for _ in range(30):
        raw = {"Fn::Sub": ["${A}${A}", {"A": raw}]}
    assert resolve(template, raw).value is UNKNOWN


def test_join_of_a_resolved_list_keeps_markers(template: DocumentModel) -> None:
    raw = {"Fn::Join": [":", {"Fn::Split": [",", "a,b"]}]}
    assert resolve(template, raw).value == "a:b"


def test_attributes_of_nested_stacks_and_custom_resources_are_values(
    template: DocumentModel,
) -> None:
    output = resolve(template, {"Fn::GetAtt": ["Nested", "Outputs.DeployRoleArn"]})
    assert output.value == ResourceRef(
        "Nested", "AWS::CloudFormation::Stack", "Outputs.DeployRoleArn", "value"
    )
    custom = resolve(template, {"Fn::GetAtt": ["Lookup", "RoleArn"]})
    assert isinstance(custom.value, ResourceRef) and custom.value.returns == "value"
    assert resolve(template, {"Fn::GetAtt": ["Key", "Arn"]}).value == ResourceRef(
        "Key", "AWS::KMS::Key", "Arn", "arn"
    )


def test_codepipeline_variables_are_known_only_at_run_time(template: DocumentModel) -> None:
    lone = resolve(template, "#{SourceVariables.CommitId}")
    assert lone.value == PipelineVariable("SourceVariables.CommitId")
    assert lone.provenance == Provenance.RUNTIME and lone.text is None
    link = resolve(template, "https://example.com/#{codepipeline.PipelineExecutionId}/x")
    assert link.value == Text(
        ("https://example.com/", PipelineVariable("codepipeline.PipelineExecutionId"), "/x")
    )
    assert link.provenance == Provenance.RUNTIME
    assert str(link.value) == "https://example.com/#{codepipeline.PipelineExecutionId}/x"
    mixed = resolve(template, {"Fn::Sub": "${Env}-#{variables.Suffix}"})
    assert mixed.value == Text(("prod-", PipelineVariable("variables.Suffix")))
    assert mixed.provenance == Provenance.RUNTIME
    assert resolve(template, "#{not a variable}").provenance == Provenance.LITERAL
    assert Project([template]).resolve_text(Scalar("#{a.b}", HERE), template) is None


def test_unknown_pieces_keep_their_provenance(template: DocumentModel) -> None:
    imported = resolve(template, {"Fn::Sub": ["arn:${Name}", {"Name": {"Fn::ImportValue": "x"}}]})
    assert imported.value is UNKNOWN and imported.provenance == Provenance.EXTERNAL


def test_a_partial_resolution_keeps_what_is_known(template: DocumentModel) -> None:
    def partial(raw: Any) -> Resolved:
        value = Intrinsic.from_raw(raw) or raw
        return Project([template]).resolve(Scalar(value, HERE), template, partial=True)

    sub = partial({"Fn::Sub": "a-${NoDefault}-${Env}-${Missing}${NoDefault}"})
    assert sub.value == Text(("a-", Unresolved(), "-prod-", Unresolved()))
    assert resolve(template, {"Fn::Sub": "a-${NoDefault}"}).value is UNKNOWN  # not partial
    joined = partial({"Fn::Join": ["-", ["x", {"Fn::ImportValue": "y"}, "#{ns.var}"]]})
    assert joined.value == Text(("x-", Unresolved(), "-", PipelineVariable("ns.var")))
    assert partial({"Fn::Sub": "${NoDefault}${Missing}"}).value is UNKNOWN  # nothing known
    structure = partial({"Fn::ToJsonString": {"Env": {"Ref": "Env"}, "Id": {"Ref": "NoDefault"}}})
    assert structure.value == Text(('{"Env":"prod","Id":"', Unresolved(), '"}'))
    mixed = partial({"Fn::ToJsonString": {"Name": {"Fn::Sub": "${AWS::Region}-x"}}})
    assert mixed.value == Text(('{"Name":"', Unresolved(), '-x"}'))
    assert partial({"Fn::ToJsonString": {"Env": {"Ref": "Env"}}}).value == '{"Env":"prod"}'
