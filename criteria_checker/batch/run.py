"""Reviewer batch validation: many submissions, checked in parallel, summarised.

Each worker checks one file and writes that file's reports itself (atomically),
so an interrupted or crashed batch keeps every report already finished. The
main process only schedules, collects rows and writes the summary. Rows are
ordered by input path, never by completion, so the summary is the same
whatever the number of workers.

The processes, and what becomes of a file whose worker dies, are
:mod:`criteria_checker.batch.pool`'s.

Given an earlier batch's folder (:func:`load_previous`, read whole before any
file is checked, so the earlier folder may be the output folder itself), the
summary says for each submission what changed since that review.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from criteria_checker.batch.inputs import report_stem
from criteria_checker.batch.pool import Terminated, restore_sigterm, run_parallel, stop_on_sigterm
from criteria_checker.batch.summary import (
    BatchRow,
    Comparison,
    PreviousReview,
    PreviousRow,
    compare_with_previous,
    read_summary_csv,
    render_csv,
    render_index,
    render_xlsx,
)
from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import CriteriaCheckerError, InputError
from criteria_checker.evidence import WORKBOOK_EXTENSION, WORKBOOK_FORMAT
from criteria_checker.fileio import atomic_write

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding, Report
    from criteria_checker.model.spec import QualificationSpec

#: A check function: path and options in; the Report, or the specification as read and its
#: Report (as ``read_and_check`` returns them); InputError for bad files.
CheckFunction = Callable[[Path, Any], "Report | tuple[QualificationSpec, Report]"]

TOP_PROBLEMS = 3


@dataclass(frozen=True)
class BatchSettings:
    """What every worker of a batch needs to check a file and write its reports."""

    out_dir: Path
    formats: tuple[str, ...] = ("html",)
    #: Passed to the check function unchanged (criteria, rules, title, fail level...).
    check_options: Any = None
    #: "module:function" of the check function, resolved in each worker. One that returns
    #: only a Report costs a second reading of each file for the xlsx workbook.
    checker: str = "criteria_checker.engine.api:read_and_check"
    #: Recycle a worker after this many files so that memory stays flat.
    tasks_per_worker: int = 200


#: Exit codes of a batch stopped by Ctrl-C (SIGINT) or by SIGTERM, as shells report them.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


@dataclass
class BatchOutcome:
    """The rows of a batch, and whether it was stopped before the end."""

    rows: list[BatchRow] = field(default_factory=list)
    interrupted: bool = False
    terminated: bool = False

    @property
    def exit_code(self) -> int:
        statuses = {row.status for row in self.rows}
        if self.terminated:
            return EXIT_TERMINATED
        if self.interrupted:
            return EXIT_INTERRUPTED
        if statuses & {"unreadable", "crashed", "not checked"}:
            return 2
        return 1 if "not conformant" in statuses else 0


def run_batch(
    files: Sequence[Path],
    settings: BatchSettings,
    *,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    previous: PreviousReview | None = None,
) -> BatchOutcome:
    """Check ``files`` with ``jobs`` worker processes and write reports and summaries.

    With ``previous`` (:func:`load_previous`), the summaries say what changed since
    that review. Raises InputError, before any file is checked, when the output folder
    cannot be made.
    """
    prepare_out_dir(settings.out_dir)
    taken: set[str] = set()
    tasks = [(i, path, report_stem(path, i + 1, taken)) for i, path in enumerate(files)]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    results: dict[int, BatchRow] = {}
    outcome = BatchOutcome()
    sigterm_handler = stop_on_sigterm()
    try:
        if jobs == 1:
            for index, path, stem in tasks:
                results[index] = check_and_write(path, stem, settings)
                if progress:
                    progress(1)
        else:
            run_parallel(tasks, partial(check_and_write, settings=settings), jobs,
                         settings.tasks_per_worker, results, progress)
    except KeyboardInterrupt as exc:
        outcome.interrupted = True
        outcome.terminated = isinstance(exc, Terminated)
    finally:
        restore_sigterm(sigterm_handler)
    for index, path, _ in tasks:
        outcome.rows.append(results.get(index) or BatchRow(
            file=str(path), status="not checked",
            reason="the batch was interrupted before this file was checked"))
    comparison = None
    if previous is not None:
        outcome.rows, gone = compare_with_previous(outcome.rows, previous)
        comparison = Comparison(folder=previous.folder, gone=tuple(gone))
    _write_summaries(outcome.rows, settings.out_dir, comparison)
    return outcome


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder and its reports folder, or say in one line why not."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "reports").mkdir(exist_ok=True)
    except FileExistsError:
        raise InputError(out_dir, "cannot create the output folder: "
                                  "a file of that name is in the way") from None
    except OSError as exc:
        raise InputError(out_dir, "cannot create the output folder: "
                                  f"{exc.strerror or exc}") from None
    # A folder that exists but refuses files would otherwise fail every
    # worker one by one; find out once, before any file is checked.
    if not os.access(out_dir / "reports", os.W_OK | os.X_OK):
        raise InputError(out_dir, "cannot write into the output folder: permission denied")


def check_and_write(path: Path, stem: str, settings: BatchSettings) -> BatchRow:
    """Check one file and write its reports; never raises for a bad file (runs in a worker)."""
    from criteria_checker.config import options_for

    sha256 = _sha256(path)
    try:
        result = _resolve(settings.checker)(path, options_for(settings.check_options, path))
        spec, report = result if isinstance(result, tuple) else (None, result)
        reports = _write_reports(path, spec, report, stem, settings)
    except CriteriaCheckerError as exc:
        return BatchRow(file=str(path), status="unreadable", reason=_without_path(str(exc), path),
                        sha256=sha256)
    except MemoryError:
        return BatchRow(file=str(path), status="crashed", reason="ran out of memory",
                        sha256=sha256)
    except Exception as exc:  # a bug must cost one row, never the batch
        return BatchRow(file=str(path), status="crashed",
                        reason=f"internal error: {type(exc).__name__}: {exc}", sha256=sha256)
    return _row(path, report, reports, sha256)


def _sha256(path: Path) -> str:
    """The file's SHA-256 as hex; empty for what is no regular file or larger than any reader takes.

    Never blocks on a FIFO or device, and never raises: the check reports what is wrong.
    """
    import hashlib

    from criteria_checker.readers.docx.container import MAX_FILE_BYTES, open_regular

    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:
            read = 0
            while block := handle.read(1 << 20):
                read += len(block)
                if read > MAX_FILE_BYTES:
                    return ""
                digest.update(block)
    except (CriteriaCheckerError, OSError):
        return ""
    return digest.hexdigest()


def _write_reports(path: Path, spec: QualificationSpec | None, report: Report, stem: str,
                   settings: BatchSettings) -> dict[str, str]:
    from criteria_checker.reporters import REPORTER_BY_NAME

    written: dict[str, str] = {}
    for name in settings.formats:
        if name == WORKBOOK_FORMAT:
            relative = f"reports/{stem}{WORKBOOK_EXTENSION}"
            atomic_write(settings.out_dir / relative, _workbook(path, spec, report, settings))
            written[name] = relative
            continue
        reporter = REPORTER_BY_NAME[name]
        relative = f"reports/{stem}{reporter.extension}"
        atomic_write(settings.out_dir / relative, reporter.render([report]).encode("utf-8"))
        written[name] = relative
    return written


def _workbook(path: Path, spec: QualificationSpec | None, report: Report,
              settings: BatchSettings) -> bytes:
    from criteria_checker.engine.api import criteria_for
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.evidence.workbook import file_sha256, render_workbook

    if spec is None:
        from criteria_checker.readers import read_spec

        spec = read_spec(path)
    criteria = criteria_for(settings.check_options or CheckOptions())
    return render_workbook(spec, report, criteria, sha256=file_sha256(path))


def _row(path: Path, report: Report, reports: dict[str, str], sha256: str) -> BatchRow:
    hours = report.hours
    if hours.optional_min is None:
        optional = ""
    elif hours.optional_min == hours.optional_max or hours.optional_max is None:
        optional = str(hours.optional_min)
    else:
        optional = f"{hours.optional_min}-{hours.optional_max}"
    ranked = sorted(report.findings, key=lambda f: ({"error": 0, "warning": 1}.get(f.severity, 2),
                                                    f.sort_key()))
    top = tuple(f"{f.rule_id} {f.message}" for f in ranked[:TOP_PROBLEMS])
    return BatchRow(
        file=str(path),
        status="conformant" if report.passed else "not conformant",
        awarding_organisation=report.spec.awarding_organisation or "",
        title=report.spec.title or "",
        qualification_number=report.spec.qualification_number or "",
        tqt=hours.tqt,
        mandatory_hours=hours.mandatory,
        optional_hours=optional,
        errors=report.count("error"),
        warnings=report.count("warning"),
        infos=report.count("info"),
        top_problems=top,
        reports=reports,
        sha256=sha256,
        findings=tuple(report.findings),
    )


def _write_summaries(rows: list[BatchRow], out_dir: Path,
                     comparison: Comparison | None = None) -> None:
    atomic_write(out_dir / "summary.csv", render_csv(rows).encode("utf-8"))
    atomic_write(out_dir / "summary.xlsx", render_xlsx(rows))
    atomic_write(out_dir / "index.html",
                 render_index(rows, comparison=comparison).encode("utf-8"))


def _without_path(message: str, path: Path) -> str:
    prefix = f"{path}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _resolve(spec: str) -> CheckFunction:
    import importlib

    module_name, _, attr = spec.partition(":")
    function: CheckFunction = getattr(importlib.import_module(module_name), attr)
    return function


# -- an earlier review ----------------------------------------------------------------------

#: A summary.csv or JSON report larger than this is not one a batch wrote.
MAX_PREVIOUS_BYTES = 64 * 1024 * 1024
#: The schema of the JSON reports whose findings are compared.
_REPORT_SCHEMA = "criteria-checker/report/1"
_ONLY_FROM_A_BATCH = "--previous takes the --out folder of an earlier batch"


def load_previous(folder: Path) -> PreviousReview:
    """The summary of an earlier batch's output folder, with the findings of its JSON reports.

    Needs ``folder/summary.csv``: it gives each submission's verdict, counts, hours and
    file hash. Where the earlier batch also wrote ``--format json``, the report
    ``reports/<name>.json`` beside the row's main report gives its findings (a report
    that is missing, damaged or of another schema is passed over). Everything is read
    here, at once, so the earlier folder may be the one the new batch writes into.
    Raises InputError, in one line, when the folder or its summary.csv cannot be used.
    """
    try:
        if not folder.is_dir():
            problem = "is not a folder" if folder.exists() else "no such folder"
            raise InputError(folder, f"{problem}; {_ONLY_FROM_A_BATCH}")
        has_summary = (folder / "summary.csv").exists()
    except OSError as exc:
        raise InputError(folder, f"cannot be read: {exc.strerror or exc}") from None
    summary = folder / "summary.csv"
    if not has_summary:
        raise InputError(folder, f"has no summary.csv; {_ONLY_FROM_A_BATCH}")
    try:
        text = _read_bounded(summary).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(summary, f"is not UTF-8 text (bad byte at offset {exc.start}); "
                                  "a batch writes its summary in UTF-8") from None
    rows = read_summary_csv(text)
    if rows is None:
        raise InputError(summary, "is not a batch summary: it needs the columns file and "
                                  "status, as a batch writes them")
    return PreviousReview(folder=str(folder), rows=tuple(
        replace(row, findings=_report_findings(folder, row)) for row in rows))


def _read_bounded(path: Path) -> bytes:
    """A file of the earlier folder, or a one-line InputError (never blocks, never huge)."""
    from criteria_checker.readers.docx.container import open_regular

    with open_regular(path) as handle:
        try:
            data = handle.read(MAX_PREVIOUS_BYTES + 1)
        except OSError as exc:
            raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_PREVIOUS_BYTES:
        raise InputError(path, f"is larger than {MAX_PREVIOUS_BYTES:,} bytes, more than a "
                               "batch writes")
    return data


def _report_findings(folder: Path, row: PreviousRow) -> tuple[Finding, ...] | None:
    """The findings of the row's JSON report, or None when there is no usable one."""
    import json

    # Only a file in the reports folder, named after the row's main report, is looked at.
    name = PurePosixPath(row.report.replace("\\", "/")).name
    if "." not in name:
        return None
    try:
        document = json.loads(_read_bounded(folder / "reports" / (name.rsplit(".", 1)[0]
                                                                    + ".json")))
    except (CriteriaCheckerError, ValueError, RecursionError):
        return None
    return _findings_of(document, row.file)


