"""A CodeBuild buildspec: the parts that say where the build's secrets come from."""

from __future__ import annotations

from dataclasses import dataclass

from pipelint.model.common import EnvironmentVariable
from pipelint.model.node import Node
from pipelint.model.values import Scalar

__all__ = ["Buildspec"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Buildspec(Node):
    """A buildspec file (``version`` 0.1/0.2 with ``phases``).

    ``environment_variables`` are the entries of ``env.variables`` (type absent: plain
    text), ``env.parameter-store`` (type ``PARAMETER_STORE``) and ``env.secrets-manager``
    (type ``SECRETS_MANAGER``), in document order; each ``name`` is located at its key and
    each ``type`` at its section's key.
    """

    version: Scalar | None
    environment_variables: tuple[EnvironmentVariable, ...] = ()
