"""The rules-of-combination analysis: hours, pathways, genuine choice and what it cannot read.

Cases are data (CASES below, one per phrasing real specifications use, in
model form); each is also checked against a brute-force enumeration, and
hypothesis compares the analysis with brute force on small random specs.
Both exact methods are held to brute force: the dynamic programme (which
answers small instances) and the integer programme (forced by
:func:`answered_by`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from criteria_checker.engine import combination as combination_module
from criteria_checker.engine import combination_search, combination_solver
from criteria_checker.engine.combination import (
    IMPLICIT_PATHWAY_ID,
    CombinationAnalysis,
    PathwayAnalysis,
    analyse_combination,
)
from criteria_checker.errors import UsageError
from criteria_checker.model.spec import CreditRule, Pathway, QualificationSpec
from criteria_checker.model.validation import validate

# Units are written per group as credits (or a mapping of unit fields); the
# n-th unit of group G is numbered "G<n>", so its key is "Unit G<n>".
CASES = yaml.safe_load("""
- name: overall minimum
  text: Learners must achieve a minimum of 95 credits.
  groups: {M: mandatory, O: optional}
  units: {M: [40, 40], O: [5, 10, 15, 10]}
  rules: [{min_credits: 95}]
  expect:
    mandatory_hours: 800
    optional_required_hours: 150
    optional_min_hours: 150
    optional_max_hours: 200
    choice_count: 2
    pathways:
    - id: default
      name: the rules of combination
      satisfiable: true
      min_total_hours: 950
      max_total_hours: 1000
      min_selection_one_of: [[Unit O3], [Unit O1, Unit O2], [Unit O1, Unit O4]]
      max_selection: [Unit O2, Unit O4]

- name: mandatory plus optional minimum
  text: >-
    Learners must achieve a minimum of 95 credits: 80 credits from the mandatory
    units and a minimum of 15 credits from the optional units.
  groups: {M: mandatory, O: optional}
  units: {M: [40, 40], O: [5, 10, 15, 10]}
  rules:
  - {min_credits: 95}
  - {groups: [M], min_credits: 80, max_credits: 80}
  - {groups: [O], min_credits: 15}
  expect:
    mandatory_hours: 800
    optional_required_hours: 150
    optional_min_hours: 150
    optional_max_hours: 200
    choice_count: 2

- name: exact credits from the optional group
  text: >-
    Learners must achieve 39 credits from the Mandatory group and 19 credits
    from the optional group.
  groups: {M: mandatory, O: optional}
  units: {M: [20, 19], O: [3, 4, 6, 9, 10]}
  rules:
  - {groups: [M], min_credits: 39, max_credits: 39}
  - {groups: [O], min_credits: 19, max_credits: 19}
  expect:
    mandatory_hours: 390
    optional_required_hours: 190
    optional_min_hours: 190
    optional_max_hours: 190
    choice_count: 2
    pathways:
    - min_total_hours: 580
      max_total_hours: 580
      min_selection_one_of: [[Unit O4, Unit O5], [Unit O1, Unit O3, Unit O5],
                             [Unit O2, Unit O3, Unit O4]]

- name: groups with minimums and maximums
  text: >-
    5 to 10 credits from Group A, at least 5 credits from Group B and at least
    15 credits from Groups A and B together.
  groups: {M: mandatory, A: optional, B: optional}
  units: {M: [80], A: [5, 5, 10], B: [5, 10]}
  rules:
  - {groups: [A], min_credits: 5, max_credits: 10}
  - {groups: [B], min_credits: 5}
  - {groups: [A, B], min_credits: 15}
  expect:
    optional_required_hours: 150
    optional_min_hours: 150
    optional_max_hours: 200
    choice_count: 2
    pathways:
    - min_total_hours: 950
      max_total_hours: 1000
      max_selection: [Unit A3, Unit B2]

- name: the remaining credits from several groups
  text: >-
    67 credits from the mandatory group, a minimum of 12 credits from Optional
    Group 01 and the remaining 11 credits from Optional Groups 01, 02, 03 or 04.
  groups: {M: mandatory, O1: optional, O2: optional, O3: optional, O4: optional}
  units: {M: [67], O1: [12, 6, 6], O2: [11], O3: [5, 6], O4: [11, 12]}
  rules:
  - {groups: [M], min_credits: 67, max_credits: 67}
  - {groups: [O1], min_credits: 12}
  - {groups: [O1, O2, O3, O4], min_credits: 23, max_credits: 23}
  expect:
    mandatory_hours: 670
    optional_required_hours: 230
    optional_min_hours: 230
    optional_max_hours: 230
    choice_count: 2
    pathways:
    - {satisfiable: true, min_total_hours: 900, max_total_hours: 900}

- name: level floor that optional units must meet
  text: Learners must achieve 95 credits, at least 20 of them at level 5 or above.
  groups: {M: mandatory, O: optional}
  units:
    M: [{credit: 60, level: 4}]
    O: [{credit: 20, level: 4}, {credit: 20, level: 5},
        {credit: 15, level: 5}, {credit: 15, level: 3}]
  rules:
  - {min_credits: 95}
  - {min_credits: 20, min_level: 5}
  expect:
    optional_required_hours: 350
    optional_min_hours: 350
    optional_max_hours: 400
    choice_count: 2
    pathways:
    - min_selection_one_of: [[Unit O2, Unit O3], [Unit O2, Unit O4]]
      max_selection: [Unit O1, Unit O2]

