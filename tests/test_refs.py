"""Criteria references: one canonical spelling, many accepted ones, nothing mis-read.

Protects criteria_checker.refs (parse, normalise, is_canonical) and
CriteriaSet.resolve: canonical references are fixed points; the spellings
authors use (any case, '/', ' ', '-', '.' between parts, "A1" for "A.1")
normalise to the canonical form; any other text is either rejected with a
sentence saying why or read as a reference made of exactly its own letters and
digits, never mapped onto a different one; every node of the bundled criteria
resolves, and a reference naming nothing says what does exist.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from criteria_checker.criteria.load import load_criteria
from criteria_checker.errors import InvalidReference, ReferenceNotFound
from criteria_checker.refs import Ref, is_canonical, normalise, parse

CRITERIA_PATH = Path(__file__).resolve().parents[1] / "criteria" / "sfc-l5-lmac-2021-05.yaml"
CRITERIA = load_criteria(CRITERIA_PATH)
EXAMPLE = "e.g. LMAC5A, LMAC5A/LM, LMAC5A/LM/A or LMAC5A/LM/A.1"

# -- canonical forms --------------------------------------------------------------------

CANONICAL = [
    ("LMAC5A", "topic"),
    ("LMAC5A/LM", "subtopic"),
    ("LMAC5A/LM/A", "outcome"),
    ("LMAC5A/LM/A.1", "item"),
    ("LMAC5A/BR/B.10", "item"),
    ("LMAC5C/SG/A.6", "item"),
    ("AB1C/D", "subtopic"),
    ("ABCDEFGH99Z/XYZ/Z.999", "item"),
]


@pytest.mark.parametrize(("ref", "level"), CANONICAL)
def test_canonical_reference_is_a_fixed_point(ref: str, level: str) -> None:
    assert normalise(ref) == ref
    assert is_canonical(ref)
    assert parse(ref).level == level


topics = st.from_regex(r"[A-Z]{2,8}[0-9]{1,2}[A-Z]", fullmatch=True)
subtopics = st.from_regex(r"[A-Z]{1,3}", fullmatch=True)
letters = st.sampled_from(string.ascii_uppercase)
numbers = st.integers(min_value=1, max_value=999)

canonical_refs = st.one_of(
    st.builds(Ref, topics),
    st.builds(Ref, topics, subtopics),
    st.builds(Ref, topics, subtopics, letters),
    st.builds(Ref, topics, subtopics, letters, numbers),
)


@given(canonical_refs)
def test_generated_canonical_references_round_trip(ref: Ref) -> None:
    text = str(ref)
    assert is_canonical(text)
    assert normalise(text) == text
    assert parse(text) == ref


# -- respellings ------------------------------------------------------------------------


@st.composite
def respellings(draw: st.DrawFn) -> tuple[Ref, str]:
    """A canonical reference and one of the ways an author might write it."""
    ref = draw(canonical_refs)

    def recase(part: str) -> str:
        flips = draw(st.lists(st.booleans(), min_size=len(part), max_size=len(part)))
        return "".join(c.lower() if flip else c for c, flip in zip(part, flips, strict=True))

    def separator() -> str:
        return draw(st.text(alphabet="/ -.", min_size=1, max_size=3))

    text = recase(ref.topic)
    if ref.subtopic is not None:
        text += separator() + recase(ref.subtopic)
    if ref.outcome is not None:
        text += separator() + recase(ref.outcome)
    if ref.item is not None:
        # "A1", "A.1", "A 1", "A-1": no separator at all is fine here.
        text += draw(st.text(alphabet=" -.", max_size=2)) + str(ref.item)
    padding = draw(st.sampled_from(["", " ", "  "]))
    return ref, padding + text + draw(st.sampled_from(["", " ", ".", ";"]))


@given(respellings())
def test_respelling_normalises_to_the_canonical_form(case: tuple[Ref, str]) -> None:
    ref, spelling = case
    assert normalise(spelling) == str(ref)


# -- anything else: rejected, or read as exactly its own letters and digits -------------


def _upper_is_ascii_letter(char: str) -> bool:
    return not char.isascii() and any(c in string.ascii_letters for c in char.upper())


# Non-ASCII letters that str.upper() turns into ASCII ones ("ſ" -> "S", "ı" -> "I",
# "ß" -> "SS", "ﬁ" -> "FI"): the properties below draw on them on purpose.
MISREAD = "".join(chr(c) for c in range(0x80, 0x110000) if _upper_is_ascii_letter(chr(c)))


def _own_letters_and_digits(text: str, ref: Ref) -> str:
    """The input's letters and digits, as a correct reading must reproduce them."""
    alnum = "".join(c.upper() if c.isascii() else c for c in text if c.isalnum())
    if ref.item is not None:
        # "A.01" is item 1: leading zeros of the item number may go.
        alnum = re.sub(r"(?<![0-9])0+(?=[0-9]+$)", "", alnum)
    return alnum


