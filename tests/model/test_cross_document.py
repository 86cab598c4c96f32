"""Lookups across the documents of one run: ambiguity, imports, deploying accounts."""

from __future__ import annotations

import json

from model_documents import model_of

from pipelint.model.build import DocumentModel
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.location import Location, Span
from pipelint.model.project import DeployingAccount, Project
from pipelint.model.resolution import UNKNOWN, Provenance, ResourceRef
from pipelint.model.values import Intrinsic, Scalar

HERE = Location("pipeline.json", Span(1, 1, 1, 2))


def environment(name: str) -> DocumentModel:
    """An environment's template: the same names as every other environment's."""
    return model_of(
        """
        Resources:
          Group:
            Type: AWS::CodeDeploy::DeploymentGroup
            Properties: {ApplicationName: web, DeploymentGroupName: web-group}
          Errors:
            Type: AWS::CloudWatch::Alarm
            Properties: {AlarmName: web-errors}
          Role:
            Type: AWS::IAM::Role
            Properties: {RoleName: web-deploy}
          Bucket:
            Type: AWS::S3::Bucket
            Properties: {BucketName: web-artifacts}
          Key: {Type: AWS::KMS::Key}
          Alias:
            Type: AWS::KMS::Alias
            Properties: {AliasName: alias/web, TargetKeyId: !Ref Key}
        """,
        f"{name}/template.yaml",
    )


def pipeline() -> DocumentModel:
    return model_of(json.dumps({"pipeline": {"name": "web", "stages": []}}), "pipeline.json")


def text(value: str) -> Scalar:
    return Scalar(value, HERE)


def test_a_match_in_several_other_documents_is_unknown() -> None:
    dev, prod, asking = environment("dev"), environment("prod"), pipeline()
    project = Project([dev, prod, asking])
    assert project.deployment_group("web", "web-group") is None
    assert project.find_deployment_group(text("web"), text("web-group"), asking) is None
    assert project.find_alarm(text("web-errors"), asking) is None
    assert project.find_role(text("arn:aws:iam::111122223333:role/web-deploy"), asking) is None
    assert project.find_bucket(text("web-artifacts"), asking) is None
    assert project.find_kms_key(text("alias/web"), asking) is None


def test_a_match_in_the_asking_document_wins() -> None:
    dev, prod = environment("dev"), environment("prod")
    project = Project([dev, prod, pipeline()])
    found = project.find_deployment_group(text("web"), text("web-group"), prod)
    assert found is prod.deployment_groups[0]
    assert project.find_alarm(text("web-errors"), prod) is prod.alarms[0]
    assert project.find_role(text("web-deploy"), dev) is dev.iam_roles[0]
    assert project.find_bucket(text("web-artifacts"), prod) is prod.s3_buckets[0]
    assert project.find_kms_key(text("alias/web"), prod) is prod.kms_keys[0]


def test_a_match_in_a_single_other_document_is_found() -> None:
    prod, asking = environment("prod"), pipeline()
    project = Project([prod, asking])
    assert project.deployment_group("web", "web-group") is prod.deployment_groups[0]
    assert project.find_alarm(text("web-errors"), asking) is prod.alarms[0]
    assert project.find_kms_key(text("alias/web"), asking) is prod.kms_keys[0]


def test_deploying_accounts_of_different_documents_differ() -> None:
    dev, prod = environment("dev"), environment("prod")
    project = Project([dev, prod])
    arn = Scalar(Intrinsic("Fn::GetAtt", ["Role", "Arn"]), HERE)
    in_dev, in_prod = project.account_of(arn, dev), project.account_of(arn, prod)
    assert in_dev == DeployingAccount("dev/template.yaml")
    assert in_dev != in_prod
    assert in_dev == project.account_of(arn, "dev/template.yaml")


EXPORTING = """
Parameters:
  Prefix: {Type: String, Default: web}
Resources:
  Application:
    Type: AWS::CodeDeploy::Application
  Group:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties: {ApplicationName: !Ref Application}
  Errors: {Type: AWS::CloudWatch::Alarm}
  Key: {Type: AWS::KMS::Key}
Outputs:
  ApplicationOut:
    Value: !Ref Application
    Export: {Name: DeployStack:Application}
  GroupOut:
    Value: !Ref Group
    Export: {Name: !Sub "${Prefix}-group"}
  ErrorsOut:
    Value: !Ref Errors
    Export: {Name: DeployStack:Errors}
  KeyOut:
    Value: !GetAtt Key.Arn
    Export: {Name: DeployStack:KeyArn}
  Unresolvable:
    Value: !Ref Group
    Export: {Name: !Sub "${AWS::StackName}-group"}
  RoleArnOut:
    Value: arn:aws:iam::111122223333:role/deploy
    Export: {Name: DeployStack:RoleArn}
"""

IMPORTING = """
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      ArtifactStore:
        Type: S3
        Location: artifacts
        EncryptionKey: {Id: !ImportValue DeployStack:KeyArn, Type: KMS}
      Stages:
        - Name: Deploy
          Actions:
            - Name: Deploy
              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CodeDeploy, Version: "1"}
              Configuration:
                ApplicationName: !ImportValue DeployStack:Application
                DeploymentGroupName: !ImportValue web-group
"""


