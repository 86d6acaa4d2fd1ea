"""Rules of combination written as prose: read into the model, and written back.

:func:`parse_combination` turns the sentences of a specification's rules of
combination into :class:`~criteria_checker.model.spec.RulesOfCombination`;
:func:`describe_combination` writes a model as sentences that read back to an
equal model. A sentence is read completely or not at all: one that states a
number or names groups, units or credits but cannot be mapped fully is kept
as an :class:`UnreadStatement` with the reason, never guessed. A sentence
with no number and no word about groups, units, credits, hours, levels,
pathways or barring ("The rules of combination are as follows:") is not a
rule and is skipped, as is a pointer without a number ("Barred units are
listed in the table below").

What the model records for each phrasing:

- A plain number is exact: "80 credits from the mandatory units" is a
  CreditRule on every mandatory group with ``min_credits=max_credits=80``.
  "A minimum of"/"at least" set the minimum, "a maximum of"/"no more than"/
  "up to" the maximum, "between 10 and 20" both. "Hours" are TQT hours;
  guided learning hours do not bound the rules and are reported unread.
- A rule that names no group counts every unit (``groups=[]``); "the
  mandatory units" and "the optional units" name every group of that kind;
  "Group A", "Optional Groups 01-04" and the group's printed name name groups
  by label. Group ids are listed in unit-list order.
- "At least 35 credits at level 3 or above" is ``min_level=3``. The model has
  level floors only, so "at level 4" is read as a floor when no unit the rule
  counts is above level 4, and is unread otherwise.
- "The remaining 11 credits from Optional Groups 01, 02, 03 or 04" after "a
  minimum of 12 credits from Optional Group 01" is in addition to those 12:
  it becomes a rule on Groups 01-04 with ``min_credits=max_credits=23``
  (12 + 11), beside the rule of at least 12 from Group 01. Together they say
  exactly what the sentence says: 23 credits from Groups 01-04, at least 12
  of them from Group 01. The minimums added are those of the rules read
  before it in the same context (the whole qualification, or the current
  pathway) whose groups lie inside its groups, rules counting every unit
  aside; when that is unclear (overlaps, levels, a maximum only) the
  sentence is unread.
- "Learners must complete all mandatory units" is understood and adds
  nothing; the same said of an optional group is unread.
- "Pathway 1: Residential services: learners must achieve ..." adds the rules
  to pathway ``1`` named "Residential services". A pathway sentence opens
  that pathway: the rule sentences after it belong to it until the next
  pathway sentence or "All pathways:", as specifications list a pathway's
  rules under its heading. "Learners must choose one pathway" is understood
  and adds nothing: the model already means one pathway is followed.
- Barred combinations name units by URN, "Unit 301" or quoted title and
  record unit keys (URN, else "Unit <number>", else title); they always apply
  to the whole qualification.
- "Learners must complete Unit 301" is understood and adds nothing when the
  unit is in a mandatory group; the model cannot require an optional unit,
  so said of one (within a pathway or not) it is unread.
- "Learners must complete all 21 mandatory units (78 credits)" is 78 credits
  from the mandatory groups: the count describes the units, and the credits
  in brackets are what the mandatory units give. "The mandatory group
  (Group A)" is the mandatory group when both name the same groups.
- "The remaining 15 credits ... to achieve a minimum of 90 credits in total"
  is a minimum of 15: the rest of a total that is only a minimum, stated in
  the same sentence, is a minimum too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import field, replace

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.model.spec import (
    BarredCombination,
    CreditRule,
    Group,
    Pathway,
    RulesOfCombination,
    SourceLocation,
    Unit,
    UnreadStatement,
)
from criteria_checker.readers.combination.barred import (
    mentions_barring,
    read_barred,
    read_required,
    with_unit_words,
)
from criteria_checker.readers.combination.clauses import RuleContext, read_credit_rules
from criteria_checker.readers.combination.refs import (
    GroupIndex,
    UnitIndex,
    join_list,
    unit_phrase,
)
from criteria_checker.readers.combination.text import normalise, split_sentences
from criteria_checker.readers.combination.tokens import (
    Bound,
    GroupRef,
    Tokenised,
    UnitRef,
    tokenise,
)

__all__ = ["describe_combination", "parse_combination"]

_RULE_WORDS = regex(
    r"\b(?:groups?|units?|mandatory|optional|credits?|hours?|barred|pathways?|levels?|glh|tqt|"
    r"both|only\s+1\s+of)\b|\"",
    re.IGNORECASE,
)
_POINTER = regex(
    r"\b(?:listed|shown|set\s+out|given|detailed)\s+(?:below|above|in\s+(?:the\s+)?"
    r"(?:following\s+)?(?:table|section|appendix|list))",
    re.IGNORECASE,
)
_SUBJECT = r"(?:the\s+)?(?:learners?|candidates?|students?|you)"
_MODAL = r"(?:must|will\s+need\s+to|need\s+to|are\s+required\s+to|should|can|may|will|have\s+to)"
_PATHWAY = regex(
    r"^pathway\s+(?P<id>[A-Za-z0-9]{1,4})(?![\w/])\s*(?:\((?P<pname>[^)]*)\)\s*)?"
    r"(?:[:.\-]\s*)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ALL_PATHWAYS = regex(r"^(?:for\s+)?(?:all|each|every)\s+pathways?\s*[:,\-]\s*(?P<rest>.*)$",
                           re.IGNORECASE | re.DOTALL)
_CHOOSE_PATHWAY = regex(
    rf"(?:{_SUBJECT}\s+{_MODAL}\s+(?:only\s+)?(?:choose|select|follow|complete|take|achieve|pick|"
    r"undertake)\s+)?(?:only\s+)?(?:1|a\s+single)\s+(?:of\s+the\s+(?:following\s+|\d+\s+|"
    r"available\s+)?)?pathways?(?:\s+(?:below|from\s+the\s+following|only))?\s*:?"
    r"|there\s+(?:are|is)\s+\d+\s+pathways?(?:\s+(?:available|to\s+choose\s+from))?\s*:?",
    re.IGNORECASE,
)
_RULE_START = regex(
    rf"^(?:{_SUBJECT}\b|to\s+achieve\b|(?:a\s+)?(?:minimum|maximum)\b|at\s+(?:least|most)\b|"
    r"no\s+more\s+than\b|up\s+to\b|between\b|\d+\s+(?:credits?|hours?)\b)"
    r"|\d+\s+(?:credits?|hours?|glh|guided)\b",
    re.IGNORECASE,
)
_PARTICIPLE = r"(?:achieved|completed|taken|passed)"
# "Minimum credits required: 95", "The total credit value is 95": a label and a value.
_LABELLED_AMOUNT = regex(
    r"(?:the\s+)?(?P<q>minimum|maximum|total)\s+(?:number\s+of\s+)?(?P<m>credits?|credit\s+value|"
    r"hours)(?:\s+(?:required|needed))?(?:\s+(?:to\s+(?:achieve|gain)|for)\s+(?:the|this)\s+"
    r"qualification)?\s*(?:is|:|=)\s*(?P<n>\d+)(?:\s+(?P<m2>credits?|hours))?",
    re.IGNORECASE,
)


@dataclass
class _PathwayDraft:
    """A pathway while its rules are read."""

    id: str
    name: str | None
    location: SourceLocation | None
    rules: list[CreditRule] = field(default_factory=list)


class _Reader:
    """Reads sentences in order; pathway sentences set the context of those after them."""

    def __init__(self, groups: Sequence[Group], units: Sequence[Unit]) -> None:
        self.groups = GroupIndex(groups)
        self.units = tuple(units)
        self.unit_index = UnitIndex(units)
        self.rules: list[CreditRule] = []
        self.pathways: dict[str, _PathwayDraft] = {}
        self.barred: list[BarredCombination] = []
        self.unread: list[UnreadStatement] = []
        self.context: _PathwayDraft | None = None

    def result(self) -> RulesOfCombination:
        pathways = [
            Pathway(id=d.id, name=d.name or f"Pathway {d.id}", rules=d.rules, location=d.location)
            for d in self.pathways.values()
        ]
        return RulesOfCombination(rules=self.rules, pathways=pathways, barred=self.barred,
                                  unread=self.unread)

    def read(self, raw: str, location: SourceLocation | None) -> None:
        original = raw.strip()
        text = normalise(raw)
        if not text:
            return

        def unread(reason: str) -> None:
            self.unread.append(UnreadStatement(text=original, reason=reason, location=location))

        every = _ALL_PATHWAYS.match(text)
        if every:
            self.context = None
            text = every.group("rest").strip()
            if not text:
                return
        inline = False
        pathway = _PATHWAY.match(text)
        if pathway and not every:
            name, rule_text = _pathway_parts(pathway)
            draft = self._pathway(pathway.group("id"), name, location)
            if isinstance(draft, str):
                unread(draft)
                return
            self.context = draft
            if not rule_text:
                return
            text, inline = rule_text, True

        if _CHOOSE_PATHWAY.fullmatch(text):
            return
        text = with_unit_words(_as_bound(text))
        if not inline and not regex(r"\d").search(text) and (
                not _RULE_WORDS.search(text) or _POINTER.search(text)):
            return
        tokenised = tokenise(text, self.groups, self.unit_index)
        has_units = any(isinstance(t, UnitRef) for t in tokenised.tokens)
        if has_units or mentions_barring(text):
            self._read_barred(tokenised, inline, original, unread)
            return
        if tokenised.error:
            unread(tokenised.error)
            return
        acknowledged = _all_units_of(tokenised, self.groups)
        if acknowledged is not None:
            if acknowledged:
                unread(acknowledged)
            return
        target = self.context.rules if self.context is not None else self.rules
        rules = read_credit_rules(tokenised, RuleContext(self.groups, self.units, target))
        if rules is None:
            unread("states no credit or hour bound")
        elif isinstance(rules, str):
            unread(rules)
        else:
            target.extend(replace(r, text=original, location=location)
                          for r in rules)

    def _read_barred(self, tokenised: Tokenised, inline: bool, original: str,
                     unread: Callable[[str], None]) -> None:
        required = None if mentions_barring(tokenised.text) else read_required(tokenised)
        if required is not None:
            self._read_required(tokenised, required, unread)
            return
        if inline:
            unread("bars units within a pathway; barred combinations apply to the whole "
                   "qualification")
            return
        if tokenised.error:
            unread(tokenised.error)
            return
        barred = read_barred(tokenised)
        if barred is None:
            units = [t.source for t in tokenised.tokens if isinstance(t, UnitRef)]
            if units and any(isinstance(t, Bound) for t in tokenised.tokens):
                unread(f"bounds credits from named units, which cannot be represented: "
                       f"'{units[0]}'")
            elif units and not mentions_barring(tokenised.text):
                unread(f"cannot read what it says about '{', '.join(units)}'")
            else:
                unread("cannot read the barred combination")
        elif isinstance(barred, str):
            unread(barred)
        else:
            self.barred.extend(replace(b, text=original) for b in barred)

    def _read_required(self, tokenised: Tokenised, required: list[str],
                       unread: Callable[[str], None]) -> None:
        """"Learners must complete Unit 303": nothing to add when the unit is mandatory."""
        if tokenised.error:
            unread(tokenised.error)
            return
        kinds = {g.id: g.kind for g in self.groups.groups}
        mandatory = {u.key for u in self.units if u.group is not None
                     and kinds.get(u.group) == "mandatory"}
        if not required or set(required) - mandatory:
            names = ", ".join(t.source for t in tokenised.tokens if isinstance(t, UnitRef))
            unread(f"requires a named unit that is not mandatory, which cannot be represented: "
                   f"'{names}'")

    def _pathway(self, pathway_id: str, name: str | None,
                 location: SourceLocation | None) -> _PathwayDraft | str:
        key = pathway_id.casefold()
        draft = self.pathways.get(key)
        if draft is None:
            draft = _PathwayDraft(pathway_id, name, location)
            self.pathways[key] = draft
        elif name is not None:
            if draft.name is None:
                draft.name = name
            elif draft.name.casefold() != name.casefold():
                return f"names pathway {pathway_id} '{name}', but it is already '{draft.name}'"
        return draft


def _as_bound(text: str) -> str:
    """"Minimum credits: 95" as "a minimum of 95 credits"; other text as it is."""
    match = _LABELLED_AMOUNT.fullmatch(text)
    if match is None:
        return text
    measure = "hours" if match.group("m").lower() == "hours" else "credits"
    stated = match.group("m2")
    if stated and ("hours" if stated.lower() == "hours" else "credits") != measure:
        return text
    quantifier = {"minimum": "a minimum of ", "maximum": "a maximum of "}.get(
        match.group("q").lower(), "")
    return f"{quantifier}{match.group('n')} {measure}"


def _pathway_parts(match: re.Match[str]) -> tuple[str | None, str]:
    """The pathway's name (None if not given) and the rule text after it."""
    rest = match.group("rest").strip()
    if match.group("pname") is not None:
        return match.group("pname").strip() or None, rest
    parts = regex(r"\s*:\s+|\s+-\s+").split(rest, maxsplit=1)
    if len(parts) == 2 and not _RULE_START.search(parts[0]):
        return parts[0].strip() or None, parts[1].strip()
    if _RULE_START.search(rest):
        return None, rest
    return rest.rstrip(":").strip() or None, ""


