"""Outcomes and criteria a unit restates after its grid: comments on them, not new ones.

Many specifications follow a unit's grid with guidance keyed to its
numbers, as a table or as paragraphs:

    Assessment criteria | Delivery and assessment guidance
    1.1                 | Learners should cover at least three theories
    2.1                 | Observation in the workplace is required

or "Range" / "Amplification" sections ("1.1 Theories: situational, ...",
"LO1 Learners should reflect on ..."), and some put a unit's references in
a table of their own ("AC | SfC criteria", "1.1 | LMAC5A/LM/A.1"). Read as
a grid, each of these would give the unit its outcomes and criteria a
second time, and the numbering rules would report every one as a repeat.

The family is told by what it holds, whatever its words: a table that,
read into a unit which already has outcomes, adds only outcomes and
criteria whose numbers the unit already has (and changes none it had)
restates them. What it says about them joins them: its references map the
criteria and outcomes they name, and nothing else is added. Outcomes
restated in other words than the original's are said, once per table,
since that may as well be a grid copied into the wrong unit (criteria
restated with their range or guidance are the family's common case, and
are not). A grid that goes on after a page break, a repeated header or the
unit's heading brings numbers of its own, and so is read as ever; repeats
inside one table are the author's to mend and stay for the numbering rules
to report.
"""

from __future__ import annotations

from copy import deepcopy

from criteria_checker.compiled_cache import dataclass
from criteria_checker.readers.docx.labels import GridRole
from criteria_checker.readers.docx.units import (
    CriterionDraft,
    MappingDraft,
    OutcomeDraft,
    UnitDraft,
    built_number,
)


@dataclass(slots=True)
class Before:
    """What a unit held before a table was read into it (its outcomes copied)."""

    outcomes: list[OutcomeDraft]
    grid_roles: dict[int, GridRole] | None
    grid_width: int


def before(unit: UnitDraft) -> Before:
    # Taken only for a unit's second and later tables, so the copy is rare and small.
    return Before(deepcopy(unit.outcomes), unit.grid_roles, unit.grid_width)


def join_restated(unit: UnitDraft, held: Before) -> list[tuple[str, str]] | None:
    """If what was read since ``held`` only restated the unit's outcomes and criteria,
    put the unit back as it was, with the restatements' references joined onto what
    they name, and return (number, wording) of the outcomes restated in other words;
    else None, and the unit keeps what was read."""
    old = held.outcomes
    new_outcomes = unit.outcomes[len(old):]
    # (outcome, its number as the model gives it, criterion, its place under the outcome)
    added: list[tuple[OutcomeDraft, str, CriterionDraft, int]] = []
    for i, (was, now) in enumerate(zip(old, unit.outcomes, strict=False), 1):
        if now.lines != was.lines or len(now.mappings) != len(was.mappings) \
                or any(c.lines != d.lines or len(c.mappings) != len(d.mappings)
                       for c, d in zip(now.criteria, was.criteria, strict=False)):
            return None  # a grid going on: it continued what was there
        added.extend((now, now.number or str(i), c, j)
                     for j, c in enumerate(now.criteria, 1) if j > len(was.criteria))
    for i, outcome in enumerate(new_outcomes, len(old) + 1):
        added.extend((outcome, outcome.number or str(i), c, j)
                     for j, c in enumerate(outcome.criteria, 1))
    if not added and not new_outcomes:
        return None
    outcomes_by_number = {o.number: o for o in old if o.number is not None}
    criteria_by_number = _criteria_by_number(old)
    joins: list[tuple[list[MappingDraft], list[MappingDraft]]] = []
    reworded: list[tuple[str, str]] = []
    for outcome in new_outcomes:
        number = outcome.number
        match = outcomes_by_number.get(number) if number is not None else None
        if number is None or match is None:
            return None
        joins.append((match.mappings, outcome.mappings))
        if _words(outcome.lines) and _words(outcome.lines) != _words(match.lines):
            reworded.append((number, " ".join(outcome.lines)))
    for outcome, lo_number, criterion, position in added:
        if criterion.number is None:
            return None
        found = criteria_by_number.get(
            built_number(outcome, lo_number, criterion.number, position))
        if found is None:
            return None
        joins.append((found.mappings, criterion.mappings))
    unit.outcomes = old
    unit.grid_roles, unit.grid_width = held.grid_roles, held.grid_width
    for target, mappings in joins:
        known = {(raw, ref) for raw, ref, _ in target}
        for mapping in mappings:
            if mapping[:2] not in known:
                known.add(mapping[:2])
                target.append(mapping)
    return reworded


def restates_outcome(unit: UnitDraft, number: str | None) -> bool:
    """Whether outcome ``number`` is one the unit already has, with its criteria."""
    return number is not None and any(o.number == number and o.criteria for o in unit.outcomes)


def restates_criterion(unit: UnitDraft, number: str | None) -> bool:
    """Whether criterion ``number`` ("1.1") is one the unit already has."""
    return number is not None and bool(unit.outcomes) \
        and number in _criteria_by_number(unit.outcomes)


def _criteria_by_number(outcomes: list[OutcomeDraft]) -> dict[str, CriterionDraft]:
    found: dict[str, CriterionDraft] = {}
    for i, outcome in enumerate(outcomes, 1):
        for j, criterion in enumerate(outcome.criteria, 1):
            number = built_number(outcome, outcome.number or str(i), criterion.number, j)
            found.setdefault(number, criterion)
    return found


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split()).casefold()
