"""Exact search by integer programming, for selections the dynamic programme cannot reach.

:func:`.combination_search.search` hands a problem over to :func:`solve`
when the dynamic programme's predicted or actual size passes its limits
(many optional units under rules that keep several long sums open, odd
hours, barred pairs across groups). This module imports numpy and HiGHS
(through highspy); nothing imports it until such a problem comes, so a check
of an ordinary specification never loads either.

The problem is the one :mod:`.combination_search` states, over the bounds it
has already restated (optional hours only, one bound per scope) and the
units some minimum counts. One binary ``x_u`` per unit and one continuous
``z_r`` per bound (its sum, ``z_r = sum of hours(u) x_u over its scope``,
within its minimum and maximum); a barred pair is ``x_u + x_v <= 1``.

1. The least hours: minimise ``sum hours(u) x_u``. Dropping a unit from a
   valid selection breaks at most a minimum, so a least valid selection is
   inclusion-minimal and this is the least over valid minimal selections.
   No solution: no valid selection, hence no valid minimal one.
2. The most hours over *minimal* selections needs minimality as
   constraints: unit u taken needs some minimum r counting u to end with
   ``slack_r = z_r - lo_r < hours(u)``. Per minimum r and each distinct
   hours value v of its units (up to its largest possible slack ``top_r``),
   a binary ``y_rv`` means "slack_r < v": ``z_r + (top_r - v + 1) y_rv <=
   lo_r + top_r``, and ``y_rv <= y_rw`` for v < w. Then
   ``x_u <= sum over r counting u of y_r,hours(u)``; a unit larger than
   some ``top_r`` of its minimums is always needed and gets no row. The
   indicators are per (bound, hours value), not per unit, and the bound
   rows stay sparse through ``z_r``. Maximise ``sum hours(u) x_u``.
   One more row, implied by the others for whole numbers but not for the
   linear relaxation, tells the solver where the answer is bounded: every
   unit taken lies in the scope of a minimum that needs it, so the total is
   at most the sum, over the minimums that need some unit, of their sums;
   and a minimum r needs some unit only when its largest indicator
   ``y_r,m`` is 1, which holds its sum to ``lo_r + m - 1``. So
   ``sum hours(u) x_u <= sum over r of (lo_r + m_r - 1) y_r,m_r``, plus the
   whole largest sum ``lo_r + top_r`` of a minimum with a unit it always
   needs (for which ``y_r,m_r`` may be 0). Without it, the relaxation lets
   every minimum count the same units towards its slack and a minimum that
   needs nothing still lets them in.
3. Genuine choice: the least and the most selections differ, or else a
   second valid minimal selection exists: the model of step 2, no
   objective, plus "not this selection" (``sum over S of x_u - sum outside
   S of x_u <= |S| - 1``).

Exactness: hours are whole numbers, so the objective is too; the solver is
asked for a gap below one hour (``mip_rel_gap`` 0, ``mip_abs_gap`` 0.5),
which proves optimality. Solutions are read with binary values rounded
(integrality tolerance 1e-6 keeps every sum exact to well under one hour).
Determinism: one thread and a fixed seed, so the same problem gives the
same selections on every run.

Cost, measured (CPU, solver imported): the least-hours question takes
3-10 ms a pathway; the most over minimal selections is what costs, because
the linear relaxation of "some minimum's slack is below the unit's hours"
is weak and the solver must search: 60 optional units in 6 groups with odd
hours under overlapping minimums, a level floor, a global band and 5 barred
pairs take about 0.2-1 s a pathway, and 300 units in 10 groups with 6
pathways, two level floors, a global band, group maximums, pathway group
bands and 20 barred pairs about 3 s in all (``bench/bench_combination.py``).
The bounding row of step 2 took that from 7.4 s, and the same instance in
odd hours from 10.5 s to 8.6, four 60-unit pathways from 3.6 s to 2.4; one
60-unit pathway alone went from 0.6 s to 0.9. Its finer form, with every
indicator of a minimum (the sum capped at ``lo_r + v - 1`` for the least v
whose indicator is 1), was faster again on the credit-based instance
(2.1 s) but twice as slow in odd hours (18 s), where a minimum has dozens
of hours values and the row grows dense.
Splitting that question into cases by which minimums make some unit needed
(each capped, or barred from making any unit needed) was measured too: 3.7
times faster on the 300-unit instance, where the global cap is reached and
most cases close on their linear relaxation, but 1.4 to 2 times slower on
every 60-unit shape and on the 300-unit one in odd hours, where few do; so
the whole model is solved.
OR-Tools' CP-SAT (9.15) was measured on the same problems, stated
directly (an indicator per minimum and hours value, enforced both ways, and
a clause per unit), one worker for determinism: no faster overall (the
300-unit target 2.3 s against HiGHS's 3.2-3.8 s in runs close in time, one
60-unit pathway 0.3 s against 0.9, four 60-unit pathways 2.6 s against
2.5-3.0, the target in odd hours 13.4 s against 9.8), slower again with
more linearisation (3.7, 1.1, 8.7 and 17.7 s), for a 30 MB wheel that
brings pandas and protobuf and a 0.3-0.45 s import. Dividing hours and
bounds by their common divisor (ten for credit-based rules) before the
solve made no measurable difference either.
Where that time goes, measured with the answer known: asked only to show
that nothing exceeds it, the solver takes 0.1-1.1 s a pathway; asked only
to find a selection reaching it, 0.08-0.5 s. So neither a tighter bound nor
a better first solution alone brings a pathway near 0.02 s. Nor does
splitting off "the global minimum needs a unit" (a row capping the total at
its minimum plus the largest unit less one: 0.08-0.8 s): the rest, every
unit needed by another minimum, is as costly to bound as the whole question
(0.2-2.8 s; below the answer by 50 to 130 hours on the 300-unit instance),
and too large for the dynamic programme, since a level floor over 200 units
keeps one long sum open throughout. Units alike in hours and rules are too
few to merge (225 kinds among 300 units, 287 in odd hours).
Importing numpy and HiGHS costs about 0.25 s once per process. The solves of
one pathway stop after :data:`TIME_LIMIT` seconds in all, far beyond any
instance measured, or sooner when the caller has less left (the analysis
of a specification has one limit for all its pathways); then
:class:`.SearchTooLarge` says so and the pathway is reported as not
analysed.
"""

