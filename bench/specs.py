"""Large specifications for the benchmarks, built from a smaller one."""

from __future__ import annotations

from dataclasses import replace

from criteria_checker.model.spec import (
    AssessmentCriterion,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    Unit,
)


def fill_to(spec: QualificationSpec, units: int, *, group: str, first_number: int,
            urn_base: int, hours: int) -> QualificationSpec:
    """``spec`` with optional units of 4 outcomes x 4 mapped criteria added up to ``units``."""
    filled = list(spec.units)
    number = first_number
    while len(filled) < units:
        number += 1
        outcomes = [
            LearningOutcome(number=str(i), text=f"Understand aspect {i} of optional area {number}",
                            criteria=[AssessmentCriterion(
                                number=f"{i}.{j}",
                                text=f"Explain point {j} of aspect {i} in adult care services",
                                mappings=[Mapping(raw="LMAC5A/LM/A.1", ref="LMAC5A/LM/A.1")])
                                for j in range(1, 5)])
            for i in range(1, 5)
        ]
        filled.append(Unit(reference=f"K/650/{urn_base + number}", number=str(number),
                           title=f"Optional unit {number}", level=5, glh=hours * 7 // 10,
                           tqt=hours, credit=hours // 10, group=group,
                           aim="An optional area.", assessment_methods=["Portfolio of evidence"],
                           outcomes=outcomes))
    return replace(spec, **{"units": filled})
