"""Building the model of a CodeDeploy AppSpec file (EC2/on-premises, ECS or Lambda).

The EC2/on-premises agent reads keys exactly as spelled (``hooks``, ``location``…). ECS and
Lambda AppSpecs (those with ``Resources``) have their ``Resources`` and ``Hooks`` sections
matched case-insensitively, as the AWS guides spell them both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pipelint.model.appspec import (
    AppSpec,
    AppSpecFile,
    AppSpecPlatform,
    AppSpecTarget,
    Hook,
    HookScript,
    Permission,
)
from pipelint.model.location import Pointer
from pipelint.model.reader import Reader
from pipelint.model.values import Intrinsic, Scalar

if TYPE_CHECKING:
    from pipelint.loaders.document import Document

_PLATFORM_OF_TYPE: dict[str, AppSpecPlatform] = {
    "aws::ecs::service": "ecs",
    "aws::lambda::function": "lambda",
}

# The keys as each platform spells them (DOMAIN §3).
_SERVER_KEYS = ("version", "os", "files", "file_exists_behavior", "permissions", "hooks")
_FILE_KEYS = ("source", "destination")
_PERMISSION_KEYS = (
    "object",
    "pattern",
    "except",
    "owner",
    "group",
    "mode",
    "acls",
    "context",
    "type",
)
_SCRIPT_KEYS = ("location", "timeout", "runas", "sudo")
_SERVICE_KEYS = ("version", "Resources", "Hooks")
_TARGET_KEYS = ("Type", "Properties")
_PROPERTY_KEYS = (
    "TaskDefinition",
    "LoadBalancerInfo",
    "ContainerName",
    "ContainerPort",
    "PlatformVersion",
    "NetworkConfiguration",
    "AwsvpcConfiguration",
    "Subnets",
    "SecurityGroups",
    "AssignPublicIp",
    "CapacityProviderStrategy",
    "CapacityProvider",
    "Base",
    "Weight",
    "Name",
    "Alias",
    "CurrentVersion",
    "TargetVersion",
)

Miscased = list[tuple[str, Scalar]]


def appspec_from_document(document: Document) -> AppSpec | None:
    """The AppSpec of ``document``; ``None`` when its root is not a mapping."""
    root = Reader.at(document, ())
    if not root.is_mapping:
        return None
    # The ECS/Lambda sections, read case-insensitively into the same key table.
    service = root.restyled("insensitive")
    is_service = service.has("resources")
    top_keys = _SERVICE_KEYS if is_service else _SERVER_KEYS
    miscased = _miscased(root, top_keys)
    targets = tuple(_targets(service, miscased)) if is_service else ()
    return AppSpec(
        **root.placement(),
        version=root.scalar("version"),
        os=root.scalar("os", text=True),
        platform=_platform(targets) if is_service else "server",
        files=tuple(
            AppSpecFile(
                **item.placement(),
                source=item.scalar("source", text=True),
                destination=item.scalar("destination", text=True),
            )
            for item in _checked(root.children("files"), _FILE_KEYS, miscased)
        ),
        permissions=tuple(
            _permission(item)
            for item in _checked(root.children("permissions"), _PERMISSION_KEYS, miscased)
        ),
        hooks=_hooks(service if is_service else root, miscased),
        targets=targets,
        file_exists_behavior=root.scalar("file_exists_behavior", text=True),
        miscased_keys=tuple(miscased),
        extra_keys=tuple(_extra(root, top_keys)),
        document_path=document.path,
    )


def _miscased(r: Reader, expected: Iterable[str]) -> Miscased:
    """``(expected spelling, key)`` for each key of ``r`` that differs from one in case only."""
    spellings = {name.lower(): name for name in expected}
    found: Miscased = []
    for key, pointer, _ in r.entries():
        name = spellings.get(key.lower())
        if name is not None and name != key:
            loc = r.locate(pointer, key=True)
            found.append((name, Scalar(key, loc, loc)))
    return found


def _extra(r: Reader, expected: Iterable[str]) -> Iterator[Scalar]:
    """The keys of ``r`` that match none of ``expected``, in any case."""
    known = {name.lower() for name in expected}
    for key, pointer, _ in r.entries():
        if key.lower() not in known:
            loc = r.locate(pointer, key=True)
            yield Scalar(key, loc, loc)


def _checked(readers: list[Reader], expected: Iterable[str], miscased: Miscased) -> list[Reader]:
    """``readers``, after adding their miscased keys to ``miscased``."""
    for r in readers:
        miscased.extend(_miscased(r, expected))
    return readers


def _platform(targets: tuple[AppSpecTarget, ...]) -> AppSpecPlatform:
    for target in targets:
        kind = (target.type.text or "").lower() if target.type is not None else ""
        if kind in _PLATFORM_OF_TYPE:
            return _PLATFORM_OF_TYPE[kind]
    return "unknown"


def _targets(service: Reader, miscased: Miscased) -> list[AppSpecTarget]:
    """The ``Resources`` entries: single-key mappings ``{name: {Type, Properties}}``."""
    found: list[AppSpecTarget] = []
    for item in service.children("resources", field="targets"):
        for name, pointer, body in item.entries():
            r = Reader(service.document, pointer, body, "insensitive")
            miscased.extend(_miscased(r, _TARGET_KEYS))
            name_loc = r.locate(pointer, key=True)
            properties = r.child("properties")
            found.append(
                AppSpecTarget(
                    **r.placement(),
                    name=Scalar(name, name_loc, name_loc),
                    type=r.scalar("type", text=True),
                    properties=tuple(_flatten(properties, "", miscased)) if properties else (),
                )
            )
    return found


def _flatten(r: Reader, prefix: str, miscased: Miscased) -> Iterator[tuple[str, Scalar]]:
    """The scalars under the mapping ``r``, with dotted names (see :class:`AppSpecTarget`)."""
    miscased.extend(_miscased(r, _PROPERTY_KEYS))
    for key, pointer, raw in r.entries():
        yield from _flatten_value(r, f"{prefix}{key}", pointer, raw, miscased)


def _flatten_value(
    r: Reader, name: str, pointer: Pointer, raw: object, miscased: Miscased
) -> Iterator[tuple[str, Scalar]]:
    if isinstance(raw, dict) and Intrinsic.from_raw(raw) is None:
        yield from _flatten(Reader(r.document, pointer, raw, r.style), f"{name}.", miscased)
    elif isinstance(raw, list):
        for index, item in enumerate(raw):
            yield from _flatten_value(r, f"{name}.{index}", (*pointer, index), item, miscased)
    else:
        value = r.scalar_at(pointer, raw, keyed=isinstance(pointer[-1], str))
        if value is not None:
            yield name, value


def _permission(r: Reader) -> Permission:
    mode = r.scalar("mode")
    return Permission(
        **r.placement(),
        object=r.scalar("object", text=True),
        pattern=r.scalar("pattern", text=True),
        excepts=r.scalars("except", field="excepts", text=True),
        owner=r.scalar("owner", text=True),
        group=r.scalar("group", text=True),
        mode=mode,
        mode_text=_written(r.document, mode),
        types=r.scalars("type", field="types", text=True),
    )


def _written(document: Document, value: Scalar | None) -> str | None:
    """The source text of a literal as written (a number as its digits, unquoted)."""
    if value is None or not value.is_literal or value.value is None:
        return None
    if isinstance(value.value, str):
        return value.value
    span = value.loc.span
    lines = document.text.splitlines()
    if span.start_line != span.end_line or not 0 < span.start_line <= len(lines):
        return value.text
    return lines[span.start_line - 1][span.start_column - 1 : span.end_column - 1]


def _hooks(root: Reader, miscased: Miscased) -> tuple[Hook, ...]:
    """Hooks in document order: an event map of scripts (EC2), or a list of functions."""
    pointer, raw = root.pointer_of("hooks"), root.raw("hooks")
    hooks: list[Hook] = []
    if isinstance(raw, dict):
        for event, at, value in Reader(root.document, pointer, raw).entries():
            hooks.append(_script_hook(root, event, at, value, miscased))
    elif isinstance(raw, list):
        for item in root.items_at(pointer, raw):
            for event, at, _ in item.entries():
                event_loc = root.locate(at, key=True)
                hooks.append(
                    Hook(
                        **item.placement(key_loc=event_loc),
                        event=Scalar(event, event_loc, event_loc),
                        function=item.scalar(event, field="function", text=True),
                    )
                )
    return tuple(hooks)


def _script_hook(
    root: Reader,
    event: str,
    at: Pointer,
    value: object,
    miscased: Miscased,
) -> Hook:
    event_loc = root.locate(at, key=True)
    hook = Reader(root.document, at, value, root.style)
    scripts = hook.items_at(at, value) if isinstance(value, list) else []
    if isinstance(value, dict):
        scripts = [Reader(root.document, at, value, root.style)]  # one script, no list
    return Hook(
        **hook.placement(key_loc=event_loc),
        event=Scalar(event, event_loc, event_loc),
        scripts=tuple(
            HookScript(
                **script.placement(),
                location=script.scalar("location", text=True),
                timeout=script.scalar("timeout"),
                runas=script.scalar("runas", text=True),
                sudo=script.scalar("sudo"),
            )
            for script in _checked(scripts, _SCRIPT_KEYS, miscased)
        ),
    )
