"""The report as JSON for other tools: documented in docs/report-json.md.

The document is ``{"schema": "criteria-checker/report/1", "summary": {...},
"reports": [...]}`` with one entry per checked file. Keys come in a fixed
order and every key is always present (``null`` when the specification does
not say), so consumers and diffs see the same shape every time. The JSON
Schema ships in the package (:func:`report_schema`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from criteria_checker.case.ids import node_id
from criteria_checker.refs import is_canonical
from criteria_checker.reporters.base import (
    coverage_summaries,
    hours_rows,
    severity_counts,
    sorted_findings,
    total_counts,
    utf8_safe,
)

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding, Report

#: The ``schema`` value of every document this module writes.
SCHEMA_ID = "criteria-checker/report/1"
#: File name of the JSON Schema in the package's ``schemas`` folder.
SCHEMA_FILE = "report-1.schema.json"


class JsonReporter:
    name = "json"
    extension = ".json"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """One JSON document for all the reports; ``color`` is ignored."""
        text = json.dumps(report_document(reports), indent=2, ensure_ascii=False)
        return utf8_safe(text) + "\n"


def report_document(reports: Sequence[Report]) -> dict[str, Any]:
    """The JSON document as Python data, before serialisation."""
    failed = sum(1 for r in reports if not r.passed)
    return {
        "schema": SCHEMA_ID,
        "summary": {
            "files": len(reports),
            "conformant": len(reports) - failed,
            "not_conformant": failed,
            "passed": failed == 0,
            "counts": total_counts(reports),
        },
        "reports": [_report(report) for report in reports],
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every document of this version satisfies."""
    # criteria_checker/schemas is a data folder, not a package: reach it from the package.
    folder = resources.files("criteria_checker").joinpath("schemas")
    text = folder.joinpath(SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _report(report: Report) -> dict[str, Any]:
    hours = report.hours
    tqt, _glh, mandatory, optional = hours_rows(hours)
    return {
        "file": report.spec.file,
        "verdict": "conformant" if report.passed else "not conformant",
        "passed": report.passed,
        "fail_on": report.fail_on,
        "counts": severity_counts(report.findings),
        "tool_version": report.tool_version,
        "specification": {
            "file": report.spec.file,
            "format": report.spec.format,
            "awarding_organisation": report.spec.awarding_organisation,
            "title": report.spec.title,
            "qualification_number": report.spec.qualification_number,
        },
        "criteria": {
            "id": report.criteria.id,
            "title": report.criteria.title,
            "version": report.criteria.version,
        },
        "hours": {
            "tqt": hours.tqt,
            "glh": hours.glh,
            "mandatory": hours.mandatory,
            "optional_min": hours.optional_min,
            "optional_max": hours.optional_max,
            "tqt_band": {"min": hours.tqt_band.min, "max": hours.tqt_band.max},
            "mandatory_band": {"min": hours.mandatory_band.min, "max": hours.mandatory_band.max},
            "optional_band": {"min": hours.optional_band.min, "max": hours.optional_band.max},
            "status": {
                "tqt": tqt.status,
                "mandatory": mandatory.status,
                "optional": optional.status,
            },
        },
        "findings": [_finding(f, report.criteria.id) for f in sorted_findings(report.findings)],
        "rules": [
            {"id": r.id, "name": r.name, "severity": r.severity, "citation": r.citation,
             "help": r.help}
            for r in report.rules
        ],
        "coverage": {
            "summary": {
                s.level: {
                    "total": s.total,
                    "mandatory": s.mandatory,
                    "optional_only": s.optional_only,
                    "uncovered": s.uncovered,
                }
                for s in coverage_summaries(report)
            },
            "units": [{"key": u.key, "title": u.title, "level": u.level}
                      for u in report.coverage.units],
            "rows": [
                {"ref": row.ref, "level": row.level, "title": row.title, "status": row.status,
                 "mandatory": list(row.mandatory), "optional": list(row.optional)}
                for row in report.coverage.rows
            ],
        },
    }


def _finding(finding: Finding, criteria_id: str) -> dict[str, Any]:
    loc = finding.location
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "ref": finding.ref,
        "case_id": case_id(criteria_id, finding.ref),
        "location": {
            "file": loc.file,
            "line": loc.line,
            "locator": loc.locator,
            "path": loc.path,
            "text": str(loc),
        },
        "help": finding.help,
    }


def case_id(criteria_id: str, ref: str | None) -> str | None:
    """The CASE identifier of a finding's reference in the criteria set's CASE export.

    None when the finding has no reference or one not in canonical form; the
    engine sets references only to nodes of the criteria set.
    """
    if ref is None or not is_canonical(ref):
        return None
    return node_id(criteria_id, ref)


REPORTER = JsonReporter()
