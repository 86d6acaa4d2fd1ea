"""The HTTP API, through the framework's test client: every route and every refusal.

Protects: the API answers the same report as the command line, a file that
cannot be read is a 422 naming it in the command line's own words (never a
500), options are validated with clear sentences, and the OpenAPI description
documents what the routes really answer.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_support import (
    HOSTILE,
    conformant_docx,
    conformant_xml,
    not_conformant_docx,
)

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.engine.api import check_file, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.data import to_data
from criteria_checker.readers import read_spec
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.web.app import create_app
from criteria_checker.web.settings import WebSettings
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.template import build_template
from criteria_checker.writers.xml_writer import write_xml_spec

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(workers=2)), base_url="http://127.0.0.1") as client:
        yield client


def upload(*files: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (name, data)) for name, data in files]


def cli_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes,
             options: CheckOptions | None = None) -> str:
    """What `criteria-checker check NAME --format json` prints, run in the file's folder."""
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return REPORTER_BY_NAME["json"].render([check_file(name, options)])


def test_healthz(client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "version": "0.1.0"}


# -- POST /api/check ------------------------------------------------------------

def test_check_answers_what_the_command_line_prints(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = client.post("/api/check", files=upload(("conformant.docx", conformant_docx())))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.text == cli_json(tmp_path, monkeypatch, "conformant.docx", conformant_docx())
    report = answer.json()["reports"][0]
    assert (report["file"], report["verdict"]) == ("conformant.docx", "conformant")


def test_check_of_a_not_conformant_file(client: TestClient) -> None:
    answer = client.post("/api/check", files=upload(("template.docx", not_conformant_docx())))
    assert answer.status_code == 200
    document = answer.json()
    assert document["summary"] == {"files": 1, "conformant": 0, "not_conformant": 1,
                                   "passed": False,
                                   "counts": {"error": 24, "warning": 0, "info": 1}}
    findings = document["reports"][0]["findings"]
    assert {f["rule_id"] for f in findings} == {"UNT001", "QAN003"}
    first = next(f for f in findings if f["rule_id"] == "UNT001")
    assert first["message"] == "Unit 501 has no unit reference number"
    assert first["help"].startswith("Give every unit its unit reference number (URN)")


def test_several_files_keep_their_order(client: TestClient) -> None:
    answer = client.post("/api/check", files=upload(("b.docx", not_conformant_docx()),
                                                    ("a.xml", conformant_xml())))
    assert answer.status_code == 200
    document = answer.json()
    assert [r["file"] for r in document["reports"]] == ["b.docx", "a.xml"]
    assert [r["verdict"] for r in document["reports"]] == ["not conformant", "conformant"]
    assert document["summary"]["files"] == 2


def test_check_as_sarif(client: TestClient) -> None:
    answer = client.post("/api/check?format=sarif",
                         files=upload(("template.docx", not_conformant_docx())))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/sarif+json"
    log = answer.json()
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["artifacts"][0]["location"] == {"uri": "template.docx",
                                                          "uriBaseId": "%SRCROOT%"}
    assert len(log["runs"][0]["results"]) == 25


def test_check_as_html(client: TestClient) -> None:
    answer = client.post("/api/check?format=html",
                         files=upload(("conformant.docx", conformant_docx())))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.text.startswith("<!DOCTYPE html>")
    assert answer.headers["content-security-policy"] in answer.text
    assert "conformant.docx <span class=\"verdict pass\">✔ CONFORMANT</span>" in answer.text


def test_check_with_options(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = {"fail_on": "warning", "shared_title": "Level 5 Diploma in Adult Care",
            "ignore": "UNT001", "severity": ["QAN003=error"]}
    answer = client.post("/api/check", data=data,
                         files=upload(("template.docx", not_conformant_docx())))
    assert answer.status_code == 200
    options = CheckOptions(fail_on="warning", shared_title="Level 5 Diploma in Adult Care",
                           ignore=("UNT001",), severity=(("QAN003", "error"),),
                           criteria=str(find_criteria(None)))
    assert answer.text == cli_json(tmp_path, monkeypatch, "template.docx",
                                   not_conformant_docx(), options)
    report = answer.json()["reports"][0]
    assert report["fail_on"] == "warning"
    assert {(f["rule_id"], f["severity"]) for f in report["findings"]} >= {("QAN003", "error")}
    assert "UNT001" not in {f["rule_id"] for f in report["findings"]}


def test_select_runs_only_the_named_rules(client: TestClient) -> None:
    answer = client.post("/api/check", data={"select": "qualification-number-stated"},
                         files=upload(("template.docx", not_conformant_docx())))
    assert answer.status_code == 200
    assert [f["rule_id"] for f in answer.json()["reports"][0]["findings"]] == ["QAN003"]


@pytest.mark.parametrize(("data", "query", "detail"), [
    ({"fail_on": "never"}, "", "fail_on: 'never' is not one of error, warning, info"),
    ({"criteria": "sfc-l9"}, "",
     "criteria: no bundled criteria set 'sfc-l9'; choose one of sfc-l5-lmac-2021-05"),
    ({"criteria": "/etc/passwd"}, "",
     "criteria: no bundled criteria set '/etc/passwd'; choose one of sfc-l5-lmac-2021-05"),
    ({"select": "HRS999"}, "",
     "select: no rule 'HRS999' (run 'criteria-checker rules list')"),
    ({"severity": "HRS001=fatal"}, "",
     "severity 'HRS001=fatal': level 'fatal' is not one of error, warning, info"),
    ({}, "?format=pdf", "query parameter 'format': Input should be 'json', 'sarif' or 'html'"),
])
def test_bad_options_are_422_sentences(
    client: TestClient, data: dict[str, str], query: str, detail: str,
) -> None:
    answer = client.post(f"/api/check{query}", data=data,
                         files=upload(("template.docx", not_conformant_docx())))
    assert answer.status_code == 422
    assert answer.json() == {"detail": detail, "errors": []}


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_and_broken_files_are_422_with_the_readers_words(
    client: TestClient, name: str, make: Any, message: str,
) -> None:
    answer = client.post("/api/check", files=upload((name, make())))
    assert answer.status_code == 422
    assert answer.json() == {"detail": f"1 file could not be read: {message}",
                             "errors": [{"file": name, "message": message}]}


def test_one_bad_file_among_good_ones_is_named(client: TestClient) -> None:
    answer = client.post("/api/check", files=upload(("good.docx", conformant_docx()),
                                                    ("scan.pdf", b"%PDF-1.7\n"),
                                                    ("empty.xml", b"")))
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"file": "scan.pdf", "message": "scan.pdf: is a PDF file, not a Word .docx document; "
                                        "submit the Word document"},
        {"file": "empty.xml", "message": "empty.xml: is empty (0 bytes)"},
    ]
    assert answer.json()["detail"].startswith("2 files could not be read: scan.pdf: is a PDF")


