"""One request's uploaded files, from the network to their reports.

:func:`check_uploads` is shared by the API and the page: it receives the
form into a private folder, validates the options, runs one job per file in
the worker processes within the request's time limit, and removes the folder.
"""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from criteria_checker.engine.options import CheckOptions
from criteria_checker.web.options import ChosenOptions, build_options
from criteria_checker.web.problems import FileProblem, WebProblem
from criteria_checker.web.uploads import (
    FILE_FIELD,
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
) -> list[JobResult]:
    """Receive the request's files and options, and check (or convert) each file.

    The files live in a private folder for the duration of this call only.
    ``chosen_out`` receives the options as given, for a page to show again.
    """
    settings = request.app.state.settings
    deadline = time.time() + settings.time_limit
    async with private_folder() as folder:
        form = UploadedForm()
        try:
            await receive_upload(request, folder, request.app.state.limits, deadline, form)
        finally:
            chosen = ChosenOptions.from_form(form)
            if chosen_out is not None:
                chosen_out.append(chosen)
        options = await run_in_threadpool(build_options, chosen) if action == "check" \
            else CheckOptions()
        if not form.files:
            raise WebProblem(422, f"no file: send one or more specifications (DOCX or XML) in "
                                  f"the field {FILE_FIELD!r}")
        if max_files is not None and len(form.files) > max_files:
            raise WebProblem(422, f"too many files: send {max_files} at a time")
        jobs = [Job(folder=str(saved.folder), name=saved.name, options=options, action=action,
                    outputs=outputs, number=number, deadline=deadline)
                for number, saved in enumerate(form.files, start=1)]
        runner: CheckRunner = request.app.state.runner
        try:
            return await runner.run(jobs, deadline)
        except CheckTimedOut:
            raise WebProblem(503, f"checking took longer than the time limit of "
                                  f"{settings.time_limit:g} seconds; try fewer files at a "
                                  "time") from None


def unreadable_problem(results: list[JobResult]) -> WebProblem | None:
    """A 422 naming every file that could not be read, or None when all were."""
    failed = [r for r in results if r.report is None and r.problem is not None]
    if not failed:
        return None
    lines = [FileProblem(r.name, r.problem or "") for r in failed]
    count = "1 file" if len(failed) == 1 else f"{len(failed)} files"
    detail = f"{count} could not be read: " + "; ".join(p.message for p in lines)
    return WebProblem(422, detail, errors=lines)