def _assert_rejected_or_read_faithfully(text: str) -> None:
    try:
        ref = parse(text)
    except InvalidReference as exc:
        assert str(exc)
        return
    canonical = str(ref)
    assert is_canonical(canonical)
    assert "".join(c for c in canonical if c.isalnum()) == _own_letters_and_digits(text, ref)


@given(st.text() | st.text(alphabet=string.ascii_letters + string.digits + "/ ." + MISREAD))
@example("LMAC5A/LM/A.01")
@example("lmac5a/\u017fg")
@example("lmac5a:lm_a\\1")
def test_any_text_is_rejected_or_read_faithfully(text: str) -> None:
    _assert_rejected_or_read_faithfully(text)


# Text that looks like a reference, so that hypothesis reaches the accepting paths:
# ASCII parts and separators mixed with look-alikes (fullwidth and Arabic-Indic
# digits, Cyrillic and Greek capitals, a non-breaking space, the Kelvin sign).
near_references = st.text(
    alphabet=string.ascii_letters + string.digits + "/ -._:\\;," + "５٣АΜК\u00a0\u212aſı",
    max_size=24,
)


@given(near_references)
def test_reference_like_text_is_rejected_or_read_faithfully(text: str) -> None:
    _assert_rejected_or_read_faithfully(text)


@pytest.mark.parametrize("text", ["lmac5a/ſg", "LMAC5A/ıı", "LMAC5A/ﬁ", "LMAC5A/ß"])
def test_non_ascii_letters_are_not_read_as_ascii(text: str) -> None:
    with pytest.raises(InvalidReference) as info:
        parse(text)
    assert str(info.value) == f"{text!r} is not a criteria reference ({EXAMPLE})"


# -- the accepted and rejected spellings, by example ------------------------------------

ACCEPTED = [
    # the README's spellings of one item
    ("LMAC5C/SG/A.6", "LMAC5C/SG/A.6"),
    ("lmac5c/sg a6", "LMAC5C/SG/A.6"),
    ("LMAC5C/SG-A.6", "LMAC5C/SG/A.6"),
    ("LMAC5C SG A.6", "LMAC5C/SG/A.6"),
    # every level, other separators
    ("lmac5a", "LMAC5A"),
    ("Lmac5a lm", "LMAC5A/LM"),
    ("LMAC5A.LM.A", "LMAC5A/LM/A"),
    ("LMAC5A/LM/A1", "LMAC5A/LM/A.1"),
    ("LMAC5A/LM/A-1", "LMAC5A/LM/A.1"),
    ("LMAC5A/LM/A 1", "LMAC5A/LM/A.1"),
    ("lmac5b-so-b-10", "LMAC5B/SO/B.10"),
    ("LMAC5A_LM:A:1", "LMAC5A/LM/A.1"),
    ("LMAC5A\\LM\\A.1", "LMAC5A/LM/A.1"),
    ("LMAC5A / LM / A . 1", "LMAC5A/LM/A.1"),
    # padding and trailing punctuation, as pasted from prose
    ("  LMAC5A/LM/A.1\n", "LMAC5A/LM/A.1"),
    ("LMAC5A/LM/A.1.", "LMAC5A/LM/A.1"),
    ("LMAC5A/LM/A.1;", "LMAC5A/LM/A.1"),
    ("LMAC5A/LM,", "LMAC5A/LM"),
    # a separator is needed after a sub-topic, so three letters are a sub-topic
    ("LMAC5A LMA", "LMAC5A/LMA"),
    ("LMAC5A/LM/A.01", "LMAC5A/LM/A.1"),
]


@pytest.mark.parametrize(("spelling", "canonical"), ACCEPTED)
def test_accepted_spelling(spelling: str, canonical: str) -> None:
    assert normalise(spelling) == canonical


