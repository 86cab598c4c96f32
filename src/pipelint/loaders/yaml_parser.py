"""YAML with positions: a YAML parser's events turned into plain data and spans.

Only a parser's events are used: libyaml's through ``ruamel.yaml.clib`` when it is
installed; for a document that its older libyaml rejects, the libyaml PyYAML is built
with; else ruamel.yaml's pure-Python parser. The nodes are built here from the events,
iteratively, so nothing is ever constructed from a tag, deep nesting cannot exhaust the
stack, and alias expansion is bounded. (ruamel.yaml's C composer recurses in C: about
100,000 nested ``[`` crash the interpreter.)

Conventions:

* Plain scalars are resolved as YAML 1.1 (the PyYAML/libyaml ``SafeLoader`` rules):
  null, booleans (``yes``/``no``/``on``/``off``/``true``/``false`` in three cases), ints
  (decimal, ``0b``, ``0x``, leading-zero octal, ``_`` separators, base 60) and floats
  (``.inf``, ``.nan``); everything else, timestamps included, stays a string. Quoted and
  block scalars are strings. ``!!str``, ``!!int``, ``!!float``, ``!!bool`` and ``!!null``
  are honoured; every other standard (``!!``) or global tag (``!!python/object``,
  ``!!binary``, ``!<tag:…>``) is ignored and the node's plain value used, and so is the
  non-specific tag ``!`` (a string). Nothing is ever constructed from a tag.
* Mapping keys are always strings: the scalar's text as written (``on:`` is the key
  ``"on"``, ``1:`` is ``"1"``). ``<<`` is an ordinary key.
* CloudFormation short forms become their long form: ``!Ref X`` is ``{"Ref": "X"}``,
  ``!GetAtt a.b`` is ``{"Fn::GetAtt": ["a", "b"]}``, ``!Sub ...`` is ``{"Fn::Sub": ...}``.
  As cfn-lint does, every other local tag ``!Name`` becomes ``{"Fn::Name": ...}`` too
  (``!GetStackOutput``, and a misspelt ``!Subb``), so it stays an unresolved function
  rather than passing for a literal. The mapping and its single entry both take the
  tagged node's span; the entry's key span is the tag itself (or the whole node when the
  tag cannot be found in the text). A tagged mapping key is an error.
* An alias gives the anchored value itself (the same object, as PyYAML does), so a
  document's data may share sub-trees: treat it as read-only. The alias position's value
  span is the alias (``*name``); nodes inside an aliased value have no entry of their own,
  so :meth:`Document.span` gives the alias for them too. Each alias counts the nodes it
  repeats against ``max_nodes``, which stops "billion laughs" documents at once.
* A block mapping or sequence spans from its first key or item to the end of its last
  value; a block scalar ends at its last non-blank character; an empty value (``key:``)
  has a zero-width span just after the ``:``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.reader import ReaderError

from pipelint.loaders.document import LoadError
from pipelint.loaders.text import DEFAULT_MAX_DEPTH, SURROGATE, LineIndex, duplicate_key, quote
from pipelint.model.location import NodeSpans, Pointer, RawSpans, Span

DEFAULT_MAX_NODES = 1_000_000

#: CloudFormation short-form tags and the key of their long form.
SHORT_FORMS: dict[str, str] = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            *("And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "GetAtt", "If"),
            *("ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub"),
            *("GetStackOutput", "ToJsonString", "Transform"),
        )
    },
}

_STANDARD_TAG = "tag:yaml.org,2002:"
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_INT = re.compile(r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*(?::[0-5]?[0-9])*)")
_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
_NUMBER_START = frozenset("0123456789+-.")
_TAG_CHECKS: dict[str, Callable[[Any], bool]] = {
    "int": lambda value: type(value) is int,
    "float": lambda value: type(value) in (int, float),
    "bool": lambda value: type(value) is bool,
    "null": lambda value: value is None,
}
_ANCHOR = re.compile(r"&[^\s,\[\]{}]+\s+")
_COLON = re.compile(r"[ \t]*:")
_BLOCK_STYLES = ("|", ">")
_OTHER_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def long_form(tag: str | None) -> str | None:
    """The long-form key a local tag stands for (``!Ref`` → ``Ref``, ``!Sub`` → ``Fn::Sub``,
    any other ``!Name`` → ``Fn::Name``); ``None`` for no tag, the non-specific tag ``!``
    and standard or global tags (``!!str``, ``tag:yaml.org,2002:str``)."""
    if tag is None:
        return None
    known = SHORT_FORMS.get(tag)
    if known is not None:
        return known
    if len(tag) > 1 and tag.startswith("!") and not tag.startswith("!!"):
        return f"Fn::{tag[1:]}"
    return None


def _function(event: Event) -> str | None:
    """The CloudFormation function an event's tag writes in short form, if any."""
    tag = getattr(event, "ctag", None)
    return long_form(str(tag)) if tag is not None else None


