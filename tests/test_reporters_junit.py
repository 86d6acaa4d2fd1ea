"""JUnit XML as a CI system reads it, checked with a real JUnit reader (junitparser).

Protects: a test suite per file inside one <testsuites>, a test case per rule
(classname = the file, name = rule id and name), failure when the rule found
something at or above the report's fail level (with every message and its
location), skipped when it found only lower severities, passed otherwise.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
JUNIT = REPORTER_BY_NAME["junit"]


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def read(reports: list[Report]) -> list[TestSuite]:
    return list(JUnitXml.fromstring(JUNIT.render(reports).encode("utf-8")))


def outcome(case: TestCase) -> str:
    if case.is_passed:
        return "passed"
    (result,) = case.result
    return {Failure: "failure", Skipped: "skipped"}[type(result)]


def test_one_suite_per_file_in_order() -> None:
    reports = [load("conformant"), load("docx-not-conformant"), load("xml-not-conformant")]
    suites = read(reports)
    assert [s.name for s in suites] == [
        "conformant-spec.docx", "submissions/acme-l5-diploma.docx", "acme-l5-diploma.xml"]
    assert [(s.tests, s.failures, s.skipped, s.errors) for s in suites] == [
        (13, 0, 0, 0), (13, 7, 4, 0), (13, 3, 3, 0)]
    document = JUnitXml.fromstring(JUNIT.render(reports).encode())
    assert (document.tests, document.failures, document.skipped) == (39, 10, 7)


def test_one_case_per_rule_named_by_id_and_name() -> None:
    report = load("xml-not-conformant")
    (suite,) = read([report])
    assert [(c.classname, c.name) for c in suite] == [
        ("acme-l5-diploma.xml", f"{r.id} {r.name}") for r in report.rules]


def test_outcome_per_rule_follows_the_fail_level() -> None:
    (suite,) = read([load("xml-not-conformant")])
    assert {c.name.split()[0]: outcome(c) for c in suite if not c.is_passed} == {
        "COV001": "failure", "COV002": "failure", "UNT002": "failure",
        "RAT002": "skipped", "RAT003": "skipped", "ASM001": "skipped",
    }


def test_failure_carries_every_message_with_its_location() -> None:
    (_, suite) = read([load("conformant"), load("docx-not-conformant")])
    case = next(c for c in suite if c.name == "COV001 content-covered")
    (failure,) = case.result
    assert failure.type == "error"
    assert failure.message == "LMAC5C/MC/B is not covered by any mandatory unit (and 1 more)"
    assert failure.text == (
        "error: submissions/acme-l5-diploma.docx: LMAC5C/MC/B is not covered by any mandatory "
        "unit\nerror: submissions/acme-l5-diploma.docx: LMAC5H/PW is not covered by any "
        "mandatory unit")


def test_skipped_says_why_and_keeps_the_messages() -> None:
    (suite,) = read([load("xml-not-conformant")])
    case = next(c for c in suite if c.name == "RAT002 units-carry-credit")
    (skipped,) = case.result
    assert skipped.message == ("below the fail level (error): Unit A/650/2120 has no credit "
                               "value (and 1 more)")
    assert skipped.text == ("warning: acme-l5-diploma.xml:1266: Unit A/650/2120 has no credit "
                            "value\nwarning: acme-l5-diploma.xml:1330: Unit R/650/2121 has no "
                            "credit value")


def test_failing_on_warnings_turns_warnings_into_failures() -> None:
    report = replace(load("xml-not-conformant"), **{"fail_on": "warning"})
    (suite,) = read([report])
    outcomes = {c.name.split()[0]: outcome(c) for c in suite if not c.is_passed}
    assert outcomes["RAT002"] == "failure" and outcomes["RAT003"] == "skipped"
    case = next(c for c in suite if c.name.startswith("RAT002"))
    assert case.result[0].type == "warning"


def test_a_finding_of_an_undescribed_rule_still_gets_a_case() -> None:
    report = replace(load("conformant"), **{"passed": False, "findings": [
        Finding(rule_id="ZZZ999", severity="error", message="odd",
                location=SourceLocation(file="conformant-spec.docx")),
    ]})
    (suite,) = read([report])
    case = list(suite)[-1]
    assert (case.name, outcome(case)) == ("ZZZ999", "failure")
    assert suite.tests == len(report.rules) + 1


def test_suite_properties_record_the_verdict() -> None:
    out = JUNIT.render([load("docx-not-conformant")])
    assert '<property name="verdict" value="not conformant" />' in out
    assert '<property name="findings" value="8 errors, 3 warnings, 1 info" />' in out


def test_text_xml_cannot_carry_is_replaced_and_markup_is_escaped() -> None:
    report = replace(load("conformant"), **{"passed": False, "findings": [
        Finding(rule_id="HRS001", severity="error", message="a\x00b\x1b <c> & ]]> \ufffe",
                location=SourceLocation(file="conformant-spec.docx", line=3)),
    ]})
    (suite,) = read([report])
    case = next(c for c in suite if c.name.startswith("HRS001"))
    assert case.result[0].message == "a\ufffdb\ufffd <c> & ]]> \ufffd"
