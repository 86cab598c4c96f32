"""Fuzz targets: each takes the bytes of one file and must end in a result or LoadError.

``fuzz.py`` runs them under atheris (coverage-guided); ``tests/hostile/test_fuzz_targets.py``
runs each over the seed documents so that they keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path

from pipelint.config import Config
from pipelint.engine.discovery import Source
from pipelint.engine.findings import Finding
from pipelint.engine.runner import Runner
from pipelint.loaders.document import LoadError
from pipelint.loaders.json_parser import parse_json
from pipelint.loaders.load import load_document
from pipelint.loaders.text import decode
from pipelint.loaders.yaml_parser import parse_yaml
from pipelint.plugins.manager import Registry, load_plugins


def fuzz_json(data: bytes) -> None:
    with suppress(LoadError):
        parse_json(decode(data))


def fuzz_yaml(data: bytes) -> None:
    with suppress(LoadError):
        parse_yaml(decode(data))


def fuzz_document(data: bytes) -> None:
    for name in ("file.json", "file.yaml"):
        with suppress(LoadError):
            load_document(name, data)


@cache
def _registry() -> Registry:
    return load_plugins()


def fuzz_check(data: bytes) -> None:
    """The whole check of one document: loading, the model, every built-in rule."""
    for name in ("pipeline.json", "template.yaml"):
        runner = Runner(_registry(), Config(rule_timeout=0), root=Path.cwd())
        result = runner.run([Source(name, None, explicit=True)], read_stdin=lambda: data)
        crashes = [f for f in result.findings if f.code == "PL003"]
        if crashes:
            raise AssertionError(_describe(crashes))


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.location.path}: {f.message}" for f in findings)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "json": fuzz_json,
    "yaml": fuzz_yaml,
    "document": fuzz_document,
    "check": fuzz_check,
}
