"""Reading a buildspec into a :class:`Buildspec`: a buildspec file, or one written inline
in a CodeBuild project's ``Source.BuildSpec``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pipelint.loaders.detect import detect_kind
from pipelint.loaders.document import Document, DocumentKind, LoadError
from pipelint.loaders.json_parser import parse_json
from pipelint.model.buildspec import Buildspec
from pipelint.model.common import EnvironmentVariable
from pipelint.model.embedded import EmbeddedText, line_starts, span_offsets
from pipelint.model.location import Location, Pointer, RawSpans, key_span, value_span
from pipelint.model.values import Scalar, literal_text

#: Where the node at a pointer of the buildspec is (its key, with ``key``).
Locate = Callable[[Pointer, bool], Location]

#: The ``env`` sections that declare variables, and the type each gives them.
_SECTIONS = (
    ("variables", None),
    ("parameter-store", "PARAMETER_STORE"),
    ("secrets-manager", "SECRETS_MANAGER"),
)


def buildspec_from_document(document: Document) -> Buildspec | None:
    """The buildspec ``document`` holds; ``None`` when its root is not a mapping."""

    def locate(pointer: Pointer, key: bool) -> Location:
        return document.locate(pointer, key=key)

    return _read(document.data, locate)


def inline_buildspec(document: Document, value: Scalar | None) -> Buildspec | None:
    """The buildspec written out in ``value`` (a ``Source.BuildSpec`` of ``document``), each
    part located inside the string where it can be (else at the whole value); ``None`` for a
    path, an intrinsic, or text that is not a buildspec."""
    text = value.text if value is not None and value.is_literal else None
    if value is None or text is None or "phases" not in text:
        return None
    try:
        data, spans = _parse(text)
    except LoadError:
        return None
    if detect_kind(data) is not DocumentKind.BUILDSPEC:
        return None
    embedded = EmbeddedText.of(document, value.loc, text)
    starts = line_starts(text)

    def locate(pointer: Pointer, key: bool) -> Location:
        raw = spans.get(pointer)
        if raw is None:
            return embedded.locate(0, 0, *pointer)  # the whole value
        span = (key_span(raw) if key else None) or value_span(raw)
        return embedded.locate(*span_offsets(span, starts), *pointer)

    return _read(data, locate)


def _parse(text: str) -> tuple[Any, dict[Pointer, RawSpans]]:
    if text.lstrip().startswith("{"):
        return parse_json(text)
    from pipelint.loaders.yaml_parser import parse_yaml  # only when a template has one

    return parse_yaml(text)


def _read(data: object, locate: Locate) -> Buildspec | None:
    if not isinstance(data, Mapping):
        return None
    variables: list[EnvironmentVariable] = []
    env = data.get("env")
    for section, kind in _SECTIONS if isinstance(env, Mapping) else ():
        entries = env.get(section)  # type: ignore[union-attr]
        if not isinstance(entries, Mapping):
            continue
        at: Pointer = ("env", section)
        type_ = Scalar(kind, locate(at, True)) if kind is not None else None
        for name, raw in entries.items():
            if not isinstance(name, str):
                continue
            pointer = (*at, name)
            key_loc = locate(pointer, True)
            value = None
            if not isinstance(raw, (dict, list)):
                value = Scalar(literal_text(raw), locate(pointer, False), key_loc)
            variables.append(
                EnvironmentVariable(
                    loc=locate(pointer, False),
                    key_loc=key_loc,
                    name=Scalar(name, key_loc, key_loc),
                    value=value,
                    type=type_,
                )
            )
    version = data.get("version")
    return Buildspec(
        loc=locate((), False),
        version=Scalar(literal_text(version), locate(("version",), False))
        if "version" in data
        else None,
        environment_variables=tuple(variables),
    )
