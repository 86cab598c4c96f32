"""Which files a run reads."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipelint.engine.discovery import DiscoveryError, Source, discover


def touch(path: Path, text: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def shown(sources: list[Source]) -> list[str]:
    return [source.display_path for source in sources]


def test_walks_candidate_suffixes_in_sorted_order_and_skips_tool_directories(
    tmp_path: Path,
) -> None:
    for name in [
        "b/pipeline.json",
        "a/template.yaml",
        "a/x.yml",
        "c.template",
        "notes.txt",
        "node_modules/pkg/package.json",
        ".git/config.json",
        "env/pyvenv.cfg",
        "env/lib/site.json",
        "__pycache__/x.json",
    ]:
        touch(tmp_path / name)
    sources = discover([str(tmp_path)], root=tmp_path)
    assert shown(sources) == ["a/template.yaml", "a/x.yml", "b/pipeline.json", "c.template"]
    assert not any(source.explicit for source in sources)


def test_explicit_files_are_always_read_whatever_their_name(tmp_path: Path) -> None:
    touch(tmp_path / "notes.txt")
    touch(tmp_path / "node_modules" / "deploy.json")
    sources = discover(
        [str(tmp_path / "notes.txt"), str(tmp_path / "node_modules" / "deploy.json")], root=tmp_path
    )
    assert shown(sources) == ["node_modules/deploy.json", "notes.txt"]
    assert all(source.explicit for source in sources)


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    touch(tmp_path / "p.json")
    assert shown(discover([str(tmp_path), str(tmp_path / "p.json")], root=tmp_path)) == ["p.json"]


def test_exclude_globs_apply_to_walked_files(tmp_path: Path) -> None:
    touch(tmp_path / "generated" / "a.json")
    touch(tmp_path / "src" / "b.json")
    touch(tmp_path / "src" / "b.generated.json")
    sources = discover([str(tmp_path)], root=tmp_path, exclude=["generated/*", "*.generated.json"])
    assert shown(sources) == ["src/b.json"]


@pytest.mark.parametrize("pattern", ["generated", "generated/", "generated/**", "gen*"])
def test_exclude_names_a_folder_at_any_depth(tmp_path: Path, pattern: str) -> None:
    touch(tmp_path / "generated" / "deep" / "a.json")
    touch(tmp_path / "app" / "generated" / "b.json")
    touch(tmp_path / "app" / "c.json")
    assert shown(discover([str(tmp_path)], root=tmp_path, exclude=[pattern])) == ["app/c.json"]


def test_exclude_applies_to_named_files_and_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    touch(tmp_path / "generated" / "a.json")
    touch(tmp_path / "b.json")
    named = [str(tmp_path / "generated" / "a.json"), str(tmp_path / "b.json")]
    assert shown(discover(named, root=tmp_path, exclude=["generated"])) == ["b.json"]
    stdin = discover(["-"], root=tmp_path, exclude=["generated"], stdin_filename="generated/x.json")
    assert stdin == []


def test_exclude_globs_are_relative_to_their_base(tmp_path: Path) -> None:
    touch(tmp_path / "app" / "generated" / "a.json")
    touch(tmp_path / "app" / "b.json")
    app = tmp_path / "app"
    found = discover([str(app)], root=app, exclude=["app/generated/*"], exclude_base=tmp_path)
    assert shown(found) == ["b.json"]
    assert shown(discover([str(app)], root=app, exclude=["app/generated/*"])) == [
        "b.json",
        "generated/a.json",
    ]


def test_stdin_filename_is_normalised_like_any_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    absolute = str(tmp_path / "ci" / "pipeline.json")
    for name in ["./ci/pipeline.json", "ci//pipeline.json", absolute]:
        sources = discover(["-"], root=tmp_path, stdin_filename=name)
        assert shown(sources) == ["ci/pipeline.json"]


def test_paths_outside_the_root_are_absolute(tmp_path: Path) -> None:
    touch(tmp_path / "other" / "p.json")
    (tmp_path / "root").mkdir()
    found = shown(discover([str(tmp_path / "other")], root=tmp_path / "root"))
    assert found == [(tmp_path / "other" / "p.json").as_posix()]


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DiscoveryError, match="no such file or directory"):
        discover([str(tmp_path / "nope")], root=tmp_path)


def test_stdin_takes_the_given_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sources = discover(["-"], root=tmp_path, stdin_filename="ci/pipeline.json")
    assert sources == [Source("ci/pipeline.json", None, explicit=True)]


def test_a_directory_named_like_a_file_is_walked(tmp_path: Path) -> None:
    touch(tmp_path / "pipeline.json" / "inner.yaml")
    assert shown(discover([str(tmp_path / "pipeline.json")], root=tmp_path)) == [
        "pipeline.json/inner.yaml"
    ]


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "p.json")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "self.json").symlink_to(tmp_path / "a" / "self.json")
    assert shown(discover([str(tmp_path)], root=tmp_path)) == ["a/p.json"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignored_files_are_skipped_inside_a_work_tree(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    touch(tmp_path / ".gitignore", "cdk.out/\n*.local.json\n")
    touch(tmp_path / "cdk.out" / "Stack.template.json")
    touch(tmp_path / "pipeline.local.json")
    touch(tmp_path / "pipeline.json")
    touch(tmp_path / "sub" / "template.yaml")
    assert shown(discover([str(tmp_path)], root=tmp_path)) == ["pipeline.json", "sub/template.yaml"]
    # naming an ignored file explicitly still checks it
    explicit = discover([str(tmp_path / "pipeline.local.json")], root=tmp_path)
    assert shown(explicit) == ["pipeline.local.json"]
    # so does naming an ignored folder: its files are walked as outside git
    folder = discover([str(tmp_path / "cdk.out")], root=tmp_path)
    assert shown(folder) == ["cdk.out/Stack.template.json"]
