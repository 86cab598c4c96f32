"""How the identity rules name the resources they report on."""

from __future__ import annotations

from pipelint.model.build import DocumentModel
from pipelint.model.project import Project
from pipelint.model.values import Scalar


def resource_label(
    project: Project, model: DocumentModel, name: Scalar | None, logical_id: str | None
) -> str:
    """``"web-prod"`` when the resource's name resolves, else its logical ID, else
    ``(unnamed)``."""
    text = project.resolve_text(name, model)
    if text:
        return f'"{text}"'
    return logical_id or "(unnamed)"
