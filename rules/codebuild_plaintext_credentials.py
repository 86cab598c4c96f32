"""PL602 codebuild-plaintext-credentials."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelint.api import Confidence, Rule, RuleContext, Severity, Violation
from pipelint.model.buildspec import Buildspec
from pipelint.model.codebuild import BuildSource, CodeBuildProject
from pipelint.model.common import EnvironmentVariable
from pipelint.model.embedded import EmbeddedText

from ._secrets import is_placeholder, names_secret_store, shape_of, variable_secrets
from ._values import resource_label

#: What a variable naming a secret or a parameter should be instead, in a project and in a
#: buildspec.
_PROJECT_TYPES = {"secret": "Type SECRETS_MANAGER", "parameter": "Type PARAMETER_STORE"}
_BUILDSPEC_STORES = {"secret": "env.secrets-manager", "parameter": "env.parameter-store"}
#: ``scheme://user[:password]@``: the user information of a URL.
_USER_INFO = re.compile(r"^[A-Za-z][\w+.-]*://(?P<user>[^/@:\s]*)(?::(?P<password>[^/@\s]*))?@")


class CodebuildPlaintextCredentials(Rule):
    """Credentials in plain text in a CodeBuild project or buildspec.

    ## What it does
    Reports, in an `AWS::CodeBuild::Project`:

    - a plain-text (`PLAINTEXT`, or no `Type`) environment variable whose name names a
      credential (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `DB_PASSWORD`,
      `NPM_TOKEN`, an API key…) or whose value looks like one (an AWS access key ID, a
      GitHub or GitLab token, a private key, a long random string — at medium
      confidence);
    - a source or secondary source `Location` with credentials in its URL
      (`https://user:token@github.com/...`);

    and in a buildspec — a buildspec file, or one written inline in a project's
    `Source.BuildSpec` — the same variables written under `env.variables`. A
    plain-text variable whose value is the ARN of a Secrets Manager secret or a Parameter
    Store parameter is reported too (at `medium`): the build receives the ARN, not the
    secret, so it was meant to be a `SECRETS_MANAGER`/`PARAMETER_STORE` variable
    (`env.secrets-manager`/`env.parameter-store` in a buildspec).

    What is not a secret in plain text is as for PL501: dynamic references, `NoEcho`
    parameters (a credential from a parameter without `NoEcho` is reported at `high`),
    secret names and paths, placeholders. The secret never appears in the output.

    ## Why is this bad?
    Plain-text environment variables are shown to anyone who can view the project (the
    console, `batch-get-projects`) and are written into the template and the repository.
    Credentials in a source URL are stored with the project the same way. This is
    Security Hub controls CodeBuild.1 and CodeBuild.2.

    ## Example
    ```yaml
    Environment:
      EnvironmentVariables:
        - Name: AWS_SECRET_ACCESS_KEY
          Value: wJalrXUtnFEMIK7MDENGbPxRfiCYz9q8w7e6r5t4
    ```

    ## Use instead
    ```yaml
    Environment:
      EnvironmentVariables:
        - Name: DB_PASSWORD
          Type: SECRETS_MANAGER
          Value: prod/db:password
    ```
    and give the project's service role the permissions it needs instead of access keys.
    In a buildspec:
    ```yaml
    env:
      secrets-manager:
        DB_PASSWORD: prod/db:password
    ```

    ## Configuration
    none

    ## References
    - [Security Hub controls for CodeBuild](https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html)
    - [CodeBuild: buildspec syntax (`env`)](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html)
    - [CodeBuild: environment variables in build environments](https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html)
    """

    code = "PL602"
    name = "codebuild-plaintext-credentials"
    severity = Severity.CRITICAL
    tags = ("codebuild", "secrets")
    targets = (CodeBuildProject, Buildspec)

    def check(self, node: CodeBuildProject | Buildspec, ctx: RuleContext) -> Iterator[Violation]:
        if isinstance(node, Buildspec):
            project = ctx.model.enclosing(node, CodeBuildProject)
            where = "in env.variables"
            if project is not None:
                where += f" of the inline buildspec of project {resource_label(project, ctx)}"
            yield from variable_secrets(
                node.environment_variables,
                where,
                ctx,
                noun="Variable",
                advice="; declare it under env.secrets-manager or env.parameter-store",
            )
            yield from _store_names(
                node.environment_variables, "Variable", where, _BUILDSPEC_STORES
            )
            return
        owner = f"of project {resource_label(node, ctx)}"
        yield from variable_secrets(node.environment_variables, owner, ctx)
        yield from _store_names(
            node.environment_variables, "Environment variable", owner, _PROJECT_TYPES
        )
        sources = [("source", node.source)]
        sources += [("secondary source", source) for source in node.secondary_sources]
        for what, source in sources:
            if source is not None:
                yield from _url_credentials(source, f"The {what} location {owner}", ctx)


def _store_names(
    variables: tuple[EnvironmentVariable, ...], noun: str, owner: str, instead: dict[str, str]
) -> Iterator[Violation]:
    """Plain-text variables whose value is a secret's or parameter's ARN; ``instead`` says
    what to use for each kind."""
    for variable in variables:
        value = variable.value
        if not variable.is_plaintext or value is None or variable.name is None:
            continue
        text = value.text
        if text is not None and names_secret_store(text):
            kind = "secret" if ":secretsmanager:" in text else "parameter"
            yield Violation(
                message=(
                    f'{noun} "{variable.name.text}" {owner} is plain text but holds the ARN of '
                    f"a {kind}: the build receives the ARN, not the {kind}'s value; use "
                    f"{instead[kind]}"
                ),
                location=value.loc,
                severity=Severity.MEDIUM,
                confidence=Confidence.MEDIUM,
            )


def _url_credentials(source: BuildSource, what: str, ctx: RuleContext) -> Iterator[Violation]:
    value = source.location
    text = value.text if value is not None else None
    if value is None or text is None:
        return
    match = _USER_INFO.match(text)
    if match is None:
        return
    password = match.group("password")
    if password and not is_placeholder(password):
        start, end = match.span("password")
    elif not password and shape_of(match.group("user")) is not None:
        start, end = match.span("user")  # a token given as the user name
    else:
        return
    embedded = EmbeddedText.of(ctx.model.document, value.loc, text)
    where = embedded.locate(start, end)
    yield Violation(
        message=f"{what} has a credential in its URL",
        location=where,
        masked=(where,),
    )
