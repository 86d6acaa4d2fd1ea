"""Layouts real awarding organisations use that the reader once misread, one family each.

Each case is WordprocessingML written by hand (see test_docx_reader's helpers)
in the shape the family takes in real specifications, and asserts what the
reader must recover: the right facts, units, outcomes, criteria and
mappings, and a reading note (never a refusal) for what it cannot place.
The layout generator (tests/layouts/) proves the same families in random
combinations across writers; these are the fixed, readable examples.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from test_docx_reader import (
    OUTCOME_NUMBERING,
    W_NS,
    h,
    make_docx,
    outline,
    p,
    read,
    tbl,
    tc,
    tr,
)

from criteria_checker.annotate.document import annotate_file
from criteria_checker.engine.api import check_file
from criteria_checker.errors import InputError
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers.docx.reader import read_docx_spec

FACTS = tbl(
    tr("Qualification title", "Northfield Awards Level 5 Diploma in Leading and Managing an "
                              "Adult Care Service (England)"),
    tr("Qualification number", "610/4217/1"),
    tr("Level", "5"),
    tr("Guided learning hours (GLH)", "480"),
    tr("Total qualification time (TQT)", "920"),
)
GRID_HEADER = tr("Learning outcomes - The learner will:", "Assessment criteria - The learner can:",
                 header=True)


def unit_table(*rows: str) -> str:
    return tbl(tr("Unit reference number", "H/650/2114"), tr("Level", "5"),
               tr("Guided learning hours", "20"), tr("Credit value", "3"), *rows)


def refs(spec: QualificationSpec) -> dict[str, list[str | None]]:
    """Every mapping's canonical reference, by where it sits: unit, outcome or criterion."""
    found: dict[str, list[str | None]] = {}
    for unit in spec.units:
        for mapping in unit.mappings:
            found.setdefault(unit.key, []).append(mapping.ref)
        for outcome in unit.outcomes:
            for mapping in outcome.mappings:
                found.setdefault(f"{unit.key} LO{outcome.number}", []).append(mapping.ref)
            for criterion in outcome.criteria:
                for mapping in criterion.mappings:
                    found.setdefault(f"{unit.key} AC{criterion.number}", []).append(mapping.ref)
    return found


# -- mapping labels: any words of the family ------------------------------------------

@pytest.mark.parametrize("label", [
    "Coverage of Skills for Care criteria", "SfC content addressed", "Link to SfC criteria",
    "Relationship to the Skills for Care qualification criteria", "Criteria covered",
    "Skills for Care (SfC) mapping", "Links to LMAC criteria", "SfC code(s)"])
def test_a_unit_mapping_label_of_any_words_of_the_family(tmp_path: Path, label: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr(label, "LMAC5A/LM")) + tbl(GRID_HEADER, tr("1 Understand leadership",
                                                      "1.1 Explain leadership")))
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}


@pytest.mark.parametrize("label", ["National Occupational Standards", "NOS", "Links to NOS",
                                   "Relationship to National Occupational Standards"])
def test_national_occupational_standards_are_not_criteria(tmp_path: Path, label: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr(label, "SCDLMCA1, SCDLMCB2"), tr("Skills for Care reference", "LMAC5A/LM")))
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}


def test_an_unknown_label_whose_value_is_references_maps(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr("Content codes", "LMAC5A/LM/A.1; LMAC5A/LM/A.2")))
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"]}


def test_a_sentence_of_the_unit_aim_maps(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr("Unit aim", "This unit develops leaders. It meets all of LMAC5A/LM.")))
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}


@pytest.mark.parametrize("aim", [("This unit covers leadership.",),
                                 ("This unit covers:", "Leading a team", "Leading change")])
def test_an_aim_speaking_of_what_it_covers_is_the_aim(tmp_path: Path,
                                                      aim: tuple[str, ...]) -> None:
    # "covers" is a word of the mapping family, but a sentence over anything but
    # references is no label of references: the paragraphs stay the unit's aim.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + p(
        "Unit aim", bold=True) + "".join(p(line) for line in aim) + p(
        "Learning outcome 1: Understand leadership") + p("1.1 Explain leadership"))
    unit = spec.units[0]
    assert (unit.aim, unit.mappings) == ("\n".join(aim), [])
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership"])])]


@pytest.mark.parametrize("invisible", ["\u200c", "\u200b", "\u200d", "\u2060", "\ufeff",
                                       "\u00ad"])
def test_characters_that_show_nothing_are_not_read(tmp_path: Path, invisible: str) -> None:
    # Word's no-width optional break (and its kin) inside a long reference, so that a
    # narrow column wraps it, or inside a word; also a label set apart by a tab.
    line = f"{invisible}LMAC5A/{invisible}LM/{invisible}A.1"
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + p(
        runs=f"<w:r><w:t>Aim</w:t><w:tab/><w:t>It meets all of LMAC5C/{invisible}SG.</w:t></w:r>")
        + tbl(tr("Learning outcomes", "Assessment criteria", "Mapping", header=True),
              tr("1 Understand leadership", f"1.1 Ex{invisible}plain leadership", line)))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership"])])]
    assert refs(spec) == {"H/650/2114": ["LMAC5C/SG"], "H/650/2114 AC1.1": ["LMAC5A/LM/A.1"]}


@pytest.mark.parametrize(("outcome", "first", "second", "expected"), [
    ("1 Understand leadership", "1.1 Explain leadership (LMAC5A/LM/A.1)",
     "1.2 Compare styles (LMAC5A/LM/A.2, A.3)",
     {"AC1.1": ["LMAC5A/LM/A.1"], "AC1.2": ["LMAC5A/LM/A.2", "LMAC5A/LM/A.3"]}),
    ("1 Understand leadership", "1.1 Explain leadership [LMAC5A/LM/A.1]",
     "1.2 Compare styles – LMAC5A/LM/A.2",
     {"AC1.1": ["LMAC5A/LM/A.1"], "AC1.2": ["LMAC5A/LM/A.2"]}),
    ("1 Understand leadership (LMAC5A/LM)", "1.1 Explain leadership", "1.2 Compare styles",
     {"LO1": ["LMAC5A/LM"]}),
])
def test_references_that_end_the_line_they_map(tmp_path: Path, outcome: str, first: str,
                                               second: str, expected: dict[str, list[str]]
                                               ) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr(outcome, first), tr("", second)))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {f"H/650/2114 {key}": found for key, found in expected.items()}


@pytest.mark.parametrize("text", [
    "Explain leadership (see the unit handbook)", "Explain leadership (SCDHSC0032)",
    "Explain leadership - in own setting", "Explain leadership (A1-A5)"])
def test_a_bracket_or_dash_of_anything_but_references_is_text(tmp_path: Path,
                                                              text: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", f"1.1 {text}")))
    assert outline(spec) == [("H/650/2114", [("1", "Understand leadership", [f"1.1 {text}"])])]
    assert refs(spec) == {}


@pytest.mark.parametrize("lines", [("1.1 LMAC5A/LM/A.1", "1.2 LMAC5A/LM/A.2"),
                                   ("AC1.1: LMAC5A/LM/A.1", "AC1.2: LMAC5A/LM/A.2"),
                                   ("AC 1.2 – LMAC5A/LM/A.2", "AC 1.1 – LMAC5A/LM/A.1")])
def test_references_numbered_by_their_criterion_in_a_shared_row(tmp_path: Path,
                                                                lines: tuple[str, str]) -> None:
    # Two criteria in one row, the mapping cell naming which references are whose.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", "SfC mapping"),
        tr("1 Understand leadership", tc("1.1 Explain leadership", "1.2 Compare styles"),
           tc(*lines))))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"]}


def test_a_criterion_number_before_its_own_references_is_not_a_reference(
        tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", "SfC mapping"),
        tr("1 Understand leadership", "1.1 Explain leadership", "1.1 LMAC5A/LM/A.1")))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"]}


# -- numbers in columns of their own ---------------------------------------------------

@pytest.mark.parametrize("ac", ["1.1", "1.1.", "AC1.1", "AC 1.1"])
def test_criterion_numbers_in_their_own_cells(tmp_path: Path, ac: str) -> None:
    second = ac.replace("1.1", "1.2")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("LO", "Learning outcome", "AC", "Assessment criteria", "SfC", header=True),
        tr(tc("1", vmerge="restart"), tc("Understand leadership", vmerge="restart"), ac,
           "Explain leadership", "LMAC5A/LM/A.1"),
        tr(tc(vmerge="continue"), tc(vmerge="continue"), second, "Compare styles",
           "LMAC5A/LM/A.2")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"]}


def test_numbers_in_columns_with_no_header_at_all(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("", "Learning outcomes", "", "Assessment criteria", "", header=True),
        tr("1", "Understand leadership", "1.1", "Explain leadership", "LMAC5A/LM/A.1"),
        tr("", "", "1.2", "Compare styles", "LMAC5A/LM/A.2")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"]}


@pytest.mark.parametrize("header", [
    ("LO", "Description", "AC", "Description", "SfC"),
    ("Learning outcome", "", "AC", "Criterion", "SfC"),
    ("No.", "Outcome", "Ref.", "Description", "Skills for Care reference"),
])
def test_text_columns_named_by_what_they_hold_beside_numbers(
        tmp_path: Path, header: tuple[str, ...]) -> None:
    # A column of words whose header does not say whose ("Description", "Criterion")
    # beside a column of numbers holds those numbers' words (once read as criteria with
    # no words, or no criteria at all; the last header, naming the outcomes, is a guard).
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr(*header, header=True),
        tr(tc("1", vmerge="restart"), tc("Understand leadership", vmerge="restart"), "1.1",
           "Explain leadership", "LMAC5A/LM/A.1"),
        tr(tc(vmerge="continue"), tc(vmerge="continue"), "1.2", "Compare styles", ""),
        tr("2", "Lead a team", "2.1", "Agree team objectives", "")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Agree team objectives"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"]}


@pytest.mark.parametrize("header", [("Outcome", "Criterion"), ("AC", "Description"),
                                    ("Ref.", "Description", "SfC ref", "Links to NOS"),
                                    ("Ref.", "Description", "Link to SfC criteria",
                                     "National Occupational Standards")])
def test_grids_whose_header_names_the_criteria_column_otherwise(
        tmp_path: Path, header: tuple[str, ...]) -> None:
    # "Criterion" in the singular; outcomes as rows among the criteria, numbered in a
    # column whose header names neither, the words beside under "Description" (and a
    # column of another framework's codes, whose header is no fact of the unit).
    rows = [("1 Understand leadership", "1.1 Explain leadership"), ("", "1.2 Compare styles")] \
        if header[0] == "Outcome" else [("1.", "Understand leadership"),
                                        ("1.1", "Explain leadership"), ("1.2", "Compare styles")]
    extra = ("", "SCDLMCA1") if len(header) == 4 else ()
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr(*header, header=True), *(tr(*row, *extra) for row in rows)))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {}


def test_numbers_opening_with_the_units_own(tmp_path: Path) -> None:
    # "501.1 Understand ...", "501.1.1 Explain ..." in unit 501: outcome 1 and criterion
    # 1.1, as an appendix naming "Unit 501, 1.1" says (they were criteria "501.1.1" of
    # outcomes worded "501.1 Understand ...", and the appendix named no such criterion).
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("501.1 Understand leadership", "501.1.1 Explain leadership"),
        tr("", "501.1.2 Compare styles"), tr("501.2 Lead a team", "501.2.1 Plan meetings"))
        + h(1, "Appendix: mapping") + tbl(
        tr("Skills for Care criterion", "Unit", "Assessment criteria", header=True),
        tr("LMAC5A/LM/A.1", "501", "1.1"), tr("LMAC5B/TL/A.1", "501", "2.1")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Plan meetings"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC2.1": ["LMAC5B/TL/A.1"]}
    assert spec.reading_notes == []


# -- unit headings that do not say "Unit" -------------------------------------------------

