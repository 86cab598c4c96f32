"""What a rule sees besides the node it checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelint.engine.files import FileProbe
    from pipelint.model.build import DocumentModel
    from pipelint.model.project import Project
    from pipelint.production import ProductionClassifier


@dataclass(frozen=True)
class RuleContext:
    """The run-wide state a rule may consult (read-only).

    ``model`` is the document the node belongs to; ``project`` indexes every document
    of the run for cross-resource and cross-file lookups; ``production`` is the one
    production classifier every rule asks. ``files`` answers whether paths exist (see
    :meth:`exists`); without it, every answer is unknown.
    """

    model: DocumentModel
    project: Project
    production: ProductionClassifier
    files: FileProbe | None = None

    def exists(self, document_path: str, path: str) -> bool | None:
        """Whether ``path``, relative to the folder of the document ``document_path`` (as
        located: ``node.loc.path``), exists inside the run's root; ``None`` when that
        cannot be known (absolute, outside the root, standard input). Nothing is read."""
        return self.files.exists(document_path, path) if self.files is not None else None
