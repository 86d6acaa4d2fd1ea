"""One self-contained HTML page for reviewers: verdicts, hours, findings, coverage heatmap.

The page needs nothing but itself: inline CSS, inline SVG for the hours bars,
no fonts, images or scripts from elsewhere (a Content-Security-Policy forbids
them). It reads fully without JavaScript; one small inline script, allowed by
its hash, only makes the findings tables sortable. Status is never told by
colour alone: every coloured cell or bar also carries a letter, symbol or
word. Every piece of text from a document is escaped, so a unit titled
``<script>`` is shown, not run. Printing gives the same content in black-safe
colours with the heatmap kept whole where it fits.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

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
    utf8_safe,
    visible,
)

if TYPE_CHECKING:
    from criteria_checker.model.report import CoverageRow, Finding, Report, RuleInfo


def h(text: str) -> str:
    """Document text made inert HTML: control characters shown, markup characters escaped."""
    return escape(visible(text, keep_lines=True), quote=True)


_SORT_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th button").forEach(function (button, column) {
    button.addEventListener("click", function () {
      var body = table.tBodies[0];
      var up = button.getAttribute("data-dir") !== "asc";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-sort") || a.cells[column].textContent;
        var y = b.cells[column].getAttribute("data-sort") || b.cells[column].textContent;
        var order = x.localeCompare(y, undefined, {numeric: true});
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      table.querySelectorAll("th button").forEach(function (other) {
        other.removeAttribute("data-dir");
        other.parentNode.removeAttribute("aria-sort");
      });
      button.setAttribute("data-dir", up ? "asc" : "desc");
      button.parentNode.setAttribute("aria-sort", up ? "ascending" : "descending");
    });
  });
});
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SORT_SCRIPT.encode("utf-8")).digest()).decode()

# Nothing may load from anywhere; only our own style and our one script may run.
_CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'"

_CSS = """
:root { --error: #b00020; --error-bg: #fde7ea; --warning: #7a4f00; --warning-bg: #fff1cc;
  --info: #0b57a4; --info-bg: #e4eefb; --pass: #1a6b1f; --pass-bg: #e3f3e4;
  --mandatory: #1a6b1f; --optional: #f0ad2e; --uncovered: #b00020; --line: #d0d4d9;
  --muted: #555b62; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1d2125; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 84rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 0; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line);
  padding-bottom: .2rem; }
code, .ref, .key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .9em; }
.overall { font-size: 1.05rem; margin: .25rem 0 1rem; }
.muted { color: var(--muted); }
.verdict { display: inline-block; font-weight: 700; padding: .1rem .55rem; border-radius: .3rem;
  font-size: .95rem; vertical-align: .1rem; margin-left: .4rem; white-space: nowrap; }
