"""The grammar of credit rules: bounds, the groups they count and level floors.

A tokenised sentence is cut into clauses, one per bound: "a minimum of 95
credits: | 80 credits from the mandatory units and | a minimum of 15 credits
from the optional units". The words before the first bound are a lead-in
("Learners must achieve"); the words after each bound must be, in any order,
a scope ("from Optional Groups 01-04"), a level ("at level 3 or above") and
filler verbs ("must be achieved"), then a connective to the next clause.
Anything else makes the whole sentence unread, with the words quoted.

How clauses combine:
- a clause without a scope counts every unit, unless a head clause before it
  (one followed by ":", "of which", "including") set a scope: "20 credits from
  Group B, of which at least 10 at level 4" bounds level-4 credits of Group B;
- "a minimum of 10 credits and a maximum of 20 credits from Group B" is one
  rule: a clause without scope or level joined by a bare "and" lends its bound
  to the next clause, when the two bound different things;
- "the remaining N" / "a further N" is in addition to what earlier rules of the
  same context already require from groups inside its scope (see
  :func:`_add_earlier`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.model.spec import CreditRule, GroupKind, Unit
from criteria_checker.readers.combination.refs import GroupIndex
from criteria_checker.readers.combination.tokens import (
    Bound,
    GroupRef,
    LevelRef,
    Tokenised,
)

_SUBJECT = r"(?:the\s+)?(?:learners?|candidates?|students?|you|they)"
_MODAL = (r"(?:must|will\s+need\s+to|need\s+to|needs\s+to|are\s+required\s+to|is\s+required\s+to|"
          r"have\s+to|has\s+to|should|may|can|will)")
_VERB = (r"(?:achieve|gain|obtain|complete|take|attain|accumulate|earn|choose|select|study|"
         r"be\s+awarded)")
_PARTICIPLE = (r"(?:achieved|taken|gained|completed|obtained|selected|chosen|attained|"
               r"accumulated|earned|counted|drawn|awarded)")
_QUALIFICATION = r"(?:qualification|diploma|certificate|award)"
_GROUP_SEP = (r"(?:\s*,\s*(?:and/or\s+|and\s+|or\s+)?|\s+and/or\s+|\s+and\s+|\s+or\s+|\s*&\s*"
              r"|\s+plus\s+|\s*/\s*)")

# Compiled on first use (see _compiled), so importing the reader stays cheap.
# "A minimum of 14 credits from the optional units, with no more than 11 from Group B":
# "with" opens the part of the total that follows, as "of which" does.
_HEAD_WORDS = (
    r"(?:,\s*)?(?::\s*)?(?:of\s+which|including|comprising|made\s+up\s+of|as\s+follows|with)?"
    r"\s*:?"
)
# "... and the remaining 15 credits from the optional units to achieve a minimum of 90
# credits in total": the total after "to achieve" is one more clause.
_SEPARATOR_WORDS = (
    r"(?:[,;]\s*)?(?:and|plus|then|and\s+then|also|as\s+well\s+as"
    r"|(?:(?:in\s+order\s+)?to\s+(?:achieve|reach|make(?:\s+up)?|give|gain)|giving|making))?"
    r"(?:\s*[,;])?"
)
_ALTERNATIVE = r"(?<!\w)or(?!\w)"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return regex(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class _Clause:
    """One clause of a sentence of rules: its bound, scope and level."""

    bound: Bound
    scope: tuple[str, ...] | None  # () for an explicit "in total"; None when not stated
    level: LevelRef | None
    head: bool  # followed by ":" / "of which": later clauses without scope take its scope
    joins_next: bool  # followed by a bare "and": may lend its bound to the next clause


@dataclass(frozen=True)
class RuleContext:
    """What a clause may refer to: groups, units, and rules read before it in its context."""

    groups: GroupIndex
    units: Sequence[Unit]
    earlier: Sequence[CreditRule]


class _Patterns:
    """The grammar's patterns for one sentence: marker classes depend on its tokens."""

    def __init__(self, tokenised: Tokenised) -> None:
        group_marks = _marks(tokenised, GroupRef)
        level_marks = _marks(tokenised, LevelRef)
        groups = rf"{group_marks}(?:{_GROUP_SEP}{group_marks})*"
        flags = re.IGNORECASE
        self.lead = regex(
            rf"\s*(?:(?:from|in|within|for)\s+(?:the\s+)?(?P<g1>{groups})(?:\s+units)?\s*,?\s*"
            rf"|(?P<g2>{groups})\s*[:\-]\s*)?"
            r"(?:(?:in\s+total|overall)\s*,?\s*)?"
            rf"(?:(?:in\s+order\s+)?to\s+(?:achieve|gain|complete|be\s+awarded|pass|obtain)"
            # "To achieve this qualification, learners ...", or with the comma left out.
            rf"\s+(?:the|this)\b(?:[^,:]*[,:]|\s+{_QUALIFICATION}\b)\s*)?"
            rf"(?:(?:the\s+)?{_QUALIFICATION}\s+requires\s+(?:{_SUBJECT}\s+to\s+{_VERB}\s+)?"
            rf"|{_SUBJECT}\s+{_MODAL}\s+(?:also\s+|then\s+|only\s+)?{_VERB}"
            r"(?:\s+(?:credits\s+)?as\s+follows)?\s*:?\s*)?(?:also\s+)?",
            flags,
        )
        self.elements: list[tuple[str, re.Pattern[str]]] = [
            ("filler", regex(
                rf"\s*(?:,\s*)?(?:which\s+|that\s+)?(?:{_MODAL}\s+(?:also\s+|all\s+)?"
                rf"(?:be(?:\s+{_PARTICIPLE})?|{_PARTICIPLE}|come)|(?:is|are)\s+(?:required|needed)"
                rf"|to\s+be\s+{_PARTICIPLE})(?!\w)", flags)),
            ("scope", regex(
                r"\s*(?:(?:taken|chosen|selected|achieved|gained|drawn|obtained)\s+)?"
                r"(?:from|in|within|across|of|out\s+of)\s+(?:either\s+|any\s+(?:one\s+)?(?:of\s+)?"
                r"|one\s+or\s+more\s+of\s+|a\s+combination\s+of\s+|(?:the\s+)?units?\s+"
                rf"(?:in|from|of)\s+|the\s+)?(?P<g>{groups})(?:\s+units)?", flags)),
            ("global", regex(
                r"\s*(?:in\s+total|overall|in\s+all|altogether|from\s+(?:any|all)\s+"
                r"(?:of\s+the\s+)?(?:units|groups)|(?:from|across)\s+(?:the\s+)?(?:whole\s+)?"
                r"qualification|from\s+any\s+(?:unit|group|combination\s+of\s+units)"
                r"|for\s+the\s+qualification)(?!\w)", flags)),
            ("level", regex(
                r"\s*(?:(?:from|of|for|with|in)\s+)?(?:the\s+)?(?:units?\s+)?"
                rf"(?:which\s+are\s+|that\s+are\s+)?(?P<l>{level_marks})(?:\s+units?)?", flags)),
            # "... to gain the Level 3 Diploma in Health and Social Care (Adults)"
            ("filler", regex(
                r"\s*(?:in\s+order\s+)?to\s+(?:achieve|gain|complete|be\s+awarded|pass|obtain)"
                r"\s+(?:the|this)\b[^,;:]*", flags)),
        ]


