"""Configuration: ``.pipelint.yaml`` or ``[tool.pipelint]`` in ``pyproject.toml``.

The nearest file wins, searched from the start directory up to the git root. Values are
validated with a JSON schema, so a typo is an error that names the file, the key and why.
Keys are kebab-case, as in ruff::

    select: [PL1, PL3]          # codes, prefixes or rule names; default: every rule
    ignore: [PL103]
    fail-on: medium             # exit 1 only for findings at or above this severity
    exclude: ["generated/**"]
    rule-timeout: 10            # seconds a rule may spend on one document (0: no limit)
    per-file-ignores:
      "legacy/*.json": [PL101]
    suppressions:               # for files that cannot carry a comment (CLI JSON)
      - {path: pipelines/legacy.json, rules: [PL101], pointer: /pipeline/stages/2,
         reason: "approved by the change board"}
    cfn-lint: false             # also run cfn-lint on the templates
    rules:
      PL101: {severity: critical}
    production:
      words: [prod, production, prd, live]
      accounts: ["111122223333"]
      environments: {staging: ["222233334444"]}
      strict: false
"""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from pipelint.engine.engine_rules import ENGINE_TAG
from pipelint.engine.findings import Severity
from pipelint.engine.rule import Rule
from pipelint.model.location import START, Pointer, Span

CONFIG_FILES = (".pipelint.yaml", ".pipelint.yml", "pyproject.toml")
SEVERITIES = [severity.value for severity in Severity]


class ConfigError(Exception):
    """A configuration that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class ProductionPolicy:
    """What counts as production (RULES.md, "The production classifier")."""

    words: tuple[str, ...] = ("prod", "production", "prd", "live")
    negations: tuple[str, ...] = ("pre", "non")
    patterns: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    strict: bool = False
    #: The accounts of the other environments: environment name → account IDs. An action
    #: belongs to an environment when a name of it (stage, action, target) has the word.
    environments: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class RuleSettings:
    severity: Severity | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ConfigSuppression:
    """A ``suppressions`` entry: findings of ``rules`` in the files ``path`` matches.

    ``path`` is a glob relative to the configuration file's folder; ``pointer`` narrows it
    to one node of the document and everything below it. ``span`` is where the entry is
    written, for reporting it when it suppresses nothing.
    """

    path: str
    rules: tuple[str, ...]
    pointer: tuple[str, ...] = ()
    reason: str = ""
    span: Span = START


@dataclass(frozen=True)
class Config:
    """The effective configuration of a run."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.LOW
    exclude: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)
    production: ProductionPolicy = field(default_factory=ProductionPolicy)
    #: Seconds each rule may spend on one document before it is stopped (PL003); 0: none.
    rule_timeout: float = 10.0
    suppressions: tuple[ConfigSuppression, ...] = ()
    cfn_lint: bool = False
    path: Path | None = None


_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_ACCOUNT_IDS = {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{12}$"}}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": _STRINGS,
        "ignore": _STRINGS,
        "fail-on": {"enum": SEVERITIES},
        "exclude": _STRINGS,
        "rule-timeout": {"type": "number", "minimum": 0},
        "per-file-ignores": {"type": "object", "additionalProperties": _STRINGS},
        "suppressions": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path", "rules"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "rules": {**_STRINGS, "minItems": 1},
                    "pointer": {"type": "string", "pattern": "^(/.*)?$"},
                    "reason": {"type": "string"},
                },
            },
        },
        "cfn-lint": {"type": "boolean"},
        "rules": {"type": "object", "additionalProperties": {"type": "object"}},
        "production": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "words": {**_STRINGS, "minItems": 1},
                "negations": _STRINGS,
                "patterns": _STRINGS,
                "accounts": _ACCOUNT_IDS,
                "regions": _STRINGS,
                "environments": {
                    "type": "object",
                    "propertyNames": {"minLength": 1},
                    "additionalProperties": _ACCOUNT_IDS,
                },
                "strict": {"type": "boolean"},
            },
        },
    },
}


