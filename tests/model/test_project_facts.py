"""What each document tells the others, and the run-wide lookups built from it."""

from __future__ import annotations

import json

import pytest
from model_documents import model_of
from test_cross_document import EXPORTING, environment

from pipelint.model.build import DocumentModel
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.facts import DocumentChanged
from pipelint.model.project import Project
from pipelint.model.resources import Alarm, IamRole, KmsAlias, S3Bucket


def pipeline(name: str, bucket: str, key: str | None = None) -> DocumentModel:
    store: dict[str, object] = {"type": "S3", "location": bucket}
    if key is not None:
        store["encryptionKey"] = {"id": key, "type": "KMS"}
    document = {"pipeline": {"name": name, "artifactStore": store, "stages": []}}
    return model_of(json.dumps(document), f"{name}.json")


def test_a_document_tells_the_names_its_nodes_are_found_by() -> None:
    prod = environment("prod")
    facts = Project([prod]).facts(prod)
    named = {kind: (index, identities) for kind, index, identities in facts.names}
    assert set(named) == {DeploymentGroup, Alarm, IamRole, S3Bucket, KmsAlias}
    index, identities = named[Alarm]
    assert prod.nodes[index] is prod.alarms[0]
    assert identities == (("resource", "prod/template.yaml", "Errors"), ("name", "web-errors"))
    group_at, group_names = named[DeploymentGroup]
    assert facts.groups == tuple((("name", "web"), name, group_at) for name in group_names)
    assert facts.exports == ()


def test_a_document_tells_the_same_whatever_else_the_run_holds() -> None:
    prod, dev = environment("prod"), environment("dev")
    assert Project([dev, prod, pipeline("web", "web-artifacts")]).facts(prod) == Project(
        [prod]
    ).facts(prod)


def test_a_document_tells_its_exports_with_the_exported_values() -> None:
    exporting = model_of(EXPORTING, "deploy.yaml")
    exports = dict(Project([exporting]).facts(exporting).exports)
    assert set(exports) == {
        "DeployStack:Application",
        "DeployStack:Errors",
        "DeployStack:KeyArn",
        "DeployStack:RoleArn",
        "web-group",  # ``${Prefix}-group``, by the parameter's default
    }  # not ``${AWS::StackName}-group``: it is known only when deployed
    value = exports["DeployStack:RoleArn"]
    assert value.value == "arn:aws:iam::111122223333:role/deploy"
    assert (value.loc.path, value.loc.line, value.loc.column) == ("deploy.yaml", 28, 12)


def test_the_stores_using_a_bucket_or_a_key_are_found_across_documents() -> None:
    prod = environment("prod")
    first = pipeline("first", "web-artifacts", "alias/web")
    second = pipeline("second", "web-artifacts")
    third = pipeline("third", "elsewhere", "alias/web")
    project = Project([first, prod, second, third])
    (bucket,), (key,) = prod.s3_buckets, prod.kms_keys
    stores = [model.pipelines[0].stores[0] for model in (first, second, third)]
    pipelines = [model.pipelines[0] for model in (first, second, third)]
    assert project.stores_using(bucket) == ((pipelines[0], stores[0]), (pipelines[1], stores[1]))
    assert project.stores_using(key) == ((pipelines[0], stores[0]), (pipelines[2], stores[2]))
    assert Project([prod, third]).stores_using(bucket) == ()
    assert project.stores_using(environment("dev").s3_buckets[0]) == ()  # of no document here


def test_a_shared_project_answers_as_the_whole_project_and_models_only_what_it_needs() -> None:
    prod, dev = environment("prod"), environment("dev")
    first = pipeline("first", "web-artifacts", "alias/web")
    second = pipeline("second", "elsewhere")
    models = [first, prod, second, dev]
    whole = Project(models)
    fetched: list[int] = []

    def fetch(position: int) -> DocumentModel:
        fetched.append(position)
        return models[position]

    shared = Project.shared({0: first, 2: second}, fetch)  # prod and dev are elsewhere
    shared.learn({position: whole.facts(model) for position, model in enumerate(models)})
    shared.learn_uses({0: shared.uses(first), 2: shared.uses(second)})
    assert fetched == []
    store = first.pipelines[0].stores[0]
    assert store.location is not None and store.encryption_key is not None
    assert shared.find_bucket(store.location, first) is None  # two documents have one
    assert fetched == []
    assert shared.find_kms_key(store.encryption_key.id, first) is None
    assert shared.model_at("prod/template.yaml") is prod
    assert fetched == [1]
    (bucket,) = prod.s3_buckets
    assert shared.stores_using(bucket) == whole.stores_using(bucket) == ()
    assert shared.of_type(S3Bucket) == whole.of_type(S3Bucket)
    assert fetched == [1, 3]
    assert shared.models == whole.models