GRID = tbl(GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership"))


@pytest.mark.parametrize("heading,number,title", [
    (h(2, "Leadership (H/650/2114)"), None, "Leadership"),
    (h(2, "Leadership – H/650/2114"), None, "Leadership"),
    (h(2, "H/650/2114 Leadership"), None, "Leadership"),
    (h(2, "LM501 Leadership"), "LM501", "Leadership"),
    (h(2, "3.2 Leading and managing"), None, "Leading and managing"),
    (p("LM501: Leadership", bold=True), "LM501", "Leadership"),
    # Set apart by its font alone, but it says "Unit" and the unit's facts follow.
    (p("Unit 501: Leadership"), "501", "Leadership"),
])
def test_a_heading_over_a_units_facts_names_that_unit(tmp_path: Path, heading: str,
                                                      number: str | None, title: str) -> None:
    spec = read(tmp_path, FACTS + h(1, "Units") + heading + unit_table() + GRID)
    assert [(u.number, u.reference, u.title) for u in spec.units] == [
        (number, "H/650/2114", title)]
    assert spec.reading_notes == []


@pytest.mark.parametrize("heading", [h(2, "Unit summary"), h(2, "Key details"),
                                     p("Leadership and management"),
                                     p("Unit 501: Leadership", bold=False) + p("See below.")])
def test_a_heading_about_units_names_none(tmp_path: Path, heading: str) -> None:
    spec = read(tmp_path, FACTS + h(1, "Units") + heading + unit_table() + GRID)
    assert [(u.reference, u.title) for u in spec.units] == [("H/650/2114", "")]


def test_a_heading_over_a_list_of_units_is_no_unit(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(1, "Qualification structure") + h(2, "Adult residential") + tbl(
        tr("Unit reference number", "Unit title", "GLH"), tr("H/650/2114", "Leadership", "20"),
        tr("J/650/2115", "Teams", "20")) + h(1, "Units") + h(2, "Unit 501: Leadership")
        + unit_table() + GRID)
    assert [(u.reference, u.title) for u in spec.units] == [
        ("H/650/2114", "Leadership"), ("J/650/2115", "Teams")]


# -- criterion numbers and column names of other house styles ---------------------------------

@pytest.mark.parametrize("first,second,numbers", [
    ("AC1 Explain leadership", "AC2 Compare styles", ["1.1", "1.2"]),
    ("Criterion 1.1 – Explain leadership", "Assessment criterion 1.2: Compare styles",
     ["1.1", "1.2"]),
    ("K1.1 Explain leadership", "S1.2 Compare styles", ["K1.1", "S1.2"]),
    ("k1.1: Explain leadership", "AC S1.2 Compare styles", ["K1.1", "S1.2"]),
    ("1a Explain leadership", "1b. Compare styles", ["1a", "1b"]),
    ("1(a) Explain leadership", "1 (b) Compare styles", ["1a", "1b"]),
])
def test_criteria_numbered_in_other_house_styles(tmp_path: Path, first: str, second: str,
                                                 numbers: list[str]) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr(tc("1 Understand leadership", vmerge="restart"), first),
        tr(tc(vmerge="continue"), second)))
    assert [(c.number, c.text) for c in spec.units[0].outcomes[0].criteria] == [
        (numbers[0], "Explain leadership"), (numbers[1], "Compare styles")]


@pytest.mark.parametrize("outcomes,criteria,mapping,first,second", [
    ("Learning outcome", "Knowledge and understanding criteria", "L5 criteria",
     "LMAC5A/LM/A.1", "LMAC5A/LM/A.2"),
    ("Learning outcomes", "Assessment criteria", "Level 5 criteria",
     "Mapped to SCDLMCS2, LMAC5A/LM/A.1", "1.2 LMAC5A/LM/A.2"),
    ("Learning aims", "Success criteria", "Criteria (Level 5)",
     "1.1 LMAC5A/LM/A.1", "LMAC5A/LM/A.2"),
])
def test_a_column_of_references_maps_whatever_its_header_says(
        tmp_path: Path, outcomes: str, criteria: str, mapping: str, first: str,
        second: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr(outcomes, criteria, mapping, header=True),
        tr("1 Understand leadership", "1.1 Explain leadership", first),
        tr("", "1.2 Compare styles", second)))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"]}
    assert spec.reading_notes == []


# -- criteria counted within their outcome ------------------------------------------------

#: A list of one level that starts again in each cell: Word shows "1.", "2." in each.
RESTARTING_LIST = """
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>
  <w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
"""


@pytest.mark.parametrize("first,second,third", [
    ("1 Explain leadership", "2 Compare styles", "1 Agree objectives"),
    ("1. Explain leadership", "2) Compare styles", "1 – Agree objectives"),
    # Counted on from the outcome before: each keeps its place.
    ("1 Explain leadership", "2 Compare styles", "3 Agree objectives"),
])
def test_criteria_counted_within_their_outcome(tmp_path: Path, first: str, second: str,
                                               third: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr(tc("1 Understand leadership", vmerge="restart"), first),
        tr(tc(vmerge="continue"), second), tr("2 Lead a team", third)))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Agree objectives"])])]


def test_criteria_numbered_by_a_list_starting_again_in_each_outcome(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER,
        tr("1 Understand leadership", tc(p("Explain leadership", num=(2, 0)),
                                         p("Compare styles", num=(2, 0)))),
        tr("2 Lead a team", tc(p("Agree objectives", num=(3, 0))))),
        numbering=RESTARTING_LIST)
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Agree objectives"])])]


# -- grids as LibreOffice and Word users type them ----------------------------------------

def test_line_breaks_inside_a_cell_separate_criteria(tmp_path: Path) -> None:
    breaks = ('<w:p><w:r><w:t>1.1 Explain leadership</w:t><w:br/><w:t>1.2 Compare styles</w:t>'
              '</w:r></w:p>')
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", tc(breaks))))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]


@pytest.mark.parametrize("mapped", ["criteria", "outcomes"])
def test_stems_in_a_row_of_their_own_below_the_header(tmp_path: Path, mapped: str) -> None:
    # Not a second header that drops the mapping column, nor a row that hides
    # how the mapping column is used.
    first, second = (("LMAC5A/LM/A.1", "LMAC5A/LM/A.2") if mapped == "criteria"
                     else ("LMAC5A/LM/A", ""))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", "SfC reference"),
        tr("The learner will:", "The learner can:", ""),
        tr("1 Understand leadership", "1.1 Explain leadership", first),
        tr("", "1.2 Compare styles", second), tr("", "1.3 Review own style", "")
        if mapped == "outcomes" else tr("", "1.3 Review own style", "LMAC5A/LM/A.3")))
    assert refs(spec) == ({"H/650/2114 LO1": ["LMAC5A/LM/A"]} if mapped == "outcomes" else {
        f"H/650/2114 AC1.{n}": [f"LMAC5A/LM/A.{n}"] for n in (1, 2, 3)})


@pytest.mark.parametrize("long", [False, True])
def test_stems_in_the_first_data_row(tmp_path: Path, long: bool) -> None:
    text = "Understand leadership" + (" in adult social care services" * 5 if long else "")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", "Skills for Care reference", header=True),
        tr(tc("The learner will:", f"1 {text}"), tc("The learner can:", "1.1 Explain leadership"),
           "LMAC5A/LM/A.1"),
        tr("", "1.2 Compare styles", "LMAC5A/LM/A.2")))
    assert outline(spec) == [("H/650/2114", [
        ("1", text, ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"]}


#: A unit described down one column: "Label: value" lines, then its grid.
ONE_COLUMN_FACTS = ("Unit reference number: H/650/2114", "Level: 5", "Credit value: 3")
ONE_COLUMN_GRID = ("1 Understand leadership", "1.1 Explain styles of leadership",
                   "1.2 Compare leadership styles in practice")


@pytest.mark.parametrize("fact", [
    "NOS: SCDLMCA1, SCDHSC0032", "Links to NOS: SCDLMCA1, SCDHSC0032",
    "Sector subject area: Health and social care",
    "Endorsement: Skills for Care", "Funding: Advanced Learner Loans"])
def test_facts_the_reader_keeps_no_field_for_still_lead_to_the_grid(tmp_path: Path,
                                                                    fact: str) -> None:
    rows = (*ONE_COLUMN_FACTS, fact, "Assessment criteria\nThe learner can:", *ONE_COLUMN_GRID)
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership")
                + tbl(*(tr(tc(*row.split("\n"))) for row in rows)))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain styles of leadership",
                                        "1.2 Compare leadership styles in practice"])])]
    assert spec.reading_notes == []


def test_criteria_below_facts_with_no_grid_header_are_read(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership")
                + tbl(*(tr(row) for row in (*ONE_COLUMN_FACTS, *ONE_COLUMN_GRID))))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain styles of leadership",
                                        "1.2 Compare leadership styles in practice"])])]
    assert spec.reading_notes == []


def test_numbered_rows_below_facts_that_are_no_grid_are_noted_not_dropped(
        tmp_path: Path) -> None:
    # Criteria with no outcome anywhere: no grid the reader can place them in.
    rows = (*ONE_COLUMN_FACTS, "1.1 Explain styles of leadership",
            "1.2 Compare leadership styles in practice")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + tbl(*(tr(row) for row in rows)))
    assert outline(spec) == [("H/650/2114", [])]
    assert [(n.kind, n.message, n.location.locator) for n in spec.reading_notes] == [
        ("not-understood", "Table 2 holds 2 numbered assessment criteria below its facts "
                           "(first: '1.1 Explain styles of leade...') in a layout that was not "
                           "understood, so they were not read", "table 2, row 4")]


def test_a_grid_split_by_hand_is_judged_whole(tmp_path: Path) -> None:
    # The first part alone cannot show that the references beside each outcome's
    # first row map the outcome: one empty row could be an unmapped criterion.
    header = tr("Learning outcomes", "Assessment criteria", "Skills for Care reference")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        header,
        tr("1 Understand leadership", "1.1 Explain leadership", "LMAC5A/LM/A.1, LMAC5A/LM/A.2"),
        tr("", "1.2 Compare styles", "")) + p("") + tbl(
        header,
        tr("2 Lead a team", "2.1 Agree team objectives", "LMAC5B/TL/B.1"),
        tr("", "2.2 Review progress", ""), tr("", "2.3 Give feedback", "")))
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"],
                          "H/650/2114 LO2": ["LMAC5B/TL/B.1"]}
    assert [len(o.criteria) for o in spec.units[0].outcomes] == [2, 3]


#: Unit 502's grid under the same header, in each way a mapping column is used.
OTHER_GRIDS = {
    "outcomes": (tr("1 Lead a team", "1.1 Agree team objectives", "LMAC5B/TL/B.1"),
                 tr("", "1.2 Review progress", ""), tr("", "1.3 Give feedback", "")),
    "criteria": (tr("1 Lead a team", "1.1 Agree team objectives", "LMAC5B/TL/B.1"),
                 tr("", "1.2 Review progress", "LMAC5B/TL/B.2"),
                 tr("", "1.3 Give feedback", "LMAC5B/TL/B.3")),
    "none": (),
}


@pytest.mark.parametrize("one_table", [False, True])
@pytest.mark.parametrize("small_first", [True, False])
@pytest.mark.parametrize(("other", "mapped"), [
    ("outcomes", "H/650/2114 LO1"), ("criteria", "H/650/2114 AC1.1"), ("none", "H/650/2114 AC1.1")])
def test_a_grid_too_small_to_show_what_it_maps_follows_the_house_style(
        tmp_path: Path, other: str, mapped: str, small_first: bool, one_table: bool) -> None:
    # One outcome of two criteria, references on its first row only: the
    # outcome's, or its first criterion's with the second unmapped. The
    # document's other grids under the same header tell, before or after it,
    # in a table of their own or below their unit's facts; with none, the row's.
    header = tr("Learning outcomes", "Assessment criteria", "Skills for Care reference")
    small = h(2, "Unit 501: Leadership") + unit_table() + tbl(
        header,
        tr("1 Understand leadership", "1.1 Explain leadership", "LMAC5A/LM/A.1, LMAC5A/LM/A.2"),
        tr("", "1.2 Compare styles", ""))
    facts = (tr("Unit reference number", tc("K/650/2115", span=2)), tr("Level", tc("5", span=2)),
             tr("Guided learning hours", tc("20", span=2)), tr("Credit value", tc("3", span=2)))
    grid = (header, *OTHER_GRIDS[other])
    telling = "" if not OTHER_GRIDS[other] else h(2, "Unit 502: Teams") + (
        tbl(*facts, *grid) if one_table else tbl(*facts) + tbl(*grid))
    spec = read(tmp_path, FACTS + (small + telling if small_first else telling + small))
    assert {key: found for key, found in refs(spec).items() if key.startswith("H/650")} == {
        mapped: ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"]}
    assert spec.reading_notes == []


# -- outcomes and criteria as paragraphs, no grid -------------------------------------

@pytest.mark.parametrize("outcomes", [("Learning outcome 1: Understand leadership",
                                       "Learning outcome 2: Lead a team"),
                                      ("LO1 Understand leadership", "LO2 Lead a team"),
                                      ("1 Understand leadership", "2 Lead a team")])
def test_outcomes_and_criteria_as_paragraphs(tmp_path: Path, outcomes: tuple[str, str]) -> None:
    # Each outcome's references on the line below it, a stem between, a
    # criterion's references on the line below it or at its end.
    first, second = outcomes
    lines = (first, "Skills for Care reference: LMAC5A/LM/A", "The learner can:",
             "1.1 Explain leadership", "1.2 Compare styles (LMAC5A/LM/A.2)",
             second, "The learner can:", "2.1 Agree team objectives",
             "Skills for Care reference: LMAC5B/TL/B.1")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + "".join(p(line) for line in lines))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Agree team objectives"])])]
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"],
                          "H/650/2114 AC2.1": ["LMAC5B/TL/B.1"]}
    assert spec.reading_notes == []


@pytest.mark.parametrize("bullets", [False, True])
def test_the_items_of_a_criterion_as_paragraphs_belong_to_it(tmp_path: Path,
                                                             bullets: bool) -> None:
    # After "... for:" plain paragraphs, or bullets after any criterion, are its
    # items, up to the next number or unit fact.
    def item(text: str) -> str:
        return p(text, num=(3, 2)) if bullets else p(text)
    stem = "1.1 Explain how to adapt own style" + ("" if bullets else " for:")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + p(
        "Learning outcome 1: Understand leadership") + p(stem) + item(
        "different situations") + item("different teams") + p("1.2 Compare styles") + p(
        "Assessment guidance: evidence must come from the learner's own practice."),
        numbering=OUTCOME_NUMBERING)
    assert outline(spec) == [("H/650/2114", [("1", "Understand leadership", [
        f"{stem}\ndifferent situations\ndifferent teams", "1.2 Compare styles"])])]


