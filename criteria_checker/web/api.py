"""The HTTP API: check and annotate files, read the criteria and rules, download a template.

Every route needs the server's token when it has one (``/healthz`` aside).
Checks, the criteria and the rules are those of the server's configuration
(:class:`~criteria_checker.web.options.WebConfig`) unless a request chooses;
``/api/config`` shows it.
Refusals are ``{"detail": "...", "errors": [...]}`` with a 4xx status; the
OpenAPI description at ``/openapi.json`` documents every route.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from criteria_checker import __version__
from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import InvalidReference, ReferenceNotFound
from criteria_checker.model.data import to_data
from criteria_checker.web.auth import require_token
from criteria_checker.web.checking import check_uploads, unreadable_problem
from criteria_checker.web.models import (
    ConfigOut,
    CriteriaCounts,
    CriteriaListOut,
    CriteriaNodeOut,
    CriteriaSetOut,
    ErrorOut,
    Health,
    RuleOut,
    RulesOut,
    SubTopicOut,
    TopicOut,
)
from criteria_checker.web.options import FAIL_LEVELS, REPORT_MEDIA_TYPES, WebConfig
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.uploads import FILE_FIELD, GRID_FIELD
from criteria_checker.web.worker import render_reports

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet

ReportFormat = Literal["json", "sarif", "html"]
TemplateFormat = Literal["docx", "xml"]
SPEC_MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xml": "application/xml",
    "web": "text/html",
}
GRID_MEDIA_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/csv",
    SPEC_MEDIA_TYPES["docx"],
)
CriteriaQuery = Annotated[str | None, Query(
    description="The id of a criteria set (GET /api/criteria lists them); default: the "
                "server's configured set, else the Level 5 set.",
    max_length=200)]

#: The answers a refusal can have, documented on every route.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "The server needs a token and none (or a wrong "
                                            "one) was sent."},
    422: {"model": ErrorOut, "description": "An option or a file cannot be used."},
}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"model": ErrorOut, "description": "The body is not well-formed multipart/form-data."},
    408: {"model": ErrorOut, "description": "The upload took longer than the time limit."},
    413: {"model": ErrorOut, "description": "Too many files, or a file over the size limit."},
    415: {"model": ErrorOut, "description": "The body is not multipart/form-data."},
    503: {"model": ErrorOut, "description": "Checking took longer than the time limit."},
}


def upload_body(*, many: bool, with_options: bool, docx_only: bool = False,
                criteria_ids: Sequence[str] = ()) -> dict[str, Any]:
    """The OpenAPI request body of a route that takes uploaded specifications.

    A route that checks (``with_options``) also takes mapping grids, and a
    criteria set among ``criteria_ids``. A field left out (or empty) takes the
    server's configured value.
    """
    what = ("A specification as a Word .docx document." if docx_only else
            "A specification: a Word .docx document, a specification XML file "
            "(docs/spec-xml.md) or a web page (HTML or MHT).")
    if with_options:
        what += (" A file named as the mapping grid of a specification sent with it "
                 "(NAME.mapping.xlsx, .csv or .docx beside NAME.docx) is joined onto that "
                 "specification instead of being checked.")
    binary = {"type": "string", "format": "binary", "description": what}
    properties: dict[str, Any] = {
        FILE_FIELD: {"type": "array", "items": binary, "minItems": 1} if many else binary,
    }
    encoding: dict[str, Any] = {FILE_FIELD: {"contentType": ", ".join(
        [SPEC_MEDIA_TYPES["docx"]] if docx_only else SPEC_MEDIA_TYPES.values())}}
    if with_options:
        properties.update({
            GRID_FIELD: {"type": "array", "items": {
                "type": "string", "format": "binary",
                "description": "A mapping grid (docs/mapping-grids.md): an Excel .xlsx "
                               "workbook, a CSV file or a Word .docx document."},
                "description": "Mapping grids joined onto every specification of the request "
                               "before it is checked, instead of the server's configured "
                               "ones; they count towards the limit of files."},
            "criteria": {"type": "string", "enum": sorted(criteria_ids),
                         "description": "The id of a criteria set (GET /api/criteria "
                                        "lists them)."},
            "shared_title": {"type": "string", "maxLength": 500,
                             "description": "The shared title agreed across awarding "
                                            "organisations."},
            "fail_on": {"type": "string", "enum": list(FAIL_LEVELS),
                        "description": "The least severity that makes a file not conformant "
                                       "(default: the configured level, else error)."},
            "select": {"type": "string", "description": "Run only these rules (ids or names, "
                                                        "comma-separated)."},
            "ignore": {"type": "string", "description": "Do not run these rules (ids or names, "
                                                        "comma-separated)."},
            "severity": {"type": "array", "items": {"type": "string"},
                         "description": "RULE=LEVEL: change a rule's severity to error, "
                                        "warning or info."},
        })
        encoding[GRID_FIELD] = {"contentType": ", ".join(GRID_MEDIA_TYPES)}
    return {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": [FILE_FIELD], "properties": properties},
        "encoding": encoding,
    }}}


def attachment(name: str) -> str:
    """A Content-Disposition value for a download called ``name`` (any characters)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                       for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _template_bytes(path: FilePath, fmt: str) -> bytes:
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:  # loading it then raises the proper error
        stamp = (-1, -1)
    return _template_of(str(path), stamp, fmt)


