"""Every HTML page from one set of templates (criteria_checker.html).

Protects: one Jinja2 environment that escapes every value and refuses an
undefined name; text from a document or a user shown, never obeyed, in every
page (the report, the batch index, the diff page, the explanation of a
reference, the web page), escaped one way, with control characters written out
as the text reports write them; one stylesheet and one script, byte for byte
the same in the report, the index, the diff page and the web page, and the
offline pages' policy naming that script's hash; the same bytes for the same
input, in one process and across processes whatever the hash seed; every row
and cell of the web page's coverage heatmap linking the row's explanation, the
same as ``why FILE REF`` gives; and the templates inside the installed wheel.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import UndefinedError
from markupsafe import Markup
from test_install import run_installed, site  # noqa: F401  (the installed wheel's fixture)

from criteria_checker.batch.summary import BatchRow, Comparison, render_index
from criteria_checker.diff.compare import compare
from criteria_checker.diff.render import render_html as render_diff
from criteria_checker.engine.api import check_spec, criteria_for, read_and_check, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.html import (
    environment,
    script,
    shown,
    standalone_policy,
    stylesheet,
)
from criteria_checker.model.report import Report
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers import read_spec
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.reporters.base import utf8_safe, visible
from criteria_checker.reporters.html import content_security_policy
from criteria_checker.web.app import create_app
from criteria_checker.web.options import ChosenOptions
from criteria_checker.web.page_render import PageContext, file_section, render_check_page
from criteria_checker.web.settings import WebSettings
from criteria_checker.web.worker import JobResult
from criteria_checker.why import explain_ref, render_html

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
OPTIONS = CheckOptions()
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>\'&\x1b'
#: How HOSTILE reads once escaped: the control character written out, quotes as entities.
ESCAPED = ("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
           "&#x27;&amp;\\x1b")
UNIT_515_TAG = '<unit reference="L/651/4416" number="515" '


class Page(HTMLParser):
    """Tags with their attributes, the text of inline scripts and styles, nesting problems."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr", "col", "area", "base", "wbr",
                      "source"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in self.inline:
            self.inline[self.stack[-1]].append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


# -- the environment ------------------------------------------------------------------------------


def test_every_value_is_escaped_and_an_undefined_name_is_an_error() -> None:
    env = environment()
    assert env is environment()  # one environment per process
    template = env.from_string('<p title="{{ x }}">{{ x }}</p>')
    assert template.render(x='<a href="y">\'') == (
        '<p title="&lt;a href=&quot;y&quot;&gt;&#x27;">&lt;a href=&quot;y&quot;&gt;&#x27;</p>')
    assert template.render(x=Markup("<b>kept</b>")) == '<p title="<b>kept</b>"><b>kept</b></p>'
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(TypeError, match="None"):
        template.render(x=None)


@given(st.text())
def test_pages_write_control_characters_out_as_the_text_reports_do(text: str) -> None:
    # Line for line the same as reporters.base.visible; a page keeps the line breaks.
    assert shown(text) == "\n".join(utf8_safe(visible(line)) for line in text.splitlines())


@given(st.text(alphabet=st.sampled_from("ab <&\"'\n\r\t\x00\x1c\x85\u2028\u202e\udc80"))
       | st.text())
def test_a_printed_value_is_its_shown_text_escaped(text: str) -> None:
    # Text that shown() leaves alone takes a shorter way to the page; both ways must agree.
    printed = environment().from_string("{{ x }}").render(x=text)
    assert printed == html.escape(shown(text), quote=True)


def test_a_lone_surrogate_cannot_stop_a_page_being_written() -> None:
    assert shown("spec-\udc80.docx") == "spec-\ufffd.docx"


# -- hostile text in every page ----------------------------------------------------------------


