"""The page, as HTML from the test client (tests/test_web_browser.py drives a real browser).

Protects: every control has a label; the results show, for each file, the
verdict, the findings counts and the HTML report's own section (hours, findings
with help, coverage heatmap); the download links carry exactly what the API
answers; a file that cannot be read is named with the reader's message; a
refused request keeps the user's choices; text from a user or a document is
escaped.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_support import conformant_docx, conformant_xml, not_conformant_docx

from criteria_checker.readers import read_spec
from criteria_checker.reporters.html import sort_script, stylesheet
from criteria_checker.web.app import create_app
from criteria_checker.web.settings import WebSettings
from criteria_checker.writers.xml_writer import write_xml_spec


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = WebSettings(workers=2, max_files=3)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


def upload(*files: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (name, data)) for name, data in files]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag
                and all(attrs.get(k.rstrip("_")) == v for k, v in wanted.items())]


def test_every_control_of_the_form_has_a_label(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    elements = Elements(page.text)
    labelled = {attrs["for"] for attrs in elements.all("label") if "for" in attrs}
    controls = [attrs for name, attrs in elements.tags if name in {"input", "select"}
                and attrs.get("type") != "radio"]
    assert [c["id"] for c in controls] == ["files", "mapping", "criteria", "shared_title"]
    assert {c["id"] for c in controls} <= labelled
    radios = elements.all("input", type="radio")
    assert [(r["name"], r["value"]) for r in radios] == [("fail_on", "error"),
                                                         ("fail_on", "warning"),
                                                         ("fail_on", "info")]
    assert "checked" in radios[0]
    files = elements.all("input", type="file")[0]
    assert ("multiple" in files, files["name"], files["accept"].split(",")[:2]) == (
        True, "file", [".docx", ".xml"])
    grids = elements.all("input", type="file")[1]
    assert ("multiple" in grids, grids["name"], grids["accept"].split(",")[:3]) == (
        True, "mapping", [".xlsx", ".csv", ".docx"])
    form = elements.all("form")[0]
    assert (form["method"], form["enctype"]) == ("post", "multipart/form-data")
    assert [o["value"] for o in elements.all("option")] == ["sfc-l5-lmac-2021-05"]
    links = [a["href"] for a in elements.all("a")]
    assert "/api/template?format=docx" in links and "/api/template?format=xml" in links
    assert "up to 3 files of at most 20 MB each" in " ".join("".join(elements.text).split())


def test_results_show_each_file_like_the_html_report(client: TestClient) -> None:
    page = client.post("/", files=upload(("template.docx", not_conformant_docx()),
                                         ("conformant.docx", conformant_docx())))
    assert page.status_code == 200
    html = page.text
    text = " ".join("".join(Elements(html).text).split())
    assert "2 files: 1 conformant, 1 not conformant - 24 errors, 0 warnings, 1 info" in text
    rows = re.findall(r'<tr><td><a href="#report-(\d)">([^<]+)</a></td><td><span class="verdict '
                      r'(pass|fail)">', html)
    assert rows == [("1", "template.docx", "fail"), ("2", "conformant.docx", "pass")]
    for number, name in (("1", "template.docx"), ("2", "conformant.docx")):
        assert f'<section class="report" id="report-{number}"' in html
        assert f'<h2 id="report-{number}-title">{name} ' in html
        assert f'<h3 id="report-{number}-hours">Hours</h3>' in html
        assert f'<caption id="heatmap-{number}" class="muted">' in html
    assert "Unit 501 has no unit reference number" in html
    assert "Give every unit its unit reference number (URN)" in html
    assert 'aria-label="Total qualification time (TQT): 940 hours, required 900-950' in html


def downloads(html: str) -> dict[str, bytes]:
    """The page's download links: file name -> the bytes its data: URL carries."""
    found = {}
    for name, media_type, payload in re.findall(
            r'<a download="([^"]+)" href="data:([^;]+)(?:;charset=utf-8)?;base64,([^"]+)">', html):
        assert media_type in {"text/html", "application/json", "application/sarif+json",
                              "application/xml", "application/vnd.openxmlformats-"
                              "officedocument.wordprocessingml.document"}
        found[name] = base64.b64decode(payload)
    return found


