"""Mapping grids in a check: the findings a grid gives, each at its cell, and grids counting.

- a row naming a unit or assessment criterion the specification does not
  have (RDR004), a reference naming nothing in the criteria (COV003) and a
  grid contradicting the specification's own mapping (COV005), each with
  the grid's file, sheet, row and column;
- a specimen whose units lost their mappings fails, and passes again with
  the grid of those mappings beside it, COV004 included (a sub-topic held
  by one mandatory unit through grid mappings is presented as that unit);
- the template grid, filled in, is read back;
- check, hook and batch pair a grid with its submission by name; batch
  never checks a grid as a submission.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.grids.build import Layout, bare, write_csv, write_xlsx
from fixtures.specs.patching import conformant_spec

from criteria_checker.batch.inputs import collect_inputs
from criteria_checker.cli import main
from criteria_checker.engine.api import criteria_for, read_and_check
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC = conformant_spec()
#: The first unit: H/650/2101, number 501, its criterion 1.1 mapped to LMAC5A/LM/A.1.
FIRST = SPEC.units[0]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


def grid_of(spec: QualificationSpec) -> Layout:
    """Every mapping of ``spec`` as a criteria-major grid, a row per mapping."""
    rows = [["Criteria reference", "Unit", "Learning outcome", "Assessment criterion"]]
    for unit in spec.units:
        rows += [[m.raw, unit.reference or "", "", ""] for m in unit.mappings]
        for outcome in unit.outcomes:
            rows += [[m.raw, unit.reference or "", outcome.number, ""] for m in outcome.mappings]
            for criterion in outcome.criteria:
                rows += [[m.raw, unit.reference or "", outcome.number, criterion.number]
                         for m in criterion.mappings]
    return Layout(rows=rows)


def test_first_unit_is_what_the_cases_assume() -> None:
    assert (FIRST.reference, FIRST.number) == ("H/650/2101", "501")
    assert [(c.number, [m.ref for m in c.mappings]) for c in FIRST.outcomes[0].criteria[:3]] == [
        ("1.1", ["LMAC5A/LM/A.1"]), ("1.2", ["LMAC5A/LM/A.2"]), ("1.3", ["LMAC5A/LM/A.3"])]


def test_each_kind_of_grid_finding_at_its_cell(tmp_path: Path) -> None:
    spec = tmp_path / "spec.xml"
    spec.write_bytes(write_xml_spec(SPEC))
    rows = [["Mapping to the criteria"], [],
            ["Criteria reference", "Unit", "AC", "Comments"],
            ["LMAC5A/LM/A.1", "H/650/2101", "1.1", "agrees"],
            ["LMAC5A/LM/A.2", "Unit 599", "1.1", "no such unit"],
            ["LMAC5A/LM/A.3", "501", "9.9", "no such criterion"],
            ["LMAC5Z/LM/A.1", "501", "1.2", "no such reference"],
            ["LMAC5A/LM/B.1", "501", "1.3", "contradicts"]]
    grid = tmp_path / "grid.xlsx"
    write_xlsx(grid, [Layout(rows=rows, sheet="Mapping")])
    _, report = read_and_check(spec, CheckOptions(mappings=(grid,),
                                                  select=("RDR004", "COV003", "COV005")))
    # In the grid's order: by row, then column.
    assert [(f.rule_id, f.severity, f.message, str(f.location)) for f in report.findings] == [
        ("RDR004", "error", "The mapping grid at sheet Mapping, row 5, column B names unit "
         "'Unit 599', which the specification does not have: its references LMAC5A/LM/A.2 "
         "were not counted", f"{grid} (sheet Mapping, row 5, column B)"),
        ("RDR004", "error", "The mapping grid at sheet Mapping, row 6, column C names "
         "assessment criterion 9.9 of unit H/650/2101, which has no such criterion: its "
         "references LMAC5A/LM/A.3 were not counted", f"{grid} (sheet Mapping, row 6, column C)"),
        ("COV003", "error", "Unit H/650/2101 maps to 'LMAC5Z/LM/A.1': LMAC5Z/LM/A.1 is not in "
         "criteria set sfc-l5-lmac-2021-05: its topics are LMAC5A, LMAC5B, LMAC5C, LMAC5D, "
         "LMAC5E, LMAC5F, LMAC5G, LMAC5H", f"{grid} (sheet Mapping, row 7, column A)"),
        ("COV005", "warning", "Assessment criterion 1.3 of Unit H/650/2101 maps to "
         "LMAC5A/LM/A.3 in the specification but to LMAC5A/LM/B.1 in the mapping grid: the "
         "grid adds LMAC5A/LM/B.1 and leaves out LMAC5A/LM/A.3",
         f"{grid} (sheet Mapping, row 8, column A)"),
    ]
    locations = {(f.rule_id, f.location.path) for f in report.findings}
    assert ("COV003", "Mapping!R7C1") in locations


def test_one_note_for_a_unit_named_on_many_rows(tmp_path: Path) -> None:
    spec = tmp_path / "spec.xml"
    spec.write_bytes(write_xml_spec(SPEC))
    rows = [["Unit", "AC", "Criteria"]]
    rows += [["Unit 599", f"1.{n}", f"LMAC5A/LM/A.{n}"] for n in range(1, 9)]
    grid = tmp_path / "grid.csv"
    write_csv(grid, Layout(rows=rows), delimiter=";")
    _, report = read_and_check(spec, CheckOptions(mappings=(grid,)))
    assert [(f.rule_id, f.message, str(f.location)) for f in report.findings] == [
        ("RDR004", "The mapping grid at row 2, column A (and at row 3, column A, row 4, column "
         "A, row 5, column A, row 6, column A, row 7, column A and 2 more) names unit 'Unit "
         "599', which the specification does not have: its references LMAC5A/LM/A.1, "
         "LMAC5A/LM/A.2, LMAC5A/LM/A.3, LMAC5A/LM/A.4, LMAC5A/LM/A.5, LMAC5A/LM/A.6, "
         "LMAC5A/LM/A.7, LMAC5A/LM/A.8 were not counted", f"{grid} (row 2, column A)")]


@pytest.fixture(scope="module")
def bare_docx() -> bytes:
    return write_docx_spec(bare(SPEC))


def test_a_specimen_without_mappings_passes_with_its_grid(tmp_path: Path,
                                                          bare_docx: bytes) -> None:
    spec = tmp_path / "spec.docx"
    spec.write_bytes(bare_docx)
    _, alone = read_and_check(spec)
    assert not alone.passed
    assert "RDR002" in {f.rule_id for f in alone.findings}
    grid = tmp_path / "grid.xlsx"
    write_xlsx(grid, [grid_of(SPEC)])
    joined, report = read_and_check(spec, CheckOptions(mappings=(grid,), fail_on="warning"))
    assert [(f.rule_id, f.message) for f in report.findings if f.severity != "info"] == []
    assert report.passed
    mapped = [m for unit in joined.units for m in unit.all_mappings()]
    assert len(mapped) == sum(1 for unit in SPEC.units for _ in unit.all_mappings())
    assert all(m.location is not None and m.location.file == str(grid) for m in mapped)


def test_cov004_counts_grid_mappings(tmp_path: Path, bare_docx: bytes) -> None:
    # Only criteria are mapped (no unit declares its sub-topic), and the grid
    # gives item LMAC5A/LM/A.1 to unit 502 instead of 501.
    spec = tmp_path / "spec.docx"
    spec.write_bytes(bare_docx)
    layout = grid_of(SPEC)
    second = SPEC.units[1]
    assert second.reference == "H/650/2102"
    rows = [layout.rows[0]]
    for row in layout.rows[1:]:
        if not row[3]:
            continue  # unit and outcome mappings: left to the criteria
        if row[0] == "LMAC5A/LM/A.1":
            row = [row[0], second.reference, "1", "1.1"]
        rows.append(row)
    grid = tmp_path / "grid.csv"
    write_csv(grid, Layout(rows=rows))
    _, report = read_and_check(spec, CheckOptions(mappings=(grid,),
                                                  select=("COV001", "COV004")))
    assert [(f.rule_id, f.ref, f.message) for f in report.findings] == [
        ("COV004", "LMAC5A/LM", "Sub-topic LMAC5A/LM (Leadership and Management) is not "
         "presented as one mandatory unit: its 9 items are split across mandatory units "
         "H/650/2102 (A.1) and H/650/2101 (A.2-A.5, B.1-B.4)")]
    write_csv(grid, grid_of(SPEC))
    _, report = read_and_check(spec, CheckOptions(mappings=(grid,),
                                                  select=("COV001", "COV004")))
    assert report.findings == []


def test_the_template_grid_filled_in_is_read_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    grid = tmp_path / "grid.xlsx"
    assert run_cli(capsys, "template", "--mapping-grid", str(grid)) == (0, "", "")
    book = load_workbook(grid)
    sheet = book["Mapping"]
    assert [c.value for c in sheet[1]] == ["Criteria reference", "Item text", "Unit",
                                           "Learning outcome", "Assessment criterion"]
    assert sheet.freeze_panes == "A2"
    refs = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert refs[:2] == ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"]
    items = [n for n in criteria_for(CheckOptions()).nodes() if n.level == "item"]
    assert len(refs) == len(items)
    filled = {"LMAC5A/LM/A.1": ("H/650/2101", "1", "1.1"), "LMAC5A/LM/A.3": ("501", "", ""),
              "LMAC5B/TL/A.1": ("Unit 502", "2", "AC 2.1")}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in filled:
            for cell, value in zip(row[2:5], filled[row[0].value], strict=True):
                cell.value = value or None
    book.save(grid)
    spec = tmp_path / "spec.xml"
    spec.write_bytes(write_xml_spec(bare(SPEC)))
    joined, _ = read_and_check(spec, CheckOptions(mappings=(grid,)))
    found = [(unit.reference, target, m.ref, m.location.locator if m.location else None)
             for unit in joined.units
             for target, mappings in [("unit", unit.mappings),
                                      *((c.number, c.mappings) for o in unit.outcomes
                                        for c in o.criteria)]
             for m in mappings]
    assert found == [
        ("H/650/2101", "unit", "LMAC5A/LM/A.3", "sheet Mapping, row 4, column A"),
        ("H/650/2101", "1.1", "LMAC5A/LM/A.1", "sheet Mapping, row 2, column A"),
        ("H/650/2102", "2.1", "LMAC5B/TL/A.1",
         f"sheet Mapping, row {refs.index('LMAC5B/TL/A.1') + 2}, column A"),
    ]


def test_the_template_grid_is_the_same_bytes_each_time(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run_cli(capsys, "template", "--mapping-grid", str(first))[0] == 0
    assert run_cli(capsys, "template", "--mapping-grid", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    ((), "criteria-checker: error: template: name a TARGET file, or --mapping-grid OUT.xlsx, "
         "or both\n"),
    (("--mapping-grid", "grid.csv"), "criteria-checker: error: grid.csv: a mapping grid "
                                     "template is an Excel workbook; name a .xlsx file\n"),
])
def test_template_usage_errors(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                               message: str, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli(capsys, "template", *args) == (2, "", message)


def test_template_writes_both_when_asked(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    spec, grid = tmp_path / "start.xml", tmp_path / "start.mapping.xlsx"
    assert run_cli(capsys, "template", str(spec), "--mapping-grid", str(grid)) == (0, "", "")
    assert spec.is_file() and grid.is_file()
    # The empty grid, paired with the template by name, changes nothing.
    with_grid = run_cli(capsys, "check", "--format", "compact", str(spec))
    grid.unlink()
    assert run_cli(capsys, "check", "--format", "compact", str(spec)) == with_grid


# -- pairing by name -------------------------------------------------------------------

def test_check_joins_the_grid_named_after_the_submission(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        bare_docx: bytes) -> None:
    monkeypatch.chdir(tmp_path)
    Path("spec.docx").write_bytes(bare_docx)
    assert run_cli(capsys, "check", "--format", "compact", "spec.docx")[0] == 1
    write_csv(Path("spec.mapping.csv"), grid_of(SPEC))
    assert run_cli(capsys, "check", "--format", "compact", "spec.docx") == (0, "", "")
    assert run_cli(capsys, "hook", "spec.docx") == (0, "", "")


def test_the_hook_given_only_a_grid_checks_its_specification(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        bare_docx: bytes) -> None:
    # A commit that touches only the grid: pre-commit passes the grid alone.
    monkeypatch.chdir(tmp_path)
    Path("spec.docx").write_bytes(bare_docx)
    write_csv(Path("spec.mapping.csv"), Layout(rows=grid_of(SPEC).rows[:2]))
    status, out, err = run_cli(capsys, "hook", "spec.mapping.csv")
    assert (status, err) == (1, "")
    assert out.startswith("spec.docx:")
    # The grid and its specification together are checked once.
    assert run_cli(capsys, "hook", "spec.mapping.csv", "spec.docx") == (status, out, err)
    # A grid with no specification beside it is nothing to check.
    Path("spec.docx").unlink()
    assert run_cli(capsys, "hook", "spec.mapping.csv") == (0, "", "")


def test_a_bad_grid_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("spec.xml").write_bytes(write_xml_spec(SPEC))
    Path("grid.xlsx").write_bytes(b"%PDF-1.7\n")
    assert run_cli(capsys, "check", "spec.xml", "--mapping", "grid.xlsx") == (
        2, "", "criteria-checker: error: grid.xlsx: is a PDF file; a mapping grid is an Excel "
               "workbook (.xlsx), a CSV file or a Word document (.docx)\n")
    assert run_cli(capsys, "check", "spec.xml", "--mapping", "missing.csv") == (
        2, "", "criteria-checker: error: missing.csv: no such file\n")
    # A grid paired by name that cannot be read costs its submission only.
    Path("other.xml").write_bytes(write_xml_spec(SPEC))
    Path("spec.mapping.xlsx").write_bytes(b"")
    code, out, err = run_cli(capsys, "check", "--format", "compact", "spec.xml", "other.xml")
    assert (code, out) == (2, "")
    assert err == "criteria-checker: error: spec.mapping.xlsx: is empty (0 bytes)\n"


def test_batch_pairs_grids_and_never_checks_them(tmp_path: Path, bare_docx: bytes,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.docx").write_bytes(bare_docx)
    write_xlsx(folder / "a.mapping.xlsx", [grid_of(SPEC)])
    (folder / "b.docx").write_bytes(bare_docx)
    write_csv(folder / "orphan.mapping.csv", grid_of(SPEC))
    assert collect_inputs([str(folder)]) == [folder / "a.docx", folder / "b.docx"]
    assert collect_inputs([str(folder / "*")]) == [folder / "a.docx", folder / "b.docx"]
    assert collect_inputs([str(folder / "a.mapping.xlsx")]) == []
    out = tmp_path / "out"
    code, _, _ = run_cli(capsys, "batch", str(folder), "--out", str(out), "--quiet",
                         "--jobs", "1", "--format", "json")
    assert code == 1
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = {Path(row["file"]).name: row["status"] for row in csv.DictReader(handle)}
    assert rows == {"a.docx": "conformant", "b.docx": "not conformant"}


def test_openpyxl_loads_only_when_a_grid_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "spec.xml"
    spec.write_bytes(write_xml_spec(SPEC))
    grid = tmp_path / "grid.xlsx"
    write_xlsx(grid, [grid_of(SPEC)])
    script = (
        "import atexit, sys, runpy\n"
        # The program ends its process itself, after the exit handlers.
        "atexit.register(lambda: print('openpyxl' in sys.modules, file=sys.stderr))\n"
        "sys.argv = ['criteria-checker', *sys.argv[1:]]\n"
        "runpy.run_module('criteria_checker', run_name='__main__')\n")

    def loaded(*argv: str) -> str:
        result = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True,
                                text=True, cwd=ROOT, check=False, timeout=120)
        return result.stderr.strip().splitlines()[-1]

    assert loaded("check", "--format", "compact", str(spec)) == "False"
    assert loaded("hook", str(spec)) == "False"
    assert loaded("check", "--format", "compact", str(spec), "--mapping", str(grid)) == "True"
