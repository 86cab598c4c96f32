"""PL101 beyond its cases: the scenarios approvals cover, and JSON text nested too deeply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelint.api import check
from pipelint.rules.prod_without_approval import MAX_CONDITIONS, _Approval, _covered


def approvals(*conditions: tuple[str, ...]) -> list[_Approval]:
    return [_Approval(None, given, 1) for given in conditions]


@pytest.mark.parametrize(
    ("deploy", "gating", "covered"),
    [
        ((), [()], True),
        ((), [], False),
        ((), [("A",), ("!A",)], True),
        ((), [("A",), ("B",)], False),
        (("A",), [("A",)], True),
        (("A",), [("A", "B")], False),
        (("A",), [("A", "B"), ("!B",)], True),
        (("A", "!A"), [], True),  # a deploy that never exists
        (("A",), [("!A",)], False),
        ((), [("A", "B"), ("A", "!B"), ("!A", "C"), ("!A", "!C")], True),
        ((), [("A", "B"), ("A", "!B"), ("!A", "C")], False),
    ],
)
def test_approvals_cover_every_scenario_of_the_deploy(
    deploy: tuple[str, ...], gating: list[tuple[str, ...]], covered: bool
) -> None:
    assert _covered(deploy, approvals(*gating)) is covered


def test_too_many_conditions_are_not_guessed_at() -> None:
    names = [f"C{index}" for index in range(MAX_CONDITIONS + 1)]
    assert _covered((), approvals(*((name,) for name in names))) is True
    assert _covered((), approvals(*((name,) for name in names[:MAX_CONDITIONS]))) is False


def run(tmp_path: Path, name: str, document: object) -> list[str]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / name).write_text(json.dumps(document))
    result = check([tmp_path / name], root=tmp_path, select=["PL101"])
    return [f"{finding.code} {finding.message}" for finding in result.findings]


@pytest.mark.parametrize("depth", [500, 100_000])
def test_json_text_nested_too_deeply_is_not_read(tmp_path: Path, depth: int) -> None:
    deep = "[" * depth + "]" * depth
    action = {
        "name": "Deploy",
        "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"},
        "configuration": {"ClusterName": "web", "ParameterOverrides": deep},
    }
    api = {"pipeline": {"name": "p", "stages": [{"name": "Release", "actions": [action]}]}}
    assert run(tmp_path, "pipeline.json", api) == []
    stack = {
        "Name": "Deploy",
        "ActionTypeId": {"Category": "Deploy", "Owner": "AWS", "Provider": "ECS", "Version": "1"},
        "Configuration": '{"ClusterName": "web", "Deep": ' + deep + "}",
    }
    template = {
        "Resources": {
            "Pipeline": {
                "Type": "AWS::CodePipeline::Pipeline",
                "Properties": {"Stages": [{"Name": "Release", "Actions": [stack]}]},
            }
        }
    }
    assert run(tmp_path, "template.json", template) == []
