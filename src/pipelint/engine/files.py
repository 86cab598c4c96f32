"""Whether a file named by a document exists: the one file-system question rules may ask.

Rules do no I/O. A rule that needs to know whether a path a document names exists (an
AppSpec hook script next to the AppSpec file) asks the run's :class:`FileProbe` through
:meth:`RuleContext.exists <pipelint.engine.context.RuleContext.exists>`. The probe only
looks a path up: it never opens, reads or runs the file, and it answers only inside the
run's root. A path that is absolute, leaves the root (through ``..`` or a symbolic link),
or belongs to a document outside the root or read from standard input gets ``None``:
unknown.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from pipelint.engine.discovery import STDIN

_DRIVE = re.compile(r"^[A-Za-z]:")


class FileProbe:
    """Answers whether paths exist below ``root``; answers are cached for the run."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self._answers: dict[tuple[str, ...], bool | None] = {}

    def exists(self, document_path: str, path: str) -> bool | None:
        """Whether ``path``, relative to the folder of the document shown as
        ``document_path``, is an existing file or folder inside the root.

        ``\\`` separates folders as ``/`` does. ``None`` (unknown) for an empty or absolute
        ``path``, one that leaves the root, and a document outside the root or read from
        standard input.
        """
        document = PurePosixPath(document_path)
        if document_path == STDIN or document.is_absolute() or _DRIVE.match(document_path):
            return None
        written = path.replace("\\", "/")
        if not written.strip() or written.startswith("/") or _DRIVE.match(written):
            return None
        parts = _normalised((*document.parent.parts, *PurePosixPath(written).parts))
        if parts is None:
            return None
        if parts not in self._answers:
            self._answers[parts] = self._look_up(parts)
        return self._answers[parts]

    def _look_up(self, parts: tuple[str, ...]) -> bool | None:
        try:
            real = Path(os.path.realpath(self.root.joinpath(*parts)))
            if real != self.root and self.root not in real.parents:
                return None  # a symbolic link out of the root
            return real.exists()
        except (OSError, ValueError):  # a name the system cannot look up (NUL, too long)
            return None


def _normalised(parts: tuple[str, ...]) -> tuple[str, ...] | None:
    """``parts`` with ``.`` and ``..`` applied; ``None`` when ``..`` climbs above the root."""
    kept: list[str] = []
    for part in parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not kept:
                return None
            kept.pop()
        else:
            kept.append(part)
    return tuple(kept)
