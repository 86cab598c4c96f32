"""The file probe: whether a path a document names exists, confined to the run's root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipelint.engine.files import FileProbe


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "app" / "scripts").mkdir(parents=True)
    (tmp_path / "app" / "scripts" / "start.sh").write_text("#!/bin/sh\n")
    (tmp_path / "shared.sh").write_text("")
    return tmp_path / "app"


def test_relative_to_the_documents_folder(root: Path) -> None:
    probe = FileProbe(root.parent)
    assert probe.exists("app/appspec.yml", "scripts/start.sh") is True
    assert probe.exists("app/appspec.yml", "./scripts//start.sh") is True
    assert probe.exists("app/appspec.yml", "scripts\\start.sh") is True
    assert probe.exists("app/appspec.yml", "scripts") is True
    assert probe.exists("app/appspec.yml", "scripts/stop.sh") is False
    assert probe.exists("appspec.yml", "app/scripts/start.sh") is True


def test_dot_dot_inside_the_root_is_followed(root: Path) -> None:
    probe = FileProbe(root.parent)
    assert probe.exists("app/appspec.yml", "../shared.sh") is True
    assert probe.exists("app/appspec.yml", "scripts/../scripts/start.sh") is True


@pytest.mark.parametrize(
    "path",
    ["../shared.sh", "../../etc/passwd", "/etc/passwd", "C:\\app\\start.ps1", "\\x", "", "  "],
)
def test_unknown_outside_the_root(root: Path, path: str) -> None:
    assert FileProbe(root).exists("appspec.yml", path) is None


@pytest.mark.parametrize("document", ["-", "/elsewhere/appspec.yml", "../appspec.yml"])
def test_unknown_for_a_document_outside_the_root(root: Path, document: str) -> None:
    assert FileProbe(root).exists(document, "scripts/start.sh") is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symbolic_link_out_of_the_root_is_unknown(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.sh").write_text("")
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "scripts" / "link.sh").symlink_to(root / "scripts" / "start.sh")
    probe = FileProbe(root)
    assert probe.exists("appspec.yml", "out/secret.sh") is None
    assert probe.exists("appspec.yml", "out/missing.sh") is None
    assert probe.exists("appspec.yml", "scripts/link.sh") is True


def test_names_the_system_cannot_look_up_are_unknown(root: Path) -> None:
    probe = FileProbe(root)
    assert probe.exists("appspec.yml", "scripts/a\0b") is None
    assert probe.exists("appspec.yml", "x" * 5000) is None


def test_nothing_is_read(root: Path) -> None:
    script = root / "scripts" / "start.sh"
    script.chmod(0)
    try:
        assert FileProbe(root).exists("appspec.yml", "scripts/start.sh") is True
    finally:
        script.chmod(0o644)