def parse_yaml(
    text: str,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
    pure: bool | None = None,
) -> tuple[Any, dict[Pointer, RawSpans]]:
    """Parse ``text`` as a single YAML document: ``(data, spans)`` as for JSON.

    ``pure`` chooses ruamel.yaml's pure-Python parser (default: libyaml's when available).
    Every problem raises :class:`LoadError` at its position: syntax errors, several
    documents, an empty document, duplicate or complex keys, nesting deeper than
    ``max_depth``, and aliases that would expand the document past ``max_nodes`` nodes.
    """
    if pure:
        return _compose(text, "pure", max_depth, max_nodes)
    if has_libyaml():
        try:
            return _compose(text, "libyaml", max_depth, max_nodes)
        except _OldLibyaml:
            # The libyaml in ruamel.yaml.clib predates 0.2.1 and rejects ``:`` inside a
            # plain scalar in a flow collection (``[!Ref AWS::Region]``), which YAML and
            # CloudFormation accept: such documents are read again, with PyYAML's newer
            # libyaml when it is installed, else with the pure-Python parser.
            pass
    backend = "pyyaml" if _pyyaml_parser() is not None else "pure"
    return _compose(text, backend, max_depth, max_nodes)


def has_libyaml() -> bool:
    """Whether libyaml's parser (``ruamel.yaml.clib`` or ``clibz``) is available."""
    return _c_parser() is not None


@cache
def _c_parser() -> Any:
    """libyaml's parser class, from whichever C extension ruamel.yaml can use, or None."""
    for module in ("_ruamel_yaml", "_ruamel_yaml_clibz"):
        try:
            return import_module(module).CParser
        except ImportError:
            continue
    return None


@cache
def _pyyaml_parser() -> Any:
    """The libyaml parser PyYAML is built with (0.2.5 in its wheels), or None."""
    try:
        return import_module("yaml._yaml").CParser
    except ImportError:
        return None


class _OldLibyaml(Exception):
    """libyaml failed where the pure-Python parser may not."""


def _compose(
    text: str, backend: str, max_depth: int, max_nodes: int
) -> tuple[Any, dict[Pointer, RawSpans]]:
    """Build the document from the events of ``backend``: ``libyaml`` (ruamel.yaml.clib),
    ``pyyaml`` (PyYAML's libyaml) or ``pure`` (ruamel.yaml's pure-Python parser)."""
    get_event: Callable[[], Event]
    reader_errors: tuple[type[Exception], ...] = (ReaderError,)
    marked_errors: tuple[type[Exception], ...] = (MarkedYAMLError,)
    other_errors: tuple[type[Exception], ...] = (YAMLError,)
    if backend == "pure":
        from ruamel.yaml import YAML

        events = YAML(typ="safe", pure=True).parse(text)
        get_event, dispose = events.__next__, events.close
    elif backend == "pyyaml":
        yaml = import_module("yaml")  # PyYAML
        parser = _pyyaml_parser()(text)
        get_event, dispose = _ruamel_events(parser.get_event), parser.dispose
        reader_errors += (yaml.reader.ReaderError,)
        marked_errors += (yaml.error.MarkedYAMLError,)
        other_errors += (yaml.error.YAMLError,)
    else:
        parser = _c_parser()(text)
        get_event, dispose = parser.get_event, parser.dispose
    composer = _Composer(text, get_event, max_depth, max_nodes)
    try:
        return composer.document()
    except reader_errors as exc:
        raise composer.reader_error(exc) from None
    except marked_errors as exc:
        if backend == "libyaml" and getattr(exc, "problem", None) == "found unexpected ':'":
            raise _OldLibyaml from None
        raise composer.marked_error(exc) from None
    except other_errors as exc:
        raise LoadError(f"invalid YAML: {exc}") from None
    except RecursionError:  # not expected: neither parser nor composer recurses
        raise LoadError("nesting too deep for the YAML parser") from None
    finally:
        dispose()


