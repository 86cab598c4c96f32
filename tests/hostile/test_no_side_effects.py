"""pipelint opens no network connection and runs nothing but git, whatever it reads.

The check runs in a child process with an audit hook (PEP 578) that records every socket
and process event; reading the examples, the corpus when it is beside the project, and
files written to tempt a careless loader must raise none, apart from ``git ls-files``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.slow

WATCH = """
import json, sys

EVENTS = []
WATCHED = ("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "subprocess.", "os.system",
           "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "pty.", "webbrowser.")

def record(event, args):
    if event.startswith(WATCHED):
        EVENTS.append([event, repr(args)[:300]])

sys.addaudithook(record)
from pipelint.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n" + json.dumps({"code": code, "events": EVENTS}), file=sys.stderr)
"""

TEMPTING = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: [AWS::Serverless-2016-10-31, "https://example.com/macro"]
Resources:
  Stack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/nested.yaml
  Run: !!python/object/apply:os.system ["curl https://example.com"]
  Include:
    Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://bucket/snippet.yaml}}
  Secret: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
"""


def _events(folder: Path, *paths: str) -> tuple[int, list[list[str]]]:
    process = subprocess.run(
        [sys.executable, "-c", WATCH, "check", "--format", "json", *paths],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(process.stderr.strip().splitlines()[-1])
    return report["code"], report["events"]


def _foreign(events: list[list[str]]) -> list[list[str]]:
    """Events other than starting ``git`` (discovery's ``git ls-files``) and forking the
    workers of ``--jobs`` (which run pipelint's own rules and execute nothing)."""
    return [
        [event, args]
        for event, args in events
        if event != "os.fork"
        and not (event in ("subprocess.Popen", "os.posix_spawn", "os.exec") and "'git'" in args)
    ]


def test_reading_tempting_files_opens_no_socket_and_runs_nothing(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "template.yaml").write_text(TEMPTING)
    (tmp_path / "pipeline.json").write_text(
        (ROOT / "examples" / "payments-pipeline.json").read_text()
    )
    code, events = _events(tmp_path)
    assert code == 1
    assert _foreign(events) == []
    assert any("'git'" in args for _, args in events), "discovery should have asked git"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_examples_and_the_corpus_open_no_socket(jobs: str) -> None:
    """With ``--jobs 1`` every rule runs in the watched process itself."""
    paths = [str(ROOT / "examples")]
    if CORPUS.is_dir():
        paths.append(str(CORPUS))
    code, events = _events(ROOT, *paths, "--jobs", jobs)
    assert code == 1
    assert _foreign(events) == []