from __future__ import annotations

import time
from itertools import pairwise

import numpy as np
from highspy import (
    HighsLp,
    HighsModelStatus,
    HighsVarType,
    MatrixFormat,
    ObjSense,
    kHighsInf,
)

# The base class of highspy.Highs: the wrapper's constructor sets up Python
# callbacks and prints a banner to standard output before any option can
# silence it.
from highspy._core import _Highs

from criteria_checker.engine.combination_search import (
    NO_SELECTION,
    LiveBound,
    SearchResult,
    SearchTooLarge,
)

#: Seconds one solve may take before it is stopped (a last resort: the
#: slowest solve measured takes about 2 s).
TIME_LIMIT = 300.0


def solve(hours: dict[int, int], bounds: list[LiveBound], units: list[int],
          conflicts: dict[int, frozenset[int]], *,
          deadline: float | None = None) -> SearchResult:
    """The valid inclusion-minimal selections of ``units`` under ``bounds`` (see the docstring).

    ``bounds`` are restated as :func:`.combination_search.reduce_bounds`
    returns them, ``units`` the units some minimum counts. The solves stop at
    ``deadline`` (a :func:`time.monotonic` reading), and at the latest after
    :data:`TIME_LIMIT` seconds in all.
    """
    own = time.monotonic() + TIME_LIMIT
    model = _Model(hours, bounds, units, conflicts,
                   deadline=own if deadline is None else min(own, deadline))
    low = model.optimise(ObjSense.kMinimize, minimal=False)
    if low is None:
        return SearchResult(count=0, reason=NO_SELECTION)
    high = model.optimise(ObjSense.kMaximize, minimal=True)
    if high is None:  # cannot happen: the least selection is minimal
        raise SearchTooLarge("the solver found no minimal selection although one exists")
    if high != low:
        count = 2
    else:
        count = 1 if model.optimise(None, minimal=True, other_than=low) is None else 2
    return SearchResult(count=count, min_hours=sum(hours[u] for u in low), min_selection=low,
                        max_hours=sum(hours[u] for u in high), max_selection=high)


