"""Plain text for a terminal or a pre-commit hook: what fails and where, file by file.

For each file with findings: the file name, then its findings grouped by
severity (errors first), each as ``LOCATION: RULE message`` where LOCATION is
what an author can find in the document (``spec.xml:42``, or
``spec.docx (unit H/650/2114, table 7, row 3)``). Every file ends with one
summary line; several files end with one overall line. A conformant file
with no findings prints its summary line only.

Two variants, for ``check --explain`` and ``check --quiet``: with ``explain``,
the first finding of each rule in a file is followed by the rule's help and
the citation of the criteria clause it enforces; with ``verdicts_only``, each
file is its summary line alone. With ``base_dir``, file names are shown
relative to it when the file is inside it (see :func:`display_path`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from criteria_checker.reporters.base import (
    by_severity,
    count_words,
    display_path,
    explanation,
    overall_line,
    ref_suffix,
    severity_counts,
    utf8_safe,
    visible,
)

if TYPE_CHECKING:
    from pathlib import Path

    from criteria_checker.model.report import Finding, Report

_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}

#: Explanations are wrapped to this width (as ``rules explain`` wraps them).
EXPLAIN_WIDTH = 88
_EXPLAIN_INDENT = " " * 6
_EXPLAIN_LABELS = ("help", "citation")

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

    def __init__(self, *, explain: bool = False, verdicts_only: bool = False,
                 base_dir: Path | None = None) -> None:
        #: Follow the first finding of each rule in a file with the rule's help and citation.
        self.explain = explain
        #: Print each file's summary line and nothing else (``check --quiet``).
        self.verdicts_only = verdicts_only
        #: Folder that file names are shown relative to; as given when None.
        self.base_dir = base_dir

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """Findings grouped by file and severity, a summary line per file, one overall line."""
        paint = _Paint(color)
        if self.verdicts_only:
            return utf8_safe("".join(self._summary(report, paint) + "\n" for report in reports))
        sections = [self._section(report, paint) for report in reports]
        if len(reports) != 1:
            sections.append(paint("fail" if any(not r.passed for r in reports) else "pass",
                                  overall_line(reports)) + "\n")
        return utf8_safe("\n".join(sections))

    def _section(self, report: Report, paint: _Paint) -> str:
        lines = []
        explained: set[str] = set()
        if report.findings:
            lines.append(paint("file", visible(self._file(report.spec.file))))
            for severity, findings in by_severity(report.findings):
                lines.append(f"  {paint(severity, f'{_HEADINGS[severity]} ({len(findings)})')}")
                for finding in findings:
                    where = visible(str(replace(finding.location,
                                                file=self._file(finding.location.file))))
                    text = visible(finding.message + ref_suffix(finding))
                    lines.append(f"    {where}: {paint('rule', finding.rule_id)} {text}")
                    if self.explain and finding.rule_id not in explained:
                        explained.add(finding.rule_id)
                        lines += _explanation_lines(report, finding, paint)
        lines.append(self._summary(report, paint))
        return "\n".join(lines) + "\n"

    def _summary(self, report: Report, paint: _Paint) -> str:
        counts = severity_counts(report.findings)
        verdict = "CONFORMANT" if report.passed else "NOT CONFORMANT"
        phrase = ", ".join(paint(severity, text) if counts[severity] else text
                           for severity, text in count_words(counts))
        return (f"{visible(self._file(report.spec.file))}: "
                f"{paint('pass' if report.passed else 'fail', verdict)} - {phrase}")

    def _file(self, file: str) -> str:
        return display_path(file, self.base_dir)


def _explanation_lines(report: Report, finding: Finding, paint: _Paint) -> list[str]:
    """``help:`` and ``citation:`` under a finding, each wrapped with a hanging indent."""
    about = explanation(report, finding)
    width = max(len(label) for label in _EXPLAIN_LABELS) + 2  # "citation: "
    lines = []
    for label, text in zip(_EXPLAIN_LABELS, (about.help, about.citation), strict=True):
        words = " ".join(visible(text).split())
        if not words:
            continue
        wrapped = textwrap.wrap(words, EXPLAIN_WIDTH - len(_EXPLAIN_INDENT) - width,
                                break_long_words=False, break_on_hyphens=False)
        head = f"{label}:"
        lines.append(f"{_EXPLAIN_INDENT}{paint('rule', head)}{' ' * (width - len(head))}"
                     f"{wrapped[0]}")
        lines += [f"{_EXPLAIN_INDENT}{' ' * width}{rest}" for rest in wrapped[1:]]
    return lines


class _Paint:
    """Wraps text in an ANSI style, or leaves it alone when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if self.color else text


REPORTER = TextReporter()
