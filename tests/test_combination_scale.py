"""The rules-of-combination analysis at the largest size it accepts, and what it imports.

The target instance (300 optional units in 10 groups, 6 pathways, level
floors, group and global minimums and maximums, 20 barred pairs) is the one
``bench/bench_combination.py`` times; here it must be answered exactly, with
selections that are valid and inclusion-minimal. Its time is the bench's
business, not this test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_combination import CASES, assert_valid_and_minimal, case_data, case_spec, hours_of

from criteria_checker.engine.combination import analyse_combination

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_combination  # noqa: E402  (the bench's own generator, so both see one instance)


@pytest.mark.slow
def test_the_target_instance_is_answered_exactly() -> None:
    spec = bench_combination.target()
    assert sum(1 for u in spec.units if u.group != "M") == 300
    analysis = analyse_combination(spec)
    assert (analysis.problems, analysis.complete) == ([], True)
    assert (analysis.optional_min_hours, analysis.optional_max_hours,
            analysis.choice_count) == (1500, 1690, 2)
    assert len(analysis.pathways) == 6
    for number, pathway in enumerate(analysis.pathways):
        assert (pathway.analysed, pathway.satisfiable, pathway.choice_count) == (True, True, 2)
        # The global minimum is met exactly; at most it is exceeded by less
        # than the largest unit (200 hours), in steps of 10.
        assert (pathway.min_optional_hours, pathway.max_optional_hours) == (1500, 1690)
        for selection, hours in ((pathway.min_selection, pathway.min_optional_hours),
                                 (pathway.max_selection, pathway.max_optional_hours)):
            assert_valid_and_minimal(spec, number, selection)
            assert sum(hours_of(spec, i) for i, u in enumerate(spec.units)
                       if u.key in selection) == hours


def test_the_solver_gives_the_same_selections_every_run() -> None:
    # Solvers may return any of several optimal selections; one thread and a
    # fixed seed make the choice the same each time.
    spec = bench_combination.sixty_units(1)
    first = analyse_combination(spec)
    assert first.complete
    assert all(analyse_combination(spec) == first for _ in range(2))


def test_small_pools_never_import_the_solver() -> None:
    # Every case of the data set, analysed in a fresh process: the solver, HiGHS
    # and numpy stay unloaded.
    specs = [case_spec(case) for case in CASES]
    assert all(sum(1 for u in s.units if u.group != "M") <= 12 for s in specs)
    code = (
        "import json, sys\n"
        "from criteria_checker.engine.combination import analyse_combination\n"
        "from criteria_checker.model.spec import QualificationSpec\n"
        "from criteria_checker.model.validation import validate\n"
        "for data in json.load(sys.stdin):\n"
        "    assert analyse_combination(validate(QualificationSpec, data)).complete\n"
        "print(json.dumps(sorted(m for m in ('criteria_checker.engine.combination_solver',"
        " 'highspy', 'numpy') if m in sys.modules)))\n")
    cases = json.dumps([case_data(case) for case in CASES])
    result = subprocess.run([sys.executable, "-c", code], input=cases, capture_output=True,
                            text=True, check=True, cwd=ROOT)
    assert json.loads(result.stdout) == []
