"""The reviewer's summary of a batch: one row per submission, as CSV, XLSX and an HTML index.

The CSV and the workbook have the same columns. Text from submissions (titles,
file names, problems) never becomes a spreadsheet formula: in the CSV a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading ``'`` (the OWASP convention for CSV injection); in the workbook every
text is a string cell. The index page reads at 1280 pixels without scrolling
sideways, and filters by verdict with or without script.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

Status = Literal["conformant", "not conformant", "unreadable", "crashed", "not checked"]


@dataclass(frozen=True)
class BatchRow:
    """What the summary says of one submission."""

    file: str
    status: Status
    reason: str = ""
    awarding_organisation: str = ""
    title: str = ""
    qualification_number: str = ""
    tqt: int | None = None
    mandatory_hours: int | None = None
    optional_hours: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    top_problems: tuple[str, ...] = ()
    #: Report files by format name, relative to the output folder.
    reports: dict[str, str] = field(default_factory=dict)


COLUMNS = (
    "file", "status", "awarding organisation", "title", "qualification number", "TQT",
    "mandatory hours", "optional hours", "errors", "warnings", "infos", "top problems",
    "reason", "report",
)


def _cells(row: BatchRow) -> list[str]:
    return [
        row.file, row.status, row.awarding_organisation, row.title, row.qualification_number,
        _num(row.tqt), _num(row.mandatory_hours), row.optional_hours, str(row.errors),
        str(row.warnings), str(row.infos), " | ".join(row.top_problems), row.reason,
        _main_report(row),
    ]


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


#: The report a row links to first, by format.
_REPORT_PREFERENCE = ("html", "markdown", "text", "json", "sarif", "junit", "xlsx")


def _main_report(row: BatchRow) -> str:
    for name in _REPORT_PREFERENCE:
        if name in row.reports:
            return row.reports[name]
    return ""


def render_csv(rows: Sequence[BatchRow]) -> str:
    """CSV that opens in a spreadsheet: UTF-8 with a header row, one row per submission."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in _cells(row)])
    return buffer.getvalue()


def _spreadsheet_safe(cell: str) -> str:
    # A cell starting with = + - @ (or a tab or carriage return before one) is
    # run as a formula by spreadsheets; titles come from submissions, so
    # neutralise them.
    return "'" + cell if cell[:1] in _FORMULA_STARTS else cell


_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})

_NUMERIC = frozenset({"TQT", "mandatory hours", "errors", "warnings", "infos"})
_STATUS_STYLE = {
    "conformant": ("C6EFCE", "0B5A17"),
    "not conformant": ("FFC7CE", "9C0006"),
    "unreadable": ("FFEB9C", "7A4F00"),
    "crashed": ("FFEB9C", "7A4F00"),
    "not checked": ("EEEEEE", "333333"),
}


def _typed(name: str, value: str) -> str | int | None:
    """Counts and hours as numbers (empty when not stated), everything else as text."""
    if name in _NUMERIC or (name == "optional hours" and value.isdigit()):
        return int(value) if value else None
    return value


def render_xlsx(rows: Sequence[BatchRow]) -> bytes:
    """The summary as a workbook: the CSV's columns, one sheet, verdicts coloured.

    Same rows, same bytes. The report column links to each report.
    """
    from openpyxl.styles import PatternFill  # type: ignore[import-untyped, unused-ignore]

    from criteria_checker.evidence.xlsx import (
        finish_table,
        fit_columns,
        fit_rows,
        font,
        new_workbook,
        put,
        workbook_bytes,
        write_header,
    )

    workbook = new_workbook()
    sheet = workbook.create_sheet("Summary")
    write_header(sheet, COLUMNS)
    for number, row in enumerate(rows, start=2):
        values = _cells(row)
        values[COLUMNS.index("top problems")] = "\n".join(row.top_problems)
        for column, (name, value) in enumerate(zip(COLUMNS, values, strict=True), start=1):
            cell = put(sheet, number, column, _typed(name, value))
            if name == "status":
                fill, colour = _STATUS_STYLE[row.status]
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.font = font(bold=row.status != "conformant", color=colour)
            elif name == "report" and value:
                cell.hyperlink = value
                cell.font = font(color="0B57A4")
    widths = fit_columns(sheet, (40, 16, 24, 50, 14, 6, 10, 10, 7, 9, 6, 60, 40, 36))
    fit_rows(sheet, widths)
    finish_table(sheet, columns=len(COLUMNS), last_row=len(rows) + 1, freeze="B2")
    return workbook_bytes(workbook)




