"""The production classifier: which stages and actions deploy to production, and why.

Every rule asks this one object (``ctx.production``); what counts as production is policy,
set in the ``production`` section of the configuration (RULES.md, "The production
classifier").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pipelint.config import ProductionPolicy
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.resolution import Resolved, Text
from pipelint.model.values import Intrinsic, Scalar

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

#: Stands for a part of a value only known at deploy time (a private-use character: not
#: alphanumeric, so it also ends a word).
UNKNOWN_PART = "\ue000"
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_CHANGE_SET_REPLACE = "CHANGE_SET_REPLACE"
_STACK_PROVIDERS = ("CloudFormation", "CloudFormationStackSet")


def split_words(name: str) -> list[str]:
    """Split a name into lower-case words.

    Words end at every non-alphanumeric character (letters and digits of any script are
    alphanumeric), at a lower-to-upper case change and at a letter/digit change:
    ``DeployToProd`` → deploy, to, prod; ``prod-eu-west-1`` → prod, eu, west, 1;
    ``PRODUCTION`` → production; ``préprod`` is one word.
    """
    words: list[str] = []
    current: list[str] = []
    previous = ""
    for char in unicodedata.normalize("NFC", name):
        if not char.isalnum():
            if current:
                words.append("".join(current).lower())
                current = []
            previous = ""
            continue
        if current and (
            (previous.islower() and char.isupper()) or previous.isalpha() != char.isalpha()
        ):
            words.append("".join(current).lower())
            current = []
        current.append(char)
        previous = char
    if current:
        words.append("".join(current).lower())
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
    """Whether ``action`` deploys something (RULES.md, PL101), reading literal values only.

    :meth:`ProductionClassifier.is_deploying` also resolves values written as intrinsics;
    rules use that one. Here a value written as an intrinsic is not known.
    """
    return _deploying(action, _literal_texts)


def _deploying(action: Action, texts: Callable[[Scalar | None], tuple[str, ...]]) -> bool:
    """Whether ``action`` deploys, ``texts`` giving the possible texts of a value.

    A Deploy-category action, except a CloudFormation/StackSet action that only prepares a
    change set (``ActionMode: CHANGE_SET_REPLACE``); or a Build/Test/Invoke/Compute action
    whose name has the word deploy, release, apply or promote (a job running ``cdk deploy``).
    An action is deploying when it is in some scenario (a branch of an ``!If``); when a
    value it depends on cannot be known at all, it is not (nothing is reported for it).
    """
    categories = texts(action.category)
    if "Deploy" in categories:
        mode = action.config("ActionMode")
        if mode is None or not set(texts(action.provider)) & set(_STACK_PROVIDERS):
            return True
        if mode.is_literal:
            return mode.text != _CHANGE_SET_REPLACE
        return any(text != _CHANGE_SET_REPLACE for text in texts(mode))
    if set(categories) & {"Build", "Test", "Invoke", "Compute"}:
        return any(not DEPLOY_WORDS.isdisjoint(split_words(name)) for name in texts(action.name))
    return False


def _literal_texts(value: Scalar | None) -> tuple[str, ...]:
    text = value.text if value is not None else None
    return (text,) if text is not None else ()


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

    def is_deploying(self, action: Action, pipeline: Pipeline) -> bool:
        """Whether ``action`` deploys something (RULES.md, PL101).

        Values written as intrinsics are resolved through the project; an ``!If`` deploys
        when one of its branches does. When a value cannot be resolved at all the action is
        not certainly deploying, and is taken as not deploying.
        """
        return _deploying(action, lambda value: self._texts(value, pipeline))

    def run_order(self, action: Action, pipeline: Pipeline) -> int | None:
        """The action's run order (1 when absent), resolved; ``None`` when it cannot be read."""
        if action.run_order is None:
            return 1
        if action.run_order.is_literal:
            return action.run_order.as_int
        text = self._text(action.run_order, pipeline)
        return Scalar(text, action.run_order.loc).as_int if text is not None else None

    def stage(self, pipeline: Pipeline, stage: Stage) -> Verdict:
        """A stage is production when its name is, or it holds a production deploying action."""
        verdict = self._named("stage name", stage.name, pipeline)
        if verdict:
            return verdict
        for action in stage.actions:
            if self.is_deploying(action, pipeline):
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
            and self.is_deploying(action, pipeline)
            and stage is self._last_deploy_stage(pipeline)
        ):
            name = _quoted(self.label(stage.name, pipeline))
            return Verdict(True, f"strict mode: {name} is the last stage that deploys")
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
        for key, value in self._overrides(action, pipeline).items():
            if key.lower() in ENVIRONMENT_KEYS and isinstance(value, str):
                if UNKNOWN_PART in value:
                    continue  # partly known only at deploy time: not guessed at
                match = self.name(value)
                if match is not None:
                    return Verdict(
                        True, f'parameter {key} "{value}" has the production word "{match.word}"'
                    )
        return NOT_PROD

    def _overrides(self, action: Action, pipeline: Pipeline) -> dict[str, Any]:
        """The ``ParameterOverrides`` object; a string holding :data:`UNKNOWN_PART` where a
        part of it is only known at deploy time."""
        value = action.config("ParameterOverrides")
        if value is None or action.configuration is None:
            return {}
        if value.is_literal:
            decoded = action.configuration.json_value("ParameterOverrides")
        else:
            text = self.partial_text(value, pipeline)
            try:
                decoded = json.loads(text) if text is not None else None
            except ValueError:
                decoded = None
        return decoded if isinstance(decoded, dict) else {}

    def _last_deploy_stage(self, pipeline: Pipeline) -> Stage | None:
        deploying = [
            stage
            for stage in pipeline.stages
            if any(self.is_deploying(action, pipeline) for action in stage.actions)
        ]
        return deploying[-1] if deploying else None

    # -- values ---------------------------------------------------------------------------------

    def _resolve(self, value: Scalar, pipeline: Pipeline) -> Resolved | None:
        if self.project is None:
            return None
        return self.project.resolve(value, pipeline.document_path)

    def _text(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """The literal text of ``value``, resolved through the project when it is symbolic."""
        if value is None:
            return None
        if value.is_literal:
            return value.text
        resolved = self._resolve(value, pipeline)
        return resolved.text if resolved is not None else None

    def _texts(self, value: Scalar | None, pipeline: Pipeline) -> tuple[str, ...]:
        """Every text ``value`` can have: one when it resolves, those of the branches of an
        ``!If`` that resolve, none when it cannot be known."""
        if value is None:
            return ()
        if value.is_literal:
            return _literal_texts(value)
        resolved = self._resolve(value, pipeline)
        return tuple(_branch_texts(resolved)) if resolved is not None else ()

    def label(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """``value`` for a message: its resolved text when it resolves, else as written
        (``!Sub ${Env}-deploy``); ``None`` when absent or empty."""
        if value is None:
            return None
        text = self._text(value, pipeline)
        if text is None and value.intrinsic is not None:
            text = str(value.intrinsic)
        return text or None

    def partial_text(self, value: Scalar, pipeline: Pipeline) -> str | None:
        """The text of ``value`` with each part only known at deploy time (an unresolvable
        ``${Var}`` of a ``!Sub``, an item of a ``!Join``, an intrinsic in a structure) written
        as :data:`UNKNOWN_PART`; ``None`` when nothing of it is known."""
        text = self._partial(value.value, value, pipeline, 0)
        return None if text is None or text == UNKNOWN_PART else text

    def _partial(self, raw: Any, at: Scalar, pipeline: Pipeline, depth: int) -> str | None:
        intrinsic = raw if isinstance(raw, Intrinsic) else Intrinsic.from_raw(raw)
        if intrinsic is None:
            if isinstance(raw, (dict, list)):
                return None
            return Scalar(raw, at.loc).text
        if depth > 8:
            return UNKNOWN_PART
        resolved = self._resolve(Scalar(intrinsic, at.loc), pipeline)
        if resolved is not None:
            if resolved.text is not None:
                return resolved.text
            if isinstance(resolved.value, Text):
                return "".join(
                    p if isinstance(p, str) else UNKNOWN_PART for p in resolved.value.parts
                )
        function, args = intrinsic.function, intrinsic.args
        if function == "Fn::Sub":
            return self._partial_sub(args, at, pipeline, depth)
        if function == "Fn::Join" and isinstance(args, list) and len(args) == 2:
            delimiter, items = args
            if isinstance(delimiter, str) and isinstance(items, list):
                parts = [self._partial(item, at, pipeline, depth + 1) for item in items]
                return delimiter.join(UNKNOWN_PART if p is None else p for p in parts)
        if function == "Fn::ToJsonString" and isinstance(args, (dict, list)):
            plain = self._partial_structure(args, at, pipeline, depth + 1)
            return json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
        return UNKNOWN_PART

    def _partial_sub(self, args: Any, at: Scalar, pipeline: Pipeline, depth: int) -> str:
        variables: dict[str, Any] = {}
        if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
            args, variables = args
        if not isinstance(args, str):
            return UNKNOWN_PART

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                raw = variables[name]
            elif "." in name:
                raw = {"Fn::GetAtt": name.split(".", 1)}
            else:
                raw = {"Ref": name}
            text = self._partial(raw, at, pipeline, depth + 1)
            return UNKNOWN_PART if text is None else text

        return _SUB_VARIABLE.sub(substitute, args)

    def _partial_structure(self, raw: Any, at: Scalar, pipeline: Pipeline, depth: int) -> Any:
        if isinstance(raw, dict) and Intrinsic.from_raw(raw) is None:
            return {
                key: self._partial_structure(item, at, pipeline, depth) for key, item in raw.items()
            }
        if isinstance(raw, list):
            return [self._partial_structure(item, at, pipeline, depth) for item in raw]
        if Intrinsic.from_raw(raw) is None:
            return raw
        text = self._partial(raw, at, pipeline, depth)
        return UNKNOWN_PART if text is None else text

    def _account(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """The 12-digit account of an ARN, when it is written down or resolvable."""
        if self.project is not None:
            account = self.project.account_of(value, pipeline.document_path)
            return account if isinstance(account, str) else None
        match = _ARN_ACCOUNT.match(self._text(value, pipeline) or "")
        return match.group(1) if match else None


def _branch_texts(resolved: Resolved) -> Iterable[str]:
    """The texts a resolution can have: its own, or those of the branches of an ``!If``."""
    if resolved.text is not None:
        yield resolved.text
    else:
        for branch in resolved.branches:
            yield from _branch_texts(branch)


def explain_production(
    pipelines: Iterator[Pipeline] | list[Pipeline], classifier: ProductionClassifier
) -> str:
    """A report of every pipeline's stages and deploying actions: production or not, and why."""
    policy = classifier.policy
    settings = [f"words: {', '.join(policy.words)}"]
    for label, values in (
        ("patterns", policy.patterns),
        ("accounts", policy.accounts),
        ("regions", policy.regions),
    ):
        if values:
            settings.append(f"{label}: {', '.join(values)}")
    if policy.strict:
        settings.append("strict")
    lines = [f"Production classification ({'; '.join(settings)})"]
    for pipeline in pipelines:
        where = f"{pipeline.document_path}:{(pipeline.key_loc or pipeline.loc).line}"
        name = classifier.label(pipeline.name, pipeline)
        described = _quoted(name, pipeline.logical_id)
        if name and pipeline.logical_id:
            described += f" (resource {pipeline.logical_id})"
        lines.append(f"{where}: pipeline {described}")
        for stage in pipeline.stages:
            verdict = classifier.stage(pipeline, stage)
            lines.append(
                f"  stage {_quoted(classifier.label(stage.name, pipeline))}: {_describe(verdict)}"
            )
            for action in stage.actions:
                if classifier.is_deploying(action, pipeline):
                    reason = _describe(classifier.action(pipeline, stage, action))
                    label = _quoted(classifier.label(action.name, pipeline))
                    lines.append(f"    deploys {label}: {reason}")
    return "\n".join(lines) + "\n"


def _quoted(text: str | None, fallback: str | None = None) -> str:
    """``"text"``, or ``fallback`` (``(unnamed)``) for no text."""
    return f'"{text}"' if text else (fallback or "(unnamed)")


def _describe(verdict: Verdict) -> str:
    return f"production ({verdict.reason})" if verdict else "not production"
