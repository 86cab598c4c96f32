"""How a plugin teaches pipelint a new kind of file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pipelint.loaders.document import Document
from pipelint.model.node import Node


class LoaderPlugin(Protocol):
    """A new kind of file: recognised by content, turned into model nodes."""

    kind: str

    def detect(self, data: Any) -> bool:
        """Whether parsed ``data`` is a document of this kind."""
        ...

    def build(self, document: Document) -> Sequence[Node]:
        """The model nodes of ``document`` (rules receive them by type)."""
        ...