#: Word's bullets as its default list sets them: a Symbol-font dot, then "o" a level down.
BULLETS = """
<w:abstractNum w:abstractNumId="9">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>
  </w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="9"/></w:num>
"""


def bullet(text: str, level: int = 0) -> str:
    return p(text, num=(5, level))


BULLETED = [("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
            ("2", "Lead a team", ["2.1 Agree team objectives"])]


def _outcome_then(outcome: str, *criteria: str) -> str:
    return p(outcome) + "".join(bullet(c) for c in criteria)


@pytest.mark.parametrize("body", [
    # Word's bullets below each outcome's paragraph, a label or stem between or none
    _outcome_then("Learning outcome 1: Understand leadership", "Explain leadership",
                  "Compare styles") + p("Learning outcome 2: Lead a team")
    + p("Assessment criteria") + bullet("Agree team objectives"),
    p("1. Understand leadership", bold=True) + p("The learner can:") + bullet(
        "Explain leadership") + bullet("Compare styles") + p("2. Lead a team", bold=True)
    + p("The learner can:") + bullet("Agree team objectives"),
    # numbered next after the outcomes read, whatever its words
    _outcome_then("1. Understand leadership", "Explain leadership", "Compare styles")
    + _outcome_then("2. Lead a team", "Agree team objectives"),
    # typed bullets
    "".join(p(line) for line in ("LO1 Understand leadership", "• Explain leadership",
                                 "• Compare styles", "LO2 Lead a team",
                                 "– Agree team objectives")),
    # in a grid's criteria cell, or in one cell below the outcome's words
    tbl(GRID_HEADER, tr("1 Understand leadership", tc(bullet("Explain leadership"),
                                                      bullet("Compare styles"))),
        tr("2 Lead a team", tc(bullet("Agree team objectives")))),
    tbl(tr("Learning outcomes and assessment criteria", header=True),
        tr(tc("1. Understand leadership", bullet("Explain leadership"),
              bullet("Compare styles"))),
        tr(tc("2. Lead a team", bullet("Agree team objectives")))),
    # a grid with no header after the unit's facts in the same table, bullets typed
    unit_table(tr("1. Understand leadership", "• Explain leadership"),
               tr("", "• Compare styles"), tr("2. Lead a team", "• Agree team objectives")),
], ids=["paragraphs", "bold-outcomes", "next-number", "typed", "grid-cell", "one-cell",
        "headerless"])
def test_unnumbered_criteria_as_bullets_are_numbered_by_place(tmp_path: Path,
                                                              body: str) -> None:
    """Criteria printed as bullets, without numbers, under their outcome: each is a
    criterion, numbered by its place (they were once dropped, or run into one)."""
    # (The headerless grid brings the unit's facts table; the others follow one.)
    facts = "" if "Unit reference number" in body else unit_table()
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + facts + body,
                numbering=BULLETS)
    assert outline(spec) == [("H/650/2114", BULLETED)]
    assert spec.reading_notes == []


def test_a_bulleted_criterions_own_items_and_what_follows_the_criteria(
        tmp_path: Path) -> None:
    # The items of a bulleted criterion that introduces a list (lettered, or bullets a
    # level down) are its own; bullets after a bold line are guidance, not criteria.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + p("Learning outcome 1: Understand leadership")
                + bullet("Explain how to adapt own style, including:") + p("a) to situations")
                + p("b) to teams") + bullet("Compare styles, for:") + bullet("new teams", 1)
                + bullet("Analyse own style") + p("Delivery guidance", bold=True)
                + bullet("Use case studies") + bullet("Visit other services"),
                numbering=BULLETS)
    assert outline(spec) == [("H/650/2114", [("1", "Understand leadership", [
        "1.1 Explain how to adapt own style, including:\na) to situations\nb) to teams",
        "1.2 Compare styles, for:\nnew teams", "1.3 Analyse own style"])])]


CRITERIA_TABLE = tbl(tr("AC", "The learner can:", "SfC mapping", header=True),
                     tr("1.1", "Explain leadership", "LMAC5A/LM/A.1"),
                     tr("1.2", "Compare styles", ""), tr("2.1", "Agree team objectives", ""))
CRITERIA_PARAGRAPHS = p("Assessment criteria", bold=True) + p("The learner can:") + "".join(
    p(line) for line in ("1.1 Explain leadership", "Skills for Care reference: LMAC5A/LM/A.1",
                         "1.2 Compare styles", "2.1 Agree team objectives"))


@pytest.mark.parametrize("outcomes", [
    p("Learning outcomes", bold=True) + p("The learner will:") + p("1. Understand leadership")
    + p("Skills for Care reference: LMAC5A/LM/A") + p("2. Lead a team"),
    p("Learning outcome 1: Understand leadership") + p("Skills for Care reference: LMAC5A/LM/A")
    + p("Learning outcome 2: Lead a team"),
    tbl(tr("Learning outcomes – the learner will:", "Skills for Care reference", header=True),
        tr("1 Understand leadership", "LMAC5A/LM/A"), tr("2 Lead a team", "")),
], ids=["label-and-paragraphs", "outcome-paragraphs", "table"])
@pytest.mark.parametrize("criteria", [CRITERIA_TABLE, CRITERIA_PARAGRAPHS],
                         ids=["criteria-table", "criteria-paragraphs"])
