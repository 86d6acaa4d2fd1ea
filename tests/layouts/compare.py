"""What the reader must recover, and a readable account of where it did not.

The reading is compared on what a specification states: the key facts,
the groups, the rules of combination (without their sentence text and
locations), the units with their outcomes and criteria, and the set of
canonical criteria references on every unit, outcome and criterion. A
reference the reader could not resolve counts as a difference: NOS codes
and deleted text must not be read as mappings. Unit aims, assessment
methods and other facts are not compared.

One placement is the same claim either way: references on the row an
outcome shares with its only criterion. A column mapping outcomes (shown by
the unit's other outcomes) gives them to the outcome, an undecided one to
the criterion, and both say the same content is covered; so for an outcome
of one criterion the references on the two are compared together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from criteria_checker.model.spec import (
    CreditRule,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    Unit,
)

FACTS = ("awarding_organisation", "title", "qualification_number", "level", "tqt", "glh",
         "credits")
UNIT_FIELDS = ("reference", "number", "title", "level", "glh", "tqt", "credit", "group")
#: Units reported in detail before the account stops.
MAX_UNITS_REPORTED = 3


def _refs(mappings: Sequence[Mapping]) -> set[str]:
    """Canonical references; an unresolved one as 'unresolved: RAW'."""
    return {m.ref if m.ref else f"unresolved: {m.raw!r}" for m in mappings}


def _rule(rule: CreditRule) -> tuple[Any, ...]:
    return (tuple(sorted(rule.groups)), rule.min_credits, rule.max_credits, rule.min_hours,
            rule.max_hours, rule.min_level)


def _rule_text(key: tuple[Any, ...]) -> str:
    names = ("min_credits", "max_credits", "min_hours", "max_hours", "min_level")
    bounds = ", ".join(f"{n}={v}" for n, v in zip(names, key[1:], strict=True) if v is not None)
    return f"groups={list(key[0])} {bounds}"


def combination_key(spec: QualificationSpec) -> dict[str, Any]:
    c = spec.combination
    return {
        "rules": sorted(map(_rule, c.rules)),
        "pathways": sorted((p.id, p.name, tuple(sorted(map(_rule, p.rules))))
                           for p in c.pathways),
        "barred": sorted(tuple(sorted(b.units)) for b in c.barred),
        "unread": sorted(u.text for u in c.unread),
    }


def differences(expected: QualificationSpec, read: QualificationSpec) -> list[str]:
    """Every way ``read`` departs from ``expected``, most general first."""
    out: list[str] = []
    for name in FACTS:
        want, got = getattr(expected, name), getattr(read, name)
        if want != got:
            out.append(f"fact {name}: expected {want!r}, read {got!r}")
    want_groups = sorted((g.id, g.name, g.kind) for g in expected.groups)
    got_groups = sorted((g.id, g.name, g.kind) for g in read.groups)
    if want_groups != got_groups:
        out.append(f"groups: expected {want_groups}, read {got_groups}")
    want_c, got_c = combination_key(expected), combination_key(read)
    if want_c["rules"] != got_c["rules"]:
        missing = Counter(want_c["rules"]) - Counter(got_c["rules"])
        extra = Counter(got_c["rules"]) - Counter(want_c["rules"])
        out.append("rules of combination: "
                   + "; ".join([*(f"missing {_rule_text(k)}" for k in missing.elements()),
                                *(f"extra {_rule_text(k)}" for k in extra.elements())]))
    for part in ("pathways", "barred", "unread"):
        if want_c[part] != got_c[part]:
            out.append(f"{part}: expected {want_c[part]}, read {got_c[part]}")
    out += _unit_differences(expected.units, read.units)
    return out


def _unit_differences(expected: Sequence[Unit], read: Sequence[Unit]) -> list[str]:
    out: list[str] = []
    if len(expected) != len(read):
        out.append(f"units: expected {len(expected)} "
                   f"({', '.join(u.number or '?' for u in expected)}), read {len(read)} "
                   f"({', '.join(repr(u.number or u.title[:30]) for u in read)})")
    reported = 0
    for want, got in zip(expected, read, strict=False):
        found = _one_unit(want, got)
        if found:
            reported += 1
            out += [f"unit {want.number} ({want.reference}): {d}" for d in found]
            if reported >= MAX_UNITS_REPORTED:
                out.append("(further units not compared)")
                break
    return out


def _one_unit(want: Unit, got: Unit) -> list[str]:
    out = []
    for name in UNIT_FIELDS:
        if getattr(want, name) != getattr(got, name):
            out.append(f"{name}: expected {getattr(want, name)!r}, read {getattr(got, name)!r}")
    if _refs(want.mappings) != _refs(got.mappings):
        out.append(f"unit mappings: expected {sorted(_refs(want.mappings))}, "
                   f"read {sorted(_refs(got.mappings))}")
    if len(want.outcomes) != len(got.outcomes):
        out.append(f"outcomes: expected {[o.number for o in want.outcomes]}, "
                   f"read {[o.number for o in got.outcomes]}")
    for wo, go in zip(want.outcomes, got.outcomes, strict=False):
        found = _one_outcome(wo, go)
        if found:
            out += [f"outcome {wo.number}: {d}" for d in found]
            break
    return out


def _one_outcome(want: LearningOutcome, got: LearningOutcome) -> list[str]:
    out = []
    if (want.number, want.text) != (got.number, got.text):
        out.append(f"expected {want.number!r} {want.text!r}, read {got.number!r} {got.text!r}")
    if len(want.criteria) == 1 == len(got.criteria):
        want, got = _on_the_criterion(want), _on_the_criterion(got)
    if _refs(want.mappings) != _refs(got.mappings):
        out.append(f"outcome mappings: expected {sorted(_refs(want.mappings))}, "
                   f"read {sorted(_refs(got.mappings))}")
    if [c.number for c in want.criteria] != [c.number for c in got.criteria]:
        out.append(f"criteria: expected {[c.number for c in want.criteria]}, "
                   f"read {[c.number for c in got.criteria]}")
    for wc, gc in zip(want.criteria, got.criteria, strict=False):
        found = []
        if (wc.number, wc.text) != (gc.number, gc.text):
            found.append(f"expected {wc.number!r} {wc.text!r}, read {gc.number!r} {gc.text!r}")
        if _refs(wc.mappings) != _refs(gc.mappings):
            found.append(f"mappings: expected {sorted(_refs(wc.mappings))}, "
                         f"read {sorted(_refs(gc.mappings))}")
        if found:
            out += [f"criterion {wc.number}: {d}" for d in found]
            break
    return out


def _on_the_criterion(outcome: LearningOutcome) -> LearningOutcome:
    """An outcome of one criterion with its references moved onto that criterion."""
    criterion = outcome.criteria[0]
    return replace(outcome, mappings=[], criteria=[
        replace(criterion, mappings=[*outcome.mappings, *criterion.mappings])])


def expected_json(spec: QualificationSpec) -> dict[str, Any]:
    """The compared part of a specification, as JSON-ready data."""
    return {
        **{name: getattr(spec, name) for name in FACTS},
        "groups": [{"id": g.id, "name": g.name, "kind": g.kind} for g in spec.groups],
        "combination": {k: [list(map(_jsonable, v)) if isinstance(v, tuple) else v
                            for v in values]
                        for k, values in combination_key(spec).items()},
        "units": [{
            **{name: getattr(u, name) for name in UNIT_FIELDS},
            "mappings": sorted(_refs(u.mappings)),
            "outcomes": [{
                "number": o.number, "text": o.text, "mappings": sorted(_refs(o.mappings)),
                "criteria": [{"number": c.number, "text": c.text,
                              "mappings": sorted(_refs(c.mappings))} for c in o.criteria],
            } for o in u.outcomes],
        } for u in spec.units],
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def explain(layout_text: str, found: Sequence[str], writer: str) -> str:
    """A failure message: what differs, then the layout that produced it."""
    lines = [f"the reader did not recover the specification ({writer} writer):"]
    lines += [f"  - {d}" for d in found]
    lines += ["layout:", layout_text]
    return "\n".join(lines)
