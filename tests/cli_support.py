"""Documents and helpers the command-line tests share."""

from __future__ import annotations

import json
from pathlib import Path

PROD_WITHOUT_APPROVAL = """\
{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111122223333:role/p",
  "artifactStore": {"type": "S3", "location": "bucket",
    "encryptionKey": {"id": "alias/p", "type": "KMS"}},
  "stages": [
    {"name": "Source", "actions": [{"name": "S",
      "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
      "configuration": {"S3Bucket": "b", "S3ObjectKey": "k", "PollForSourceChanges": "false"},
      "outputArtifacts": [{"name": "Src"}]}]},
    {"name": "Test", "actions": [{"name": "T",
      "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
      "configuration": {"ProjectName": "t"}, "inputArtifacts": [{"name": "Src"}]}]},
    {"name": "Prod", "actions": [{"name": "D",
      "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"},
      "configuration": {"ClusterName": "c", "ServiceName": "s"},
      "inputArtifacts": [{"name": "Src"}]}], "onFailure": {"result": "ROLLBACK"}}
  ]}}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def findings(stdout: str) -> list[tuple[str, str, int, int]]:
    data = json.loads(stdout)
    return [
        (f["code"], f["path"], f["start"]["line"], f["start"]["column"]) for f in data["findings"]
    ]
