"""``pipelint init`` and ``pipelint check --show-config``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cli_support import PROD_WITHOUT_APPROVAL, write
from pipelint.config import Config, load_config
from pipelint.config_tools import STARTER
from pipelint.engine.setup import make_registry


def test_init_writes_a_starter_that_means_the_defaults(run_cli, project: Path) -> None:
    result = run_cli("init")
    assert result.exit_code == 0
    path = project / ".pipelint.yaml"
    assert path.read_text() == STARTER
    config = load_config(explicit=None, start=project, rules=make_registry().rule_classes())
    assert dataclasses.replace(config, path=None) == Config()


def test_init_refuses_to_overwrite(run_cli, project: Path) -> None:
    write(project / ".pipelint.yaml", "fail-on: high\n")
    result = run_cli("init")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (project / ".pipelint.yaml").read_text() == "fail-on: high\n"


def test_the_starter_is_commented(run_cli, project: Path) -> None:
    run_cli("init")
    text = (project / ".pipelint.yaml").read_text()
    assert text.count("\n#") >= 10
    assert "suppressions" in text and "production:" in text


def show(run_cli, *args: str) -> dict[str, str]:
    result = run_cli("check", "--show-config", *args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()[1:]
    return {line.split(" = ")[0]: line.split("  # ")[-1] for line in lines}


def test_show_config_says_where_each_value_comes_from(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    config = project / ".pipelint.yaml"
    write(config, "ignore: [PL103]\nrules:\n  PL101: {severity: critical}\n")
    origins = show(run_cli, "--fail-on", "high", "--ignore", "PL001")
    assert origins["select"] == "default"
    assert origins["fail-on"] == "command line (--fail-on)"
    assert origins["ignore"] == f"{config}:1:9 and command line (--ignore)"
    assert origins["rules.PL101"] == f"{config}:3:10"
    assert origins["production.words"] == "default"
    result = run_cli("check", "--show-config")
    assert result.stdout.startswith(f"# configuration file: {config}\n")
    assert 'rules.PL101 = {"severity": "critical"}' in result.stdout


def test_show_config_finds_rule_settings_written_by_name(run_cli, project: Path) -> None:
    config = project / ".pipelint.yaml"
    write(config, "rules:\n  prod-without-approval: {severity: low}\n")
    assert show(run_cli)["rules.PL101"] == f"{config}:2:26"


def test_show_config_prints_suppression_pointers_as_written(run_cli, project: Path) -> None:
    entry = '{path: p.json, rules: [PL101], pointer: "/pipeline/a~1b/c~0d"}'
    write(project / ".pipelint.yaml", f"suppressions:\n  - {entry}\n")
    assert '"pointer": "/pipeline/a~1b/c~0d"' in run_cli("check", "--show-config").stdout


def test_show_config_does_not_check(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "--show-config")
    assert result.exit_code == 0
    assert "PL101" not in result.stdout
    assert result.stdout.startswith("# configuration file: none\n")


def test_show_config_names_the_plugin_of_a_default(run_cli, project: Path, monkeypatch) -> None:
    write(
        project / "plugins" / "acme_policy.py",
        "from pipelint.api import hookimpl\n\n\n@hookimpl\n"
        "def pipelint_default_config():\n    return {'fail-on': 'medium'}\n",
    )
    monkeypatch.syspath_prepend(str(project / "plugins"))
    origins = show(run_cli, "-p", "acme_policy")
    assert origins["fail-on"] == "plugin acme_policy"
    assert origins["select"] == "default"
