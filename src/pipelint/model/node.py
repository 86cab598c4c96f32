"""The base of every model node: where it is, and where each of its keys is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipelint.model.location import Location, Pointer

if TYPE_CHECKING:
    from pipelint.loaders.document import Document


@dataclass(frozen=True, slots=True)
class Origin:
    """The document a node was read from, its pointer, and the raw key path of each field.

    ``unknown`` names the fields written as an intrinsic function where a mapping or a list
    belongs (see :meth:`Node.is_unknown`); ``unknown_items`` says where, in such a list, the
    items written as one sit (see :meth:`Node.unknown_items`).
    """

    document: Document
    pointer: Pointer
    keys: Mapping[str, Pointer]
    unknown: Set[str] = frozenset()
    unknown_items: Mapping[str, Sequence[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """A located model node.

    ``loc`` is the node itself (e.g. the action mapping); ``key_loc`` is the key it sits
    under when it has one (the logical ID of a CloudFormation resource). Equality ignores
    both, so the same pipeline read from two shapes compares equal.
    """

    loc: Location = field(compare=False, repr=False)
    key_loc: Location | None = field(default=None, compare=False, repr=False)
    origin: Origin | None = field(default=None, compare=False, repr=False)

    def where(self, name: str, *, key: bool = False) -> Location:
        """The location of field ``name`` of this node, or of the node when it is absent.

        With ``key``, the key of the field rather than its value. An absent field points at
        the node's key (a finding about a missing key points at the parent mapping's key),
        else at the node. An unknown field (:meth:`is_unknown`) points at the intrinsic
        written in its place.
        """
        origin = self.origin
        if origin is not None:
            relative = origin.keys.get(name)
            if relative is not None:
                pointer = (*origin.pointer, *relative)
                if pointer in origin.document.spans:
                    return origin.document.locate(pointer, key=key)
        return self.key_loc or self.loc

    def is_written(self, name: str) -> bool:
        """Whether field ``name`` is written in the document, whatever its value: a field
        that is ``None`` but written holds something the model could not read (a list where
        a mapping belongs), which is not the same as a missing field."""
        origin = self.origin
        relative = origin.keys.get(name) if origin is not None else None
        return (
            origin is not None
            and relative is not None
            and (*origin.pointer, *relative) in origin.document.spans
        )

    def is_unknown(self, name: str) -> bool:
        """Whether field ``name`` is written, but as an intrinsic function where a mapping or
        a list belongs, so its content cannot be known offline.

        ``EncryptionKey: !If [HasKey, {...}, !Ref AWS::NoValue]`` leaves ``encryption_key``
        ``None`` and ``Stages: !If [...]`` leaves ``stages`` empty: without this, such a field
        would read as absent. A field of a mapping written as an intrinsic (``ActionTypeId:
        !If [...]`` for ``category``) and a list with an item that is one (other than an
        ``!If`` between mappings) are unknown too; ``!Ref AWS::NoValue`` alone is absent. A
        rule that needs an unknown field stays silent.
        """
        return self.origin is not None and name in self.origin.unknown

    def unknown_items(self, name: str) -> tuple[int, ...]:
        """Where the items of list field ``name`` written as an intrinsic function (other than
        an ``!If`` between mappings) sit: ``k`` for one that comes after the first ``k`` items
        read. ``Stages: [{Name: A}, !Transform {...}, {Name: B}]`` gives ``(1,)``: the unknown
        item is between ``A`` and ``B``. Such a field is also :meth:`unknown <is_unknown>`.
        """
        if self.origin is None:
            return ()
        return tuple(self.origin.unknown_items.get(name, ()))
