"""The text report as an author reads it in a terminal or a pre-commit hook.

Protects the exact lines: findings grouped by file then severity, locations an
author can find (``spec.xml:42``, ``spec.docx (unit ..., table 7, row 3)``),
one summary line per file, one overall line for several files, colour only
when asked, and document text that cannot inject escape sequences or lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.reporters.text import TextReporter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
TEXT = REPORTER_BY_NAME["text"]


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def with_findings(findings: list[Finding], *, passed: bool = False) -> Report:
    return replace(load("conformant"), **{"findings": findings, "passed": passed})


def finding(severity: str = "error", message: str = "m", rule_id: str = "HRS001",
            ref: str | None = None, **location: object) -> Finding:
    return validate(Finding, {
        "rule_id": rule_id, "severity": severity, "message": message, "ref": ref,
        "location": {"file": "spec.docx", **location},
    })


def test_xml_report_exact_lines() -> None:
    assert TEXT.render([load("xml-not-conformant")]) == """\
acme-l5-diploma.xml
  Errors (3)
    acme-l5-diploma.xml: COV001 LMAC5F/HW/B is not covered by any mandatory unit
    acme-l5-diploma.xml:812: UNT002 Unit T/650/2108 'Safeguarding & protection <draft>': \
assessment criteria go 2.1, 2.3; 2.2 is missing
    acme-l5-diploma.xml:977: COV002 LMAC5E/HI/B is covered only by optional units (H/650/2123)
  Warnings (3)
    acme-l5-diploma.xml:1204: ASM001 Skills outcome LMAC5G/HS/B is mapped to unit T/650/2119, \
