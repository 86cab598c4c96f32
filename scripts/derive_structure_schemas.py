"""Derive ``src/pipelint/data/structure.json``: the schemas PL002 checks documents against.

The constraints come from AWS's own machine-readable models, never typed by hand:

* the CodePipeline API/CLI JSON from the botocore service model (``codepipeline``),
* the pipeline-related CloudFormation resources from the registry schemas cfn-lint ships,
* the AppSpec file from :data:`APPSPEC` below, written from the CodeDeploy AppSpec
  reference (there is no machine-readable model of it).

Both models are converted to one small subset of JSON Schema that the checker in
``pipelint.engine.structure`` walks: ``type``, ``properties``, ``required``,
``additionalProperties``, ``items``, ``enum``, ``pattern`` (full match), ``minLength``,
``maxLength``, ``minimum``, ``maximum``, ``minItems``, ``maxItems``, ``propertyNames``,
``requiredXor`` (at least one of; both is PL302's finding) and ``$ref`` into
``definitions``. The pipeline resource also gets the API constraints its registry schema
lacks (:func:`_merge_api_constraints`). Constraints that a PL8/PL4 rule reports with a
better message are left out (:data:`OWNED_ELSEWHERE`), so each problem is reported once.

Run after upgrading botocore or cfn-lint::

    python scripts/derive_structure_schemas.py

``tests/engine/test_structure_schemas.py`` fails when the file is not what this script
derives from the installed packages.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).parents[1] / "src" / "pipelint" / "data" / "structure.json"

CLOUDFORMATION_TYPES = (
    "AWS::CodePipeline::Pipeline",
    "AWS::CodePipeline::Webhook",
    "AWS::CodeDeploy::Application",
    "AWS::CodeDeploy::DeploymentConfig",
    "AWS::CodeDeploy::DeploymentGroup",
)

#: Constraints reported by a dedicated rule, dropped here: (definition, property) → keywords.
OWNED_ELSEWHERE: dict[tuple[str, str], tuple[str, ...]] = {
    # PL804 invalid-name: stage, action, artifact and namespace names
    ("api:StageDeclaration", "name"): ("pattern", "minLength", "maxLength"),
    ("api:ActionDeclaration", "name"): ("pattern", "minLength", "maxLength"),
    ("api:ActionDeclaration", "namespace"): ("pattern", "minLength", "maxLength"),
    ("api:InputArtifact", "name"): ("pattern", "minLength", "maxLength"),
    ("api:OutputArtifact", "name"): ("pattern", "minLength", "maxLength"),
    ("AWS::CodePipeline::Pipeline:ActionDeclaration", "Name"): ("pattern",),
    # PL805 invalid-run-order
    ("api:ActionDeclaration", "runOrder"): ("minimum", "maximum"),
    # PL808 pipeline-quota
    ("AWS::CodePipeline::Pipeline:", "Stages"): ("minItems", "maxItems"),
    # PL402 invalid-role-arn
    ("api:PipelineDeclaration", "roleArn"): ("pattern",),
    ("api:ActionDeclaration", "roleArn"): ("pattern",),
    ("api:RuleDeclaration", "roleArn"): ("pattern",),
    ("AWS::CodePipeline::Pipeline:", "RoleArn"): ("pattern",),
    ("AWS::CodePipeline::Pipeline:ActionDeclaration", "RoleArn"): ("pattern",),
    ("AWS::CodePipeline::Pipeline:RuleDeclaration", "RoleArn"): ("pattern",),
    ("AWS::CodeDeploy::DeploymentGroup:", "ServiceRoleArn"): ("pattern",),
}

#: Keywords of the registry schemas kept in the derived ones (the rest is documentation,
#: or cfn-lint's own vocabulary).
KEPT = (
    "type",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
)

#: The AppSpec file (CodeDeploy user guide, AppSpec reference; what the CodeDeploy agent
#: reads): the shape of each part. The values (``version``, ``os``, hook names, script
#: timeouts, permission modes) and keys spelt in another case are PL701's.
_SCRIPT = {
    "type": "object",
    "properties": {
        "location": {"type": "string", "minLength": 1},
        "timeout": {},
        "runas": {"type": "string"},
        "sudo": {"type": "boolean"},
    },
    "required": ["location"],
    "additionalProperties": False,
}
#: EC2/on-premises: ``files``, ``permissions`` and a ``hooks`` mapping of script lists.
APPSPEC: dict[str, Any] = {
    "type": "object",
    "properties": {
        "version": {"type": ["number", "string"]},
        "os": {"type": "string"},
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"source": {"type": "string"}, "destination": {"type": "string"}},
                "required": ["source", "destination"],
                "additionalProperties": False,
            },
        },
        "file_exists_behavior": {"type": "string"},
        "permissions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "object": {"type": "string"},
                    "pattern": {"type": "string"},
                    "except": {"type": "array", "items": {"type": "string"}},
                    "owner": {"type": "string"},
                    "group": {"type": "string"},
                    "mode": {},
                    "acls": {"type": "array", "items": {"type": "string"}},
                    "context": {"type": "object"},
                    "type": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["object"],
                "additionalProperties": False,
            },
        },
        "hooks": {
            "type": "object",
            "additionalProperties": {"type": ["array", "null"], "items": _SCRIPT},
        },
    },
}
#: ECS and Lambda (a ``Resources`` list; the user guide spells the keys in either case): a
#: ``Hooks`` list of one-key mappings from event to Lambda function.
_HOOKS = {
    "type": "array",
    "items": {"type": "object", "additionalProperties": {"type": "string"}},
}
_RESOURCES = {"type": "array", "items": {"type": "object"}}
APPSPEC_RESOURCES: dict[str, Any] = {
    "type": "object",
    "properties": {
        "version": {"type": ["number", "string"]},
        "Resources": _RESOURCES,
        "resources": _RESOURCES,
        "Hooks": _HOOKS,
        "hooks": _HOOKS,
    },
}

#: The registry schema of ``AWS::CodePipeline::Pipeline`` leaves out most of what the
#: service enforces (lengths, patterns, list bounds, several enums). CloudFormation passes
#: the properties on to the same API, so each property takes the constraints of its API
#: member (``Name`` of ``ActionDeclaration`` ← ``name`` of ``ActionDeclaration``) that the
#: registry schema does not set itself. Definitions named differently in the API:
API_COUNTERPARTS = {"": "PipelineDeclaration", "VariableDeclaration": "PipelineVariableDeclaration"}
PIPELINE = "AWS::CodePipeline::Pipeline"
MERGED = (*KEPT[1:], "minItems", "maxItems")


class SourceMissing(Exception):
    """A model this script reads is not where the installed package used to keep it."""


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SourceMissing(f"{name} is not installed: pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations)))


def existing(path: Path) -> Path:
    if not path.exists() and not path.with_suffix(".json.gz").exists():
        raise SourceMissing(f"{path} does not exist: the package's layout has changed")
    return path


def read_json(path: Path) -> Any:
    if path.exists():
        return json.loads(path.read_text("utf-8"))
    return json.loads(gzip.decompress(path.with_suffix(".json.gz").read_bytes()))


def version_of(name: str) -> str:
    from importlib.metadata import version

    return version(name)


# -- botocore -------------------------------------------------------------------------------


def from_botocore(shapes: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Every shape of a botocore service model as a definition named ``prefix + shape``."""
    definitions: dict[str, Any] = {}
    for name, shape in sorted(shapes.items()):
        definitions[prefix + name] = _botocore_shape(shape, shapes, prefix, prefix + name)
    return definitions


