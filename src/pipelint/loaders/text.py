"""Turning file bytes into clean text, and offsets in that text into lines and columns."""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right

from pipelint.loaders.document import LoadError
from pipelint.model.location import Span

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

#: How deeply a document may nest mappings and lists.
DEFAULT_MAX_DEPTH = 256
#: A lone surrogate, which an escape (``"\ud800"``) can write but no encoding can hold.
SURROGATE = re.compile("[\ud800-\udfff]")

_NUL_MESSAGE = "binary file or unsupported encoding (NUL byte)"


def _unmarked_encoding(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the NULs of an ASCII first
    character fall (the detection YAML 1.2 §5.2 and RFC 4627 describe)."""
    head = raw[:4]
    if len(head) == 4 and head[:3] == b"\0\0\0" and head[3]:
        return "utf-32-be", "UTF-32"
    if len(head) == 4 and head[0] and head[1:] == b"\0\0\0":
        return "utf-32-le", "UTF-32"
    if len(head) >= 2 and not head[0] and 0 < head[1] < 0x80:
        return "utf-16-be", "UTF-16"
    if len(head) >= 2 and 0 < head[0] < 0x80 and not head[1]:
        return "utf-16-le", "UTF-16"
    return None


class LineIndex:
    """Converts offsets into ``text`` to 1-based lines and columns (in code points).

    Only ``\\n`` ends a line, as in :func:`decode`'s output.
    """

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        index = find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self.starts = starts  #: the offset where each line starts

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column of ``offset``."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]``."""
        return Span(*self.raw_span(start, end))

    def raw_span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The span of ``text[start:end]``: ``(start_line, start_column, end_line, end_column)``."""
        starts = self.starts
        line = bisect_right(starts, start)
        column = start - starts[line - 1] + 1
        if line == len(starts) or end < starts[line]:
            return line, column, line, column + end - start
        end_line = bisect_right(starts, end, line)
        return line, column, end_line, end - starts[end_line - 1] + 1

    def point(self, offset: int) -> Span:
        """A one-character span at ``offset``."""
        return Span.point(*self.position(offset))


def normalize_newlines(text: str) -> str:
    """``text`` with ``\\r\\n`` and lone ``\\r`` turned into ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(raw: bytes) -> str:
    """Decode a file's bytes to text with ``\\n`` line ends.

    UTF-8 (with or without a byte-order mark) is the default; UTF-16 and UTF-32 are
    recognised by their byte-order mark, which is removed, or without one by the NUL bytes
    around an ASCII first character. Undecodable bytes and NUL
    characters raise :class:`LoadError` located where they occur.
    """
    body, codec, name = raw, "utf-8", "UTF-8"
    for bom, bom_codec, bom_name in _BOMS:
        if raw.startswith(bom):
            body, codec, name = raw[len(bom) :], bom_codec, bom_name
            break
    else:
        codec, name = _unmarked_encoding(raw) or (codec, name)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        nul = body.find(b"\0", 0, exc.start) if codec == "utf-8" else -1
        if nul >= 0:
            raise _error_at(body[:nul].decode(codec), _NUL_MESSAGE) from None
        prefix = body[: exc.start].decode(codec)
        if codec == "utf-8":
            message = f"invalid UTF-8 byte 0x{body[exc.start]:02x}"
        else:
            message = f"invalid {name} text: {exc.reason}"
        raise _error_at(prefix, message) from None
    nul = text.find("\0")
    if nul >= 0:
        raise _error_at(text[:nul], _NUL_MESSAGE)
    return normalize_newlines(text)


def _error_at(prefix: str, message: str) -> LoadError:
    """A :class:`LoadError` at the character just after ``prefix``."""
    prefix = normalize_newlines(prefix)
    return LoadError(message, LineIndex(prefix).point(len(prefix)))


def duplicate_key(key: str, first: Span | None, span: Span) -> LoadError:
    """The error for ``key`` written again at ``span`` in one mapping."""
    where = f" (first at line {first.start_line}, column {first.start_column})" if first else ""
    return LoadError(f"duplicate key {quote(key)}{where}", span)


def quote(text: str, limit: int = 60) -> str:
    """``text`` in double quotes for a message, shortened past ``limit`` characters."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
