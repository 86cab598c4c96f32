"""Model nodes shared by several services."""

from __future__ import annotations

from dataclasses import dataclass

from pipelint.model.node import Node
from pipelint.model.values import Scalar


@dataclass(frozen=True, slots=True, kw_only=True)
class EnvironmentVariable(Node):
    """A build or action environment variable: ``name``, ``value`` and ``type``.

    ``type`` is ``PLAINTEXT`` (the default when absent), ``PARAMETER_STORE`` or
    ``SECRETS_MANAGER``; for the last two ``value`` names the parameter or secret.
    """

    name: Scalar | None
    value: Scalar | None
    type: Scalar | None = None

    @property
    def is_plaintext(self) -> bool:
        """Whether the value is written in the definition (type absent or ``PLAINTEXT``)."""
        return self.type is None or (self.type.text or "").upper() == "PLAINTEXT"
