"""Small helpers the check families share: naming units, placing findings, wording values."""

from __future__ import annotations

from collections.abc import Iterable

from criteria_checker.engine.context import CheckContext
from criteria_checker.model.criteria import Band
from criteria_checker.model.spec import GroupKind, SourceLocation, Unit

#: Quoted text longer than this is shortened in messages.
QUOTE_LIMIT = 80


def unit_name(unit: Unit) -> str:
    """How a message names a unit: ``Unit H/650/2114``, ``Unit 501`` or ``Unit 'Title'``."""
    if unit.reference:
        return f"Unit {unit.reference}"
    if unit.number:
        number = unit.number.strip()
        return number if number.lower().startswith("unit") else f"Unit {number}"
    return f"Unit '{shorten(unit.title)}'"


def unit_list(units: Iterable[Unit]) -> str:
    """``H/650/2201, H/650/2202``: unit keys in the order given, each once."""
    keys: list[str] = []
    for unit in units:
        if unit.key not in keys:
            keys.append(unit.key)
    return ", ".join(keys)


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary with ``...`` when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "..."


def side(value: int, band: Band) -> str:
    """``below`` or ``above``: which side of ``band`` a value outside it lies."""
    return "below" if value < band.min else "above"


def group_location(context: CheckContext, kind: GroupKind) -> SourceLocation | None:
    """Where the first group of this kind is declared."""
    for group in context.spec.groups:
        if group.kind == kind and group.location is not None:
            return group.location
    return None


def combination_location(context: CheckContext, kind: GroupKind) -> SourceLocation | None:
    """Where the rules of combination speak of groups of this kind, else where such a group is."""
    kinds = {g.id: g.kind for g in context.spec.groups}
    for rule in context.spec.combination.rules:
        if rule.location is not None and any(kinds.get(g) == kind for g in rule.groups):
            return rule.location
    return group_location(context, kind)


def combination_fully_read(context: CheckContext) -> bool:
    """False when a rules-of-combination sentence could not be read (OPT006 says so).

    What learners must take from optional units, their choices and pathways
    may hang on the unread sentence; checks that conclude from the rules of
    combination stand down rather than report what the document may not say.
    """
    return not context.spec.combination.unread