# -- finding the file -------------------------------------------------------------------


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` up to the git root (inclusive)."""
    directory = start.resolve()
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        if (candidate_dir / ".git").exists():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "pipelint" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return True  # report the broken file rather than skip it silently


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


# -- reading and validating ---------------------------------------------------------------


@dataclass(frozen=True)
class RawConfig:
    """Configuration data as written, with a way to say where a key is."""

    data: Mapping[str, Any]
    path: Path | None
    locate: typing.Callable[[Pointer, bool], str]
    span: typing.Callable[[Pointer], Span] = lambda pointer: START

    def where(self, pointer: Pointer, *, key: bool = False) -> str:
        """``file:line:col: dotted.key`` of the value at ``pointer`` (of its key with ``key``)."""
        return self.locate(pointer, key)


def read_config_file(path: Path) -> RawConfig:
    """Parse ``path`` into raw data, without validating it.

    A ``.toml`` file holds the configuration in ``[tool.pipelint]`` (``pyproject.toml``)
    or at its top level; any other file is YAML (or JSON). An empty file is an empty
    configuration.
    """
    if path.suffix == ".toml":
        data = _read_toml(path)
        if "pipelint" in data.get("tool", {}) or path.name == "pyproject.toml":
            table = data.get("tool", {}).get("pipelint", {})
            return RawConfig(table, path, lambda ptr, key: f"{path}: [tool.pipelint]{_dotted(ptr)}")
        return RawConfig(data, path, lambda ptr, key: f"{path}: {_dotted(ptr).lstrip('.')}")
    from pipelint.loaders.document import LoadError
    from pipelint.loaders.load import load_document

    try:
        raw = path.read_bytes()
        if not _COMMENT_LINE.sub(b"", raw).strip():
            return RawConfig({}, path, lambda ptr, key: f"{path}")
        document = load_document(str(path), raw)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from exc
    except LoadError as exc:
        span = exc.span
        raise ConfigError(f"{path}:{span.start_line}:{span.start_column}: {exc.message}") from exc
    data = document.data if document.data is not None else {}

    def locate(pointer: Pointer, key: bool) -> str:
        span = document.span(pointer, key=key)
        return f"{path}:{span.start_line}:{span.start_column}: {_dotted(pointer).lstrip('.')}"

    return RawConfig(data, path, locate, document.span)


_COMMENT_LINE = re.compile(rb"(?m)^[ \t]*#.*$")


def _dotted(pointer: Pointer) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in pointer)


def validate(raw: RawConfig, rules: Mapping[str, type[Rule]]) -> Config:
    """Check ``raw`` against the schema and the registered rules; build a :class:`Config`."""
    if not isinstance(raw.data, Mapping):
        raise ConfigError(f"{raw.where(())}: the configuration must be a mapping")
    import jsonschema

    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(raw.data), key=lambda e: list(map(str, e.path)))
    if errors:
        raise ConfigError("\n".join(_explain(raw, error) for error in errors[:10]))
    data = raw.data
    by_name = {rule.name: code for code, rule in rules.items()}
    for index, selector in enumerate(data.get("select", ())):
        check_selector(selector, rules, where=raw.where(("select", index)))
    for index, selector in enumerate(data.get("ignore", ())):
        check_selector(selector, rules, where=raw.where(("ignore", index)), any_code=True)
    for pattern, codes in data.get("per-file-ignores", {}).items():
        for index, selector in enumerate(codes):
            where = raw.where(("per-file-ignores", pattern, index))
            check_selector(selector, rules, where=where, any_code=True)
    for index, entry in enumerate(data.get("suppressions", ())):
        for position, selector in enumerate(entry["rules"]):
            where = raw.where(("suppressions", index, "rules", position))
            check_selector(selector, rules, where=where, any_code=True)
    for index, pattern in enumerate(data.get("production", {}).get("patterns", ())):
        try:
            re.compile(pattern)
        except re.error as exc:
            where = raw.where(("production", "patterns", index))
            raise ConfigError(f"{where}: not a regular expression: {exc}") from exc
    settings: dict[str, RuleSettings] = {}
    for key, value in data.get("rules", {}).items():
        code = key.upper() if key.upper() in rules else by_name.get(key)
        if code is None:
            where = raw.where(("rules", key), key=True)
            raise ConfigError(f"{where}: unknown rule {key!r}{_hint(key, rules)}")
        settings[code] = _rule_settings(rules[code], value, raw, ("rules", key))
    production = _production_policy(data.get("production", {}))
    _check_environments(production, raw)
    return Config(
        select=tuple(data.get("select", ("ALL",))),
        ignore=tuple(data.get("ignore", ())),
        fail_on=Severity(data.get("fail-on", Severity.LOW.value)),
        exclude=tuple(data.get("exclude", ())),
        per_file_ignores={k: tuple(v) for k, v in data.get("per-file-ignores", {}).items()},
        rules=settings,
        production=production,
        rule_timeout=float(data.get("rule-timeout", Config.rule_timeout)),
        suppressions=tuple(_suppressions(raw, data.get("suppressions", ()))),
        cfn_lint=bool(data.get("cfn-lint", False)),
        path=raw.path,
    )


def _suppressions(
    raw: RawConfig, entries: Sequence[Mapping[str, Any]]
) -> Iterable[ConfigSuppression]:
    for index, entry in enumerate(entries):
        yield ConfigSuppression(
            path=entry["path"],
            rules=tuple(entry["rules"]),
            pointer=parse_pointer(entry.get("pointer", "")),
            reason=entry.get("reason", ""),
            span=raw.span(("suppressions", index)),
        )


def parse_pointer(text: str) -> tuple[str, ...]:
    """The parts of an RFC 6901 JSON pointer (``/a~1b/0`` is ``("a/b", "0")``)."""
    if not text:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in text[1:].split("/"))


def _production_policy(data: Mapping[str, Any]) -> ProductionPolicy:
    defaults = ProductionPolicy()
    return ProductionPolicy(
        words=tuple(data.get("words", defaults.words)),
        negations=tuple(data.get("negations", defaults.negations)),
        patterns=tuple(data.get("patterns", defaults.patterns)),
        accounts=tuple(data.get("accounts", defaults.accounts)),
        regions=tuple(data.get("regions", defaults.regions)),
        strict=bool(data.get("strict", defaults.strict)),
        environments={
            name: tuple(accounts) for name, accounts in data.get("environments", {}).items()
        },
    )


def _check_environments(policy: ProductionPolicy, raw: RawConfig) -> None:
    """An environment named like production would be a second list of production accounts."""
    from pipelint.production import NameClassifier

    names = NameClassifier(policy)
    for name in policy.environments:
        if names.match(name) is not None:
            where = raw.where(("production", "environments", name), key=True)
            raise ConfigError(
                f"{where}: {name!r} is a production name; list production accounts under "
                "production.accounts"
            )


def _explain(raw: RawConfig, error: Any) -> str:
    pointer: Pointer = tuple(error.path)
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = [key for key in error.instance if key not in allowed]
        where = raw.where((*pointer, extra[0]), key=True) if extra else raw.where(pointer)
        hint = ""
        if extra:
            close = close_matches(extra[0], list(allowed))
            hint = (
                f" (did you mean {close[0]!r}?)"
                if close
                else f"; expected one of {', '.join(allowed)}"
            )
        return f"{where}: unknown key {extra[0]!r}{hint}" if extra else f"{where}: {error.message}"
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        return f"{raw.where(pointer)}: must be one of {choices}, got {error.instance!r}"
    if error.validator == "type":
        expected = _article(error.validator_value)
        hint = ""
        if _is_account_list(pointer) and isinstance(error.instance, int):
            hint = " (quote account IDs: YAML reads digits as a number, and a leading 0 as octal)"
        return f"{raw.where(pointer)}: must be {expected}, got {error.instance!r}{hint}"
    if error.validator == "minLength":
        return f"{raw.where(pointer)}: must not be empty"
    if error.validator == "pattern" and _is_account_list(pointer):
        return f"{raw.where(pointer)}: an account ID is 12 digits, got {error.instance!r}"
    return f"{raw.where(pointer)}: {error.message}"


def _is_account_list(pointer: Pointer) -> bool:
    """Whether ``pointer`` is in a list of account IDs (``production.accounts``, or an
    environment's under ``production.environments``)."""
    return pointer[:2] == ("production", "accounts") or (
        pointer[:2] == ("production", "environments") and len(pointer) == 4
    )


def _article(kind: Any) -> str:
    names = {
        "array": "a list",
        "object": "a mapping",
        "string": "a string",
        "boolean": "true or false",
    }
    return names.get(str(kind), f"of type {kind}")


def _hint(key: str, candidates: Iterable[str]) -> str:
    close = close_matches(key, list(candidates))
    return f" (did you mean {close[0]!r}?)" if close else ""


# -- selectors ------------------------------------------------------------------------------


def selector_matches(selector: str, rule: type[Rule]) -> bool:
    """Whether ``selector`` (``ALL``, a code, a code prefix, a name or a tag) names ``rule``."""
    text = selector.strip()
    if text.upper() == "ALL":
        return True
    lowered = text.lower()
    return rule.code.startswith(text.upper()) or rule.name == lowered or lowered in rule.tags


_CODE_SHAPED = re.compile(r"[A-Za-z]+[0-9]+")


def check_selector(
    selector: str, rules: Mapping[str, type[Rule]], *, where: str, any_code: bool = False
) -> None:
    """Raise :class:`ConfigError` when ``selector`` names no registered rule.

    With ``any_code`` (ignores), a selector shaped like a code (``PL103``, ``PL5``) is
    accepted even when no loaded rule has it: ignoring a rule of a plugin that is not
    installed, or not yet released, is harmless.
    """
    if any_code and _CODE_SHAPED.fullmatch(selector.strip()):
        return
    if not any(selector_matches(selector, rule) for rule in rules.values()):
        names = [*rules, *(rule.name for rule in rules.values())]
        names += sorted({tag for rule in rules.values() for tag in rule.tags})
        raise ConfigError(f"{where}: {selector!r} selects no rule{_hint(selector, names)}")


def enabled_rules(config: Config, rules: Mapping[str, type[Rule]]) -> dict[str, type[Rule]]:
    """The rules a run uses: selected and not ignored, by code.

    ``select`` never drops the engine's own rules (PL000, PL003), only ``ignore`` does, so
    a file that cannot be read is never passed over in silence.
    """
    return {
        code: rule
        for code, rule in sorted(rules.items())
        if (ENGINE_TAG in rule.tags or any(selector_matches(s, rule) for s in config.select))
        and not any(selector_matches(s, rule) for s in config.ignore)
    }


# -- rule options ---------------------------------------------------------------------------


def _rule_settings(
    rule: type[Rule], value: Mapping[str, Any], raw: RawConfig, at: Pointer
) -> RuleSettings:
    options: dict[str, Any] = {}
    known = dict(option_schemas(rule))
    severity: Severity | None = None
    for key, item in value.items():
        if key == "severity":
            if item not in SEVERITIES:
                raise ConfigError(
                    f"{raw.where((*at, key))}: must be one of {', '.join(SEVERITIES)}, got {item!r}"
                )
            severity = Severity(item)
            continue
        name = key.replace("-", "_")
        if name not in known:
            allowed = ["severity", *(k.replace("_", "-") for k in known)]
            raise ConfigError(
                f"{raw.where((*at, key), key=True)}: rule {rule.code} has no option {key!r}; "
                f"it takes {', '.join(allowed)}"
            )
        import jsonschema

        problem = next(jsonschema.Draft202012Validator(known[name]).iter_errors(item), None)
        if problem is not None:
            raise ConfigError(f"{raw.where((*at, key))}: {problem.message}")
        options[name] = tuple(item) if isinstance(item, list) else item
    return RuleSettings(severity, options)


def option_schemas(rule: type[Rule]) -> Iterable[tuple[str, dict[str, Any]]]:
    """A JSON schema for each option of ``rule``, from its options dataclass's type hints."""
    if not is_dataclass(rule.options_type):
        return
    hints = typing.get_type_hints(rule.options_type)
    for option in fields(rule.options_type):
        yield option.name, _schema_for(hints[option.name])


def _schema_for(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is str:
        return {"type": "string"}
    if origin in (tuple, list, Sequence):
        return {"type": "array", "items": _schema_for(args[0]) if args else {}}
    if origin in (dict, Mapping):
        return {"type": "object", "additionalProperties": _schema_for(args[1])}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return {"anyOf": [_schema_for(arg) for arg in args]}
    if hint is type(None):
        return {"type": "null"}
    return {}


def make_options(rule: type[Rule], config: Config) -> Any:
    """The options instance for ``rule``: its defaults overridden by the configuration."""
    settings = config.rules.get(rule.code)
    if settings is None or not settings.options:
        return rule.options_type()
    return rule.options_type(**settings.options)


# -- assembling -----------------------------------------------------------------------------


def load_config(
    *,
    explicit: Path | None,
    start: Path,
    rules: Mapping[str, type[Rule]],
    defaults: Sequence[Mapping[str, Any]] = (),
) -> Config:
    """The configuration of a run: plugin defaults, then the (explicit or nearest) file."""
    path = explicit if explicit is not None else find_config_file(start)
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"{explicit}: configuration file not found")
    merged: dict[str, Any] = {}
    for default in defaults:
        merged = _merge(merged, default)
    if path is None:
        if not merged:
            return Config()
        return validate(
            RawConfig(merged, None, lambda ptr, key: f"plugin defaults{_dotted(ptr)}"), rules
        )
    raw = read_config_file(path)
    if merged and isinstance(raw.data, Mapping):
        raw = RawConfig(_merge(merged, raw.data), raw.path, raw.locate, raw.span)
    return validate(raw, rules)


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result


def close_matches(word: str, choices: list[str]) -> list[str]:
    """The choice ``word`` is most likely a misspelling of, if any (for a "did you mean")."""
    from difflib import get_close_matches  # only when something is misspelt

    return get_close_matches(word, choices, n=1)
