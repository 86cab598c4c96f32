"""Plugins that fail, outputs that collide, pipes that close: clear errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cli_support import PROD_WITHOUT_APPROVAL, findings, write

PLUGIN_HEADER = """\
from pipelint.api import Location, Rule, Severity, Span, Violation, hookimpl
from pipelint.model.pipeline import Pipeline
"""

RAISING_RULE = """
class Boom(Rule):
    \"\"\"Always fails.\"\"\"

    code = "ACME001"
    name = "boom"
    severity = Severity.LOW
    targets = (Pipeline,)

    def check(self, pipeline, ctx):
        raise KeyError("stages")


@hookimpl
def pipelint_register_rules():
    return [Boom]
"""

NO_LOCATION_RULE = """
class Sloppy(Rule):
    \"\"\"Yields a violation without a location.\"\"\"

    code = "ACME002"
    name = "sloppy"
    severity = Severity.LOW
    targets = (Pipeline,)

    def check(self, pipeline, ctx):
        yield Violation("somewhere", None)


@hookimpl
def pipelint_register_rules():
    return [Sloppy]
"""

RAISING_LOADER = """
class Loader:
    kind = "acme"

    def detect(self, data):
        return data["acme"]

    def build(self, document):
        return []


@hookimpl
def pipelint_register_loaders():
    return [Loader()]
"""

SLOW_RULE = """
import time


class Slow(Rule):
    \"\"\"Never finishes, and swallows ordinary exceptions on the way.\"\"\"

    code = "ACME003"
    name = "slow"
    severity = Severity.LOW
    targets = (Pipeline,)

    def check(self, pipeline, ctx):
        while True:
            try:
                time.sleep(0.01)
            except Exception:
                pass


@hookimpl
def pipelint_register_rules():
    return [Slow]
"""

CONFIGURE = """
SEEN = []


@hookimpl
def pipelint_configure(config):
    SEEN.append(config.fail_on.value)
    if config.fail_on.value == "critical":
        raise RuntimeError("this pack needs fail-on below critical")
"""


@pytest.fixture
def plugin(project: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a plugin module importable as ``-p NAME``."""
    folder = project.parent / f"{project.name}-plugins"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))

    def make(name: str, source: str) -> str:
        (folder / f"{name}.py").write_text(PLUGIN_HEADER + textwrap.dedent(source))
        return name

    return make


def test_a_raising_rule_is_pl003_and_exit_3_with_the_other_findings(
    run_cli, project: Path, plugin
) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "-p", plugin("boom_rule", RAISING_RULE), "--format", "json")
    assert result.exit_code == 3
    assert findings(result.stdout) == [("PL003", "bad.json", 1, 1), ("PL101", "bad.json", 12, 14)]
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert message == (
        "rule ACME001 boom (plugin 'boom_rule') failed on this document: KeyError: 'stages'"
    )
    # --fail-on cannot hide a crash
    assert run_cli("check", "-p", "boom_rule", "--fail-on", "critical").exit_code == 3


def test_a_violation_without_a_location_is_pl003(run_cli, project: Path, plugin) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "-p", plugin("sloppy_rule", NO_LOCATION_RULE), "--format", "json")
    assert result.exit_code == 3
    (crash,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "PL003"]
    assert "rule ACME002 sloppy (plugin 'sloppy_rule')" in crash["message"]
    assert "not a Violation with a Location" in crash["message"]


def test_a_rule_that_runs_too_long_is_stopped_as_pl003(run_cli, project: Path, plugin) -> None:
    write(project / "a.json", PROD_WITHOUT_APPROVAL)
    write(project / "b.json", PROD_WITHOUT_APPROVAL)
    started = time.monotonic()
    result = run_cli(
        "check", "-p", plugin("slow_rule", SLOW_RULE), "--rule-timeout", "0.2", "--format", "json"
    )
    assert time.monotonic() - started < 5
    assert result.exit_code == 3
    assert findings(result.stdout) == [
        ("PL003", "a.json", 1, 1),
        ("PL101", "a.json", 12, 14),
        ("PL003", "b.json", 1, 1),
        ("PL101", "b.json", 12, 14),
    ]
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert (
        message == "rule ACME003 slow (plugin 'slow_rule') was stopped after 0.2 s on this document"
    )


