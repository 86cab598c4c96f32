"""Baselines: the findings a repository already had, so that only new ones are reported.

A baseline is a JSON file of entries, each a finding's identity (rule, file, logical
location as a JSON pointer, message without line numbers: never a line) and how many
findings share it. Paths are relative to the baseline's folder, so the same file serves
runs from anywhere in the repository. Edits elsewhere in a file leave the entries valid;
when one of two identical findings is fixed, a new third one is still reported.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipelint.engine.discovery import display_path
from pipelint.engine.findings import Finding, identity

BASELINE_VERSION = 1

#: An entry's key: code, path relative to the baseline's folder, JSON pointer, message.
Key = tuple[str, str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be read."""


@dataclass(frozen=True)
class Baseline:
    """The recorded findings of a baseline file, counted by key."""

    entries: Counter[Key]
    folder: Path

    def key(self, finding: Finding, root: Path) -> Key:
        code, path, pointer, message = identity(finding)
        return (code, display_path(root / path, self.folder), pointer, message)

    def new_findings(self, findings: Iterable[Finding], root: Path) -> tuple[list[Finding], int]:
        """The findings beyond what the baseline records, and how many it matched.

        ``root`` is the folder finding paths are relative to.
        """
        remaining = Counter(self.entries)
        new: list[Finding] = []
        matched = 0
        for finding in findings:
            key = self.key(finding, root)
            if remaining[key] > 0:
                remaining[key] -= 1
                matched += 1
            else:
                new.append(finding)
        return new, matched


def record(findings: Sequence[Finding], path: Path, root: Path) -> Baseline:
    """A baseline of ``findings`` to be written at ``path``."""
    baseline = Baseline(Counter(), path.resolve().parent)
    baseline.entries.update(baseline.key(finding, root) for finding in findings)
    return baseline


def dumps(baseline: Baseline) -> str:
    """The baseline file's text: entries sorted, so that it diffs well."""
    entries = [
        {"code": code, "path": path, "pointer": pointer, "message": message, "count": count}
        for (code, path, pointer, message), count in sorted(baseline.entries.items())
    ]
    document = {"version": BASELINE_VERSION, "tool": "pipelint", "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> Baseline:
    """Read the baseline file at ``path``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise BaselineError(f"{path}: not a baseline file: {exc}") from exc
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not a version {BASELINE_VERSION} pipelint baseline")
    entries: Counter[Key] = Counter()
    try:
        for entry in document["findings"]:
            key = (entry["code"], entry["path"], entry["pointer"], entry["message"])
            if not all(isinstance(part, str) for part in key):
                raise TypeError("code, path, pointer and message must be strings")
            entries[key] += int(entry.get("count", 1))
    except (KeyError, TypeError, ValueError) as exc:
        raise BaselineError(f"{path}: a malformed entry: {exc}") from exc
    return Baseline(entries, path.resolve().parent)