whose assessment methods do not include workplace evidence
    acme-l5-diploma.xml:1266: RAT002 Unit A/650/2120 has no credit value
    acme-l5-diploma.xml:1330: RAT002 Unit R/650/2121 has no credit value
  Info (1)
    acme-l5-diploma.xml:14: RAT003 The specification supersedes 'Level 5 Diploma in Leadership \
and Management for Adult Care (England)' but gives no withdrawal plan
acme-l5-diploma.xml: NOT CONFORMANT - 3 errors, 3 warnings, 1 info
"""


def test_docx_locations_name_the_place_in_word() -> None:
    lines = TEXT.render([load("docx-not-conformant")]).splitlines()
    assert ("    submissions/acme-l5-diploma.docx (unit H/650/2101, table 7, row 3): COV003 Unit "
            "H/650/2101 maps to 'LMAC5A/LM/C.1', which is not in the criteria") in lines
    assert lines[-1] == ("submissions/acme-l5-diploma.docx: NOT CONFORMANT - "
                         "8 errors, 3 warnings, 1 info")


def test_a_conformant_file_prints_its_summary_line_only() -> None:
    assert TEXT.render([load("conformant")]) == (
        "conformant-spec.docx: CONFORMANT - 0 errors, 0 warnings, 0 info\n")


def test_several_files_end_with_one_overall_line() -> None:
    reports = [load("conformant"), load("docx-not-conformant"), load("xml-not-conformant")]
    out = TEXT.render(reports)
    lines = out.splitlines()
    assert lines[-1] == "3 files: 1 conformant, 2 not conformant - 11 errors, 6 warnings, 2 info"
    summaries = [line for line in lines if re.search(r": (NOT )?CONFORMANT - ", line)]
    assert summaries == [
        "conformant-spec.docx: CONFORMANT - 0 errors, 0 warnings, 0 info",
        "submissions/acme-l5-diploma.docx: NOT CONFORMANT - 8 errors, 3 warnings, 1 info",
        "acme-l5-diploma.xml: NOT CONFORMANT - 3 errors, 3 warnings, 1 info",
    ]
    # Sections are the single-file outputs, separated by blank lines.
    singles = [TEXT.render([r]) for r in reports]
    assert out.startswith("\n".join(singles))


@pytest.mark.parametrize(("severities", "phrase"), [
    (["error", "warning", "info"], "1 error, 1 warning, 1 info"),
    (["error", "error", "warning", "warning", "info", "info"], "2 errors, 2 warnings, 2 info"),
    ([], "0 errors, 0 warnings, 0 info"),
])
def test_counts_are_spelled_for_their_number(severities: list[str], phrase: str) -> None:
    report = with_findings([finding(s, message=f"m{i}") for i, s in enumerate(severities)])
    assert TEXT.render([report]).splitlines()[-1] == (
        f"conformant-spec.docx: NOT CONFORMANT - {phrase}")


def test_errors_come_before_warnings_and_info_and_places_in_document_order() -> None:
    report = with_findings([
        finding("info", "i", locator="table 1"),
        finding("warning", "w11", locator="table 11, row 2", path="/w:body/w:tbl[11]/w:tr[2]"),
        finding("warning", "w2", locator="table 2, row 10", path="/w:body/w:tbl[2]/w:tr[10]"),
        finding("error", "e", line=None),
    ])
    assert TEXT.render([report]).splitlines()[1:-1] == [
        "  Errors (1)",
        "    spec.docx: HRS001 e",
        "  Warnings (2)",
        "    spec.docx (table 2, row 10): HRS001 w2",
        "    spec.docx (table 11, row 2): HRS001 w11",
        "  Info (1)",
        "    spec.docx (table 1): HRS001 i",
    ]


def test_a_reference_the_message_does_not_quote_is_appended() -> None:
    report = with_findings([
        finding(message="Unit X skips outcome 3", ref="LMAC5A/LM/A"),
        finding(message="LMAC5B/TL is not covered", ref="LMAC5B/TL"),
    ])
    # Same place and rule: ordered by reference.
    assert TEXT.render([report]).splitlines()[2:4] == [
        "    spec.docx: HRS001 Unit X skips outcome 3 [LMAC5A/LM/A]",
        "    spec.docx: HRS001 LMAC5B/TL is not covered",
    ]


def test_no_colour_unless_asked() -> None:
    reports = [load("docx-not-conformant"), load("conformant")]
    plain = TEXT.render(reports)
    assert "\x1b" not in plain
    coloured = TEXT.render(reports, color=True)
    assert "\x1b[1;31mNOT CONFORMANT\x1b[0m" in coloured
    assert "\x1b[1;32mCONFORMANT\x1b[0m" in coloured
    assert "\x1b[1;33mWarnings (3)\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_document_text_cannot_send_escapes_or_break_lines() -> None:
    report = with_findings([
        finding(message="title \x1b[2J\x1b]0;owned\x07 end\nSecond line\r\u202eevil",
                locator="unit\tA"),
    ])
    lines = TEXT.render([report]).splitlines()
    assert lines[2] == ("    spec.docx (unit A): HRS001 title \\x1b[2J\\x1b]0;owned\\x07 end "
                        "Second line \\u202eevil")
    assert len(lines) == 4


def test_a_finding_location_without_detail_names_the_file() -> None:
    location = SourceLocation(file="dir/spec.xml", line=7)
    report = with_findings([Finding(rule_id="X", severity="error", message="m",
                                    location=location)])
    assert "    dir/spec.xml:7: X m" in TEXT.render([report]).splitlines()


def test_file_names_relative_to_a_folder_when_inside_it() -> None:
    report = with_findings([finding(file="/work/specs/sub/spec.xml", line=7),
                            finding(file="/elsewhere/spec.xml", line=8)])
    report = replace(report, spec=replace(report.spec, file="/work/specs/sub/spec.xml"))
    assert TextReporter(base_dir=Path("/work/specs")).render([report]).splitlines() == [
        "sub/spec.xml",
        "  Errors (2)",
        "    /elsewhere/spec.xml:8: HRS001 m",
        "    sub/spec.xml:7: HRS001 m",
        "sub/spec.xml: NOT CONFORMANT - 2 errors, 0 warnings, 0 info",
    ]
    # Without a folder, as given.
    assert TEXT.render([report]).splitlines()[0] == "/work/specs/sub/spec.xml"


def test_verdicts_only_is_the_summary_lines() -> None:
    reports = [load("conformant"), load("docx-not-conformant")]
    quiet = TextReporter(verdicts_only=True)
    assert quiet.render(reports) == (
        "conformant-spec.docx: CONFORMANT - 0 errors, 0 warnings, 0 info\n"
        "submissions/acme-l5-diploma.docx: NOT CONFORMANT - 8 errors, 3 warnings, 1 info\n")
    assert quiet.render([]) == ""
    assert quiet.render(reports, color=True).splitlines()[1] == (
        "submissions/acme-l5-diploma.docx: \x1b[1;31mNOT CONFORMANT\x1b[0m - "
        "\x1b[1;31m8 errors\x1b[0m, \x1b[1;33m3 warnings\x1b[0m, \x1b[1;36m1 info\x1b[0m")
