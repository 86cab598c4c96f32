"""The rule pages in docs/rules are generated from the docstrings, and kept current."""

from __future__ import annotations

from pathlib import Path

from pipelint import docs
from pipelint.engine.engine_rules import ENGINE_RULES
from pipelint.rules import RULES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_rule_pages_are_up_to_date() -> None:
    stale = docs.differences(DOCS, docs.pages(docs.shipped_rules()))
    assert stale == [], f"stale rule pages {stale}: run `python -m pipelint.docs`"


def test_every_shipped_rule_has_a_page_and_an_index_entry() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for rule in (*ENGINE_RULES, *RULES):
        page = (DOCS / f"{rule.code}.md").read_text(encoding="utf-8")
        assert page.splitlines()[1] == f"# {rule.code} {rule.name}"
        assert rule.summary() in page
        assert f"[{rule.code}]({rule.code}.md)" in index


def test_check_reports_stale_pages_and_regeneration_fixes_them(tmp_path: Path, capsys) -> None:
    assert docs.main([str(tmp_path)]) == 0
    (tmp_path / "PL101.md").write_text("edited by hand\n")
    (tmp_path / "PL999.md").write_text("a rule that is gone\n")
    (tmp_path / "notes.md").write_text("not a rule page\n")
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert "PL101.md is out of date" in capsys.readouterr().err
    assert docs.main([str(tmp_path)]) == 0
    assert docs.main(["--check", str(tmp_path)]) == 0
    assert not (tmp_path / "PL999.md").exists()
    assert (tmp_path / "notes.md").exists()


def test_docs_url_points_at_the_generated_page() -> None:
    for rule in (*ENGINE_RULES, *RULES):
        assert rule.docs_url().endswith(f"/docs/rules/{rule.code}.md")
