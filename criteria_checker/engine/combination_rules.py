"""The rules of combination as bounds on hours, ready for the search.

Everything here turns what the specification states (groups, credit rules,
barred combinations, unit credits and TQT) into plain numbers: each unit's
hours, each rule as a :class:`~.combination_search.Bound` over optional
units plus the fixed hours of the mandatory units it counts, and barred
combinations as conflicts between units. What cannot be evaluated is said
in a sentence added to the problems list, never guessed.
"""

from __future__ import annotations

import re

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.engine.combination_search import Bound
from criteria_checker.model.spec import (
    BarredCombination,
    CreditRule,
    GroupKind,
    QualificationSpec,
    Unit,
)


class Problems:
    """An ordered, de-duplicated list of sentences about what could not be evaluated."""

    def __init__(self) -> None:
        self._items: dict[str, None] = {}

    def add(self, problem: str) -> None:
        self._items.setdefault(problem, None)

    def as_list(self) -> list[str]:
        return list(self._items)


@dataclass(frozen=True)
class UnitFacts:
    """What the analysis needs of one unit."""

    index: int
    unit: Unit
    kind: GroupKind | None
    hours: int | None  # unit TQT, else credit x hours per credit; None when unknown


@dataclass(frozen=True)
class PreparedRule:
    """A rule as a bound, with the optional groups it counts (for the required hours)."""

    bound: Bound
    optional_groups: frozenset[str]


def unit_facts(spec: QualificationSpec, hours_per_credit: int,
               problems: Problems) -> list[UnitFacts]:
    """Each unit's group kind and hours, noting units whose hours are unknown."""
    kinds = {g.id: g.kind for g in spec.groups}
    facts = []
    for index, unit in enumerate(spec.units):
        kind = kinds.get(unit.group) if unit.group is not None else None
        if unit.group is not None and kind is None:
            problems.add(f"unit {unit.key} is in group {unit.group!r}, which the specification "
                         f"does not define: it takes no part in the rules of combination")
        hours = unit.tqt if unit.tqt is not None else (
            unit.credit * hours_per_credit if unit.credit is not None else None)
        if hours is not None and hours < 0:
            hours = None
        if hours is None and kind is not None:
            consequence = ("the mandatory hours are unknown" if kind == "mandatory"
                           else "it is left out of the optional selections")
            problems.add(f"{kind} unit {unit.key} states neither TQT nor credit: {consequence}")
        facts.append(UnitFacts(index, unit, kind, hours))
    return facts


# -- barred combinations ------------------------------------------------------

_UNIT_WORD = regex(r"^unit\s*(?:no\.?|number|ref(?:erence)?)?\s*[:.\-]?\s*")


def _name_key(text: str) -> str:
    """A unit name compared leniently: case-folded, spaces squeezed, 'Unit' prefix dropped."""
    key = re.sub(r"\s+", " ", text.casefold()).strip(" .,;:")
    key = re.sub(r"\s*/\s*", "/", key)
    return _UNIT_WORD.sub("", key)


def _matches(name: str, facts: list[UnitFacts]) -> list[int]:
    """Units a barred combination's name stands for: by URN, else number, else title."""
    wanted = _name_key(name)
    for field in ("reference", "number", "key", "title"):
        found = [f.index for f in facts
                 if (value := _field(f.unit, field)) is not None and _name_key(value) == wanted]
        if found:
            return found
    return []


def _field(unit: Unit, field: str) -> str | None:
    if field == "reference":
        return unit.reference
    if field == "number":
        return unit.number
    if field == "key":
        return unit.key
    return unit.title


def describe_barred(barred: BarredCombination) -> str:
    """How problems name a barred combination."""
    if barred.text:
        return f"barred combination {barred.text!r}"
    return "barred combination of " + ", ".join(barred.units)


def barred_unit_sets(spec: QualificationSpec, facts: list[UnitFacts],
                     problems: Problems) -> list[list[int]]:
    """Each barred combination as the units (indices) it names, in specification order."""
    result = []
    for barred in spec.combination.barred:
        members: list[int] = []
        for name in barred.units:
            found = _matches(name, facts)
            if not found:
                problems.add(f"{describe_barred(barred)} names {name!r}, which matches no "
                             f"unit of the specification")
            elif len(found) > 1:
                keys = " and ".join(facts[i].unit.key for i in found)
                problems.add(f"{describe_barred(barred)} names {name!r}, which matches "
                             f"units {keys}: it is not counted")
            elif found[0] not in members:
                members.append(found[0])
        result.append(sorted(members))
    return result


# -- credit rules -------------------------------------------------------------