def write_hostile_specimen(folder: Path) -> Path:
    """A specification whose optional unit has no reference, so its hostile title is its key.

    XML cannot carry an escape character, so the title ends with a bidirectional override.
    """
    text = (SPECIMENS / "optional-only-coverage.xml").read_text(encoding="utf-8")
    for old, new in ((UNIT_515_TAG, "<unit "),
                     ("<title>Handling Information</title>",
                      f"<title>{html.escape(HOSTILE.replace(chr(27), ''))}\u202e</title>")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "spec.xml").write_text(text, encoding="utf-8")
    return folder / "spec.xml"


@pytest.fixture(scope="module")
def hostile_checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[QualificationSpec, Report]:
    folder = tmp_path_factory.mktemp("hostile")
    write_hostile_specimen(folder)
    previous = Path.cwd()
    os.chdir(folder)  # read by its own name, as the web server reads an upload
    try:
        return read_and_check(Path("spec.xml"), OPTIONS)
    finally:
        os.chdir(previous)


def hostile_pages(spec: QualificationSpec, report: Report) -> dict[str, str]:
    """Every page, each given the hostile text wherever it takes text from outside."""
    criteria = criteria_for(OPTIONS)
    hostile_report = dataclasses.replace(
        report, spec=dataclasses.replace(report.spec, file=HOSTILE, title=HOSTILE))
    row = BatchRow(file=f"/in/{HOSTILE}.docx", status="not conformant", reason=HOSTILE,
                   awarding_organisation=HOSTILE, title=HOSTILE, qualification_number=HOSTILE,
                   optional_hours=HOSTILE, top_problems=(HOSTILE,),
                   reports={"html": f"reports/{HOSTILE}.html", HOSTILE: "x.json"},
                   change=HOSTILE)
    base = read_spec(SPECIMENS / "conformant.xml")
    renamed = dataclasses.replace(base, title=HOSTILE, units=[
        dataclasses.replace(base.units[0], title=HOSTILE), *base.units[1:]])
    context = PageContext(root="", version="0", criteria_choices=(("c", HOSTILE),),
                          default_criteria="c", criteria_title=HOSTILE, subtitle=HOSTILE,
                          max_files=3, max_file_bytes=1024)
    section = file_section(spec, hostile_report, criteria, 1)
    web = render_check_page(
        context, ChosenOptions(shared_title=HOSTILE), problem=HOSTILE,
        results=[JobResult(HOSTILE, report=hostile_report, grids=(HOSTILE,),
                           outputs={"section": section.encode("utf-8"), "json": b"{}"},
                           unavailable={"annotated": HOSTILE}),
                 JobResult(HOSTILE, problem=HOSTILE)])
    return {
        "report": REPORTER_BY_NAME["html"].render([hostile_report]),
        "index": render_index([row], title=HOSTILE,
                              comparison=Comparison(folder=HOSTILE, gone=(HOSTILE,))),
        "diff": render_diff(compare(_checked(base), _checked(renamed))),
        "why": render_html(explain_ref(spec, report, criteria, "LMAC5E/HI")),
        "web": web,
    }


def _checked(spec: QualificationSpec) -> tuple[QualificationSpec, Report]:
    return spec, check_spec(spec, criteria=criteria_for(OPTIONS), rules=rules_for(OPTIONS),
                            options=OPTIONS)


@pytest.mark.parametrize("name", ["report", "index", "diff", "why", "web"])
def test_hostile_text_is_shown_not_run(
    name: str, hostile_checked: tuple[QualificationSpec, Report],
) -> None:
    out = hostile_pages(*hostile_checked)[name]
    page = Page(out)
    assert page.problems == []
    assert ESCAPED.replace("\\x1b", "") in out
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(key.startswith("on") for _, attrs in page.tags for key in attrs)
    assert "\x1b" not in out and "\u202e" not in out
    # Only our own script runs: inline on a page opened from a file, from /static/ on the web.
    scripts = page.all("script")
    assert page.inline["script"] == ([] if name in ("why", "web") else [script()])
    assert [s.get("src", "") for s in scripts] == (
        ["/static/sort.js", "/static/app.js"] if name == "web" else
        [] if name == "why" else [""])
    # One way of escaping: none of Markup's own entities slipped past the finalizer.
    assert "&#34;" not in out and "&#39;" not in out


