"""The rules of combination: which selections of optional units a learner may take.

:func:`analyse_combination` answers, for one specification: how many hours
the mandatory units carry; how many hours the rules say a learner must take
from optional units; whether each pathway can be satisfied; the least and the
greatest total hours a learner can end with on it, each with a concrete
selection; and whether the optional units offer a genuine choice (more than
one selection).

Definitions:

- A unit's hours are its TQT when stated, else its credit times
  ``hours_per_credit``; otherwise unknown (a problem is noted, a mandatory
  total becomes unknown, an optional unit is left out of selections).
- Every unit of a mandatory group is taken. A *selection* is a set of units
  of optional groups. Units with no group or an undefined group take no part.
- A credit rule bounds the hours of the units of its groups (of all grouped
  units, mandatory included, when it names none); with ``min_level`` only
  units at that level or above count. Bounds in credits are converted to
  hours. A pathway's rules apply on top of the global ones; with no
  pathways, one implicit pathway (id :data:`IMPLICIT_PATHWAY_ID`) carries
  the global rules. "The remaining 11 credits from groups 01-04" after "12
  credits from group 01" comes in model form as 23 credits over groups
  01-04 (as the prose reader records it), beside the rule on group 01.
- Units named in a barred combination may not be taken together; a barred
  combination is matched to units by URN, unit number or title, leniently
  (case, spacing and a leading "Unit" do not matter). An optional unit
  barred with a mandatory unit can never be taken.
- A selection is *valid* when every rule holds and no barred combination has
  two of its units among the units taken; it is *minimal* when removing any
  one of its units breaks some minimum. Only valid minimal selections count:
  a learner who meets the rules with units to spare took extra units, not a
  different route.

The search is exact and answers every pathway within the limits below:
a dynamic programme (:mod:`.combination_search`, no import beyond the
standard library) for the usual shapes, in milliseconds, and an integer
programme (:mod:`.combination_solver`, HiGHS, imported only then) for the
instances the programme predicts or finds too large. The analysis is
refused, with a problem instead, beyond :data:`MAX_OPTIONAL_UNITS` optional
units or :data:`MAX_RULES` rules in one pathway. Two time limits, last
resorts far beyond any instance measured, leave a pathway unanswered the
same way: a solve stopped after :data:`.combination_solver.TIME_LIMIT`
seconds, and a pathway reached after the search has spent
:data:`TIME_LIMIT` seconds on the specification's pathways together (which
also caps the solves of the pathway it reaches). Such a pathway is marked
``analysed=False`` and ``complete`` is False. The second limit is what keeps
a file stating hundreds of hard pathways from holding a check, a hook or a
batch worker for hours.

Cost, measured (CPU): real shapes of up to 60 optional units take 3-60 ms
in the dynamic programme. Larger or denser instances go to the solver: 60
optional units in 6 groups under overlapping minimums, a level floor, a
global band and 5 barred pairs take about 0.3-1.1 s per pathway, and 300
units in 10 groups with 6 pathways, level floors, group and global bands
and 20 barred pairs about 3.3 s in all; the most hours over minimal
selections is what costs (``bench/bench_combination.py`` measures it).
"""

from __future__ import annotations

from time import monotonic

from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.combination_rules import (
    PreparedRule,
    Problems,
    UnitFacts,
    barred_unit_sets,
    prepare_rules,
    required_optional_hours,
    unit_facts,
)
from criteria_checker.engine.combination_search import SearchResult, SearchTooLarge, search
from criteria_checker.errors import UsageError
from criteria_checker.model.spec import Pathway, QualificationSpec

#: The id of the pathway analysed when the specification states none.
IMPLICIT_PATHWAY_ID = "default"
IMPLICIT_PATHWAY_NAME = "the rules of combination"
#: Beyond this many optional units the analysis is refused.
MAX_OPTIONAL_UNITS = 300
#: Beyond this many rules in one pathway (global ones included) the analysis is refused.
MAX_RULES = 40
#: Seconds the search may take for all the pathways of one specification together. A last
#: resort, as the solver's own limit is (the largest instance measured takes about 3 s in
#: all): a file stating many hard pathways still gets its report in bounded time.
TIME_LIMIT = 300.0


