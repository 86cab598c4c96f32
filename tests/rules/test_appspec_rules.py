"""What the AppSpec case files cannot say: the severity of each rule's milder variant."""

from __future__ import annotations

from pathlib import Path

from pipelint.api import Severity, check


def _severities(tmp_path: Path, name: str, text: str, code: str) -> list[tuple[int, Severity]]:
    (tmp_path / name).write_text(text)
    result = check([tmp_path], root=tmp_path, select=[code])
    return [(f.location.line, f.severity) for f in result.findings if f.code == code]


def test_a_script_without_timeout_is_low_an_event_over_the_hour_medium(tmp_path: Path) -> None:
    text = (
        "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n"
        "    - location: a.sh\n      timeout: 3000\n"
        "    - location: b.sh\n      timeout: 900\n"
        "    - location: c.sh\n"
    )
    assert _severities(tmp_path, "appspec.yml", text, "PL702") == [
        (4, Severity.MEDIUM),
        (9, Severity.LOW),
    ]


def test_a_noncanonical_ecs_key_is_info_a_wrong_one_high(tmp_path: Path) -> None:
    text = (
        '{"version": 2, "resources": [{"TargetService": {"Type": "AWS::ECS::Service",'
        '\n "Properties": {"TaskDefinition": "td", "LoadBalancerInfo":'
        '\n {"ContainerName": "web", "ContainerPort": 80}}}}]}'
    )
    assert _severities(tmp_path, "appspec.json", text, "PL701") == [
        (1, Severity.HIGH),
        (1, Severity.INFO),
    ]
