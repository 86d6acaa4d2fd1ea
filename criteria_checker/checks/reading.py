"""What the reader could read: parts it did not understand, and mappings it never found.

Every other finding rests on the reading, so these come first in a report
(see ``Finding.sort_key``): "no unit maps to the criteria" explains the
coverage errors that follow it, instead of leaving an author to read
twenty-nine of them first.
"""

from __future__ import annotations

from collections.abc import Iterator

from criteria_checker.checks.common import unit_list
from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check
from criteria_checker.model.spec import WHERE_MAPPINGS_ARE_LOOKED_FOR, NoteKind


@dataclass(frozen=True, kw_only=True, slots=True)
class NoteParams(Params):
    """Parameters of ``reading.notes``: which kind of note it reports."""

    kind: NoteKind


@check("reading.notes", params=NoteParams, fields=("note",))
def notes(context: CheckContext, params: NoteParams) -> Iterator[RawFinding]:
    """Every part of the document that looks like specification content was read."""
    for note in context.spec.reading_notes:
        if note.kind == params.kind:
            yield RawFinding({"note": note.message}, note.location)


@check("reading.mappings_found", params=NoParams, fields=("units", "criteria", "looked"))
def mappings_found(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Some unit, outcome or criterion of the specification maps to the criteria."""
    units = context.spec.units
    if not units or any(True for unit in units for _ in unit.all_mappings()):
        return
    criteria = sum(len(outcome.criteria) for unit in units for outcome in unit.outcomes)
    yield RawFinding({"units": _counted(len(units), "unit", "units"),
                      "criteria": _counted(criteria, "assessment criterion",
                                           "assessment criteria"),
                      "looked": WHERE_MAPPINGS_ARE_LOOKED_FOR})


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@check("reading.units_mapped", params=NoParams, fields=("mandatory_units", "units", "looked"))
def units_mapped(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every mandatory unit maps to the criteria, once any unit does."""
    mandatory = context.spec.units_in("mandatory")
    if not any(True for unit in context.spec.units for _ in unit.all_mappings()):
        return  # reading.mappings_found says so, once
    bare = [unit for unit in mandatory if next(unit.all_mappings(), None) is None]
    if bare:
        yield RawFinding({"mandatory_units": _counted(len(bare), "mandatory unit",
                                                      "mandatory units"), "units": unit_list(bare),
                          "looked": WHERE_MAPPINGS_ARE_LOOKED_FOR}, bare[0].location)
