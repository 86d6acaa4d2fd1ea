"""Tokens of rules-of-combination prose: bounds, groups, units and levels.

:func:`tokenise` finds the phrases that carry meaning ("a minimum of 15
credits", "Optional Groups 01-04", "at level 3 or above", "H/650/2114") and
replaces each by one private-use character that indexes its token, so the
sentence grammar only has to match the words between them. The order of the
passes matters: unit references and levels go first so their numbers are not
read as bounds; bounds with a measure ("credits", "hours") go before group
labels so "Group 01 and 12 credits" keeps 12 as a bound; bare numbers
("80 from the mandatory units") go last.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field
from typing import Literal

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.model.spec import GroupKind
from criteria_checker.readers.combination.refs import (
    LABEL,
    GroupIndex,
    Resolved,
    UnitIndex,
)

Measure = Literal["credits", "hours"]
MARK_BASE = 0xE000
#: Markers are private-use characters; there are this many before word characters start.
MAX_TOKENS = 0xF8FF - MARK_BASE


@dataclass(frozen=True)
class Bound:
    """A stated amount: ``low``/``high`` are None where the text sets no such limit.

    ``measure`` is None for a bare number, which takes the measure of the
    bound before it. ``additive`` marks "the remaining N" / "a further N".
    ``also`` is an equivalent in the other measure: "95 credits (950 hours)".
    ``kind`` is set by "15 optional credits".
    """

    low: int | None
    high: int | None
    measure: Measure | None
    source: str
    additive: bool = False
    also: Bound | None = None
    kind: GroupKind | None = None


@dataclass(frozen=True)
class GroupRef:
    """Groups a phrase names, with the words that named them."""

    ids: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class UnitRef:
    """Units a phrase names, with the words that named them."""

    keys: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class LevelRef:
    """A level condition: ``low``..``high``, either None for open."""

    low: int | None
    high: int | None
    source: str


Token = Bound | GroupRef | UnitRef | LevelRef


@dataclass
class Tokenised:
    """The sentence with markers for tokens, the tokens, and the first problem met."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    error: str | None = None

    def mark(self, token: Token) -> str:
        self.tokens.append(token)
        return chr(MARK_BASE + len(self.tokens) - 1)

    def fail(self, reason: str) -> None:
        if self.error is None:
            self.error = reason

    def token_at(self, char: str) -> Token | None:
        index = ord(char) - MARK_BASE
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def source(self, fragment: str) -> str:
        """The fragment as written: markers replaced by the text they stand for."""
        out = []
        for char in fragment:
            token = self.token_at(char)
            out.append(token.source if token is not None else char)
        return "".join(out)

    def sub(self, pattern: re.Pattern[str], make: Callable[[re.Match[str]], Token | None]) -> None:
        """Replace each match by a marker for the token ``make`` builds (None: leave it)."""

        def replace(match: re.Match[str]) -> str:
            if len(self.tokens) >= MAX_TOKENS:
                self.fail(f"has more than {MAX_TOKENS} numbers and references to read")
                return match.group(0)
            token = make(match)
            return match.group(0) if token is None else self.mark(token)

        self.text = pattern.sub(replace, self.text)


MARKER = "[\ue000-\uf8ff]"

# -- phrases ------------------------------------------------------------------

_QMIN = (r"a\s+total\s+of\s+at\s+least|a\s+minimum\s+total\s+of|a\s+total\s+minimum\s+of|"
         r"(?:a\s+)?minimum(?:\s+of)?|min\.?(?:\s+of)?|at\s+least|no\s+(?:fewer|less)\s+than|"
         r"not\s+(?:fewer|less)\s+than")
_QMAX = (r"a\s+total\s+of\s+(?:no|not)\s+more\s+than|a\s+maximum\s+total\s+of|"
         r"a\s+total\s+maximum\s+of|(?:a\s+)?maximum(?:\s+of)?|max\.?(?:\s+of)?|"
         r"no\s+more\s+than|not\s+more\s+than|up\s+to|at\s+most")
_QEXACT = r"exactly|precisely|a\s+total\s+of"
_ADD = (r"the\s+remaining|a\s+remaining|a\s+further|an\s+additional|another|the\s+other|"
        r"an\s+extra|a\s+further\s+minimum\s+of")
_SUFFIX = r"more|above|over|greater|fewer|less|below|under"
_CREDITS = r"credits?(?:\s+value)?"
_HOURS = (r"(?:tqt\s+)?hours?(?:\s+(?:of\s+)?(?:tqt|total\s+qualification\s+time)|\s*\(tqt\)|"
          r"\s+tqt)?")
_GLH = (r"guided\s+learning(?:\s+hours?)?|glh|gl\s+hours|hours?\s+(?:of\s+)?guided\s+learning"
        r"(?:\s+hours?)?|hours?\s+(?:of\s+)?glh")
