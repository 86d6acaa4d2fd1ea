"""Plain text for a terminal or a pre-commit hook: what fails and where, file by file.

For each file with findings: the file name, then its findings grouped by
severity (errors first), each as ``LOCATION: RULE message`` where LOCATION is
what an author can find in the document (``spec.xml:42``, or
``spec.docx (unit H/650/2114, table 7, row 3)``). Every file ends with one
summary line; several files end with one overall line. A conformant file
with no findings prints its summary line only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.reporters.base import (
    by_severity,
    count_words,
    overall_line,
    ref_suffix,
    severity_counts,
    utf8_safe,
    visible,
)

if TYPE_CHECKING:
    from criteria_checker.model.report import Report

_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}

# ANSI SGR codes, used only when the caller asks for colour.
_RESET = "\x1b[0m"
_STYLE = {
    "file": "\x1b[1m",
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;36m",
    "rule": "\x1b[2m",
    "pass": "\x1b[1;32m",
    "fail": "\x1b[1;31m",
}


class TextReporter:
    name = "text"
    extension = ".txt"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """Findings grouped by file and severity, a summary line per file, one overall line."""
        paint = _Paint(color)
        sections = [_section(report, paint) for report in reports]
        if len(reports) != 1:
            sections.append(paint("fail" if any(not r.passed for r in reports) else "pass",
                                  overall_line(reports)) + "\n")
        return utf8_safe("\n".join(sections))


def _section(report: Report, paint: _Paint) -> str:
    lines = []
    if report.findings:
        lines.append(paint("file", visible(report.spec.file)))
        for severity, findings in by_severity(report.findings):
            lines.append(f"  {paint(severity, f'{_HEADINGS[severity]} ({len(findings)})')}")
            for finding in findings:
                where = visible(str(finding.location))
                text = visible(finding.message + ref_suffix(finding))
                lines.append(f"    {where}: {paint('rule', finding.rule_id)} {text}")
    lines.append(_summary(report, paint))
    return "\n".join(lines) + "\n"


def _summary(report: Report, paint: _Paint) -> str:
    counts = severity_counts(report.findings)
    verdict = "CONFORMANT" if report.passed else "NOT CONFORMANT"
    phrase = ", ".join(paint(severity, text) if counts[severity] else text
                       for severity, text in count_words(counts))
    return (f"{visible(report.spec.file)}: {paint('pass' if report.passed else 'fail', verdict)}"
            f" - {phrase}")


class _Paint:
    """Wraps text in an ANSI style, or leaves it alone when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if self.color else text


REPORTER = TextReporter()
