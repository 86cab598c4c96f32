"""Reading Amazon Resource Names."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ACCOUNT = re.compile(r"\d{12}")


@dataclass(frozen=True, slots=True)
class Arn:
    """The parts of ``arn:partition:service:region:account:resource``."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def is_of(self, service: str, prefix: str = "") -> bool:
        """Whether the ARN names a resource of ``service`` whose resource part starts with
        ``prefix`` (``alarm:`` for a CloudWatch alarm)."""
        return self.service == service and self.resource.startswith(prefix)

    @property
    def resource_name(self) -> str:
        """The last segment of the resource (``role/path/name`` → ``name``)."""
        return re.split(r"[/:]", self.resource)[-1]


def parse_arn(text: str | None) -> Arn | None:
    """The parts of ``text`` when it is an ARN, else ``None``."""
    if not text:
        return None
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return Arn(*parts[1:])


def is_account_id(text: str | None) -> bool:
    """Whether ``text`` is a 12-digit AWS account ID."""
    return bool(text) and _ACCOUNT.fullmatch(text or "") is not None
