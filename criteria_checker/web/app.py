"""The FastAPI application: the page, the API, and the rules every request obeys.

>>> from pathlib import Path
>>> from criteria_checker.config import load_config
>>> from criteria_checker.web.app import create_app
>>> from criteria_checker.web.settings import WebSettings
>>> app = create_app(WebSettings(token="s3cret"), load_config(Path.cwd()))  # doctest: +SKIP

Every refusal is a JSON ``{"detail", "errors"}`` with a 4xx status (the page
shows it as a message); nothing answers with a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from criteria_checker import __version__
from criteria_checker.web.api import build_router, health_router
from criteria_checker.web.auth import TokenGate, require_token
from criteria_checker.web.middleware import GuardMiddleware
from criteria_checker.web.options import WebConfig
from criteria_checker.web.page import build_page_router
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.settings import WebSettings
from criteria_checker.web.uploads import UploadLimits
from criteria_checker.web.worker import CheckRunner

if TYPE_CHECKING:
    from criteria_checker.config import Config

log = logging.getLogger("criteria_checker.web")

DESCRIPTION = """\
Check qualification specifications (Word .docx or specification XML) against
published qualification criteria, with their mapping grids (Excel .xlsx, CSV or
Word .docx); annotate a Word specification with its findings as comments; and
read the criteria and rules.

Errors are `{"detail": "...", "errors": [...]}` with a 4xx status. When the
server was started with a token, send `Authorization: Bearer TOKEN` on every call.
"""


def create_app(settings: WebSettings | None = None, config: Config | None = None) -> FastAPI:
    """The application for ``settings`` (defaults: loopback, no token, the default limits).

    Checks take their defaults from ``config`` (none: the built-in defaults). A
    configuration that cannot be used raises a UsageError naming its file and
    line, before anything starts.
    """
    settings = settings or WebSettings()
    web_config = WebConfig(config)
    runner = CheckRunner(settings.workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            runner.close()

    app = FastAPI(title="criteria-checker", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.web_config = web_config
    app.state.gate = TokenGate(settings.token)
    app.state.runner = runner
    app.state.limits = UploadLimits(max_file_bytes=settings.max_file_bytes,
                                    max_files=settings.max_files)
    app.add_middleware(GuardMiddleware, allowed_hosts=settings.allowed_hosts)
    app.include_router(health_router())
    app.include_router(build_router(web_config))
    app.include_router(build_page_router())

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(require_token)])
    def openapi() -> dict[str, Any]:
        return app.openapi()

    app.openapi = lambda: _openapi(app, token=settings.token is not None)  # type: ignore[method-assign]
    _add_error_handlers(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebProblem)
    async def web_problem(request: Request, exc: WebProblem) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers or None)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_sentence(exc.errors()), "errors": []},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail), "errors": []},
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": "internal error: the server could not answer this "
                                       "request", "errors": []}, status_code=500)


def _validation_sentence(errors: Any) -> str:
    """``query parameter 'format': Input should be 'json', 'sarif' or 'html'; ...``."""
    parts = []
    for error in errors:
        where = [str(p) for p in error.get("loc", ())]
        place = f"{where[0]} parameter {'.'.join(where[1:])!r}" if len(where) > 1 \
            else ".".join(where) or "request"
        parts.append(f"{place}: {error.get('msg', 'is not valid')}")
    return "; ".join(parts) or "the request is not valid"


def _openapi(app: FastAPI, *, token: bool) -> dict[str, Any]:
    """The generated description, with the report's JSON Schema and our error shape."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(report_components())
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.get("responses", {})
            if "422" in responses:
                responses["422"] = {"description": responses["422"].get(
                    "description", "An option or a parameter cannot be used."),
                    "content": {"application/json": {"schema": error_ref}}}
    if token:
        schema["components"]["securitySchemes"] = {"bearer": {"type": "http",
                                                              "scheme": "bearer"}}
        schema["security"] = [{"bearer": []}]
        schema["paths"]["/healthz"]["get"]["security"] = []
    app.openapi_schema = schema
    return schema


def report_components() -> dict[str, Any]:
    """The JSON report's schema (docs/report-json.md) as OpenAPI components.

    Its ``$defs`` become ``ReportDocument_*`` components, so the one schema file
    stays the single description of the report.
    """
    import json

    from criteria_checker.reporters.json import report_schema

    schema = report_schema()
    definitions = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    text = json.dumps({"ReportDocument": schema, **{f"ReportDocument_{name}": value
                                                    for name, value in definitions.items()}})
    text = text.replace('"#/$defs/', '"#/components/schemas/ReportDocument_')
    components: dict[str, Any] = json.loads(text)
    return components
