"""Located source values: literals and the CloudFormation intrinsics that stand for them."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from pipelint.loaders.document import LoadError
from pipelint.loaders.json_parser import parse_json
from pipelint.model.location import Location

#: A literal value as written in a document.
LiteralValue: TypeAlias = str | int | float | bool | None

_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):[^}]*\}\}")


def is_dynamic_reference(value: object) -> bool:
    """Whether ``value`` is a string holding a ``{{resolve:ssm|ssm-secure|secretsmanager:…}}``.

    CloudFormation resolves these at deploy time: the secret is not in the document.
    """
    return isinstance(value, str) and _DYNAMIC_REFERENCE.search(value) is not None


def is_intrinsic_key(key: object) -> bool:
    """Whether ``key`` names an intrinsic function (``Ref``, ``Condition``, ``Fn::…``)."""
    return isinstance(key, str) and (key in ("Ref", "Condition") or key.startswith("Fn::"))


@dataclass(frozen=True, slots=True)
class Intrinsic:
    """A CloudFormation intrinsic function call, kept symbolic.

    ``args`` is the plain argument exactly as written in long form (nested intrinsics stay
    one-key mappings), e.g. ``Intrinsic("Fn::GetAtt", ["Role", "Arn"])``.

    ``Fn::ToJsonString`` also stands for a nested structure written where AWS expects a
    string and holding intrinsics (CloudFormation serialises it after resolving them).
    """

    function: str
    args: Any

    @staticmethod
    def from_raw(raw: object) -> Intrinsic | None:
        """The intrinsic ``raw`` is (a one-key mapping ``Ref``/``Condition``/``Fn::…``), if any."""
        if isinstance(raw, dict) and len(raw) == 1:
            ((key, args),) = raw.items()
            if is_intrinsic_key(key):
                return Intrinsic(key, args)
        return None

    def to_raw(self) -> dict[str, Any]:
        """The long-form mapping, as in a JSON template."""
        return {self.function: self.args}

    def __hash__(self) -> int:
        return hash((self.function, _canonical(self.args)))

    def __str__(self) -> str:
        return _short_form(self)


def loads_or_none(text: str) -> Any:
    """``text`` decoded as strict JSON, as a JSON document is read; ``None`` when it is not
    (a syntax error, a duplicate key, ``NaN``, nesting deeper than a document may be).

    For JSON text found in a document (a CloudFormation ``Configuration`` string, a policy,
    ``ParameterOverrides``): such text is data, so decoding it never raises, and what it
    decodes to can be walked like the rest of the document. JSON ``null`` decodes to
    ``None`` too.
    """
    try:
        return parse_json(text)[0]
    except LoadError:
        return None


def contains_intrinsic(raw: object) -> bool:
    """Whether a plain structure holds an intrinsic function anywhere."""
    if isinstance(raw, dict):
        if Intrinsic.from_raw(raw) is not None:
            return True
        return any(contains_intrinsic(value) for value in raw.values())
    if isinstance(raw, list):
        return any(contains_intrinsic(item) for item in raw)
    return False


def literal_text(value: object) -> str | None:
    """A literal as the string the AWS API receives: ``true``/``false``, ints as digits.

    Whole floats keep their decimal point (``0.0``), as CloudFormation passes them on.
    ``None`` for ``None`` and for anything that is not a literal scalar.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    return None


@dataclass(frozen=True, slots=True)
class Scalar:
    """One value of a document with its location; equality ignores the location.

    ``value`` is a literal (``str``/``int``/``float``/``bool``/``None``) or an
    :class:`Intrinsic`; a key written with an empty value (``key:``) gives ``Scalar(None)``,
    while an absent key gives no :class:`Scalar` at all. ``loc`` is where the value is;
    ``key_loc`` is where its mapping key is (``None`` for list items).
    """

    value: LiteralValue | Intrinsic
    loc: Location = field(compare=False)
    key_loc: Location | None = field(default=None, compare=False)

    @property
    def is_literal(self) -> bool:
        """Whether the value is written out (not an intrinsic function)."""
        return not isinstance(self.value, Intrinsic)

    @property
    def intrinsic(self) -> Intrinsic | None:
        """The intrinsic function, when the value is one."""
        return self.value if isinstance(self.value, Intrinsic) else None

    @property
    def text(self) -> str | None:
        """The literal as the AWS API sees it (:func:`literal_text`); ``None`` for intrinsics."""
        return literal_text(self.value)

    @property
    def is_dynamic_reference(self) -> bool:
        """Whether the value is a ``{{resolve:…}}`` dynamic reference."""
        return is_dynamic_reference(self.value)

    @property
    def as_bool(self) -> bool | None:
        """``True``/``False`` for a boolean or its string spelling (any case); else ``None``."""
        if isinstance(self.value, bool):
            return self.value
        if isinstance(self.value, str):
            lowered = self.value.strip().lower()
            if lowered == "true":
                return True
            if lowered == "false":
                return False
        return None

    @property
    def as_int(self) -> int | None:
        """The integer for an int, a whole float or a string of digits; else ``None``."""
        value = self.value
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            return int(value)
        return None

    def __repr__(self) -> str:
        return f"Scalar({self.value!r} @ {self.loc.line}:{self.loc.column})"


def _canonical(raw: object) -> str:
    return json.dumps(raw, sort_keys=True, default=str)


def _short_form(intrinsic: Intrinsic) -> str:
    """A compact rendering for messages: ``!Ref Role``, ``!GetAtt Role.Arn``, ``!Sub '…'``."""
    name = intrinsic.function.removeprefix("Fn::")
    args = intrinsic.args
    if intrinsic.function == "Fn::GetAtt" and isinstance(args, list) and len(args) == 2:
        return f"!GetAtt {args[0]}.{args[1]}"
    if isinstance(args, str):
        return f"!{name} {args}"
    return f"!{name} {json.dumps(args, default=str, separators=(', ', ': '))}"