@dataclass(frozen=True)
class PathwayAnalysis:
    """One pathway: can it be followed, and what totals can a learner reach on it.

    Totals are mandatory plus optional hours over valid minimal selections
    (None when the mandatory hours are unknown or nothing is valid);
    selections are unit keys in specification order. ``reason`` says why an
    unsatisfiable pathway is so; ``analysed`` is False when the analysis was
    refused (then ``satisfiable`` is True and the rest unknown, so that no
    finding rests on an analysis that did not run).
    """

    id: str
    name: str
    satisfiable: bool
    min_total_hours: int | None
    max_total_hours: int | None
    min_selection: list[str]
    max_selection: list[str]
    required_optional_hours: int | None = None
    min_optional_hours: int | None = None
    max_optional_hours: int | None = None
    choice_count: int = 0  # distinct valid minimal selections on this pathway, capped at 2
    reason: str = ""
    analysed: bool = True


@dataclass(frozen=True)
class CombinationAnalysis:
    """The rules of combination of one specification, analysed (see the module docstring).

    ``problems`` are sentences about what could not be evaluated (a rule
    naming an undefined group, a unit without hours, a refused analysis);
    ``complete`` is False when the analysis was refused for some pathway.
    """

    mandatory_hours: int | None
    optional_required_hours: int | None
    optional_min_hours: int | None
    optional_max_hours: int | None
    has_optional_units: bool
    choice_count: int
    pathways: list[PathwayAnalysis]
    problems: list[str]
    complete: bool = True


def analyse_combination(spec: QualificationSpec, *,
                        hours_per_credit: int = 10) -> CombinationAnalysis:
    """Analyse the rules of combination of ``spec`` (see the module docstring).

    ``optional_required_hours`` is the least, over pathways, of the hours the
    rules require from optional units (each pathway's own figure is on its
    :class:`PathwayAnalysis`); ``optional_min_hours`` and
    ``optional_max_hours`` range over every satisfiable pathway;
    ``choice_count`` counts distinct valid minimal selections over all
    pathways, capped at 2 (2 means more than one).
    """
    if isinstance(hours_per_credit, bool) or not isinstance(hours_per_credit, int) \
            or hours_per_credit <= 0:
        raise UsageError(f"hours per credit must be a positive whole number, "
                         f"not {hours_per_credit!r}")
    problems = Problems()
    facts = unit_facts(spec, hours_per_credit, problems)
    mandatory = [f for f in facts if f.kind == "mandatory"]
    optional = [f for f in facts if f.kind == "optional"]
    mandatory_hours = None if any(f.hours is None for f in mandatory) \
        else sum(f.hours or 0 for f in mandatory)
    context = _Context(spec, facts, hours_per_credit, problems, mandatory_hours)
    global_rules = prepare_rules(spec.combination.rules, spec, facts, hours_per_credit,
                                 problems)
    pathways = spec.combination.pathways or [
        Pathway(id=IMPLICIT_PATHWAY_ID, name=IMPLICIT_PATHWAY_NAME)]
    results = [context.analyse(pathway, global_rules, implicit=not spec.combination.pathways)
               for pathway in pathways]
    analysed = [p for p in results if p.analysed and p.satisfiable]
    required = [p.required_optional_hours for p in results
                if p.required_optional_hours is not None]
    return CombinationAnalysis(
        mandatory_hours=mandatory_hours,
        optional_required_hours=min(required) if required else None,
        optional_min_hours=_least([p.min_optional_hours for p in analysed]),
        optional_max_hours=_most([p.max_optional_hours for p in analysed]),
        has_optional_units=bool(optional),
        choice_count=_overall_choice(results, context.sole_selections),
        pathways=results,
        problems=problems.as_list(),
        complete=all(p.analysed for p in results),
    )


