"""Unit integrity: reference numbers, levels, credit, groups, outcome and criteria numbering."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from criteria_checker.checks.common import shorten, unit_name
from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check
from criteria_checker.model.constraints import Compiles, MinLen
from criteria_checker.model.spec import Unit


@check("units.reference_stated", params=NoParams, fields=("unit",))
def reference_stated(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every unit states its unit reference number."""
    for unit in context.spec.units:
        if not (unit.reference or "").strip():
            yield RawFinding({"unit": unit_name(unit)}, unit.location)


@dataclass(frozen=True, kw_only=True, slots=True)
class ReferenceFormatParams(Params):
    """Parameters of ``units.reference_format``."""

    #: A regular expression the whole reference must match.
    pattern: Annotated[str, MinLen(1), Compiles()]
    #: How the format is shown to users, e.g. ``L/NNN/NNNN (e.g. H/650/2114)``.
    shown_as: Annotated[str, MinLen(1)]


@check("units.reference_format", params=ReferenceFormatParams,
       fields=("title", "reference", "format"))
def reference_format(context: CheckContext, params: ReferenceFormatParams) -> Iterator[RawFinding]:
    """Every stated unit reference number has the regulator's format."""
    pattern = regex(params.pattern)
    for unit in context.spec.units:
        reference = (unit.reference or "").strip()
        if reference and not pattern.fullmatch(reference):
            yield RawFinding({"title": shorten(unit.title), "reference": reference,
                              "format": params.shown_as}, unit.location)


@check("units.reference_unique", params=NoParams, fields=("reference", "title", "first_title"))
def reference_unique(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """No two units share a unit reference number."""
    first: dict[str, Unit] = {}
    for unit in context.spec.units:
        reference = (unit.reference or "").strip()
        if not reference:
            continue
        if reference in first:
            yield RawFinding({"reference": reference, "title": shorten(unit.title),
                              "first_title": shorten(first[reference].title)}, unit.location)
        else:
            first[reference] = unit


@check("units.level_stated", params=NoParams, fields=("unit",))
def level_stated(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every unit states its level."""
    for unit in context.spec.units:
        if unit.level is None:
            yield RawFinding({"unit": unit_name(unit)}, unit.location)


@check("units.credit_stated", params=NoParams, fields=("unit",))
def credit_stated(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every unit carries a credit value."""
    for unit in context.spec.units:
        if unit.credit is None:
            yield RawFinding({"unit": unit_name(unit)}, unit.location)


@check("units.in_group", params=NoParams, fields=("unit",))
def in_group(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every unit belongs to a group the specification defines, so it counts somewhere."""
    for unit in context.coverage.ungrouped_units():
        yield RawFinding({"unit": unit_name(unit)}, unit.location)


@check("units.has_outcomes", params=NoParams, fields=("unit",))
def has_outcomes(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every unit states its learning outcomes."""
    for unit in context.spec.units:
        if not unit.outcomes:
            yield RawFinding({"unit": unit_name(unit)}, unit.location)


@check("units.outcome_has_criteria", params=NoParams, fields=("unit", "outcome"))
def outcome_has_criteria(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every learning outcome has assessment criteria."""
    for unit in context.spec.units:
        for outcome in unit.outcomes:
            if not outcome.criteria:
                yield RawFinding({"unit": unit_name(unit), "outcome": outcome.number},
                                 outcome.location or unit.location)


@check("units.outcome_numbering", params=NoParams, fields=("unit", "numbers", "expected"))
def outcome_numbering(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Learning outcomes are numbered 1, 2, 3, ... without gaps or repeats."""
    for unit in context.spec.units:
        numbers = [o.number.strip() for o in unit.outcomes]
        expected = [str(n) for n in range(1, len(numbers) + 1)]
        if [_last_number(n) for n in numbers] != expected:
            yield RawFinding({"unit": unit_name(unit), "numbers": ", ".join(numbers),
                              "expected": ", ".join(expected)}, unit.location)


@check("units.criteria_numbering", params=NoParams,
       fields=("unit", "outcome", "numbers", "expected"))
def criteria_numbering(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Assessment criteria of outcome N are numbered N.1, N.2, ... without gaps or repeats."""
    for unit in context.spec.units:
        for position, outcome in enumerate(unit.outcomes, start=1):
            if not outcome.criteria:
                continue
            prefix = _last_number(outcome.number) or str(position)
            numbers = [c.number.strip() for c in outcome.criteria]
            expected = [f"{prefix}.{n}" for n in range(1, len(numbers) + 1)]
            if [n.rstrip(".") for n in numbers] != expected:
                yield RawFinding({"unit": unit_name(unit), "outcome": outcome.number,
                                  "numbers": ", ".join(numbers),
                                  "expected": ", ".join(expected)},
                                 outcome.location or unit.location)


_TRAILING_NUMBER = regex(r"(\d+)\.?$")


def _last_number(label: str) -> str:
    """``"LO3"`` -> ``"3"``, ``"3."`` -> ``"3"``; empty when the label ends in no number."""
    match = _TRAILING_NUMBER.search(label.strip())
    return str(int(match.group(1))) if match else ""
