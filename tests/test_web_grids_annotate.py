"""Mapping grids and annotated copies on the page and through the API.

Protects: a grid sent in the field ``mapping`` is joined onto every
specification of the request, and its mappings count exactly as on the
command line; a grid named after a specification sent with it is joined onto
that one only and is not checked itself; a grid that cannot be read is a 422
naming it in the reader's one line (on the page too); grids obey the upload
limits; every DOCX the page checks offers its annotated copy (an XML file
does not), whose comments carry the report's verdict; POST /api/annotate
answers the copy as a download and refuses XML.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from fixtures.grids.build import Layout, bare, write_csv, write_xlsx
from fixtures.specs.patching import conformant_spec
from test_web_support import conformant_docx, conformant_xml, not_conformant_docx

from criteria_checker.annotate import verdict_line
from criteria_checker.engine.api import read_and_check
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.web.app import create_app
from criteria_checker.web.pairing import grid_owner, plan_uploads
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.settings import WebSettings
from criteria_checker.web.uploads import FILE_FIELD, GRID_FIELD, SavedFile
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.xml_writer import write_xml_spec

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SPEC = conformant_spec()
#: The grid row naming a unit the specification does not have: RDR004 at its unit cell.
STRAY_ROW = ["LMAC5A/LM/A.2", "Unit 599", "", "1.1"]
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
PDF_GRID = "is a PDF file; a mapping grid is an Excel workbook (.xlsx), a CSV file or a Word " \
           "document (.docx)"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(workers=2, max_files=4)),
                    base_url="http://127.0.0.1") as client:
        yield client


def grid_of(spec: QualificationSpec) -> Layout:
    """Every mapping of ``spec`` as a criteria-major grid, a row per mapping."""
    rows = [["Criteria reference", "Unit", "Learning outcome", "Assessment criterion"]]
    for unit in spec.units:
        rows += [[m.raw, unit.reference or "", "", ""] for m in unit.mappings]
        for outcome in unit.outcomes:
            rows += [[m.raw, unit.reference or "", outcome.number, ""] for m in outcome.mappings]
            for criterion in outcome.criteria:
                rows += [[m.raw, unit.reference or "", outcome.number, criterion.number]
                         for m in criterion.mappings]
    return Layout(rows=rows)


@pytest.fixture(scope="module")
def bare_docx() -> bytes:
    """The conformant specification with every mapping removed: its grid must supply them."""
    return write_docx_spec(bare(SPEC))


@pytest.fixture(scope="module")
def grid_layout() -> Layout:
    layout = grid_of(SPEC)
    return Layout(rows=[*layout.rows, STRAY_ROW], sheet="Mapping")


@pytest.fixture(scope="module")
def grid_xlsx(grid_layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("grid") / "grid.xlsx"
    write_xlsx(path, [grid_layout])
    return path.read_bytes()


@pytest.fixture(scope="module")
def grid_csv(grid_layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("grid") / "grid.csv"
    write_csv(path, grid_layout)
    return path.read_bytes()


def files(*specs: tuple[str, bytes], mapping: tuple[tuple[str, bytes], ...] = (),
          ) -> list[tuple[str, tuple[str, bytes]]]:
    return [*((FILE_FIELD, spec) for spec in specs), *((GRID_FIELD, grid) for grid in mapping)]


def downloads(html: str) -> dict[str, tuple[str, bytes]]:
    """The page's download links: file name -> (media type, the bytes its data: URL carries)."""
    return {name: (media_type, base64.b64decode(payload)) for name, media_type, payload in
            re.findall(r'<a download="([^"]+)" href="data:([^;]+)(?:;charset=utf-8)?;base64,'
                       r'([^"]+)">', html)}


def comment_texts(data: bytes) -> list[str]:
    return [comment.text for comment in Document(io.BytesIO(data)).comments]


# -- grids joined onto a check -------------------------------------------------------------

