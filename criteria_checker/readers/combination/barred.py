"""The grammar of barred combinations: units of which at most one may count.

Forms read, with unit references already tokenised:
- "Learners cannot take both H/650/2114 and J/650/2115", "Unit 301 and Unit 302
  cannot be taken together" (exactly two units: with three, "cannot take" may
  mean any two or all three);
- "Unit 301 is barred with Unit 302", a barred-units table row
  "H/650/2114 barred with J/650/2115", "U cannot be taken with V",
  "Learners may not combine U with V" and "Learners who take U cannot take V":
  each unit after "with" (or after the second verb) is barred with the first,
  so "A barred with B, C" is two pairs;
- "A and B are barred" / "A and B are mutually exclusive" / "Learners may take
  only one of A, B and C": one combination of all the units named.
"""

from __future__ import annotations

import re
from functools import cache

from criteria_checker.compiled_cache import regex
from criteria_checker.model.spec import BarredCombination
from criteria_checker.readers.combination.tokens import Tokenised, UnitRef

_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*|\s*/\s*)"
_SUBJECT = r"(?:(?:the\s+)?(?:learners?|candidates?|students?|you)\s+)"
_NOT = (r"(?:cannot|can\s+not|can't|must\s+not|may\s+not|should\s+not|are\s+not\s+(?:allowed|"
        r"permitted)\s+to|is\s+not\s+(?:allowed|permitted)\s+to)")
_TAKE = r"(?:take|achieve|complete|choose|select|count|be\s+awarded|combine|study|undertake)"
_TOGETHER = (r"(?:\s+(?:together|in\s+combination|in\s+the\s+same\s+qualification|towards\s+"
             r"(?:the|this)\s+qualification))?")
_BARRED = r"(?:is\s+|are\s+)?barred\s+(?:with|against|from)"
_NOT_WITH = (rf"(?:{_NOT}|is\s+not|are\s+not)\s+(?:be\s+)?(?:taken|achieved|combined|completed|"
             r"counted|selected|available)\s+(?:together\s+)?(?:with|alongside|in\s+combination"
             r"\s+with)")
_ONE_OF = (rf"{_SUBJECT}?(?:can|may|must)\s+(?:only\s+)?{_TAKE}\s+(?:only\s+)?1\s+of"
           r"\s+(?:the\s+(?:following\s+)?units\s+)?")
_ONLY_ONE_OF = r"only\s+1\s+of\s+(?:the\s+(?:following\s+)?units\s+)?"
_ONLY_ONE_TAIL = (r"\s+(?:can|may)\s+(?:be\s+)?(?:taken|achieved|counted|chosen|selected)"
                  r"(?:\s+towards\s+(?:the|this)\s+qualification)?")
# "A and B are barred: learners may take only one of them" repeats what "barred" says.
_EXPLAINED = (rf"(?:\s*[:;,]\s*{_SUBJECT}?(?:can|may)\s+(?:only\s+)?{_TAKE}\s+(?:only\s+)?"
              r"1\s+of\s+them)?")
_BARRED_WORDS = (
    rf"\bbarred\b|mutually\s+exclusive|{_NOT}\s+(?:be\s+(?:taken|combined)|take\s+both|combine)\b")


