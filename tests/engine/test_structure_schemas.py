"""The derived PL002 schemas are what ``scripts/derive_structure_schemas.py`` makes of the
installed botocore and cfn-lint."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts" / "derive_structure_schemas.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_structure_schemas", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_derived_schemas_are_current() -> None:
    pytest.importorskip("botocore")
    script = _script()
    current = json.loads(script.OUTPUT.read_text("utf-8"))
    try:
        derived = script.derive()
    except script.SourceMissing as exc:
        pytest.skip(f"cannot derive the schemas here: {exc}")
    # The versions it was derived from are provenance: a release that changes nothing the
    # schemas hold does not make the file stale.
    current.pop("derived_from")
    derived.pop("derived_from")
    assert current == derived, (
        "src/pipelint/data/structure.json is out of date: "
        "run python scripts/derive_structure_schemas.py"
    )