def _marks(tokenised: Tokenised, kind: type) -> str:
    chars = [chr(0xE000 + i) for i, t in enumerate(tokenised.tokens) if isinstance(t, kind)]
    return f"[{''.join(chars)}]" if chars else "(?!)"


def _group_ids(tokenised: Tokenised, text: str, groups: GroupIndex) -> tuple[str, ...]:
    ids: list[str] = []
    for char in text:
        token = tokenised.token_at(char)
        if isinstance(token, GroupRef):
            ids.extend(token.ids)
    return groups.ordered(ids)


def read_credit_rules(tokenised: Tokenised, context: RuleContext) -> list[CreditRule] | str | None:
    """The credit rules a tokenised sentence states; a reason if it cannot be read.

    None when the sentence states no bound at all (it is not a credit rule).
    """
    if not any(isinstance(t, Bound) for t in tokenised.tokens):
        return None
    _fold_brackets(tokenised, context.groups)
    text = tokenised.text
    starts = [i for i, char in enumerate(text) if isinstance(tokenised.token_at(char), Bound)]
    patterns = _Patterns(tokenised)
    lead = patterns.lead.fullmatch(text[: starts[0]])
    if lead is None:
        return f"cannot read '{tokenised.source(text[: starts[0]]).strip()}'"
    lead_scope: tuple[str, ...] | None = None
    lead_groups = lead.group("g1") or lead.group("g2")
    if lead_groups:
        lead_scope = _group_ids(tokenised, lead_groups, context.groups)

    clauses: list[_Clause] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        clause = _read_clause(tokenised, patterns, context.groups, start, end,
                              last=index + 1 == len(starts))
        if isinstance(clause, str):
            return clause
        clauses.append(clause)
    return _build_rules(clauses, lead_scope, context)


