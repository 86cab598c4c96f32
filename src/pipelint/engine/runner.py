"""A run: read every file, build the model, dispatch nodes to rules, collect findings."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pipelint.config import Config, enabled_rules, make_options, selector_matches
from pipelint.engine.context import RuleContext
from pipelint.engine.discovery import Source, display_path, excluded
from pipelint.engine.engine_rules import InvalidDocument, ParseError, RuleError, UnusedSuppression
from pipelint.engine.files import FileProbe
from pipelint.engine.findings import Finding, Related, Severity
from pipelint.engine.rule import Rule, Violation
from pipelint.engine.time_limit import Budget, RuleTimeout, TimeLimits
from pipelint.loaders.document import Document, DocumentKind, LoadError
from pipelint.model.location import START, Location
from pipelint.plugins.manager import Registry

if TYPE_CHECKING:
    from pipelint.engine.suppressions import SuppressedFinding
    from pipelint.model.build import DocumentModel
    from pipelint.model.node import Node
    from pipelint.plugins.loaders import LoaderPlugin
    from pipelint.production import ProductionClassifier

N = TypeVar("N", bound="Node")


@dataclass
class RunResult:
    """What a run found, and what it read."""

    findings: list[Finding]
    rules: dict[str, type[Rule]]
    documents: dict[str, Document] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    models: list[DocumentModel] = field(default_factory=list)
    production: ProductionClassifier | None = None
    suppressed: list[SuppressedFinding] = field(default_factory=list)

    def of_type(self, kind: type[N]) -> tuple[N, ...]:
        """Every node of type ``kind`` the run modelled, in run order."""
        if self.production is not None and self.production.project is not None:
            return self.production.project.of_type(kind)
        return tuple(node for model in self.models for node in model.of_type(kind))

    @property
    def files_checked(self) -> int:
        unparsed = {f.location.path for f in self.findings if f.code == ParseError.code}
        return len(self.documents.keys() | unparsed)


class Runner:
    """Checks files against the enabled rules of a registry under one configuration."""

    def __init__(
        self,
        registry: Registry,
        config: Config,
        *,
        forced_kind: DocumentKind | None = None,
        root: Path | None = None,
        suppressions: bool = True,
        jobs: int = 1,
    ) -> None:
        self.registry = registry
        self.config = config
        self.forced_kind = forced_kind
        self.suppressions = suppressions
        #: Processes to check many files with (see :mod:`pipelint.engine.parallel`).
        self.jobs = jobs
        #: What finding paths are relative to; per-file ignores are relative to the
        #: configuration file's folder.
        self.root = root if root is not None else Path.cwd()
        self._ignore_base = config.path.parent if config.path is not None else self.root
        self.rules = enabled_rules(config, registry.rule_classes())
        self._instances = [rule(make_options(rule, config)) for rule in self.rules.values()]
        self._dispatch: dict[type, list[Rule]] = {}

    # -- reading ----------------------------------------------------------------------------

    def run(
        self, sources: Sequence[Source], read_stdin: Callable[[], bytes] | None = None
    ) -> RunResult:
        from pipelint.engine.parallel import MIN_FILES, read_ahead, reap_workers

        self.registry.configure(self.config)
        result = RunResult(findings=[], rules=self.rules)
        serial = len(sources) < MIN_FILES or any(source.path is None for source in sources)
        jobs = 1 if serial else self.jobs
        # Workers read and parse; models are built here as the documents arrive (sending
        # models between processes costs more than building them).
        built: list[tuple[int, _Prepared]] = []  # in the order the models were built
        loads = read_ahead(lambda source: self._load(source, read_stdin), sources, jobs)
        with contextlib.closing(loads):
            built.extend((index, self._prepare(loaded)) for index, loaded in loads)
        every = [prepared for _, prepared in sorted(built, key=lambda pair: pair[0])]
        for prepared in every:
            result.findings.extend(prepared.findings)
            result.skipped.extend(prepared.skipped)
            result.sources.update(prepared.sources)
            if prepared.document is not None:
                result.documents[prepared.document.path] = prepared.document
        models = [prepared.model for prepared in every if prepared.model is not None]
        in_build_order = [prepared.model for _, prepared in built if prepared.model is not None]
        self._check(result, models, in_build_order, jobs)
        if self.config.cfn_lint:
            self._run_cfn_lint(result)
        result.findings = self._finish(result.findings)
        if self.suppressions:
            self._suppress(result)
        wanted = {finding.location.path for finding in result.findings}
        result.sources = {path: text for path, text in result.sources.items() if path in wanted}
        reap_workers()  # they have ended while the findings were put in order
        return result

    def _load(self, source: Source, read_stdin: Callable[[], bytes] | None) -> _Prepared:
        """Read, parse and check the structure of one file (in a worker process, when there
        are many). What it finds goes into a result of its own."""
        result = RunResult(findings=[], rules=self.rules)
        document = self._read(source, result, read_stdin)
        if (
            document is not None
            and document.kind is not None
            and InvalidDocument.code in self.rules
        ):
            self._check_structure(document, result.findings)
        return _Prepared.of(result, document)

    def _prepare(self, loaded: _Prepared) -> _Prepared:
        """Model one file :meth:`_load` read."""
        from pipelint.model.build import DocumentModel, build_model

        document = loaded.document
        if document is None:
            return loaded
        result = RunResult(loaded.findings, self.rules, skipped=loaded.skipped)
        result.sources = loaded.sources
        loader = None
        if document.kind is None:
            loader = self._plugin_loader(document, result)
            if loader is None:
                result.skipped.append(
                    (document.path, "not a pipeline, template, AppSpec or buildspec")
                )
                return _Prepared.of(result)
        result.sources[document.path] = document.text
        try:
            if loader is None:
                model = build_model(document)
            else:
                model = DocumentModel(
                    document=document, template=None, nodes=tuple(loader.build(document))
                )
        except Exception as exc:  # a builder bug must not cost the other files
            self._engine_finding(
                result.findings,
                RuleError,
                f"the model of this document could not be built: {_describe(exc)}",
                Location(document.path, START),
            )
            return _Prepared.of(result, document)
        return _Prepared.of(result, document, model)

    def _read(
        self, source: Source, result: RunResult, read_stdin: Callable[[], bytes] | None
    ) -> Document | None:
        from pipelint.loaders.detect import sniff_kind
        from pipelint.loaders.load import MAX_BYTES, load_document

        shown = source.display_path
        try:
            if source.path is None:
                raw = read_stdin() if read_stdin else sys.stdin.buffer.read(MAX_BYTES + 1)
            else:
                raw = _read_bounded(source.path, MAX_BYTES + 1)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if source.explicit:
                self._engine_finding(
                    result.findings,
                    ParseError,
                    f"cannot read file: {reason}",
                    Location(shown, START),
                )
            else:
                result.skipped.append((shown, f"cannot read file: {reason}"))
            return None
        try:
            document = load_document(shown, raw, kind=self.forced_kind)
        except LoadError as exc:
            text = exc.text if exc.text is not None else _readable(raw)
            if self.forced_kind is not None or sniff_kind(text) is not None:
                result.sources[shown] = text
                self._engine_finding(
                    result.findings, ParseError, exc.message, Location(shown, exc.span)
                )
            else:
                result.skipped.append(
                    (shown, f"not a known kind, and does not parse: {exc.message}")
                )
            return None
        return document

    def _plugin_loader(self, document: Document, result: RunResult) -> LoaderPlugin | None:
        """The first plugin loader that claims a document of no built-in kind."""
        for plugin, loader in self.registry.loaders:
            try:
                if loader.detect(document.data):
                    return loader
            except Exception as exc:  # a plugin's bug must not cost the other files
                message = f"loader of plugin {plugin!r} failed on this document: {_describe(exc)}"
                self._engine_finding(
                    result.findings, RuleError, message, Location(document.path, START)
                )
        return None

    # -- checking ---------------------------------------------------------------------------

    def _check(
        self,
        result: RunResult,
        models: list[DocumentModel],
        built: list[DocumentModel],
        jobs: int,
    ) -> None:
        """Index every model in one project, then run the rules on each document. The
        rules on one document need no other document but through the project, so they are
        what ``jobs`` processes share.

        ``models`` are in run order, ``built`` in the order they were built. Processes take
        the documents in the order they were built: the objects of documents built one
        after the other share memory pages, which a process copies from the others when it
        touches them. The findings are put back in run order.
        """
        from pipelint.engine.parallel import fork_map
        from pipelint.model.project import Project
        from pipelint.production import ProductionClassifier

        project = Project(models)
        production = ProductionClassifier(self.config.production, project)
        result.models, result.production = models, production
        files = FileProbe(self.root)
        if jobs > 1:
            project.prepare()  # once here, rather than in every process

        def check(model: DocumentModel) -> list[Finding]:
            found: list[Finding] = []
            ctx = RuleContext(model=model, project=project, production=production, files=files)
            with TimeLimits(self.config.rule_timeout) as limits:
                budget = limits.budget()
                for node in (*model.nodes, model):
                    for rule in self._rules_for(type(node)):
                        if rule.code not in budget.expired:
                            self._apply(rule, node, ctx, found, budget)
            return found

        by_model = dict(zip(map(id, built), fork_map(check, built, jobs), strict=True))
        for model in models:
            result.findings.extend(by_model[id(model)])

    def _check_structure(self, document: Document, findings: list[Finding]) -> None:
        from pipelint.engine.structure import check_structure

        try:
            problems = list(check_structure(document))
        except Exception as exc:  # a checker bug must not cost the other findings
            message = f"the structure of this document could not be checked: {_describe(exc)}"
            self._engine_finding(findings, RuleError, message, Location(document.path, START))
            return
        for problem in problems:
            self._engine_finding(findings, InvalidDocument, problem.message, problem.location)

    def _run_cfn_lint(self, result: RunResult) -> None:
        """Add cfn-lint's matches in the run's templates (``cfn-lint`` in the configuration)."""
        from pipelint.cfn_lint import cfn_lint_findings, rule_class

        rules = dict(result.rules)
        for item in cfn_lint_findings(result.documents.values(), ignore=self.config.ignore):
            if isinstance(item, Finding):
                result.findings.append(item)
                rules.setdefault(item.code, rule_class(item.code))
            else:
                document, exc = item
                message = f"cfn-lint failed on this document: {_describe(exc)}"
                self._engine_finding(
                    result.findings, RuleError, message, Location(document.path, START)
                )
        result.rules = dict(sorted(rules.items()))

    def _rules_for(self, node_type: type) -> list[Rule]:
        rules = self._dispatch.get(node_type)
        if rules is None:
            rules = [
                rule
                for rule in self._instances
                if rule.targets and issubclass(node_type, rule.targets)
            ]
            self._dispatch[node_type] = rules
        return rules

    def _apply(
        self, rule: Rule, node: Any, ctx: RuleContext, findings: list[Finding], budget: Budget
    ) -> None:
        try:
            with budget.charge(rule.code):
                violations = list(rule.check(node, ctx))
            for violation in violations:
                if not isinstance(violation, Violation) or not isinstance(
                    violation.location, Location
                ):
                    raise TypeError(f"yielded {violation!r}, not a Violation with a Location")
        except RuleTimeout:
            failure = f"was stopped after {self.config.rule_timeout:g} s on this document"
        except Exception as exc:  # one failing rule must not cost the other findings
            failure = f"failed on this document: {_describe(exc)}"
        else:
            findings.extend(self._finding(rule, violation) for violation in violations)
            return
        plugin = self.registry.plugin_of(rule.code)
        message = f"rule {rule.code} {rule.name} (plugin {plugin!r}) {failure}"
        self._engine_finding(findings, RuleError, message, Location(ctx.model.document.path, START))

    def _finding(self, rule: Rule, violation: Violation) -> Finding:
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=self._severity(rule.code, violation.severity or rule.severity),
            message=violation.message,
            location=violation.location,
            related=violation.related,
            confidence=violation.confidence or rule.confidence,
            plugin=self.registry.plugin_of(rule.code),
            masked=violation.masked,
        )

    def _engine_finding(
        self,
        findings: list[Finding],
        rule: type[Rule],
        message: str,
        location: Location,
        related: Iterable[Related] = (),
    ) -> None:
        if rule.code not in self.rules:
            return
        findings.append(
            Finding(
                code=rule.code,
                name=rule.name,
                severity=self._severity(rule.code, rule.severity),
                message=message,
                location=location,
                related=tuple(related),
                plugin=self.registry.plugin_of(rule.code),
            )
        )

    def _severity(self, code: str, default: Severity) -> Severity:
        """The configuration's severity for rule ``code``, else ``default``."""
        settings = self.config.rules.get(code)
        return (settings.severity if settings else None) or default

    # -- filtering --------------------------------------------------------------------------

    def _finish(self, findings: list[Finding]) -> list[Finding]:
        unique = {
            (f.code, f.location, f.message): f for f in findings if not self._ignored_for_file(f)
        }
        return sorted(unique.values(), key=lambda f: f.sort_key)

    def _suppress(self, result: RunResult) -> None:
        """Leave out what the files and the configuration suppress; report unused ones."""
        from pipelint.engine.suppressions import apply_suppressions, collect_suppressions

        found = collect_suppressions(result.documents.values(), self.config, self.root)
        if not found:
            return
        from pipelint.cfn_lint import is_cfn_lint_code

        also_checked = is_cfn_lint_code if self.config.cfn_lint else (lambda selector: False)
        outcome = apply_suppressions(result.findings, found, self.rules, also_checked)
        result.findings, result.suppressed = outcome.findings, outcome.suppressed
        for unused in outcome.unused:
            self._engine_finding(result.findings, UnusedSuppression, unused.message, unused.origin)
        result.findings.sort(key=lambda f: f.sort_key)

    def _ignored_for_file(self, finding: Finding) -> bool:
        rule = self.rules.get(finding.code)
        ignores = self.config.per_file_ignores
        if rule is None or not ignores:
            return False
        path = display_path(self.root / finding.location.path, self._ignore_base)
        return any(
            excluded(path, (pattern,)) and any(selector_matches(s, rule) for s in selectors)
            for pattern, selectors in ignores.items()
        )


@dataclass
class _Prepared:
    """What reading and modelling one file gave."""

    findings: list[Finding]
    skipped: list[tuple[str, str]]
    sources: dict[str, str]
    document: Document | None = None
    model: DocumentModel | None = None

    @classmethod
    def of(
        cls,
        result: RunResult,
        document: Document | None = None,
        model: DocumentModel | None = None,
    ) -> _Prepared:
        return cls(result.findings, result.skipped, result.sources, document, model)


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``.

    Opened without blocking and checked after opening, so a FIFO, a device or a directory
    (even one swapped in after discovery) is an error rather than a hang or an endless read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read(limit)


def _readable(raw: bytes) -> str:
    """The text of a file that does not decode, as well as it can be, for code frames."""
    from pipelint.loaders.text import normalize_newlines

    return normalize_newlines(raw.decode("utf-8", "replace"))


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
