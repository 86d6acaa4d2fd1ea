"""The library entry points: check a specification, or a file, and get a Report.

>>> from criteria_checker.engine.api import check_file
>>> from criteria_checker.engine.options import CheckOptions
>>> report = check_file("spec.docx", CheckOptions(shared_title="..."))  # doctest: +SKIP

Criteria and rules files are loaded once per process and reused while they
are unchanged on disk, so checking many files (a reviewer's batch) pays for
their validation once. Mapping grids are read once per process likewise.

A file read by :func:`read_and_check` is joined with its mapping grids: those
``options.mappings`` names, and those named after it beside it
(``NAME.mapping.xlsx``, ``.csv`` or ``.docx`` beside ``NAME.docx``; see
docs/mapping-grids.md). A specification already in the model is joined with
grids by :func:`criteria_checker.readers.grids.join_grids` before
:func:`check_spec`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.engine.options import CheckOptions
from criteria_checker.engine.rules import RuleSet, load_rules
from criteria_checker.engine.run import run_rules
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.report import Report
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.paths import rules_dir

if TYPE_CHECKING:
    from criteria_checker.readers.grids import GridReading


def check_spec(
    spec: QualificationSpec,
    *,
    criteria: CriteriaSet,
    rules: RuleSet,
    options: CheckOptions | None = None,
) -> Report:
    """Check a specification already read into the model."""
    return run_rules(spec, criteria, rules, options or CheckOptions())


def check_file(
    path: str | Path,
    options: CheckOptions | None = None,
    *,
    criteria: CriteriaSet | None = None,
    rules: RuleSet | None = None,
) -> Report:
    """Read a DOCX or XML specification and check it.

    ``criteria`` and ``rules`` default to those ``options`` name (the bundled
    ones unless told otherwise). Raises InputError for a file that cannot be
    read, and UsageError for options that name unknown rules.
    """
    return read_and_check(path, options, criteria=criteria, rules=rules)[1]


def read_and_check(
    path: str | Path,
    options: CheckOptions | None = None,
    *,
    criteria: CriteriaSet | None = None,
    rules: RuleSet | None = None,
) -> tuple[QualificationSpec, Report]:
    """As :func:`check_file`, and the specification as read, for outputs that show both.

    The specification returned is joined with its mapping grids (see the module docstring).
    """
    from criteria_checker.readers import read_spec
    from criteria_checker.readers.grids import paired_grids

    options = options or CheckOptions()
    if criteria is None:
        criteria = criteria_for(options)
    if rules is None:
        rules = rules_for(options)
    path = Path(path)
    spec = read_spec(path)
    grids = grids_for((*options.mappings, *paired_grids(path)))
    if grids:
        from criteria_checker.readers.grids import join_grids

        spec = join_grids(spec, grids)
    return spec, run_rules(spec, criteria, rules, options)


def grids_for(paths: Iterable[Path]) -> list[GridReading]:
    """The mapping grid files ``paths`` read (each once, in order); InputError if one is bad."""
    readings = []
    seen: set[str] = set()
    for path in paths:
        if str(path) not in seen:
            seen.add(str(path))
            readings.append(_read_grid(str(path), _stamp(path)))
    return readings


def criteria_for(options: CheckOptions) -> CriteriaSet:
    """The criteria set ``options`` name, loaded and validated."""
    from criteria_checker.criteria.load import find_criteria

    path = find_criteria(options.criteria)
    return _load_criteria(str(path), _stamp(path))


def rules_for(options: CheckOptions) -> RuleSet:
    """The rules ``options`` name (the bundled rules by default), loaded and validated."""
    location = options.rules if options.rules is not None else rules_dir()
    stamp = tuple(_stamp(p) for p in sorted(location.glob("*.y*ml"))) \
        if location.is_dir() else (_stamp(location),)
    return _load_rules(str(location), stamp)


@lru_cache(maxsize=4)
def _load_criteria(path: str, stamp: tuple[int, int]) -> CriteriaSet:
    from criteria_checker.criteria.load import load_criteria

    return load_criteria(Path(path))


@lru_cache(maxsize=8)
def _read_grid(path: str, stamp: tuple[int, int]) -> GridReading:
    from criteria_checker.readers.grids import read_grid

    return read_grid(path)


@lru_cache(maxsize=4)
def _load_rules(location: str, stamp: tuple[tuple[int, int], ...]) -> RuleSet:
    return load_rules(Path(location))


def _stamp(path: Path) -> tuple[int, int]:
    # A missing file gets a stamp too: loading it then raises the proper InputError.
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)
