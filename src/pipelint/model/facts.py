"""What one document tells the rest of a run, as plain data.

Cross-file lookups (:mod:`.project`) do not walk every document of the run: they look the
answer up in facts each document gives once, then model only the document that holds it.
Facts name nodes by where they are (:data:`NodeRef`), hold no node, and are cheap to keep
or to send to another process.

A document's :class:`DocumentFacts` need only the document itself: the names its nodes are
found by, the deployment groups it declares, the values it exports. What its pipelines use
(the targets of their actions, the keys and buckets of their stores) is found with the
facts of every document, and is kept as :data:`NodeRef` too.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from pipelint.model.node import Node
from pipelint.model.values import Scalar

#: A node of a run: the position of its document in the run, and its position in the
#: document model's ``nodes``.
NodeRef = tuple[int, int]

#: What a node is known as: ``("name", text)``, or ``("resource", path, logical_id)``.
Identity = Hashable


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What a document declares that another document may look up.

    ``names`` holds, for each node found by name (an alarm, a role, a bucket, …), its type,
    its position in the document model and its identities, in document order. ``groups``
    holds each deployment group's application and name identities with its position;
    ``exports`` each output exported under a name that resolves, with its value.
    """

    names: tuple[tuple[type[Node], int, tuple[Identity, ...]], ...] = ()
    groups: tuple[tuple[Identity, Identity, int], ...] = ()
    exports: tuple[tuple[str, Scalar], ...] = ()
