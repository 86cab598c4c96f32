"""PL801 source-action-placement."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Pipeline

from ._release import name_loc
from ._structure import coexist, quoted


class SourceActionPlacement(Rule):
    """A source action outside the first stage, or another action in it.

    ## What it does
    Reports a `Source` action in any stage but the first, and an action of another category
    in the first stage. Actions whose category is written as an intrinsic are not judged,
    and nothing is said about the first stage when the stage list cannot be read.

    ## Why is this bad?
    CodePipeline requires the first stage to hold source actions only, and source actions to
    be in the first stage only: the pipeline is rejected when it is created or updated.

    ## Example
    ```yaml
    Stages:
      - Name: Source
        Actions: [{Name: Src, ActionTypeId: {Category: Source, ...}}]
      - Name: Build
        Actions:
          - Name: Templates
            ActionTypeId: {Category: Source, Owner: AWS, Provider: S3, Version: "1"}
    ```

    ## Use instead
    Move every source action into the first stage, and every other action out of it.

    ## Configuration
    none

    ## References
    - [CodePipeline pipeline structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html)
    """

    code = "PL801"
    name = "source-action-placement"
    severity = Severity.HIGH
    tags = ("structure",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        unknown = pipeline.unknown_items("stages")
        stages = pipeline.stages
        for index, stage in enumerate(stages):
            earlier = stages[:index]
            # Under template conditions, the first stage is the one no earlier stage can
            # exist beside; a stage is later when an earlier one exists whenever it does.
            first = not any(unknown_at <= index for unknown_at in unknown) and not any(
                coexist(other.when, stage.when) for other in earlier
            )
            later = any(set(other.when) <= set(stage.when) for other in earlier)
            for action in stage.actions:
                if action.category is None or action.category.text is None:
                    continue
                is_source = action.category.text == "Source"
                where = name_loc(action)
                if first and not is_source:
                    yield Violation(
                        f"Action {quoted(action.name)} ({action.category.text}) is in the first "
                        f"stage {quoted(stage.name)}, which may hold only source actions",
                        where,
                    )
                elif later and is_source:
                    yield Violation(
                        f"Source action {quoted(action.name)} is in stage {quoted(stage.name)}; "
                        "source actions belong in the first stage only",
                        where,
                    )
