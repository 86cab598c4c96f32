"""Text inside one string value: where each of its characters is in the document.

A CodeBuild action's ``EnvironmentVariables`` is JSON inside a string; a ``#{ns.var}``
reference sits somewhere inside a configuration value. To point at the part of such a
string that matters (and mask no more of a secret than the secret), the characters of the
decoded string are mapped back to the source: for a plain, single-quoted or double-quoted
scalar on one line, a JSON string, and a YAML literal block (``|``). Anything else (a
folded or multi-line flow scalar) is located as the whole value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pipelint.loaders.document import LoadError
from pipelint.loaders.json_parser import parse_json
from pipelint.model.common import EnvironmentVariable
from pipelint.model.location import Location, Pointer, Span, key_span, value_span
from pipelint.model.values import Scalar, literal_text

if TYPE_CHECKING:
    from pipelint.loaders.document import Document

#: Escapes of JSON and YAML double-quoted strings that stand for one character.
_SIMPLE_ESCAPES = frozenset('"\\/bfnrt0aveN_LP ')
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


@dataclass(frozen=True, slots=True)
class EmbeddedText:
    """A string value of a document and where its characters are.

    ``positions[i]`` is the (line, column) of character ``i`` of ``text``, and one more
    entry says where the text ends; ``None`` when they cannot be told, and then every
    part of the text is located as the whole value.
    """

    text: str
    location: Location
    positions: tuple[tuple[int, int], ...] | None

    @classmethod
    def of(cls, document: Document, location: Location, text: str) -> EmbeddedText:
        """The string ``text`` written at ``location`` of ``document``."""
        return cls(text, location, _positions(document, location.span, text))

    def locate(self, start: int, end: int, *suffix: str | int) -> Location:
        """The location of ``text[start:end]`` (the whole value when it cannot be told);
        ``suffix`` extends the pointer into the embedded structure."""
        pointer: Pointer = (*self.location.pointer, *suffix)
        positions = self.positions
        if positions is None or not 0 <= start < end < len(positions):
            return Location(self.location.path, self.location.span, pointer)
        first_line, first_column = positions[start]
        last_line, last_column = positions[end - 1]
        after_line, after_column = positions[end]  # an escape is wider than one column
        end_column = after_column if after_line == last_line else last_column + 1
        return Location(
            self.location.path, Span(first_line, first_column, last_line, end_column), pointer
        )

    def json(self) -> tuple[Any, dict[Pointer, Offsets]] | None:
        """The text decoded as JSON, with the offsets in :attr:`text` of every value in it
        (and of its key, in an object); ``None`` when it is not JSON."""
        try:
            data, spans = parse_json(self.text)
        except LoadError:
            return None
        starts = line_starts(self.text)
        return data, {
            pointer: Offsets(
                span_offsets(value_span(raw), starts),
                span_offsets(key, starts) if (key := key_span(raw)) is not None else None,
            )
            for pointer, raw in spans.items()
        }


@dataclass(frozen=True, slots=True)
class Offsets:
    """Where a value of embedded JSON is in the text (``start``, ``end``), and its key."""

    value: tuple[int, int]
    key: tuple[int, int] | None = None


def embedded_variables(embedded: EmbeddedText) -> tuple[EnvironmentVariable, ...]:
    """The ``[{name, value, type}]`` environment variables of JSON text, located inside it
    (nothing when the text is not such a list)."""
    decoded = embedded.json()
    if decoded is None or not isinstance(decoded[0], list):
        return ()
    data, offsets = decoded

    def scalar(index: int, key: str, item: dict[str, Any]) -> Scalar | None:
        if key not in item:
            return None
        place = offsets[(index, key)]
        key_loc = embedded.locate(*place.key, index, key) if place.key else None
        value = item[key]
        text = literal_text(value) if not isinstance(value, (dict, list)) else None
        return Scalar(text, embedded.locate(*place.value, index, key), key_loc)

    return tuple(
        EnvironmentVariable(
            loc=embedded.locate(*offsets[(index,)].value, index),
            name=scalar(index, "name", item),
            value=scalar(index, "value", item),
            type=scalar(index, "type", item),
        )
        for index, item in enumerate(data)
        if isinstance(item, dict)
    )


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts (offsets)."""
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")
    return starts


