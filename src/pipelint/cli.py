"""The ``pipelint`` command line."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from pipelint import __version__

if TYPE_CHECKING:
    from pipelint.config import Config
    from pipelint.engine.baseline import Baseline
    from pipelint.engine.findings import Finding, Severity
    from pipelint.engine.runner import RunResult
    from pipelint.plugins.manager import Registry

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A problem with how pipelint was called or configured (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-p",
        dest="plugins",
        action="append",
        default=[],
        metavar="NAME",
        help="load plugin module NAME, or disable plugin NAME with 'no:NAME' (repeatable)",
    )
    common.add_argument("--config", type=Path, metavar="FILE", help="configuration file to use")
    common.add_argument(
        "--ignore-plugin-errors",
        action="store_true",
        help="warn about plugins that fail to load instead of stopping",
    )

    parser = argparse.ArgumentParser(
        prog="pipelint",
        description="Lint AWS deployment pipelines: CodePipeline JSON, "
        "CloudFormation/SAM templates and CodeDeploy AppSpec files.",
    )
    parser.add_argument("--version", action="version", version=f"pipelint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    running = argparse.ArgumentParser(add_help=False)
    running.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="only these rules: codes, prefixes or names, comma-separated",
    )
    running.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="skip these rules: codes, prefixes or names, comma-separated",
    )
    running.add_argument(
        "--kind",
        choices=["pipeline", "cloudformation", "appspec", "buildspec"],
        help="read every file as this kind instead of detecting it",
    )
    running.add_argument(
        "--stdin-filename", metavar="NAME", help="the path to show for standard input"
    )
    running.add_argument(
        "--no-suppressions",
        action="store_true",
        help="report every finding: ignore suppression comments, metadata and entries",
    )
    running.add_argument(
        "--cfn-lint",
        action="store_true",
        default=None,
        help="also run cfn-lint on the CloudFormation templates, in the same report",
    )
    running.add_argument(
        "--rule-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="stop a rule that runs longer than this on one document (default: 10; 0: never)",
    )
    running.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="check files in N processes (default: one per core; 1: in this process only)",
    )
    running.add_argument(
        "--show-skipped",
        action="store_true",
        help="list the files that were not checked, and why (on standard error)",
    )

    check = commands.add_parser(
        "check", parents=[common, running], help="check files and directories"
    )
    check.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or directories to check ('-' reads standard input); default: .",
    )
    check.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        metavar="FMT[=PATH]",
        help="output format: text (default), concise, json, sarif, github, markdown; "
        "FMT=PATH writes it to a file (repeatable)",
    )
    check.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the output to FILE instead of standard output",
    )
    check.add_argument(
        "--fail-on",
        choices=["info", "low", "medium", "high", "critical"],
        help="exit 1 only for findings at or above this severity (default: low)",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings that the baseline FILE does not record",
    )
    check.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text output (auto honours NO_COLOR and terminals)",
    )
    check.add_argument(
        "--explain-prod",
        action="store_true",
        help="show which stages and actions are production, and why",
    )
    check.add_argument(
        "--sarif-category",
        metavar="NAME",
        help="tell SARIF runs apart (automationDetails.id) when one tool uploads several",
    )
    check.add_argument(
        "--show-config",
        action="store_true",
        help="print the configuration in effect and where each value comes from, and exit",
    )
    check.add_argument(
        "--sarif-suppressed",
        action="store_true",
        help="also write suppressed findings to SARIF, marked as suppressed",
    )

    baseline = commands.add_parser(
        "baseline",
        parents=[common, running],
        help="record the current findings, for 'check --baseline' to leave out",
    )
    baseline.add_argument("baseline_file", type=Path, metavar="FILE", help="the baseline to write")
    baseline.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or directories to check; default: .",
    )

    commands.add_parser(
        "init", help="write a commented starter .pipelint.yaml in the current directory"
    )

    rules = commands.add_parser("rules", parents=[common], help="list the available rules")
    rules.add_argument(
        "--all", action="store_true", help="include rules the configuration disables"
    )

    explain = commands.add_parser("explain", parents=[common], help="show a rule's documentation")
    explain.add_argument("rule", metavar="CODE|NAME")
    return parser


class _Ending:
    """What a command has built, kept to the end of a process that :func:`run` ends at
    once: freeing a run's objects one by one, which such a process need not do, took
    55 ms after a run over a thousand files."""

    kept: list[object] | None = None  # a list only in such a process


def run() -> NoReturn:
    """The ``pipelint`` command: :func:`main`, then the process ends at once.

    By then every output is written and flushed, and worker processes are reaped.
    """
    _Ending.kept = []
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a closed stream
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    # The cycle collector is off while a command runs. A run builds many small objects that
    # live until it ends and makes almost no cyclic garbage (406 unreachable objects after
    # 10,000 files); looking for cycles among the rest took a quarter of a run with the
    # default thresholds, and 1.7 s of 14 over 10,000 files with thresholds 100 times
    # higher. Memory is freed by reference counting as usual.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if enabled:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "baseline":
            return _baseline(args)
        if args.command == "init":
            return _init()
        if args.command == "rules":
            return _rules(args)
        return _explain(args)
    except UsageError as exc:
        print(f"pipelint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # ``pipelint ... | head``: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a clear message, no traceback
        if os.environ.get("PIPELINT_DEBUG"):
            raise
        print(
            f"pipelint: internal error: {type(exc).__name__}: {exc}\n"
            "Please report this, with the file if you can (set PIPELINT_DEBUG=1 for a traceback).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


# -- setup shared by the commands ----------------------------------------------------------


def _registry(args: argparse.Namespace) -> Registry:
    from pipelint.engine.setup import make_registry
    from pipelint.plugins.manager import PluginError

    try:
        registry = make_registry(args.plugins, ignore_errors=args.ignore_plugin_errors)
    except PluginError as exc:
        raise UsageError(f"{exc} (--ignore-plugin-errors goes on without it)") from exc
    for error in registry.errors:
        print(f"pipelint: warning: {error}", file=sys.stderr)
    return registry


def _config(args: argparse.Namespace, registry: Registry) -> Config:
    from pipelint.config import ConfigError
    from pipelint.engine.setup import make_config

    try:
        return make_config(registry, explicit=args.config, start=Path.cwd())
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc


def _seconds(text: str) -> float:
    """An argparse type: a number of seconds, zero or more."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}")
    return value


