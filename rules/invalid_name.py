"""PL804 invalid-name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pipelint.api import Related, Rule, RuleContext, Severity, Violation
from pipelint.model.node import Node
from pipelint.model.pipeline import Pipeline
from pipelint.model.values import Scalar

from ._structure import coexist, quoted

#: What each kind of name may be (CodePipeline API reference), matched in full.
STAGE_OR_ACTION = re.compile(r"[A-Za-z0-9.@\-_]{1,100}")
ARTIFACT = re.compile(r"[a-zA-Z0-9_\-]{1,100}")
NAMESPACE = re.compile(r"[A-Za-z0-9@\-_]{1,100}")

_RULES = {
    "stage": (STAGE_OR_ACTION, "letters, digits and . @ - _"),
    "action": (STAGE_OR_ACTION, "letters, digits and . @ - _"),
    "artifact": (ARTIFACT, "letters, digits and - _"),
    "namespace": (NAMESPACE, "letters, digits and @ - _"),
}


class InvalidName(Rule):
    """A stage, action, artifact or namespace name that breaks its pattern, or a duplicate.

    ## What it does
    Checks names against what CodePipeline allows, 1 to 100 characters of:

    - stage and action names: letters, digits, `.`, `@`, `-`, `_`;
    - artifact names: letters, digits, `-`, `_` (no `.`, `@` or space);
    - variable namespaces: letters, digits, `@`, `-`, `_` (no `.`).

    It also reports two stages of a pipeline with the same name, and two actions of a
    stage with the same name. Names written as intrinsics are not judged; in a template,
    stages or actions under opposite conditions are not duplicates.

    ## Why is this bad?
    CodePipeline rejects the pipeline. Artifact names are the trap: `build.output` is a
    fine action name but not a valid artifact name.

    ## Example
    ```yaml
    OutputArtifacts: [{Name: build.output}]
    ```

    ## Use instead
    ```yaml
    OutputArtifacts: [{Name: BuildOutput}]
    ```

    ## Configuration
    none

    ## References
    - [Quotas in CodePipeline (naming constraints)](https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html)
    - [CodePipeline API: ActionDeclaration](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html)
    """

    code = "PL804"
    name = "invalid-name"
    severity = Severity.HIGH
    tags = ("structure",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        yield from _duplicates("stage", ((s, s.name, s.when) for s in pipeline.stages))
        for stage in pipeline.stages:
            yield from _pattern("stage", stage.name)
            yield from _duplicates(
                "action",
                ((a, a.name, a.when) for a in stage.actions),
                f" in stage {quoted(stage.name)}",
            )
            for action in stage.actions:
                yield from _pattern("action", action.name)
                yield from _pattern("namespace", action.namespace)
                for artifact in (*action.input_artifacts, *action.output_artifacts):
                    yield from _pattern("artifact", artifact)


def _pattern(kind: str, name: Scalar | None) -> Iterator[Violation]:
    if name is None or name.text is None:
        return
    pattern, allowed = _RULES[kind]
    if pattern.fullmatch(name.text):
        return
    if not name.text:
        problem = "is empty"
    elif len(name.text) > 100:
        problem = f"is {len(name.text)} characters long (at most 100)"
    else:
        bad = sorted({c for c in name.text if not pattern.fullmatch(c)})
        problem = "has " + " ".join(repr(c) for c in bad) + f"; use only {allowed}"
    yield Violation(f"The {kind} name {quoted(name)} {problem}", name.loc)


def _duplicates(
    kind: str, named: Iterable[tuple[Node, Scalar | None, tuple[str, ...]]], where: str = ""
) -> Iterator[Violation]:
    seen: dict[str, list[tuple[Scalar, tuple[str, ...]]]] = {}
    for _, name, when in named:
        if name is None or name.text is None:
            continue
        first = next((n for n, w in seen.get(name.text, ()) if coexist(w, when)), None)
        if first is not None:
            yield Violation(
                f"Duplicate {kind} name {quoted(name)}{where}",
                name.loc,
                related=(Related(first.loc, f"first {kind} named {quoted(name)}"),),
            )
        seen.setdefault(name.text, []).append((name, when))
