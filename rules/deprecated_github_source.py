"""PL502 deprecated-github-source."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action

from ._values import action_label


class DeprecatedGithubSource(Rule):
    """A source action that uses the deprecated GitHub (version 1) provider.

    ## What it does
    Reports an action of type `ThirdParty`/`GitHub` (the GitHub version 1 source action,
    an OAuth app with a personal access token) instead of a `CodeStarSourceConnection`
    action (GitHub version 2, a CodeStar connection).

    ## Why is this bad?
    AWS no longer recommends the version 1 action. It needs a personal access token with
    broad `repo` scope, stored in (or passed to) the pipeline (see PL501), and its webhook
    is a separate `AWS::CodePipeline::Webhook` to secure (PL506). A connection is
    authorised once through the GitHub App, holds no token in the pipeline, and supports
    V2 triggers with branch and file-path filters.

    ## Example
    ```yaml
    ActionTypeId: {Category: Source, Owner: ThirdParty, Provider: GitHub, Version: "1"}
    Configuration: {Owner: octo, Repo: app, Branch: main, OAuthToken: ...}
    ```

    ## Use instead
    ```yaml
    ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeStarSourceConnection, Version: "1"}
    Configuration:
      ConnectionArn: !Ref GitHubConnection
      FullRepositoryId: octo/app
      BranchName: main
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline: GitHub (via OAuth app) source action](https://docs.aws.amazon.com/codepipeline/latest/userguide/appendix-github-oauth.html)
    - [CodePipeline: update a GitHub version 1 source action to version 2](https://docs.aws.amazon.com/codepipeline/latest/userguide/update-github-action-connections.html)
    """

    code = "PL502"
    name = "deprecated-github-source"
    severity = Severity.MEDIUM
    tags = ("sources",)
    targets = (Action,)

    def check(self, action: Action, ctx: RuleContext) -> Iterator[Violation]:
        if action.owner is None or action.owner.text != "ThirdParty":
            return
        if action.provider is None or action.provider.text != "GitHub":
            return
        name = action_label(action, ctx)
        yield Violation(
            message=(
                f"Action {name} uses the deprecated GitHub version 1 source (an OAuth token); "
                "use a CodeStar connection (CodeStarSourceConnection) instead"
            ),
            location=action.provider.loc,
        )
