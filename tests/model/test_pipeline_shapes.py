"""One pipeline model for both shapes: the CLI/API JSON and the CloudFormation resource."""

from __future__ import annotations

import json

from model_documents import load, model_of

from pipelint.loaders.document import DocumentKind
from pipelint.model.build import build_model
from pipelint.model.location import Span
from pipelint.model.pipeline import Pipeline

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Description: Release pipeline
Resources:
  ReleasePipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: release
      RoleArn: arn:aws:iam::111122223333:role/release-pipeline
      PipelineType: V2
      ExecutionMode: QUEUED
      ArtifactStores:
        - Region: us-east-1
          ArtifactStore:
            Type: S3
            Location: release-artifacts-use1
            EncryptionKey:
              Id: arn:aws:kms:us-east-1:111122223333:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa
              Type: KMS
        - Region: eu-west-1
          ArtifactStore:
            Type: S3
            Location: release-artifacts-euw1
            EncryptionKey:
              Id: arn:aws:kms:eu-west-1:111122223333:key/2222bbbb-2222-bbbb-2222-bbbb2222bbbb
              Type: KMS
      Variables:
        - Name: Environment
          DefaultValue: prod
          Description: Target environment
      Triggers:
        - ProviderType: CodeStarSourceConnection
          GitConfiguration:
            SourceActionName: Checkout
            Push:
              - Branches: {Includes: [main], Excludes: ["experimental/*"]}
                FilePaths: {Excludes: ["docs/**"]}
            PullRequest:
              - Events: [OPEN, UPDATED]
                Branches: {Includes: [main]}
      Stages:
        - Name: Source
          Actions:
            - Name: Checkout
              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeStarSourceConnection, Version: 1}
              Configuration:
                ConnectionArn: arn:aws:codeconnections:us-east-1:111122223333:connection/abc
                FullRepositoryId: example/app
                BranchName: main
                DetectChanges: false
              OutputArtifacts: [{Name: Src}]
              Namespace: SourceVariables
        - Name: Build
          Actions:
            - Name: Compile
              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: "1"}
              RunOrder: 1
              Configuration:
                ProjectName: app-build
                EnvironmentVariables: '[{"name":"STAGE","value":"#{variables.Environment}","type":"PLAINTEXT"}]'
              InputArtifacts: [{Name: Src}]
              OutputArtifacts: [{Name: BuildOut}]
        - Name: Prod
          BeforeEntry:
            Conditions:
              - Result: FAIL
                Rules:
                  - Name: NoAlarms
                    RuleTypeId: {Category: Rule, Owner: AWS, Provider: CloudWatchAlarm, Version: "1"}
                    Configuration: {AlarmName: app-errors, WaitTime: 5}
          OnFailure:
            Result: ROLLBACK
          Actions:
            - Name: Approve
              ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
              RunOrder: 1
              TimeoutInMinutes: 1440
              Configuration:
                NotificationArn: arn:aws:sns:us-east-1:111122223333:approvals
                CustomData: Check the dashboard
            - Name: DeployEU
              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
              RunOrder: 2
              Region: eu-west-1
              RoleArn: arn:aws:iam::444455556666:role/cross-account-deploy
              InputArtifacts: [{Name: BuildOut}]
              Configuration:
                ActionMode: CREATE_UPDATE
                StackName: app-prod
                TemplatePath: BuildOut::template.yaml
                Capabilities: CAPABILITY_IAM
                RoleArn: arn:aws:iam::444455556666:role/cfn-exec
                ParameterOverrides: '{"Environment":"prod"}'
