"""What the artifact and encryption rules (PL3) share: naming stores and their keys."""

from __future__ import annotations

from collections.abc import Sequence

from pipelint.api import RuleContext
from pipelint.model.kms import KeyReference, key_reference
from pipelint.model.pipeline import ArtifactStore, Pipeline

from ._names import pipeline_label


def describe_store(store: ArtifactStore, pipeline: Pipeline, ctx: RuleContext) -> str:
    """``Artifact store "bucket"``, with ``of region "eu-west-1"`` for a regional store."""
    production = ctx.production
    text = "Artifact store"
    if store.location is not None:
        text += f" {production.quoted(store.location, pipeline)}"
    if store.region is not None:
        text += f" of region {production.quoted(store.region, pipeline)}"
    return text


def store_key(store: ArtifactStore, pipeline: Pipeline, ctx: RuleContext) -> KeyReference | None:
    """What the store's ``encryptionKey.id`` names its key as; ``None`` when absent or unknown."""
    key = store.encryption_key
    if key is None:
        return None
    return key_reference(key.id, pipeline.document_path, ctx.project)


def store_keys_spelling(pipeline: Pipeline) -> tuple[str, str]:
    """How the pipeline's shape spells ``artifactStore`` and ``artifactStores``."""
    if pipeline.shape == "cloudformation":
        return "ArtifactStore", "ArtifactStores"
    return "artifactStore", "artifactStores"


def pipelines_label(uses: Sequence[tuple[Pipeline, ArtifactStore]], ctx: RuleContext) -> str:
    """``pipeline "a"`` or ``pipelines "a", "b"`` for the pipelines of ``uses``."""
    labels = list(dict.fromkeys(pipeline_label(pipeline, ctx) for pipeline, _ in uses))
    return f"pipeline{'s' if len(labels) > 1 else ''} {', '.join(labels)}"
