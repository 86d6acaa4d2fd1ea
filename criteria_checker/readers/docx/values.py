"""Values as specifications print them: whole numbers, criteria references, numbering.

Each function keeps what the document says: a figure is read from the text
around it ("950 hours", "Level 5"), a mapping keeps its raw spelling beside
the canonical reference, and nothing absent is invented.
"""

from __future__ import annotations

import re
from functools import lru_cache

from criteria_checker.errors import InvalidReference
from criteria_checker.refs import parse

_ANY_INT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def first_int(text: str) -> int | None:
    """The first whole number in ``text`` ('950 hours' -> 950, '1,000' -> 1000), or None."""
    match = _ANY_INT.search(text)
    if match is None:
        return None
    return int(match.group(0).replace(",", ""))


# -- criteria mappings --------------------------------------------------------

_MAPPING_SPLIT = re.compile(r"\s*(?:[,;\n]|&|\band\b)\s*", re.IGNORECASE)
_NO_MAPPING = frozenset({"", "-", "–", "—", "n/a", "na", "none", "not applicable", "tbc"})
# "LMAC5A/LM A1, A2": after a full reference, "A2" names an item of the same sub-topic.
_SHORTHAND = re.compile(r"^([A-Za-z])[\s.\-_:]*([1-9][0-9]{0,2})$")


@lru_cache(maxsize=4096)
def split_mappings(text: str) -> tuple[tuple[str, str | None], ...]:
    """(raw, canonical or None) for each reference in a mapping field.

    References are separated by commas, semicolons, new lines, '&' or 'and'.
    Empty markers ('-', 'N/A', 'none') mean no mapping. A bare 'A2' after a
    full reference is read as an item of that reference's sub-topic.
    """
    found: list[tuple[str, str | None]] = []
    subtopic: str | None = None
    for piece in _MAPPING_SPLIT.split(text):
        raw = piece.strip()
        if raw.casefold().rstrip(".") in _NO_MAPPING:
            continue
        try:
            ref = parse(raw)
        except InvalidReference:
            short = _SHORTHAND.match(raw)
            if short is not None and subtopic is not None:
                found.append((raw, f"{subtopic}/{short.group(1).upper()}.{int(short.group(2))}"))
            else:
                found.append((raw, None))
            continue
        if ref.subtopic is not None:
            subtopic = f"{ref.topic}/{ref.subtopic}"
        found.append((raw, str(ref)))
    return tuple(found)


# -- outcome and criterion numbers --------------------------------------------

_LO_NUMBER = re.compile(
    r"^(?:learning\s+outcome|outcome|lo)?\s*(\d{1,3})(?:[.):]+(?!\d)\s*|\s+|$)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_AC_NUMBER = re.compile(
    r"^(?:ac\s*)?(\d{1,3}\.\d{1,3}(?:\.\d{1,3})?[a-z]?)(?:[.):]*\s+|[.):]+|$)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_AC_LETTER = re.compile(r"^\(?([a-z])[.)]\s+(.*)$", re.DOTALL)


def split_outcome_number(text: str) -> tuple[str | None, str]:
    """('1', 'Understand ...') from '1. Understand ...' or 'Learning outcome 1: ...'."""
    match = _LO_NUMBER.match(text)
    if match is None:
        return None, text
    return match.group(1), match.group(2).strip()


def split_criterion_number(text: str) -> tuple[str | None, str]:
    """('1.2', 'Explain ...') from '1.2 Explain ...' or 'AC1.2 Explain'."""
    match = _AC_NUMBER.match(text) or _AC_LETTER.match(text)
    if match is None:
        return None, text
    return match.group(1), match.group(2).strip()


def clean_number(label: str) -> str:
    """An automatic number as a plain number: '1.' -> '1', '(a)' -> 'a'."""
    return label.strip().strip("()").rstrip(".):").strip()
