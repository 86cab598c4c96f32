"""Deciding what a file is from its content, never from its name."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pipelint.loaders.document import DocumentKind

#: Keys of the CodePipeline envelope (``get-pipeline`` output, ``create-pipeline`` input).
_ENVELOPE_KEYS = frozenset({"pipeline", "metadata", "tags"})
#: Top-level keys of a pipeline declaration that only CodePipeline uses.
_PIPELINE_KEYS = ("roleArn", "artifactStore", "artifactStores", "pipelineType", "executionMode")
#: The buildspec versions CodeBuild reads.
_BUILDSPEC_VERSIONS = frozenset({"0.1", "0.2"})


def detect_kind(data: Any) -> DocumentKind | None:
    """The kind of a parsed document, or None when it is none of ours.

    * CloudFormation/SAM: ``AWSTemplateFormatVersion`` or ``Transform``, or ``Resources``
      mapping logical IDs to mappings with a ``Type``.
    * CodePipeline: ``{"pipeline": {...}}`` (optionally with ``metadata``/``tags``), or a
      bare declaration with a ``stages`` list.
    * AppSpec: ``version`` with ``hooks``, ``files``, ``os``, ``permissions`` or a
      ``Resources`` list (``hooks`` and ``Resources`` in any case), and no ``phases``
      (a CodeBuild buildspec).
    * CodeBuild buildspec: ``version`` 0.1 or 0.2 with a ``phases`` mapping.
    """
    if not isinstance(data, Mapping):
        return None
    if _is_template(data):
        return DocumentKind.CLOUDFORMATION
    if _is_pipeline(data):
        return DocumentKind.PIPELINE
    if _is_appspec(data):
        return DocumentKind.APPSPEC
    if _is_buildspec(data):
        return DocumentKind.BUILDSPEC
    return None


def _is_template(data: Mapping[Any, Any]) -> bool:
    if "AWSTemplateFormatVersion" in data or "Transform" in data:
        return True
    resources = data.get("Resources")
    return isinstance(resources, Mapping) and any(
        isinstance(resource, Mapping) and "Type" in resource for resource in resources.values()
    )


def _is_pipeline(data: Mapping[Any, Any]) -> bool:
    declaration = data.get("pipeline")
    if isinstance(declaration, Mapping):
        if "stages" in declaration:
            # The envelope is CodePipeline's own: a malformed stage is a problem to report.
            stages = declaration["stages"]
            return isinstance(stages, list) and (not stages or any(map(_is_stage, stages)))
        return "name" in declaration and set(data) <= _ENVELOPE_KEYS
    stages = data.get("stages")
    return _are_stages(stages) and bool(stages or any(key in data for key in _PIPELINE_KEYS))


def _are_stages(stages: Any) -> bool:
    """CodePipeline stages: a list of mappings with ``name`` or ``actions``.

    This tells them from other tools' ``stages`` (GitLab CI's names, Azure Pipelines'
    and Harness's ``stage:`` entries).
    """
    return (
        isinstance(stages, list)
        and all(isinstance(stage, Mapping) for stage in stages)
        and (not stages or any(map(_is_stage, stages)))
    )


def _is_stage(stage: Any) -> bool:
    return isinstance(stage, Mapping) and ("actions" in stage or "name" in stage)


def _is_appspec(data: Mapping[Any, Any]) -> bool:
    if "version" not in data or "phases" in data:
        return False
    files = data.get("files")
    # ECS/Lambda sections are spelled in either case (``Resources``, ``resources``), and an
    # EC2 ``Hooks`` in the wrong case is still an AppSpec (one whose hooks never run).
    sections = {key.lower(): value for key, value in data.items() if isinstance(key, str)}
    if (
        isinstance(sections.get("hooks"), (Mapping, list))
        or (isinstance(files, list) and files and all(isinstance(item, Mapping) for item in files))
        or isinstance(data.get("permissions"), list)
        or isinstance(sections.get("resources"), list)
    ):
        return True
    # ``os`` alone is common elsewhere (Travis CI): only with AppSpec's one version, 0.0.
    version = data["version"]
    return isinstance(data.get("os"), str) and (
        version == "0.0" or (version == 0 and not isinstance(version, bool))
    )


def _is_buildspec(data: Mapping[Any, Any]) -> bool:
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, (str, float)):
        return False
    return str(version).strip() in _BUILDSPEC_VERSIONS and isinstance(data.get("phases"), Mapping)


# -- guessing from text that does not parse ----------------------------------------------

_FLAGS = re.MULTILINE
_TEMPLATE_VERSION = re.compile(r"""^[ \t]*["']?AWSTemplateFormatVersion\b""", _FLAGS)
_RESOURCES = re.compile(r"""^(?:[ \t]*"Resources"|Resources)[ \t]*:""", _FLAGS)
_AWS_TYPE = re.compile(r"""["']?Type["']?[ \t]*:[ \t]*["']?AWS::""")
_SAM = re.compile(r"""["']?Transform["']?[ \t]*:[ \t]*["']?AWS::Serverless""")
_STAGES = re.compile(r"""^[ \t]*["']?stages["']?[ \t]*:""", _FLAGS)
_ACTIONS = re.compile(r"""["']?(?:actions|actionTypeId)["']?[ \t]*:""")
# Minified JSON has no line starts: its keys, quoted, anywhere.
_JSON_PIPELINE = re.compile(r""""pipeline"\s*:\s*\{""")
_JSON_STAGES = re.compile(r""""stages"\s*:\s*\[""")
_JSON_TEMPLATE = re.compile(r""""(?:AWSTemplateFormatVersion|Transform)"\s*:""")
_JSON_RESOURCES = re.compile(r""""Resources"\s*:\s*\{""")
# AppSpec files are YAML in practice; in JSON these keys would also match a package.json.
_VERSION = re.compile(r"^version[ \t]*:", _FLAGS)
_APPSPEC_SECTION = re.compile(r"^(?:hooks|files|permissions|os|Resources)[ \t]*:", _FLAGS)
_BUILDSPEC = re.compile(r"^phases[ \t]*:", _FLAGS)
_BUILDSPEC_VERSION = re.compile(r"""^version[ \t]*:[ \t]*["']?0\.[12]\b""", _FLAGS)


def sniff_kind(text: str) -> DocumentKind | None:
    """A cheap guess at the kind of ``text`` that does not parse, or None.

    It looks for the keys :func:`detect_kind` would look for, as written at the start of a
    line, so that a broken file of ours is reported and anything else skipped.
    """
    if _TEMPLATE_VERSION.search(text) or _SAM.search(text) or _JSON_TEMPLATE.search(text):
        return DocumentKind.CLOUDFORMATION
    if _VERSION.search(text) and _APPSPEC_SECTION.search(text) and not _BUILDSPEC.search(text):
        return DocumentKind.APPSPEC
    if _BUILDSPEC_VERSION.search(text) and _BUILDSPEC.search(text):
        return DocumentKind.BUILDSPEC
    if (_RESOURCES.search(text) or _JSON_RESOURCES.search(text)) and _AWS_TYPE.search(text):
        return DocumentKind.CLOUDFORMATION
    if _STAGES.search(text) and _ACTIONS.search(text):
        return DocumentKind.PIPELINE
    if _JSON_STAGES.search(text) and (_JSON_PIPELINE.search(text) or _ACTIONS.search(text)):
        return DocumentKind.PIPELINE
    return None