def _ruamel_events(get_event: Callable[[], Any]) -> Callable[[], Event]:
    """PyYAML's events as ruamel.yaml's: the same fields, with marks that have the same
    ``index``, ``line`` and ``column``."""
    from ruamel.yaml import events

    def convert() -> Event:
        event = get_event()
        kind = type(event).__name__
        start, end = event.start_mark, event.end_mark
        if kind == "ScalarEvent":
            return events.ScalarEvent(
                event.anchor, event.tag, event.implicit, event.value, start, end, event.style
            )
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            opening = getattr(events, kind)
            return opening(event.anchor, event.tag, event.implicit, start, end, event.flow_style)  # type: ignore[no-any-return]
        if kind == "AliasEvent":
            return events.AliasEvent(event.anchor, start, end)
        if kind == "DocumentStartEvent":
            return events.DocumentStartEvent(start, end, event.explicit, event.version, event.tags)
        return getattr(events, kind)(start, end)  # type: ignore[no-any-return]

    return convert


class _Frame:
    """A mapping or sequence being read."""

    __slots__ = (
        "anchor",
        "container",
        "count",
        "flow",
        "height",
        "is_mapping",
        "key_end",
        "key_span",
        "last",
        "long_form",
        "member",
        "member_span",
        "outer",
        "pointer",
        "start_column",
        "start_line",
        "tag_span",
        "value",
    )

    def __init__(self, event: CollectionStartEvent, pointer: Pointer, key_span: RawSpans) -> None:
        self.is_mapping = type(event) is MappingStartEvent
        self.container: Any = {} if self.is_mapping else []
        self.value: Any = self.container  # or ``{"Fn::Join": container}`` for ``!Join [...]``
        self.long_form: str | None = None
        self.tag_span: RawSpans | None = None
        self.flow = bool(event.flow_style)
        self.anchor: str | None = event.anchor
        self.outer = pointer  # the node's pointer; ``pointer`` is the container's
        self.pointer = pointer
        self.key_span = key_span  # the node's key, in its parent mapping (else empty)
        self.start_line = self.start_column = 0
        self.last: RawSpans | None = None  # the span of the last value in it
        self.count = 0  # nodes made before this one
        self.height = 1  # nesting levels, this one included
        # In a mapping: the key whose value comes next, its span and where it ends.
        self.member: str | None = None
        self.member_span: RawSpans = ()
        self.key_end = 0


class _Anchor:
    """An anchored value: how many nodes and nesting levels each alias to it adds."""

    __slots__ = ("height", "size", "value")

    def __init__(self, value: Any, size: int, height: int) -> None:
        self.value = value
        self.size = size
        self.height = height


