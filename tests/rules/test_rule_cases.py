"""Every rule against its cases in ``fixtures/cases/<CODE>.yaml`` (failing and passing).

A case file names its rule and lists cases, each a document (written to ``file`` in an
empty directory, with more ``files`` beside it when a case needs several), an optional
configuration and the exact findings expected of that rule: line, column and, where given,
end position, message and related locations::

    rule: PL101
    cases:
      - name: prod stage without approval
        file: pipeline.json
        document: |
          {...}
        findings:
          - {line: 9, column: 19, message: '...', related: [[12, 23]]}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipelint.api import check
from pipelint.config import RawConfig, validate
from pipelint.engine.findings import Finding
from pipelint.loaders.load import load_document
from pipelint.plugins.manager import load_plugins

CASES = Path(__file__).parents[1] / "fixtures" / "cases"


def load_cases() -> list[Any]:
    params = []
    for case_file in sorted(CASES.glob("*.yaml")):
        data = load_document(str(case_file), case_file.read_bytes()).data
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}: {case['name']}"))
    return params


def _position(finding: Finding) -> dict[str, Any]:
    return {"line": finding.location.line, "column": finding.location.column}


@pytest.mark.parametrize(("code", "case"), load_cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    files = {case.get("file", "document.yaml"): case["document"], **case.get("files", {})}
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    registry = load_plugins()
    rules = registry.rule_classes()
    config = validate(
        RawConfig(case.get("config", {}), None, lambda pointer, key: "case config"), rules
    )
    result = check([tmp_path], root=tmp_path, config=config, select=[code])
    findings = [f for f in result.findings if f.code == code]
    expected = case.get("findings", [])
    assert [_position(f) for f in findings] == [
        {"line": e["line"], "column": e["column"]} for e in expected
    ], "\n".join(f"{f.location}: {f.message}" for f in result.findings)
    for finding, wanted in zip(findings, expected, strict=True):
        assert finding.location.path == wanted.get("path", case.get("file", "document.yaml"))
        if "end" in wanted:
            span = finding.location.span
            assert [span.end_line, span.end_column] == wanted["end"]
        if "message" in wanted:
            assert finding.message == wanted["message"]
        if "related" in wanted:
            assert [[r.location.line, r.location.column] for r in finding.related] == wanted[
                "related"
            ]
        if "related_messages" in wanted:
            assert [r.message for r in finding.related] == wanted["related_messages"]