def test_the_time_limit_holds_in_the_workers_of_jobs(run_cli, project: Path, plugin) -> None:
    """Rules run in forked workers with --jobs: each is stopped there, as in one process."""
    from pipelint.engine.parallel import MIN_FILES, can_fork

    if not can_fork():
        pytest.skip("workers are forked")
    names = [f"p{index:02d}.json" for index in range(MIN_FILES)]
    for name in names:
        write(project / name, PROD_WITHOUT_APPROVAL)
    slow = plugin("slow_rule", SLOW_RULE)
    result = run_cli(
        "check", "-p", slow, "--rule-timeout", "0.05", "--format", "json", "--jobs", "2"
    )
    assert result.exit_code == 3
    expected = [(code, name) for name in names for code in ("PL003", "PL101")]
    assert [(code, path) for code, path, _, _ in findings(result.stdout)] == expected


def test_a_run_with_jobs_leaves_no_worker_process_behind(
    run_cli, project: Path, monkeypatch
) -> None:
    from pipelint.engine import parallel

    if not parallel.can_fork():
        pytest.skip("workers are forked")
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)
    for index in range(parallel.MIN_FILES):
        write(project / f"p{index:02d}.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "--jobs", "3", "--format", "json")
    assert result.exit_code == 1
    assert len(findings(result.stdout)) == parallel.MIN_FILES
    assert parallel._ENDING == []
    assert len(forked) == 2
    for pid in forked:  # every worker was reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_the_time_limit_is_configurable_and_validated(run_cli, project: Path) -> None:
    write(project / ".pipelint.yaml", "rule-timeout: -1\n")
    result = run_cli("check")
    assert result.exit_code == 2
    assert "rule-timeout" in result.stderr
    write(project / ".pipelint.yaml", "rule-timeout: 0.5\n")
    assert run_cli("check").exit_code == 0
    with pytest.raises(SystemExit) as exit:
        run_cli("check", "--rule-timeout", "soon")
    assert exit.value.code == 2


def test_a_raising_loader_is_pl003_on_that_file(run_cli, project: Path, plugin) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / "other.json", '{"name": "web"}')
    result = run_cli("check", "-p", plugin("acme_loader", RAISING_LOADER), "--format", "json")
    assert result.exit_code == 3
    assert findings(result.stdout) == [
        ("PL101", "bad.json", 12, 14),
        ("PL003", "other.json", 1, 1),
    ]
    assert "loader of plugin 'acme_loader' failed" in result.stdout


def test_a_plugin_that_fails_to_import_stops_the_run_unless_told(
    run_cli, project: Path, plugin
) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    name = plugin("broken_pack", "import nonexistent_module_of_acme\n")
    result = run_cli("check", "-p", name)
    assert result.exit_code == 2
    assert "plugin 'broken_pack' (broken_pack) failed to load: ModuleNotFoundError" in result.stderr
    assert "--ignore-plugin-errors" in result.stderr
    result = run_cli("check", "-p", name, "--ignore-plugin-errors", "--format", "concise")
    assert result.exit_code == 1
    assert "pipelint: warning: plugin 'broken_pack'" in result.stderr
    assert "bad.json:12:14: PL101" in result.stdout


def test_the_configure_hook_sees_the_effective_configuration(
    run_cli, project: Path, plugin
) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    name = plugin("configured_pack", CONFIGURE)
    assert run_cli("check", "-p", name, "--fail-on", "high").exit_code == 1
    assert sys.modules[name].SEEN == ["high"]
    result = run_cli("check", "-p", name, "--fail-on", "critical")
    assert result.exit_code == 3
    assert "plugin 'configured_pack' raised in pipelint_configure" in result.stderr


def test_two_formats_into_one_file_is_a_usage_error(run_cli, project: Path) -> None:
    result = run_cli("check", "--format", "json=out.txt", "--format", "sarif=./out.txt")
    assert result.exit_code == 2
    assert "formats json, sarif would all be written to" in result.stderr
    result = run_cli("check", "--format", "json", "--format", "sarif", "-o", "out.txt")
    assert result.exit_code == 2
    assert not (project / "out.txt").exists()


