"""Which account a pipeline runs in, and which of its actions run in another one.

The pipeline's account is the account of its service role (``roleArn``): CodePipeline
runs in the account that owns it. An action runs in another account when CodePipeline
assumes a role of that account for it (the action's ``roleArn``, DOMAIN §1.6).

Accounts come from :meth:`Project.account_of <pipelint.model.project.Project.account_of>`:
a 12-digit ID, the account a template is deployed to, or unknown. Two accounts differ only
when both are known and not the same: a role in account ``222233334444`` of a template
whose pipeline role is ``!GetAtt Role.Arn`` may be in the deploying account, so it is not
called cross-account. Roles in two different known accounts are another matter: they
cannot both be in the pipeline's account, whatever it is (:func:`has_cross_account_actions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.project import AccountAnswer, Project
from pipelint.model.resolution import UnknownType

__all__ = [
    "CrossAccountAction",
    "accounts_differ",
    "action_account",
    "cross_account_actions",
    "has_cross_account_actions",
    "pipeline_account",
]


@dataclass(frozen=True, slots=True)
class CrossAccountAction:
    """An action whose role is in ``account``, another account than the pipeline's."""

    stage: Stage
    action: Action
    account: AccountAnswer


def pipeline_account(pipeline: Pipeline, project: Project) -> AccountAnswer:
    """The account the pipeline runs in: that of its service role."""
    return project.account_of(pipeline.role_arn, pipeline.document_path)


def action_account(action: Action, pipeline: Pipeline, project: Project) -> AccountAnswer:
    """The account of the role CodePipeline assumes for ``action``; for an action without
    a ``roleArn``, the pipeline's own."""
    if action.role_arn is None:
        return pipeline_account(pipeline, project)
    return project.account_of(action.role_arn, pipeline.document_path)


def accounts_differ(first: AccountAnswer, second: AccountAnswer) -> bool:
    """Whether two accounts are known, and not the same account."""
    if isinstance(first, UnknownType) or isinstance(second, UnknownType):
        return False
    if isinstance(first, str) and isinstance(second, str):
        return first != second
    return False  # a deploying account may be any 12-digit one, or another deploying one


def cross_account_actions(pipeline: Pipeline, project: Project) -> tuple[CrossAccountAction, ...]:
    """The actions whose role is known to be in another account than the pipeline's."""
    home = pipeline_account(pipeline, project)
    found: list[CrossAccountAction] = []
    for stage, action in pipeline.actions():
        if action.role_arn is None:
            continue
        account = project.account_of(action.role_arn, pipeline.document_path)
        if accounts_differ(account, home):
            found.append(CrossAccountAction(stage, action, account))
    return tuple(found)


def has_cross_account_actions(pipeline: Pipeline, project: Project) -> bool:
    """Whether some action certainly runs in another account than the pipeline: one does
    (:func:`cross_account_actions`), or action roles are in two different known accounts
    (at most one of which can be the pipeline's)."""
    if cross_account_actions(pipeline, project):
        return True
    accounts = {
        account
        for _, action in pipeline.actions()
        if action.role_arn is not None
        and isinstance(account := project.account_of(action.role_arn, pipeline.document_path), str)
    }
    return len(accounts) > 1
