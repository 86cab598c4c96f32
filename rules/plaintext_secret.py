"""PL501 plaintext-secret."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.embedded import EmbeddedText
from pipelint.model.pipeline import Action
from pipelint.model.resources import Webhook
from pipelint.model.values import Scalar

from ._secrets import (
    Exposure,
    credential_kind,
    find_secret,
    is_credential_name,
    secret_violation,
    variable_secrets,
)
from ._values import action_label, resource_label

#: Configuration keys read elsewhere: the CodeBuild action's variables (one by one), and
#: the stack parameters a CloudFormation action passes (by parameter name).
_BUILD_VARIABLES = "EnvironmentVariables"
_OVERRIDES = "ParameterOverrides"


class PlaintextSecret(Rule):
    """A secret written into a pipeline definition in plain text.

    ## What it does
    Reports a credential written where anyone who can read the pipeline (its template,
    the repository, `get-pipeline`, the console) can read it:

    - a configuration value named like a credential: the GitHub (version 1) source
      action's `OAuthToken`, `ClientSecret`, `RefreshToken`, a `Password`…, or any
      configuration value shaped like an AWS access key ID or a GitHub token;
    - a plain-text (`PLAINTEXT`) environment variable of a Commands action, or of a
      CodeBuild action's `EnvironmentVariables`, whose name names a credential (password,
      secret, token, API key, access key…) or whose value looks like one (an AWS access
      key ID `AKIA…`/`ASIA…`, a GitHub or GitLab token, a private key, or a long random
      string — that one at medium confidence);
    - a `ParameterOverrides` entry named like a credential;
    - the `SecretToken` of an `AWS::CodePipeline::Webhook`.

    Values that only name a secret are fine: a `{{resolve:secretsmanager:…}}` or
    `{{resolve:ssm-secure:…}}` dynamic reference, a `Ref` to a `NoEcho` parameter, a
    `PARAMETER_STORE` or `SECRETS_MANAGER` variable, a secret's name, path or ARN, and
    placeholders (`<token>`, `changeme`, `${TOKEN}`, `#{ns.var}`, `xxx`, empty). A
    credential passed through a template parameter *without* `NoEcho` is reported at
    `high`: CloudFormation shows that parameter's value in plain text. The secret
    itself never appears in a message, and no output format shows it (the code frame
    masks it). Any other intrinsic function is not guessed at.

    ## Why is this bad?
    A secret in a definition is copied to every clone, fork, log and backup of it, and
    cannot be rotated without editing the pipeline. Whoever reads the repository or the
    stack can act as the owner of the token.

    ## Example
    ```yaml
    - Name: Source
      ActionTypeId: {Category: Source, Owner: ThirdParty, Provider: GitHub, Version: "1"}
      Configuration:
        Owner: octo
        Repo: app
        Branch: main
        OAuthToken: 4f2c9e1a7b3d5f6e8a0c2e4f6a8b0d2c4e6f8a0b
    ```

    ## Use instead
    ```yaml
        OAuthToken: "{{resolve:secretsmanager:github-token:SecretString:token}}"
    ```
    Better still, use a CodeStar connection (see PL502), which needs no token at all.

    ## Configuration
    none

    ## References
    - [CloudFormation: dynamic references](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html)
    - [CodePipeline: variables reference (on passing secrets)](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html)
    - [CodePipeline: GitHub (via OAuth app) source action](https://docs.aws.amazon.com/codepipeline/latest/userguide/appendix-github-oauth.html)
    """

    code = "PL501"
    name = "plaintext-secret"
    severity = Severity.CRITICAL
    tags = ("sources", "secrets")
    targets = (Action, Webhook)

    def check(self, node: Action | Webhook, ctx: RuleContext) -> Iterator[Violation]:
        if isinstance(node, Webhook):
            exposure = find_secret(node.secret_token, ctx, by_name=True)
            if exposure is not None:
                what = f"SecretToken of webhook {resource_label(node, ctx)}"
                yield secret_violation(what, exposure)
            return
        owner = f"of action {action_label(node, ctx)}"
        yield from self._configuration(node, owner, ctx)
        yield from variable_secrets(node.environment_variables, owner, ctx)
        yield from variable_secrets(node.build_variables, owner, ctx)

    def _configuration(self, action: Action, owner: str, ctx: RuleContext) -> Iterator[Violation]:
        configuration = action.configuration
        if configuration is None:
            return
        for key, value in configuration.entries:
            if key == _BUILD_VARIABLES and value.is_literal:
                continue  # read one variable at a time (``build_variables``)
            if key == _OVERRIDES:
                yield from _overrides(value, owner, ctx)
                continue
            exposure = find_secret(value, ctx, by_name=is_credential_name(key), random=False)
            if exposure is not None:
                yield secret_violation(f"{key} {owner}", exposure)


def _overrides(value: Scalar, owner: str, ctx: RuleContext) -> Iterator[Violation]:
    """The stack parameters of ``ParameterOverrides`` (JSON text) named like credentials."""
    if not value.is_literal or value.text is None:
        return
    embedded = EmbeddedText.of(ctx.model.document, value.loc, value.text)
    decoded = embedded.json()
    if decoded is None or not isinstance(decoded[0], dict):
        return
    data, offsets = decoded
    for name, item in data.items():
        if not isinstance(item, str) or not is_credential_name(name):
            continue
        kind = credential_kind(item, by_name=True)
        if kind is not None:
            where = embedded.locate(*offsets[(name,)].value, name)
            yield secret_violation(f'Parameter override "{name}" {owner}', Exposure(kind, where))
