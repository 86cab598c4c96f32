"""Which files a run checks: explicit files, directory trees (git-aware), standard input."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Extensions of the files looked at inside directories (explicit files are always read).
CANDIDATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
#: Directories never descended into.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".aws-sam",
        ".terraform",
    }
)
STDIN = "-"


class DiscoveryError(Exception):
    """A path argument that does not exist."""


@dataclass(frozen=True, order=True)
class Source:
    """One file to check. ``path`` is None for standard input."""

    display_path: str
    path: Path | None
    explicit: bool = False


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators; absolute when outside ``root``."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return Path(os.path.abspath(path)).as_posix()
    if relative == ".." or relative.startswith(".." + os.sep):
        return Path(os.path.abspath(path)).as_posix()
    return Path(relative).as_posix()


def discover(
    paths: Sequence[str],
    *,
    root: Path,
    exclude: Sequence[str] = (),
    exclude_base: Path | None = None,
    stdin_filename: str | None = None,
) -> list[Source]:
    """The files named by ``paths``, each once, in a deterministic order.

    Files named explicitly are checked whatever their name and whether git ignores them.
    Directories are walked recursively for :data:`CANDIDATE_SUFFIXES`; inside a git work
    tree, files git ignores are skipped, unless the directory named is itself ignored
    (``pipelint check cdk.out``). ``exclude`` globs apply to every file, named or walked
    (pre-commit names each file): see :func:`excluded`. They are matched against paths
    relative to ``exclude_base`` (the configuration file's folder), by default ``root``.
    """
    base = root if exclude_base is None else exclude_base

    def kept(path: Path) -> bool:
        return not exclude or not excluded(display_path(path, base), exclude)

    sources: dict[str, Source] = {}
    for argument in paths:
        if argument == STDIN:
            named = Path(stdin_filename).absolute() if stdin_filename else None
            name = display_path(named, root) if named else STDIN
            if named is None or kept(named):
                sources[name] = Source(name, None, explicit=True)
            continue
        path = Path(argument)
        if path.is_dir():
            # Paths inside the folder are its own display path and the relative path found:
            # working them out for every file took longer than the walk itself.
            folder = path.absolute()
            shown_folder = display_path(folder, root)
            matched_folder = display_path(folder, base)
            for relative in _walk(path):
                if exclude and excluded(_below(matched_folder, relative), exclude):
                    continue
                shown = _below(shown_folder, relative)
                sources.setdefault(shown, Source(shown, path / relative))
        elif path.exists() or path.is_symlink():
            if kept(path.absolute()):
                shown = display_path(path.absolute(), root)
                sources[shown] = Source(shown, path, explicit=True)
        else:
            raise DiscoveryError(f"{argument}: no such file or directory")
    return [sources[shown] for shown in sorted(sources)]  # display paths are unique


def _below(folder: str, relative: str) -> str:
    """The display path of ``relative`` (``/``-separated) inside ``folder``'s display path."""
    return relative if folder == "." else f"{folder.rstrip('/')}/{relative}"


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Whether a glob matches ``path`` (``/``-separated), its name, or a folder it is in.

    ``generated/*`` and ``*.gen.json`` match as globs do; ``generated``, ``generated/``
    and ``generated/**`` match everything below that folder.
    """
    parts = path.split("/")
    folders = ["/".join(parts[:end]) for end in range(1, len(parts))]
    for pattern in patterns:
        glob = pattern.rstrip("/")
        if glob.endswith("/**"):
            glob = glob[:-3]
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(parts[-1], glob):
            return True
        if any(
            fnmatch.fnmatch(folder, glob) or fnmatch.fnmatch(name, glob)
            for folder, name in zip(folders, parts, strict=False)
        ):
            return True
    return False


def _walk(directory: Path) -> Iterator[str]:
    """The candidate files under ``directory``, as ``/``-separated paths relative to it."""
    listed = _git_files(directory)
    if listed == [] and _git_ignored(directory):
        listed = None  # named on the command line although git ignores it: walk it all
    if listed is not None:
        for relative in listed:
            parts = relative.split("/")
            if (
                parts[-1].endswith(CANDIDATE_SUFFIXES)
                and not SKIPPED_DIRS.intersection(parts[:-1])
                and os.path.isfile(os.path.join(directory, relative))
            ):
                yield relative
        return
    yield from _scan(str(directory), "")


def _scan(folder: str, prefix: str) -> Iterator[str]:
    """The candidate files under ``folder`` (which is ``prefix`` below the walked one), in
    no particular order, not following links to folders, nor going into skipped folders
    and virtualenvs (below the walked one)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # unreadable, or gone since it was listed: as os.walk, skip it
        return
    if prefix and _is_virtualenv(entries):
        return
    for entry in entries:
        name = entry.name
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            if not is_folder and name.endswith(CANDIDATE_SUFFIXES) and entry.is_file():
                yield prefix + name
        except OSError:
            continue
        if is_folder and name not in SKIPPED_DIRS:
            yield from _scan(entry.path, f"{prefix}{name}/")


def _is_virtualenv(entries: list[os.DirEntry[str]]) -> bool:
    """Whether the folder listed as ``entries`` is a virtualenv (has a ``pyvenv.cfg``)."""
    for entry in entries:
        if entry.name == "pyvenv.cfg":
            try:
                return entry.is_file()
            except OSError:
                return False
    return False


def _git_ignored(directory: Path) -> bool:
    """Whether git ignores ``directory`` itself."""
    import subprocess  # only when a folder is walked

    try:
        completed = subprocess.run(
            ["git", "-C", str(directory), "check-ignore", "-q", "."],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return completed.returncode == 0


def _git_files(directory: Path) -> list[str] | None:
    """Files under ``directory`` that git tracks or would track, or None outside a work tree."""
    import subprocess  # only when a folder is walked

    try:
        completed = subprocess.run(
            [
                "git",
                "-C",
                str(directory),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                ".",
            ],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    names = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name and not name.endswith("/")})