@pytest.mark.parametrize(("headers", "body", "status", "detail"), [
    ({"content-type": "application/json"}, b"{}", 415,
     "send the request as multipart/form-data with the files in the field 'file'"),
    ({"content-type": "multipart/form-data"}, b"", 400,
     "the upload is not valid multipart/form-data: no boundary"),
    ({"content-type": "multipart/form-data; boundary=xyz"}, b"--xyz\r\nContent-Disp", 400,
     "the upload ended before its last part (incomplete multipart/form-data)"),
    ({"content-type": "multipart/form-data; boundary=xyz"}, b"garbage", 400,
     "the upload is not valid multipart/form-data"),
    ({"content-type": "multipart/form-data; boundary=xyz"},
     b'--xyz\r\nContent-Disposition: form-data; filename="a.docx"\r\n\r\nx\r\n--xyz--\r\n', 400,
     "the upload is not valid multipart/form-data: a part has no field name"),
    ({"content-type": "multipart/form-data; boundary=xyz"},
     b'--xyz\r\nContent-Disposition: form-data; name="spec"; filename="a.docx"\r\n\r\nx\r\n'
     b"--xyz--\r\n", 422,
     "unexpected file in the field 'spec'; send the specifications in the field 'file' and "
     "mapping grids in the field 'mapping'"),
    ({"content-type": "multipart/form-data; boundary=xyz"}, b"--xyz--\r\n", 422,
     "no file: send one or more specifications (DOCX or XML) in the field 'file'"),
])
def test_malformed_uploads(
    client: TestClient, headers: dict[str, str], body: bytes, status: int, detail: str,
) -> None:
    answer = client.post("/api/check", headers=headers, content=body)
    assert answer.status_code == status
    assert answer.json() == {"detail": detail, "errors": []}


