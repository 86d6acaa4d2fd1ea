"""What the reader understood of a specification, for authors to spot misreadings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from criteria_checker.model.spec import (
    WHERE_MAPPINGS_ARE_LOOKED_FOR,
    CreditRule,
    Group,
    Mapping,
    QualificationSpec,
    SourceLocation,
    Unit,
)

_FACTS = (
    ("awarding_organisation", "awarding organisation"),
    ("title", "title"),
    ("qualification_number", "qualification number"),
    ("level", "level"),
    ("tqt", "TQT"),
    ("glh", "GLH"),
    ("credits", "credits"),
    ("criteria_set", "criteria set"),
)


def render_inspect(spec: QualificationSpec, *, locations: bool = True) -> str:
    """A plain-text account of every fact, group, rule, unit and mapping read from the file."""
    return "\n".join(_lines(spec, locations)) + "\n"


def _lines(spec: QualificationSpec, show_locations: bool) -> Iterator[str]:
    def at(location: SourceLocation | None) -> str:
        if not show_locations or location is None:
            return ""
        return f"  [{_where(location)}]"

    yield f"{spec.file} ({spec.format.upper()})"
    yield from _reading_lines(spec, at)
    yield ""
    yield "Key facts"
    for field, label in _FACTS:
        value = getattr(spec, field)
        shown = "(not stated)" if value is None else str(value)
        yield f"  {label:<22} {shown}{at(spec.fact_locations.get(field))}"
    for label, value in sorted(spec.facts.items()):
        yield f"  {label:<22} {value}{at(spec.fact_locations.get(label))}"

    yield ""
    yield f"Groups ({len(spec.groups)})"
    for group in spec.groups:
        members = [u for u in spec.units if u.group == group.id]
        yield (f"  {group.id:<6} {group.name} ({group.kind}): {len(members)} units, "
               f"{_hours_summary(members)}{at(group.location)}")
    ungrouped = [u.key for u in spec.units if u.group is None or spec.group(u.group) is None]
    if ungrouped:
        yield f"  units in no known group: {', '.join(ungrouped)}"

    combination = spec.combination
    yield ""
    yield "Rules of combination"
    if not (combination.rules or combination.pathways or combination.barred
            or combination.unread):
        yield "  (none stated)"
    for rule in combination.rules:
        yield f"  - {describe_rule(rule, spec.groups)}{at(rule.location)}"
    for pathway in combination.pathways:
        yield f"  pathway {pathway.id}: {pathway.name}{at(pathway.location)}"
        for rule in pathway.rules:
            yield f"    - {describe_rule(rule, spec.groups)}{at(rule.location)}"
    for barred in combination.barred:
        yield f"  - barred together: {', '.join(barred.units)}{at(barred.location)}"
    for unread in combination.unread:
        yield f"  NOT UNDERSTOOD: {unread.text!r}: {unread.reason}{at(unread.location)}"

    yield ""
    yield f"Units ({len(spec.units)})"
    for unit in spec.units:
        yield from _unit_lines(unit, at)

    yield ""
    yield "Rationale for extra mandatory content"
    yield f"  {spec.rationale}" if spec.rationale else "  (none stated)"
    yield ""
    yield "Supersedes"
    if not spec.supersedes:
        yield "  (none stated)"
    for old in spec.supersedes:
        number = f" ({old.qualification_number})" if old.qualification_number else ""
        yield f"  {old.title}{number}{at(old.location)}"
        yield f"    withdrawal plan: {old.withdrawal_plan or '(none stated)'}"


def _reading_lines(spec: QualificationSpec,
                   at: Callable[[SourceLocation | None], str]) -> Iterator[str]:
    """What the reader could not read, first: everything below rests on it."""
    mapped = any(True for unit in spec.units for _ in unit.all_mappings())
    bare = [unit.key for unit in spec.units_in("mandatory") if next(unit.all_mappings(), None)
            is None]
    if mapped and not bare and not spec.reading_notes:
        return
    yield ""
    yield "Reading"
    if not mapped and spec.units:
        yield f"  NO CRITERIA REFERENCES FOUND (looked in {WHERE_MAPPINGS_ARE_LOOKED_FOR})"
    elif bare:
        yield f"  mandatory units without criteria references: {', '.join(bare)}"
    for note in spec.reading_notes:
        label = "NOT UNDERSTOOD" if note.kind == "not-understood" else "UNKNOWN TARGET"
        yield f"  {label}: {note.message}{at(note.location)}"


def _unit_lines(unit: Unit, at: Callable[[SourceLocation | None], str]) -> Iterator[str]:
    facts = [
        f"level {_opt(unit.level)}", f"GLH {_opt(unit.glh)}", f"TQT {_opt(unit.tqt)}",
        f"credit {_opt(unit.credit)}", f"group {_opt(unit.group)}",
    ]
    label = " ".join(part for part in (unit.reference, f"Unit {unit.number}"
                                       if unit.number else None) if part)
    yield f"  {label or '(no reference)'}  {unit.title}{at(unit.location)}"
    yield f"    {', '.join(facts)}"
    if unit.assessment_methods:
        yield f"    assessment: {'; '.join(unit.assessment_methods)}"
    if unit.mappings:
        yield f"    maps to: {_mappings(unit.mappings)}"
    for outcome in unit.outcomes:
        maps = f"  -> {_mappings(outcome.mappings)}" if outcome.mappings else ""
        yield f"    {outcome.number}  {outcome.text}{maps}{at(outcome.location)}"
        for criterion in outcome.criteria:
            maps = f"  -> {_mappings(criterion.mappings)}" if criterion.mappings else ""
            yield f"       {criterion.number}  {criterion.text}{maps}{at(criterion.location)}"


def _mappings(mappings: list[Mapping]) -> str:
    return ", ".join(m.ref if m.ref else f"{m.raw!r} (not a reference)" for m in mappings)


def _opt(value: object) -> str:
    return "?" if value is None else str(value)


def _hours_summary(units: list[Unit]) -> str:
    tqt = [u.tqt for u in units if u.tqt is not None]
    credit = [u.credit for u in units if u.credit is not None]
    parts = []
    if tqt:
        parts.append(f"TQT {sum(tqt)} stated on {len(tqt)}")
    if credit:
        parts.append(f"{sum(credit)} credits stated on {len(credit)}")
    return ", ".join(parts) or "no hours stated"


def describe_rule(rule: CreditRule, groups: list[Group]) -> str:
    """One rule in words, e.g. 'at least 15 credits from Optional group B'."""
    names = {g.id: g.name for g in groups}
    source = ", ".join(names.get(g, g) for g in rule.groups) if rule.groups else "all units"
    bounds = []
    for unit_name, low, high in (("credits", rule.min_credits, rule.max_credits),
                                 ("hours", rule.min_hours, rule.max_hours)):
        if low is not None and low == high:
            bounds.append(f"exactly {low} {unit_name}")
        else:
            if low is not None:
                bounds.append(f"at least {low} {unit_name}")
            if high is not None:
                bounds.append(f"at most {high} {unit_name}")
    level = f" at level {rule.min_level} or above" if rule.min_level is not None else ""
    return f"{' and '.join(bounds) or 'no bound'}{level} from {source}"


def _where(location: SourceLocation) -> str:
    if location.line is not None:
        return f"line {location.line}"
    return location.locator or location.path or location.file
