"""Reading a document mapping into located model values without ever raising.

A :class:`Reader` wraps one mapping of a document. Builders name keys in the API's
camelCase; the reader spells them for the shape it reads (``roleArn`` → ``RoleArn`` for
CloudFormation), records which raw key each model field came from (for
:meth:`Node.where <pipelint.model.node.Node.where>`), and skips whatever has the wrong type.

A mapping or list written as an intrinsic function (``!If``, ``!Ref``…) reads as absent, and
its field is recorded as unknown (:meth:`Node.is_unknown <pipelint.model.node.Node.is_unknown>`).
A reader of such a mapping is *opaque*: every field read through it is unknown.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from pipelint.model.location import Location, Pointer, key_span, value_span
from pipelint.model.node import Origin
from pipelint.model.values import Intrinsic, LiteralValue, Scalar, contains_intrinsic, literal_text

if TYPE_CHECKING:
    from pipelint.loaders.document import Document

#: How keys are spelled: as the builder writes them (camelCase), PascalCase, or matched
#: case-insensitively (AppSpec ``Resources``/``resources``).
KeyStyle = Literal["camel", "pascal", "insensitive"]

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NO_VALUE = Intrinsic("Ref", "AWS::NoValue")


@lru_cache(maxsize=1024)
def field_name(key: str) -> str:
    """The model field name for a camelCase key: ``timeoutInMinutes`` → ``timeout_in_minutes``."""
    return _CAMEL_BOUNDARY.sub("_", key).lower()


def to_scalar_value(raw: object) -> LiteralValue | Intrinsic | None:
    """A literal or an intrinsic for ``raw``; ``None`` for other structures (and for null)."""
    if raw is None or isinstance(raw, (str, int, float, bool)):
        return raw
    return Intrinsic.from_raw(raw)


def is_opaque(raw: object) -> bool:
    """Whether ``raw`` is an intrinsic whose structure is unknown (not ``!Ref AWS::NoValue``)."""
    if not isinstance(raw, dict) or len(raw) != 1:  # most values: nothing to build
        return False
    intrinsic = Intrinsic.from_raw(raw)
    return intrinsic is not None and intrinsic != _NO_VALUE


def configuration_value(raw: object) -> LiteralValue | Intrinsic:
    """A configuration value as the API sees it: literals as text, structures as JSON text.

    Booleans become ``"true"``/``"false"`` and numbers their digits. A nested structure
    becomes its compact JSON text, or ``Fn::ToJsonString`` when it holds intrinsics.
    """
    intrinsic = Intrinsic.from_raw(raw)
    if intrinsic is not None:
        return intrinsic
    if isinstance(raw, (dict, list)):
        if contains_intrinsic(raw):
            return Intrinsic("Fn::ToJsonString", raw)
        return json.dumps(raw, separators=(",", ":"), default=str)
    if raw is None:
        return None
    return literal_text(raw)


@lru_cache(maxsize=1024)
def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


class Placement(TypedDict):
    """The location arguments every node takes: ``Node(**reader.placement(), ...)``."""

    loc: Location
    key_loc: Location | None
    origin: Origin


class Reader:
    """One mapping of a document, read for one model node (see the module docstring)."""

    __slots__ = (
        "data",
        "document",
        "keys",
        "opaque",
        "pointer",
        "prefix",
        "style",
        "unknown",
        "unknown_items",
        "when",
    )

    def __init__(
        self,
        document: Document,
        pointer: Pointer,
        data: object,
        style: KeyStyle = "camel",
        *,
        keys: dict[str, Pointer] | None = None,
        unknown: set[str] | None = None,
        unknown_items: dict[str, list[int]] | None = None,
        prefix: Pointer = (),
        when: tuple[str, ...] = (),
        opaque: bool = False,
    ) -> None:
        self.document = document
        self.pointer = pointer
        #: Whether the mapping is written as an intrinsic (or is part of one).
        self.opaque = opaque or is_opaque(data)
        self.data: dict[Any, Any] = data if isinstance(data, dict) and not self.opaque else {}
        self.style: KeyStyle = style
        self.keys: dict[str, Pointer] = {} if keys is None else keys
        #: The fields found written as an intrinsic (shared with the node's origin).
        self.unknown: set[str] = set() if unknown is None else unknown
        #: Where the unknown items of list fields sit (shared with the node's origin).
        self.unknown_items: dict[str, list[int]] = {} if unknown_items is None else unknown_items
        self.prefix = prefix
        #: The template conditions this mapping exists under (see :meth:`items_at`).
        self.when = when

    @classmethod
    def at(cls, document: Document, pointer: Pointer, style: KeyStyle = "camel") -> Reader:
        """A reader for the node at ``pointer`` of ``document``."""
        return cls(document, pointer, document.get(pointer), style)

    # -- where ----------------------------------------------------------------------------

    @property
    def is_mapping(self) -> bool:
        """Whether the node read is a mapping, not an intrinsic (else every read finds nothing)."""
        return not self.opaque and isinstance(self.document.get(self.pointer), dict)

    @property
    def loc(self) -> Location:
        """The location of the mapping itself."""
        return self.document.locate(self.pointer)

    @property
    def key_loc(self) -> Location | None:
        """The location of the key the mapping sits under, if it has one."""
        if self.pointer and isinstance(self.pointer[-1], str):
            raw = self.document.spans.get(self.pointer)
            span = key_span(raw) if raw is not None else None
            if span is not None:
                return Location(self.document.path, span, self.pointer)
        return None

    @property
    def origin(self) -> Origin:
        """The origin to give the node (its key table fills in as fields are read)."""
        return Origin(self.document, self.pointer, self.keys, self.unknown, self.unknown_items)

    def placement(self, *, key_loc: Location | None = None) -> Placement:
        """``loc``, ``key_loc`` (``key_loc`` when given) and ``origin`` for the node read."""
        return Placement(loc=self.loc, key_loc=key_loc or self.key_loc, origin=self.origin)

    def locate(self, pointer: Pointer, *, key: bool = False) -> Location:
        return self.document.locate(pointer, key=key)

    # -- keys -----------------------------------------------------------------------------

    def key(self, name: str) -> str:
        """The raw spelling of the camelCase key ``name`` in this shape."""
        if self.style == "pascal":
            return _pascal(name)
        if self.style == "insensitive":
            lowered = name.lower()
            for key in self.data:
                if isinstance(key, str) and key.lower() == lowered:
                    return key
        return name

    def has(self, name: str) -> bool:
        return self.key(name) in self.data

    def raw(self, name: str) -> Any:
        """The plain value of key ``name`` (``None`` when absent)."""
        return self.data.get(self.key(name))

    def pointer_of(self, name: str, *, field: str | None = None) -> Pointer:
        """The pointer of key ``name`` (recorded as the raw key of ``field``)."""
        return self._note(name, field)

    def _note(self, name: str, field: str | None) -> Pointer:
        key = self.key(name)
        field = field or field_name(name)
        if self.opaque:  # located at the intrinsic that stands for the mapping
            self.keys.setdefault(field, self.prefix)
            self.mark_unknown(field)
        else:
            self.keys.setdefault(field, (*self.prefix, key))
        return (*self.pointer, key)

    def structure(self, name: str, *, field: str | None = None) -> tuple[Pointer, Any]:
        """The pointer and raw value of ``name``, a mapping or a list expected.

        When it is an intrinsic, its field is recorded as unknown.
        """
        pointer = self._note(name, field)
        raw = self.data.get(pointer[-1])
        if is_opaque(raw):
            self.mark_unknown(field or field_name(name))
        return pointer, raw

    def mark_unknown(self, field: str, position: int | None = None) -> None:
        """Record ``field`` as written as an intrinsic; for an item of a list field, with
        ``position``, where it sits (after how many items read: :meth:`Node.unknown_items`)."""
        self.unknown.add(field)
        if position is not None:
            self.unknown_items.setdefault(field, []).append(position)

    # -- values ---------------------------------------------------------------------------

    def scalar(self, name: str, *, field: str | None = None, text: bool = False) -> Scalar | None:
        """The value of ``name`` as a :class:`Scalar`; ``None`` when absent or a structure.

        With ``text``, a literal number or boolean becomes the string the API sees (for
        fields whose API type is a string, so ``Version: 1`` reads as ``"1"``).
        """
        pointer = self._note(name, field)
        key = pointer[-1]
        if key not in self.data:
            return None
        return self.scalar_at(pointer, self.data[key], text=text, keyed=True)

    def scalar_at(
        self, pointer: Pointer, raw: object, *, text: bool = False, keyed: bool = False
    ) -> Scalar | None:
        """``raw``, found at ``pointer``, as a :class:`Scalar` (``None`` for a structure).

        With ``keyed``, the scalar's ``key_loc`` is the mapping key it sits under.
        """
        value = to_scalar_value(raw)
        if value is None and raw is not None:
            return None
        if text and not isinstance(value, (str, Intrinsic)) and value is not None:
            value = literal_text(value)
        raw = self.document.spans.get(pointer)
        if raw is None:  # not in the document (a value derived from elsewhere)
            return Scalar(value, self.document.locate(pointer))
        path = self.document.path
        key = key_span(raw) if keyed else None
        key_loc = Location(path, key, pointer) if key is not None else None
        return Scalar(value, Location(path, value_span(raw), pointer), key_loc)

    def scalars(
        self, name: str, *, field: str | None = None, text: bool = False
    ) -> tuple[Scalar, ...]:
        """The scalar items of the list at ``name``.

        A single intrinsic in place of the list (``!Split``, ``!If``, ``!Ref ListParam``) is
        kept as a one-item tuple, so a rule sees there is something it cannot resolve; other
        non-list values and structured items are skipped.
        """
        pointer, raw = self.structure(name, field=field)
        if isinstance(raw, list):
            found = (
                self.scalar_at((*pointer, index), item, text=text) for index, item in enumerate(raw)
            )
            return tuple(item for item in found if item is not None)
        if Intrinsic.from_raw(raw) is not None:
            single = self.scalar_at(pointer, raw, keyed=True)
            return (single,) if single is not None else ()
        return ()

    def names(
        self, name: str, item_key: str = "name", *, field: str | None = None
    ) -> tuple[Scalar, ...]:
        """The ``item_key`` values of a list of mappings (``inputArtifacts: [{name: X}]``).

        Plain scalar items are accepted too (``Alarms: [A, B]`` reads like ``[{Name: A}]``).
        """
        pointer, raw = self.structure(name, field=field)
        if not isinstance(raw, list):
            return self.scalars(name, field=field) if Intrinsic.from_raw(raw) else ()
        found: list[Scalar] = []
        for index, item in enumerate(raw):
            item_pointer = (*pointer, index)
            if isinstance(item, dict) and Intrinsic.from_raw(item) is None:
                child = Reader(self.document, item_pointer, item, self.style)
                value = child.scalar(item_key, text=True)
            else:
                value = self.scalar_at(item_pointer, item, text=True)
            if value is not None:
                found.append(value)
        return tuple(found)

    # -- structure ------------------------------------------------------------------------

    def part(self, name: str) -> Reader:
        """The mapping at ``name`` read as part of the same node (``actionTypeId``).

        When it is written as an intrinsic, every field read through it is unknown.
        """
        key = self.key(name)
        return Reader(
            self.document,
            (*self.pointer, key),
            self.data.get(key),
            self.style,
            keys=self.keys,
            unknown=self.unknown,
            unknown_items=self.unknown_items,
            prefix=(*self.prefix, key),
            opaque=self.opaque,
        )

    def restyled(self, style: KeyStyle) -> Reader:
        """The same mapping with its keys spelled in ``style``, read into the same node."""
        twin = copy.copy(self)  # shares the node's key and unknown-field tables
        twin.style = style
        return twin

    def child(self, name: str, *, field: str | None = None) -> Reader | None:
        """The mapping at ``name`` read as a node of its own; ``None`` unless it is a mapping."""
        pointer, raw = self.structure(name, field=field)
        if not isinstance(raw, dict) or Intrinsic.from_raw(raw) is not None:
            return None
        return Reader(self.document, pointer, raw, self.style)

    def children(self, name: str, *, field: str | None = None) -> list[Reader]:
        """A reader for each mapping item of the list at ``name`` (see :meth:`items_at`)."""
        pointer, raw = self.structure(name, field=field)
        return self.items_at(pointer, raw, field=field or field_name(name))

    def items_at(self, pointer: Pointer, raw: object, *, field: str | None = None) -> list[Reader]:
        """A reader for each mapping item of the list ``raw`` found at ``pointer``.

        An item written as ``!If [Cond, A, B]`` gives a reader for each branch that is a
        mapping, with :attr:`when` ``("Cond",)`` for ``A`` and ``("!Cond",)`` for ``B``
        (``!Ref AWS::NoValue`` branches give none). Other items are skipped; when one is an
        intrinsic, ``field`` (if given) is recorded as unknown, with where the item sits
        (after how many of the items read: :meth:`Node.unknown_items`).
        """
        found: list[Reader] = []
        if isinstance(raw, list):
            for index, item in enumerate(raw):
                known = self._item((*pointer, index), item, (), found)
                if field is not None and not known:
                    self.mark_unknown(field, len(found))
        return found

    def _item(
        self, pointer: Pointer, item: object, when: tuple[str, ...], found: list[Reader]
    ) -> bool:
        """Add the readers of ``item``; whether it is known (not an opaque intrinsic)."""
        if not isinstance(item, dict):
            return True
        intrinsic = Intrinsic.from_raw(item)
        if intrinsic is None:
            found.append(Reader(self.document, pointer, item, self.style, when=when))
            return True
        args = intrinsic.args
        if intrinsic.function == "Fn::If" and isinstance(args, list) and len(args) == 3:
            name = str(args[0])
            known = True
            for branch, label in ((1, name), (2, f"!{name}")):
                nested = when if label in when else (*when, label)
                known &= self._item((*pointer, "Fn::If", branch), args[branch], nested, found)
            return known
        return not is_opaque(item)

    def entries(self) -> list[tuple[str, Pointer, Any]]:
        """The ``(key, pointer, raw value)`` of every string key, in document order."""
        return [
            (key, (*self.pointer, key), value)
            for key, value in self.data.items()
            if isinstance(key, str)
        ]
