"""The base class of every rule, and what a rule yields."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pipelint.engine.findings import Confidence, Related, Severity
from pipelint.model.location import Location

if TYPE_CHECKING:
    from pipelint.engine.context import RuleContext

DOCS_URL = "https://github.com/pipelint/pipelint/blob/main/docs/rules/{code}.md"


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule says about one place; the engine turns it into a :class:`Finding`.

    ``severity`` and ``confidence`` override the rule's defaults for this one finding
    (a rule may report a milder variant of its problem at ``low``). ``masked`` are places
    whose text no output may show (a secret the finding is about).
    """

    message: str
    location: Location
    related: tuple[Related, ...] = ()
    severity: Severity | None = None
    confidence: Confidence | None = None
    masked: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class NoOptions:
    """The options of a rule that takes none."""


class Rule:
    """A check written once against the model.

    Subclasses set the class attributes and implement :meth:`check`, which receives each
    model node whose type is in ``targets``. The class docstring is the rule's documentation
    (*What it does / Why is this bad / Example / Use instead / Configuration / References*):
    its first line is the summary, the rest is Markdown.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence] = Confidence.HIGH
    tags: ClassVar[tuple[str, ...]] = ()
    targets: ClassVar[tuple[type, ...]] = ()
    options_type: ClassVar[type] = NoOptions

    def __init__(self, options: Any = None) -> None:
        self.options = options if options is not None else self.options_type()

    def check(self, node: Any, ctx: RuleContext) -> Iterable[Violation]:
        """Yield a :class:`Violation` for every problem found in ``node``."""
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The one-line summary: the first line of the docstring."""
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0].strip() if doc else cls.name

    @classmethod
    def documentation(cls) -> str:
        """The documentation body (Markdown): the docstring after its first paragraph."""
        doc = inspect.getdoc(cls) or ""
        _, _, body = doc.partition("\n\n")
        return body.strip()

    @classmethod
    def docs_url(cls) -> str:
        return DOCS_URL.format(code=cls.code)
