"""What one document tells the rest of a run, as plain data.

Cross-file lookups (:mod:`.project`) do not walk every document of the run: they look the
answer up in facts each document gives once, then model only the document that holds it.
Facts name nodes by where they are (:data:`NodeRef`), hold no node, and are cheap to keep
or to send to another process.

A document's :class:`DocumentFacts` need only the document itself: the names its nodes are
found by, the deployment groups it declares, the values it exports. What its pipelines use
(:data:`Use`: the targets of their actions, the keys and buckets of their stores) is found
with the facts of every document.
"""

from __future__ import annotations

import zlib
from collections.abc import Hashable
from dataclasses import dataclass

from pipelint.model.node import Node
from pipelint.model.values import Scalar

#: A node of a run: the position of its document in the run, and its position in the
#: document model's ``nodes``.
NodeRef = tuple[int, int]

#: What a node is known as: ``("name", text)``, or ``("resource", path, logical_id)``.
Identity = Hashable


#: A use of a node by a pipeline: what kind of use (``"deploys"``, ``"keys"``,
#: ``"buckets"``), the node used, the pipeline's position in its document model, and where
#: it uses the node (the positions of the stage and of the action in it; of the artifact
#: store in ``Pipeline.stores``).
Use = tuple[str, NodeRef, int, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What a document declares that another document may look up.

    ``path`` is the document's run-relative path, ``digest`` the :func:`digest` of its
    text, ``types`` the types of its nodes. ``names`` holds, for each node found by name (an
    alarm, a role, a bucket, …), its type, its position in the document model and its
    identities, in document order. ``groups`` holds each deployment group's application and
    name identities with its position; ``exports`` each output exported under a name that
    resolves, with its value.
    """

    path: str
    digest: int
    types: frozenset[type[Node]]
    names: tuple[tuple[type[Node], int, tuple[Identity, ...]], ...]
    groups: tuple[tuple[Identity, Identity, int], ...]
    exports: tuple[tuple[str, Scalar], ...]


def digest(text: str) -> int:
    """A checksum of a document's text: a process that models a document another process
    read knows by it whether the file still reads the same."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


class DocumentChanged(LookupError):
    """A document another process of the run read no longer reads the same: the file
    changed during the run."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} changed while the run read it")
