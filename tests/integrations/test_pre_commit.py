"""The pre-commit hooks, run by pre-commit itself from this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import PROD_WITHOUT_APPROVAL
from pipelint.loaders.load import load_document

ROOT = Path(__file__).resolve().parents[2]

GOOD_PIPELINE = PROD_WITHOUT_APPROVAL.replace('"Prod"', '"Release"')
NOT_A_PIPELINE = "name: build\non: [push]\njobs: {}\n"
BROKEN_OTHER_JSON = '{"name": "app", "version": '


def test_hooks_file_declares_both_hooks() -> None:
    path = ROOT / ".pre-commit-hooks.yaml"
    hooks = {hook["id"]: hook for hook in load_document(str(path), path.read_bytes()).data}
    assert hooks["pipelint"]["language"] == "python"
    assert hooks["pipelint"]["types_or"] == ["json", "yaml"]
    assert hooks["pipelint"]["require_serial"] is True
    assert hooks["pipelint-all"]["pass_filenames"] is False
    assert all(hook["entry"].startswith("pipelint check") for hook in hooks.values())


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path, hook: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


@pytest.mark.network
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "deploy").mkdir()
    (repo / "deploy" / "release.json").write_text(PROD_WITHOUT_APPROVAL)
    (repo / "deploy" / "staging.json").write_text(GOOD_PIPELINE)
    (repo / "workflow.yml").write_text(NOT_A_PIPELINE)
    (repo / "package.json").write_text(BROKEN_OTHER_JSON)
    git(repo, "add", ".")
    cache = tmp_path / "pre-commit-cache"

    failing = try_repo(repo, "pipelint", cache)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "deploy/release.json:12:14: PL101 [high]" in failing.stdout
    assert "staging.json" not in failing.stdout
    assert "workflow.yml" not in failing.stdout
    assert "package.json" not in failing.stdout

    (repo / "deploy" / "release.json").write_text(GOOD_PIPELINE)
    git(repo, "add", ".")
    for hook in ("pipelint", "pipelint-all"):
        passing = try_repo(repo, hook, cache)
        assert passing.returncode == 0, passing.stdout + passing.stderr
        assert "Passed" in passing.stdout
