"""The production classifier: which stages and actions deploy to production, and why.

Every rule asks this one object (``ctx.production``); what counts as production is policy,
set in the ``production`` section of the configuration (RULES.md, "The production
classifier").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pipelint.config import ProductionPolicy
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.values import Scalar

if TYPE_CHECKING:
    from pipelint.model.project import Project

#: Configuration keys that name what an action deploys to.
TARGET_KEYS = (
    "StackName",
    "StackSetName",
    "DeploymentGroupName",
    "ApplicationName",
    "EnvironmentName",
    "ClusterName",
    "ServiceName",
    "FunctionName",
    "FunctionAlias",
    "BucketName",
)
#: ``ParameterOverrides`` keys (any case) whose value names an environment.
ENVIRONMENT_KEYS = frozenset({"environment", "env", "stage"})
#: Words that make a Build/Test/Invoke/Compute action a deploying action.
DEPLOY_WORDS = frozenset({"deploy", "release", "apply", "promote"})
_ARN_ACCOUNT = re.compile(r"arn:[^:]*:[^:]*:[^:]*:(\d{12}):")

_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
_BOUNDARIES = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


def split_words(name: str) -> list[str]:
    """Split a name into lower-case words.

    Words end at every non-alphanumeric character, at a lower-to-upper case change and at
    a letter/digit change: ``DeployToProd`` → deploy, to, prod; ``prod-eu-west-1`` → prod,
    eu, west, 1; ``PRODUCTION`` → production.
    """
    words: list[str] = []
    for chunk in _SEPARATORS.split(name):
        words.extend(part.lower() for part in _BOUNDARIES.split(chunk) if part)
    return words


@dataclass(frozen=True)
class NameMatch:
    """Why a name is production: the word (or pattern) that matched."""

    name: str
    word: str


class NameClassifier:
    """Decides whether a single name is a production name."""

    def __init__(self, policy: ProductionPolicy) -> None:
        self.words = frozenset(word.lower() for word in policy.words)
        self.negations = frozenset(word.lower() for word in policy.negations)
        self.patterns = tuple(re.compile(pattern) for pattern in policy.patterns)

    def match(self, name: str) -> NameMatch | None:
        """The production word in ``name``, unless it directly follows ``pre`` or ``non``."""
        previous = ""
        for word in split_words(name):
            if word in self.words and previous not in self.negations:
                return NameMatch(name, word)
            previous = word
        for pattern in self.patterns:
            if pattern.search(name):
                return NameMatch(name, pattern.pattern)
        return None


@dataclass(frozen=True)
class Verdict:
    """A classification: production or not, and the reason a person can check."""

    prod: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.prod


NOT_PROD = Verdict(False)


def is_deploying(action: Action) -> bool:
    """Whether ``action`` deploys something (RULES.md, PL101).

    A Deploy-category action, except a CloudFormation/StackSet action that only prepares a
    change set (``ActionMode: CHANGE_SET_REPLACE``); or a Build/Test/Invoke/Compute action
    whose name has the word deploy, release, apply or promote (a job running ``cdk deploy``).
    """
    category = action.category.text if action.category else None
    if category == "Deploy":
        provider = action.provider.text if action.provider else None
        mode = action.config("ActionMode")
        preparing = mode is not None and mode.text == "CHANGE_SET_REPLACE"
        return not (provider in ("CloudFormation", "CloudFormationStackSet") and preparing)
    if category in ("Build", "Test", "Invoke", "Compute"):
        name = action.name.text if action.name else None
        return bool(name) and not DEPLOY_WORDS.isdisjoint(split_words(name or ""))
    return False


class ProductionClassifier:
    """The one production classifier of a run: every rule asks it what production is."""

    def __init__(self, policy: ProductionPolicy, project: Project | None = None) -> None:
        self.policy = policy
        self.project = project
        self._accounts = frozenset(policy.accounts)
        self._regions = frozenset(policy.regions)

    @cached_property
    def names(self) -> NameClassifier:
        return NameClassifier(self.policy)

    def name(self, name: str | None) -> NameMatch | None:
        """Whether one name is a production name (see :func:`split_words`)."""
        return self.names.match(name) if name else None

    # -- pipelines ----------------------------------------------------------------------------

    def stage(self, pipeline: Pipeline, stage: Stage) -> Verdict:
        """A stage is production when its name is, or it holds a production deploying action."""
        verdict = self._named("stage name", stage.name, pipeline)
        if verdict:
            return verdict
        for action in stage.actions:
            if is_deploying(action):
                verdict = self.action(pipeline, stage, action)
                if verdict:
                    return verdict
        return NOT_PROD

    def action(self, pipeline: Pipeline, stage: Stage, action: Action) -> Verdict:
        """Whether ``action`` (of ``stage``) deploys to production, and why.

        Production when the stage's name, the action's name, a target name (stack,
        deployment group, function, ...) or an environment-like ``ParameterOverrides``
        value is a production name; when its role or target is in a production account or
        its region a production region; and, in strict mode, when it is in the last stage
        that deploys anything.
        """
        checks: Iterator[Verdict] = self._action_checks(pipeline, stage, action)
        for verdict in checks:
            if verdict:
                return verdict
        if (
            self.policy.strict
            and is_deploying(action)
            and stage is self._last_deploy_stage(pipeline)
        ):
            return Verdict(
                True, f'strict mode: "{_text(stage.name)}" is the last stage that deploys'
            )
        return NOT_PROD

    def _action_checks(self, pipeline: Pipeline, stage: Stage, action: Action) -> Iterator[Verdict]:
        yield self._named("stage name", stage.name, pipeline)
        yield self._named("action name", action.name, pipeline)
        for key in TARGET_KEYS:
            yield self._named(key, action.config(key), pipeline)
        yield self._environment_override(action, pipeline)
        if self._accounts:
            for label, value in (
                ("role", action.role_arn),
                ("stack role", action.config("RoleArn")),
            ):
                account = self._account(value, pipeline)
                if account in self._accounts:
                    yield Verdict(True, f"{label} is in production account {account}")
            for account in re.split(
                r"[,\s]+", self._text(action.config("DeploymentTargets"), pipeline) or ""
            ):
                if account in self._accounts:
                    yield Verdict(True, f"deploys to production account {account}")
        if self._regions:
            region = self._text(action.region, pipeline)
            if region in self._regions:
                yield Verdict(True, f"region {region} is a production region")

    def _named(self, label: str, value: Scalar | None, pipeline: Pipeline) -> Verdict:
        text = self._text(value, pipeline)
        match = self.name(text)
        if match is None:
            return NOT_PROD
        return Verdict(True, f'{label} "{text}" has the production word "{match.word}"')

    def _environment_override(self, action: Action, pipeline: Pipeline) -> Verdict:
        overrides = _json_object(self._text(action.config("ParameterOverrides"), pipeline))
        for key, value in overrides.items():
            if key.lower() in ENVIRONMENT_KEYS and isinstance(value, str):
                match = self.name(value)
                if match is not None:
                    return Verdict(
                        True, f'parameter {key} "{value}" has the production word "{match.word}"'
                    )
        return NOT_PROD

    def _last_deploy_stage(self, pipeline: Pipeline) -> Stage | None:
        deploying = [stage for stage in pipeline.stages if any(map(is_deploying, stage.actions))]
        return deploying[-1] if deploying else None

    # -- values ---------------------------------------------------------------------------------

    def _text(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """The literal text of ``value``, resolved through the project when it is symbolic."""
        if value is None:
            return None
        if value.is_literal:
            return value.text
        if self.project is None:
            return None
        return self.project.resolve_text(value, pipeline.document_path)

    def _account(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """The 12-digit account of an ARN, when it is written down or resolvable."""
        if self.project is not None:
            account = self.project.account_of(value, pipeline.document_path)
            return account if isinstance(account, str) else None
        match = _ARN_ACCOUNT.match(self._text(value, pipeline) or "")
        return match.group(1) if match else None


def _text(value: Scalar | None) -> str:
    return (value.text if value is not None else None) or "?"


def _json_object(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def explain_production(
    pipelines: Iterator[Pipeline] | list[Pipeline], classifier: ProductionClassifier
) -> str:
    """A report of every pipeline's stages and deploying actions: production or not, and why."""
    words = ", ".join(classifier.policy.words)
    lines = [
        f"Production classification (words: {words}"
        + (
            f"; accounts: {', '.join(classifier.policy.accounts)}"
            if classifier.policy.accounts
            else ""
        )
        + ("; strict" if classifier.policy.strict else "")
        + ")"
    ]
    for pipeline in pipelines:
        where = f"{pipeline.document_path}:{pipeline.loc.line}"
        lines.append(f"{where}: pipeline {_quoted(pipeline.name, pipeline.logical_id)}")
        for stage in pipeline.stages:
            verdict = classifier.stage(pipeline, stage)
            lines.append(f"  stage {_quoted(stage.name)}: {_describe(verdict)}")
            for action in stage.actions:
                if is_deploying(action):
                    reason = _describe(classifier.action(pipeline, stage, action))
                    lines.append(f"    deploys {_quoted(action.name)}: {reason}")
    return "\n".join(lines) + "\n"


def _quoted(value: Scalar | None, fallback: str | None = None) -> str:
    text = value.text if value is not None else None
    return f'"{text}"' if text else (fallback or "(unnamed)")


def _describe(verdict: Verdict) -> str:
    return f"production ({verdict.reason})" if verdict else "not production"
