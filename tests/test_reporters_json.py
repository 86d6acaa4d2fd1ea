"""The JSON report as other tools read it: versioned, valid against its schema, stable.

Protects the documented shape (docs/report-json.md and the JSON Schema shipped
in the package), the key order, and that the document says the same as the
Report it came from: verdicts, counts, findings (with the CASE identifier of
their criteria reference), hours and coverage.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from criteria_checker.case.export import export_case
from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.report import REPORT_SCHEMA, Report
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.reporters.json import SCHEMA_ID, report_schema

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
FIXTURE_NAMES = ["conformant", "docx-not-conformant", "xml-not-conformant"]
JSON = REPORTER_BY_NAME["json"]


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def render(*names: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(JSON.render([load(n) for n in names]))
    return document


def test_the_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package() -> None:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"] == {"const": SCHEMA_ID}
    assert SCHEMA_ID == REPORT_SCHEMA
    packaged = ROOT / "criteria_checker" / "schemas" / "report-1.schema.json"
    assert json.loads(packaged.read_text("utf-8")) == schema


@pytest.mark.parametrize("names", [[n] for n in FIXTURE_NAMES] + [FIXTURE_NAMES])
def test_output_validates_against_the_schema(names: list[str]) -> None:
    jsonschema.Draft202012Validator(report_schema()).validate(render(*names))


def test_the_schema_rejects_what_the_format_forbids() -> None:
    """The schema is strict enough to catch drift: an unknown key or a bad verdict fails."""
    validator = jsonschema.Draft202012Validator(report_schema())
    document = render("xml-not-conformant")
    document["reports"][0]["extra"] = 1
    assert not validator.is_valid(document)
    document = render("xml-not-conformant")
    document["reports"][0]["verdict"] = "maybe"
    assert not validator.is_valid(document)


def test_key_order_is_fixed() -> None:
    document = render("docx-not-conformant")
    assert list(document) == ["schema", "summary", "reports"]
    report = document["reports"][0]
    assert list(report) == ["file", "verdict", "passed", "fail_on", "counts", "tool_version",
                            "specification", "criteria", "hours", "findings", "rules",
                            "coverage"]
    assert list(report["findings"][0]) == ["rule_id", "severity", "message", "ref", "case_id",
                                           "location", "help"]
    assert list(report["findings"][0]["location"]) == ["file", "line", "locator", "path", "text"]
    assert list(report["counts"]) == ["error", "warning", "info"]


def test_summary_totals_all_files() -> None:
    assert render(*FIXTURE_NAMES)["summary"] == {
        "files": 3, "conformant": 1, "not_conformant": 2, "passed": False,
        "counts": {"error": 11, "warning": 6, "info": 2},
    }
    assert render("conformant")["summary"]["passed"] is True


def test_findings_say_what_the_report_says_errors_first() -> None:
    source = load("docx-not-conformant")
    findings = render("docx-not-conformant")["reports"][0]["findings"]
    assert sorted((f["rule_id"], f["message"]) for f in findings) == sorted(
        (f.rule_id, f.message) for f in source.findings)
    severities = [f["severity"] for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    tqt = next(f for f in findings if f["rule_id"] == "HRS001")
    assert tqt["location"] == {
        "file": "submissions/acme-l5-diploma.docx", "line": None,
        "locator": "key facts, table 1, row 6", "path": "/w:body/w:tbl[1]/w:tr[6]",
        "text": "submissions/acme-l5-diploma.docx (key facts, table 1, row 6)",
    }


def test_xml_locations_carry_the_line() -> None:
    findings = render("xml-not-conformant")["reports"][0]["findings"]
    unit = next(f for f in findings if f["rule_id"] == "UNT002")
    assert unit["location"]["line"] == 812
    assert unit["location"]["text"] == "acme-l5-diploma.xml:812"


@pytest.mark.parametrize(("name", "status"), [
    ("conformant", {"tqt": "within", "mandatory": "within", "optional": "within"}),
    ("docx-not-conformant", {"tqt": "below", "mandatory": "above", "optional": "below"}),
    ("xml-not-conformant", {"tqt": "within", "mandatory": "within", "optional": "unknown"}),
])
def test_hours_status_against_the_bands(name: str, status: dict[str, str]) -> None:
    assert render(name)["reports"][0]["hours"]["status"] == status


def test_optional_hours_partly_outside_the_band() -> None:
    report = load("conformant")
    hours = replace(report.hours, **{"optional_min": 80, "optional_max": 150})
    document = json.loads(JSON.render([replace(report, **{"hours": hours})]))
    assert document["reports"][0]["hours"]["status"]["optional"] == "outside"


def test_coverage_summary_and_rows() -> None:
    coverage = render("docx-not-conformant")["reports"][0]["coverage"]
    assert coverage["summary"]["subtopic"] == {
        "total": 21, "mandatory": 19, "optional_only": ["LMAC5D/CI"], "uncovered": ["LMAC5H/PW"],
    }
    assert coverage["summary"]["outcome"]["total"] == 64
    assert len(coverage["units"]) == 24
    row = next(r for r in coverage["rows"] if r["ref"] == "LMAC5D/CI")
    assert row == {"ref": "LMAC5D/CI", "level": "subtopic", "title": "Continuous improvement",
                   "status": "optional-only", "mandatory": [], "optional": ["A/650/2120"]}


def test_text_is_written_as_is_not_escaped_to_ascii() -> None:
    out = JSON.render([load("xml-not-conformant")])
    assert "'Safeguarding & protection <draft>'" in out
    assert out.endswith("}\n")


def test_docs_describe_every_key_of_the_schema() -> None:
    docs = (ROOT / "docs" / "report-json.md").read_text("utf-8")
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(report_schema())
    missing = sorted(k for k in keys if not re.search(rf"`[^`]*\b{re.escape(k)}\b[^`]*`", docs))
    assert missing == []


def test_findings_name_the_case_identifier_of_their_reference() -> None:
    """case_id is the UUID the CASE export gives the node; null when there is no reference."""
    findings = render(*FIXTURE_NAMES)["reports"][1]["findings"]
    criteria = load_criteria(find_criteria("sfc-l5-lmac-2021-05"))
    exported = {item["humanCodingScheme"]: item["identifier"]
                for item in export_case(criteria)["CFItems"]}
    with_ref = [f for f in findings if f["ref"] is not None]
    assert with_ref and any(f["ref"] is None for f in findings)
    for finding in findings:
        if finding["ref"] is None:
            assert finding["case_id"] is None
        else:
            assert uuid.UUID(finding["case_id"]).version == 5
            if finding["ref"] in exported:
                assert finding["case_id"] == exported[finding["ref"]]
    gap = next(f for f in with_ref if f["ref"] == "LMAC5H/PW")
    assert gap["case_id"] == exported["LMAC5H/PW"] == "80a115fe-96c8-56dd-9c6a-708aa03df8e9"


def test_a_reference_not_in_canonical_form_has_no_case_identifier() -> None:
    report = load("docx-not-conformant")
    odd = replace(report.findings[0], ref="lmac5a lm a1")
    document = json.loads(JSON.render([replace(report, findings=[odd])]))
    assert document["reports"][0]["findings"][0]["case_id"] is None
    jsonschema.Draft202012Validator(report_schema()).validate(document)
