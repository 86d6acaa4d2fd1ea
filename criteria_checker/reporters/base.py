"""What every reporter is, and the small facts about a Report that several formats share.

A reporter turns finished :class:`~criteria_checker.model.report.Report` objects
into text. It never reads a file, a clock or the environment (the SARIF
reporter's one exception, the working directory, is documented there), so the
same reports always give the same bytes. The text and compact reporters show
paths relative to a folder only when their caller names one (the command line
names the working directory).

This module stays cheap to import: the model is imported for type checking
only, because ``criteria_checker.reporters`` is imported by the command line
before any report exists.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal, Protocol

from criteria_checker.compiled_cache import dataclass, regex

if TYPE_CHECKING:
    from pathlib import Path

    from criteria_checker.model.report import Band, Finding, HoursBreakdown, Report, Severity
    from criteria_checker.model.spec import SourceLocation

#: Severities from the most to the least serious: the order reports group by.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

_PLURAL = {"error": "errors", "warning": "warnings", "info": "info"}

HoursStatus = Literal["within", "below", "above", "outside", "unknown"]


class Reporter(Protocol):
    """One output format. ``render`` is a pure function of the reports it is given."""

    name: str
    extension: str

    def render(self, reports: Sequence[Report], *, color: bool = False) -> str:
        """Render one or more reports (one per checked file) as one document."""
        ...


def at_or_above(severity: str, threshold: str) -> bool:
    """True when a finding of ``severity`` meets the fail level ``threshold``."""
    return _RANK[severity] >= _RANK[threshold]


def severity_counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    """Number of findings per severity, always with all three keys, most serious first."""
    counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def total_counts(reports: Sequence[Report]) -> dict[Severity, int]:
    """Findings per severity over several reports."""
    counts: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for report in reports:
        for severity, number in severity_counts(report.findings).items():
            counts[severity] += number
    return counts


def count_words(counts: dict[Severity, int]) -> list[tuple[Severity, str]]:
    """``[("error", "3 errors"), ("warning", "1 warning"), ("info", "0 info")]``."""
    words = []
    for severity in SEVERITIES:
        number = counts[severity]
        words.append((severity, f"{number} {severity if number == 1 else _PLURAL[severity]}"))
    return words


def counts_phrase(counts: dict[Severity, int]) -> str:
    """``3 errors, 1 warning, 0 info``: every severity, so lines read alike across files."""
    return ", ".join(text for _, text in count_words(counts))


def overall_line(reports: Sequence[Report]) -> str:
    """One line over all files: ``3 files: 1 conformant, 2 not conformant - 5 errors, ...``."""
    failed = sum(1 for r in reports if not r.passed)
    files = "1 file" if len(reports) == 1 else f"{len(reports)} files"
    return (f"{files}: {len(reports) - failed} conformant, {failed} not conformant"
            f" - {counts_phrase(total_counts(reports))}")


_NUMBER = regex(r"(\d+)")


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    # "table 2" before "table 11", and /w:tbl[2] before /w:tbl[11]. Split pieces
    # alternate text, number, text, ...: only the odd ones are numbers.
    return tuple((int(part), "") if index % 2 else (-1, part)
                 for index, part in enumerate(_NUMBER.split(text)))


def location_order(finding: Finding) -> tuple[object, ...]:
    """Document order: file, line, then the Word path or locator with numbers compared as numbers.

    The file name is compared with numbers as numbers too ("spec2" before "spec10").
    """
    loc = finding.location
    return (_natural(loc.file), loc.line or 0, _natural(loc.path or loc.locator or ""),
            finding.sort_key())


def sorted_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings by severity (errors first), then in document order."""
    return sorted(findings, key=lambda f: (-_RANK[f.severity], location_order(f)))


def by_severity(findings: Sequence[Finding]) -> Iterator[tuple[Severity, list[Finding]]]:
    """The severities that have findings, most serious first, each in document order."""
    for severity in SEVERITIES:
        group = sorted((f for f in findings if f.severity == severity), key=location_order)
        if group:
            yield severity, group


def place(location: SourceLocation) -> str:
    """Where in its file a finding is, for reports that already name the file per section.

    ``line 42``, the Word locator, or ``whole document`` when the finding has no finer place.
    """
    if location.line is not None:
        return f"line {location.line}"
    return location.locator or "whole document"


def display_path(file: str, base_dir: Path | None) -> str:
    """``file`` as a person at ``base_dir`` would type it: relative when inside, else absolute.

    ``spec.xml`` and ``/work/specs/spec.xml`` (from ``/work/specs``) both show as
    ``spec.xml``; a file outside ``base_dir`` shows as its absolute path, never
    with ``..``. Paths are normalised as text, with no file system look-ups, so
    the same reports give the same text. With no ``base_dir``, ``file`` as given.
    """
    if base_dir is None:
        return file
    base = os.path.normpath(base_dir)
    absolute = os.path.normpath(PurePath(base) / file)
    try:
        relative = PurePath(absolute).relative_to(base)
    except ValueError:
        return absolute
    return str(relative) if relative.parts else absolute


