"""Exact search over selections of optional units (the engine of :mod:`.combination`).

The question: given bounds on hour sums over sets of units, and barred pairs,
which selections S of optional units are *valid* (every bound holds, no
barred pair inside S) and *inclusion-minimal* (dropping any one unit breaks
some minimum)? We want how many there are (capped at 2), and the least and
the greatest total hours among them, each with a concrete selection.

Minimality, made local. Dropping unit u from a valid S can only break a
minimum, never a maximum or a barred pair. Let ``slack_r = sum_r(S) - lo_r``
for each bound r with a minimum. Then u is needed exactly when some minimum
r that counts u has ``slack_r < hours(u)``. Units counted by the same set of
bounds form a *class*; within a class only the smallest chosen unit matters,
so S is minimal when, for every class c it draws from, with smallest chosen
hours ``t_c``, some minimum r of c has ``slack_r < t_c``.

Reductions before searching, all exact: bounds are restated over optional
hours only (the mandatory hours they count are subtracted); a minimum the
mandatory units already meet can never make a unit needed and is dropped; a
unit counted by no minimum is never needed and is left out; bounds counting
the same units are merged into one (the larger minimum, the smaller
maximum).

The algorithm, a dynamic programme over classes:

1. Per class, a subset DP over its units in descending order of hours
   enumerates the reachable (x = hours taken, t = smallest hours taken,
   barred units taken) triples, with how many subsets reach each (capped at
   2) and one such subset. Since t only falls and x only grows as units are
   added, a triple with ``x >= max_r lo_r + t`` can never be minimal and is
   pruned, as is any x above a maximum of the class. A bound counting this
   class only is settled here: its minimum and maximum are checked and, if
   it makes the smallest unit needed, the take is complete; otherwise the
   take carries a condition for the class's shared minimums.
2. Classes are put in the order that keeps the fewest independent partial
   sums open (a bound is open between its first and its last class; barred
   pairs split across classes count too): exactly, by a dynamic programme
   over sets of classes, up to :data:`_EXACT_ORDER_CLASSES` classes, greedily
   beyond. The state after each class is (the sum of every open bound, the
   pending minimality conditions, the barred units taken whose partners are
   still ahead). A pending condition (Q, t) says some bound in Q must end
   with slack below t; a condition implied by another (smaller Q, smaller
   t) is dropped, and one that some bound of Q can no longer fail (its
   maximum, or all it can still gain, keeps its slack below t) is met. The
   sum of a bound with a minimum and no maximum is capped at ``lo`` plus the
   largest t it may still have to beat (beyond that only "met, and too slack
   to make any unit needed" matters).
3. For each state, only the class options inside a window of hours are
   tried: enough for the minimums that later classes cannot finish, within
   the maximums, and slack enough to keep every pending condition, and the
   take's own, possible. When a bound's last class has been processed, it
   closes: each pending condition naming it is met (slack below t) or
   narrowed to the rest of its Q (dead when nothing is left).

Every selection follows exactly one path, so counts add exactly. Each state
keeps its least and greatest optional hours with a witness (a linked list of
per-class subsets). The cost is (states x options in the window) per class;
the state count is bounded by the product of the open sums' ranges, small
for real rules of combination: 60 optional units in 6 groups take about
3-25 ms of CPU under group minimums, a "remaining N credits" rule, a global
minimum and maximum or a level floor, and up to about 60 ms when all of
these overlap at once with barred pairs.

It is not for everything: long sums kept open across many classes (a global
band and a level floor over hundreds of units, odd hours) multiply the
states beyond reach. So :func:`search` first predicts the work from the
class order's estimate and, beyond :data:`MAX_PREDICTED`, or when the
programme passes :data:`MAX_STATES` states at any step, :data:`MAX_WORK` in
all, or :data:`MAX_CLASS_OPTIONS` options in one class (it raises
:class:`SearchTooLarge` inside), hands the same reduced problem to the
integer programme of :mod:`.combination_solver`, which is exact at any size
the analysis accepts. A handover after a started programme wastes at most
about 0.2 s.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from math import gcd
from typing import Literal

from criteria_checker.compiled_cache import dataclass

#: The most partial states the programme keeps at any step before it hands over.
MAX_STATES = 50_000
#: The most work the programme does before it hands over (about 0.2 s of CPU):
#: each (state, option) pair tried costs 2 plus the number of bounds, each
#: partial take of a class's units 1. The largest real shapes measured need
#: under 70,000.
MAX_WORK = 300_000
#: Beyond this predicted work (the class order's estimate, see
#: ``_order_classes``) "auto" does not start the programme at all. Real shapes
#: that finish are predicted at most about 500,000; instances predicted above
#: a few million never finished within :data:`MAX_WORK`.
MAX_PREDICTED = 2_000_000
#: The most distinct (hours, smallest unit, barred units) options of one class.
MAX_CLASS_OPTIONS = 20_000

#: The reason given when the rules can each be met but not all at once.
NO_SELECTION = "no selection of optional units meets every rule of combination"

_INF = 1 << 62
#: Up to this many classes the class order is optimised exactly.
_EXACT_ORDER_CLASSES = 10


#: How :func:`search` answers: "auto" chooses, see there.
Method = Literal["auto", "programme", "solver"]


class SearchTooLarge(Exception):
    """The programme would pass its limits, or the solver stopped at its time limit.

    The message says which. Within :func:`search` "auto" the first only
    hands the problem over to the solver.
    """


@dataclass(frozen=True)
class Bound:
    """A bound on the hours of the units in ``scope`` plus ``fixed`` mandatory hours.

    ``lo`` and ``hi`` are inclusive and include the fixed hours; ``label``
    names the rule in sentences ("the rule 'At least 35 credits ...'").
    """

    label: str
    scope: frozenset[int]
    fixed: int = 0
    lo: int | None = None
    hi: int | None = None


@dataclass(frozen=True)
class SearchResult:
    """What the search found; selections are sorted unit ids."""

    count: int  # distinct valid minimal selections, capped at 2
    min_hours: int | None = None
    min_selection: tuple[int, ...] = ()
    max_hours: int | None = None
    max_selection: tuple[int, ...] = ()
    reason: str = ""  # why there is none, when count == 0


@dataclass(frozen=True)
class LiveBound:
    """A bound over optional hours only: ``lo`` (None or > 0) and ``hi`` (None or >= 0)."""

    scope: frozenset[int]
    lo: int | None
    hi: int | None
    label: str


@dataclass(frozen=True)
class _Option:
    """One way to take units from a class (all subsets alike in what the search needs).

    Taking it adds ``hours`` to the class's open bounds and, unless ``need``
    is 0, the pending condition (need, smallest).
    """

    hours: int
    smallest: int
    need: int
    mask: int
    conflicts: int
    count: int
    units: tuple[int, ...]


@dataclass(frozen=True)
class _Place:
    """What the main programme needs at one position of the class order."""

    bounds: tuple[int, ...]  # open bounds this class adds to
    inside: int  # the same, as bits
    minimums: tuple[tuple[int, int, int], ...]  # (bound, minimum, most later classes add)
    maximums: tuple[tuple[int, int], ...]  # (bound, maximum)
    closing: tuple[tuple[int, int | None], ...]  # (bound, minimum) whose last class this is
    capped: tuple[tuple[int, int, int], ...]  # (bound, minimum, beyond) of minimum-only bounds
    ahead: list[int]  # per bound: the most hours later classes can still add
    beyond: list[int]  # per bound: the largest unit of later classes (largest t to come)
    carry: int  # barred units taken so far whose partners are still ahead
    free: list[_Option]  # options adding no pending condition, by hours (empty one first)
    free_sizes: list[int]
    #: options adding one, grouped by their smallest unit, each group by hours
    bound: list[tuple[int, list[_Option], list[int]]]


# A witness is a linked list of per-class subsets: (units, rest) or None.
_Witness = tuple[tuple[int, ...], "_Witness"] | None
_Pending = tuple[tuple[int, int], ...]
_State = tuple[tuple[int, ...], _Pending, int]


class _Tally:
    """What is known of the selections reaching one state."""

    __slots__ = ("count", "high", "high_witness", "low", "low_witness")

    def __init__(self, count: int, low: int, low_witness: _Witness, high: int,
                 high_witness: _Witness) -> None:
        self.count = count
        self.low = low
        self.low_witness = low_witness
        self.high = high
        self.high_witness = high_witness


def search(hours: dict[int, int], bounds: list[Bound],
           conflicts: dict[int, frozenset[int]], *, method: Method = "auto",
           time_limit: float | None = None) -> SearchResult:
    """Find the valid inclusion-minimal selections of the units in ``hours``.

    ``hours`` maps each selectable unit (any int id) to its positive hours;
    ``conflicts`` maps a unit to the units it may not be taken with.
    ``method`` "auto" runs the dynamic programme when its predicted size is
    within :data:`MAX_PREDICTED` and its work within the limits, else the
    integer programme of :mod:`.combination_solver`; "programme" runs the
    dynamic programme only (raising :class:`SearchTooLarge` beyond its
    limits) and "solver" the integer programme only. Both are exact.
    ``time_limit`` caps the seconds the whole search may take before the
    integer programme is stopped (the dynamic programme is bounded by its
    work limits instead).
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    reduced = reduce_bounds(hours, bounds)
    if isinstance(reduced, SearchResult):
        return reduced
    live, needed = reduced
    if method != "solver":
        try:
            return _Search(hours, live, needed, conflicts, predict=method == "auto").run()
        except SearchTooLarge:
            if method == "programme":
                raise
    # Imported here: the solver brings numpy and HiGHS, which a check of an
    # ordinary specification never needs.
    from criteria_checker.engine.combination_solver import solve

    return solve(hours, live, needed, conflicts, deadline=deadline)