def test_outcomes_listed_apart_from_their_criteria(tmp_path: Path, outcomes: str,
                                                   criteria: str) -> None:
    """The unit's outcomes listed together first, then all its criteria: each criterion
    joins the outcome its number names (they once all joined the last outcome listed, or
    an outcome made up for them)."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + outcomes
                + criteria)
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Agree team objectives"])])]
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A"],
                          "H/650/2114 AC1.1": ["LMAC5A/LM/A.1"]}
    assert spec.reading_notes == []


def test_criteria_of_several_outcomes_with_none_printed_get_one_each(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Assessment criteria", header=True), tr("1.1 Explain leadership"),
        tr("1.2 Compare styles"), tr("2.1 Agree team objectives")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "", ["1.1 Explain leadership", "1.2 Compare styles"]),
        ("2", "", ["2.1 Agree team objectives"])])]


def _ole_object(program: str) -> str:
    """A paragraph holding an object another program shows, as Word embeds one."""
    return ('<w:p><w:r><w:object><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="s1"/>'
            '<o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Embed" '
            f'ProgID="{program}" ShapeID="s1"/></w:object></w:r></w:p>')


def test_a_grid_embedded_as_an_excel_worksheet_is_named_not_read(tmp_path: Path) -> None:
    # A unit's grid pasted from Excel as an object: its content is no text of the
    # document's. The reader says so where it is; a chart so embedded is a picture.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + p("Learning outcomes and assessment criteria") + _ole_object("Excel.Sheet.12")
                + _ole_object("Excel.Chart.8"))
    assert outline(spec) == [("H/650/2114", [])]
    assert [(n.kind, n.message, n.location.locator if n.location else None)
            for n in spec.reading_notes] == [
        ("not-understood", "H/650/2114 holds an embedded Excel worksheet (an object another "
                           "program shows, not a Word table), which was not read: paste its "
                           "content into the document as a table",
         'paragraph "[embedded Excel worksheet]"')]


def test_numbered_paragraphs_that_are_not_outcomes_stay_prose(tmp_path: Path) -> None:
    # A bare number opens an outcome only when its criteria follow it.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + p(
        "1 in 4 managers say supervision is rushed.") + p("Assessment guidance") + tbl(
        GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership"])])]


def test_criteria_paragraphs_with_no_outcome_are_noted(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + p(
        "Assessment criteria") + p("1.1 Explain styles of leadership") + p(
        "1.2 Compare leadership styles in practice"))
    assert outline(spec) == [("H/650/2114", [])]
    assert [(n.kind, n.message) for n in spec.reading_notes] == [
        ("not-understood", "H/650/2114 has 2 paragraphs numbered as assessment criteria "
                           "(first: '1.1 Explain styles of leade...') outside any grid or "
                           "learning outcome, so they were not read")]


# -- key facts by shape -----------------------------------------------------------------

def test_a_one_row_horizontal_key_facts_table(tmp_path: Path) -> None:
    facts = tbl(tr("Qualification title", "Qualification number", "Level", "GLH", "TQT",
                   "Credit value"),
                tr("Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care "
                   "Service", "610/4217/1", "5", "480", "920", "92"))
    spec = read(tmp_path, facts + h(2, "Unit 501: Leadership") + unit_table())
    assert (spec.title, spec.qualification_number, spec.level, spec.glh, spec.tqt,
            spec.credits) == ("Northfield Awards Level 5 Diploma in Leading and Managing an "
                              "Adult Care Service", "610/4217/1", 5, 480, 920, 92)


@pytest.mark.parametrize("sentence", [
    "Unit reference number: H/651/4402. Level 5. GLH 20. TQT 30. Credit 3.",
    "Unit reference number H/651/4402, Level 5, 20 GLH, TQT 30 and 3 credits.",
    "Unit reference number: H/651/4402 | Level: 5 | Guided learning hours: 20 | TQT: 30 | "
    "Credit value: 3",
])
def test_several_unit_facts_in_one_sentence(tmp_path: Path, sentence: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + p(sentence))
    unit = spec.units[0]
    assert (unit.reference, unit.level, unit.glh, unit.tqt, unit.credit) == (
        "H/651/4402", 5, 20, 30, 3)


TITLE = "Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service"
SDT = (f'<w:sdt><w:sdtPr><w:alias w:val="Title"/></w:sdtPr><w:sdtContent>{p(TITLE)}'
       "</w:sdtContent></w:sdt>")


@pytest.mark.parametrize("front", [
    p(TITLE, style="Title"),
    h(1, TITLE),
    p(TITLE, bold=True) + p("Qualification specification") + p("Version 2.1, March 2026"),
    p("Qualification specification") + p(TITLE),
    SDT,
], ids=["title-style", "first-heading", "cover-page", "cover-after-a-line", "content-control"])
def test_a_title_given_only_in_the_front_matter(tmp_path: Path, front: str) -> None:
    facts = tbl(tr("Qualification number", "610/4217/1"), tr("Level", "5"))
    spec = read(tmp_path, front + facts + h(2, "Unit 501: Leadership") + unit_table())
    assert spec.title == TITLE


def test_a_superseded_qualification_named_later_is_not_the_title(tmp_path: Path) -> None:
    facts = tbl(tr("Qualification number", "610/4217/1"), tr("Level", "5"))
    spec = read(tmp_path, facts + h(2, "Unit 501: Leadership") + unit_table()
                + h(1, "Superseded qualifications")
                + p("Level 5 Diploma in Leadership and Management for Adult Care"))
    assert spec.title is None


def test_a_title_given_only_in_the_page_header(tmp_path: Path) -> None:
    path = make_docx(tmp_path, tbl(tr("Qualification number", "610/4217/1"), tr("Level", "5"))
                     + h(2, "Unit 501: Leadership") + unit_table())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/header1.xml", f'<w:hdr xmlns:w="{W_NS}">'
                                             f"{p(TITLE + ' | Qualification specification')}"
                                             "</w:hdr>")
    assert read_docx_spec(path).title == TITLE


@pytest.mark.parametrize("stated,number", [
    ("610/4217/1 (RQF)", "610/4217/1"), ("QN: 610/4217/1", "610/4217/1"),
    ("6104217X", "6104217X"),
    # Not one number: kept as written, for the format check to report.
    ("610/421/1", "610/421/1"), ("610/4217/1 or 610/4217/2", "610/4217/1 or 610/4217/2"),
])
def test_the_qualification_number_is_taken_from_what_surrounds_it(
        tmp_path: Path, stated: str, number: str) -> None:
    facts = FACTS.replace("610/4217/1", stated)
    spec = read(tmp_path, facts + h(2, "Unit 501: Leadership") + unit_table() + GRID)
    assert spec.qualification_number == number


@pytest.mark.parametrize("stated,reference", [
    ("H/650/2114 (Ofqual)", "H/650/2114"), ("H/650/2114 - RQF", "H/650/2114"),
    ("Ofqual unit ref: H/650/2114", "H/650/2114"),
    # Not one well-formed reference: kept as written, for the format check to report.
    ("H/650/ 2114", "H/650/ 2114"), ("H6502114", "H6502114"),
])
def test_the_unit_reference_is_taken_from_what_surrounds_it(
        tmp_path: Path, stated: str, reference: str) -> None:
    spec = read(tmp_path, FACTS + h(1, "Units") + tbl(
        tr("Unit reference number", "Unit title"), tr(stated, "Leadership"))
        + h(2, "Unit 501: Leadership") + tbl(tr("Unit reference number", stated),
                                             tr("Level", "5")) + GRID)
    assert [(u.reference, u.title) for u in spec.units] == [(reference, "Leadership")]


# -- mapping grids outside the units ------------------------------------------------------

UNITS_FOR_GRIDS = (FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
    GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership"),
    tr("", "1.2 Compare styles")))


def test_an_appendix_grid_criteria_major_is_joined_onto_the_criteria(tmp_path: Path) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + h(1, "Appendix 1: Mapping to the criteria") + tbl(
        tr("Criteria code", "Unit number", "Assessment criterion"),
        tr("LMAC5A/LM/A.1", "501", "1.1"),
        tr("LMAC5A/LM/A.2", "501", "1.2"),
        tr("LMAC5A/LM/A.3", "Unit 501", "AC1.2")))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2", "LMAC5A/LM/A.3"]}
    assert spec.reading_notes == []


def test_an_appendix_grid_unit_major_with_the_unit_merged_down(tmp_path: Path) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + tbl(
        tr("Unit", "AC", "Skills for Care criteria"),
        tr(tc("H/650/2114", vmerge="restart"), "1.1", "LMAC5A/LM A1-A2"),
        tr(tc(vmerge="continue"), "1.2", "LMAC5A/LM/A.3")))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.3"]}


def test_a_tick_matrix_maps_units(tmp_path: Path) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + tbl(
        tr("SfC criteria", "501", "502"),
        tr("LMAC5A/LM", "✓", ""),
        tr("LMAC5B/TL", "", "✓")))
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}
    assert [(n.kind, n.message) for n in spec.reading_notes] == [
        ("unknown-target", "The mapping grid at table 4, row 3 names unit '502', which the "
                           "specification does not have: its references were not counted")]


def sym(font: str, char: str) -> str:
    """A cell holding a symbol Word inserts with Insert > Symbol: a w:sym, no text."""
    return tc(f'<w:p><w:r><w:sym w:font="{font}" w:char="{char}"/></w:r></w:p>')


@pytest.mark.parametrize("tick,cross", [
    (sym("Wingdings", "F0FC"), sym("Wingdings", "F0FB")),
    (sym("Wingdings 2", "F050"), sym("Wingdings 2", "F04F")),
    (sym("Symbol", "F0D6"), ""),
    ("ü", ""),  # Wingdings' tick typed as its letter
    ("✓", "✗"),
    ("✗", ""),  # crosses alone are the matrix's ticks
])
def test_a_tick_matrix_ticked_in_any_mark(tmp_path: Path, tick: str, cross: str) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + tbl(
        tr("SfC criteria", "501"), tr("LMAC5A/LM", tick), tr("LMAC5B/TL", cross or "")))
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}


def test_a_grid_naming_a_criterion_the_unit_lacks_is_a_finding(tmp_path: Path) -> None:
    path = make_docx(tmp_path, UNITS_FOR_GRIDS + tbl(
        tr("Criteria code", "Unit number", "Assessment criterion"),
        tr("LMAC5A/LM/A.1", "501", "1.1"),
        tr("LMAC5A/LM/A.2", "501", "3.9")))
    report = check_file(path)
    found = [(f.rule_id, f.message) for f in report.findings if f.rule_id.startswith("RDR")]
    assert found == [("RDR004", "The mapping grid at table 4, row 3 names assessment criterion "
                                "3.9 of H/650/2114, which has no such criterion: its references "
                                "LMAC5A/LM/A.2 were not counted")]


# -- what Word does not show --------------------------------------------------------------

HIDDEN = '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
SHOWN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'


def test_hidden_text_is_not_read(tmp_path: Path) -> None:
    """Template guidance an author hid, and a hidden word inside a criterion."""
    criterion = p(runs=SHOWN.format("1.1 Explain ") + HIDDEN.format("[verb from list] ")
                  + SHOWN.format("leadership"))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr("Skills for Care criteria", tc(p(runs=HIDDEN.format("[Insert references]")),
                                          "LMAC5A/LM"))) + tbl(
        GRID_HEADER, tr("1 Understand leadership", tc(criterion)),
        tr("", tc(p(runs='<w:r><w:rPr><w:vanish w:val="0"/></w:rPr>'
                        '<w:t>1.2 Compare styles</w:t></w:r>')))))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership", "1.2 Compare styles"])])]
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}
    # The annotated copy finds its places in the tree that still holds the hidden text.
    annotated, report = annotate_file(tmp_path / "spec.docx")
    assert report.findings and b"commentReference" in zip_member(annotated, "word/document.xml")


def zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


# -- never refuse a whole file for one table -----------------------------------------------

def test_a_table_of_references_in_no_known_shape_is_noted_once(tmp_path: Path) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + tbl(
        tr("Ref", "Where"), tr("LMAC5A/LM/A.1", "see unit handbook, page 4"),
        tr("LMAC5A/LM/A.2", "see unit handbook, page 5")))
    assert [(n.kind, n.message) for n in spec.reading_notes] == [
        ("not-understood", "Table 4 holds 2 criteria references but its layout was not "
                           "understood (first row: 'Ref', 'Where'), so nothing in it was read")]
    assert len(spec.units) == 1


#: Content a web export embeds as HTML for Word to convert when it opens the file.
ALT_CHUNK = ('<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships" r:id="rId9"/>')


def test_content_embedded_in_another_format_is_noted(tmp_path: Path) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + ALT_CHUNK + ALT_CHUNK)
    assert [(n.kind, n.message, n.location.path) for n in spec.reading_notes] == [
        ("not-understood", "The document embeds 2 parts in another format (HTML, RTF or "
                           "another document, as web exports write them), which Word converts "
                           "only when it opens the file, so they were not read: open the file "
                           "in Word, save it, and check the saved file",
         "/w:document/w:body/w:altChunk[1]")]
    assert len(spec.units) == 1


def test_a_file_that_is_all_embedded_content_says_so(tmp_path: Path) -> None:
    path = make_docx(tmp_path, p("Exported from the course builder") + ALT_CHUNK)
    with pytest.raises(InputError) as caught:
        read_docx_spec(path)
    assert str(caught.value) == (
        f"{path}: has its content embedded in another format (HTML, RTF or another document, "
        "as web exports write it), which Word converts only when it opens the file: open it "
        "in Word, save it, and check the saved file")


def test_a_change_log_is_no_business_of_the_reader(tmp_path: Path) -> None:
    spec = read(tmp_path, UNITS_FOR_GRIDS + tbl(
        tr("Version", "Date", "Change"), tr("2.1", "March 2026", "Unit 501 aim reworded")))
    assert spec.reading_notes == []


def test_no_mappings_anywhere_leads_the_report(tmp_path: Path) -> None:
    report = check_file(make_docx(tmp_path, UNITS_FOR_GRIDS))
    first = report.findings[0]
    assert first.rule_id == "RDR002"
    assert first.message.startswith("No criteria references were found in the specification "
                                    "(1 unit, 2 assessment criteria;")
    assert {f.rule_id for f in report.findings} >= {"RDR002", "COV001"}


def test_ranges_and_shorthand_survive_conversion_to_xml(tmp_path: Path) -> None:
    from criteria_checker.readers.xml_reader import read_xml_bytes
    from criteria_checker.writers.xml_writer import write_xml_spec

    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr("Skills for Care reference", "LMAC5B/TL B1-B3, LMAC5A/LM A1, A2")))
    back = read_xml_bytes(write_xml_spec(spec), "converted.xml")
    assert refs(back) == refs(spec) == {"H/650/2114": [
        "LMAC5B/TL/B.1", "LMAC5B/TL/B.2", "LMAC5B/TL/B.3", "LMAC5A/LM/A.1", "LMAC5A/LM/A.2"]}


# -- a criterion's lettered points ----------------------------------------------------------

POINTS = ["1.1 Explain leadership styles, including:\na) autocratic\nb) democratic",
          "1.2 Compare styles"]


@pytest.mark.parametrize("grid", [
    pytest.param(tbl(GRID_HEADER, tr("1 Understand leadership",
                                     tc("1.1 Explain leadership styles, including:",
                                        "a) autocratic", "b) democratic")),
                     tr("", "1.2 Compare styles")), id="points in the criterion's cell"),
    pytest.param(tbl(GRID_HEADER, tr("1 Understand leadership",
                                     "1.1 Explain leadership styles, including:"),
                     tr("", "a) autocratic"), tr("", "b) democratic"),
                     tr("", "1.2 Compare styles")), id="a row per point"),
    pytest.param(tbl(tr("LO", "Learning outcomes", "AC", "Assessment criteria", header=True),
                     tr("1", "Understand leadership", tc("1.1", "1.2"),
                        tc("Explain leadership styles, including:", "a) autocratic",
                           "b) democratic", "Compare styles"))),
                 id="numbers apart, beside the points"),
    pytest.param(p("Learning outcome 1: Understand leadership")
                 + p("1.1 Explain leadership styles, including:") + p("a) autocratic")
                 + p("b) democratic") + p("1.2 Compare styles"), id="paragraphs"),
])
def test_lettered_points_belong_to_their_criterion(tmp_path: Path, grid: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + grid)
    assert outline(spec) == [("H/650/2114", [("1", "Understand leadership", POINTS)])]


def test_criteria_lettered_within_their_outcome_are_counted_in_it(tmp_path: Path) -> None:
    """"a) Explain", "b) Compare" under outcome 1 are its criteria 1.1 and 1.2, as criteria
    numbered 1, 2 within each outcome are; a gap stays a gap."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", "a) Explain leadership styles"),
        tr("", "b) Compare styles"), tr("2 Lead a team", "a. Plan meetings"),
        tr("", "c. Review meetings")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership styles", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Plan meetings", "2.3 Review meetings"])])]


def test_key_facts_in_cells_of_their_own(tmp_path: Path) -> None:
    """A grid of facts, each cell "Label: value" (one label the reader has no field for)."""
    spec = read(tmp_path, tbl(
        tr("Qualification number: 610/4217/1", "Level: 5", "TQT: 920"),
        tr("GLH: 480", "Credit value: 92", "Age range: 19+"))
        + h(2, "Unit 501: Leadership") + unit_table() + tbl(
            GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership")))
    assert (spec.qualification_number, spec.level, spec.tqt, spec.glh, spec.credits) == (
        "610/4217/1", 5, 920, 480, 92)
    assert spec.facts == {"Age range": "19+"}


# -- a unit headed again over the rest of its grid ------------------------------------------

GRID_PART_1 = tbl(GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership"))
GRID_PART_2 = tbl(GRID_HEADER, tr("2 Be able to lead a team", "2.1 Agree objectives"))


@pytest.mark.parametrize("again", [
    "Unit 501: Leadership (continued)", "Unit 501: Leadership – continued", "Unit 501 (cont.)",
    "Unit 501: Leadership"])
def test_a_unit_headed_again_goes_on(tmp_path: Path, again: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + GRID_PART_1
                + h(2, again) + GRID_PART_2)
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership"]),
        ("2", "Be able to lead a team", ["2.1 Agree objectives"])])]
    assert spec.reading_notes == []


def test_a_heading_without_unit_repeating_the_title_goes_on(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Leadership (H/650/2114)") + unit_table() + GRID_PART_1
                + h(2, "Leadership (H/650/2114) (continued)") + GRID_PART_2)
    assert [(key, [number for number, _, _ in outcomes]) for key, outcomes in outline(spec)] == [
        ("H/650/2114", ["1", "2"])]


def test_another_unit_of_the_same_title_is_another_unit(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + GRID_PART_1
                + h(2, "Unit 502: Leadership") + tbl(tr("Unit reference number", "J/650/2115"))
                + GRID_PART_2)
    assert [key for key, _ in outline(spec)] == ["H/650/2114", "J/650/2115"]


def test_an_appendix_naming_where_each_reference_is_covered(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership"),
        tr("", "1.2 Compare styles")) + h(1, "Appendix: mapping to the criteria") + tbl(
        tr("SfC criteria", "Units and assessment criteria"),
        tr("LMAC5A/LM/A.1", "Unit 501 AC1.1"), tr("LMAC5A/LM/A.2", "501: 1.2; Unit 501 AC1.1")))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"]}
    assert spec.reading_notes == []


# -- rules of combination set out as a table ------------------------------------------------

RULES_UNITS = (h(2, "Group A: Mandatory units") + tbl(
    tr("Unit reference number", "Unit title", "Credit value"),
    tr("H/650/2114", "Leadership", "3"), tr("J/650/2115", "Teams", "4"))
    + h(2, "Group B: Optional units") + tbl(
    tr("Unit reference number", "Unit title", "Credit value"),
    tr("K/650/2116", "Finance", "2"), tr("L/650/2117", "Digital", "2"),
    tr("M/650/2118", "Coaching", "3")))


@pytest.mark.parametrize("rules", [
    pytest.param(tbl(tr("Group", "Minimum credits", "Maximum credits"),
                     tr("Group A (mandatory)", "7", "7"), tr("Group B (optional)", "4", "5"),
                     tr("Total", "11", "12")), id="minimum and maximum columns"),
    pytest.param(tbl(tr("Unit group", "Credits required"), tr("A – Mandatory", "7"),
                     tr("B – Optional", "4 to 5"), tr("Qualification total", "11-12")),
                 id="one column of amounts"),
])
def test_rules_of_combination_in_a_table(tmp_path: Path, rules: str) -> None:
    spec = read(tmp_path, FACTS + h(1, "Qualification structure")
                + h(2, "Rules of combination") + rules + RULES_UNITS)
    assert sorted((r.groups, r.min_credits, r.max_credits) for r in spec.combination.rules) == [
        ([], 11, 12), (["A"], 7, 7), (["B"], 4, 5)]
    assert spec.combination.unread == []


def test_a_rules_table_row_the_rules_cannot_state_is_unread_with_its_reason(
        tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(1, "Qualification structure") + tbl(
        tr("Group", "Credits", "Number of units"), tr("Group A", "7", ""),
        tr("Group B", "", "2")) + RULES_UNITS)
    assert [(r.groups, r.min_credits) for r in spec.combination.rules] == [(["A"], 7)]
    assert [(u.text, u.reason) for u in spec.combination.unread] == [
        ("Learners must achieve 2 units from Group B.", "counts units, not credits or hours: "
                                                        "'2 units'")]


