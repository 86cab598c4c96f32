"""What a reference to a KMS key is: a key ID, a key ARN, an alias or an alias ARN.

An artifact store's ``encryptionKey.id`` (DOMAIN §1.5) may name its key in four forms;
aliases resolve only in the account that owns them, and ``alias/aws/…`` names a key that
AWS manages. In a template the reference is often an intrinsic: ``!Ref Key`` is a key ID,
``!GetAtt Key.Arn`` a key ARN, ``!Ref KeyAlias`` an alias name, ``!Sub
arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/x`` an alias ARN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipelint.model.arn import parse_arn
from pipelint.model.project import Project, Within
from pipelint.model.resolution import Placeholder, Pseudo, ResourceRef, Text
from pipelint.model.values import Scalar

__all__ = ["KeyForm", "KeyReference", "key_reference"]

#: How a key is named.
KeyForm = Literal["key-id", "key-arn", "alias", "alias-arn"]

#: The region of a key ARN: a region name, or the region the template is deployed to.
Region = str | Pseudo

_KEY_ID = re.compile(
    r"(mrk-)?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32}"
)
_GAP = "\x00"  # a part only known at deploy time, in a flattened Text


@dataclass(frozen=True, slots=True)
class KeyReference:
    """A resolved key reference: its ``form``, its text for messages (``None`` when only known
    at deploy time) and, for an ARN, its ``region`` (``None`` when unknown)."""

    form: KeyForm
    text: str | None = None
    region: Region | None = None

    @property
    def is_alias(self) -> bool:
        return self.form in ("alias", "alias-arn")

    @property
    def alias_name(self) -> str | None:
        """The alias (``alias/name``) of an alias or alias ARN, when it is known."""
        if not self.is_alias or self.text is None:
            return None
        return self.text if self.form == "alias" else self.text.split(":", 5)[-1]

    @property
    def is_aws_managed(self) -> bool:
        """Whether the reference names a key AWS manages (``alias/aws/s3``, ``alias/aws/…``)."""
        name = self.alias_name
        return name is not None and name.startswith("alias/aws/")


def key_reference(value: Scalar | None, within: Within, project: Project) -> KeyReference | None:
    """What ``value`` (of the document ``within``) names a key as; ``None`` when unknown.

    Followed through the project: parameter defaults, ``!Sub``/``!Join``, an imported value,
    a ``Ref`` to an ``AWS::KMS::Alias`` (its alias name, when the template writes it).
    """
    if value is None:
        return None
    resolved, _ = project.resolve_name(value, within)
    found = resolved.value
    if isinstance(found, str):
        return _from_text(found)
    if isinstance(found, ResourceRef):
        return _from_resource(found)
    if isinstance(found, Text):
        return _from_text(found.written(_flat))
    return None


def _from_resource(reference: ResourceRef) -> KeyReference | None:
    if reference.type == "AWS::KMS::Alias" and reference.attribute is None:
        return KeyReference("alias")
    if reference.type != "AWS::KMS::Key":
        return None
    if reference.attribute is None or reference.attribute == "KeyId":
        return KeyReference("key-id")
    if reference.attribute == "Arn":
        return KeyReference("key-arn", None, Pseudo.REGION)
    return None


def _from_text(text: str) -> KeyReference | None:
    """The form of a key reference written out; gaps (``_GAP``) stand for deploy-time parts."""
    known = None if _GAP in text else text
    if text.startswith("alias/"):
        return KeyReference("alias", known)
    arn = parse_arn(text)
    if arn is not None and arn.is_of("kms"):
        region = _region(arn.region)
        if arn.resource.startswith("alias/"):
            return KeyReference("alias-arn", known, region)
        if arn.resource.startswith("key/"):
            return KeyReference("key-arn", known, region)
        return None
    if _KEY_ID.fullmatch(text):
        return KeyReference("key-id", text)
    return None


def _region(text: str) -> Region | None:
    if text == _flat(Pseudo.REGION):
        return Pseudo.REGION
    return None if _GAP in text or not text else text


def _flat(part: Placeholder) -> str:
    """How a part known only at deploy time is written in a flattened reference."""
    if part is Pseudo.REGION:
        return f"{_GAP}region{_GAP}"
    if isinstance(part, ResourceRef) and part.attribute is None and part.type == "AWS::KMS::Alias":
        return f"alias/{_GAP * 2}"  # ``Ref`` of an alias is its name, ``alias/…``
    return _GAP * 2
