"""Time pipelint against the parse floor, cfn-lint and checkov, as whole processes.

    python benchmarks/bench.py [PATH ...] [--runs 5] [--json benchmarks/results.json]

Run it with the Python of a regular install (``pip install .``): an editable install's
import hook slows every run down, and the script says so when it finds one. Each command
runs ``--runs`` times; the table shows the median wall-clock and CPU time (user + system)
of each and its peak memory (largest resident set over the runs, from the kernel's
accounting of the child). Ratios compare medians. cfn-lint and checkov are looked
up on ``PATH`` and beside this Python unless ``--cfn-lint`` / ``--checkov`` name them; a
tool that is not found is left out. The scale part writes generated trees (see
``generate_tree.py``) to a temporary folder and times them with ``--jobs 1`` and with all
cores, checking that both give the same report.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
_TEMPLATE = re.compile(r"AWSTemplateFormatVersion|^\s*\"?Resources\"?\s*:", re.MULTILINE)
_AWS_TYPE = re.compile(r"\bAWS::\w+::\w+")


@dataclass
class Timing:
    """The runs of one command."""

    name: str
    command: list[str]
    wall: list[float]
    cpu: list[float]
    peak_mb: float
    exit_codes: list[int]

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


#: The commands run as installed: byte code cached (pip compiles it on install; an editable
#: install writes it on first use, which the warm-up run does).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: Sequence[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak resident MB and exit code of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss of the waited-for child covers its own process; worker processes of
    # ``--jobs`` are its children and are counted when it reaps them.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def measure(name: str, command: list[str], runs: int) -> Timing:
    timing = Timing(name, command, [], [], 0.0, [])
    run_once(command)  # warm-up: file cache, byte code
    for _ in range(runs):
        wall, cpu, peak, code = run_once(command)
        timing.wall.append(wall)
        timing.cpu.append(cpu)
        timing.peak_mb = max(timing.peak_mb, peak)
        timing.exit_codes.append(code)
    print(
        f"  {name:<34} wall {timing.wall_median:7.3f} s  cpu {timing.cpu_median:7.3f} s"
        f"  peak {timing.peak_mb:6.1f} MB",
        file=sys.stderr,
    )
    return timing


def find_tool(given: str | None, name: str) -> str | None:
    if given:
        return given
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def source_files(paths: Sequence[Path]) -> list[Path]:
    suffixes = (".json", ".yaml", ".yml", ".template")
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        else:
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in suffixes)
    return [p for p in found if p.is_file()]


def is_template(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(_TEMPLATE.search(text)) and bool(_AWS_TYPE.search(text))


def copy_templates(paths: Sequence[Path], into: Path) -> list[Path]:
    """The CloudFormation templates under ``paths``, copied flat into ``into``."""
    copies = []
    for index, path in enumerate(p for p in source_files(paths) if is_template(p)):
        copy = into / f"{index:04d}-{path.name}"
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def editable_install(pipelint: str) -> bool:
    """Whether the pipelint command runs from an editable install (``pip install -e``): its
    import hook makes each run slower (about 20 ms) than a regular install's."""
    python = Path(pipelint).parent / "python"
    code = (
        "import importlib.metadata as m; "
        "print(m.distribution('pipelint').read_text('direct_url.json') or '{}')"
    )
    if not python.exists():
        return False
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=False)
    try:
        return bool(json.loads(done.stdout or "{}").get("dir_info", {}).get("editable"))
    except ValueError:
        return False