def test_a_shared_project_follows_a_lookup_into_the_document_that_answers() -> None:
    prod = environment("prod")
    first = pipeline("first", "web-artifacts", "alias/web")
    models = [first, prod]
    whole = Project(models)
    shared = Project.shared({0: first}, lambda position: models[position])
    shared.learn({position: whole.facts(model) for position, model in enumerate(models)})
    shared.learn_uses({0: shared.uses(first)})
    store = first.pipelines[0].stores[0]
    assert store.location is not None
    assert shared.find_bucket(store.location, first) is prod.s3_buckets[0]
    assert shared.stores_using(prod.s3_buckets[0]) == ((first.pipelines[0], store),)
    assert shared.stores_using(prod.kms_keys[0]) == whole.stores_using(prod.kms_keys[0])


def test_a_document_whose_adoption_was_stopped_is_adopted_again(monkeypatch) -> None:
    from pipelint.model import project as project_module

    prod = environment("prod")
    first = pipeline("first", "web-artifacts")
    models = [first, prod]
    whole = Project(models)
    shared = Project.shared({0: first}, lambda position: models[position])
    shared.learn({position: whole.facts(model) for position, model in enumerate(models)})
    real = project_module.Resolver

    def stopped(template: object) -> object:  # as a rule's time limit may stop it
        monkeypatch.setattr(project_module, "Resolver", real)
        raise TimeoutError("stopped")

    monkeypatch.setattr(project_module, "Resolver", stopped)
    with pytest.raises(TimeoutError):
        shared.model_at("prod/template.yaml")
    assert shared.model_at("prod/template.yaml") is prod
    (bucket,) = prod.s3_buckets
    assert shared.model_of(bucket) is prod


def test_a_document_that_reads_otherwise_than_its_facts_is_refused() -> None:
    """A file edited during a run may still parse: its facts and the places of its nodes
    are another text's, so a lookup must not land in it."""
    prod = environment("prod")
    first = pipeline("first", "web-artifacts")
    edited_text = prod.document.text.replace("web-artifacts", "web-files")
    edited = model_of(edited_text, prod.document.path)
    models = [first, prod]
    whole = Project(models)
    shared = Project.shared({0: first}, lambda position: edited)
    shared.learn({position: whole.facts(model) for position, model in enumerate(models)})
    with pytest.raises(DocumentChanged, match=r"prod/template\.yaml changed while the run read it"):
        shared.model_at("prod/template.yaml")
    again = model_of(prod.document.text, prod.document.path)
    same = Project.shared({0: first}, lambda position: again)
    same.learn({position: whole.facts(model) for position, model in enumerate(models)})
    assert same.model_at("prod/template.yaml") is again


def test_a_shared_project_that_learns_more_looks_up_again() -> None:
    prod = environment("prod")
    first = pipeline("first", "web-artifacts")
    models = [first, prod]
    whole = Project(models)
    shared = Project.shared({0: first}, lambda position: models[position])
    store = first.pipelines[0].stores[0]
    assert store.location is not None
    shared.learn({0: whole.facts(first)})
    assert shared.find_bucket(store.location, first) is None  # no document has it yet
    shared.learn({1: whole.facts(prod)})
    assert shared.find_bucket(store.location, first) is prod.s3_buckets[0]
    with pytest.raises(RuntimeError, match="must learn what pipelines use first"):
        shared.stores_using(prod.s3_buckets[0])
    shared.learn_uses({0: shared.uses(first)})
    assert shared.stores_using(prod.s3_buckets[0]) == ((first.pipelines[0], store),)