REJECTED = [
    ("", f"an empty string is not a criteria reference ({EXAMPLE})"),
    ("   ", f"an empty string is not a criteria reference ({EXAMPLE})"),
    ("LMAC5A/LM/A.0", "'LMAC5A/LM/A.0' is not a criteria reference: items are numbered from 1"),
    ("LMAC5A/LM/A.000",
     "'LMAC5A/LM/A.000' is not a criteria reference: items are numbered from 1"),
    ("see LMAC5A/LM/A.1 and LMAC5A/LM/A.2 for details",
     "'see LMAC5A/LM/A.1 and LMAC5A/LM/A.2 f...' is too long to be a criteria reference "
     f"({EXAMPLE})"),
    ("x" * 41, f"'{'x' * 37}...' is too long to be a criteria reference ({EXAMPLE})"),
    ("LMAC5A/LM/A/1", f"'LMAC5A/LM/A/1' is not a criteria reference ({EXAMPLE})"),
    ("LMAC5A/LMAB", f"'LMAC5A/LMAB' is not a criteria reference ({EXAMPLE})"),
    ("LMAC5AB", f"'LMAC5AB' is not a criteria reference ({EXAMPLE})"),
    ("LMAC5A/LM/AB", f"'LMAC5A/LM/AB' is not a criteria reference ({EXAMPLE})"),
    ("LMAC5A/LM/A1000", f"'LMAC5A/LM/A1000' is not a criteria reference ({EXAMPLE})"),
    ("LMAC555A", f"'LMAC555A' is not a criteria reference ({EXAMPLE})"),
    ("L5A", f"'L5A' is not a criteria reference ({EXAMPLE})"),
    ("LMAC5A//", f"'LMAC5A//' is not a criteria reference ({EXAMPLE})"),
    ("  lmac 5a  ", f"'lmac 5a' is not a criteria reference ({EXAMPLE})"),
    ("LMAC５A", f"'LMAC５A' is not a criteria reference ({EXAMPLE})"),
    ("unit 3", f"'unit 3' is not a criteria reference ({EXAMPLE})"),
]


@pytest.mark.parametrize(("text", "message"), REJECTED)
def test_rejected_spelling(text: str, message: str) -> None:
    with pytest.raises(InvalidReference) as info:
        normalise(text)
    assert str(info.value) == message


NOT_CANONICAL = ["lmac5a", "LMAC5A/LM/A1", "LMAC5A LM", "LMAC5A/LM/A.01", "LMAC5A/LM/A.0",
                 " LMAC5A", "LMAC5A/LM/A.1."]


@pytest.mark.parametrize("text", NOT_CANONICAL)
def test_is_canonical_rejects_other_spellings(text: str) -> None:
    assert not is_canonical(text)


@pytest.mark.parametrize("text", ["LMAC5A\n", "LMAC5A/LM/A.1\n"])
def test_is_canonical_rejects_a_trailing_newline(text: str) -> None:
    assert not is_canonical(text)


def test_non_text_is_rejected() -> None:
    with pytest.raises(InvalidReference) as info:
        normalise(5)  # type: ignore[arg-type]
    assert str(info.value) == f"5 is not a criteria reference: expected text, {EXAMPLE}"


# -- resolving against the bundled criteria ---------------------------------------------

NODE_REFS = [node.ref for node in CRITERIA.nodes()]


def test_bundled_criteria_have_every_node() -> None:
    assert len(NODE_REFS) == len(set(NODE_REFS)) == 8 + 21 + 64 + 287


@pytest.mark.parametrize("ref", NODE_REFS)
def test_every_node_resolves_in_canonical_and_loose_spelling(ref: str) -> None:
    assert CRITERIA.resolve(ref).ref == ref
    loose = ref.lower().replace("/", " ").replace(".", "")
    assert CRITERIA.resolve(loose).ref == ref


TOPICS = "LMAC5A, LMAC5B, LMAC5C, LMAC5D, LMAC5E, LMAC5F, LMAC5G, LMAC5H"
NOT_FOUND = [
    ("LMAC5Z", f"LMAC5Z is not in criteria set sfc-l5-lmac-2021-05: its topics are {TOPICS}"),
    ("XY1A/LM/A.1",
     f"XY1A/LM/A.1 is not in criteria set sfc-l5-lmac-2021-05: its topics are {TOPICS}"),
    ("LMAC5C/S", "LMAC5C/S is not in criteria set sfc-l5-lmac-2021-05: "
                 "LMAC5C has sub-topics SG, MC, PS, CC"),
    ("LMAC5A/LM/C", "LMAC5A/LM/C is not in criteria set sfc-l5-lmac-2021-05: "
                    "LMAC5A/LM has outcomes A, B"),
    ("LMAC5C/SG/A.10", "LMAC5C/SG/A.10 is not in criteria set sfc-l5-lmac-2021-05: "
                       "LMAC5C/SG/A has items 1, 2, 3, 4, 5, 6, 7, 8, 9"),
    ("lmac5a/lm a9", "'lmac5a/lm a9' (LMAC5A/LM/A.9) is not in criteria set "
                     "sfc-l5-lmac-2021-05: LMAC5A/LM/A has items 1, 2, 3, 4, 5"),
]


@pytest.mark.parametrize(("ref", "message"), NOT_FOUND)
def test_missing_reference_says_what_exists(ref: str, message: str) -> None:
    with pytest.raises(ReferenceNotFound) as info:
        CRITERIA.resolve(ref)
    assert str(info.value) == message


def test_resolve_rejects_text_that_is_no_reference() -> None:
    with pytest.raises(InvalidReference) as info:
        CRITERIA.resolve("safeguarding")
    assert str(info.value) == f"'safeguarding' is not a criteria reference ({EXAMPLE})"
