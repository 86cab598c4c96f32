"""A CDK-synthesised pipeline template: GetAtt role ARNs, Join-built ARNs, JSON strings."""

from __future__ import annotations

import json

from model_documents import model_of

from pipelint.model.project import DeployingAccount, Project
from pipelint.model.resolution import UNKNOWN, Provenance, ResourceRef, Text
from pipelint.model.values import Intrinsic

ROOT_ARN = {
    "Fn::Join": [
        "",
        ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"],
    ]
}

CONNECTION = "arn:aws:codeconnections:us-east-1:111122223333:connection/x"
ENVIRONMENT = '[{"name":"STAGE","type":"PLAINTEXT","value":"prod"}]'

TEMPLATE = {
    "Parameters": {
        "BootstrapVersion": {
            "Type": "AWS::SSM::Parameter::Value<String>",
            "Default": "/cdk-bootstrap/hnb659fds/version",
        }
    },
    "Resources": {
        "PipelineArtifactsBucketEncryptionKey01D58D69": {
            "Type": "AWS::KMS::Key",
            "Properties": {
                "KeyPolicy": {
                    "Statement": [
                        {
                            "Action": "kms:*",
                            "Effect": "Allow",
                            "Principal": {"AWS": ROOT_ARN},
                            "Resource": "*",
                        }
                    ],
                    "Version": "2012-10-17",
                }
            },
            "UpdateReplacePolicy": "Delete",
            "Metadata": {"aws:cdk:path": "Stack/Pipeline/ArtifactsBucketEncryptionKey/Resource"},
        },
        "PipelineRoleB27FAA37": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Statement": [
                        {
                            "Action": "sts:AssumeRole",
                            "Effect": "Allow",
                            "Principal": {"Service": "codepipeline.amazonaws.com"},
                        }
                    ]
                }
            },
        },
        "PipelineBuildCodePipelineActionRole8B0B8ABB": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Statement": [
                        {
                            "Action": "sts:AssumeRole",
                            "Effect": "Allow",
                            "Principal": {"AWS": ROOT_ARN},
                        }
                    ]
                }
            },
        },
        "PipelineC660917D": {
            "Type": "AWS::CodePipeline::Pipeline",
            "Properties": {
                "RoleArn": {"Fn::GetAtt": ["PipelineRoleB27FAA37", "Arn"]},
                "PipelineType": "V2",
                "ArtifactStore": {
                    "EncryptionKey": {
                        "Id": {
                            "Fn::GetAtt": ["PipelineArtifactsBucketEncryptionKey01D58D69", "Arn"]
                        },
                        "Type": "KMS",
                    },
                    "Location": {"Ref": "PipelineArtifactsBucket22248F97"},
                    "Type": "S3",
                },
                "Stages": [
                    {
                        "Actions": [
                            {
                                "ActionTypeId": {
                                    "Category": "Source",
                                    "Owner": "AWS",
                                    "Provider": "CodeStarSourceConnection",
                                    "Version": "1",
                                },
                                "Configuration": {
                                    "ConnectionArn": CONNECTION,
                                    "FullRepositoryId": "example/app",
                                    "BranchName": "main",
                                },
                                "Name": "Source",
                                "OutputArtifacts": [{"Name": "Artifact_Source"}],
                                "RoleArn": {"Fn::GetAtt": ["PipelineSourceRole", "Arn"]},
                                "RunOrder": 1,
                            }
                        ],
                        "Name": "Source",
                    },
                    {
                        "Actions": [
                            {
                                "ActionTypeId": {
                                    "Category": "Build",
                                    "Owner": "AWS",
                                    "Provider": "CodeBuild",
                                    "Version": "1",
                                },
                                "Configuration": {
                                    "ProjectName": {"Ref": "BuildProject"},
                                    "EnvironmentVariables": ENVIRONMENT,
                                },
                                "InputArtifacts": [{"Name": "Artifact_Source"}],
                                "Name": "Synth",
                                "RoleArn": {
                                    "Fn::GetAtt": [
                                        "PipelineBuildCodePipelineActionRole8B0B8ABB",
                                        "Arn",
                                    ]
                                },
                                "RunOrder": 1,
                            },
                            {
                                "ActionTypeId": {
                                    "Category": "Build",
                                    "Owner": "AWS",
                                    "Provider": "CodeBuild",
                                    "Version": "1",
                                },
                                "Configuration": {
                                    "ProjectName": {"Ref": "BuildProject"},
                                    "EnvironmentVariables": {
                                        "Fn::Join": [
                                            "",
                                            [
                                                '[{"name":"BUCKET","type":"PLAINTEXT","value":"',
                                                {"Ref": "PipelineArtifactsBucket22248F97"},
                                                '"}]',
                                            ],
                                        ]
                                    },
                                    "PollForSourceChanges": False,
                                },
                                "InputArtifacts": [{"Name": "Artifact_Source"}],
                                "Name": "Publish",
                                "RoleArn": {
                                    "Fn::Join": [
                                        "",
                                        [
                                            "arn:",
                                            {"Ref": "AWS::Partition"},
                                            ":iam::",
                                            {"Ref": "AWS::AccountId"},
                                            ":role/cdk-hnb659fds-deploy-role-",
                                            {"Ref": "AWS::AccountId"},
                                            "-",
                                            {"Ref": "AWS::Region"},
                                        ],
                                    ]
                                },
                                "RunOrder": 2,
                            },
                        ],
                        "Name": "Build",
                    },
                ],
            },
            "DependsOn": ["PipelineRoleDefaultPolicyC7A05455", "PipelineRoleB27FAA37"],
            "Metadata": {"aws:cdk:path": "Stack/Pipeline/Resource"},
        },
        "PipelineArtifactsBucket22248F97": {"Type": "AWS::S3::Bucket"},
        "CDKMetadata": {
            "Type": "AWS::CDK::Metadata",
            "Properties": {"Analytics": "v2:deflate64:H4sIAAAAAAAA"},
            "Condition": "CDKMetadataAvailable",
        },
    },
    "Rules": {"CheckBootstrapVersion": {"Assertions": []}},
}