def span_offsets(span: Span, starts: list[int]) -> tuple[int, int]:
    """Where ``span`` of a text whose lines start at ``starts`` (:func:`line_starts`) starts
    and ends, as offsets."""
    return (
        starts[span.start_line - 1] + span.start_column - 1,
        starts[span.end_line - 1] + span.end_column - 1,
    )


@lru_cache(maxsize=8)
def _lines(text: str) -> tuple[str, ...]:
    # Every embedded string of a document asks: split the document's text once.
    return tuple(text.split("\n"))


def _positions(document: Document, span: Span, text: str) -> tuple[tuple[int, int], ...] | None:
    lines = _lines(document.text)
    if not 1 <= span.start_line <= len(lines):
        return None
    line = lines[span.start_line - 1]
    start = span.start_column - 1
    opener = line[start : start + 1]
    if opener == "|":
        found = _literal_block(lines, span, text)
    elif span.end_line != span.start_line:
        return None
    elif opener == '"':
        found = _double_quoted(line, span.start_line, start + 1)
    elif opener == "'":
        found = _single_quoted(line, span.start_line, start + 1)
    else:
        token = line[start : span.end_column - 1]
        found = (token, [(span.start_line, start + 1 + i) for i in range(len(token) + 1)])
    if found is None or found[0] != text:
        return None  # not the string the parser read: never point at the wrong place
    return tuple(found[1])


def _double_quoted(line: str, number: int, index: int) -> tuple[str, list[tuple[int, int]]] | None:
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    while index < len(line) and line[index] != '"':
        char = line[index]
        width = 1
        if char == "\\":
            escape = line[index + 1 : index + 2]
            if escape in _HEX_ESCAPES:
                digits = _HEX_ESCAPES[escape]
                try:
                    char = chr(int(line[index + 2 : index + 2 + digits], 16))
                except ValueError:
                    return None
                width = 2 + digits
            elif escape in _SIMPLE_ESCAPES:
                char = _unescape(escape)
                width = 2
            else:
                return None
        chars.append(char)
        where.append((number, index + 1))
        index += width
    where.append((number, index + 1))
    return "".join(chars), where


def _unescape(escape: str) -> str:
    return {
        "b": "\b",
        "f": "\f",
        "n": "\n",
        "r": "\r",
        "t": "\t",
        "0": "\0",
        "a": "\a",
        "v": "\v",
        "e": "\x1b",
        "N": "\x85",
        "_": "\xa0",
        "L": "\u2028",
        "P": "\u2029",
    }.get(escape, escape)


def _single_quoted(line: str, number: int, index: int) -> tuple[str, list[tuple[int, int]]]:
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    while index < len(line):
        if line[index] == "'":
            if line[index + 1 : index + 2] != "'":
                break
            index += 1  # '' is one quote
        chars.append(line[index])
        where.append((number, index + 1))
        index += 1
    where.append((number, index + 1))
    return "".join(chars), where


def _literal_block(
    lines: tuple[str, ...], span: Span, text: str
) -> tuple[str, list[tuple[int, int]]] | None:
    """A ``|`` block: each content line less its indentation, joined by newlines."""
    body = lines[span.start_line : span.end_line]
    indent = next((len(row) - len(row.lstrip(" ")) for row in body if row.strip()), None)
    if indent is None:
        return None
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for offset, row in enumerate(body):
        number = span.start_line + 1 + offset
        content = row[indent:] if len(row) >= indent else ""
        for column, char in enumerate(content, start=indent + 1):
            chars.append(char)
            where.append((number, column))
        chars.append("\n")
        where.append((number, len(row) + 1))
    decoded = "".join(chars)
    # Chomping (``|-``, ``|+``) and trailing blank lines only change the end.
    kept = len(text)
    if decoded[:kept] != text:
        return None
    return text, where[: kept + 1] if kept < len(where) else [*where, where[-1]]
