"""Plugins: entry-point loading, disabling, duplicate codes, broken plugins."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from pipelint.plugins.manager import PluginError, disabled_from_env, load_plugins

RULE_MODULE = '''
from pipelint.api import Rule, Severity, hookimpl


class Acme(Rule):
    """Acme's rule."""

    code = "{code}"
    name = "{name}"
    severity = Severity.LOW


@hookimpl
def pipelint_register_rules():
    return [Acme]
'''


def install_plugin(site: Path, dist: str, entry: str, module: str, source: str) -> None:
    """Make ``module`` importable and register it under the ``pipelint`` entry-point group."""
    site.mkdir(exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source))
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[pipelint]\n{entry} = {module}\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    return path


def test_builtin_pack_and_engine_are_plugins() -> None:
    registry = load_plugins()
    assert "builtin" in registry.plugins
    assert registry.plugin_of("PL000") == "pipelint"
    assert registry.plugin_of("PL101") == "builtin"
    assert {"text", "concise", "json", "sarif", "github"} <= set(registry.formatters)


def test_a_third_party_pack_is_found_through_its_entry_point(site: Path) -> None:
    install_plugin(
        site,
        "acme-pipelint",
        "acme",
        "acme_rules_ok",
        RULE_MODULE.format(code="ACME001", name="acme-rule"),
    )
    registry = load_plugins()
    assert registry.plugin_of("ACME001") == "acme"
    assert registry.rule("acme-rule") is registry.rule("ACME001")


def test_a_plugin_can_be_disabled_by_name(site: Path) -> None:
    install_plugin(
        site,
        "acme-pipelint",
        "acme",
        "acme_rules_off",
        RULE_MODULE.format(code="ACME001", name="acme-rule"),
    )
    assert "ACME001" not in load_plugins(disabled={"acme"}).rules
    assert "PL101" not in load_plugins(disabled={"builtin"}).rules


def test_disabled_plugins_from_the_environment() -> None:
    assert disabled_from_env({"PIPELINT_DISABLE_PLUGINS": "acme, builtin,"}) == {"acme", "builtin"}


def test_a_duplicate_code_names_both_plugins(site: Path) -> None:
    install_plugin(
        site,
        "acme-pipelint",
        "acme",
        "acme_rules_dup",
        RULE_MODULE.format(code="PL101", name="acme-rule"),
    )
    with pytest.raises(PluginError) as error:
        load_plugins()
    message = str(error.value)
    assert "PL101" in message
    assert "'builtin'" in message
    assert "'acme'" in message


def test_a_plugin_that_fails_to_import_is_a_clear_error(site: Path) -> None:
    install_plugin(
        site, "broken-pipelint", "broken", "broken_plugin", "raise ImportError('no numpy here')\n"
    )
    with pytest.raises(
        PluginError,
        match=r"plugin 'broken' \(broken_plugin\) failed to load: ImportError: no numpy here",
    ):
        load_plugins()
    registry = load_plugins(ignore_errors=True)
    assert registry.errors and "broken" in registry.errors[0]
    assert "PL101" in registry.rules


def test_an_invalid_rule_is_rejected(site: Path) -> None:
    install_plugin(
        site, "bad-pipelint", "bad", "bad_rule", RULE_MODULE.format(code="lower1", name="Bad_Name")
    )
    with pytest.raises(PluginError, match="plugin 'bad' registers an invalid rule"):
        load_plugins()


def test_an_unknown_hook_is_rejected(site: Path) -> None:
    source = (
        "from pipelint.api import hookimpl\n\n"
        "@hookimpl\ndef pipelint_register_rulez():\n    return []\n"
    )
    install_plugin(site, "typo-pipelint", "typo", "typo_plugin", source)
    with pytest.raises(PluginError, match="unknown hook"):
        load_plugins()


def test_extra_plugin_modules_load_by_import_name(site: Path) -> None:
    (site / "extra_rules.py").write_text(RULE_MODULE.format(code="XTRA001", name="extra-rule"))
    assert load_plugins(extra=["extra_rules"]).plugin_of("XTRA001") == "extra_rules"


def test_entry_points_are_read_as_importlib_metadata_reads_them(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entry points are read without importing importlib.metadata where the distributions
    are folders on sys.path: the same as it gives, for every group, the first distribution
    of a name winning."""
    import importlib.metadata

    from pipelint.plugins.manager import entry_points

    (site / "Acme_Tools-2.0.dist-info").mkdir()
    (site / "Acme_Tools-2.0.dist-info" / "entry_points.txt").write_text(
        "# generated\n[console_scripts]\nacme = acme.cli:main\n\n"
        "[pipelint]\n  acme-rules =  acme.rules [extra]  \n\n[other]\nx=y=z\n"
    )
    (site / "old_plugin.egg-info").mkdir()
    (site / "old_plugin.egg-info" / "entry_points.txt").write_text("[pipelint]\nold = old.rules\n")
    shadowed = tmp_path / "later"
    (shadowed / "acme.tools-1.0.dist-info").mkdir(parents=True)
    (shadowed / "acme.tools-1.0.dist-info" / "entry_points.txt").write_text(
        "[pipelint]\nshadowed = acme.old\n"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(sys, "path", [*sys.path, str(shadowed)])
    for group in ("pipelint", "console_scripts", "pytest11", "other", "none"):
        expected = [
            (entry.name, entry.value) for entry in importlib.metadata.entry_points(group=group)
        ]
        assert entry_points(group) == expected, group
    assert ("acme-rules", "acme.rules [extra]") in entry_points("pipelint")
    assert ("shadowed", "acme.old") not in entry_points("pipelint")


def test_entry_points_leave_zipped_distributions_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from pipelint.plugins.manager import entry_points

    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped_pack-1.0.dist-info/METADATA", "Name: zipped-pack\nVersion: 1.0\n")
        zipped.writestr("zipped_pack-1.0.dist-info/entry_points.txt", "[pipelint]\nz = zipped\n")
    monkeypatch.syspath_prepend(str(archive))
    assert ("z", "zipped") in entry_points("pipelint")
