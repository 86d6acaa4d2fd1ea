"""The reviewer's summary of a batch: one row per submission, as CSV, XLSX and an HTML index.

The CSV and the workbook have the same columns. Text from submissions (titles,
file names, problems) never becomes a spreadsheet formula: in the CSV a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading ``'`` (the OWASP convention for CSV injection); in the workbook every
text is a string cell. The index page reads at 1280 pixels without scrolling
sideways, and filters by verdict with or without script.

Each row also carries the SHA-256 of the file checked, so that a later batch
given this one's folder (``batch --previous DIR``) can say what changed since:
:func:`read_summary_csv` reads a summary back, :func:`compare_with_previous`
matches its rows to this batch's and :func:`describe_change` says in a few
words what changed. Those rows then have a "changed since" column.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding

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
    #: The SHA-256 of the file's bytes, as hex; empty when the file could not be read at all.
    sha256: str = ""
    #: Every finding of the check, to compare with an earlier review (not a column).
    findings: tuple[Finding, ...] = field(default=(), repr=False)
    #: What changed since an earlier review (``batch --previous``); None when none was given.
    change: str | None = None


COLUMNS = (
    "file", "status", "awarding organisation", "title", "qualification number", "TQT",
    "mandatory hours", "optional hours", "errors", "warnings", "infos", "top problems",
    "reason", "report", "sha256",
)
#: The column added when the batch is compared with an earlier review.
CHANGE_COLUMN = "changed since"


def columns(rows: Sequence[BatchRow]) -> tuple[str, ...]:
    """The summary's columns: :data:`COLUMNS`, then "changed since" after a comparison."""
    return (*COLUMNS, CHANGE_COLUMN) if any(r.change is not None for r in rows) else COLUMNS


def _cells(row: BatchRow, with_change: bool) -> list[str]:
    cells = [
        row.file, row.status, row.awarding_organisation, row.title, row.qualification_number,
        _num(row.tqt), _num(row.mandatory_hours), row.optional_hours, str(row.errors),
        str(row.warnings), str(row.infos), " | ".join(row.top_problems), row.reason,
        _main_report(row), row.sha256,
    ]
    return [*cells, row.change or ""] if with_change else cells


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
    names = columns(rows)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_spreadsheet_safe(cell)
                         for cell in _cells(row, CHANGE_COLUMN in names)])
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
    names = columns(rows)
    write_header(sheet, names)
    for number, row in enumerate(rows, start=2):
        values = _cells(row, CHANGE_COLUMN in names)
        values[COLUMNS.index("top problems")] = "\n".join(row.top_problems)
        for column, (name, value) in enumerate(zip(names, values, strict=True), start=1):
            cell = put(sheet, number, column, _typed(name, value))
            if name == "status":
                fill, colour = _STATUS_STYLE[row.status]
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.font = font(bold=row.status != "conformant", color=colour)
            elif name == "report" and value:
                cell.hyperlink = value
                cell.font = font(color="0B57A4")
    caps = (40, 16, 24, 50, 14, 6, 10, 10, 7, 9, 6, 60, 40, 36, 66, 40)
    widths = fit_columns(sheet, caps[:len(names)])
    fit_rows(sheet, widths)
    finish_table(sheet, columns=len(names), last_row=len(rows) + 1, freeze="B2")
    return workbook_bytes(workbook)


# -- changes since an earlier review --------------------------------------------------------


@dataclass(frozen=True)
class PreviousRow:
    """One row of an earlier batch's summary.csv, and its findings when its JSON report is kept.

    Figures are kept as the CSV writes them (``""`` when not stated), so they compare
    with a new row's cells as text.
    """

    file: str
    status: str
    qualification_number: str = ""
    tqt: str = ""
    mandatory_hours: str = ""
    optional_hours: str = ""
    errors: str = ""
    warnings: str = ""
    infos: str = ""
    top_problems: str = ""
    #: The main report, relative to the earlier batch's folder.
    report: str = ""
    #: Empty when the summary predates the sha256 column.
    sha256: str = ""
    #: The findings of its JSON report; None when the earlier batch wrote none (or it is gone).
    findings: tuple[Finding, ...] | None = None


@dataclass(frozen=True)
class PreviousReview:
    """An earlier batch's summary, as ``batch --previous DIR`` reads it."""

    #: The folder as the user named it.
    folder: str
    rows: tuple[PreviousRow, ...]


#: The columns a summary.csv must have to be compared with.
REQUIRED_COLUMNS = ("file", "status")


