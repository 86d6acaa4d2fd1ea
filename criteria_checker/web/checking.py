"""One request's uploaded files, from the network to their reports.

:func:`check_uploads` is shared by the API and the page: it receives the
form into a private folder, validates the options over the server's
configuration (:class:`~criteria_checker.web.options.WebConfig`), sorts the
files into specifications and mapping grids (:mod:`.pairing`), reads the
grids, runs one job per specification (with its own options, when per-path
overrides match its name) in the worker processes within the request's time
limit, and removes the folder.
"""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from criteria_checker.engine.options import CheckOptions
from criteria_checker.web.options import ChosenOptions, WebConfig, upload_options
from criteria_checker.web.pairing import Submission, UploadPlan, plan_uploads
from criteria_checker.web.problems import FileProblem, WebProblem
from criteria_checker.web.uploads import (
    FILE_FIELD,
    GRID_FIELD,
    SavedFile,
    UploadedForm,
    private_folder,
    receive_upload,
)
from criteria_checker.web.worker import (
    Action,
    CheckRunner,
    CheckTimedOut,
    Job,
    JobResult,
    Output,
)


async def check_uploads(
    request: Request, *, outputs: tuple[Output, ...], action: Action = "check",
    max_files: int | None = None, chosen_out: list[ChosenOptions] | None = None,
    annotated_limit: int | None = None,
) -> list[JobResult]:
    """Receive the request's files and options, and check (convert, annotate) each specification.

    The files live in a private folder for the duration of this call only.
    ``chosen_out`` receives the options as given, for a page to show again.
    ``max_files`` bounds the specifications (grids aside). Checking and
    annotating join mapping grids (field ``mapping``, or named after a
    specification); a grid in ``mapping`` that cannot be read is a 422 before
    any specification is read, one named after a specification costs that
    specification only (its result carries the grid's problem). The configured
    grids stand in for the field ``mapping`` when the request sends none there.
    """
    settings = request.app.state.settings
    config: WebConfig = request.app.state.web_config
    deadline = time.time() + settings.time_limit
    takes_grids = action in ("check", "annotate")
    file_fields = (FILE_FIELD, GRID_FIELD) if takes_grids else (FILE_FIELD,)
    async with private_folder() as folder:
        form = UploadedForm()
        try:
            await receive_upload(request, folder, request.app.state.limits, deadline, form,
                                 file_fields)
        finally:
            chosen = ChosenOptions.from_form(form)
            if chosen_out is not None:
                chosen_out.append(chosen)
        options = await run_in_threadpool(config.build_options, chosen) if takes_grids \
            else CheckOptions()
        plan = plan_uploads(form.files, default_shared=config.grids) if takes_grids \
            else UploadPlan(submissions=tuple(Submission(f) for f in form.files))
        if not plan.submissions:
            raise WebProblem(422, f"no file: send one or more specifications (DOCX or XML) in "
                                  f"the field {FILE_FIELD!r}")
        if max_files is not None and len(plan.submissions) > max_files:
            raise WebProblem(422, f"too many files: send {max_files} at a time")
        runner: CheckRunner = request.app.state.runner
        try:
            return await _run(runner, plan, options, action, outputs, deadline,
                              annotated_limit)
        except CheckTimedOut:
            raise WebProblem(503, f"checking took longer than the time limit of "
                                  f"{settings.time_limit:g} seconds; try fewer files at a "
                                  "time") from None


async def _run(runner: CheckRunner, plan: UploadPlan, options: CheckOptions, action: Action,
               outputs: tuple[Output, ...], deadline: float,
               annotated_limit: int | None) -> list[JobResult]:
    """Read the grids (each once, in parallel), then check every submission whose grids read."""
    read: dict[SavedFile, JobResult] = {}
    if plan.grids:
        grid_jobs = [Job(folder=str(g.folder), name=g.name, options=options, action="grid",
                         deadline=deadline) for g in plan.grids]
        read = dict(zip(plan.grids, await runner.run(grid_jobs, deadline), strict=True))
        problem = unreadable_problem([read[g] for g in plan.shared])
        if problem is not None:
            raise problem
    results: list[JobResult | None] = []
    jobs: list[Job] = []
    for number, submission in enumerate(plan.submissions, start=1):
        failed = next((read[g] for g in submission.grids if read[g].grid is None), None)
        if failed is not None:
            results.append(JobResult(submission.spec.name,
                                     problem=failed.problem or f"{failed.name}: not read",
                                     problem_file=failed.name))
            continue
        grids = tuple(g for g in (read[s].grid for s in submission.grids) if g is not None)
        results.append(None)
        jobs.append(Job(folder=str(submission.spec.folder), name=submission.spec.name,
                        options=upload_options(options, submission.spec.name),
                        action=action, outputs=outputs, number=number,
                        deadline=deadline, grids=grids, annotated_limit=annotated_limit))
    checked = iter(await runner.run(jobs, deadline) if jobs else [])
    return [result if result is not None else next(checked) for result in results]


def unreadable_problem(results: list[JobResult]) -> WebProblem | None:
    """A 422 naming every file that could not be read, or None when all were."""
    failed = [r for r in results if r.report is None and r.grid is None and r.problem is not None]
    if not failed:
        return None
    lines = [FileProblem(r.problem_file or r.name, r.problem or "") for r in failed]
    count = "1 file" if len(failed) == 1 else f"{len(failed)} files"
    detail = f"{count} could not be read: " + "; ".join(p.message for p in lines)
    return WebProblem(422, detail, errors=lines)
