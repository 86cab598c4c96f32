"""The base of every model node: where it is, and where each of its keys is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipelint.model.location import Location, Pointer

if TYPE_CHECKING:
    from pipelint.loaders.document import Document


@dataclass(frozen=True, slots=True)
class Origin:
    """The document a node was read from, its pointer, and the raw key path of each field."""

    document: Document
    pointer: Pointer
    keys: Mapping[str, Pointer]


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
        else at the node.
        """
        origin = self.origin
        if origin is not None:
            relative = origin.keys.get(name)
            if relative is not None:
                pointer = (*origin.pointer, *relative)
                if pointer in origin.document.spans:
                    return origin.document.locate(pointer, key=key)
        return self.key_loc or self.loc