def read_summary_csv(text: str) -> list[PreviousRow] | None:
    """The rows of a summary.csv that :func:`render_csv` wrote; None when it is not one.

    Cells neutralised against formulas get their text back; columns missing from an
    older summary read as empty.
    """
    reader = csv.DictReader(io.StringIO(text))
    try:
        if reader.fieldnames is None or not set(REQUIRED_COLUMNS) <= set(reader.fieldnames):
            return None
        rows = []
        for record in reader:
            def cell(name: str, record: dict[str, str | None] = record) -> str:
                return _unneutralised(record.get(name) or "")

            rows.append(PreviousRow(
                file=cell("file"), status=cell("status"),
                qualification_number=cell("qualification number"), tqt=cell("TQT"),
                mandatory_hours=cell("mandatory hours"), optional_hours=cell("optional hours"),
                errors=cell("errors"), warnings=cell("warnings"), infos=cell("infos"),
                top_problems=cell("top problems"), report=cell("report"),
                sha256=cell("sha256")))
    except csv.Error:
        return None
    return rows


def _unneutralised(cell: str) -> str:
    """A cell's text as it was before :func:`_spreadsheet_safe` protected it."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA_STARTS else cell


def compare_with_previous(rows: Sequence[BatchRow],
                          previous: PreviousReview) -> tuple[list[BatchRow], list[str]]:
    """``rows`` each with what changed since ``previous``, and the earlier files not matched.

    A row matches the earlier row with the same file name relative to the folder each
    batch's files share; failing that, the one with the same qualification number (slashes,
    spaces and case ignored), when exactly one row on each side has that number. The files
    not matched are named relative to the earlier folder.
    """
    now_names = display_names([row.file for row in rows])
    before_names = display_names([row.file for row in previous.rows])
    by_name = dict(zip(before_names, range(len(previous.rows)), strict=True))
    matched: dict[int, tuple[int, str]] = {}
    for index, name in enumerate(now_names):
        if name in by_name:
            matched[index] = (by_name[name], "")
    taken = {before for before, _ in matched.values()}
    now_numbers = Counter(_qn(r.qualification_number) for i, r in enumerate(rows)
                          if i not in matched)
    before_numbers = Counter(_qn(r.qualification_number) for i, r in enumerate(previous.rows)
                             if i not in taken)
    by_number = {_qn(r.qualification_number): i for i, r in enumerate(previous.rows)
                 if i not in taken}
    for index, row in enumerate(rows):
        number = _qn(row.qualification_number)
        if (index not in matched and number and now_numbers[number] == 1
                and before_numbers[number] == 1):
            matched[index] = (by_number[number], before_names[by_number[number]])
    taken = {before for before, _ in matched.values()}
    described = []
    for index, row in enumerate(rows):
        if index in matched:
            before, renamed_from = matched[index]
            change = describe_change(row, previous.rows[before], renamed_from=renamed_from)
        else:
            change = "new"
        described.append(replace(row, change=change))
    gone = [name for i, name in enumerate(before_names) if i not in taken]
    return described, gone


def _qn(number: str) -> str:
    return "".join(number.split()).replace("/", "").upper()


_CHECKED = ("conformant", "not conformant")


def describe_change(now: BatchRow, before: PreviousRow, *, renamed_from: str = "") -> str:
    """What changed from ``before`` to ``now``, in a few words.

    ``unchanged`` when the file has the same SHA-256 and the check the same result;
    else the verdict (``not conformant → conformant``), the findings (``findings +2 −1``,
    new and gone, matched by rule, reference and message as ``diff`` matches them, when
    the earlier batch kept JSON reports; else the counts that changed, ``errors 3 → 1``),
    and TQT and hours that changed. ``same file`` says the file is byte for byte the one
    reviewed before (so the difference is the check's: other rules, criteria or options);
    ``edited`` that the file changed but the result did not.
    """
    differences = _differences(now, before)
    same_file = bool(now.sha256) and now.sha256 == before.sha256
    words = [f"renamed from {renamed_from}"] if renamed_from else []
    if same_file and not differences:
        return "; ".join([*words, "unchanged"])
    if same_file:
        words.append("same file")
    elif not differences:
        if bool(now.sha256) and bool(before.sha256):
            words.append("edited")
        words.append("same findings" if now.status in _CHECKED else f"still {now.status}")
    return "; ".join([*words, *differences])


def _differences(now: BatchRow, before: PreviousRow) -> list[str]:
    said = []
    if now.status != before.status:
        said.append(f"{before.status or 'no verdict'} → {now.status}")
    if now.status not in _CHECKED or before.status not in _CHECKED:
        return said
    counts = [(name, getattr(before, name), str(getattr(now, name)))
              for name in ("errors", "warnings", "infos")]
    counted = [f"{name} {old or 'none'} → {new}" for name, old, new in counts if old != new]
    if before.findings is not None:
        from criteria_checker.diff.compare import match_findings

        fixed, introduced, _ = match_findings(list(before.findings), list(now.findings))
        if introduced or fixed:
            said.append("findings" + (f" +{len(introduced)}" if introduced else "")
                        + (f" −{len(fixed)}" if fixed else ""))
        else:
            said.extend(counted)  # the same findings at another severity
    elif counted:
        said.extend(counted)
    elif before.top_problems != " | ".join(now.top_problems):
        said.append("findings changed")
    for label, old, new in (("TQT", before.tqt, _num(now.tqt)),
                            ("mandatory hours", before.mandatory_hours,
                             _num(now.mandatory_hours)),
                            ("optional hours", before.optional_hours, now.optional_hours)):
        if old != new:
            said.append(f"{label} {old or 'not stated'} → {new or 'not stated'}")
    return said


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
table.changes col.file{width:14%}table.changes col.title{width:10%}col.chg{width:11%}
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
#: The column after the verdict when the batch is compared with an earlier review.
_CHANGE_INDEX_COLUMN = ("Changed since", "chg")
_HEADING_TITLES = {"QN": ' title="Qualification number"',
                   "Changed since": ' title="What changed since the earlier review"'}
#: At most this many earlier files no longer in the batch are named on the page.
GONE_SHOWN = 20


@dataclass(frozen=True)
class Comparison:
    """What the index says of the earlier review a batch was compared with."""

    #: The earlier review's folder, as the user named it.
    folder: str
    #: Its files that match no file of this batch, relative to the folder they shared.
    gone: tuple[str, ...] = ()
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


def render_index(rows: Sequence[BatchRow], *, title: str = "criteria-checker batch summary",
                 comparison: Comparison | None = None) -> str:
    """One self-contained HTML page: a table linking each submission's report.

    Sortable by any column with script; filtered by verdict with links that
    work without script too (CSS ``:target``). Rows compared with an earlier
    review get a "Changed since" column after the verdict, and ``comparison``
    a sentence naming that review and the files no longer submitted.
    """
    with_change = any(row.change is not None for row in rows)
    index_columns: tuple[tuple[str, str], ...] = _INDEX_COLUMNS
    if with_change:
        index_columns = (*_INDEX_COLUMNS[:2], _CHANGE_INDEX_COLUMN, *_INDEX_COLUMNS[2:])
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
        *([_comparison_sentence(rows, comparison)] if comparison is not None else []),
        '<nav class="filters" aria-label="Show submissions">Show: '
        f'<a href="#show-all">all ({len(rows)})</a>',
        *(f'<a href="#show-{_slug(s)}">{_STATUS_SYMBOL[s]} {html.escape(s)} ({counts[s]})</a>'
          for s in statuses),
        '</nav><p id="shown" aria-live="polite"></p>',
        '<table class="changes"><colgroup>' if with_change else "<table><colgroup>",
        *(f'<col class="{cls}">' for _, cls in index_columns),
        "</colgroup><thead><tr>",
        *(f'<th scope="col"{_HEADING_TITLES.get(name, "")}>{html.escape(name)}</th>'
          for name, _ in index_columns),
        "</tr></thead><tbody>",
    ]
    for row, name in zip(rows, display_names([row.file for row in rows]), strict=True):
        out.append(f'<tr class="s-{_slug(row.status)}">')
        out.extend(_index_cells(row, name, with_change))
        out.append("</tr>")
    out.append("</tbody></table>")
    out.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def _comparison_sentence(rows: Sequence[BatchRow], comparison: Comparison) -> str:
    """``Since the review in DIR: 1 new, 2 unchanged, 3 changed; 1 no longer submitted: ...``."""
    # A file renamed but otherwise the same ("renamed from X; unchanged") is unchanged.
    kinds = Counter("new" if row.change == "new" else "unchanged"
                    if row.change.endswith("unchanged") else "changed"
                    for row in rows if row.change is not None)
    said = ", ".join(f"{kinds[kind]} {kind}" for kind in ("new", "unchanged", "changed")
                     if kinds[kind])
    gone = ""
    if comparison.gone:
        names = ", ".join(comparison.gone[:GONE_SHOWN])
        more = len(comparison.gone) - GONE_SHOWN
        gone = (f"; {len(comparison.gone)} no longer submitted: {names}"
                + (f" and {more} more" if more > 0 else ""))
    return (f"<p>Since the review in <code>{html.escape(comparison.folder)}</code>: "
            f"{html.escape(said or 'no submissions')}{html.escape(gone)}.</p>")


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


def _index_cells(row: BatchRow, name: str, with_change: bool = False) -> list[str]:
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
    change = row.change or ""
    return [
        cell(name, file_html, hover=row.file, clamp=False),
        cell(row.status, verdict),
        *([cell(change, html.escape(change), hover=change)] if with_change else []),
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
