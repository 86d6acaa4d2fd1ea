"""Clean-up of rules-of-combination prose before it is read.

Word documents bring non-breaking spaces, typographic dashes and quotes,
list bullets and numbers written in words ("ninety-five"). These functions
reduce all of that to plain text the grammar can match, and split a paragraph
that holds several sentences.
"""

from __future__ import annotations

import re
import unicodedata

from criteria_checker.compiled_cache import regex

# Characters used inside the reader as token markers; never kept from input.
_PRIVATE_USE = regex("[\ue000-\uf8ff]")
_DASHES = regex("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = regex(r"\s+")
# A leading bullet or list number: "•", "-", "*", "1.", "a)", "(ii)".
_BULLET = regex(
    r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043*\-]+\s*|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+)")

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS, *_SCALES], key=len, reverse=True))
# "and" joins number words only after a scale word: "one hundred and twenty".
_NUMBER_RUN = regex(
    rf"\b(?:{_NUMBER_WORD})(?:(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)"
    rf"(?:{_NUMBER_WORD}))*\b",
    re.IGNORECASE,
)

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATION = regex(r"(?:\b(?:min|max|approx|no|e\.g|i\.e|etc|incl|ref)\.)$", re.IGNORECASE)
_SENTENCE_END = regex(r"(?<=[.!?])\s+(?=[A-Z(\u2022\"'])")


def words_to_number(words: str) -> int | None:
    """The value of a run of English number words, or None if they are not one number.

    >>> words_to_number("one hundred and twenty-five")
    125
    """
    total = 0
    current = 0
    seen_small = False  # a units or teens word already in this hundred
    seen_tens = False
    for word in regex(r"[\s-]+").split(words.lower()):
        if word == "and" or not word:
            continue
        if word in _SMALL:
            if seen_small:
                return None
            current += _SMALL[word]
            seen_small = True
        elif word in _TENS:
            if seen_tens or seen_small:
                return None
            current += _TENS[word]
            seen_tens = True
        elif word == "hundred":
            if current == 0 or current >= 100:
                return None
            current *= 100
            seen_small = seen_tens = False
        elif word == "thousand":
            if total or current == 0:
                return None
            total = (current or 1) * 1000
            current = 0
            seen_small = seen_tens = False
        else:
            return None
    return total + current


def _replace_number_words(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = words_to_number(match.group(0))
        return match.group(0) if value is None else str(value)

    return _NUMBER_RUN.sub(replace, text)


def normalise(text: str) -> str:
    """Plain spacing, dashes and quotes, digits for number words, no bullet or end stop."""
    text = unicodedata.normalize("NFKC", text)
    text = _PRIVATE_USE.sub("", text)
    text = _DASHES.sub("-", text).translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip()
    text = _BULLET.sub("", text)
    text = _replace_number_words(text)
    # "the optional group(s)" means every optional group.
    text = regex(r"\b(groups?|units?|credits?|hours?|pathways?)\(s\)", re.IGNORECASE).sub(
        lambda m: m.group(1) if m.group(1).endswith("s") else m.group(1) + "s", text)
    # Thousands separators, so "1,000 hours" is one number.
    text = regex(r"\b(\d{1,3}),(\d{3})\b(?=\s*(?:credits?|hours?)\b)").sub(r"\1\2", text)
    return text.rstrip(" .;,").strip()


def split_sentences(text: str) -> list[str]:
    """A paragraph split into its sentences (a sentence ends with . ! or ? and a capital)."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return [p for p in pieces if p.strip()]
