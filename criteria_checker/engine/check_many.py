"""Checking several files in one run, over several cores when that pays.

A pre-commit hook or a ``check`` given many files starts once, loads the
criteria and rules once, and then checks each file. With enough files and
more than one core, the files are shared among forked worker processes:
they inherit everything already imported and loaded, so a worker costs a
fork, not a start-up. Results come back in the order the files were given,
so the output is the same as checking one file after another.

Before forking, this process checks the first file of each kind (by suffix)
itself. A file's first check imports its reader, compiles patterns and
builds the criteria's indexes, about 100 ms a kind; done once here, every
worker inherits it warm instead of paying it again. The objects made so far
are then frozen out of the cyclic collector, whose passes would otherwise
touch, and so copy, the pages every worker shares.

Where processes cannot be forked (Windows, macOS's default), or with few
files, the files are checked in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.engine.rules import RuleSet
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.report import Report

#: Below this many files per worker, forking costs more than it saves.
MIN_FILES_PER_WORKER = 3
_CRASHED = "the checker process died while reading this file"


def worker_count(files: int, jobs: int | None = None) -> int:
    """How many processes check ``files`` files: ``jobs`` when given, else what pays."""
    wanted = jobs if jobs else min(_cores(), files // MIN_FILES_PER_WORKER)
    return max(1, min(wanted, files))


def check_files(files: Sequence[Path], options: CheckOptions, criteria: CriteriaSet,
                rules: RuleSet, *, jobs: int | None = None) -> list[Report | InputError]:
    """Each file's report, or the InputError saying why it could not be read, in order."""
    workers = worker_count(len(files), jobs)
    if workers == 1 or not _can_fork():
        return [_check(path, options, criteria, rules) for path in files]
    results: dict[int, Report | InputError] = {
        i: _check(files[i], options, criteria, rules) for i in _first_of_each_kind(files)}
    rest = [i for i in range(len(files)) if i not in results]
    workers = min(workers, len(rest))
    if workers > 1:
        checked = _in_workers([files[i] for i in rest], options, criteria, rules, workers)
    else:
        checked = [_check(files[i], options, criteria, rules) for i in rest]
    results.update(zip(rest, checked, strict=True))
    return [results[i] for i in range(len(files))]


def _first_of_each_kind(files: Sequence[Path]) -> list[int]:
    """The index of the first file with each suffix (each reader's first file)."""
    first: dict[str, int] = {}
    for i, path in enumerate(files):
        first.setdefault(path.suffix.lower(), i)
    return sorted(first.values())


def _check(path: Path, options: CheckOptions, criteria: CriteriaSet,
           rules: RuleSet) -> Report | InputError:
    from criteria_checker.engine.api import check_file

    try:
        # A configuration's per-path overrides may give this file options of its own.
        return check_file(path, options.for_path(path), criteria=criteria, rules=rules)
    except InputError as exc:
        return exc


def _in_workers(files: Sequence[Path], options: CheckOptions, criteria: CriteriaSet,
                rules: RuleSet, workers: int) -> list[Report | InputError]:
    import functools
    import gc

    from criteria_checker.engine.forked import DIED, forked_map

    def work(index: int) -> Report | tuple[str, str]:
        result = _check(files[index], options, criteria, rules)
        # An InputError does not survive pickling (its constructor takes two arguments).
        return (result.path, result.problem) if isinstance(result, InputError) else result

    gc.freeze()
    try:
        answers = forked_map(work, len(files), workers)
        for index in [i for i, answer in enumerate(answers) if answer is DIED]:
            # Its worker died: alone in a worker of its own, the file that kills
            # it is found, and the others that shared that worker are checked.
            answers[index] = forked_map(functools.partial(_offset, work, index), 1, 1)[0]
    finally:
        gc.unfreeze()
    return [InputError(files[i], _CRASHED) if answer is DIED
            else InputError(answer[0], answer[1]) if isinstance(answer, tuple) else answer
            for i, answer in enumerate(answers)]


def _offset(work: Callable[[int], object], index: int, _: int) -> object:
    return work(index)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return hasattr(os, "fork") and os.name == "posix" and not _is_macos()


def _is_macos() -> bool:
    import sys

    # Forking after system frameworks are loaded is unsafe on macOS.
    return sys.platform == "darwin"
