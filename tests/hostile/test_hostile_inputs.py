"""Hostile and broken input, generated here (never stored), each run as a user runs it.

Every case puts one hostile file beside a good pipeline and runs ``pipelint check`` in a
child process bounded in time and memory. The hostile file gets a located PL000 or is
skipped with a reason; the good file's finding is still reported; the exit code is 0 or
1; nothing prints a traceback, and nothing named in a file is ever run.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

GOOD = """\
{"pipeline": {"name": "p", "roleArn": "arn:aws:iam::111122223333:role/p",
  "artifactStore": {"type": "S3", "location": "b"},
  "stages": [
    {"name": "Source", "actions": [{"name": "S", "actionTypeId":
      {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}}]},
    {"name": "Prod", "actions": [{"name": "D", "actionTypeId":
      {"category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"}}]}
  ]}}
"""
PROD_MESSAGE = 'Stage "Prod" deploys to production with no manual approval before action "D"'
GOOD_FINDING = ("PL101", "good.json", 6, 14, PROD_MESSAGE)

TEMPLATE_PIPELINE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/p
      ArtifactStore: {Type: S3, Location: b}
      Stages:
        - Name: Source
          Actions:
            - {Name: S, ActionTypeId: {Category: Source, Owner: AWS, Provider: S3, Version: "1"}}
        - Name: Prod
          Actions:
            - {Name: D, ActionTypeId: {Category: Deploy, Owner: AWS, Provider: ECS, Version: "1"}}
"""

#: What one run may take, however hostile its input.
TIMEOUT_SECONDS = 120
MEMORY_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class Expect:
    """What the run says of the hostile file ``name``."""

    name: str
    findings: tuple[tuple[str, int, int, str], ...] = ()  #: (code, line, column, message)
    skipped: str | None = None  #: the reason it is skipped with


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], None]
    expect: Expect
    args: tuple[str, ...] = ()


def _write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)

    return make


def _alias_bomb() -> str:
    lines = ['AWSTemplateFormatVersion: "2010-09-09"', "a0: &a0 [lol, lol, lol, lol, lol]"]
    for level in range(1, 12):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join([*lines, "Resources: {}", ""])


def _resources(count: int, indent: int | None, padding: int) -> str:
    resources: dict[str, Any] = {
        f"Topic{i}": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "t" * padding}}
        for i in range(count)
    }
    resources["Pipeline"] = {
        "Type": "AWS::CodePipeline::Pipeline",
        "Properties": {
            "RoleArn": "arn:aws:iam::111122223333:role/p",
            "Stages": [
                {
                    "Name": "Prod",
                    "Actions": [
                        {
                            "Name": "D",
                            "ActionTypeId": {
                                "Category": "Deploy",
                                "Owner": "AWS",
                                "Provider": "ECS",
                                "Version": "1",
                            },
                        }
                    ],
                }
            ],
        },
    }
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    return json.dumps(template, indent=indent)


def _big_yaml_template(size: int) -> str:
    topic = "  Topic{0}:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: " + "t" * 300
    count = size // (len(topic) + 6)
    return TEMPLATE_PIPELINE + "".join(topic.format(i) + "\n" for i in range(count))


def _python_tags(canary: Path) -> str:
    return f"""\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Apply: !!python/object/apply:os.system ["touch {canary}"]
  New: !!python/object/new:subprocess.Popen [["touch", "{canary}"]]
  Name: !!python/name:os.system
  Module: !!python/module:os
  Unknown: !Frobnicate {{touch: {canary}}}
  Local: !Ref Apply
"""


def _circular() -> str:
    return """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  A: {Type: String, Default: !Ref B}
  B: {Type: String, Default: !Sub "${A}-x"}
Resources:
  First:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: !GetAtt Second.Name
      RoleArn: !Sub "${A}"
      Stages:
        - Name: !Ref A
          Actions:
            - Name: !GetAtt First.Name
              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: ECS, Version: "1"}
  Second:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: !GetAtt First.Name
      Stages: !GetAtt Second.Stages
"""


def _directory(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).mkdir()
        (folder / name / "note.txt").write_text("not a pipeline")

    return make


def _symlink_loop(folder: Path) -> None:
    (folder / "loop.json").symlink_to("loop.json")
    (folder / "cycle").mkdir()
    (folder / "cycle" / "up").symlink_to("..")


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    """A file of ``size`` NUL bytes that takes no room on disk."""

    def make(folder: Path) -> None:
        with (folder / name).open("wb") as stream:
            stream.truncate(size)

    return make


OVERSIZED = (
    '{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {}' + " " * 33 * 1024**2 + "}"
)


