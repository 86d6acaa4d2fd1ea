"""The conformance report: what the engine found, for every reporter to render.

Reporters are pure functions of a :class:`Report`; nothing in it depends on
the output format, the clock or the machine, so the same input gives the
same bytes in every format.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from criteria_checker.model.spec import SourceLocation

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
CoverageLevel = Literal["mandatory", "optional"]

#: Version of the JSON report schema (docs/report-json.md); bump on breaking changes.
REPORT_SCHEMA = "criteria-checker/report/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Finding(_Frozen):
    """One problem, complete and immutable: what, where, which rule, how to fix it."""

    rule_id: str
    severity: Severity
    message: str
    location: SourceLocation
    ref: str | None = None
    help: str = ""

    def sort_key(self) -> tuple[str, int, tuple[str | int, ...], int, str, str, str]:
        """Document order: file, line, then the DOCX path with numbers compared as numbers."""
        loc = self.location
        return (loc.file, loc.line or 0, _natural(loc.path or loc.locator or ""),
                _family_rank(self.rule_id), self.rule_id, self.ref or "", self.message)


#: Rule families whose findings come first among findings at the same place: every other
#: finding rests on what the reader could read, so "no mappings were found" must be seen
#: before the coverage errors it explains.
_LEADING_FAMILIES = ("RDR",)


def _family_rank(rule_id: str) -> int:
    return 0 if rule_id.startswith(_LEADING_FAMILIES) else 1


def _natural(text: str) -> tuple[str | int, ...]:
    # "/w:tbl[2]" must sort before "/w:tbl[11]". Parts alternate text, number,
    # text, ... so tuples of two paths always compare like with like.
    parts = re.split(r"(\d+)", text)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


class RuleInfo(_Frozen):
    """What a report says about each rule it ran (for SARIF rules[], JUnit cases, help)."""

    id: str
    name: str
    severity: Severity
    citation: str
    help: str


class SpecIdentity(_Frozen):
    file: str
    format: Literal["docx", "xml"]
    awarding_organisation: str | None = None
    title: str | None = None
    qualification_number: str | None = None


class CriteriaIdentity(_Frozen):
    id: str
    title: str
    version: str


class Band(_Frozen):
    min: int
    max: int


class HoursBreakdown(_Frozen):
    """Hours as stated and as derived from the rules of combination, against the bands.

    ``None`` means the specification does not state enough to tell.
    """

    tqt: int | None
    glh: int | None
    mandatory: int | None
    optional_min: int | None
    optional_max: int | None
    tqt_band: Band
    mandatory_band: Band
    optional_band: Band


class CoverageUnit(_Frozen):
    key: str
    title: str
    level: CoverageLevel


class CoverageRow(_Frozen):
    """One sub-topic or outcome, and the units that cover it (by unit key)."""

    ref: str
    level: Literal["subtopic", "outcome"]
    title: str
    mandatory: list[str] = []
    optional: list[str] = []

    @property
    def status(self) -> Literal["mandatory", "optional-only", "uncovered"]:
        if self.mandatory:
            return "mandatory"
        return "optional-only" if self.optional else "uncovered"


class CoverageMatrix(_Frozen):
    units: list[CoverageUnit] = []
    rows: list[CoverageRow] = []


class Report(_Frozen):
    schema_id: str = REPORT_SCHEMA
    tool_version: str
    spec: SpecIdentity
    criteria: CriteriaIdentity
    fail_on: Severity = "error"
    passed: bool
    findings: list[Finding] = []
    rules: list[RuleInfo] = []
    hours: HoursBreakdown
    coverage: CoverageMatrix

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
