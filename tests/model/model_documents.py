"""Documents for model tests, read from text by the project's loader (helpers, not tests)."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Iterator

from pipelint.loaders.document import Document, DocumentKind
from pipelint.loaders.load import load_document
from pipelint.model.build import DocumentModel, build_model
from pipelint.model.node import Node
from pipelint.model.project import Project
from pipelint.model.values import Scalar


def load(text: str, path: str = "template.yaml", kind: DocumentKind | None = None) -> Document:
    """The document ``text`` (dedented, leading blank lines removed) is, read as ``path``.

    ``kind`` forces the kind (for malformed inputs that detection would not recognise).
    """
    return load_document(path, textwrap.dedent(text).lstrip("\n").encode(), kind=kind)


def model_of(
    text: str, path: str = "template.yaml", kind: DocumentKind | None = None
) -> DocumentModel:
    """The model of :func:`load`'s document."""
    return build_model(load(text, path, kind))


def exercise(model: DocumentModel, *, thorough: bool = True) -> None:
    """Touch what a rule could: where each field is, what each value resolves to.

    ``thorough`` adds every project lookup, hashing and ``repr`` of every node.
    """
    project = Project([model])
    for node in model.nodes:
        assert model.parent(node) is None or isinstance(model.parent(node), Node)
        for item in dataclasses.fields(node):
            node.where(item.name, key=thorough)
        for scalar in scalars(node):
            project.account_of(scalar, model)
            if thorough:
                project.find_kms_key(scalar, model)
                project.find_role(scalar, model)
                project.find_alarm(scalar, model)
                project.find_deployment_group(scalar, scalar, model)
        if thorough:
            hash(node)
            repr(node)


def scalars(node: Node) -> Iterator[Scalar]:
    for item in dataclasses.fields(node):
        value = getattr(node, item.name)
        values = value if isinstance(value, tuple) else (value,)
        for element in values:
            if isinstance(element, Scalar):
                yield element
            elif isinstance(element, tuple):  # configuration entries, AppSpec properties
                yield from (part for part in element if isinstance(part, Scalar))