def _findings_of(document: object, file: str) -> tuple[Finding, ...] | None:
    """The findings of a JSON report of ``file`` (docs/report-json.md); None if it is not one."""
    from criteria_checker.model.report import SEVERITY_RANK, Finding
    from criteria_checker.model.spec import SourceLocation

    if not isinstance(document, dict) or document.get("schema") != _REPORT_SCHEMA:
        return None
    reports = document.get("reports")
    if not (isinstance(reports, list) and len(reports) == 1 and isinstance(reports[0], dict)
            and reports[0].get("file") == file and isinstance(reports[0].get("findings"), list)):
        return None
    found = []
    for item in reports[0]["findings"]:
        if not isinstance(item, dict):
            return None
        rule_id, severity, message = item.get("rule_id"), item.get("severity"), item.get("message")
        ref, location = item.get("ref"), item.get("location")
        if not (isinstance(rule_id, str) and isinstance(message, str)
                and severity in SEVERITY_RANK and (ref is None or isinstance(ref, str))
                and isinstance(location, dict)):
            return None
        line = location.get("line")
        found.append(Finding(
            rule_id=rule_id, severity=severity, message=message, ref=ref,
            location=SourceLocation(
                file=_text(location.get("file")) or file,
                line=line if isinstance(line, int) and not isinstance(line, bool) else None,
                locator=_text(location.get("locator")), path=_text(location.get("path")))))
    return tuple(found)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def files_outside(files: Sequence[Path], folder: Path) -> list[Path]:
    """``files`` less those inside ``folder`` (an earlier review kept among the submissions)."""
    try:
        inside = folder.resolve()
    except (OSError, RuntimeError):
        return list(files)
    kept = []
    for path in files:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            kept.append(path)
            continue
        if resolved != inside and inside not in resolved.parents:
            kept.append(path)
    return kept
