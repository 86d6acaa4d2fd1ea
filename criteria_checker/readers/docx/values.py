"""Values as specifications print them: whole numbers, criteria references, numbering.

Each function keeps what the document says: a figure is read from the text
around it ("950 hours", "Level 5"), a mapping keeps its raw spelling beside
the canonical reference, and nothing absent is invented.
"""

from __future__ import annotations

import re

from criteria_checker.compiled_cache import regex
from criteria_checker.readers.references import split_mappings as split_mappings

_ANY_INT = regex(r"\d{1,3}(?:,\d{3})+|\d+")


#: Small numbers in words, as values and outcome numbers are sometimes written.
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                "eighteen", "nineteen", "twenty")
_WORDS = NUMBER_WORDS
#: A small number in words opening a value ("Five", "Level Five", "Three credits").
_WORD_INT = regex(r"^\W*(?:level\s+)?(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


def first_int(text: str) -> int | None:
    """The first whole number in ``text`` ('950 hours' -> 950, '1,000' -> 1000), a small
    one in words opening it ('Level Five' -> 5), or None."""
    match = _ANY_INT.search(text)
    if match is None:
        word = _WORD_INT.match(text)
        return None if word is None else _WORDS.index(word.group(1).casefold()) + 1
    return int(match.group(0).replace(",", ""))


# -- criteria mappings --------------------------------------------------------

# Mapping cells are read by readers.references, shared with sentences and mapping grids;
# the DOCX reader imports split_mappings from here.

# -- outcome and criterion numbers --------------------------------------------

# The number ends at a full stop, bracket or colon, at a dash between spaces
# ("LO 1 – Understand"), or at a space.
_LO_NUMBER = regex(
    r"^(?:learning\s+outcome|outcome|lo)?\s*(?:\(|\[)?(\d{1,3})\]?"
    r"(?:[.):]+(?!\d)\s*|\s*[–—-]\s+|\s+|$)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "Learning outcome one: Understand ...": a number in words after the outcome's name.
_LO_WORD = regex(
    r"^(?:learning\s+outcome|outcome|lo)\s+(" + "|".join(_WORDS) + r")\b"
    r"(?:[.):]+\s*|\s*[–—-]\s+|\s+|$)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "K1.1"/"S1.1": knowledge and skills criteria keep their letter; "1a", "1(a)": the
# criteria of outcome 1 lettered.
# A number may be bracketed: "(1.1) Explain", "[2] Lead ...".
_AC_NUMBER = regex(
    r"^(?:ac\s*|(?:assessment\s+)?criterion\s+)?(?:\(|\[)?"
    r"((?:[ks](?=\d))?\d{1,3}\.\d{1,3}(?:\.\d{1,3})?[a-z]?|\d{1,3}\s?\([a-z]\)"
    r"|\d{1,3}[a-z](?![a-z]))\]?(?:\s*[–—-]\s+|[.):]*\s+|[.):]+|$)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_AC_LETTER = regex(r"^\(?([a-z])[.)]\s+(.*)$", re.DOTALL)


def split_outcome_number(text: str) -> tuple[str | None, str]:
    """('1', 'Understand ...') from '1. Understand ...', 'Learning outcome 1: ...' or
    'Learning outcome one: ...'."""
    match = _LO_NUMBER.match(text)
    if match is None:
        worded = _LO_WORD.match(text)
        if worded is None:
            return None, text
        return str(_WORDS.index(worded.group(1).casefold()) + 1), worded.group(2).strip()
    return match.group(1), match.group(2).strip()


def split_criterion_number(text: str) -> tuple[str | None, str]:
    """('1.2', 'Explain ...') from '1.2 Explain ...' or 'AC1.2 Explain'."""
    match = _AC_NUMBER.match(text) or _AC_LETTER.match(text)
    if match is None:
        return None, text
    number = match.group(1)
    if number[0] in "ksKS" and number[1:2].isdigit():
        number = number.upper()
    elif "(" in number:
        number = number.replace(" ", "").replace("(", "").rstrip(")")
    return number, match.group(2).strip()


#: A criterion number inside a text, before a capitalised word: "... theories 1.2 Analyse".
_INNER_AC = regex(r"\s(?i:ac\s?)?(\d{1,3})\.(\d{1,3})[.):]?\s+(?=[A-Z])")
_OPENING_AC = regex(r"^(?i:ac\s?)?(\d{1,3})\.(\d{1,3})[.):]?\s")


def split_run_together(text: str) -> list[str]:
    """["1.1 Explain ...", "1.2 Analyse ..."] from "1.1 Explain ... 1.2 Analyse ...".

    Criteria run together in one paragraph, as some conversions from PDF
    leave them. Only the next number of the same outcome, in sequence,
    before a capitalised word, starts another criterion: a figure in a
    criterion's wording ("... the 1.5 metre rule") is not one.
    """
    # (Asked of every criterion: first, cheaply, whether a figure, a full stop and a
    # figure come again after the criterion's own number.)
    at = text.find(".", 3)
    while at != -1 and not (text[at - 1].isdigit() and text[at + 1:at + 2].isdigit()):
        at = text.find(".", at + 1)
    if at == -1:
        return [text]
    opening = _OPENING_AC.match(text)
    if opening is None:
        return [text]
    outcome, count = opening.group(1), int(opening.group(2))
    parts: list[str] = []
    start = 0
    for inner in _INNER_AC.finditer(text, opening.end()):
        if inner.group(1) == outcome and int(inner.group(2)) == count + 1:
            parts.append(text[start:inner.start()].strip())
            start = inner.start() + 1
            count += 1
    if not parts:
        return [text]
    parts.append(text[start:].strip())
    return parts


def clean_number(label: str) -> str:
    """An automatic number as a plain number: '1.' -> '1', '(a)' -> 'a', '[2]' -> '2'."""
    return label.strip().strip("()[]").rstrip(".):").strip()
