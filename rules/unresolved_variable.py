"""PL505 unresolved-variable."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelint.api import Location, Related, Rule, RuleContext, Severity, Violation
from pipelint.model.embedded import EmbeddedText
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.values import Scalar

#: ``#{namespace.name}``: a variable reference CodePipeline resolves when the action runs.
REFERENCE = re.compile(r"#\{([A-Za-z0-9@\-_]+)\.([^}]+)\}")
#: The namespace of pipeline-level variables, and the one of execution variables.
PIPELINE_VARIABLES = "variables"
BUILT_IN_NAMESPACES = frozenset({"codepipeline"})


class UnresolvedVariable(Rule):
    """A variable reference to a namespace or pipeline variable that is not declared earlier.

    ## What it does
    Reads every `#{namespace.name}` reference in an action's configuration, commands and
    environment variables, and reports one whose namespace no action declares (with
    `namespace`) before the action runs — in an earlier stage, or earlier in the same
    stage (a strictly lower `runOrder`) — and a `#{variables.name}` whose name is not a
    declared pipeline variable. The built-in `codepipeline` namespace
    (`#{codepipeline.PipelineExecutionId}`) is always there. Output variable names
    within a namespace are not checked (they depend on what the action exports).

    When the namespace of an earlier action, the run order of the referring action, or
    the pipeline's variables are written as intrinsics that do not resolve, the rule
    says nothing about the references they could satisfy.

    ## Why is this bad?
    CodePipeline resolves references when the action starts: a reference to a namespace
    that has not run yet, or to a variable nobody declared, fails the action at run
    time — often only in the production stage, long after the change was merged. An
    action that runs *alongside* the one declaring the namespace fails or passes by luck.

    ## Example
    ```yaml
    - Name: Deploy
      Actions:
        - Name: Deploy
          Configuration:
            ParameterOverrides: '{"Version": "#{BuildVariables.VERSION}"}'
    - Name: Build
      Actions:
        - Name: Build
          Namespace: BuildVariables
    ```

    ## Use instead
    Declare the namespace on an action that runs before the reference (an earlier stage,
    or a lower `RunOrder`), and spell it exactly (namespaces are case-sensitive).

    ## Configuration
    none

    ## References
    - [CodePipeline: variables reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html)
    - [CodePipeline: working with variables](https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-variables.html)
    """

    code = "PL505"
    name = "unresolved-variable"
    severity = Severity.HIGH
    tags = ("sources",)
    targets = (Pipeline,)

    def check(self, pipeline: Pipeline, ctx: RuleContext) -> Iterator[Violation]:
        variables = _Declared()
        if pipeline.is_unknown("variables"):
            variables.complete = False
        for variable in pipeline.variables:
            variables.add(variable.name)
        earlier = _Declared()
        if pipeline.is_unknown("stages"):
            earlier.complete = False
        for stage in pipeline.stages:
            if stage.is_unknown("actions"):
                earlier.complete = False
            for action in stage.actions:
                available = earlier.with_same_stage(stage, action, pipeline, ctx)
                yield from self._references(action, available, variables, pipeline, ctx)
            for action in stage.actions:
                earlier.add(action.namespace)

    def _references(
        self,
        action: Action,
        available: _Declared,
        variables: _Declared,
        pipeline: Pipeline,
        ctx: RuleContext,
    ) -> Iterator[Violation]:
        name = ctx.production.quoted(action.name, pipeline)
        for value in _values(action):
            for match, location in _matches(value, ctx):
                namespace, key = match.group(1), match.group(2)
                if namespace in BUILT_IN_NAMESPACES:
                    continue
                if namespace == PIPELINE_VARIABLES:
                    if variables.complete and key not in variables.names:
                        yield Violation(
                            message=(
                                f'Reference "{match.group(0)}" in action {name} names pipeline '
                                f'variable "{key}", which the pipeline does not declare'
                            ),
                            location=location,
                        )
                    continue
                if not available.complete or namespace in available.names:
                    continue
                yield _undeclared(
                    match.group(0),
                    namespace,
                    action_name=name,
                    location=location,
                    pipeline=pipeline,
                    ctx=ctx,
                )


def _undeclared(
    reference: str,
    namespace: str,
    *,
    action_name: str,
    location: Location,
    pipeline: Pipeline,
    ctx: RuleContext,
) -> Violation:
    declaring = next(
        (
            action
            for _, action in pipeline.actions()
            if action.namespace is not None and action.namespace.text == namespace
        ),
        None,
    )
    message = f'Reference "{reference}" in action {action_name} names namespace "{namespace}", '
    if declaring is None or declaring.namespace is None:
        return Violation(message=message + "which no earlier action declares", location=location)
    declarer = ctx.production.quoted(declaring.name, pipeline)
    return Violation(
        message=message + f"which action {declarer} declares, but it does not run before",
        location=location,
        related=(Related(declaring.namespace.loc, f'namespace "{namespace}" declared here'),),
    )


@dataclass
class _Declared:
    """Names declared so far, and whether they are all known."""

    names: set[str] = field(default_factory=set)
    complete: bool = True

    def add(self, value: Scalar | None) -> None:
        if value is None:
            return
        if not value.is_literal or value.text is None:
            self.complete = False
        else:
            self.names.add(value.text)

    def with_same_stage(
        self, stage: Stage, action: Action, pipeline: Pipeline, ctx: RuleContext
    ) -> _Declared:
        """These names and those of the actions of ``stage`` that run before ``action``."""
        here = _Declared(set(self.names), self.complete)
        order = ctx.production.run_order(action, pipeline)
        for other in stage.actions:
            if other is action or other.namespace is None:
                continue
            other_order = ctx.production.run_order(other, pipeline)
            if order is None or other_order is None:
                here.complete = False  # it may run before: nothing is guessed
            elif other_order < order:
                here.add(other.namespace)
        return here


def _values(action: Action) -> Iterator[Scalar]:
    """The values of ``action`` that may hold variable references."""
    if action.configuration is not None:
        for _, value in action.configuration.entries:
            yield value
    yield from action.commands
    for variable in action.environment_variables:
        if variable.value is not None:
            yield variable.value


def _matches(value: Scalar, ctx: RuleContext) -> Iterator[tuple[re.Match[str], Location]]:
    """Each reference in ``value`` and where it is (inside a literal where it can be told;
    at the value when it sits in an intrinsic function)."""
    if value.is_literal:
        text = value.text
        if text is None or "#{" not in text:
            return
        embedded = EmbeddedText.of(ctx.model.document, value.loc, text)
        for match in REFERENCE.finditer(text):
            yield match, embedded.locate(match.start(), match.end())
        return
    intrinsic = value.intrinsic
    if intrinsic is None:
        return
    for match in REFERENCE.finditer(json.dumps(intrinsic.args, default=str)):
        yield match, value.loc