def test_control_characters_in_a_document_are_written_out(
    hostile_checked: tuple[QualificationSpec, Report],
) -> None:
    pages = hostile_pages(*hostile_checked)
    for name in ("report", "why", "web"):
        assert "\\u202e" in pages[name], name  # the unit's title, a bidirectional override
    for name in ("report", "index", "web"):
        assert ESCAPED in pages[name], name


# -- one stylesheet, one script ----------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(workers=1, max_files=3)),
                    base_url="http://127.0.0.1") as client:
        yield client


def test_every_page_shares_the_one_stylesheet_and_script(
    client: TestClient, hostile_checked: tuple[QualificationSpec, Report],
) -> None:
    pages = hostile_pages(*hostile_checked)
    for name in ("report", "index", "diff"):
        page = Page(pages[name])
        assert page.inline["style"] == [stylesheet()], name
        assert page.inline["script"] == [script()], name
    assert "<style" not in pages["why"] and "<script" not in pages["why"]
    web = Page(client.get("/").text)
    assert web.inline == {"script": [], "style": []}
    sheets = [a["href"] for a in web.all("link") if a.get("rel") == "stylesheet"]
    scripts = [a["src"] for a in web.all("script")]
    assert client.get(sheets[0]).content == stylesheet().encode("utf-8")
    assert client.get(scripts[0]).content == script().encode("utf-8")
    # The page's own additions come after the shared ones and repeat none of them.
    assert [sheets[1:], scripts[1:]] == [["/static/app.css"], ["/static/app.js"]]


