"""A strict JSON (RFC 8259) parser that records the span of every key and value."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable
from json import JSONDecodeError, decoder
from typing import Any

from pipelint.loaders.document import LoadError
from pipelint.loaders.text import DEFAULT_MAX_DEPTH, SURROGATE, LineIndex, duplicate_key, quote
from pipelint.model.location import NodeSpans, Pointer, RawSpans, Span

# The common cases are read by one regular expression each; anything else (strings with
# escapes, and every error) goes through slower code that explains what is wrong.
_WS = re.compile(r"[ \t\n\r]*")
_NOT_WORD = r"(?![\w.+\-$])"
_VALUE = re.compile(
    r'"(?P<string>[^"\\\x00-\x1f]*)"'
    r"|(?P<number>-?(?:0|[1-9][0-9]*)(?P<fraction>(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?))"
    + _NOT_WORD
    + r"|(?P<literal>true|false|null)"
    + _NOT_WORD
)
_KEY = re.compile(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')
_AFTER = re.compile(r"[ \t\n\r]*([,\]}])[ \t\n\r]*")
_WORD = re.compile(r"[\w.+\-$]+")
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_FAR = sys.maxsize
#: The C string scanner of the standard ``json`` module (escapes, strict control characters).
_scanstring: Callable[[str, int, bool], tuple[str, int]] = decoder.scanstring  # type: ignore[attr-defined]


def parse_json(
    text: str, *, max_depth: int = DEFAULT_MAX_DEPTH
) -> tuple[Any, dict[Pointer, RawSpans]]:
    """Parse ``text`` as one JSON value: ``(data, spans)``.

    ``spans`` has an entry (:data:`~pipelint.model.location.RawSpans`) for the root ``()``,
    every object member (value span: the value; key span: the quoted key) and every array
    element. Any error, including a duplicate
    key or nesting deeper than ``max_depth``, raises :class:`LoadError` at its position.
    """
    return _Parser(text, max_depth).parse()


class _Frame:
    """An object or array being read."""

    __slots__ = ("closer", "column", "container", "is_object", "key", "key_span", "line", "pointer")

    def __init__(
        self, is_object: bool, pointer: Pointer, key_span: RawSpans, line: int, column: int
    ) -> None:
        self.is_object = is_object
        self.closer = "}" if is_object else "]"
        self.container: Any = {} if is_object else []
        self.pointer = pointer
        self.key_span = key_span  # empty outside a mapping
        self.line = line  # where the opening bracket is
        self.column = column
        self.key = ""  # the member being read, in an object


class _Parser:
    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.max_depth = max_depth
        self.lines = LineIndex(text)
        self.spans: dict[Pointer, RawSpans] = {}
        # The line of the last position looked up: positions are mostly looked up in order.
        self._starts = self.lines.starts
        self._line = 1
        self._line_start = 0
        self._next_line_start = self._starts[1] if len(self._starts) > 1 else _FAR

    def parse(self) -> tuple[Any, dict[Pointer, RawSpans]]:
        pos = _WS.match(self.text).end()  # type: ignore[union-attr]
        if pos == len(self.text):
            raise LoadError("empty document")
        return self._document(pos), self.spans

    def _position(self, offset: int) -> tuple[int, int]:
        if not self._line_start <= offset < self._next_line_start:
            starts = self._starts
            line = self._line + 1
            if offset < self._line_start or (line < len(starts) and offset >= starts[line]):
                line = bisect_right(starts, offset)
            self._line = line
            self._line_start = starts[line - 1]
            self._next_line_start = starts[line] if line < len(starts) else _FAR
        return self._line, offset - self._line_start + 1

    def _document(self, pos: int) -> Any:
        text = self.text
        spans = self.spans
        position = self._position
        value_at = _VALUE.match
        after_at = _AFTER.match
        stack: list[_Frame] = []
        pointer: Pointer = ()
        key_span: RawSpans = ()  # the key's span: empty outside a mapping
        while True:
            # A value starts at ``pos``.
            line, column = position(pos)
            match = value_at(text, pos)
            if match is None and text.startswith(("{", "["), pos):
                if len(stack) >= self.max_depth:
                    raise LoadError(
                        f"nesting deeper than {self.max_depth} levels", self.lines.point(pos)
                    )
                frame = _Frame(text[pos] == "{", pointer, key_span, line, column)
                if stack:
                    _attach(stack[-1], frame.container)
                stack.append(frame)
                end = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if not text.startswith(frame.closer, end):
                    if frame.is_object:
                        pos, pointer, key_span = self._key(frame, end, -1)
                    else:
                        pos, pointer, key_span = end, (*pointer, 0), ()
                    continue
            else:
                if match is None:
                    value, end = self._value(pos)
                elif match.lastgroup == "string":
                    value, end = match.group("string"), match.end()
                elif match.lastgroup == "number":
                    end = match.end()
                    value = float(match.group()) if match.group("fraction") else self._int(pos, end)
                else:
                    value, end = _LITERALS[match.group()], match.end()
                spans[pointer] = (line, column, line, column + end - pos, *key_span)
                if not stack:
                    self._expect_end(end, isinstance(value, str))
                    return value
                frame = stack[-1]
                _attach(frame, value)
            # Inside ``frame``, a value ended at ``end``: a comma or closing brackets follow.
            while True:
                match = after_at(text, end)
                mark = match.group(1) if match is not None else ""
                if match is None or mark not in (",", frame.closer):
                    raise self._after_error(frame, end)
                if mark == ",":
                    pos = match.end()
                    if frame.is_object:
                        pos, pointer, key_span = self._key(frame, pos, match.start(1))
                    elif text.startswith("]", pos):
                        raise _trailing_comma(self.lines.point(match.start(1)))
                    else:
                        pointer, key_span = (*frame.pointer, len(frame.container)), ()
                    break
                close = match.start(1)
                close_line, close_column = position(close)
                spans[frame.pointer] = (
                    frame.line,
                    frame.column,
                    close_line,
                    close_column + 1,
                    *frame.key_span,
                )
                stack.pop()
                if not stack:
                    self._expect_end(close + 1)
                    return frame.container
                end = close + 1
                frame = stack[-1]

    def _key(self, frame: _Frame, pos: int, comma: int) -> tuple[int, Pointer, RawSpans]:
        """Read the key of a member and its ``:``; return where the value starts."""
        text = self.text
        match = _KEY.match(text, pos)
        if match is not None:
            key = match.group(1)
            end = match.end(1) + 1
            value_start = match.end()
        else:
            if text.startswith("}", pos) and comma >= 0:
                raise _trailing_comma(self.lines.point(comma))
            if not text.startswith('"', pos):
                raise self._unexpected(pos, "a double-quoted key")
            key, end = self._string(pos)
            value_start = _WS.match(text, end).end()  # type: ignore[union-attr]
            if not text.startswith(":", value_start):
                raise self._unexpected(value_start, "':' after key")
            value_start = _WS.match(text, value_start + 1).end()  # type: ignore[union-attr]
        line, column = self._position(pos)
        key_span = (line, column, line, column + end - pos)
        pointer = (*frame.pointer, key)
        if key in frame.container:
            raise duplicate_key(key, NodeSpans.from_raw(self.spans[pointer]).key, Span(*key_span))
        frame.key = key
        return value_start, pointer, key_span

    def _value(self, pos: int) -> tuple[Any, int]:
        """Read a string with escapes, or explain why no value starts at ``pos``."""
        text = self.text
        if text.startswith('"', pos):
            return self._string(pos)
        if text.startswith(("-", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), pos):
            word = _WORD.match(text, pos)
            end = word.end() if word else pos + 1
            raise LoadError(f"invalid number {quote(text[pos:end])}", self.lines.span(pos, end))
        raise self._unexpected(pos, "a value")

    def _int(self, start: int, end: int) -> int:
        try:
            return int(self.text[start:end])
        except ValueError:  # more digits than int() accepts
            raise LoadError("number too large", self.lines.span(start, end)) from None

    def _expect_end(self, pos: int, after_string: bool = False) -> None:
        pos = _WS.match(self.text, pos).end()  # type: ignore[union-attr]
        if pos < len(self.text):
            message = "extra data after the document"
            if after_string and self.text.startswith(":", pos):
                message += " (is the opening '{' missing?)"
            raise self._unexpected(pos, "", message)

    def _after_error(self, frame: _Frame, pos: int) -> LoadError:
        pos = _WS.match(self.text, pos).end()  # type: ignore[union-attr]
        if frame.is_object:
            return self._unexpected(pos, "',' or '}' after object member")
        return self._unexpected(pos, "',' or ']' after array element")

    def _string(self, pos: int) -> tuple[str, int]:
        text = self.text
        try:
            value, end = _scanstring(text, pos + 1, True)
        except JSONDecodeError as exc:
            raise self._string_error(pos, exc) from None
        if text.find("\\u", pos, end) >= 0 and SURROGATE.search(value):
            raise LoadError("invalid \\u escape: unpaired surrogate", self.lines.span(pos, end))
        return value, end

    def _string_error(self, start: int, exc: JSONDecodeError) -> LoadError:
        text = self.text
        at = exc.pos
        if exc.msg.startswith("Unterminated") or text.startswith("\n", at):
            line_end = text.find("\n", start)
            return LoadError(
                "unterminated string",
                self.lines.span(start, len(text) if line_end < 0 else line_end),
            )
        if exc.msg.startswith("Invalid control"):
            return LoadError(
                f"invalid control character U+{ord(text[at]):04X} in string (use an escape)",
                self.lines.point(at),
            )
        if exc.msg.startswith("Invalid \\u"):
            return LoadError("invalid \\u escape", self.lines.span(at - 1, min(at + 5, len(text))))
        return LoadError("invalid escape in string", self.lines.span(at, min(at + 2, len(text))))

    def _unexpected(self, pos: int, expected: str, message: str | None = None) -> LoadError:
        """An error at ``pos``, where ``expected`` should have been."""
        text = self.text
        lines = self.lines
        if pos >= len(text):
            where = lines.point(len(text.rstrip(" \t\n\r")))
            return LoadError(f"unexpected end of file, expected {expected}", where)
        ch = text[pos]
        if text.startswith(("//", "/*"), pos):
            return LoadError("comments are not allowed in JSON", lines.span(pos, pos + 2))
        if ch == "'":
            return LoadError("strings must use double quotes in JSON", lines.point(pos))
        word = _WORD.match(text, pos)
        if word is not None:
            if message is None:
                message = f"expected {expected}, found {quote(word.group())}"
            return LoadError(message, lines.span(pos, word.end()))
        if message is None:
            message = f"expected {expected}, found {_describe(ch)}"
        return LoadError(message, lines.point(pos))


def _describe(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"'{ch}'"
    return f"U+{ord(ch):04X}"


def _attach(frame: _Frame, value: Any) -> None:
    if frame.is_object:
        frame.container[frame.key] = value
    else:
        frame.container.append(value)


def _trailing_comma(span: Span) -> LoadError:
    return LoadError("trailing comma (not allowed in JSON)", span)
