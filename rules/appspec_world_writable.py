"""PL704 appspec-world-writable."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.appspec import AppSpec

from ._appspec import quote, quoted

_OCTAL_MODE = re.compile(r"[0-7]{1,4}")
#: The "others" digits that include write permission.
WRITABLE = frozenset("2367")


class AppSpecWorldWritable(Rule):
    """Permissions that make deployed files or folders writable by every user.

    ## What it does
    Reports a `permissions` entry of an EC2/on-premises AppSpec whose `mode` gives write
    permission to others (its last octal digit is 2, 3, 6 or 7: `0777`, `666`, `1777`).
    The mode is judged as written: `mode: 0770` unquoted is read by YAML as a number, but
    its digits are what the author meant (PL701 reports the missing quotes).

    ## Why is this bad?
    Any local user or compromised process on the instance can then change the deployed
    application, its configuration or its scripts, and have them run by the application or
    by the next deployment's hooks.

    ## Example
    ```yaml
    permissions:
      - object: /var/www/app
        mode: "0777"
        type: [directory]
    ```

    ## Use instead
    ```yaml
    permissions:
      - object: /var/www/app
        owner: webapp
        group: webapp
        mode: "0750"
        type: [directory]
    ```

    ## Configuration
    none

    ## References
    - [AppSpec 'permissions' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-permissions.html)
    """

    code = "PL704"
    name = "appspec-world-writable"
    severity = Severity.MEDIUM
    tags = ("appspec",)
    targets = (AppSpec,)

    def check(self, spec: AppSpec, ctx: RuleContext) -> Iterator[Violation]:
        if spec.platform != "server":
            return
        for permission in spec.permissions:
            mode, text = permission.mode, permission.mode_text
            if mode is None or text is None or not _OCTAL_MODE.fullmatch(text):
                continue
            if text[-1] in WRITABLE:
                yield Violation(
                    f"Permission mode {quote(text)} on {quoted(permission.object)} makes it "
                    "writable by every user",
                    mode.loc,
                )
