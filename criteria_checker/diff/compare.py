"""What changed between two versions of a specification, in a reviewer's terms.

A resubmission is read and checked like any file; :func:`compare` then sets
the two (specification, report) pairs side by side:

- key facts (title, organisation, number, level, TQT, GLH, credits and the
  other facts printed in the key-facts table);
- units, matched by URN, then by number, then by title (case and spacing
  ignored), each step only among units the earlier steps left unmatched: a
  unit whose URN is new but whose number or title is an old unit's is that
  unit renumbered or renamed, not one removed and another added;
- for each matched unit, its URN, number, title, level, hours, credits and group;
- groups (by id) and the rules of combination (each rule, pathway and
  barred pair by what it says, not where it stands);
- mappings gained and lost per criteria reference: who claims it (unit,
  outcome or assessment criterion) in each version;
- coverage status of each sub-topic and outcome (covered by a mandatory
  unit, optional units only, not covered);
- findings fixed, introduced and still open, matched by rule, reference and
  message, so a finding that only moved (a new table number) still counts
  as open.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import CreditRule, QualificationSpec, Unit

#: Key facts compared, as (field of the specification, label shown).
FACTS: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("awarding_organisation", "awarding organisation"),
    ("qualification_number", "qualification number"),
    ("level", "level"),
    ("tqt", "TQT"),
    ("glh", "GLH"),
    ("credits", "credits"),
)

#: Unit fields compared for units present in both versions, as (field, label).
UNIT_FIELDS: tuple[tuple[str, str], ...] = (
    ("reference", "URN"),
    ("number", "number"),
    ("title", "title"),
    ("level", "level"),
    ("glh", "GLH"),
    ("tqt", "TQT"),
    ("credit", "credits"),
    ("group", "group"),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Change:
    """One value that differs: ``old`` or ``new`` is None when absent on that side."""

    what: str
    old: str | None
    new: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitChange:
    """A unit in both versions whose facts differ (mappings: :class:`MappingChange`)."""

    old_key: str
    new_key: str
    matched_by: str  # "URN", "number" or "title"
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitRef:
    """A unit added or removed: how findings name it, and its title."""

    key: str
    title: str


@dataclass(frozen=True, kw_only=True, slots=True)
class MappingChange:
    """Who claims one criteria reference, gained and lost."""

    ref: str
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class FindingRef:
    """A finding as two reports are compared: what it says and where."""

    rule_id: str
    severity: str
    message: str
    location: str


@dataclass(frozen=True, kw_only=True, slots=True)
class SpecDiff:
    """Everything :func:`compare` found; empty lists mean no change of that kind."""

    old_file: str
    new_file: str
    old_passed: bool
    new_passed: bool
    facts: list[Change] = field(default_factory=list)
    units_added: list[UnitRef] = field(default_factory=list)
    units_removed: list[UnitRef] = field(default_factory=list)
    units_changed: list[UnitChange] = field(default_factory=list)
    groups: list[Change] = field(default_factory=list)
    combination: list[Change] = field(default_factory=list)
    mappings: list[MappingChange] = field(default_factory=list)
    coverage: list[Change] = field(default_factory=list)
    fixed: list[FindingRef] = field(default_factory=list)
    introduced: list[FindingRef] = field(default_factory=list)
    still_open: list[FindingRef] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        """True when the two versions say the same in every respect compared."""
        return not (self.facts or self.units_added or self.units_removed
                    or self.units_changed or self.groups or self.combination
                    or self.mappings or self.coverage or self.fixed or self.introduced)


def compare(old: tuple[QualificationSpec, Report],
            new: tuple[QualificationSpec, Report]) -> SpecDiff:
    """The differences from ``old`` to ``new`` (see the module docstring)."""
    old_spec, old_report = old
    new_spec, new_report = new
    pairs, removed, added = match_units(old_spec.units, new_spec.units)
    fixed, introduced, still_open = match_findings(old_report.findings, new_report.findings)
    return SpecDiff(
        old_file=old_spec.file, new_file=new_spec.file,
        old_passed=old_report.passed, new_passed=new_report.passed,
        facts=_facts(old_spec, new_spec),
        units_added=[UnitRef(key=u.key, title=u.title) for u in added],
        units_removed=[UnitRef(key=u.key, title=u.title) for u in removed],
        units_changed=[c for c in (_unit_change(a, b, how) for a, b, how in pairs) if c],
        groups=_groups(old_spec, new_spec),
        combination=_combination(old_spec, new_spec),
        mappings=_mappings(old_spec, new_spec,
                           {id(a): b.key for a, b, _ in pairs}),
        coverage=_coverage(old_report, new_report),
        fixed=fixed, introduced=introduced, still_open=still_open,
    )


# -- units ------------------------------------------------------------------------------


def _norm(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if text else None


#: How units are matched, in order: each key function on both sides, then pairs.
_MATCHERS: tuple[tuple[str, Callable[[Unit], str | None]], ...] = (
    ("URN", lambda u: _norm(u.reference)),
    ("number", lambda u: _norm(u.number)),
    ("title", lambda u: _norm(u.title)),
)


def match_units(old: Sequence[Unit], new: Sequence[Unit],
                ) -> tuple[list[tuple[Unit, Unit, str]], list[Unit], list[Unit]]:
    """(matched pairs with how, removed, added), each in document order.

    A key shared by several units on one side matches none of them: two units
    with the same title are told apart by nothing, so guessing would be wrong
    half the time; they are left to the next key, or reported as removed and added.
    """
    left = list(range(len(old)))
    right = list(range(len(new)))
    pairs: list[tuple[int, int, str]] = []
    for how, key in _MATCHERS:
        old_keys = Counter(k for i in left if (k := key(old[i])))
        new_keys = Counter(k for j in right if (k := key(new[j])))
        by_key = {key(new[j]): j for j in right}
        taken: set[int] = set()
        kept: list[int] = []
        for i in left:
            k = key(old[i])
            if k and old_keys[k] == 1 and new_keys.get(k) == 1:
                j = by_key[k]
                pairs.append((i, j, how))
                taken.add(j)
            else:
                kept.append(i)
        left = kept
        right = [j for j in right if j not in taken]
    pairs.sort(key=lambda p: p[1])
    return ([(old[i], new[j], how) for i, j, how in pairs],
            [old[i] for i in left], [new[j] for j in right])


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _unit_change(old: Unit, new: Unit, how: str) -> UnitChange | None:
    changes = [Change(what=label, old=_text(getattr(old, name)), new=_text(getattr(new, name)))
               for name, label in UNIT_FIELDS
               if _comparable(getattr(old, name)) != _comparable(getattr(new, name))]
    if not changes:
        return None
    return UnitChange(old_key=old.key, new_key=new.key, matched_by=how, changes=changes)


def _comparable(value: object) -> object:
    return _norm(value) if isinstance(value, str) else value


def _claims(unit: Unit) -> Iterable[tuple[str, str]]:
    """(where in the unit, canonical reference) of every readable mapping of ``unit``."""
    for mapping in unit.mappings:
        if mapping.ref:
            yield "unit", mapping.ref
    for outcome in unit.outcomes:
        for mapping in outcome.mappings:
            if mapping.ref:
                yield f"LO {outcome.number}", mapping.ref
        for criterion in outcome.criteria:
            for mapping in criterion.mappings:
                if mapping.ref:
                    yield f"AC {criterion.number}", mapping.ref


# -- facts, groups, combination ------------------------------------------------------------


def _facts(old: QualificationSpec, new: QualificationSpec) -> list[Change]:
    changes = [Change(what=label, old=_text(getattr(old, name)), new=_text(getattr(new, name)))
               for name, label in FACTS
               if _comparable(getattr(old, name)) != _comparable(getattr(new, name))]
    for name in sorted(set(old.facts) | set(new.facts)):
        before, after = old.facts.get(name), new.facts.get(name)
        if _norm(before) != _norm(after):
            changes.append(Change(what=name, old=before, new=after))
    return changes


def _groups(old: QualificationSpec, new: QualificationSpec) -> list[Change]:
    def described(spec: QualificationSpec) -> dict[str, str]:
        return {g.id: f"{g.name} ({g.kind})" for g in spec.groups}

    before, after = described(old), described(new)
    return [Change(what=f"group {gid}", old=before.get(gid), new=after.get(gid))
            for gid in sorted(set(before) | set(after))
            if _norm(before.get(gid)) != _norm(after.get(gid))]


def describe_rule(rule: CreditRule) -> str:
    """A rule as a reviewer would say it: scope, level floor and bounds."""
    scope = "groups " + ", ".join(rule.groups) if rule.groups else "all optional units"
    parts = [scope]
    if rule.min_level is not None:
        parts.append(f"at level {rule.min_level} or above")
    for name, label in (("min_credits", "at least {} credits"), ("max_credits",
                        "at most {} credits"), ("min_hours", "at least {} hours"),
                        ("max_hours", "at most {} hours")):
        value = getattr(rule, name)
        if value is not None:
            parts.append(label.format(value))
    return ": ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]


def _combination(old: QualificationSpec, new: QualificationSpec) -> list[Change]:
    def statements(spec: QualificationSpec) -> Counter[str]:
        said: Counter[str] = Counter(f"rule: {describe_rule(r)}" for r in spec.combination.rules)
        for pathway in spec.combination.pathways:
            said[f"pathway {pathway.name}"] += 1
            said.update(f"pathway {pathway.name} rule: {describe_rule(r)}"
                        for r in pathway.rules)
        said.update("barred: " + " with ".join(sorted(b.units))
                    for b in spec.combination.barred)
        return said

    before, after = statements(old), statements(new)
    changes = [Change(what="rules of combination", old=s, new=None)
               for s in sorted((before - after).elements())]
    changes += [Change(what="rules of combination", old=None, new=s)
                for s in sorted((after - before).elements())]
    return changes


# -- mappings and coverage -------------------------------------------------------------------


def _claimants(spec: QualificationSpec, renamed: dict[int, str]) -> dict[str, set[str]]:
    """Criteria reference -> ``"unit K, AC 1.2"`` of every element that claims it.

    A unit of the old version matched to a new one is named by its new key
    (``renamed``, by object identity), so renumbering a unit moves no mapping.
    """
    claimed: dict[str, set[str]] = {}
    for unit in spec.units:
        key = renamed.get(id(unit), unit.key)
        for where, ref in _claims(unit):
            claimed.setdefault(ref, set()).add(key if where == "unit" else f"{key}, {where}")
    return claimed


def _mappings(old: QualificationSpec, new: QualificationSpec,
              renamed: dict[int, str]) -> list[MappingChange]:
    before, after = _claimants(old, renamed), _claimants(new, {})
    changes = []
    for ref in sorted(set(before) | set(after), key=_ref_order):
        gained = sorted(after.get(ref, set()) - before.get(ref, set()))
        lost = sorted(before.get(ref, set()) - after.get(ref, set()))
        if gained or lost:
            changes.append(MappingChange(ref=ref, gained=gained, lost=lost))
    return changes


def _ref_order(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: LMAC5C/SG/A.2 before LMAC5C/SG/A.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", ref) if part)


_STATUS_WORDS = {"mandatory": "covered by a mandatory unit",
                 "optional-only": "optional units only", "uncovered": "not covered"}


def _coverage(old: Report, new: Report) -> list[Change]:
    before = {row.ref: row.status for row in old.coverage.rows}
    after = {row.ref: row.status for row in new.coverage.rows}
    order = [row.ref for row in new.coverage.rows]
    order += [ref for ref in before if ref not in after]
    return [Change(what=ref, old=_STATUS_WORDS.get(before.get(ref, "")),
                   new=_STATUS_WORDS.get(after.get(ref, "")))
            for ref in order if before.get(ref) != after.get(ref)]


# -- findings ----------------------------------------------------------------------------------


def _finding_key(finding: Finding) -> tuple[str, str, str]:
    return finding.rule_id, finding.ref or "", finding.message


def _finding_ref(finding: Finding) -> FindingRef:
    return FindingRef(rule_id=finding.rule_id, severity=finding.severity,
                      message=finding.message, location=str(finding.location))


def match_findings(old: Sequence[Finding], new: Sequence[Finding],
                   ) -> tuple[list[FindingRef], list[FindingRef], list[FindingRef]]:
    """(fixed, introduced, still open), matched as a multiset by rule, reference and message."""
    remaining = Counter(_finding_key(f) for f in new)
    fixed = []
    for finding in old:
        key = _finding_key(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fixed.append(_finding_ref(finding))
    present = Counter(_finding_key(f) for f in old)
    introduced, still_open = [], []
    for finding in new:
        key = _finding_key(finding)
        if present[key] > 0:
            present[key] -= 1
            still_open.append(_finding_ref(finding))
        else:
            introduced.append(_finding_ref(finding))
    return fixed, introduced, still_open
