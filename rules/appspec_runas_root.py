"""PL703 appspec-runas-root."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.appspec import AppSpec

from ._appspec import quoted, scripts, text_of

ROOT_USERS = ("root",)


@dataclass(frozen=True)
class AppSpecRunasRootOptions:
    #: Also report scripts with no ``runas``: the agent runs them as its own user, root
    #: in a default installation.
    implicit_root: bool = False


class AppSpecRunasRoot(Rule):
    """Hook scripts that run as root.

    ## What it does
    In an EC2/on-premises AppSpec for Linux, reports each hook script with `runas: root`.
    With the option `implicit-root`, also each script with no `runas`: the CodeDeploy agent
    then runs it as the agent's own user, which is root in a default installation.

    ## Why is this bad?
    A deployment script runs code from the revision bundle: whoever can change the bundle
    (a pull request, a build step, the artifact bucket) can run anything as root on every
    instance of the deployment group. Run scripts as an unprivileged application user and
    grant it only the commands it needs.

    ## Example
    ```yaml
    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          runas: root
    ```

    ## Use instead
    ```yaml
    hooks:
      ApplicationStart:
        - location: scripts/start.sh
          runas: webapp
    ```

    ## Configuration
    - `implicit-root` (default `false`): also report scripts without `runas`.

    ## References
    - [AppSpec 'hooks' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html)
    - [CodeDeploy agent configuration](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-agent-configuration.html)
    """

    code = "PL703"
    name = "appspec-runas-root"
    severity = Severity.LOW
    tags = ("appspec",)
    targets = (AppSpec,)
    options_type = AppSpecRunasRootOptions

    def check(self, spec: AppSpec, ctx: RuleContext) -> Iterator[Violation]:
        if spec.platform != "server" or text_of(spec.os) == "windows":
            return
        for hook, script in scripts(spec):
            where = f"Script {quoted(script.location)} of hook {quoted(hook.event)}"
            if script.runas is None:
                if self.options.implicit_root:
                    yield Violation(
                        f"{where} has no runas, so it runs as the agent's user, usually root",
                        script.loc,
                    )
            elif text_of(script.runas) in ROOT_USERS:
                yield Violation(f"{where} runs as root", script.runas.loc)
