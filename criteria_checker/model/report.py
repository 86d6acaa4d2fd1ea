"""The conformance report: what the engine found, for every reporter to render.

Reporters are pure functions of a :class:`Report`; nothing in it depends on
the output format, the clock or the machine, so the same input gives the
same bytes in every format.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.model.spec import SourceLocation

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
CoverageLevel = Literal["mandatory", "optional"]

#: Version of the JSON report schema (docs/report-json.md); bump on breaking changes.
REPORT_SCHEMA = "criteria-checker/report/1"



@dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
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


_DIGITS = regex(r"(\d+)")


def _natural(text: str) -> tuple[str | int, ...]:
    # "/w:tbl[2]" must sort before "/w:tbl[11]". Parts alternate text, number,
    # text, ... so tuples of two paths always compare like with like.
    parts = _DIGITS.split(text)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


@dataclass(frozen=True, kw_only=True, slots=True)
class RuleInfo:
    """What a report says about each rule it ran (for SARIF rules[], JUnit cases, help)."""

    id: str
    name: str
    severity: Severity
    citation: str
    help: str


@dataclass(frozen=True, kw_only=True, slots=True)
class SpecIdentity:
    """The specification a report is about: its file and the facts that name it."""

    file: str
    format: Literal["docx", "xml"]
    awarding_organisation: str | None = None
    title: str | None = None
    qualification_number: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class CriteriaIdentity:
    """The criteria set a report checks against."""

    id: str
    title: str
    version: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Band:
    """An inclusive range of hours."""

    min: int
    max: int


@dataclass(frozen=True, kw_only=True, slots=True)
class HoursBreakdown:
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


@dataclass(frozen=True, kw_only=True, slots=True)
class CoverageUnit:
    """A unit as a column of the coverage matrix."""

    key: str
    title: str
    level: CoverageLevel


@dataclass(frozen=True, kw_only=True, slots=True)
class CoverageRow:
    """One sub-topic or outcome, and the units that cover it (by unit key)."""

    ref: str
    level: Literal["subtopic", "outcome"]
    title: str
    mandatory: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)

    @property
    def status(self) -> Literal["mandatory", "optional-only", "uncovered"]:
        if self.mandatory:
            return "mandatory"
        return "optional-only" if self.optional else "uncovered"


@dataclass(frozen=True, kw_only=True, slots=True)
class CoverageMatrix:
    """Which units cover each sub-topic and outcome of the criteria."""

    units: list[CoverageUnit] = field(default_factory=list)
    rows: list[CoverageRow] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """The outcome of checking one specification: the verdict, findings and what was measured."""

    schema_id: str = REPORT_SCHEMA
    tool_version: str
    spec: SpecIdentity
    criteria: CriteriaIdentity
    fail_on: Severity = "error"
    passed: bool
    findings: list[Finding] = field(default_factory=list)
    rules: list[RuleInfo] = field(default_factory=list)
    hours: HoursBreakdown
    coverage: CoverageMatrix

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