- name: level floor the mandatory units already meet
  text: Learners must achieve 95 credits, at least 20 of them at level 5 or above.
  groups: {M: mandatory, O: optional}
  units:
    M: [{credit: 60, level: 5}]
    O: [{credit: 20, level: 4}, {credit: 20, level: 5},
        {credit: 15, level: 5}, {credit: 15, level: 3}]
  rules:
  - {min_credits: 95}
  - {min_credits: 20, min_level: 5}
  expect:
    optional_required_hours: 350
    optional_min_hours: 350
    optional_max_hours: 400
    choice_count: 2

- name: barred pairs that remove the choice
  text: A minimum of 15 credits from the optional units; O3 cannot be taken with O1 or O2.
  groups: {M: mandatory, O: optional}
  units: {M: [80], O: [10, 5, 10]}
  rules: [{groups: [O], min_credits: 15}]
  barred: [[Unit O1, Unit O3], [Unit O2, Unit O3]]
  expect:
    choice_count: 1
    optional_min_hours: 150
    optional_max_hours: 150
    pathways:
    - {min_selection: [Unit O1, Unit O2], max_selection: [Unit O1, Unit O2], choice_count: 1}

- name: a barred pair that leaves a choice
  text: A minimum of 15 credits from the optional units; O1 and O3 cannot both be taken.
  groups: {M: mandatory, O: optional}
  units: {M: [80], O: [10, 5, 10]}
  rules: [{groups: [O], min_credits: 15}]
  barred: [[Unit O1, Unit O3]]
  expect:
    choice_count: 2
    optional_min_hours: 150
    optional_max_hours: 150

- name: barred units in different groups
  text: >-
    At least 10 credits from Group A and 20 from Groups A and B; B1 cannot be
    taken with A1 or A2.
  groups: {M: mandatory, A: optional, B: optional}
  units: {M: [80], A: [10, 10], B: [10]}
  rules: [{groups: [A], min_credits: 10}, {groups: [A, B], min_credits: 20}]
  barred: [[Unit A1, Unit B1], [Unit A2, Unit B1]]
  expect:
    choice_count: 1
    pathways:
    - {min_selection: [Unit A1, Unit A2], max_selection: [Unit A1, Unit A2]}

- name: an optional unit barred with a mandatory unit is never taken
  text: A minimum of 15 credits from the optional units; O3 cannot be taken with M1.
  groups: {M: mandatory, O: optional}
  units: {M: [80], O: [10, 5, 10]}
  rules: [{groups: [O], min_credits: 15}]
  barred: [[Unit M1, Unit O3]]
  expect:
    choice_count: 1
    pathways:
    - {min_selection: [Unit O1, Unit O2]}

- name: pathways one of which breaks the TQT band
  text: >-
    Residential: 14 credits from Optional Group 1. Community: 22 credits from
    Optional Group 2.
  groups: {M: mandatory, O1: optional, O2: optional}
  units: {M: [78], O1: [7, 7, 14], O2: [12, 10, 24]}
  pathways:
  - {id: P1, name: Residential, rules: [{groups: [O1], min_credits: 14}]}
  - {id: P2, name: Community, rules: [{groups: [O2], min_credits: 22}]}
  expect:
    mandatory_hours: 780
    optional_required_hours: 140
    optional_min_hours: 140
    optional_max_hours: 240
    choice_count: 2
    pathways:
    - {id: P1, name: Residential, satisfiable: true, min_total_hours: 920, max_total_hours: 920,
       required_optional_hours: 140}
    - {id: P2, name: Community, satisfiable: true, min_total_hours: 1000, max_total_hours: 1020,
       required_optional_hours: 220, min_selection: [Unit O21, Unit O22], max_selection: [Unit O23]}

- name: an unsatisfiable pathway
  text: >-
    Residential: 14 credits from Optional Group 1. Community: 50 credits from
    Optional Group 2.
  groups: {M: mandatory, O1: optional, O2: optional}
  units: {M: [78], O1: [7, 7, 14], O2: [12, 10, 24]}
  pathways:
  - {id: P1, name: Residential, rules: [{groups: [O1], min_credits: 14}]}
  - id: P2
    name: Community
    rules: [{groups: [O2], min_credits: 50, text: A minimum of 50 credits from Optional Group 2}]
  expect:
    optional_min_hours: 140
    optional_max_hours: 140
    choice_count: 2
    pathways:
    - {id: P1, satisfiable: true}
    - id: P2
      satisfiable: false
      min_total_hours: null
      min_selection: []
      reason: >-
        the rule 'A minimum of 50 credits from Optional Group 2' of pathway 'Community'
        cannot be met: it needs 500 hours and the units it counts give at most 460

- name: a single forced selection is no genuine choice
  text: A minimum of 15 credits from the optional units.
  groups: {M: mandatory, O: optional}
  units: {M: [80], O: [15]}
  rules: [{groups: [O], min_credits: 15}]
  expect:
    choice_count: 1
    optional_min_hours: 150
    optional_max_hours: 150
    pathways:
    - {min_selection: [Unit O1], max_selection: [Unit O1], choice_count: 1}

