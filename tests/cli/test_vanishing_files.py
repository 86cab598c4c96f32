"""Files that change between discovery and reading: reported or skipped, never a crash."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_support import PROD_WITHOUT_APPROVAL, findings, write
from pipelint.engine import runner


def _vanish(path: Path) -> None:
    path.unlink()


def _become_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _become_fifo(path: Path) -> None:
    import os

    path.unlink()
    os.mkfifo(path)


def _become_dangling_link(path: Path) -> None:
    path.unlink()
    path.symlink_to("gone.json")


CHANGES: dict[str, Callable[[Path], None]] = {
    "deleted": _vanish,
    "replaced by a directory": _become_directory,
    "replaced by a FIFO": _become_fifo,
    "replaced by a dangling symlink": _become_dangling_link,
}
REASONS = {
    "deleted": "No such file or directory",
    "replaced by a directory": "Is a directory",
    "replaced by a FIFO": "not a regular file",
    "replaced by a dangling symlink": "No such file or directory",
}


@pytest.fixture
def change_before_reading(monkeypatch: pytest.MonkeyPatch):
    """Apply a change to one file just before the runner reads it."""

    def arm(victim: Path, change: Callable[[Path], None]) -> None:
        read = runner._read_bounded

        def changing_read(path: Path, limit: int) -> bytes:
            if path.resolve() == victim.resolve() or path.name == victim.name:
                change(victim)
            return read(path, limit)

        monkeypatch.setattr(runner, "_read_bounded", changing_read)

    return arm


@pytest.mark.parametrize("change", CHANGES, ids=CHANGES)
def test_a_file_found_in_a_folder_is_skipped_with_the_reason(
    run_cli, project: Path, change_before_reading, change: str
) -> None:
    write(project / "good.json", PROD_WITHOUT_APPROVAL)
    victim = write(project / "victim.json", PROD_WITHOUT_APPROVAL)
    change_before_reading(victim, CHANGES[change])
    result = run_cli("check", "--format", "json", "--show-skipped")
    assert result.exit_code == 1
    assert findings(result.stdout) == [("PL101", "good.json", 12, 14)]
    assert f"skipped victim.json: cannot read file: {REASONS[change]}" in result.stderr


@pytest.mark.parametrize("change", CHANGES, ids=CHANGES)
def test_a_file_named_on_the_command_line_is_pl000(
    run_cli, project: Path, change_before_reading, change: str
) -> None:
    write(project / "good.json", PROD_WITHOUT_APPROVAL)
    victim = write(project / "victim.json", PROD_WITHOUT_APPROVAL)
    change_before_reading(victim, CHANGES[change])
    result = run_cli("check", "victim.json", "good.json", "--format", "json")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        ("PL101", "good.json", 12, 14),
        ("PL000", "victim.json", 1, 1),
    ]
    assert f"cannot read file: {REASONS[change]}" in result.stdout


def test_a_folder_removed_after_discovery(run_cli, project: Path, change_before_reading) -> None:
    write(project / "good.json", PROD_WITHOUT_APPROVAL)
    victim = write(project / "sub" / "victim.json", PROD_WITHOUT_APPROVAL)
    change_before_reading(victim, lambda path: shutil.rmtree(path.parent))
    result = run_cli("check", "--format", "json", "--show-skipped")
    assert result.exit_code == 1
    assert findings(result.stdout) == [("PL101", "good.json", 12, 14)]
    assert "skipped sub/victim.json: cannot read file: No such file or directory" in result.stderr
