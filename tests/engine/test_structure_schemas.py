"""The derived PL002 schemas are what ``scripts/derive_structure_schemas.py`` makes of the
installed botocore and cfn-lint."""

from __future__ import annotations

import importlib.util
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
    current = script.OUTPUT.read_text("utf-8")
    assert current == script.render(script.derive()), (
        "src/pipelint/data/structure.json is out of date: "
        "run python scripts/derive_structure_schemas.py"
    )