def test_offline_pages_allow_exactly_the_shared_script(
    hostile_checked: tuple[QualificationSpec, Report],
) -> None:
    digest = base64.b64encode(hashlib.sha256(script().encode("utf-8")).digest()).decode()
    assert standalone_policy() == content_security_policy() == (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'")
    for name, out in hostile_pages(*hostile_checked).items():
        if name in ("why", "web"):
            continue
        page = Page(out)
        (meta,) = [a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
        assert meta["content"] == standalone_policy(), name
        inline = page.inline["script"][0].encode("utf-8")
        assert f"'sha256-{base64.b64encode(hashlib.sha256(inline).digest()).decode()}'" \
            in meta["content"], name


# -- the same bytes --------------------------------------------------------------------------

RENDER_ALL = """\
import hashlib, json, os, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
import test_html_templates as t
os.chdir({folder!r})
from criteria_checker.engine.api import read_and_check
spec, report = read_and_check(Path("spec.xml"), t.OPTIONS)
pages = t.hostile_pages(spec, report)
print(json.dumps({{name: hashlib.sha256(text.encode()).hexdigest()
                  for name, text in pages.items()}}))
"""


def test_the_same_input_gives_the_same_bytes_whatever_the_hash_seed(
    hostile_checked: tuple[QualificationSpec, Report], tmp_path: Path,
) -> None:
    first = hostile_pages(*hostile_checked)
    assert hostile_pages(*hostile_checked) == first
    here = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in first.items()}
    write_hostile_specimen(tmp_path)
    code = RENDER_ALL.format(tests=str(Path(__file__).parent), folder=str(tmp_path))
    for seed in ("0", "4242"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT,
                              timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.splitlines()[-1]) == here, seed


# -- the web page's heatmap explains each row ------------------------------------------------


@pytest.fixture(scope="module")
def web_results(client: TestClient) -> str:
    files = [("file", (name, (SPECIMENS / name).read_bytes()))
             for name in ("topic-not-covered.xml", "optional-only-coverage.xml")]
    answer = client.post("/", files=files)
    assert answer.status_code == 200
    return answer.text


def _explanations(page: str, number: int) -> dict[str, str]:
    """Each explanation of section ``number`` by its element id: the fragment it shows."""
    return dict(re.findall(rf'<div id="(report-{number}-why-[^"]+)">\n(.*?)<p class="back">',
                           page, flags=re.S))


@pytest.mark.parametrize(("number", "file"), [(1, "topic-not-covered.xml"),
                                              (2, "optional-only-coverage.xml")])
def test_every_heatmap_cell_links_its_rows_explanation(
    web_results: str, number: int, file: str,
) -> None:
    section = web_results.split(f'<section class="report" id="report-{number}"')[1]
    heatmap = section.split('<table class="heatmap">', 1)[1].split("<tbody>", 1)[1]
    heatmap = heatmap.split("</tbody>", 1)[0]
    explanations = _explanations(web_results, number)
    _, report = read_and_check(SPECIMENS / file, OPTIONS)
    rows = re.findall(r'<tr id="([^"]+)" class="[^"]+">(.*?)</tr>', heatmap)
    assert [row_id for row_id, _ in rows] == [f"report-{number}-row-{r.ref}"
                                              for r in report.coverage.rows]
    for (row_id, cells), row in zip(rows, report.coverage.rows, strict=True):
        target = f"report-{number}-why-{row.ref}"
        links = re.findall(r'<a href="#([^"]+)"( tabindex="-1")?', cells)
        # The row's heading, its status and one per unit, all to the row's explanation;
        # only the heading is a stop for the Tab key.
        assert len(links) == 2 + len(report.coverage.units), row.ref
        assert {href for href, _ in links} == {target}
        assert [bool(skip) for _, skip in links] == [False] + [True] * (len(links) - 1)
        assert target in explanations
        back = re.search(rf'<div id="{re.escape(target)}">.*?<p class="back"><a href="#([^"]+)">',
                         web_results, flags=re.S)
        assert back is not None and back.group(1) == row_id


@pytest.mark.parametrize(("number", "file", "ref", "status"), [
    (1, "topic-not-covered.xml", "LMAC5G/HS", "✖ not covered"),
    (1, "topic-not-covered.xml", "LMAC5A/LM/A", "✔ covered by a mandatory unit"),
    (2, "optional-only-coverage.xml", "LMAC5E/HI", "◐ optional units only"),
])
def test_a_cells_explanation_is_what_why_says(
    web_results: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    number: int, file: str, ref: str, status: str,
) -> None:
    # Read as the server read it: by its own name in a folder of its own.
    (tmp_path / file).write_bytes((SPECIMENS / file).read_bytes())
    monkeypatch.chdir(tmp_path)
    spec, report = read_and_check(Path(file), OPTIONS)
    explanation = explain_ref(spec, report, criteria_for(OPTIONS), ref)
    shown_on_page = _explanations(web_results, number)[f"report-{number}-why-{ref}"]
    assert shown_on_page == render_html(explanation, level=4)
    assert status in shown_on_page
    assert shown_on_page.startswith(f'<section class="why" data-ref="{ref}">\n<h4>{ref} ')


def test_the_offline_report_names_the_command_that_explains_a_row() -> None:
    _, report = read_and_check(SPECIMENS / "topic-not-covered.xml", OPTIONS)
    out = REPORTER_BY_NAME["html"].render([report])
    assert f"<code>criteria-checker why {html.escape(report.spec.file)} REF</code>" in out
    assert 'class="why-list"' not in out and "#report-1-why-" not in out


# -- packaging -------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_installed_wheel_carries_the_templates(site: Path, tmp_path: Path) -> None:  # noqa: F811
    report = run_installed(site, tmp_path, "-m", "criteria_checker", "check", "--format", "html",
                           str(SPECIMENS / "conformant.xml"))
    assert (report.returncode, report.stderr) == (0, "")
    page = Page(report.stdout)
    assert page.inline == {"style": [stylesheet()], "script": [script()]}
    index = run_installed(site, tmp_path, "-c", "from criteria_checker.batch.summary import "
                          "render_index; print(render_index([]), end='')")
    assert (index.returncode, index.stderr) == (0, "")
    assert Page(index.stdout).inline["script"] == [script()]
