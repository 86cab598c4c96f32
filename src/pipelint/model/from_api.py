"""Building the model of a CodePipeline CLI/API JSON document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelint.model.pipeline import Pipeline
from pipelint.model.read_pipeline import read_pipeline
from pipelint.model.reader import Reader

if TYPE_CHECKING:
    from pipelint.loaders.document import Document


def pipeline_from_api(document: Document) -> Pipeline | None:
    """The pipeline of a ``get-pipeline``/``create-pipeline`` document, or a bare declaration.

    The envelope (``{"pipeline": …, "metadata": …, "tags": …}``) is recognised by its
    ``pipeline`` mapping; otherwise the root is the declaration. ``None`` when the root is
    not a mapping.
    """
    data = document.data
    if not isinstance(data, dict):
        return None
    pointer: tuple[str, ...] = ("pipeline",) if isinstance(data.get("pipeline"), dict) else ()
    return read_pipeline(Reader.at(document, pointer, "camel"), "api")
