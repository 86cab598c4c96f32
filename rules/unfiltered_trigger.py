"""PL504 unfiltered-trigger."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import GlobFilter, Pipeline, Trigger
from pipelint.model.values import Scalar

from ._release import name_loc

#: A glob that matches every branch (``*``, ``**``, ``**/*``).
_WILDCARD = re.compile(r"[*/]+")


class UnfilteredTrigger(Rule):
    """A V2 trigger that starts a production pipeline for any branch or pull request.

    ## What it does
    For a pipeline that reaches production (one of its stages is production, as the
    production classifier decides: see `pipelint check --explain-prod`), reports each
    trigger that:

    - has a `push` filter with neither `branches` nor `tags` (any branch starts it);
    - has a `push` filter whose branch `includes` are wildcards only (`*`, `**`);
    - has a `pullRequest` filter: every pull request, from any author, runs the pipeline
      that deploys to production.

    The production stage is a related location. Branch lists written as intrinsics that
    do not resolve are not guessed at.

    ## Why is this bad?
    A trigger decides which code may flow to production. Without a branch filter, a push
    to any branch — a work-in-progress or an attacker's branch — starts the release; a
    pull-request trigger builds and deploys code nobody has reviewed yet, with the
    pipeline's roles.

    ## Example
    ```yaml
    Triggers:
      - ProviderType: CodeStarSourceConnection
        GitConfiguration:
          SourceActionName: Source
          Push:
            - FilePaths: {Includes: ["src/**"]}
    ```

    ## Use instead
    ```yaml
          Push:
            - Branches: {Includes: [main]}
              FilePaths: {Includes: ["src/**"]}
    ```
    and run pull-request builds in a separate pipeline that does not deploy to
    production.

    ## Configuration
    What counts as production is the `production` section of the configuration; this
    rule has no options of its own.

    ## References
    - [CodePipeline: filter triggers on code push or pull requests](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html)
    - [CodePipeline: automate starting pipelines using triggers and filtering](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-triggers.html)
    """

    code = "PL504"
    name = "unfiltered-trigger"
    severity = Severity.MEDIUM
    tags = ("sources",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        if not pipeline.triggers:
            return
        related = _production_stage(pipeline, ctx)
        if related is None:
            return
        for trigger in pipeline.triggers:
            source = _source_label(trigger)
            for push in trigger.push:
                if push.branches is None and push.tags is None:
                    if not (push.is_unknown("branches") or push.is_unknown("tags")):
                        yield Violation(
                            message=(
                                f"Trigger{source} of a production pipeline has a push filter "
                                "with no branch or tag filter: a push to any branch starts it"
                            ),
                            location=push.loc,
                            related=(related,),
                        )
                elif push.branches is not None and _wildcards_only(push.branches):
                    yield Violation(
                        message=(
                            f"Trigger{source} of a production pipeline filters branches with "
                            "wildcards only: a push to any branch starts it"
                        ),
                        location=push.branches.where("includes"),
                        related=(related,),
                    )
            if trigger.pull_request:
                yield Violation(
                    message=(
                        f"Trigger{source} starts a production pipeline for pull requests: "
                        "unreviewed code runs with the pipeline's roles"
                    ),
                    location=trigger.where("pull_request", key=True),
                    related=(related,),
                )


def _production_stage(pipeline: Pipeline, ctx: RuleContext) -> Related | None:
    """The first production stage, as a related location saying why; ``None`` when none."""
    for stage in pipeline.stages:
        verdict = ctx.production.stage(pipeline, stage)
        if verdict:
            where = name_loc(stage)
            name = ctx.production.quoted(stage.name, pipeline)
            return Related(where, f"production stage {name}: {verdict.reason}")
    return None


def _source_label(trigger: Trigger) -> str:
    name = trigger.source_action_name
    text = name.text if isinstance(name, Scalar) else None
    return f' of source action "{text}"' if text else ""


def _wildcards_only(branches: GlobFilter) -> bool:
    includes = branches.includes
    return bool(includes) and all(
        item.is_literal and item.text is not None and _WILDCARD.fullmatch(item.text.strip())
        for item in includes
    )