# -- a unit's heading as the first row of its table -----------------------------------------

def _unit_table_headed(number: int, urn: str, title: str, outcome: str) -> str:
    return tbl(tr(tc(f"Unit {number}: {title}", span=2)), tr("Unit reference number", urn),
               tr("Level", "5"), tr("Credit value", "3"), GRID_HEADER,
               tr(f"1 {outcome}", "1.1 Explain it"))


def test_a_units_heading_as_the_first_row_of_its_table(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(1, "Units")
                + _unit_table_headed(501, "H/650/2114", "Leadership", "Understand leadership")
                + _unit_table_headed(502, "J/650/2115", "Teams", "Understand teams"))
    assert [(u.reference, u.number, u.title) for u in spec.units] == [
        ("H/650/2114", "501", "Leadership"), ("J/650/2115", "502", "Teams")]
    assert [key for key, _ in outline(spec)] == ["H/650/2114", "J/650/2115"]
    assert spec.reading_notes == []


def test_a_short_grid_is_not_continued_by_the_next_units_table(tmp_path: Path) -> None:
    # Nothing between one unit's grid and the next unit's table: the next table's facts
    # are no rows of the grid to judge its columns by.
    grid = tbl(tr("Ref.", "Assessment criteria"), tr("Learning outcome 1", "Understand it"),
               tr("AC 1.1", "Explain it"))
    spec = read(tmp_path, FACTS + h(1, "Units") + tbl(
        tr(tc("Unit 501: Leadership", span=2)), tr("Unit reference number", "H/650/2114"))
        + grid + _unit_table_headed(502, "J/650/2115", "Teams", "Understand teams"))
    assert outline(spec)[0] == ("H/650/2114", [("1", "Understand it", ["1.1 Explain it"])])


# -- group headings with the label after the kind, and documents divided into sections ------

@pytest.mark.parametrize(("mandatory", "optional"), [
    ("Mandatory units (Group A)", "Optional units (Group B)"),
    ("Mandatory units – Group A", "Optional units – Group B"),
    ("Section 2: Group A: Mandatory units", "Section 3: Group B: Optional units"),
])
def test_group_labels_wherever_the_heading_puts_them(tmp_path: Path, mandatory: str,
                                                     optional: str) -> None:
    spec = read(tmp_path, FACTS + h(1, "Section 1: Qualification structure") + p(
        "Learners must achieve 7 credits from Group A and a minimum of 2 credits from "
        "Group B.") + h(2, mandatory) + tbl(
        tr("Unit reference number", "Unit title", "Credit value"),
        tr("H/650/2114", "Leadership", "3"), tr("J/650/2115", "Teams", "4")) + h(2, optional)
        + tbl(tr("Unit reference number", "Unit title", "Credit value"),
              tr("K/650/2116", "Finance", "2"), tr("L/650/2117", "Digital", "2")))
    assert [(g.id, g.name, g.kind) for g in spec.groups] == [
        ("A", "Mandatory units", "mandatory"), ("B", "Optional units", "optional")]
    assert [(r.groups, r.min_credits) for r in spec.combination.rules] == [(["A"], 7), (["B"], 2)]
    assert spec.combination.unread == []


# -- key facts stacked: the label on one line, its value on the next -----------------------

def test_key_facts_stacked_label_over_value(tmp_path: Path) -> None:
    stacked = "".join(p(text) for text in (
        "Qualification number", "610/4217/1", "Level", "5", "Total qualification time (TQT)",
        "920", "Guided learning hours (GLH)", "480", "Credit value", "92", "Age range", "19+"))
    spec = read(tmp_path, h(1, "Key facts") + stacked + h(2, "Unit 501: Leadership")
                + unit_table() + tbl(GRID_HEADER, tr("1 Understand it", "1.1 Explain it")))
    assert (spec.qualification_number, spec.level, spec.tqt, spec.glh, spec.credits) == (
        "610/4217/1", 5, 920, 480, 92)
    assert spec.facts == {"Age range": "19+"}


def test_a_cover_line_naming_the_awarding_body_is_no_label(tmp_path: Path) -> None:
    spec = read(tmp_path, "".join(p(text) for text in (
        "Harbourside Awarding Body", "Qualification specification")) + FACTS
        + h(2, "Unit 501: Leadership") + unit_table()
        + tbl(GRID_HEADER, tr("1 Understand it", "1.1 Explain it")))
    assert spec.awarding_organisation is None


# -- outcomes and criteria restated after the grid: comments on them, not new ones ----------

RESTATED_GRID = tbl(GRID_HEADER,
                    tr("1 Understand leadership", "1.1 Explain leadership theories"),
                    tr("", "1.2 Compare leadership styles"),
                    tr("2 Be able to lead a team", "2.1 Agree objectives with a team"))
RESTATED_NUMBERS = [("1", ["1.1", "1.2"]), ("2", ["2.1"])]


def numbers(spec: QualificationSpec) -> list[list[tuple[str, list[str]]]]:
    return [[(o.number, [c.number for c in o.criteria]) for o in u.outcomes] for u in spec.units]


@pytest.mark.parametrize("guidance", [
    # a table keyed by criterion number, its guidance beside it
    tbl(tr("Assessment criteria", "Delivery and assessment guidance", header=True),
        tr("1.1", "Learners should cover at least three theories"),
        tr("2.1", "Observation of 2 team meetings is required")),
    # a bold heading, then a table restating the grid word for word with its amplification
    p("Unit amplification", bold=True) + tbl(
        tr("Learning outcome", "Assessment criteria", "Amplification", header=True),
        tr("1 Understand leadership", "1.1 Explain leadership theories", "Situational, 3 more"),
        tr("2 Be able to lead a team", "2.1 Agree objectives with a team", "SMART objectives")),
    # range lines keyed by criterion number, with or without "AC"
    h(3, "Range") + p("1.1 Theories: situational, transformational and distributed")
    + p("AC2.1 Objectives: individual, team and 1:1 supervision objectives"),
    # guidance lines keyed by outcome number, as paragraphs
    h(3, "Assessment guidance") + p("LO1 Learners should reflect on their own leadership.")
    + p("Learning outcome 2: evidence must come from the learner's workplace."),
    # an outcome restated as a paragraph, its criteria's range below it
    h(3, "Range") + p("1 Understand leadership") + p("1.1 Theories: situational and 2 others")
    + p("1.2 Styles: democratic, autocratic"),
], ids=["criteria-table", "amplification-table", "range-lines", "outcome-lines",
        "outcome-and-range-lines"])
def test_guidance_after_the_grid_keyed_to_its_numbers_adds_nothing(tmp_path: Path,
                                                                   guidance: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + guidance + h(2, "Unit 502: Safeguarding")
                + tbl(tr("Unit reference number", "J/650/2115"), tr("Level", "5"))
                + tbl(GRID_HEADER, tr("1 Understand safeguarding", "1.1 Explain safeguarding")))
    assert numbers(spec) == [RESTATED_NUMBERS, [("1", ["1.1"])]]
    assert [c.text for c in spec.units[0].outcomes[0].criteria] == [
        "Explain leadership theories", "Compare leadership styles"]
    assert spec.reading_notes == []


def test_a_units_own_table_of_references_maps_the_criteria_it_restates(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + tbl(tr("Assessment criterion", "SfC criteria", header=True),
                      tr("1.1", "LMAC5A/LM/A.1"), tr("1.2", "LMAC5A/LM/A.2; LMAC5A/LM/A.3"),
                      tr("2.1", "LMAC5A/LM/B.1")))
    assert numbers(spec) == [RESTATED_NUMBERS]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2", "LMAC5A/LM/A.3"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}
    assert spec.reading_notes == []


def test_outcomes_restated_in_other_words_are_said(tmp_path: Path) -> None:
    # As a grid copied into the wrong unit would be: joined, and said once.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + tbl(GRID_HEADER, tr("1 Understand safeguarding", "1.1 Explain safeguarding"),
                      tr("2 Be able to protect", "2.1 Report a concern")))
    assert numbers(spec) == [RESTATED_NUMBERS]
    assert [(n.kind, n.message, n.location.locator) for n in spec.reading_notes] == [
        ("not-understood", "Table 4 gives learning outcomes H/650/2114 already has in other "
         "words (first: LO1 'Understand safeguarding'): its rows were read as comments on "
         "them, not as new outcomes", "table 4, row 2")]


@pytest.mark.parametrize("second", [
    # the grid going on in a table of its own: new numbers
    tbl(tr("", "1.3 Evaluate leadership styles"), tr("3 Be able to review", "3.1 Review it")),
    # a table repeating one number among new ones is the grid going on, its repeat kept
    tbl(tr("2 Be able to lead a team", "2.1 Agree objectives with a team"),
        tr("", "2.2 Review objectives")),
])
def test_a_table_bringing_numbers_of_its_own_is_the_grid_going_on(tmp_path: Path,
                                                                  second: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + p() + second)
    read_numbers = numbers(spec)[0]
    assert len([c for _, criteria in read_numbers for c in criteria]) == 5


def test_a_repeat_inside_the_grid_stays_for_the_numbering_rules(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership theories"),
        tr("", "1.2 Compare leadership styles"), tr("", "1.2 Evaluate leadership styles")))
    assert numbers(spec) == [[("1", ["1.1", "1.2", "1.2"])]]


def test_a_line_opening_with_a_figure_goes_on_with_the_numbered_criterion(tmp_path: Path) -> None:
    # Criteria counted within their outcome ("1 Explain", "2 Compare") are one
    # scheme; after "1.1" a line "3 theories ..." is the criterion's own words.
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", tc(
            p("1.1 Explain the following:"), p("3 theories of leadership"),
            p("2 models of management"), p("1.2 Compare leadership styles")))))
    assert [(c.number, c.text) for c in spec.units[0].outcomes[0].criteria] == [
        ("1.1", "Explain the following:\n3 theories of leadership\n2 models of management"),
        ("1.2", "Compare leadership styles")]


# -- a unit headed again after the others: its guidance or mappings set out unit by unit ----

SECOND_UNIT = (h(2, "Unit 502: Safeguarding") + tbl(tr("Unit reference number", "J/650/2115"),
                                                    tr("Level", "5"))
               + tbl(GRID_HEADER, tr("1 Understand safeguarding", "1.1 Explain safeguarding")))


@pytest.mark.parametrize("heading", ["Unit 501: Leadership", "H/650/2114 Leadership",
                                     "Unit 501 Leadership (H/650/2114)"])
def test_an_appendix_of_guidance_unit_by_unit_adds_no_units(tmp_path: Path, heading: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + SECOND_UNIT + h(1, "Appendix B: Delivery and assessment guidance")
                + h(2, heading) + tbl(tr("Assessment criteria", "Guidance", header=True),
                                      tr("1.1", "Cover at least 3 theories"))
                + p("LO2 Evidence must come from the learner's workplace.")
                + h(2, "Unit 502: Safeguarding") + p("1.1 Procedures: local and national"))
    assert [u.key for u in spec.units] == ["H/650/2114", "J/650/2115"]
    assert numbers(spec) == [RESTATED_NUMBERS, [("1", ["1.1"])]]
    assert spec.reading_notes == []


@pytest.mark.parametrize("heading", [
    p("Unit 501: Leadership"),  # a plain line, set apart by its font alone
    p("Leadership (H/650/2114)", bold=True), p("LM501 Leadership", bold=True),
    h(3, "H/650/2114 Leadership")])
def test_a_unit_named_again_in_any_house_style_goes_on(tmp_path: Path, heading: str) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + SECOND_UNIT + h(1, "Appendix B: Unit guidance") + heading
                + tbl(tr("Assessment criteria", "Range", header=True),
                      tr("1.1", "Situational, transformational")))
    assert [u.key for u in spec.units] == ["H/650/2114", "J/650/2115"]
    assert numbers(spec) == [RESTATED_NUMBERS, [("1", ["1.1"])]]
    assert spec.reading_notes == []


