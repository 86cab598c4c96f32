"""What a rule sees besides the node it checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelint.model.build import DocumentModel
    from pipelint.model.project import Project
    from pipelint.production import ProductionClassifier


@dataclass(frozen=True)
class RuleContext:
    """The run-wide state a rule may consult (read-only).

    ``model`` is the document the node belongs to; ``project`` indexes every document
    of the run for cross-resource and cross-file lookups; ``production`` is the one
    production classifier every rule asks.
    """

    model: DocumentModel
    project: Project
    production: ProductionClassifier
