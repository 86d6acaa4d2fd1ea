"""Join what mapping grids claim onto the units of a specification.

A grid names a unit as its authors do: by unit reference number (URN), by
the awarding organisation's unit number ("501", "Unit 501") or by title,
sometimes by a number and title together ("501 Leadership and management")
and sometimes several units in one cell ("501; 502"). Each is matched,
normalised (case, spacing, "Unit", punctuation), against the same three
identities of the specification's units. An assessment criterion is
matched by number ("AC 1.1", "1.1."); a criterion numbered within its
outcome ("1" beside learning outcome "2") is looked for as "2.1" too.

Every joined mapping keeps the grid's location, so the rules that read
mappings (coverage, sub-topics presented as units, references that name no
criterion) report a grid's mapping at its cell. A row naming a unit, outcome
or criterion the specification does not have is a reading note of kind
``unknown-target`` at the cell naming it, and its references count for
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field, replace

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.model.spec import (
    AssessmentCriterion,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    ReadingNote,
    SourceLocation,
    Unit,
)
from criteria_checker.readers.docx.labels import looks_like_urn, normalise_label
from criteria_checker.readers.docx.mapping_grids import criterion_key, unit_key
from criteria_checker.readers.grids.model import GridClaim, GridReading, RefPair

#: Rows a note about an unknown unit lists before it counts the rest.
_ROWS_LISTED = 5
#: References a note quotes before it counts the rest.
_REFS_QUOTED = 8
_LEADING_URN = regex(r"^\s*([A-Za-z]\s*/\s*\d{3}\s*/\s*\d{4})\b[\s:.\-–—]*(.*)$", re.S)
_LEADING_NUMBER = regex(r"^\s*(?:unit\s*(?:no\.?|number)?\s*)?([A-Za-z]{0,4}\d{1,6}[A-Za-z]?)"
                             r"(?:\s*[:.\-–—]\s*|\s+)(.+)$", re.IGNORECASE | re.S)
_SEVERAL = regex(r"\s*(?:[;,\n]|\band\b|&)\s*", re.IGNORECASE)
_PLAIN_NUMBER = regex(r"^[A-Za-z]{0,3}\s*\d{1,3}[a-z]?$", re.IGNORECASE)


@dataclass
class _Extra:
    """Mappings a unit gains: its own, and by outcome and criterion position."""

    unit: list[Mapping] = field(default_factory=list)
    outcomes: dict[int, list[Mapping]] = field(default_factory=dict)
    criteria: dict[tuple[int, int], list[Mapping]] = field(default_factory=dict)


def join_grids(spec: QualificationSpec, grids: Sequence[GridReading]) -> QualificationSpec:
    """``spec`` with the grids' mappings on the units they name and the grids' notes added."""
    if not grids:
        return spec
    index = _UnitIndex(spec.units)
    extras: dict[int, _Extra] = {}
    notes: list[ReadingNote] = []
    unknown: dict[tuple[str, str, str], list[GridClaim]] = {}
    for grid in grids:
        notes.extend(grid.notes)
        for claim in grid.claims:
            found = index.find(claim.unit)
            if not found:
                key = (claim.unit_location.file, claim.part, " ".join(claim.unit.split()))
                unknown.setdefault(key, []).append(claim)
                continue
            for position in found:
                note = _place(spec.units[position], extras.setdefault(position, _Extra()),
                              claim)
                if note is not None:
                    notes.append(note)
    notes.extend(_unknown_unit_note(name, claims) for (_, _, name), claims in unknown.items())
    units = [_with_extra(unit, extras[i]) if i in extras else unit
             for i, unit in enumerate(spec.units)]
    return replace(spec, units=units,
                   reading_notes=[*spec.reading_notes, *dict.fromkeys(notes)])


class _UnitIndex:
    """The specification's units by URN, number and title, each normalised."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.keys: dict[str, int] = {}
        for i, unit in enumerate(units):
            for value in (unit.reference, unit.number):
                if value:
                    self.keys.setdefault(_id_key(value), i)
            if unit.title:
                self.keys.setdefault(_title_key(unit.title), i)

    def find(self, text: str) -> list[int]:
        """The units ``text`` names: one, several ("501; 502"), or none."""
        one = self._one(text)
        if one is not None:
            return [one]
        parts = [part for part in _SEVERAL.split(text) if part.strip()]
        if len(parts) > 1:
            found = [self._one(part) for part in parts]
            if all(i is not None for i in found):
                return list(dict.fromkeys(i for i in found if i is not None))
        return []

    def _one(self, text: str) -> int | None:
        for key in _candidate_keys(text):
            found = self.keys.get(key)
            if found is not None:
                return found
        return None


def _id_key(value: str) -> str:
    return "id:" + unit_key(value)


def _title_key(value: str) -> str:
    return "title:" + normalise_label(value)


