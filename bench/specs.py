"""Large specifications for the benchmarks, built from a smaller one.

The units added are written as an author writes optional units: each
assessment criterion states, in the criteria's own words, the item it maps to
(the items are taken in turn, so a large file claims every item many times).
A filler text that reads like no criterion would draw a mapping-claims
finding (MAP001) for every criterion, and the benchmarks would time the
rendering of hundreds of findings no real submission has.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.spec import (
    AssessmentCriterion,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    Unit,
)


@cache
def _items() -> tuple[tuple[str, str], ...]:
    """(reference, text) of every item of the bundled criteria, in document order."""
    criteria = load_criteria(find_criteria(None))
    return tuple((ref, node.text) for ref, node in criteria.index().items()
                 if ref.count(".") == 1 and ref.count("/") == 2)


def fill_to(spec: QualificationSpec, units: int, *, group: str, first_number: int,
            urn_base: int, hours: int) -> QualificationSpec:
    """``spec`` with optional units of 4 outcomes x 4 mapped criteria added up to ``units``."""
    items = _items()
    filled = list(spec.units)
    number = first_number
    taken = 0
    while len(filled) < units:
        number += 1
        outcomes = []
        for i in range(1, 5):
            criteria = []
            for j in range(1, 5):
                ref, text = items[taken % len(items)]
                taken += 1
                criteria.append(AssessmentCriterion(
                    number=f"{i}.{j}", text=text, mappings=[Mapping(raw=ref, ref=ref)]))
            outcomes.append(LearningOutcome(
                number=str(i), text=f"Understand aspect {i} of optional area {number}",
                criteria=criteria))
        filled.append(Unit(reference=f"K/650/{urn_base + number}", number=str(number),
                           title=f"Optional unit {number}", level=5, glh=hours * 7 // 10,
                           tqt=hours, credit=hours // 10, group=group,
                           aim="An optional area.", assessment_methods=["Portfolio of evidence",
                                               "Observation in the workplace"],
                           outcomes=outcomes))
    return replace(spec, **{"units": filled})
