"""PL503 source-polling."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Confidence, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action

#: The configuration key, and the source providers that poll when it is not set.
POLL_KEY = "PollForSourceChanges"
POLLING_BY_DEFAULT = frozenset({("AWS", "S3"), ("AWS", "CodeCommit"), ("ThirdParty", "GitHub")})


class SourcePolling(Rule):
    """A source action that polls for changes instead of being told about them.

    ## What it does
    Reports a source action with `PollForSourceChanges: true`. An S3, CodeCommit or
    GitHub (version 1) source action without `PollForSourceChanges` polls too: for a
    pipeline created from a CLI definition or a template the default is `true` (only the
    console writes `false` and creates the EventBridge rule). That is reported at medium
    confidence, at the action's configuration. A value written as an intrinsic is
    resolved where the template allows (a parameter default); otherwise it is not
    guessed at.

    ## Why is this bad?
    Polling starts pipelines late, counts against the account's polling quota, and,
    next to the EventBridge rule or webhook that a template usually adds, starts every
    change twice. Event-based change detection (an EventBridge rule for S3 and
    CodeCommit, a connection for GitHub) is what AWS recommends.

    ## Example
    ```yaml
    Configuration:
      RepositoryName: app
      BranchName: main
      PollForSourceChanges: true
    ```

    ## Use instead
    ```yaml
    Configuration:
      RepositoryName: app
      BranchName: main
      PollForSourceChanges: false   # with an EventBridge rule that starts the pipeline
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline: valid settings for the PollForSourceChanges parameter](https://docs.aws.amazon.com/codepipeline/latest/userguide/PollForSourceChanges-defaults.html)
    - [CodePipeline: migrate polling pipelines to event-based change detection](https://docs.aws.amazon.com/codepipeline/latest/userguide/update-change-detection.html)
    - [CodePipeline: CodeCommit source actions and EventBridge](https://docs.aws.amazon.com/codepipeline/latest/userguide/triggering.html)
    """

    code = "PL503"
    name = "source-polling"
    severity = Severity.LOW
    tags = ("sources",)
    targets = (Action,)

    def check(self, action: Action, ctx: RuleContext) -> Iterator[Violation]:
        if not action.is_type("Source") or action.is_unknown("configuration"):
            return
        pipeline = ctx.model.pipeline_of(action)
        if pipeline is None:
            return
        name = ctx.production.quoted(action.name, pipeline)
        value = action.config(POLL_KEY)
        if value is None:
            kind = (
                action.owner.text if action.owner else None,
                action.provider.text if action.provider else None,
            )
            if kind in POLLING_BY_DEFAULT and action.configuration is not None:
                yield Violation(
                    message=(
                        f"Source action {name} polls for changes: {POLL_KEY} is not set and "
                        "defaults to true"
                    ),
                    location=action.configuration.key_loc or action.configuration.loc,
                    confidence=Confidence.MEDIUM,
                )
            return
        text = ctx.production.possible(value, pipeline).text
        if text is not None and text.strip().lower() == "true":
            yield Violation(
                message=f"Source action {name} polls for changes ({POLL_KEY} is true)",
                location=value.loc,
            )
