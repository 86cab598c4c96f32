"""A run: read every file, build the model, dispatch nodes to rules, collect findings."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pipelint.config import Config, enabled_rules, make_options, selector_matches
from pipelint.engine.context import RuleContext
from pipelint.engine.discovery import Source, display_path, excluded
from pipelint.engine.engine_rules import InvalidDocument, ParseError, RuleError, UnusedSuppression
from pipelint.engine.files import FileProbe
from pipelint.engine.findings import Finding, Related, Severity
from pipelint.engine.rule import Rule, Violation
from pipelint.engine.time_limit import Budget, RuleTimeout, TimeLimits
from pipelint.loaders.document import Document, DocumentKind, LoadError
from pipelint.model.facts import DocumentChanged
from pipelint.model.location import START, Location
from pipelint.plugins.manager import Registry

if TYPE_CHECKING:
    from pipelint.engine.parallel import Meeting
    from pipelint.engine.suppressions import SuppressedFinding, Suppression
    from pipelint.model.build import DocumentModel
    from pipelint.model.node import Node
    from pipelint.model.project import Project
    from pipelint.plugins.loaders import LoaderPlugin
    from pipelint.production import ProductionClassifier

N = TypeVar("N", bound="Node")
T = TypeVar("T")


@dataclass
class RunResult:
    """What a run found, and what it read.

    ``read`` holds the path of every document read, in run order; ``documents`` and
    ``models`` every document and model, unless the run was shared among processes
    (``jobs``): then none, as each document stays in the process that checked it. The
    project (``production.project``) answers for every document either way: see
    :meth:`of_type`. ``sources`` holds the text of each file that has a finding, unless the
    runner was told not to keep them (``keep_sources``).
    """

    findings: list[Finding]
    rules: dict[str, type[Rule]]
    documents: dict[str, Document] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    models: list[DocumentModel] = field(default_factory=list)
    production: ProductionClassifier | None = None
    suppressed: list[SuppressedFinding] = field(default_factory=list)
    read: list[str] = field(default_factory=list)

    def of_type(self, kind: type[N]) -> tuple[N, ...]:
        """Every node of type ``kind`` the run modelled, in run order (documents modelled
        in another process are modelled again here when there are such nodes)."""
        if self.production is not None and self.production.project is not None:
            return self.production.project.of_type(kind)
        return tuple(node for model in self.models for node in model.of_type(kind))

    @property
    def files_checked(self) -> int:
        unparsed = {f.location.path for f in self.findings if f.code == ParseError.code}
        return len(set(self.read) | unparsed)


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
        keep_sources: bool = True,
    ) -> None:
        self.registry = registry
        self.config = config
        self.forced_kind = forced_kind
        self.suppressions = suppressions
        #: Processes to check many files with (see :mod:`pipelint.engine.parallel`).
        self.jobs = jobs
        #: Whether the result holds the text of each file that has a finding (``sources``).
        self.keep_sources = keep_sources
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
        from pipelint.engine.parallel import MIN_FILES, can_fork, reap_workers

        self.registry.configure(self.config)
        result = RunResult(findings=[], rules=self.rules)
        shared = (
            self.jobs > 1
            and len(sources) >= MIN_FILES
            and all(source.path is not None for source in sources)
            and not self.config.cfn_lint  # cfn-lint takes whole documents, in this process
            and can_fork()
        )
        found: list[Suppression] | None = None
        if shared:
            found = self._run_shared(sources, min(self.jobs, len(sources)), result)
        else:
            self._run_here(sources, read_stdin, result)
        result.findings = self._finish(result.findings)
        if self.suppressions:
            self._suppress(result, found)
        wanted = {finding.location.path for finding in result.findings}
        if not self.keep_sources:
            wanted.clear()
        result.sources = {path: text for path, text in result.sources.items() if path in wanted}
        reap_workers()  # they have ended while the findings were put in order
        return result

    def _run_here(
        self, sources: Sequence[Source], read_stdin: Callable[[], bytes] | None, result: RunResult
    ) -> None:
        """Read, model and check every file in this process."""
        every = [self._prepare(self._load(source, read_stdin)) for source in sources]
        for prepared in every:
            self._add_read(result, prepared)
            if prepared.document is not None:
                result.documents[prepared.document.path] = prepared.document
        models = [prepared.model for prepared in every if prepared.model is not None]
        self._check(result, models)
        if self.config.cfn_lint:
            self._run_cfn_lint(result)

    def _run_shared(
        self, sources: Sequence[Source], jobs: int, result: RunResult
    ) -> list[Suppression]:
        """Read, model and check the files in ``jobs`` processes, this one among them; the
        suppressions written in them (see :mod:`pipelint.engine.parallel`).

        Each process models the documents it takes. They then tell each other what their
        documents tell the run (:mod:`pipelint.model.facts`), then what their pipelines
        use, and run the rules on their own documents, then on those of a process that
        has more left. A lookup that needs a document modelled by another process models
        it again where it is asked: the project of each process answers as the project of
        every model would. What the workers find is sent here as they go. This process's
        project, kept in the result, answers what the report asks.
        """
        from pipelint.engine.parallel import Crew
        from pipelint.production import ProductionClassifier

        self._ready_for_workers()
        with Crew(_Share(self, sources).work, len(sources), jobs) as crew:
            built, sent = crew.run()
        result.production = cast(ProductionClassifier, built)  # this process's
        reads: dict[int, _Read | str] = {}
        found: dict[int, list[Finding]] = {}
        for part in sent:  # what reading files gave, or what the rules found in them
            if isinstance(part, _Checked):
                for index, findings in part.found.items():
                    found.setdefault(index, []).extend(findings)
                result.sources.update(part.texts)
            else:
                reads.update(part)
        suppressions: list[Suppression] = []
        for index in sorted(reads):
            read = reads[index]
            if isinstance(read, str):  # a document, and nothing else to tell
                result.read.append(read)
            else:
                self._add_read(result, read.prepared)
                suppressions.extend(read.suppressions)
        for index in sorted(found):
            result.findings.extend(found[index])
        return suppressions

    def _ready_for_workers(self) -> None:
        """Import and read once, before the workers fork, what each would otherwise import
        and read for itself on its first files: the loaders and libyaml's parser, the
        structure schemas, the reader of suppression comments, pickle. (This took 15 ms of
        each worker of a run over a thousand files.)"""
        from importlib import import_module

        from pipelint.engine.structure import schemas
        from pipelint.loaders.yaml_parser import has_libyaml

        for module in ("pickle", "pipelint.engine.suppressions", "pipelint.loaders.load"):
            import_module(module)
        has_libyaml()  # imports libyaml's parser
        if InvalidDocument.code in self.rules:
            schemas()

    def _add_read(self, result: RunResult, prepared: _Prepared) -> None:
        """What reading a file gave, in the result."""
        result.findings.extend(prepared.findings)
        result.skipped.extend(prepared.skipped)
        result.sources.update(prepared.sources)
        path = prepared.document.path if prepared.document is not None else prepared.path
        if path is not None:
            result.read.append(path)

    def _model_again(self, source: Source) -> DocumentModel:
        """The model of a document another process modelled (its findings were reported
        there; the project checks that it reads the same)."""
        scratch = RunResult(findings=[], rules=self.rules)
        model = self._prepare(_Prepared.of(scratch, self._read(source, scratch, None))).model
        if model is None:
            raise DocumentChanged(source.display_path)
        return model

    def _changed(self, exc: DocumentChanged, path: str) -> list[Finding]:
        """What a worker reports when a document another worker read cannot be read
        again the same: the file changed during the run."""
        found: list[Finding] = []
        message = f"{exc}: run pipelint again"
        self._engine_finding(found, RuleError, message, Location(path, START))
        return found

    def _suppressions_in(self, document: Document | None) -> list[Suppression]:
        if document is None or not self.suppressions:
            return []
        from pipelint.engine.suppressions import collect_suppressions

        return collect_suppressions([document], self.config, self.root)

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

    def _check(self, result: RunResult, models: list[DocumentModel]) -> None:
        """Index every model in one project, then run the rules on each document."""
        from pipelint.model.project import Project
        from pipelint.production import ProductionClassifier

        project = Project(models)
        production = ProductionClassifier(self.config.production, project)
        result.models, result.production = models, production
        files = FileProbe(self.root)
        for model in models:
            result.findings.extend(self._check_model(model, project, production, files))

    def _check_model(
        self,
        model: DocumentModel,
        project: Project,
        production: ProductionClassifier,
        files: FileProbe,
    ) -> list[Finding]:
        """The findings of the rules on one document."""
        found: list[Finding] = []
        ctx = RuleContext(model=model, project=project, production=production, files=files)
        with TimeLimits(self.config.rule_timeout) as limits:
            budget = limits.budget()
            for node in (*model.nodes, model):
                for rule in self._rules_for(type(node)):
                    if rule.code not in budget.expired:
                        self._apply(rule, node, ctx, found, budget)
        return found

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

    def _suppress(self, result: RunResult, found: list[Suppression] | None = None) -> None:
        """Leave out what the files and the configuration suppress (``found``, else what
        the run's documents hold); report unused ones."""
        from pipelint.engine.suppressions import apply_suppressions, collect_suppressions

        if found is None:
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
class _Read:
    """What a worker sends about a file it read: what reading and modelling it gave
    (without the document and its model, which stay in the worker, nor its text unless the
    run keeps it), and the suppressions it holds."""

    prepared: _Prepared
    suppressions: list[Suppression]

    @classmethod
    def of(
        cls, prepared: _Prepared, suppressions: list[Suppression], keep_sources: bool
    ) -> _Read | str:
        """What to send; only the document's path when there is nothing else to tell, as
        for most files (sending a whole :class:`_Read` for each of a thousand files cost
        a few milliseconds in the worker and in the main process). The file's text goes
        with what reading it found and with its suppressions, for the report to show."""
        path = prepared.document.path if prepared.document is not None else None
        told = prepared.findings or prepared.skipped or suppressions
        if path is not None and not told:
            return path
        shown = keep_sources and (prepared.findings or suppressions)
        texts = prepared.sources if shown else {}
        sent = _Prepared(prepared.findings, prepared.skipped, texts, path=path)
        return cls(sent, suppressions)


@dataclass
class _Checked:
    """What a process sends about the documents it checked: their findings, by position,
    and the text of each file they are in that it has not sent before (when the run keeps
    the texts)."""

    found: dict[int, list[Finding]]
    texts: dict[str, str]


class _Share:
    """What one process of a run shared among processes does (see
    :meth:`Runner._run_shared`)."""

    def __init__(self, runner: Runner, sources: Sequence[Source]) -> None:
        self.runner = runner
        self.sources = sources
        self.models: dict[int, DocumentModel] = {}  # those modelled here, by position
        self.shown: set[str] = set()  # the files whose text has been sent

    def work(self, meeting: Meeting, tickets: Iterator[range]) -> ProductionClassifier:
        """Read and model the files taken, meet the others, then check this process's
        documents and those taken from the others; what this process's project answers
        with."""
        from pipelint.model.project import Project
        from pipelint.production import ProductionClassifier

        self._read(meeting, tickets)
        project = Project.shared(self.models, self._fetch)
        shares = meeting.share({i: project.facts(model) for i, model in self.models.items()})
        project.learn(_merged(shares))
        found = self._learn_uses(meeting, project)
        production = ProductionClassifier(self.runner.config.production, project)
        self._check(meeting, production, [sorted(share) for share in shares], found)
        return production  # and its project, kept to the end of the process

    def _read(self, meeting: Meeting, tickets: Iterator[range]) -> None:
        runner = self.runner
        read: dict[int, _Read | str] = {}
        for taken in tickets:
            for index in taken:
                prepared = runner._prepare(runner._load(self.sources[index], None))
                if prepared.model is not None:
                    self.models[index] = prepared.model
                suppressions = runner._suppressions_in(prepared.document)
                read[index] = sent = _Read.of(prepared, suppressions, runner.keep_sources)
                if isinstance(sent, _Read):
                    self.shown.update(sent.prepared.sources)
                if len(read) == _BATCH:  # taken in there while the work goes on
                    meeting.send(read)
                    read = {}
        meeting.send(read)

    def _learn_uses(self, meeting: Meeting, project: Project) -> dict[int, list[Finding]]:
        """Tell the others what this process's pipelines use, and learn what theirs use;
        the findings of documents found changed meanwhile."""
        found: dict[int, list[Finding]] = {}
        uses = {}
        for index, model in self.models.items():
            try:
                uses[index] = project.uses(model)
            except DocumentChanged as exc:
                found[index] = self.runner._changed(exc, model.document.path)
        project.learn_uses(_merged(meeting.share({i: u for i, u in uses.items() if u})))
        return found

    def _check(
        self,
        meeting: Meeting,
        production: ProductionClassifier,
        lists: list[list[int]],
        found: dict[int, list[Finding]],
    ) -> None:
        """Check the documents dealt to this process (its own first), sending what the
        rules find as it goes."""
        files = FileProbe(self.runner.root)
        checked = _Checked(found, {})
        for index in meeting.deal(lists):
            findings = checked.found.setdefault(index, [])
            findings.extend(self._check_one(index, production, files))
            if len(checked.found) >= _BATCH:
                self._send(meeting, checked, production)
                checked = _Checked({}, {})
        self._send(meeting, checked, production)

    def _check_one(
        self, index: int, production: ProductionClassifier, files: FileProbe
    ) -> list[Finding]:
        project = production.project
        assert project is not None  # a shared run's
        path = self.sources[index].display_path
        try:
            model = self.models.get(index) or project.model_at(path)  # or another's
        except DocumentChanged as exc:
            return self.runner._changed(exc, path)
        assert model is not None  # a document of the run
        return self.runner._check_model(model, project, production, files)

    def _send(self, meeting: Meeting, checked: _Checked, production: ProductionClassifier) -> None:
        """Send what was found, with the text of each file it is in that was not sent."""
        project = production.project
        if self.runner.keep_sources and project is not None:
            for findings in checked.found.values():
                for path in {finding.location.path for finding in findings} - self.shown:
                    self.shown.add(path)
                    model = project.modelled(path)
                    if model is not None:
                        checked.texts[path] = model.document.text
        meeting.send(checked)

    def _fetch(self, position: int) -> DocumentModel:
        return self.runner._model_again(self.sources[position])


#: How many files a worker sends what it found in at a time.
_BATCH = 32


def _merged(parts: Iterable[dict[int, T]]) -> dict[int, T]:
    """One mapping of what each worker sent by position."""
    merged: dict[int, T] = {}
    for part in parts:
        merged.update(part)
    return merged


@dataclass
class _Prepared:
    """What reading and modelling one file gave."""

    findings: list[Finding]
    skipped: list[tuple[str, str]]
    sources: dict[str, str]
    document: Document | None = None
    model: DocumentModel | None = None
    path: str | None = None  # the document's, when the document itself is not sent

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