def _botocore_ref(name: str, shapes: dict[str, Any], prefix: str) -> dict[str, Any]:
    shape = shapes[name]
    if shape["type"] in ("structure", "list", "map"):
        return {"$ref": prefix + name}
    return _botocore_shape(shape, shapes, prefix, prefix + name)


def _botocore_shape(
    shape: dict[str, Any], shapes: dict[str, Any], prefix: str, definition: str
) -> dict[str, Any]:
    kind = shape["type"]
    if kind == "structure":
        properties = {}
        for member, target in shape["members"].items():
            schema = _botocore_ref(target["shape"], shapes, prefix)
            properties[member] = _without(schema, OWNED_ELSEWHERE.get((definition, member), ()))
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if shape.get("required"):
            out["required"] = shape["required"]
        out["additionalProperties"] = False
        return out
    if kind == "list":
        out = {"type": "array", "items": _botocore_ref(shape["member"]["shape"], shapes, prefix)}
        _bounds(out, shape, "minItems", "maxItems")
        return out
    if kind == "map":
        return {
            "type": "object",
            "propertyNames": _botocore_ref(shape["key"]["shape"], shapes, prefix),
            "additionalProperties": _botocore_ref(shape["value"]["shape"], shapes, prefix),
        }
    if kind == "string":
        out = {"type": "string"}
        if "enum" in shape:
            out["enum"] = shape["enum"]
        if "pattern" in shape:
            out["pattern"] = shape["pattern"]
        _bounds(out, shape, "minLength", "maxLength")
        return out
    if kind in ("integer", "long"):
        out = {"type": "integer"}
        _bounds(out, shape, "minimum", "maximum")
        return out
    if kind == "boolean":
        return {"type": "boolean"}
    if kind in ("double", "float"):
        return {"type": "number"}
    if kind == "timestamp":
        return {"type": ["string", "number"]}
    return {}


def _bounds(out: dict[str, Any], shape: dict[str, Any], low: str, high: str) -> None:
    if "min" in shape:
        out[low] = shape["min"]
    if "max" in shape:
        out[high] = shape["max"]


def _without(schema: dict[str, Any], keywords: tuple[str, ...]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key not in keywords}


