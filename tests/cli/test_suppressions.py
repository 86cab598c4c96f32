"""Suppressions: YAML comments, template metadata and configuration entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import PROD_WITHOUT_APPROVAL, write

TEMPLATE = """\
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/p
      ArtifactStore: {{Type: S3, Location: b}}
      Stages:
        - Name: Source
          Actions:
            - Name: S
              ActionTypeId: {{Category: Source, Owner: AWS, Provider: S3, Version: "1"}}
{above}        - Name: {name}{trailing}
          Actions:
            - Name: D
              ActionTypeId: {{Category: Deploy, Owner: AWS, Provider: ECS, Version: "1"}}
"""


def template(name: str = "Prod", *, above: str = "", trailing: str = "") -> str:
    return TEMPLATE.format(name=name, above=above, trailing=trailing)


#: The rules these documents are about; the others would report on them too.
SELECT = ("--select", "PL001,PL101,PL102")


def check(run_cli, *args: str) -> tuple[int, dict]:
    result = run_cli("check", *SELECT, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def codes(report: dict) -> list[tuple[str, int, int]]:
    return [(f["code"], f["start"]["line"], f["start"]["column"]) for f in report["findings"]]


def test_unsuppressed_template_has_the_finding(run_cli, project: Path) -> None:
    write(project / "t.yaml", template())
    assert codes(check(run_cli)[1]) == [("PL101", 12, 17)]


@pytest.mark.parametrize(
    ("above", "trailing"),
    [
        ("        # pipelint: ignore[PL101] approved by the change board\n", ""),
        ("        # pipelint: ignore[PL101]\n\n        # another comment\n", ""),
        ("", "  # pipelint: ignore[PL101] approved by the change board"),
        ("", "  # pipelint: ignore[prod-without-approval]"),
        ("", "  # pipelint: ignore[PL103, PL101]"),
        ("", "  # pipelint: ignore[release-gating]"),
        ("", "  # pipelint: ignore"),
    ],
)
def test_comment_suppresses(run_cli, project: Path, above: str, trailing: str) -> None:
    write(project / "t.yaml", template(above=above, trailing=trailing))
    exit_code, report = check(run_cli)
    assert report["findings"] == []
    assert report["summary"]["suppressed"] == 1
    assert exit_code == 0


def test_a_trailing_comment_on_the_line_above_does_not_reach_down(run_cli, project: Path) -> None:
    source_type = 'Version: "1"}\n'
    document = template().replace(
        source_type, source_type[:-1] + "  # pipelint: ignore[PL101]\n", 1
    )
    write(project / "t.yaml", document)
    assert codes(check(run_cli)[1]) == [("PL001", 11, 89), ("PL101", 12, 17)]


@pytest.mark.parametrize(
    "name",
    [
        '"Prod # pipelint: ignore[PL101]"',
        "'Prod # pipelint: ignore[PL101]'",
        "Prod#pipelint:ignore[PL101]",
    ],
)
def test_a_hash_inside_a_scalar_is_not_a_comment(run_cli, project: Path, name: str) -> None:
    write(project / "t.yaml", template(name=name))
    assert [code for code, _, _ in codes(check(run_cli)[1])] == ["PL101"]


def test_a_directive_inside_a_block_scalar_is_not_a_comment(run_cli, project: Path) -> None:
    above = (
        "        - Name: Notes\n          Description: |\n            # pipelint: ignore[PL101]\n"
    )
    write(project / "t.yaml", template(above=above))
    assert [code for code, _, _ in codes(check(run_cli)[1])] == ["PL101"]


def test_unused_comment_is_pl001_naming_only_the_unused_code(run_cli, project: Path) -> None:
    write(project / "t.yaml", template(trailing="  # pipelint: ignore[PL101, PL000] reason"))
    exit_code, report = check(run_cli)
    assert codes(report) == [("PL001", 12, 23)]
    assert report["findings"][0]["message"] == (
        "Suppression of PL000 in this comment matches no finding"
    )
    assert exit_code == 1


def test_unused_suppression_of_a_rule_that_did_not_run_is_not_reported(
    run_cli, project: Path
) -> None:
    write(project / "t.yaml", template(name="Build", trailing="  # pipelint: ignore[PL101, PL999]"))
    assert codes(check(run_cli, "--ignore", "PL101")[1]) == []
    assert codes(check(run_cli)[1]) == [("PL001", 12, 24)]


def test_no_suppressions_shows_everything(run_cli, project: Path) -> None:
    write(project / "t.yaml", template(trailing="  # pipelint: ignore[PL101, PL000]"))
    _, report = check(run_cli, "--no-suppressions")
    assert codes(report) == [("PL101", 12, 17)]
    assert report["summary"]["suppressed"] == 0


def test_summary_line_counts_suppressed(run_cli, project: Path) -> None:
    write(project / "t.yaml", template(trailing="  # pipelint: ignore[PL101]"))
    result = run_cli("check", *SELECT, "--format", "concise")
    assert result.stdout == "All checks passed: 1 file checked (1 suppressed).\n"


METADATA_RESOURCE = """\
    Metadata:
      pipelint:
        ignore:
          - id: PL101
            reason: approved by the change board