def _fifo(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        os.mkfifo(folder / name)

    return make


MANY = _resources(60_000, None, 8)
PROD_UTF16 = GOOD.replace('"name": "p"', '"name": "q"')
DEEP_JSON_PREFIX = '{"pipeline": {"name": "p", "stages": '
NESTED = 100_000
CASES = {
    "alias bomb": Case(
        _write("bomb.yaml", _alias_bomb()),
        Expect("bomb.yaml", (("PL000", 8, 10, "document too large (alias expansion)"),)),
    ),
    "JSON nested 100,000 levels": Case(
        _write("deep.json", DEEP_JSON_PREFIX + "[" * NESTED + "]" * NESTED + "}}"),
        Expect(
            "deep.json",
            (("PL000", 1, len(DEEP_JSON_PREFIX) + 255, "nesting deeper than 256 levels"),),
        ),
    ),
    "YAML nested 100,000 levels": Case(
        _write(
            "deep.yaml",
            'AWSTemplateFormatVersion: "2010-09-09"\nResources: '
            + "{a: " * NESTED
            + "b"
            + "}" * NESTED,
        ),
        Expect("deep.yaml", (("PL000", 2, 11 + 4 * 255 + 1, "nesting deeper than 256 levels"),)),
    ),
    "a 20 MB template": Case(
        _write("big.yaml", _big_yaml_template(20 * 1024 * 1024)),
        Expect(
            "big.yaml",
            (("PL101", 12, 17, PROD_MESSAGE),),
        ),
    ),
    "60,000 resources": Case(
        _write("many.json", MANY),
        Expect(
            "many.json",
            (
                (
                    "PL101",
                    1,
                    MANY.index('"Prod"') + 1,
                    'Stage "Prod" deploys to production with no manual approval before action "D"',
                ),
            ),
        ),
    ),
    "a template past the size limit": Case(
        _write("huge.json", OVERSIZED),
        Expect("huge.json", (("PL000", 1, 1, "file is larger than the 32 MiB limit"),)),
    ),
    "400 MB of NUL bytes": Case(
        _sparse("sparse.json", 400 * 1024**2),
        Expect(
            "sparse.json",
            skipped="not a known kind, and does not parse: file is larger than the 32 MiB limit",
        ),
    ),
    "an integer of 5,000 digits in JSON": Case(
        _write("bigint.json", '{"pipeline": {"stages": [], "version": ' + "9" * 5000 + "}}"),
        Expect("bigint.json", (("PL000", 1, 40, "number too large"),)),
    ),
    "an integer of 5,000 digits in YAML": Case(
        _write("bigint.yaml", TEMPLATE_PIPELINE + "Outputs: {N: {Value: " + "7" * 5000 + "}}\n"),
        Expect("bigint.yaml", (("PL000", 15, 22, "number too large"),)),
    ),
    "invalid UTF-8": Case(
        _write("latin1.yaml", TEMPLATE_PIPELINE.encode() + b"Description: caf\xe9\n"),
        Expect("latin1.yaml", (("PL000", 15, 17, "invalid UTF-8 byte 0xe9"),)),
    ),
    "UTF-16 without a byte-order mark": Case(
        _write("utf16.json", PROD_UTF16.encode("utf-16-le")),
        Expect(
            "utf16.json",
            (("PL101", 6, 14, PROD_MESSAGE),),
        ),
    ),
    "UTF-32 big-endian without a byte-order mark": Case(
        _write("utf32.json", PROD_UTF16.encode("utf-32-be")),
        Expect(
            "utf32.json",
            (("PL101", 6, 14, PROD_MESSAGE),),
        ),
    ),
    "a NUL byte": Case(
        _write("nul.yaml", TEMPLATE_PIPELINE.encode() + b"Description: a\0b\n"),
        Expect("nul.yaml", (("PL000", 15, 15, "binary file or unsupported encoding (NUL byte)"),)),
    ),
    "a binary file named appspec.yml": Case(
        _write("appspec.yml", b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(4096)),
        Expect("appspec.yml", skipped="not a known kind, and does not parse: invalid UTF-8"),
    ),
    "an empty file": Case(
        _write("appspec.yaml", b""),
        Expect("appspec.yaml", skipped="not a known kind, and does not parse: empty document"),
    ),
    "a file of comments only": Case(
        _write("template.yaml", "# nothing here yet\n# still nothing\n"),
        Expect("template.yaml", skipped="not a known kind, and does not parse: empty document"),
    ),
    "circular Ref, Sub and GetAtt": Case(
        _write("circular.yaml", _circular()), Expect("circular.yaml")
    ),
    "a directory named pipeline.json": Case(_directory("pipeline.json"), Expect("pipeline.json")),
    "a symlink loop": Case(_symlink_loop, Expect("loop.json")),
    "a symlink loop named on the command line": Case(
        _symlink_loop,
        Expect(
            "loop.json",
            (("PL000", 1, 1, "cannot read file: Too many levels of symbolic links"),),
        ),
        args=("loop.json", "good.json"),
    ),
    "a FIFO named pipeline.json": Case(_fifo("pipeline.json"), Expect("pipeline.json")),
    "a FIFO named on the command line": Case(
        _fifo("fifo.json"),
        Expect("fifo.json", (("PL000", 1, 1, "cannot read file: not a regular file"),)),
        args=("fifo.json", "good.json"),
    ),
}


def run_check(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    def bound_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))

    return subprocess.run(
        [sys.executable, "-m", "pipelint", "check", "--format", "json", "--show-skipped", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        preexec_fn=bound_memory,
        check=False,
    )


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "good.json").write_text(GOOD)
    case.make(tmp_path)
    process = run_check(tmp_path, *case.args)
    assert "Traceback" not in process.stdout + process.stderr
    assert process.returncode == 1, process.stderr
    report = json.loads(process.stdout)
    found = [
        (f["code"], f["path"], f["start"]["line"], f["start"]["column"], f["message"])
        for f in report["findings"]
    ]
    assert GOOD_FINDING in found
    assert not [f for f in found if f[0] == "PL003"]
    expect = case.expect
    watched = ("PL000", "PL101")  # every rule runs; these are the ones the cases are about
    assert [f[:1] + f[2:] for f in found if f[1] == expect.name and f[0] in watched] == list(
        expect.findings
    )
    skipped = [line for line in process.stderr.splitlines() if line.startswith("skipped ")]
    if expect.skipped is None:
        assert not any(expect.name in line for line in skipped), skipped
    else:
        assert any(line.startswith(f"skipped {expect.name}: {expect.skipped}") for line in skipped)