def _all_units_of(tokenised: Tokenised, groups: GroupIndex) -> str | None:
    """Whether the sentence says every unit of some groups is taken.

    "" when those groups are mandatory (the model already means that), a
    reason when one is optional (a rule the model cannot hold), None when the
    sentence says something else.
    """
    marks = [chr(0xE000 + i) for i, t in enumerate(tokenised.tokens) if isinstance(t, GroupRef)]
    if not marks:
        return None
    mark = f"[{''.join(marks)}]"
    verb = r"(?:achieve|complete|take|pass)"
    patterns = [
        rf"(?:{_SUBJECT}\s+{_MODAL}\s+{verb}\s+)?(?:all|each|every)\s+(?:of\s+)?(?:the\s+)?"
        rf"(?:units?\s+(?:in|from|of)\s+)?(?P<g>{mark})(?:\s+units)?"
        rf"(?:\s+{_MODAL}\s+be\s+{_PARTICIPLE})?",
        rf"{_SUBJECT}\s+{_MODAL}\s+{verb}\s+(?:the\s+)?(?:units?\s+(?:in|from|of)\s+)?"
        rf"(?P<g>{mark})(?:\s+units)?",
        rf"(?:the\s+)?(?:units?\s+(?:in|from|of)\s+)?(?P<g>{mark})(?:\s+units)?\s+{_MODAL}\s+"
        rf"(?:all\s+)?be\s+{_PARTICIPLE}",
    ]
    for pattern in patterns:
        match = regex(pattern, re.IGNORECASE).fullmatch(tokenised.text.strip())
        if match:
            token = tokenised.token_at(match.group("g"))
            assert isinstance(token, GroupRef)
            kinds = {g.id: g.kind for g in groups.groups}
            optional = [i for i in token.ids if kinds.get(i) == "optional"]
            if optional:
                return ("says every unit of an optional group must be taken, which cannot be "
                        f"represented: '{token.source}'")
            return ""
    return None


