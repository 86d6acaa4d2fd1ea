"""One line per finding, ``FILE:LOCATION: SEVERITY: RULE message``: for hooks, editors and grep.

LOCATION is the XML line, or the Word locator an author can find in the
document; a finding about the whole document has none (``FILE: SEVERITY:
RULE message``). SEVERITY is ``error``, ``warning`` or ``info``: the word and
its colon where compilers put them (``spec.xml:42: error: ...``), so that
editors and CI problem matchers that read compiler output tell a blocking
error from a note. Findings appear in document order, file by file; a file
with no findings prints nothing, so a clean pre-commit run is silent. With
``base_dir``, file names are shown relative to it when the file is inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.reporters.base import (
    display_path,
    location_order,
    ref_suffix,
    utf8_safe,
    visible,
)

if TYPE_CHECKING:
    from pathlib import Path

    from criteria_checker.model.report import Finding, Report


class CompactReporter:
    name = "compact"
    extension = ".txt"

    def __init__(self, *, base_dir: Path | None = None) -> None:
        #: Folder that file names are shown relative to; as given when None.
        self.base_dir = base_dir

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """Every finding of every report, one line each; ``color`` is ignored."""
        lines = []
        for report in reports:
            for finding in sorted(report.findings, key=location_order):
                lines.append(self._line(finding))
        return utf8_safe("".join(f"{line}\n" for line in lines))

    def _line(self, finding: Finding) -> str:
        loc = finding.location
        file = visible(display_path(loc.file, self.base_dir))
        where = str(loc.line) if loc.line is not None else (loc.locator or "")
        head = f"{file}:{visible(where)}:" if where else f"{file}:"
        text = visible(finding.message + ref_suffix(finding))
        return f"{head} {finding.severity}: {finding.rule_id} {text}"


REPORTER = CompactReporter()
