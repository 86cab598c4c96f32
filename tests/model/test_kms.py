"""What a key reference names a key as, in both shapes and through intrinsics."""

from __future__ import annotations

import pytest
from model_documents import model_of

from pipelint.model.kms import KeyReference, key_reference
from pipelint.model.project import Project
from pipelint.model.resolution import Pseudo

KEY_IDS = [
    "!Ref Key",
    "!GetAtt Key.Arn",
    "!Ref Alias",
    "!Ref KeyAlias",
    '!Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/x"',
    "!Ref Unknown",
    "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "alias/aws/s3",
    '!Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}"',
    '!Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:${Alias}"',
]

TEMPLATE = """
Parameters:
  KeyAlias: {Type: String, Default: alias/shop}
  Unknown: {Type: String}
Resources:
  Key: {Type: AWS::KMS::Key}
  Alias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/shop-artifacts, TargetKeyId: !Ref Key}
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/pipeline
      Stages: []
      ArtifactStores:
""" + "".join(
    f"""
        - Region: r{index}
          ArtifactStore:
            Type: S3
            Location: b
            EncryptionKey: {{Type: KMS, Id: {key_id}}}"""
    for index, key_id in enumerate(KEY_IDS)
)

EXPECTED = [
    KeyReference("key-id"),
    KeyReference("key-arn", None, Pseudo.REGION),
    KeyReference("alias", "alias/shop-artifacts"),
    KeyReference("alias", "alias/shop"),
    KeyReference("alias-arn", None, Pseudo.REGION),
    None,
    KeyReference(
        "key-arn",
        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "eu-west-1",
    ),
    KeyReference("alias", "alias/aws/s3"),
    KeyReference("key-arn", None, Pseudo.REGION),
    KeyReference("alias-arn", None, Pseudo.REGION),
]


def test_key_references_in_a_template() -> None:
    model = model_of(TEMPLATE, "template.yaml")
    project = Project([model])
    (pipeline,) = model.pipelines
    found = [
        key_reference(store.encryption_key.id if store.encryption_key else None, model, project)
        for store in pipeline.artifact_stores
    ]
    assert found == EXPECTED
    assert found[7] is not None and found[7].is_aws_managed
    assert found[2] is not None and found[2].is_alias and not found[2].is_aws_managed
    keys = [
        project.find_kms_key(store.encryption_key.id if store.encryption_key else None, model)
        for store in pipeline.artifact_stores
    ]
    key = model.by_logical_id("Key")
    assert [found is key for found in keys] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
        True,
        True,
    ]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("1234abcd-12ab-34cd-56ef-1234567890ab", "key-id"),
        ("mrk-1234abcd12ab34cd56ef1234567890ab", "key-id"),
        ("arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "alias-arn"),
        ("alias/team/artifacts", "alias"),
        ("some/valid/key", None),
    ],
)
def test_key_references_in_pipeline_json(text: str, form: str | None) -> None:
    document = (
        '{"name": "p", "roleArn": "arn:aws:iam::111122223333:role/p", "stages": [], '
        f'"artifactStore": {{"type": "S3", "location": "b", "encryptionKey": {{"id": "{text}"}}}}}}'
    )
    model = model_of(document, "pipeline.json")
    (pipeline,) = model.pipelines
    assert pipeline.artifact_store is not None and pipeline.artifact_store.encryption_key
    found = key_reference(pipeline.artifact_store.encryption_key.id, model, Project([model]))
    assert (found.form if found else None) == form