.verdict.pass { color: var(--pass); background: var(--pass-bg); border: 1px solid var(--pass); }
.verdict.fail { color: var(--error); background: var(--error-bg); border: 1px solid var(--error); }
nav table, .facts { margin-bottom: 1rem; }
table { border-collapse: collapse; }
.report { border-top: 3px solid #1d2125; padding-top: 1rem; margin-top: 2rem; }
.counts { margin: .3rem 0 .8rem; }
.count-error { color: var(--error); font-weight: 600; }
.count-warning { color: var(--warning); font-weight: 600; }
.count-info { color: var(--info); font-weight: 600; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.hours { display: grid; grid-template-columns: minmax(12rem, max-content) minmax(14rem, 26rem) auto;
  gap: .35rem 1rem; align-items: center; }
.hours svg { width: 100%; height: auto; display: block; }
.hours .status { font-weight: 600; }
.st-within { color: var(--pass); } .st-below, .st-above, .st-outside { color: var(--error); }
.st-unknown { color: var(--muted); }
table.findings { width: 100%; }
table.findings th { white-space: nowrap; }
table.findings th, table.findings td { border-bottom: 1px solid var(--line); padding: .35rem .5rem;
  text-align: left; vertical-align: top; }
table.findings td.msg { overflow-wrap: anywhere; }
th button { font: inherit; font-weight: 700; border: 0; background: none; padding: 0;
  cursor: pointer; color: inherit; }
th button::after { content: " \\2195"; color: var(--muted); font-weight: 400; }
.sev { display: inline-block; font-weight: 700; font-size: .85rem; padding: 0 .4rem;
  border-radius: .25rem; white-space: nowrap; }
.sev-error { color: var(--error); background: var(--error-bg); }
.sev-warning { color: var(--warning); background: var(--warning-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
.help { color: var(--muted); font-size: .88rem; margin: .25rem 0 0; white-space: pre-line; }
.rule-name { display: block; color: var(--muted); font-size: .85rem; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; margin: .5rem 0; font-size: .9rem;
  padding: 0; list-style: none; }
.legend .sw { display: inline-block; min-width: 1.4rem; text-align: center; font-weight: 700;
  border-radius: .2rem; margin-right: .3rem; }
.heatmap-wrap { overflow-x: auto; border: 1px solid var(--line); }
table.heatmap { font-size: .82rem; }
table.heatmap th, table.heatmap td { border: 1px solid #fff; padding: 0; }
table.heatmap thead th { background: #f1f3f5; font-weight: 600; }
table.heatmap th.unit { vertical-align: bottom; padding: .3rem 0; width: 1.7rem;
  min-width: 1.7rem; }
table.heatmap th.unit span { writing-mode: vertical-rl; transform: rotate(180deg);
  white-space: nowrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 500; }
table.heatmap th.group { text-align: center; padding: .2rem .4rem; }
table.heatmap th.group.m { background: #d4ead5; } table.heatmap th.group.o { background: #fbe7c0; }
table.heatmap th.row { text-align: left; font-weight: 400; padding: .1rem .5rem; background: #fff;
  position: sticky; left: 0; max-width: 24rem; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; border-right: 1px solid var(--line); }
table.heatmap tr.subtopic th.row { font-weight: 700; background: #f7f8f9; }
table.heatmap tr.outcome th.row { padding-left: 1.6rem; }
table.heatmap tr.subtopic td, table.heatmap tr.subtopic th { border-top: 2px solid #b9bfc6; }
table.heatmap td { text-align: center; height: 1.45rem; font-weight: 700; }
td.c-m, .sw.c-m { background: var(--mandatory); color: #fff; }
td.c-o, .sw.c-o { background: var(--optional); color: #1d2125; }
td.c-n { background: #f3f4f6; }
tr.st-uncovered td.c-n { background: #f9d9dd; }
tr.st-optional-only td.c-n { background: #fdf0d2; }
td.status { white-space: nowrap; padding: 0 .5rem; text-align: left; font-weight: 600; }
td.s-mandatory { color: var(--pass); }
td.s-optional-only { background: #fdf0d2; color: var(--warning); }
td.s-uncovered { background: var(--error-bg); color: var(--error); }
.units { columns: 2 22rem; font-size: .88rem; margin: .75rem 0 0; padding: 0; list-style: none; }
.units li { break-inside: avoid; }
footer { margin-top: 2.5rem; font-size: .85rem; color: var(--muted); }
@media print {
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  nav, th button::after { display: none; }
  th button { cursor: auto; }
  .report { break-before: page; border-top: 0; margin-top: 0; }
  .report:first-of-type { break-before: auto; }
  h3, tr, .hours > * { break-inside: avoid; break-after: avoid-page; }
  tr { break-after: auto; }
  .heatmap-wrap { overflow: visible; border: 0; }
  table.heatmap { font-size: 7pt; }
  table.heatmap th.row { position: static; max-width: 16rem; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 12mm; }
"""

_SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Info"}
_SEVERITY_ORDER = {"error": "0", "warning": "1", "info": "2"}
_STATUS_TEXT = {
    "mandatory": "✔ mandatory",
    "optional-only": "◐ optional only",
    "uncovered": "✖ not covered",
}


class HtmlReporter:
    name = "html"
    extension = ".html"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """One page with a section per file; ``color`` is ignored (the page is always coloured)."""
        title = (f"Conformance report: {reports[0].spec.file}" if len(reports) == 1
                 else f"Conformance report: {len(reports)} files")
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light">',
            f"<title>{h(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>Conformance report</h1>",
        ]
        if reports:
            criteria = reports[0].criteria
            parts.append(f'<p class="muted">Against {h(criteria.title)} ({h(criteria.version)},'
                         f" <code>{h(criteria.id)}</code>)</p>")
        if len(reports) != 1:
            passed = all(r.passed for r in reports)
            parts.append(f'<p class="overall">{_verdict_badge(passed)} '
                         f"{h(overall_line(reports))}</p>")
            parts.append(_contents(reports))
        parts.append("</header>")
        parts.append("<main>")
        for number, report in enumerate(reports, start=1):
            parts.append(_section(report, number))
        parts.append("</main>")
        version = reports[0].tool_version if reports else ""
        parts.append(f"<footer>criteria-checker {h(version)}. Findings are sorted by severity "
                     "and position; click a column heading to sort by it.</footer>")
        parts.append(f"<script>{_SORT_SCRIPT}</script>")
        parts.append("</body>")
        parts.append("</html>")
        return utf8_safe("\n".join(parts)) + "\n"


def _verdict_badge(passed: bool) -> str:
    if passed:
        return '<span class="verdict pass">✔ CONFORMANT</span>'
    return '<span class="verdict fail">✖ NOT CONFORMANT</span>'


def _counts(report: Report) -> str:
    counts = severity_counts(report.findings)
    return ", ".join(f'<span class="count-{s}">{h(text)}</span>' if counts[s] else h(text)
                     for s, text in count_words(counts))


def _contents(reports: Sequence[Report]) -> str:
    rows = [
        f'<tr><td><a href="#report-{n}">{h(r.spec.file)}</a></td>'
        f"<td>{_verdict_badge(r.passed)}</td><td>{_counts(r)}</td></tr>"
        for n, r in enumerate(reports, start=1)
    ]
    return ('<nav aria-label="Files"><table class="findings">'
            "<thead><tr><th>File</th><th>Verdict</th><th>Findings</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></nav>")


def _section(report: Report, number: int) -> str:
    spec = report.spec
    parts = [
        f'<section class="report" id="report-{number}" aria-labelledby="report-{number}-title">',
        f'<h2 id="report-{number}-title">{h(spec.file)} {_verdict_badge(report.passed)}</h2>',
        f'<p class="counts">{_counts(report)}; fails on {h(report.fail_on)} or worse.</p>',
        '<dl class="facts">',
    ]
    facts = [
        ("Qualification", spec.title),
        ("Qualification number", spec.qualification_number),
        ("Awarding organisation", spec.awarding_organisation),
        ("Format", spec.format.upper()),
    ]
    for label, value in facts:
        if value:
            parts.append(f"<dt>{label}</dt><dd>{h(value)}</dd>")
    parts.append("</dl>")
    parts.append(f'<h3 id="report-{number}-hours">Hours</h3>')
    parts.append(_hours(report))
    parts.append(f'<h3 id="report-{number}-findings">Findings ({len(report.findings)})</h3>')
    parts.append(_findings(report))
    parts.append(f'<h3 id="report-{number}-coverage">Coverage</h3>')
    parts.append(_coverage(report, number))
    parts.append("</section>")
    return "\n".join(parts)


def _hours(report: Report) -> str:
    parts = ['<div class="hours">']
    for row in hours_rows(report.hours):
        status = f" ({row.status_text})" if row.status_text else ""
        band = f", required {row.band_text}" if row.band is not None else ""
        parts.append(f"<div>{h(row.label)}</div>")
        parts.append(f"<div>{_hours_bar(row)}</div>")
        parts.append(f'<div><span class="status st-{row.status}">{h(row.value_text)}</span>'
                     f'<span class="muted">{h(band)}{h(status)}</span></div>')
    parts.append("</div>")
    return "\n".join(parts)


def _hours_bar(row: HoursRow) -> str:
    """A bar of the hours against a shaded band, with the band's ends labelled."""
    if row.band is None:
        return ""
    width, bar_y, bar_h = 400.0, 4.0, 14.0
    top = max(row.band.max * 1.2, (row.high or 0) * 1.08, 1.0)

    def x(hours: float) -> float:
        return round(width * hours / top, 1)

    label = f"{row.label}: {row.value_text} hours, required {row.band_text}, {row.status_text}"
    shapes = [
        f'<rect x="0" y="{bar_y}" width="{width}" height="{bar_h}" fill="#eef0f2"/>',
        f'<rect x="{x(row.band.min)}" y="{bar_y - 2}" width="{x(row.band.max) - x(row.band.min)}"'
        f' height="{bar_h + 4}" fill="#cfe8d0" stroke="#1a6b1f" stroke-dasharray="3 2"/>',
    ]
    if row.low is not None and row.high is not None:
        fill = "#1a6b1f" if row.status == "within" else "#b00020"
        start = 0.0 if row.low == row.high else x(row.low)
        end = x(row.high)
        shapes.append(f'<rect x="{start}" y="{bar_y + 3}" width="{max(end - start, 2.0)}"'
                      f' height="{bar_h - 6}" fill="{fill}"/>')
    for hours in (row.band.min, row.band.max):
        anchor = "end" if hours == row.band.min else "start"
        shift = -2 if hours == row.band.min else 2
        shapes.append(f'<text x="{x(hours) + shift}" y="31" font-size="10" fill="#555b62"'
                      f' text-anchor="{anchor}">{hours}</text>')
    return (f'<svg viewBox="0 0 {width} 34" role="img"'
            f' aria-label="{h(label)}"><title>{h(label)}</title>{"".join(shapes)}</svg>')


def _findings(report: Report) -> str:
    if not report.findings:
        return "<p>No findings.</p>"
    rules: dict[str, RuleInfo] = {}
    for rule in report.rules:
        rules.setdefault(rule.id, rule)
    position = {id(f): n for n, f in enumerate(sorted(report.findings, key=location_order))}
    headings = ["Severity", "Rule", "Where", "Criteria", "Finding"]
    head = "".join(f'<th scope="col"><button type="button">{name}</button></th>'
                   for name in headings)
    rows = [_finding_row(f, rules.get(f.rule_id), position[id(f)])
            for f in sorted_findings(report.findings)]
    return (f'<table class="findings sortable"><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{chr(10).join(rows)}\n</tbody></table>")


def _finding_row(finding: Finding, rule: RuleInfo | None, position: int) -> str:
    name = f'<span class="rule-name">{h(rule.name)}</span>' if rule is not None else ""
    help_text = finding.help or (rule.help if rule is not None else "")
    citation = rule.citation if rule is not None else ""
    notes = []
    if help_text:
        notes.append(h(help_text))
    if citation:
        notes.append(f"Source: {h(citation)}")
    help_html = f'<p class="help">{"<br>".join(notes)}</p>' if notes else ""
    return (
        f'<tr><td data-sort="{_SEVERITY_ORDER[finding.severity]}">'
        f'<span class="sev sev-{finding.severity}">{_SEVERITY_WORD[finding.severity]}</span></td>'
        f"<td><code>{h(finding.rule_id)}</code>{name}</td>"
        f'<td data-sort="{position:05d}">{h(place(finding.location))}</td>'
        f'<td class="ref">{h(finding.ref or "")}</td>'
        f'<td class="msg">{h(finding.message)}{help_html}</td></tr>'
    )


def _coverage(report: Report, number: int) -> str:
    matrix = report.coverage
    if not matrix.rows:
        return "<p>No coverage matrix.</p>"
    parts = []
    summary_items = []
    names = {"subtopic": "sub-topics", "outcome": "outcomes"}
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
        summary_items.append(f"<li>{h(text)}</li>")
    parts.append(f"<ul>{''.join(summary_items)}</ul>")
    parts.append(
        '<ul class="legend" aria-label="Key">'
        '<li><span class="sw c-m">M</span>'
        "covered by this mandatory unit</li>"
        '<li><span class="sw c-o">O</span>covered by this optional unit</li>'
        "<li>✔ covered by a mandatory unit</li>"
        "<li>◐ covered by optional units only</li>"
        "<li>✖ not covered</li>"
        "</ul>"
    )
    mandatory = [u for u in matrix.units if u.level == "mandatory"]
    optional = [u for u in matrix.units if u.level == "optional"]
    units = mandatory + optional
    groups = "".join(
        f'<th class="group {css}" colspan="{len(members)}" scope="colgroup">{label}</th>'
        for css, members, label in (("m", mandatory, "Mandatory units"),
                                    ("o", optional, "Optional units"))
        if members
    )
    unit_heads = "".join(
        f'<th class="unit" scope="col" title="{h(u.key)}: {h(u.title)} ({u.level})">'
        f"<span>{h(u.key)}</span></th>"
        for u in units
    )
    caption = f"Coverage of the criteria by the units of {report.spec.file}"
    parts.append(
        f'<div class="heatmap-wrap" role="region" aria-labelledby="heatmap-{number}"'
        ' tabindex="0"><table class="heatmap">'
        f'<caption id="heatmap-{number}" class="muted">{h(caption)}</caption>'
        f'<thead><tr><th rowspan="2" scope="col">Criteria</th>'
        f'<th rowspan="2" scope="col">Status</th>{groups}</tr>'
        f"<tr>{unit_heads}</tr></thead><tbody>"
    )
    for row in matrix.rows:
        parts.append(_heatmap_row(row, [u.key for u in units]))
    parts.append("</tbody></table></div>")
    parts.append('<ul class="units">')
    for unit in units:
        parts.append(f'<li><span class="key">{h(unit.key)}</span> {h(unit.title)}'
                     f' <span class="muted">({unit.level})</span></li>')
    parts.append("</ul>")
    return "\n".join(parts)


def _heatmap_row(row: CoverageRow, unit_keys: list[str]) -> str:
    mandatory, optional = set(row.mandatory), set(row.optional)
    cells = []
    for key in unit_keys:
        if key in mandatory:
            cells.append(f'<td class="c-m" title="{h(key)} covers {h(row.ref)}">M</td>')
        elif key in optional:
            cells.append(f'<td class="c-o" title="{h(key)} covers {h(row.ref)}">O</td>')
        else:
            cells.append('<td class="c-n"></td>')
    status = row.status
    return (
        f'<tr class="{row.level} st-{status}">'
        f'<th class="row" scope="row" title="{h(row.ref)} {h(row.title)}">'
        f'<span class="ref">{h(row.ref)}</span> {h(row.title)}</th>'
        f'<td class="status s-{status}">{_STATUS_TEXT[status]}</td>'
        f"{''.join(cells)}</tr>"
    )


REPORTER = HtmlReporter()


def report_section(report: Report, number: int = 1) -> str:
    """One file's section of the page: verdict, facts, hours, findings and coverage heatmap.

    For pages that embed reports among their own content (the web page);
    ``number`` keeps element ids unique when several sections share a page.
    The section expects :func:`stylesheet` and reads fully without script.
    """
    return _section(report, number)


def stylesheet() -> str:
    """The CSS the report sections are written for."""
    return _CSS


def sort_script() -> str:
    """The small script that makes findings tables sortable by their column headings."""
    return _SORT_SCRIPT


def content_security_policy() -> str:
    """The policy the page declares: nothing from elsewhere, only its own style and script."""
    return _CSP
