"""PL501 and PL602 beyond their cases: what names and values count as credentials, and
that every finding masks exactly the secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelint.api import check
from pipelint.rules._secrets import (
    HIGH_ENTROPY,
    credential_kind,
    is_credential_name,
    is_placeholder,
)


@pytest.mark.parametrize(
    ("name", "credential"),
    [
        ("OAuthToken", True),
        ("GITHUB_TOKEN", True),
        ("DB_PASSWORD", True),
        ("AWS_SECRET_ACCESS_KEY", True),
        ("AWS_ACCESS_KEY_ID", True),
        ("ApiKey", True),
        ("APIKEY", True),
        ("ClientSecret", True),
        ("SSH_PRIVATE_KEY", True),
        ("SECRET_ARN", False),
        ("TOKEN_URL", False),
        ("PASSWORD_LENGTH", False),
        ("GITHUB_TOKEN_SECRET_NAME", False),
        ("KEY_ID", False),
        ("REGION", False),
        ("SECRETS_SCAN", False),
        ("", False),
    ],
)
def test_credential_names(name: str, credential: bool) -> None:
    assert is_credential_name(name) is credential


@pytest.mark.parametrize(
    ("text", "by_name", "kind"),
    [
        ("AKIAZ7Q3R5T2Y4U6I8O1", False, "an AWS access key ID"),
        ("ASIAZ7Q3R5T2Y4U6I8O1", False, "an AWS access key ID"),
        ("AKIAIOSFODNN7EXAMPLE", False, None),  # AWS's documented sample
        ("ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVb", False, "a GitHub token"),
        ("github_pat_11ABCDEFG0abcdefghijklmnopqrstuv", False, "a GitHub token"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", False, "a private key"),
        ("q8W7e6R5t4Y3u2I1o0P9a8S7d6F5g4H3", False, HIGH_ENTROPY),
        ("9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c", False, None),  # a commit hash
        ("Tr0ub4dor&3x", True, "a credential"),
        ("Tr0ub4dor&3x", False, None),
        ("abc", True, None),
        ("github-token", True, None),
        ("prod/db/password", True, None),
        ("/shop/db/password", True, None),
        ("arn:aws:secretsmanager:eu-west-1:111122223333:secret:db", True, None),
        ("https://auth.example.org/token", True, None),
        ("disabled", True, None),
    ],
)
def test_credential_values(text: str, by_name: bool, kind: str | None) -> None:
    assert credential_kind(text, by_name=by_name) == kind


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "****",
        "<github token>",
        "{token}",
        "changeme",
        "CHANGE_ME",
        "xxxxxxxx",
        "your-token-here",
        "${GITHUB_TOKEN}",
        "$GITHUB_TOKEN",
        "#{SourceVariables.Token}",
        "{{resolve:secretsmanager:github:SecretString:token}}",
        "{{resolve:ssm-secure:/github/token}}",
    ],
)
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)


def test_every_secret_finding_masks_its_secret_and_only_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "template.yaml").write_text(
        "Resources:\n"
        "  Build:\n"
        "    Type: AWS::CodeBuild::Project\n"
        "    Properties:\n"
        "      Source:\n"
        "        Type: GITHUB\n"
        "        Location: https://octo:s3cr3tPassw0rd@github.com/octo/shop.git\n"
        "      Environment:\n"
        "        EnvironmentVariables:\n"
        "          - {Name: NPM_TOKEN, Value: npm-1f2e3d4c5b6a}\n"
    )
    result = check([tmp_path], root=tmp_path, select=["PL602"])
    lines = (tmp_path / "template.yaml").read_text().splitlines()
    shown = []
    for finding in result.findings:
        (masked,) = finding.masked
        span = masked.span
        assert span.start_line == span.end_line
        shown.append(lines[span.start_line - 1][span.start_column - 1 : span.end_column - 1])
    assert sorted(shown) == ["npm-1f2e3d4c5b6a", "s3cr3tPassw0rd"]