def reduce_bounds(hours: dict[int, int],
                  bounds: list[Bound]) -> tuple[list[LiveBound], list[int]] | SearchResult:
    """The bounds over optional hours and the units some minimum counts (module docstring).

    A :class:`SearchResult` instead when that already settles the question:
    a bound that cannot hold, or no minimum that counts any unit.
    """
    live: list[LiveBound] = []
    for bound in bounds:
        checked = _restate(bound, hours)
        if isinstance(checked, str):
            return SearchResult(count=0, reason=checked)
        if checked is not None:
            live.append(checked)
    needed = frozenset(u for b in live if b.lo is not None for u in b.scope)
    merged = _merge_same_scope([LiveBound(b.scope & needed, b.lo, b.hi, b.label) for b in live])
    if isinstance(merged, str):
        return SearchResult(count=0, reason=merged)
    if not needed:
        return SearchResult(count=1, min_hours=0, max_hours=0)
    return merged, sorted(needed)


def _restate(bound: Bound, hours: dict[int, int]) -> LiveBound | str | None:
    """The bound over optional hours, a reason it cannot hold, or None if it never binds."""
    scope = frozenset(u for u in bound.scope if u in hours)
    if bound.lo is not None and bound.hi is not None and bound.lo > bound.hi:
        return f"{bound.label} cannot be met: its minimum {bound.lo} exceeds its maximum {bound.hi}"
    if bound.hi is not None and bound.fixed > bound.hi:
        return (f"{bound.label} cannot be met: the mandatory units it counts already give "
                f"{bound.fixed} hours, more than {bound.hi}")
    lo = bound.lo - bound.fixed if bound.lo is not None and bound.lo > bound.fixed else None
    if lo is not None:
        offered = sum(hours[u] for u in scope)
        if offered < lo:
            return (f"{bound.label} cannot be met: it needs {bound.lo} hours and the units "
                    f"it counts give at most {bound.fixed + offered}")
    hi = bound.hi - bound.fixed if bound.hi is not None else None
    if lo is None and (hi is None or not scope):
        return None
    return LiveBound(scope, lo, hi, bound.label)


