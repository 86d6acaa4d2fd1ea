"""Outcome/criteria grids with no header row: columns told by what they hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from layouts.compare import differences

from criteria_checker.readers import read_spec
from criteria_checker.readers.docx.blocks import MERGE_CONTINUE, MERGE_RESTART, Cell, Row
from criteria_checker.readers.docx.headerless_grids import headerless_roles

SPECIMENS = Path(__file__).resolve().parent.parent / "specimens"


def grid(*rows: tuple[str | tuple[str, ...] | None, ...]) -> list[Row]:
    """Rows of cells by text; None continues the cell above (merged down), "" is empty, a
    tuple is a cell's paragraphs."""
    out = []
    for number, texts in enumerate(rows, 1):
        cells = []
        for col, text in enumerate(texts):
            below = number < len(rows) and rows[number][col] is None
            if text is None:
                cells.append(Cell([], col, merge=MERGE_CONTINUE))
            else:
                texts = list(text) if isinstance(text, tuple) else [text] if text else []
                cells.append(Cell(texts, col, merge=MERGE_RESTART if below else 0))
        out.append(Row(cells, number, "/w:tbl[1]"))
    return out


CASES = {
    "outcomes merged, criteria, references": (grid(
        ("1 Understand leadership", "1.1 Explain leadership", "LMAC5A/LM/A.1"),
        (None, "1.2 Compare styles", "LMAC5A/LM/A.2"),
        ("2 Be able to lead a team", "2.1 Agree objectives", "LMAC5A/LM/B.1")),
        {0: "lo", 1: "ac", 2: "map"}),
    "criteria first, outcomes after": (grid(
        ("1.1 Explain leadership", "1. Understand leadership"),
        ("1.2 Compare styles", None),
        ("2.1 Agree objectives", "2. Be able to lead a team")),
        {0: "ac", 1: "lo"}),
    "numbers in columns of their own": (grid(
        ("1", "Understand leadership", "1.1", "Explain leadership"),
        ("", "", "1.2", "Compare styles"),
        ("2", "Be able to lead a team", "2.1", "Agree objectives")),
        {0: "lo", 1: "lo", 2: "ac", 3: "ac"}),
    "outcomes above their criteria in one column": (grid(
        ("LO1 Understand leadership",), ("AC1.1 Explain leadership",),
        ("AC1.2 Compare styles",), ("AC1.3 Review own style",), ("AC1.4 Adapt own style",)),
        {0: "ac"}),
    "criteria counted within their outcome, on the left": (grid(
        ("1 Explain leadership", "1 Understand leadership"),
        ("2 Compare styles", None),
        ("1 Agree objectives", "2 Lead a team")),
        {0: "ac", 1: "lo"}),
    "unnumbered outcomes that say what outcomes say": (grid(
        ("Understand leadership", "1.1 Explain leadership"),
        (None, "1.2 Compare styles"),
        ("Be able to lead a team", "2.1 Agree objectives")),
        {0: "lo", 1: "ac"}),
    "another framework's codes are no column of ours": (grid(
        ("1 Understand leadership", "1.1 Explain leadership", "SCDLMCA1"),
        (None, "1.2 Compare styles", "SCDLMCB2")),
        {0: "lo", 1: "ac"}),
    "outcomes and their criteria in one cell, references beside": (grid(
        (("1. Understand leadership", "1.1 Explain leadership", "1.2 Compare styles"),
         ("LMAC5A/LM/A.1", "LMAC5A/LM/A.2")),
        (("2. Be able to lead a team", "2.1 Agree objectives"), "LMAC5A/LM/B.1")),
        {0: "lo", 1: "map"}),
}
NOT_GRIDS = {
    "a change log": grid(("1.0", "01/09/2025", "First published"),
                         ("1.1", "15/01/2026", "Unit 502 corrected")),
    "numbered steps": grid(("1 Register learners",), ("2 Assess",), ("3 Claim certificates",)),
    "numbered points with sub-points": grid((("1. Register learners", "1.1 Online"),),
                                            (("2. Assess", "Observe practice"),)),
    "criteria without outcomes": grid(("1.1 Explain leadership", "LMAC5A/LM/A.1"),
                                      ("1.2 Compare styles", "LMAC5A/LM/A.2")),
}


@pytest.mark.parametrize("name", CASES)
def test_columns_are_told_by_what_they_hold(name: str) -> None:
    rows, roles = CASES[name]
    found = headerless_roles(rows)
    assert found is not None
    assert (found.roles, found.tie) == (roles, None)


@pytest.mark.parametrize("name", NOT_GRIDS)
def test_tables_that_are_no_grid_are_left_alone(name: str) -> None:
    assert headerless_roles(NOT_GRIDS[name]) is None


def test_one_outcome_of_one_criterion_numbered_alike_is_a_tie() -> None:
    found = headerless_roles(grid(("1 Explain leadership", "1 Lead a team")))
    assert found is not None and found.tie == (0, 1)


def _without_grid_headers(path: Path) -> Path:
    document = Document(str(SPECIMENS / "conformant.docx"))
    for table in document.tables:
        if any(word in table.rows[0].cells[0].text for word in ("Learning outcome",
                                                                 "Assessment criteria")):
            table._tbl.remove(table.rows[0]._tr)
    document.save(str(path))
    return path


def test_the_conformant_specimen_without_grid_headers_reads_exactly(tmp_path: Path) -> None:
    spec = read_spec(_without_grid_headers(tmp_path / "spec.docx"))
    assert differences(read_spec(SPECIMENS / "conformant.docx"), spec) == []
    assert spec.reading_notes == []


def test_a_tie_no_other_grid_settles_is_said(tmp_path: Path) -> None:
    document = Document()
    document.add_heading("Level 5 Diploma in Leading and Managing an Adult Care Service", 0)
    document.add_heading("Unit 501: Leadership", 2)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "1 Explain leadership", "1 Lead a team"
    path = tmp_path / "spec.docx"
    document.save(str(path))
    spec = read_spec(path)
    [unit] = spec.units
    assert [(o.text, [c.text for c in o.criteria]) for o in unit.outcomes] == [
        ("Explain leadership", ["Lead a team"])]
    assert [n.message for n in spec.reading_notes] == [
        'Table 1 has no header row, and its columns 1 and 2 are numbered alike ("1 ..."): '
        "column 1 was read as the learning outcomes and column 2 as the assessment criteria"]