def test_imports_are_followed_to_the_exporting_document() -> None:
    exporting = model_of(EXPORTING, "deploy.yaml")
    importing = model_of(IMPORTING, "pipeline.yaml")
    project = Project([exporting, importing])
    (_, action), *_ = importing.pipelines[0].actions()
    application, group = action.config("ApplicationName"), action.config("DeploymentGroupName")
    found = project.find_deployment_group(application, group, importing)
    assert found is exporting.deployment_groups[0]
    assert project.referenced(group, importing, DeploymentGroup) is found
    name, model = project.resolve_name(group, importing)
    assert model is exporting
    assert name.value == ResourceRef("Group", "AWS::CodeDeploy::DeploymentGroup")
    value, model = project._imported(group, importing)  # where the exported value is written
    assert model is exporting and value is not None
    assert value.value == Intrinsic("Ref", "Group")
    assert (value.loc.line, value.loc.column) == (16, 12)
    errors = Scalar(Intrinsic("Fn::ImportValue", "DeployStack:Errors"), HERE)
    assert project.find_alarm(errors, importing) is exporting.alarms[0]
    store = importing.pipelines[0].artifact_store
    assert store is not None and store.encryption_key is not None
    assert project.find_kms_key(store.encryption_key.id, importing) is exporting.kms_keys[0]
    # resolution still says the value comes from elsewhere
    resolved = project.resolve(group, importing)
    assert resolved.value is UNKNOWN and resolved.provenance == Provenance.EXTERNAL
    # an export is only importable in its own account: the importing template's
    key_account = project.account_of(store.encryption_key.id, importing)
    assert key_account == DeployingAccount("pipeline.yaml")
    role = Scalar(Intrinsic("Fn::ImportValue", "DeployStack:RoleArn"), HERE)
    assert project.account_of(role, importing) == "111122223333"
    assert project.account_of(role, "pipeline.yaml") == "111122223333"
    assert project.account_of(role, "elsewhere.yaml") is UNKNOWN  # not a document of the run


def test_imports_are_not_followed_when_the_export_is_ambiguous_or_missing() -> None:
    importing = model_of(IMPORTING, "pipeline.yaml")
    first, second = model_of(EXPORTING, "a.yaml"), model_of(EXPORTING, "b.yaml")
    project = Project([first, second, importing])
    (_, action), *_ = importing.pipelines[0].actions()
    group = action.config("DeploymentGroupName")
    name, model = project.resolve_name(group, importing)
    assert model is importing and name == project.resolve(group, importing)
    assert name.value is UNKNOWN and name.provenance == Provenance.EXTERNAL
    assert project.referenced(group, importing, DeploymentGroup) is None
    missing = Scalar(Intrinsic("Fn::ImportValue", "nobody-exports-this"), HERE)
    name, model = Project([first, importing]).resolve_name(missing, importing)
    assert model is importing and name.value is UNKNOWN
    assert name.provenance == Provenance.EXTERNAL


def test_a_name_is_resolved_where_it_comes_from() -> None:
    exporting = model_of(EXPORTING, "deploy.yaml")
    importing = model_of(
        """
        Conditions:
          C: !Equals [a, b]
        Resources:
          Named:
            Type: AWS::CodeDeploy::DeploymentGroup
            Properties: {ApplicationName: web, DeploymentGroupName: web-prod}
          Unnamed: {Type: AWS::CodeDeploy::DeploymentGroup, Properties: {ApplicationName: web}}
        """,
        "pipeline.yaml",
    )
    project = Project([exporting, importing])

    def name(raw: object) -> tuple[object, str | None]:
        value = Intrinsic.from_raw(raw)
        assert value is not None
        resolved, model = project.resolve_name(Scalar(value, HERE), importing)
        return resolved.value, model.document.path if model is not None else None

    assert name({"Ref": "Named"}) == ("web-prod", "pipeline.yaml")
    unnamed, _ = name({"Ref": "Unnamed"})
    assert unnamed == project.resolve(Scalar(Intrinsic("Ref", "Unnamed"), HERE), importing).value
    application, where = name({"Fn::ImportValue": "DeployStack:Application"})
    assert where == "deploy.yaml"  # declared without a name there: the resource itself
    assert isinstance(application, ResourceRef) and application.logical_id == "Application"
    resolved, _ = project.resolve_name(
        Scalar(Intrinsic("Fn::If", ["C", {"Ref": "Named"}, "other"]), HERE), importing
    )
    assert resolved.value is UNKNOWN and resolved.detail == "C"
    assert [branch.value for branch in resolved.branches] == ["web-prod", "other"]


def test_a_run_wide_index_is_built_once_per_name() -> None:
    project = Project([environment("prod")])
    built: list[str] = []

    def build(name: str) -> dict[str, int]:
        built.append(name)
        return {"models": len(project.models)}

    assert project.index("a", lambda: build("a")) == {"models": 1}
    assert project.index("a", lambda: build("again")) is project.index("a", lambda: {})
    assert project.index("b", lambda: build("b")) == {"models": 1}
    assert built == ["a", "b"]
