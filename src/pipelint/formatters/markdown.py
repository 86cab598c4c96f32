"""Markdown for a pull request comment or a GitHub job summary.

Each pipeline of the run is drawn as a Mermaid flowchart (stages left to right, the
actions of a stage in run order, parallel actions side by side), with manual approvals
and the places that have findings marked; then a table of every finding with a link to
its rule's page. Every name from a checked file is escaped for Mermaid and Markdown, so
a stage called ``Prod "EU" | <b>`` cannot break the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pipelint.engine.findings import Finding
from pipelint.engine.report import Report
from pipelint.formatters._common import plural, summary_line
from pipelint.model.location import Pointer
from pipelint.model.pipeline import Action, Pipeline, Stage
from pipelint.model.values import Scalar

#: Characters written as they are in a Mermaid label; every other one becomes ``#code;``.
_MERMAID_SAFE = frozenset(" -_.,:/()+=@'")
#: Characters that mean something in Markdown inline text, escaped with a backslash.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]|~")
#: Markers in the flowchart.
_FINDING = "⚠"
_APPROVAL = "✋"

_CLASSES = (
    "  classDef finding fill:#fde2e2,stroke:#c62828,stroke-width:2px",
    "  classDef approval fill:#e3f2e1,stroke:#2e7d32",
)


class MarkdownFormatter:
    """Mermaid flowcharts of the pipelines, then a table of findings."""

    name = "markdown"
    shows_source = False
    description = "Markdown with a Mermaid flowchart per pipeline (GitHub job summaries)"

    def format(self, report: Report) -> str:
        parts = ["# pipelint", "", markdown_text(summary_line(report)), ""]
        pipelines = sorted(report.pipelines, key=lambda p: (p.loc.path, p.loc.span))
        if pipelines:
            parts += ["## Pipelines", ""]
            for number, pipeline in enumerate(pipelines, start=1):
                parts += _pipeline_section(pipeline, number, report.findings)
        if report.findings:
            parts += ["## Findings", "", *_findings_table(report), ""]
        return "\n".join(parts).rstrip("\n") + "\n"


# -- the flowchart ----------------------------------------------------------------------------


def _pipeline_section(pipeline: Pipeline, number: int, findings: Sequence[Finding]) -> list[str]:
    marks = _finding_counts(pipeline, findings)
    title = markdown_text(_pipeline_name(pipeline))
    where = markdown_text(str(pipeline.key_loc or pipeline.loc))
    heading = f"### {title} ({where})"
    own = marks.get(pipeline.loc.pointer, 0)
    lines = [heading, ""]
    if own:
        lines += [f"{_FINDING} {plural(own, 'finding')} on the pipeline itself.", ""]
    lines += ["```mermaid", *flowchart(pipeline, marks, prefix=f"p{number}"), "```", ""]
    return lines


def flowchart(pipeline: Pipeline, marks: dict[Pointer, int], *, prefix: str = "p") -> list[str]:
    """The Mermaid ``flowchart`` lines of one pipeline (without the code fence)."""
    lines = ["flowchart LR"]
    styled: list[str] = []
    stage_ids: list[str] = []
    for s_index, stage in enumerate(pipeline.stages):
        stage_id = f"{prefix}s{s_index}"
        stage_ids.append(stage_id)
        label = _label(_text(stage.name, "stage"), stage.when, marks.get(stage.loc.pointer, 0))
        lines.append(f'  subgraph {stage_id}["{label}"]')
        lines.append("    direction LR")
        groups = _run_order_groups(stage)
        previous: list[str] = []
        for group in groups:
            ids = []
            for action in group:
                a_index = stage.actions.index(action)
                action_id = f"{stage_id}a{a_index}"
                ids.append(action_id)
                count = marks.get(action.loc.pointer, 0)
                lines.append(f"    {action_id}{_action_node(action, count)}")
                if count:
                    styled.append(f"  class {action_id} finding")
                elif action.is_manual_approval:
                    styled.append(f"  class {action_id} approval")
            if previous:
                lines.append(f"    {' & '.join(previous)} --> {' & '.join(ids)}")
            previous = ids
        lines.append("  end")
        if marks.get(stage.loc.pointer, 0):
            styled.append(f"  style {stage_id} stroke:#c62828,stroke-width:2px")
    if len(stage_ids) > 1:
        lines.append("  " + " --> ".join(stage_ids))
    if styled:
        lines += [*_CLASSES, *styled]
    return lines


def _action_node(action: Action, findings: int) -> str:
    kind = "/".join(
        text for text in (_text(action.category, ""), _text(action.provider, "")) if text
    )
    name = _text(action.name, "action")
    label = _label(name, action.when, findings, approval=action.is_manual_approval)
    if kind:
        label += "<br/>" + mermaid_text(kind)
    if action.is_manual_approval:
        return '{{"' + label + '"}}'
    return f'["{label}"]'


def _label(name: str, when: Sequence[str], findings: int, *, approval: bool = False) -> str:
    text = mermaid_text(name)
    if approval:
        text = f"{_APPROVAL} {text}"
    if when:
        text += " " + mermaid_text(f"(if {' and '.join(when)})")
    if findings:
        text = f"{_FINDING} {text} ({plural(findings, 'finding')})"
    return text


def _run_order_groups(stage: Stage) -> list[list[Action]]:
    """The actions of ``stage`` grouped by run order, lowest first (1 when not set)."""
    groups: dict[int, list[Action]] = defaultdict(list)
    for action in stage.actions:
        groups[_run_order(action)].append(action)
    return [groups[order] for order in sorted(groups)]


def _run_order(action: Action) -> int:
    text = action.run_order.text if action.run_order is not None else None
    try:
        return int(text) if text is not None else 1
    except ValueError:
        return 1


def _finding_counts(pipeline: Pipeline, findings: Iterable[Finding]) -> dict[Pointer, int]:
    """How many findings sit on the pipeline, each stage and each action (the deepest)."""
    targets: list[Pointer] = [pipeline.loc.pointer]
    for stage in pipeline.stages:
        targets.append(stage.loc.pointer)
        targets += [action.loc.pointer for action in stage.actions]
    counts: dict[Pointer, int] = defaultdict(int)
    for finding in findings:
        if finding.location.path != pipeline.loc.path:
            continue
        pointer = tuple(str(part) for part in finding.location.pointer)
        inside = [t for t in targets if pointer[: len(t)] == tuple(str(p) for p in t)]
        if inside:
            counts[max(inside, key=len)] += 1
    return counts


def _pipeline_name(pipeline: Pipeline) -> str:
    name = _text(pipeline.name, "")
    return name or pipeline.logical_id or "pipeline"


def _text(scalar: Scalar | None, missing: str) -> str:
    if scalar is None:
        return missing
    text = scalar.text
    if text is not None:
        return text
    intrinsic = scalar.intrinsic
    return f"({intrinsic.function})" if intrinsic is not None else missing


# -- the table ------------------------------------------------------------------------------


def _findings_table(report: Report) -> list[str]:
    rows = ["| Severity | Rule | Location | Message |", "|---|---|---|---|"]
    for finding in sorted(report.findings, key=lambda f: (-f.severity.rank, f.sort_key)):
        rule = report.rules.get(finding.code)
        code = markdown_text(finding.code)
        if rule is not None:
            code = f"[{code}]({rule.docs_url()})"
        rule_cell = f"{code} {markdown_text(finding.name)}" if finding.name else code
        rows.append(
            f"| {finding.severity} | {rule_cell} | {markdown_text(str(finding.location))} "
            f"| {markdown_text(finding.message)} |"
        )
    return rows


# -- escaping -------------------------------------------------------------------------------


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: other than letters, digits and a few
    punctuation marks, every character is written as an entity code (``#34;``)."""
    return "".join(
        char if char.isalnum() or char in _MERMAID_SAFE else f"#{ord(char)};" for char in text
    )


def markdown_text(text: str) -> str:
    """``text`` as literal inline Markdown on one line (table cells included)."""
    out = []
    for char in " ".join(text.splitlines()):
        if char == "&":
            out.append("&amp;")
        elif char in "<>":
            out.append("&lt;" if char == "<" else "&gt;")
        elif char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)
