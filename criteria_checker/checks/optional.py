"""Optional content: it exists, it is a genuine choice, every pathway works and fits the bands.

The rules-of-combination analysis (engine/combination.py) finds, for each
pathway, whether any selection of units satisfies it and the least and most
hours a valid selection reaches, with a concrete selection for each; these
checks turn that into findings that name the selection.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from criteria_checker.checks.common import combination_fully_read, combination_location, side
from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check
from criteria_checker.model.spec import SourceLocation

if TYPE_CHECKING:
    from criteria_checker.engine.combination import PathwayAnalysis


@check("optional.exists", params=NoParams, fields=())
def exists(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """The qualification has optional units."""
    if not context.combination.has_optional_units:
        yield RawFinding({}, combination_location(context, "optional"))


@check("optional.choice", params=NoParams, fields=("selection",))
def genuine_choice(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """More than one set of optional units satisfies the rules of combination."""
    analysis = context.combination
    if not combination_fully_read(context):
        return
    if not analysis.has_optional_units or analysis.choice_count != 1:
        return
    only = next((p for p in analysis.pathways if p.satisfiable and p.choice_count == 1), None)
    selection = only.min_selection if only is not None else []
    yield RawFinding({"selection": ", ".join(selection) or "no optional unit"},
                     combination_location(context, "optional"))


@check("optional.pathway_satisfiable", params=NoParams, fields=("pathway", "reason"))
def pathway_satisfiable(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Some selection of units satisfies every pathway the rules of combination define."""
    if not combination_fully_read(context):
        return
    for pathway in context.combination.pathways:
        if not pathway.satisfiable:
            yield RawFinding({"pathway": _pathway_name(context, pathway),
                              "reason": pathway.reason or "no selection meets every rule"},
                             _pathway_location(context, pathway))


@dataclass(frozen=True, kw_only=True, slots=True)
class PathwayBandParams(Params):
    """Parameters of ``optional.pathway_band``."""

    #: ``tqt``: the pathway's total hours; ``optional_content``: its optional hours.
    band: Literal["tqt", "optional_content"]


@check("optional.pathway_band", params=PathwayBandParams,
       fields=("pathway", "selection", "hours", "side", "band_min", "band_max"))
def pathway_band(context: CheckContext, params: PathwayBandParams) -> Iterator[RawFinding]:
    """Every valid selection, on every pathway, lands inside the band.

    It is enough to look at the least and the most a valid selection can
    reach; when either falls outside, the selection reaching it is named.
    """
    band = context.band(params.band)
    if not combination_fully_read(context):
        return
    for pathway in context.combination.pathways:
        if not pathway.satisfiable:
            continue
        if params.band == "tqt":
            least, most = pathway.min_total_hours, pathway.max_total_hours
        else:
            least, most = pathway.min_optional_hours, pathway.max_optional_hours
        extremes = [(least, pathway.min_selection)]
        if most != least:
            extremes.append((most, pathway.max_selection))
        for hours, selection in extremes:
            if hours is not None and not band.contains(hours):
                yield RawFinding({"pathway": _pathway_name(context, pathway),
                                  "selection": ", ".join(selection) or "no optional unit",
                                  "hours": hours, "side": side(hours, band),
                                  "band_min": band.min, "band_max": band.max},
                                 _pathway_location(context, pathway))


@check("optional.unread", params=NoParams, fields=("text", "reason"))
def unread(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every rules-of-combination sentence could be read (none is guessed)."""
    for statement in context.spec.combination.unread:
        yield RawFinding({"text": " ".join(statement.text.split()), "reason": statement.reason},
                         statement.location)


@check("optional.problems", params=NoParams, fields=("problem",))
def problems(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every rule of combination can be evaluated (e.g. it names a group that has units)."""
    for problem in context.combination.problems:
        yield RawFinding({"problem": problem}, combination_location(context, "optional"))


def _pathway_name(context: CheckContext, pathway: PathwayAnalysis) -> str:
    if context.spec.combination.pathways:
        return f"pathway '{pathway.name or pathway.id}'"
    return "the rules of combination"


def _pathway_location(context: CheckContext, pathway: PathwayAnalysis) -> SourceLocation | None:
    for declared in context.spec.combination.pathways:
        if declared.id == pathway.id and declared.location is not None:
            return declared.location
    return combination_location(context, "optional")