def test_a_grid_in_the_mapping_field_counts_its_mappings_and_finds_at_its_cell(
    client: TestClient, bare_docx: bytes, grid_xlsx: bytes, grid_layout: Layout,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = client.post("/api/check", files=files(("spec.docx", bare_docx))).json()
    assert "RDR002" in {f["rule_id"] for f in alone["reports"][0]["findings"]}
    assert alone["summary"]["conformant"] == 0

    answer = client.post("/api/check", files=files(("spec.docx", bare_docx),
                                                   mapping=(("grid.xlsx", grid_xlsx),)))
    assert answer.status_code == 200
    report = answer.json()["reports"][0]
    row = len(grid_layout.rows)  # STRAY_ROW, the last: the header is row 1
    assert [(f["rule_id"], f["severity"], f["location"]) for f in report["findings"]
            if f["severity"] != "info"] == [
        ("RDR004", "error", {"file": "grid.xlsx", "line": None,
                             "locator": f"sheet Mapping, row {row}, column B",
                             "path": f"Mapping!R{row}C2",
                             "text": f"grid.xlsx (sheet Mapping, row {row}, column B)"})]
    # The grid's mappings count as the specification's own did.
    mapped = client.post("/api/check", files=files(("spec.docx", write_docx_spec(SPEC))))
    assert report["coverage"] == mapped.json()["reports"][0]["coverage"]
    first = next(r for r in report["coverage"]["rows"] if r["ref"] == "LMAC5A/LM/A")
    assert (first["status"], first["mandatory"]) == ("mandatory", ["H/650/2101"])

    # The same report as the library gives for the files under their own names.
    (tmp_path / "spec.docx").write_bytes(bare_docx)
    (tmp_path / "grid.xlsx").write_bytes(grid_xlsx)
    monkeypatch.chdir(tmp_path)
    _, expected = read_and_check("spec.docx", CheckOptions(mappings=(Path("grid.xlsx"),)))
    assert answer.text == REPORTER_BY_NAME["json"].render([expected])


def test_a_grid_in_the_mapping_field_joins_every_specification(
    client: TestClient, bare_docx: bytes, grid_csv: bytes,
) -> None:
    answer = client.post("/api/check", files=files(
        ("a.docx", bare_docx), ("b.xml", write_xml_spec(bare(SPEC))),
        mapping=(("grid.csv", grid_csv),)))
    assert answer.status_code == 200
    reports = answer.json()["reports"]
    assert [r["file"] for r in reports] == ["a.docx", "b.xml"]
    for report in reports:
        assert [(f["rule_id"], f["location"]["file"]) for f in report["findings"]
                if f["severity"] != "info"] == [("RDR004", "grid.csv")]


def test_a_grid_named_after_a_specification_joins_that_one_only(
    client: TestClient, bare_docx: bytes, grid_csv: bytes,
) -> None:
    answer = client.post("/api/check", files=files(
        ("Spec.docx", bare_docx), ("spec.Mapping.csv", grid_csv), ("other.docx", bare_docx)))
    assert answer.status_code == 200
    reports = answer.json()["reports"]
    # The grid is not checked as a specification of its own.
    assert [r["file"] for r in reports] == ["Spec.docx", "other.docx"]
    paired, other = ({f["rule_id"]: f["location"]["text"] for f in r["findings"]}
                     for r in reports)
    assert paired["RDR004"].startswith("spec.Mapping.csv (row ")
    assert "RDR002" not in paired
    assert "RDR004" not in other and "RDR002" in other


def test_the_page_names_the_grids_joined_onto_each_file(
    client: TestClient, bare_docx: bytes, grid_csv: bytes,
) -> None:
    page = client.post("/", files=files(("spec.docx", bare_docx), ("spec.mapping.csv", grid_csv),
                                        ("c.xml", conformant_xml()),
                                        mapping=(("all.csv", b"Unit,Criteria\n"),)))
    assert page.status_code == 200
    assert re.findall(r'<span class="grids">([^<]*)</span>', page.text) == [
        "with the mapping grids all.csv, spec.mapping.csv", "with the mapping grid all.csv"]


def test_a_grid_named_after_no_specification_sent_is_refused(
    client: TestClient, grid_csv: bytes,
) -> None:
    answer = client.post("/api/check", files=files(("spec.docx", conformant_docx()),
                                                   ("specs.mapping.csv", grid_csv)))
    assert answer.status_code == 422
    assert answer.json() == {"detail": "specs.mapping.csv: is named as the mapping grid of "
                                       "specs.docx or specs.xml, which is not among the files "
                                       "sent; send them together, or send the grid in the "
                                       "field 'mapping' to join it onto every specification",
                             "errors": []}


def test_grids_alone_are_no_specification(client: TestClient, grid_csv: bytes) -> None:
    answer = client.post("/api/check", files=files(mapping=(("grid.csv", grid_csv),)))
    assert (answer.status_code, answer.json()["detail"]) == (
        422, "no file: send one or more specifications (DOCX or XML) in the field 'file'")


# -- grids that cannot be read ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "problem"), [
    ("grid.xlsx", PDF, PDF_GRID),
    ("grid.csv", b"", "is empty (0 bytes)"),
    ("grid.csv", b"Unit,AC\n\x81\x8d\x8f\x90\x9d", "is not text in UTF-8, UTF-16 or Windows-1252"),
])
def test_a_grid_that_cannot_be_read_is_a_422_naming_it(
    client: TestClient, name: str, data: bytes, problem: str,
) -> None:
    answer = client.post("/api/check", files=files(("spec.docx", conformant_docx()),
                                                   mapping=((name, data),)))
    assert answer.status_code == 422
    body = answer.json()
    [error] = body["errors"]
    assert error["file"] == name
    assert error["message"].startswith(f"{name}: {problem}")
    assert "\n" not in error["message"]
    assert body["detail"] == f"1 file could not be read: {error['message']}"