class _Composer:
    def __init__(
        self, text: str, get_event: Callable[[], Event], max_depth: int, max_nodes: int
    ) -> None:
        self.text = text
        self.lines = LineIndex(text)
        # Both parsers also end lines at U+0085, U+2028 and U+2029: only without them are
        # their line and column numbers those of the text.
        self.marks_usable = not _OTHER_LINE_BREAKS.search(text)
        self.get_event = get_event
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.spans: dict[Pointer, RawSpans] = {}
        self.count = 0  # nodes made, aliases expanded
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()

    # -- positions and errors ---------------------------------------------------------------

    def _span(self, start: Any, end: Any) -> RawSpans:
        """The span between two marks of the parser."""
        if self.marks_usable:
            return start.line + 1, start.column + 1, end.line + 1, end.column + 1
        return self.lines.raw_span(start.index, end.index)

    def _position(self, mark: Any) -> tuple[int, int]:
        if self.marks_usable:
            return mark.line + 1, mark.column + 1
        return self.lines.position(mark.index)

    def reader_error(self, exc: Any) -> LoadError:
        """A reader error (ruamel.yaml's or PyYAML's) as a located :class:`LoadError`."""
        position = exc.position
        if exc.encoding != "unicode":  # libyaml counts UTF-8 bytes
            position = len(self.text.encode()[:position].decode("utf-8", "ignore"))
        character = exc.character
        code = character if isinstance(character, int) else ord(character)
        return LoadError(
            f"character U+{code:04X} is not allowed in YAML", self.lines.point(position)
        )

    def marked_error(self, exc: Any) -> LoadError:
        """A parser error (ruamel.yaml's or PyYAML's) as a located :class:`LoadError`."""
        message = str(exc.problem or exc.context or "invalid YAML")
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            return LoadError(message)
        index = mark.index
        if message == "found character that cannot start any token" and index < len(self.text):
            message = f"found character {self.text[index]!r} that cannot start any token"
        context = exc.context
        useful = context != "while scanning for the next token"
        if context and exc.problem and exc.context_mark is not None and useful:
            line, column = self.lines.position(exc.context_mark.index)
            message += f" ({context} at line {line}, column {column})"
        return LoadError(message, self.lines.point(index))

    # -- the document -----------------------------------------------------------------------

    def document(self) -> tuple[Any, dict[Pointer, RawSpans]]:
        self.get_event()  # stream start
        event = self.get_event()
        if type(event) is StreamEndEvent:
            raise LoadError("empty document")
        data = self._root()
        self.get_event()  # document end
        event = self.get_event()
        if type(event) is DocumentStartEvent:
            raise LoadError(
                "expected a single YAML document, found several",
                self.lines.point(event.start_mark.index),
            )
        return data, self.spans

    def _root(self) -> Any:
        get_event = self.get_event
        stack: list[_Frame] = []
        frame: _Frame | None = None
        while True:
            event: Any = get_event()
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                assert frame is not None
                stack.pop()
                value, span, height = self._close(frame, event)
                if not stack:
                    return value
                frame = stack[-1]
            else:
                # Where the node goes: its pointer, and its key span in a mapping.
                key_span: RawSpans
                if frame is None:
                    pointer: Pointer = ()
                    key_span = ()
                elif not frame.is_mapping:
                    pointer = (*frame.pointer, len(frame.container))
                    key_span = ()
                elif frame.member is None:
                    self._key(frame, event)
                    continue
                else:
                    pointer = (*frame.pointer, frame.member)
                    key_span = frame.member_span
                if kind is ScalarEvent:
                    if frame is None and _is_empty(event):
                        raise LoadError("empty document")
                    value, span, height = self._scalar(event, pointer, key_span, frame)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    if len(stack) >= self.max_depth:
                        raise LoadError(
                            f"nesting deeper than {self.max_depth} levels",
                            self.lines.point(event.start_mark.index),
                        )
                    child = self._open(event, pointer, key_span)
                    if frame is not None:
                        _attach(frame, child.value)
                    stack.append(child)
                    frame = child
                    continue
                elif kind is AliasEvent:
                    value, span, height = self._alias(event, pointer, key_span, len(stack))
                else:
                    raise LoadError(f"unexpected YAML event {kind.__name__}")
                if frame is None:
                    return value
                _attach(frame, value)
            frame.last = span
            if height >= frame.height:
                frame.height = height + 1

    # -- nodes ------------------------------------------------------------------------------

    def _key(self, frame: _Frame, event: Event) -> None:
        """Take ``event`` as the key of the next member of ``frame``."""
        if type(event) is not ScalarEvent:
            start = self.lines.point(event.start_mark.index)
            if type(event) is AliasEvent:
                raise LoadError("an alias cannot be a mapping key", start)
            raise LoadError("mapping keys must be scalars (complex keys are not supported)", start)
        assert isinstance(event, ScalarEvent)
        key: str = event.value
        key_span = self._span(event.start_mark, event.end_mark)
        if _function(event) is not None:
            raise LoadError(
                f"a mapping key cannot be a CloudFormation function ({event.tag})", Span(*key_span)
            )
        if key in frame.container:
            pointer = (*frame.pointer, key)
            raise duplicate_key(key, NodeSpans.from_raw(self.spans[pointer]).key, Span(*key_span))
        if event.anchor is not None:
            self._remember(event.anchor, self._plain(event, key_span), 1, 0)
        frame.member = key
        frame.member_span = key_span
        frame.key_end = event.end_mark.index

    def _open(self, event: CollectionStartEvent, pointer: Pointer, key_span: RawSpans) -> _Frame:
        frame = _Frame(event, pointer, key_span)
        frame.start_line, frame.start_column = self._position(event.start_mark)
        frame.count = self.count
        function = _function(event)
        if function is not None:
            frame.long_form = function
            frame.value = {function: frame.container}
            frame.pointer = (*pointer, function)
            frame.tag_span = self._tag_span(event)
        if frame.anchor is not None:
            self.open_anchors.add(frame.anchor)
        return frame

    def _close(self, frame: _Frame, event: Event) -> tuple[Any, RawSpans, int]:
        """Record the spans of a finished collection; its value, span and height."""
        if frame.flow or frame.last is None:
            end_line, end_column = self._position(event.end_mark)
        else:
            end_line, end_column = frame.last[2], frame.last[3]
        span = (frame.start_line, frame.start_column, end_line, end_column)
        height = frame.height
        if frame.long_form is not None:
            self.spans[frame.pointer] = span + (frame.tag_span or span)
            self.count += 1
            height += 1
        self.spans[frame.outer] = span + frame.key_span
        self.count += 1
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self._remember(frame.anchor, frame.value, self.count - frame.count, height)
        return frame.value, span, height

    def _scalar(
        self, event: ScalarEvent, pointer: Pointer, key_span: RawSpans, parent: _Frame | None
    ) -> tuple[Any, RawSpans, int]:
        """Record a scalar; its value, span and height."""
        style = event.style
        value: Any = event.value
        if event.ctag is None and event.anchor is None and style not in _BLOCK_STYLES:
            # The common case, quickly: an untagged plain or quoted scalar.
            if not style:
                if not value and parent is not None and parent.is_mapping:
                    span = self._empty_value_span(event, parent)
                else:
                    span = self._span(event.start_mark, event.end_mark)
                value = _resolve(value, span)
            else:
                span = self._span(event.start_mark, event.end_mark)
                if style == '"' and SURROGATE.search(value):
                    raise LoadError("invalid Unicode escape (unpaired surrogate)", Span(*span))
            self.spans[pointer] = span + key_span
            self.count += 1
            return value, span, 0
        before = self.count
        if style in _BLOCK_STYLES:
            start = event.start_mark.index
            end = event.end_mark.index
            while end > start + 1 and self.text[end - 1] in " \t\n":
                end -= 1
            span = self.lines.raw_span(start, end)
        else:
            span = self._span(event.start_mark, event.end_mark)
        value = self._plain(event, span)
        self.spans[pointer] = span + key_span
        self.count += 1
        height = 0
        function = _function(event)
        if function is not None:
            entry = (*pointer, function)
            if function == "Fn::GetAtt":
                value = self._get_att(event, entry, span)
            else:
                self.spans[entry] = span + (self._tag_span(event) or span)
                self.count += 1
            value = {function: value}
            height = 1
        if event.anchor is not None:
            self._remember(event.anchor, value, self.count - before, height)
        return value, span, height

    def _empty_value_span(self, event: ScalarEvent, parent: _Frame) -> RawSpans:
        """Zero width, just after the ``:`` (libyaml and ruamel.yaml place it differently)."""
        colon = _COLON.match(self.text, parent.key_end)
        index = colon.end() if colon else event.start_mark.index
        line, column = self.lines.position(index)
        return line, column, line, column

    def _plain(self, event: ScalarEvent, span: RawSpans) -> Any:
        """The value of a scalar, by its tag or, untagged and plain, by its form."""
        value: str = event.value
        tag = event.tag
        if event.style == '"' and SURROGATE.search(value):
            raise LoadError("invalid Unicode escape (unpaired surrogate)", Span(*span))
        if tag is None:
            return _resolve(value, span) if event.implicit[0] else value
        if not tag.startswith(_STANDARD_TAG):
            return value
        name = tag[len(_STANDARD_TAG) :]
        if name not in _TAG_CHECKS:
            return value
        resolved = _resolve(value, span)
        if _TAG_CHECKS[name](resolved):
            return float(resolved) if name == "float" else resolved
        raise LoadError(f"invalid !!{name} value {quote(value)}", Span(*span))

    def _get_att(self, event: ScalarEvent, pointer: Pointer, span: RawSpans) -> list[str]:
        """``!GetAtt a.b`` as ``["a", "b"]``, each part with its own span when possible."""
        value: str = event.value
        parts = value.split(".", 1)
        self.spans[pointer] = span + (self._tag_span(event) or span)
        end = event.end_mark.index
        start = end - len(value)
        exact = event.style in (None, "") and self.text[start:end] == value
        for index, part in enumerate(parts):
            part_span = self.lines.raw_span(start, start + len(part)) if exact else span
            item = (*pointer, index)
            self.spans[item] = part_span
            start += len(part) + 1
        self.count += 1 + len(parts)
        return parts

    def _tag_span(self, event: ScalarEvent | CollectionStartEvent) -> RawSpans | None:
        """Where the tag of ``event`` is written, if it can be found."""
        text = self.text
        tag = str(event.tag)
        start = event.start_mark.index
        anchor = _ANCHOR.match(text, start)
        if anchor is not None:
            start = anchor.end()
        if text.startswith(tag, start):
            return self.lines.raw_span(start, start + len(tag))
        return None

    # -- anchors and aliases ----------------------------------------------------------------

    def _remember(self, name: str, value: Any, size: int, height: int) -> None:
        self.anchors[name] = _Anchor(value, size, height)

    def _alias(
        self, event: AliasEvent, pointer: Pointer, key_span: RawSpans, depth: int
    ) -> tuple[Any, RawSpans, int]:
        """The anchored value (the same object); its span (the alias's) and height."""
        name = event.anchor
        raw = self._span(event.start_mark, event.end_mark)
        span = Span(*raw)
        anchor = self.anchors.get(name)
        if anchor is None:
            if name in self.open_anchors:
                raise LoadError(f"recursive alias *{name} (the node would contain itself)", span)
            raise LoadError(f"undefined alias *{name}", span)
        if depth + anchor.height > self.max_depth:
            raise LoadError(f"nesting deeper than {self.max_depth} levels (alias expansion)", span)
        self.count += anchor.size
        if self.count > self.max_nodes:
            raise LoadError("document too large (alias expansion)", span)
        self.spans[pointer] = raw + key_span
        return anchor.value, raw, anchor.height