@dataclass(frozen=True)
class Explanation:
    """Why a rule matters and the clause of the criteria it enforces, for ``--explain``."""

    rule_id: str
    name: str
    help: str
    citation: str


def explanation(report: Report, finding: Finding) -> Explanation:
    """The report's account of the rule behind ``finding`` (the finding's own help if none)."""
    for rule in report.rules:
        if rule.id == finding.rule_id:
            return Explanation(rule.id, rule.name, rule.help or finding.help, rule.citation)
    return Explanation(finding.rule_id, "", finding.help, "")


def ref_suffix(finding: Finding) -> str:
    """`` [LMAC5A/LM/A.1]`` when the finding has a criteria reference its message does not quote."""
    if finding.ref and finding.ref not in finding.message:
        return f" [{finding.ref}]"
    return ""


@dataclass(frozen=True)
class HoursRow:
    """One measure of hours against its band, as every format shows it."""

    label: str
    #: The hours as a low and high value (equal unless a range, e.g. optional hours by pathway).
    low: int | None
    high: int | None
    band: Band | None
    status: HoursStatus

    @property
    def value_text(self) -> str:
        if self.low is None or self.high is None:
            return "not stated"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    @property
    def band_text(self) -> str:
        return f"{self.band.min}-{self.band.max}" if self.band is not None else ""

    @property
    def status_text(self) -> str:
        """A word for the status that does not rely on colour or symbols."""
        return {
            "within": "within band",
            "below": "below band",
            "above": "above band",
            "outside": "partly outside band",
            "unknown": "cannot tell" if self.band is not None else "",
        }[self.status]


def _status(low: int | None, high: int | None, band: Band | None) -> HoursStatus:
    if low is None or high is None or band is None:
        return "unknown"
    if high < band.min:
        return "below"
    if low > band.max:
        return "above"
    if low < band.min or high > band.max:
        return "outside"
    return "within"


def hours_rows(hours: HoursBreakdown) -> list[HoursRow]:
    """TQT, GLH, minimum content and optional content, each with its band and status.

    Optional hours are a range when the rules of combination allow different
    amounts on different pathways; a range is only ``within`` when all of it is.
    """
    def row(label: str, low: int | None, high: int | None, band: Band | None) -> HoursRow:
        return HoursRow(label, low, high, band, _status(low, high, band))

    optional_low = hours.optional_min if hours.optional_min is not None else hours.optional_max
    optional_high = hours.optional_max if hours.optional_max is not None else hours.optional_min
    return [
        row("Total qualification time (TQT)", hours.tqt, hours.tqt, hours.tqt_band),
        row("Guided learning hours (GLH)", hours.glh, hours.glh, None),
        row("Minimum content (mandatory units)", hours.mandatory, hours.mandatory,
            hours.mandatory_band),
        row("Optional content", optional_low, optional_high, hours.optional_band),
    ]


@dataclass(frozen=True)
class CoverageSummary:
    """How many sub-topics (or outcomes) mandatory units cover, and which they miss."""

    level: str
    total: int
    mandatory: int
    optional_only: list[str]
    uncovered: list[str]


def coverage_summaries(report: Report) -> list[CoverageSummary]:
    """One summary for the sub-topic rows and one for the outcome rows of the matrix."""
    summaries = []
    for level in ("subtopic", "outcome"):
        rows = [r for r in report.coverage.rows if r.level == level]
        summaries.append(CoverageSummary(
            level=level,
            total=len(rows),
            mandatory=sum(1 for r in rows if r.status == "mandatory"),
            optional_only=[r.ref for r in rows if r.status == "optional-only"],
            uncovered=[r.ref for r in rows if r.status == "uncovered"],
        ))
    return summaries


_LINE_BREAKS = regex(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")
# C0 and C1 controls (line breaks and tabs are spaces by then), and the
# bidirectional overrides that make a terminal show text in a misleading order.
_CONTROL = regex(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, keep_lines: bool = False) -> str:
    """Text with control characters shown as ``\\x1b``-style escapes, on one line.

    Messages quote what a document says; a hostile document must not be able
    to send terminal escape sequences or break a line-oriented format. With
    ``keep_lines``, line breaks survive as ``\\n`` (for formats that show paragraphs).
    """
    if keep_lines:
        text = "\n".join(_LINE_BREAKS.sub(" ", line) for line in text.splitlines())
    else:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub(_escape_control, text)


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# Characters XML 1.0 cannot carry at all, even as character references.
_NOT_XML = regex("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


_SURROGATE = regex("[\ud800-\udfff]")


def utf8_safe(text: str) -> str:
    """Text that encodes as UTF-8: lone surrogates (from undecodable file names) become U+FFFD.

    Every reporter passes its whole output through this, so writing a report
    can never fail on encoding.
    """
    return _SURROGATE.sub("\ufffd", text)

