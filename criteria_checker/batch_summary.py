"""The reviewer's summary of a batch: one row per submission, as CSV and as an HTML index."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
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


def _main_report(row: BatchRow) -> str:
    for name in ("html", "markdown", "text", "json", "sarif", "junit"):
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
    # A cell starting with = + - @ is run as a formula by spreadsheets; titles
    # come from submissions, so neutralise them.
    return "'" + cell if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} else cell


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1b1b1b}
h1{font-size:1.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #c8c8c8;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f5;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.s-conformant{background:#e3f4e6}
.s-not-conformant{background:#fde8e8}
.s-unreadable,.s-crashed{background:#fff4d6}
.s-not-checked{background:#eeeeee}
@media print{th{cursor:auto}a{color:inherit}}
"""

_SORT_SCRIPT = """
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
"""


def render_index(rows: Sequence[BatchRow], *, title: str = "criteria-checker batch summary") -> str:
    """One self-contained HTML page: a sortable table linking each submission's report."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{len(rows)} submissions: {html.escape(summary)}.</p>",
        "<table><thead><tr>",
    ]
    out.extend(f'<th scope="col">{html.escape(c)}</th>' for c in COLUMNS)
    out.append("</tr></thead><tbody>")
    for row in rows:
        cls = "s-" + row.status.replace(" ", "-")
        out.append(f'<tr class="{cls}">')
        cells = _cells(row)
        for name, value in zip(COLUMNS, cells, strict=True):
            attr = html.escape(value, quote=True)
            numeric = name in {"TQT", "mandatory hours", "errors", "warnings", "infos"}
            td_class = ' class="num"' if numeric else ""
            if name == "report" and value:
                shown = f'<a href="{attr}">{html.escape(value)}</a>'
            elif name == "top problems":
                shown = "<br>".join(html.escape(p) for p in row.top_problems)
            else:
                shown = html.escape(value)
            out.append(f'<td{td_class} data-v="{attr}">{shown}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    out.append(f"<script>{_SORT_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"
