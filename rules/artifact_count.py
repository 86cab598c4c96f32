"""PL803 artifact-count."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.pipeline import Action

from ._action_types import action_type, type_label
from ._release import name_loc
from ._structure import quoted


class ArtifactCount(Rule):
    """An action with more or fewer input or output artifacts than its action type allows.

    ## What it does
    Compares the number of input and output artifacts of an action with what its action
    type allows: a source action has no input and exactly one output, a CodeBuild action
    1 to 5 inputs and up to 5 outputs, a manual approval none, a CloudFormation deploy action
    up to 10 inputs and at most one output, and so on for each AWS provider. Custom actions
    are held to 0 to 5 each way. Providers pipelint does not know, and artifact lists written
    as intrinsics, are not judged.

    ## Why is this bad?
    CodePipeline rejects the pipeline: each action type declares how many artifacts it
    takes and produces.

    ## Example
    ```yaml
    - Name: Approve
      ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
      InputArtifacts: [{Name: BuildOutput}]
    ```

    ## Use instead
    ```yaml
    - Name: Approve
      ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
    ```

    ## Configuration
    none

    ## References
    - [Valid input and output artifacts for each action type](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html)
    - [Action structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference.html)
    """

    code = "PL803"
    name = "artifact-count"
    severity = Severity.HIGH
    tags = ("structure",)
    targets = (Action,)

    def check(self, action: Action, ctx: RuleContext) -> Iterator[Violation]:
        allowed = action_type(action)
        if allowed is None:
            return
        for field, kind, bounds in (
            ("input_artifacts", "input", allowed.inputs),
            ("output_artifacts", "output", allowed.outputs),
        ):
            if action.is_unknown(field):
                continue
            count = len(getattr(action, field))
            low, high = bounds
            if low <= count <= high:
                continue
            where = action.where(field, key=True) if count else name_loc(action)
            yield Violation(
                f"Action {quoted(action.name)} ({type_label(action)}) has {count} {kind} "
                f"artifact{'s' if count != 1 else ''}; it takes {_range(low, high)}",
                where,
            )


def _range(low: int, high: int) -> str:
    if low == high:
        return "none" if low == 0 else f"exactly {low}"
    return f"{low} to {high}" if low else f"at most {high}"