def test_downloads_carry_what_the_api_answers(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = upload(("spec.docx", conformant_docx()))
    page = client.post("/", files=files)
    links = downloads(page.text)
    assert sorted(links) == ["spec.annotated.docx", "spec.report.html", "spec.report.json",
                             "spec.sarif", "spec.xml"]
    for fmt, name in (("json", "spec.report.json"), ("sarif", "spec.sarif"),
                      ("html", "spec.report.html")):
        assert links[name] == client.post(f"/api/check?format={fmt}", files=files).content
    (tmp_path / "spec.docx").write_bytes(conformant_docx())
    monkeypatch.chdir(tmp_path)
    assert links["spec.xml"] == write_xml_spec(read_spec(Path("spec.docx")))


def test_an_xml_upload_offers_its_conversion_under_another_name(client: TestClient) -> None:
    links = downloads(client.post("/", files=upload(("spec.xml", conformant_xml()))).text)
    assert sorted(links) == ["spec.converted.xml", "spec.report.html", "spec.report.json",
                             "spec.sarif"]


def test_a_file_that_cannot_be_read_is_named_with_the_readers_words(client: TestClient) -> None:
    page = client.post("/", files=upload(("good.docx", conformant_docx()),
                                         ("scan.pdf", b"%PDF-1.7\n")))
    assert page.status_code == 200
    message = "scan.pdf: is a PDF file, not a Word .docx document; submit the Word document"
    assert ('<div class="alert" role="alert" id="problem"><h2>1 file could not be checked</h2>'
            f"<ul><li>{message}</li></ul></div>") in page.text
    assert ('<tr><td>scan.pdf</td><td><span class="verdict fail">✖ NOT CHECKED</span></td>'
            f'<td class="problem" colspan="2">{message}</td></tr>') in page.text
    assert "1 file: 1 conformant, 0 not conformant" in page.text
    assert '<section class="report" id="report-1"' in page.text


def test_a_refused_request_keeps_the_users_choices(client: TestClient) -> None:
    page = client.post("/", data={"shared_title": "Level 5 Diploma in <Care>",
                                  "fail_on": "warning"},
                       files=upload(*[(f"{n}.xml", b"<x/>") for n in range(4)]))
    assert page.status_code == 413
    assert ('<div class="alert" role="alert" id="problem"><h2>The files were not checked</h2>'
            "<p>too many files: at most 3 per request</p></div>") in page.text
    assert 'value="Level 5 Diploma in &lt;Care&gt;"' in page.text
    assert '<input type="radio" id="fail_on-warning" name="fail_on" value="warning" checked>' \
        in page.text
    assert 'id="results"' not in page.text


def test_a_bad_option_on_the_page(client: TestClient) -> None:
    page = client.post("/", data={"fail_on": "never"},
                       files=upload(("c.xml", conformant_xml())))
    assert page.status_code == 422
    assert "<p>fail_on: &#x27;never&#x27; is not one of error, warning, info</p>" in page.text


def test_text_from_users_and_documents_is_escaped(client: TestClient) -> None:
    page = client.post("/", files=upload(("<img src=x onerror=alert(1)>.docx", b"%PDF-1.7")))
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;.docx: is a PDF file" in page.text


def test_the_shared_title_reaches_the_check(client: TestClient) -> None:
    page = client.post("/", data={"shared_title": "Level 5 Diploma in Something Else"},
                       files=upload(("c.xml", conformant_xml())))
    assert "TTL001" in page.text
    assert "Level 5 Diploma in Something Else" in page.text


@pytest.mark.parametrize(("name", "media_type", "content"), [
    ("report.css", "text/css; charset=utf-8", stylesheet()),
    ("sort.js", "text/javascript; charset=utf-8", sort_script()),
])
def test_the_report_style_and_script_are_the_html_reports_own(
    client: TestClient, name: str, media_type: str, content: str,
) -> None:
    answer = client.get(f"/static/{name}")
    assert (answer.status_code, answer.headers["content-type"]) == (200, media_type)
    assert answer.text == content


def test_static_files(client: TestClient) -> None:
    assert client.get("/static/app.css").headers["content-type"] == "text/css; charset=utf-8"
    assert client.get("/static/app.js").text.startswith("/* Optional comfort for the check form")
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/page.html").status_code == 404


def test_the_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.post("/", files=upload(("c.docx", conformant_docx())))
    elements = Elements(page.text)
    sources = [a.get("src", "") for _, a in elements.tags] + \
        [a["href"] for tag, a in elements.tags if tag == "link"]
    assert all(s == "" or s.startswith(("/static/", "data:")) for s in sources)
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