def test_a_unit_of_another_number_with_the_same_title_is_another_unit(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + h(2, "Unit 601: Leadership") + tbl(
                    GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership")))
    assert [(u.number, u.title) for u in spec.units] == [("501", "Leadership"),
                                                         ("601", "Leadership")]


def test_an_appendix_of_references_unit_by_unit_maps_each_units_criteria(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + RESTATED_GRID
                + SECOND_UNIT + h(1, "Appendix A: Mapping to the qualification criteria")
                + h(2, "Unit 501: Leadership") + tbl(
                    tr("AC", "SfC criteria", header=True), tr("1.1", "LMAC5A/LM/A.1"),
                    tr("2.1", "LMAC5A/LM/B.1"))
                + h(2, "Unit 502: Safeguarding") + tbl(
                    tr("AC", "SfC criteria", header=True), tr("1.1", "LMAC5C/SG/A.1")))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"],
                          "J/650/2115 AC1.1": ["LMAC5C/SG/A.1"]}


def test_units_numbered_from_1_in_each_group_stay_apart(tmp_path: Path) -> None:
    # Only the same number and title (or reference) names a unit read before.
    spec = read(tmp_path, FACTS + h(1, "Group A") + h(2, "Unit 1: Leadership") + unit_table()
                + RESTATED_GRID + h(1, "Group B") + h(2, "Unit 2: Teams") + tbl(
                    GRID_HEADER, tr("1 Understand teams", "1.1 Explain teams"))
                + h(2, "Unit 1: Finance") + tbl(
                    GRID_HEADER, tr("1 Understand budgets", "1.1 Explain budgets")))
    assert [(u.number, u.title) for u in spec.units] == [
        ("1", "Leadership"), ("2", "Teams"), ("1", "Finance")]


def test_a_bold_line_ends_the_items_of_the_last_criterion(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + p("Learning outcome 1: Understand leadership")
                + p("1.1 Explain leadership, including:") + p("a) planning")
                + p("b) sharing information") + p("Unit amplification", bold=True)
                + p("1.1 Theories: situational and 2 others"))
    assert [(c.number, c.text) for c in spec.units[0].outcomes[0].criteria] == [
        ("1.1", "Explain leadership, including:\na) planning\nb) sharing information")]


# -- units introduced by their own labels, stacked or on lines ----------------------------

def _grid(outcome: str) -> str:
    return tbl(GRID_HEADER, tr(f"1 {outcome}", "1.1 Explain it"), tr("", "1.2 Review it"))


def _stacked(urn: str, bold: bool) -> str:
    return "".join(p(text, bold=bold and i % 2 == 0) for i, text in enumerate([
        "Unit reference number", urn, "Level", "5", "Credit value", "3",
        "Guided learning hours:", "20", "Unit aim"]) ) + p("This unit is about leading.") + p(
        "It covers LMAC5A/LM.") + p("Assessment methods", bold=bold) + p("Portfolio") + p(
        "Observation")


@pytest.mark.parametrize("bold", [False, True], ids=["plain labels", "bold labels"])
@pytest.mark.parametrize("headed", [True, False], ids=["headed", "no heading"])
def test_a_units_facts_stacked_label_over_value(tmp_path: Path, bold: bool,
                                                headed: bool) -> None:
    """Each label on a line of its own and its value below, as definition lists of web
    pages come into Word; the aim and assessment methods run on to the next label."""
    def unit(number: int, urn: str, title: str) -> str:
        heading = h(2, f"Unit {number}: {title}") if headed else ""
        return heading + _stacked(urn, bold) + _grid(title)

    spec = read(tmp_path, FACTS + unit(501, "H/650/2114", "Leadership")
                + unit(502, "J/650/2115", "Teams"))
    assert [(u.reference, u.title if headed else None, u.level, u.credit, u.glh,
             u.assessment_methods, [m.ref for m in u.mappings]) for u in spec.units] == [
        (urn, title if headed else None, 5, 3, 20, ["Portfolio", "Observation"], ["LMAC5A/LM"])
        for urn, title in (("H/650/2114", "Leadership"), ("J/650/2115", "Teams"))]
    assert spec.units[0].aim == "This unit is about leading.\nIt covers LMAC5A/LM."
    assert [len(o.criteria) for u in spec.units for o in u.outcomes] == [2, 2]


def test_stacked_assessment_methods_end_at_the_outcomes(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + _stacked("H/650/2114", True)
                + p("1 Understand leadership") + p("1.1 Explain leadership"))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership"])])]
    assert spec.units[0].assessment_methods == ["Portfolio", "Observation"]


@pytest.mark.parametrize("facts", [
    pytest.param(lambda urn: tbl(tr("Unit reference number", urn), tr("Level", "5"),
                                 tr("Credit value", "3")), id="table"),
    pytest.param(lambda urn: p(f"Unit reference number: {urn}") + p("Level: 5")
                 + p("Credit value: 3"), id="lines"),
])
def test_units_introduced_by_a_unit_title_line(tmp_path: Path, facts: object) -> None:
    """No headings: each unit starts at its "Unit title:" line; none takes the next one's."""
    assert callable(facts)
    spec = read(tmp_path, FACTS + "".join(
        p(f"Unit title: {title}") + facts(urn) + _grid(title)
        for title, urn in (("Leadership", "H/650/2114"), ("Teams", "J/650/2115"),
                           ("Quality", "K/650/2116"))))
    assert [(u.reference, u.title, u.credit) for u in spec.units] == [
        ("H/650/2114", "Leadership", 3), ("J/650/2115", "Teams", 3),
        ("K/650/2116", "Quality", 3)]
    assert [o.text for u in spec.units for o in u.outcomes] == ["Leadership", "Teams", "Quality"]
    assert spec.reading_notes == []


def test_unit_title_lines_again_in_an_appendix_go_on_as_those_units(tmp_path: Path) -> None:
    units = "".join(p(f"Unit title: {title}") + p(f"Unit reference number: {urn}") + _grid(title)
                    for title, urn in (("Leadership", "H/650/2114"), ("Teams", "J/650/2115")))
    appendix = h(1, "Appendix: mapping") + "".join(
        p(f"Unit title: {title}") + tbl(tr("Assessment criterion", "SfC criteria"),
                                        tr("1.1", ref))
        for title, ref in (("Leadership", "LMAC5A/LM A2"), ("Teams", "LMAC5B/TM B1")))
    spec = read(tmp_path, FACTS + units + appendix)
    assert [u.title for u in spec.units] == ["Leadership", "Teams"]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.2"],
                          "J/650/2115 AC1.1": ["LMAC5B/TM/B.1"]}


@pytest.mark.parametrize("heading", ["Leadership and management – Unit 501",
                                     "Leadership and management (Unit 501)",
                                     "Leadership and management: Unit 501"])
def test_a_heading_giving_the_unit_number_after_the_title(tmp_path: Path, heading: str) -> None:
    spec = read(tmp_path, FACTS + h(2, heading) + unit_table() + _grid("Leadership"))
    assert [(u.number, u.title, u.reference) for u in spec.units] == [
        ("501", "Leadership and management", "H/650/2114")]


def test_criteria_lettered_within_their_outcome_as_paragraphs(tmp_path: Path) -> None:
    """The same as paragraphs: "1 Understand ..." then "a) Explain ...", "b) Compare ..."; a
    criterion's own points ("a) autocratic" under "1.1 ..., including:") stay its points."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + p("1 Understand leadership") + p("a) Explain leadership styles")
                + p("b) Compare styles") + p("2 Lead a team") + p("a) Plan meetings")
                + h(2, "Unit 502: Teams") + unit_table().replace("H/650/2114", "J/650/2115")
                + p("Learning outcome 1: Understand teams")
                + p("1.1 Explain team roles, including:") + p("a) leader") + p("b) member"))
    assert outline(spec) == [
        ("H/650/2114", [("1", "Understand leadership", ["1.1 Explain leadership styles",
                                                         "1.2 Compare styles"]),
                        ("2", "Lead a team", ["2.1 Plan meetings"])]),
        ("J/650/2115", [("1", "Understand teams",
                         ["1.1 Explain team roles, including:\na) leader\nb) member"])])]


def test_a_headerless_grid_opening_with_a_lettered_criterion(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("a) Explain leadership styles", "1 Understand leadership"),
        tr("b) Compare styles", ""), tr("a) Plan meetings", "2 Lead a team")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership styles", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Plan meetings"])])]


def test_stacked_references_under_a_label_of_any_words_and_nos_codes_apart(
        tmp_path: Path) -> None:
    """A mapping label of the family stacked over its references maps the unit; another
    framework's label stacked over its codes, or a "Label:" left empty above a line of
    its own, gives none."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + p("Unit reference number")
                + p("H/650/2114") + p("SfC content addressed") + p("LMAC5A/LM")
                + p("Links to NOS") + p("SCDLMCA1") + _grid("Leadership")
                + h(2, "Unit 502: Teams") + p("Unit reference number: J/650/2115")
                + p("Criteria coverage (Skills for Care):") + p("NOS reference: SCDLMCA1")
                + _grid("Teams"))
    assert [(u.reference, [m.raw for m in u.mappings]) for u in spec.units] == [
        ("H/650/2114", ["LMAC5A/LM"]), ("J/650/2115", [])]


def test_outcomes_numbered_in_words(tmp_path: Path) -> None:
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        GRID_HEADER, tr("Learning outcome one: Understand leadership", "1.1 Explain it"),
        tr("Outcome two – Lead a team", "2.1 Plan meetings")))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain it"]),
        ("2", "Lead a team", ["2.1 Plan meetings"])])]


#: Word numbering the unit headings themselves: "Unit 501:", "Unit 502:", ...
UNIT_HEADING_NUMBERING = """
<w:abstractNum w:abstractNumId="9"><w:lvl w:ilvl="0"><w:start w:val="501"/>
  <w:numFmt w:val="decimal"/><w:lvlText w:val="Unit %1:"/></w:lvl></w:abstractNum>
<w:num w:numId="9"><w:abstractNumId w:val="9"/></w:num>
"""


def test_unit_headings_numbered_by_word(tmp_path: Path) -> None:
    """The heading's text is the title; "Unit 501:" is Word's numbering of it."""
    spec = read(tmp_path, FACTS + "".join(
        p(title, style="Heading2", num=(9, 0)) + unit_table().replace("H/650/2114", urn)
        + _grid(title) for title, urn in (("Leadership", "H/650/2114"), ("Teams", "J/650/2115"))),
        numbering=UNIT_HEADING_NUMBERING)
    assert [(u.number, u.title, u.reference) for u in spec.units] == [
        ("501", "Leadership", "H/650/2114"), ("502", "Teams", "J/650/2115")]


def _tabbed(label: str, value: str) -> str:
    """'Label<tab>value': a fact aligned on a tab stop, no colon."""
    return (f'<w:p><w:r><w:t xml:space="preserve">{label}</w:t></w:r>'
            f'<w:r><w:tab/><w:t xml:space="preserve">{value}</w:t></w:r></w:p>')


def test_facts_aligned_on_a_tab_stop(tmp_path: Path) -> None:
    """Key facts and a unit's facts as "Level<tab>5" lines: the tab sets the label apart."""
    facts = "".join(_tabbed(label, value) for label, value in (
        ("Qualification number", "610/4217/1"), ("Level", "5"), ("Credit value", "92"),
        ("Total qualification time", "920")))
    unit = "".join(_tabbed(label, value) for label, value in (
        ("Unit reference number", "H/650/2114"), ("Level", "4"), ("Credit value", "3")))
    spec = read(tmp_path, p("Level 5 Diploma in Leading and Managing an Adult Care Service",
                            style="Title") + facts + h(2, "Unit 501: Leadership") + unit
                + _grid("Leadership"))
    assert (spec.qualification_number, spec.level, spec.credits, spec.tqt) == (
        "610/4217/1", 5, 92, 920)
    assert [(u.reference, u.level, u.credit) for u in spec.units] == [("H/650/2114", 4, 3)]


@pytest.mark.parametrize("key", [
    pytest.param(p("Unit title: the full title of the unit")
                 + p("Unit reference number: the unit's reference on the Register")
                 + p("Level: the level of the unit"), id="lines"),
    pytest.param(p("Unit reference number", bold=True)
                 + p("The unique reference number given by Ofqual.")
                 + p("Unit title", bold=True) + p("The title of the unit."), id="stacked"),
    pytest.param(tbl(tr("Unit title", "The title of the unit"),
                     tr("Unit reference number", "The unique reference given by Ofqual"),
                     tr("Level", "The level of the unit")), id="table"),
])
def test_a_key_to_the_unit_pages_names_no_unit(tmp_path: Path, key: str) -> None:
    """"How the units are set out", each label with what it gives, before the units: no
    unit is named there, so none is read from it."""
    spec = read(tmp_path, FACTS + h(1, "How the units are set out") + key
                + h(2, "Unit 501: Leadership") + unit_table() + _grid("Leadership"))
    assert [(u.reference, u.title) for u in spec.units] == [("H/650/2114", "Leadership")]
    assert spec.level == 5


@pytest.mark.parametrize("heading", ["Structure of the units", "Unit structure", "Unit format"])
def test_a_key_to_the_unit_pages_is_no_rule_and_no_fact(tmp_path: Path, heading: str) -> None:
    """Its lines are neither rules of combination (a heading on the units' structure is
    not the qualification's) nor the qualification's facts ("Title: the full title")."""
    spec = read(tmp_path, p("Northfield Level 5 Diploma in Leading and Managing an Adult Care "
                            "Service", style="Title")
                + p("Qualification number: 610/4217/1") + p("Level: 5")
                + h(1, "Qualification structure")
                + p("Learners must achieve a minimum of 3 credits.")
                + h(1, heading) + p("Title: The full title of the unit, as on the Register.")
                + p("Level: The level of the unit.") + p("Credit: The credits the unit carries.")
                + p("Aim: What the unit is about.")
                + h(2, "Unit 501: Leadership") + unit_table() + _grid("Leadership"))
    assert spec.title.startswith("Northfield Level 5 Diploma")
    assert (spec.level, spec.combination.unread) == (5, [])
    assert [(r.min_credits, r.max_credits) for r in spec.combination.rules] == [(3, None)]
    assert [u.reference for u in spec.units] == ["H/650/2114"]


def test_a_mapping_grid_naming_a_reference_two_units_share_counts_none(tmp_path: Path) -> None:
    """Two units copied under one reference: a grid naming units by it cannot say which it
    means, so its rows are not counted, and the note says why (the rules report the
    duplicate itself)."""
    body = FACTS + "".join(
        h(2, f"Unit {number}: {title}") + unit_table() + _grid(title)
        for number, title in ((501, "Leadership"), (502, "Teams"))) + h(1, "Appendix") + tbl(
        tr("Unit", "AC", "SfC criteria"), tr("H/650/2114", "1.1", "LMAC5A/LM A2"),
        tr("H/650/2114", "1.2", "LMAC5A/LM A3"))
    spec = read(tmp_path, body)
    assert [u.reference for u in spec.units] == ["H/650/2114", "H/650/2114"]
    assert refs(spec) == {}
    assert [n.message for n in spec.reading_notes] == [
        "The mapping grid at table 6, row 2 and 1 more rows names unit 'H/650/2114', which 2 "
        "units give ('Leadership', 'Teams'): its references were not counted"]


