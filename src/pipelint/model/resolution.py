"""Resolving CloudFormation values offline, saying where each answer comes from.

A value resolves to a literal, to a marker for what only exists at deploy time (a
:class:`Pseudo` parameter such as the deploying account, a :class:`ResourceRef` to a
resource of the same template) or at run time (a CodePipeline :class:`PipelineVariable`),
a :class:`Text` mixing those with literal text, or :data:`UNKNOWN`. Every answer carries a
:class:`Provenance`; rules never guess past it.

A *partial* resolution (``Resolver.resolve(value, partial=True)``) keeps what is known of a
string even when a part of it cannot be resolved at all: that part becomes an
:class:`Unresolved` placeholder of a :class:`Text` instead of making the whole
:data:`UNKNOWN`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, TypeAlias

from pipelint.model.template import Template
from pipelint.model.values import Intrinsic, Scalar, contains_intrinsic, is_dynamic_reference

MAX_DEPTH = 32  # nested functions followed at most
MAX_STEPS = 2000  # values visited at most for one resolution


class Provenance(str, Enum):
    """Where a resolved value comes from, from most to least certain."""

    LITERAL = "literal"
    PSEUDO_PARAMETER = "pseudo-parameter"
    PARAMETER_DEFAULT = "parameter-default"
    RESOURCE = "resource"
    RUNTIME = "runtime"  # CodePipeline variables #{ns.var}, set when the pipeline runs
    EXTERNAL = "external"  # Fn::ImportValue, SSM parameter types, {{resolve:…}}
    CONDITIONAL = "conditional"  # Fn::If
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


_RANK = {provenance: rank for rank, provenance in enumerate(Provenance)}


def weakest(*provenances: Provenance) -> Provenance:
    """The least certain of ``provenances`` (``literal`` for none)."""
    return max(provenances, key=_RANK.__getitem__, default=Provenance.LITERAL)


class UnknownType:
    """The value of something that cannot be known offline."""

    _instance: UnknownType | None = None

    def __new__(cls) -> UnknownType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Final = UnknownType()


class Pseudo(Enum):
    """A pseudo parameter: a value fixed by the stack being deployed."""

    ACCOUNT_ID = "AWS::AccountId"
    REGION = "AWS::Region"
    PARTITION = "AWS::Partition"
    STACK_NAME = "AWS::StackName"
    STACK_ID = "AWS::StackId"
    URL_SUFFIX = "AWS::URLSuffix"
    NOTIFICATION_ARNS = "AWS::NotificationARNs"
    NO_VALUE = "AWS::NoValue"

    def __str__(self) -> str:
        return "${" + self.value + "}"


#: Resource types whose attributes may hold anything, an ARN of any account included: nested
#: stacks (``Outputs.X``), SAM applications and custom resources (and ``Custom::*``).
OPAQUE_TYPES: Final = frozenset(
    {
        "AWS::CloudFormation::Stack",
        "AWS::CloudFormation::CustomResource",
        "AWS::Serverless::Application",
    }
)

#: What ``Ref`` returns for a resource type (DOMAIN §7.3); other types return their name.
REF_RETURNS: Final[dict[str, str]] = {
    "AWS::KMS::Key": "key-id",
    "AWS::SNS::Topic": "arn",
    "AWS::Lambda::Alias": "arn",
    "AWS::Lambda::Version": "arn",
    "AWS::ECS::Service": "arn",
    "AWS::CodeStarConnections::Connection": "arn",
    "AWS::CodeConnections::Connection": "arn",
    "AWS::SecretsManager::Secret": "arn",
    "AWS::IAM::ManagedPolicy": "arn",
    "AWS::CodePipeline::Webhook": "id",
}


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """A ``Ref`` (``attribute`` ``None``) or ``Fn::GetAtt`` of a resource of the template.

    ``returns`` says what kind of value it is: ``"name"``, ``"arn"``, ``"key-id"``, ``"id"``
    or ``"value"`` (another attribute). ``Ref`` of an ``AWS::IAM::Role`` is its *name*. The
    ``…Arn`` attributes of :data:`OPAQUE_TYPES` are ``"value"``: their account is unknown.
    """

    logical_id: str
    type: str | None
    attribute: str | None = None
    returns: str = "name"

    def __str__(self) -> str:
        suffix = f".{self.attribute}" if self.attribute else ""
        return "${" + self.logical_id + suffix + "}"


@dataclass(frozen=True, slots=True)
class PipelineVariable:
    """A CodePipeline variable reference ``#{namespace.name}``, replaced when the pipeline runs."""

    name: str

    def __str__(self) -> str:
        return "#{" + self.name + "}"


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A part of a string that cannot be resolved at all (only in a partial resolution)."""

    def __str__(self) -> str:
        return "${?}"


#: A part of a :class:`Text` that is not known offline.
Placeholder: TypeAlias = Pseudo | ResourceRef | PipelineVariable | Unresolved


@dataclass(frozen=True, slots=True)
class Text:
    """A string some parts of which are only known at deploy or run time (``!Sub``, ``#{…}``)."""

    parts: tuple[str | Placeholder, ...]

    def __str__(self) -> str:
        return "".join(str(part) for part in self.parts)

    def written(self, placeholder: Callable[[Placeholder], str]) -> str:
        """The text with each part not known offline written as ``placeholder`` says."""
        return "".join(part if isinstance(part, str) else placeholder(part) for part in self.parts)


#: What a value resolves to; a tuple for a list.
ResolvedValue: TypeAlias = (
    str | int | float | bool | Placeholder | Text | tuple[Any, ...] | UnknownType | None
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolution: the ``value`` (or :data:`UNKNOWN`) and its ``provenance``.

    ``detail`` names what was followed (a parameter, resource, export or condition);
    ``branches`` are the two resolutions of an ``Fn::If``.
    """

    value: ResolvedValue
    provenance: Provenance
    detail: str = ""
    branches: tuple[Resolved, ...] = ()

    @property
    def is_known(self) -> bool:
        return self.value is not UNKNOWN

    @property
    def text(self) -> str | None:
        """The value as a plain string, when it is a literal scalar."""
        value = self.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
        return None


def unknown(provenance: Provenance = Provenance.UNKNOWN, detail: str = "") -> Resolved:
    return Resolved(UNKNOWN, provenance, detail)


_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_PIPELINE_VARIABLE = re.compile(r"#\{([\w@-]+\.[\w@.-]+)\}")
_PSEUDO_NAMES = {pseudo.value: pseudo for pseudo in Pseudo}


class Resolver:
    """Resolves the values of one template (or of a document without one: literals only)."""

    def __init__(self, template: Template | None) -> None:
        self.template = template
        self._steps = 0
        self._partial = False

    def resolve(self, value: Scalar | Intrinsic | Any, *, partial: bool = False) -> Resolved:
        """Resolve a :class:`Scalar`, an :class:`Intrinsic` or plain (long-form) data.

        With ``partial``, a string some parts of which cannot be resolved at all is a
        :class:`Text` holding an :class:`Unresolved` for each of them (see the module
        docstring); it is :data:`UNKNOWN` only when nothing of it is known.
        """
        if isinstance(value, Scalar):
            value = value.value
        if isinstance(value, Intrinsic):
            value = value.to_raw()
        self._steps = 0
        self._partial = partial
        return self._resolve(value, 0, frozenset())

    # -- dispatch -------------------------------------------------------------------------

    def _resolve(self, raw: Any, depth: int, seen: frozenset[str]) -> Resolved:
        self._steps += 1
        if depth > MAX_DEPTH or self._steps > MAX_STEPS:
            return unknown(detail="too deeply nested or too large to resolve")
        if isinstance(raw, str) and is_dynamic_reference(raw):
            return unknown(Provenance.EXTERNAL, raw)
        if isinstance(raw, str):
            return written_string(raw)
        if raw is None or isinstance(raw, (int, float, bool)):
            return Resolved(raw, Provenance.LITERAL)
        if isinstance(raw, list):
            items = [self._resolve(item, depth + 1, seen) for item in raw]
            return Resolved(
                tuple(item.value for item in items),
                weakest(*(item.provenance for item in items)),
            )
        intrinsic = Intrinsic.from_raw(raw)
        if intrinsic is None:
            if isinstance(raw, dict) and not contains_intrinsic(raw):
                return Resolved(json.dumps(raw, separators=(",", ":")), Provenance.LITERAL)
            return unknown()
        handler = _HANDLERS.get(intrinsic.function)
        if handler is None:
            return unknown(detail=intrinsic.function)
        return handler(self, intrinsic.args, depth + 1, seen)

    # -- functions ------------------------------------------------------------------------

    def _ref(self, name: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if not isinstance(name, str):
            return unknown()
        if name in _PSEUDO_NAMES:
            return Resolved(_PSEUDO_NAMES[name], Provenance.PSEUDO_PARAMETER, name)
        template = self.template
        if template is None:
            return unknown(detail=name)
        parameter = template.parameters.get(name)
        if parameter is not None:
            if name in seen:
                return unknown(detail=f"circular reference through {name}")
            kind = parameter.type.text if parameter.type is not None else None
            if kind is not None and kind.startswith("AWS::SSM::Parameter::Value"):
                return unknown(Provenance.EXTERNAL, name)
            if parameter.default is None:
                return unknown(detail=f"parameter {name} has no default")
            default = parameter.default.value
            raw = default.to_raw() if isinstance(default, Intrinsic) else default
            inner = self._resolve(raw, depth, seen | {name})
            if _is_list_type(kind) and isinstance(inner.value, str):
                inner = Resolved(
                    tuple(item.strip() for item in inner.value.split(",")), inner.provenance
                )
            provenance = weakest(Provenance.PARAMETER_DEFAULT, inner.provenance)
            detail = name if inner.is_known else inner.detail or name
            return Resolved(inner.value, provenance, detail, inner.branches)
        resource = template.resources.get(name)
        if resource is not None:
            returns = REF_RETURNS.get(resource.type or "", "name")
            return Resolved(
                ResourceRef(name, resource.type, None, returns), Provenance.RESOURCE, name
            )
        return unknown(detail=f"{name} is not declared")

    def _get_att(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if isinstance(args, str) and "." in args:
            args = args.split(".", 1)
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str)):
            return unknown()
        logical_id, attribute = args
        if not isinstance(attribute, str):
            return unknown(detail=f"{logical_id}.?")
        resource = self.template.resources.get(logical_id) if self.template else None
        if resource is None:
            return unknown(detail=f"{logical_id} is not declared")
        kind = resource.type or ""
        opaque = kind in OPAQUE_TYPES or kind.startswith("Custom::") or not kind
        returns = "arn" if attribute.endswith("Arn") and not opaque else "value"
        reference = ResourceRef(logical_id, resource.type, attribute, returns)
        return Resolved(reference, Provenance.RESOURCE, f"{logical_id}.{attribute}")

    def _sub(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        variables: dict[str, Any] = {}
        if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
            args, variables = args
        if not isinstance(args, str):
            return unknown()
        pieces: list[Resolved] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(args):
            pieces.append(written_string(args[position : match.start()]))
            position = match.end()
            name = match.group(1)
            if name.startswith("!"):
                pieces.append(written_string("${" + name[1:] + "}"))
            elif name in variables:
                pieces.append(self._resolve(variables[name], depth, seen))
            elif "." in name:
                pieces.append(self._get_att(name, depth, seen))
            else:
                pieces.append(self._ref(name, depth, seen))
        pieces.append(written_string(args[position:]))
        return concatenate(pieces, partial=self._partial)

    def _join(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str)):
            return unknown()
        delimiter, items = args
        if isinstance(items, list):
            values = [self._resolve(item, depth, seen) for item in items]
        else:  # a list-valued intrinsic (!Split, !Ref of a list parameter, …)
            listed = self._resolve(items, depth, seen)
            if not isinstance(listed.value, tuple):
                return unknown(weakest(listed.provenance, Provenance.UNKNOWN), listed.detail)
            values = [Resolved(value, listed.provenance) for value in listed.value]
        pieces: list[Resolved] = []
        for index, value in enumerate(values):
            if index:
                pieces.append(Resolved(delimiter, Provenance.LITERAL))
            pieces.append(value)
        return concatenate(pieces, partial=self._partial)

    def _select(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if not (isinstance(args, list) and len(args) == 2):
            return unknown()
        index = self._resolve(args[0], depth, seen)
        items = self._resolve(args[1], depth, seen)
        position = _as_index(index.value)
        if position is None or not isinstance(items.value, tuple):
            return unknown(weakest(index.provenance, items.provenance, Provenance.UNKNOWN))
        if not 0 <= position < len(items.value):
            return unknown(detail="index out of range")
        return Resolved(items.value[position], weakest(index.provenance, items.provenance))

    def _split(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if not (isinstance(args, list) and len(args) == 2 and isinstance(args[0], str)):
            return unknown()
        source = self._resolve(args[1], depth, seen)
        if not isinstance(source.value, str) or not args[0]:
            return unknown(weakest(source.provenance, Provenance.UNKNOWN))
        return Resolved(tuple(source.value.split(args[0])), source.provenance)

    def _if(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if not (isinstance(args, list) and len(args) == 3):
            return unknown()
        condition = args[0] if isinstance(args[0], str) else ""
        branches = (self._resolve(args[1], depth, seen), self._resolve(args[2], depth, seen))
        first, second = branches
        value = first.value if first.is_known and first.value == second.value else UNKNOWN
        return Resolved(value, Provenance.CONDITIONAL, condition, branches)

    def _find_in_map(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        if not (isinstance(args, list) and len(args) >= 3):
            return unknown()
        keys = [self._resolve(key, depth, seen) for key in args[:3]]
        provenance = weakest(*(key.provenance for key in keys))
        names = [key.text for key in keys]
        if any(name is None for name in names):
            return unknown(weakest(provenance, Provenance.UNKNOWN), "map key not resolvable")
        mappings = self.template.mappings if self.template else {}
        node: Any = mappings
        for name in names:
            node = node.get(name) if isinstance(node, dict) else None
        if node is None:
            return unknown(detail="no such mapping entry")
        inner = self._resolve(node, depth, seen)
        return Resolved(
            inner.value, weakest(provenance, inner.provenance), ".".join(map(str, names))
        )

    def _import_value(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        name = self._resolve(args, depth, seen)
        return unknown(Provenance.EXTERNAL, name.text or "Fn::ImportValue")

    def _external(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        return unknown(Provenance.EXTERNAL)

    def _to_json_string(self, args: Any, depth: int, seen: frozenset[str]) -> Resolved:
        provenances: list[Provenance] = []
        # In a partial resolution, what is not known is written as this token, then split out.
        token = f"\ue000{os.urandom(8).hex()}" if self._partial else None
        plain = self._plain(args, depth, seen, provenances, token)
        provenance = weakest(*provenances)
        if plain is UNKNOWN:
            return unknown(weakest(provenance, Provenance.UNKNOWN))
        text = json.dumps(plain, separators=(",", ":"))
        if token is None:
            return Resolved(text, provenance)
        pieces: list[Resolved] = []
        for index, literal in enumerate(text.split(json.dumps(token)[1:-1])):
            if index:
                pieces.append(Resolved(Unresolved(), provenance))
            pieces.append(Resolved(literal, Provenance.LITERAL))
        return concatenate(pieces, partial=True)

    def _plain(
        self,
        raw: Any,
        depth: int,
        seen: frozenset[str],
        provenances: list[Provenance],
        token: str | None,
    ) -> Any:
        """``raw`` with every intrinsic resolved to a literal, or :data:`UNKNOWN`; with a
        ``token`` (a partial resolution), what is not known is written as the token."""
        if isinstance(raw, dict) and Intrinsic.from_raw(raw) is None:
            items = {
                key: self._plain(value, depth, seen, provenances, token)
                for key, value in raw.items()
            }
            return UNKNOWN if any(value is UNKNOWN for value in items.values()) else items
        if isinstance(raw, list):
            listed = [self._plain(item, depth, seen, provenances, token) for item in raw]
            return UNKNOWN if any(item is UNKNOWN for item in listed) else listed
        resolved = self._resolve(raw, depth + 1, seen)
        provenances.append(resolved.provenance)
        value = resolved.value
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if token is None:
            return UNKNOWN
        if isinstance(value, Text):
            return value.written(lambda _: token)
        return token


def written_string(text: str) -> Resolved:
    """A string as written in a document: a literal, unless it holds CodePipeline variables.

    ``#{SourceVariables.CommitId}`` is replaced when the pipeline runs, so such a string is a
    :class:`Text` (or a lone :class:`PipelineVariable`) of provenance ``runtime``.
    """
    if "#{" not in text:
        return Resolved(text, Provenance.LITERAL)
    pieces: list[Resolved] = []
    position = 0
    for match in _PIPELINE_VARIABLE.finditer(text):
        pieces.append(Resolved(text[position : match.start()], Provenance.LITERAL))
        pieces.append(Resolved(PipelineVariable(match.group(1)), Provenance.RUNTIME))
        position = match.end()
    pieces.append(Resolved(text[position:], Provenance.LITERAL))
    return concatenate(pieces)


def concatenate(pieces: list[Resolved], *, partial: bool = False) -> Resolved:
    """Join resolved pieces into one string, :class:`Text`, lone placeholder or :data:`UNKNOWN`.

    A join of a single placeholder and nothing else (``!Sub "${Role.Arn}"``) is that
    placeholder, as the bare reference would be. With ``partial``, a piece that is not text
    is an :class:`Unresolved` part (the join is :data:`UNKNOWN` only if nothing else is left).
    """
    provenance = weakest(*(piece.provenance for piece in pieces))
    parts: list[str | Placeholder] = []
    for piece in pieces:
        value = piece.value
        if isinstance(value, Text):
            parts.extend(value.parts)
        elif isinstance(value, Placeholder):
            parts.append(value)
        elif piece.text is not None:
            parts.append(piece.text)
        elif partial:
            parts.append(Unresolved())
        elif piece.is_known:  # a list or null: not text
            return unknown(detail=piece.detail)
        else:
            return unknown(provenance, piece.detail)
    merged: list[str | Placeholder] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif isinstance(part, Unresolved) and merged and isinstance(merged[-1], Unresolved):
            continue  # one unknown stretch
        elif part != "":
            merged.append(part)
    if all(isinstance(part, str) for part in merged):
        return Resolved("".join(str(part) for part in merged), provenance)
    if len(merged) == 1:
        if isinstance(merged[0], Unresolved):
            return unknown(weakest(provenance, Provenance.UNKNOWN))
        details = [piece.detail for piece in pieces if piece.value == merged[0]]
        return Resolved(merged[0], provenance, details[0] if details else "")
    return Resolved(Text(tuple(merged)), provenance)


def _is_list_type(kind: str | None) -> bool:
    """Whether a parameter type gives a list (``CommaDelimitedList``, ``List<…>``)."""
    return kind is not None and (kind == "CommaDelimitedList" or kind.startswith("List<"))


def _as_index(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


_Handler: TypeAlias = Callable[[Resolver, Any, int, frozenset[str]], Resolved]
_HANDLERS: dict[str, _Handler] = {
    "Ref": Resolver._ref,
    "Fn::GetAtt": Resolver._get_att,
    "Fn::Sub": Resolver._sub,
    "Fn::Join": Resolver._join,
    "Fn::Select": Resolver._select,
    "Fn::Split": Resolver._split,
    "Fn::If": Resolver._if,
    "Fn::FindInMap": Resolver._find_in_map,
    "Fn::ImportValue": Resolver._import_value,
    "Fn::GetStackOutput": Resolver._external,
    "Fn::ToJsonString": Resolver._to_json_string,
}