"""  # noqa: E501

DECLARATION = {
    "name": "release",
    "roleArn": "arn:aws:iam::111122223333:role/release-pipeline",
    "pipelineType": "V2",
    "executionMode": "QUEUED",
    "artifactStores": {
        "us-east-1": {
            "type": "S3",
            "location": "release-artifacts-use1",
            "encryptionKey": {
                "id": "arn:aws:kms:us-east-1:111122223333:key/1111aaaa-1111-aaaa-1111-aaaa1111aaaa",
                "type": "KMS",
            },
        },
        "eu-west-1": {
            "type": "S3",
            "location": "release-artifacts-euw1",
            "encryptionKey": {
                "id": "arn:aws:kms:eu-west-1:111122223333:key/2222bbbb-2222-bbbb-2222-bbbb2222bbbb",
                "type": "KMS",
            },
        },
    },
    "variables": [
        {"name": "Environment", "defaultValue": "prod", "description": "Target environment"}
    ],
    "triggers": [
        {
            "providerType": "CodeStarSourceConnection",
            "gitConfiguration": {
                "sourceActionName": "Checkout",
                "push": [
                    {
                        "branches": {"includes": ["main"], "excludes": ["experimental/*"]},
                        "filePaths": {"excludes": ["docs/**"]},
                    }
                ],
                "pullRequest": [
                    {"events": ["OPEN", "UPDATED"], "branches": {"includes": ["main"]}}
                ],
            },
        }
    ],
    "stages": [
        {
            "name": "Source",
            "actions": [
                {
                    "name": "Checkout",
                    "actionTypeId": {
                        "category": "Source",
                        "owner": "AWS",
                        "provider": "CodeStarSourceConnection",
                        "version": "1",
                    },
                    "configuration": {
                        "ConnectionArn": "arn:aws:codeconnections:us-east-1:111122223333:connection/abc",  # noqa: E501
                        "FullRepositoryId": "example/app",
                        "BranchName": "main",
                        "DetectChanges": "false",
                    },
                    "outputArtifacts": [{"name": "Src"}],
                    "namespace": "SourceVariables",
                }
            ],
        },
        {
            "name": "Build",
            "actions": [
                {
                    "name": "Compile",
                    "actionTypeId": {
                        "category": "Build",
                        "owner": "AWS",
                        "provider": "CodeBuild",
                        "version": "1",
                    },
                    "runOrder": 1,
                    "configuration": {
                        "ProjectName": "app-build",
                        "EnvironmentVariables": json.dumps(
                            [
                                {
                                    "name": "STAGE",
                                    "value": "#{variables.Environment}",
                                    "type": "PLAINTEXT",
                                }
                            ],
                            separators=(",", ":"),
                        ),
                    },
                    "inputArtifacts": [{"name": "Src"}],
                    "outputArtifacts": [{"name": "BuildOut"}],
                }
            ],
        },
        {
            "name": "Prod",
            "beforeEntry": {
                "conditions": [
                    {
                        "result": "FAIL",
                        "rules": [
                            {
                                "name": "NoAlarms",
                                "ruleTypeId": {
                                    "category": "Rule",
                                    "owner": "AWS",
                                    "provider": "CloudWatchAlarm",
                                    "version": "1",
                                },
                                "configuration": {"AlarmName": "app-errors", "WaitTime": "5"},
                            }
                        ],
                    }
                ]
            },
            "onFailure": {"result": "ROLLBACK"},
            "actions": [
                {
                    "name": "Approve",
                    "actionTypeId": {
                        "category": "Approval",
                        "owner": "AWS",
                        "provider": "Manual",
                        "version": "1",
                    },
                    "runOrder": 1,
                    "timeoutInMinutes": 1440,
                    "configuration": {
                        "NotificationArn": "arn:aws:sns:us-east-1:111122223333:approvals",
                        "CustomData": "Check the dashboard",
                    },
                },
                {
                    "name": "DeployEU",
                    "actionTypeId": {
                        "category": "Deploy",
                        "owner": "AWS",
                        "provider": "CloudFormation",
                        "version": "1",
                    },
                    "runOrder": 2,
                    "region": "eu-west-1",
                    "roleArn": "arn:aws:iam::444455556666:role/cross-account-deploy",
                    "inputArtifacts": [{"name": "BuildOut"}],
                    "configuration": {
                        "ActionMode": "CREATE_UPDATE",
                        "StackName": "app-prod",
                        "TemplatePath": "BuildOut::template.yaml",
                        "Capabilities": "CAPABILITY_IAM",
                        "RoleArn": "arn:aws:iam::444455556666:role/cfn-exec",
                        "ParameterOverrides": '{"Environment":"prod"}',
                    },
                },
            ],
        },
    ],
}


def api_pipeline(document: object, path: str = "pipeline.json") -> Pipeline:
    (pipeline,) = model_of(json.dumps(document, indent=2), path).pipelines
    return pipeline


def cfn_pipeline() -> Pipeline:
    (pipeline,) = model_of(TEMPLATE).pipelines
    return pipeline


def test_both_shapes_give_equal_models() -> None:
    api = api_pipeline({"pipeline": DECLARATION, "metadata": {"pipelineArn": "arn:..."}})
    cfn = cfn_pipeline()
    assert api == cfn
    for api_stage, cfn_stage in zip(api.stages, cfn.stages, strict=True):
        assert api_stage == cfn_stage  # equality ignores positions, not content
    assert (api.shape, api.logical_id) == ("api", None)
    assert (cfn.shape, cfn.logical_id) == ("cloudformation", "ReleasePipeline")
    assert api.loc.path == "pipeline.json" and cfn.loc.path == "template.yaml"


def test_bare_declaration_reads_like_the_envelope() -> None:
    assert api_pipeline(DECLARATION) == api_pipeline({"pipeline": DECLARATION, "tags": []})


def test_pipeline_contents() -> None:
    pipeline = cfn_pipeline()
    assert pipeline.name is not None and pipeline.name.text == "release"
    assert pipeline.artifact_store is None
    assert [store.region.text for store in pipeline.artifact_stores if store.region] == [
        "us-east-1",
        "eu-west-1",
    ]
    keys = [store.encryption_key for store in pipeline.stores]
    assert all(key is not None and key.type is not None and key.type.text == "KMS" for key in keys)
    source, build, prod = pipeline.stages
    (checkout,) = source.actions
    assert checkout.version is not None and checkout.version.value == "1"  # YAML int → API string
    assert checkout.configuration is not None
    assert checkout.configuration["DetectChanges"].value == "false"  # YAML bool → API string
    assert checkout.run_order is None  # absent: 1
    (compile_,) = build.actions
    assert compile_.input_artifacts[0].text == "Src"
    assert compile_.configuration is not None
    assert compile_.configuration.json_value("EnvironmentVariables")[0]["name"] == "STAGE"
    approve, deploy = prod.actions
    assert approve.is_manual_approval and not deploy.is_manual_approval
    assert [a.run_order.as_int if a.run_order else None for a in (approve, deploy)] == [1, 2]
    assert deploy.region is not None and deploy.region.text == "eu-west-1"
    assert prod.on_failure is not None and prod.on_failure.result is not None
    assert prod.on_failure.result.text == "ROLLBACK"
    assert prod.before_entry is not None
    (rule,) = prod.before_entry.conditions[0].rules
    assert rule.provider is not None and rule.provider.text == "CloudWatchAlarm"
    assert rule.configuration is not None and rule.configuration.text("WaitTime") == "5"
    (trigger,) = pipeline.triggers
    assert trigger.source_action_name is not None and trigger.source_action_name.text == "Checkout"
    assert [event.text for event in trigger.pull_request[0].events] == ["OPEN", "UPDATED"]
    push = trigger.push[0]
    assert push.branches is not None and [b.text for b in push.branches.includes] == ["main"]
    assert push.tags is None
    assert [
        (stage.name.text if stage.name else None, action.name.text if action.name else None)
        for stage, action in pipeline.actions()
    ] == [
        ("Source", "Checkout"),
        ("Build", "Compile"),
        ("Prod", "Approve"),
        ("Prod", "DeployEU"),
    ]


def test_both_stores_kept_when_both_are_set() -> None:
    declaration = dict(DECLARATION, artifactStore={"type": "S3", "location": "single"})
    pipeline = api_pipeline(declaration)
    assert pipeline.artifact_store is not None and len(pipeline.artifact_stores) == 2
    assert len(pipeline.stores) == 3


def test_locations_in_the_template() -> None:
    pipeline = cfn_pipeline()
    assert pipeline.key_loc is not None
    assert (pipeline.key_loc.line, pipeline.key_loc.column) == (4, 3)  # the logical ID
    assert (pipeline.loc.line, pipeline.loc.column) == (7, 7)  # its Properties
    assert pipeline.loc.pointer == ("Resources", "ReleasePipeline", "Properties")
    prod = pipeline.stages[2]
    assert prod.name is not None and (prod.name.loc.line, prod.name.loc.column) == (62, 17)
    approve, deploy = prod.actions
    assert (approve.loc.line, approve.loc.column) == (73, 15)  # the action mapping
    assert approve.name is not None and approve.name.key_loc is not None
    assert (approve.name.key_loc.line, approve.name.key_loc.column) == (73, 15)
    assert (approve.name.loc.line, approve.name.loc.column) == (73, 21)
    # an absent key points at the node; a present one at its value (or key)
    assert approve.where("role_arn") == approve.loc
    assert (deploy.where("role_arn").line, deploy.where("role_arn").column) == (84, 24)
    assert deploy.where("role_arn", key=True).column == 15
    assert (deploy.where("category").line, deploy.where("category").column) == (81, 40)
    assert deploy.configuration is not None
    mode = deploy.configuration["ActionMode"]
    assert mode.loc.span == Span(87, 29, 87, 42)
    assert deploy.configuration.where("StackName").line == 88
    assert deploy.configuration.where("Missing") == deploy.configuration.key_loc
    store = pipeline.artifact_stores[1]
    assert store.region is not None and store.region.loc.line == 19
    assert store.where("location").line == 22


def test_locations_in_the_json() -> None:
    text = json.dumps({"pipeline": DECLARATION}, indent=2)
    pipeline = api_pipeline({"pipeline": DECLARATION})
    assert pipeline.key_loc is not None and pipeline.key_loc.line == 2
    lines = text.splitlines()
    store = pipeline.artifact_stores[0]
    assert store.region is not None
    line = lines[store.region.loc.line - 1]
    assert line[store.region.loc.column - 1 :].startswith('"us-east-1"')
    assert store.key_loc == store.region.loc  # the region is the store's key
    assert store.where("region") == store.region.loc


def test_shape_follows_the_document_kind() -> None:
    document = load(json.dumps(DECLARATION), "p.json", DocumentKind.PIPELINE)
    assert build_model(document).pipelines[0].shape == "api"
