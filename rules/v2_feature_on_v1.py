"""PL807 v2-feature-on-v1."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.location import Location
from pipelint.model.pipeline import Pipeline

from ._action_types import action_type, type_label
from ._names import pipeline_label
from ._release import name_loc
from ._structure import quoted

#: Execution modes only V2 pipelines have.
V2_MODES = ("QUEUED", "PARALLEL")


class V2FeatureOnV1(Rule):
    """A V2-only feature in a pipeline declared `V1`.

    ## What it does
    Reports, in a pipeline whose `pipelineType` is `V1`, each use of a feature only V2
    pipelines have: `triggers`, pipeline `variables`, the `QUEUED` and `PARALLEL` execution
    modes, stage conditions (`beforeEntry`, `onSuccess`, `onFailure`), and the V2-only
    action types (the `Commands` compute action, `ECRBuildAndPublish`, `EC2` and `EKS`
    deploys, the `Lambda` deploy action, `InspectorScan`, and the `CodePipeline` invoke
    action). A pipeline without a `pipelineType`, or with one written as an intrinsic, is
    not judged.

    ## Why is this bad?
    The declaration contradicts itself: the feature does not work in a V1 pipeline, or
    using it turns the pipeline into a V2 pipeline, with V2 pricing, behind the author's
    back. Declare `V2` when the feature is wanted, or drop the feature.

    ## Example
    ```yaml
    PipelineType: V1
    ExecutionMode: QUEUED
    ```

    ## Use instead
    ```yaml
    PipelineType: V2
    ExecutionMode: QUEUED
    ```

    ## Configuration
    none

    ## References
    - [Pipeline types](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types.html)
    - [CodePipeline pipeline structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html)
    """

    code = "PL807"
    name = "v2-feature-on-v1"
    severity = Severity.HIGH
    tags = ("structure",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        declared = pipeline.pipeline_type
        if declared is None or declared.text != "V1":
            return
        related = (Related(declared.loc, "declared V1 here"),)
        for feature, where in _features(pipeline):
            yield Violation(
                f"Pipeline {pipeline_label(pipeline, ctx)} is V1 but uses {feature}, a V2 feature",
                where,
                related=related,
            )


def _features(pipeline: Pipeline) -> Iterator[tuple[str, Location]]:
    if pipeline.triggers or pipeline.is_unknown("triggers"):
        yield "triggers", pipeline.where("triggers", key=True)
    if pipeline.variables or pipeline.is_unknown("variables"):
        yield "pipeline variables", pipeline.where("variables", key=True)
    mode = pipeline.execution_mode
    if mode is not None and mode.text in V2_MODES:
        yield f"the {mode.text} execution mode", mode.loc
    for stage in pipeline.stages:
        for field, key in (
            ("before_entry", "beforeEntry"),
            ("on_success", "onSuccess"),
            ("on_failure", "onFailure"),
        ):
            if getattr(stage, field) is not None:
                yield (
                    f"a stage condition (`{key}` of stage {quoted(stage.name)})",
                    stage.where(field, key=True),
                )
        for action in stage.actions:
            kind = action_type(action)
            if kind is not None and kind.v2_only:
                yield (
                    f"the {type_label(action)} action type (action {quoted(action.name)})",
                    name_loc(action),
                )
