"""What the CodeBuild rules (PL6) share."""

from __future__ import annotations

from pipelint.model.codebuild import CodeBuildProject


def project_label(project: CodeBuildProject) -> str:
    """The project for a message: its ``Name`` when written out, else its logical ID."""
    name = project.name.text if project.name is not None else None
    return f'"{name or project.logical_id or "(unnamed)"}"'
