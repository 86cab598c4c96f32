"""PL002: the structure of a document against the AWS models (see ``data/structure.json``).

The schemas are derived from botocore and the CloudFormation registry schemas by
``scripts/derive_structure_schemas.py``, in a small subset of JSON Schema this module walks
itself: one finding per problem, located at the offending key or value (a missing key at
its parent's key), worded for a person rather than a schema. In templates, intrinsic
functions stand for values that cannot be known offline and are never reported, and
scalars are read as CloudFormation reads them (``RunOrder: "2"`` is an integer).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pipelint.loaders.document import Document, DocumentKind
from pipelint.model.location import Location, Pointer
from pipelint.model.values import is_dynamic_reference, is_intrinsic_key, literal_text


@dataclass(frozen=True, slots=True)
class Problem:
    """One structural problem of a document."""

    message: str
    location: Location

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", self.message[:1].upper() + self.message[1:])


@lru_cache(maxsize=1)
def schemas() -> dict[str, Any]:
    """The derived schemas (read once, on the first document checked)."""
    text = resources.files("pipelint").joinpath("data/structure.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def check_structure(document: Document) -> Iterator[Problem]:
    """Every structural problem of ``document`` (the run sorts findings by position)."""
    data = document.data
    if document.kind == DocumentKind.PIPELINE:
        envelope = isinstance(data, dict) and isinstance(data.get("pipeline"), dict)
        name = "pipeline-envelope" if envelope else "pipeline"
        yield from _Walker(document, cloudformation=False).check(name, data, ())
    elif document.kind == DocumentKind.APPSPEC:
        platform = "appspec"
        if isinstance(data, dict) and any(str(key).lower() == "resources" for key in data):
            platform = "appspec-resources"
        # The CodeDeploy agent converts scalars (``timeout: "300"`` is 300): read them leniently;
        # a key spelt in another case is PL701's finding.
        walker = _Walker(document, cloudformation=False, lenient=True, case_elsewhere=True)
        yield from walker.check(platform, data, ())
    elif document.kind == DocumentKind.CLOUDFORMATION:
        yield from _check_template(document)


def _check_template(document: Document) -> Iterator[Problem]:
    data = document.data
    found = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return
    documents = schemas()["documents"]
    walker = _Walker(document, cloudformation=True)
    for logical_id, resource in found.items():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            continue
        if resource["Type"] not in documents:
            continue
        pointer: Pointer = ("Resources", logical_id, "Properties")
        if "Properties" in resource:
            yield from walker.check(resource["Type"], resource["Properties"], pointer)
        elif documents[resource["Type"]].get("required"):
            required = ", ".join(f"`{key}`" for key in documents[resource["Type"]]["required"])
            yield Problem(
                f"Resource `{logical_id}` has no `Properties`; {resource['Type']} requires "
                f"{required}",
                document.locate(("Resources", logical_id), key=True),
            )


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}
_STRING_KEYWORDS = frozenset(("enum", "pattern", "minLength", "maxLength"))
_INTEGER_TEXT = re.compile(r"[-+]?\d+")
_NUMBER_TEXT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class _Walker:
    """Checks values against the derived schemas, for one document."""

    def __init__(
        self,
        document: Document,
        *,
        cloudformation: bool,
        lenient: bool = False,
        case_elsewhere: bool = False,
    ) -> None:
        self.document = document
        self.cloudformation = cloudformation
        #: Whether a key spelt in another case is left to another rule (neither unknown, nor
        #: a missing key).
        self.case_elsewhere = case_elsewhere
        #: Whether scalars convert (a string of digits is an integer, any scalar a string).
        self.lenient = lenient or cloudformation
        self.definitions: dict[str, Any] = schemas()["definitions"]
        self.documents: dict[str, Any] = schemas()["documents"]

    def check(self, name: str, value: Any, pointer: Pointer) -> Iterator[Problem]:
        yield from self._value(self.documents[name], value, pointer)

    # -- where and what ---------------------------------------------------------------------

    def _at(self, pointer: Pointer, *, key: bool = False) -> Location:
        return self.document.locate(pointer, key=key)

    def _subject(self, pointer: Pointer) -> str:
        """How a message names the value at ``pointer``: its key, or the list item it is
        (by its name, when it has one: ``the item `Build` of `actions```)."""
        item = self.document.get(pointer)
        while len(pointer) > 2 and pointer[-2] == "Fn::If":  # a branch stands for its !If
            pointer = pointer[:-2]
        if not pointer:
            return "the document"
        last = pointer[-1]
        if not isinstance(last, int):
            return f"`{last}`"
        parent = next((p for p in reversed(pointer) if isinstance(p, str)), None)
        name = item.get("name", item.get("Name")) if isinstance(item, dict) else None
        label = f"the item `{name}`" if isinstance(name, str) else f"item {last + 1}"
        return f"{label} of `{parent}`" if parent else label

    def _is_unknown(self, value: Any) -> bool:
        """Whether ``value`` is an intrinsic function in a template (never reported)."""
        if not self.cloudformation or not isinstance(value, dict) or len(value) != 1:
            return False
        return is_intrinsic_key(next(iter(value)))

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.definitions[schema["$ref"]]
        return schema

    # -- checking ---------------------------------------------------------------------------

    def _value(self, schema: dict[str, Any], value: Any, pointer: Pointer) -> Iterator[Problem]:
        schema = self._resolve(schema)
        if self._is_unknown(value):
            yield from self._branches(schema, value, pointer)
            return
        types = schema.get("type")
        if types is not None:
            wanted: list[str] = types if isinstance(types, list) else [types]
            kind = self._kind(value, wanted)
            if kind is None:
                expected = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
                yield Problem(
                    f"{self._subject(pointer)} must be {expected} — got {_describe(value)}",
                    self._at(pointer),
                )
                return
        if isinstance(value, dict):
            yield from self._mapping(schema, value, pointer)
        elif isinstance(value, list):
            yield from self._list(schema, value, pointer)
        else:
            yield from self._scalar(schema, value, pointer)

    def _other_case(self, key: object, names: dict[Any, Any]) -> bool:
        """Whether ``key`` is among ``names`` in another case, and that is another rule's."""
        if not self.case_elsewhere or not isinstance(key, str):
            return False
        return any(isinstance(name, str) and name.lower() == key.lower() for name in names)

    def _branches(self, schema: dict[str, Any], value: Any, pointer: Pointer) -> Iterator[Problem]:
        """The branches of an ``!If`` written where a mapping belongs, each checked as one."""
        args = value.get("Fn::If")
        if not isinstance(args, list) or len(args) != 3:
            return
        for branch in (1, 2):
            if isinstance(args[branch], dict) and not self._is_unknown(args[branch]):
                yield from self._value(schema, args[branch], (*pointer, "Fn::If", branch))

    def _kind(self, value: Any, wanted: list[str]) -> str | None:
        """Which of the ``wanted`` types ``value`` is (as CloudFormation reads scalars)."""
        for kind in wanted:
            if _is_kind(value, kind, lenient=self.lenient):
                return kind
        return None

    def _mapping(
        self, schema: dict[str, Any], value: dict[Any, Any], pointer: Pointer
    ) -> Iterator[Problem]:
        properties: dict[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        # A mapping with an intrinsic among its keys (``Fn::Transform``) is partly unknown.
        partial = self.cloudformation and any(is_intrinsic_key(key) for key in value)
        for key, item in value.items():
            at = (*pointer, key)
            if self.cloudformation and is_intrinsic_key(key):
                continue
            if key in properties:
                yield from self._value(properties[key], item, at)
            elif extra is False and not self._other_case(key, properties):
                yield Problem(
                    _unknown_key(key, self._subject(pointer), properties), self._at(at, key=True)
                )
                continue
            elif isinstance(extra, dict):
                yield from self._value(extra, item, at)
            if names is not None:
                for message in _string_problems(self._resolve(names), str(key)):
                    yield Problem(
                        f"Key `{key}` of {self._subject(pointer)} {message}", self._at(at, key=True)
                    )
        if partial:
            return
        for key in schema.get("required", ()):
            if key not in value and not self._other_case(key, value):
                yield Problem(
                    f"{self._subject(pointer)} is missing the required key `{key}`",
                    self._at(pointer, key=True),
                )
        either = schema.get("requiredXor")
        if either and not any(key in value for key in either):
            keys = " or ".join(f"`{key}`" for key in either)
            yield Problem(
                f"{self._subject(pointer)} is missing {keys}", self._at(pointer, key=True)
            )

    def _list(
        self, schema: dict[str, Any], value: list[Any], pointer: Pointer
    ) -> Iterator[Problem]:
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                yield from self._value(items, item, (*pointer, index))
        if any(self._is_unknown(item) for item in value):
            return  # an intrinsic item may stand for any number of items
        low, high = schema.get("minItems"), schema.get("maxItems")
        count = len(value)
        if (low is not None and count < low) or (high is not None and count > high):
            yield Problem(
                f"{self._subject(pointer)} must have {_count_range(low, high)} — got {count}",
                self._at(pointer),
            )

    def _scalar(self, schema: dict[str, Any], value: Any, pointer: Pointer) -> Iterator[Problem]:
        if isinstance(value, str) and self.cloudformation and is_dynamic_reference(value):
            return
        messages: list[str] = []
        if _STRING_KEYWORDS.intersection(schema):
            text = literal_text(value)
            if text is not None:
                messages.extend(_string_problems(schema, text))
        low, high = schema.get("minimum"), schema.get("maximum")
        number = _number(value) if low is not None or high is not None else None
        if number is not None:
            if low is not None and number < low:
                messages.append(f"must be at least {low} — got {value}")
            elif high is not None and number > high:
                messages.append(f"must be at most {high} — got {value}")
        for message in messages:
            yield Problem(f"{self._subject(pointer)} {message}", self._at(pointer))


def _is_kind(value: Any, kind: str, *, lenient: bool) -> bool:
    """Whether ``value`` is of JSON Schema type ``kind``; ``lenient`` reads scalars as
    CloudFormation does (a string of digits is an integer, any scalar a string)."""
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "null":
        return value is None
    if kind == "boolean":
        if isinstance(value, bool):
            return True
        return lenient and isinstance(value, str) and value.lower() in ("true", "false")
    if kind == "string":
        if isinstance(value, str):
            return True
        return lenient and isinstance(value, (int, float))
    if isinstance(value, bool):
        return False
    if kind == "integer":
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return True
        return lenient and isinstance(value, str) and _INTEGER_TEXT.fullmatch(value) is not None
    if kind == "number":
        if isinstance(value, (int, float)):
            return True
        return lenient and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value) is not None
    return True


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        return float(value)
    return None


