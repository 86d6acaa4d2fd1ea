"""Assessment: skills outcomes need workplace evidence (Assessment Principles).

Outcomes that start "Lead", "Demonstrate", "Manage", ... are skills (the
criteria data marks them ``kind: skill``). A unit covering one should list an
assessment method that gathers evidence from the learner's work. Which words
count as workplace evidence is a rule parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from criteria_checker.checks.common import shorten, unit_name
from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import Params, RawFinding, check
from criteria_checker.model.constraints import MinLen
from criteria_checker.model.spec import Unit

if TYPE_CHECKING:
    from criteria_checker.engine.coverage import Coverage


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkplaceParams(Params):
    """Parameters of ``assessment.skills_in_workplace``."""

    #: Words that mark an assessment method as workplace evidence (case-insensitive).
    evidence: Annotated[list[str], MinLen(1)]


@check("assessment.skills_in_workplace", params=WorkplaceParams,
       fields=("unit", "ref", "outcome", "methods"))
def skills_in_workplace(context: CheckContext, params: WorkplaceParams) -> Iterator[RawFinding]:
    """Units covering a skills outcome are assessed with workplace evidence."""
    words = [w.casefold() for w in params.evidence]
    fallback = _qualification_methods(context)
    coverage = context.coverage
    for sub in context.criteria.subtopics():
        for outcome in sub.outcomes:
            if outcome.kind != "skill":
                continue
            ref = f"{sub.code}/{outcome.letter}"
            refs = [ref] + [f"{ref}.{item.number}" for item in outcome.items]
            for unit in _covering(coverage, refs):
                methods = unit.assessment_methods or fallback
                if not any(w in m.casefold() for m in methods for w in words):
                    yield RawFinding({"unit": unit_name(unit), "ref": ref,
                                      "outcome": shorten(outcome.statement),
                                      "methods": "; ".join(methods) or "none stated"},
                                     unit.location, ref=ref)


def _covering(coverage: Coverage, refs: list[str]) -> list[Unit]:
    found: dict[str, Unit] = {}
    for ref in refs:
        mandatory, optional = coverage.covering_units(ref)
        for unit in [*mandatory, *optional]:
            found.setdefault(unit.key, unit)
    return list(found.values())


def _qualification_methods(context: CheckContext) -> list[str]:
    # Some specifications state assessment methods once, among the key facts.
    return [value for key, value in sorted(context.spec.facts.items())
            if "assessment" in key.casefold() and value.strip()]