def parse_combination(
    sentences: Sequence[tuple[str, SourceLocation | None]],
    groups: Sequence[Group],
    units: Sequence[Unit],
) -> RulesOfCombination:
    """Read the sentences of a rules-of-combination section into the model.

    ``groups`` and ``units`` are those of the unit list; group references are
    resolved against them. Sentences are read in order (a pathway sentence
    opens the pathway for those after it); a paragraph holding several
    sentences is split.
    """
    reader = _Reader(groups, units)
    for text, location in sentences:
        for sentence in split_sentences(text):
            reader.read(sentence, location)
    return reader.result()


# -- writing ------------------------------------------------------------------


def describe_combination(combination: RulesOfCombination, groups: Sequence[Group]) -> list[str]:
    """Sentences stating the rules of combination, which :func:`parse_combination` reads back.

    Reading them back with the same groups (and units naming the barred unit
    keys) gives an equal model, text and locations aside, for any model whose
    rules name known groups in unit-list order, whose barred combinations name
    unit keys, and whose pathway names contain no ": ". Global rules come
    first, then barred combinations, then each pathway's sentences (a pathway
    sentence opens its pathway for the reader). Unread statements are written
    as they were found, last, so that they are read (and reported) again.
    """
    index = GroupIndex(groups)
    sentences = [f"{_rule_sentence(rule, index, 'Learners')}." for rule in combination.rules]
    sentences.extend(_barred_sentence(b) for b in combination.barred)
    if combination.pathways:
        sentences.append("Learners must choose one pathway.")
    for pathway in combination.pathways:
        prefix = f"Pathway {pathway.id}: "
        if pathway.name != f"Pathway {pathway.id}":
            prefix += f"{pathway.name}: "
        if not pathway.rules:
            sentences.append(f"{prefix.rstrip(': ')}.")
        sentences.extend(f"{prefix}{_rule_sentence(rule, index, 'learners')}."
                         for rule in pathway.rules)
    sentences.extend(u.text for u in combination.unread)
    return sentences