def api_documents(shapes: dict[str, Any]) -> dict[str, Any]:
    """The CLI JSON: ``create-pipeline`` input or ``get-pipeline`` output (an envelope around
    the declaration: ``pipeline``, ``metadata``, ``tags``), or a bare declaration."""
    envelope = {
        "type": "structure",
        "required": ["pipeline"],
        "members": {
            "pipeline": {"shape": "PipelineDeclaration"},
            "metadata": {"shape": "PipelineMetadata"},
            "tags": {"shape": "TagList"},
        },
    }
    return {
        "pipeline-envelope": _botocore_shape(envelope, shapes, "api:", "api:"),
        "pipeline": {"$ref": "api:PipelineDeclaration"},
    }


# -- CloudFormation -------------------------------------------------------------------------


def from_registry(schema: dict[str, Any], type_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A registry schema as its ``Properties`` schema and its definitions."""
    prefix = f"{type_name}:"
    read_only = {p.rsplit("/", 1)[-1] for p in schema.get("readOnlyProperties", ())}
    root = {
        "type": "object",
        "properties": {k: v for k, v in schema["properties"].items() if k not in read_only},
        "additionalProperties": schema.get("additionalProperties", True),
    }
    for key in ("required", "requiredXor"):
        if key in schema:
            root[key] = schema[key]
    definitions = {
        prefix + name: _registry(value, prefix, prefix + name)
        for name, value in sorted(schema.get("definitions", {}).items())
    }
    return _registry(root, prefix, prefix), definitions


def _registry(schema: Any, prefix: str, definition: str) -> Any:
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {"$ref": prefix + schema["$ref"].rsplit("/", 1)[-1]}
    out: dict[str, Any] = {key: schema[key] for key in KEPT if key in schema}
    if "properties" in schema:
        out["properties"] = {
            name: _without(
                _registry(value, prefix, definition),
                OWNED_ELSEWHERE.get((definition, name), ()),
            )
            for name, value in schema["properties"].items()
        }
    for key in ("required", "requiredXor"):
        if key in schema:
            out[key] = schema[key]
    if "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        out["additionalProperties"] = (
            extra if isinstance(extra, bool) else _registry(extra, prefix, definition)
        )
    if "items" in schema:
        out["items"] = _registry(schema["items"], prefix, definition)
    return out


def _merge_api_constraints(root: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Give each pipeline property the API constraints its registry schema lacks."""
    prefix = f"{PIPELINE}:"
    targets = {"": root} | {
        name.removeprefix(prefix): schema
        for name, schema in definitions.items()
        if name.startswith(prefix)
    }
    for name, schema in targets.items():
        api = definitions.get(f"api:{API_COUNTERPARTS.get(name, name)}")
        if api is None:
            continue
        for prop, target in schema.get("properties", {}).items():
            member = api.get("properties", {}).get(prop[:1].lower() + prop[1:])
            if member is None or "$ref" in target:
                continue
            member = definitions.get(member.get("$ref", ""), member)
            owned = OWNED_ELSEWHERE.get((prefix + name, prop), ())
            for keyword in MERGED:
                if keyword in member and keyword not in target and keyword not in owned:
                    target[keyword] = member[keyword]


# -- the file -------------------------------------------------------------------------------


def derive() -> dict[str, Any]:
    botocore = package_dir("botocore")
    cfnlint = package_dir("cfnlint")
    model = existing(botocore / "data" / "codepipeline" / "2015-07-09" / "service-2.json")
    shapes = read_json(model)["shapes"]
    definitions = from_botocore(shapes, "api:")
    # The service takes ``artifactStore`` or ``artifactStores``, which the model cannot say.
    definitions["api:PipelineDeclaration"]["requiredXor"] = ["artifactStore", "artifactStores"]
    documents = api_documents(shapes)
    schemas = cfnlint / "data" / "schemas"
    hashes = json.loads(existing(schemas / "providers" / "us-east-1.json").read_text("utf-8"))
    for type_name in CLOUDFORMATION_TYPES:
        schema = json.loads((schemas / "resources" / f"{hashes[type_name]}.json").read_text())
        documents[type_name], found = from_registry(schema, type_name)
        definitions.update(found)
    _merge_api_constraints(documents[PIPELINE], definitions)
    documents["appspec"] = APPSPEC
    documents["appspec-resources"] = APPSPEC_RESOURCES
    return {
        "derived_from": {
            "botocore": version_of("botocore"),
            "cfn-lint": version_of("cfn-lint"),
        },
        "documents": documents,
        "definitions": _reachable(documents, definitions),
    }


def _reachable(documents: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """Only the definitions the documents use, in name order."""
    seen: set[str] = set()
    pending = [documents]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                seen.add(ref)
                pending.append(definitions[ref])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return {name: definitions[name] for name in sorted(seen)}


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    try:
        data = derive()
    except SourceMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(render(data), "utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
