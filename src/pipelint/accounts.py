"""Accounts: the account a pipeline runs in, the accounts its actions act in and reach,
and the environment (with its configured accounts) an action deploys to.

Accounts are what :meth:`Project.account_of <pipelint.model.project.Project.account_of>`
answers: a 12-digit ID, the account a template is deployed to (``AWS::AccountId``), or
unknown. Whether two such answers are the same account is known only when both are IDs, or
both the deploying account of the same template; otherwise it is unknown (``None``), and
rules say nothing. :class:`AccountNames` is the one notion of an account the rules use:
the pipeline's (:func:`pipeline_account`), a template's (:func:`template_account`), and
the one an action's role performs it in (:func:`acting_account`, :func:`action_accounts`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from pipelint.model.arn import is_account_id
from pipelint.model.node import Node
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.project import AccountAnswer, DeployingAccount
from pipelint.model.reader import to_scalar_value
from pipelint.model.resolution import UNKNOWN
from pipelint.model.values import Scalar
from pipelint.production import STACK_PROVIDERS, TARGET_KEYS, split_words

if TYPE_CHECKING:
    from pipelint.model.build import DocumentModel
    from pipelint.model.project import Project
    from pipelint.production import ProductionClassifier

#: The environment of a production action (the accounts of ``production.accounts``).
PRODUCTION = "production"
#: Configuration keys holding the ARN of what an action acts on, in the account it targets,
#: with what each names.
TARGET_ARN_KEYS = {"StateMachineArn": "state machine"}


@dataclass(frozen=True)
class AccountNames:
    """One account, by every name known for it: a 12-digit ID, the deploying account of a
    template (a pipeline's: an ``AWS::CodePipeline::Pipeline`` is in it), or both. No
    names: an account that cannot be known."""

    names: frozenset[str | DeployingAccount]

    @property
    def id(self) -> str | None:
        """The 12-digit ID, when it is known."""
        return next((name for name in self.names if isinstance(name, str)), None)

    def holds(self, account: AccountAnswer) -> bool | None:
        """Whether ``account`` is this one: ``None`` when that cannot be known."""
        if not isinstance(account, (str, DeployingAccount)):
            return None
        if account in self.names:
            return True
        if isinstance(account, str) and self.id is not None:
            return False  # two different IDs
        return None

    def id_of(self, account: AccountAnswer) -> str | None:
        """The 12-digit ID of ``account``: its own, or this account's when it is this one."""
        if isinstance(account, str):
            return account
        return self.id if self.holds(account) else None

    def is_other_than(self, other: AccountNames) -> bool:
        """Whether this account is certainly not ``other``: its ID is known, and ``other``
        is known not to have it."""
        return self.id is not None and other.holds(self.id) is False

    def __str__(self) -> str:
        return self.id or "the pipeline's account"


def pipeline_account(pipeline: Pipeline, project: Project) -> AccountNames:
    """The account ``pipeline`` runs in, as far as it is known."""
    names: set[str | DeployingAccount] = set()
    if pipeline.shape == "cloudformation":
        names.add(DeployingAccount(pipeline.document_path))
    role = project.account_of(pipeline.role_arn, pipeline.document_path)
    if isinstance(role, (str, DeployingAccount)):
        names.add(role)
    return AccountNames(frozenset(names))


def template_account(model: DocumentModel, project: Project) -> AccountNames:
    """The account a template's resources are in (its pipelines' too), by every name known
    for it."""
    names: set[str | DeployingAccount] = {DeployingAccount(model.document.path)}
    for pipeline in model.pipelines:
        names.update(pipeline_account(pipeline, project).names)
    return AccountNames(frozenset(names))


def account_of(value: Scalar | None, pipeline: Pipeline, project: Project) -> AccountAnswer:
    """The account of an ARN written in ``pipeline`` (see :meth:`Project.account_of`)."""
    return project.account_of(value, pipeline.document_path)


def principal_account(principal: object, policy: Node, project: Project) -> AccountAnswer:
    """The account of an ``AWS`` principal of ``policy`` (kept as written): a 12-digit ID,
    written or resolved, or the account of a root, role or user ARN."""
    value = to_scalar_value(principal)
    if value is None:
        return UNKNOWN
    within = policy.loc.path
    scalar = Scalar(value, policy.loc)
    text = project.resolve_text(scalar, within)
    if text is not None and is_account_id(text):
        return text
    return project.account_of(scalar, within)


def acting_account(
    action: Action, pipeline: Pipeline, project: Project, home: AccountNames
) -> AccountNames:
    """The account whose role performs ``action``: that of its ``roleArn``, or the pipeline's
    when it has none (the pipeline's role performs it). Its ``names`` are empty when the
    role's account cannot be known."""
    if action.role_arn is None:
        return home
    account = account_of(action.role_arn, pipeline, project)
    if not isinstance(account, (str, DeployingAccount)):
        return AccountNames(frozenset())
    return AccountNames(home.names if home.holds(account) else frozenset({account}))


class ActionAccount(NamedTuple):
    """An action with a ``roleArn``, and the account of that role."""

    stage: Stage
    action: Action
    account: AccountNames


def action_accounts(
    pipeline: Pipeline, project: Project, home: AccountNames | None = None
) -> tuple[ActionAccount, ...]:
    """Every action with a ``roleArn``, with the account of its role
    (:func:`acting_account`), in pipeline order."""
    home = home or pipeline_account(pipeline, project)
    return tuple(
        ActionAccount(stage, action, acting_account(action, pipeline, project, home))
        for stage, action in pipeline.actions()
        if action.role_arn is not None
    )


def cross_account_actions(pipeline: Pipeline, project: Project) -> tuple[ActionAccount, ...]:
    """The actions whose ``roleArn`` is known to be in another account than the pipeline's
    (a 12-digit ID that is not the pipeline's)."""
    home = pipeline_account(pipeline, project)
    return tuple(
        found
        for found in action_accounts(pipeline, project, home)
        if found.account.is_other_than(home)
    )


def has_cross_account_actions(pipeline: Pipeline, project: Project) -> bool:
    """Whether some action certainly runs in another account than the pipeline: one is known
    to (:func:`cross_account_actions`), or action roles are in two different known accounts,
    at most one of which can be the pipeline's."""
    home = pipeline_account(pipeline, project)
    found = action_accounts(pipeline, project, home)
    if any(action.account.is_other_than(home) for action in found):
        return True
    ids = {action.account.id for action in found}
    return len(ids - {None}) > 1


def is_stack_action(action: Action) -> bool:
    """Whether ``action`` is a CloudFormation (StackSet) action, by its literal provider: its
    ``Configuration.RoleArn`` is the role CloudFormation operates the stack with, which must
    be in the account of the action's ``roleArn`` (the stack's account)."""
    return action.provider is not None and action.provider.text in STACK_PROVIDERS


@dataclass(frozen=True)
class Target:
    """An account an action acts in, read from an ARN of its configuration."""

    account: str
    key: str
    value: Scalar

    @property
    def label(self) -> str:
        """What the ARN names: ``stack role``, ``state machine``."""
        return TARGET_ARN_KEYS.get(self.key, "stack role")


def target_accounts(action: Action, pipeline: Pipeline, project: Project) -> Iterator[Target]:
    """The accounts named by the ARNs of what ``action`` acts on (a stack action's
    ``RoleArn``, a state machine), when they are 12-digit IDs."""
    keys = (*(("RoleArn",) if is_stack_action(action) else ()), *TARGET_ARN_KEYS)
    for key in keys:
        value = action.config(key)
        account = account_of(value, pipeline, project)
        if value is not None and isinstance(account, str) and is_account_id(account):
            yield Target(account, key, value)


# -- environments -------------------------------------------------------------------------------


def environment_of(
    pipeline: Pipeline, stage: Stage, action: Action, production: ProductionClassifier
) -> str | None:
    """The environment ``action`` deploys to, read from its names: :data:`PRODUCTION` when
    the stage, the action or a target name is a production name, else the configured
    environment (``production.environments``) one of them names. ``None`` when none does,
    or several do (which one is meant is unknown).

    The account is not consulted (it is what the environment is checked against).
    """
    environments = production.policy.environments
    found: set[str] = set()
    for value in (stage.name, action.name, *(action.config(key) for key in TARGET_KEYS)):
        for text in production.possible(value, pipeline).texts:
            if production.name(text) is not None:
                found.add(PRODUCTION)
            found.update(name for name in environments if _mentions(text, name))
    return found.pop() if len(found) == 1 else None


def environment_accounts(environment: str, production: ProductionClassifier) -> tuple[str, ...]:
    """The accounts configured for ``environment`` (none: not configured)."""
    if environment == PRODUCTION:
        return production.policy.accounts
    return tuple(production.policy.environments.get(environment, ()))


def _mentions(text: str, environment: str) -> bool:
    """Whether ``text`` names ``environment``: some words of it in a row, written together,
    are the environment's (``Deploy-Pre-Prod`` names ``preprod``, ``DeployStaging``
    ``staging``)."""
    wanted = "".join(split_words(environment))
    words = split_words(text)
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            if joined == wanted:
                return True
            if not wanted.startswith(joined):
                break
    return False
