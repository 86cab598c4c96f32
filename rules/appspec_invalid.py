"""PL701 appspec-invalid."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TypeGuard

from pipelint.api import Location, Rule, RuleContext, Severity, Violation
from pipelint.model.appspec import HOOK_ORDER, AppSpec, AppSpecTarget, Hook, Permission

from ._appspec import (
    PLATFORM_NAMES,
    at_start,
    is_build_placeholder,
    quote,
    quoted,
    scripts,
    text_of,
)

#: Lifecycle events CodeDeploy runs itself: no hook may name them.
RESERVED_EVENTS = ("DownloadBundle", "Install", "BlockTraffic", "AllowTraffic", "AllowTestTraffic")
OPERATING_SYSTEMS = ("linux", "windows")
PERMISSION_TYPES = ("file", "directory")
_OCTAL_MODE = re.compile(r"[0-7]{1,4}")
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:)?[\\/]")
_POSITIVE_INTEGER = re.compile(r"[1-9][0-9]*")

#: The properties each target type must have (dotted names as in :class:`AppSpecTarget`).
REQUIRED_PROPERTIES = {
    "ecs": ("TaskDefinition", "LoadBalancerInfo.ContainerName", "LoadBalancerInfo.ContainerPort"),
    "lambda": ("Name", "Alias", "CurrentVersion", "TargetVersion"),
}
_EVENT_NAMES = frozenset(
    name.lower() for names in (*HOOK_ORDER.values(), RESERVED_EVENTS) for name in names
)
AWSVPC = "NetworkConfiguration.AwsvpcConfiguration"
AWSVPC_KEYS = ("Subnets", "SecurityGroups", "AssignPublicIp")


class AppSpecInvalid(Rule):
    """An AppSpec file that CodeDeploy rejects, or reads differently than it looks.

    ## What it does
    Checks what an AppSpec means on its platform (EC2/on-premises, ECS or Lambda, decided
    from its content):

    - `version` is missing or is not `0.0` (on EC2/on-premises, `"0.0"` in quotes is a
      string, which the agent does not accept);
    - on EC2/on-premises, `os` is missing or is not `linux` or `windows`;
    - a hook names a lifecycle event that does not exist on the platform, one CodeDeploy
      reserves for itself (`Install`, `AllowTraffic`…), or one of another platform
      (`ValidateService` in an ECS AppSpec);
    - a key the EC2/on-premises agent ignores because its case differs (`Hooks`,
      `Location`), and, at `info`, a non-canonical spelling of an ECS/Lambda key;
    - a lifecycle event written at the top level instead of inside `hooks` (indented one
      level too little), which is never run;
    - `files`: a `destination` that is not an absolute path;
    - `permissions`: used with `os: windows`, a `type` other than `file`/`directory`, a
      `mode` that is not octal digits, or an unquoted `mode` with a leading zero, which
      YAML reads as an octal number (`0750` becomes 488);
    - a script `timeout` that is not a positive number of seconds;
    - `Resources`: more than one resource, a target type other than `AWS::ECS::Service` or
      `AWS::Lambda::Function`, a required property missing (ECS `TaskDefinition`,
      `ContainerName`, `ContainerPort`; Lambda `Name`, `Alias`, `CurrentVersion`,
      `TargetVersion`), a Lambda version that is not a positive whole number, or an
      `AwsvpcConfiguration` without all of `Subnets`, `SecurityGroups`, `AssignPublicIp`.

    Each finding points at the offending key or value; what is missing is reported at the
    key of the mapping that lacks it. Types of values (a list where a mapping belongs) are
    left to PL002.

    ## Why is this bad?
    CodeDeploy only finds these mistakes during a deployment, which then fails. Worse, the
    EC2/on-premises agent silently ignores a hook whose event name is misspelt or whose key
    has the wrong case: the script never runs and nothing says so.

    ## Example
    ```yaml
    version: 1.0
    os: Linux
    hooks:
      AfterInstal:
        - location: scripts/migrate.sh
    ```

    ## Use instead
    ```yaml
    version: 0.0
    os: linux
    hooks:
      AfterInstall:
        - location: scripts/migrate.sh
    ```

    ## Configuration
    none

    ## References
    - [CodeDeploy AppSpec file reference](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html)
    - [AppSpec 'hooks' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html)
    - [AppSpec 'permissions' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-permissions.html)
    - [AppSpec 'resources' section](https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html)
    """

    code = "PL701"
    name = "appspec-invalid"
    severity = Severity.HIGH
    tags = ("appspec",)
    targets = (AppSpec,)

    def check(self, spec: AppSpec, ctx: RuleContext) -> Iterator[Violation]:
        miscased = {expected for expected, _ in spec.miscased_keys}
        yield from self._version(spec, miscased)
        yield from self._miscased(spec)
        if spec.platform == "server":
            yield from self._os(spec, miscased)
            yield from self._files(spec)
            yield from self._permissions(spec)
            yield from self._timeouts(spec)
        else:
            yield from self._resources(spec)
        for hook in spec.hooks:
            yield from self._event(spec, hook)
        yield from self._stray_events(spec)

    def _version(self, spec: AppSpec, miscased: set[str]) -> Iterator[Violation]:
        version = spec.version
        if version is None:
            if "version" not in miscased:
                yield Violation('AppSpec has no "version"; write version: 0.0', at_start(spec))
            return
        value = version.value
        zero = _is_number(value) and value == 0
        if zero or not version.is_literal or is_build_placeholder(version):
            return
        if isinstance(value, str) and _is_zero(value):
            if spec.platform == "server":
                yield Violation(
                    f"AppSpec version {quote(value)} is a string; the CodeDeploy agent accepts "
                    "only the number 0.0: write it without quotes",
                    version.loc,
                )
            return
        written = quote(value) if isinstance(value, str) else text_of(version)
        yield Violation(
            f"AppSpec version {written} is not valid; the only version is 0.0", version.loc
        )

    def _os(self, spec: AppSpec, miscased: set[str]) -> Iterator[Violation]:
        os = spec.os
        if os is None:
            if "os" not in miscased:
                yield Violation(
                    'EC2/on-premises AppSpec has no "os"; write os: linux or os: windows',
                    at_start(spec),
                )
        elif (
            os.is_literal and text_of(os) not in OPERATING_SYSTEMS and not is_build_placeholder(os)
        ):
            yield Violation(
                f"AppSpec os {quoted(os)} is not valid; the agent accepts only linux or windows",
                os.loc,
            )

    def _miscased(self, spec: AppSpec) -> Iterator[Violation]:
        for expected, key in spec.miscased_keys:
            if spec.platform == "server":
                yield Violation(
                    f"Key {quoted(key)} is ignored: the CodeDeploy agent reads keys with their "
                    f"exact case, {quote(expected)}",
                    key.loc,
                )
            else:
                yield Violation(
                    f"Key {quoted(key)} is accepted, but AWS examples and tools spell it "
                    f"{quote(expected)}",
                    key.loc,
                    severity=Severity.INFO,
                )

    def _event(self, spec: AppSpec, hook: Hook) -> Iterator[Violation]:
        valid = HOOK_ORDER[spec.platform]
        event = text_of(hook.event) or ""
        if spec.platform == "unknown" or event in valid:
            return
        platform = PLATFORM_NAMES[spec.platform]
        never = ", so it never runs" if spec.platform == "server" else ", so the deployment fails"
        guess: list[str] = []
        if event in RESERVED_EVENTS:
            message = f"Lifecycle event {quote(event)} is reserved for CodeDeploy and cannot have"
            message += f" a hook{never}"
        elif any(event in events for events in HOOK_ORDER.values()):
            message = f"Hook {quote(event)} is not a lifecycle event of {platform} deployments"
            message += never
        else:
            message = f"Hook {quote(event)} is not a lifecycle event{never}"
            same_case = [name for name in valid if name.lower() == event.lower()]
            guess = same_case or difflib.get_close_matches(event, valid, n=1, cutoff=0.75)
        if guess:
            message += f"; did you mean {quote(guess[0])}?"
        yield Violation(f"{message} (valid events, in order: {', '.join(valid)})", hook.event.loc)

    def _stray_events(self, spec: AppSpec) -> Iterator[Violation]:
        """Top-level keys that name a lifecycle event: a hook indented one level too little."""
        section = '"hooks"' if spec.platform == "server" else '"Hooks"'
        for key in spec.extra_keys:
            if re.sub("[^a-z]", "", (text_of(key) or "").lower()) in _EVENT_NAMES:
                yield Violation(
                    f"Key {quoted(key)} names a lifecycle event but is not in the {section} "
                    "section, so it is not a hook and never runs",
                    key.loc,
                )

    def _files(self, spec: AppSpec) -> Iterator[Violation]:
        windows = text_of(spec.os) == "windows"
        for entry in spec.files:
            destination = entry.destination
            text = text_of(destination)
            if destination is None or text is None or is_build_placeholder(destination):
                continue
            absolute = _WINDOWS_ABSOLUTE.match(text) if windows else text.startswith("/")
            if not absolute:
                yield Violation(
                    f"File destination {quote(text)} is not an absolute path", destination.loc
                )

    def _permissions(self, spec: AppSpec) -> Iterator[Violation]:
        if spec.permissions and text_of(spec.os) == "windows":
            yield Violation(
                'AppSpec with os: windows has "permissions", which only Linux instances '
                "support: the deployment fails",
                spec.where("permissions", key=True),
            )
        for permission in spec.permissions:
            for kind in permission.types:
                if kind.is_literal and text_of(kind) not in PERMISSION_TYPES:
                    yield Violation(
                        f"Permission type {quoted(kind)} is not valid; use file or directory",
                        kind.loc,
                    )
            yield from _mode(permission)

    def _timeouts(self, spec: AppSpec) -> Iterator[Violation]:
        for hook, script in scripts(spec):
            timeout = script.timeout
            if timeout is None or not timeout.is_literal:
                continue
            value = timeout.value
            seconds = value if _is_number(value) else timeout.as_int
            if seconds is None or seconds <= 0:
                yield Violation(
                    f"Script timeout {quoted(timeout)} in hook {quoted(hook.event)} is not a "
                    "positive number of seconds",
                    timeout.loc,
                )

    def _resources(self, spec: AppSpec) -> Iterator[Violation]:
        for extra in spec.targets[1:]:
            yield Violation(
                f"AppSpec has more than one resource: {quoted(extra.name)} is extra; an "
                "AppSpec deploys exactly one",
                extra.key_loc or extra.loc,
            )
        for target in spec.targets[:1]:
            yield from self._target(spec, target)

    def _target(self, spec: AppSpec, target: AppSpecTarget) -> Iterator[Violation]:
        name = quoted(target.name)
        if spec.platform == "unknown":
            if target.type is None:
                yield Violation(
                    f'Resource {name} has no "Type"; write AWS::ECS::Service or '
                    "AWS::Lambda::Function",
                    target.key_loc or target.loc,
                )
            elif target.type.is_literal:
                yield Violation(
                    f"Resource {name} has type {quoted(target.type)}; an AppSpec deploys an "
                    "AWS::ECS::Service or an AWS::Lambda::Function",
                    target.type.loc,
                )
            return
        for required in REQUIRED_PROPERTIES.get(spec.platform, ()):
            if target.property(required) is None and _key_of(target, required) is None:
                parent = required.rpartition(".")[0]
                where = (parent and _key_of(target, parent)) or target.where("properties", key=True)
                yield Violation(
                    f"{PLATFORM_NAMES[spec.platform]} resource {name} has no {required}", where
                )
        if spec.platform == "lambda":
            for field in ("CurrentVersion", "TargetVersion"):
                version = target.property(field)
                text = text_of(version)
                if (
                    version is not None
                    and text is not None
                    and not is_build_placeholder(text)
                    and not _POSITIVE_INTEGER.fullmatch(text)
                ):
                    yield Violation(
                        f"Lambda {field} {quote(text)} of {name} is not a published version number",
                        version.loc,
                    )
        if spec.platform == "ecs":
            yield from _awsvpc(target)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False


def _mode(permission: Permission) -> Iterator[Violation]:
    mode, text = permission.mode, permission.mode_text
    if mode is None or text is None or is_build_placeholder(text):
        return
    if not _OCTAL_MODE.fullmatch(text):
        yield Violation(
            f"Permission mode {quote(text)} is not an octal mode (up to four digits 0-7)",
            mode.loc,
        )
    elif isinstance(mode.value, int) and text.startswith("0") and len(text) > 1:
        yield Violation(
            f"Permission mode {text} is read by YAML as the octal number {mode.value}, not "
            f'the digits {text}: quote it, mode: "{text}"',
            mode.loc,
        )


def _key_of(target: AppSpecTarget, dotted: str) -> Location | None:
    """Where the key of the mapping or list ``dotted`` (below ``Properties``) is, when some
    property sits below it; ``None`` when it is absent or a plain value."""
    prefix = dotted.lower() + "."
    below = next((v for k, v in target.properties if k.lower().startswith(prefix)), None)
    if below is None or target.origin is None:
        return None
    depth = len(target.origin.pointer) + 1 + dotted.count(".") + 1  # …/Properties/a/b
    return target.origin.document.locate(below.loc.pointer[:depth], key=True)


def _awsvpc(target: AppSpecTarget) -> Iterator[Violation]:
    where = _key_of(target, AWSVPC)
    if where is None:
        return
    missing = [
        key
        for key in AWSVPC_KEYS
        if target.property(f"{AWSVPC}.{key}") is None and _key_of(target, f"{AWSVPC}.{key}") is None
    ]
    if missing:
        yield Violation(
            f"AwsvpcConfiguration of {quoted(target.name)} has no {', '.join(missing)}: give "
            "Subnets, SecurityGroups and AssignPublicIp together, or none",
            where,
        )
