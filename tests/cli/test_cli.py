"""The command line: commands, options, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import PROD_WITHOUT_APPROVAL, findings, write
from pipelint import __version__

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_version(run_cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("--version")
    assert exit_info.value.code == 0


def test_no_command_prints_help_and_exits_2(run_cli) -> None:
    result = run_cli()
    assert result.exit_code == 2
    assert "check" in result.stderr


def test_findings_exit_1_and_clean_files_exit_0(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "bad.json", "--format", "json")
    assert result.exit_code == 1
    assert findings(result.stdout) == [("PL101", "bad.json", 12, 14)]
    write(project / "good.json", PROD_WITHOUT_APPROVAL.replace('"Prod"', '"Beta"'))
    assert run_cli("check", "good.json").exit_code == 0


def test_fail_on_threshold(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    assert run_cli("check", "--fail-on", "critical").exit_code == 0
    assert run_cli("check", "--fail-on", "high").exit_code == 1


def test_select_and_ignore_by_code_prefix_and_name(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    assert run_cli("check", "--ignore", "PL101").exit_code == 0
    assert run_cli("check", "--ignore", "prod-without-approval").exit_code == 0
    assert run_cli("check", "--select", "PL0").exit_code == 0
    assert run_cli("check", "--select", "PL0,PL1").exit_code == 1


def test_select_by_tag(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    assert run_cli("check", "--select", "release-gating").exit_code == 1
    assert run_cli("check", "--ignore", "release-gating").exit_code == 0


def test_select_never_drops_parse_errors_but_ignore_does(run_cli, project: Path) -> None:
    write(project / "broken.json", '{"pipeline": {"name": "p", "stages": [}}\n')
    result = run_cli("check", "--select", "PL101", "--format", "json")
    assert findings(result.stdout) == [("PL000", "broken.json", 1, 39)]
    assert run_cli("check", "--select", "PL101", "--ignore", "PL000").exit_code == 0


def test_unknown_selector_is_a_usage_error(run_cli, project: Path) -> None:
    result = run_cli("check", "--select", "PL1O1")
    assert result.exit_code == 2
    assert "'PL1O1' selects no rule" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(run_cli, project: Path) -> None:
    result = run_cli("check", "--format", "sarf")
    assert result.exit_code == 2
    assert "unknown format 'sarf' (did you mean 'sarif'?)" in result.stderr


def test_two_formats_on_stdout_is_a_usage_error(run_cli, project: Path) -> None:
    result = run_cli("check", "--format", "json", "--format", "sarif")
    assert result.exit_code == 2
    assert "standard output" in result.stderr


def test_a_missing_path_is_a_usage_error(run_cli, project: Path) -> None:
    result = run_cli("check", "nope/")
    assert result.exit_code == 2
    assert "nope/: no such file or directory" in result.stderr


def test_bad_configuration_is_exit_2_with_file_and_key(run_cli, project: Path) -> None:
    write(project / ".pipelint.yaml", "fail-on: never\n")
    result = run_cli("check")
    assert result.exit_code == 2
    assert ".pipelint.yaml:1:10: fail-on: must be one of" in result.stderr


def test_configuration_file_is_used(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / ".pipelint.yaml", "rules:\n  PL101: {severity: low}\nfail-on: medium\n")
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"][0]["severity"] == "low"
    write(project / "other.yaml", "ignore: [PL101]\n")
    assert findings(run_cli("check", "--config", "other.yaml", "--format", "json").stdout) == []


def test_several_formats_to_files_and_stdout(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli(
        "check",
        "--format",
        "sarif=out/report.sarif",
        "--format",
        "json=report.json",
        "--format",
        "concise",
    )
    assert result.exit_code == 1
    assert "bad.json:12:14: PL101" in result.stdout
    assert json.loads((project / "report.json").read_text())["findings"]
    sarif = json.loads((project / "out" / "report.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "PL101"
    assert not [p for p in project.rglob(".*.sarif.*")]  # no temporary file left behind


def test_output_option_writes_the_single_format(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "--format", "json", "--output", "result.json")
    assert result.stdout == ""
    assert findings((project / "result.json").read_text()) == [("PL101", "bad.json", 12, 14)]


def test_an_unwritable_output_is_a_usage_error(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / "blocker", "a file where a directory should be")
    result = run_cli("check", "--format", "json=blocker/report.json")
    assert result.exit_code == 2
    assert "cannot write blocker/report.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_stdin_with_a_filename(run_cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PROD_WITHOUT_APPROVAL.encode())))
    result = run_cli("check", "-", "--stdin-filename", "ci/pipeline.json", "--format", "json")
    assert findings(result.stdout) == [("PL101", "ci/pipeline.json", 12, 14)]


def test_parse_errors_are_pl000_and_the_run_goes_on(run_cli, project: Path) -> None:
    write(project / "a-broken.json", '{"pipeline": {"name": "p", "stages": [}}\n')
    write(project / "b.json", PROD_WITHOUT_APPROVAL)
    write(project / "package.json", '{"name": "web", "version": }')  # not ours: skipped
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 1
    assert findings(result.stdout) == [
        ("PL000", "a-broken.json", 1, 39),
        ("PL101", "b.json", 12, 14),
    ]


def test_kind_option_forces_a_kind(run_cli, project: Path) -> None:
    write(project / "odd.json", '{"name": "web", "version": }')
    assert findings(run_cli("check", "--format", "json").stdout) == []
    result = run_cli("check", "--kind", "pipeline", "--format", "json")
    assert [f[0] for f in findings(result.stdout)] == ["PL000"]


def test_color_always_never_and_no_color(
    run_cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    assert "\x1b[" in run_cli("check", "--color", "always").stdout
    assert "\x1b[" not in run_cli("check", "--color", "never").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("check").stdout


def test_rules_lists_one_rule_per_line(run_cli) -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.split()[:3] == ["PL101", "prod-without-approval", "high"] for line in lines)
    assert any(line.split()[:3] == ["PL000", "parse-error", "high"] for line in lines)
    assert all(line[:2] == "PL" for line in lines)


def test_explain_by_code_and_by_name(run_cli) -> None:
    by_code = run_cli("explain", "PL101")
    assert by_code.exit_code == 0
    assert by_code.stdout.startswith("# PL101 prod-without-approval")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in by_code.stdout
    assert run_cli("explain", "prod-without-approval").stdout == by_code.stdout


def test_explain_unknown_rule(run_cli) -> None:
    result = run_cli("explain", "prod-without-aproval")
    assert result.exit_code == 2
    assert "did you mean 'prod-without-approval'" in result.stderr


def test_disabling_the_builtin_plugin(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    assert run_cli("check", "-p", "no:builtin").exit_code == 0


def test_explain_prod_lists_stages_and_reasons(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    result = run_cli("check", "--explain-prod", "--format", "concise")
    assert 'stage "Source": not production' in result.stdout
    assert (
        'stage "Prod": production (stage name "Prod" has the production word "prod")'
        in result.stdout
    )


def test_python_dash_m_and_no_cfn_lint_import_on_a_pipeline_file(project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "pipelint", "check", "bad.json", "--format", "concise"],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
        check=False,
    )
    assert completed.returncode == 1
    assert "bad.json:12:14: PL101" in completed.stdout
    imported = completed.stderr
    assert "import time:" in imported
    assert "cfnlint" not in imported


def test_examples_run_as_the_readme_says(run_cli) -> None:
    result = run_cli("check", str(EXAMPLES), "--format", "json", cwd=EXAMPLES.parent)
    assert result.exit_code == 1
    assert findings(result.stdout) == [("PL101", "examples/payments-pipeline.json", 64, 17)]


def test_version_string() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pipelint", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.stdout.strip() == f"pipelint {__version__}"