def test_an_unreadable_grid_on_the_page(client: TestClient) -> None:
    page = client.post("/", files=files(("spec.docx", conformant_docx()),
                                        mapping=(("grid.xlsx", PDF),)))
    assert page.status_code == 422
    assert ('<div class="alert" role="alert" id="problem"><h2>The files were not checked</h2>'
            f"<p>1 file could not be read: grid.xlsx: {PDF_GRID}</p></div>") in page.text
    assert 'id="results"' not in page.text


def test_an_unreadable_grid_named_after_a_file_costs_that_file_only(client: TestClient) -> None:
    sent = files(("spec.docx", conformant_docx()), ("spec.mapping.xlsx", PDF),
                 ("other.xml", conformant_xml()))
    answer = client.post("/api/check", files=sent)
    assert answer.status_code == 422
    message = f"spec.mapping.xlsx: {PDF_GRID}"
    assert answer.json() == {"detail": f"1 file could not be read: {message}",
                             "errors": [{"file": "spec.mapping.xlsx", "message": message}]}
    page = client.post("/", files=sent)
    assert page.status_code == 200
    assert ('<tr><td>spec.docx</td><td><span class="verdict fail">✖ NOT CHECKED</span></td>'
            f'<td class="problem" colspan="2">{message}</td></tr>') in page.text
    assert "1 file: 1 conformant, 0 not conformant" in page.text


# -- limits ----------------------------------------------------------------------------------

def test_grids_count_towards_the_limit_of_files(client: TestClient, grid_csv: bytes) -> None:
    answer = client.post("/api/check", files=files(
        ("a.docx", conformant_docx()), ("b.docx", conformant_docx()),
        mapping=(("1.csv", grid_csv), ("2.csv", grid_csv), ("3.csv", grid_csv))))
    assert (answer.status_code, answer.json()["detail"]) == (
        413, "too many files: at most 4 per request")


def test_a_grid_over_the_size_limit_is_413() -> None:
    settings = WebSettings(workers=1, max_file_bytes=1024 * 1024)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        answer = client.post("/api/check", files=files(
            ("c.xml", conformant_xml()), mapping=(("big.csv", b"x" * (1024 * 1024 + 1)),)))
    assert (answer.status_code, answer.json()["detail"]) == (
        413, "big.csv: is larger than the limit of 1 MB")


def test_convert_takes_no_grids(client: TestClient, grid_csv: bytes) -> None:
    answer = client.post("/api/convert", files=files(("c.docx", conformant_docx()),
                                                     mapping=(("grid.csv", grid_csv),)))
    assert (answer.status_code, answer.json()["detail"]) == (
        422, "unexpected file in the field 'mapping'; send the specifications in the field "
             "'file'")


class SlowRunner:
    """Stands in for the worker pool: every job overruns, and the jobs asked for are noted."""

    def __init__(self) -> None:
        self.actions: list[list[str]] = []

    async def run(self, jobs: Any, deadline: float) -> Any:
        from criteria_checker.web.worker import CheckTimedOut

        self.actions.append([job.action for job in jobs])
        raise CheckTimedOut

    def close(self) -> None:
        pass


def test_reading_grids_keeps_the_time_limit(grid_csv: bytes) -> None:
    app = create_app(WebSettings(time_limit=5, workers=1))
    app.state.runner = runner = SlowRunner()
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.post("/api/check", files=files(("c.xml", conformant_xml()),
                                                       mapping=(("grid.csv", grid_csv),)))
    assert answer.status_code == 503
    assert runner.actions == [["grid"]]


# -- the pairing rule --------------------------------------------------------------------------

def saved(name: str, field: str = FILE_FIELD) -> SavedFile:
    return SavedFile(name=name, folder=Path("/nowhere") / name, size=1, field=field)


