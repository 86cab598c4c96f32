"""The fuzz targets of ``fuzz/`` run cleanly over their seeds, so they keep working."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, FUZZ / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


seeds = _module("seeds")
targets = _module("targets")
SEEDS = list(seeds.seeds())


def test_there_are_seeds_of_every_kind() -> None:
    assert len(SEEDS) > 20
    assert any(seed.lstrip().startswith(b"{") for seed in SEEDS)
    assert any(b"AWSTemplateFormatVersion" in seed for seed in SEEDS)


@pytest.mark.parametrize("name", targets.TARGETS)
def test_each_target_takes_every_seed_and_mangled_seeds(name: str) -> None:
    target = targets.TARGETS[name]
    for seed in SEEDS:
        target(seed)
        target(seed[: len(seed) // 2])
        target(seed.replace(b":", b"", 3))
