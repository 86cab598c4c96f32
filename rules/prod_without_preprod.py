"""PL104 prod-without-preprod."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier

from ._release import has_word, may_deploy, name_loc, production_deploys, unreadable_before

#: Words that make a stage, or a Build/Invoke/Compute action, a test step.
TEST_WORDS = frozenset({"test", "tests", "testing", "qa"})
#: Words that name a pre-production environment: the Build, Invoke and Compute actions of a
#: stage named so may deploy there.
STAGING_WORDS = frozenset(
    {"staging", "beta", "gamma", "uat", "dev", "development", "sandbox", "preprod", "nonprod"}
)


class ProdWithoutPreprod(Rule):
    """A production deploy with no staging step before it.

    ## What it does
    Reports the first stage of a pipeline that deploys to production when no pre-production
    step comes before it, at the stage's name, with its production deploy as a related
    location. A pre-production step is, in an earlier stage or earlier in the same stage
    (a lower `runOrder`):

    - a deploying action (as defined for PL101) that is not production, such as a deploy
      to a `staging`, `test` or `preprod` stage;
    - or a test: a `Test` action, or, outside a stage named for production, a Build,
      Invoke or Compute action (or a stage) whose name has the word `test`, `tests`,
      `testing` or `qa`;
    - or a Build, Invoke or Compute action in a stage named for a pre-production
      environment (`staging`, `beta`, `gamma`, `uat`, `dev`, `development`, `sandbox`,
      `preprod`, `nonprod`): a job or function that may deploy there, such as a CodeBuild
      project running `cdk deploy`.

    In a template, a stage that is production only under a condition (`!If`) is not
    reported, and a step that may be a pre-production one (one that exists under a
    condition, or that cannot be read) counts as one.

    ## Why is this bad?
    A change that reaches production without first being deployed and tested somewhere
    else is tested by its users. A staging deploy catches broken templates, missing
    permissions and failed migrations while they are still harmless.

    ## Example
    ```yaml
    Stages:
      - Name: Source
        Actions: [...]
      - Name: Build
        Actions: [...]
      - Name: Prod
        Actions: [...]
    ```

    ## Use instead
    ```yaml
    Stages:
      - Name: Source
        Actions: [...]
      - Name: Build
        Actions: [...]
      - Name: Staging
        Actions: [...]
      - Name: Prod
        Actions: [...]
    ```

    ## Configuration
    What counts as production is the `production` section of the configuration; this rule
    has no options of its own.

    ## References
    - [AWS Prescriptive Guidance: the production environment](https://docs.aws.amazon.com/prescriptive-guidance/latest/choosing-git-branch-approach/production-environment.html)
    - [AWS Well-Architected DevOps Guidance: test in pre-production environments](https://docs.aws.amazon.com/wellarchitected/latest/devops-guidance/dl.ads.1-test-deployments-in-pre-production-environments.html)
    """

    code = "PL104"
    name = "prod-without-preprod"
    severity = Severity.MEDIUM
    tags = ("release-gating",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        production = ctx.production
        for index, stage in enumerate(pipeline.stages):
            if unreadable_before(pipeline, index):
                return  # a stage that cannot be read may be a staging stage
            deploys = [
                (action, verdict)
                for action, verdict in production_deploys(pipeline, stage, production)
                if not verdict.when
            ]
            if deploys and not stage.when:
                first = _first_to_run([action for action, _ in deploys], pipeline, production)
                if not _staged_before(pipeline, stage, first, production):
                    action, verdict = next(d for d in deploys if d[0] is first)
                    name = production.quoted(stage.name, pipeline)
                    yield Violation(
                        message=(
                            f"Stage {name} deploys to production with no pre-production "
                            "deploy or test before it"
                        ),
                        location=name_loc(stage),
                        related=(
                            Related(name_loc(action), f"production deploy: {verdict.reason}"),
                        ),
                    )
                return
            if _staged_before(pipeline, stage, None, production):
                return


def _first_to_run(
    actions: list[Action], pipeline: Pipeline, production: ProductionClassifier
) -> Action:
    """The action of ``actions`` with the lowest run order (an unknown one counts as 1)."""
    return min(actions, key=lambda action: production.run_order(action, pipeline) or 1)


def _staged_before(
    pipeline: Pipeline, stage: Stage, deploy: Action | None, production: ProductionClassifier
) -> bool:
    """Whether ``stage`` holds a pre-production step that runs before ``deploy`` (of the same
    stage: a lower run order; ``None``: any step of the stage)."""
    if stage.is_unknown("actions"):
        return True
    limit = production.run_order(deploy, pipeline) if deploy is not None else None
    label = production.label(stage.name, pipeline)
    named_prod = production.name(label) is not None
    if deploy is None and not named_prod and has_word(label, TEST_WORDS):
        return True
    tests = not named_prod
    staging = tests and has_word(label, STAGING_WORDS)
    for action in stage.actions:
        if deploy is not None:
            order = production.run_order(action, pipeline)
            if action is deploy or (limit is not None and order is not None and order >= limit):
                continue
        if _preprod_step(pipeline, stage, action, production, tests=tests, staging=staging):
            return True
    return False


def _preprod_step(
    pipeline: Pipeline,
    stage: Stage,
    action: Action,
    production: ProductionClassifier,
    *,
    tests: bool,
    staging: bool,
) -> bool:
    """Whether ``action`` is, or may be, a pre-production step: a deploy that is not always
    production, or (with ``tests``) a test, or (with ``staging``, in a stage named for a
    pre-production environment) a job or function that may deploy."""
    if may_deploy(action, pipeline, production):
        if not production.is_deploying(action, pipeline):
            return True  # cannot be known
        return all(verdict.when for verdict in production.verdicts(pipeline, stage, action))
    if not tests:
        return False
    categories = production.possible(action.category, pipeline)
    if categories.can_be("Test"):
        return True
    return bool(categories.texts & {"Build", "Invoke", "Compute"}) and (
        staging
        or any(
            has_word(name, TEST_WORDS) for name in production.possible(action.name, pipeline).texts
        )
    )
