"""PL506 unauthenticated-webhook."""

from __future__ import annotations

from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.resources import Webhook

from ._values import resolved_text, resource_label

#: IP ranges that let every address in.
OPEN_RANGES = frozenset({"0.0.0.0/0", "::/0"})


class UnauthenticatedWebhook(Rule):
    """A CodePipeline webhook that anyone can call.

    ## What it does
    Reports an `AWS::CodePipeline::Webhook` whose `Authentication` is `UNAUTHENTICATED`,
    or is `IP` with an `AllowedIPRange` of `0.0.0.0/0` (or `::/0`). A value written as an
    intrinsic that does not resolve is not guessed at.

    ## Why is this bad?
    The webhook URL starts the pipeline. Without authentication, anyone who learns the
    URL (it appears in repository settings, logs and templates) can start releases at
    will; an IP range open to all addresses authenticates nothing.

    ## Example
    ```yaml
    Webhook:
      Type: AWS::CodePipeline::Webhook
      Properties:
        Authentication: UNAUTHENTICATED
        AuthenticationConfiguration: {}
        ...
    ```

    ## Use instead
    ```yaml
        Authentication: GITHUB_HMAC
        AuthenticationConfiguration:
          SecretToken: "{{resolve:secretsmanager:github-webhook:SecretString:token}}"
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline API: WebhookAuthConfiguration](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_WebhookAuthConfiguration.html)
    - [AWS::CodePipeline::Webhook WebhookAuthConfiguration](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-webhook-webhookauthconfiguration.html)
    """

    code = "PL506"
    name = "unauthenticated-webhook"
    severity = Severity.HIGH
    tags = ("sources",)
    targets = (Webhook,)

    def check(self, webhook: Webhook, ctx: RuleContext) -> Iterator[Violation]:
        name = resource_label(webhook, ctx)
        mode = resolved_text(webhook.authentication, ctx)
        if webhook.authentication is not None and mode == "UNAUTHENTICATED":
            yield Violation(
                message=f"Webhook {name} accepts unauthenticated requests",
                location=webhook.authentication.loc,
            )
        elif webhook.allowed_ip_range is not None and mode == "IP":
            ip_range = resolved_text(webhook.allowed_ip_range, ctx)
            if ip_range is not None and ip_range.strip() in OPEN_RANGES:
                yield Violation(
                    message=f"Webhook {name} accepts requests from every IP address ({ip_range})",
                    location=webhook.allowed_ip_range.loc,
                )
