"""Reading a buildspec document into a :class:`Buildspec`."""

from __future__ import annotations

from pipelint.loaders.document import Document
from pipelint.model.buildspec import Buildspec
from pipelint.model.common import EnvironmentVariable
from pipelint.model.reader import Reader
from pipelint.model.values import Scalar

#: The ``env`` sections that declare variables, and the type each gives them.
_SECTIONS = (
    ("variables", None),
    ("parameter-store", "PARAMETER_STORE"),
    ("secrets-manager", "SECRETS_MANAGER"),
)


def buildspec_from_document(document: Document) -> Buildspec | None:
    """The buildspec ``document`` holds; ``None`` when its root is not a mapping."""
    root = Reader.at(document, ())
    if not root.is_mapping:
        return None
    variables: list[EnvironmentVariable] = []
    env = root.child("env")
    if env is not None:
        for section, kind in _SECTIONS:
            entries = env.child(section)
            if entries is None:
                continue
            type_ = Scalar(kind, entries.key_loc or entries.loc) if kind is not None else None
            for name, pointer, raw in entries.entries():
                key_loc = entries.locate(pointer, key=True)
                variables.append(
                    EnvironmentVariable(
                        loc=entries.locate(pointer),
                        key_loc=key_loc,
                        name=Scalar(name, key_loc, key_loc),
                        value=entries.scalar_at(pointer, raw, text=True, keyed=True),
                        type=type_,
                    )
                )
    return Buildspec(
        **root.placement(),
        version=root.scalar("version", text=True),
        environment_variables=tuple(variables),
    )
