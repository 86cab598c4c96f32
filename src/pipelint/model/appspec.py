"""CodeDeploy AppSpec files for EC2/on-premises, ECS and Lambda."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

from pipelint.model.node import Node
from pipelint.model.values import Scalar

#: ``"unknown"`` is an AppSpec with ``Resources`` whose target type is missing or not known.
AppSpecPlatform = Literal["server", "ecs", "lambda", "unknown"]

#: The lifecycle events a hook may name on each platform, in the order they run; events
#: reserved by CodeDeploy (``DownloadBundle``, ``Install``, ``AllowTraffic``…) are left out.
#: EC2/on-premises is the in-place order; with blue/green the original instances run the
#: ``…BlockTraffic`` events after the replacement instances have run all the others.
HOOK_ORDER: Final[dict[AppSpecPlatform, tuple[str, ...]]] = {
    "server": (
        "BeforeBlockTraffic",
        "AfterBlockTraffic",
        "ApplicationStop",
        "BeforeInstall",
        "AfterInstall",
        "ApplicationStart",
        "ValidateService",
        "BeforeAllowTraffic",
        "AfterAllowTraffic",
    ),
    "ecs": (
        "BeforeInstall",
        "AfterInstall",
        "AfterAllowTestTraffic",
        "BeforeAllowTraffic",
        "AfterAllowTraffic",
    ),
    "lambda": ("BeforeAllowTraffic", "AfterAllowTraffic"),
    "unknown": (),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AppSpecFile(Node):
    """A ``files`` entry: what to copy where (EC2/on-premises)."""

    source: Scalar | None
    destination: Scalar | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Permission(Node):
    """A ``permissions`` entry (EC2/on-premises, Linux).

    ``mode_text`` is ``mode`` as written in the source: YAML 1.1 reads ``mode: 0750`` as
    the octal number 488, while the author meant the digits ``0750``.
    """

    object: Scalar | None
    pattern: Scalar | None = None
    excepts: tuple[Scalar, ...] = ()
    owner: Scalar | None = None
    group: Scalar | None = None
    mode: Scalar | None = None
    mode_text: str | None = None
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
    """The single ``Resources`` entry of an ECS or Lambda AppSpec.

    ``properties`` are its scalar properties with dotted names as written
    (``LoadBalancerInfo.ContainerPort``); list items are numbered
    (``NetworkConfiguration.AwsvpcConfiguration.Subnets.0``,
    ``CapacityProviderStrategy.1.Weight``).
    """

    name: Scalar | None
    type: Scalar | None = None
    properties: tuple[tuple[str, Scalar], ...] = ()

    def property(self, name: str) -> Scalar | None:
        """The property ``name`` (a dotted name, matched case-insensitively), if present."""
        lowered = name.lower()
        return next((value for key, value in self.properties if key.lower() == lowered), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class AppSpec(Node):
    """An AppSpec file; ``platform`` is decided from the content.

    Without ``Resources`` it is ``"server"`` (EC2/on-premises); with it, ``"ecs"`` when an
    entry has ``Type: AWS::ECS::Service``, ``"lambda"`` for ``AWS::Lambda::Function``, else
    ``"unknown"``. ``hooks`` are in document order.

    Keys are read as the platform reads them: exactly for EC2/on-premises (the agent ignores
    ``Hooks`` or ``Location``), case-insensitively in the ECS/Lambda ``Resources`` and
    ``Hooks`` sections. ``miscased_keys`` lists each key whose spelling differs from the
    platform's in case only, as ``(expected spelling, key as written)``: ignored on
    EC2/on-premises, accepted but non-canonical on ECS/Lambda. ``extra_keys`` are the
    top-level keys the platform does not read at all, located at the key.
    """

    version: Scalar | None
    os: Scalar | None = None
    platform: AppSpecPlatform = "server"
    files: tuple[AppSpecFile, ...] = ()
    permissions: tuple[Permission, ...] = ()
    hooks: tuple[Hook, ...] = ()
    targets: tuple[AppSpecTarget, ...] = ()
    file_exists_behavior: Scalar | None = None
    miscased_keys: tuple[tuple[str, Scalar], ...] = ()
    extra_keys: tuple[Scalar, ...] = ()
    document_path: str = field(default="", compare=False)
