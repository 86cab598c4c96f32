"""Shared fixtures: running the command line in-process, and the shared corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelint.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run ``pipelint`` in-process with the given arguments, in a chosen directory."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("PIPELINT_DISABLE_PLUGINS", raising=False)

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(args))
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty directory that is its own git root, as the current directory."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in (CORPUS / "files").rglob("*") if path.is_file())


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir() and not os.environ.get("CI"),
    reason="../shared/corpus is not beside the project",
)
