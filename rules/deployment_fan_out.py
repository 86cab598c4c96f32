"""PL105 deployment-fan-out."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.production import ProductionClassifier

from ._release import may_deploy, name_loc, unreadable_before

#: Providers whose action deploys stack instances to the accounts and regions it lists.
STACK_SET_PROVIDERS = frozenset({"CloudFormationStackSet", "CloudFormationStackInstances"})
_ACCOUNT_ID = re.compile(r"\b\d{12}\b")
#: Stands for the pipeline's own region (where an action without ``region`` runs).
HOME = ""


@dataclass(frozen=True)
class FanOutOptions:
    """``first_stage_limit``: how many regions (and stack set accounts) the first deploying
    stage may deploy to; ``fan_out_factor``: how many times the regions of all earlier
    deploying stages a later stage may deploy to."""

    first_stage_limit: int = 1
    fan_out_factor: int = 3


@dataclass
class _Reach:
    """Where the deploying actions of a stage deploy to."""

    regions: set[str]  # known regions, HOME for the pipeline's own
    unknown: float = 0  # regions that cannot be read (``inf``: a stage that cannot be)
    accounts: dict[str, tuple[Action, set[str]]] | None = None  # stack set → its accounts

    def at_least(self) -> int:
        """How many regions the stage surely deploys to (the pipeline's own region may be
        one of those written down)."""
        named = len(self.regions - {HOME})
        return max(named, 1) if self.regions else 0

    def at_most(self) -> float:
        """How many regions the stage may deploy to; unknown ones may each be new."""
        return len(self.regions) + self.unknown


class DeploymentFanOut(Rule):
    """A stage that deploys to too many places at once.

    ## What it does
    Limits the blast radius of a release, as the AWS Config rules
    `codepipeline-deployment-count-check` and `codepipeline-region-fanout-check` do. Reports,
    at the stage's name:

    - the first stage that deploys, when it deploys to more than `first-stage-limit`
      regions, or one of its stack set actions to more than that many accounts;
    - a later stage that deploys to more than `fan-out-factor` times as many regions as all
      deploying stages before it together.

    The regions of a stage are those of its deploying actions (as defined for PL101): the
    action's `region`, or the pipeline's own region when it has none, and for a
    `CloudFormationStackSet` or `CloudFormationStackInstances` action the regions in its
    `Regions`; its accounts are the account IDs in `DeploymentTargets`. The pipeline's own
    region is not known from the definition, so it counts as one of the regions written
    down, if any. Regions that cannot be read, and actions or stages that exist only under
    a template condition, are left out of a stage's count and counted as new regions for
    the stages before it: the rule reports only what holds in every case.

    ## Why is this bad?
    A release that goes wrong goes wrong everywhere it is deployed at once. Deploying first
    to one region, then to a few, then to the rest, lets alarms and rollbacks stop a bad
    change while most regions and accounts still run the previous release.

    ## Example
    ```yaml
    - Name: Deploy
      Actions:
        - Name: StackSet
          ActionTypeId:
            {Category: Deploy, Owner: AWS, Provider: CloudFormationStackSet, Version: "1"}
          Configuration:
            StackSetName: shop
            DeploymentTargets: "111111111111,222222222222"
            Regions: us-east-1,eu-west-1,ap-southeast-2
    ```

    ## Use instead
    ```yaml
    - Name: Canary
      Actions:
        - Name: StackSet
          ActionTypeId:
            {Category: Deploy, Owner: AWS, Provider: CloudFormationStackSet, Version: "1"}
          Configuration: {StackSetName: shop, DeploymentTargets: "111111111111", Regions: us-east-1}
    - Name: Everywhere
      Actions:
        - Name: Instances
          ActionTypeId:
            {Category: Deploy, Owner: AWS, Provider: CloudFormationStackInstances, Version: "1"}
          Configuration:
            StackSetName: shop
            DeploymentTargets: "111111111111,222222222222"
            Regions: us-east-1,eu-west-1,ap-southeast-2
    ```

    ## Configuration
    - `first-stage-limit` (integer, default 1): how many regions, and stack set accounts,
      the first deploying stage may deploy to.
    - `fan-out-factor` (integer, default 3, as in `codepipeline-region-fanout-check`): how
      many times the regions of all earlier deploying stages a later stage may deploy to.

    ## References
    - [AWS Config: codepipeline-deployment-count-check](https://docs.aws.amazon.com/config/latest/developerguide/codepipeline-deployment-count-check.html)
    - [AWS Config: codepipeline-region-fanout-check](https://docs.aws.amazon.com/config/latest/developerguide/codepipeline-region-fanout-check.html)
    - [CodePipeline: CloudFormation StackSets deploy actions](https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-StackSets.html)
    """

    code = "PL105"
    name = "deployment-fan-out"
    severity = Severity.MEDIUM
    tags = ("release-gating",)
    targets = (Pipeline,)
    options_type = FanOutOptions
    options: FanOutOptions

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        production = ctx.production
        earlier: _Reach | None = None  # where the deploying stages so far deploy to
        for index, stage in enumerate(pipeline.stages):
            hidden = unreadable_before(pipeline, index)
            reach = _reach(pipeline, stage, production)
            if reach is None:
                continue
            if earlier is None:
                if not hidden:
                    yield from self._first_stage(pipeline, stage, reach, production)
                earlier = _Reach(set())
            else:
                yield from self._fan_out(pipeline, stage, reach, earlier, production)
            earlier.regions |= reach.regions
            earlier.unknown += math.inf if hidden else reach.unknown

    def _first_stage(
        self, pipeline: Pipeline, stage: Stage, reach: _Reach, production: ProductionClassifier
    ) -> Iterator[Violation]:
        limit = self.options.first_stage_limit
        name = production.quoted(stage.name, pipeline)
        count = reach.at_least()
        if count > limit:
            regions = sorted(reach.regions - {HOME}) or ["the pipeline's region"]
            yield Violation(
                message=(
                    f"Stage {name}, the first to deploy, deploys to {count} "
                    f"region{'s' if count != 1 else ''} at once ({', '.join(regions)}), "
                    f"more than {limit}"
                ),
                location=name_loc(stage),
            )
        for stack_set, (action, accounts) in (reach.accounts or {}).items():
            if len(accounts) > limit:
                yield Violation(
                    message=(
                        f"Stage {name}, the first to deploy, deploys stack set {stack_set} to "
                        f"{len(accounts)} accounts at once, more than {limit}"
                    ),
                    location=name_loc(stage),
                    related=(
                        Related(name_loc(action), f"deploys to {', '.join(sorted(accounts))}"),
                    ),
                )

    def _fan_out(
        self,
        pipeline: Pipeline,
        stage: Stage,
        reach: _Reach,
        earlier: _Reach,
        production: ProductionClassifier,
    ) -> Iterator[Violation]:
        factor = self.options.fan_out_factor
        before = earlier.at_most()
        if math.isinf(before) or reach.at_least() <= factor * before:
            return
        name = production.quoted(stage.name, pipeline)
        count = reach.at_least()
        yield Violation(
            message=(
                f"Stage {name} deploys to {count} regions, more than {factor} times the "
                f"{int(before)} region{'s' if before != 1 else ''} of the stages before it"
            ),
            location=name_loc(stage),
        )


def _reach(pipeline: Pipeline, stage: Stage, production: ProductionClassifier) -> _Reach | None:
    """Where ``stage`` deploys to; ``None`` when it surely deploys nothing. Regions of actions
    that exist only under a condition, or cannot be read, count as unknown."""
    if stage.is_unknown("actions"):
        reach = _Reach(set(), unknown=math.inf)
    else:
        reach = _Reach(set(), accounts={})
    deploys = False
    for action in stage.actions:
        if not may_deploy(action, pipeline, production):
            continue
        deploys = True
        regions = _regions(action, pipeline, production)
        if (
            regions is None
            or stage.when
            or action.when
            or not production.is_deploying(action, pipeline)
        ):
            reach.unknown += len(regions) if regions else 1
            continue
        reach.regions |= regions
        accounts = _accounts(action, pipeline, production)
        if accounts and reach.accounts is not None:
            reach.accounts[production.quoted(action.config("StackSetName"), pipeline)] = (
                action,
                accounts,
            )
    return reach if deploys or stage.is_unknown("actions") else None


def _is_stack_set(action: Action, pipeline: Pipeline, production: ProductionClassifier) -> bool:
    return bool(production.possible(action.provider, pipeline).texts & STACK_SET_PROVIDERS)


def _regions(
    action: Action, pipeline: Pipeline, production: ProductionClassifier
) -> set[str] | None:
    """The regions ``action`` deploys to (:data:`HOME` for the pipeline's own); ``None``
    when they cannot be read."""
    if _is_stack_set(action, pipeline, production):
        text = production.possible(action.config("Regions"), pipeline).text
        if text is None:
            return None
        return {part.strip() for part in text.split(",") if part.strip()} or None
    if action.region is None:
        return {HOME}
    region = production.possible(action.region, pipeline).text
    return {region} if region else None


def _accounts(action: Action, pipeline: Pipeline, production: ProductionClassifier) -> set[str]:
    """The account IDs a stack set action deploys to (those written down; a part known only
    at deploy time is not a digit, so it never joins one)."""
    if not _is_stack_set(action, pipeline, production):
        return set()
    targets = action.config("DeploymentTargets")
    text = production.partial_text(targets, pipeline) if targets is not None else None
    return set(_ACCOUNT_ID.findall(text)) if text else set()
