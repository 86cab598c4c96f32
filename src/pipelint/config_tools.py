"""``pipelint init`` (a commented starter configuration) and ``check --show-config``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from pipelint.config import Config, ProductionPolicy, RawConfig, read_config_file
from pipelint.model.location import pointer_to_str

STARTER_NAME = ".pipelint.yaml"

STARTER = """\
# pipelint configuration. Every key is optional; the values below are the defaults.
# `pipelint check --show-config` prints the configuration in effect and where each
# value comes from. Documentation: https://github.com/pipelint/pipelint#configuration

# Rules to run and to skip: codes (PL101), prefixes (PL1), names
# (prod-without-approval) or tags (release-gating). `pipelint rules` lists them.
select: [ALL]
ignore: []

# Exit 1 only for findings at or above this severity:
# info, low, medium, high or critical.
fail-on: low

# Files never checked: globs, relative to this file's folder; a folder name
# excludes everything below it.
exclude: []

# Rules to skip in some files only.
per-file-ignores: {}
#  "legacy/*.json": [PL101]

# Findings to suppress in files that cannot carry a `# pipelint: ignore[...]`
# comment (CodePipeline JSON); `pointer` narrows an entry to one node.
suppressions: []
#  - path: pipelines/legacy.json
#    rules: [PL101]
#    pointer: /pipeline/stages/2
#    reason: approved by the change board

# Also run cfn-lint on the CloudFormation templates (as `--cfn-lint` does).
cfn-lint: false

# Seconds a rule may spend on one document before it is stopped (PL003); 0: no limit.
rule-timeout: 10

# Per-rule severity and options (`pipelint explain CODE` lists a rule's options).
rules: {}
#  PL101: {severity: critical}

# What counts as production: a stage or action whose name, or whose target's name,
# has one of these words; or whose role or target is in one of these accounts.
production:
  words: [prod, production, prd, live]
  negations: [pre, non]        # "preprod" and "nonprod" are not production
  patterns: []                 # regular expressions matched against names
  accounts: []                 # 12-digit account IDs, quoted
  environments: {}             # other environments and their accounts: {staging: ["..."]}
  regions: []
  strict: false                # also treat each pipeline's last deploy stage as production
"""


class InitError(Exception):
    """The starter configuration cannot be written."""


def write_starter(directory: Path) -> Path:
    """Write :data:`STARTER` as ``.pipelint.yaml`` in ``directory``; never overwrite."""
    path = directory / STARTER_NAME
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(STARTER)
    except FileExistsError as exc:
        raise InitError(f"{path} already exists; not overwriting it") from exc
    except OSError as exc:
        raise InitError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


# -- show-config ----------------------------------------------------------------------------


def settings(config: Config) -> list[tuple[tuple[str, ...], Any]]:
    """Every effective setting as (configuration key path, plain value), in file order."""
    items: list[tuple[tuple[str, ...], Any]] = [
        (("select",), list(config.select)),
        (("ignore",), list(config.ignore)),
        (("fail-on",), config.fail_on.value),
        (("exclude",), list(config.exclude)),
        (("per-file-ignores",), {k: list(v) for k, v in config.per_file_ignores.items()}),
        (
            ("suppressions",),
            [
                {
                    "path": entry.path,
                    "rules": list(entry.rules),
                    **({"pointer": pointer_to_str(entry.pointer)} if entry.pointer else {}),
                    **({"reason": entry.reason} if entry.reason else {}),
                }
                for entry in config.suppressions
            ],
        ),
        (("cfn-lint",), config.cfn_lint),
        (("rule-timeout",), config.rule_timeout),
    ]
    for code, rule_settings in sorted(config.rules.items()):
        options = rule_settings.options.items()
        value: dict[str, Any] = {k.replace("_", "-"): _plain(v) for k, v in options}
        if rule_settings.severity is not None:
            value = {"severity": rule_settings.severity.value, **value}
        items.append((("rules", code), value))
    for field in fields(ProductionPolicy):
        items.append((("production", field.name), _plain(getattr(config.production, field.name))))
    return items


def describe(
    config: Config,
    *,
    overrides: Mapping[str, str],
    plugin_defaults: Sequence[tuple[str, Mapping[str, Any]]],
    rule_names: Mapping[str, str] | None = None,
) -> str:
    """The effective configuration, one setting a line, each with where it came from.

    ``rule_names`` maps codes to names, for rule settings written under a rule's name.
    """
    raw = read_config_file(config.path) if config.path is not None else None
    lines = [f"# configuration file: {config.path if config.path is not None else 'none'}"]
    rows = [
        (
            ".".join(key),
            json.dumps(value, ensure_ascii=False),
            _origin(_as_written(key, raw, rule_names or {}), raw, overrides, plugin_defaults),
        )
        for key, value in settings(config)
    ]
    width = max(len(f"{key} = {value}") for key, value, _ in rows)
    for key, value, origin in rows:
        lines.append(f"{f'{key} = {value}':<{width}}  # {origin}")
    return "\n".join(lines) + "\n"


def _origin(
    key: tuple[str, ...],
    raw: RawConfig | None,
    overrides: Mapping[str, str],
    plugin_defaults: Sequence[tuple[str, Mapping[str, Any]]],
) -> str:
    if key[0] in overrides:
        if key[0] == "ignore" and raw is not None and _has(raw.data, key):
            return f"{_where(raw, key)} and {overrides[key[0]]}"
        return overrides[key[0]]
    if raw is not None and _has(raw.data, key):
        return _where(raw, key)
    for plugin, defaults in reversed(plugin_defaults):
        if _has(defaults, key):
            return f"plugin {plugin}"
    return "default"


def _as_written(
    key: tuple[str, ...], raw: RawConfig | None, rule_names: Mapping[str, str]
) -> tuple[str, ...]:
    """``("rules", "PL101")`` as ``("rules", "prod-without-approval")`` if written so."""
    if key[0] != "rules" or raw is None or _has(raw.data, key):
        return key
    name = rule_names.get(key[1])
    return ("rules", name) if name is not None and _has(raw.data, ("rules", name)) else key


def _where(raw: RawConfig, key: tuple[str, ...]) -> str:
    return raw.where(key).rsplit(": ", 1)[0]


def _has(data: Any, key: tuple[str, ...]) -> bool:
    for part in key:
        if not isinstance(data, Mapping):
            return False
        match = next((k for k in data if str(k).upper() == part.upper()), None)
        if match is None:
            return False
        data = data[match]
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
