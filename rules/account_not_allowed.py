"""PL403 account-not-allowed."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.accounts import (
    account_of,
    environment_accounts,
    environment_of,
    is_stack_action,
    pipeline_account,
)
from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.arn import is_account_id
from pipelint.model.pipeline import Pipeline


class AccountNotAllowed(Rule):
    """An action role in an account its environment does not allow.

    ## What it does
    Reports an action whose `roleArn` (or, for a CloudFormation action, stack `RoleArn`)
    is in an account outside the accounts configured for the action's environment: the
    production accounts (`production.accounts`) for a production action, the accounts of
    `production.environments` for the others. The environment of an action is read from
    its names: production when the name of its stage, its own name or a target name (stack,
    deployment group, function, …) is a production name, else the configured environment
    one of them names (`Deploy-Staging` names `staging`). An action whose names name no
    environment, or several, or an environment with no accounts configured, is not checked;
    nor is a role whose account cannot be known (a parameter with no default, an import
    no template of the run exports). A role built on `${AWS::AccountId}`, or of the
    template, is in the pipeline's account, known when the pipeline's role ARN is written
    out.

    ## Why is this bad?
    A stage named for one environment that deploys with a role in another account ships to
    the wrong place: a staging stage that deploys into the production account skips every
    gate production has, and a production stage pointed at a sandbox account leaves
    production untouched while the pipeline reports success.

    ## Example
    With `production: {accounts: ["444455556666"]}`:
    ```yaml
    - Name: Prod
      Actions:
        - Name: Deploy
          RoleArn: arn:aws:iam::222233334444:role/deployer
    ```

    ## Use instead
    ```yaml
    - Name: Prod
      Actions:
        - Name: Deploy
          RoleArn: arn:aws:iam::444455556666:role/deployer
    ```

    ## Configuration
    The `production` section: `accounts` (production accounts) and `environments`
    (environment name → account IDs), e.g. `environments: {staging: ["222233334444"],
    dev: ["111122223333"]}`. Both are empty by default, and then nothing is reported.
    This rule has no options of its own.

    ## References
    - [AWS Well-Architected: separate workloads using accounts](https://docs.aws.amazon.com/wellarchitected/2022-03-31/framework/sec_securely_operate_multi_accounts.html)
    - [CodePipeline: create a pipeline that uses resources from another account](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html)
    """

    code = "PL403"
    name = "account-not-allowed"
    severity = Severity.HIGH
    tags = ("identity",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        production = ctx.production
        home = pipeline_account(pipeline, ctx.project)
        for stage, action in pipeline.actions():
            environment = environment_of(pipeline, stage, action, production)
            if environment is None:
                continue
            allowed = environment_accounts(environment, production)
            if not allowed:
                continue
            roles = [("roleArn", action.role_arn)]
            if is_stack_action(action):
                roles.append(("stack RoleArn", action.config("RoleArn")))
            name = production.quoted(action.name, pipeline)
            for label, value in roles:
                account = home.id_of(account_of(value, pipeline, ctx.project))
                if value is None or account is None or not is_account_id(account):
                    continue
                if account not in allowed:
                    listed = ", ".join(allowed)
                    yield Violation(
                        message=(
                            f"Action {name} is in {environment} but its {label} is in account "
                            f"{account}, not a {environment} account ({listed})"
                        ),
                        location=value.loc,
                    )
