"""Finding, loading and validating plugins; collecting what they register."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pluggy

from pipelint.engine.findings import Confidence, Severity
from pipelint.engine.rule import Rule
from pipelint.plugins import hookspecs
from pipelint.plugins.loaders import LoaderPlugin

if TYPE_CHECKING:
    from pipelint.config import Config

ENTRY_POINT_GROUP = "pipelint"
DISABLE_ENV = "PIPELINT_DISABLE_PLUGINS"
ENGINE_PLUGIN = "pipelint"

_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]{3,}")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


class PluginError(Exception):
    """A plugin that cannot be loaded or registers something invalid."""


@dataclass(frozen=True)
class RegisteredRule:
    rule: type[Rule]
    plugin: str


@dataclass
class Registry:
    """Everything the loaded plugins contribute."""

    rules: dict[str, RegisteredRule] = field(default_factory=dict)
    formatters: dict[str, type[Any]] = field(default_factory=dict)
    loaders: list[tuple[str, LoaderPlugin]] = field(default_factory=list)
    default_configs: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    manager: pluggy.PluginManager | None = None

    def rule(self, code_or_name: str) -> type[Rule] | None:
        """The rule with this code or name (case-insensitive), if any."""
        key = code_or_name.strip()
        entry = self.rules.get(key.upper())
        if entry:
            return entry.rule
        for registered in self.rules.values():
            if registered.rule.name == key.lower():
                return registered.rule
        return None

    def plugin_of(self, code: str) -> str:
        entry = self.rules.get(code)
        return entry.plugin if entry else ""

    def rule_classes(self) -> dict[str, type[Rule]]:
        """Every registered rule class by code."""
        return {code: entry.rule for code, entry in self.rules.items()}

    def configure(self, config: Config) -> None:
        """Call each plugin's ``pipelint_configure`` with the effective configuration."""
        if self.manager is None:
            return
        for impl in self.manager.hook.pipelint_configure.get_hookimpls():
            try:
                impl.function(config=config)
            except Exception as exc:
                raise PluginError(
                    f"plugin {impl.plugin_name!r} raised in pipelint_configure: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc


def disabled_from_env(environ: Mapping[str, str] | None = None) -> set[str]:
    """Plugin names listed (comma-separated) in ``PIPELINT_DISABLE_PLUGINS``."""
    value = (environ if environ is not None else os.environ).get(DISABLE_ENV, "")
    return {name.strip() for name in value.split(",") if name.strip()}


def load_plugins(
    *,
    disabled: Iterable[str] = (),
    extra: Sequence[str] = (),
    ignore_errors: bool = False,
) -> Registry:
    """Load the engine, every ``pipelint`` entry point not disabled, and ``extra`` modules.

    ``extra`` names importable modules (``-p mypackage.plugin``). A plugin that fails to
    import or registers something invalid raises :class:`PluginError`, unless
    ``ignore_errors``, in which case the error is recorded in ``Registry.errors``.
    """
    blocked = set(disabled)
    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    registry = Registry(manager=manager)

    from pipelint.plugins import core

    manager.register(core, name=ENGINE_PLUGIN)
    candidates = entry_points(ENTRY_POINT_GROUP)
    candidates += [(module, module) for module in extra]
    for name, target in sorted(set(candidates), key=lambda item: item[0]):
        if name in blocked or manager.has_plugin(name):
            continue
        try:
            plugin = _import_target(target)
            manager.register(plugin, name=name)
        except Exception as exc:  # a broken plugin must not look like a pipelint crash
            message = f"plugin {name!r} ({target}) failed to load: {type(exc).__name__}: {exc}"
            if not ignore_errors:
                raise PluginError(message) from exc
            registry.errors.append(message)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} implements an unknown hook: {exc}") from exc

    registry.plugins = [name for name, _ in manager.list_name_plugin()]
    _collect(manager, registry, ignore_errors=ignore_errors)
    return registry


