"""The bundled criteria data says what the published criteria say.

Protects criteria/sfc-l5-lmac-2021-05.yaml against the source text it encodes
(tests/data/sfc-level5-lmac-criteria-2021-05.txt, a PDF extraction):

- every piece of wording in the data (titles, statements, items, bullets,
  guidance notes, Section A/C clauses, Appendix 2) is published wording;
- every numbered item and every outcome of Section B is in the data, under the
  sub-topic, outcome letter and number the source prints it with, and every
  bold term on those lines is a term of that node;
- the shape of the set (outcomes, items and guidance notes per sub-topic)
  matches EXPECTED, a table built by hand from the source text;
- every erratum cites source lines that exist and quotes them faithfully.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from criteria_checker.criteria.load import load_criteria
from criteria_checker.model.criteria import CriteriaSet

ROOT = Path(__file__).resolve().parents[1]
SOURCE_PATH = ROOT / "tests" / "data" / "sfc-level5-lmac-criteria-2021-05.txt"
CRITERIA_PATH = ROOT / "criteria" / "sfc-l5-lmac-2021-05.yaml"

SOURCE_LINES = SOURCE_PATH.read_text(encoding="utf-8").splitlines()
CRITERIA: CriteriaSet = load_criteria(CRITERIA_PATH)


def normalise(text: str) -> str:
    """Reduce text to what survives the PDF extraction, so that wording can be compared.

    The extraction adds ``**bold**`` markers and ``<u>`` tags, breaks lines
    mid-sentence, splits words at a line-end hyphen ("values- based") and
    loses hyphens at line breaks ("personcentred"). Dropping every hyphen is
    the simplest rule that makes "person-centred" and "personcentred" equal;
    it costs nothing here, because these tests check wording, not hyphenation.
    """
    text = text.casefold().replace("**", "").replace("<u>", "").replace("</u>", "")
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    text = text.replace("-", "")
    return " ".join(text.split())


NORMALISED_SOURCE = normalise("\n".join(SOURCE_LINES))


# -- every piece of wording in the data is published wording ---------------------------


def _wording() -> list[Any]:
    """One case, labelled by where it is, for every piece of published wording in the data."""
    found: list[tuple[str, str]] = []
    for req in CRITERIA.requirements:
        found.append((f"{req.id} statement", req.statement))
    found.extend((f"digital skills theme {i + 1}", theme)
                 for i, theme in enumerate(CRITERIA.digital_skills_themes))
    for i, area in enumerate(CRITERIA.optional_content_areas, 1):
        found.append((f"optional content area {i} heading", area.heading))
        found.extend((f"optional content area {i} example {j}", example)
                     for j, example in enumerate(area.examples, 1))
    for topic in CRITERIA.topics:
        found.append((f"{topic.code} title", topic.title))
        for sub in topic.subtopics:
            found.append((f"{sub.code} title", sub.title))
            for outcome in sub.outcomes:
                oref = f"{sub.code}/{outcome.letter}"
                found.append((f"{oref} statement", outcome.statement))
                for item in outcome.items:
                    iref = f"{oref}.{item.number}"
                    found.append((f"{iref} text", item.text))
                    found.extend((f"{iref} bullet {j}", bullet)
                                 for j, bullet in enumerate(item.bullets, 1))
            for note in sub.guidance:
                nref = f"{sub.code}#{note.id}"
                found.append((f"{nref} term", note.term))
                found.append((f"{nref} text", note.text))
                found.extend((f"{nref} bullet {j}", bullet)
                             for j, bullet in enumerate(note.bullets, 1))
                found.extend((f"{nref} paragraph {j}", paragraph)
                             for j, paragraph in enumerate(note.paragraphs, 1))
    # A note that is only a list has empty text, which proves nothing.
    return [pytest.param(text, id=label) for label, text in found if text]


@pytest.mark.parametrize("text", _wording())
def test_wording_is_in_the_source(text: str) -> None:
    assert normalise(text) in NORMALISED_SOURCE


# -- Section B, line by line ------------------------------------------------------------

# Hand-read from the source: the first line of each sub-topic (its heading, or
# for LMAC5A/BR and LMAC5D/LV, whose headings are missing, the first line of
# its content), the items under each outcome letter, and the guidance notes.
EXPECTED: list[tuple[str, int, dict[str, int], int]] = [
    # sub-topic, first line, items per outcome, guidance notes
    ("LMAC5A/LM", 142, {"A": 5, "B": 4}, 3),
    ("LMAC5A/GR", 170, {"A": 3, "B": 2, "C": 3, "D": 6, "E": 5}, 3),
    ("LMAC5A/DM", 213, {"A": 5, "B": 6}, 2),
    ("LMAC5A/BR", 249, {"A": 7, "B": 10, "C": 4, "D": 4}, 9),
    ("LMAC5B/TL", 352, {"A": 5, "B": 6}, 2),
    ("LMAC5B/LD", 380, {"A": 7, "B": 4}, 5),
    ("LMAC5B/SO", 412, {"A": 10, "B": 8}, 10),
    ("LMAC5C/SG", 485, {"A": 9, "B": 7}, 3),
    ("LMAC5C/MC", 541, {"A": 6, "B": 7}, 9),
    ("LMAC5C/PS", 600, {"A": 7, "B": 2, "C": 5, "D": 5}, 11),
    ("LMAC5C/CC", 673, {"A": 4, "B": 4}, 0),
    ("LMAC5D/LV", 709, {"A": 3, "B": 4}, 1),
    ("LMAC5D/CI", 727, {"A": 4, "B": 8, "C": 3, "D": 4}, 4),
    ("LMAC5E/EC", 786, {"A": 3, "B": 3, "C": 4, "D": 3}, 4),
    ("LMAC5E/HI", 841, {"A": 3, "B": 3}, 2),
    ("LMAC5F/PC", 888, {"A": 2, "B": 3, "C": 6, "D": 3, "E": 3, "F": 4, "G": 3}, 13),
    ("LMAC5F/HW", 973, {"A": 1, "B": 4, "C": 3}, 5),
    ("LMAC5F/ED", 1024, {"A": 5, "B": 5}, 4),
    ("LMAC5G/HS", 1068, {"A": 2, "B": 5, "C": 3, "D": 3}, 4),
    ("LMAC5H/CD", 1114, {"A": 5, "B": 3, "C": 5}, 4),
    ("LMAC5H/PW", 1163, {"A": 3, "B": 2, "C": 3, "D": 6}, 7),
]

# Items whose number the extraction lost ("- text" instead of "- 3. text"),
# with the source line that carries them; hand-read like EXPECTED.
NUMBER_LOST = {
    "LMAC5A/GR/C.1": 187, "LMAC5A/GR/D.3": 193, "LMAC5A/DM/A.3": 222,
    "LMAC5B/TL/A.1": 359, "LMAC5B/LD/A.1": 387, "LMAC5B/SO/A.1": 420,
    "LMAC5B/SO/A.3": 422, "LMAC5B/SO/A.8": 430, "LMAC5B/SO/B.4": 442,
    "LMAC5C/SG/B.1": 503, "LMAC5C/MC/B.1": 556, "LMAC5C/MC/B.3": 558,
    "LMAC5C/PS/A.1": 608, "LMAC5C/PS/A.2": 609, "LMAC5C/PS/A.5": 612,
    "LMAC5C/PS/D.1": 626, "LMAC5C/CC/A.2": 683, "LMAC5C/CC/A.3": 684,
    "LMAC5C/CC/B.1": 687, "LMAC5C/CC/B.2": 688, "LMAC5D/LV/A.3": 716,
    "LMAC5D/LV/B.1": 718, "LMAC5D/CI/B.5": 746, "LMAC5E/EC/C.1": 803,
    "LMAC5F/PC/B.1": 899, "LMAC5F/PC/C.3": 906, "LMAC5F/ED/B.5": 1041,
    "LMAC5H/CD/A.1": 1119,
}

# "- 3. text", " - 3. text" or "3. text" (the dash is sometimes lost). Two
# lines in Section B start with a digit without being items, and the pattern
# rejects both: line 353, a stray "1" under the LMAC5B/TL heading, and line
# 973, the garbled LMAC5F/HW heading "1 6 ...". Guidance notes in Section B
# hold no numbered lines.
ITEM_LINE = re.compile(r"^\s*(?:- )?(?P<number>[0-9]+)\.\s+(?P<text>\S.*)$")
# "- A. Understand ...", "A. Provide ..." or "- A) Understanding ...".
OUTCOME_LINE = re.compile(r"^\s*(?:- )?(?P<letter>[A-Z])[.)]\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class SourceLine:
    """A Section B line that names a node, with the reference its position gives it."""

    number: int  # 1-based line number
    ref: str
    text: str  # the line without its list dash and number or letter


def _section_b() -> tuple[int, int]:
    start = SOURCE_LINES.index("Section B") + 1
    end = next(i for i, line in enumerate(SOURCE_LINES, 1) if line.strip() == "Section C:")
    return start, end


def _walk_section_b() -> tuple[list[SourceLine], list[SourceLine]]:
    """Numbered item lines and outcome lines of Section B, placed by the hand-read starts."""
    starts = {line: code for code, line, _, _ in EXPECTED}
    first, last = _section_b()
    items: list[SourceLine] = []
    outcomes: list[SourceLine] = []
    sub = letter = None
    for number in range(first, last):
        line = SOURCE_LINES[number - 1]
        if number in starts:
            sub, letter = starts[number], None
        if (match := OUTCOME_LINE.match(line)) is not None:
            letter = match["letter"]
            outcomes.append(SourceLine(number, f"{sub}/{letter}", match["text"]))
        elif (match := ITEM_LINE.match(line)) is not None:
            items.append(SourceLine(number, f"{sub}/{letter}.{int(match['number'])}",
                                    match["text"]))
    return items, outcomes


ITEM_LINES, OUTCOME_LINES = _walk_section_b()
INDEX = CRITERIA.index()


def _by_line(lines: list[SourceLine]) -> list[Any]:
    return [pytest.param(line, id=f"line {line.number} {line.ref}") for line in lines]


@pytest.mark.parametrize("line", _by_line(ITEM_LINES))
def test_numbered_item_line_is_the_item_at_its_position(line: SourceLine) -> None:
    node = INDEX.get(line.ref)
    assert node is not None, f"line {line.number} prints {line.ref}, which the data lacks"
    # An item printed over two lines would show only its start here.
    assert normalise(node.text).startswith(normalise(line.text))


@pytest.mark.parametrize("line", _by_line(OUTCOME_LINES))
def test_outcome_line_is_the_outcome_at_its_position(line: SourceLine) -> None:
    node = INDEX.get(line.ref)
    assert node is not None, f"line {line.number} prints {line.ref}, which the data lacks"
    assert normalise(node.text) == normalise(line.text)


@pytest.mark.parametrize(("ref", "number"), sorted(NUMBER_LOST.items()))
def test_item_whose_number_was_lost_is_on_its_line(ref: str, number: int) -> None:
    line = SOURCE_LINES[number - 1]
    assert ITEM_LINE.match(line) is None
    assert normalise(INDEX[ref].text) == normalise(line.strip().removeprefix("- "))


def test_numbered_and_unnumbered_lines_account_for_every_item() -> None:
    from_source = [line.ref for line in ITEM_LINES] + list(NUMBER_LOST)
    in_data = [n.ref for n in CRITERIA.nodes() if n.level == "item"]
    assert sorted(from_source) == sorted(in_data)


def test_outcome_lines_account_for_every_outcome() -> None:
    from_source = [line.ref for line in OUTCOME_LINES]
    in_data = [n.ref for n in CRITERIA.nodes() if n.level == "outcome"]
    assert from_source == in_data


def _bold_lines() -> list[Any]:
    lines = [*ITEM_LINES, *OUTCOME_LINES]
    lines.extend(SourceLine(number, ref, SOURCE_LINES[number - 1])
                 for ref, number in NUMBER_LOST.items())
    return _by_line(sorted((line for line in lines if "**" in line.text),
                           key=lambda line: line.number))


@pytest.mark.parametrize("line", _bold_lines())
def test_bold_phrases_are_terms_of_their_node(line: SourceLine) -> None:
    node = INDEX[line.ref]
    owner = node.item if node.item is not None else node.outcome
    assert owner is not None
    terms = {normalise(term.text) for term in owner.terms}
    for phrase in re.findall(r"\*\*(.+?)\*\*", line.text):
        assert normalise(phrase) in terms, f"bold {phrase!r} is not a term of {line.ref}"


# -- the shape of the criteria set ------------------------------------------------------


@pytest.mark.parametrize(("code", "outcomes", "notes"),
                         [pytest.param(code, outcomes, notes, id=code)
                          for code, _, outcomes, notes in EXPECTED])
def test_subtopic_shape_matches_the_source(code: str, outcomes: dict[str, int],
                                           notes: int) -> None:
    sub = INDEX[code].subtopic
    assert sub is not None
    assert {o.letter: len(o.items) for o in sub.outcomes} == outcomes
    assert len(sub.guidance) == notes


def test_subtopics_are_those_of_the_source_in_order() -> None:
    assert [sub.code for sub in CRITERIA.subtopics()] == [code for code, *_ in EXPECTED]


def test_totals() -> None:
    assert [topic.code for topic in CRITERIA.topics] == [f"LMAC5{c}" for c in "ABCDEFGH"]
    assert len(EXPECTED) == 21
    assert sum(len(outcomes) for _, _, outcomes, _ in EXPECTED) == 64
    assert sum(sum(outcomes.values()) for _, _, outcomes, _ in EXPECTED) == 287
    levels = [node.level for node in CRITERIA.nodes()]
    assert [levels.count(level) for level in ("topic", "subtopic", "outcome", "item")] \
        == [8, 21, 64, 287]


# -- errata -----------------------------------------------------------------------------

ERRATA = {erratum.id: erratum for erratum in CRITERIA.errata}

# Errata that cite no source line, and why.
CITE_NO_LINE = {"ERR-X1": "describes a pattern across many sub-topics, not one place"}

# Errata whose source_says is not a quote of the lines their `where` cites.
NOT_A_QUOTE = {
    "ERR-A1": "a montage of lines 247-251 with an editorial note; tested on its own below",
    "ERR-X1": "a description, not a quote",
}

LINE_REFERENCE = re.compile(r"\blines? (\d+)(?:-(\d+))?")


def _cited(text: str) -> list[int]:
    lines: list[int] = []
    for first, last in LINE_REFERENCE.findall(text):
        lines.extend([int(first), int(last)] if last else [int(first)])
    return lines


def _quote(source_says: str) -> str:
    # A trailing "(...)" is an editorial note, e.g. ERR-H1's "(printed in both sub-topics)".
    return re.sub(r"\s*\([^()]*\)$", "", source_says)


@pytest.mark.parametrize("erratum_id", sorted(ERRATA))
def test_erratum_cites_source_lines_that_exist(erratum_id: str) -> None:
    erratum = ERRATA[erratum_id]
    in_where = _cited(erratum.where)
    assert bool(in_where) == (erratum_id not in CITE_NO_LINE)
    everywhere = in_where + _cited(erratum.why) + _cited(erratum.source_says)
    for number in everywhere:
        assert 1 <= number <= len(SOURCE_LINES), f"{erratum_id} cites line {number}"
        assert SOURCE_LINES[number - 1].strip(), f"{erratum_id} cites blank line {number}"


@pytest.mark.parametrize("erratum_id", sorted(set(ERRATA) - set(NOT_A_QUOTE)))
def test_erratum_quotes_the_line_it_cites(erratum_id: str) -> None:
    erratum = ERRATA[erratum_id]
    # "source line N" is the place; other line numbers in `where` are context.
    cited = [int(n) for n in re.findall(r"source line (\d+)", erratum.where)]
    assert cited
    for number in cited:
        assert normalise(_quote(erratum.source_says)) in normalise(SOURCE_LINES[number - 1])


def test_the_quoted_errata_include_the_heading_slips() -> None:
    assert {"ERR-C1", "ERR-D2", "ERR-G1"} <= set(ERRATA) - set(NOT_A_QUOTE)


def test_err_a1_montage_is_lines_247_to_251() -> None:
    fragments = [part for part in re.split(r"\[[^\]]*\]", ERRATA["ERR-A1"].source_says)
                 if part.strip()]
    block = normalise("\n".join(SOURCE_LINES[246:251]))
    assert normalise(" ".join(fragments)) in block


# (erratum, line its `why` cites, what that line says): the evidence each relies on.
ERRATUM_EVIDENCE = [
    ("ERR-A1", 140, "LMAC5A/BR Business and resource management"),
    ("ERR-C1", 478, "LMAC5C/SG Safeguarding"),
    ("ERR-C2", 502, "Lead the implementation of practices, policies and procedures"),
    ("ERR-D1", 74, "Improvement and innovation LMAC5D"),
    ("ERR-D3", 705, "LMAC5D/LV Leading the vision"),
    ("ERR-G1", 1066, "LMAC5G/HS Health and safety"),
]


@pytest.mark.parametrize(("erratum_id", "number", "says"), ERRATUM_EVIDENCE)
def test_erratum_evidence_is_in_the_source(erratum_id: str, number: int, says: str) -> None:
    assert number in _cited(ERRATA[erratum_id].why)
    assert normalise(says) in normalise(SOURCE_LINES[number - 1])


# data_says of the form "LMAC5G/HS Health and safety": a corrected heading.
HEADING_CORRECTION = re.compile(
    r"^(?P<ref>[A-Z]{2,8}[0-9]{1,2}[A-Z](?:/[A-Z]{1,3})?) (?P<title>.+)$")
CORRECTED_HEADINGS = sorted(e.id for e in CRITERIA.errata
                            if HEADING_CORRECTION.match(e.data_says))


def test_heading_corrections_are_recognised() -> None:
    assert CORRECTED_HEADINGS == ["ERR-A1", "ERR-C1", "ERR-D1", "ERR-D2", "ERR-D3", "ERR-G1"]


@pytest.mark.parametrize("erratum_id", CORRECTED_HEADINGS)
def test_heading_correction_is_what_the_data_holds(erratum_id: str) -> None:
    match = HEADING_CORRECTION.match(ERRATA[erratum_id].data_says)
    assert match is not None
    assert INDEX[match["ref"]].text == match["title"]
