"""Meta-tests that keep the rules honest against the criteria, the cases and the docs.

- every rule has a passing and a failing case, and every case file a rule;
- every criteria requirement a machine can judge is enforced by a rule, and
  every requirement a rule names exists;
- every Section B node is enforced: a specification missing exactly that
  node gets a finding naming it;
- every registered check is used by a rule and documented in docs/rules.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fixtures.specs.patching import conformant_data
from test_rules_cases import CASES

from criteria_checker.engine.api import check_spec, criteria_for, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.engine.registry import registered_checks
from criteria_checker.engine.rules_render import render_checks
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.model.validation import validate

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = CheckOptions()
RULES = rules_for(OPTIONS)
CRITERIA = criteria_for(OPTIONS)
CONFORMANT = conformant_data()


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    missing = []
    for rule in RULES:
        cases = CASES.get(rule.id, [])
        if not any(not c["expect"] for c in cases) or not any(c["expect"] for c in cases):
            missing.append(rule.id)
    assert missing == []


def test_every_case_file_is_for_a_bundled_rule() -> None:
    assert sorted(CASES) == sorted(rule.id for rule in RULES)


def test_every_automatic_requirement_is_enforced_by_a_rule() -> None:
    enforced = {rule.requirement for rule in RULES}
    automatic = [r.id for r in CRITERIA.requirements if r.judgement == "automatic"]
    assert automatic, "the criteria mark some requirements for automatic checking"
    assert [r for r in automatic if r not in enforced] == []


def test_every_requirement_a_rule_names_exists() -> None:
    known = {r.id for r in CRITERIA.requirements}
    assert {rule.id: rule.requirement for rule in RULES
            if rule.requirement and rule.requirement not in known} == {}


def test_requirements_are_either_automatic_or_for_a_reviewer() -> None:
    # A requirement no rule enforces must say a reviewer judges it.
    enforced = {rule.requirement for rule in RULES}
    unenforced = {r.id: r.judgement for r in CRITERIA.requirements if r.id not in enforced}
    assert set(unenforced.values()) <= {"human"}


CONTENT_RULES = tuple(rule.id for rule in RULES if rule.requirement == "SA-CONTENT")


def _is_related(mapped: str, node: str) -> bool:
    """True when ``mapped`` is ``node``, an ancestor of it or a descendant of it."""
    def within(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith(outer + "/") or inner.startswith(outer + ".")
    return within(node, mapped) or within(mapped, node)


def _without_node(data: Any, node: str) -> Any:
    """The data with every mapping that would cover ``node`` removed (siblings stay covered)."""
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            if key == "mappings":
                value = [m for m in value if not _is_related(m["ref"], node)]
            result[key] = _without_node(value, node)
        return result
    if isinstance(data, list):
        return [_without_node(value, node) for value in data]
    return data


def _reported_at(node: str) -> str:
    """Where a gap of exactly ``node`` is reported: the highest ancestor it fills alone."""
    index = CRITERIA.index()
    while True:
        parent = index[node].parent
        if parent is None or sum(1 for n in index.values() if n.parent == parent) > 1:
            return node
        node = parent


@pytest.mark.parametrize("node", [n.ref for n in CRITERIA.nodes()])
def test_every_section_b_node_is_enforced(node: str) -> None:
    assert CONTENT_RULES, "some rule enforces SA-CONTENT (Section B)"
    spec = validate(QualificationSpec, _without_node(CONFORMANT, node))
    options = CheckOptions(select=CONTENT_RULES)
    report = check_spec(spec, criteria=CRITERIA, rules=RULES, options=options)
    assert [(f.severity, f.ref) for f in report.findings] == [("error", _reported_at(node))]


def test_a_lone_child_is_reported_at_its_parent() -> None:
    # LMAC5F/HW/A has one item and LMAC5G one sub-topic.
    assert _reported_at("LMAC5F/HW/A.1") == "LMAC5F/HW/A"
    assert _reported_at("LMAC5G/HS") == "LMAC5G"
    assert _reported_at("LMAC5A/LM/A.1") == "LMAC5A/LM/A.1"


def test_every_check_is_used_by_a_rule() -> None:
    used = {rule.check.name for rule in RULES}
    assert sorted(set(registered_checks()) - used) == []


def test_docs_list_the_checks_as_the_registry_has_them() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- checks:begin -->\n```text\n(.*?)```\n<!-- checks:end -->", docs,
                      re.S)
    assert block is not None, "docs/rules.md keeps the checks between checks:begin/end markers"
    assert block.group(1) == render_checks(registered_checks()), (
        "docs/rules.md is out of date: paste the output of 'criteria-checker rules checks'")


def test_docs_name_every_rule_family() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert sorted({rule.id[:3] for rule in RULES} - set(re.findall(r"`([A-Z]{3})`", docs))) == []