def _jobs(text: str) -> int:
    """An argparse type: a number of processes, one or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (1 or more), got {text!r}"
        )
    return int(text)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


# -- check -----------------------------------------------------------------------------------


def _effective_config(
    args: argparse.Namespace, registry: Registry
) -> tuple[Config, dict[str, str]]:
    """The configuration with the command line's options applied, and which options those
    were, by configuration key."""
    import dataclasses

    from pipelint.config import ConfigError, check_selector
    from pipelint.engine.findings import Severity

    config = _config(args, registry)
    all_rules = registry.rule_classes()
    select, ignore = _split(args.select), _split(args.ignore)
    try:
        for selector in select:
            check_selector(selector, all_rules, where="--select")
        for selector in ignore:
            check_selector(selector, all_rules, where="--ignore", any_code=True)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    fail_on = getattr(args, "fail_on", None)
    config = dataclasses.replace(
        config,
        select=select or config.select,
        ignore=(*config.ignore, *ignore),
        fail_on=Severity(fail_on) if fail_on else config.fail_on,
        rule_timeout=config.rule_timeout if args.rule_timeout is None else args.rule_timeout,
        cfn_lint=bool(args.cfn_lint) or config.cfn_lint,
    )
    given = {
        "select": select,
        "ignore": ignore,
        "fail-on": fail_on,
        "rule-timeout": args.rule_timeout,
        "cfn-lint": args.cfn_lint,
    }
    overrides = {
        key: f"command line (--{key})"
        for key, value in given.items()
        if value not in (None, (), [])
    }
    return config, overrides


def _run(
    args: argparse.Namespace, registry: Registry, *, keep_sources: bool = False
) -> tuple[Config, RunResult]:
    """Check the paths of ``args`` under the effective configuration (``keep_sources``:
    with the text of each file that has a finding, for formats that show it)."""
    from pipelint.cfn_lint import CfnLintError
    from pipelint.engine.discovery import DiscoveryError, discover
    from pipelint.engine.parallel import default_jobs
    from pipelint.engine.runner import Runner
    from pipelint.loaders.document import DocumentKind

    config, _ = _effective_config(args, registry)
    root = Path.cwd()
    try:
        sources = discover(
            args.paths,
            root=root,
            exclude=config.exclude,
            exclude_base=config.path.parent if config.path is not None else None,
            stdin_filename=args.stdin_filename,
        )
    except DiscoveryError as exc:
        raise UsageError(str(exc)) from exc

    forced_kind = DocumentKind(args.kind) if args.kind else None
    runner = Runner(
        registry,
        config,
        forced_kind=forced_kind,
        root=root,
        suppressions=not args.no_suppressions,
        jobs=args.jobs or default_jobs(),
        keep_sources=keep_sources,
    )
    try:
        result = runner.run(sources)
    except CfnLintError as exc:
        raise UsageError(str(exc)) from exc
    if _Ending.kept is not None:
        _Ending.kept.append(result)
    if args.show_skipped:
        for path, reason in result.skipped:
            print(f"skipped {path}: {reason}", file=sys.stderr)
    return config, result


def _check(args: argparse.Namespace) -> int:
    from pipelint.engine.report import OnDemand, Report
    from pipelint.model.pipeline import Pipeline
    from pipelint.plugins.manager import PluginError

    registry = _registry(args)
    if args.show_config:
        return _show_config(args, registry)
    outputs = _outputs(args, registry)
    baseline = _load_baseline(args.baseline) if args.baseline else None
    shown = (registry.formatters[name] for name, _ in outputs)
    keep_sources = any(getattr(formatter, "shows_source", True) for formatter in shown)
    try:
        config, result = _run(args, registry, keep_sources=keep_sources)
    except PluginError as exc:
        print(f"pipelint: error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    root = Path.cwd()
    findings, baselined = result.findings, 0
    if baseline is not None:
        findings, baselined = baseline.new_findings(findings, root)
    pipelines = OnDemand(lambda: result.of_type(Pipeline))
    if args.explain_prod and result.production is not None:
        from pipelint.model.codebuild import CodeBuildProject
        from pipelint.model.codedeploy import DeploymentGroup
        from pipelint.model.sam import SamFunction
        from pipelint.production import DeployTarget, explain_production

        targets: list[DeployTarget] = [
            *result.of_type(DeploymentGroup),
            *result.of_type(SamFunction),
            *result.of_type(CodeBuildProject),
        ]
        human = any(target is None and name in ("text", "concise") for name, target in outputs)
        (sys.stdout if human else sys.stderr).write(
            explain_production(pipelines, result.production, targets) + "\n"
        )

    for fmt_name, destination in outputs:
        formatter = registry.formatters[fmt_name]()
        report = Report(
            findings=findings,
            rules=result.rules,
            sources=result.sources,
            root=str(root),
            files_checked=result.files_checked,
            tool_version=__version__,
            color=destination is None and _use_color(args.color, sys.stdout),
            options=_format_options(args),
            suppressed=result.suppressed,
            baselined=baselined,
            pipelines=pipelines,
        )
        _write(formatter.format(report), destination)
    return _exit_code(findings, config.fail_on)


def _show_config(args: argparse.Namespace, registry: Registry) -> int:
    from pipelint.config_tools import describe

    config, overrides = _effective_config(args, registry)
    names = {code: rule.name for code, rule in registry.rule_classes().items()}
    sys.stdout.write(
        describe(
            config,
            overrides=overrides,
            plugin_defaults=registry.default_configs,
            rule_names=names,
        )
    )
    return EXIT_OK


def _init() -> int:
    from pipelint.config_tools import InitError, write_starter

    try:
        path = write_starter(Path.cwd())
    except InitError as exc:
        raise UsageError(str(exc)) from exc
    print(f"Wrote {path.name}: edit it, then run 'pipelint check'.", file=sys.stderr)
    return EXIT_OK


def _load_baseline(path: Path) -> Baseline:
    from pipelint.engine.baseline import BaselineError, load

    try:
        return load(path)
    except BaselineError as exc:
        raise UsageError(f"{exc} ('pipelint baseline {path}' writes one)") from exc


def _baseline(args: argparse.Namespace) -> int:
    from pipelint.engine.baseline import dumps, record
    from pipelint.formatters._common import plural
    from pipelint.plugins.manager import PluginError

    try:
        _, result = _run(args, _registry(args))
    except PluginError as exc:
        print(f"pipelint: error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    _write(dumps(record(result.findings, args.baseline_file, Path.cwd())), args.baseline_file)
    files = len({finding.location.path for finding in result.findings})
    print(
        f"Recorded {plural(len(result.findings), 'finding')} in {plural(files, 'file')} "
        f"to {args.baseline_file}; 'pipelint check --baseline {args.baseline_file}' "
        "reports only new ones.",
        file=sys.stderr,
    )
    return EXIT_OK


def _format_options(args: argparse.Namespace) -> dict[str, str]:
    options = {}
    if args.sarif_category:
        options["sarif-category"] = args.sarif_category
    if args.sarif_suppressed:
        options["sarif-suppressed"] = "true"
    return options


def _exit_code(findings: Sequence[Finding], fail_on: Severity) -> int:
    """3 when a rule or plugin failed (PL003), else 1 for findings at ``fail_on`` or above."""
    from pipelint.engine.engine_rules import RuleError

    if any(finding.code == RuleError.code for finding in findings):
        return EXIT_INTERNAL
    return EXIT_FINDINGS if any(f.severity.rank >= fail_on.rank for f in findings) else EXIT_OK


def _outputs(args: argparse.Namespace, registry: Registry) -> list[tuple[str, Path | None]]:
    outputs: list[tuple[str, Path | None]] = []
    for spec in args.formats or ["text"]:
        name, _, target = spec.partition("=")
        if name not in registry.formatters:
            from pipelint.config import close_matches

            close = close_matches(name, list(registry.formatters))
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            available = ", ".join(sorted(registry.formatters))
            raise UsageError(f"unknown format {name!r}{hint}; available: {available}")
        outputs.append((name, Path(target) if target else args.output))
    to_stdout = [name for name, target in outputs if target is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"formats {', '.join(to_stdout)} would all go to standard output; "
            "give each but one a path (FMT=PATH)"
        )
    targets = [target.resolve() for _, target in outputs if target is not None]
    for target in sorted({t for t in targets if targets.count(t) > 1}):
        names = [name for name, path in outputs if path is not None and path.resolve() == target]
        raise UsageError(f"formats {', '.join(names)} would all be written to {target}")
    return outputs


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _write(text: str, destination: Path | None) -> None:
    if destination is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    import tempfile

    directory = destination.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(temporary, _file_mode(destination))
            os.replace(temporary, destination)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {destination}: {exc.strerror or exc}") from exc


def _file_mode(path: Path) -> int:
    """The permissions a report written to ``path`` gets: those of the file it replaces, or
    what the umask gives a new file (a temporary file would otherwise leave it private)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# -- rules and explain -----------------------------------------------------------------------


def _rules(args: argparse.Namespace) -> int:
    from pipelint.config import enabled_rules

    registry = _registry(args)
    rules = registry.rule_classes()
    if not args.all:
        rules = enabled_rules(_config(args, registry), rules)
    width = max((len(rule.name) for rule in rules.values()), default=0)
    for code, rule in sorted(rules.items()):
        print(f"{code}  {rule.name:<{width}}  {rule.severity.value:<8}  {rule.summary()}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from pipelint.config import close_matches

    registry = _registry(args)
    rule = registry.rule(args.rule)
    if rule is None:
        names = [*registry.rules, *(entry.rule.name for entry in registry.rules.values())]
        close = close_matches(args.rule, names)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"no rule {args.rule!r}{hint}; 'pipelint rules' lists them")
    print(f"# {rule.code} {rule.name}\n")
    print(f"{rule.summary()}\n")
    print(
        f"Severity: {rule.severity.value} · Confidence: {rule.confidence.value}"
        + (f" · Tags: {', '.join(rule.tags)}" if rule.tags else "")
        + f" · Plugin: {registry.plugin_of(rule.code)}\n"
    )
    body = rule.documentation()
    if body:
        print(body + "\n")
    print(f"Docs: {rule.docs_url()}")
    return EXIT_OK