def test_cdk_pipeline_reads_and_resolves() -> None:
    model = model_of(json.dumps(TEMPLATE, indent=1), "cdk.out/Stack.template.json")
    project = Project([model])
    (pipeline,) = model.pipelines
    assert pipeline.logical_id == "PipelineC660917D"
    assert model.template is not None
    assert model.template.resources["PipelineC660917D"].cdk_path == "Stack/Pipeline/Resource"
    deploying = DeployingAccount("cdk.out/Stack.template.json")
    assert project.account_of(pipeline.role_arn, model) == deploying
    store = pipeline.artifact_store
    assert store is not None and store.encryption_key is not None
    key = project.find_kms_key(store.encryption_key.id, model)
    assert key is model.kms_keys[0]
    source, build = pipeline.stages
    synth, publish = build.actions
    assert synth.configuration is not None
    assert synth.configuration.json_value("EnvironmentVariables") == [
        {"name": "STAGE", "type": "PLAINTEXT", "value": "prod"}
    ]
    # a role of the template (GetAtt … Arn) and a Join-built ARN are both in the deploying account
    assert project.account_of(synth.role_arn, model) == deploying
    assert project.account_of(publish.role_arn, model) == deploying
    assert project.account_of(source.actions[0].role_arn, model) is UNKNOWN  # role not declared
    assert publish.configuration is not None
    assert publish.configuration["PollForSourceChanges"].value == "false"
    variables = publish.configuration["EnvironmentVariables"]
    assert isinstance(variables.value, Intrinsic) and variables.value.function == "Fn::Join"
    resolved = project.resolve(variables, model)
    assert resolved.provenance == Provenance.RESOURCE
    assert resolved.value == Text(
        (
            '[{"name":"BUCKET","type":"PLAINTEXT","value":"',
            ResourceRef("PipelineArtifactsBucket22248F97", "AWS::S3::Bucket", None, "name"),
            '"}]',
        )
    )
    assert project.find_role(synth.role_arn, model) is model.iam_roles[1]
    assert project.find_bucket(store.location, model) is model.s3_buckets[0]
    assert [type(node).__name__ for node in model.top_level] == [
        "KmsKey",
        "IamRole",
        "IamRole",
        "Pipeline",
        "S3Bucket",
    ]
