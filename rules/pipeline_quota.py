"""PL808 pipeline-quota."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Pipeline

from ._names import pipeline_label
from ._release import name_loc
from ._structure import quoted


@dataclass(frozen=True)
class QuotaOptions:
    """The limits checked; raise them only where AWS raised a quota for the account."""

    min_stages: int = 2
    max_stages: int = 50
    max_actions_per_stage: int = 50
    max_actions: int = 500


class PipelineQuota(Rule):
    """Fewer than 2 or more than 50 stages, more than 50 actions in a stage or 500 in all.

    ## What it does
    Counts the stages of a pipeline, the actions of each stage and all the actions of the
    pipeline, and reports a count outside CodePipeline's quotas. A stage or action list
    that cannot be read (written as an intrinsic) is not counted; in a template, stages and
    actions under conditions count as if they all existed, except for the minimum.

    ## Why is this bad?
    CodePipeline rejects the pipeline. A pipeline needs at least two stages (a source stage
    and one that does something with it); the maximums are service quotas.

    ## Example
    ```yaml
    Stages:
      - Name: Source
        Actions: [...]
    ```

    ## Use instead
    Add the stage that builds, tests or deploys what the source stage fetches.

    ## Configuration
    - `min-stages` (default 2), `max-stages` (default 50), `max-actions-per-stage`
      (default 50), `max-actions` (default 500).

    ## References
    - [Quotas in CodePipeline](https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html)
    """

    code = "PL808"
    name = "pipeline-quota"
    severity = Severity.MEDIUM
    tags = ("structure",)
    targets = (Pipeline,)
    options_type = QuotaOptions

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        options: QuotaOptions = self.options
        name = pipeline_label(pipeline, ctx)
        stages = pipeline.stages
        if not pipeline.is_unknown("stages"):
            where = pipeline.where("stages", key=True)
            unconditional = [stage for stage in stages if not stage.when]
            if len(stages) > options.max_stages:
                yield Violation(
                    f"Pipeline {name} has {len(stages)} stages; {options.max_stages} is the limit",
                    where,
                )
            elif len(stages) < options.min_stages and len(unconditional) == len(stages):
                yield Violation(
                    f"Pipeline {name} has {len(stages)} stage{'s' if len(stages) != 1 else ''}; "
                    f"a pipeline needs at least {options.min_stages}",
                    where,
                )
        total = 0
        for stage in stages:
            total += len(stage.actions)
            if len(stage.actions) > options.max_actions_per_stage:
                yield Violation(
                    f"Stage {quoted(stage.name)} has {len(stage.actions)} actions; "
                    f"{options.max_actions_per_stage} is the limit",
                    name_loc(stage),
                )
        if total > options.max_actions:
            yield Violation(
                f"Pipeline {name} has {total} actions; {options.max_actions} is the limit",
                pipeline.where("stages", key=True),
            )