def _string_problems(schema: dict[str, Any], text: str) -> Iterator[str]:
    """What is wrong with ``text`` against the string keywords of ``schema`` (at most one)."""
    enum = schema.get("enum")
    if enum is not None:
        if text not in enum:
            allowed = f"`{enum[0]}`" if len(enum) == 1 else f"one of {', '.join(enum)}"
            yield f"must be {allowed} — got `{text}`"
        return
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and len(text) < low:
        yield "must not be empty" if low == 1 else f"must be at least {low} characters long"
        return
    if high is not None and len(text) > high:
        yield f"must be at most {high} characters long — got {len(text)}"
        return
    pattern = schema.get("pattern")
    if pattern is not None and not _matches(pattern, text):
        yield _mismatch(pattern, text)


#: A pattern that is one character class repeated: ``[A-Za-z0-9.@\-_]+``.
_CHARACTER_CLASS = re.compile(r"\^?(\[[^\]]+\])(?:\+|\{\d+,\d+\})\$?")


def _mismatch(pattern: str, text: str) -> str:
    """Why ``text`` does not match ``pattern``: the characters it may not hold, when the
    pattern is a character class, else the pattern."""
    single = _CHARACTER_CLASS.fullmatch(pattern)
    if single is not None and text:
        allowed = _compiled(single.group(1))
        bad = sorted({c for c in text if not allowed.fullmatch(c)})
        if bad:
            shown = ", ".join(f"`{c}`" if c != " " else "a space" for c in bad)
            return f"may not contain {shown} (allowed: `{single.group(1)}`) — got `{text}`"
    return f"must match `{pattern}` — got `{text}`"


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matches(pattern: str, text: str) -> bool:
    """A full match, as the service validates (botocore patterns are not anchored)."""
    return _compiled(pattern).fullmatch(text) is not None


def _unknown_key(key: object, subject: str, properties: dict[str, Any]) -> str:
    message = f"Unknown key `{key}` in {subject}"
    if isinstance(key, str):
        by_case = {name.lower(): name for name in properties}
        close = by_case.get(key.lower()) or next(
            iter(difflib.get_close_matches(key, list(properties), n=1, cutoff=0.75)), None
        )
        if close is not None:
            return f"{message}; did you mean `{close}`?"
    return message


def _count_range(low: int | None, high: int | None) -> str:
    def items(count: int) -> str:
        return f"{count} item" if count == 1 else f"{count} items"

    if low is not None and low == high:
        return f"exactly {items(low)}"
    if low is not None and high is not None:
        return f"{low} to {items(high)}"
    if low is not None:
        return f"at least {items(low)}"
    return f"at most {items(high or 0)}"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the string `{value}`" if len(value) <= 60 else "a string"
    if isinstance(value, bool):
        return f"`{'true' if value else 'false'}`"
    return f"`{value}`"
