"""Reading the statements of a key or bucket policy, kept as written (long-form intrinsics).

A value written as an intrinsic is *unknown* here (``None``), and the rules stay silent
about what it might allow.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from pipelint.model.values import Intrinsic


def is_readable(statement: Any) -> bool:
    """Whether a statement is a mapping as written (not an intrinsic such as ``!If``)."""
    return isinstance(statement, dict) and Intrinsic.from_raw(statement) is None


def is_allow(statement: Any) -> bool:
    return isinstance(statement, dict) and statement.get("Effect") == "Allow"


def is_deny(statement: Any) -> bool:
    return isinstance(statement, dict) and statement.get("Effect") == "Deny"


def allows_unconditionally(statement: Any) -> bool:
    """Whether a statement allows, with no ``Condition`` key."""
    return is_allow(statement) and "Condition" not in statement


def listed(raw: Any) -> list[Any]:
    """A value or a list of values as a list (an intrinsic, which may stand for either, is
    one item the caller cannot read)."""
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list) else [raw]


def actions(statement: Any) -> list[Any]:
    """The ``Action`` of a statement mapping, as a list of what is written."""
    return listed(statement.get("Action"))


def resources(statement: Any) -> list[Any]:
    """The ``Resource`` of a statement mapping, as a list of what is written."""
    return listed(statement.get("Resource"))


def principal_of(statement: Any) -> Any:
    """The ``Principal`` of a statement mapping as written (``"*"``, a mapping of kinds, an
    intrinsic); ``None`` when absent."""
    return statement.get("Principal")


def service_principals(statement: Any) -> list[Any]:
    """The ``Service`` principals of a statement mapping, as written; none when its
    principal is not a mapping."""
    principal = principal_of(statement)
    return listed(principal.get("Service")) if isinstance(principal, dict) else []


def aws_principals(statement: Any) -> list[Any] | None:
    """The ``AWS`` principals of a statement (``["*"]`` for ``Principal: "*"``); ``None``
    when they cannot be known (an intrinsic principal, or a statement that is one)."""
    if not isinstance(statement, dict):
        return None
    principal = principal_of(statement)
    if principal == "*":
        return ["*"]
    if not isinstance(principal, dict):
        return []
    if Intrinsic.from_raw(principal) is not None:
        return None
    return listed(principal.get("AWS"))


def allows_anyone(statement: Any) -> bool:
    """Whether a statement allows every principal (``*``) with no condition."""
    principals = aws_principals(statement) or []
    return is_allow(statement) and "*" in principals and not statement.get("Condition")


def covers_action(statement: Any, action: str) -> bool | None:
    """Whether the statement's ``Action`` matches ``action`` (wildcards, any case);
    ``None`` when it cannot be known (an intrinsic, or ``NotAction``)."""
    if "NotAction" in statement:
        return None
    written = actions(statement)
    if any(not isinstance(item, str) for item in written):
        return None
    return any(fnmatchcase(action.lower(), item.lower()) for item in written)


def denies_plain_http(statement: Any) -> bool | None:
    """Whether a statement denies requests made without TLS (``aws:SecureTransport`` false);
    ``None`` when it cannot be read."""
    if not is_readable(statement):
        return None
    if not is_deny(statement):
        return False
    condition = statement.get("Condition")
    if not isinstance(condition, dict) or Intrinsic.from_raw(condition) is not None:
        return None if condition is not None else False
    for operator, tests in condition.items():
        if not isinstance(tests, dict) or not str(operator).startswith("Bool"):
            continue
        for key, value in tests.items():
            if str(key).lower() == "aws:securetransport":
                values = listed(value)
                if any(isinstance(item, dict) for item in values):
                    return None
                return any(str(item).lower() == "false" for item in values)
    return False