def describe_rule(rule: CreditRule, pathway: str | None = None) -> str:
    """How problems and reasons name a rule: its sentence, else what it bounds."""
    if rule.text:
        label = f"the rule {rule.text!r}"
    else:
        if not rule.groups:
            scope = "all units"
        elif len(rule.groups) == 1:
            scope = f"group {rule.groups[0]}"
        else:
            scope = "groups " + ", ".join(rule.groups)
        if rule.min_level is not None:
            scope += f" at level {rule.min_level} or above"
        limits = [f"{word} {value} {unit}" for word, value, unit in (
            ("minimum", rule.min_credits, "credits"), ("minimum", rule.min_hours, "hours"),
            ("maximum", rule.max_credits, "credits"), ("maximum", rule.max_hours, "hours"),
        ) if value is not None]
        label = f"the rule on {scope}" + (f" ({', '.join(limits)})" if limits else "")
    if pathway is not None:
        label += f" of pathway {pathway!r}"
    return label


def _largest(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _smallest(*values: int | None) -> int | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def prepare_rules(rules: list[CreditRule], spec: QualificationSpec, facts: list[UnitFacts],
                  hours_per_credit: int, problems: Problems,
                  pathway: str | None = None) -> list[PreparedRule]:
    """The rules that can be evaluated, as bounds; problems for the others."""
    members: dict[str, list[UnitFacts]] = {g.id: [] for g in spec.groups}
    for fact in facts:
        if fact.unit.group in members:
            members[fact.unit.group].append(fact)
    kinds = {g.id: g.kind for g in spec.groups}
    prepared = []
    for rule in rules:
        label = describe_rule(rule, pathway)
        unknown = [g for g in rule.groups if g not in members]
        if unknown:
            problems.add(f"{label} names group {unknown[0]!r}, which the specification does "
                         f"not define: the rule is not evaluated")
            continue
        # A rule stating both credits and hours is held to the stricter of the two.
        lo = _largest(_in_hours(rule.min_credits, hours_per_credit), rule.min_hours)
        hi = _smallest(_in_hours(rule.max_credits, hours_per_credit), rule.max_hours)
        if lo is None and hi is None:
            problems.add(f"{label} states no minimum or maximum: the rule is not evaluated")
            continue
        for group in rule.groups:
            if not members[group]:
                problems.add(f"{label} names group {group!r}, which has no units")
        groups = rule.groups or [g.id for g in spec.groups]
        counted = _counted(rule, [f for g in dict.fromkeys(groups) for f in members[g]],
                           label, problems)
        unknown_mandatory = [f for f in counted if f.kind == "mandatory" and f.hours is None]
        if unknown_mandatory:
            problems.add(f"{label} counts mandatory unit {unknown_mandatory[0].unit.key}, whose "
                         f"hours are unknown: the rule is not evaluated")
            continue
        fixed = sum(f.hours or 0 for f in counted if f.kind == "mandatory")
        optional = frozenset(f.index for f in counted if f.kind == "optional")
        optional_groups = frozenset(g for g in groups if kinds[g] == "optional")
        prepared.append(PreparedRule(Bound(label, optional, fixed, lo, hi), optional_groups))
    return prepared


def _in_hours(credits: int | None, hours_per_credit: int) -> int | None:
    return None if credits is None else credits * hours_per_credit


def _counted(rule: CreditRule, candidates: list[UnitFacts], label: str,
             problems: Problems) -> list[UnitFacts]:
    if rule.min_level is None:
        return candidates
    counted = []
    for fact in candidates:
        if fact.unit.level is None:
            problems.add(f"{label} counts units at level {rule.min_level} or above, but unit "
                         f"{fact.unit.key} states no level: it is not counted")
        elif fact.unit.level >= rule.min_level:
            counted.append(fact)
    return counted


# -- the hours the rules require from optional units --------------------------

def required_optional_hours(rules: list[PreparedRule]) -> int | None:
    """The hours the rules, as stated, require a learner to take from optional units.

    Each minimum that counts optional groups requires its amount less the
    mandatory hours it also counts. Minimums over disjoint sets of groups add
    up; overlapping ones do not (12 credits from group 01 and 23 from groups
    01-04 require 23), so the result is the largest total of minimums over
    pairwise disjoint sets of groups. None when no minimum counts an optional
    group.
    """
    parts = [(r.bound.lo - r.bound.fixed, r.optional_groups)
             for r in rules if r.bound.lo is not None and r.optional_groups]
    if not parts:
        return None
    names = sorted({g for _, groups in parts for g in groups})
    bit = {g: 1 << i for i, g in enumerate(names)}
    # best[used groups] = the largest sum of disjoint minimums using exactly them
    best: dict[int, int] = {0: 0}
    for amount, groups in parts:
        if amount <= 0:
            continue
        mask = sum(bit[g] for g in groups)
        for used, total in list(best.items()):
            if not used & mask and best.get(used | mask, -1) < total + amount:
                best[used | mask] = total + amount
    return max(best.values())