_UNITS = r"units?"

_BOUND = regex(
    rf"(?<![\w/.])(?:(?P<q1>{_QMIN}|{_QMAX}|{_QEXACT})\s+)?(?:(?P<add>{_ADD})\s+)?"
    rf"(?:(?P<q2>{_QMIN}|{_QMAX})\s+)?"
    r"(?:(?P<range>between\s+\d+\s+and\s+\d+|from\s+\d+\s+to\s+\d+|\d+\s*(?:-|to)\s*\d+)"
    rf"|(?P<n>\d+)(?:\s+or\s+(?P<sfx1>{_SUFFIX}))?)"
    r"\s+(?:(?P<kind>mandatory|optional)\s+)?"
    rf"(?:(?P<glh>{_GLH})|(?P<credits>{_CREDITS})|(?P<hours>{_HOURS})|(?P<units>{_UNITS}))(?!\w)"
    rf"(?:\s+or\s+(?P<sfx2>{_SUFFIX}))?"
    rf"(?:\s*\(\s*(?:(?P<pq>{_QMIN}|{_QMAX}|{_QEXACT})\s+)?(?P<pn>\d+)\s+"
    rf"(?P<pm>{_CREDITS}|{_HOURS})\s*\))?",
    re.IGNORECASE,
)
_BARE_BOUND = regex(
    rf"(?<![\w/.])(?:(?P<q1>{_QMIN}|{_QMAX}|{_QEXACT})\s+)?(?:(?P<add>{_ADD})\s+)?"
    rf"(?:(?P<q2>{_QMIN}|{_QMAX})\s+)?"
    r"(?:(?P<range>between\s+\d+\s+and\s+\d+|\d+\s*-\s*\d+)"
    rf"|(?P<n>\d+)(?:\s+or\s+(?P<sfx1>{_SUFFIX}))?)(?![\w/.])"
    # A bare number is a bound only where a rule can go on: "80 from the mandatory units",
    # "at least 35 must be at level 3", "80, of which"; not "only 1 of", "2 years".
    r"(?=\s*(?:$|[,;:.)]|[\ue000-\uf8ff]|(?:from|in|within|across|out\s+of|of\s+which|must|"
    r"should|will|need|needs|have|has|is|are|at|and|or|to\s+be|taken|chosen|selected|achieved|"
    r"gained|drawn|with|plus|including|which|that|overall|altogether)(?!\w)))",
    re.IGNORECASE,
)
_ANY_NUMBER = regex(r"(?<!\w)any\s+number\s+of\s+(?P<m>credits|hours)(?!\w)", re.IGNORECASE)

_URN = regex(r"(?<![\w/])(?:units?\s+)?(?P<urn>[A-Za-z]/\d{3}/\d{4})(?![\w/])",
                  re.IGNORECASE)
_UNIT_NO = r"[A-Z]{0,5}\d{1,4}[A-Za-z]?"
_UNIT_NUMBERS = regex(
    rf"(?<!\w)(?i:units?)\s+(?:(?i:no\.?|number)\s+)?(?P<list>{_UNIT_NO}"
    rf"(?:\s*(?:,\s*(?:(?i:and|or)\s+)?|\s+(?i:and|or)\s+|\s*&\s*|\s*/\s*){_UNIT_NO})*)"
    r"(?!\w)(?!\s*(?i:credits?|hours?)\b)",
)
_QUOTED = regex(r'"(?P<title>[^"]{2,200})"')

_Limits = Callable[[re.Match[str]], tuple[int | None, int | None]]
_LEVEL_PATTERNS: list[tuple[re.Pattern[str], _Limits]] = [
    (regex(r"(?<!\w)(?:at\s+)?levels\s+(\d+)\s*(?:-|to|and)\s*(\d+)(?!\w)", re.I),
     lambda m: (int(m.group(1)), int(m.group(2)))),
    (regex(r"(?<!\w)at\s+or\s+above\s+level\s+(\d+)(?!\w)", re.I),
     lambda m: (int(m.group(1)), None)),
    (regex(r"(?<!\w)at\s+or\s+below\s+level\s+(\d+)(?!\w)", re.I),
     lambda m: (None, int(m.group(1)))),
    (regex(r"(?<!\w)(?:at\s+)?level\s+(\d+)\s*(?:(?:or|and)\s+(?:above|higher|over|upwards|"
                r"beyond)(?!\w)|\+)", re.I),
     lambda m: (int(m.group(1)), None)),
    (regex(r"(?<!\w)(?:at\s+)?level\s+(\d+)\s+(?:or|and)\s+(?:below|lower|under)(?!\w)", re.I),
     lambda m: (None, int(m.group(1)))),
    (regex(r"(?<!\w)(?:at\s+)?level\s+(\d+)(?!\w)", re.I),
     lambda m: (int(m.group(1)), int(m.group(1)))),
]

