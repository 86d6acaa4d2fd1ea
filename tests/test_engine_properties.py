"""Properties of the engine over many broken specifications.

- findings come sorted and without duplicates;
- ignoring rules never adds findings;
- the verdict depends only on findings at or above the fail level;
- the same input gives the same report, byte for byte.
"""

from __future__ import annotations

import json
from typing import Any

from fixtures.specs.patching import patched_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.engine.api import check_spec, criteria_for, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.data import to_data
from criteria_checker.model.report import Report
from criteria_checker.model.spec import QualificationSpec

RULES = rules_for(CheckOptions())
CRITERIA = criteria_for(CheckOptions())
RULE_IDS = [rule.id for rule in RULES]
UNITS = [f"H/650/{2101 + i}" for i in range(21)] + [f"H/650/{2201 + i}" for i in range(4)]

unit = st.sampled_from(UNITS)
hours = st.integers(min_value=0, max_value=1200)

# Each strategy draws one patch operation that breaks something (or nothing).
operations = st.one_of(
    hours.map(lambda v: {"set": "tqt", "value": v}),
    hours.map(lambda v: {"set": "glh", "value": v}),
    st.integers(0, 120).map(lambda v: {"set": "credits", "value": v}),
    st.tuples(unit, st.integers(0, 200)).map(
        lambda t: {"set": f"units[{t[0]}].tqt", "value": t[1]}),
    unit.map(lambda u: {"set": f"units[{u}].credit", "value": None}),
    unit.map(lambda u: {"delete_key": "mappings", "under": f"units[{u}]"}),
    unit.map(lambda u: {"set": f"units[{u}].mappings", "value": []}),
    unit.map(lambda u: {"set": f"units[{u}].group", "value": "O"}),
    unit.map(lambda u: {"set": f"units[{u}].assessment_methods", "value": []}),
    unit.map(lambda u: {"set": f"units[{u}].outcomes[0].number", "value": "9"}),
    unit.map(lambda u: {"set": f"units[{u}].level", "value": None}),
    st.sampled_from(["Northfield Awards Level 5 Diploma in Leading and Managing an Adult "
                     "Care Services", "Level 3 Certificate in Adult Care", ""]).map(
        lambda t: {"set": "title", "value": t}),
    st.sampled_from(["610/1880/7", "610-1880-6", "61018806"]).map(
        lambda q: {"set": "qualification_number", "value": q}),
    st.integers(0, 40).map(lambda v: {"set": "combination.rules[2].min_credits", "value": v}),
    st.just({"set": "supersedes[0].withdrawal_plan", "value": None}),
    st.just({"append": "units[H/650/2101].mappings", "value": {"raw": "LMAC5Z/QQ"}}),
    st.just({"append": "combination.barred", "value": {"units": ["H/650/2203",
                                                                 "H/650/2204"]}}),
)

specs = st.lists(operations, max_size=5).map(patched_spec)
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def run(spec: QualificationSpec, **options: Any) -> Report:
    return check_spec(spec, criteria=CRITERIA, rules=RULES, options=CheckOptions(**options))


@SETTINGS
@given(specs)
def test_findings_are_sorted_and_unique(spec: QualificationSpec) -> None:
    findings = run(spec).findings
    keys = [f.sort_key() for f in findings]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@SETTINGS
@given(specs, st.sets(st.sampled_from(RULE_IDS)))
def test_ignoring_rules_never_adds_findings(spec: QualificationSpec, ignored: set[str]) -> None:
    everything = run(spec).findings
    fewer = run(spec, ignore=tuple(sorted(ignored))).findings
    assert set(fewer) <= set(everything)
    assert set(fewer) == {f for f in everything if f.rule_id not in ignored}


@SETTINGS
@given(specs, st.sets(st.sampled_from(RULE_IDS)))
def test_verdict_changes_only_with_error_findings(spec: QualificationSpec,
                                                  ignored: set[str]) -> None:
    report = run(spec)
    assert report.passed == (report.count("error") == 0)
    fewer = run(spec, ignore=tuple(sorted(ignored)))
    errors_removed = any(f.severity == "error" and f.rule_id in ignored
                         for f in report.findings)
    if not errors_removed:
        assert fewer.passed == report.passed
    strict = run(spec, fail_on="warning")
    assert strict.passed == (report.count("error") + report.count("warning") == 0)


@SETTINGS
@given(specs)
def test_same_input_same_report(spec: QualificationSpec) -> None:
    assert json.dumps(to_data(run(spec))) == json.dumps(to_data(run(spec)))
