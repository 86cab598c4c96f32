"""PL302 missing-regional-artifact-store."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, ArtifactStore, Pipeline
from pipelint.model.resolution import Pseudo
from pipelint.model.values import Scalar

from ._artifact_stores import describe_store, store_key, store_keys_spelling
from ._names import pipeline_label

#: A region: its name, or the region the pipeline itself is in (``AWS::Region`` in a
#: template, or no ``region`` on an action), which may be any named one.
Region = str | Pseudo

OWN = Pseudo.REGION


class MissingRegionalArtifactStore(Rule):
    """A cross-region action without an artifact store in its region, or a store set twice.

    ## What it does
    Reports, for a pipeline:

    - an action whose `region` has no store in `artifactStores`, at the action's region;
    - actions in two or more different regions with a single `artifactStore` (one of them
      is not in the pipeline's region, and cross-region actions need `artifactStores`), at
      the `artifactStore` key;
    - both `artifactStore` and `artifactStores` set, at `artifactStores`;
    - a regional store whose key ARN names another region than the store's, at the key.

    Regions are compared as written or resolved (parameter defaults, `!Ref AWS::Region`).
    The pipeline's own region is not known offline, so a named region is never taken to be
    it or not to be it: a template whose stores are for `!Ref AWS::Region` and
    `us-east-1` may be deployed to `us-east-1`. A region or store list that cannot be known
    is not reported.

    ## Why is this bad?
    CodePipeline copies the input artifacts of a cross-region action to the artifact store
    of that action's region, encrypted with that store's key. Without a store there, or with
    both store properties, CodePipeline rejects the pipeline on create or update; a KMS key
    can only encrypt in its own region, so a store whose key is elsewhere cannot be used.

    ## Example
    ```yaml
    ArtifactStores:
      - Region: us-east-1
        ArtifactStore: {Type: S3, Location: artifacts-use1, EncryptionKey: {...}}
    Stages:
      - Name: DeployEU
        Actions:
          - Name: Deploy
            Region: eu-west-1
            ...
    ```

    ## Use instead
    ```yaml
    ArtifactStores:
      - Region: us-east-1
        ArtifactStore: {Type: S3, Location: artifacts-use1, EncryptionKey: {...}}
      - Region: eu-west-1
        ArtifactStore: {Type: S3, Location: artifacts-euw1, EncryptionKey: {...}}
    ```

    ## Configuration
    none

    ## References
    - [CloudFormation: AWS::CodePipeline::Pipeline ArtifactStoreMap](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-pipeline-artifactstoremap.html)
    - [CodePipeline API: ArtifactStore](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ArtifactStore.html)
    """

    code = "PL302"
    name = "missing-regional-artifact-store"
    severity = Severity.HIGH
    tags = ("encryption",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        single, regional = store_keys_spelling(pipeline)
        if pipeline.artifact_store is not None and pipeline.artifact_stores:
            yield Violation(
                message=(
                    f"Pipeline {pipeline_label(pipeline, ctx)} sets both {single} and "
                    f"{regional}; CodePipeline accepts only one of them"
                ),
                location=pipeline.where("artifact_stores", key=True),
            )
        if pipeline.artifact_stores:
            yield from self._regional(pipeline, ctx, regional)
        elif pipeline.artifact_store is not None:
            yield from self._single(pipeline, ctx, single, regional)

    def _regional(self, pipeline: Pipeline, ctx: RuleContext, regional: str) -> Iterator[Violation]:
        regions: set[Region | None] = set()
        for store in pipeline.artifact_stores:
            region = _region(store.region, pipeline, ctx)
            regions.add(region)
            if region is not None:
                yield from self._key_region(pipeline, ctx, store, region)
        if None in regions or OWN in regions or pipeline.is_unknown("artifact_stores"):
            return  # a store whose region is unknown, or is the pipeline's, may be for any
        for action in _actions(pipeline):
            region = _region(action.region, pipeline, ctx)
            if region is None or region is OWN or region in regions:
                continue  # the pipeline's own region may be one of the stores' regions
            yield Violation(
                message=(
                    f"Action {ctx.production.quoted(action.name, pipeline)} runs in region "
                    f'"{region}", which has no artifact store in {regional}'
                ),
                location=action.region.loc if action.region is not None else action.loc,
            )

    def _key_region(
        self, pipeline: Pipeline, ctx: RuleContext, store: ArtifactStore, region: Region
    ) -> Iterator[Violation]:
        key = store_key(store, pipeline, ctx)
        if key is None or not isinstance(key.region, str) or not isinstance(region, str):
            return  # the pipeline's region may be the named one
        if key.region == region or store.encryption_key is None or store.encryption_key.id is None:
            return
        yield Violation(
            message=(
                f"{describe_store(store, pipeline, ctx)} is encrypted with a key of region "
                f"\"{key.region}\": a store's key must be in the store's region"
            ),
            location=store.encryption_key.id.loc,
        )

    def _single(
        self, pipeline: Pipeline, ctx: RuleContext, single: str, regional: str
    ) -> Iterator[Violation]:
        named: dict[str, list[Action]] = {}
        for action in _actions(pipeline):
            region = _region(action.region, pipeline, ctx)
            if isinstance(region, str):
                named.setdefault(region, []).append(action)
        if len(named) < 2:
            return
        listed = ", ".join(f'"{region}"' for region in named)
        store = pipeline.artifact_store
        assert store is not None
        yield Violation(
            message=(
                f"Pipeline {pipeline_label(pipeline, ctx)} has actions in regions {listed} "
                f"but a single {single}: cross-region actions need {regional}, with a store "
                "in each region"
            ),
            location=store.key_loc or store.loc,
            related=tuple(
                Related(
                    action.region.loc,
                    f"action {ctx.production.quoted(action.name, pipeline)} runs in {region}",
                )
                for region, actions in named.items()
                for action in actions
                if action.region is not None
            ),
        )


def _actions(pipeline: Pipeline) -> Iterator[Action]:
    """The actions with a ``region`` of their own."""
    for _, action in pipeline.actions():
        if action.region is not None:
            yield action


def _region(value: Scalar | None, pipeline: Pipeline, ctx: RuleContext) -> Region | None:
    """The region ``value`` names, ``OWN`` for the pipeline's; ``None`` when unknown."""
    if value is None:
        return None
    resolved = ctx.project.resolve(value, pipeline.document_path).value
    if resolved is OWN:
        return OWN
    return resolved if isinstance(resolved, str) and resolved else None
