"""What the comments say: the verdict on the title, and the findings where they apply.

One comment per place: the findings anchored on the same paragraph, row or
table share it, grouped by rule, each rule's help given once after its
findings. Word's margin then shows one balloon per place instead of a stack
of balloons repeating the same help, and balloons stay beside their anchors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.annotate.comments_part import CommentBody, Run

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding, Report


def verdict_phrase(report: Report) -> str:
    """``does not conform — 3 errors, 1 warning, 0 info``."""
    from criteria_checker.reporters.base import counts_phrase, severity_counts

    verdict = "conforms" if report.passed else "does not conform"
    return f"{verdict} — {counts_phrase(severity_counts(report.findings))}"


def verdict_line(report: Report) -> str:
    """``criteria-checker: does not conform — 3 errors, 1 warning, 0 info``."""
    return f"criteria-checker: {verdict_phrase(report)}"


def summary_comment(report: Report, *, whole_document: bool) -> CommentBody:
    """The first comment, on the title: the verdict, the criteria, where the findings are."""
    criteria = report.criteria
    paragraphs: list[list[Run]] = [
        [Run(verdict_line(report), bold=True)],
        [Run(f"Checked against {criteria.title} ({criteria.version}).")],
    ]
    if report.findings:
        where = "Each finding is a comment on the part of the document it concerns"
        if whole_document:
            where += "; findings about the whole document are in the next comment"
        paragraphs.append([Run(where + ".")])
    return paragraphs


def findings_comment(findings: Sequence[Finding], *, file: str | None = None) -> CommentBody:
    """The findings of one place, grouped by rule, each rule's help once after its findings.

    With ``file`` (the comment on the whole document), a finding that names
    a place the comments could not be anchored on says where it is.
    """
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    paragraphs: list[list[Run]] = []
    for rule_findings in by_rule.values():
        for finding in rule_findings:
            message = _one_line(finding.message) + _where(finding, file)
            paragraphs.append([Run(f"{finding.rule_id} {finding.severity}", bold=True),
                               Run(f": {message}")])
        paragraphs.extend([Run(text, italic=True)] for text in _paragraphs(rule_findings[0].help))
    return paragraphs


def _where(finding: Finding, file: str | None) -> str:
    if file is None:
        return ""
    location = finding.location
    if location.file != file:  # a mapping grid beside the document
        place = f"line {location.line}" if location.line is not None else location.locator
        return f" (in {location.file}{f', {_one_line(place)}' if place else ''})"
    if location.locator:
        return f" ({_one_line(location.locator)})"
    return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    """Help text as paragraphs: blank lines part them, single line breaks do not."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [_one_line(block) for block in blocks if block.strip()]