def test_sarif_category_is_written_only_when_asked(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    (run,) = json.loads(run_cli("check", "--format", "sarif").stdout)["runs"]
    assert "automationDetails" not in run
    asked = run_cli("check", "--format", "sarif", "--sarif-category", "pipelines")
    (run,) = json.loads(asked.stdout)["runs"]
    assert run["automationDetails"] == {"id": "pipelines/"}


def test_a_closed_pipe_is_not_an_error(project: Path) -> None:
    command = f"{sys.executable} -m pipelint explain PL101 | head -n 1"
    completed = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.stdout == "# PL101 prod-without-approval\n"
    assert completed.stderr == ""
    assert completed.returncode == 0


def test_per_file_ignores_are_relative_to_the_configuration_file(run_cli, project: Path) -> None:
    write(project / ".pipelint.yaml", "per-file-ignores:\n  legacy/*.json: [PL101]\n")
    write(project / "legacy" / "old.json", PROD_WITHOUT_APPROVAL)
    write(project / "new.json", PROD_WITHOUT_APPROVAL)
    from_root = run_cli("check", "--format", "json")
    assert findings(from_root.stdout) == [("PL101", "new.json", 12, 14)]
    from_inside = run_cli("check", ".", "--format", "json", cwd=project / "legacy")
    assert from_inside.exit_code == 0
    assert findings(from_inside.stdout) == []


def test_exclude_is_relative_to_the_configuration_file(run_cli, project: Path) -> None:
    write(project / ".pipelint.yaml", "exclude: [app/generated/*.json]\n")
    write(project / "app" / "generated" / "old.json", PROD_WITHOUT_APPROVAL)
    write(project / "app" / "new.json", PROD_WITHOUT_APPROVAL)
    from_root = run_cli("check", "--format", "json")
    assert findings(from_root.stdout) == [("PL101", "app/new.json", 12, 14)]
    from_inside = run_cli("check", "--format", "json", cwd=project / "app")
    assert findings(from_inside.stdout) == [("PL101", "new.json", 12, 14)]
    named = run_cli("check", "generated/old.json", "--format", "json", cwd=project / "app")
    assert findings(named.stdout) == []


def test_ignoring_a_code_no_loaded_rule_has_is_fine(run_cli, project: Path) -> None:
    write(project / ".pipelint.yaml", "ignore: [PL103, PL5]\n")
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    assert run_cli("check", "--ignore", "PL999").exit_code == 1
    result = run_cli("check", "--select", "PL999")
    assert result.exit_code == 2
    assert "--select: 'PL999' selects no rule" in result.stderr


def test_a_broken_minified_template_is_reported(run_cli, project: Path) -> None:
    write(project / "t.json", '{"Resources": {"B": {"Type": "AWS::S3::Bucket",}}}')
    result = run_cli("check", "--format", "json")
    assert findings(result.stdout) == [("PL000", "t.json", 1, 47)]


def test_a_report_is_replaced_whole_or_not_at_all(
    run_cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / "out" / "report.json", "the previous report")

    def failing_replace(source: str, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", failing_replace)
    result = run_cli("check", "--format", "json=out/report.json")
    assert result.exit_code == 2
    assert "cannot write out/report.json: No space left on device" in result.stderr
    assert (project / "out" / "report.json").read_text() == "the previous report"
    assert sorted(path.name for path in (project / "out").iterdir()) == ["report.json"]


def test_a_new_report_gets_the_usual_permissions(run_cli, project: Path) -> None:
    import os

    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    umask = os.umask(0o022)
    try:
        run_cli("check", "--format", "sarif=report.sarif")
    finally:
        os.umask(umask)
    assert (project / "report.sarif").stat().st_mode & 0o777 == 0o644


ACME_LOADER = """
from dataclasses import dataclass

from pipelint.model.node import Node


@dataclass(frozen=True, kw_only=True)
class Widget(Node):
    name: str = ""


class Loader:
    kind = "acme"

    def detect(self, data):
        return isinstance(data, dict) and "widget" in data

    def build(self, document):
        return [Widget(loc=document.locate(("widget",)), name=document.data["widget"])]


class Unnamed(Rule):
    \"\"\"A widget without a name.\"\"\"

    code = "ACME004"
    name = "unnamed-widget"
    severity = Severity.LOW
    targets = (Widget,)

    def check(self, widget, ctx):
        if not widget.name:
            yield Violation("widget has no name", widget.loc)


@hookimpl
def pipelint_register_loaders():
    return [Loader()]


@hookimpl
def pipelint_register_rules():
    return [Unnamed]
"""


def test_documents_of_plugin_loaders_are_checked_with_jobs(run_cli, project: Path, plugin) -> None:
    """Worker processes read the files; a plugin's loader claims its documents in the main
    process and its rules see its nodes, as with one process."""
    from pipelint.engine.parallel import MIN_FILES, can_fork

    if not can_fork():
        pytest.skip("workers are forked")
    for index in range(MIN_FILES):
        name = "" if index % 2 else f"w{index}"
        write(project / f"widget{index:02d}.json", json.dumps({"widget": name}))
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    acme = plugin("acme_widgets", ACME_LOADER)
    runs = [run_cli("check", "-p", acme, "--format", "json", "--jobs", jobs) for jobs in "12"]
    assert runs[0].stdout == runs[1].stdout
    found = findings(runs[1].stdout)
    assert [path for code, path, _, _ in found if code == "ACME004"] == [
        f"widget{index:02d}.json" for index in range(1, MIN_FILES, 2)
    ]
    assert ("PL101", "bad.json", 12, 14) in found
    assert not [item for item in found if item[0] == "PL003"]