def _candidate_keys(text: str) -> list[str]:
    """How a grid's unit cell may name a unit, most exact first."""
    keys = [_id_key(text), _title_key(text)]
    urn = _LEADING_URN.match(text)
    if urn is not None and looks_like_urn("".join(urn.group(1).split())):
        keys.append(_id_key("".join(urn.group(1).split())))
        if urn.group(2).strip():
            keys.append(_title_key(urn.group(2)))
    number = _LEADING_NUMBER.match(text)
    if number is not None:
        keys += [_id_key(number.group(1)), _title_key(number.group(2))]
    return keys


def _place(unit: Unit, extra: _Extra, claim: GridClaim) -> ReadingNote | None:
    """Put the claim's mappings on the unit, outcome or criterion it names; a note if none."""
    mappings = [Mapping(raw=raw, ref=ref, location=claim.location) for raw, ref in claim.refs]
    if claim.criterion is not None:
        found = _criterion(unit, claim.criterion, claim.outcome)
        if found is None:
            return _unknown_target_note(unit, f"assessment criterion {claim.criterion}",
                                        "criterion", claim)
        extra.criteria.setdefault(found, []).extend(mappings)
        return None
    if claim.outcome is not None:
        wanted = criterion_key(claim.outcome)
        position = next((i for i, outcome in enumerate(unit.outcomes)
                         if criterion_key(outcome.number) == wanted), None)
        if position is None:
            return _unknown_target_note(unit, f"learning outcome {claim.outcome}", "outcome",
                                        claim)
        extra.outcomes.setdefault(position, []).extend(mappings)
        return None
    extra.unit.extend(mappings)
    return None


def _criterion(unit: Unit, number: str, outcome: str | None) -> tuple[int, int] | None:
    wanted = [criterion_key(number)]
    if outcome is not None and "." not in wanted[0] and _PLAIN_NUMBER.match(outcome.strip()):
        # "AC 1" of "LO 2": numbered within the outcome.
        wanted.append(f"{criterion_key(outcome)}.{wanted[0]}")
    for key in wanted:
        for i, lo in enumerate(unit.outcomes):
            for j, criterion in enumerate(lo.criteria):
                if criterion_key(criterion.number) == key:
                    return i, j
    return None


def _with_extra(unit: Unit, extra: _Extra) -> Unit:
    outcomes = []
    for i, outcome in enumerate(unit.outcomes):
        criteria = [replace(criterion, mappings=[*criterion.mappings, *extra.criteria[(i, j)]])
                    if (i, j) in extra.criteria else criterion
                    for j, criterion in enumerate(outcome.criteria)]
        added = extra.outcomes.get(i)
        outcomes.append(_outcome(outcome, criteria, added))
    return replace(unit, mappings=[*unit.mappings, *extra.unit], outcomes=outcomes)


def _outcome(outcome: LearningOutcome, criteria: list[AssessmentCriterion],
             added: list[Mapping] | None) -> LearningOutcome:
    if added is None and all(a is b for a, b in zip(criteria, outcome.criteria, strict=True)):
        return outcome
    return replace(outcome, criteria=criteria, mappings=[*outcome.mappings, *(added or [])])


# -- notes -------------------------------------------------------------------------------

def _unknown_target_note(unit: Unit, what: str, kind: str, claim: GridClaim) -> ReadingNote:
    where = claim.target_location or claim.location
    return ReadingNote(
        kind="unknown-target", location=where,
        message=f"The mapping grid at {_at(where)} names {what} of {_unit_named(unit)}, which "
                f"has no such {kind}: its references {_refs_shown(claim.refs)} were not counted")


def _unit_named(unit: Unit) -> str:
    if unit.reference:
        return f"unit {unit.reference}"
    if unit.number:
        return f"unit {unit.number.removeprefix('Unit ').strip()}"
    return f"unit '{unit.title}'"


def _unknown_unit_note(name: str, claims: list[GridClaim]) -> ReadingNote:
    cells = list(dict.fromkeys(claim.unit_location for claim in claims))
    first = cells[0]
    rows = [loc.locator or "" for loc in cells[1:]]
    more = ""
    if rows:
        listed = ", ".join(_row_of(text) for text in rows[:_ROWS_LISTED])
        extra = f" and {len(rows) - _ROWS_LISTED} more" if len(rows) > _ROWS_LISTED else ""
        more = f" (and at {listed}{extra})"
    refs = [pair for claim in claims for pair in claim.refs]
    return ReadingNote(
        kind="unknown-target", location=first,
        message=f"The mapping grid at {_at(first)}{more} names unit '{name}', which the "
                f"specification does not have: its references {_refs_shown(refs)} were not "
                "counted")


def _at(location: SourceLocation) -> str:
    return location.locator or location.file


def _row_of(locator: str) -> str:
    """``row 13, column B`` from ``sheet Mapping, row 13, column B``: the sheet is said once."""
    at = locator.rfind(", row ")
    return locator[at + 2:] if locator.startswith("sheet ") and at >= 0 else locator


def _refs_shown(refs: Sequence[RefPair]) -> str:
    shown = list(dict.fromkeys(ref or raw for raw, ref in refs))
    if len(shown) > _REFS_QUOTED:
        return ", ".join(shown[:_REFS_QUOTED]) + f" and {len(shown) - _REFS_QUOTED} more"
    return ", ".join(shown) or "(none)"
