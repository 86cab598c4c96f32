"""Finding ``# pipelint: ignore[...]`` comments in YAML text, and only real comments."""

from __future__ import annotations

from pipelint.engine.suppressions import comment_suppressions
from pipelint.loaders.load import load_document


def comments(text: str) -> list[tuple[int, int, tuple[str, ...], str, tuple[int, ...]]]:
    document = load_document("t.yaml", text.encode())
    return [
        (s.origin.line, s.origin.column, s.selectors, s.reason, s.lines)
        for s in comment_suppressions(document)
    ]


def test_trailing_and_own_line_comments() -> None:
    text = (
        "a: 1  # pipelint: ignore[PL101,  prod-without-approval ]  why not\n"
        "# pipelint: ignore[PL102] - covered elsewhere\n"
        "\n"
        "b: 2\n"
    )
    assert comments(text) == [
        (1, 7, ("PL101", "prod-without-approval"), "why not", (1,)),
        (2, 1, ("PL102",), "covered elsewhere", (4,)),
    ]


def test_hashes_inside_scalars_are_not_comments() -> None:
    text = (
        'a: "multi-line\n'
        '  # pipelint: ignore[PL101] still the string"\n'
        "b: 'it''s # pipelint: ignore[PL101]'\n"
        'c: {d: "# pipelint: ignore[PL101]"}\n'
        "e: >\n"
        "  # pipelint: ignore[PL101]\n"
        "f: x#pipelint:ignore[PL101]\n"
        "g: 1 # real # pipelint: ignore[PL103]\n"
    )
    assert comments(text) == [(8, 13, ("PL103",), "", (8,))]


def test_a_document_without_the_word_is_not_scanned() -> None:
    assert comments("a: 1 # ignore[PL101]\n") == []