def _least(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _most(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _overall_choice(results: list[PathwayAnalysis],
                    sole: list[frozenset[int]]) -> int:
    if any(p.choice_count >= 2 for p in results):
        return 2
    # Each pathway offers at most one selection here; two pathways offering
    # different ones still give the learner a choice.
    return min(2, len(set(sole)))


class _Context:
    """What every pathway of one specification shares."""

    def __init__(self, spec: QualificationSpec, facts: list[UnitFacts], hours_per_credit: int,
                 problems: Problems, mandatory_hours: int | None) -> None:
        self.spec = spec
        self.facts = facts
        self.hours_per_credit = hours_per_credit
        self.problems = problems
        self.mandatory_hours = mandatory_hours
        #: the only valid selection of each pathway that has exactly one
        self.sole_selections: list[frozenset[int]] = []
        self.blocked = ""
        self.deadline = monotonic() + TIME_LIMIT
        self.conflicts: dict[int, set[int]] = {}
        excluded: set[int] = set()
        for members in barred_unit_sets(spec, facts, problems):
            taken = [i for i in members if facts[i].kind == "mandatory"]
            choosable = [i for i in members if facts[i].kind == "optional"]
            if len(taken) >= 2 and not self.blocked:
                keys = " and ".join(facts[i].unit.key for i in taken[:2])
                self.blocked = (f"mandatory units {keys} are barred from being taken together")
            elif taken:
                excluded.update(choosable)
            else:
                for unit in choosable:
                    self.conflicts.setdefault(unit, set()).update(
                        other for other in choosable if other != unit)
        self.selectable = {f.index: f.hours for f in facts
                           if f.kind == "optional" and f.hours and f.hours > 0
                           and f.index not in excluded}

    def analyse(self, pathway: Pathway, global_rules: list[PreparedRule], *,
                implicit: bool) -> PathwayAnalysis:
        rules = global_rules + prepare_rules(
            pathway.rules, self.spec, self.facts, self.hours_per_credit, self.problems,
            None if implicit else pathway.name)
        required = required_optional_hours(rules)
        where = IMPLICIT_PATHWAY_NAME if implicit else f"pathway {pathway.name!r}"
        refusal = self._refusal(rules)
        if refusal:
            return self._unanalysed(pathway, required, where, refusal)
        if self.blocked:
            return self._unsatisfiable(pathway, required, self.blocked)
        left = self.deadline - monotonic()
        if left <= 0:
            return self._unanalysed(pathway, required, where,
                                    f"the search stops after {TIME_LIMIT:g} seconds for all "
                                    "pathways together, and they had been spent")
        try:
            found = search(self.selectable, [r.bound for r in rules],
                           {u: frozenset(c) for u, c in self.conflicts.items()},
                           time_limit=left)
        except SearchTooLarge as exc:
            return self._unanalysed(pathway, required, where, str(exc))
        if found.count == 0:
            return self._unsatisfiable(pathway, required, found.reason)
        return self._satisfiable(pathway, required, found)

    def _refusal(self, rules: list[PreparedRule]) -> str:
        if len(self.selectable) > MAX_OPTIONAL_UNITS:
            return (f"it has {len(self.selectable)} optional units, more than the "
                    f"{MAX_OPTIONAL_UNITS} the analysis handles")
        if len(rules) > MAX_RULES:
            return f"it has {len(rules)} rules, more than the {MAX_RULES} the analysis handles"
        return ""

    def _keys(self, selection: tuple[int, ...]) -> list[str]:
        return [self.facts[i].unit.key for i in sorted(selection)]

    def _total(self, optional_hours: int | None) -> int | None:
        if optional_hours is None or self.mandatory_hours is None:
            return None
        return self.mandatory_hours + optional_hours

    def _satisfiable(self, pathway: Pathway, required: int | None,
                     found: SearchResult) -> PathwayAnalysis:
        if found.count == 1:
            self.sole_selections.append(frozenset(found.min_selection))
        return PathwayAnalysis(
            id=pathway.id, name=pathway.name, satisfiable=True,
            min_total_hours=self._total(found.min_hours),
            max_total_hours=self._total(found.max_hours),
            min_selection=self._keys(found.min_selection),
            max_selection=self._keys(found.max_selection),
            required_optional_hours=required,
            min_optional_hours=found.min_hours, max_optional_hours=found.max_hours,
            choice_count=found.count)

    @staticmethod
    def _unsatisfiable(pathway: Pathway, required: int | None, reason: str) -> PathwayAnalysis:
        return PathwayAnalysis(
            id=pathway.id, name=pathway.name, satisfiable=False, min_total_hours=None,
            max_total_hours=None, min_selection=[], max_selection=[],
            required_optional_hours=required, reason=reason)

    def _unanalysed(self, pathway: Pathway, required: int | None, where: str,
                    why: str) -> PathwayAnalysis:
        self.problems.add(f"{where} could not be analysed exactly: {why}")
        return PathwayAnalysis(
            id=pathway.id, name=pathway.name, satisfiable=True, min_total_hours=None,
            max_total_hours=None, min_selection=[], max_selection=[],
            required_optional_hours=required, choice_count=2, analysed=False)