_LIST_SEP = r"(?:\s*,\s*(?:(?i:and/or|and|or)\s+)?|\s+(?i:and/or|and|or)\s+|\s*&\s*)"
# A label after the first must not be the start of a new phrase: "Group 01 and 12 credits"
# or "Group B and A minimum of ...".
_NEXT_LABEL = (r"(?:[A-Z](?!\s+(?i:minimum|maximum|total|further|number|combination|remaining|"
               r"credits?|hours?)\b)\d{0,2}|\d{1,3}(?!\s*(?i:credits?|hours?|units?|guided|glh|"
               r"tqt|from|%)\b))")
_RANGE_SEP = r"\s*(?:-|(?i:to))\s*"
_GROUP_LABELS = regex(
    r"(?<!\w)(?P<the>(?i:the)\s+)?(?:(?P<kind>(?i:mandatory|optional))\s+)?(?i:unit\s+)?"
    r"(?i:groups?)\s+"
    rf"(?P<labels>{LABEL}(?![\w/'])(?:{_RANGE_SEP}{LABEL}(?![\w/']))?"
    rf"(?:{_LIST_SEP}{_NEXT_LABEL}(?![\w/'])(?:{_RANGE_SEP}{LABEL}(?![\w/']))?)*)"
    r"(?:\s+(?i:units))?(?!\w)",
)
_GROUP_KINDS = regex(
    r"(?<!\w)(?:the\s+)?(?P<kinds>(?:mandatory|optional)(?:\s*(?:,|and|or|&|/)\s*"
    r"(?:mandatory|optional))?)\s+(?P<noun>unit\s+groups?|groups?\s+units|groups?|units?|"
    r"content)(?!\w)",
    re.IGNORECASE,
)


def _direction(word: str | None) -> str | None:
    if word is None:
        return None
    word = regex(r"\s+").sub(" ", word.lower())
    if regex(_QMIN).fullmatch(word) or word in ("more", "above", "over", "greater"):
        return "min"
    if regex(_QMAX).fullmatch(word) or word in ("fewer", "less", "below", "under"):
        return "max"
    return "exact"


def _amount(match: re.Match[str]) -> tuple[int | None, int | None] | str:
    """The low and high limits the quantifiers and number state, or a problem."""
    directions = {d for d in (_direction(match.group(name)) for name in ("q1", "q2", "sfx1"))
                  if d is not None and d != "exact"}
    if "sfx2" in match.groupdict():
        sfx2 = _direction(match.group("sfx2"))
        if sfx2 is not None:
            directions.add(sfx2)
    if len(directions) > 1:
        return f"cannot read '{match.group(0)}'"
    if match.group("range"):
        low, high = (int(n) for n in regex(r"\d+").findall(match.group("range")))
        if directions:
            return f"cannot read '{match.group(0)}'"
        return low, high
    value = int(match.group("n"))
    if directions == {"min"}:
        return value, None
    if directions == {"max"}:
        return None, value
    return value, value


def _measured_bound(match: re.Match[str], out: Tokenised) -> Token | None:
    source = match.group(0)
    if match.group("glh"):
        out.fail(f"bounds guided learning hours, not credits or TQT hours: '{source}'")
        return Bound(None, None, None, source)
    if match.group("units"):
        out.fail(f"counts units, not credits or hours: '{source}'")
        return Bound(None, None, None, source)
    amount = _amount(match)
    if isinstance(amount, str):
        out.fail(amount)
        return Bound(None, None, None, source)
    measure: Measure = "credits" if match.group("credits") else "hours"
    also = None
    if match.group("pn"):
        other: Measure = "credits" if regex(r"credit", re.I).match(match.group("pm")) else "hours"
        low, high = amount
        main = "exact" if low == high else ("min" if high is None else "max")
        stated = _direction(match.group("pq"))
        if other == measure or main == "range" or (low is not None and high is not None
                                                   and low != high) or (
                stated is not None and stated != main):
            out.fail(f"cannot read '{source}'")
            return Bound(None, None, None, source)
        value = int(match.group("pn"))
        also = Bound(value if low is not None else None, value if high is not None else None,
                     other, source)
    kind_word = match.group("kind")
    kind: GroupKind | None = None
    if kind_word:
        kind = "mandatory" if kind_word.lower() == "mandatory" else "optional"
    return Bound(amount[0], amount[1], measure, source, additive=bool(match.group("add")),
                 also=also, kind=kind)


