"""Reading one file into a :class:`Document`."""

from __future__ import annotations

import re
from typing import Any

from pipelint.loaders.detect import detect_kind
from pipelint.loaders.document import Document, DocumentKind, LoadError
from pipelint.loaders.json_parser import parse_json
from pipelint.loaders.text import decode
from pipelint.model.location import Pointer, RawSpans

MAX_BYTES = 32 * 1024 * 1024

_JSON_START = re.compile(r"[ \t\n]*[{\[]")


def load_document(
    path: str, raw: bytes, *, kind: DocumentKind | None = None, max_bytes: int = MAX_BYTES
) -> Document:
    """Decode and parse the file at ``path`` (its content is ``raw``).

    It is read as JSON when the name ends in ``.json`` or the text starts with ``{`` or
    ``[`` (a file of another name that is not JSON is then tried as YAML), else as YAML.
    ``kind`` forces the document's kind; by default it is detected from the content, and
    None when the file is none of ours. Any problem with the input raises
    :class:`LoadError`.
    """
    if len(raw) > max_bytes:
        raise LoadError(f"file is larger than the {_size(max_bytes)} limit")
    text = decode(raw)
    try:
        form, data, spans = _parse(path, text)
    except LoadError as exc:
        exc.text = text
        raise
    return Document(
        path=path,
        text=text,
        format=form,
        data=data,
        spans=spans,
        kind=kind if kind is not None else detect_kind(data),
    )


def parse_yaml(text: str) -> tuple[Any, dict[Pointer, RawSpans]]:
    """:func:`pipelint.loaders.yaml_parser.parse_yaml`, imported on first use: a run over
    JSON files alone never loads the YAML parser."""
    from pipelint.loaders.yaml_parser import parse_yaml

    return parse_yaml(text)


def _parse(path: str, text: str) -> tuple[str, Any, dict[Pointer, RawSpans]]:
    named_json = path.lower().endswith(".json")
    if not named_json and not _JSON_START.match(text):
        return ("yaml", *parse_yaml(text))
    try:
        return ("json", *parse_json(text))
    except LoadError as json_error:
        if named_json:
            raise
        try:  # a YAML flow mapping (``{Resources: ...}``) also starts with a brace
            return ("yaml", *parse_yaml(text))
        except LoadError:
            if path.lower().endswith((".yaml", ".yml")):
                raise  # a file named YAML is told what YAML makes of it
            raise json_error from None


def _size(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    return f"{limit} bytes"
