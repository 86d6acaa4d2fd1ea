"""The page's HTML: the check form, the results of a check, the token form.

The results reuse the HTML report's own sections (verdict, hours against the
bands, findings with their help, coverage heatmap), so the page and the
downloadable report show the same content. Downloads are ``data:`` links
inside the page itself: the server keeps nothing once the answer is sent.
Every text that comes from a user or a document is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from string import Template

from criteria_checker.reporters.base import count_words, overall_line, severity_counts
from criteria_checker.reporters.html import h
from criteria_checker.web.options import ChosenOptions
from criteria_checker.web.uploads import size_text
from criteria_checker.web.worker import JobResult

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: What the file choosers offer besides the extensions: specifications, then mapping grids.
SPEC_ACCEPT = f"{DOCX_MEDIA_TYPE},application/xml,text/xml"
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


@lru_cache(maxsize=1)
def _template() -> Template:
    text = resources.files("criteria_checker.web").joinpath("templates").joinpath("page.html")
    return Template(text.read_text("utf-8"))


def _page(context: PageContext, *, title: str, content: str, skip: tuple[str, str]) -> str:
    return _template().substitute(
        title=h(title), root=h(context.root), subtitle=h(context.subtitle),
        version=h(context.version), content=content, skip_target=skip[0], skip_text=skip[1])


def render_check_page(
    context: PageContext,
    chosen: ChosenOptions,
    *,
    results: Sequence[JobResult] = (),
    problem: str | None = None,
) -> str:
    """The form, then any request-level problem, then the results of each file."""
    parts = []
    if problem is not None:
        parts.append('<div class="alert" role="alert" id="problem">'
                     f'<h2>The files were not checked</h2><p>{h(problem)}</p></div>')
    unreadable = [r for r in results if r.report is None]
    if unreadable:
        items = "".join(f"<li>{h(r.problem or r.name)}</li>" for r in unreadable)
        noun = "file" if len(unreadable) == 1 else "files"
        parts.append('<div class="alert" role="alert" id="problem">'
                     f"<h2>{len(unreadable)} {noun} could not be checked</h2>"
                     f"<ul>{items}</ul></div>")
    parts.append(_form(context, chosen))
    if results:
        parts.append(_results(results))
    skip = ("results", "Skip to the results") if results else ("files", "Skip to the form")
    title = "Check a qualification specification"
    reports = [r.report for r in results if r.report is not None]
    if reports:
        title = f"Results: {overall_line(reports)}"
    elif results:
        title = "Results: no file could be checked"
    return _page(context, title=title, content="\n".join(parts), skip=skip)


def render_token_page(context: PageContext, *, wrong: bool) -> str:
    """The form that asks for the server's token before the page can be used."""
    alert = ('<div class="alert" role="alert"><h2>That token is not right</h2>'
             "<p>Check it with whoever runs this server and try again.</p></div>"
             if wrong else "")
    form = (
        f'{alert}<form class="login" method="post" action="{h(context.root)}/token">'
        "<p>This server is shared: enter the access token you were given.</p>"
        '<div class="field"><label for="token">Access token</label>'
        '<input id="token" name="token" type="password" autocomplete="current-password" '
        "required></div>"
        '<div class="actions"><button class="primary" type="submit">Continue</button></div>'
        "</form>"
    )
    return _page(context, title="Access token needed", content=form, skip=("token", "Skip to "
                                                                           "the token field"))