_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.25rem;color:#1b1b1b}
h1{font-size:1.4rem;margin:0 0 .4rem}
p{margin:.3rem 0}
code{font-size:.9em}
.target{display:none}
.filters{margin:.6rem 0;display:flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:baseline}
.filters a{padding:.1rem .55rem;border:1px solid #9aa3ad;border-radius:1rem;color:#1b1b1b;
  text-decoration:none;white-space:nowrap}
.filters a:hover,.filters a:focus{border-color:#1b1b1b}
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.85rem}
th,td{border:1px solid #c8c8c8;padding:.3rem .4rem;text-align:left;vertical-align:top;
  line-height:1.3}
td{overflow-wrap:anywhere}
th{background:#eef1f5;cursor:pointer;user-select:none;font-weight:600;hyphens:auto}
th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.clamp{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2;
  overflow:hidden}
.other{font-size:.8rem;color:#555b62}
.other a{color:inherit}
.s-conformant{background:#e3f4e6}
.s-not-conformant{background:#fde8e8}
.s-unreadable,.s-crashed{background:#fff4d6}
.s-not-checked{background:#eeeeee}
.verdict{font-weight:600}
col.file{width:17%}col.verdict{width:10.5%}col.n{width:5.5%}col.w{width:6.5%}
col.i{width:4%}col.t{width:4.5%}col.m{width:7.5%}col.o{width:6.5%}col.title{width:14%}
col.qn{width:7.5%}
@media print{th{cursor:auto}a{color:inherit}.filters{display:none}}
"""

_SCRIPT = """
document.querySelectorAll("th").forEach(function(th, col){
  th.tabIndex = 0;
  function sort(){
    var body = th.closest("table").tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    document.querySelectorAll("th").forEach(function(o){o.removeAttribute("aria-sort");});
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a, b){
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
      var nx = parseFloat(x), ny = parseFloat(y);
      var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return asc ? r : -r;
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  th.addEventListener("click", sort);
  th.addEventListener("keydown", function(e){
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
  });
});
function showFilter(){
  var wanted = location.hash.indexOf("#show-") === 0 ? location.hash.slice(6) : "all";
  var rows = document.querySelectorAll("tbody tr"), shown = 0;
  rows.forEach(function(r){
    if (wanted === "all" || r.className === "s-" + wanted) { shown++; }
  });
  document.querySelectorAll(".filters a").forEach(function(a){
    if (a.getAttribute("href") === "#show-" + wanted) { a.setAttribute("aria-current", "true"); }
    else { a.removeAttribute("aria-current"); }
  });
  document.getElementById("shown").textContent =
    "Showing " + shown + " of " + rows.length + " submissions.";
}
window.addEventListener("hashchange", showFilter);
showFilter();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
_CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'"

#: Statuses in the order the filters offer them, each with a symbol that needs no colour.
_STATUS_ORDER = ("not conformant", "unreadable", "crashed", "not checked", "conformant")
_STATUS_SYMBOL = {"conformant": "✔", "not conformant": "✖", "unreadable": "⚠", "crashed": "⚠",
                  "not checked": "–"}
#: Columns of the index: (heading, column class).
_INDEX_COLUMNS = (
    ("File", "file"), ("Verdict", "verdict"), ("Errors", "n"), ("Warnings", "w"),
    ("Info", "i"), ("TQT", "t"), ("Mandatory hours", "m"), ("Optional hours", "o"),
    ("Title", "title"), ("QN", "qn"), ("Top problems or reason", "problems"),
)
_HEADING_TITLES = {"QN": ' title="Qualification number"'}
#: Titles longer than this are shortened on the page; the whole title shows on hover.
TITLE_SHOWN = 70


def display_names(files: Sequence[str]) -> list[str]:
    """Each file relative to the folder the files share (the folder given to the batch)."""
    base = common_folder(files)
    names = []
    for name in files:
        try:
            names.append(PurePath(name).relative_to(base).as_posix() if base else name)
        except ValueError:
            names.append(name)
    return names


def common_folder(files: Sequence[str]) -> str:
    """The deepest folder holding every file, or "" when they share none (or are mixed)."""
    import os.path

    if not files:
        return ""
    try:
        return os.path.commonpath([str(PurePath(name).parent) for name in files])
    except ValueError:  # absolute and relative paths mixed
        return ""


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def render_index(rows: Sequence[BatchRow], *, title: str = "criteria-checker batch summary") -> str:
    """One self-contained HTML page: a table linking each submission's report.

    Sortable by any column with script; filtered by verdict with links that
    work without script too (CSS ``:target``).
    """
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files"
    folder = common_folder([row.file for row in rows])
    where = f" in <code>{html.escape(folder)}</code>" if folder not in ("", ".", "/") else ""
    statuses = [s for s in _STATUS_ORDER if s in counts]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_filter_style(statuses)}{_STYLE}</style>"
        "</head><body>",
        '<span class="target" id="show-all"></span>',
        *(f'<span class="target" id="show-{_slug(s)}"></span>' for s in statuses),
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{len(rows)} submissions{where}: {html.escape(summary)}.</p>",
        '<nav class="filters" aria-label="Show submissions">Show: '
        f'<a href="#show-all">all ({len(rows)})</a>',
        *(f'<a href="#show-{_slug(s)}">{_STATUS_SYMBOL[s]} {html.escape(s)} ({counts[s]})</a>'
          for s in statuses),
        '</nav><p id="shown" aria-live="polite"></p>',
        "<table><colgroup>",
        *(f'<col class="{cls}">' for _, cls in _INDEX_COLUMNS),
        "</colgroup><thead><tr>",
        *(f'<th scope="col"{_HEADING_TITLES.get(name, "")}>{html.escape(name)}</th>'
          for name, _ in _INDEX_COLUMNS),
        "</tr></thead><tbody>",
    ]
    for row, name in zip(rows, display_names([row.file for row in rows]), strict=True):
        out.append(f'<tr class="s-{_slug(row.status)}">')
        out.extend(_index_cells(row, name))
        out.append("</tr>")
    out.append("</tbody></table>")
    out.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def _slug(status: str) -> str:
    return status.replace(" ", "-")


def _filter_style(statuses: Sequence[str]) -> str:
    """Rules that hide the other rows while a filter's anchor is the page's target."""
    rules = []
    for status in statuses:
        slug = _slug(status)
        rules.append(f"#show-{slug}:target~table tbody tr:not(.s-{slug}){{display:none}}")
        rules.append(f'#show-{slug}:target~nav a[href="#show-{slug}"]'
                     "{background:#1b1b1b;color:#fff}")
    rules.append('.filters a[href="#show-all"]{background:#1b1b1b;color:#fff}')
    rules.append(':target~nav a[href="#show-all"]{background:none;color:#1b1b1b}')
    rules.append('#show-all:target~nav a[href="#show-all"]{background:#1b1b1b;color:#fff}')
    return "\n".join(rules) + "\n"


def _index_cells(row: BatchRow, name: str) -> list[str]:
    def cell(value: str, shown: str, *, numeric: bool = False, hover: str = "",
             clamp: bool = True) -> str:
        td_class = ' class="num"' if numeric else ""
        title = f' title="{html.escape(hover, quote=True)}"' if hover else ""
        inner = f'<div class="clamp">{shown}</div>' if clamp else shown
        return f'<td{td_class} data-v="{html.escape(value, quote=True)}"{title}>{inner}</td>'

    # The file's name on one line, linking its main report; every format on a second line.
    main = _main_report(row)
    if main:
        file_html = (f'<div class="name"><a href="{html.escape(main, quote=True)}">'
                     f"{html.escape(name)}</a></div>")
        if len(row.reports) > 1:
            links = " · ".join(f'<a href="{html.escape(path, quote=True)}">{html.escape(fmt)}</a>'
                               for fmt, path in row.reports.items())
            file_html += f'<div class="other name">{links}</div>'
    else:
        file_html = f'<div class="name">{html.escape(name)}</div>'

    verdict = f'<span class="verdict">{_STATUS_SYMBOL[row.status]} {html.escape(row.status)}</span>'
    problems = list(row.top_problems) or ([row.reason] if row.reason else [])
    return [
        cell(name, file_html, hover=row.file, clamp=False),
        cell(row.status, verdict),
        cell(str(row.errors), str(row.errors), numeric=True),
        cell(str(row.warnings), str(row.warnings), numeric=True),
        cell(str(row.infos), str(row.infos), numeric=True),
        cell(_num(row.tqt), _num(row.tqt), numeric=True),
        cell(_num(row.mandatory_hours), _num(row.mandatory_hours), numeric=True),
        cell(row.optional_hours, html.escape(row.optional_hours), numeric=True),
        cell(row.title, html.escape(_shorten(row.title, TITLE_SHOWN)),
             hover=" — ".join(p for p in (row.title, row.awarding_organisation) if p)),
        cell(row.qualification_number, html.escape(row.qualification_number)),
        cell("; ".join(problems), html.escape("; ".join(problems)), hover="\n".join(problems)),
    ]
