"""The production classifier's word splitting and name matching (RULES.md)."""

import pytest

from pipelint.config import ProductionPolicy
from pipelint.production import NameClassifier, split_words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("DeployToProd", ["deploy", "to", "prod"]),
        ("prod-eu-west-1", ["prod", "eu", "west", "1"]),
        ("PRODUCTION", ["production"]),
        ("prod_stack", ["prod", "stack"]),
        ("Deploy.Prod@v2", ["deploy", "prod", "v", "2"]),
        ("stage2Prod", ["stage", "2", "prod"]),
        ("", []),
        ("--", []),
        # Letters and digits of every script are word characters (RULES.md: "every
        # non-alphanumeric character" separates words).
        ("préprod", ["préprod"]),
        ("pre\u0301prod", ["préprod"]),  # decomposed é: the same name
        ("ÉtapeProd", ["étape", "prod"]),
        ("déploiement-prod", ["déploiement", "prod"]),
        ("Prod😀Live", ["prod", "live"]),
        ("prod٣", ["prod", "٣"]),
        ("\u041f\u0440\u043e\u0434Prod", ["\u043f\u0440\u043e\u0434", "prod"]),  # Cyrillic
        ("prod本番", ["prod本番"]),
    ],
)
def test_split_words(name: str, words: list[str]) -> None:
    assert split_words(name) == words


@pytest.mark.parametrize(
    "name",
    [
        "DeployProd",
        "prod_stack",
        "Live",
        "Production",
        "PRD",
        "app-prd-eu",
        "Prod2",
        "DeployToPROD",
        "ÉtapeProd",
        "déploiement-prod",
        "😀Prod",
    ],
)
def test_production_names(name: str) -> None:
    assert NameClassifier(ProductionPolicy()).match(name) is not None


@pytest.mark.parametrize(
    "name",
    [
        "Products",
        "deployprod",
        "Preprod",
        "PreProd",
        "pre-prod",
        "NonProd",
        "non_production",
        "préprod",
        "Préproduction",
        "Staging",
        "Delivery",
        "Olive",
        "reproduce",
    ],
)
def test_not_production_names(name: str) -> None:
    assert NameClassifier(ProductionPolicy()).match(name) is None


def test_the_matching_word_is_reported() -> None:
    match = NameClassifier(ProductionPolicy()).match("DeployToProduction")
    assert match is not None
    assert match.word == "production"


def test_a_production_word_after_pre_elsewhere_in_the_name_still_counts() -> None:
    # only the word right after "pre"/"non" is excused
    assert NameClassifier(ProductionPolicy()).match("PreProd-then-Prod") is not None


def test_configured_words_and_patterns() -> None:
    policy = ProductionPolicy(words=("main",), patterns=(r"^release-\d+$",))
    names = NameClassifier(policy)
    assert names.match("DeployMain") is not None
    assert names.match("DeployProd") is None
    assert names.match("release-42") is not None
    assert names.match("release-x") is None


def test_configured_negations() -> None:
    names = NameClassifier(ProductionPolicy(negations=("pre", "non", "not")))
    assert names.match("NotProd") is None


def test_configured_words_with_separators_match_as_phrases() -> None:
    names = NameClassifier(ProductionPolicy(words=("eu-main", "Live"), negations=("not-a",)))
    match = names.match("Deploy-EU-Main")
    assert match is not None and match.word == "eu-main"
    assert match.describe() == 'has the production word "eu-main"'
    assert names.match("DeployEuMain") is not None
    assert names.match("eu-other-main") is None
    assert names.match("NotAEuMain") is None  # right after the negation "not a"
    assert names.match("NotEuMain") is not None
    assert names.match("LIVE") is not None


def test_a_pattern_match_says_so() -> None:
    match = NameClassifier(ProductionPolicy(patterns=(r"^release-\d+$",))).match("release-4")
    assert match is not None and match.pattern
    assert match.describe() == r'matches pattern "^release-\d+$"'
