"""One self-contained HTML page for reviewers: verdicts, hours, findings, coverage heatmap.

The page needs nothing but itself: the shared stylesheet and script inline
(:mod:`criteria_checker.html`), inline SVG for the hours bars, no fonts,
images or scripts from elsewhere (a Content-Security-Policy forbids them). It
reads fully without JavaScript; the one inline script, allowed by its hash,
only makes the findings tables sortable. Status is never told by colour alone:
every coloured cell or bar also carries a letter, symbol or word. The
templates (``report.html.j2``, ``report_macros.html.j2``) escape every piece
of text from a document, so a unit titled ``<script>`` is shown, not run.
Printing gives the same content in black-safe colours with the heatmap kept
whole where it fits.

This module turns a Report into plain values (what each row and bar says);
the templates lay them out. The heat map's cells are the exception: there
are thousands, so :func:`_cells` writes them here, escaped as the templates
escape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from criteria_checker.compiled_cache import dataclass
from criteria_checker.html import assets, escaped, render
from criteria_checker.reporters.base import (
    HoursRow,
    count_words,
    coverage_summaries,
    hours_rows,
    location_order,
    overall_line,
    place,
    severity_counts,
    sorted_findings,
)

if TYPE_CHECKING:
    from criteria_checker.model.report import CoverageRow, Finding, Report, RuleInfo

_SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Info"}
_SEVERITY_ORDER = {"error": "0", "warning": "1", "info": "2"}
_STATUS_TEXT = {
    "mandatory": "✔ mandatory",
    "optional-only": "◐ optional only",
    "uncovered": "✖ not covered",
}


# -- what the templates are given -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count:
    """``3 errors``, emphasised when not zero."""

    severity: str
    text: str
    some: bool


@dataclass(frozen=True, slots=True)
class Tick:
    """One tick of the hours chart's axis."""

    x: float
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class Bar:
    """An hours bar: the hours against a shaded band, the band's ends labelled (SVG units)."""

    label: str
    width: float
    bar_y: float
    bar_h: float
    band_x: float
    band_y: float
    band_w: float
    band_h: float
    #: The hours themselves, when stated: x, y, width, height and colour.
    fill: tuple[float, float, float, float, str] | None
    ticks: tuple[Tick, ...]


@dataclass(frozen=True, slots=True)
class HoursLine:
    """One line of the hours summary, with its bar."""

    label: str
    status: str
    value_text: str
    #: ``, required 900-950 (below band)``.
    note: str
    bar: Bar | None


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One finding as the report's table shows it."""

    severity: str
    severity_word: str
    rank: str
    rule_id: str
    rule_name: str
    #: Position in document order, zero-padded so that it sorts as text too.
    position: str
    place: str
    ref: str
    message: str
    #: The help and the clause it comes from, each a line.
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnitColumn:
    """One unit as a column of the coverage heat map."""

    key: str
    title: str
    level: str


@dataclass(frozen=True, slots=True)
class Group:
    """A run of heat map columns of one kind (mandatory or optional)."""

    css: str
    size: int
    label: str


@dataclass(frozen=True, slots=True)
class HeatmapRow:
    """One sub-topic or outcome as a row of the coverage heat map."""

    ref: str
    level: str
    title: str
    status: str
    status_text: str
    #: The row's cells, one per unit column, rendered by :func:`_cells`.
    cells: Markup
    #: The row's element id, and its explanation's; both empty when the page has none.
    row_id: str
    why_id: str


@dataclass(frozen=True, slots=True)
class Explained:
    """One row's explanation on the page: its anchor, the fragment, and the way back."""

    ref: str
    why_id: str
    row_id: str
    html: Markup


