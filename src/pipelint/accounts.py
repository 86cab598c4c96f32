"""Which account a pipeline runs in, and which of its actions run in another one.

The pipeline's account is the account of its service role (``roleArn``): CodePipeline runs
in the account that owns it. An action runs in another account when the role CodePipeline
assumes for it (the action's ``roleArn``, DOMAIN §1.6) is in another account.

Accounts come from :meth:`Project.account_of <pipelint.model.project.Project.account_of>`: a
12-digit ID, the account a template is deployed to, or unknown. Two accounts differ only when
both are known and not the same: a role in account ``222233334444`` of a template whose
pipeline role is ``!GetAtt Role.Arn`` may be in the deploying account, so that action is not
called cross-account. Roles in two different known accounts are another matter: they cannot
both be in the pipeline's account, whatever it is (:func:`has_cross_account_actions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.project import AccountAnswer, Project

__all__ = [
    "ActionAccount",
    "accounts_differ",
    "action_accounts",
    "cross_account_actions",
    "has_cross_account_actions",
    "pipeline_account",
]


@dataclass(frozen=True, slots=True)
class ActionAccount:
    """An action with a ``roleArn``, and the account of that role."""

    stage: Stage
    action: Action
    account: AccountAnswer


def pipeline_account(pipeline: Pipeline, project: Project) -> AccountAnswer:
    """The account the pipeline runs in: that of its service role."""
    return project.account_of(pipeline.role_arn, pipeline.document_path)


def accounts_differ(first: AccountAnswer, second: AccountAnswer) -> bool:
    """Whether two accounts are known 12-digit IDs, and not the same one."""
    return isinstance(first, str) and isinstance(second, str) and first != second


def action_accounts(pipeline: Pipeline, project: Project) -> tuple[ActionAccount, ...]:
    """Every action with a ``roleArn``, with the account of its role, in pipeline order."""
    return tuple(
        ActionAccount(stage, action, project.account_of(action.role_arn, pipeline.document_path))
        for stage, action in pipeline.actions()
        if action.role_arn is not None
    )


def cross_account_actions(pipeline: Pipeline, project: Project) -> tuple[ActionAccount, ...]:
    """The actions whose role is known to be in another account than the pipeline's."""
    home = pipeline_account(pipeline, project)
    return tuple(
        found
        for found in action_accounts(pipeline, project)
        if accounts_differ(found.account, home)
    )


def has_cross_account_actions(pipeline: Pipeline, project: Project) -> bool:
    """Whether some action certainly runs in another account than the pipeline: one is known
    to (:func:`cross_account_actions`), or action roles are in two different known accounts,
    at most one of which can be the pipeline's."""
    if cross_account_actions(pipeline, project):
        return True
    accounts = {
        found.account
        for found in action_accounts(pipeline, project)
        if isinstance(found.account, str)
    }
    return len(accounts) > 1
