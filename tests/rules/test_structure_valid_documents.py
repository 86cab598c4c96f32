"""Documents AWS accepts give no structure finding (PL002, PL801-PL808).

``fixtures/valid/`` holds a V2 pipeline that uses most of what the CLI JSON can say
(regional artifact stores, triggers, variables, stage conditions, a Commands action, change
sets, cross-region and cross-account actions) and a template written with the intrinsics
and conditions real templates use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelint.api import check

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
STRUCTURE = ["PL002", "PL8"]


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.iterdir()))
def test_a_valid_document_has_no_structure_finding(name: str) -> None:
    result = check([VALID / name], root=VALID, select=STRUCTURE)
    assert result.documents, "the document was not read"
    assert [f"{f.location}: {f.code} {f.message}" for f in result.findings] == []
