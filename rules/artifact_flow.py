"""PL802 artifact-flow."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.values import Scalar

from ._structure import coexist, quoted


@dataclass(frozen=True)
class _Output:
    name: Scalar
    action: Action
    stage_index: int
    run_order: int | None
    when: tuple[str, ...]


class ArtifactFlow(Rule):
    """An input artifact that no earlier action produces, or an output name used twice.

    ## What it does
    Reports an input artifact whose name is not the output of an action that runs earlier:
    in an earlier stage, or in the same stage with a lower `runOrder` (actions with the
    same `runOrder` run in parallel, so they cannot feed each other). It also reports an
    output artifact name that another action of the pipeline already produces.

    Names written as intrinsics, stages or action lists that cannot be read, and run orders
    that are not literals keep the rule silent where they matter. In a template, actions
    that exist under opposite conditions (the two branches of an `!If`) are not taken as
    producing the same name twice.

    ## Why is this bad?
    CodePipeline rejects a pipeline whose input artifacts are not produced earlier, and
    one whose output artifact names are not unique.

    ## Example
    ```yaml
    - Name: Build
      Actions:
        - Name: Build
          InputArtifacts: [{Name: Source}]   # the source action outputs "SourceOutput"
          OutputArtifacts: [{Name: BuildOutput}]
    ```

    ## Use instead
    ```yaml
          InputArtifacts: [{Name: SourceOutput}]
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline pipeline structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html)
    - [CodePipeline API: OutputArtifact](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_OutputArtifact.html)
    """

    code = "PL802"
    name = "artifact-flow"
    severity = Severity.HIGH
    tags = ("structure",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        outputs: dict[str, list[_Output]] = {}
        for index, stage in enumerate(pipeline.stages):
            for action in stage.actions:
                order = _run_order(action)
                for name in action.output_artifacts:
                    if name.text is None:
                        continue
                    output = _Output(name, action, index, order, (*stage.when, *action.when))
                    clash = next(
                        (o for o in outputs.get(name.text, ()) if coexist(o.when, output.when)),
                        None,
                    )
                    if clash is not None:
                        yield Violation(
                            f"Output artifact {quoted(name)} of action {quoted(action.name)} is "
                            f"already produced by action {quoted(clash.action.name)}",
                            name.loc,
                            related=(Related(clash.name.loc, "first produced here"),),
                        )
                    outputs.setdefault(name.text, []).append(output)
        if _unreadable(pipeline):
            return
        for index, stage in enumerate(pipeline.stages):
            for action in stage.actions:
                yield from self._inputs(action, stage, index, outputs)

    def _inputs(
        self, action: Action, stage: Stage, index: int, outputs: dict[str, list[_Output]]
    ) -> Iterator[Violation]:
        order = _run_order(action)
        for name in action.input_artifacts:
            if name.text is None:
                continue
            producers = outputs.get(name.text, [])
            if any(_runs_before(o, index, order) for o in producers):
                continue
            if any(
                o.stage_index == index and (o.run_order is None or order is None) for o in producers
            ):
                continue  # a run order that is not a literal may put it first
            message = (
                f"Input artifact {quoted(name)} of action {quoted(action.name)} is not produced "
                "by any earlier action"
            )
            related: tuple[Related, ...] = ()
            if producers:
                other = producers[0]
                when = (
                    "at the same time"
                    if other.stage_index == index and other.run_order == order
                    else "later"
                )
                message += f"; action {quoted(other.action.name)} produces it, but runs {when}"
                related = (Related(other.name.loc, "produced here"),)
            yield Violation(message, name.loc, related=related)


def _run_order(action: Action) -> int | None:
    if action.run_order is None:
        return 1
    return action.run_order.as_int


def _runs_before(output: _Output, stage_index: int, run_order: int | None) -> bool:
    if output.stage_index < stage_index:
        return True
    return (
        output.stage_index == stage_index
        and output.run_order is not None
        and run_order is not None
        and output.run_order < run_order
    )


def _unreadable(pipeline: Pipeline) -> bool:
    """Whether a stage, an action, an output list or an output's name cannot be read (then
    any input may be produced by what cannot be read)."""
    if pipeline.is_unknown("stages"):
        return True
    for stage in pipeline.stages:
        if stage.is_unknown("actions"):
            return True
        for action in stage.actions:
            if action.is_unknown("output_artifacts"):
                return True
            if any(name.text is None for name in action.output_artifacts):
                return True
    return False
