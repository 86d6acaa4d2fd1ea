"""Rule cases as data: tests/rule_cases/RULE.yaml patches the conformant specification
and lists the exact findings the rule must give (none, for a passing case).

Each case runs its rule alone, so ``pytest -k HRS001`` runs one rule's cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fixtures.specs.patching import patched_spec

from criteria_checker.engine.api import check_spec, criteria_for, rules_for
from criteria_checker.engine.options import CheckOptions

CASES_DIR = Path(__file__).resolve().parent / "rule_cases"
CASE_KEYS = {"name", "patch", "options", "expect"}
FINDING_KEYS = {"severity", "message", "ref", "location"}


def load_case_files() -> dict[str, list[dict[str, Any]]]:
    """Cases by rule id, from every file in tests/rule_cases."""
    cases: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(doc) == {"rule", "cases"}, f"{path.name}: keys are rule and cases"
        assert path.stem == doc["rule"], f"{path.name} holds cases of {doc['rule']}"
        for case in doc["cases"]:
            assert set(case) <= CASE_KEYS and {"name", "expect"} <= set(case), \
                f"{path.name}: case {case.get('name')!r} has keys {sorted(case)}"
            for finding in case["expect"]:
                assert set(finding) == FINDING_KEYS, \
                    f"{path.name}: case {case['name']!r}: a finding has {sorted(FINDING_KEYS)}"
        cases[doc["rule"]] = doc["cases"]
    return cases


CASES = load_case_files()


def _options(rule_id: str, given: dict[str, Any]) -> CheckOptions:
    severity = tuple((name, level) for name, level in given.get("severity", {}).items())
    return CheckOptions(select=(rule_id,), shared_title=given.get("shared_title"),
                        severity=severity)


@pytest.mark.parametrize(
    ("rule_id", "case"),
    [pytest.param(rule_id, case, id=f"{rule_id}-{case['name']}")
     for rule_id, cases in CASES.items() for case in cases],
)
def test_rule_case(rule_id: str, case: dict[str, Any]) -> None:
    options = _options(rule_id, case.get("options", {}))
    spec = patched_spec(case.get("patch", []))
    report = check_spec(spec, criteria=criteria_for(options), rules=rules_for(options),
                        options=options)
    found = [{"severity": f.severity, "message": f.message, "ref": f.ref,
              "location": str(f.location)} for f in report.findings]
    assert {f.rule_id for f in report.findings} <= {rule_id}
    assert found == case["expect"]