def test_no_tag_constructs_or_runs_anything(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    (tmp_path / ".git").mkdir()
    (tmp_path / "good.json").write_text(GOOD)
    (tmp_path / "tags.yaml").write_text(_python_tags(canary))
    process = run_check(tmp_path)
    assert process.returncode == 1, process.stderr
    assert not canary.exists()
    report = json.loads(process.stdout)
    assert report["summary"]["files_checked"] == 2
    assert {f["path"] for f in report["findings"]} == {"good.json"}


#: The cases cheap enough to run together, many times over.
LIGHT = [
    name
    for name in CASES
    if not any(word in name for word in ("20 MB", "60,000", "size limit", "400 MB", "named on"))
]


def _check_with_workers(folder: Path, cases: Callable[[Path], None]) -> dict[str, Any]:
    """Put ``cases`` beside enough good pipelines that worker processes read the files, run
    with ``--jobs 1`` and ``--jobs 2``, and give the report, the same both ways."""
    from pipelint.engine.parallel import MIN_FILES, can_fork

    if not can_fork():
        pytest.skip("workers are forked")
    (folder / ".git").mkdir()
    for index in range(MIN_FILES):
        (folder / f"good{index:02d}.json").write_text(GOOD)
    cases(folder)
    runs = {jobs: run_check(folder, "--jobs", jobs) for jobs in ("1", "2")}
    for process in runs.values():
        assert "Traceback" not in process.stdout + process.stderr
        assert process.returncode == 1, process.stderr
    assert runs["1"].stdout == runs["2"].stdout
    assert runs["1"].stderr == runs["2"].stderr
    report: dict[str, Any] = json.loads(runs["2"].stdout)
    codes = [finding["code"] for finding in report["findings"]]
    assert codes.count("PL101") >= MIN_FILES
    assert "PL003" not in codes
    return report


def _folder_of(name: str) -> str:
    return name.replace(" ", "-").replace(",", "")


def test_hostile_files_read_by_worker_processes(tmp_path: Path) -> None:
    """With many files, worker processes read and parse them: every hostile file gets the
    same finding or skip as in one process, and the report is byte-identical."""

    def hostile(folder: Path) -> None:
        for name in LIGHT:
            (folder / _folder_of(name)).mkdir()
            CASES[name].make(folder / _folder_of(name))

    report = _check_with_workers(tmp_path, hostile)
    for name in LIGHT:
        expect = CASES[name].expect
        found = [
            (f["code"], f["start"]["line"], f["start"]["column"], f["message"])
            for f in report["findings"]
            if f["path"] == f"{_folder_of(name)}/{expect.name}" and f["code"] in ("PL000", "PL101")
        ]
        assert found == list(expect.findings), name


def test_large_files_read_by_worker_processes(tmp_path: Path) -> None:
    """A 20 MB template and one of 60,000 resources, read by a worker and sent back whole,
    fit in the same memory bound and give the report one process gives."""

    def large(folder: Path) -> None:
        for name in ("a 20 MB template", "60,000 resources"):
            CASES[name].make(folder)

    report = _check_with_workers(tmp_path, large)
    found = {(f["path"], f["code"]) for f in report["findings"]}
    assert {("big.yaml", "PL101"), ("many.json", "PL101")} <= found