def _fold_brackets(tokenised: Tokenised, groups: GroupIndex) -> None:
    """Brackets that restate what stands before them, rewritten as the plain phrase.

    "the mandatory group (Group A)" names the same groups twice: it is the first
    name. "all the mandatory units (78 credits)" is "78 credits from the mandatory
    units": every unit of a mandatory group is taken, so the bracket states what the
    group gives. Other brackets stay, and the sentence is unread if they matter.
    """
    group_marks = _marks(tokenised, GroupRef)
    if group_marks == "(?!)":
        return

    def same_groups(match: re.Match[str]) -> str:
        first = tokenised.token_at(match.group("g"))
        second = tokenised.token_at(match.group("h"))
        if (isinstance(first, GroupRef) and isinstance(second, GroupRef) and first.ids
                and set(first.ids) == set(second.ids)):
            return match.group("g")
        return match.group(0)

    tokenised.text = regex(rf"(?P<g>{group_marks})\s*\(\s*(?P<h>{group_marks})\s*\)").sub(
        same_groups, tokenised.text)
    mandatory = set(groups.of_kind("mandatory"))

    def credits_of_group(match: re.Match[str]) -> str:
        group = tokenised.token_at(match.group("g"))
        bound = tokenised.token_at(match.group("b"))
        if (isinstance(group, GroupRef) and isinstance(bound, Bound) and group.ids
                and set(group.ids) <= mandatory and bound.measure is not None
                and not bound.additive and bound.kind is None):
            return f"{match.group('b')} from {match.group('g')}"
        return match.group(0)

    tokenised.text = regex(
        rf"(?:(?:all|each|every)\s+(?:of\s+)?)?(?:the\s+)?(?P<g>{group_marks})\s*\(\s*"
        rf"(?P<b>{_marks(tokenised, Bound)})\s*\)", re.IGNORECASE).sub(credits_of_group,
                                                                       tokenised.text)


def _read_clause(tokenised: Tokenised, patterns: _Patterns, groups: GroupIndex, start: int,
                 end: int, last: bool) -> _Clause | str:
    bound = tokenised.token_at(tokenised.text[start])
    assert isinstance(bound, Bound)
    rest = tokenised.text[start + 1 : end]
    scope: tuple[str, ...] | None = None
    level: LevelRef | None = None
    position = 0
    while True:
        for name, pattern in patterns.elements:
            match = pattern.match(rest, position)
            if match is None or match.end() == position:
                continue
            if name in ("scope", "global"):
                if scope is not None:
                    return f"names more than one set of groups for '{bound.source}'"
                scope = (_group_ids(tokenised, match.group("g"), groups)
                         if name == "scope" else ())
            elif name == "level":
                if level is not None:
                    return f"names more than one level for '{bound.source}'"
                found = tokenised.token_at(match.group("l"))
                assert isinstance(found, LevelRef)
                level = found
            position = match.end()
            break
        else:
            break
    remainder = rest[position:].strip()
    head = joins_next = False
    if last:
        if remainder not in ("", ":") and not regex(r"as\s+follows\s*:?",
                                                           re.IGNORECASE).fullmatch(remainder):
            return _cannot_read(tokenised, remainder, start, end)
        head = True
    elif _compiled(_SEPARATOR_WORDS).fullmatch(remainder):
        joins_next = remainder.lower() == "and"
    elif _compiled(_HEAD_WORDS).fullmatch(remainder):
        head = True
    else:
        return _cannot_read(tokenised, remainder, start, end)
    return _Clause(bound, scope, level, head, joins_next)