def test_a_files_grids_are_the_requests_then_its_own_by_suffix() -> None:
    plan = plan_uploads([saved("s.mapping.docx"), saved("S.docx"), saved("s.MAPPING.csv"),
                         saved("all.xlsx", GRID_FIELD), saved("s.mapping.xlsx"),
                         saved("t.xml")])
    assert [(s.spec.name, [g.name for g in s.grids]) for s in plan.submissions] == [
        ("S.docx", ["all.xlsx", "s.mapping.xlsx", "s.MAPPING.csv", "s.mapping.docx"]),
        ("t.xml", ["all.xlsx"])]
    assert [g.name for g in plan.grids] == ["all.xlsx", "s.mapping.xlsx", "s.MAPPING.csv",
                                            "s.mapping.docx"]


def test_grid_owner() -> None:
    assert grid_owner("Spec v2.Mapping.CSV") == ("Spec v2", 1)
    assert grid_owner("é.mapping.docx") == ("é", 2)
    assert grid_owner(".mapping.xlsx") is None
    assert grid_owner("spec.docx") is None
    with pytest.raises(WebProblem):
        plan_uploads([saved("a.docx"), saved("b.mapping.csv")])


# -- the annotated copy on the page --------------------------------------------------------------

def test_the_page_offers_the_annotated_copy_of_a_docx_and_not_of_an_xml(
    client: TestClient,
) -> None:
    page = client.post("/", files=files(("template.docx", not_conformant_docx()),
                                        ("spec.xml", conformant_xml())))
    assert page.status_code == 200
    links = downloads(page.text)
    assert sorted(name for name in links if name.startswith("template.")) == [
        "template.annotated.docx", "template.report.html", "template.report.json",
        "template.sarif", "template.xml"]
    assert not any("annotated" in name for name in links if name.startswith("spec."))
    media_type, data = links["template.annotated.docx"]
    assert media_type == DOCX
    assert (">Annotated copy (.docx)<span class=\"visually-hidden\">: a copy of template.docx "
            "with its findings as Word comments</span></a>") in page.text
    comments = comment_texts(data)
    report = client.post("/api/check", files=files(("template.docx", not_conformant_docx())))
    counts = report.json()["reports"][0]["counts"]
    assert comments[0].startswith(
        f"criteria-checker: does not conform — {counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} info")


def test_the_annotated_copy_on_the_page_carries_the_grids_findings(
    client: TestClient, bare_docx: bytes, grid_csv: bytes,
) -> None:
    page = client.post("/", files=files(("spec.docx", bare_docx), ("spec.mapping.csv", grid_csv)))
    _, data = downloads(page.text)["spec.annotated.docx"]
    comments = comment_texts(data)
    assert comments[0].startswith("criteria-checker: does not conform — 1 error, 0 warnings")
    assert any("RDR004" in text and "spec.mapping.csv" in text for text in comments)


def test_an_annotated_copy_too_large_for_the_page_is_said(
    client: TestClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from criteria_checker.web import page as page_module

    monkeypatch.setattr(page_module, "ANNOTATED_PAGE_LIMIT", 1000)
    page = client.post("/", files=files(("spec.docx", conformant_docx())))
    assert "spec.annotated.docx" not in downloads(page.text)
    assert ('<li class="unavailable">Annotated copy (.docx): too large to include in this '
            "page; POST /api/annotate answers it</li>") in page.text


# -- POST /api/annotate ----------------------------------------------------------------------

def test_annotate_answers_the_copy_as_a_download(client: TestClient) -> None:
    answer = client.post("/api/annotate", files=files(("Spec é.docx", not_conformant_docx())))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == DOCX
    assert answer.headers["content-disposition"] == (
        "attachment; filename=\"Spec _.annotated.docx\"; "
        "filename*=UTF-8''Spec%20%C3%A9.annotated.docx")
    comments = comment_texts(answer.content)
    assert comments[0].startswith("criteria-checker: does not conform — ")
    assert len(comments) > 2


def test_annotate_gives_what_the_library_gives(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from criteria_checker.annotate import annotate_file
    from criteria_checker.criteria.load import find_criteria

    answer = client.post("/api/annotate", data={"fail_on": "warning", "ignore": "UNT001"},
                         files=files(("t.docx", not_conformant_docx())))
    (tmp_path / "t.docx").write_bytes(not_conformant_docx())
    monkeypatch.chdir(tmp_path)
    data, report = annotate_file("t.docx", CheckOptions(
        fail_on="warning", ignore=("UNT001",), criteria=str(find_criteria(None))))
    assert answer.content == data
    assert comment_texts(answer.content)[0].startswith(verdict_line(report))


def test_annotate_joins_grids(client: TestClient, bare_docx: bytes, grid_xlsx: bytes) -> None:
    answer = client.post("/api/annotate", files=files(("spec.docx", bare_docx),
                                                      mapping=(("grid.xlsx", grid_xlsx),)))
    assert answer.status_code == 200
    comments = comment_texts(answer.content)
    assert comments[0].startswith("criteria-checker: does not conform — 1 error, 0 warnings")
    assert any("RDR004" in text and "grid.xlsx" in text and "sheet Mapping" in text
               for text in comments)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("spec.xml", conformant_xml(),
     "spec.xml: is a specification XML file; the annotated copy is made from the Word "
     "document, so send the .docx (POST /api/check reads XML)"),
    ("scan.pdf", PDF,
     "scan.pdf: is a PDF file, not a Word .docx document; submit the Word document"),
])
def test_annotate_refuses_what_is_no_word_document(
    client: TestClient, name: str, data: bytes, message: str,
) -> None:
    answer = client.post("/api/annotate", files=files((name, data)))
    assert answer.status_code == 422
    assert answer.json() == {"detail": f"1 file could not be read: {message}",
                             "errors": [{"file": name, "message": message}]}