def _rule_sentence(rule: CreditRule, groups: GroupIndex, subject: str) -> str:
    parts = [_amount(rule.min_credits, rule.max_credits, "credits"),
             _amount(rule.min_hours, rule.max_hours, "hours")]
    stated = [p for p in parts if p]
    only_maximums = all(low is None for low in (rule.min_credits, rule.min_hours))
    verb = "may achieve" if only_maximums else "must achieve"
    words = [subject, verb, " and ".join(stated) if stated else "any number of credits"]
    if rule.groups:
        words.append(f"from {groups.phrase(rule.groups)}")
    if rule.min_level is not None:
        words.append(f"at level {rule.min_level} or above")
    return " ".join(words)


def _amount(low: int | None, high: int | None, measure: str) -> str:
    if low is not None and high is not None:
        return f"{low} {measure}" if low == high else f"between {low} and {high} {measure}"
    if low is not None:
        return f"a minimum of {low} {measure}"
    if high is not None:
        return f"a maximum of {high} {measure}"
    return ""


def _barred_sentence(barred: BarredCombination) -> str:
    names = [unit_phrase(key) for key in barred.units]
    if len(names) == 2:
        return f"Learners cannot take both {names[0]} and {names[1]}."
    return f"Learners may take only one of {join_list(names)}."
