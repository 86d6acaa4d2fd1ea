"""Benchmark: what the MAP rules (mapping claims) cost on a 65-unit specification.

Run: ``.venv/bin/python bench/bench_similarity.py [--runs N]``.

The specification is bench_docx_read's ``sixty_five_units()``: the template's
24 units filled up with 41 optional units of 16 criteria each; every
criterion quotes the item it maps to. A second variant rewords every
criterion of the template ("..., in your own service") so that no claim is a
quotation and each is scored in full.

Measured, CPU time, medians of interleaved runs:

- warm: both MAP rules on a specification already read, the matcher
  imported and its criteria index built (the cost per file in a batch, a
  hook run over many files, or a server); goal under 30 ms;
- in-process suggest on the same file, for comparison;
- cold: a new process importing the matcher and getting the index, from the
  compiled cache (what a user's second run pays) and built from scratch
  (``CRITERIA_CHECKER_NO_CACHE=1``, a first run); and getting only the table
  of quotations from the compiled cache, all that a check needs when every
  claim quotes what it claims.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench_docx_read import sixty_five_units  # bench/ is on sys.path when a bench script runs

from criteria_checker.checks.mapping_claims import only_doubtful, text_matches
from criteria_checker.engine.api import criteria_for
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.options import CheckOptions
from criteria_checker.engine.registry import NoParams
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.similarity import index_for
from criteria_checker.similarity.suggest import suggest

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 30.0


def reworded(spec: QualificationSpec) -> QualificationSpec:
    """The template's criteria reworded, so that none quotes its item."""
    units = []
    for unit in spec.units:
        if unit.group != "A":
            units.append(unit)
            continue
        outcomes = [replace(o, criteria=[replace(c, text=f"{c.text.rstrip(' .:')}, in your own "
                                                         "service") for c in o.criteria])
                    for o in unit.outcomes]
        units.append(replace(unit, outcomes=outcomes))
    return replace(spec, units=units)


def family(spec: QualificationSpec) -> Callable[[], int]:
    criteria = criteria_for(CheckOptions())

    def run() -> int:
        context = CheckContext(spec=spec, criteria=criteria)
        return (len(list(text_matches(context, NoParams())))
                + len(list(only_doubtful(context, NoParams()))))

    return run


def timed(funcs: list[Callable[[], object]], runs: int) -> list[float]:
    """Median CPU milliseconds of each function, the runs interleaved."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for func, spent in zip(funcs, times, strict=True):
            start = time.process_time()
            func()
            spent.append(time.process_time() - start)
    return [statistics.median(t) * 1000 for t in times]


COLD = ("import time; start = time.process_time()\n"
        "from criteria_checker.engine.api import criteria_for\n"
        "from criteria_checker.engine.options import CheckOptions\n"
        "criteria = criteria_for(CheckOptions())\n"
        "loaded = time.process_time()\n"
        "from criteria_checker.similarity import {0}\n"
        "import criteria_checker.similarity.claims\n"
        "{0}(criteria)\n"
        "print((time.process_time() - loaded) * 1000)\n")


def cold(runs: int, *, cache: bool, what: str = "index_for") -> float:
    """CPU ms of a new process importing the matcher and getting ``what`` of the criteria."""
    env = dict(os.environ)
    if not cache:
        env["CRITERIA_CHECKER_NO_CACHE"] = "1"
    spent = []
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-c", COLD.format(what)], capture_output=True,
                                text=True, cwd=ROOT, env=env, check=True)
        spent.append(float(result.stdout))
    return statistics.median(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    spec = sixty_five_units()
    variant = reworded(spec)
    criteria = criteria_for(CheckOptions())
    index_for(criteria)
    claims = sum(1 for u in spec.units for o in u.outcomes for c in o.criteria if c.mappings)
    findings = family(spec)(), family(variant)()  # warm up: imports, index, stems
    quoted, paraphrased, suggested = timed(
        [family(spec), family(variant), lambda: suggest(spec, criteria)], args.runs)
    print(f"65 units, {claims} criteria with mappings; findings {findings[0]} (quoting "
          f"template) / {findings[1]} (reworded template)")
    print("| measured | CPU ms | goal |")
    print("|---|---|---|")
    print(f"| MAP001+MAP002, warm, template quoting its items | {quoted:.1f} | < {GOAL_MS:.0f} |")
    print(f"| MAP001+MAP002, warm, template reworded | {paraphrased:.1f} | < {GOAL_MS:.0f} |")
    print(f"| suggest, warm | {suggested:.1f} | |")
    print(f"| new process: import + quotations from the compiled cache (claims that quote) | "
          f"{cold(max(3, args.runs // 3), cache=True, what='quotes_for'):.1f} | |")
    print(f"| new process: import + index from the compiled cache | "
          f"{cold(max(3, args.runs // 3), cache=True):.1f} | |")
    print(f"| new process: import + index built (no cache) | "
          f"{cold(max(3, args.runs // 3), cache=False):.1f} | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