# A count ("only 1 of them", "1 of the following") is not a unit number.
_BARE_UNIT_NUMBER = (
    r"(?<![\w/])(?<!unit )(?<!units )(?<!no\. )(?P<n>[A-Z]{0,5}\d{1,4}[A-Za-z]?)(?![\w/])"
    r"(?!\s+of\b)"
)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Patterns compiled on first use, so importing the reader stays cheap."""
    return regex(pattern, re.IGNORECASE)


def with_unit_words(text: str) -> str:
    """"301 barred with 302" (a barred-units table row) as "Unit 301 barred with Unit 302".

    Only in a sentence about barring that states no credits or hours, where a
    bare number can only be a unit.
    """
    if not mentions_barring(text) or regex(r"\b(?:credits?|hours?|level)\b", re.I).search(text):
        return text
    return _compiled(_BARE_UNIT_NUMBER).sub(lambda m: f"Unit {m.group('n')}", text)


def mentions_barring(text: str) -> bool:
    """Whether a sentence speaks of units that cannot be combined."""
    return bool(_compiled(_BARRED_WORDS).search(text))


def read_barred(tokenised: Tokenised) -> list[BarredCombination] | str | None:
    """The barred combinations a tokenised sentence states, a reason, or None if it states none."""
    units = [chr(0xE000 + i) for i, t in enumerate(tokenised.tokens) if isinstance(t, UnitRef)]
    if not units:
        return None
    unit = f"[{''.join(units)}]"
    units_list = rf"{unit}(?:{_SEP}{unit})*"
    flags = re.IGNORECASE
    text = tokenised.text.strip()

    pair_forms = [
        rf"(?P<first>{unit})\s*(?:-\s*)?(?:{_BARRED}|{_NOT_WITH})\s+(?P<rest>{units_list})",
        rf"{_SUBJECT}?(?:who\s+{_TAKE}|taking|completing|achieving|choosing)\s+(?P<first>{unit})"
        rf"\s*,?\s*{_NOT}\s+(?:also\s+)?{_TAKE}\s+(?P<rest>{units_list})",
        rf"if\s+{_SUBJECT}?{_TAKE}s?\s+(?P<first>{unit})\s*,?\s*(?:then\s+)?(?:they\s+)?{_NOT}"
        rf"\s+(?:also\s+)?{_TAKE}\s+(?P<rest>{units_list})",
        rf"(?:barred\s+(?:units|combinations?)\s*:\s*)(?P<first>{unit})\s*(?:-|with|and|,)\s*"
        rf"(?P<rest>{unit})",
        # "Learners may not combine U with V", "Learners cannot take U alongside V"
        rf"{_SUBJECT}?{_NOT}\s+(?:also\s+)?{_TAKE}\s+(?P<first>{unit})\s+(?:together\s+)?"
        rf"(?:with|alongside|in\s+combination\s+with)\s+(?P<rest>{units_list}){_TOGETHER}",
    ]
    for form in pair_forms:
        match = regex(form, flags).fullmatch(text)
        if match:
            first = _keys(tokenised, match.group("first"))
            rest = _keys(tokenised, match.group("rest"))
            if len(first) != 1:
                return f"cannot tell which unit is barred: '{tokenised.source(text)}'"
            return _pairs(first[0], rest, tokenised.source(text))

    both = regex(rf"{_SUBJECT}?{_NOT}\s+{_TAKE}\s+(?:both\s+)?(?P<all>{units_list})"
                 rf"{_TOGETHER}", flags).fullmatch(text) or regex(
        rf"(?:both\s+)?(?P<all>{units_list})\s+{_NOT}\s+(?:both\s+)?be\s+(?:taken|achieved|"
        rf"combined|counted|completed){_TOGETHER}", flags).fullmatch(text)
    if both:
        keys = _keys(tokenised, both.group("all"))
        if len(keys) != 2:
            return ("bars more than two units with 'cannot take', which may mean any two or all "
                    f"together: '{tokenised.source(both.group('all'))}'")
        return _combination(keys, tokenised.source(text))

    group_forms = [
        rf"(?P<all>{units_list})\s+(?:are|is)\s+(?:barred(?:\s+combinations?)?|mutually\s+exclusive)"
        rf"{_EXPLAINED}",
        rf"{_ONE_OF}(?P<all>{units_list})(?:\s+(?:can|may)\s+(?:be\s+)?counted)?{_TOGETHER}",
        rf"{_ONLY_ONE_OF}(?P<all>{units_list}){_ONLY_ONE_TAIL}",
    ]
    for form in group_forms:
        match = regex(form, flags).fullmatch(text)
        if match:
            return _combination(_keys(tokenised, match.group("all")), tokenised.source(text))
    return None


def read_required(tokenised: Tokenised) -> list[str] | None:
    """The units a sentence says every learner must take ("Learners must complete Unit 303").

    None when the sentence says something else.
    """
    units = [chr(0xE000 + i) for i, t in enumerate(tokenised.tokens) if isinstance(t, UnitRef)]
    if not units or len(units) != len(tokenised.tokens):
        return None
    unit = f"[{''.join(units)}]"
    units_list = rf"{unit}(?:{_SEP}{unit})*"
    forms = [
        rf"{_SUBJECT}?(?:must|will\s+need\s+to|need\s+to|are\s+required\s+to|have\s+to)\s+"
        rf"(?:also\s+)?(?:take|achieve|complete|pass|study|undertake)\s+(?:both\s+)?"
        rf"(?P<all>{units_list})",
        rf"(?P<all>{units_list})\s+(?:is|are)\s+(?:mandatory|compulsory|required)",
        rf"(?P<all>{units_list})\s+(?:must|will)\s+(?:also\s+)?be\s+(?:taken|achieved|completed"
        r"|passed)",
    ]
    text = tokenised.text.strip()
    for form in forms:
        match = regex(form, re.IGNORECASE).fullmatch(text)
        if match:
            return _keys(tokenised, match.group("all"))
    return None


def _keys(tokenised: Tokenised, text: str) -> list[str]:
    keys: list[str] = []
    for char in text:
        token = tokenised.token_at(char)
        if isinstance(token, UnitRef):
            keys.extend(token.keys)
    return keys


def _pairs(first: str, rest: list[str], source: str) -> list[BarredCombination] | str:
    if first in rest:
        return f"bars a unit with itself: '{source}'"
    return [BarredCombination(units=[first, other]) for other in rest]


def _combination(keys: list[str], source: str) -> list[BarredCombination] | str:
    if len(set(keys)) != len(keys):
        return f"bars a unit with itself: '{source}'"
    if len(keys) < 2:
        return f"names only one unit in a barred combination: '{source}'"
    return [BarredCombination(units=keys)]
