"""Key facts stated in sentences: which numbers are read, and which are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from test_docx_reader import h, p, read, tbl, tr
from test_docx_real_layouts import FACTS

from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers import read_spec
from criteria_checker.readers.docx.prose_facts import facts_in_prose

SPECIMENS = Path(__file__).resolve().parent.parent / "specimens"

#: (sentence, the facts read from it, in order)
READ = [
    ("The Total Qualification Time (TQT) for this qualification is 920 hours, of which 604 "
     "hours are Guided Learning Hours (GLH).", [("tqt", "920"), ("glh", "604")]),
    ("This qualification has 604 guided learning hours and a TQT of 920.",
     [("tqt", "920"), ("glh", "604")]),
    ("The GLH is 604 and the TQT 920 hours.", [("tqt", "920"), ("glh", "604")]),
    ("Its total qualification time is 1,020 hours, including 604 hours of guided learning.",
     [("tqt", "1020"), ("glh", "604")]),
    ("The qualification takes 920 hours of total qualification time, 604 of them guided "
     "learning hours.", [("tqt", "920"), ("glh", "604")]),
    ("TQT 920; GLH 604; credits 92.", [("tqt", "920"), ("glh", "604"), ("credits", "92")]),
    ("The qualification has a credit value of 92 and is at Level 5.",
     [("level", "5"), ("credits", "92")]),
    ("It is worth 92 credits.", [("credits", "92")]),
    ("This is an RQF Level 5 qualification (QN 610/4217/1).",
     [("qualification_number", "610/4217/1"), ("level", "5")]),
    ("It sits at level 5 of the Regulated Qualifications Framework.", [("level", "5")]),
    ("Its qualification number is 603/1234/X.", [("qualification_number", "603/1234/X")]),
]
#: Sentences that state numbers, none of them the qualification's facts.
LEFT_ALONE = [
    "The Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service.",
    "It is recommended that learners hold a level 2 qualification in English.",
    "Learners should have achieved a Level 3 Diploma in Adult Care.",
    "The guided learning for this qualification takes place over 18 months.",
    "Learners must achieve 92 credits, at least 60 from group A.",
    "The TQT is 900-950 hours.",
    "The TQT is between 900 and 950 hours.",
    "A minimum of 604 guided learning hours is needed.",
    "Each unit has a TQT of 40 hours.",
    "Mandatory units account for 780 hours of TQT.",
    "Version 3.1, September 2025: the TQT was revised.",
    "Unit reference number H/650/2114 carries 3 credits.",
    "The criteria were published in May 2021 (sfc-l5-lmac-2021-05).",
    "Learners progress to a Level 6 qualification.",
    # A contents page listing a unit's heading and its page: the unit's, not the whole's.
    "Unit 501 Leading infection prevention and control (Level 5, 8 credits) 9",
    "Unit H/650/2114 Leadership | Credit value 4 | GLH 30",
]


@pytest.mark.parametrize(("sentence", "facts"), READ)
def test_numbers_said_plainly_are_read(sentence: str, facts: list[tuple[str, str]]) -> None:
    assert facts_in_prose(sentence) == facts


@pytest.mark.parametrize("sentence", LEFT_ALONE)
def test_numbers_of_other_things_are_left_alone(sentence: str) -> None:
    assert facts_in_prose(sentence) == []


def _overview(path: Path, sentences: list[str]) -> Path:
    """The conformant specimen with its key facts table replaced by ``sentences``."""
    document = Document(str(SPECIMENS / "conformant.docx"))
    table = document.tables[0]._tbl
    for text in sentences:
        table.addprevious(document.add_paragraph(text)._p)
    table.getparent().remove(table)
    document.save(str(path))
    return path


def test_an_overview_in_sentences_gives_the_key_facts(tmp_path: Path) -> None:
    spec = read_spec(_overview(tmp_path / "spec.docx", [
        "The qualification is regulated by Ofqual. Its qualification number is 610/4217/1.",
        "The Total Qualification Time (TQT) for this qualification is 920 hours, of which 604 "
        "hours are Guided Learning Hours (GLH). It has a credit value of 92 and is at Level 5.",
    ]))
    assert (spec.qualification_number, spec.level, spec.tqt, spec.glh, spec.credits) == (
        "610/4217/1", 5, 920, 604, 92)
    assert spec.fact_locations["tqt"].locator == (
        'paragraph "The Total Qualification Time (TQT) fo..."')
    assert spec.reading_notes == []


def test_a_fact_stated_twice_differently_is_not_read_and_the_reader_says_so(
        tmp_path: Path) -> None:
    spec = read_spec(_overview(tmp_path / "spec.docx", [
        "The TQT for this qualification is 920 hours.",
        "Guided learning hours: 604",
        "In all, the qualification has a TQT of 940 hours.",
    ]))
    assert (spec.tqt, spec.glh) == (None, 604)
    assert [n.message for n in spec.reading_notes] == [
        "The qualification's Total Qualification Time (TQT) is stated in sentences as 920 "
        '(paragraph "The TQT for this qualification is 920...") and 940 (paragraph "In all, '
        'the qualification has a TQT o..."); it was not read']


def test_a_labelled_fact_is_not_overridden_by_a_sentence(tmp_path: Path) -> None:
    spec = read_spec(_overview(tmp_path / "spec.docx", [
        "Total qualification time: 920", "Earlier versions had a TQT of 900 hours."]))
    assert spec.tqt == 920
    assert spec.reading_notes == []


# -- a unit's own sentences -----------------------------------------------------------------

UNIT_READ = [
    ("This unit has 20 guided learning hours and a credit value of 3. It is at level 5.",
     [("glh", "20"), ("credits", "3"), ("level", "5")]),
    ("This level 5 unit, worth 3 credits (20 GLH), develops leadership.",
     [("level", "5"), ("glh", "20"), ("credits", "3")]),
    ("This level 5 unit is worth 3 credits (20 GLH, 30 hours of total unit time).",
     [("level", "5"), ("glh", "20"), ("credits", "3"), ("tqt", "30")]),
]
UNIT_LEFT_ALONE = [
    "The unit is part of the qualification, which has a TQT of 920 hours.",
    "Learners taking this unit must complete 10 hours of practice.",
    "It builds on the level 3 units learners may have taken.",
]


@pytest.mark.parametrize(("sentence", "facts"), UNIT_READ)
def test_a_units_numbers_said_plainly_are_read(sentence: str,
                                               facts: list[tuple[str, str]]) -> None:
    assert facts_in_prose(sentence, "unit") == facts


@pytest.mark.parametrize("sentence", UNIT_LEFT_ALONE)
def test_numbers_that_are_not_the_units_are_left_alone(sentence: str) -> None:
    assert facts_in_prose(sentence, "unit") == []


def _unit_described_in_sentences(tmp_path: Path, *sentences: str) -> QualificationSpec:
    """A unit with only its reference in a table; its level, hours and credits in sentences."""
    return read(tmp_path, FACTS + h(2, "Unit 501: Leadership")
                + tbl(tr("Unit reference number", "H/650/2114"))
                + "".join(p(text) for text in sentences) + tbl(
                    tr("Learning outcomes", "Assessment criteria"),
                    tr("1 Understand leadership", "1.1 Explain leadership")))


def test_a_units_sentences_give_what_its_table_does_not(tmp_path: Path) -> None:
    spec = _unit_described_in_sentences(
        tmp_path, "This level 5 unit is worth 3 credits (20 GLH, 30 hours of total unit time).")
    [unit] = spec.units
    assert (unit.level, unit.credit, unit.glh, unit.tqt) == (5, 3, 20, 30)
    assert spec.reading_notes == []


def test_a_units_fact_stated_twice_differently_is_not_read(tmp_path: Path) -> None:
    spec = _unit_described_in_sentences(tmp_path, "This unit has 30 GLH.",
                                        "This unit has 20 guided learning hours.")
    [unit] = spec.units
    assert unit.glh is None
    assert [n.message for n in spec.reading_notes] == [
        "H/650/2114's Guided Learning Hours (GLH) is stated in sentences as 30 (paragraph "
        '"This unit has 30 GLH.") and 20 (paragraph "This unit has 20 guided learning '
        'hours."); it was not read']
