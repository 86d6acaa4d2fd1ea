"""The page's HTML: the check form, the results of a check, the token form.

The results reuse the HTML report's own sections (verdict, hours against the
bands, findings with their help, coverage heatmap), so the page and the
downloadable report show the same content. Every row and cell of a file's
heatmap links to that row's explanation, the same as ``criteria-checker why
FILE REF`` says it, carried in the section (:func:`file_section`). Downloads
are ``data:`` links inside the page itself: the server keeps nothing once the
answer is sent, so nothing a link points to may live anywhere else. The
templates (``web/*.html.j2`` of :mod:`criteria_checker.html`) escape every
text that comes from a user or a document.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from markupsafe import Markup

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.html import render
from criteria_checker.reporters.base import overall_line
from criteria_checker.reporters.html import Count, counts_view, report_section
from criteria_checker.web.options import ChosenOptions
from criteria_checker.web.uploads import size_text
from criteria_checker.web.worker import JobResult

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.report import Report
    from criteria_checker.model.spec import QualificationSpec

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: What the file choosers offer besides the extensions: specifications, then mapping grids.
SPEC_ACCEPT = f"{DOCX_MEDIA_TYPE},application/xml,text/xml,text/html,.htm,.html,.mht,.mhtml"
GRID_ACCEPT = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,"
               f"{DOCX_MEDIA_TYPE}")
#: Download links of each checked file: output name, link text, media type, file suffix,
#: and what the link gives, for a screen reader.
DOWNLOADS = (
    ("html", "HTML", "text/html;charset=utf-8", ".report.html", "the HTML report of NAME"),
    ("json", "JSON", "application/json", ".report.json", "the JSON report of NAME"),
    ("sarif", "SARIF", "application/sarif+json", ".sarif", "the SARIF report of NAME"),
    ("xml", "XML", "application/xml", ".xml", "the specification converted to XML of NAME"),
    ("annotated", "Annotated copy (.docx)", DOCX_MEDIA_TYPE, ".annotated.docx",
     "a copy of NAME with its findings as Word comments"),
)
#: The fail levels the form offers, each with its words.
FAIL_LEVELS = (("error", "errors"), ("warning", "warnings or errors"),
               ("info", "any finding, info included"))
#: The level of the explanations' headings: under the section's h2 and the heatmap's h3.
EXPLANATION_LEVEL = 4


@dataclass(frozen=True)
class PageContext:
    """What every page shows besides the results."""

    root: str
    version: str
    #: Bundled criteria sets: (id, label), in the order to offer them.
    criteria_choices: tuple[tuple[str, str], ...]
    default_criteria: str
    #: The criteria's own title, used when no shared title is given.
    criteria_title: str
    subtitle: str
    max_files: int
    max_file_bytes: int


@dataclass(frozen=True, slots=True)
class Download:
    """One download link of a file, or why it is not there (``href`` empty)."""

    label: str
    what: str
    file_name: str = ""
    href: str = ""
    size: str = ""


@dataclass(frozen=True, slots=True)
class FileLine:
    """A checked file's row in the results table; ``counts`` is None when it was not checked."""

    number: int
    name: str
    problem: str
    passed: bool
    counts: tuple[Count, ...] | None
    grids: tuple[str, ...]
    downloads: tuple[Download, ...]


def file_section(spec: QualificationSpec, report: Report, criteria: CriteriaSet,
                 number: int) -> str:
    """A file's section for the page, each heatmap row explained as ``why FILE REF`` does.

    Runs where the file was checked (a worker process), the only place the
    specification itself is at hand. An explanation that cannot be made (the
    report against another criteria set) leaves the heatmap without links rather
    than costing the report.
    """
    from criteria_checker.why import render_html
    from criteria_checker.why.explain import explain_refs

    refs = [row.ref for row in report.coverage.rows]
    try:
        explained = explain_refs(spec, report, criteria, refs)
    except (CriteriaCheckerError, ValueError):
        return report_section(report, number)
    return report_section(report, number, explanations={
        ref: render_html(explanation, level=EXPLANATION_LEVEL)
        for ref, explanation in zip(refs, explained, strict=True)})


def render_check_page(
    context: PageContext,
    chosen: ChosenOptions,
    *,
    results: Sequence[JobResult] = (),
    problem: str | None = None,
) -> str:
    """The form, then any request-level problem, then the results of each file."""
    reports = [r.report for r in results if r.report is not None]
    title = "Check a qualification specification"
    if reports:
        title = f"Results: {overall_line(reports)}"
    elif results:
        title = "Results: no file could be checked"
    skip = ("results", "Skip to the results") if results else ("files", "Skip to the form")
    return render(
        "web/check.html.j2",
        page=context, title=title, skip_target=skip[0], skip_text=skip[1],
        problem=problem,
        unreadable=[r.problem or r.name for r in results if r.report is None],
        chosen=chosen, selected=chosen.criteria or context.default_criteria,
        fail_levels=FAIL_LEVELS, spec_accept=SPEC_ACCEPT, grid_accept=GRID_ACCEPT,
        max_size=size_text(context.max_file_bytes),
        files=[_file_line(n, r) for n, r in enumerate(results, start=1)],
        overall=overall_line(reports) if reports else "No file could be checked.",
        # Rendered (and escaped) by file_section in the worker that checked the file.
        sections=[Markup(r.outputs["section"].decode("utf-8")) for r in results
                  if r.report is not None and "section" in r.outputs],
    )


def render_token_page(context: PageContext, *, wrong: bool) -> str:
    """The form that asks for the server's token before the page can be used."""
    return render("web/token.html.j2", page=context, title="Access token needed",
                  skip_target="token", skip_text="Skip to the token field", wrong=wrong)


def _file_line(number: int, result: JobResult) -> FileLine:
    report = result.report
    if report is None:
        return FileLine(number=number, name=result.name, problem=result.problem or "",
                        passed=False, counts=None, grids=(), downloads=())
    return FileLine(number=number, name=result.name, problem="", passed=report.passed,
                    counts=counts_view(report), grids=result.grids,
                    downloads=tuple(_downloads(result)))


def _downloads(result: JobResult) -> list[Download]:
    stem = PurePath(result.name).stem or "specification"
    original_xml = PurePath(result.name).suffix.lower() == ".xml"
    links = []
    for output, label, media_type, suffix, what in DOWNLOADS:
        data = result.outputs.get(output)
        if data is None:
            why = result.unavailable.get(output)
            if why is not None:
                links.append(Download(label=label, what=why))
            continue
        if output == "xml" and original_xml:
            suffix = ".converted.xml"
        encoded = base64.b64encode(data).decode("ascii")
        links.append(Download(label=label, what=what.replace("NAME", result.name),
                              file_name=stem + suffix,
                              href=f"data:{media_type};base64,{encoded}",
                              size=_size(len(data))))
    return links


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} kB"
