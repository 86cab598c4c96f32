"""PL207 stage-without-rollback."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier, Verdict

from ._release import name_loc, production_deploys

_ROLLBACK = "ROLLBACK"


class StageWithoutRollback(Rule):
    """A production stage that does not roll back when it fails.

    ## What it does
    Reports a stage that deploys to production and has no `onFailure` that rolls back:
    neither `result: ROLLBACK` nor a failure condition with result `ROLLBACK`. The finding
    is at the stage's name, or at the `onFailure` result when it is something else
    (`RETRY`, `FAIL`, `SKIP`). A pipeline declared `pipelineType: V1` (written, or read from
    a parameter default), which cannot roll a stage back at all, is reported once, at its
    type, with its production stages as related locations.

    A stage is production here when it holds a deploying action (as defined for PL101) that
    the production classifier marks as production. A result written as an intrinsic that
    may be `ROLLBACK` (a branch of `!If`, a value that cannot be resolved), or an `onFailure`
    that cannot be read, is taken as a rollback.

    ## Why is this bad?
    When a production deployment fails half-way, a stage without rollback leaves production
    in whatever state the failure left it, until someone notices and redeploys the last good
    release by hand. With `onFailure: {result: ROLLBACK}`, CodePipeline starts the last
    successful execution of the stage again on its own. Stage rollback exists only in V2
    pipelines, and not in the `PARALLEL` execution mode (the message says so when the
    pipeline runs in it).

    ## Example
    ```yaml
    PipelineType: V2
    Stages:
      - Name: Prod
        Actions: [...]
    ```

    ## Use instead
    ```yaml
    PipelineType: V2
    Stages:
      - Name: Prod
        Actions: [...]
        OnFailure:
          Result: ROLLBACK
    ```

    ## Configuration
    What counts as production is the `production` section of the configuration; this rule
    has no options of its own.

    ## References
    - [CodePipeline: configuring stage rollback](https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-rollback.html)
    - [CodePipeline: configure a stage for automatic rollback](https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-rollback-auto.html)
    - [CodePipeline: pipeline types](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipeline-types.html)
    """

    code = "PL207"
    name = "stage-without-rollback"
    severity = Severity.MEDIUM
    tags = ("rollback",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        production = ctx.production
        stages = [
            (stage, deploy)
            for stage in pipeline.stages
            if not self._rolls_back(stage, pipeline, production)
            and (deploy := next(production_deploys(pipeline, stage, production), None))
        ]
        if not stages:
            return
        kind = pipeline.pipeline_type
        if kind is not None and production.possible(kind, pipeline).text == "V1":
            names = ", ".join(production.quoted(stage.name, pipeline) for stage, _ in stages)
            plural = "s" if len(stages) > 1 else ""
            yield Violation(
                message=(
                    f"Pipeline type V1 cannot roll back production stage{plural} {names} "
                    "when a deployment fails"
                ),
                location=kind.loc,
                related=tuple(_related(action, verdict) for _, (action, verdict) in stages),
            )
            return
        parallel = production.possible(pipeline.execution_mode, pipeline).text == "PARALLEL"
        for stage, (action, verdict) in stages:
            name = production.quoted(stage.name, pipeline)
            result = stage.on_failure.result if stage.on_failure is not None else None
            if result is not None:
                why, where = (
                    f"its onFailure result is {production.label(result, pipeline)}",
                    result.loc,
                )
            else:
                why, where = "it has no onFailure result ROLLBACK", name_loc(stage)
            if parallel:
                why += " (and in PARALLEL execution mode no stage can roll back)"
            yield Violation(
                message=f"Production stage {name} does not roll back on failure: {why}",
                location=where,
                related=(_related(action, verdict),),
            )

    @staticmethod
    def _rolls_back(stage: Stage, pipeline: Pipeline, production: ProductionClassifier) -> bool:
        """Whether ``stage`` rolls back on failure, or may (what decides it cannot be read)."""
        if stage.is_unknown("on_failure"):
            return True
        on_failure = stage.on_failure
        if on_failure is None:
            return False
        if on_failure.is_unknown("conditions"):
            return True
        results = [on_failure.result, *(condition.result for condition in on_failure.conditions)]
        return any(
            result is not None and production.possible(result, pipeline).can_be(_ROLLBACK)
            for result in results
        )


def _related(action: Action, verdict: Verdict) -> Related:
    """The production deploy that makes a stage production, and why it is."""
    return Related(name_loc(action), f"production deploy: {verdict.reason}")