@lru_cache(maxsize=8)
def _template_of(path: str, stamp: tuple[int, int], fmt: str) -> bytes:
    """The template of the criteria file ``path`` as it is at ``stamp``."""
    from criteria_checker.engine.api import criteria_for
    from criteria_checker.writers.template import build_template

    spec = build_template(criteria_for(CheckOptions(criteria=path)))
    if fmt == "xml":
        from criteria_checker.writers.xml_writer import write_xml_spec

        return write_xml_spec(spec)
    from criteria_checker.writers.docx_writer import write_docx_spec

    return write_docx_spec(spec)


def _criteria(config: WebConfig, criteria_id: str | None) -> CriteriaSet:
    from criteria_checker.engine.api import criteria_for

    return criteria_for(CheckOptions(criteria=str(config.criteria_path(criteria_id))))


def _set_out(criteria: CriteriaSet, set_id: str, default_id: str) -> CriteriaSetOut:
    provenance = criteria.provenance
    return CriteriaSetOut(id=set_id, title=provenance.title, version=provenance.version,
                          publisher=provenance.publisher, date=provenance.date,
                          default=set_id == default_id)


def build_router(config: WebConfig | None = None) -> APIRouter:
    """The API routes (``/healthz`` is added by the application, outside the token check).

    ``config``: the server's configuration (none: the built-in defaults).
    """
    config = config or WebConfig()
    router = APIRouter(dependencies=[Depends(require_token)])
    criteria_ids = tuple(config.criteria_sets())

    @router.post(
        "/api/check",
        summary="Check specifications",
        response_class=Response,
        responses={**UPLOAD_ERRORS, 200: {
            "description": "The report (docs/report-json.md): JSON by default, or SARIF or "
                           "HTML as ``format`` asks.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ReportDocument"}},
                "application/sarif+json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
            }}},
        openapi_extra={"requestBody": upload_body(many=True, with_options=True,
                                                  criteria_ids=criteria_ids)},
    )
    async def check(
        request: Request,
        format: Annotated[ReportFormat, Query(
            description="The report format of the answer.")] = "json",
    ) -> Response:
        """Check one or more DOCX or XML specifications (multipart field ``file``).

        Mapping grids (XLSX, CSV or DOCX) in the field ``mapping`` are joined
        onto every specification; a grid sent in ``file`` and named after a
        specification sent with it (``NAME.mapping.xlsx`` with ``NAME.docx``)
        is joined onto that one only. Answers the report of every
        specification; a file that cannot be read (not a specification or a
        grid, damaged, encrypted, hostile) makes the answer a 422 naming each
        such file.
        """
        results = await check_uploads(request, outputs=())
        problem = unreadable_problem(results)
        if problem is not None:
            raise problem
        reports = [r.report for r in results if r.report is not None]
        text = await run_in_threadpool(render_reports, format, reports)
        headers = {}
        if format == "html":
            from criteria_checker.reporters.html import content_security_policy

            # The report's own policy, so that its inline style and script work when opened.
            headers["content-security-policy"] = content_security_policy()
        return Response(text, media_type=REPORT_MEDIA_TYPES[format], headers=headers)

    @router.post(
        "/api/convert",
        summary="Convert a specification to XML",
        response_class=Response,
        responses={**UPLOAD_ERRORS, 200: {
            "description": "The specification as specification XML (docs/spec-xml.md).",
            "content": {"application/xml": {"schema": {"type": "string"}}}}},
        openapi_extra={"requestBody": upload_body(many=False, with_options=False)},
    )
    async def convert(request: Request) -> Response:
        """Read one DOCX or XML specification and answer it as specification XML."""
        results = await check_uploads(request, outputs=(), action="convert", max_files=1)
        problem = unreadable_problem(results)
        if problem is not None:
            raise problem
        result = results[0]
        stem = result.name.rsplit(".", 1)[0] or "specification"
        return Response(result.outputs["xml"], media_type="application/xml",
                        headers={"content-disposition": attachment(f"{stem}.xml")})

    @router.post(
        "/api/annotate",
        summary="Annotate a Word specification",
        response_class=Response,
        responses={**UPLOAD_ERRORS, 200: {
            "description": "A copy of the Word document with every finding as a Word comment "
                           "where it applies, the verdict first (docs/annotate.md).",
            "content": {SPEC_MEDIA_TYPES["docx"]: {"schema": {"type": "string",
                                                               "format": "binary"}}}}},
        openapi_extra={"requestBody": upload_body(many=False, with_options=True,
                                                  docx_only=True, criteria_ids=criteria_ids)},
    )
    async def annotate(request: Request) -> Response:
        """Check one Word .docx specification and answer a copy with its findings as comments.

        Takes the options and mapping grids of POST /api/check. A specification
        XML file, or a file that cannot be read, is a 422 naming it.
        """
        results = await check_uploads(request, outputs=(), action="annotate", max_files=1)
        problem = unreadable_problem(results)
        if problem is not None:
            raise problem
        result = results[0]
        stem = result.name.rsplit(".", 1)[0] or "specification"
        return Response(result.outputs["annotated"], media_type=SPEC_MEDIA_TYPES["docx"],
                        headers={"content-disposition": attachment(f"{stem}.annotated.docx")})

    @router.get("/api/template", summary="Download a starting specification",
                response_class=Response, responses={**ERRORS, 200: {
                    "description": "A specification that meets the criteria's structure.",
                    "content": {SPEC_MEDIA_TYPES["docx"]: {"schema": {"type": "string",
                                                                       "format": "binary"}},
                                "application/xml": {"schema": {"type": "string"}}}}})
    def template(
        format: Annotated[TemplateFormat, Query(description="docx or xml.")] = "docx",
        criteria: CriteriaQuery = None,
    ) -> Response:
        """A template: one unit per sub-topic, mapped, with placeholder hours in the bands."""
        criteria_id = criteria or config.default_criteria_id
        data = _template_bytes(config.criteria_path(criteria_id), format)
        return Response(data, media_type=SPEC_MEDIA_TYPES[format], headers={
            "content-disposition": attachment(f"{criteria_id}-template.{format}")})

    @router.get("/api/criteria", summary="List a criteria set", response_model=CriteriaListOut,
                responses=ERRORS)
    def criteria_list(criteria: CriteriaQuery = None) -> CriteriaListOut:
        """The topics and sub-topics of a criteria set with their counts, and the sets available."""
        chosen = _criteria(config, criteria)
        topics = [
            TopicOut(ref=topic.code, title=topic.title, subtopics=[
                SubTopicOut(ref=sub.code, title=sub.title, requirement_type=sub.requirement_type,
                            outcomes=len(sub.outcomes),
                            items=sum(len(o.items) for o in sub.outcomes))
                for sub in topic.subtopics])
            for topic in chosen.topics
        ]
        counts = CriteriaCounts(
            topics=len(topics), subtopics=sum(len(t.subtopics) for t in topics),
            outcomes=sum(s.outcomes for t in topics for s in t.subtopics),
            items=sum(s.items for t in topics for s in t.subtopics))
        default_id = config.default_criteria_id
        available = [_set_out(_criteria(config, set_id), set_id, default_id)
                     for set_id in criteria_ids]
        return CriteriaListOut(criteria=_set_out(chosen, criteria or default_id, default_id),
                               counts=counts, topics=topics, available=available)

    @router.get("/api/criteria/{ref:path}", summary="Show a criteria node",
                response_model=CriteriaNodeOut,
                responses={**ERRORS, 404: {"model": ErrorOut,
                                           "description": "The reference names nothing."}})
    def criteria_node(
        ref: Annotated[str, Path(description="A topic, sub-topic, outcome or item in any "
                                             "accepted spelling, e.g. LMAC5C/SG/A.6.")],
        criteria: CriteriaQuery = None,
    ) -> CriteriaNodeOut:
        """A node's wording, its place in the tree and its full text with guidance notes."""
        from criteria_checker.criteria.render import render_node

        chosen = _criteria(config, criteria)
        try:
            node = chosen.resolve(ref)
        except InvalidReference as exc:
            raise WebProblem(422, str(exc)) from None
        except ReferenceNotFound as exc:
            raise WebProblem(404, str(exc)) from None
        element = node.item or node.outcome or node.subtopic or node.topic
        children = [n.ref for n in chosen.nodes() if n.parent == node.ref]
        return CriteriaNodeOut(criteria=chosen.id, ref=node.ref, level=node.level,
                               parent=node.parent, children=children, text=node.text,
                               rendered=render_node(chosen, node),
                               content=to_data(element))

    @router.get("/api/rules", summary="List the rules", response_model=RulesOut,
                responses={401: ERRORS[401]})
    def rules() -> RulesOut:
        """Every rule a check runs (the configured rules, if any): id, name, default severity,
        the check and its message."""
        from criteria_checker.engine.api import rules_for

        return RulesOut(rules=[
            RuleOut(id=rule.id, name=rule.name, severity=rule.severity, check=rule.check.name,
                    params=to_data(rule.params), requirement=rule.requirement,
                    citation=rule.citation, message=rule.message, help=rule.help)
            for rule in rules_for(CheckOptions(rules=config.rules))
        ])

    @router.get("/api/config", summary="Show the settings in force", response_model=ConfigOut,
                responses={401: ERRORS[401]})
    def settings_in_force(
        file: Annotated[str | None, Query(
            description="An upload's file name: apply the per-path overrides that match it.",
            max_length=500)] = None,
    ) -> ConfigOut:
        """The settings checks start from, each with its source (``default``, or ``config``
        with its line), and the configuration's per-path overrides.

        A request's own fields win over them. Files are named relative to the
        configuration file's folder (or by name alone), never by their place on
        the server.
        """
        return ConfigOut.model_validate(config.in_force(file))

    return router


def health_router() -> APIRouter:
    """``/healthz``: open without a token, so that a supervisor can watch the server."""
    router = APIRouter()

    @router.get("/healthz", summary="Is the server up", response_model=Health)
    def healthz() -> Health:
        """Always ``{"status": "ok"}`` while the server answers."""
        return Health(status="ok", version=__version__)

    return router
