"""Buildspec files are read by their content, like the other kinds; other YAML is not."""

from __future__ import annotations

from pathlib import Path

from cli_support import findings, write

BUILDSPEC = """\
version: 0.2
env:
  variables:
    DB_PASSWORD: Tr0ub4dor&3x
phases:
  build:
    commands: [make]
"""


def test_a_buildspec_of_any_name_is_read_and_other_yaml_skipped(run_cli, project: Path) -> None:
    write(project / "ci" / "build-steps.yaml", BUILDSPEC)
    write(project / "docker-compose.yml", "version: '3'\nservices: {web: {image: x}}\n")
    write(project / "phases.yml", "version: 3\nphases: {build: {}}\n")
    result = run_cli("check", "--format", "json", "--show-skipped")
    assert findings(result.stdout) == [("PL602", "ci/build-steps.yaml", 4, 18)]
    assert "docker-compose.yml" in result.stderr and "phases.yml" in result.stderr
    assert "build-steps.yaml" not in result.stderr


def test_a_broken_buildspec_is_a_parse_error_and_the_kind_can_be_forced(
    run_cli, project: Path
) -> None:
    write(project / "buildspec.yml", "version: 0.2\nphases:\n  build:\n\tcommands: []\n")
    assert [f[0] for f in findings(run_cli("check", "--format", "json").stdout)] == ["PL000"]
    write(
        project / "buildspec.yml", "version: 0.2\nenv: {variables: {API_KEY: k3yV4lu3-9a8b7c6d}}\n"
    )
    assert findings(run_cli("check", "--format", "json").stdout) == []  # no phases: not one
    forced = run_cli("check", "--kind", "buildspec", "--format", "json")
    assert findings(forced.stdout) == [("PL602", "buildspec.yml", 2, 28)]
