"""The same input gives byte-identical reports, whatever the hash seed of the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = ("text", "concise", "json", "sarif", "github")

pytestmark = pytest.mark.slow


def _reports(out: Path, seed: str, *extra: str) -> dict[str, bytes]:
    out.mkdir()
    paths = [str(ROOT / "examples")] + ([str(CORPUS)] if CORPUS.is_dir() else [])
    outputs = [f"--format={name}={out / name}" for name in FORMATS]
    subprocess.run(
        [sys.executable, "-m", "pipelint", "check", *paths, *outputs, "--color=never", *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        timeout=600,
        check=False,
    )
    return {name: (out / name).read_bytes() for name in FORMATS}


def test_reports_are_byte_identical_across_runs(tmp_path: Path) -> None:
    first = _reports(tmp_path / "first", "1")
    second = _reports(tmp_path / "second", "2")
    assert all(first.values())
    for name in FORMATS:
        assert first[name] == second[name], f"the {name} report differs between runs"
