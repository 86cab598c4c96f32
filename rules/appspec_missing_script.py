"""PL705 appspec-missing-script."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipelint.api import Rule, RuleContext, Severity, Violation
from pipelint.model.appspec import AppSpec

from ._appspec import is_build_placeholder, quote, quoted, scripts, text_of

#: ``files`` sources that stand for the whole bundle, not a path in it.
BUNDLE_ROOT = ("/", "\\", ".", "./", "")


@dataclass(frozen=True)
class AppSpecMissingScriptOptions:
    #: Report only when some other path the AppSpec names exists next to it, which shows
    #: the folder holds the bundle (not a lone AppSpec whose bundle is assembled elsewhere).
    require_bundle: bool = True


class AppSpecMissingScript(Rule):
    """A hook script that is not in the bundle next to the AppSpec file.

    ## What it does
    Reports a hook script `location` of an EC2/on-premises AppSpec that does not exist
    relative to the AppSpec file's folder, which is the root of the revision bundle.
    Locations are relative to the bundle even when written with a leading `/`; one holding
    a placeholder that a build step fills in (`{{SCRIPT}}`, `<SCRIPT>`) is not judged.

    pipelint only looks the path up (it never reads or runs the script), and only inside
    the folder it checks: a location that leaves it, or an AppSpec outside it, is not
    judged. By default a missing script is reported only when another path the AppSpec
    names (a hook script, a `files` source) does exist next to it: a folder holding the
    AppSpec alone is taken as a bundle assembled elsewhere (by a build step) rather than
    a broken one.

    ## Why is this bad?
    The agent fails the lifecycle event, and so the deployment, when a hook's script is not
    in the bundle; on a renamed or misspelt script this is found only on the instances.

    ## Example
    ```yaml
    hooks:
      ApplicationStart:
        - location: scripts/start_server.sh   # the file is scripts/start-server.sh
    ```

    ## Use instead
    ```yaml
    hooks:
      ApplicationStart:
        - location: scripts/start-server.sh
    ```

    ## Configuration
    - `require-bundle` (default `true`): report only when another path the AppSpec names
      exists next to it; `false` reports every location that does not exist.

    ## References
    - [AppSpec 'hooks' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html)
    - [Plan a revision for CodeDeploy](https://docs.aws.amazon.com/codedeploy/latest/userguide/application-revisions-plan.html)
    """

    code = "PL705"
    name = "appspec-missing-script"
    severity = Severity.HIGH
    tags = ("appspec",)
    targets = (AppSpec,)
    options_type = AppSpecMissingScriptOptions

    def check(self, spec: AppSpec, ctx: RuleContext) -> Iterator[Violation]:
        if spec.platform != "server":
            return
        path = spec.loc.path

        def exists(location: str) -> bool | None:
            return ctx.exists(path, location.lstrip("/\\"))

        missing = []
        found = False
        for hook, script in scripts(spec):
            location = text_of(script.location)
            if location is None or not location.strip() or is_build_placeholder(location):
                continue
            answer = exists(location)
            found = found or answer is True
            if answer is False and script.location is not None:
                missing.append((hook, script.location, location))
        if not missing:
            return
        if self.options.require_bundle and not found:
            sources = (text_of(entry.source) for entry in spec.files)
            found = any(
                exists(source) is True
                for source in sources
                if source is not None and source.strip() not in BUNDLE_ROOT
            )
            if not found:
                return
        for hook, written, location in missing:
            yield Violation(
                f"Script {quote(location)} of hook {quoted(hook.event)} does not exist in the "
                "bundle next to the AppSpec file",
                written.loc,
            )
