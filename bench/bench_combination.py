"""Speed of the rules-of-combination analysis, from real shapes to 300 optional units.

    .venv/bin/python bench/bench_combination.py            # every instance, 5 repeats
    .venv/bin/python bench/bench_combination.py --quick    # fewer instances and repeats
    .venv/bin/python bench/bench_combination.py --profile  # per pathway, per question

Each instance is analysed whole (every pathway) in-process; the time is the
median CPU time of the repeats, with the solver already imported. Which
exact method answered is shown: the dynamic programme, or the integer
programme (HiGHS) it hands large instances to. The cost of importing the
solver is measured apart, in new processes. ``--profile`` shows where the
time goes instead: per pathway, the search's CPU time and, when the integer
programme answered, that of each question it was asked (the least hours,
the most hours over minimal selections, a second selection).

Instances (all generated, deterministic):

- 60 optional units in 6 groups under several overlapping rules (group
  minimums, a "remaining N credits" rule, a global band, a level floor) and
  3 barred pairs: the largest real shape;
- 60 optional units in 6 groups with odd hours (TQT), overlapping group
  minimums, a level floor, a global band and 5 barred pairs, with 1 and with
  4 pathways;
- 300 optional units in 10 groups with 6 pathways, two level floors, a
  global band, group maximums, pathway group bands and 20 barred pairs
  (the target instance), in credits and, with ``--odd``, in odd hours.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from highspy import ObjSense  # noqa: E402

from criteria_checker.engine import combination as combination_module  # noqa: E402
from criteria_checker.engine import combination_search, combination_solver  # noqa: E402
from criteria_checker.engine.combination import (  # noqa: E402
    CombinationAnalysis,
    analyse_combination,
)
from criteria_checker.model.spec import QualificationSpec  # noqa: E402
from criteria_checker.model.validation import validate  # noqa: E402

#: The target of the issue for the largest instance, in CPU milliseconds.
TARGET_MS = 100.0
TARGET_NAME = "300 units / 10 groups / 6 pathways / 20 barred pairs"
_CREDITS = [3, 15, 6, 10, 20, 4, 12, 8, 5, 15, 1, 10, 6, 2, 8, 12, 4, 5, 20, 3]


def generated(groups: int, per_group: int, rules: list[dict[str, Any]],
              pathways: list[dict[str, Any]], barred: int, *, odd_hours: bool = False,
              levels: tuple[int, ...] = (4, 5)) -> QualificationSpec:
    """17 mandatory units (68 credits) and ``groups`` x ``per_group`` optional units.

    Credits cycle through 1-20 (hours are credits x 10, or odd TQT with
    ``odd_hours``); levels cycle through ``levels``; barred pairs join units
    far apart, mostly in different groups.
    """
    units: list[dict[str, Any]] = [
        {"reference": f"A/600/{i:04d}", "title": f"m{i}", "credit": 4, "level": 5, "group": "M"}
        for i in range(17)]
    for g in range(groups):
        for j in range(per_group):
            n = per_group * g + j
            value = _CREDITS[(7 * n + g) % len(_CREDITS)]
            units.append({"reference": f"B/{g:03d}/{j:04d}", "title": f"o{n}",
                          "level": levels[n % len(levels)], "group": f"O{g + 1}",
                          **({"tqt": value * 10 + n % 7} if odd_hours else {"credit": value})})
    optional = [u["reference"] for u in units if u["group"] != "M"]
    pairs = []
    for k in range(barred):
        first = (5 * k) % len(optional)
        second = (len(optional) - 1 - 7 * k - per_group * (k % 3)) % len(optional)
        if second == first:
            second = (second + 1) % len(optional)
        pairs.append({"units": [optional[first], optional[second]]})
    return validate(QualificationSpec, {
        "file": "generated.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"}] + [
            {"id": f"O{g + 1}", "name": f"O{g + 1}", "kind": "optional"}
            for g in range(groups)],
        "units": units,
        "combination": {"rules": rules, "pathways": pathways, "barred": pairs},
    })


def real_shape() -> QualificationSpec:
    """60 units in 6 groups under the overlapping rules real specifications state."""
    groups = [f"O{g + 1}" for g in range(6)]
    rules = [{"min_credits": 90}, {"groups": ["O1"], "min_credits": 12},
             {"groups": groups[:4], "min_credits": 23, "max_credits": 30},
             {"groups": ["O5"], "max_credits": 10}, {"groups": ["O6"], "min_credits": 3},
             {"groups": groups, "max_credits": 40}, {"min_credits": 75, "min_level": 5}]
    return generated(6, 10, rules, [], 3)


def sixty_units(pathways: int) -> QualificationSpec:
    """60 units in 6 groups, odd hours, overlapping minimums, a floor, a band, 5 barred pairs."""
    groups = [f"O{g + 1}" for g in range(6)]
    rules: list[dict[str, Any]] = [
        {"groups": groups[k:k + 3], "min_hours": 150 + 40 * k} for k in range(4)]
    rules += [{"min_hours": 600, "min_level": 5},
              {"min_hours": 680 + 900, "max_hours": 680 + 2000}]
    paths = [{"id": f"P{p}", "name": f"P{p}", "rules": [
        {"groups": [groups[p]], "min_hours": 100 + 20 * p, "max_hours": 400},
        {"groups": [groups[(p + 2) % 6], groups[(p + 3) % 6]], "max_hours": 500 + 30 * p}]}
        for p in range(pathways if pathways > 1 else 0)]
    return generated(6, 10, rules, paths, 5, odd_hours=True)


def target(*, odd_hours: bool = False) -> QualificationSpec:
    """300 units in 10 groups, 6 pathways, level floors, group and global bands, 20 barred pairs."""
    groups = [f"O{g + 1}" for g in range(10)]
    rules: list[dict[str, Any]] = [
        {"min_credits": 68 + 150, "max_credits": 68 + 260},
        {"groups": groups, "min_credits": 60, "min_level": 5},
        *({"groups": [g], "max_credits": 45} for g in groups)]
    paths = []
    for p in range(6):
        first, second, third = groups[p], groups[(p + 3) % 10], groups[(p + 6) % 10]
        paths.append({"id": f"P{p}", "name": f"Pathway {p}", "rules": [
            {"groups": [first], "min_credits": 20 + p, "max_credits": 40},
            {"groups": [second, third], "min_credits": 30, "max_credits": 60 + 2 * p},
            {"groups": [groups[(p + 1) % 10]], "min_credits": 8},
            {"groups": [first, second], "min_credits": 15, "min_level": 6}]})
    return generated(10, 30, rules, paths, 20, odd_hours=odd_hours, levels=(4, 5, 6))


def instances(quick: bool, odd: bool) -> list[tuple[str, Callable[[], QualificationSpec]]]:
    chosen: list[tuple[str, Callable[[], QualificationSpec]]] = [
        ("real shape: 60 units / 6 groups / 3 barred pairs", real_shape),
        ("60 units / 6 groups / 5 barred pairs, odd hours", lambda: sixty_units(1)),
    ]
    if not quick:
        chosen.append(("60 units / 6 groups / 5 barred pairs, odd hours, 4 pathways",
                       lambda: sixty_units(4)))
    chosen.append((TARGET_NAME, target))
    if odd:
        chosen.append((TARGET_NAME + ", odd hours", lambda: target(odd_hours=True)))
    return chosen


def analysed(spec: QualificationSpec) -> tuple[CombinationAnalysis, bool]:
    """The analysis, and whether the solver answered some pathway."""
    calls = []
    solve = combination_solver.solve

    def counted(*args: Any, **keywords: Any) -> Any:
        calls.append(1)
        return solve(*args, **keywords)

    combination_solver.solve = counted
    try:
        return analyse_combination(spec), bool(calls)
    finally:
        combination_solver.solve = solve


def cpu_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def import_ms(module: str, runs: int) -> float:
    """Median wall time of importing ``module`` in a new process, less an empty start."""
    def cold(code: str) -> float:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    return cold(f"import {module}") - cold("pass")


def measure_all(quick: bool, odd: bool = False) -> list[tuple[str, int, int, str, float]]:
    """(instance, pathways, optional units, method, median CPU ms) per instance."""
    runs = 3 if quick else 5
    rows = []
    for name, build in instances(quick, odd):
        spec = build()
        analysis, by_solver = analysed(spec)
        if not analysis.complete:
            raise RuntimeError(f"{name}: the analysis was not complete: {analysis.problems}")
        units = sum(1 for u in spec.units if u.group != "M")
        rows.append((name, len(analysis.pathways), units,
                     "integer programme" if by_solver else "dynamic programme",
                     cpu_ms(lambda spec=spec: analyse_combination(spec), runs)))
    return rows


def measure(quick: bool) -> list[tuple[str, str, str, bool]]:
    """(goal, measured, target, met) rows for the combined table of goals: the target instance."""
    spec = target()
    if not analyse_combination(spec).complete:
        raise RuntimeError(f"{TARGET_NAME}: the analysis was not complete")
    ms = cpu_ms(lambda: analyse_combination(spec), 3 if quick else 5)
    return [(f"rules of combination, {TARGET_NAME}", f"{ms:.0f} ms",
             f"{TARGET_MS:.0f} ms", ms <= TARGET_MS)]


def profile(quick: bool, odd: bool) -> None:
    """Print, per instance and pathway, the CPU time of the search and of each solver question."""
    # The questions are told apart by how the solver is asked: without the
    # minimality rows (the least hours), maximising with them (the most), or
    # with no objective (a second selection, for genuine choice).
    questions: list[tuple[str, float]] = []
    optimise = combination_solver._Model.optimise

    def timed(model: combination_solver._Model, sense: ObjSense | None, *, minimal: bool,
              other_than: tuple[int, ...] = ()) -> tuple[int, ...] | None:
        start = time.process_time()
        try:
            return optimise(model, sense, minimal=minimal, other_than=other_than)
        finally:
            name = ("least hours" if not minimal else "a second selection" if sense is None
                    else "most hours over minimal selections")
            questions.append((name, (time.process_time() - start) * 1000))

    searches: list[tuple[float, list[tuple[str, float]]]] = []
    search = combination_search.search

    def each_pathway(*args: Any, **kwargs: Any) -> Any:
        questions.clear()
        start = time.process_time()
        found = search(*args, **kwargs)
        searches.append(((time.process_time() - start) * 1000, list(questions)))
        return found

    combination_solver._Model.optimise = timed  # type: ignore[method-assign,assignment]
    combination_module.search = each_pathway  # type: ignore[attr-defined]
    try:
        for name, build in instances(quick, odd):
            searches.clear()
            analysis = analyse_combination(build())
            print(f"\n{name}\n")
            rows: list[tuple[object, ...]] = []
            for pathway, (ms, asked) in zip(analysis.pathways, searches, strict=True):
                method = "integer programme" if asked else "dynamic programme"
                rows.append((pathway.id, method, f"{ms:.0f}", "", ""))
                rows.extend(("", "", "", question, f"{spent:.0f}") for question, spent in asked)
            table(("pathway", "answered by", "search ms", "question", "ms"), rows)
    finally:
        combination_solver._Model.optimise = optimise  # type: ignore[method-assign]
        combination_module.search = search  # type: ignore[attr-defined]


def table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer instances and repeats")
    parser.add_argument("--odd", action="store_true",
                        help="also the target instance in odd hours (about half a minute)")
    parser.add_argument("--profile", action="store_true",
                        help="per pathway, the CPU time of the search and of each question")
    args = parser.parse_args()
    if args.profile:
        profile(args.quick, args.odd)
        return
    rows = measure_all(args.quick, args.odd)
    print("Rules of combination: every pathway analysed exactly (median CPU ms, solver "
          "imported)\n")
    table(("instance", "pathways", "optional units", "answered by", "ms"),
          [(name, paths, units, method, f"{ms:.0f}")
           for name, paths, units, method, ms in rows])
    runs = 3 if args.quick else 7
    print("\nImporting the solver in a new process (median wall ms beyond an empty start)\n")
    table(("module", "ms"), [(module, f"{import_ms(module, runs):.0f}")
                             for module in ("numpy", "highspy",
                                            "criteria_checker.engine.combination_solver")])
    ms = next(ms for name, _, _, _, ms in rows if name == TARGET_NAME)
    print(f"\nTarget: {TARGET_NAME} in {TARGET_MS:.0f} ms: measured {ms:.0f} ms "
          f"({'met' if ms <= TARGET_MS else 'not met'})")


if __name__ == "__main__":
    main()