class _Model:
    """The integer programme of one pathway, built as sparse rows."""

    def __init__(self, hours: dict[int, int], bounds: list[LiveBound], units: list[int],
                 conflicts: dict[int, frozenset[int]], *, deadline: float = float("inf")
                 ) -> None:
        self.hours = hours
        self.deadline = deadline
        self.units = units
        column = {u: i for i, u in enumerate(units)}
        self.columns = len(units) + len(bounds)  # x_u, then z_r
        self.rows = _Rows()
        for r, bound in enumerate(bounds):
            total = len(units) + r
            self.rows.add(0.0, 0.0, [(column[u], float(hours[u])) for u in sorted(bound.scope)]
                          + [(total, -1.0)])
        self.sum_bounds = [(_finite(b.lo, 0), _finite(b.hi, sum(hours[u] for u in b.scope)))
                           for b in bounds]
        for u in units:
            for v in sorted(conflicts.get(u, ())):
                if u < v and v in column:
                    self.rows.add(-kHighsInf, 1.0, [(column[u], 1.0), (column[v], 1.0)])
        self.base_rows = len(self.rows.lower)
        self.bounds = bounds
        #: Per minimum: (bound index, minimum, {hours value: indicator column}).
        self.indicator_columns: list[tuple[int, int, dict[int, int]]] = []
        self.indicators = self._minimality(bounds, column)

    def point(self, selection: frozenset[int]) -> list[float]:
        """The value of every column for ``selection``: each indicator says its slack is below.

        Every valid minimal selection, so written, meets every row; the tests
        hold the programme to that.
        """
        hours = self.hours
        values = [1.0 if u in selection else 0.0 for u in self.units]
        sums = [sum(hours[u] for u in bound.scope if u in selection) for bound in self.bounds]
        values += [float(total) for total in sums]
        values += [0.0] * self.indicators
        for r, low, indicator in self.indicator_columns:
            for v, col in indicator.items():
                values[col] = 1.0 if sums[r] - low < v else 0.0
        return values

    def _minimality(self, bounds: list[LiveBound], column: dict[int, int]) -> int:
        """Add the rows of step 2 after the base rows; the number of indicator columns."""
        hours = self.hours
        first = self.columns
        added = 0
        needers: dict[int, list[int] | None] = {u: [] for u in self.units}
        capping: list[tuple[int, float]] = []
        always_needing = 0
        for r, bound in enumerate(bounds):
            if bound.lo is None:
                continue
            low, high = self.sum_bounds[r]
            top = high - low
            values = sorted({hours[u] for u in bound.scope if hours[u] <= top})
            indicator: dict[int, int] = {}
            self.indicator_columns.append((r, low, indicator))
            for v in values:
                indicator[v] = first + added
                added += 1
                # slack_r < v, that is z_r <= lo_r + v - 1, when y_rv is 1.
                self.rows.add(-kHighsInf, float(low + top),
                              [(len(self.units) + r, 1.0), (indicator[v], float(top - v + 1))])
            for smaller, larger in pairwise(values):
                self.rows.add(-kHighsInf, 0.0, [(indicator[smaller], 1.0),
                                                (indicator[larger], -1.0)])
            always = False
            for u in bound.scope:
                held = needers[u]
                if hours[u] > top:
                    needers[u] = None  # this minimum always needs it
                    always = True
                elif held is not None:
                    held.append(indicator[hours[u]])
            # This minimum's part of the bounding row (see the module docstring).
            if always:
                always_needing += low + top
            if values:
                largest = values[-1]
                capping.append((indicator[largest],
                                -float(low + largest - 1 - (low + top if always else 0))))
        self.rows.add(-kHighsInf, float(always_needing),
                      [(column[u], float(hours[u])) for u in self.units] + capping)
        for u in self.units:
            held = needers[u]
            if held is not None:
                self.rows.add(-kHighsInf, 0.0,
                              [(column[u], 1.0), *((c, -1.0) for c in sorted(held))])
        return added

    def optimise(self, sense: ObjSense | None, *, minimal: bool,
                 other_than: tuple[int, ...] = ()) -> tuple[int, ...] | None:
        """The optimal selection (sorted units), or None when there is none.

        ``sense`` None asks for any solution; ``other_than`` excludes one
        selection.
        """
        units = self.units
        rows = self.rows.up_to(len(self.rows.lower) if minimal else self.base_rows)
        columns = self.columns + (self.indicators if minimal else 0)
        if other_than:
            chosen = set(other_than)
            rows = rows.extended(-kHighsInf, float(len(chosen) - 1),
                                 [(i, 1.0 if u in chosen else -1.0) for i, u in enumerate(units)])
        cost = [0.0] * columns
        if sense is not None:
            cost[:len(units)] = [float(self.hours[u]) for u in units]
        lower = [0.0] * columns
        upper = [1.0] * columns
        for r, (low, high) in enumerate(self.sum_bounds):
            lower[len(units) + r] = float(low)
            upper[len(units) + r] = float(high)
        integral = [HighsVarType.kInteger] * columns
        for r in range(len(self.sum_bounds)):
            integral[len(units) + r] = HighsVarType.kContinuous
        lp = HighsLp()
        lp.num_col_ = columns
        lp.num_row_ = len(rows.lower)
        lp.col_cost_ = np.array(cost)
        lp.col_lower_ = np.array(lower)
        lp.col_upper_ = np.array(upper)
        lp.row_lower_ = np.array(rows.lower)
        lp.row_upper_ = np.array(rows.upper)
        lp.a_matrix_.format_ = MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = columns
        lp.a_matrix_.num_row_ = len(rows.lower)
        lp.a_matrix_.start_ = np.array([*rows.starts, len(rows.index)], dtype=np.int32)
        lp.a_matrix_.index_ = np.array(rows.index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(rows.value)
        lp.integrality_ = integral
        lp.sense_ = sense if sense is not None else ObjSense.kMinimize
        highs = _Highs()
        for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0),
                              ("mip_rel_gap", 0.0), ("mip_abs_gap", 0.5),
                              # Restarting the search after presolve found more
                              # reductions cost more than it saved on every instance
                              # of the bench: 8.6 s over its 11 pathway problems
                              # without restarts, 17.1 s with.
                              ("mip_allow_restart", False),
                              ("time_limit", min(TIME_LIMIT, max(
                                  0.0, self.deadline - time.monotonic())))):
            highs.setOptionValue(option, value)
        highs.passModel(lp)
        highs.run()
        status = highs.getModelStatus()
        if status == HighsModelStatus.kInfeasible:
            return None
        if status != HighsModelStatus.kOptimal:
            raise SearchTooLarge(f"the solver stopped without an answer "
                                 f"({highs.modelStatusToString(status)})")
        values = highs.getSolution().col_value
        return tuple(u for i, u in enumerate(units) if values[i] > 0.5)


class _Rows:
    """Sparse rows: bounds and entries (column, coefficient), row after row."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, lower: float, upper: float, entries: list[tuple[int, float]]) -> None:
        self.lower.append(lower)
        self.upper.append(upper)
        self.starts.append(len(self.index))
        for column, value in entries:
            self.index.append(column)
            self.value.append(value)

    def up_to(self, count: int) -> _Rows:
        """The first ``count`` rows."""
        if count == len(self.lower):
            return self
        kept = _Rows()
        end = self.starts[count] if count < len(self.starts) else len(self.index)
        kept.lower, kept.upper = self.lower[:count], self.upper[:count]
        kept.starts = self.starts[:count]
        kept.index, kept.value = self.index[:end], self.value[:end]
        return kept

    def extended(self, lower: float, upper: float, entries: list[tuple[int, float]]) -> _Rows:
        """These rows and one more."""
        grown = self.up_to(len(self.lower))
        copy = _Rows()
        copy.lower, copy.upper = [*grown.lower], [*grown.upper]
        copy.starts, copy.index, copy.value = [*grown.starts], [*grown.index], [*grown.value]
        copy.add(lower, upper, entries)
        return copy


def _finite(value: int | None, otherwise: int) -> int:
    return otherwise if value is None else value
