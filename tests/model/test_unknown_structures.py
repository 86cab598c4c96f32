"""Mappings and lists written as intrinsics: present but unknown, never read as absent."""

from __future__ import annotations

from model_documents import model_of

from pipelint.model.build import DocumentModel

PIPELINES = """
Conditions:
  HasKey: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Conditional:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/pipeline
      ArtifactStore:
        Type: S3
        Location: artifacts
        EncryptionKey: !If [HasKey, {Id: alias/artifacts, Type: KMS}, !Ref AWS::NoValue]
      Stages: !If
        - HasKey
        - - Name: Source
        - []
  Parts:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      ArtifactStore: !If [HasKey, {Type: S3, Location: b}, !Ref AWS::NoValue]
      ArtifactStores:
        - Region: eu-west-1
          ArtifactStore: !If [HasKey, {Type: S3, Location: b}, {Type: S3, Location: c}]
        - Region: us-east-1
          ArtifactStore: {Type: S3, Location: d}
      Stages:
        - Name: Build
          Actions: !If [HasKey, [{Name: a}], [{Name: b}]]
        - Name: Deploy
          Actions:
            - Name: Deploy
              ActionTypeId: !If [HasKey, {Category: Deploy}, {Category: Build}]
              Configuration: !If [HasKey, {ApplicationName: a}, {ApplicationName: b}]
              InputArtifacts: !If [HasKey, [{Name: x}], []]
              RoleArn: !If [HasKey, arn:aws:iam::111122223333:role/a, !Ref AWS::NoValue]
            - !If [HasKey, {Name: Approve}, !Ref AWS::NoValue]
            - !ImportValue shared-action
  Plain:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      ArtifactStore: {Type: S3, Location: b, EncryptionKey: !Ref AWS::NoValue}
      Stages:
        - Name: Only
          Actions:
            - !If [HasKey, {Name: Approve}, !Ref AWS::NoValue]
"""


def pipelines() -> DocumentModel:
    return model_of(PIPELINES)


def test_intrinsic_encryption_key_and_stages_are_unknown_not_absent() -> None:
    conditional = pipelines().pipelines[0]
    store = conditional.artifact_store
    assert store is not None and store.encryption_key is None
    assert store.is_unknown("encryption_key")
    assert not store.is_unknown("location") and not store.is_unknown("type")
    where = store.where("encryption_key")
    assert (where.line, where.column) == (11, 24)  # the !If
    assert store.where("encryption_key", key=True).column == 9
    assert conditional.stages == () and conditional.is_unknown("stages")
    assert (conditional.where("stages").line, conditional.where("stages").column) == (12, 15)
    assert not conditional.is_unknown("name") and not conditional.is_unknown("triggers")


def test_intrinsic_artifact_stores() -> None:
    parts = pipelines().pipelines[1]
    assert parts.artifact_store is None and parts.is_unknown("artifact_store")
    west, east = parts.artifact_stores
    assert west.region is not None and west.region.text == "eu-west-1"
    assert (west.type, west.location, west.encryption_key) == (None, None, None)
    for name in ("type", "location", "encryption_key"):
        assert west.is_unknown(name)
        assert (west.where(name).line, west.where(name).column) == (22, 26)
    assert not west.is_unknown("region")
    assert east.location is not None and east.location.text == "d"
    assert not east.is_unknown("location") and not east.is_unknown("encryption_key")


def test_intrinsic_actions_configuration_and_action_type() -> None:
    build, deploy = pipelines().pipelines[1].stages
    assert build.actions == () and build.is_unknown("actions")
    assert (build.where("actions").line, build.where("actions").column) == (27, 20)
    # the !If between two mappings expands; the !ImportValue item is unknown
    assert [a.name.text for a in deploy.actions if a.name] == ["Deploy", "Approve"]
    assert deploy.is_unknown("actions")
    action = deploy.actions[0]
    assert action.configuration is None and action.is_unknown("configuration")
    assert action.category is None and action.is_unknown("category")
    assert action.provider is None and action.is_unknown("provider")
    assert (action.where("category").line, action.where("category").column) == (31, 29)
    assert action.is_unknown("input_artifacts")
    assert not action.is_unknown("role_arn")  # a scalar: kept as the intrinsic itself
    assert action.role_arn is not None and action.role_arn.intrinsic is not None
    assert not action.is_unknown("name")


