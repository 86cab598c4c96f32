"""The production classifier: which stages and actions deploy to production, and why.

Every rule asks this one object (``ctx.production``); what counts as production is policy,
set in the ``production`` section of the configuration (RULES.md, "The production
classifier").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from pipelint.config import ProductionPolicy
from pipelint.model.arn import is_account_id, parse_arn
from pipelint.model.codebuild import CodeBuildProject
from pipelint.model.codedeploy import DeploymentGroup
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.resolution import Resolved, Text, written_string
from pipelint.model.sam import SamFunction
from pipelint.model.values import Scalar, loads_or_none

if TYPE_CHECKING:
    from pipelint.model.project import Project

#: What a production action deploys or runs, and so is production too.
DeployTarget = DeploymentGroup | SamFunction | CodeBuildProject

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
_ACCOUNT_ID = re.compile(r"\b\d{12}\b")

#: Stands for a part of a value only known at deploy time (a private-use character: not
#: alphanumeric, so it also ends a word).
UNKNOWN_PART = "\ue000"
#: A word that touches a part known only at deploy time, with that part.
_UNKNOWN_WORD = re.compile(f"[^\\W_]*{UNKNOWN_PART}[^\\W_]*")
_CHANGE_SET_REPLACE = "CHANGE_SET_REPLACE"
#: Providers of CloudFormation (StackSet) actions: deploy a stack, or prepare a change set.
STACK_PROVIDERS = frozenset({"CloudFormation", "CloudFormationStackSet"})


def split_words(name: str) -> list[str]:
    """Split a name into lower-case words.

    Words end at every non-alphanumeric character (letters and digits of any script are
    alphanumeric), at a lower-to-upper case change and at a letter/digit change:
    ``DeployToProd`` → deploy, to, prod; ``prod-eu-west-1`` → prod, eu, west, 1;
    ``PRODUCTION`` → production; ``préprod`` is one word.
    """
    return list(_split_words(name))


@lru_cache(maxsize=8192)
def _split_words(name: str) -> tuple[str, ...]:
    # The same names are asked about by many rules, for every action: split each once.
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
    return tuple(words)


@dataclass(frozen=True)
class NameMatch:
    """Why a name is production: the word (or phrase) or the pattern that matched."""

    name: str
    word: str
    pattern: bool = False

    def describe(self) -> str:
        """``has the production word "prod"`` or ``matches pattern "^release-"``."""
        if self.pattern:
            return f'matches pattern "{self.word}"'
        return f'has the production word "{self.word}"'


class NameClassifier:
    """Decides whether a single name is a production name.

    A configured word that :func:`split_words` splits into several (``eu-prod``) matches
    those words in a row (``Deploy-EU-Prod``); so does a negation (``not-a``).
    """

    def __init__(self, policy: ProductionPolicy) -> None:
        self.words = self._phrases(policy.words)
        self.negations = tuple(
            phrase for phrase in {tuple(split_words(word)) for word in policy.negations} if phrase
        )
        self.patterns = tuple(re.compile(pattern) for pattern in policy.patterns)

    @staticmethod
    def _phrases(words: Iterable[str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """First word → the phrases starting with it, each with its label for messages."""
        found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for word in words:
            phrase = tuple(split_words(word))
            if phrase:
                label = phrase[0] if len(phrase) == 1 else word.lower()
                found.setdefault(phrase[0], []).append((phrase, label))
        return found

    def match(self, name: str) -> NameMatch | None:
        """The production word in ``name``, unless it directly follows ``pre`` or ``non``;
        else the first configured pattern found in it."""
        words = split_words(name)
        for index, word in enumerate(words):
            for phrase, label in self.words.get(word, ()):
                if tuple(words[index : index + len(phrase)]) == phrase and not any(
                    index >= len(negation)
                    and tuple(words[index - len(negation) : index]) == negation
                    for negation in self.negations
                ):
                    return NameMatch(name, label)
        for pattern in self.patterns:
            if pattern.search(name):
                return NameMatch(name, pattern.pattern, pattern=True)
        return None


@dataclass(frozen=True)
class Verdict:
    """A classification: production or not, the reason a person can check, and the template
    conditions it holds under (``("IsProd",)``: only when ``IsProd`` is true; none: always)."""

    prod: bool
    reason: str = ""
    when: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.prod


NOT_PROD = Verdict(False)


@dataclass(frozen=True)
class Branch:
    """A text a value can have, and the template conditions it has it under (none: always)."""

    text: str
    when: tuple[str, ...] = ()


@dataclass(frozen=True)
class Possible:
    """Every text a value can have: those of the branches (of ``!If``) that are known, and
    whether that is all of them (``complete``: no branch is unknown).

    ``document`` is set when the value comes from another document (an imported value): the
    conditions of its branches are that document's.
    """

    branches: tuple[Branch, ...]
    complete: bool
    document: str | None = None

    @property
    def texts(self) -> frozenset[str]:
        return frozenset(branch.text for branch in self.branches)

    @property
    def text(self) -> str | None:
        """The one text the value has in every scenario, when it is known."""
        if self.complete and len(self.branches) == 1 and not self.branches[0].when:
            return self.branches[0].text
        return None

    def can_be(self, text: str) -> bool:
        """Whether the value may be ``text``: a branch is, or a branch cannot be known."""
        return text in self.texts or not self.complete


KNOWN_NOTHING = Possible((), False)


def describe_conditions(conditions: Iterable[str]) -> str:
    """``A is true and B is false`` for the conditions ``A``, ``!B``."""
    return " and ".join(
        f"{name[1:]} is false" if name.startswith("!") else f"{name} is true" for name in conditions
    )


class ProductionClassifier:
    """The one production classifier of a run: every rule asks it what production is."""

    def __init__(self, policy: ProductionPolicy, project: Project | None = None) -> None:
        self.policy = policy
        self.project = project
        self._accounts = frozenset(policy.accounts)
        self._regions = frozenset(policy.regions)
        # pipeline id → (the pipeline, kept so the id stays its own; its last deploying stage)
        self._last_deploy_stages: dict[int, tuple[Pipeline, Stage | None]] = {}
        # What each value can be: rules ask it of the same names many times (measured: 32,000
        # questions about 1,100 actions over the corpus). Keyed by identity, with the value.
        self._possible: dict[tuple[int, str, bool], tuple[Scalar, Possible]] = {}

    @cached_property
    def names(self) -> NameClassifier:
        return NameClassifier(self.policy)

    def name(self, name: str | None) -> NameMatch | None:
        """Whether one name is a production name (see :func:`split_words`)."""
        return self.names.match(name) if name else None

    # -- pipelines ----------------------------------------------------------------------------

    def is_deploying(self, action: Action, pipeline: Pipeline) -> bool:
        """Whether ``action`` deploys something (RULES.md, PL101).

        A Deploy-category action, except a CloudFormation/StackSet action that only prepares
        a change set (``ActionMode: CHANGE_SET_REPLACE``); or a Build/Test/Invoke/Compute
        action whose name has the word deploy, release, apply or promote (a job running
        ``cdk deploy``). Values written as intrinsics are resolved through the project; an
        action is deploying when it is in some scenario (a branch of an ``!If``). When what
        decides it cannot be known (the category, or the mode of what may be a stack action),
        it is not deploying: nothing is reported for it.
        """
        categories = self.possible(action.category, pipeline).texts
        if "Deploy" in categories:
            return self._deploys(action, pipeline)
        if categories & {"Build", "Test", "Invoke", "Compute"}:
            return any(
                not DEPLOY_WORDS.isdisjoint(split_words(name))
                for name in self.possible(action.name, pipeline).texts
            )
        return False

    def _deploys(self, action: Action, pipeline: Pipeline) -> bool:
        """Whether a Deploy action deploys in a scenario that can be known."""
        providers = self.possible(action.provider, pipeline).texts
        if any(provider not in STACK_PROVIDERS for provider in providers):
            return True  # not a stack action: it deploys whatever its configuration
        if action.is_unknown("configuration"):
            return False  # (what may be) a stack action whose mode cannot be known
        mode = action.config("ActionMode")
        if mode is None:
            return True
        return any(text != _CHANGE_SET_REPLACE for text in self.possible(mode, pipeline).texts)

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
        for verdict in self._named("stage name", stage.name, pipeline):
            return verdict
        for action in stage.actions:
            if self.is_deploying(action, pipeline):
                verdict = self.action(pipeline, stage, action)
                if verdict:
                    return verdict
        return NOT_PROD

    def action(self, pipeline: Pipeline, stage: Stage, action: Action) -> Verdict:
        """Whether ``action`` (of ``stage``) deploys to production, and why (the first of
        :meth:`verdicts`)."""
        verdicts = self.verdicts(pipeline, stage, action)
        return verdicts[0] if verdicts else NOT_PROD

    def verdicts(self, pipeline: Pipeline, stage: Stage, action: Action) -> tuple[Verdict, ...]:
        """Why ``action`` (of ``stage``) deploys to production: one verdict when it does in
        every scenario, else one for each scenario (``Verdict.when``) it does in; none when
        it does not.

        Production when the stage's name, the action's name, a target name (stack,
        deployment group, function, ...) or an environment-like ``ParameterOverrides``
        value is a production name (a name written as ``!If`` is when one of its branches
        is: then under that branch's condition); when its role or target is in a production
        account or its region a production region; and, in strict mode, when it is in the
        last stage that deploys anything.
        """
        conditional: list[Verdict] = []
        for verdict in self._action_checks(pipeline, stage, action):
            if not verdict.when:
                return (verdict,)
            conditional.append(verdict)
        if (
            self.policy.strict
            and self.is_deploying(action, pipeline)
            and stage is self._last_deploy_stage(pipeline)
        ):
            name = self.quoted(stage.name, pipeline)
            return (Verdict(True, f"strict mode: {name} is the last stage that deploys"),)
        return tuple(conditional)

    def _action_checks(self, pipeline: Pipeline, stage: Stage, action: Action) -> Iterator[Verdict]:
        """Every production verdict for the action (only production ones)."""
        yield from self._named("stage name", stage.name, pipeline)
        yield from self._named("action name", action.name, pipeline)
        for key in TARGET_KEYS:
            yield from self._named(key, action.config(key), pipeline)
        yield from self._environment_override(action, pipeline)
        if self._accounts:
            for label, value in (
                ("role", action.role_arn),
                ("stack role", action.config("RoleArn")),
            ):
                account = self._account(value, pipeline)
                if account in self._accounts:
                    yield Verdict(True, f"{label} is in production account {account}")
            targets = self.possible(action.config("DeploymentTargets"), pipeline, partial=True)
            for branch in targets.branches:
                for account in _ACCOUNT_ID.findall(branch.text):
                    if account in self._accounts:
                        reason = f"deploys to production account {account}"
                        yield _verdict(reason, branch, targets)
        if self._regions:
            regions = self.possible(action.region, pipeline)
            for branch in regions.branches:
                if branch.text in self._regions:
                    yield _verdict(f"region {branch.text} is a production region", branch, regions)

    def _named(self, label: str, value: Scalar | None, pipeline: Pipeline) -> Iterator[Verdict]:
        """:meth:`_named_in` for a value of ``pipeline``, partly known names included."""
        return self._named_in(label, value, pipeline.document_path, partial=True)

    def _environment_override(self, action: Action, pipeline: Pipeline) -> Iterator[Verdict]:
        overrides = self.possible(action.config("ParameterOverrides"), pipeline, partial=True)
        for branch in overrides.branches:
            decoded = loads_or_none(branch.text)
            if not isinstance(decoded, dict):
                continue
            for key, value in decoded.items():
                if key.lower() not in ENVIRONMENT_KEYS or not isinstance(value, str):
                    continue
                if UNKNOWN_PART in value:
                    continue  # partly known only at deploy time: not guessed at
                match = self.name(value)
                if match is not None:
                    reason = f'parameter {key} "{value}" {match.describe()}'
                    yield _verdict(reason, branch, overrides)

    def _last_deploy_stage(self, pipeline: Pipeline) -> Stage | None:
        cached = self._last_deploy_stages.get(id(pipeline))
        if cached is not None and cached[0] is pipeline:
            return cached[1]
        last = None
        for stage in pipeline.stages:
            if any(self.is_deploying(action, pipeline) for action in stage.actions):
                last = stage
        self._last_deploy_stages[id(pipeline)] = (pipeline, last)
        return last

    # -- deployment targets -------------------------------------------------------------------

    def resource(self, node: DeployTarget) -> Verdict:
        """Whether a deployment group, SAM function or CodeBuild project is production, and why.

        Production when its own name is a production name — a deployment group's
        ``DeploymentGroupName`` or ``ApplicationName``, a function's ``FunctionName``, a
        project's ``Name``; without one, its logical ID, which the name CloudFormation
        generates includes — or when a production action deploys to it or runs it (a
        CodeDeploy action naming the group, a CodeBuild action naming the project). A name
        written as ``!If`` is production under the branch that is (``Verdict.when``); a
        verdict that holds in every scenario is preferred.
        """
        model = self.project.model_of(node) if self.project is not None else None
        path = model.document.path if model is not None else ""
        conditional: list[Verdict] = []
        for label, value in _own_names(node):
            for verdict in self._named_in(label, value, path):
                if not verdict.when:
                    return verdict
                conditional.append(verdict)
        if conditional:
            return conditional[0]
        if isinstance(node, SamFunction) or self.project is None:
            return NOT_PROD
        for deployer in self.project.deployers(node):
            pipeline, stage, action = deployer.pipeline, deployer.stage, deployer.action
            verdict = self.action(pipeline, stage, action)
            if verdict:
                reason = verdict.reason
                if verdict.when:
                    reason += f" when {describe_conditions(verdict.when)}"
                name = self.quoted(action.name, pipeline)
                verb = "runs it" if isinstance(node, CodeBuildProject) else "deploys to it"
                return Verdict(True, f"production action {name} {verb}: {reason}")
        return NOT_PROD

    def _named_in(
        self, label: str, value: Scalar | None, path: str, *, partial: bool = False
    ) -> Iterator[Verdict]:
        """A verdict for each branch of ``value`` that is a production name. With
        ``partial``, a name partly known only at deploy time (``!Sub ${App}-production``) is
        one when a production word stands apart from the unknown parts: a word that touches
        one may be part of another word (``${App}prod``) and does not count."""
        possible = self.possible_in(value, path, partial=partial)
        for branch in possible.branches:
            if partial and UNKNOWN_PART in branch.text:
                match = self.name(_UNKNOWN_WORD.sub(UNKNOWN_PART, branch.text))
                shown = self._label_in(value, path) or ""
            else:
                match, shown = self.name(branch.text), branch.text
            if match is not None:
                yield _verdict(f'{label} "{shown}" {match.describe()}', branch, possible)

    # -- values ---------------------------------------------------------------------------------

    def possible(
        self, value: Scalar | None, pipeline: Pipeline, *, partial: bool = False
    ) -> Possible:
        """Every text ``value`` (of ``pipeline``'s document) can have.

        A literal has its text; a value written as an intrinsic is resolved through the
        project: an imported value where it is exported, a ``Ref`` to a resource as the
        physical name its template gives it, each branch of an ``!If`` under its condition.
        With ``partial``, a text some parts of which are only known at deploy or run time
        (a ``#{ns.var}`` variable, written out or not) is kept, with :data:`UNKNOWN_PART` for
        each of those parts. Absent: no text, and that is all.
        """
        return self.possible_in(value, pipeline.document_path, partial=partial)

    def possible_in(self, value: Scalar | None, path: str, *, partial: bool = False) -> Possible:
        """:meth:`possible` for a value of the document at ``path`` (run-relative)."""
        if value is None:
            return Possible((), True)
        key = (id(value), path, partial)
        known = self._possible.get(key)
        if known is not None and known[0] is value:
            return known[1]
        possible = self._possible_in(value, path, partial)
        self._possible[key] = (value, possible)
        return possible

    def _possible_in(self, value: Scalar, path: str, partial: bool) -> Possible:
        if value.is_literal:
            text = value.text
            if text is None:
                return Possible((), True)
            if not partial:
                return Possible((Branch(text),), True)
            resolved = written_string(text)  # ``#{ns.var}`` is only known when it runs
            model = None
        elif self.project is None:
            return KNOWN_NOTHING
        else:
            resolved, model = self.project.resolve_name(value, path, partial=partial)
        branches: list[Branch] = []
        complete = _walk(resolved, (), partial, branches)
        source = model.document.path if model is not None else path
        return Possible(tuple(branches), complete, None if source == path else source)

    def _text(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """The text of ``value`` when it is the same in every scenario and known."""
        return self.possible(value, pipeline).text

    def label(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """``value`` for a message: its resolved text when it resolves, else as written
        (``!Sub ${Env}-deploy``); ``None`` when absent or empty."""
        return self._label_in(value, pipeline.document_path)

    def _label_in(self, value: Scalar | None, path: str) -> str | None:
        """:meth:`label` for a value of the document at ``path``."""
        if value is None:
            return None
        text = self.possible_in(value, path).text
        if text is None and value.intrinsic is not None:
            text = str(value.intrinsic)
        return text or None

    def quoted(self, value: Scalar | None, pipeline: Pipeline) -> str:
        """The :meth:`label` of ``value`` in double quotes, or ``(unnamed)``."""
        return _quoted(self.label(value, pipeline))

    def partial_text(self, value: Scalar, pipeline: Pipeline) -> str | None:
        """The text of ``value`` with each part only known at deploy time (an unresolvable
        ``${Var}`` of a ``!Sub``, an item of a ``!Join``, an intrinsic in a structure, a
        ``#{ns.var}`` variable) written as :data:`UNKNOWN_PART`; ``None`` when nothing of it
        is known or it differs between scenarios."""
        return self.possible(value, pipeline, partial=True).text

    def _account(self, value: Scalar | None, pipeline: Pipeline) -> str | None:
        """The 12-digit account of an ARN, when it is written down or resolvable (an
        imported ARN is read where it is exported)."""
        if self.project is not None:
            account = self.project.account_of(value, pipeline.document_path)
            return account if isinstance(account, str) else None
        arn = parse_arn(self._text(value, pipeline))
        return arn.account if arn is not None and is_account_id(arn.account) else None


def _own_names(node: DeployTarget) -> Iterator[tuple[str, Scalar | None]]:
    """The names of a deployment target, each with its label for messages."""
    if isinstance(node, DeploymentGroup):
        names = [("deployment group name", node.name), ("application name", node.application_name)]
    elif isinstance(node, SamFunction):
        names = [("function name", node.function_name)]
    else:
        names = [("project name", node.name)]
    if names[0][1] is None and node.logical_id:
        names[0] = ("logical ID", Scalar(node.logical_id, node.key_loc or node.loc))
    yield from names


def _verdict(reason: str, branch: Branch, possible: Possible) -> Verdict:
    """Production for ``reason``, under the conditions of ``branch`` (which are those of
    another template, so hold nothing here, when the value comes from one)."""
    if not branch.when:
        return Verdict(True, reason)
    reason += f" when {describe_conditions(branch.when)}"
    if possible.document is not None:
        return Verdict(True, f"{reason} (in {possible.document})")
    return Verdict(True, reason, branch.when)


def _walk(resolved: Resolved, when: tuple[str, ...], partial: bool, found: list[Branch]) -> bool:
    """Add the texts ``resolved`` can have to ``found``, each under the conditions of the
    ``!If`` branches leading to it; whether every branch is known."""
    if any(f"!{name}" in when for name in when):
        return True  # a branch that no scenario reaches
    text = resolved.text
    if text is None and partial and isinstance(resolved.value, Text):
        text = resolved.value.written(lambda _: UNKNOWN_PART)
    if text is not None:
        found.append(Branch(text, when))
        return True
    if len(resolved.branches) == 2 and resolved.detail:
        condition = resolved.detail
        first, second = resolved.branches
        known = _walk(first, (*when, condition), partial, found)
        return _walk(second, (*when, f"!{condition}"), partial, found) and known
    return False


def explain_production(
    pipelines: Iterable[Pipeline],
    classifier: ProductionClassifier,
    targets: Iterable[DeployTarget] = (),
) -> str:
    """A report of every pipeline's stages and deploying actions, then of the deployment
    ``targets`` (deployment groups, SAM functions, CodeBuild projects): production or not,
    and why."""
    policy = classifier.policy
    settings = [f"words: {', '.join(policy.words)}"]
    for label, values in (
        ("patterns", policy.patterns),
        ("accounts", policy.accounts),
        ("regions", policy.regions),
    ):
        if values:
            settings.append(f"{label}: {', '.join(values)}")
    for environment, accounts in policy.environments.items():
        settings.append(f"{environment} accounts: {', '.join(accounts)}")
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
            lines.append(f"  stage {classifier.quoted(stage.name, pipeline)}: {_describe(verdict)}")
            for action in stage.actions:
                if classifier.is_deploying(action, pipeline):
                    reason = _describe(classifier.action(pipeline, stage, action))
                    label = classifier.quoted(action.name, pipeline)
                    lines.append(f"    deploys {label}: {reason}")
    for target in targets:
        kind = _TARGET_KINDS[type(target)]
        at = target.key_loc or target.loc
        described = _describe(classifier.resource(target))
        lines.append(f"{at.path}:{at.line}: {kind} {target.logical_id}: {described}")
    return "\n".join(lines) + "\n"


_TARGET_KINDS: dict[type, str] = {
    DeploymentGroup: "deployment group",
    SamFunction: "function",
    CodeBuildProject: "CodeBuild project",
}


def _quoted(text: str | None, fallback: str | None = None) -> str:
    """``"text"``, or ``fallback`` (``(unnamed)``) for no text."""
    return f'"{text}"' if text else (fallback or "(unnamed)")


def _describe(verdict: Verdict) -> str:
    return f"production ({verdict.reason})" if verdict else "not production"
