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

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from criteria_checker.compiled_cache import dataclass

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


#: Statuses in the order the filters offer them, each with a symbol that needs no colour.
_STATUS_ORDER = ("not conformant", "unreadable", "crashed", "not checked", "conformant")
_STATUS_SYMBOL = {"conformant": "✔", "not conformant": "✖", "unreadable": "⚠", "crashed": "⚠",
                  "not checked": "–"}
#: Columns of the index: (heading, column class).
_INDEX_COLUMNS = (
    ("File", "file"), ("Verdict", "status"), ("Errors", "n"), ("Warnings", "w"),
    ("Info", "i"), ("TQT", "t"), ("Mandatory hours", "m"), ("Optional hours", "o"),
    ("Title", "title"), ("QN", "qn"), ("Top problems or reason", "problems"),
)
#: The column after the verdict when the batch is compared with an earlier review.
_CHANGE_INDEX_COLUMN = ("Changed since", "chg")
#: What a shortened heading stands for, shown on hover.
_HEADING_TITLES = {"QN": "Qualification number",
                   "Changed since": "What changed since the earlier review"}
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
    a sentence naming that review and the files no longer submitted. Rendered
    from ``batch_index.html.j2`` (:mod:`criteria_checker.html`), which escapes
    every text from a submission.
    """
    from criteria_checker.html import render

    with_change = any(row.change is not None for row in rows)
    index_columns: tuple[tuple[str, str], ...] = _INDEX_COLUMNS
    if with_change:
        index_columns = (*_INDEX_COLUMNS[:2], _CHANGE_INDEX_COLUMN, *_INDEX_COLUMNS[2:])
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    folder = common_folder([row.file for row in rows])
    return render(
        "batch_index.html.j2",
        title=title,
        rows=[_index_row(row, name, with_change)
              for row, name in zip(rows, display_names([row.file for row in rows]), strict=True)],
        folder=folder if folder not in ("", ".", "/") else "",
        summary=", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files",
        comparison=_comparison_sentence(rows, comparison) if comparison is not None else None,
        statuses=[_Filter(status, _slug(status), _STATUS_SYMBOL[status], counts[status])
                  for status in _STATUS_ORDER if status in counts],
        columns=index_columns,
        heading_titles=_HEADING_TITLES,
        with_change=with_change,
    )


@dataclass(frozen=True)
class _Filter:
    """A verdict the index can be filtered by, with how many rows have it."""

    status: str
    slug: str
    symbol: str
    count: int


@dataclass(frozen=True)
class _Sentence:
    """What the index says of the earlier review: its folder, then the rest of the sentence."""

    folder: str
    said: str
    gone: str


@dataclass(frozen=True)
class _Cell:
    """One cell of the batch index's table."""

    #: What the column sorts by.
    value: str
    #: What the cell shows.
    shown: str
    kind: Literal["file", "verdict", "text"] = "text"
    numeric: bool = False
    #: Shown on hover: the whole of what the cell may shorten.
    hover: str = ""


@dataclass(frozen=True)
class _IndexRow:
    """One file's row of the batch index, with links to its reports."""

    slug: str
    #: The file's name relative to the folder the files share.
    name: str
    #: The main report, and every report by format when there are several.
    main: str
    others: tuple[tuple[str, str], ...]
    cells: tuple[_Cell, ...]


def _comparison_sentence(rows: Sequence[BatchRow], comparison: Comparison) -> _Sentence:
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
    return _Sentence(folder=comparison.folder, said=said or "no submissions", gone=gone)


def _slug(status: str) -> str:
    return status.replace(" ", "-")


def _index_row(row: BatchRow, name: str, with_change: bool) -> _IndexRow:
    # The file's name on one line, linking its main report; every format on a second line.
    problems = list(row.top_problems) or ([row.reason] if row.reason else [])
    change = row.change or ""
    numbers = [str(row.errors), str(row.warnings), str(row.infos), _num(row.tqt),
               _num(row.mandatory_hours), row.optional_hours]
    cells = [
        _Cell(name, name, kind="file", hover=row.file),
        _Cell(row.status, f"{_STATUS_SYMBOL[row.status]} {row.status}", kind="verdict"),
        *([_Cell(change, change, hover=change)] if with_change else []),
        *(_Cell(number, number, numeric=True) for number in numbers),
        _Cell(row.title, _shorten(row.title, TITLE_SHOWN),
              hover=" — ".join(p for p in (row.title, row.awarding_organisation) if p)),
        _Cell(row.qualification_number, row.qualification_number),
        _Cell("; ".join(problems), "; ".join(problems), hover="\n".join(problems)),
    ]
    return _IndexRow(slug=_slug(row.status), name=name, main=_main_report(row),
                     others=tuple(row.reports.items()) if len(row.reports) > 1 else (),
                     cells=tuple(cells))
