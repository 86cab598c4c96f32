"""Write a tree of pipeline files for the scale benchmark.

Every tenth service is a CloudFormation template that defines a CodeDeploy application and
deployment group; the CLI pipelines of the other services deploy to those groups by name,
so the tree exercises cross-file lookups as a real monorepo does. One file in ten is an
AppSpec. The output depends only on ``count``.

    python benchmarks/generate_tree.py OUT_DIR [COUNT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PER_FOLDER = 100

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: Deployment targets of service {name}
Parameters:
  Environment:
    Type: String
    Default: prod
Resources:
  Application:
    Type: AWS::CodeDeploy::Application
    Properties:
      ApplicationName: {name}
      ComputePlatform: Server
  ErrorAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: {name}-errors
      MetricName: Errors
      Namespace: {name}
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
  DeploymentGroup:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: !Ref Application
      DeploymentGroupName: {name}-prod
      ServiceRoleArn: !Sub arn:aws:iam::${{AWS::AccountId}}:role/codedeploy
      DeploymentConfigName: CodeDeployDefault.OneAtATime
      AutoRollbackConfiguration:
        Enabled: {rollback}
        Events: [DEPLOYMENT_FAILURE]
      AlarmConfiguration:
        Enabled: true
        Alarms:
          - Name: !Ref ErrorAlarm
      Ec2TagFilters:
        - Key: service
          Value: {name}
          Type: KEY_AND_VALUE
"""

APPSPEC = """\
version: 0.0
os: linux
files:
  - source: /build
    destination: /opt/{name}
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 60
  ApplicationStart:
    - location: scripts/start.sh
      timeout: 120
"""


def _action(name: str, category: str, provider: str, configuration: dict[str, str]) -> dict:
    return {
        "name": name,
        "actionTypeId": {
            "category": category,
            "owner": "AWS",
            "provider": provider,
            "version": "1",
        },
        "configuration": configuration,
        "inputArtifacts": [] if category == "Source" else [{"name": "SourceOutput"}],
        "outputArtifacts": [{"name": "SourceOutput"}] if category == "Source" else [],
        "runOrder": 1,
    }


def pipeline(index: int, target: str) -> str:
    """A CLI pipeline whose production stage deploys to ``target``'s deployment group."""
    name = f"svc{index:05d}"
    stages = [
        {
            "name": "Source",
            "actions": [
                _action(
                    "Checkout",
                    "Source",
                    "CodeStarSourceConnection",
                    {
                        "ConnectionArn": "arn:aws:codeconnections:eu-west-1:111122223333:"
                        "connection/8d1c2b9e-7a61-4f0e-b3c2-1a9e5d7f3c44",
                        "FullRepositoryId": f"example/{name}",
                        "BranchName": "main",
                    },
                )
            ],
        },
        {
            "name": "Build",
            "actions": [_action("Build", "Build", "CodeBuild", {"ProjectName": f"{name}-build"})],
        },
    ]
    if index % 3:  # two pipelines in three ask for an approval first
        stages.append(
            {
                "name": "Approve",
                "actions": [{**_action("Approve", "Approval", "Manual", {}), "inputArtifacts": []}],
            }
        )
    stages.append(
        {
            "name": "Production",
            "actions": [
                _action(
                    "Deploy",
                    "Deploy",
                    "CodeDeploy",
                    {"ApplicationName": target, "DeploymentGroupName": f"{target}-prod"},
                )
            ],
        }
    )
    document = {
        "pipeline": {
            "name": name,
            "roleArn": "arn:aws:iam::111122223333:role/pipeline",
            "pipelineType": "V2",
            "artifactStore": {
                "type": "S3",
                "location": f"{name}-artifacts",
                "encryptionKey": {
                    "id": "arn:aws:kms:eu-west-1:111122223333:key/"
                    "4b7a3c1e-2f51-4d0a-9c7e-8e2f5d1a6b90",
                    "type": "KMS",
                },
            },
            "stages": stages,
            "version": 1,
        }
    }
    return json.dumps(document, indent=2) + "\n"


def files(count: int) -> list[tuple[str, str]]:
    """``(relative path, text)`` of each file of a tree of ``count`` files."""
    out = []
    for index in range(count):
        folder = f"team{index // PER_FOLDER:03d}"
        name = f"svc{index:05d}"
        if index % 10 == 0:
            rollback = "true" if index % 20 else "false"
            text = TEMPLATE.format(name=name, rollback=rollback)
            out.append((f"{folder}/{name}/deploy.yaml", text))
        elif index % 10 == 5:
            out.append((f"{folder}/{name}/appspec.yml", APPSPEC.format(name=name)))
        else:
            target = f"svc{index - index % 10:05d}"  # the template of this group of ten
            out.append((f"{folder}/{name}/pipeline.json", pipeline(index, target)))
    return out


def write_tree(root: Path, count: int) -> None:
    for relative, text in files(count):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    write_tree(Path(argv[0]), int(argv[1]) if len(argv) > 1 else 10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