def _merge_same_scope(live: list[LiveBound]) -> list[LiveBound] | str:
    by_scope: dict[frozenset[int], LiveBound] = {}
    for bound in live:
        if not bound.scope:
            continue  # a maximum over units never taken
        held = by_scope.get(bound.scope)
        if held is None:
            by_scope[bound.scope] = bound
            continue
        lo = max((v for v in (held.lo, bound.lo) if v is not None), default=None)
        hi = min((v for v in (held.hi, bound.hi) if v is not None), default=None)
        if lo is not None and hi is not None and lo > hi:
            return f"{held.label} and {bound.label} cannot both be met"
        by_scope[bound.scope] = LiveBound(bound.scope, lo, hi, held.label)
    return list(by_scope.values())


class _Search:
    def __init__(self, hours: dict[int, int], live: list[LiveBound], needed: list[int],
                 conflicts: dict[int, frozenset[int]], *, predict: bool = False) -> None:
        self.hours = hours
        self.live = live
        self.budget = MAX_WORK
        self.lows = [b.lo for b in live]
        self.highs = [b.hi for b in live]
        self.floors = [_low(b.lo) for b in live]
        # The most slack a bound can end with: a condition needing less is met.
        self.spreads = [_INF if b.hi is None else b.hi - _low(b.lo) for b in live]
        by_signature: dict[tuple[int, ...], list[int]] = {}
        for unit in needed:
            signature = tuple(i for i, b in enumerate(live) if unit in b.scope)
            by_signature.setdefault(signature, []).append(unit)
        # A bound counting the units of one class only is settled inside that
        # class's options and never enters the state.
        self.local = {r for r in range(len(live))
                      if sum(1 for s in by_signature if r in s) == 1}
        self.estimate = 0
        self.classes = self._order_classes(by_signature, conflicts)
        if predict and self.estimate > MAX_PREDICTED:
            raise SearchTooLarge(f"the programme is predicted to need {self.estimate} steps")
        self.barred_bit = self._barred_bits(needed, conflicts)
        self.conflict_bits = {
            u: _bits(self.barred_bit[v] for v in conflicts.get(u, ()) if v in self.barred_bit)
            for u in self.barred_bit
        }

    def _order_classes(self, by_signature: dict[tuple[int, ...], list[int]],
                       conflicts: dict[int, frozenset[int]]
                       ) -> list[tuple[tuple[int, ...], list[int]]]:
        """An order of the classes that keeps the open bounds, and so the states, few.

        The work of placing class c after the set P is estimated as (the
        product of the ranges of the bounds open after P) x (the units of c);
        up to :data:`_EXACT_ORDER_CLASSES` classes the cheapest order is found
        by a dynamic programme over subsets, beyond that greedily. The order's
        total estimate is kept in ``self.estimate``.
        """
        signatures = sorted(by_signature)
        weights = [len(by_signature[s]) + 1 for s in signatures]
        spans: dict[int, tuple[int, int]] = {}  # per shared bound: (its classes as bits, range)
        for r, bound in enumerate(self.live):
            if r not in self.local:
                top = bound.hi if bound.hi is not None else \
                    _low(bound.lo) + max(self.hours[u] for u in bound.scope)
                step = max(1, _gcd(self.hours[u] for u in bound.scope))
                spans[r] = (_bits(1 << i for i, s in enumerate(signatures) if r in s),
                            max(2, top // step + 1))
        # A barred pair split across classes doubles the states while open.
        class_of = {u: i for i, s in enumerate(signatures) for u in by_signature[s]}
        pairs = {(class_of[u], class_of[v]) for u, partners in conflicts.items()
                 if u in class_of for v in partners if v in class_of}
        split = [(1 << a) | (1 << b) for a, b in sorted(pairs) if a < b]

        def states(placed: int) -> int:
            # Placed classes counted by the same open bounds add up to one
            # free sum, at most the smallest of those bounds' ranges.
            open_now = [r for r, (classes, _) in spans.items()
                        if placed & classes and classes & ~placed]
            atoms = {tuple(r for r in open_now if r in signatures[i])
                     for i in range(len(signatures)) if placed >> i & 1}
            estimate = 1
            for atom in atoms:
                if atom:
                    estimate *= min(spans[r][1] for r in atom)
            for classes in split:
                if placed & classes and classes & ~placed:
                    estimate *= 2
            return estimate

        count = len(signatures)
        if count <= _EXACT_ORDER_CLASSES:
            best: dict[int, tuple[int, int, int]] = {0: (0, -1, -1)}  # cost, previous, class
            for placed in range(1 << count):
                if placed not in best:
                    continue
                here = best[placed][0]
                size = states(placed)
                for c in range(count):
                    if not placed >> c & 1:
                        after = placed | 1 << c
                        cost = here + size * weights[c]
                        if after not in best or cost < best[after][0]:
                            best[after] = (cost, placed, c)
            order: list[int] = []
            placed = (1 << count) - 1
            while placed:
                _, placed, c = best[placed]
                order.append(c)
            order.reverse()
            self.estimate = best[(1 << count) - 1][0]
        else:
            order = []
            placed = 0
            for _ in range(count):
                c = min((c for c in range(count) if not placed >> c & 1),
                        key=lambda c: (states(placed | 1 << c) * weights[c], c))
                self.estimate += states(placed) * weights[c]
                order.append(c)
                placed |= 1 << c
        return [(signatures[c], by_signature[signatures[c]]) for c in order]

    @staticmethod
    def _barred_bits(needed: list[int], conflicts: dict[int, frozenset[int]]) -> dict[int, int]:
        present = set(needed)
        involved = [u for u in needed if any(v in present for v in conflicts.get(u, ()))]
        return {u: 1 << i for i, u in enumerate(involved)}

    # -- per-class options --------------------------------------------

    def _class_options(self, signature: tuple[int, ...], units: list[int]) -> list[_Option]:
        """Every distinct way to take units from one class, local bounds already applied."""
        lows, highs = self.lows, self.highs
        max_need = max(_low(lows[r]) for r in signature)
        room = min(_room(highs[r], 0) for r in signature)
        counts: dict[tuple[int, int, int], int] = {(0, _INF, 0): 1}
        chosen: dict[tuple[int, int, int], tuple[int, ...]] = {(0, _INF, 0): ()}
        for unit in sorted(units, key=lambda u: (-self.hours[u], u)):
            size = self.hours[unit]
            if size > room:
                continue
            bit = self.barred_bit.get(unit, 0)
            clash = self.conflict_bits.get(unit, 0)
            # Iterate over a snapshot: counts updated below must not be extended twice.
            for key, count in list(counts.items()):
                taken, _, mask = key
                grown = taken + size
                if mask & clash or grown > room or grown >= max_need + size:
                    continue
                new_key = (grown, size, mask | bit)
                if new_key in counts:
                    counts[new_key] = min(2, counts[new_key] + count)
                else:
                    counts[new_key] = count
                    chosen[new_key] = (*chosen[key], unit)
            self._spend(len(counts))
            if len(counts) > MAX_CLASS_OPTIONS:
                raise SearchTooLarge(
                    f"{len(units)} optional units counted alike can be taken in more than "
                    f"{MAX_CLASS_OPTIONS} distinct ways")
        local_lows = [low for r in signature
                      if r in self.local and (low := lows[r]) is not None]
        shared = _bits(1 << r for r in signature if r not in self.local and lows[r] is not None)
        bit_conflicts = {self.barred_bit[u]: self.conflict_bits[u] for u in self.barred_bit}
        folded: dict[tuple[int, int, int, int], int] = {}
        witness: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        for key, count in sorted(counts.items()):
            taken, smallest, mask = key
            if any(taken < low for low in local_lows):
                continue
            need = 0
            if taken and not any(taken - low < smallest for low in local_lows):
                need = shared  # no local minimum needs the smallest unit: a shared one must
                if not need:
                    continue
            folded_key = (taken, need, smallest if need else _INF, mask)
            if folded_key in folded:
                folded[folded_key] = min(2, folded[folded_key] + count)
            else:
                folded[folded_key] = count
                witness[folded_key] = chosen[key]
        return [_Option(taken, smallest, need, mask,
                        _bits(c for b, c in bit_conflicts.items() if mask & b), count,
                        witness[key])
                for key, count in folded.items()
                for taken, need, smallest, mask in [key]]

    def _plan(self) -> list[_Place]:
        classes = self.classes
        count = len(self.live)
        options = [self._class_options(sig, units) for sig, units in classes]
        last = {r: max(p for p, (sig, _) in enumerate(classes) if r in sig) for r in range(count)}
        ahead = [[0] * count for _ in classes]
        beyond = [[0] * count for _ in classes]
        for p in range(len(classes) - 2, -1, -1):
            signature, units = classes[p + 1]
            most = max((o.hours for o in options[p + 1]), default=0)
            largest = max(self.hours[u] for u in units)
            for r in range(count):
                inside = r in signature
                ahead[p][r] = ahead[p + 1][r] + (most if inside else 0)
                beyond[p][r] = max(beyond[p + 1][r], largest if inside else 0)
        carry = self._carry_masks()
        plan = []
        for p, (signature, _) in enumerate(classes):
            free = sorted((o for o in options[p] if not o.need),
                          key=lambda o: (o.hours, o.smallest, o.mask))
            by_smallest: dict[int, list[_Option]] = {}
            for option in sorted((o for o in options[p] if o.need),
                                 key=lambda o: (o.hours, o.mask)):
                by_smallest.setdefault(option.smallest, []).append(option)
            plan.append(_Place(
                bounds=tuple(r for r in signature if r not in self.local),
                inside=_bits(1 << r for r in signature if r not in self.local),
                minimums=tuple((r, low, ahead[p][r]) for r in signature
                               if r not in self.local and (low := self.lows[r]) is not None),
                maximums=tuple((r, high) for r in signature
                               if r not in self.local and (high := self.highs[r]) is not None),
                closing=tuple((r, self.lows[r]) for r in signature
                              if r not in self.local and last[r] == p),
                capped=tuple((r, low, beyond[p][r]) for r in signature
                             if r not in self.local and (low := self.lows[r]) is not None
                             and self.highs[r] is None),
                ahead=ahead[p], beyond=beyond[p], carry=carry[p],
                free=free, free_sizes=[o.hours for o in free],
                bound=[(t, group, [o.hours for o in group])
                       for t, group in sorted(by_smallest.items())]))
        return plan

    # -- the main programme ---------------------------------------------

    def run(self) -> SearchResult:
        plan = self._plan()
        states: dict[_State, _Tally] = {
            ((0,) * len(self.live), (), 0): _Tally(1, 0, None, 0, None)}
        cost = 2 + len(self.live)
        for place in plan:
            grown: dict[_State, _Tally] = {}
            for (sums, pending, mask), tally in states.items():
                least, most, needy = self._window(sums, pending, place)
                # Options are sorted by hours: only those inside the window can live.
                first = bisect_left(place.free_sizes, least)
                window = place.free[first:bisect_right(place.free_sizes, most, lo=first)]
                for smallest, group, sizes in place.bound:
                    # The condition a take adds needs some minimum's slack below
                    # its smallest unit.
                    top = min(most, needy + smallest - 1)
                    first = bisect_left(sizes, least)
                    window += group[first:bisect_right(sizes, top, lo=first)]
                self._spend(cost * len(window))
                for option in window:
                    if option.conflicts & mask:
                        continue
                    step = self._step(sums, pending, option, place)
                    if step is not None:
                        _merge(grown, (step[0], step[1], (mask | option.mask) & place.carry),
                               tally, option)
            if len(grown) > MAX_STATES:
                raise SearchTooLarge(
                    f"more than {MAX_STATES} partial selections would have to be compared")
            states = grown
        return _result(states.values())

    def _spend(self, work: int) -> None:
        self.budget -= work
        if self.budget < 0:
            raise SearchTooLarge(
                f"comparing the selections would take more than {MAX_WORK} steps")

    def _window(self, sums: tuple[int, ...], pending: _Pending,
                place: _Place) -> tuple[int, int, int]:
        """The least and most hours a take may add, and the minimums' largest shortfall.

        The least: what the minimums still need beyond what later classes can
        add. The most: the maximums' room, and for each pending condition
        that only this class's bounds can still meet, the slack that keeps it
        possible. A take adding a condition with smallest unit t may add at
        most shortfall + t - 1.
        """
        least = 0
        most = _INF
        needy = -_INF
        for r, low, ahead in place.minimums:
            short = low - sums[r]
            if short - ahead > least:
                least = short - ahead
            if short > needy:
                needy = short
        for r, high in place.maximums:
            if high - sums[r] < most:
                most = high - sums[r]
        floors = self.floors
        for need, smallest in pending:
            if any(sums[r] - floors[r] < smallest for r in _members(need & ~place.inside)):
                continue  # a bound this class does not touch can still meet it
            reachable = max(floors[r] - sums[r] for r in _members(need & place.inside))
            if reachable + smallest - 1 < most:
                most = reachable + smallest - 1
        return least, most, needy

    def _step(self, sums: tuple[int, ...], pending: _Pending, option: _Option,
              place: _Place) -> tuple[tuple[int, ...], _Pending] | None:
        """The state after taking ``option``, or None when it dies."""
        new = list(sums)
        hours = option.hours
        if hours:
            for r in place.bounds:
                new[r] += hours
        if option.need:
            pending = _add_pending(pending, option.need, option.smallest)
        for r, low in place.closing:
            if low is not None:
                narrowed = _close(pending, r, new[r] - low)
                if narrowed is None:
                    return None
                pending = narrowed
            new[r] = 0
        if place.capped:
            reach = max([0, *(smallest for _, smallest in pending)])
            for r, low, beyond in place.capped:
                # Only slack below some t still to be beaten matters.
                top = low + (beyond if beyond > reach else reach)
                if new[r] > top:
                    new[r] = top
        floors, spreads, ahead = self.floors, self.spreads, place.ahead
        kept: list[tuple[int, int]] = []
        for need, smallest in pending:
            alive = settled = False
            for r in _members(need):
                slack = new[r] - floors[r]
                if slack < smallest:
                    alive = True
                    if slack + ahead[r] < smallest or spreads[r] < smallest:
                        settled = True  # bound r cannot end slack enough to break it
                        break
            if not alive:
                return None  # sums only grow: this condition can no longer be met
            if not settled:
                kept.append((need, smallest))
        if len(kept) < len(pending):
            pending = tuple(kept)
        return tuple(new), pending

    def _carry_masks(self) -> list[int]:
        """Per position: barred units taken so far whose partners are still ahead."""
        position_of = {u: p for p, (_, units) in enumerate(self.classes) for u in units}
        carry = []
        for p in range(len(self.classes)):
            carry.append(_bits(
                bit for u, bit in self.barred_bit.items()
                if position_of[u] <= p and any(
                    position_of[v] > p for v, vbit in self.barred_bit.items()
                    if self.conflict_bits[u] & vbit)))
        return carry


_MEMBERS: dict[int, tuple[int, ...]] = {}


def _members(bits: int) -> tuple[int, ...]:
    """The bound indices in a bit set (cached: the same few sets recur)."""
    found = _MEMBERS.get(bits)
    if found is None:
        found = tuple(i for i in range(bits.bit_length()) if bits >> i & 1)
        if len(_MEMBERS) < 4096:
            _MEMBERS[bits] = found
    return found


def _room(high: int | None, used: int) -> int:
    return _INF if high is None else high - used


def _low(low: int | None) -> int:
    return 0 if low is None else low


def _add_pending(pending: _Pending, need: int, smallest: int) -> _Pending:
    """Add the condition (need, smallest), dropping whichever conditions are implied."""
    if not pending:
        return ((need, smallest),)
    for held, held_smallest in pending:
        if held & ~need == 0 and held_smallest <= smallest:
            return pending  # already implied
    kept = [(held, held_smallest) for held, held_smallest in pending
            if not (need & ~held == 0 and smallest <= held_smallest)]
    kept.append((need, smallest))
    return tuple(sorted(kept))


def _close(pending: _Pending, r: int, slack: int) -> _Pending | None:
    """Pending conditions once bound r has closed with this slack; None if one fails."""
    result: _Pending = ()
    for need, smallest in pending:
        if not need >> r & 1:
            result = _add_pending(result, need, smallest)
        elif slack >= smallest:
            rest = need & ~(1 << r)
            if not rest:
                return None
            result = _add_pending(result, rest, smallest)
    return result


def _merge(states: dict[_State, _Tally], key: _State, tally: _Tally, option: _Option) -> None:
    low = tally.low + option.hours
    high = tally.high + option.hours
    low_witness, high_witness = tally.low_witness, tally.high_witness
    if option.units:
        low_witness = (option.units, low_witness)
        high_witness = (option.units, high_witness)
    count = min(2, tally.count * option.count)
    entry = states.get(key)
    if entry is None:
        states[key] = _Tally(count, low, low_witness, high, high_witness)
        return
    entry.count = min(2, entry.count + count)
    if low < entry.low:
        entry.low, entry.low_witness = low, low_witness
    if high > entry.high:
        entry.high, entry.high_witness = high, high_witness


def _result(finals: Iterable[_Tally]) -> SearchResult:
    count = 0
    best: _Tally | None = None
    worst: _Tally | None = None
    for tally in finals:
        count = min(2, count + tally.count)
        if best is None or tally.low < best.low:
            best = tally
        if worst is None or tally.high > worst.high:
            worst = tally
    if best is None or worst is None:
        return SearchResult(count=0, reason=NO_SELECTION)
    return SearchResult(count=count, min_hours=best.low, min_selection=_units(best.low_witness),
                        max_hours=worst.high, max_selection=_units(worst.high_witness))


def _units(witness: _Witness) -> tuple[int, ...]:
    units: list[int] = []
    while witness is not None:
        chosen, witness = witness
        units.extend(chosen)
    return tuple(sorted(units))


def _gcd(values: Iterable[int]) -> int:
    result = 0
    for value in values:
        result = gcd(result, value)
    return result


def _bits(values: Iterable[int]) -> int:
    result = 0
    for value in values:
        result |= value
    return result
