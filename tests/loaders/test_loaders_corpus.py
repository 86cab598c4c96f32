"""Every file of the shared corpus loads, or fails with a LoadError for a known reason.

Run with ``-s`` to see the summary: the files that fail and why, and the time taken.
"""

from __future__ import annotations

import csv
import time
from functools import cache
from pathlib import Path

import pytest

from pipelint.loaders.detect import sniff_kind
from pipelint.loaders.document import Document, DocumentKind, LoadError
from pipelint.loaders.load import load_document
from pipelint.loaders.text import decode
from pipelint.loaders.yaml_parser import has_libyaml, parse_yaml

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project"),
]

#: Files that must not load, with the start of the reason. The first four are marked
#: INVALID in the manifest; the others are strict-JSON or duplicate-key problems, each
#: checked by reading the file.
BROKEN = {
    "4ossiblellc__fixjson/appspec.yaml": "did not find expected key",
    "Emilis01__aws-elastic-beanstalk-express-js-sample/pipeline.json": (
        "extra data after the document (is the opening '{' missing?)"
    ),
    "YSureshN__AWS-Cloudformation-templates-suresh/CodePipeline-in-CloudFormation.yml": (
        "did not find expected key"
    ),
    "andydoTech__aws-deployment-pipeline/cloudformation/aws-application-pipeline-github.template": (
        "could not find expected ':'"
    ),
    # A trailing comma after the last member (line 67).
    "innovation18__kubernets-project/codepipeline.json": "trailing comma",
    # A GitHub workflow appended to the template, with a mis-indented job (line 366).
    "Keerthim24__ECSDeployment/codepipeline.yml": 'duplicate key "name"',
    # ``Action:`` written twice in a row in a policy statement.
    "aws-samples__mlops-workshop/deploy/mlops-deploy.yaml": 'duplicate key "Action"',
    # Two ``permissions:`` sections.
    "cfranks__git-codedeploy/appspec.yml": 'duplicate key "permissions"',
    # The ``projetoName`` parameter declared twice.
    "clodonil__tutorial_localstack/pipeline/pipeline.yml": 'duplicate key "projetoName"',
    # A mis-indented parameter group repeats ``Parameters``.
    "danielanson__dniym.com/aws/cloudformation/pipeline.yml": 'duplicate key "Parameters"',
}

KINDS = {
    "A": DocumentKind.CLOUDFORMATION,
    "B": DocumentKind.CLOUDFORMATION,
    "C": DocumentKind.PIPELINE,
    "D": DocumentKind.APPSPEC,
}


def manifest() -> dict[str, dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["file"].removeprefix("files/"): row for row in rows}


@cache
def load_all() -> tuple[dict[str, Document], dict[str, LoadError], float]:
    loaded: dict[str, Document] = {}
    failed: dict[str, LoadError] = {}
    files = sorted(path for path in (CORPUS / "files").rglob("*") if path.is_file())
    started = time.perf_counter()
    for path in files:
        name = path.relative_to(CORPUS / "files").as_posix()
        try:
            loaded[name] = load_document(name, path.read_bytes())
        except LoadError as exc:
            failed[name] = exc
    return loaded, failed, time.perf_counter() - started


def test_every_corpus_file_loads_or_fails_as_expected() -> None:
    rows = manifest()
    loaded, failed, seconds = load_all()
    print(f"\n{len(loaded) + len(failed)} files in {seconds:.2f} s; {len(failed)} do not load:")
    for name, exc in sorted(failed.items()):
        where = f"{exc.span.start_line}:{exc.span.start_column}"
        print(f"  {name}:{where}: {exc.message}")
    assert set(failed) == set(BROKEN)
    for name, exc in failed.items():
        assert exc.message.startswith(BROKEN[name]), name
    for name, reason in BROKEN.items():
        if "INVALID" not in rows[name]["notes"]:
            assert name.endswith(".json") or reason.startswith("duplicate key")
    assert all("INVALID" not in rows[name]["notes"] for name in loaded)
    assert len(loaded) + len(failed) == len(rows)


def test_every_loaded_corpus_file_is_detected_as_its_kind() -> None:
    rows = manifest()
    loaded, _, _ = load_all()
    wrong = {
        name: (document.kind, rows[name]["kind"])
        for name, document in loaded.items()
        if document.kind is not KINDS[rows[name]["kind"]]
    }
    assert wrong == {}


def test_every_broken_corpus_file_is_sniffed_as_its_kind() -> None:
    rows = manifest()
    for name in BROKEN:
        text = (CORPUS / "files" / name).read_bytes().decode("utf-8", "replace")
        assert sniff_kind(text) is KINDS[rows[name]["kind"]], name


def test_corpus_has_the_awkward_encodings_we_expect() -> None:
    loaded, _, _ = load_all()
    utf16 = [
        "hakimahamid__iac-security-project/templates/pipeline.yaml",
        "trichardson5559__devops-test/pipeline-definition.json",
    ]
    for name in utf16:
        assert (CORPUS / "files" / name).read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
        assert loaded[name].kind is not None
    crlf = [name for name in loaded if b"\r\n" in (CORPUS / "files" / name).read_bytes()]
    assert crlf
    assert all("\r" not in loaded[name].text for name in crlf)


@pytest.mark.skipif(not has_libyaml(), reason="needs ruamel.yaml.clib")
def test_both_yaml_parsers_agree_on_the_corpus() -> None:
    for path in sorted((CORPUS / "files").rglob("*")):
        if not path.is_file() or path.suffix == ".json":
            continue
        text = decode(path.read_bytes())
        results = []
        for pure in (False, True):
            try:
                results.append(parse_yaml(text, pure=pure))
            except LoadError as exc:
                results.append(exc.span)  # the wording differs, the place does not
        assert results[0] == results[1], path