@pytest.mark.parametrize("as_paragraphs", [False, True])
def test_criteria_run_together_in_one_paragraph_are_each_read(tmp_path: Path,
                                                              as_paragraphs: bool) -> None:
    """"1.1 Explain ... 1.2 Analyse ..." in one paragraph, as some conversions from PDF
    leave criteria: the next number of the outcome before a capitalised word starts the
    next criterion, with any references that end each; a figure of a criterion's
    wording ("the 1.5 metre rule", "1.4 Compare", out of sequence) does not."""
    first = ("1.1 Explain leadership styles (LMAC5A/LM/A.1) 1.2 Analyse the 1.5 Metre rule "
             "1.4 Compare 1.3 Review practice")
    second = "2.1 Plan meetings 2.2 review work"
    body = (p("1 Understand leadership") + p(first) + p("2 Lead a team") + p(second)
            if as_paragraphs else
            tbl(GRID_HEADER, tr("1 Understand leadership", first), tr("2 Lead a team", second)))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + body)
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership styles",
                                        "1.2 Analyse the 1.5 Metre rule 1.4 Compare",
                                        "1.3 Review practice"]),
        ("2", "Lead a team", ["2.1 Plan meetings 2.2 review work"])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"]}


_TWO_UNITS = [("1", "Understand leadership", ["1.1 Explain leadership styles",
                                               "1.2 Compare styles"]),
              ("2", "Lead a team", ["2.1 Plan meetings"])]


@pytest.mark.parametrize("header,first,second,numbers", [
    (("Unit",), ("Unit 501: Leadership",), ("Unit 502: Teams",), ("501", "502")),
    (("Unit number", "Unit title"), ("501", "Leadership"), ("502", "Teams"), ("501", "502")),
    (("Unit title",), ("Leadership",), ("Teams",), (None, None)),
    (("URN",), ("H/650/2114 Leadership",), ("J/650/2115 Teams",), (None, None)),
])
def test_one_table_of_every_units_outcomes_names_each_unit_in_a_column(
        tmp_path: Path, header: tuple[str, ...], first: tuple[str, ...],
        second: tuple[str, ...], numbers: tuple[str | None, str | None]) -> None:
    """"Unit | Learning outcomes | Assessment criteria": every unit's grid in one table,
    each unit named on its first row (its cell merged down or left empty below). Before,
    the table was read as one unit with no name and the file refused."""
    blank = tuple(tc(vmerge="continue") for _ in header)
    named = tuple(tc(text, vmerge="restart") for text in first)
    grid = tbl(tr(*header, "Learning outcomes", "Assessment criteria", header=True),
               tr(*named, "1 Understand leadership", "1.1 Explain leadership styles"),
               tr(*blank, "", "1.2 Compare styles"),
               tr(*blank, "2 Lead a team", "2.1 Plan meetings"),
               tr(*second, "1 Understand teams", "1.1 Explain team roles"),
               tr(*("" for _ in header), "", "1.2 Review a team"))
    spec = read(tmp_path, FACTS + h(1, "Units") + grid)
    assert [(u.number, u.title) for u in spec.units] == [(numbers[0], "Leadership"),
                                                         (numbers[1], "Teams")]
    assert [outcomes for _, outcomes in outline(spec)] == [
        _TWO_UNITS, [("1", "Understand teams", ["1.1 Explain team roles",
                                                "1.2 Review a team"])]]


@pytest.mark.parametrize("named", ["501", "Unit 501", "Leadership", "H/650/2114"])
def test_a_units_grid_naming_it_on_every_row_stays_that_unit(tmp_path: Path,
                                                             named: str) -> None:
    """A unit column repeating the unit under its own heading names nothing new, however
    it names the unit (its number, reference or title, agreeing with what is known)."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Unit", "Learning outcomes", "Assessment criteria", header=True),
        tr(named, "1 Understand leadership", "1.1 Explain leadership styles"),
        tr(named, "", "1.2 Compare styles"), tr(named, "2 Lead a team", "2.1 Plan meetings")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert [(u.number, u.title) for u in spec.units] == [("501", "Leadership")]


def test_lines_of_outcomes_and_criteria_wrapped_onto_paragraphs_of_their_own(
        tmp_path: Path) -> None:
    """A conversion from PDF leaves each printed line a paragraph: one opening in lower case
    where the line above stops mid-sentence goes on with it (before, it was dropped into
    the unit's prose without a word). A criterion's items, after its colon, stay items."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + p("Learning outcome 1: Understand leadership") + p("theories and styles")
                + p("1.1 Explain key theories of") + p("leadership in care (LMAC5A/LM/A.1)")
                + p("1.2 Compare styles, including:") + p("autocratic") + p("democratic")
                + p("Learning outcome 2: Lead a team") + p("2.1 Lead meetings."))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership theories and styles",
         ["1.1 Explain key theories of leadership in care",
          "1.2 Compare styles, including:\nautocratic\ndemocratic"]),
        ("2", "Lead a team", ["2.1 Lead meetings."])])]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"]}


def test_a_units_number_and_title_side_by_side_atop_its_facts(tmp_path: Path) -> None:
    """"Unit 501 | Leadership" as the first row of the unit's table of facts, no heading:
    the unit's number and title (before, the title was lost and a note asked for it)."""
    spec = read(tmp_path, FACTS + h(1, "Units") + "".join(
        tbl(tr(f"Unit {number}", title), tr("Unit reference number", urn), tr("Level", "5"))
        + _grid(title) for number, title, urn in (("501", "Leadership", "H/650/2114"),
                                                  ("502", "Teams", "J/650/2115"))))
    assert [(u.reference, u.number, u.title) for u in spec.units] == [
        ("H/650/2114", "501", "Leadership"), ("J/650/2115", "502", "Teams")]
    assert spec.reading_notes == []


def test_a_units_sentences_below_its_references_label_left_empty(tmp_path: Path) -> None:
    """"Links to the criteria:" with nothing under it, then the unit's sentence of hours:
    the sentence is no reference (before, it was read as three unresolved ones and its
    hours were lost)."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership")
                + p("Unit reference number: H/650/2114")
                + p("Links to the Skills for Care qualification criteria:")
                + p("This unit has 26 guided learning hours and a total unit time of 40 hours.")
                + _grid("Leadership"))
    assert refs(spec) == {}
    assert [(u.glh, u.tqt) for u in spec.units] == [(26, 40)]


@pytest.mark.parametrize("header", [("Unit number", "Ref.", "Assessment criteria"),
                                    ("URN", "Ref.", "Outcome and criteria"),
                                    ("URN", "Ref.", "Criteria"), ("Unit", "No.", "Criteria")])
def test_a_grid_header_naming_the_unit_and_a_reference_column(tmp_path: Path,
                                                               header: tuple[str, ...]) -> None:
    """Two columns a unit's facts might be labelled by ("Unit number", "Ref.") beside one
    naming the criteria: a grid's header, not a row of facts nor a mapping grid ("Ref." or
    "No." over a column of numbers is no unit fact)."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr(*header, header=True), tr("501", "1", "Understand leadership"),
        tr("", "1.1", "Explain leadership styles"), tr("", "1.2", "Compare styles"),
        tr("", "2", "Lead a team"), tr("", "2.1", "Plan meetings")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {}


@pytest.mark.parametrize("apart", [False, True])
def test_stems_opening_the_first_outcome_and_criterion(tmp_path: Path, apart: bool) -> None:
    """"The learner will: 1 Understand ..." and "The learner can: 1.1 Explain ...": the stem
    in the first row's own paragraphs, not the outcome's or criterion's words."""
    rows = ((tr("1", "The learner will: Understand leadership", "1.1",
                "The learner can: Explain leadership styles"),
             tr("", "", "1.2", "Compare styles"), tr("2", "Lead a team", "2.1", "Plan meetings"))
            if apart else
            (tr("The learner will: 1 Understand leadership",
                "The learner can: 1.1 Explain leadership styles"),
             tr("", "1.2 Compare styles"), tr("2 Lead a team", "2.1 Plan meetings")))
    header = (tr("LO", "Learning outcomes", "AC", "Assessment criteria", header=True) if apart
              else tr("Learning outcomes", "Assessment criteria", header=True))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + tbl(header, *rows))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]


def test_one_header_across_both_columns_over_a_row_of_stems(tmp_path: Path) -> None:
    """"Assessment criteria and learning outcomes" across both columns, then "The learner
    can: | The learner will:": the stems tell the columns apart, before a column of
    references beside the outcomes' first rows is judged to map outcomes or criteria
    (before, each outcome took its criteria as its own lines, then its references went to
    its first criterion)."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr(tc("Assessment criteria and learning outcomes", span=2), "SfC criteria",
           header=True),
        tr("The learner can:", "The learner will:", "", header=True),
        tr("1.1 Explain leadership styles", "1 Understand leadership", "LMAC5A/LM/A.1"),
        tr("1.2 Compare styles", "", ""), tr("2.1 Plan meetings", "2 Lead a team",
                                            "LMAC5A/LM/A.2"),
        tr("2.2 Review meetings", "", "")))
    assert outline(spec) == [("H/650/2114", [
        *_TWO_UNITS[:1], ("2", "Lead a team", ["2.1 Plan meetings", "2.2 Review meetings"])])]
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 LO2": ["LMAC5A/LM/A.2"]}


@pytest.mark.parametrize("one_table", [False, True])
def test_outcomes_and_criteria_labelled_in_a_first_column(tmp_path: Path,
                                                            one_table: bool) -> None:
    """"Learning outcome 1 | Understand ...", "Assessment criteria | 1.1 ..." (and a row of
    the outcome's references, a line each): outcomes and criteria labelled as facts are, a table per
    outcome or one for them all, perhaps below the unit's own facts. Before, they were
    read as facts the reader keeps no field for, and lost without a word."""
    first = [tr("Learning outcome 1", "Understand leadership"),
             tr("Assessment criteria", tc("1.1 Explain leadership styles",
                                          "1.2 Compare styles")),
             tr("SfC criteria", tc("LMAC5A LM A.1", "LMAC5A LM A.2"))]
    second = [tr("Learning outcome", "2 Lead a team"), tr("The learner can:", "2.1 Plan meetings")]
    facts = [tr("Unit reference number", "H/650/2114"), tr("Level", "5")]
    body = (tbl(*facts, *first, *second) if one_table
            else tbl(*facts) + tbl(*first) + tbl(*second))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + body)
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A.1", "LMAC5A/LM/A.2"]}
    assert [u.level for u in spec.units] == [5]


@pytest.mark.parametrize("rows", [
    (tr("Learning outcomes", tc("1. Understand leadership", "2. Lead a team")),
     tr("SfC criteria", tc("LMAC5A LM A", "LMAC5A LM B")),
     tr("Assessment criteria", tc("1.1 Explain leadership styles", "1.2 Compare styles",
                                  "2.1 Plan meetings"))),
    (tr("Learning outcomes and assessment criteria", tc(
        "1. Understand leadership", "1.1 Explain leadership styles", "1.2 Compare styles",
        "2. Lead a team", "2.1 Plan meetings")),),
], ids=["outcomes-then-criteria", "one-label-for-both"])
def test_every_outcome_under_one_label_in_the_units_table(tmp_path: Path,
                                                          rows: tuple[str, ...]) -> None:
    """"Learning outcomes | 1. ..., 2. ...", then "Assessment criteria | 1.1 ..., 2.1 ..."
    (or one label for both, each outcome's criteria below it) in the unit's table of
    facts: once lost without a word. References below a list of every outcome map the
    unit."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + tbl(
        tr("Unit reference number", "H/650/2114"), tr("Level", "5"), *rows))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == ({"H/650/2114": ["LMAC5A/LM/A", "LMAC5A/LM/B"]}
                          if len(rows) > 1 else {})
    assert spec.reading_notes == []


@pytest.mark.parametrize("header", [True, False])
def test_an_outcome_and_its_criteria_in_one_cell(tmp_path: Path, header: bool) -> None:
    """A row per outcome: "1. Understand ..." then "1.1 Explain ...", "1.2 Compare ..." as
    paragraphs of one cell, under "Learning outcomes and assessment criteria" or no header,
    each criterion's references on its line beside. Before, the criteria were read as lines
    of the outcome's text and their references as the outcome's (with a header), or the
    table as no grid at all (without one)."""
    rows = [tr(tc("1. Understand leadership", "1.1 Explain leadership styles",
                  "1.2 Compare styles"), tc("", "LMAC5A/LM/A.1", "LMAC5A/LM/A.2")),
            tr(tc("2. Lead a team", "2.1 Plan meetings"), tc("", "LMAC5A/LM/B.1"))]
    if header:
        rows.insert(0, tr("Learning outcomes and assessment criteria",
                          "Skills for Care reference", header=True))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(*rows))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}
    assert spec.reading_notes == []


