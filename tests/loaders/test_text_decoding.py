"""Decoding file bytes, newline normalisation and offset-to-position conversion."""

from __future__ import annotations

import codecs

import pytest

from pipelint.loaders.document import LoadError
from pipelint.loaders.text import LineIndex, decode, quote
from pipelint.model.location import Span

TEXT = "name: café\nvalue: 😀\n"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode(),
        codecs.BOM_UTF8 + TEXT.encode(),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_encodings_with_a_byte_order_mark_decode_to_the_same_text(raw: bytes) -> None:
    assert decode(raw) == TEXT


def test_python_utf16_codec_output_with_its_bom_decodes() -> None:
    assert decode(TEXT.encode("utf-16")) == TEXT


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised(newline: str) -> None:
    raw = TEXT.replace("\n", newline).encode()
    assert decode(raw) == TEXT
    assert decode(codecs.BOM_UTF16_LE + TEXT.replace("\n", newline).encode("utf-16-le")) == TEXT


def test_mixed_newlines() -> None:
    assert decode(b"a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_invalid_utf8_is_located_at_the_first_bad_byte() -> None:
    with pytest.raises(LoadError) as info:
        decode("a: 1\nbé: x".encode() + b"\xff rest")
    assert info.value.message == "invalid UTF-8 byte 0xff"
    # Columns count characters: "bé: x" is 5 of them, so the bad byte is the 6th.
    assert info.value.span == Span.point(2, 6)


def test_invalid_utf8_after_crlf_lines_counts_editor_lines() -> None:
    with pytest.raises(LoadError) as info:
        decode(b"a\r\nb\r\n\xc3(")
    assert info.value.message == "invalid UTF-8 byte 0xc3"
    assert info.value.span == Span.point(3, 1)


def test_nul_byte_means_binary() -> None:
    with pytest.raises(LoadError) as info:
        decode(b"version: 0.0\nos: li\x00nux\n")
    assert info.value.message == "binary file or unsupported encoding (NUL byte)"
    assert info.value.span == Span.point(2, 7)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_told_by_their_nul_bytes(codec: str) -> None:
    assert decode('{"a": "é"}\r\n'.encode(codec)) == '{"a": "é"}\n'


def test_a_nul_after_a_first_character_that_is_not_ascii_is_binary() -> None:
    with pytest.raises(LoadError) as info:
        decode(b"\xc3\xa9\x00")
    assert "NUL byte" in info.value.message
    assert info.value.span == Span.point(1, 2)


def test_whichever_comes_first_of_nul_and_invalid_byte_is_reported() -> None:
    with pytest.raises(LoadError, match="NUL"):
        decode(b"ab\x00cd\xff")
    with pytest.raises(LoadError, match="0xff"):
        decode(b"ab\xffcd\x00")


def test_png_named_like_an_appspec_is_rejected() -> None:
    with pytest.raises(LoadError) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert info.value.message == "invalid UTF-8 byte 0x89"


def test_truncated_utf16_is_an_error_at_its_position() -> None:
    with pytest.raises(LoadError) as info:
        decode(codecs.BOM_UTF16_LE + "ab\ncd".encode("utf-16-le") + b"x")
    assert info.value.message.startswith("invalid UTF-16 text")
    assert info.value.span == Span.point(2, 3)


def test_nul_in_utf16_text_is_rejected() -> None:
    with pytest.raises(LoadError, match="NUL") as info:
        decode(codecs.BOM_UTF16_LE + "a\nb\x00".encode("utf-16-le"))
    assert info.value.span == Span.point(2, 2)


def test_empty_input_decodes_to_empty_text() -> None:
    assert decode(b"") == ""
    assert decode(codecs.BOM_UTF8) == ""


def test_line_index_positions_and_spans() -> None:
    text = "ab\nc😀d\n\nlast"
    lines = LineIndex(text)
    assert lines.position(0) == (1, 1)
    assert lines.position(2) == (1, 3)  # the newline itself
    assert lines.position(3) == (2, 1)
    assert lines.position(5) == (2, 3)  # after the emoji: one code point
    assert lines.position(len(text)) == (4, 5)
    assert lines.span(3, 6) == Span(2, 1, 2, 4)
    assert lines.span(1, 8) == Span(1, 2, 4, 1)
    assert lines.span(1, 7) == Span(1, 2, 3, 1)
    assert lines.point(9) == Span(4, 2, 4, 3)


def test_quote_escapes_and_shortens() -> None:
    assert quote('a"b\\c') == '"a\\"b\\\\c"'
    assert quote("x" * 100) == '"' + "x" * 57 + '..."'