def _bare_bound(match: re.Match[str], out: Tokenised) -> Token | None:
    amount = _amount(match)
    if isinstance(amount, str):
        out.fail(amount)
        return Bound(None, None, None, match.group(0))
    return Bound(amount[0], amount[1], None, match.group(0), additive=bool(match.group("add")))


def _expand_labels(text: str) -> list[str] | str:
    """The labels of "01, 02 and 04" or "01-04" or "A to D"; a problem for a bad range."""
    labels: list[str] = []
    for item in regex(_LIST_SEP).split(text):
        parts = regex(_RANGE_SEP).split(item.strip())
        if len(parts) == 1:
            labels.append(parts[0])
            continue
        first, last = parts[0], parts[1]
        if first.isdigit() and last.isdigit() and int(first) <= int(last):
            width = len(first) if first.startswith("0") else 0
            labels.extend(str(n).zfill(width) for n in range(int(first), int(last) + 1))
        elif (len(first) == 1 and len(last) == 1 and first.isalpha() and last.isalpha()
              and first <= last):
            labels.extend(chr(c) for c in range(ord(first), ord(last) + 1))
        else:
            return f"cannot read the range of groups '{item.strip()}'"
    return labels


def tokenise(text: str, groups: GroupIndex, units: UnitIndex) -> Tokenised:
    """Replace the meaningful phrases of a normalised sentence by token markers."""
    out = Tokenised(text)

    def resolved(result: Resolved, make: Callable[[tuple[str, ...]], Token]) -> Token:
        if result.error:
            out.fail(result.error)
        return make(result.ids)

    def quoted(match: re.Match[str]) -> Token | None:
        title = match.group("title")
        if not units.title_known(title):
            return None
        result = units.by_title(title)
        return resolved(result, lambda keys: UnitRef(keys, match.group(0)))

    def urn(match: re.Match[str]) -> Token:
        result = units.by_reference(match.group("urn").upper())
        return resolved(result, lambda keys: UnitRef(keys, match.group(0)))

    def numbers(match: re.Match[str]) -> Token:
        keys: list[str] = []
        for number in regex(_UNIT_NO).findall(match.group("list")):
            result = units.by_number(number)
            if result.error:
                out.fail(result.error)
            keys.extend(result.ids)
        return UnitRef(tuple(keys), match.group(0))

    # "from the 13 mandatory units", "complete all 21 mandatory units" describe the units;
    # the count is no bound.
    out.text = regex(r"(?i)\b(the|all(?:\s+(?:of\s+)?the)?)\s+\d+\s+"
                     r"(?=(?:mandatory|optional)\s+(?:units|groups)\b)").sub(r"\1 ", out.text)
    out.sub(_QUOTED, quoted)
    out.sub(_URN, urn)
    out.sub(_UNIT_NUMBERS, numbers)

    def named(group_id: str) -> Callable[[re.Match[str]], Token]:
        return lambda match: GroupRef((group_id,), match.group(0))

    for pattern, group in groups.name_patterns:
        out.sub(pattern, named(group.id))

    def level(limits: _Limits) -> Callable[[re.Match[str]], Token]:
        def make(match: re.Match[str]) -> Token:
            low, high = limits(match)
            return LevelRef(low, high, match.group(0))

        return make

    for pattern, limits in _LEVEL_PATTERNS:
        out.sub(pattern, level(limits))

    out.sub(_ANY_NUMBER, lambda m: Bound(
        None, None, "credits" if m.group("m").lower() == "credits" else "hours", m.group(0)))
    out.sub(_BOUND, lambda m: _measured_bound(m, out))

    def labelled(match: re.Match[str]) -> Token:
        labels = _expand_labels(match.group("labels"))
        if isinstance(labels, str):
            out.fail(labels)
            return GroupRef((), match.group(0))
        kind_word = match.group("kind")
        kind: GroupKind | None = None
        if kind_word:
            kind = "mandatory" if kind_word.lower() == "mandatory" else "optional"
        result = groups.by_labels(labels, kind, kind_word)
        return resolved(result, lambda ids: GroupRef(ids, match.group(0)))

    def kinds(match: re.Match[str]) -> Token:
        words = regex(r"mandatory|optional", re.IGNORECASE).findall(match.group("kinds"))
        kind_list: list[GroupKind] = []
        for word in words:
            kind_list.append("mandatory" if word.lower() == "mandatory" else "optional")
        singular = match.group("noun").lower() in ("group", "unit group")
        result = groups.by_kind(kind_list, match.group(0), singular)
        return resolved(result, lambda ids: GroupRef(ids, match.group(0)))

    out.sub(_GROUP_LABELS, labelled)
    out.sub(_GROUP_KINDS, kinds)
    out.sub(_BARE_BOUND, lambda m: _bare_bound(m, out))
    return out
