"""Building the model of a CodeDeploy AppSpec file (EC2/on-premises, ECS or Lambda)."""

from __future__ import annotations

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
from pipelint.model.values import Scalar

if TYPE_CHECKING:
    from pipelint.loaders.document import Document

_PLATFORM_OF_TYPE: dict[str, AppSpecPlatform] = {
    "aws::ecs::service": "ecs",
    "aws::lambda::function": "lambda",
}


def appspec_from_document(document: Document) -> AppSpec | None:
    """The AppSpec of ``document``; ``None`` when its root is not a mapping.

    Keys are matched case-insensitively (the AWS guides spell the ECS/Lambda keys both
    ``Resources`` and ``resources``).
    """
    root = Reader.at(document, (), "insensitive")
    if not root.is_mapping:
        return None
    targets = tuple(_targets(root))
    return AppSpec(
        **root.placement(),
        version=root.scalar("version"),
        os=root.scalar("os", text=True),
        platform=_platform(targets),
        files=tuple(
            AppSpecFile(
                **item.placement(),
                source=item.scalar("source", text=True),
                destination=item.scalar("destination", text=True),
            )
            for item in root.children("files")
        ),
        permissions=tuple(_permission(item) for item in root.children("permissions")),
        hooks=_hooks(root),
        targets=targets,
        file_exists_behavior=root.scalar("file_exists_behavior", text=True),
        document_path=document.path,
    )


def _platform(targets: tuple[AppSpecTarget, ...]) -> AppSpecPlatform:
    for target in targets:
        kind = (target.type.text or "").lower() if target.type is not None else ""
        if kind in _PLATFORM_OF_TYPE:
            return _PLATFORM_OF_TYPE[kind]
    return "server"


def _targets(root: Reader) -> list[AppSpecTarget]:
    """The ``Resources`` entries: single-key mappings ``{name: {Type, Properties}}``."""
    found: list[AppSpecTarget] = []
    for item in root.children("resources", field="targets"):
        for name, pointer, body in item.entries():
            r = Reader(root.document, pointer, body, "insensitive")
            name_loc = r.locate(pointer, key=True)
            properties = r.child("properties")
            found.append(
                AppSpecTarget(
                    **r.placement(),
                    name=Scalar(name, name_loc, name_loc),
                    type=r.scalar("type", text=True),
                    properties=tuple(_flatten(properties)) if properties is not None else (),
                )
            )
    return found


def _flatten(r: Reader, prefix: str = "") -> list[tuple[str, Scalar]]:
    """Scalar properties with dotted names (``LoadBalancerInfo.ContainerName``)."""
    found: list[tuple[str, Scalar]] = []
    for key, _, _ in r.entries():
        value = r.scalar(key, field=f"{prefix}{key}")
        if value is not None:
            found.append((f"{prefix}{key}", value))
            continue
        nested = r.child(key, field=f"{prefix}{key}")
        if nested is not None:
            found.extend(_flatten(nested, f"{prefix}{key}."))
    return found


def _permission(r: Reader) -> Permission:
    return Permission(
        **r.placement(),
        object=r.scalar("object", text=True),
        pattern=r.scalar("pattern", text=True),
        excepts=r.scalars("except", field="excepts", text=True),
        owner=r.scalar("owner", text=True),
        group=r.scalar("group", text=True),
        mode=r.scalar("mode"),
        types=r.scalars("type", field="types", text=True),
    )


def _hooks(root: Reader) -> tuple[Hook, ...]:
    """Hooks in document order: an event map of scripts (EC2), or a list of functions."""
    pointer = root.pointer_of("hooks")
    raw = root.raw("hooks")
    hooks: list[Hook] = []
    if isinstance(raw, dict):
        for event, at, value in Reader(root.document, pointer, raw).entries():
            hooks.append(_script_hook(root, event, at, value))
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


def _script_hook(root: Reader, event: str, at: Pointer, value: object) -> Hook:
    event_loc = root.locate(at, key=True)
    hook = Reader(root.document, at, value, "insensitive")
    scripts = hook.items_at(at, value) if isinstance(value, list) else []
    if isinstance(value, dict):
        scripts = [Reader(root.document, at, value, "insensitive")]  # one script, no list
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
            for script in scripts
        ),
    )