_NOTE_ROWS = {
    "label beside": (tr("Range", tc("Theories: situational and distributed", span=2)),
                     tr("Additional information", tc("Evidence from the workplace.", span=2))),
    "label and colon across": (tr(tc("Range statement: Theories: situational", span=3)),
                               tr(tc("Tutor notes: Evidence from the workplace.", span=3))),
    "label above across": (tr(tc("Amplification", "Theories: situational", span=3)),
                           tr(tc("Delivery guidance", "Evidence from the workplace.", span=3))),
    "under the outcome merged down": (
        tr(tc(vmerge="continue"), "Indicative content", "Theories: situational"),
        tr("", "Evidence requirements", "Evidence from the workplace.")),
}


@pytest.mark.parametrize("form", _NOTE_ROWS)
def test_notes_among_a_grids_rows(tmp_path: Path, form: str) -> None:
    """"Range | ...", "Additional information: ..." among a grid's rows, below an outcome's
    criteria and at the grid's end: notes on them, not outcomes or criteria. Before, each
    was read as one more outcome or criterion (numbered by its place)."""
    range_row, end_row = _NOTE_ROWS[form]
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", "SfC reference", header=True),
        tr(tc("1 Understand leadership", vmerge="restart"), "1.1 Explain leadership styles",
           "LMAC5A/LM/A.1"),
        tr(tc(vmerge="continue"), "1.2 Compare styles", "LMAC5A/LM/A.2"), range_row,
        tr("2 Lead a team", "2.1 Plan meetings", "LMAC5A/LM/B.1"), end_row))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}
    assert spec.reading_notes == []


def test_a_grid_row_labelled_as_a_unit_fact_gives_it(tmp_path: Path) -> None:
    """"Assessment: ..." or "Skills for Care reference | ..." across a grid's last row: the
    unit's assessment and references, as under the same label among its facts."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", header=True),
        tr("1 Understand leadership", "1.1 Explain leadership styles"),
        tr("", "1.2 Compare styles"), tr("2 Lead a team", "2.1 Plan meetings"),
        tr(tc("Assessment: This unit must be assessed in the workplace.", span=2)),
        tr("Skills for Care reference", "LMAC5A/LM/A.1, LMAC5A/LM/B.1")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert spec.units[0].assessment_methods == ["This unit must be assessed in the workplace."]
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM/A.1", "LMAC5A/LM/B.1"]}


@pytest.mark.parametrize("outcome_stem", [True, False])
def test_stems_opening_outcome_and_criterion_paragraphs(tmp_path: Path,
                                                        outcome_stem: bool) -> None:
    """Outcomes and criteria as paragraphs, "The learner will: 1 Understand ..." or "The
    learner can: 1.1 Explain ..." opening the first of each. Before, the first outcome
    (and with it its criteria) was lost."""
    first = (p("The learner will: 1 Understand leadership") if outcome_stem
             else p("The learner will:") + p("1 Understand leadership"))
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + first
                + p("The learner can: 1.1 Explain leadership styles") + p("1.2 Compare styles")
                + p("2 Lead a team") + p("2.1 Plan meetings"))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert spec.reading_notes == []


def test_a_long_column_name_whose_stems_make_it_long(tmp_path: Path) -> None:
    """"Learning outcomes and assessment criteria – The learner will be able to: / The
    learner can:" is a column name: its stems do not make it a sentence. Before, the table
    was no grid and its outcomes lost their text."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table(
        tr("Learning outcomes and assessment criteria – The learner will be able to: / The "
           "learner can:", "SfC ref", "Links to NOS"),
        tr("1 Understand leadership", "Mapped to LMAC5A/LM/A", ""),
        tr("1.1 Explain leadership styles", "", "SCDLMCB2"), tr("1.2 Compare styles", "", ""),
        tr("2 Lead a team", "", ""), tr("2.1 Plan meetings", "", "SCDLMCA1")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A"]}


_OUTCOME_INTROS = {
    "labelled heading": lambda n, text: h(3, f"Learning outcome {n}: {text}"),
    "numbered heading": lambda n, text: h(3, f"{n} {text}"),
    "numbered line in bold": lambda n, text: p(f"{n}. {text}", bold=True),
    "label in bold over its words": lambda n, text: p(f"Learning outcome {n}", bold=True)
    + p(text),
}


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("intro", _OUTCOME_INTROS)
def test_each_outcome_under_a_heading_over_a_table_of_its_criteria(
        tmp_path: Path, intro: str, header: bool) -> None:
    """Each outcome set apart as a heading, a line in bold or a label over its words, then
    a table of its criteria (with a header or none), perhaps a line of the outcome's
    references between. Before, the outcomes were dropped (headings closed nothing but were
    no content) and every criterion went to one outcome made up from the first number."""
    def table(*rows: str) -> str:
        head = [tr("AC", "Assessment criteria", "SfC reference", header=True)] if header else []
        return tbl(*head, *rows)

    write = _OUTCOME_INTROS[intro]
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + write(1, "Understand leadership") + p("SfC criteria: LMAC5A/LM/A")
                + table(tr("1.1", "Explain leadership styles", "LMAC5A/LM/A.1"),
                        tr("1.2", "Compare styles", "LMAC5A/LM/A.2"))
                + write(2, "Lead a team")
                + table(tr("2.1", "Plan meetings", "LMAC5A/LM/B.1")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 LO1": ["LMAC5A/LM/A"],
                          "H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC1.2": ["LMAC5A/LM/A.2"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}
    assert spec.reading_notes == []


@pytest.mark.parametrize("across", [False, True])
def test_a_row_of_references_under_each_criterion_maps_it(tmp_path: Path, across: bool) -> None:
    """"Skills for Care reference: ..." in a row of its own under each criterion (in the
    criteria's column, or across the grid; "N/A" under one that maps to nothing), and under
    an outcome before its criteria: each maps what is above it. Before, such rows were lost,
    or read as outcomes."""
    def refs_row(text: str, label: str = "Skills for Care reference") -> str:
        return (tr(tc(f"{label}: {text}", span=2)) if across
                else tr(tc(vmerge="continue"), f"{label}: {text}"))

    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr("Learning outcomes", "Assessment criteria", header=True),
        tr(tc("1 Understand leadership", vmerge="restart"), "1.1 Explain leadership styles"),
        refs_row("LMAC5A/LM/A.1"), tr(tc(vmerge="continue"), "1.2 Compare styles"),
        refs_row("N/A", "SfC ref"), tr(tc("2 Lead a team", span=2)),
        refs_row("LMAC5A/LM/B", "Mapped to"), tr("", "2.1 Plan meetings"),
        refs_row("LMAC5A/LM/B.1", "Relationship to the Skills for Care criteria")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 LO2": ["LMAC5A/LM/B"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}
    assert spec.reading_notes == []


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("opening, closing", [("(", ")"), ("[", "]")])
def test_numbers_in_brackets(tmp_path: Path, header: bool, opening: str, closing: str) -> None:
    """"(1) Understand ...", "(1.1) Explain ..." (or in square brackets), numbers with their
    words or in columns of their own, with a header or none, after a stem too. Before, a
    grid with no header was no grid (its content lost without a word), numbers apart were
    not paired with their words, and "The learner can: (1.1) ..." made a row a header."""
    def n(number: str) -> str:
        return f"{opening}{number}{closing}"

    rows = [tr(n("1"), "The learner will: Understand leadership", n("1.1"),
               tc("The learner can: Explain leadership styles, including:", "a) autocratic",
                  "b) democratic")),
            tr("", "", n("1.2"), "Compare styles"),
            tr(n("2"), "Lead a team", n("2.1"), "Plan meetings")]
    head = [tr("No.", "Learning outcomes", "Ref.", "Assessment criteria", header=True)] \
        if header else []
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(*head, *rows))
    assert outline(spec) == [("H/650/2114", [
        ("1", "Understand leadership", ["1.1 Explain leadership styles, including:\n"
                                        "a) autocratic\nb) democratic", "1.2 Compare styles"]),
        ("2", "Lead a team", ["2.1 Plan meetings"])])]
    assert spec.reading_notes == []


def test_an_appendix_naming_units_by_number_and_title(tmp_path: Path) -> None:
    """An appendix grid naming each unit as "501 Leadership" or "Unit 502: Teams
    (J/650/2115)": every part names the same unit. Before, such a name matched no unit and
    its references were not counted; one whose parts name different units still is not."""
    units = (h(2, "Unit 501: Leadership") + unit_table() + _grid("Understand leadership")
             + h(2, "Unit 502: Teams") + tbl(tr("Unit reference number", "J/650/2115"))
             + _grid("Understand teams"))
    spec = read(tmp_path, FACTS + units + h(1, "Appendix 1: Mapping to the criteria") + tbl(
        tr("Unit", "AC", "Skills for Care reference", header=True),
        tr("501 Leadership", "1.1", "LMAC5A/LM/A.1"),
        tr("Unit 502: Teams (J/650/2115)", "1.2", "LMAC5B/TL/A.1"),
        tr("501 Teams", "1.1", "LMAC5B/TL/A.2")))
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "J/650/2115 AC1.2": ["LMAC5B/TL/A.1"]}
    assert [note.message for note in spec.reading_notes] == [
        "The mapping grid at table 6, row 4 names unit '501 Teams', which the specification "
        "does not have: its references were not counted"]


def test_a_second_header_row_naming_the_columns_under_one(tmp_path: Path) -> None:
    """"Assessment criteria" across two columns, "No. | Criterion" below it (the outcomes'
    and references' names merged down both rows): a header of two rows. Before, the second
    row was read as a criterion "No. Criterion" under an outcome made up for it."""
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        tr(tc("Learning outcomes", vmerge="restart"), tc("Assessment criteria", span=2),
           tc("SfC reference", vmerge="restart"), header=True),
        tr(tc(vmerge="continue"), "No.", "Criterion", tc(vmerge="continue"), header=True),
        tr(tc("1 Understand leadership", vmerge="restart"), "1.1", "Explain leadership styles",
           "LMAC5A/LM/A.1"),
        tr(tc(vmerge="continue"), "1.2", "Compare styles", ""),
        tr("2 Lead a team", "2.1", "Plan meetings", "LMAC5A/LM/B.1")))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]
    assert refs(spec) == {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
                          "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}
    assert spec.reading_notes == []


def test_a_header_repeated_inside_a_grid_keeps_what_its_columns_showed(tmp_path: Path) -> None:
    """The header printed again inside the table (as a page break leaves it), over numbers
    in a column of their own that only the content names ("Ref."): the numbers still pair
    with their criteria below it. Before, the repeated header's names replaced what the
    content had shown, and a criterion's lettered points became criteria."""
    header = tr("No.", "Learning outcomes", "Ref.", "Assessment criteria")
    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table() + tbl(
        header, tr("1", "Understand leadership", "1.1", "Explain leadership styles"),
        tr("", "", "1.2", "Compare styles"), header,
        tr("2", "Lead a team", "2.1", tc("Plan meetings, including:", "a) agendas",
                                         "b) minutes"))))
    assert outline(spec) == [("H/650/2114", [
        *_TWO_UNITS[:1], ("2", "Lead a team", ["2.1 Plan meetings, including:\na) agendas\n"
                                               "b) minutes"])])]


@pytest.mark.parametrize("form", ["label then stem", "heading, then stem on the next line"])
def test_an_outcomes_stem_after_its_number_is_no_part_of_it(tmp_path: Path, form: str) -> None:
    """"Outcome 1 The learner will be able to: understand leadership", or "Learning outcome
    1" set as a heading with "The learner will: understand leadership" below: the stem is
    not the outcome's words. Before, it stayed in them."""
    def outcome(n: int, words: str) -> str:
        if form == "label then stem":
            return p(f"Outcome {n} The learner will be able to: {words}", bold=True)
        return h(3, f"Learning outcome {n}") + p(f"The learner will: {words}")

    spec = read(tmp_path, FACTS + h(2, "Unit 501: Leadership") + unit_table()
                + outcome(1, "Understand leadership") + p("1.1 Explain leadership styles")
                + p("1.2 Compare styles") + outcome(2, "Lead a team") + p("2.1 Plan meetings"))
    assert outline(spec) == [("H/650/2114", _TWO_UNITS)]


def test_a_unit_list_naming_each_unit_in_one_column(tmp_path: Path) -> None:
    """"Unit | GLH | Credit value" with "501 Leadership (H/650/2114)" in its one column
    naming units, under group rows: each unit's group, hours and credits. Before, with no
    title column the table was no unit list, and its groups were lost without a word."""
    units = (h(2, "Unit 501: Leadership") + unit_table() + _grid("Understand leadership")
             + h(2, "Unit 502: Teams") + tbl(tr("Unit reference number", "J/650/2115"))
             + _grid("Understand teams"))
    spec = read(tmp_path, FACTS + h(1, "Qualification structure") + tbl(
        tr("Unit", "GLH", "Credit value", header=True), tr(tc("Mandatory units", span=3)),
        tr("501 Leadership (H/650/2114)", "20", "3"), tr(tc("Optional units", span=3)),
        tr("Unit 502: Teams (J/650/2115)", "25", "4")) + h(1, "Units") + units)
    assert [(g.id, g.kind) for g in spec.groups] == [("mandatory-units", "mandatory"),
                                                      ("optional-units", "optional")]
    assert [(u.reference, u.group, u.glh, u.credit) for u in spec.units] == [
        ("H/650/2114", "mandatory-units", 20, 3), ("J/650/2115", "optional-units", 25, 4)]