@dataclass(frozen=True, slots=True)
class Coverage:
    """The coverage section of the report: summaries and heat map."""

    summaries: tuple[str, ...]
    groups: tuple[Group, ...]
    units: tuple[UnitColumn, ...]
    rows: tuple[HeatmapRow, ...]
    caption: str
    explained: tuple[Explained, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """One file's section: verdict, facts, hours, findings and coverage."""

    number: int
    file: str
    passed: bool
    fail_on: str
    counts: tuple[Count, ...]
    facts: tuple[tuple[str, str], ...]
    hours: tuple[HoursLine, ...]
    findings: tuple[FindingLine, ...]
    coverage: Coverage | None


# -- the reporter -------------------------------------------------------------------------------


class HtmlReporter:
    name = "html"
    extension = ".html"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """One page with a section per file; ``color`` is ignored (the page is always coloured)."""
        title = (f"Conformance report: {reports[0].spec.file}" if len(reports) == 1
                 else f"Conformance report: {len(reports)} files")
        return render(
            "report.html.j2",
            title=title,
            criteria=reports[0].criteria if reports else None,
            overall=overall_line(reports) if len(reports) != 1 else None,
            passed=all(r.passed for r in reports),
            sections=[section_view(r, n) for n, r in enumerate(reports, start=1)],
            version=reports[0].tool_version if reports else "",
        )


REPORTER = HtmlReporter()


def report_section(report: Report, number: int = 1, *,
                   explanations: Mapping[str, str] | None = None) -> str:
    """One file's section of the page: verdict, facts, hours, findings and coverage heatmap.

    For pages that embed reports among their own content (the web page);
    ``number`` keeps element ids unique when several sections share a page.
    ``explanations`` maps coverage rows' references to HTML fragments made by
    :func:`criteria_checker.why.render_html` (escaped there): each row and cell
    of the heatmap then links to its row's fragment, which the section carries
    and the stylesheet shows only while it is the page's target. The section
    expects :func:`stylesheet` and reads fully without script.
    """
    return render("section.html.j2", view=section_view(report, number, explanations))


def explanation_id(number: int, ref: str) -> str:
    """The element id of the explanation of ``ref`` in section ``number``."""
    return f"report-{number}-why-{ref}"


def row_id(number: int, ref: str) -> str:
    """The element id of the heatmap row of ``ref`` in section ``number``."""
    return f"report-{number}-row-{ref}"


def stylesheet() -> str:
    """The CSS the report sections are written for (the one every page shares)."""
    return assets.stylesheet()


def sort_script() -> str:
    """The script that makes findings tables sortable (the one every page shares)."""
    return assets.script()


def content_security_policy() -> str:
    """The policy the page declares: nothing from elsewhere, only its own style and script."""
    return assets.standalone_policy()


# -- from a Report to what the templates show ---------------------------------------------------


def section_view(report: Report, number: int,
                 explanations: Mapping[str, str] | None = None) -> Section:
    """What the section of ``report`` shows, numbered ``number`` on its page."""
    spec = report.spec
    facts = [
        ("Qualification", spec.title),
        ("Qualification number", spec.qualification_number),
        ("Awarding organisation", spec.awarding_organisation),
        ("Format", spec.format.upper()),
    ]
    return Section(
        number=number,
        file=spec.file,
        passed=report.passed,
        fail_on=report.fail_on,
        counts=counts_view(report),
        facts=tuple((label, value) for label, value in facts if value),
        hours=tuple(_hours_line(row) for row in hours_rows(report.hours)),
        findings=_finding_lines(report),
        coverage=_coverage(report, number, explanations or {}),
    )


def counts_view(report: Report) -> tuple[Count, ...]:
    """The findings counted by severity, in words."""
    counts = severity_counts(report.findings)
    return tuple(Count(severity, text, counts[severity] > 0)
                 for severity, text in count_words(counts))


def _hours_line(row: HoursRow) -> HoursLine:
    status = f" ({row.status_text})" if row.status_text else ""
    band = f", required {row.band_text}" if row.band is not None else ""
    return HoursLine(label=row.label, status=row.status, value_text=row.value_text,
                     note=band + status, bar=_bar(row))


def _bar(row: HoursRow) -> Bar | None:
    if row.band is None:
        return None
    width, bar_y, bar_h = 400.0, 4.0, 14.0
    top = max(row.band.max * 1.2, (row.high or 0) * 1.08, 1.0)

    def x(hours: float) -> float:
        return round(width * hours / top, 1)

    fill = None
    if row.low is not None and row.high is not None:
        start = 0.0 if row.low == row.high else x(row.low)
        end = x(row.high)
        fill = (start, bar_y + 3, max(end - start, 2.0), bar_h - 6,
                "#1a6b1f" if row.status == "within" else "#b00020")
    return Bar(
        label=f"{row.label}: {row.value_text} hours, required {row.band_text}, "
              f"{row.status_text}",
        width=width, bar_y=bar_y, bar_h=bar_h,
        band_x=x(row.band.min), band_y=bar_y - 2, band_w=x(row.band.max) - x(row.band.min),
        band_h=bar_h + 4, fill=fill,
        ticks=(Tick(x(row.band.min) - 2, "end", str(row.band.min)),
               Tick(x(row.band.max) + 2, "start", str(row.band.max))),
    )


def _finding_lines(report: Report) -> tuple[FindingLine, ...]:
    rules: dict[str, RuleInfo] = {}
    for rule in report.rules:
        rules.setdefault(rule.id, rule)
    position = {id(f): n for n, f in enumerate(sorted(report.findings, key=location_order))}
    return tuple(_finding_line(f, rules.get(f.rule_id), position[id(f)])
                 for f in sorted_findings(report.findings))


def _finding_line(finding: Finding, rule: RuleInfo | None, position: int) -> FindingLine:
    help_text = finding.help or (rule.help if rule is not None else "")
    citation = rule.citation if rule is not None else ""
    notes = ([help_text] if help_text else []) + ([f"Source: {citation}"] if citation else [])
    return FindingLine(
        severity=finding.severity, severity_word=_SEVERITY_WORD[finding.severity],
        rank=_SEVERITY_ORDER[finding.severity], rule_id=finding.rule_id,
        rule_name=rule.name if rule is not None else "", position=f"{position:05d}",
        place=place(finding.location), ref=finding.ref or "", message=finding.message,
        notes=tuple(notes))


def _coverage(report: Report, number: int, explanations: Mapping[str, str]) -> Coverage | None:
    matrix = report.coverage
    if not matrix.rows:
        return None
    mandatory = [u for u in matrix.units if u.level == "mandatory"]
    optional = [u for u in matrix.units if u.level == "optional"]
    units = mandatory + optional
    escaped_keys = [(u.key, escaped(u.key)) for u in units]
    groups = tuple(Group(css, len(members), label)
                   for css, members, label in (("m", mandatory, "Mandatory units"),
                                               ("o", optional, "Optional units"))
                   if members)
    return Coverage(
        summaries=tuple(_summary_lines(report)),
        groups=groups,
        units=tuple(UnitColumn(u.key, u.title, u.level) for u in units),
        rows=tuple(_heatmap_row(row, escaped_keys, number, explained=row.ref in explanations)
                   for row in matrix.rows),
        caption=f"Coverage of the criteria by the units of {report.spec.file}",
        explained=tuple(Explained(ref=row.ref, why_id=explanation_id(number, row.ref),
                                  row_id=row_id(number, row.ref),
                                  html=Markup(explanations[row.ref]))
                        for row in matrix.rows if row.ref in explanations),
    )


def _summary_lines(report: Report) -> list[str]:
    names = {"subtopic": "sub-topics", "outcome": "outcomes"}
    lines = []
    for summary in coverage_summaries(report):
        if not summary.total:
            continue
        text = (f"{summary.mandatory} of {summary.total} {names[summary.level]}"
                " covered by mandatory units")
        extra = []
        if summary.optional_only:
            extra.append(f"optional units only: {', '.join(summary.optional_only)}")
        if summary.uncovered:
            extra.append(f"not covered: {', '.join(summary.uncovered)}")
        if extra:
            text += f" ({'; '.join(extra)})"
        lines.append(text)
    return lines


def _heatmap_row(row: CoverageRow, unit_keys: list[tuple[str, Markup]], number: int, *,
                 explained: bool) -> HeatmapRow:
    why_id = explanation_id(number, row.ref) if explained else ""
    return HeatmapRow(ref=row.ref, level=row.level, title=row.title, status=row.status,
                      status_text=_STATUS_TEXT[row.status],
                      cells=_cells(row, unit_keys, why_id),
                      row_id=row_id(number, row.ref) if explained else "", why_id=why_id)


def _cells(row: CoverageRow, unit_keys: list[tuple[str, Markup]], why_id: str) -> Markup:
    """The row's heat map cells: ``M`` or ``O`` where that unit covers the row, else empty.

    Rendered here rather than in the template: a heat map has thousands of
    cells (5,610 for 65 units), and in Jinja2 they were most of the page's
    cost (a 65-unit report rendered in 10.6 ms with the cells in the template,
    5.9 ms with them written here). Every piece of text in them is escaped as
    the templates escape it. On the web page each cell links to its row's
    explanation, kept out of the Tab order (the row's heading is the one link
    a keyboard stops at); an empty cell's link is hidden from screen readers,
    which reach the same explanation from the heading.
    """
    ref = escaped(row.ref)
    if why_id:
        link = f'<a href="#{escaped(why_id)}" tabindex="-1"'
        mark_m, mark_o = f"{link}>M</a>", f"{link}>O</a>"
        empty = f'<td class="c-n">{link} aria-hidden="true"></a></td>'
    else:
        mark_m, mark_o = "M", "O"
        empty = '<td class="c-n"></td>'
    mandatory, optional = set(row.mandatory), set(row.optional)
    return Markup("".join(
        f'<td class="c-m" title="{key} covers {ref}">{mark_m}</td>' if plain in mandatory
        else f'<td class="c-o" title="{key} covers {ref}">{mark_o}</td>' if plain in optional
        else empty
        for plain, key in unit_keys))
