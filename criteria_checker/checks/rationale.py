"""What the criteria ask awarding organisations to explain: extra mandatory hours, withdrawals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from criteria_checker.checks.common import (
    combination_fully_read,
    combination_location,
    group_location,
    shorten,
)
from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check


@dataclass(frozen=True, kw_only=True, slots=True)
class RationaleParams(Params):
    """Parameters of ``rationale.present``: when a rationale is needed."""

    #: ``mandatory_above``: mandatory hours above the minimum-content band;
    #: ``optional_below``: required optional hours below the optional-content band.
    when: Literal["mandatory_above", "optional_below"]


@check("rationale.present", params=RationaleParams, fields=("hours", "band_min", "band_max"))
def rationale_present(context: CheckContext, params: RationaleParams) -> Iterator[RawFinding]:
    """A rationale is given when content moves from optional hours into the mandatory units."""
    if (context.spec.rationale or "").strip():
        return
    analysis = context.combination
    if params.when == "mandatory_above":
        hours, band = analysis.mandatory_hours, context.band("minimum_content")
        location = group_location(context, "mandatory")
        outside = hours is not None and hours > band.max
    elif not combination_fully_read(context):
        return
    else:
        hours, band = analysis.optional_required_hours, context.band("optional_content")
        location = combination_location(context, "optional")
        outside = hours is not None and hours < band.min
    if outside and hours is not None:
        yield RawFinding({"hours": hours, "band_min": band.min, "band_max": band.max}, location)


@check("rationale.withdrawal_plan", params=NoParams, fields=("title",))
def withdrawal_plan(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Each qualification the specification says it supersedes has a withdrawal plan."""
    for old in context.spec.supersedes:
        if not (old.withdrawal_plan or "").strip():
            yield RawFinding({"title": shorten(old.title)}, old.location)
