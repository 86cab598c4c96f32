"""PL401 cross-account-without-role."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.accounts import (
    AccountNames,
    acting_account,
    environment_accounts,
    environment_of,
    pipeline_account,
    target_accounts,
)
from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier

from ._release import name_loc


class CrossAccountWithoutRole(Rule):
    """An action that acts in another account without a role in that account.

    ## What it does
    Reports an action that targets another account than the pipeline's but whose `roleArn`
    is not in that account: it has none (the pipeline's role performs it, in the pipeline's
    account), or its role is in yet another account. The account an action targets is read
    from
    - the ARNs of its configuration: a CloudFormation action's stack role (`RoleArn`), which
      must be in the same account as the action role, and a Step Functions state machine;
    - the accounts configured for its environment (`production.accounts` for a production
      action, `production.environments` for the others; an action belongs to the
      environment a name of its stage, its own name or a target name has), when none of
      them is the pipeline's account. Only deploying `Deploy` actions are checked this
      way: a build job that deploys (`cdk deploy`) acts where its buildspec says.

    The pipeline's account is that of its `roleArn`, or, for a template, the account it is
    deployed to. Accounts are compared only when both are known: an ID written out or
    resolved from a parameter default, `!Sub` or a value another template of the run
    exports, or `${AWS::AccountId}`. When either cannot be known, the rule says nothing.

    ## Why is this bad?
    CodePipeline performs an action without `roleArn` with the pipeline's own role, in the
    pipeline's account. A stack in another account then fails to deploy, or worse, the
    pipeline deploys into its own account what was meant for another: the tooling account
    gets the production stack. A cross-account action needs a role in the target account
    that trusts the pipeline's account (and a customer managed artifact key it may use).

    ## Example
    ```yaml
    - Name: DeployProd
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      Configuration:
        ActionMode: CREATE_UPDATE
        StackName: app-prod
        RoleArn: arn:aws:iam::444455556666:role/cfn-deploy
    ```

    ## Use instead
    ```yaml
    - Name: DeployProd
      ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
      RoleArn: arn:aws:iam::444455556666:role/pipeline-cross-account
      Configuration:
        ActionMode: CREATE_UPDATE
        StackName: app-prod
        RoleArn: arn:aws:iam::444455556666:role/cfn-deploy
    ```

    ## Configuration
    The account map is the `production` section: `accounts` (production accounts) and
    `environments` (environment name → account IDs), e.g.
    `environments: {staging: ["222233334444"]}`. Both are empty by default: then only
    ARNs are read. This rule has no options of its own.

    ## References
    - [CodePipeline: create a pipeline that uses resources from another account](https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html)
    - [CodePipeline: CloudFormation deploy action reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html)
    """

    code = "PL401"
    name = "cross-account-without-role"
    severity = Severity.HIGH
    tags = ("identity",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        home = pipeline_account(pipeline, ctx.project)
        for stage, action in pipeline.actions():
            violation = self._by_arn(pipeline, action, home, ctx) or self._by_environment(
                pipeline, stage, action, home, ctx
            )
            if violation is not None:
                yield violation

    def _by_arn(
        self, pipeline: Pipeline, action: Action, home: AccountNames, ctx: RuleContext
    ) -> Violation | None:
        acting = acting_account(action, pipeline, ctx.project, home)
        for target in target_accounts(action, pipeline, ctx.project):
            if acting.holds(target.account) is not False:
                continue
            return self._violation(
                pipeline,
                action,
                acting=acting,
                target=f"targets account {target.account} (its {target.label})",
                related=Related(
                    target.value.loc, f"the {target.label} is in account {target.account}"
                ),
                ctx=ctx,
            )
        return None

    def _by_environment(
        self,
        pipeline: Pipeline,
        stage: Stage,
        action: Action,
        home: AccountNames,
        ctx: RuleContext,
    ) -> Violation | None:
        production = ctx.production
        environment = environment_of(pipeline, stage, action, production)
        if environment is None or not _deploys(action, pipeline, production):
            return None
        accounts = environment_accounts(environment, production)
        if not accounts or any(home.holds(account) is not False for account in accounts):
            return None
        acting = acting_account(action, pipeline, ctx.project, home)
        if action.role_arn is not None and acting.names != home.names:
            return None  # a role in another account: whether it is allowed is PL403's
        listed = ", ".join(accounts)
        plural = "s" if len(accounts) > 1 else ""
        return self._violation(
            pipeline,
            action,
            acting=acting,
            target=f"deploys to {environment} (account{plural} {listed})",
            related=None,
            ctx=ctx,
        )

    def _violation(
        self,
        pipeline: Pipeline,
        action: Action,
        *,
        acting: AccountNames,
        target: str,
        related: Related | None,
        ctx: RuleContext,
    ) -> Violation:
        name = ctx.production.quoted(action.name, pipeline)
        if action.role_arn is None:
            problem = "has no roleArn in that account: the pipeline's role performs it"
            location = name_loc(action)
        else:
            problem = f"its roleArn is in account {acting}"
            location = action.role_arn.loc
        return Violation(
            message=f"Action {name} {target} but {problem}",
            location=location,
            related=(related,) if related is not None else (),
        )


def _deploys(action: Action, pipeline: Pipeline, production: ProductionClassifier) -> bool:
    """Whether ``action`` is a deploying action of the ``Deploy`` category: a build or test
    job that deploys (``cdk deploy``) acts where its buildspec says, not where the
    pipeline sends it."""
    categories = production.possible(action.category, pipeline).texts
    return "Deploy" in categories and production.is_deploying(action, pipeline)