"""


def test_resource_metadata_suppresses_findings_of_that_resource(run_cli, project: Path) -> None:
    document = template().replace("    Properties:\n", METADATA_RESOURCE + "    Properties:\n", 1)
    write(project / "t.yaml", document)
    _, report = check(run_cli)
    assert report["findings"] == []
    assert report["summary"]["suppressed"] == 1


def test_template_metadata_in_json(run_cli, project: Path) -> None:
    from pipelint.loaders.load import load_document

    data = load_document("t.yaml", template().encode()).data
    data["Metadata"] = {"pipelint": {"ignore": ["PL101"]}}
    write(project / "t.json", json.dumps(data, indent=2))
    assert check(run_cli)[1]["summary"]["suppressed"] == 1


def test_metadata_of_another_resource_does_not_suppress(run_cli, project: Path) -> None:
    document = template() + (
        "  Other:\n    Type: AWS::S3::Bucket\n"
        "    Metadata:\n      pipelint:\n        ignore: [{id: PL101, reason: x}]\n"
    )
    write(project / "t.yaml", document)
    assert codes(check(run_cli)[1]) == [("PL101", 12, 17), ("PL001", 20, 18)]


CONFIG = """\
suppressions:
  - path: "pipelines/*.json"
    rules: [PL101]
    pointer: {pointer}
    reason: approved by the change board
"""


def test_config_entry_suppresses_in_cli_json(run_cli, project: Path) -> None:
    write(project / "pipelines" / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / ".pipelint.yaml", CONFIG.format(pointer="/pipeline/stages/2"))
    exit_code, report = check(run_cli)
    assert (exit_code, report["findings"], report["summary"]["suppressed"]) == (0, [], 1)


def test_config_entry_with_another_pointer_is_unused(run_cli, project: Path) -> None:
    write(project / "pipelines" / "bad.json", PROD_WITHOUT_APPROVAL)
    write(project / ".pipelint.yaml", CONFIG.format(pointer="/pipeline/stages/0"))
    _, report = check(run_cli)
    assert [(f["code"], f["path"], f["start"]["line"]) for f in report["findings"]] == [
        ("PL001", ".pipelint.yaml", 2),
        ("PL101", "pipelines/bad.json", 12),
    ]


def test_config_entry_with_an_unknown_rule_is_an_error(run_cli, project: Path) -> None:
    write(project / "bad.json", PROD_WITHOUT_APPROVAL)
    write(
        project / ".pipelint.yaml", "suppressions:\n  - {path: x, rules: [prod-witout-approval]}\n"
    )
    result = run_cli("check", *SELECT)
    assert result.exit_code == 2
    assert "selects no rule" in result.stderr


def test_sarif_leaves_suppressed_out_unless_asked(run_cli, project: Path) -> None:
    write(project / "t.yaml", template(trailing="  # pipelint: ignore[PL101] change board"))
    plain = json.loads(run_cli("check", *SELECT, "--format", "sarif").stdout)
    assert plain["runs"][0]["results"] == []
    asked = json.loads(run_cli("check", *SELECT, "--format", "sarif", "--sarif-suppressed").stdout)
    (result,) = asked["runs"][0]["results"]
    assert result["ruleId"] == "PL101"
    assert result["suppressions"] == [{"kind": "inSource", "justification": "change board"}]
