"""Configuration files: discovery, validation messages, selectors, rule options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelint.config import (
    Config,
    ConfigError,
    ProductionPolicy,
    enabled_rules,
    find_config_file,
    load_config,
    make_options,
)
from pipelint.engine.findings import Severity
from pipelint.engine.rule import Rule


@dataclass(frozen=True)
class FanOutOptions:
    max_targets: int = 1
    allowed: tuple[str, ...] = ()


class Approval(Rule):
    """Approve prod."""

    code = "PL101"
    name = "prod-without-approval"
    severity = Severity.HIGH


class Notification(Rule):
    """Notify approvers."""

    code = "PL103"
    name = "approval-without-notification"
    severity = Severity.LOW


class FanOut(Rule):
    """Limit fan-out."""

    code = "PL105"
    name = "deployment-fan-out"
    severity = Severity.MEDIUM
    options_type = FanOutOptions


class Encryption(Rule):
    """Encrypt artifacts."""

    code = "PL301"
    name = "artifact-store-not-cmk"
    severity = Severity.HIGH
    tags = ("encryption",)


RULES: dict[str, type[Rule]] = {r.code: r for r in (Approval, Notification, FanOut, Encryption)}


def load(directory: Path) -> Config:
    return load_config(explicit=None, start=directory, rules=RULES)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_no_file_means_defaults(project: Path) -> None:
    assert load(project) == Config()


def test_pyproject_table(project: Path) -> None:
    write(
        project / "pyproject.toml",
        '[tool.pipelint]\nselect = ["PL1"]\nignore = ["approval-without-notification"]\n'
        'fail-on = "high"\n[tool.pipelint.rules.PL101]\nseverity = "critical"\n'
        '[tool.pipelint.rules.deployment-fan-out]\nmax-targets = 3\nallowed = ["eu-west-1"]\n'
        '[tool.pipelint.production]\naccounts = ["111122223333"]\nstrict = true\n',
    )
    config = load(project)
    assert config.path == project / "pyproject.toml"
    assert config.fail_on is Severity.HIGH
    assert sorted(enabled_rules(config, RULES)) == ["PL101", "PL105"]
    assert config.rules["PL101"].severity is Severity.CRITICAL
    assert make_options(FanOut, config) == FanOutOptions(max_targets=3, allowed=("eu-west-1",))
    assert config.production == ProductionPolicy(accounts=("111122223333",), strict=True)


def test_selectors_name_codes_prefixes_names_and_tags(project: Path) -> None:
    write(project / ".pipelint.yaml", "select: [encryption, PL10]\nignore: [PL103]\n")
    assert sorted(enabled_rules(load(project), RULES)) == ["PL101", "PL105", "PL301"]


@pytest.mark.parametrize("text", ["", "# nothing configured yet\n\n  # really\n"])
def test_an_empty_file_is_the_default_configuration(project: Path, text: str) -> None:
    write(project / ".pipelint.yaml", text)
    assert load(project) == Config(path=project / ".pipelint.yaml")


def test_an_explicit_toml_file_with_or_without_the_tool_table(project: Path) -> None:
    plain = write(project / "lint" / "pipelint.toml", 'fail-on = "high"\n')
    config = load_config(explicit=plain, start=project, rules=RULES)
    assert config.fail_on is Severity.HIGH
    tabled = write(project / "lint" / "alt.toml", '[tool.pipelint]\nfail-on = "medium"\n')
    assert load_config(explicit=tabled, start=project, rules=RULES).fail_on is Severity.MEDIUM
    bad = write(project / "lint" / "bad.toml", "fail-on = 3\n")
    with pytest.raises(ConfigError, match=r"bad.toml: fail-on: must be one of"):
        load_config(explicit=bad, start=project, rules=RULES)


def test_ignores_may_name_codes_no_loaded_rule_has(project: Path) -> None:
    write(
        project / ".pipelint.yaml",
        "ignore: [PL999, PL5]\nper-file-ignores:\n  'a/*.json': [ACME001]\n",
    )
    config = load(project)
    assert config.ignore == ("PL999", "PL5")
    write(project / ".pipelint.yaml", "ignore: [no-such-rule]\n")
    with pytest.raises(ConfigError, match="'no-such-rule' selects no rule"):
        load(project)


def test_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    write(project / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config_file(project) is None


def test_the_nearest_file_wins_and_the_search_stops_at_the_git_root(project: Path) -> None:
    nested = project / "a" / "b"
    nested.mkdir(parents=True)
    write(project / "pyproject.toml", "[tool.pipelint]\nfail-on = 'high'\n")
    assert find_config_file(nested) == project / "pyproject.toml"
    write(project / "a" / ".pipelint.yaml", "fail-on: medium\n")
    assert find_config_file(nested) == project / "a" / ".pipelint.yaml"
    write(project.parent / ".pipelint.yaml", "fail-on: info\n")
    (project / "a" / ".pipelint.yaml").unlink()
    (project / "pyproject.toml").unlink()
    assert find_config_file(nested) is None  # beyond the git root


def test_yaml_file_with_positions_in_errors(project: Path) -> None:
    write(project / ".pipelint.yaml", "select: [PL1]\nfail_on: high\n")
    with pytest.raises(ConfigError) as error:
        load(project)
    assert str(error.value) == (
        f"{project / '.pipelint.yaml'}:2:1: "
        "fail_on: unknown key 'fail_on' (did you mean 'fail-on'?)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "fail-on: severe\n",
            ":1:10: fail-on: must be one of info, low, medium, high, critical, got 'severe'",
        ),
        ("select: PL1\n", ":1:9: select: must be a list, got 'PL1'"),
        ("select: [PL9]\n", ":1:10: select[0]: 'PL9' selects no rule"),
        (
            "ignore: [prod-without-aproval]\n",
            "'prod-without-aproval' selects no rule (did you mean 'prod-without-approval'?)",
        ),
        ("rules:\n  PL999: {}\n", ":2:3: rules.PL999: unknown rule 'PL999'"),
        (
            "rules:\n  PL105:\n    max-target: 3\n",
            ":3:5: rules.PL105.max-target: rule PL105 has no option 'max-target'; "
            "it takes severity, max-targets, allowed",
        ),
        (
            "rules:\n  PL105:\n    max-targets: many\n",
            ":3:18: rules.PL105.max-targets: 'many' is not of type 'integer'",
        ),
        (
            "rules:\n  PL101:\n    severity: urgent\n",
            "rules.PL101.severity: must be one of info, low, medium, high, critical, got 'urgent'",
        ),
        (
            "production:\n  accounts: ['1234']\n",
            ":2:14: production.accounts[0]: an account ID is 12 digits, got '1234'",
        ),
        (
            "production:\n  word: [prod]\n",
            ":2:3: production.word: unknown key 'word' (did you mean 'words'?)",
        ),
        ("- a\n- b\n", "the configuration must be a mapping"),
        (
            "production:\n  accounts: [012345670123]\n",
            ":2:14: production.accounts[0]: must be a string, got 1402433619 (quote account IDs",
        ),
        (
            "production:\n  patterns: ['(prod']\n",
            ":2:14: production.patterns[0]: not a regular expression: missing ), unterminated",
        ),
        (
            "production:\n  environments:\n    staging: ['1234']\n",
            ":3:15: production.environments.staging[0]: an account ID is 12 digits, got '1234'",
        ),
        (
            "production:\n  environments:\n    Prod: ['111122223333']\n",
            ":3:5: production.environments.Prod: 'Prod' is a production name; list production "
            "accounts under production.accounts",
        ),
        ('select: [""]\n', ":1:10: select[0]: must not be empty"),
        ("select: [PL1\n", ".pipelint.yaml:2:1:"),
    ],
)
def test_invalid_yaml_configuration(project: Path, text: str, message: str) -> None:
    write(project / ".pipelint.yaml", text)
    with pytest.raises(ConfigError) as error:
        load(project)
    assert message in str(error.value)


def test_invalid_pyproject_names_the_table(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.pipelint]\nfail-on = 3\n")
    with pytest.raises(ConfigError, match=r"\[tool\.pipelint\]\.fail-on: must be one of"):
        load(project)


def test_broken_toml_is_an_error(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.pipelint\n")
    with pytest.raises(ConfigError, match="cannot read configuration"):
        load(project)


def test_explicit_file_must_exist(project: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(explicit=project / "missing.yaml", start=project, rules=RULES)


def test_plugin_defaults_are_overridden_by_the_file(project: Path) -> None:
    write(project / ".pipelint.yaml", "production:\n  strict: true\n")
    config = load_config(
        explicit=None,
        start=project,
        rules=RULES,
        defaults=[{"fail-on": "medium", "production": {"words": ["prod", "main"]}}],
    )
    assert config.fail_on is Severity.MEDIUM
    assert config.production.words == ("prod", "main")
    assert config.production.strict is True
