"""The GitHub Action (action.yml): its structure, and its scripts run with a fake runner."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cli_support import PROD_WITHOUT_APPROVAL
from pipelint.loaders.load import load_document

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
BIN = Path(sys.executable).parent

_INPUT = re.compile(r"^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$")

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def action() -> dict[str, Any]:
    data: dict[str, Any] = load_document(str(ACTION), ACTION.read_bytes()).data
    return data


def step(name: str) -> dict[str, Any]:
    return next(s for s in action()["runs"]["steps"] if s.get("name") == name)


def test_composite_action_with_the_documented_inputs() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    assert {"paths", "config", "fail-on", "args"} <= data["inputs"].keys()
    assert data["inputs"]["paths"]["default"] == "."


def test_sarif_is_uploaded_even_when_pipelint_fails() -> None:
    upload = step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["category"] == "pipelint"
    assert upload["if"].startswith("always()")
    assert "steps.check.outputs.sarif-written == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"


def test_scripts_take_inputs_from_the_environment_only() -> None:
    for item in action()["runs"]["steps"]:
        if "run" in item:
            assert "${{" not in item["run"], f"step {item['name']!r} expands an expression"
            assert item["shell"] == "bash"


def run_step(
    name: str, project: Path, inputs: dict[str, str] | None = None, path: str = ""
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run a step's script as the runner would, with the inputs' defaults and ``inputs``."""
    item = step(name)
    values = {key: spec.get("default", "") for key, spec in action()["inputs"].items()}
    values.update(inputs or {})
    runner = project.parent / "runner"
    runner.mkdir(exist_ok=True)
    env = {
        "PATH": f"{path}{os.pathsep if path else ''}{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(runner)),
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(runner / "output"),
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
        "GITHUB_PATH": str(runner / "path"),
    }
    for key, value in item.get("env", {}).items():
        match = _INPUT.match(value)
        env[key] = values[match.group(1)] if match else str(ROOT)  # github.action_path
    completed = subprocess.run(
        ["bash", "-e", "-c", item["run"]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed, runner


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    project = tmp_path / "workspace"
    (project / ".git").mkdir(parents=True)
    (project / "ci").mkdir()
    (project / "ci" / "release.json").write_text(PROD_WITHOUT_APPROVAL)
    (project / "ci" / "ok.json").write_text(PROD_WITHOUT_APPROVAL.replace('"Prod"', '"Release"'))
    return project


def test_run_step_writes_annotations_sarif_summary_and_outputs(workspace: Path) -> None:
    completed, runner = run_step("Run pipelint", workspace)
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.startswith("::error file=ci/release.json,line=12,col=14,")
    sarif = json.loads((workspace / "pipelint.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["PL101"]
    summary = (runner / "summary.md").read_text()
    assert "```mermaid" in summary
    assert "[PL101](https://github.com/pipelint/pipelint/blob/main/docs/rules/PL101.md)" in (
        summary
    )
    assert (runner / "output").read_text() == (
        "exit-code=1\nsarif-file=pipelint.sarif\nsarif-written=true\n"
    )


def test_run_step_passes_paths_config_fail_on_and_args(workspace: Path) -> None:
    (workspace / "strict.yaml").write_text("fail-on: critical\n")
    inputs = {
        "paths": "ci/ok.json ci/release.json",
        "config": "strict.yaml",
        "fail-on": "",
        "args": "--ignore PL001 --sarif-category ci",
        "sarif-file": "out/results.sarif",
    }
    completed, runner = run_step("Run pipelint", workspace, inputs)
    assert completed.returncode == 0, completed.stderr
    sarif = json.loads((workspace / "out" / "results.sarif").read_text())
    assert sarif["runs"][0]["automationDetails"] == {"id": "ci/"}
    assert "exit-code=0\n" in (runner / "output").read_text()
    inputs["fail-on"] = "high"
    completed, _ = run_step("Run pipelint", workspace, inputs)
    assert completed.returncode == 1


def test_run_step_with_a_usage_error_still_records_its_exit_code(workspace: Path) -> None:
    completed, runner = run_step("Run pipelint", workspace, {"paths": "missing.json"})
    assert completed.returncode == 2
    assert (runner / "output").read_text() == "exit-code=2\nsarif-file=pipelint.sarif\n"


def test_install_step_installs_the_action_into_a_venv(workspace: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    log = tmp_path / "python.log"
    python = fake / "python3"
    python.write_text(
        "#!/bin/bash\n"
        f'echo "$0 $*" >> "{log}"\n'
        'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; fi\n'
    )
    python.chmod(0o755)
    completed, runner = run_step("Install pipelint", workspace, path=str(fake))
    assert completed.returncode == 0, completed.stderr
    calls = log.read_text().splitlines()
    venv = runner / "pipelint-venv"
    assert calls == [
        f"{python} -m venv {venv}",
        f"{venv}/bin/python -m pip install --quiet {ROOT}",
    ]
    assert (runner / "path").read_text() == f"{venv}/bin\n"
