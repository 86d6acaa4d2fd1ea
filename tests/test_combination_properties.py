"""The analysis against brute force on small specifications that use every feature at once.

``test_combination.small_specs`` draws each feature by chance, so most of its
examples use only some of them. Here every example has pathways, a level
floor, a group minimum and maximum, a global minimum and maximum and barred
pairs together, the shapes where minimality is hardest to get right. Both
exact methods (the dynamic programme and the integer programme) are held to
brute force; the counts are modest, sized for a two-core machine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_combination import METHODS, answered_by, assert_agrees

from criteria_checker.engine.combination import analyse_combination
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.model.validation import validate


@st.composite
def full_specs(draw: Callable[..., Any]) -> QualificationSpec:
    """Up to 10 optional units in 2-3 groups under every kind of rule, with pathways and bars."""
    optional = [f"O{i}" for i in range(draw(st.integers(2, 3)))]
    units = [{"number": "1", "title": "m", "group": "M", "credit": draw(st.integers(1, 6)),
              "level": draw(st.sampled_from([3, 4, 5]))}]
    for i in range(draw(st.integers(4, 10))):
        units.append({"number": str(i + 2), "title": f"t{i}",
                      "group": draw(st.sampled_from(optional)),
                      "credit": draw(st.integers(1, 6)),
                      "level": draw(st.sampled_from([3, 4, 5]))})
    mandatory = units[0]["credit"]
    total = sum(u["credit"] for u in units)
    low = draw(st.integers(mandatory, total))
    rules: list[dict[str, Any]] = [
        # A global band, a level floor, and a group minimum and maximum.
        {"min_credits": low, "max_credits": low + draw(st.integers(0, 12))},
        {"groups": draw(st.lists(st.sampled_from(optional), min_size=1, unique=True)),
         "min_credits": draw(st.integers(1, 10)), "min_level": draw(st.sampled_from([4, 5]))},
        {"groups": [draw(st.sampled_from(optional))], "min_credits": draw(st.integers(1, 8)),
         "max_credits": draw(st.integers(4, 16))},
    ]
    pathways = [{"id": f"P{p}", "name": f"P{p}", "rules": [
        {"groups": draw(st.lists(st.sampled_from(optional), min_size=1, max_size=2,
                                 unique=True)),
         "min_credits": draw(st.integers(1, 10)),
         "max_credits": draw(st.none() | st.integers(6, 20))}]}
        for p in range(draw(st.integers(1, 2)))]
    keys = [f"Unit {u['number']}" for u in units[1:]]
    barred = [{"units": draw(st.lists(st.sampled_from(keys), min_size=2, max_size=2,
                                      unique=True))}
              for _ in range(draw(st.integers(1, 3)))]
    return validate(QualificationSpec, {
        "file": "full.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"},
                   *({"id": g, "name": g, "kind": "optional"} for g in optional)],
        "units": units,
        "combination": {"rules": rules, "pathways": pathways, "barred": barred},
    })


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=full_specs())
def test_every_feature_at_once_agrees_with_brute_force(spec: QualificationSpec,
                                                       method: str) -> None:
    with answered_by(method):
        analysis = analyse_combination(spec)
        # The same selections on every run, whichever method answered.
        assert analyse_combination(spec) == analysis
    assert analysis.complete
    assert_agrees(spec, analysis)
