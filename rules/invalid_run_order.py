"""PL805 invalid-run-order."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action

from ._structure import quoted

RUN_ORDERS = range(1, 1000)


class InvalidRunOrder(Rule):
    """A `runOrder` outside 1 to 999.

    ## What it does
    Reports an action whose `runOrder` is an integer below 1 or above 999. A `runOrder`
    that is not an integer at all is a structural error (PL002); one written as an
    intrinsic is not judged.

    ## Why is this bad?
    CodePipeline accepts run orders from 1 to 999 only and rejects the pipeline otherwise.
    Gaps are fine (1, 5, 10); only the order matters.

    ## Example
    ```json
    {"name": "Deploy", "runOrder": 0, "actionTypeId": {...}}
    ```

    ## Use instead
    ```json
    {"name": "Deploy", "runOrder": 1, "actionTypeId": {...}}
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline API: ActionDeclaration](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html)
    - [CodePipeline pipeline structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html)
    """

    code = "PL805"
    name = "invalid-run-order"
    severity = Severity.MEDIUM
    tags = ("structure",)
    targets = (Action,)

    def check(self, action: Action, ctx: RuleContext) -> Iterator[Violation]:
        run_order = action.run_order
        if run_order is None or isinstance(run_order.value, float):
            return
        value = run_order.as_int
        if value is None or value in RUN_ORDERS:
            return
        yield Violation(
            f"Action {quoted(action.name)} has runOrder {value}; run orders go from 1 to 999",
            run_order.loc,
        )