- name: pathways that each force a different selection still give a choice
  text: "Pathway 1: unit O1. Pathway 2: unit O2."
  groups: {M: mandatory, O1: optional, O2: optional}
  units: {M: [80], O1: [15], O2: [15]}
  pathways:
  - {id: "1", name: One, rules: [{groups: [O1], min_credits: 15}]}
  - {id: "2", name: Two, rules: [{groups: [O2], min_credits: 15}]}
  expect:
    choice_count: 2
    pathways:
    - {choice_count: 1, min_selection: [Unit O11]}
    - {choice_count: 1, min_selection: [Unit O21]}

- name: rules that say nothing about optional units
  text: Learners must achieve 90 credits from the mandatory units.
  groups: {M: mandatory, O: optional}
  units: {M: [90], O: [10, 5]}
  rules: [{groups: [M], min_credits: 90, max_credits: 90}]
  expect:
    optional_required_hours: null
    optional_min_hours: 0
    optional_max_hours: 0
    has_optional_units: true
    choice_count: 1
    pathways:
    - {min_total_hours: 900, max_total_hours: 900, min_selection: []}

- name: no optional units at all
  text: Learners must achieve 92 credits from the mandatory units.
  groups: {M: mandatory}
  units: {M: [46, 46]}
  rules: [{groups: [M], min_credits: 92}]
  expect:
    mandatory_hours: 920
    has_optional_units: false
    optional_required_hours: null
    choice_count: 1

- name: a maximum the mandatory units already exceed
  text: No more than 80 credits from the mandatory units.
  groups: {M: mandatory, O: optional}
  units: {M: [46, 46], O: [10]}
  rules: [{groups: [M], max_credits: 80}, {groups: [O], min_credits: 10}]
  expect:
    choice_count: 0
    optional_min_hours: null
    pathways:
    - satisfiable: false
      reason: >-
        the rule on group M (maximum 80 credits) cannot be met: the mandatory
        units it counts already give 920 hours, more than 800

- name: unit TQT is used before credit
  text: A minimum of 15 credits from the optional units.
  groups: {M: mandatory, O: optional}
  units: {M: [{credit: 80, tqt: 790}], O: [{credit: 15, tqt: 155}]}
  rules: [{groups: [O], min_credits: 15}]
  expect:
    mandatory_hours: 790
    optional_min_hours: 155
    pathways:
    - {min_total_hours: 945}
