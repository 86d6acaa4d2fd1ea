"""Markdown to paste into a review (a pull request, an issue, an e-mail to an author).

Per file: the verdict, the hours against their bands, the findings table, and
a coverage summary naming what mandatory units miss. Several files end with
one overall line. With ``explain`` (``check --explain``), an *Explanations*
section follows the findings table: each rule with findings once, in the order
the table first shows it, with its help and the criteria clause it cites.
Text from the document is escaped so that a title cannot turn into markup, a
link or raw HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.compiled_cache import regex
from criteria_checker.reporters.base import (
    counts_phrase,
    coverage_summaries,
    explanation,
    hours_rows,
    overall_line,
    place,
    severity_counts,
    sorted_findings,
    utf8_safe,
    visible,
)

if TYPE_CHECKING:
    from criteria_checker.model.report import Report

_SYMBOL = {"within": "✅", "below": "❌", "above": "❌", "outside": "❌", "unknown": "❔"}
_SEVERITY = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}
_LEVEL_NAMES = {"subtopic": "sub-topics", "outcome": "outcomes"}


class MarkdownReporter:
    name = "markdown"
    extension = ".md"

    def __init__(self, *, explain: bool = False) -> None:
        #: Add each rule's help and citation after the findings table.
        self.explain = explain

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """A section per file and, for several files, one overall line; ``color`` is ignored."""
        sections = [_section(report, explain=self.explain) for report in reports]
        if len(reports) != 1:
            sections.append(f"**Overall:** {overall_line(reports)}\n")
        return utf8_safe("\n".join(sections))


def _section(report: Report, *, explain: bool = False) -> str:
    spec = report.spec
    counts = severity_counts(report.findings)
    verdict = "✅ CONFORMANT" if report.passed else "❌ NOT CONFORMANT"
    lines = [
        f"## {md(spec.file)}",
        "",
        f"**{verdict}**: {counts_phrase(counts)} (fails on {report.fail_on} or worse)",
        "",
    ]
    facts = [
        ("Qualification", spec.title),
        ("Qualification number", spec.qualification_number),
        ("Awarding organisation", spec.awarding_organisation),
        ("Criteria", f"{report.criteria.title} ({report.criteria.version}), "
                     f"`{report.criteria.id}`"),
    ]
    for label, value in facts:
        if value:
            # The criteria line carries its own code span; everything else is document text.
            text = value if label == "Criteria" else md(value)
            lines.append(f"- {label}: {text}")
    lines += ["", "### Hours", "", "| | Hours | Required | |", "|---|---:|---:|---|"]
    for row in hours_rows(report.hours):
        symbol = _SYMBOL[row.status] if row.band is not None else ""
        status = f"{symbol} {row.status_text}".strip()
        lines.append(f"| {row.label} | {row.value_text} | {row.band_text} | {status} |")
    lines += ["", "### Findings", ""]
    if report.findings:
        lines += ["| Severity | Rule | Location | Reference | Message |",
                  "|---|---|---|---|---|"]
        for f in sorted_findings(report.findings):
            lines.append(f"| {_SEVERITY[f.severity]} | `{f.rule_id}` | {md(place(f.location))} "
                         f"| {md(f.ref or '')} | {md(f.message)} |")
    else:
        lines.append("No findings.")
    if explain and report.findings:
        lines += ["", "### Explanations", ""]
        lines += _explanations(report)
    lines += ["", "### Coverage", ""]
    lines += _coverage(report)
    return "\n".join(lines) + "\n"


def _explanations(report: Report) -> list[str]:
    """Each rule with findings once, in table order: its help, then the clause it cites."""
    lines = []
    explained: set[str] = set()
    for finding in sorted_findings(report.findings):
        if finding.rule_id in explained:
            continue
        explained.add(finding.rule_id)
        about = explanation(report, finding)
        name = f" {md(about.name)}" if about.name else ""
        help_text = f": {md(about.help)}" if about.help.strip() else ""
        lines.append(f"- `{about.rule_id}`{name}{help_text}")
        if about.citation.strip():
            lines.append(f"  - Citation: {md(about.citation)}")
    return lines


def _coverage(report: Report) -> list[str]:
    if not report.coverage.rows:
        return ["No coverage matrix."]
    lines = []
    units = report.coverage.units
    mandatory_units = sum(1 for u in units if u.level == "mandatory")
    lines.append(f"{len(units)} units: {mandatory_units} mandatory, "
                 f"{len(units) - mandatory_units} optional.")
    lines.append("")
    for summary in coverage_summaries(report):
        if not summary.total:
            continue
        lines.append(f"- {summary.mandatory} of {summary.total} {_LEVEL_NAMES[summary.level]}"
                     " covered by mandatory units")
        if summary.optional_only:
            lines.append(f"  - covered by optional units only: {_refs(summary.optional_only)}")
        if summary.uncovered:
            lines.append(f"  - not covered: {_refs(summary.uncovered)}")
    return lines


def _refs(refs: list[str]) -> str:
    return ", ".join(md(ref) for ref in refs)


# Characters that open or close inline Markdown (emphasis, code, links, raw HTML,
# strike-through) or split a table cell. Line-start markers ("#", "-", "1.")
# need no escape: every value here sits mid-line or inside a table cell.
_MARKUP = regex(r"([\\`*_\[\]<>|~])")
_ENTITY = regex(r"&(?=#?\w+;)")


def md(text: str) -> str:
    """Document text made literal in Markdown: one line, markup characters escaped."""
    text = _ENTITY.sub("&amp;", visible(text))
    return _MARKUP.sub(r"\\\1", text)


REPORTER = MarkdownReporter()
