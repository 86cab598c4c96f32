"""The parse floor: read every file under the given paths with the C parsers and nothing else.

JSON files go through :mod:`json`; YAML files through PyYAML's ``CSafeLoader`` when it is
installed, else ruamel.yaml's C loader. Tags (``!Ref``) are read as plain nodes. Files that
do not parse are counted, not reported: the floor is the cost of parsing, not a check.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

SUFFIXES = (".json", ".yaml", ".yml", ".template")


def yaml_loader() -> Callable[[str], Any]:
    """The fastest C-backed YAML loader installed, accepting any tag."""
    try:
        import yaml

        class Loader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
            pass

        Loader.add_multi_constructor("!", _plain_tagged(yaml.MappingNode, yaml.SequenceNode))
        return lambda text: yaml.load(text, Loader=Loader)
    except (ImportError, AttributeError):
        from ruamel.yaml import YAML
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        reader = YAML(typ="safe", pure=False)
        reader.constructor.add_multi_constructor("!", _plain_tagged(MappingNode, SequenceNode))
        return reader.load  # type: ignore[no-any-return]


def _plain_tagged(mapping: type, sequence: type) -> Callable[[Any, str, Any], Any]:
    """A multi-constructor that reads a tagged node as the untagged node it wraps."""

    def tagged(loader: Any, suffix: str, node: Any) -> Any:
        if isinstance(node, mapping):
            return loader.construct_mapping(node)
        if isinstance(node, sequence):
            return loader.construct_sequence(node)
        return loader.construct_scalar(node)

    return tagged


def files(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                if name.lower().endswith(SUFFIXES):
                    yield os.path.join(folder, name)


def main(paths: list[str]) -> int:
    load_yaml = yaml_loader()
    parsed = failed = 0
    for path in files(paths):
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read()
        try:
            if path.lower().endswith(".json"):
                json.loads(text)
            else:
                load_yaml(text)
            parsed += 1
        except Exception:
            failed += 1
    print(f"parsed {parsed} files, {failed} did not parse")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
