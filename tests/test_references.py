"""Criteria references as authors write them: mapping cells, sentences, and what is not one.

Protects criteria_checker.readers.references: lists, ranges, "all" of a node and
lettered outcomes read to exactly the nodes meant; a range that cannot be listed
without the criteria is reported (None), never guessed; codes of other standards
are left out; sentences give only the references they name; every number taken
from the text is bounded.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria_checker.criteria.load import load_criteria
from criteria_checker.readers.docx import values
from criteria_checker.readers.references import (
    MAX_RANGE,
    looks_like_references,
    references_in_prose,
    split_mappings,
)
from criteria_checker.refs import is_canonical

CRITERIA_PATH = Path(__file__).resolve().parents[1] / "criteria" / "sfc-l5-lmac-2021-05.yaml"
NODE_REFS = [node.ref for node in load_criteria(CRITERIA_PATH).nodes()]

Pairs = list[tuple[str, str | None]]


def _same(raw: str, *refs: str | None) -> Pairs:
    """Every reference with the one raw text it was read from."""
    return [(raw, ref) for ref in refs]


def _items(sub: str, letter: str, first: int, last: int) -> list[str | None]:
    return [f"{sub}/{letter}.{n}" for n in range(first, last + 1)]


# -- mapping cells ----------------------------------------------------------------------

CELLS: list[tuple[str, Pairs]] = [
    # one reference, lists, and "A2" after a full reference
    ("LMAC5A/LM/A.1", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1")]),
    ("LMAC5A/LM, LMAC5A/LM/B.2", [("LMAC5A/LM", "LMAC5A/LM"),
                                   ("LMAC5A/LM/B.2", "LMAC5A/LM/B.2")]),
    ("lmac5c/sg a6; A7 and B1", [("lmac5c/sg a6", "LMAC5C/SG/A.6"), ("A7", "LMAC5C/SG/A.7"),
                                  ("B1", "LMAC5C/SG/B.1")]),
    ("LMAC5A/LM-A.1", [("LMAC5A/LM-A.1", "LMAC5A/LM/A.1")]),
    # separators
    ("LMAC5A/LM/A.1 plus LMAC5B as well as LMAC5C | LMAC5D",
     [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"), ("LMAC5B", "LMAC5B"), ("LMAC5C", "LMAC5C"),
      ("LMAC5D", "LMAC5D")]),
    ("\u2022 LMAC5A/LM/A.1\n\u2022 A.2\n- LMAC5B\n\u2013 LMAC5C",
     [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"), ("A.2", "LMAC5A/LM/A.2"), ("LMAC5B", "LMAC5B"),
      ("LMAC5C", "LMAC5C")]),
    ("LMAC5A/LM/A.1/LMAC5B/TL/B.2", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),
                                     ("LMAC5B/TL/B.2", "LMAC5B/TL/B.2")]),
    ("LMAC5A/LM/A.1 / LMAC5B", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"), ("LMAC5B", "LMAC5B")]),
    ("LMAC5A/LM/A.1 LMAC5B/TL/B.2", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),
                                     ("LMAC5B/TL/B.2", "LMAC5B/TL/B.2")]),
    ("LMAC5A/LM/A.1 & A.3", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"), ("A.3", "LMAC5A/LM/A.3")]),
    # ranges: every item, each with the range as written
    ("LMAC5B/TL B1-B4", _same("LMAC5B/TL B1-B4", *_items("LMAC5B/TL", "B", 1, 4))),
    ("LMAC5B/TL B1 \u2013 B4", _same("LMAC5B/TL B1 \u2013 B4", *_items("LMAC5B/TL", "B", 1, 4))),
    ("LMAC5D/CI/A.1\u2013A.3", _same("LMAC5D/CI/A.1\u2013A.3", *_items("LMAC5D/CI", "A", 1, 3))),
    ("LMAC5D/CI/A.1 to A.3", _same("LMAC5D/CI/A.1 to A.3", *_items("LMAC5D/CI", "A", 1, 3))),
    ("LMAC5A/LM A1-5", _same("LMAC5A/LM A1-5", *_items("LMAC5A/LM", "A", 1, 5))),
    ("LMAC5D/CI/A.1 to LMAC5D/CI/A.3",
     _same("LMAC5D/CI/A.1 to LMAC5D/CI/A.3", *_items("LMAC5D/CI", "A", 1, 3))),
    ("LMAC5A/LM/B.2, A.1-A.3", [("LMAC5A/LM/B.2", "LMAC5A/LM/B.2"),
                                *_same("A.1-A.3", *_items("LMAC5A/LM", "A", 1, 3))]),
    ("LMAC5C/SG A-C", _same("LMAC5C/SG A-C", "LMAC5C/SG/A", "LMAC5C/SG/B", "LMAC5C/SG/C")),
    ("LMAC5A/LM/A.1-A.99", _same("LMAC5A/LM/A.1-A.99", *_items("LMAC5A/LM", "A", 1, 99))),
    # ranges that cannot be listed: reported, never guessed
    ("LMAC5C/SG/A.5-B.2", [("LMAC5C/SG/A.5-B.2", None)]),
    ("LMAC5C/SG A5 to B2", [("LMAC5C/SG A5 to B2", None)]),
    ("LMAC5C/SG/A.5-A.2", [("LMAC5C/SG/A.5-A.2", None)]),
    ("LMAC5A/LM/A.1-A.100", [("LMAC5A/LM/A.1-A.100", None)]),
    ("LMAC5A/LM/A.1-999", [("LMAC5A/LM/A.1-999", None)]),
    ("LMAC5C/SG/A.1 to LMAC5D/CI/A.3", [("LMAC5C/SG/A.1 to LMAC5D/CI/A.3", None)]),
    ("A.1-A.3", [("A.1-A.3", None)]),
    ("LMAC5C to LMAC5D", [("LMAC5C to LMAC5D", None)]),
    ("LMAC5A/LM-LMAC5A/BR", [("LMAC5A/LM-LMAC5A/BR", None)]),
    # words between references make no list: "or" is not sub-topic "OR"
    ("LMAC5C or LMAC5D", [("LMAC5C or LMAC5D", None)]),
    # all of a node: the node (mapping a node claims its subtree)
    ("LMAC5C/SG (all)", [("LMAC5C/SG (all)", "LMAC5C/SG")]),
    ("LMAC5C/SG all", [("LMAC5C/SG all", "LMAC5C/SG")]),
    ("All of LMAC5C/SG", [("All of LMAC5C/SG", "LMAC5C/SG")]),
    ("LMAC5C/SG - all outcomes", [("LMAC5C/SG - all outcomes", "LMAC5C/SG")]),
    ("LMAC5C/SG (all outcomes)", [("LMAC5C/SG (all outcomes)", "LMAC5C/SG")]),
    ("LMAC5C/SG/A (all)", [("LMAC5C/SG/A (all)", "LMAC5C/SG/A")]),
    ("LMAC5C/SG in full", [("LMAC5C/SG in full", "LMAC5C/SG")]),
    ("LMAC5C all", [("LMAC5C all", "LMAC5C")]),  # not sub-topic "ALL"
    ("LMAC5A/LM/A.1 LMAC5C/SG (all)", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),
                                       ("LMAC5C/SG (all)", "LMAC5C/SG")]),
    # lettered outcomes after a sub-topic
    ("LMAC5C/SG (A and B)", _same("LMAC5C/SG (A and B)", "LMAC5C/SG/A", "LMAC5C/SG/B")),
    ("LMAC5C/SG A & B", [("LMAC5C/SG A", "LMAC5C/SG/A"), ("B", "LMAC5C/SG/B")]),
    ("LMAC5A/LM A, B", [("LMAC5A/LM A", "LMAC5A/LM/A"), ("B", "LMAC5A/LM/B")]),
    ("LMAC5A/LM (A1, A2)", _same("LMAC5A/LM (A1, A2)", "LMAC5A/LM/A.1", "LMAC5A/LM/A.2")),
    # codes of other standards are left out
    ("LMAC5A/LM/A.1; SCDLMCA1", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1")]),
    ("SCDHSC0032, LMAC5A/LM/A.1 SCDLMCB2", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1")]),
    ("LMAC5A/LM/A.1 (SCDLMCA1)", [("LMAC5A/LM/A.1 (SCDLMCA1)", "LMAC5A/LM/A.1")]),
    ("NOS: SCDLMCA1, SCDLMCB2", []),
    ("CFAM&LDA1", []),
    ("ST0231", []),
    # a pair written twice is one claim
    ("LMAC5A, LMAC5A", [("LMAC5A", "LMAC5A")]),
    # no mapping
    ("N/A", []), ("-", []), ("\u2013", []), ("none", []), ("Not applicable.", []), ("", []),
    # words that only lead in are read past
    ("Covers LMAC5A/LM/A.1 and A.2", [("Covers LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),
                                      ("A.2", "LMAC5A/LM/A.2")]),
    ("Mapped to: lmac5b so", [("Mapped to: lmac5b so", "LMAC5B/SO")]),
    ("Covers SCDHSC0032\nlmac5g hs b (all)", [("lmac5g hs b (all)", "LMAC5G/HS/B")]),
    ("Covers SCDHSC0032", []),
    ("Covers", [("Covers", None)]),
    ("LMAC5A/LM/A.1 (see also LMAC5A/LM/A.2)", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),
                                                ("LMAC5A/LM/A.2", "LMAC5A/LM/A.2")]),
    # ... any other word changes what is claimed: kept for a person to judge
    ("All of LMAC5A/LM except A.3", [("All of LMAC5A/LM except A.3", None)]),
    ("Partly LMAC5A/LM/A.1", [("Partly LMAC5A/LM/A.1", None)]),
    ("LMAC5A/LM/A.1 in part", [("LMAC5A/LM/A.1 in part", None)]),
    ("not LMAC5A/LM/A.1", [("not LMAC5A/LM/A.1", None)]),
    # not references: kept for the engine to report
    ("see unit 3", [("see unit 3", None)]),
    ("A2", [("A2", None)]),
    ("LMAC5", [("LMAC5", None)]),
    ("LMAC5A/LM/A.1 (partially)", [("LMAC5A/LM/A.1 (partially)", None)]),
    ("H/650/2114", [("H/650/2114", None)]),
    # "A2" after a topic alone belongs to no sub-topic
    ("LMAC5A/LM/A.1, LMAC5B, A.2", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"), ("LMAC5B", "LMAC5B"),
                                    ("A.2", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CELLS, ids=[c[0] or "empty" for c in CELLS])
def test_mapping_cells(text: str, expected: Pairs) -> None:
    assert list(split_mappings(text)) == expected


def test_the_docx_reader_imports_the_same_function() -> None:
    assert values.split_mappings is split_mappings


@pytest.mark.parametrize("code", ["SCDLMCA1", "SCDHSC0032", "SCDLMCB2", "CFAM&LDA1",
                                  "SFHCHS117", "SCDCCLD0301", "ST0231"])
def test_other_standards_codes_are_left_out(code: str) -> None:
    assert split_mappings(code) == ()
    assert split_mappings(f"{code}, LMAC5A/LM/A.1") == (("LMAC5A/LM/A.1", "LMAC5A/LM/A.1"),)
    assert references_in_prose(f"This unit is mapped to {code}.") == ()
    assert not looks_like_references(code)


def test_a_range_names_at_most_max_range_items() -> None:
    longest = f"LMAC5A/LM/A.1-A.{MAX_RANGE}"
    assert split_mappings(longest) == tuple(_same(longest, *_items("LMAC5A/LM", "A", 1,
                                                                    MAX_RANGE)))
    too_long = f"LMAC5A/LM/A.1-A.{MAX_RANGE + 1}"
    assert split_mappings(too_long) == ((too_long, None),)


def test_ranges_stop_adding_items_past_a_bound() -> None:
    text = "; ".join(f"LMAC5{chr(65 + i % 8)}/X{chr(65 + i // 8)} A1-A99" for i in range(40))
    pairs = split_mappings(text)
    assert 0 < sum(1 for _, ref in pairs if ref) <= 1000
    assert any(ref is None for _, ref in pairs)


# -- sentences ---------------------------------------------------------------------------

PROSE: list[tuple[str, Pairs]] = [
    ("The unit addresses the criteria lmac5h/pw/a.1, a.2, a.3.",
     [("lmac5h/pw/a.1", "LMAC5H/PW/A.1"), ("a.2", "LMAC5H/PW/A.2"), ("a.3", "LMAC5H/PW/A.3")]),
    ("This unit covers LMAC5A/GR/E.2, E.3, SCDLMCS2, E.4.",
     [("LMAC5A/GR/E.2", "LMAC5A/GR/E.2"), ("E.3", "LMAC5A/GR/E.3"), ("E.4", "LMAC5A/GR/E.4")]),
    ("It is a great unit, a.2 of it.", []),
    ("It maps to LMAC5E/HI A1, A2 of the Skills for Care criteria.",
     [("LMAC5E/HI A1", "LMAC5E/HI/A.1"), ("A2", "LMAC5E/HI/A.2")]),
    ("This unit meets all of LMAC5B/SO.", [("LMAC5B/SO", "LMAC5B/SO")]),
    ("The unit covers LMAC5C/SG A1-A6 and LMAC5C/SG/B.2 of the Skills for Care criteria.",
     [*_same("LMAC5C/SG A1-A6", *_items("LMAC5C/SG", "A", 1, 6)),
      ("LMAC5C/SG/B.2", "LMAC5C/SG/B.2")]),
    ("It maps to LMAC5C/SG (all) and to LMAC5A/LM A, B. A learner will know more.",
     [("LMAC5C/SG (all)", "LMAC5C/SG"), ("LMAC5A/LM A", "LMAC5A/LM/A"),
      ("B", "LMAC5A/LM/B")]),
    ("Covers LMAC5C/SG (A and B), LMAC5D/CI/A.1 to A.3.",
     [*_same("LMAC5C/SG (A and B)", "LMAC5C/SG/A", "LMAC5C/SG/B"),
      *_same("LMAC5D/CI/A.1 to A.3", *_items("LMAC5D/CI", "A", 1, 3))]),
    ("This unit covers LMAC5B and LMAC5C, mapped to SCDLMCA1.",
     [("LMAC5B", "LMAC5B"), ("LMAC5C", "LMAC5C")]),
    ("Evidence for lmac5b/so must come from practice.", [("lmac5b/so", "LMAC5B/SO")]),
    ("The unit covers LMAC5A LM A.1 in depth.", [("LMAC5A LM A.1", "LMAC5A/LM/A.1")]),
    ("See LMAC5B/SO. A learner should read it.", [("LMAC5B/SO", "LMAC5B/SO")]),
    ("LMAC5C/SG A learner must lead.", [("LMAC5C/SG", "LMAC5C/SG")]),
    ("It covers LMAC5A/LM/A.1 to 3 other units.", [("LMAC5A/LM/A.1", "LMAC5A/LM/A.1")]),
    ("It covers LMAC5C/SG/A.5-B.2 only.", [("LMAC5C/SG/A.5-B.2", None)]),
    # nothing reference-shaped: nothing read
    ("Learners will understand safeguarding in adult care.", []),
    ("Units H/650/2114 and 1.1 apply; play mp3s or measure CO2e.", []),
    ("A2 and B3 are covered.", []),
    ("Mapped to SCDHSC0032 and CFAM&LDA1.", []),
]


@pytest.mark.parametrize(("text", "expected"), PROSE, ids=[p[0][:40] for p in PROSE])
def test_references_in_prose(text: str, expected: Pairs) -> None:
    assert list(references_in_prose(text)) == expected


# -- recognising a references cell ------------------------------------------------------

LOOKS: list[tuple[str, bool]] = [
    ("LMAC5A/LM/A.1", True),
    ("LMAC5A/LM/A.1; SCDLMCA1", True),
    ("LMAC5C/SG (all)", True),
    ("N/A, LMAC5A", True),
    ("LMAC5B/TL B1-B4, C2", True),
    ("LMAC5C/SG/A.5-B.2", True),
    ("\u2022 LMAC5A/LM\n\u2022 LMAC5B/TL", True),
    # Read past lead-in words as a mapping field is, other standards' codes among them.
    ("Mapped to SCDLMCS2, LMAC5E/EC/B.1, LMAC5E/EC/B.2", True),
    ("Covers LMAC5A/LM/A.1", True),
    ("Covers SCDHSC0032", False),
    ("Not LMAC5A/LM/A.1", False),
    ("SCDLMCA1", False),
    ("SCDLMCA1, SCDHSC0032", False),
    ("1.1", False),
    ("H/650/2114", False),
    ("A2, B3", False),
    ("N/A", False),
    ("-", False),
    ("", False),
    ("This unit covers LMAC5A", False),
    ("LMAC5A/LM/A.1 (partially)", False),
    ("Understand the role of LMAC5A in practice", False),
]


@pytest.mark.parametrize(("text", "expected"), LOOKS, ids=[t or "empty" for t, _ in LOOKS])
def test_looks_like_references(text: str, expected: bool) -> None:
    assert looks_like_references(text) is expected


# -- properties ---------------------------------------------------------------------------

SEPARATORS = [", ", ",", "; ", ";", "\n", "\r\n", " & ", "&", " and ", " AND ", " plus ",
              " as well as ", " | ", "|", "/", " / ", " ", "\n\u2022 ", "\n- ", "\n\u2013 ",
              " \u2022 "]
references = st.sampled_from(NODE_REFS)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(references, st.sampled_from(SEPARATORS)), min_size=1, max_size=8),
       st.sampled_from(["", "\u2022 ", "- "]))
def test_joined_references_read_back(chosen: list[tuple[str, str]], bullet: str) -> None:
    refs = [ref for ref, _ in chosen]
    text = bullet + "".join(ref + sep for ref, sep in chosen[:-1]) + refs[-1]
    expected = list(dict.fromkeys(refs))
    assert list(split_mappings(text)) == [(ref, ref) for ref in expected]
    assert looks_like_references(text)


MAPPING_ALPHABET = "LMAC5BDSGTO/ .-\u2013,;&|()0123456789toalnd\n"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet=MAPPING_ALPHABET, max_size=300))
def test_any_text_is_read_quickly_and_boundedly(text: str) -> None:
    started = time.perf_counter()
    pairs = split_mappings(text)
    found = references_in_prose(text)
    looks = looks_like_references(text)
    assert time.perf_counter() - started < 2
    assert len(pairs) <= 20 * len(text)
    assert len(found) <= 20 * len(text)
    for raw, ref in (*pairs, *found):
        assert raw and raw == raw.strip()
        assert ref is None or is_canonical(ref)
    if looks:
        assert pairs


def test_long_hostile_text_is_read_quickly() -> None:
    texts = [" " * 50_000, "(" * 50_000, "A" * 50_000 + "1", "as " * 20_000,
             "LMAC5A/LM/A.1-" * 5_000, "LMAC5A " + "A, " * 20_000, "SCDLMCA" * 8_000 + "1",
             "; ".join(f"AB{i % 99 + 1}C/X A1-99" for i in range(2_000))]
    started = time.perf_counter()
    for text in texts:
        assert len(split_mappings(text)) <= _bound(text)
        assert len(references_in_prose(text)) <= _bound(text)
        looks_like_references(text)
    assert time.perf_counter() - started < 10


def _bound(text: str) -> int:
    return 20 * len(text)


FILLER = ["the unit", "covers", "learners", "will", "explain", "of the criteria", "and",
          "as well as", "including", "which maps to", "with", "in particular", "see also",
          "for example", ",", ";", "leading", "care"]


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, list[str]]:
    refs = draw(st.lists(references, min_size=1, max_size=5))
    words = ["This unit"]
    for ref in refs:
        words.extend(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=3)))
        words.append(ref)
    words.extend(draw(st.lists(st.sampled_from(FILLER), max_size=3)))
    return " ".join(words) + ".", refs


@settings(max_examples=150, deadline=None)
@given(sentences())
def test_references_in_a_sentence_are_found_exactly(case: tuple[str, list[str]]) -> None:
    text, refs = case
    assert list(references_in_prose(text)) == [(ref, ref) for ref in dict.fromkeys(refs)]