def test_no_value_is_absent_not_unknown() -> None:
    plain = pipelines().pipelines[2]
    store = plain.artifact_store
    assert store is not None and store.encryption_key is None
    assert not store.is_unknown("encryption_key")
    (stage,) = plain.stages
    (approve,) = stage.actions
    assert approve.when == ("HasKey",) and not stage.is_unknown("actions")


DEPLOYMENT = """
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "111122223333"]
Resources:
  Group:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: app
      AutoRollbackConfiguration: !If [IsProd, {Enabled: true}, !Ref AWS::NoValue]
      AlarmConfiguration:
        Enabled: true
        Alarms: !If [IsProd, [{Name: errors}], []]
      BlueGreenDeploymentConfiguration:
        TerminateBlueInstancesOnDeploymentSuccess: !If [IsProd, {Action: KEEP_ALIVE}, {}]
  Other:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: app
      AlarmConfiguration: !If [IsProd, {Enabled: true, Alarms: [{Name: x}]}, !Ref AWS::NoValue]
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: !If
        - IsProd
        - ServerSideEncryptionConfiguration:
            - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}
        - !Ref AWS::NoValue
  Rules:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: !If [IsProd, {SSEAlgorithm: aws:kms}, {}]
"""


def test_deployment_group_configurations_written_as_intrinsics() -> None:
    group, other = model_of(DEPLOYMENT).deployment_groups
    assert group.auto_rollback is None and group.is_unknown("auto_rollback")
    where = group.where("auto_rollback")
    assert (where.line, where.column) == (8, 34)
    alarms = group.alarm_configuration
    assert alarms is not None and alarms.is_unknown("alarms")
    assert not alarms.is_unknown("enabled")
    blue_green = group.blue_green
    assert blue_green is not None and blue_green.termination_action is None
    assert blue_green.is_unknown("termination_action")
    assert not blue_green.is_unknown("ready_action")
    assert other.alarm_configuration is None and other.is_unknown("alarm_configuration")
    assert not other.is_unknown("auto_rollback")  # simply absent


def test_bucket_encryption_written_as_an_intrinsic() -> None:
    bucket, rules = model_of(DEPLOYMENT).s3_buckets
    assert bucket.encryption == () and bucket.is_unknown("encryption")
    assert (bucket.where("encryption").line, bucket.where("encryption").column) == (22, 25)
    (rule,) = rules.encryption
    assert rule.algorithm is None and rule.is_unknown("algorithm")
    assert rule.is_unknown("kms_key_id") and not rules.is_unknown("encryption")


def test_codebuild_parts_written_as_intrinsics() -> None:
    model = model_of(
        """
        Resources:
          Build:
            Type: AWS::CodeBuild::Project
            Properties:
              Environment: !If [IsProd, {Image: aws/codebuild/standard:7.0}, {Image: other}]
              Triggers:
                Webhook: true
                FilterGroups: !Ref AWS::NoValue
          Filtered:
            Type: AWS::CodeBuild::Project
            Properties:
              Triggers:
                FilterGroups:
                  - !If [IsProd, [{Type: EVENT, Pattern: PUSH}], !Ref AWS::NoValue]
        """
    )
    build, filtered = model.codebuild_projects
    assert build.image is None and build.is_unknown("image")
    assert build.is_unknown("privileged_mode") and build.is_unknown("environment_variables")
    assert (build.where("image").line, build.where("image").column) == (5, 20)
    assert build.webhook_filter_groups == () and not build.is_unknown("webhook_filter_groups")
    assert filtered.webhook_filter_groups == ()
    assert filtered.is_unknown("webhook_filter_groups")
    assert filtered.unknown_items("webhook_filter_groups") == (0,)


def test_where_unknown_items_of_a_list_sit_is_recorded() -> None:
    model = model_of(
        """
        Conditions:
          C: !Equals [a, b]
        Resources:
          Pipeline:
            Type: AWS::CodePipeline::Pipeline
            Properties:
              Stages:
                - Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/first.yaml}}
                - Name: A
                - !If [C, {Name: B}, !ImportValue other-stage]
                - !Ref AWS::NoValue
                - Name: D
                - !ImportValue last-stage
        """
    )
    (pipeline,) = model.pipelines
    assert [stage.name.text for stage in pipeline.stages if stage.name] == ["A", "B", "D"]
    assert pipeline.is_unknown("stages")
    # before A; after B (the other branch of its item); after D
    assert pipeline.unknown_items("stages") == (0, 2, 3)
    assert pipeline.unknown_items("triggers") == ()
    assert pipelines().pipelines[2].unknown_items("stages") == ()
