"""PL606 codebuild-unanchored-webhook-filter."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.codebuild import CodeBuildProject

from ._values import is_true, resolved_text, resource_label

#: Filter types that decide who or what may start a build.
CHECKED_TYPES = frozenset({"ACTOR_ACCOUNT_ID", "HEAD_REF", "BASE_REF"})
#: Endings that match the rest of the text anyway, so need no ``$``.
_OPEN_ENDS = (".*", ".+")


class CodebuildUnanchoredWebhookFilter(Rule):
    """A CodeBuild webhook filter on the actor or a ref that is not anchored.

    ## What it does
    Reports an `ACTOR_ACCOUNT_ID`, `HEAD_REF` or `BASE_REF` filter of an
    `AWS::CodeBuild::Project`'s `Triggers.FilterGroups` whose `Pattern` is not anchored:
    it (or one of its top-level `|` alternatives) does not start with `^` and end with
    `$` (or with `.*`, which matches to the end anyway). Filters with
    `ExcludeMatchedPattern: true` are not reported: an unanchored exclusion excludes more,
    not less. A pattern written as an intrinsic that does not resolve is not guessed at.

    ## Why is this bad?
    CodeBuild matches a filter pattern anywhere in the value. `HEAD_REF` `refs/heads/main`
    also matches `refs/heads/main-attacker` and `refs/heads/x/refs/heads/main`, and
    `ACTOR_ACCOUNT_ID` `12345` matches every account ID that contains those digits, so
    anyone who can open a pull request or push a branch of that name can run a build
    with the project's role and secrets.

    ## Example
    ```yaml
    Triggers:
      Webhook: true
      FilterGroups:
        - - {Type: EVENT, Pattern: PUSH}
          - {Type: HEAD_REF, Pattern: refs/heads/main}
    ```

    ## Use instead
    ```yaml
          - {Type: HEAD_REF, Pattern: ^refs/heads/main$}
    ```

    ## Configuration
    none

    ## References
    - [CodeBuild: GitHub webhook events](https://docs.aws.amazon.com/codebuild/latest/userguide/github-webhook.html)
    - [CodeBuild API: WebhookFilter](https://docs.aws.amazon.com/codebuild/latest/APIReference/API_WebhookFilter.html)
    - [AWS::CodeBuild::Project WebhookFilter](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-webhookfilter.html)
    """

    code = "PL606"
    name = "codebuild-unanchored-webhook-filter"
    severity = Severity.HIGH
    tags = ("codebuild",)
    targets = (CodeBuildProject,)

    def check(self, project: CodeBuildProject, ctx: RuleContext) -> Iterator[Violation]:
        label = resource_label(project, ctx)
        for group in project.webhook_filter_groups:
            for item in group.filters:
                kind = (resolved_text(item.type, ctx) or "").upper()
                if kind not in CHECKED_TYPES or is_true(item.exclude_matched_pattern, ctx):
                    continue
                pattern = resolved_text(item.pattern, ctx)
                if item.pattern is None or pattern is None or is_anchored(pattern):
                    continue
                yield Violation(
                    message=(
                        f'Webhook filter {kind} "{pattern}" of project {label} '
                        "is not anchored: it matches anywhere in the value; write it as ^...$"
                    ),
                    location=item.pattern.loc,
                )


def is_anchored(pattern: str) -> bool:
    """Whether every top-level alternative of ``pattern`` starts with ``^`` and ends with
    an unescaped ``$`` (or ``.*``/``.+``)."""
    return all(
        alternative.startswith("^")
        and (
            (alternative.endswith("$") and not alternative.endswith("\\$"))
            or alternative.endswith(_OPEN_ENDS)
        )
        for alternative in _alternatives(pattern)
    )


def _alternatives(pattern: str) -> list[str]:
    """``pattern`` split at each ``|`` outside parentheses, brackets and escapes."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts
