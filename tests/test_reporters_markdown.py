"""The Markdown report as pasted into a review: verdict, hours, findings, coverage.

Protects the sections and their exact rows, and that document text stays
literal: a title cannot add a table cell, a link, emphasis or raw HTML.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.reporters.markdown import md

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
MARKDOWN = REPORTER_BY_NAME["markdown"]


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def cells(row: str) -> list[str]:
    """The cells of a table row, splitting only on unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_verdict_and_facts_open_the_section() -> None:
    lines = MARKDOWN.render([load("docx-not-conformant")]).splitlines()
    assert lines[:9] == [
        "## submissions/acme-l5-diploma.docx",
        "",
        "**❌ NOT CONFORMANT**: 8 errors, 3 warnings, 1 info (fails on error or worse)",
        "",
        "- Qualification: Acme Awards Level 5 Diploma in Leading and Managing an Adult Care "
        "Service (RQF)",
        "- Qualification number: 610/1880/7",
        "- Awarding organisation: Acme Awards",
        "- Criteria: Qualification criteria: Level 5 Diploma in Leading and Managing an Adult "
        "Care Service (May 2021), `sfc-l5-lmac-2021-05`",
        "",
    ]


def test_hours_table_shows_values_bands_and_status_in_words() -> None:
    out = MARKDOWN.render([load("docx-not-conformant")])
    table = out.split("### Hours\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [cells(row) for row in table[2:]] == [
        ["Total qualification time (TQT)", "880", "900-950", "❌ below band"],
        ["Guided learning hours (GLH)", "610", "", ""],
        ["Minimum content (mandatory units)", "820", "750-800", "❌ above band"],
        ["Optional content", "60-90", "100-200", "❌ below band"],
    ]
    xml = MARKDOWN.render([load("xml-not-conformant")])
    assert "| Optional content | not stated | 100-200 | ❔ cannot tell |" in xml


def test_findings_table_has_a_row_per_finding_errors_first() -> None:
    report = load("docx-not-conformant")
    out = MARKDOWN.render([report])
    rows = [line for line in out.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(report.findings)
    assert cells(rows[0]) == ["❌ error", "`COV001`", "whole document", "LMAC5C/MC/B",
                              "LMAC5C/MC/B is not covered by any mandatory unit"]
    assert cells(rows[-1])[0] == "ℹ️ info"
    assert cells(rows[5])[2] == "unit H/650/2101, table 7, row 3"


def test_xml_findings_give_the_line() -> None:
    out = MARKDOWN.render([load("xml-not-conformant")])
    assert "| ⚠️ warning | `RAT002` | line 1266 |  | Unit A/650/2120 has no credit value |" in out


def test_no_findings_says_so() -> None:
    out = MARKDOWN.render([load("conformant")])
    assert "### Findings\n\nNo findings.\n" in out


def test_coverage_names_what_mandatory_units_miss() -> None:
    out = MARKDOWN.render([load("docx-not-conformant")])
    assert out.split("### Coverage\n\n", 1)[1] == (
        "24 units: 19 mandatory, 5 optional.\n"
        "\n"
        "- 19 of 21 sub-topics covered by mandatory units\n"
        "  - covered by optional units only: LMAC5D/CI\n"
        "  - not covered: LMAC5H/PW\n"
        "- 55 of 64 outcomes covered by mandatory units\n"
        "  - covered by optional units only: LMAC5D/CI/A, LMAC5D/CI/B, LMAC5D/CI/C, LMAC5D/CI/D\n"
        "  - not covered: LMAC5C/MC/B, LMAC5H/PW/A, LMAC5H/PW/B, LMAC5H/PW/C, LMAC5H/PW/D\n"
    )


def test_several_files_end_with_an_overall_line() -> None:
    reports = [load("conformant"), load("xml-not-conformant")]
    out = MARKDOWN.render(reports)
    assert out.count("\n## ") + out.startswith("## ") == 2
    assert out.endswith("\n**Overall:** 2 files: 1 conformant, 1 not conformant - "
                        "3 errors, 3 warnings, 1 info\n")
    assert "**Overall:**" not in MARKDOWN.render(reports[:1])


def test_document_text_stays_literal() -> None:
    hostile = "A | B <script>x</script> *bold* [link](http://e.test) `code` &amp; ~~s~~\nnext"
    report = replace(load("conformant"), **{"passed": False, "findings": [
        Finding(rule_id="TTL001", severity="error", message=hostile,
                location=SourceLocation(file="spec.docx", locator="table | 1")),
    ]})
    out = MARKDOWN.render([report])
    row = next(line for line in out.splitlines() if "`TTL001`" in line)
    assert len(cells(row)) == 5
    assert cells(row)[4] == (r"A \| B \<script\>x\</script\> \*bold\* \[link\](http://e.test) "
                             r"\`code\` &amp;amp; \~\~s\~\~ next")
    assert "<script>" not in out


def test_md_escapes_only_what_markdown_reads() -> None:
    assert md("Unit 3 (H/650/2114) - 5.1 #2 + 40%") == "Unit 3 (H/650/2114) - 5.1 #2 + 40%"
    assert md("snake_case") == r"snake\_case"
    assert md("City & Guilds") == "City & Guilds"
