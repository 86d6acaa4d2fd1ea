"""Mapping grids as files: every shape in every format is read by one rule and joined exactly.

Grids are generated (tests/fixtures/grids/build.py): criteria-major,
unit-major and tick matrices either way round, with extra columns, title
rows, blank rows, shuffled columns, merged unit cells, a blank left margin,
and the unit names and reference spellings authors use; each layout is
written as XLSX, CSV (in several encodings and delimiters) and DOCX, and
must be read into exactly the mappings it states, each at its cell.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.grids.build import (
    FORMATS,
    PLAIN_TICKS,
    SHAPES,
    Layout,
    bare,
    locator,
    random_layout,
    with_left_margin,
    write_csv,
    write_docx,
    write_layout,
    write_xlsx,
)
from fixtures.specs.patching import conformant_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.engine.api import criteria_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers.docx.blocks import MERGE_CONTINUE, MERGE_RESTART, Cell, Row, Table
from criteria_checker.readers.docx.mapping_grids import read_mapping_grid
from criteria_checker.readers.grids import join_grids, read_grid
from criteria_checker.readers.grids.delimited import sniff_delimiter
from criteria_checker.readers.grids.naming import is_grid_name, paired_grids

CRITERIA = criteria_for(CheckOptions())
SPEC = conformant_spec()
BARE = bare(SPEC)


def grid_mappings(spec: QualificationSpec, grid: str) -> list[tuple[str, str, str, str]]:
    """(unit URN, "unit" or criterion number, reference, locator) of each mapping from ``grid``."""
    found = []
    for unit in spec.units:
        for mapping in unit.mappings:
            if mapping.location is not None and mapping.location.file == grid:
                found.append((unit.reference or "", "unit", mapping.ref or "",
                              mapping.location.locator or ""))
        for outcome in unit.outcomes:
            assert all(m.location is None or m.location.file != grid for m in outcome.mappings)
            for criterion in outcome.criteria:
                found += [(unit.reference or "", criterion.number, m.ref or "",
                           m.location.locator or "")
                          for m in criterion.mappings
                          if m.location is not None and m.location.file == grid]
    return sorted(found)


def expected_mappings(layout: Layout, fmt: str) -> list[tuple[str, str, str, str]]:
    return sorted((unit, target, ref, locator(fmt, cell))
                  for unit, target, ref, cell in layout.expected)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rnd=st.randoms(use_true_random=False))
def test_every_shape_in_every_format_joins_exactly(
        tmp_path: Path, fmt: str, shape: str, rnd: random.Random) -> None:
    layout = random_layout(shape, SPEC, CRITERIA, rnd,  # type: ignore[arg-type]
                           ticks=PLAIN_TICKS if fmt == "csv" else ("✓", *PLAIN_TICKS),
                           merges=fmt != "csv")
    if fmt != "docx" and rnd.random() < 0.3:
        layout = with_left_margin(layout, 1)
    path = write_layout(tmp_path / f"grid-{rnd.randrange(10**9)}", fmt, layout, rnd)
    reading = read_grid(path, name=f"grid.{fmt}")
    assert reading.notes == ()
    joined = join_grids(BARE, [reading])
    assert joined.reading_notes == BARE.reading_notes
    assert grid_mappings(joined, f"grid.{fmt}") == expected_mappings(layout, fmt)


def test_a_grid_and_the_same_table_in_a_specification_are_read_alike() -> None:
    # One recogniser: the table a sheet becomes gives the links a Word table gives.
    layout = Layout(rows=[["Unit", "AC", "SfC reference"], ["501", "1.1", "LMAC5A/LM/A.1"],
                          ["", "1.2", "LMAC5A/LM/A.2"]])
    from criteria_checker.readers.grids.sheets import SheetData, recognise, sheet_table

    sheet = sheet_table(SheetData(rows=[(i, row) for i, row in enumerate(layout.rows, 1)]))
    word = Table([Row([Cell([t] if t else [], c) for c, t in enumerate(row)], i, "/t")
                  for i, row in enumerate(layout.rows, 1)], 1, "/t")
    from_sheet = recognise(sheet)
    from_word = read_mapping_grid(word)
    assert from_sheet is not None and from_word is not None
    assert [(x.unit, x.criterion, x.refs, x.at) for x in from_sheet] == \
        [(x.unit, x.criterion, x.refs, x.at) for x in from_word]


def _word_table(rows: list[list[str]], merged: dict[tuple[int, int], int]) -> Table:
    return Table([Row([Cell([t] if t else [], c, 1, merged.get((i, c), 0))
                       for c, t in enumerate(row)], i, "/t")
                  for i, row in enumerate(rows, 1)], 1, "/t")


def test_a_row_naming_no_unit_maps_nothing_in_a_grid_file_but_keeps_docx_reading() -> None:
    rows = [["Criteria reference", "Unit", "AC"], ["LMAC5A/LM/A.1", "501", "1.1"],
            ["LMAC5A/LM/A.2", "", ""], ["LMAC5A/LM/A.3", "", "1.3"]]
    table = _word_table(rows, {})
    in_spec = read_mapping_grid(table)
    in_file = read_mapping_grid(table, bare_rows_continue=False)
    assert in_spec is not None and in_file is not None
    # A specification's appendix grid keeps reading as it always has.
    assert [(x.unit, x.criterion) for x in in_spec] == [("501", "1.1"), ("501", None),
                                                        ("501", "1.3")]
    # In a grid of its own, an item left without a unit maps nothing.
    assert [(x.unit, x.criterion) for x in in_file] == [("501", "1.1"), ("501", "1.3")]
    # A merged unit cell continues whatever the row names.
    merged = _word_table(rows, {(2, 1): MERGE_RESTART, (3, 1): MERGE_CONTINUE,
                                (4, 1): MERGE_CONTINUE})
    links = read_mapping_grid(merged, bare_rows_continue=False)
    assert links is not None
    assert [(x.unit, x.criterion) for x in links] == [("501", "1.1"), ("501", None),
                                                      ("501", "1.3")]


def test_units_are_joined_by_urn_number_or_title_and_several_in_one_cell(tmp_path: Path) -> None:
    first, second = SPEC.units[0], SPEC.units[1]
    assert first.reference and first.number and second.number
    rows = [["Unit", "AC", "Criteria"],
            [first.reference.lower().replace("/", " / "), "1.1", "LMAC5B/TL/A.1"],
            [f"unit no. {first.number}", "", "LMAC5B/TL/A.2"],
            [f"  {first.title.upper()} ", "", "LMAC5B/TL/A.3"],
            [f"{first.number}; {second.number}", "", "LMAC5B/TL/A.4"],
            [f"{first.number} - {first.title}", "", "LMAC5B/TL/A.5"]]
    path = tmp_path / "grid.csv"
    write_csv(path, Layout(rows=rows))
    joined = join_grids(BARE, [read_grid(path, name="grid.csv")])
    assert [(u, t, r) for u, t, r, _ in grid_mappings(joined, "grid.csv")] == sorted([
        (first.reference, "1.1", "LMAC5B/TL/A.1"), (first.reference, "unit", "LMAC5B/TL/A.2"),
        (first.reference, "unit", "LMAC5B/TL/A.3"), (first.reference, "unit", "LMAC5B/TL/A.4"),
        (second.reference or "", "unit", "LMAC5B/TL/A.4"),
        (first.reference, "unit", "LMAC5B/TL/A.5")])
    assert joined.reading_notes == []


def test_characters_that_show_nothing_in_a_grid_file_are_not_read(tmp_path: Path) -> None:
    # As in a Word document: an optional break typed into a reference so that a narrow
    # column wraps it, a stray byte-order mark before a unit's reference.
    unit = SPEC.units[0]
    assert unit.reference
    rows = [["Unit", "AC", "Criteria"],
            [f"\ufeff{unit.reference}", "1.1", "LMAC5B/\u200cTL/\u200cA.1"]]
    path = tmp_path / "grid.csv"
    write_csv(path, Layout(rows=rows))
    joined = join_grids(BARE, [read_grid(path, name="grid.csv")])
    assert [(u, t, r) for u, t, r, _ in grid_mappings(joined, "grid.csv")] == [
        (unit.reference, "1.1", "LMAC5B/TL/A.1")]
    assert joined.reading_notes == []


def test_a_criterion_numbered_within_its_outcome_is_found(tmp_path: Path) -> None:
    unit = SPEC.units[0]
    assert unit.reference
    rows = [["Unit", "LO", "AC", "Criteria"], [unit.reference, "2", "1", "LMAC5B/TL/A.1"]]
    path = tmp_path / "grid.csv"
    write_csv(path, Layout(rows=rows))
    joined = join_grids(BARE, [read_grid(path, name="grid.csv")])
    assert [(u, t, r) for u, t, r, _ in grid_mappings(joined, "grid.csv")] == [
        (unit.reference, "2.1", "LMAC5B/TL/A.1")]


def test_several_sheets_some_not_grids_each_said_once(tmp_path: Path) -> None:
    unit = SPEC.units[0]
    assert unit.reference
    grid = Layout(rows=[["Criteria reference", "Unit", "AC"],
                        ["LMAC5A/LM/A.1", unit.reference, "1.1"]], sheet="Mapping")
    notes = Layout(rows=[["How to read this workbook"], ["Each row maps a criteria item."]],
                   sheet="Read me")
    empty = Layout(rows=[[""]], sheet="Sheet3")
    units = Layout(rows=[["Unit", "Title", "GLH"], [unit.reference, unit.title, "20"]],
                   sheet="Units")
    path = tmp_path / "grid.xlsx"
    write_xlsx(path, [notes, grid, empty, units])
    reading = read_grid(path, name="grid.xlsx")
    assert [(n.kind, n.message, str(n.location)) for n in reading.notes] == [
        ("not-understood", "Sheet 'Read me' of the mapping grid was not read: it is not a "
         "mapping grid (no header row names the unit beside criteria references or assessment "
         "criteria, and it is no tick matrix of references against units)",
         "grid.xlsx (sheet Read me)"),
        ("not-understood", "Sheet 'Units' of the mapping grid was not read: it is not a "
         "mapping grid (no header row names the unit beside criteria references or assessment "
         "criteria, and it is no tick matrix of references against units)",
         "grid.xlsx (sheet Units)")]
    joined = join_grids(BARE, [reading])
    assert grid_mappings(joined, "grid.xlsx") == [
        (unit.reference, "1.1", "LMAC5A/LM/A.1", "sheet Mapping, row 2, column A")]


def test_a_word_document_of_tables_reads_each_table(tmp_path: Path) -> None:
    unit = SPEC.units[0]
    assert unit.reference
    cover = Layout(rows=[["Qualification", "Level 5 Diploma"], ["Version", "2"]])
    grid = Layout(rows=[["Criteria reference", "Unit", "AC"],
                        ["LMAC5A/LM/A.1", unit.reference, "1.1"]])
    odd = Layout(rows=[["Topic", "References"], ["Leadership", "LMAC5A/LM/A.1"]])
    path = tmp_path / "grid.docx"
    write_docx(path, [cover, grid, odd], heading="Mapping")
    reading = read_grid(path, name="grid.docx")
    assert [str(n.location) for n in reading.notes] == ["grid.docx (table 3)"]
    assert grid_mappings(join_grids(BARE, [reading]), "grid.docx") == [
        (unit.reference, "1.1", "LMAC5A/LM/A.1", "table 2, row 2, column 1")]


def test_a_word_document_without_a_grid_says_so(tmp_path: Path) -> None:
    path = tmp_path / "grid.docx"
    write_docx(path, [Layout(rows=[["Qualification", "Level 5 Diploma"]])])
    reading = read_grid(path, name="grid.docx")
    assert reading.claims == ()
    assert [(n.message, str(n.location)) for n in reading.notes] == [
        ("The mapping grid has 1 table and none of them is a mapping grid, so nothing in it "
         "was read", "grid.docx")]


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a,b,c\n1,2,3\n", ","),
    ("a;b;c\n1;2,5;3\n", ";"),
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ('Unit;Criteria\n501;"LMAC5A/LM/A.1, A.2"\n502;LMAC5A/LM/B.1\n', ";"),
    ("Title only\n\nUnit,AC,Criteria\n501,1.1,LMAC5A/LM/A.1\n", ","),
    ("one column\nno delimiters\n", ","),
])
def test_the_delimiter_is_sniffed(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(("name", "grid"), [
    ("spec.docx", True), ("NAME.mapping.xlsx", True), ("NAME.MAPPING.CSV", True),
    ("name.mapping.docx", True), (".mapping.xlsx", False), ("name.mapping.pdf", False),
    ("mapping.xlsx", False), ("name.mappings.xlsx", False)])
def test_the_naming_rule(name: str, grid: bool) -> None:
    expected = grid and name != "spec.docx"
    assert is_grid_name(Path(name)) == expected


def test_grids_are_paired_by_name(tmp_path: Path) -> None:
    (tmp_path / "spec.docx").write_bytes(b"")
    for name in ("spec.mapping.csv", "spec.mapping.xlsx", "other.mapping.xlsx",
                 "spec.map.xlsx"):
        (tmp_path / name).write_bytes(b"")
    assert paired_grids(tmp_path / "spec.docx") == (tmp_path / "spec.mapping.xlsx",
                                                    tmp_path / "spec.mapping.csv")
    assert paired_grids(tmp_path / "spec.mapping.xlsx") == ()
    assert paired_grids(tmp_path / "missing.xml") == ()


def layouts_of_every_shape() -> Iterator[tuple[str, Layout]]:
    rnd = random.Random(7)
    for shape in SHAPES:
        yield shape, random_layout(shape, SPEC, CRITERIA, rnd)  # type: ignore[arg-type]


def test_reading_is_deterministic(tmp_path: Path) -> None:
    for shape, layout in layouts_of_every_shape():
        path = tmp_path / f"{shape}.xlsx"
        write_xlsx(path, [layout])
        assert read_grid(path) == read_grid(path)


def test_a_title_in_the_corner_above_a_grid_further_right(tmp_path: Path) -> None:
    unit = SPEC.units[0]
    assert unit.reference
    rows = [["Mapping", "", ""], ["", "", ""],
            ["", "", unit.reference], ["", "LMAC5A/LM/A.1", "✓"], ["", "LMAC5A/LM/A.2", ""]]
    path = tmp_path / "grid.xlsx"
    write_xlsx(path, [Layout(rows=rows)])
    joined = join_grids(BARE, [read_grid(path, name="grid.xlsx")])
    assert grid_mappings(joined, "grid.xlsx") == [
        (unit.reference, "unit", "LMAC5A/LM/A.1", "sheet Mapping, row 4, column C")]


#: (the where-covered cell, the (unit, outcome, criterion) links it gives)
WHERE_COVERED = [
    ("Unit 501 AC1.1; Unit 502 AC1.1", [("Unit 501", None, "1.1"), ("Unit 502", None, "1.1")]),
    ("Unit 501 AC 1.1, 1.2", [("Unit 501", None, "1.1"), ("Unit 501", None, "1.2")]),
    ("Unit 501 (AC1.1, AC1.3), Unit 503 LO2",
     [("Unit 501", None, "1.1"), ("Unit 501", None, "1.3"), ("Unit 503", "2", None)]),
    ("H/650/2114 1.2\nUnit 502 (all)", [("H/650/2114", None, "1.2"), ("Unit 502", None, None)]),
    ("501: 1.2a", [("Unit 501", None, "1.2a")]),
]


@pytest.mark.parametrize(("where", "links"), WHERE_COVERED)
def test_a_column_naming_where_each_reference_is_covered(
        where: str, links: list[tuple[str, str | None, str | None]]) -> None:
    table = _word_table([["SfC criteria", "Covered in (unit/AC)"], ["LMAC5A/LM/A.1", where],
                         ["LMAC5A/LM/A.2", "Unit 504 AC2.1"]], {})
    found = read_mapping_grid(table)
    assert found is not None
    assert [(x.unit, x.outcome, x.criterion) for x in found if x.refs[0][1] == "LMAC5A/LM/A.1"
            ] == links


@pytest.mark.parametrize("where", [
    "See unit 501",  # words, not a list of where
    "501: 1.2",  # a bare number under a header that names no units
    "Unit 501 2",  # an outcome, or a count?
])
def test_a_column_that_is_not_a_list_of_where_is_no_grid(where: str) -> None:
    table = _word_table([["SfC criteria", "Covered"], ["LMAC5A/LM/A.1", where],
                         ["LMAC5A/LM/A.2", where]], {})
    assert read_mapping_grid(table) is None


def test_a_where_covered_grid_file_joins(tmp_path: Path) -> None:
    first = SPEC.units[0]
    assert first.reference and first.number
    path = tmp_path / "grid.csv"
    write_csv(path, Layout(rows=[["Criteria", "Where covered"],
                                 ["LMAC5B/TL/A.1", f"Unit {first.number} AC1.1"],
                                 ["LMAC5B/TL/A.2", f"{first.reference} (all)"]]))
    joined = join_grids(BARE, [read_grid(path, name="grid.csv")])
    assert [(u, t, r) for u, t, r, _ in grid_mappings(joined, "grid.csv")] == [
        (first.reference, "1.1", "LMAC5B/TL/A.1"), (first.reference, "unit", "LMAC5B/TL/A.2")]
    assert joined.reading_notes == []


@pytest.mark.parametrize("down", ["references", "units"])
def test_a_matrix_naming_criteria_in_its_cells(down: str) -> None:
    """A matrix of criteria references by units whose cells name the unit's criteria (or
    outcomes) covering each ("1.1, 2.3", "AC 1.2", "(2.1)", "LO2"), either way round: each
    number maps that criterion of that unit. Before, only ticks were read and such a matrix
    was no grid."""
    cells = {("LMAC5A/LM/A.1", "501"): "1.1, 2.3", ("LMAC5A/LM/A.1", "502"): "",
             ("LMAC5A/LM/A.2", "501"): "AC 1.2", ("LMAC5A/LM/A.2", "502"): "(2.1)",
             ("LMAC5B/TL", "501"): "-", ("LMAC5B/TL", "502"): "LO2"}
    refs, units = ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2", "LMAC5B/TL"], ["501", "502"]
    if down == "references":
        rows = [["Skills for Care criteria", *units],
                *([ref, *(cells[ref, unit] for unit in units)] for ref in refs)]
    else:
        rows = [["Unit", *refs], *([unit, *(cells[ref, unit] for ref in refs)] for unit in units)]
    links = read_mapping_grid(_word_table(rows, {}))
    assert links is not None
    assert sorted((x.unit, x.outcome or "", x.criterion or "", [r for _, r in x.refs])
                  for x in links) == [
        ("501", "", "1.1", ["LMAC5A/LM/A.1"]), ("501", "", "1.2", ["LMAC5A/LM/A.2"]),
        ("501", "", "2.3", ["LMAC5A/LM/A.1"]), ("502", "", "2.1", ["LMAC5A/LM/A.2"]),
        ("502", "2", "", ["LMAC5B/TL"])]


def test_a_table_of_references_and_other_figures_is_no_matrix() -> None:
    """Figures that are no criterion numbers ("3", "40 hours") beside references: no grid."""
    rows = [["Skills for Care criteria", "501", "502"], ["LMAC5A/LM/A.1", "3", ""],
            ["LMAC5A/LM/A.2", "40 hours", "2"]]
    assert read_mapping_grid(_word_table(rows, {})) is None
