"""The criteria evidence workbook (XLSX) of one checked specification.

Four sheets, whose names are a contract (docs/workbook.md):

- **Criteria**: one row per topic, sub-topic, outcome and item in criteria
  order, with its status, the units covering it, every mapping that claims
  it with its place in the submission, and the findings that concern it;
  outlined so a reviewer can fold it to topics or sub-topics.
- **Units**: every unit with its group, level, GLH, TQT and credit, a total
  per group, and the units x sub-topics matrix of the HTML report's heatmap.
- **Findings**: every finding with severity, rule, place, message and help.
- **About**: the file and its SHA-256, the criteria set, the tool, the verdict.

Status is never told by colour alone: every coloured cell also carries a
symbol and a word, or a letter. The workbook is a pure function of the
specification, its report, the criteria and the file's digest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.styles import (  # type: ignore[import-untyped, unused-ignore]
    Alignment,
    PatternFill,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.properties import Outline  # type: ignore[import-untyped, unused-ignore]

from criteria_checker.evidence.rows import (
    STATUS_WORDS,
    build_evidence,
    location_text,
    subtopic_columns,
    unit_groups,
)
from criteria_checker.evidence.xlsx import (
    BORDER,
    HEADER_FILL,
    HEADER_FONT,
    finish_table,
    fit_columns,
    fit_rows,
    font,
    new_workbook,
    put,
    workbook_bytes,
    write_header,
)
from criteria_checker.reporters.base import (
    count_words,
    coverage_summaries,
    hours_rows,
    severity_counts,
    sorted_findings,
)

if TYPE_CHECKING:
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.engine.rules import RuleSet
    from criteria_checker.evidence.rows import EvidenceRow, GroupEvidence
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.report import Report, RuleInfo
    from criteria_checker.model.spec import QualificationSpec

SHEETS = ("Criteria", "Units", "Findings", "About")

CRITERIA_HEADINGS = (
    "Reference", "Level", "Text", "Status", "Mandatory units", "Optional units",
    "Items in mandatory units", "Units covering part of it", "Claimed by (unit, where)", "Findings",
)
_CRITERIA_CAPS = (17, 10, 50, 28, 13, 13, 11, 13, 66, 50)

UNIT_HEADINGS = ("Unit", "Number", "Title", "Group", "Kind", "Level", "GLH", "TQT", "Credit")
_UNIT_CAPS = (13, 8, 42, 40, 11, 7, 7, 7, 8)

FINDING_HEADINGS = ("Severity", "Rule", "Rule name", "Where", "Criteria", "Message", "Help",
                    "Source")
_FINDING_CAPS = (10, 8, 24, 30, 15, 60, 60, 30)

# Fill and text colours; each goes with a symbol, word or letter that says the same.
_STATUS_STYLE = {
    "mandatory": ("C6EFCE", "0B5A17", False),
    "optional-only": ("FFEB9C", "7A4F00", True),
    "uncovered": ("FFC7CE", "9C0006", True),
}
_SEVERITY_STYLE = {"error": ("FFC7CE", "9C0006"), "warning": ("FFEB9C", "7A4F00"),
                   "info": ("DDEBF7", "0B3D73")}
_SEVERITY_WORD = {"error": "Error", "warning": "Warning", "info": "Info"}
_MARK_STYLE = {"mandatory": ("M", "1A6B1F", "FFFFFF"), "optional": ("O", "F0AD2E", "1D2125")}
_LEVEL_FILL = {"topic": PatternFill("solid", fgColor="E7EAEE"),
               "subtopic": PatternFill("solid", fgColor="F4F5F7")}
_TOTAL_FILL = PatternFill("solid", fgColor="EEF1F5")


def render_workbook(spec: QualificationSpec, report: Report, criteria: CriteriaSet, *,
                    sha256: str = "") -> bytes:
    """The evidence workbook of ``spec`` as checked in ``report`` against ``criteria``.

    ``sha256`` is the hex digest of the file the specification was read from,
    shown on the About sheet.
    """
    if report.criteria.id != criteria.id:
        raise ValueError(f"the report is against criteria set {report.criteria.id!r}, "
                         f"not {criteria.id!r}")
    workbook = new_workbook()
    _criteria_sheet(workbook.create_sheet("Criteria"), build_evidence(spec, report, criteria))
    _units_sheet(workbook.create_sheet("Units"), spec, report)
    _findings_sheet(workbook.create_sheet("Findings"), report)
    _about_sheet(workbook.create_sheet("About"), report, sha256)
    workbook.active = 0
    return workbook_bytes(workbook)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def workbook_for_file(
    path: str | Path,
    options: CheckOptions | None = None,
    *,
    criteria: CriteriaSet | None = None,
    rules: RuleSet | None = None,
) -> tuple[Report, bytes]:
    """Read and check one specification file: its report and its evidence workbook.

    Raises InputError for a file that cannot be read, as
    :func:`criteria_checker.engine.api.check_file` does.
    """
    from criteria_checker.engine.api import criteria_for, read_and_check
    from criteria_checker.engine.options import CheckOptions

    options = options or CheckOptions()
    criteria = criteria if criteria is not None else criteria_for(options)
    spec, report = read_and_check(path, options, criteria=criteria, rules=rules)
    return report, render_workbook(spec, report, criteria, sha256=file_sha256(path))


# -- Criteria -------------------------------------------------------------------------------


def _criteria_sheet(sheet: Any, rows: list[EvidenceRow]) -> None:
    write_header(sheet, CRITERIA_HEADINGS)
    for number, row in enumerate(rows, start=2):
        fill = _LEVEL_FILL.get(row.level)
        bold = row.level in ("topic", "subtopic")
        values: list[str | int | None] = [
            row.ref,
            row.level_word,
            row.text,
            row.status_word,
            "\n".join(row.mandatory_units),
            "\n".join(row.optional_units),
            f"{row.items_mandatory} of {row.items}" if row.level != "item" else "",
            "\n".join(row.partial_units),
            "\n".join(claim.describe() for claim in row.claims),
            "\n".join(f"{f.rule_id} {f.severity}: {f.message}" for f in row.findings),
        ]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, number, column, value)
            if fill is not None:
                cell.fill = fill
            if bold:
                cell.font = font(bold=True)
        for column in (1, 3):
            sheet.cell(number, column).alignment = Alignment(
                wrap_text=True, vertical="top", indent=row.depth)
        _status_cell(sheet.cell(number, 4), row.status)
        # Topics are outline level 0; folding to level 2 leaves topics and sub-topics.
        if row.depth:
            sheet.row_dimensions[number].outline_level = row.depth
    sheet.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=False)
    sheet.sheet_format.outlineLevelRow = max((row.depth for row in rows), default=0)
    widths = fit_columns(sheet, _CRITERIA_CAPS)
    fit_rows(sheet, widths)
    finish_table(sheet, columns=len(CRITERIA_HEADINGS), last_row=len(rows) + 1, freeze="B2")


def _status_cell(cell: Any, status: str) -> None:
    fill, colour, bold = _STATUS_STYLE[status]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = font(color=colour, bold=bold)


# -- Units ----------------------------------------------------------------------------------


def _units_sheet(sheet: Any, spec: QualificationSpec, report: Report) -> None:
    subtopics = subtopic_columns(report)
    first_mark = len(UNIT_HEADINGS) + 1
    write_header(sheet, UNIT_HEADINGS)
    for offset, heading in enumerate(subtopics):
        cell = put(sheet, 1, first_mark + offset, _short(f"{heading.ref} {heading.title}", 28))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center",
                                   wrap_text=False)
    number = 1
    for group in unit_groups(spec, report):
        for unit in group.units:
            number += 1
            values: list[str | int | None] = [
                unit.key, unit.number or "", unit.title, group.label, group.kind or "none",
                unit.level, unit.glh, unit.tqt, unit.credit]
            for column, value in enumerate(values, start=1):
                put(sheet, number, column, value)
            for offset, subtopic in enumerate(subtopics):
                cell = put(sheet, number, first_mark + offset, None)
                kind = unit.covers.get(subtopic.ref)
                if kind is not None:
                    _mark_cell(cell, kind)
        number += 1
        _group_total(sheet, number, group, len(UNIT_HEADINGS) + len(subtopics))
    number += 1
    put(sheet, number, 1, "Sub-topic status")
    put(sheet, number, 3, "as in the coverage heatmap: ✔ mandatory, ◐ optional only, "
                          "✖ not covered")
    for column in range(1, first_mark):
        sheet.cell(number, column).font = font(bold=True)
    for offset, subtopic in enumerate(subtopics):
        cell = put(sheet, number, first_mark + offset, STATUS_WORDS[subtopic.status][0])
        cell.alignment = Alignment(horizontal="center", vertical="top")
        _status_cell(cell, subtopic.status)
    widths = fit_columns(sheet, _UNIT_CAPS)
    for offset in range(len(subtopics)):
        sheet.column_dimensions[get_column_letter(first_mark + offset)].width = 4.5
    fit_rows(sheet, [*widths, *([4.5] * len(subtopics))], first_row=2)
    sheet.row_dimensions[1].height = 170
    finish_table(sheet, columns=len(UNIT_HEADINGS) + len(subtopics), last_row=number,
                 freeze="D2")


def _mark_cell(cell: Any, kind: str) -> None:
    letter, fill, colour = _MARK_STYLE[kind]
    cell.value = letter
    cell.data_type = "s"
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = font(bold=True, color=colour)
    cell.alignment = Alignment(horizontal="center", vertical="top")


def _group_total(sheet: Any, row: int, group: GroupEvidence, columns: int) -> None:
    count = len(group.units)
    missing = [f"{figure.upper() if figure != 'credit' else 'credit'} not stated for "
               f"{group.not_stated(figure)}"
               for figure in ("glh", "tqt", "credit") if group.not_stated(figure)]
    label = f"{count} unit{'s' if count != 1 else ''}" + (f"; {'; '.join(missing)}"
                                                          if missing else "")
    values: list[str | int | None] = [
        "Total", "", label, group.label, group.kind or "none", None,
        group.total("glh"), group.total("tqt"), group.total("credit")]
    for column in range(1, columns + 1):
        value = values[column - 1] if column <= len(values) else None
        cell = put(sheet, row, column, value)
        cell.fill = _TOTAL_FILL
        cell.font = font(bold=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# -- Findings -------------------------------------------------------------------------------


def _findings_sheet(sheet: Any, report: Report) -> None:
    write_header(sheet, FINDING_HEADINGS)
    rules: dict[str, RuleInfo] = {}
    for info in report.rules:
        rules.setdefault(info.id, info)
    findings = sorted_findings(report.findings)
    for number, finding in enumerate(findings, start=2):
        rule = rules.get(finding.rule_id)
        values: list[str | int | None] = [
            _SEVERITY_WORD[finding.severity], finding.rule_id, rule.name if rule else "",
            location_text(finding.location) or "whole document", finding.ref or "",
            finding.message, finding.help or (rule.help if rule else ""),
            rule.citation if rule else ""]
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value)
        fill, colour = _SEVERITY_STYLE[finding.severity]
        severity = sheet.cell(number, 1)
        severity.fill = PatternFill("solid", fgColor=fill)
        severity.font = font(bold=True, color=colour)
    widths = fit_columns(sheet, _FINDING_CAPS)
    fit_rows(sheet, widths)
    finish_table(sheet, columns=len(FINDING_HEADINGS), last_row=len(findings) + 1)


# -- About ----------------------------------------------------------------------------------


def about_rows(report: Report, sha256: str) -> list[tuple[str, str]]:
    """The About sheet's (field, value) rows."""
    spec, criteria = report.spec, report.criteria
    counts = ", ".join(text for _, text in count_words(severity_counts(report.findings)))
    rows = [
        ("Specification file", spec.file),
        ("SHA-256 of the file", sha256),
        ("Format", spec.format.upper()),
        ("Awarding organisation", spec.awarding_organisation or "not stated"),
        ("Qualification title", spec.title or "not stated"),
        ("Qualification number", spec.qualification_number or "not stated"),
        ("Verdict", "✔ CONFORMANT" if report.passed else "✖ NOT CONFORMANT"),
        ("Fails on", f"{report.fail_on} or worse"),
        ("Findings", counts),
        ("Criteria set", criteria.title),
        ("Criteria set id", criteria.id),
        ("Criteria version", criteria.version),
        ("Checked by", f"criteria-checker {report.tool_version}"),
    ]
    for hours in hours_rows(report.hours):
        band = f", required {hours.band_text}" if hours.band is not None else ""
        status = f", {hours.status_text}" if hours.status_text else ""
        rows.append((hours.label, f"{hours.value_text}{band}{status}"))
    names = {"subtopic": "Sub-topics", "outcome": "Outcomes"}
    for summary in coverage_summaries(report):
        rows.append((f"{names[summary.level]} covered by mandatory units",
                     f"{summary.mandatory} of {summary.total}"))
    rows += [
        ("Key: " + STATUS_WORDS["mandatory"],
         "a mandatory unit claims the node, or a node above it"),
        ("Key: " + STATUS_WORDS["optional-only"],
         "only units of optional groups claim the node, or a node above it"),
        ("Key: " + STATUS_WORDS["uncovered"], "no unit claims the node or a node above it"),
        ("Key: M / O", "on the Units sheet: the unit (mandatory / optional) claims the "
                       "whole sub-topic"),
        ("Sheet Criteria", "one row per topic, sub-topic, outcome and item; fold with the "
                           "outline buttons (2: topics and sub-topics)"),
        ("Sheet Units", "units with hours and credits, totals per group, and the units x "
                        "sub-topics matrix"),
        ("Sheet Findings", "every finding, errors first, then in document order"),
    ]
    return rows


def _about_sheet(sheet: Any, report: Report, sha256: str) -> None:
    write_header(sheet, ("Field", "Value"))
    rows = about_rows(report, sha256)
    for number, (field, value) in enumerate(rows, start=2):
        put(sheet, number, 1, field).font = font(bold=True)
        cell = put(sheet, number, 2, value)
        if field == "Verdict":
            _status_cell(cell, "mandatory" if report.passed else "uncovered")
            cell.font = font(bold=True, color=cell.font.color)
        elif field.startswith("Key: ✔"):
            _status_cell(sheet.cell(number, 1), "mandatory")
        elif field.startswith("Key: ◐"):
            _status_cell(sheet.cell(number, 1), "optional-only")
        elif field.startswith("Key: ✖"):
            _status_cell(sheet.cell(number, 1), "uncovered")
    for number in range(2, len(rows) + 2):
        sheet.cell(number, 1).border = BORDER
    widths = fit_columns(sheet, (44, 90))
    fit_rows(sheet, widths)
    finish_table(sheet, columns=2, last_row=len(rows) + 1)