def _form(context: PageContext, chosen: ChosenOptions) -> str:
    selected = chosen.criteria or context.default_criteria
    options = "".join(
        f'<option value="{h(value)}"{" selected" if value == selected else ""}>{h(label)}'
        "</option>"
        for value, label in context.criteria_choices
    )
    fail_levels = "".join(
        f'<label><input type="radio" id="fail_on-{level}" name="fail_on" value="{level}"'
        f'{" checked" if chosen.fail_on == level else ""}> {text}</label>'
        for level, text in (("error", "errors"), ("warning", "warnings or errors"))
    )
    megabytes = size_text(context.max_file_bytes)
    root = h(context.root)
    # Posting to #results makes the browser show the results, not the form, once they arrive.
    return f"""<form class="check" method="post" action="{root}/#results"
 enctype="multipart/form-data">
<div class="uploads">
<div class="drop">
<label for="files">Specifications (Word .docx or XML)</label>
<input id="files" name="file" type="file" multiple required
 accept=".docx,.xml,{SPEC_ACCEPT},.xlsx,.csv,{GRID_ACCEPT}"
 aria-describedby="files-hint">
<p id="files-hint" class="hint">Drop the files on this box or choose them: up to
{context.max_files} files of at most {megabytes} each. A mapping grid named after its
specification (<code>spec.mapping.xlsx</code>, <code>.csv</code> or <code>.docx</code> for
<code>spec.docx</code>) can come along: it is joined onto that specification.</p>
<ul class="chosen" aria-live="polite"></ul>
</div>
<div class="field"><label for="mapping">Mapping grids for every specification (optional)</label>
<input id="mapping" name="mapping" type="file" multiple accept=".xlsx,.csv,.docx,{GRID_ACCEPT}"
 aria-describedby="mapping-hint">
<p id="mapping-hint" class="hint">Excel .xlsx, CSV or Word .docx files mapping units to the
criteria, joined onto each specification above. They count towards the limit of files.</p></div>
</div>
<div class="options">
<div class="field"><label for="criteria">Criteria set</label>
<select id="criteria" name="criteria">{options}</select></div>
<div class="field"><label for="shared_title">Agreed shared title (optional)</label>
<input id="shared_title" name="shared_title" type="text" value="{h(chosen.shared_title)}"
 aria-describedby="title-hint">
<p id="title-hint" class="hint">The title agreed across awarding organisations. Left empty,
titles are compared with the criteria's: {h(context.criteria_title)}.</p></div>
<fieldset><legend>Not conformant when there are</legend>{fail_levels}</fieldset>
<div class="actions"><button class="primary" type="submit">Check</button>
<span class="busy" role="status"></span></div>
</div>
</form>
<p class="template">Start from a template that already meets the criteria's structure:
<a href="{root}/api/template?format=docx" download>Word template (.docx)</a> or
<a href="{root}/api/template?format=xml" download>XML template</a>.</p>"""


def _results(results: Sequence[JobResult]) -> str:
    reports = [r.report for r in results if r.report is not None]
    rows = []
    for number, result in enumerate(results, start=1):
        if result.report is None:
            rows.append(f"<tr><td>{h(result.name)}</td>"
                        '<td><span class="verdict fail">✖ NOT CHECKED</span></td>'
                        f'<td class="problem" colspan="2">{h(result.problem or "")}</td></tr>')
            continue
        report = result.report
        verdict = ('<span class="verdict pass">✔ CONFORMANT</span>' if report.passed
                   else '<span class="verdict fail">✖ NOT CONFORMANT</span>')
        counts = severity_counts(report.findings)
        words = ", ".join(
            f'<span class="count-{severity}">{h(text)}</span>' if counts[severity] else h(text)
            for severity, text in count_words(counts))
        rows.append(f'<tr><td><a href="#report-{number}">{h(result.name)}</a>'
                    f"{_grids_note(result)}</td>"
                    f"<td>{verdict}</td><td>{words}</td><td>{_downloads(result)}</td></tr>")
    sections = "\n".join(r.outputs["section"].decode("utf-8") for r in results
                         if r.report is not None and "section" in r.outputs)
    summary = h(overall_line(reports)) if reports else "No file could be checked."
    return (
        '<section id="results" aria-labelledby="results-title">'
        '<h2 id="results-title">Results</h2>'
        f'<p class="overall">{summary}</p>'
        '<table class="findings files"><caption class="visually-hidden">Checked files, their '
        "verdicts and report downloads</caption>"
        '<thead><tr><th scope="col">File</th><th scope="col">Verdict</th>'
        '<th scope="col">Findings</th><th scope="col">Download</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>\n{sections}</section>"
    )


def _grids_note(result: JobResult) -> str:
    """``with the mapping grid grid.xlsx`` under a file's name, when grids were joined onto it."""
    if not result.grids:
        return ""
    noun = "grid" if len(result.grids) == 1 else "grids"
    names = ", ".join(h(name) for name in result.grids)
    return f'<span class="grids">with the mapping {noun} {names}</span>'


def _downloads(result: JobResult) -> str:
    stem = PurePath(result.name).stem or "specification"
    original_xml = PurePath(result.name).suffix.lower() == ".xml"
    links = []
    for output, label, media_type, suffix, what in DOWNLOADS:
        data = result.outputs.get(output)
        if data is None:
            why = result.unavailable.get(output)
            if why is not None:
                links.append(f'<li class="unavailable">{h(label)}: {h(why)}</li>')
            continue
        if output == "xml" and original_xml:
            suffix = ".converted.xml"
        encoded = base64.b64encode(data).decode("ascii")
        links.append(
            f'<li><a download="{h(stem + suffix)}" href="data:{media_type};base64,{encoded}">'
            f'{h(label)}<span class="visually-hidden">: '
            f'{what.replace("NAME", h(result.name))}</span></a> '
            f'<span class="size">{_size(len(data))}</span></li>')
    return f'<ul class="downloads">{"".join(links)}</ul>'


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} kB"
