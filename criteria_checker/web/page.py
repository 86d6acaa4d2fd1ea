"""The page: a form to upload specifications, and the results of checking them.

It works without script (a plain multipart form posted to ``/``); the small
script in static/app.js only adds dropping files on the box and a busy note.
When the server has a token, the page asks for it once and keeps it in a
cookie (see :mod:`criteria_checker.web.auth`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from criteria_checker import __version__
from criteria_checker.web.auth import COOKIE, TokenGate
from criteria_checker.web.checking import check_uploads
from criteria_checker.web.options import ChosenOptions, WebConfig
from criteria_checker.web.page_render import PageContext, render_check_page, render_token_page
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.worker import Output

#: Everything a page shows for each checked file (the annotated copy: Word documents only).
PAGE_OUTPUTS: tuple[Output, ...] = ("section", "html", "json", "sarif", "xml", "annotated")
#: The largest annotated copy the page carries: a data: link is a third larger than the
#: copy, and ten large documents would make a page of hundreds of megabytes to build and
#: load. POST /api/annotate answers a larger copy.
ANNOTATED_PAGE_LIMIT = 10 * 1024 * 1024
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@lru_cache(maxsize=1)
def static_files() -> dict[str, bytes]:
    """The page's style sheets and scripts by name, the report's own among them."""
    from criteria_checker.reporters.html import sort_script, stylesheet

    folder = resources.files("criteria_checker.web").joinpath("static")
    files = {name: folder.joinpath(name).read_bytes() for name in ("app.css", "app.js")}
    files["report.css"] = stylesheet().encode("utf-8")
    files["sort.js"] = sort_script().encode("utf-8")
    return files


def page_context(request: Request) -> PageContext:
    """What the page shows around the form; loads the criteria sets (call off the event loop)."""
    from criteria_checker.engine.api import criteria_for
    from criteria_checker.engine.options import CheckOptions

    settings = request.app.state.settings
    # The configuration in force (a configured criteria file first, and the default).
    web_config: WebConfig = request.app.state.web_config
    choices = []
    default_title = ""
    default_id = web_config.default_criteria_id
    for set_id, path in web_config.criteria_sets().items():
        criteria = criteria_for(CheckOptions(criteria=str(path)))
        choices.append((set_id, f"{criteria.qualification.working_title} "
                                f"({criteria.provenance.version})"))
        if set_id == default_id:
            default_title = criteria.qualification.accepted_title
    return PageContext(
        root=request.scope.get("root_path", ""), version=__version__,
        criteria_choices=tuple(choices), default_criteria=default_id,
        criteria_title=default_title,
        subtitle="Upload qualification specifications to see, for each, whether it meets the "
                 "qualification criteria, and why not.",
        max_files=settings.max_files, max_file_bytes=settings.max_file_bytes)


def _form_defaults(request: Request) -> ChosenOptions:
    web_config: WebConfig = request.app.state.web_config
    return web_config.form_defaults()


def build_page_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        files = static_files()
        if name not in files:
            return Response(b"not found\n", status_code=404, media_type="text/plain")
        suffix = name[name.rfind("."):]
        return Response(files[name], media_type=STATIC_TYPES[suffix],
                        headers={"cache-control": "no-cache"})

    @router.get("/")
    async def page(request: Request) -> Response:
        context = await run_in_threadpool(page_context, request)
        gate: TokenGate = request.app.state.gate
        if not gate.allows(request):
            return HTMLResponse(render_token_page(context, wrong=False), status_code=401)
        # The form starts from the configuration's choices, which it then sends back.
        return HTMLResponse(render_check_page(context, _form_defaults(request)))

    @router.post("/")
    async def check(request: Request) -> Response:
        context = await run_in_threadpool(page_context, request)
        gate: TokenGate = request.app.state.gate
        if not gate.allows(request):
            return HTMLResponse(render_token_page(context, wrong=False), status_code=401)
        chosen: list[ChosenOptions] = []
        try:
            results = await check_uploads(request, outputs=PAGE_OUTPUTS, chosen_out=chosen,
                                          annotated_limit=ANNOTATED_PAGE_LIMIT)
        except WebProblem as problem:
            shown = chosen[0] if chosen else _form_defaults(request)
            return HTMLResponse(render_check_page(context, shown, problem=problem.detail),
                                status_code=problem.status)
        return HTMLResponse(render_check_page(context, chosen[0], results=results))

    @router.post("/token")
    async def token(request: Request) -> Response:
        gate: TokenGate = request.app.state.gate
        form = await request.form(max_files=0, max_fields=5, max_part_size=4096)
        given = form.get("token")
        if isinstance(given, str) and gate.matches(given.strip()):
            root = request.scope.get("root_path", "")
            response = RedirectResponse(f"{root}/", status_code=303)
            if gate.required:
                response.set_cookie(COOKIE, given.strip(), httponly=True, samesite="strict",
                                    secure=request.url.scheme == "https", path=f"{root}/")
            return response
        context = await run_in_threadpool(page_context, request)
        return HTMLResponse(render_token_page(context, wrong=True), status_code=401)

    return router