def _cannot_read(tokenised: Tokenised, remainder: str, start: int, end: int) -> str:
    following = tokenised.token_at(tokenised.text[end]) if end < len(tokenised.text) else None
    if isinstance(following, Bound) and _compiled(_ALTERNATIVE).search(remainder):
        return ("offers a choice between bounds ('or'), which cannot be represented: "
                f"'{tokenised.source(tokenised.text[start:]).strip()}'")
    return f"cannot read '{tokenised.source(remainder).strip(' ,;:')}'"


def _fields(bound: Bound, previous: str | None) -> dict[str, int] | str:
    measure = bound.measure or previous
    if measure is None:
        return f"states '{bound.source}' without saying credits or hours"
    fields: dict[str, int] = {}
    for part in (bound, bound.also):
        if part is None:
            continue
        name = part.measure or measure
        if part.low is not None:
            fields[f"min_{name}"] = part.low
        if part.high is not None:
            fields[f"max_{name}"] = part.high
    return fields


def _build_rules(clauses: list[_Clause], lead_scope: tuple[str, ...] | None,
                 context: RuleContext) -> list[CreditRule] | str:
    drafts: list[tuple[_Clause, dict[str, int]]] = []
    measure: str | None = None
    for index, clause in enumerate(clauses):
        ahead = None
        if clause.bound.measure is None and measure is None and clause.joins_next \
                and index + 1 < len(clauses):
            # "at least 43 and no more than 50 credits": the second bound says for both.
            ahead = clauses[index + 1].bound.measure
        fields = _fields(clause.bound, measure or ahead)
        if isinstance(fields, str):
            return fields
        measure = clause.bound.measure or measure
        drafts.append((clause, fields))

    merged: list[tuple[_Clause, dict[str, int]]] = []
    carried: dict[str, int] = {}
    for index, (clause, fields) in enumerate(drafts):
        fields = {**carried, **fields}
        carried = {}
        if index + 1 < len(drafts) and _lends(clause, fields, *drafts[index + 1]):
            carried = fields
            continue
        merged.append((clause, fields))

    scoped: list[tuple[_Clause, dict[str, int], tuple[str, ...], int | None]] = []
    head_scope = lead_scope
    for clause, fields in merged:
        scope = _scope(clause, head_scope, context.groups)
        if isinstance(scope, str):
            return scope
        min_level: int | None = None
        if clause.level is not None:
            floor = _level_floor(clause.level, scope, context.units)
            if isinstance(floor, str):
                return floor
            min_level = floor
        scoped.append((clause, fields, scope, min_level))
        if clause.head:
            head_scope = scope

    # The rest of a total that is only a minimum is a minimum too: "75 credits from the
    # mandatory units and the remaining 15 from the optional units to achieve a minimum
    # of 90 in total" allows more than 15 optional credits.
    open_totals = {
        measure for clause, fields, scope, min_level in scoped
        for measure in ("credits", "hours")
        if not scope and min_level is None and not clause.bound.additive
        and f"min_{measure}" in fields and f"max_{measure}" not in fields
    }
    rules: list[CreditRule] = []
    for clause, fields, scope, min_level in scoped:
        if clause.bound.additive:
            added = _add_earlier(clause.bound, fields, scope, min_level,
                                 [*context.earlier, *rules])
            if isinstance(added, str):
                return added
            fields = {name: value for name, value in added.items()
                      if not (name.startswith("max_") and name[4:] in open_totals
                              and f"min_{name[4:]}" in added)}
        rules.append(CreditRule(
            groups=list(scope), min_level=min_level,
            min_credits=fields.get("min_credits"), max_credits=fields.get("max_credits"),
            min_hours=fields.get("min_hours"), max_hours=fields.get("max_hours")))
    return rules


