"""A run shared among workers reports what one process does, whichever worker holds what."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelint.engine.parallel import MIN_FILES, can_fork

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_tree import TEMPLATE, pipeline  # noqa: E402

pytestmark = pytest.mark.skipif(not can_fork(), reason="workers are forked")

TEMPLATES = 8


def _crossed_tree(root: Path) -> int:
    """Pipelines between two sets of templates, each pipeline deploying to a template
    of the other end of the run: a worker's documents look up the other worker's."""
    count = 0
    for number in range(TEMPLATES):
        folder = f"a{number}" if number < TEMPLATES // 2 else f"z{number}"
        name = f"svc{100 + number:05d}"
        text = TEMPLATE.format(name=name, rollback="false" if number % 2 else "true")
        (root / folder).mkdir(parents=True)
        (root / folder / "deploy.yaml").write_text(text, encoding="utf-8")
        count += 1
    for index in range(1, 41):
        target = f"svc{100 + (TEMPLATES - 1 - index % TEMPLATES):05d}"
        (root / f"p{index:02d}").mkdir()
        (root / f"p{index:02d}" / "pipeline.json").write_text(pipeline(index, target))
        count += 1
    return count


def _check(tree: Path, out: Path, jobs: str) -> tuple[str, str, str]:
    """The JSON and Markdown reports and the ``--explain-prod`` text of a run."""
    out.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelint",
            "check",
            ".",
            f"--format=json={out / 'report.json'}",
            f"--format=markdown={out / 'report.md'}",
            "--explain-prod",
            "--jobs",
            jobs,
        ],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    reports = (out / "report.json").read_text(), (out / "report.md").read_text()
    return *reports, done.stderr


def test_cross_file_findings_reports_and_explanations_do_not_depend_on_the_jobs(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    assert _crossed_tree(tree) >= MIN_FILES  # shared among workers with --jobs 2
    serial = _check(tree, tmp_path / "serial", "1")
    shared = _check(tree, tmp_path / "shared", "2")
    assert serial == shared
    report = json.loads(serial[0])
    deployed = [
        finding
        for finding in report["findings"]
        if finding["code"] == "PL201" and finding["path"] == "z7/deploy.yaml"
    ]
    # the group of the last template is deployed by pipelines at the start of the run
    assert [related["path"] for related in deployed[0]["related"]] == [
        f"p{index:02d}/pipeline.json" for index in range(8, 41, TEMPLATES)
    ]
    assert "flowchart" in serial[1]  # the pipelines are drawn
    assert "svc00107-prod" in serial[2]  # and explained


def test_a_document_that_changed_before_another_worker_read_it_again_is_reported(
    tmp_path: Path,
) -> None:
    from pipelint.engine.discovery import Source
    from pipelint.engine.runner import Runner
    from pipelint.engine.setup import make_config, make_registry
    from pipelint.model.facts import DocumentChanged

    (tmp_path / "deploy.yaml").write_text(TEMPLATE.format(name="web", rollback="true"))
    registry = make_registry()
    runner = Runner(registry, make_config(registry, explicit=None, start=tmp_path), jobs=2)
    source = Source("deploy.yaml", tmp_path / "deploy.yaml")
    assert runner._model_again(source).deployment_groups
    (tmp_path / "deploy.yaml").write_text("Resources: {Group: [")  # no longer parses
    with pytest.raises(DocumentChanged, match=r"deploy\.yaml changed while the run read it") as exc:
        runner._model_again(source)
    (finding,) = runner._changed(exc.value, "pipeline.json")
    assert (finding.code, finding.location.path, finding.location.line) == (
        "PL003",
        "pipeline.json",
        1,
    )
    assert "run pipelint again" in finding.message


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_text_of_files_with_findings_is_kept_only_when_asked(tmp_path: Path, jobs: int) -> None:
    from pipelint.engine.discovery import discover
    from pipelint.engine.runner import Runner
    from pipelint.engine.setup import make_config, make_registry

    tree = tmp_path / "tree"
    _crossed_tree(tree)
    quiet = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
    for folder in ("a0", "p20", "z7"):  # files with no finding, in each process's share
        (tree / folder / "quiet.yaml").write_text(quiet)
    noted = "# pipelint: ignore[PL101] the board approved it\n" + quiet  # an unused one
    (tree / "p30" / "noted.yaml").write_text(noted)
    registry = make_registry()
    config = make_config(registry, explicit=None, start=tree)
    sources = discover([tree], root=tree)
    kept = Runner(registry, config, root=tree, jobs=jobs).run(sources)
    bare = Runner(registry, config, root=tree, jobs=jobs, keep_sources=False).run(sources)
    assert bare.findings == kept.findings
    assert bare.sources == {}
    with_findings = {finding.location.path for finding in kept.findings}
    assert len(with_findings) == 49
    assert "p30/noted.yaml" in with_findings
    assert kept.sources == {path: (tree / path).read_text() for path in with_findings}


def test_code_frames_do_not_depend_on_the_jobs(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _crossed_tree(tree)
    shown = []
    for jobs in ("1", "2"):
        command = [sys.executable, "-m", "pipelint", "check", ".", "--color=never", "-j", jobs]
        done = subprocess.run(
            command, cwd=tree, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 1, done.stderr
        shown.append(done.stdout)
    assert shown[0] == shown[1]
    assert "33 |         Events: [DEPLOYMENT_FAILURE]" in shown[1]  # a line of a0/deploy.yaml