def _attach(frame: _Frame, value: Any) -> None:
    if frame.is_mapping:
        frame.container[frame.member] = value
        frame.member = None
    else:
        frame.container.append(value)


def _is_empty(event: ScalarEvent) -> bool:
    """Whether ``event`` is an absent value (nothing written, not even a tag or anchor)."""
    return (
        event.value == "" and bool(event.implicit[0]) and event.tag is None and event.anchor is None
    )


_MISSING = object()


def _resolve(value: str, span: RawSpans) -> Any:
    """The YAML 1.1 value of an untagged plain scalar."""
    word = _WORDS.get(value, _MISSING)
    if word is not _MISSING:
        return word
    if value[0] in _NUMBER_START:
        if _INT.fullmatch(value):
            number = _to_int(value, span)
            if number is not None:
                return number
        elif _FLOAT.fullmatch(value):
            return _to_float(value)
    return value


def _to_int(text: str, span: RawSpans) -> int | None:
    """The int written ``text`` (matched by ``_INT``), or None for an empty ``0x_``."""
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    try:
        if digits[:2] in ("0b", "0x"):
            return sign * int(digits[2:], 2 if digits[1] == "b" else 16)
    except ValueError:
        return None
    if ":" in digits:
        return sign * int(_base60(digits))
    if digits[0] == "0":
        return sign * int(digits, 8)
    try:
        return sign * int(digits)
    except ValueError:  # more digits than int() accepts
        raise LoadError("number too large", Span(*span)) from None


def _to_float(text: str) -> float:
    """The float written ``text`` (matched by ``_FLOAT``)."""
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[0] == "-" else 1.0
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    if ":" in digits:
        return sign * float(_base60(digits))
    return sign * float(digits)


def _base60(digits: str) -> float:
    """``1:30`` is 90: each ``:``-separated part is worth 60 times the next."""
    total: float = 0
    for part in digits.split(":"):
        total = total * 60 + (float(part) if "." in part else int(part))
    return total