""")


def unit_fields(group: str, index: int, value: int | dict[str, Any]) -> dict[str, Any]:
    fields = {"credit": value} if isinstance(value, int) else dict(value)
    return {"number": f"{group}{index}", "title": f"Unit {group}{index} title",
            "group": group, **fields}


def case_spec(case: dict[str, Any]) -> QualificationSpec:
    return validate(QualificationSpec, case_data(case))


def case_data(case: dict[str, Any]) -> dict[str, Any]:
    """The specification of a case, as written data."""
    return {
        "file": "case.xml", "format": "xml",
        "groups": [{"id": g, "name": f"Group {g}", "kind": kind}
                   for g, kind in case["groups"].items()],
        "units": [unit_fields(g, i, value) for g, values in case["units"].items()
                  for i, value in enumerate(values, start=1)],
        "combination": {"rules": case.get("rules", []), "pathways": case.get("pathways", []),
                        "barred": [{"units": names} for names in case.get("barred", [])]},
    }


def check_pathway(pathway: PathwayAnalysis, expected: dict[str, Any]) -> None:
    for field, value in expected.items():
        if field == "min_selection_one_of":
            assert pathway.min_selection in value
        elif field == "reason":
            assert pathway.reason == " ".join(value.split())
        else:
            assert getattr(pathway, field) == value, field


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    analysis = analyse_combination(case_spec(case))
    expected = dict(case["expect"])
    pathways = expected.pop("pathways", [])
    for field, value in expected.items():
        assert getattr(analysis, field) == value, field
    if pathways:
        assert len(analysis.pathways) == len(pathways)
    for pathway, wanted in zip(analysis.pathways, pathways, strict=False):
        check_pathway(pathway, wanted)
    assert analysis.problems == []
    assert analysis.complete


METHODS = ["programme", "solver"]


@contextmanager
def answered_by(method: str) -> Iterator[None]:
    """Analyses inside answered by ``method``: small instances go to the programme anyway."""
    if method == "programme":
        yield
        return
    saved = combination_search.MAX_PREDICTED
    combination_search.MAX_PREDICTED = -1  # every prediction is beyond it
    try:
        yield
    finally:
        combination_search.MAX_PREDICTED = saved


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_agrees_with_brute_force(case: dict[str, Any], method: str) -> None:
    spec = case_spec(case)
    with answered_by(method):
        analysis = analyse_combination(spec)
    assert_agrees(spec, analysis)
    assert analysis.problems == []


# -- brute force: every subset of the optional units, straight from the definitions --

def hours_of(spec: QualificationSpec, index: int, per_credit: int = 10) -> int:
    unit = spec.units[index]
    if unit.tqt is not None:
        return unit.tqt
    return unit.credit * per_credit if unit.credit is not None else 0


def rule_bounds(rule: CreditRule) -> tuple[int | None, int | None]:
    lows = [v for v in (None if rule.min_credits is None else rule.min_credits * 10,
                        rule.min_hours) if v is not None]
    highs = [v for v in (None if rule.max_credits is None else rule.max_credits * 10,
                         rule.max_hours) if v is not None]
    return (max(lows) if lows else None), (min(highs) if highs else None)


def validity(spec: QualificationSpec) -> tuple[list[int], list[Callable[[frozenset[int]], bool]]]:
    """The optional units (by index) and, per pathway, whether a selection of them is valid."""
    kinds = {g.id: g.kind for g in spec.groups}
    kind = [kinds.get(u.group or "") for u in spec.units]
    mandatory = [i for i, k in enumerate(kind) if k == "mandatory"]
    optional = [i for i, k in enumerate(kind) if k == "optional"]
    hours = [hours_of(spec, i) for i in range(len(spec.units))]
    barred = [{i for i, u in enumerate(spec.units) if u.key in b.units}
              for b in spec.combination.barred]
    result = []
    pathways: list[Pathway | None] = [*spec.combination.pathways] or [None]
    for pathway in pathways:
        checks = []
        for rule in [*spec.combination.rules, *(pathway.rules if pathway else [])]:
            def counts(i: int, rule: CreditRule = rule) -> bool:
                unit = spec.units[i]
                return kind[i] is not None and (not rule.groups or unit.group in rule.groups) \
                    and (rule.min_level is None or (unit.level or 0) >= rule.min_level)
            fixed = sum(hours[i] for i in mandatory if counts(i))
            checks.append((fixed, {i: hours[i] for i in optional if counts(i)},
                           *rule_bounds(rule)))

        def valid(chosen: frozenset[int], checks: list[Any] = checks) -> bool:
            taken = set(mandatory) | chosen
            return all((low is None or total >= low) and (high is None or total <= high)
                       for fixed, counted, low, high in checks
                       for total in [fixed + sum(counted.get(i, 0) for i in chosen)]) \
                and all(len(b & taken) < 2 for b in barred)

        result.append(valid)
    return optional, result


def brute_force(spec: QualificationSpec) -> list[list[frozenset[int]]]:
    """Per pathway, every valid inclusion-minimal selection of optional units (by index)."""
    optional, checkers = validity(spec)
    subsets = [frozenset(optional[j] for j in range(len(optional)) if mask >> j & 1)
               for mask in range(1 << len(optional))]
    result = []
    for valid in checkers:
        ok = [valid(chosen) for chosen in subsets]
        result.append([subsets[mask] for mask in range(len(subsets)) if ok[mask] and not any(
            ok[mask & ~(1 << j)] for j in range(len(optional)) if mask >> j & 1)])
    return result


def assert_valid_and_minimal(spec: QualificationSpec, pathway: int, keys: list[str]) -> None:
    """The selection meets every rule of the pathway and loses that by dropping any unit."""
    index = {u.key: i for i, u in enumerate(spec.units)}
    chosen = frozenset(index[k] for k in keys)
    valid = validity(spec)[1][pathway]
    assert valid(chosen)
    assert not any(valid(chosen - {i}) for i in chosen)


def assert_agrees(spec: QualificationSpec, analysis: CombinationAnalysis) -> None:
    index = {u.key: i for i, u in enumerate(spec.units)}
    expected = brute_force(spec)
    everything: set[frozenset[int]] = set()
    for pathway, selections in zip(analysis.pathways, expected, strict=True):
        everything.update(selections)
        assert pathway.satisfiable == bool(selections)
        assert pathway.choice_count == min(2, len(selections))
        if not selections:
            continue
        sizes = {s: sum(hours_of(spec, i) for i in s) for s in selections}
        assert pathway.min_optional_hours == min(sizes.values())
        assert pathway.max_optional_hours == max(sizes.values())
        low = frozenset(index[k] for k in pathway.min_selection)
        high = frozenset(index[k] for k in pathway.max_selection)
        assert sizes.get(low) == pathway.min_optional_hours
        assert sizes.get(high) == pathway.max_optional_hours
    assert analysis.choice_count == min(2, len(everything))


@st.composite
def small_specs(draw: Callable[..., Any]) -> QualificationSpec:
    """Up to 10 optional units in up to 4 groups under overlapping rules, pathways, bars."""
    group_ids = ["M", *(f"O{i}" for i in range(draw(st.integers(1, 4))))]
    units = []
    for i in range(draw(st.integers(0, 2)) + draw(st.integers(3, 10))):
        group = "M" if i < 2 and draw(st.booleans()) else draw(st.sampled_from(group_ids[1:]))
        known = group == "M" or draw(st.integers(0, 19)) > 0
        units.append({"number": str(i + 1), "title": f"t{i}", "group": group,
                      "credit": draw(st.integers(1, 6)) if known else None,
                      "level": draw(st.sampled_from([None, 3, 3, 4, 4, 4, 5, 5, 5]))})

    def rule() -> dict[str, Any]:
        # Mostly minimums, some maximums: minimums are what make choices differ.
        low = draw(st.sampled_from([None, *range(1, 13), *range(1, 13)]))
        high = draw(st.sampled_from([None, None, *range(13)]))
        high = None if high is None else (low or 0) + high
        if low is None and high is None:
            low = draw(st.integers(1, 12))
        fields: dict[str, Any] = {
            "groups": draw(st.lists(st.sampled_from(group_ids), unique=True, max_size=3)),
            "min_level": draw(st.sampled_from([None, None, None, None, 4, 5]))}
        if draw(st.booleans()):
            fields.update(min_hours=None if low is None else low * 10,
                          max_hours=None if high is None else high * 10)
        else:
            fields.update(min_credits=low, max_credits=high)
        return fields

    keys = [f"Unit {i + 1}" for i in range(len(units))]
    return validate(QualificationSpec, {
        "file": "random.xml", "format": "xml",
        "groups": [{"id": g, "name": g, "kind": "mandatory" if g == "M" else "optional"}
                   for g in group_ids],
        "units": units,
        "combination": {
            "rules": [rule() for _ in range(draw(st.integers(1, 5)))],
            "pathways": [{"id": f"P{i}", "name": f"P{i}",
                          "rules": [rule() for _ in range(draw(st.integers(0, 2)))]}
                         for i in range(draw(st.integers(0, 2)))],
            "barred": [{"units": draw(st.lists(st.sampled_from(keys), min_size=2, max_size=3,
                                               unique=True))}
                       for _ in range(draw(st.integers(0, 3)))],
        },
    })


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=small_specs())
def test_agrees_with_brute_force(spec: QualificationSpec, method: str) -> None:
    with answered_by(method):
        analysis = analyse_combination(spec)
    assert_agrees(spec, analysis)
    assert analysis.complete
    for pathway in analysis.pathways:
        if pathway.satisfiable:
            assert pathway.min_optional_hours is not None
            assert pathway.max_optional_hours is not None
            assert pathway.min_optional_hours <= pathway.max_optional_hours


# -- what cannot be evaluated ---------------------------------------------------

def spec_of(**fields: Any) -> QualificationSpec:
    base: dict[str, Any] = {
        "file": "s.xml", "format": "xml",
        "groups": [{"id": "M", "name": "Mandatory", "kind": "mandatory"},
                   {"id": "O", "name": "Optional", "kind": "optional"}],
        "units": [{"reference": "H/650/2101", "title": "Leading", "credit": 80, "group": "M"},
                  {"number": "601", "title": "Digital skills", "credit": 10, "group": "O"},
                  {"number": "602", "title": "Dementia care", "credit": 10, "group": "O"}],
    }
    base.update(fields)
    return validate(QualificationSpec, base)


@pytest.mark.parametrize(("combination", "problems"), [
    ({"rules": [{"groups": ["Q"], "min_credits": 10, "text": "10 credits from Group Q."}]},
     ["the rule '10 credits from Group Q.' names group 'Q', which the specification does not "
      "define: the rule is not evaluated"]),
    ({"rules": [{"groups": ["O"]}]},
     ["the rule on group O states no minimum or maximum: the rule is not evaluated"]),
    ({"rules": [{"groups": ["O"], "min_credits": 10}],
      "barred": [{"units": ["Unit 601", "Unit 699"], "text": "601 and 699 are barred."}]},
     ["barred combination '601 and 699 are barred.' names 'Unit 699', which matches no unit "
      "of the specification"]),
    ({"rules": [{"groups": [], "min_credits": 20, "min_level": 5}]},
     ["the rule on all units at level 5 or above (minimum 20 credits) counts units at level "
      "5 or above, but unit H/650/2101 states no level: it is not counted",
      "the rule on all units at level 5 or above (minimum 20 credits) counts units at level "
      "5 or above, but unit Unit 601 states no level: it is not counted",
      "the rule on all units at level 5 or above (minimum 20 credits) counts units at level "
      "5 or above, but unit Unit 602 states no level: it is not counted"]),
], ids=["unknown group", "no bounds", "unknown barred unit", "no level"])
def test_problems(combination: dict[str, Any], problems: list[str]) -> None:
    assert analyse_combination(spec_of(combination=combination)).problems == problems


def test_unit_without_hours() -> None:
    spec = spec_of(
        units=[{"reference": "H/650/2101", "title": "Leading", "group": "M"},
               {"number": "601", "title": "Digital skills", "group": "O"},
               {"number": "602", "title": "Dementia care", "credit": 10, "group": "O"},
               {"number": "603", "title": "Orphan", "credit": 5, "group": "Z"}],
        combination={"rules": [{"groups": ["O"], "min_credits": 10},
                               {"groups": [], "min_credits": 90}]})
    analysis = analyse_combination(spec)
    assert analysis.mandatory_hours is None
    assert analysis.problems == [
        "mandatory unit H/650/2101 states neither TQT nor credit: the mandatory hours are "
        "unknown",
        "optional unit Unit 601 states neither TQT nor credit: it is left out of the optional "
        "selections",
        "unit Unit 603 is in group 'Z', which the specification does not define: it takes no "
        "part in the rules of combination",
        "the rule on all units (minimum 90 credits) counts mandatory unit H/650/2101, whose "
        "hours are unknown: the rule is not evaluated",
    ]
    [pathway] = analysis.pathways
    assert (pathway.satisfiable, pathway.min_selection, pathway.min_total_hours) == (
        True, ["Unit 602"], None)
    assert (analysis.optional_min_hours, analysis.optional_required_hours) == (100, 100)


def test_group_with_no_units_is_a_problem_and_unsatisfiable() -> None:
    spec = spec_of(groups=[{"id": "M", "name": "Mandatory", "kind": "mandatory"},
                           {"id": "O", "name": "Optional", "kind": "optional"},
                           {"id": "E", "name": "Empty", "kind": "optional"}],
                   combination={"rules": [{"groups": ["E"], "min_credits": 5}]})
    analysis = analyse_combination(spec)
    assert analysis.problems == ["the rule on group E (minimum 5 credits) names group 'E', "
                                 "which has no units"]
    assert analysis.pathways[0].reason == (
        "the rule on group E (minimum 5 credits) cannot be met: it needs 50 hours and the "
        "units it counts give at most 0")


def test_barred_names_match_leniently() -> None:
    spec = spec_of(combination={
        "rules": [{"groups": ["O"], "min_credits": 10}],
        "barred": [{"units": ["unit 601", "DEMENTIA  CARE"]}]})
    assert analyse_combination(spec).choice_count == 2  # each alone meets the rule
    spec = spec_of(combination={
        "rules": [{"groups": ["O"], "min_credits": 20}],
        "barred": [{"units": ["601", "Dementia care"]}]})
    analysis = analyse_combination(spec)
    assert (analysis.problems, analysis.pathways[0].satisfiable) == ([], False)


def test_mandatory_units_barred_together() -> None:
    spec = spec_of(
        units=[{"reference": "H/650/2101", "title": "Leading", "credit": 40, "group": "M"},
               {"reference": "H/650/2102", "title": "Managing", "credit": 40, "group": "M"}],
        combination={"barred": [{"units": ["H/650/2101", "h/650/2102"]}]})
    [pathway] = analyse_combination(spec).pathways
    assert (pathway.satisfiable, pathway.reason) == (
        False, "mandatory units H/650/2101 and H/650/2102 are barred from being taken together")


def test_bounds_that_cannot_both_hold() -> None:
    spec = spec_of(combination={"rules": [{"groups": ["O"], "min_credits": 20},
                                          {"groups": ["O"], "max_credits": 10}]})
    assert analyse_combination(spec).pathways[0].reason == (
        "the rule on group O (minimum 20 credits) and the rule on group O (maximum 10 credits) "
        "cannot both be met")


def test_implicit_pathway() -> None:
    [pathway] = analyse_combination(spec_of()).pathways
    assert (pathway.id, pathway.name) == (IMPLICIT_PATHWAY_ID, "the rules of combination")


def test_hours_per_credit() -> None:
    spec = spec_of(combination={"rules": [{"groups": ["O"], "min_credits": 10}]})
    analysis = analyse_combination(spec, hours_per_credit=8)
    assert (analysis.mandatory_hours, analysis.optional_required_hours,
            analysis.pathways[0].min_total_hours) == (640, 80, 720)
    with pytest.raises(UsageError, match="hours per credit must be a positive whole number, "
                                         "not 0"):
        analyse_combination(spec, hours_per_credit=0)


def test_same_input_same_answer() -> None:
    spec = case_spec(CASES[0])
    assert analyse_combination(spec) == analyse_combination(spec)


# -- size: fast on real shapes, refuses rather than hangs beyond its limits ------

def sixty_units(rules: list[dict[str, Any]], *, barred: int = 3,
                odd_hours: bool = False) -> QualificationSpec:
    """60 optional units in 6 groups, credits 1-20 drawn from a fixed sequence."""
    credits = [3, 15, 6, 10, 20, 4, 12, 8, 5, 15, 1, 10, 6, 2, 8, 12, 4, 5, 20, 3]
    units = [{"reference": f"A/600/{i:04d}", "title": f"m{i}", "credit": 4, "level": 5,
              "group": "M"} for i in range(17)]
    for g in range(6):
        for j in range(10):
            n = 10 * g + j
            value = credits[(7 * n + g) % len(credits)]
            units.append({"reference": f"B/6{g:02d}/{j:04d}", "title": f"o{n}",
                          "level": 4 + n % 2, "group": f"O{g + 1}",
                          **({"tqt": value * 10 + n % 7} if odd_hours else {"credit": value})})
    optional = [u["reference"] for u in units if u["group"] != "M"]
    return validate(QualificationSpec, {
        "file": "big.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"}] + [
            {"id": f"O{g + 1}", "name": f"O{g + 1}", "kind": "optional"} for g in range(6)],
        "units": units,
        "combination": {"rules": rules, "barred": [
            {"units": [optional[5 * k], optional[59 - 7 * k]]} for k in range(barred)]},
    })


GROUPS = [f"O{g + 1}" for g in range(6)]
SEVERAL_RULES: list[dict[str, Any]] = [
    {"min_credits": 90},
    {"groups": ["O1"], "min_credits": 12},
    {"groups": GROUPS[:4], "min_credits": 23, "max_credits": 30},
    {"groups": ["O5"], "max_credits": 10},
    {"groups": ["O6"], "min_credits": 3},
    {"groups": GROUPS, "max_credits": 40},
]


def cpu_seconds(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def test_sixty_optional_units_in_six_groups_is_fast() -> None:
    spec = sixty_units(SEVERAL_RULES)
    analysis = analyse_combination(spec)
    assert analysis.complete and analysis.choice_count == 2
    assert cpu_seconds(lambda: analyse_combination(spec)) < 0.1


def test_overlapping_rules_with_a_level_floor_stay_fast() -> None:
    spec = sixty_units([*SEVERAL_RULES, {"min_credits": 75, "min_level": 5}])
    assert analyse_combination(spec).complete
    assert cpu_seconds(lambda: analyse_combination(spec)) < 0.5


def test_hands_over_beyond_the_state_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = sixty_units(SEVERAL_RULES)
    by_programme = analyse_combination(spec)
    monkeypatch.setattr(combination_search, "MAX_STATES", 5)
    by_solver = analyse_combination(spec)
    assert (by_solver.problems, by_solver.complete) == ([], True)
    [low, high] = [analysis.pathways[0] for analysis in (by_programme, by_solver)]
    assert (high.min_optional_hours, high.max_optional_hours, high.choice_count) == (
        low.min_optional_hours, low.max_optional_hours, low.choice_count)
    assert_valid_and_minimal(spec, 0, high.min_selection)
    assert_valid_and_minimal(spec, 0, high.max_selection)


def test_a_search_beyond_the_programme_is_answered_exactly() -> None:
    # Odd hours give every partial sum its own state: far beyond the programme.
    rules = [{"groups": GROUPS[k:k + 3], "min_hours": 150 + 40 * k} for k in range(4)]
    rules += [{"min_hours": 600, "min_level": 5}, {"min_hours": 900, "max_hours": 2000}]
    spec = sixty_units(rules, barred=6, odd_hours=True)
    with pytest.raises(combination_search.SearchTooLarge):
        combination_search.search(*search_arguments(spec), method="programme")
    analysis = analyse_combination(spec)
    assert (analysis.problems, analysis.complete, analysis.choice_count) == ([], True, 2)
    [pathway] = analysis.pathways
    assert (pathway.analysed, pathway.satisfiable) == (True, True)
    # The global minimum less the mandatory 680 hours, met exactly; the most
    # is short of 420 + the largest unit (206 hours) - 1.
    assert (pathway.min_optional_hours, pathway.max_optional_hours) == (420, 862)
    for selection, hours in ((pathway.min_selection, pathway.min_optional_hours),
                             (pathway.max_selection, pathway.max_optional_hours)):
        assert_valid_and_minimal(spec, 0, selection)
        assert sum(hours_of(spec, i) for i, u in enumerate(spec.units)
                   if u.key in selection) == hours


def search_arguments(spec: QualificationSpec) -> tuple[Any, ...]:
    """What the analysis of ``spec`` (one pathway) passes to the search."""
    captured: list[tuple[Any, ...]] = []
    real = combination_search.search

    def recorded(*args: Any, **keywords: Any) -> combination_search.SearchResult:
        captured.append(args)
        return real(*args, **keywords)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("criteria_checker.engine.combination.search", recorded)
        analyse_combination(spec)
    [arguments] = captured
    return arguments


def test_the_solver_stops_at_its_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A last resort: the pathway is then reported as not analysed, as a refusal is.
    monkeypatch.setattr(combination_solver, "TIME_LIMIT", 0.0)
    with answered_by("solver"):
        analysis = analyse_combination(sixty_units(SEVERAL_RULES))
    assert analysis.problems == ["the rules of combination could not be analysed exactly: "
                                 "the solver stopped without an answer (Time limit reached)"]
    [pathway] = analysis.pathways
    assert (analysis.complete, pathway.analysed, pathway.satisfiable, pathway.min_total_hours,
            analysis.choice_count) == (False, False, True, None, 2)


def test_the_pathways_of_a_specification_share_one_time_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A clock that each search moves on by 2 of the 5 seconds: the third pathway starts
    # with 1 left, which is what its solves may take, and the fourth finds none left.
    spec = sixty_units(SEVERAL_RULES)
    spec = dataclasses.replace(spec, combination=dataclasses.replace(
        spec.combination, pathways=[Pathway(id=f"P{p}", name=f"P{p}", rules=[
            CreditRule(groups=[f"O{p + 1}"], max_credits=30)]) for p in range(4)]))
    clock = [0.0]
    limits: list[float | None] = []
    real = combination_module.search

    def slow(*args: Any, time_limit: float | None = None) -> Any:
        limits.append(time_limit)
        clock[0] += 2.0
        return real(*args, time_limit=time_limit)

    monkeypatch.setattr(combination_module, "monotonic", lambda: clock[0])
    monkeypatch.setattr(combination_module, "search", slow)
    monkeypatch.setattr(combination_module, "TIME_LIMIT", 5.0)
    analysis = analyse_combination(spec)
    assert limits == [5.0, 3.0, 1.0]
    assert [p.analysed for p in analysis.pathways] == [True, True, True, False]
    assert analysis.problems == ["pathway 'P3' could not be analysed exactly: the search "
                                 "stops after 5 seconds for all pathways together, and they "
                                 "had been spent"]
    assert analysis.complete is False


def test_a_solve_takes_no_longer_than_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the pathways have left caps the solver below its own limit.
    with answered_by("solver"):
        search = combination_search.search(*search_arguments(sixty_units(SEVERAL_RULES)),
                                           time_limit=300.0)
        assert search.count == 2
        with pytest.raises(combination_search.SearchTooLarge,
                           match=r"^the solver stopped without an answer \(Time limit reached\)$"):
            combination_search.search(*search_arguments(sixty_units(SEVERAL_RULES)),
                                      time_limit=0.0)


# -- the search on its own: arbitrary overlapping bounds against brute force -------

@st.composite
def search_problems(draw: Callable[..., Any]) -> tuple[dict[int, int], list[
        combination_search.Bound], dict[int, frozenset[int]]]:
    """Up to 9 units under up to 5 overlapping bounds, mostly tight minimums, a few bars."""
    units = list(range(draw(st.integers(1, 9))))
    hours = {u: draw(st.integers(1, 4)) for u in units}
    bounds = []
    for k in range(draw(st.integers(1, 5))):
        scope = frozenset(draw(st.sets(st.sampled_from(units), min_size=1)))
        fixed = draw(st.sampled_from([0, 0, 1, 2]))
        offered = sum(hours[u] for u in scope)
        # Minimums inside what the scope offers, so most problems have answers.
        low = draw(st.none() | st.integers(1, fixed + offered) | st.integers(1, fixed + offered))
        high = draw(st.none() | st.none() | st.integers(0, offered + fixed))
        if low is not None and high is not None:
            high = max(high, low)
        bounds.append(combination_search.Bound(f"bound {k}", scope, fixed, low, high))
    conflicts: dict[int, set[int]] = {}
    for _ in range(draw(st.integers(0, 3)) if len(units) > 1 else 0):
        a, b = draw(st.lists(st.sampled_from(units), min_size=2, max_size=2, unique=True))
        conflicts.setdefault(a, set()).add(b)
        conflicts.setdefault(b, set()).add(a)
    return hours, bounds, {u: frozenset(c) for u, c in conflicts.items()}


def brute_search(hours: dict[int, int], bounds: list[combination_search.Bound],
                 conflicts: dict[int, frozenset[int]]) -> dict[frozenset[int], int]:
    """Every valid inclusion-minimal selection, with its hours."""
    units = sorted(hours)

    def valid(chosen: frozenset[int]) -> bool:
        for bound in bounds:
            total = bound.fixed + sum(hours[u] for u in chosen if u in bound.scope)
            if (bound.lo is not None and total < bound.lo) or \
                    (bound.hi is not None and total > bound.hi):
                return False
        return not any(conflicts.get(u, frozenset()) & chosen for u in chosen)

    subsets = [frozenset(u for i, u in enumerate(units) if mask >> i & 1)
               for mask in range(1 << len(units))]
    ok = {s for s in subsets if valid(s)}
    return {s: sum(hours[u] for u in s) for s in ok if not any(s - {u} in ok for u in s)}


Bound = combination_search.Bound


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=300, deadline=None)
@given(problem=search_problems())
# Unit 7 is counted by two minimums; B closes first with slack exactly its hours.
@example(problem=({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 2, 7: 1, 8: 5},
          [Bound("A", frozenset({6, 7}), 0, 2), Bound("B", frozenset({1, 2, 3, 4, 5, 7, 8}), 0, 5)],
          {}))
# Taking all of unit 3 would leave unit 1's slack exactly equal to its hours.
@example(problem=({1: 3, 2: 3, 3: 4},
          [Bound("G", frozenset({1, 2, 3}), 0, 4), Bound("Y", frozenset({3}), 0, 4)], {}))
# A pending unit larger than any still to come: the capped sum must still show its slack.
@example(problem=({0: 1, 1: 1, 2: 3},
          [Bound("A", frozenset({0}), 0, 1), Bound("B", frozenset({0, 1, 2}), 0, 1)], {}))
# Two conditions on the same bounds: the stricter one must be kept.
@example(problem=({0: 1, 1: 2, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1, 7: 3, 8: 4},
          [Bound("A", frozenset({0, 1}), 0, 1), Bound("B", frozenset(range(9)), 0, 13),
           Bound("C", frozenset({0}), 0, None, None), Bound("D", frozenset({0, 2}), 0, 1)], {}))
def test_search_agrees_with_brute_force(problem: tuple[dict[int, int], list[
        combination_search.Bound], dict[int, frozenset[int]]], method: str) -> None:
    hours, bounds, conflicts = problem
    expected = brute_search(hours, bounds, conflicts)
    found = combination_search.search(hours, bounds, conflicts,
                                      method="programme" if method == "programme" else "solver")
    assert found.count == min(2, len(expected))
    if expected:
        assert (found.min_hours, found.max_hours) == (min(expected.values()),
                                                      max(expected.values()))
        assert expected.get(frozenset(found.min_selection)) == found.min_hours
        assert expected.get(frozenset(found.max_selection)) == found.max_hours
    else:
        assert found.reason


@settings(max_examples=300, deadline=None)
@given(problem=search_problems())
def test_every_minimal_selection_is_a_point_of_the_integer_programme(problem: tuple[
        dict[int, int], list[combination_search.Bound], dict[int, frozenset[int]]]) -> None:
    # The most hours is exact only if no row of the programme (minimality's
    # indicators, the bounding row on the total) excludes a valid minimal
    # selection; agreement on the optimum alone would not show a row that cuts
    # off selections below it.
    hours, bounds, conflicts = problem
    reduced = combination_search.reduce_bounds(hours, bounds)
    if isinstance(reduced, combination_search.SearchResult):
        return
    live, needed = reduced
    model = combination_solver._Model(hours, live, needed, conflicts)
    rows = model.rows
    for selection in brute_search(hours, bounds, conflicts):
        values = model.point(selection)
        for r, (low, high) in enumerate(model.sum_bounds):
            assert low <= values[len(needed) + r] <= high
        for row, start in enumerate(rows.starts):
            end = rows.starts[row + 1] if row + 1 < len(rows.starts) else len(rows.index)
            total = sum(values[rows.index[k]] * rows.value[k] for k in range(start, end))
            assert rows.lower[row] - 1e-9 <= total <= rows.upper[row] + 1e-9, (selection, row)