# -- POST /api/convert ------------------------------------------------------------

def test_convert_answers_the_specification_as_xml(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = client.post("/api/convert", files=upload(("Spec é.docx", conformant_docx())))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/xml"
    assert answer.headers["content-disposition"] == \
        "attachment; filename=\"Spec _.xml\"; filename*=UTF-8''Spec%20%C3%A9.xml"
    (tmp_path / "Spec é.docx").write_bytes(conformant_docx())
    monkeypatch.chdir(tmp_path)
    assert answer.content == write_xml_spec(read_spec(Path("Spec é.docx")))


def test_convert_takes_one_readable_file(client: TestClient) -> None:
    two = client.post("/api/convert", files=upload(("a.docx", conformant_docx()),
                                                   ("b.docx", conformant_docx())))
    assert (two.status_code, two.json()["detail"]) == (422, "too many files: send 1 at a time")
    bad = client.post("/api/convert", files=upload(("a.docx", b"plain text")))
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"file": "a.docx", "message": "a.docx: is neither a Word "
                                     ".docx document, a web page nor a specification XML "
                                     "file"}]


# -- GET /api/template --------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "media_type"), [("docx", DOCX), ("xml", "application/xml")])
def test_template_is_the_command_lines_template(
    client: TestClient, fmt: str, media_type: str,
) -> None:
    answer = client.get(f"/api/template?format={fmt}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media_type
    assert answer.headers["content-disposition"].startswith(
        f'attachment; filename="sfc-l5-lmac-2021-05-template.{fmt}"')
    spec = build_template(load_criteria(find_criteria(None)))
    assert answer.content == (write_docx_spec(spec) if fmt == "docx" else write_xml_spec(spec))


def test_template_refusals(client: TestClient) -> None:
    answer = client.get("/api/template?format=pdf")
    assert answer.status_code == 422
    assert answer.json()["detail"] == "query parameter 'format': Input should be 'docx' or 'xml'"
    answer = client.get("/api/template?criteria=nope")
    assert answer.status_code == 422
    assert answer.json()["detail"] == ("criteria: no bundled criteria set 'nope'; choose one "
                                       "of sfc-l5-lmac-2021-05")


# -- criteria and rules ---------------------------------------------------------------

def test_criteria_list(client: TestClient) -> None:
    answer = client.get("/api/criteria")
    assert answer.status_code == 200
    listing = answer.json()
    assert listing["counts"] == {"topics": 8, "subtopics": 21, "outcomes": 64, "items": 287}
    assert listing["criteria"]["id"] == "sfc-l5-lmac-2021-05"
    assert [s["id"] for s in listing["available"]] == ["sfc-l5-lmac-2021-05"]
    assert listing["available"][0]["default"] is True
    first = listing["topics"][0]["subtopics"][0]
    assert (first["ref"], first["title"]) == ("LMAC5A/LM", "Leadership and Management")


@pytest.mark.parametrize("spelling", ["LMAC5C/SG/A.6", "lmac5c/sg a6", "LMAC5C/SG-A.6",
                                      "LMAC5C SG A.6"])
def test_criteria_node_in_any_spelling(client: TestClient, spelling: str) -> None:
    answer = client.get(f"/api/criteria/{spelling}")
    assert answer.status_code == 200
    node = answer.json()
    assert (node["ref"], node["level"], node["parent"]) == ("LMAC5C/SG/A.6", "item",
                                                           "LMAC5C/SG/A")
    assert node["text"] == ("own role in leading a response to suspected or disclosed abuse or "
                            "neglect")
    assert node["rendered"].startswith("LMAC5C  Responsibilities\nLMAC5C/SG  Safeguarding")
    assert "Guidance notes:" in node["rendered"]
    assert node["content"]["number"] == 6
    assert node["children"] == []


def test_criteria_node_children(client: TestClient) -> None:
    node = client.get("/api/criteria/LMAC5A").json()
    assert node["level"] == "topic"
    assert node["children"] == ["LMAC5A/LM", "LMAC5A/GR", "LMAC5A/DM", "LMAC5A/BR"]


@pytest.mark.parametrize(("ref", "status", "detail"), [
    ("LMAC5Z", 404, "LMAC5Z is not in criteria set sfc-l5-lmac-2021-05: its topics are LMAC5A, "
                    "LMAC5B, LMAC5C, LMAC5D, LMAC5E, LMAC5F, LMAC5G, LMAC5H"),
    ("LMAC5C/SG/A.99", 404, "LMAC5C/SG/A.99 is not in criteria set sfc-l5-lmac-2021-05: "
                            "LMAC5C/SG/A has items 1, 2, 3, 4, 5, 6, 7, 8, 9"),
    ("not a ref", 422, "'not a ref' is not a criteria reference (e.g. LMAC5A, LMAC5A/LM, "
                       "LMAC5A/LM/A or LMAC5A/LM/A.1)"),
])
def test_criteria_node_refusals(client: TestClient, ref: str, status: int, detail: str) -> None:
    answer = client.get(f"/api/criteria/{ref}")
    assert answer.status_code == status
    assert answer.json() == {"detail": detail, "errors": []}


def test_rules_are_the_rules_that_run(client: TestClient) -> None:
    answer = client.get("/api/rules")
    assert answer.status_code == 200
    rules = answer.json()["rules"]
    loaded = list(rules_for(CheckOptions()))
    assert [r["id"] for r in rules] == [r.id for r in loaded]
    hrs001 = next(r for r in rules if r["id"] == "HRS001")
    rule = next(r for r in loaded if r.id == "HRS001")
    assert hrs001 == {"id": "HRS001", "name": rule.name, "severity": rule.severity,
                      "check": rule.check.name, "params": to_data(rule.params),
                      "requirement": rule.requirement, "citation": rule.citation,
                      "message": rule.message, "help": rule.help}
    assert not any(os.sep in json.dumps(r) and "/rules/" in json.dumps(r) for r in rules)


# -- the description and the rest --------------------------------------------------------

def test_openapi_documents_every_route(client: TestClient) -> None:
    description = client.get("/openapi.json").json()
    assert description["openapi"].startswith("3.1")
    assert sorted(description["paths"]) == ["/api/annotate", "/api/check", "/api/config",
                                            "/api/convert", "/api/criteria",
                                            "/api/criteria/{ref}", "/api/rules",
                                            "/api/template", "/healthz"]
    check = description["paths"]["/api/check"]["post"]
    body = check["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["required"] == ["file"]
    assert body["properties"]["criteria"]["enum"] == ["sfc-l5-lmac-2021-05"]
    assert sorted(check["responses"]) == ["200", "400", "401", "408", "413", "415", "422", "503"]
    assert "HTTPValidationError" not in description["components"]["schemas"]


def test_the_documented_report_schema_accepts_real_reports(client: TestClient) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    description = client.get("/openapi.json").json()
    report = client.post("/api/check", files=upload(("t.docx", not_conformant_docx()))).json()
    schema = {"$ref": "#/components/schemas/ReportDocument",
              "components": description["components"]}
    jsonschema.Draft202012Validator(schema).validate(report)
    report["summary"]["files"] = "one"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(report)


@pytest.mark.parametrize(("method", "path", "status", "detail"), [
    ("GET", "/api/nothing", 404, "Not Found"),
    ("GET", "/api/check", 405, "Method Not Allowed"),
    ("GET", "/docs", 404, "Not Found"),
])
def test_unknown_routes_answer_json(
    client: TestClient, method: str, path: str, status: int, detail: str,
) -> None:
    answer = client.request(method, path)
    assert answer.status_code == status
    assert answer.json() == {"detail": detail, "errors": []}
