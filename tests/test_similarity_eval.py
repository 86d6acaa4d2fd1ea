"""The matcher's accuracy on the held-out half of the claims evaluation set stays where it was.

The set (tests/data/claims-eval, README.md there) is built from the criteria
text; the weights and thresholds were calibrated on its tuning half only.
Each floor is the figure measured on the held-out half when the method was
fixed, less a small margin (docs/suggest.md gives the figures). A change to
the method that lowers one below its floor is a regression to justify, not
a floor to lower.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from criteria_checker.engine.api import criteria_for
from criteria_checker.engine.options import CheckOptions

EVAL = Path(__file__).resolve().parent / "data" / "claims-eval"


def _module(name: str) -> ModuleType:
    sys.path.insert(0, str(EVAL))
    try:
        spec = importlib.util.spec_from_file_location(f"claims_eval_{name}", EVAL / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EVAL))


evaluate = _module("evaluate")
generate = _module("generate")


@pytest.fixture(scope="module")
def held_out() -> Any:
    return evaluate.measure(evaluate.load_cases("held-out"))


# -- the figures ------------------------------------------------------------------------
# Measured on the held-out half: top-1 98.1%, top-3 99.7% (642 texts); hand-written
# top-1 86.0%, top-3 96.5% (57); mismatch precision 98.9%, recall 98.0% (454 wrong
# claims, 682 right ones); hand-written right claims judged doubtful 6.2% (4 of 64);
# shifted claims caught 95.2% (188).

def test_suggestions_put_the_right_item_first(held_out: Any) -> None:
    assert held_out.top(1) >= 0.97
    assert held_out.top(1, "handwritten") >= 0.82


def test_suggestions_put_the_right_item_in_the_first_three(held_out: Any) -> None:
    assert held_out.top(3) >= 0.99
    assert held_out.top(3, "handwritten") >= 0.94


def test_mismatches_are_found_and_false_alarms_are_rare(held_out: Any) -> None:
    assert held_out.precision() >= 0.97
    assert held_out.recall() >= 0.96
    assert held_out.recall("shift") >= 0.93
    assert held_out.recall("swap") >= 0.98
    assert held_out.recall("foreign") == 1.0
    assert held_out.false_alarm_rate() <= 0.015
    assert held_out.false_alarm_rate("handwritten") <= 0.08


def test_the_goals_are_met_on_the_held_out_half(held_out: Any) -> None:
    # The brief's goals: top-3 at least 95%, mismatch recall at least 90% at precision
    # at least 90%; the hand-written criteria (the realistic ones) meet them too.
    assert held_out.top(3) >= 0.95 and held_out.top(3, "handwritten") >= 0.95
    assert held_out.recall() >= 0.90 and held_out.precision() >= 0.90
    assert held_out.recall("handwritten") >= 0.90
    assert held_out.precision("handwritten") >= 0.90


# -- the set itself -----------------------------------------------------------------------

def test_the_cases_are_what_the_generator_makes() -> None:
    assert (EVAL / "cases.jsonl").read_text(encoding="utf-8") == \
        generate.render(generate.build()), "run tests/data/claims-eval/generate.py"


def test_no_item_is_in_both_halves() -> None:
    halves: dict[str, set[str]] = {"tune": set(), "held-out": set()}
    for case in evaluate.load_cases("all"):
        if case["covers"]:
            halves[case["split"]].add(case["covers"][0])
    assert halves["tune"] and halves["held-out"]
    assert halves["tune"].isdisjoint(halves["held-out"])


def test_every_item_has_generated_criteria_and_wrong_claims() -> None:
    criteria = criteria_for(CheckOptions())
    items = {node.ref for node in criteria.nodes() if node.level == "item"}
    cases = evaluate.load_cases("all")
    generated = Counter(c["covers"][0] for c in cases
                        if c["source"] == "generated" and len(c["covers"]) == 1)
    assert set(generated) == items and len(items) == 287
    assert min(generated.values()) == 4
    kinds = Counter(claim["kind"] for c in cases for claim in c["claims"] if claim["wrong"])
    assert set(kinds) == {"shift", "swap", "foreign"}
    for case in cases:
        wrong = {claim["ref"] for claim in case["claims"] if claim["wrong"]}
        assert wrong.isdisjoint(case["covers"])


def test_hand_written_criteria_are_heavy_and_cover_every_subtopic() -> None:
    written = yaml.safe_load((EVAL / "handwritten.yaml").read_text(encoding="utf-8"))
    heavy = [entry for entry in written if entry["style"] == "heavy"]
    assert len({tuple(entry["refs"]) for entry in heavy}) >= 60
    subtopics = Counter("/".join(entry["refs"][0].split("/")[:2]) for entry in heavy)
    assert len(subtopics) == 21 and min(subtopics.values()) >= 3
    assert any(entry["style"] == "combined" for entry in written)


def test_foreign_criteria_are_from_other_qualifications() -> None:
    foreign = yaml.safe_load((EVAL / "foreign.yaml").read_text(encoding="utf-8"))
    assert len(foreign) >= 30 and "Monitor budgets against spend" in foreign
    cases = [c for c in evaluate.load_cases("all") if c["source"] == "foreign"]
    assert len(cases) == len(foreign)
    assert all(len(c["claims"]) == 3 and not c["covers"] for c in cases)


def test_the_cases_file_is_json_lines() -> None:
    for line in (EVAL / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        assert set(case) == {"id", "source", "style", "text", "covers", "split", "claims"}
