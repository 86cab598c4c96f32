"""Seed documents for the fuzz targets: the examples and every rule case's documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from pipelint.loaders.load import load_document

ROOT = Path(__file__).resolve().parents[1]


def seeds() -> Iterator[bytes]:
    for path in sorted((ROOT / "examples").rglob("*")):
        if path.is_file():
            yield path.read_bytes()
    for case_file in sorted((ROOT / "tests" / "fixtures" / "cases").glob("*.yaml")):
        cases = load_document(str(case_file), case_file.read_bytes()).data["cases"]
        for case in cases:
            yield case["document"].encode()
            for text in case.get("files", {}).values():
                yield text.encode()


def write_seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in seeds():
        (folder / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
