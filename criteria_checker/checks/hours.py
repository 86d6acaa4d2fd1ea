"""Hours: TQT and its split into minimum (mandatory) and optional content.

Band numbers come from the criteria set; the hours from the specification
and from the rules-of-combination analysis (engine/combination.py), which
counts what a learner must take, not the size of the optional pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from criteria_checker.checks.common import (
    combination_fully_read,
    combination_location,
    group_location,
    side,
)
from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.context import BandName, CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check
from criteria_checker.model.spec import CreditRule, Group, SourceLocation, Unit

#: Which hours a band applies to: the stated TQT, the mandatory units' total,
#: or the optional hours the rules of combination require.
Measure = Literal["tqt", "mandatory", "optional"]


@dataclass(frozen=True, kw_only=True, slots=True)
class BandParams(Params):
    """Parameters of ``hours.in_band``: which hours, against which band."""

    hours: Measure
    band: BandName


@check("hours.in_band", params=BandParams, fields=("hours", "side", "band_min", "band_max"))
def in_band(context: CheckContext, params: BandParams) -> Iterator[RawFinding]:
    """The measured hours lie inside one of the criteria's bands."""
    hours, location = _measure(context, params.hours)
    band = context.band(params.band)
    if hours is not None and not band.contains(hours):
        yield RawFinding({"hours": hours, "side": side(hours, band), "band_min": band.min,
                          "band_max": band.max}, location)


@check("hours.tqt_sum", params=NoParams, fields=("tqt", "mandatory", "optional", "total"))
def tqt_sum(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Stated TQT equals the mandatory hours plus the optional hours learners must take."""
    if not combination_fully_read(context):
        return
    analysis = context.combination
    tqt, mandatory, optional = (context.spec.tqt, analysis.mandatory_hours,
                                analysis.optional_required_hours)
    if tqt is None or mandatory is None or optional is None:
        return
    if tqt != mandatory + optional:
        yield RawFinding({"tqt": tqt, "mandatory": mandatory, "optional": optional,
                          "total": mandatory + optional}, context.spec.location_of("tqt"))


@check("hours.group_total", params=NoParams, fields=("group", "stated", "measure", "actual"))
def group_total(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """What the rules of combination say mandatory groups are worth is what their units add up to.

    Every unit of a mandatory group is taken, so "80 credits from the
    mandatory units" must be the sum of those units' credits.
    """
    spec = context.spec
    rules = list(spec.combination.rules)
    for pathway in spec.combination.pathways:
        rules.extend(pathway.rules)
    for rule in rules:
        groups = [g for g in (spec.group(name) for name in rule.groups) if g is not None]
        if not _all_mandatory(groups, rule) or rule.min_level is not None:
            continue
        units = [u for u in spec.units if u.group in rule.groups]
        names = " and ".join(f"'{g.name}'" for g in groups)
        for measure, stated, values in _stated_totals(rule, units):
            known = [v for v in values if v is not None]
            if len(known) == len(values) and sum(known) != stated:
                yield RawFinding({"group": names, "stated": stated, "measure": measure,
                                  "actual": sum(known)}, rule.location or groups[0].location)


def _all_mandatory(groups: list[Group], rule: CreditRule) -> bool:
    return bool(groups) and len(groups) == len(rule.groups) and \
        all(g.kind == "mandatory" for g in groups)


def _stated_totals(rule: CreditRule, members: list[Unit]) -> Iterator[
        tuple[str, int, list[int | None]]]:
    credits = rule.min_credits if rule.min_credits is not None else rule.max_credits
    if credits is not None:
        yield "credits", credits, [u.credit for u in members]
    hours = rule.min_hours if rule.min_hours is not None else rule.max_hours
    if hours is not None:
        yield "hours", hours, [u.tqt for u in members]


@check("hours.optional_stated", params=NoParams, fields=())
def optional_stated(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """The rules of combination say how many hours or credits learners take from optional units."""
    analysis = context.combination
    if not combination_fully_read(context):
        return
    if analysis.has_optional_units and analysis.optional_required_hours is None:
        yield RawFinding({}, combination_location(context, "optional"))


def _measure(context: CheckContext, measure: Measure) -> tuple[int | None, SourceLocation | None]:
    if measure == "tqt":
        return context.spec.tqt, context.spec.location_of("tqt")
    analysis = context.combination
    if measure == "mandatory":
        return analysis.mandatory_hours, group_location(context, "mandatory")
    if not combination_fully_read(context):
        return None, None
    return analysis.optional_required_hours, combination_location(context, "optional")
