"""CodeDeploy AppSpec files for EC2/on-premises, ECS and Lambda."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pipelint.model.node import Node
from pipelint.model.values import Scalar

AppSpecPlatform = Literal["server", "ecs", "lambda"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AppSpecFile(Node):
    """A ``files`` entry: what to copy where (EC2/on-premises)."""

    source: Scalar | None
    destination: Scalar | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Permission(Node):
    """A ``permissions`` entry (EC2/on-premises, Linux)."""

    object: Scalar | None
    pattern: Scalar | None = None
    excepts: tuple[Scalar, ...] = ()
    owner: Scalar | None = None
    group: Scalar | None = None
    mode: Scalar | None = None
    types: tuple[Scalar, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HookScript(Node):
    """A script of an EC2/on-premises lifecycle hook; ``timeout`` absent means 3600 s."""

    location: Scalar | None
    timeout: Scalar | None = None
    runas: Scalar | None = None
    sudo: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Hook(Node):
    """A lifecycle hook: ``event`` (located at its key) and either scripts or a function.

    EC2/on-premises hooks have ``scripts``; ECS and Lambda hooks name a Lambda ``function``.
    """

    event: Scalar
    scripts: tuple[HookScript, ...] = ()
    function: Scalar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AppSpecTarget(Node):
    """The single ``Resources`` entry of an ECS or Lambda AppSpec."""

    name: Scalar | None
    type: Scalar | None = None
    properties: tuple[tuple[str, Scalar], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AppSpec(Node):
    """An AppSpec file; ``platform`` is decided from the content.

    ``"ecs"`` when a ``Resources`` entry has ``Type: AWS::ECS::Service``, ``"lambda"`` for
    ``AWS::Lambda::Function``, else ``"server"``. ``hooks`` are in document order.
    """

    version: Scalar | None
    os: Scalar | None = None
    platform: AppSpecPlatform = "server"
    files: tuple[AppSpecFile, ...] = ()
    permissions: tuple[Permission, ...] = ()
    hooks: tuple[Hook, ...] = ()
    targets: tuple[AppSpecTarget, ...] = ()
    file_exists_behavior: Scalar | None = None
    document_path: str = field(default="", compare=False)