def imports_cfn_lint(pipelint: str, target: Path) -> bool:
    """Whether a pipelint run on ``target`` imports cfn-lint."""
    env = {**ENV, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(
        [pipelint, "check", str(target)], env=env, capture_output=True, text=True, check=False
    )
    return bool(re.search(r"\|\s*cfnlint\b", done.stderr))


def ratio(
    numerator: Timing | None, denominator: Timing | None, field: str = "wall"
) -> float | None:
    if numerator is None or denominator is None:
        return None
    top = getattr(numerator, f"{field}_median")
    bottom = getattr(denominator, f"{field}_median")
    return round(top / bottom, 2) if bottom else None


def pipelint_command(pipelint: str, *args: str) -> list[str]:
    return [pipelint, "check", *args, "--format", "concise", "--output", os.devnull]


def bench_corpus(args: argparse.Namespace, tools: dict[str, str | None]) -> dict[str, object]:
    paths = [str(p) for p in args.paths]
    floor = [sys.executable, str(HERE / "parse_floor.py"), *paths]
    print("whole corpus", file=sys.stderr)
    lint = measure("pipelint", pipelint_command(tools["pipelint"], *paths), args.runs)  # type: ignore[arg-type]
    base = measure("parse floor", floor, args.runs)
    return {
        "pipelint": lint,
        "floor": base,
        "pipelint/floor wall": ratio(lint, base),
        "pipelint/floor cpu": ratio(lint, base, "cpu"),
        "peak MB": lint.peak_mb,
    }


def bench_templates(
    args: argparse.Namespace, tools: dict[str, str | None], folder: Path
) -> dict[str, object]:
    templates = copy_templates(args.paths, folder)
    print(f"{len(templates)} CloudFormation templates", file=sys.stderr)
    out: dict[str, object] = {"templates": len(templates)}
    lint = measure("pipelint", pipelint_command(tools["pipelint"], str(folder)), args.runs)  # type: ignore[arg-type]
    out["pipelint"] = lint
    tool_runs = max(1, min(args.runs, args.tool_runs))
    if tools["cfn-lint"]:
        cfn = measure(
            "cfn-lint",
            [tools["cfn-lint"], "--format", "parseable", *map(str, templates)],
            tool_runs,
        )
        out["cfn-lint"] = cfn
        out["cfn-lint/pipelint wall"] = ratio(cfn, lint)
        out["cfn-lint/pipelint cpu"] = ratio(cfn, lint, "cpu")
    if tools["checkov"]:
        checkov = [tools["checkov"], "--quiet", "--compact", "--framework", "cloudformation"]
        cko = measure("checkov", [*checkov, "-d", str(folder)], tool_runs)
        out["checkov"] = cko
        out["checkov/pipelint wall"] = ratio(cko, lint)
        out["checkov/pipelint cpu"] = ratio(cko, lint, "cpu")
    return out


def pick_single(paths: Sequence[Path]) -> Path:
    """A small CloudFormation template (2-8 KB), as a pre-commit hook would see."""
    for path in source_files(paths):
        if 2048 <= path.stat().st_size <= 8192 and is_template(path):
            return path
    raise SystemExit("no small template found: name one with --single")


def bench_single(args: argparse.Namespace, tools: dict[str, str | None]) -> dict[str, object]:
    target = args.single or pick_single(args.paths)
    print(f"single file {target}", file=sys.stderr)
    pipelint = tools["pipelint"]
    assert pipelint is not None
    out: dict[str, object] = {"file": str(target)}
    lint = measure("pipelint", pipelint_command(pipelint, str(target)), args.runs)
    out["pipelint"] = lint
    out["floor"] = measure(
        "parse floor", [sys.executable, str(HERE / "parse_floor.py"), str(target)], args.runs
    )
    out["imports cfn-lint"] = imports_cfn_lint(pipelint, target)
    if tools["cfn-lint"]:
        cfn = measure("cfn-lint", [tools["cfn-lint"], str(target)], args.runs)
        out["cfn-lint"] = cfn
        out["pipelint/cfn-lint wall"] = ratio(lint, cfn)
    if tools["checkov"]:
        checkov = [tools["checkov"], "--quiet", "--compact", "--framework", "cloudformation"]
        cko = measure("checkov", [*checkov, "-f", str(target)], max(1, args.tool_runs))
        out["checkov"] = cko
        out["pipelint/checkov wall"] = ratio(lint, cko)
    return out


def bench_tree(
    args: argparse.Namespace, tools: dict[str, str | None], folder: Path
) -> dict[str, object]:
    sys.path.insert(0, str(HERE))
    from generate_tree import write_tree

    pipelint = tools["pipelint"]
    assert pipelint is not None
    cores = os.cpu_count() or 1
    out: dict[str, object] = {"cores": cores}
    for size in args.tree_sizes:
        root = folder / f"tree-{size}"
        write_tree(root, size)
        print(f"generated tree of {size} files", file=sys.stderr)
        serial = measure(
            f"pipelint --jobs 1 ({size})", _tree_command(pipelint, root, 1), args.tree_runs
        )
        parallel = measure(
            f"pipelint --jobs {cores} ({size})",
            _tree_command(pipelint, root, cores),
            args.tree_runs,
        )
        same = _report(pipelint, root, 1) == _report(pipelint, root, cores)
        out[str(size)] = {
            "jobs 1": serial,
            f"jobs {cores}": parallel,
            "ms per file, jobs 1": round(serial.wall_median / size * 1000, 3),
            f"ms per file, jobs {cores}": round(parallel.wall_median / size * 1000, 3),
            "speed-up wall": ratio(serial, parallel),
            "same report": same,
        }
        shutil.rmtree(root)
    return out


def _tree_command(pipelint: str, root: Path, jobs: int) -> list[str]:
    return pipelint_command(pipelint, str(root), "--jobs", str(jobs))


def _report(pipelint: str, root: Path, jobs: int) -> bytes:
    command = [pipelint, "check", str(root), "--jobs", str(jobs), "--format", "json"]
    return subprocess.run(command, capture_output=True, check=False, cwd=root, env=ENV).stdout


def _shown(value: object) -> str:
    if isinstance(value, Timing):
        return (
            f"{value.wall_median:.3f} s wall, {value.cpu_median:.3f} s cpu,"
            f" {value.peak_mb:.0f} MB peak"
        )
    return str(value)


def table(results: dict[str, dict[str, object]]) -> str:
    rows: list[tuple[str, str]] = []
    for section, values in results.items():
        for key, value in values.items():
            if isinstance(value, dict):
                for inner, item in value.items():
                    rows.append((f"{section} {key}: {inner}", _shown(item)))
            else:
                rows.append((f"{section}: {key}", _shown(value)))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {text}" for name, text in rows)


def _plain(value: object) -> object:
    if isinstance(value, Timing):
        return {
            **asdict(value),
            "wall_median": round(value.wall_median, 4),
            "cpu_median": round(value.cpu_median, 4),
        }
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median)")
    parser.add_argument(
        "--tool-runs", type=int, default=3, help="runs of cfn-lint and checkov on all templates"
    )
    parser.add_argument("--pipelint", help="the pipelint command (default: beside this Python)")
    parser.add_argument("--cfn-lint", dest="cfn_lint", help="the cfn-lint command")
    parser.add_argument("--checkov", help="the checkov command (e.g. from its own venv)")
    parser.add_argument("--single", type=Path, help="the file of the single-file runs")
    parser.add_argument(
        "--tree-sizes",
        type=lambda text: [int(part) for part in text.split(",") if part],
        default=[1000, 10_000],
        help="sizes of the generated trees, comma-separated (empty: no scale part)",
    )
    parser.add_argument("--tree-runs", type=int, default=3)
    parser.add_argument(
        "--only", choices=["corpus", "templates", "single", "tree"], action="append"
    )
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    tools = {
        "pipelint": find_tool(args.pipelint, "pipelint"),
        "cfn-lint": find_tool(args.cfn_lint, "cfn-lint"),
        "checkov": find_tool(args.checkov, "checkov"),
    }
    if tools["pipelint"] is None:
        print("pipelint not found: install it or name it with --pipelint", file=sys.stderr)
        return 2
    wanted = set(args.only or ["corpus", "templates", "single", "tree"])
    results: dict[str, dict[str, object]] = {}
    editable = editable_install(tools["pipelint"])
    results["setup"] = {"pipelint": tools["pipelint"], "editable install": editable}
    if editable:
        print(
            "note: pipelint is an editable install, slower to start than a user's; "
            "for figures to publish, run this from a venv with 'pip install .'",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="pipelint-bench-") as scratch:
        if "corpus" in wanted:
            results["corpus"] = bench_corpus(args, tools)
        if "templates" in wanted:
            folder = Path(scratch) / "templates"
            folder.mkdir()
            results["templates"] = bench_templates(args, tools, folder)
        if "single" in wanted:
            results["single"] = bench_single(args, tools)
        if "tree" in wanted and args.tree_sizes:
            results["tree"] = bench_tree(args, tools, Path(scratch))
    print(table(results))
    if args.json:
        plain = {"tools": tools, "cpu_count": os.cpu_count(), **_plain(results)}  # type: ignore[dict-item]
        args.json.write_text(json.dumps(plain, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
