"""One line per finding, ``FILE:LOCATION: RULE message``: for hooks, editors and grep.

LOCATION is the XML line, or the Word locator an author can find in the
document; a finding about the whole document has none (``FILE: RULE
message``). Findings appear in document order, file by file; a file with no
findings prints nothing, so a clean pre-commit run is silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.reporters.base import location_order, ref_suffix, utf8_safe, visible

if TYPE_CHECKING:
    from criteria_checker.model.report import Finding, Report


class CompactReporter:
    name = "compact"
    extension = ".txt"

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        lines = []
        for report in reports:
            for finding in sorted(report.findings, key=location_order):
                lines.append(_line(finding))
        return utf8_safe("".join(f"{line}\n" for line in lines))


def _line(finding: Finding) -> str:
    loc = finding.location
    where = str(loc.line) if loc.line is not None else (loc.locator or "")
    head = f"{visible(loc.file)}:{visible(where)}:" if where else f"{visible(loc.file)}:"
    return f"{head} {finding.rule_id} {visible(finding.message)}{ref_suffix(finding)}"


REPORTER = CompactReporter()