def test_annotate_takes_one_specification(client: TestClient, grid_csv: bytes) -> None:
    two = client.post("/api/annotate", files=files(("a.docx", conformant_docx()),
                                                   ("b.docx", conformant_docx())))
    assert (two.status_code, two.json()["detail"]) == (422, "too many files: send 1 at a time")
    paired = client.post("/api/annotate", files=files(("a.docx", conformant_docx()),
                                                      ("a.mapping.csv", grid_csv)))
    assert paired.status_code == 200


def test_annotate_refuses_bad_options(client: TestClient) -> None:
    answer = client.post("/api/annotate", data={"select": "HRS999"},
                         files=files(("a.docx", conformant_docx())))
    assert answer.status_code == 422
    assert answer.json() == {"detail": "select: no rule 'HRS999' (run 'criteria-checker rules "
                                       "list')", "errors": []}


# -- the description ---------------------------------------------------------------------------

def test_the_description_documents_grids_and_annotate(client: TestClient) -> None:
    description = client.get("/openapi.json").json()
    check = description["paths"]["/api/check"]["post"]["requestBody"]["content"][
        "multipart/form-data"]
    assert check["schema"]["properties"]["mapping"]["type"] == "array"
    assert "text/csv" in check["encoding"]["mapping"]["contentType"]
    annotate = description["paths"]["/api/annotate"]["post"]
    assert sorted(annotate["responses"]) == ["200", "400", "401", "408", "413", "415", "422",
                                             "503"]
    assert list(annotate["responses"]["200"]["content"]) == [DOCX]
    body = annotate["requestBody"]["content"]["multipart/form-data"]
    assert body["schema"]["required"] == ["file"]
    assert body["schema"]["properties"]["file"]["format"] == "binary"
    assert {"mapping", "criteria", "fail_on", "select", "ignore", "severity",
            "shared_title"} <= set(body["schema"]["properties"])


# -- in a real browser -------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                    reason="needs Chromium at /usr/bin/chromium")
def test_a_grid_chosen_on_the_page_and_the_annotated_copy_downloaded(
    bare_docx: bytes, grid_xlsx: bytes, tmp_path: Path,
) -> None:
    from playwright import sync_api
    from test_web_browser import CHROMIUM, CHROMIUM_FLAGS, LAPTOP
    from test_web_support import live_server

    (tmp_path / "spec.docx").write_bytes(bare_docx)
    (tmp_path / "grid.xlsx").write_bytes(grid_xlsx)
    with live_server() as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_context(viewport=LAPTOP, accept_downloads=True).new_page()
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(url + "/")
            page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
                [tmp_path / "spec.docx"])
            page.get_by_label("Mapping grids for every specification (optional)") \
                .set_input_files([tmp_path / "grid.xlsx"])
            page.get_by_role("button", name="Check").click()
            page.wait_for_selector("#results")
            row = page.locator("table.files tbody tr").nth(0)
            assert row.locator("td").nth(0).inner_text() == \
                "spec.docx\nwith the mapping grid grid.xlsx"
            assert row.locator("td").nth(1).inner_text() == "✖ NOT CONFORMANT"
            with page.expect_download() as download:
                row.locator(".downloads a", has_text="Annotated copy").click()
            assert download.value.suggested_filename == "spec.annotated.docx"
            saved = tmp_path / "annotated.docx"
            download.value.save_as(saved)
            comments = comment_texts(saved.read_bytes())
            assert comments[0].startswith("criteria-checker: does not conform — 1 error")
            assert problems == []
        finally:
            browser.close()