def _lends(clause: _Clause, fields: dict[str, int], after: _Clause,
           after_fields: dict[str, int]) -> bool:
    """Whether "a minimum of 10 credits and a maximum of 20 credits from B" is one rule."""
    if not clause.joins_next or clause.scope is not None or clause.level is not None:
        return False
    if clause.bound.kind or clause.bound.additive or after.bound.additive or not fields:
        return False
    if set(fields) & set(after_fields):
        return False
    # "A minimum of 95 credits and a maximum of 20 credits from Group C" is two rules: a
    # minimum above the maximum it would be joined with cannot be what was meant.
    for measure in ("credits", "hours"):
        for lows, highs in ((fields, after_fields), (after_fields, fields)):
            low, high = lows.get(f"min_{measure}"), highs.get(f"max_{measure}")
            if low is not None and high is not None and low > high:
                return False
    return True


def _scope(clause: _Clause, head_scope: tuple[str, ...] | None,
           groups: GroupIndex) -> tuple[str, ...] | str:
    kind: GroupKind | None = clause.bound.kind
    if kind is not None:
        of_kind = groups.of_kind(kind)
        if not of_kind:
            return (f"names {kind} credits, but the unit list has no {kind} group: "
                    f"'{clause.bound.source}'")
        if clause.scope is not None and set(clause.scope) - set(of_kind):
            return f"cannot read '{clause.bound.source}' with the groups it names"
        return clause.scope if clause.scope is not None else of_kind
    if clause.scope is not None:
        return clause.scope
    return head_scope if head_scope is not None else ()


def _level_floor(level: LevelRef, scope: tuple[str, ...], units: Sequence[Unit]) -> int | str:
    """The level floor a level phrase states, if the model can hold it exactly.

    The model has only floors (``min_level``). "At level 4" is a floor when no
    unit the rule counts is above level 4, and cannot be held otherwise.
    """
    low, high = level.low, level.high
    if low is not None and high is None:
        return low
    if low is None or high is None:
        return (f"bounds credits at level {high} or below, which cannot be represented: "
                f"'{level.source}'")
    counted = [u for u in units if not scope or u.group in scope]
    levels = f"level {low}" if low == high else f"levels {low} to {high}"
    if not counted:
        return (f"counts only {levels} units, and no units are listed to show that none is "
                f"higher: '{level.source}'")
    if any(u.level is None or u.level > high for u in counted):
        return (f"counts only {levels} units, but some units it covers are above level "
                f"{high} or have no level: '{level.source}'")
    return low


def _add_earlier(bound: Bound, fields: dict[str, int], scope: tuple[str, ...],
                 min_level: int | None, earlier: Sequence[CreditRule]) -> dict[str, int] | str:
    """Bounds for "the remaining N": N plus the minimums earlier rules set inside its scope.

    "A minimum of 12 credits from Group 01 and the remaining 11 credits from
    Groups 01-04" requires 12 + 11 = 23 credits from Groups 01-04 in all. Rules
    counting every unit are restatements of the total and are not added. The
    earlier rules inside the scope must not overlap one another, must not
    reach outside it, must have no level, and must set a minimum in each
    measure added to; otherwise what N is in addition to is unclear.
    """
    unclear = f"cannot tell what '{bound.source}' is in addition to"
    inside: list[CreditRule] = []
    for rule in earlier:
        if not rule.groups:
            continue
        if not scope or set(rule.groups) <= set(scope):
            inside.append(rule)
        elif set(rule.groups) & set(scope):
            return f"{unclear}: an earlier rule covers some of its groups and others"
    seen: set[str] = set()
    for rule in inside:
        if seen & set(rule.groups):
            return f"{unclear}: earlier rules overlap one another"
        seen |= set(rule.groups)
        if rule.min_level is not None or min_level is not None:
            return f"{unclear}: a level applies"
    added = dict(fields)
    for name in fields:
        measure = name.split("_", 1)[1]
        base = 0
        for rule in inside:
            value = getattr(rule, f"min_{measure}")
            if value is None:
                return f"{unclear}: an earlier rule on its groups sets no minimum {measure}"
            base += value
        added[name] = fields[name] + base
    return added