def entry_points(group: str) -> list[tuple[str, str]]:
    """``(name, value)`` of every entry point in ``group``, as
    ``importlib.metadata.entry_points(group=group)`` gives them.

    Importing :mod:`importlib.metadata` costs about 12 ms, a tenth of a pre-commit run on
    one file, so where the installed distributions are folders on ``sys.path`` (as pip and
    venvs install them) their ``entry_points.txt`` are read here, the first distribution of
    each name winning, as there. Anything else (a zip or egg on ``sys.path``, a finder of
    distributions other than the standard one) is left to :mod:`importlib.metadata`.
    """
    if not _only_folders():
        from importlib.metadata import entry_points as find

        return [(entry.name, entry.value) for entry in find(group=group)]
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for entry in sys.path:
        folder = entry or "."
        try:
            children = os.listdir(folder)
        except OSError:
            continue
        for child in children:
            lowered = child.lower()
            if not lowered.endswith((".dist-info", ".egg-info")):
                continue
            name = _DIST_SEPARATORS.sub("_", lowered.rpartition(".")[0].partition("-")[0])
            if name in seen:
                continue
            seen.add(name)
            try:
                with open(os.path.join(folder, child, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:  # no entry points, or not a folder
                continue
            found.extend(_section(text, group))
    return found


_DIST_SEPARATORS = re.compile(r"[-_.]+")


def _only_folders() -> bool:
    """Whether every distribution is a folder on ``sys.path``, found the standard way."""
    from importlib.machinery import PathFinder

    finders = [finder for finder in sys.meta_path if hasattr(finder, "find_distributions")]
    if finders != [PathFinder]:
        return False
    return not any(entry.endswith(".egg") or os.path.isfile(entry) for entry in sys.path)


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of section ``[group]`` of an ``entry_points.txt``."""
    found: list[tuple[str, str]] = []
    section = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            found.append((name.strip(), value.strip()))
    return found


def _import_target(target: str) -> object:
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


def _collect(manager: pluggy.PluginManager, registry: Registry, *, ignore_errors: bool) -> None:
    hooks = manager.hook
    for impl in reversed(hooks.pipelint_register_rules.get_hookimpls()):
        for rule in _call(impl, registry, ignore_errors) or ():
            _add_rule(registry, rule, impl.plugin_name)
    for impl in reversed(hooks.pipelint_register_formatters.get_hookimpls()):
        for fmt_name, formatter in (_call(impl, registry, ignore_errors) or {}).items():
            registry.formatters[fmt_name] = formatter
    for impl in reversed(hooks.pipelint_register_loaders.get_hookimpls()):
        for loader in _call(impl, registry, ignore_errors) or ():
            registry.loaders.append((impl.plugin_name, loader))
    for impl in reversed(hooks.pipelint_default_config.get_hookimpls()):
        defaults = _call(impl, registry, ignore_errors)
        if defaults:
            registry.default_configs.append((impl.plugin_name, defaults))


def _call(impl: pluggy.HookImpl, registry: Registry, ignore_errors: bool) -> Any:
    try:
        return impl.function()
    except Exception as exc:
        message = f"plugin {impl.plugin_name!r} raised in {impl.function.__name__}: {exc}"
        if not ignore_errors:
            raise PluginError(message) from exc
        registry.errors.append(message)
        return None


def _add_rule(registry: Registry, rule: Any, plugin: str) -> None:
    problem = _rule_problem(rule)
    if problem:
        raise PluginError(f"plugin {plugin!r} registers an invalid rule {rule!r}: {problem}")
    existing = registry.rules.get(rule.code)
    if existing is not None:
        raise PluginError(
            f"rule code {rule.code} is registered twice: by plugin {existing.plugin!r} "
            f"({existing.rule.__module__}.{existing.rule.__qualname__}) and by plugin "
            f"{plugin!r} ({rule.__module__}.{rule.__qualname__})"
        )
    for other in registry.rules.values():
        if other.rule.name == rule.name:
            raise PluginError(
                f"rule name {rule.name!r} is registered twice: {other.rule.code} by plugin "
                f"{other.plugin!r} and {rule.code} by plugin {plugin!r}"
            )
    registry.rules[rule.code] = RegisteredRule(rule, plugin)


def _rule_problem(rule: Any) -> str | None:
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        return "not a subclass of pipelint.engine.rule.Rule"
    code = getattr(rule, "code", None)
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return f"code {code!r} is not like 'ABC123'"
    name = getattr(rule, "name", None)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return f"name {name!r} is not kebab-case"
    if not isinstance(getattr(rule, "severity", None), Severity):
        return "severity must be a pipelint Severity"
    if not isinstance(rule.confidence, Confidence):
        return "confidence must be a pipelint Confidence"
    if not isinstance(rule.targets, tuple):
        return "targets must be a tuple of model types"
    return None
