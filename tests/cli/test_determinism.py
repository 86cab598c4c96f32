"""The same input gives byte-identical reports, whatever the hash seed of the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = ("text", "concise", "json", "sarif", "github", "markdown")

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


def test_reports_are_byte_identical_whatever_the_jobs(tmp_path: Path) -> None:
    serial = _reports(tmp_path / "serial", "0", "--jobs=1")
    parallel = _reports(tmp_path / "parallel", "0", "--jobs=2")
    assert all(serial.values())
    for name in FORMATS:
        assert serial[name] == parallel[name], f"the {name} report differs with --jobs 2"


def test_cross_file_findings_are_the_same_whatever_the_jobs(tmp_path: Path) -> None:
    """Pipelines in one file deploy to groups defined in another: every worker must see the
    whole run, so a generated tree gives the same findings in one process and in several."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_tree import write_tree

    tree = tmp_path / "tree"
    write_tree(tree, 120)
    reports = {}
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "pipelint", "check", str(tree), "--format=json", "--jobs", jobs],
            cwd=tmp_path,
            capture_output=True,
            timeout=600,
            check=False,
        )
        reports[jobs] = done.stdout
    assert b"svc00010-prod" in reports["1"]
    assert reports["1"] == reports["2"]
