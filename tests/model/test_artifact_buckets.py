"""Artifact buckets: their policies, their canned ACL, and finding them from a store."""

from __future__ import annotations

from model_documents import model_of

from pipelint.model.project import Project

TEMPLATE = """
Parameters:
  BucketName: {Type: String}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref BucketName, AccessControl: Private}
  Logs:
    Type: AWS::S3::Bucket
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument: {Statement: [{Effect: Deny, Principal: "*", Action: "s3:*"}]}
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/p
      ArtifactStore: {Type: S3, Location: !Ref BucketName}
      Stages: []
"""


def test_a_store_finds_the_bucket_named_by_the_same_parameter() -> None:
    model = model_of(TEMPLATE, "template.yaml")
    project = Project([model])
    (pipeline,) = model.pipelines
    assert pipeline.artifact_store is not None
    bucket = project.find_bucket(pipeline.artifact_store.location, model)
    assert bucket is not None and bucket.logical_id == "Artifacts"
    assert bucket.access_control is not None and bucket.access_control.text == "Private"


def test_bucket_policies_by_ref_are_known() -> None:
    model = model_of(TEMPLATE, "template.yaml")
    artifacts, logs = model.s3_buckets
    assert artifacts.policies == () and not artifacts.is_unknown("policies")
    assert len(logs.policies) == 1 and not logs.is_unknown("policies")


def test_a_policy_naming_its_bucket_otherwise_may_be_any_buckets() -> None:
    model = model_of(
        TEMPLATE.replace("Bucket: !Ref Logs", "Bucket: !Ref BucketName"), "template.yaml"
    )
    assert all(bucket.is_unknown("policies") for bucket in model.s3_buckets)
