"""The specification model: what a submitted qualification specification states.

Readers (DOCX, XML) produce a :class:`QualificationSpec`; the rule engine
trusts it. The model keeps what the document says and derives nothing: hours
stated as credits stay credits, a unit without a level has ``level=None``,
and a rules-of-combination sentence the reader could not interpret is kept
verbatim in ``combination.unread`` for the engine to report. Every element
records where in the file it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Annotated, Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.constraints import MinLen

GroupKind = Literal["mandatory", "optional"]
SourceFormat = Literal["docx", "xml"]



@dataclass(frozen=True, kw_only=True, slots=True)
class SourceLocation:
    """Where an element came from.

    XML elements have a 1-based ``line``; DOCX elements have a human
    ``locator`` an author can find in Word ("unit H/650/2114, table 7, row 3")
    and a machine ``path`` into word/document.xml ("/w:body/w:tbl[7]/w:tr[3]").
    """

    file: str
    line: int | None = None
    locator: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.locator:
            return f"{self.file} ({self.locator})"
        return self.file


@dataclass(frozen=True, kw_only=True, slots=True)
class Mapping:
    """A claim that an element covers a criteria node (and so its whole subtree).

    ``raw`` is the reference as written; ``ref`` its canonical form, or None
    when it is not a reference in any accepted spelling (the engine reports it).
    """

    raw: str
    ref: str | None = None
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class AssessmentCriterion:
    """One assessment criterion: its number, wording and the criteria it is mapped to."""

    number: str
    text: str
    mappings: list[Mapping] = field(default_factory=list)
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class LearningOutcome:
    """One learning outcome: its number, wording, criteria and outcome-level mappings."""

    number: str
    text: str
    criteria: list[AssessmentCriterion] = field(default_factory=list)
    mappings: list[Mapping] = field(default_factory=list)
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Unit:
    """One unit as the specification states it.

    ``reference`` is the regulator's unit reference number (URN, e.g.
    H/650/2114); ``number`` is the awarding organisation's own label ("501",
    "Unit 3"). ``mappings`` are the criteria codes the unit declares as a
    whole (its "Skills for Care reference").
    """

    reference: str | None = None
    number: str | None = None
    title: str
    level: int | None = None
    glh: int | None = None
    tqt: int | None = None
    credit: int | None = None
    group: str | None = None
    aim: str | None = None
    assessment_methods: list[str] = field(default_factory=list)
    mappings: list[Mapping] = field(default_factory=list)
    outcomes: list[LearningOutcome] = field(default_factory=list)
    location: SourceLocation | None = None

    @property
    def key(self) -> str:
        """How findings name the unit: its URN, else its number, else its title."""
        return self.reference or (f"Unit {self.number}" if self.number else self.title)

    def all_mappings(self) -> Iterator[Mapping]:
        """The unit's own mappings and those of its outcomes and criteria."""
        yield from self.mappings
        for outcome in self.outcomes:
            yield from outcome.mappings
            for criterion in outcome.criteria:
                yield from criterion.mappings


@dataclass(frozen=True, kw_only=True, slots=True)
class Group:
    """A group of units: every unit of a mandatory group is taken; optional ones are chosen."""

    id: str
    name: str
    kind: GroupKind
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class CreditRule:
    """A bound on what a learner takes from some groups (all groups when ``groups`` is empty).

    Bounds are in credits or hours as the document states them. ``min_level``
    makes it a level floor: only units at that level or above count.
    ``text`` is the sentence the rule was read from, when it came from prose.
    """

    groups: list[str] = field(default_factory=list)
    min_credits: int | None = None
    max_credits: int | None = None
    min_hours: int | None = None
    max_hours: int | None = None
    min_level: int | None = None
    text: str | None = None
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Pathway:
    """A named route: a learner follows one pathway and must meet its rules too."""

    id: str
    name: str
    rules: list[CreditRule] = field(default_factory=list)
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class BarredCombination:
    """Units of which at most one may count towards the qualification."""

    units: Annotated[list[str], MinLen(2)]
    text: str | None = None
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class UnreadStatement:
    """A rules-of-combination sentence the reader could not interpret; never guessed."""

    text: str
    reason: str
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class RulesOfCombination:
    """How units combine: credit rules, pathways, barred pairs and what could not be read."""

    rules: list[CreditRule] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    barred: list[BarredCombination] = field(default_factory=list)
    unread: list[UnreadStatement] = field(default_factory=list)


NoteKind = Literal["not-understood", "unknown-target"]

#: Where the readers look for mappings, for the messages that say none was found.
WHERE_MAPPINGS_ARE_LOOKED_FOR = (
    "unit key facts, outcome and criteria grid columns, sentences of unit aims, "
    "and mapping grids or tick matrices naming the units")


@dataclass(frozen=True, kw_only=True, slots=True)
class ReadingNote:
    """Something in the document the reader saw but could not place, kept instead of guessed at.

    ``not-understood``: a table or paragraph that looks like part of the
    specification (it holds criteria references, outcome numbers, ...) but
    whose shape or columns the reader does not know. ``unknown-target``: a
    mapping grid row naming a unit, outcome or criterion the specification
    does not have.
    """

    kind: NoteKind
    message: str
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Supersession:
    """A qualification this one replaces, and the plan to withdraw it."""

    title: str
    qualification_number: str | None = None
    withdrawal_plan: str | None = None
    location: SourceLocation | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class QualificationSpec:
    """Everything the rule engine needs from one submitted specification."""

    file: str
    format: SourceFormat
    awarding_organisation: str | None = None
    title: str | None = None
    qualification_number: str | None = None
    level: int | None = None
    tqt: int | None = None
    glh: int | None = None
    credits: int | None = None
    criteria_set: str | None = None
    #: Other key facts as printed (sector subject area, age range, ...).
    facts: dict[str, str] = field(default_factory=dict)
    #: Where each key fact above was read, by field name.
    fact_locations: dict[str, SourceLocation] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    combination: RulesOfCombination = field(default_factory=RulesOfCombination)
    units: list[Unit] = field(default_factory=list)
    rationale: str | None = None
    supersedes: list[Supersession] = field(default_factory=list)
    #: What the reader saw but could not read (DOCX only), each once, with its place.
    reading_notes: list[ReadingNote] = field(default_factory=list)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def units_in(self, kind: GroupKind) -> list[Unit]:
        """Units whose group is of the given kind."""
        ids = {g.id for g in self.groups if g.kind == kind}
        return [u for u in self.units if u.group in ids]

    def location_of(self, fact: str) -> SourceLocation:
        return self.fact_locations.get(fact) or SourceLocation(file=self.file)
