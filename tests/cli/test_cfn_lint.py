"""``--cfn-lint``: cfn-lint's matches in the same findings, and no import without it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pipelint.cfn_lint
from cli_support import write

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketNam: x  # a typo cfn-lint knows
"""


def findings(stdout: str) -> list[tuple[str, str, str, int, int, int, int, str]]:
    return [
        (
            f["code"],
            f["name"],
            f["severity"],
            f["start"]["line"],
            f["start"]["column"],
            f["end"]["line"],
            f["end"]["column"],
            f["pointer"],
        )
        for f in json.loads(stdout)["findings"]
    ]


E3002 = ("E3002", "cfn-lint", "high", 6, 7, 6, 16, "/Resources/Bucket/Properties/BucketNam")


def test_cfn_lint_matches_are_findings(run_cli, project: Path) -> None:
    write(project / "t.yaml", TEMPLATE)
    assert findings(run_cli("check", "--format", "json").stdout) == []
    result = run_cli("check", "--cfn-lint", "--format", "json")
    assert result.exit_code == 1
    assert findings(result.stdout) == [E3002]


def test_cfn_lint_codes_in_sarif_and_annotations(run_cli, project: Path) -> None:
    write(project / "t.yaml", TEMPLATE)
    sarif = json.loads(run_cli("check", "--cfn-lint", "--format", "sarif").stdout)
    run = sarif["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "E3002"
    descriptor = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert descriptor["id"] == "E3002"
    assert descriptor["shortDescription"]["text"] == "Resource properties are invalid"
    assert descriptor["helpUri"].startswith("https://github.com/aws-cloudformation/cfn-lint/")
    assert descriptor["defaultConfiguration"] == {"level": "error"}
    github = run_cli("check", "--cfn-lint", "--format", "github").stdout
    assert github.startswith("::error file=t.yaml,line=6,col=7,endLine=6,endColumn=15,")
    assert "title=E3002 cfn-lint::" in github


def test_config_switch_and_show_config(run_cli, project: Path) -> None:
    write(project / "t.yaml", TEMPLATE)
    write(project / ".pipelint.yaml", "cfn-lint: true\n")
    assert findings(run_cli("check", "--format", "json").stdout) == [E3002]
    shown = run_cli("check", "--show-config").stdout
    origin = f"{project / '.pipelint.yaml'}:1:11"
    assert re.search(rf"^cfn-lint = true +# {re.escape(origin)}$", shown, re.MULTILINE)
    shown = run_cli("check", "--show-config", "--cfn-lint").stdout
    assert re.search(r"^cfn-lint = true +# command line \(--cfn-lint\)$", shown, re.MULTILINE)


def test_suppressions_and_ignores_apply_to_cfn_lint_codes(run_cli, project: Path) -> None:
    write(project / "t.yaml", TEMPLATE.replace("# a typo", "# pipelint: ignore[E3002] typo"))
    result = run_cli("check", "--cfn-lint", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["summary"]["suppressed"]) == (0, 1)
    write(project / "t.yaml", TEMPLATE)
    assert run_cli("check", "--cfn-lint", "--ignore", "E3").exit_code == 0


def test_unused_suppression_of_a_cfn_lint_code_only_when_it_ran(run_cli, project: Path) -> None:
    fixed = TEMPLATE.split("    Properties:", maxsplit=1)[0].replace(
        "AWS::S3::Bucket", "AWS::S3::Bucket  # pipelint: ignore[E3002]"
    )
    write(project / "t.yaml", fixed)
    assert run_cli("check").exit_code == 0
    result = run_cli("check", "--cfn-lint", "--format", "json")
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["PL001"]


def test_cfn_lint_failure_is_pl003_and_other_findings_stay(
    run_cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(regions):
        def lint(text):
            raise RuntimeError("schema missing")

        return lint

    monkeypatch.setattr(pipelint.cfn_lint, "_linter", broken)
    write(project / "t.yaml", TEMPLATE)
    result = run_cli("check", "--cfn-lint", "--format", "json")
    assert result.exit_code == 3
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "PL003"
    assert finding["message"] == "cfn-lint failed on this document: RuntimeError: schema missing"


def imports(project: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "pipelint", "check", "t.yaml", "--format", "concise", *args],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
        check=False,
    )
    assert "import time:" in completed.stderr
    return completed.stderr


def test_cfn_lint_is_imported_only_when_asked(project: Path) -> None:
    write(project / "t.yaml", TEMPLATE)
    assert "cfnlint" not in imports(project)
    assert "cfnlint" in imports(project, "--cfn-lint")


def test_the_api_honours_the_configuration_switch(project: Path) -> None:
    from pipelint.api import check

    write(project / "t.yaml", TEMPLATE)
    write(project / ".pipelint.yaml", "cfn-lint: true\n")
    assert [f.code for f in check(["t.yaml"], root=project).findings] == ["E3002"]
