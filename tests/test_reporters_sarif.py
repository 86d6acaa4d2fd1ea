"""SARIF 2.1.0 as code-scanning tools read it.

Protects: validity against the OASIS schema (tests/data/sarif-schema-2.1.0.json),
rule descriptors built from RuleInfo, results pointing at the right rule and
artifact, lines for XML and logical locations for DOCX, fingerprints that keep
a finding's identity across runs (moved lines, another checkout folder) and
change when the finding does, artifact URIs relative to the working folder, and
the criteria nodes results name as taxa whose guids are their CASE identifiers.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from criteria_checker.case.export import export_case
from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.reporters.sarif import FINGERPRINT_KEY, SarifReporter, fingerprint

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
FIXTURE_NAMES = ["conformant", "docx-not-conformant", "xml-not-conformant"]
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
BASE = Path("/work/checkout")


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def render(reports: list[Report], base: Path = BASE) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(SarifReporter(base_dir=base).render(reports))
    return log


def run_of(*names: str) -> dict[str, Any]:
    run: dict[str, Any] = render([load(n) for n in names])["runs"][0]
    return run


@pytest.mark.parametrize("names", [[n] for n in FIXTURE_NAMES] + [FIXTURE_NAMES])
def test_log_is_valid_sarif_2_1_0(names: list[str]) -> None:
    log = render([load(n) for n in names])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_registry_entry_renders_against_the_working_directory() -> None:
    log = json.loads(REPORTER_BY_NAME["sarif"].render([load("xml-not-conformant")]))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "acme-l5-diploma.xml"


def test_rules_come_from_rule_info() -> None:
    report = load("docx-not-conformant")
    rules = run_of("docx-not-conformant")["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.id for r in report.rules)
    hrs = next(r for r in rules if r["id"] == "HRS001")
    info = next(r for r in report.rules if r.id == "HRS001")
    assert hrs == {
        "id": "HRS001",
        "name": "tqt-in-band",
        "shortDescription": {"text": "tqt-in-band"},
        "fullDescription": {"text": info.citation},
        "help": {"text": f"{info.help}\n\nSource: {info.citation}"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"citation": info.citation},
    }
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert (levels["RAT002"], levels["RAT003"]) == ("warning", "note")


def test_every_result_points_at_its_rule_and_artifact() -> None:
    run = run_of(*FIXTURE_NAMES)
    rules, artifacts = run["tool"]["driver"]["rules"], run["artifacts"]
    assert len(run["results"]) == 19
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifacts[location["index"]]["location"]["uri"] == location["uri"]
    assert [a["location"]["uri"] for a in artifacts] == [
        "conformant-spec.docx", "submissions/acme-l5-diploma.docx", "acme-l5-diploma.xml"]
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_xml_results_give_the_line() -> None:
    results = run_of("xml-not-conformant")["results"]
    unit = next(r for r in results if r["ruleId"] == "UNT002")
    assert unit["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "acme-l5-diploma.xml", "uriBaseId": "%SRCROOT%",
                             "index": 0},
        "region": {"startLine": 812},
    }}]
    assert unit["message"]["text"].startswith("Unit T/650/2108 'Safeguarding & protection")


def test_docx_results_give_a_logical_location() -> None:
    results = run_of("docx-not-conformant")["results"]
    cov = next(r for r in results if r["ruleId"] == "COV003")
    assert cov["locations"] == [{
        "physicalLocation": {"artifactLocation": {
            "uri": "submissions/acme-l5-diploma.docx", "uriBaseId": "%SRCROOT%", "index": 0}},
        "logicalLocations": [{"name": "unit H/650/2101, table 7, row 3",
                              "fullyQualifiedName": "/w:body/w:tbl[7]/w:tr[3]",
                              "kind": "element"}],
    }]
    assert cov["properties"] == {"criteriaRef": "LMAC5A/LM/C.1"}


def _finding(**changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "rule_id": "COV003", "severity": "error", "ref": "LMAC5A/LM/C.1",
        "message": "Unit H/650/2101 maps to 'LMAC5A/LM/C.1', which is not in the criteria",
        "location": {"file": "specs/a.docx", "locator": "unit H/650/2101, table 7, row 3",
                     "path": "/w:body/w:tbl[7]/w:tr[3]"},
    }
    fields.update(changes)
    return validate(Finding, fields)


def test_fingerprint_survives_moved_lines_and_another_folder() -> None:
    xml = {"file": "a.xml", "line": 40}
    assert fingerprint(_finding(location=xml)) == fingerprint(
        _finding(location={"file": "/elsewhere/a.xml", "line": 52}))
    assert fingerprint(_finding()) == fingerprint(
        _finding(location={"file": "other/dir/a.docx", "locator": "unit H/650/2101, table 7, "
                           "row 3", "path": "/w:body/w:tbl[7]/w:tr[3]"}))
    assert fingerprint(_finding(severity="warning")) == fingerprint(_finding())


@pytest.mark.parametrize("changes", [
    {"rule_id": "COV004"},
    {"ref": "LMAC5A/LM/C.2"},
    {"message": "Unit H/650/2101 maps to 'LMAC5A/LM/C.2', which is not in the criteria"},
    {"location": {"file": "specs/b.docx", "locator": "unit H/650/2101, table 7, row 3",
                  "path": "/w:body/w:tbl[7]/w:tr[3]"}},
    {"location": {"file": "specs/a.docx", "locator": "unit H/650/2101, table 8, row 3",
                  "path": "/w:body/w:tbl[8]/w:tr[3]"}},
])
def test_fingerprint_changes_with_the_finding(changes: dict[str, Any]) -> None:
    assert fingerprint(_finding(**changes)) != fingerprint(_finding())


def test_fingerprints_of_the_fixtures_are_unique_and_stable() -> None:
    results = run_of(*FIXTURE_NAMES)["results"]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]
    assert len(set(prints)) == len(prints)
    # Pinned recipe: a change here re-opens every finding in code-scanning tools.
    tqt = next(r for r in results if r["ruleId"] == "HRS001")
    parts = ["HRS001", "acme-l5-diploma.docx", "", "/w:body/w:tbl[1]/w:tr[6]",
             "key facts, table 1, row 6", "TQT 880 hours is outside the required 900-950"]
    expected = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    assert tqt["partialFingerprints"][FINGERPRINT_KEY] == expected


@pytest.mark.parametrize(("file", "location"), [
    ("spec.xml", {"uri": "spec.xml", "uriBaseId": "%SRCROOT%"}),
    ("./in/../specs/my spec.docx", {"uri": "specs/my%20spec.docx", "uriBaseId": "%SRCROOT%"}),
    ("/work/checkout/specs/a.xml", {"uri": "specs/a.xml", "uriBaseId": "%SRCROOT%"}),
    ("/tmp/a.xml", {"uri": "file:///tmp/a.xml"}),
    ("../sibling/a.xml", {"uri": "file:///work/sibling/a.xml"}),
])
def test_artifact_uris_are_relative_to_the_working_folder_when_inside_it(
        file: str, location: dict[str, str]) -> None:
    report = load("xml-not-conformant")
    report = replace(report, **{
        "spec": replace(report.spec, **{"file": file}),
        "findings": [replace(f, location=replace(f.location, file=file))
                     for f in report.findings],
    })
    run = render([report])["runs"][0]
    assert run["artifacts"] == [{"location": location, "mimeType": "application/xml"}]
    jsonschema.Draft4Validator(SCHEMA).validate(render([report]))


def test_a_finding_of_an_undescribed_rule_gets_a_bare_rule() -> None:
    report = replace(load("conformant"), **{"findings": [
        Finding(rule_id="ZZZ999", severity="info", message="odd",
                location=SourceLocation(file="conformant-spec.docx")),
    ]})
    log = render([report])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][-1] == {"id": "ZZZ999"}
    assert run["results"][0]["ruleIndex"] == len(run["tool"]["driver"]["rules"]) - 1


def test_run_records_each_files_verdict_and_no_time() -> None:
    run = run_of(*FIXTURE_NAMES)
    assert [p["verdict"] for p in run["properties"]["reports"]] == [
        "conformant", "not conformant", "not conformant"]
    assert "invocations" not in run
    text = json.dumps(run)
    assert "TimeUtc" not in text and not re.search(r"\d{4}-\d{2}-\d{2}T", text)


def test_criteria_nodes_are_taxa_with_their_case_identifiers() -> None:
    run = run_of(*FIXTURE_NAMES)
    criteria = load_criteria(find_criteria("sfc-l5-lmac-2021-05"))
    package = export_case(criteria)
    exported = {item["humanCodingScheme"]: item["identifier"] for item in package["CFItems"]}
    (taxonomy,) = run["taxonomies"]
    assert {k: v for k, v in taxonomy.items() if k not in ("taxa", "shortDescription")} == {
        "name": "sfc-l5-lmac-2021-05",
        "guid": package["CFDocument"]["identifier"],
        "fullName": criteria.provenance.title,
        "version": "May 2021",
        "isComprehensive": False,
    }
    assert run["tool"]["driver"]["supportedTaxonomies"] == [
        {"name": "sfc-l5-lmac-2021-05", "index": 0, "guid": package["CFDocument"]["identifier"]}]
    refs = [taxon["id"] for taxon in taxonomy["taxa"]]
    named = {r["properties"]["criteriaRef"] for r in run["results"] if "properties" in r}
    assert set(refs) == named
    order = [node.ref for node in criteria.nodes()]
    known = [ref for ref in refs if ref in exported]
    assert known == sorted(known, key=order.index)
    for taxon in taxonomy["taxa"]:
        if taxon["id"] in exported:
            assert taxon["guid"] == exported[taxon["id"]]
    for result in run["results"]:
        if "properties" not in result:
            assert "taxa" not in result
            continue
        (reference,) = result["taxa"]
        taxon = taxonomy["taxa"][reference["index"]]
        assert reference == {"id": taxon["id"], "index": reference["index"],
                             "guid": taxon["guid"],
                             "toolComponent": {"name": "sfc-l5-lmac-2021-05", "index": 0,
                                               "guid": taxonomy["guid"]}}
        assert taxon["id"] == result["properties"]["criteriaRef"]


def test_no_taxonomy_when_no_result_names_a_node() -> None:
    run = run_of("conformant")
    assert "taxonomies" not in run and "supportedTaxonomies" not in run["tool"]["driver"]
