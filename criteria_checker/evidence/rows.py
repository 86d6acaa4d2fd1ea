"""The evidence for each criteria node, as plain data any output can show.

For every topic, sub-topic, outcome and item, in criteria order: its status
(covered by a mandatory unit, by optional units only, or not covered), the
units covering it, every mapping that claims it (on a unit, an outcome or an
assessment criterion, naming the node itself or one of its ancestors, since
a mapping claims its node's whole subtree) with its place in the submission,
and the findings whose criteria reference is the node or lies inside it.

Coverage is the engine's (:mod:`criteria_checker.engine.coverage`), not worked
out again here, so the status of a sub-topic or outcome always agrees with the
report's coverage matrix (the HTML heatmap), and that of an item with the
coverage rules: a node counts as covered by a unit only when the unit claims
the node or an ancestor. A sub-topic whose items are claimed one by one,
never as a whole, is therefore not covered as a whole; ``items_mandatory`` and
``partial_units`` say how much of it is held and by whom. Units rarely claim a
whole topic, and the heatmap has no topic rows: a topic takes the least
covered status of its sub-topics (not covered when one of them is not).

Nothing here imports openpyxl: the workbook writer is one consumer among any.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.coverage import build_coverage
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.reporters.base import sorted_findings

if TYPE_CHECKING:
    from criteria_checker.engine.coverage import Coverage
    from criteria_checker.model.criteria import CriteriaSet, Node
    from criteria_checker.model.report import Finding, Report
    from criteria_checker.model.spec import (
        GroupKind,
        Mapping,
        QualificationSpec,
        SourceLocation,
        Unit,
    )

Level = Literal["topic", "subtopic", "outcome", "item"]
#: The words of :attr:`criteria_checker.model.report.CoverageRow.status`.
Status = Literal["mandatory", "optional-only", "uncovered"]

#: How each level is named to a reader.
LEVEL_WORDS: dict[str, str] = {
    "topic": "topic", "subtopic": "sub-topic", "outcome": "outcome", "item": "item"}
#: Each status in words that need no colour to be understood.
STATUS_WORDS: dict[str, str] = {
    "mandatory": "✔ covered by a mandatory unit",
    "optional-only": "◐ optional units only",
    "uncovered": "✖ not covered",
}
_DEPTH = {"topic": 0, "subtopic": 1, "outcome": 2, "item": 3}


def location_text(location: SourceLocation | None) -> str:
    """Where in its file something is: the XML line, else the Word locator, else the machine path.

    ``line 29``; ``unit H/650/2114, table 7, row 3``; empty when nothing finer
    than the file is known. (An XML locator only restates what the line shows.)
    """
    if location is None:
        return ""
    if location.line is not None:
        return f"line {location.line}"
    return location.locator or location.path or ""


@dataclass(frozen=True, kw_only=True, slots=True)
class Claim:
    """One mapping of one unit that claims a node (naming it or one of its ancestors)."""

    unit_key: str
    #: The kind of the unit's group; None for a unit in no known group (it covers nothing).
    kind: GroupKind | None
    #: ``unit`` for the unit's own mapping, else ``outcome 2`` or ``criterion 2.3``.
    source: str
    #: The canonical node the mapping names.
    ref: str
    #: The reference as the submission writes it.
    raw: str
    location: SourceLocation | None

    def describe(self) -> str:
        """``H/651/4402 criterion 1.1 → LMAC5A/LM/A.1 at unit H/651/4402, table 6, row 2``."""
        source = "(whole unit)" if self.source == "unit" else self.source
        where = location_text(self.location)
        return f"{self.unit_key} {source} → {self.ref}" + (f" at {where}" if where else "")


@dataclass(frozen=True, kw_only=True, slots=True)
class EvidenceRow:
    """One criteria node and what the submission offers for it."""

    ref: str
    level: Level
    #: 0 for a topic down to 3 for an item: the outline level of the row.
    depth: int
    #: The node's wording; an item's bullets follow it, one per line.
    text: str
    status: Status
    #: Keys of the units covering the node (claiming it or an ancestor), in specification order.
    mandatory_units: tuple[str, ...]
    optional_units: tuple[str, ...]
    #: Items at or under the node, and how many of them mandatory units cover.
    items: int
    items_mandatory: int
    #: Grouped units covering some items under the node but not the node as a whole.
    partial_units: tuple[str, ...]
    claims: tuple[Claim, ...]
    #: Findings whose reference is the node or inside it, errors first, in document order.
    findings: tuple[Finding, ...]

    @property
    def level_word(self) -> str:
        return LEVEL_WORDS[self.level]

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]


def build_evidence(spec: QualificationSpec, report: Report,
                   criteria: CriteriaSet) -> list[EvidenceRow]:
    """A row for every node of ``criteria``, in criteria order, for ``spec`` and its ``report``."""
    coverage = build_coverage(spec, criteria)
    index = criteria.index()
    claims = _claims_by_node(spec, criteria, coverage)
    findings = _findings_by_node(report.findings, criteria)
    covering: dict[str, tuple[list[Unit], list[Unit]]] = {
        ref: coverage.covering_units(ref) for ref in index}
    items_under: dict[str, list[str]] = {ref: [] for ref in index}
    for node in index.values():
        if node.level == "item":
            for ancestor in _chain(node, index):
                items_under[ancestor.ref].append(node.ref)
    order = {id(unit): n for n, unit in enumerate(spec.units)}
    status = {ref: _status(*covering[ref]) for ref in index}
    for node in index.values():
        if node.level == "topic":
            subtopics = [status[n.ref] for n in index.values() if n.parent == node.ref]
            status[node.ref] = max(subtopics, key=_STATUS_RANK.__getitem__,
                                   default=status[node.ref])
    rows = []
    for node in index.values():
        mandatory, optional = covering[node.ref]
        whole = {id(u) for u in (*mandatory, *optional)}
        items = items_under[node.ref]
        partial: dict[int, Unit] = {}
        for item in items:
            for unit in (*covering[item][0], *covering[item][1]):
                if id(unit) not in whole:
                    partial.setdefault(id(unit), unit)
        in_order = sorted(partial.values(), key=lambda u: order[id(u)])
        rows.append(EvidenceRow(
            ref=node.ref,
            level=node.level,
            depth=_DEPTH[node.level],
            text=_text(node),
            status=status[node.ref],
            mandatory_units=_keys(mandatory),
            optional_units=_keys(optional),
            items=len(items),
            items_mandatory=sum(1 for item in items if covering[item][0]),
            partial_units=_keys([u for u in in_order if coverage.kind_of(u) == "mandatory"]
                                + [u for u in in_order if coverage.kind_of(u) == "optional"]),
            claims=tuple(claim for ancestor in reversed(_chain(node, index))
                         for claim in claims.get(ancestor.ref, ())),
            findings=tuple(sorted_findings(findings.get(node.ref, []))),
        ))
    return rows


def _status(mandatory: list[Unit], optional: list[Unit]) -> Status:
    return "mandatory" if mandatory else "optional-only" if optional else "uncovered"


#: Worse statuses rank higher: a topic takes the worst status of its sub-topics.
_STATUS_RANK: dict[Status, int] = {"mandatory": 0, "optional-only": 1, "uncovered": 2}


def _chain(node: Node, index: dict[str, Node]) -> list[Node]:
    """The node and its ancestors, the node first."""
    chain = [node]
    while chain[-1].parent is not None:
        chain.append(index[chain[-1].parent])
    return chain


def _text(node: Node) -> str:
    if node.item is not None and node.item.bullets:
        return "\n".join([node.item.text, *(f"• {bullet}" for bullet in node.item.bullets)])
    return node.text


def _keys(units: list[Unit]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(unit.key for unit in units))


def _mappings(unit: Unit) -> Iterator[tuple[Mapping, str, SourceLocation | None]]:
    """Every mapping of the unit with its source and, failing its own, its element's place."""
    for mapping in unit.mappings:
        yield mapping, "unit", mapping.location or unit.location
    for outcome in unit.outcomes:
        for mapping in outcome.mappings:
            yield mapping, f"outcome {outcome.number}", mapping.location or outcome.location
        for criterion in outcome.criteria:
            for mapping in criterion.mappings:
                yield (mapping, f"criterion {criterion.number}",
                       mapping.location or criterion.location or outcome.location)


def _claims_by_node(spec: QualificationSpec, criteria: CriteriaSet,
                    coverage: Coverage) -> dict[str, list[Claim]]:
    """The claims naming each node exactly, in specification order.

    A mapping that names no node is left out: the coverage rules report it
    (and the coverage graph ignores it too).
    """
    found: dict[str, list[Claim]] = {}
    resolved: dict[str, str | None] = {}
    for unit in spec.units:
        kind = coverage.kind_of(unit)
        for mapping, source, location in _mappings(unit):
            if mapping.ref is None:
                continue
            if mapping.ref not in resolved:
                try:
                    resolved[mapping.ref] = criteria.resolve(mapping.ref).ref
                except CriteriaCheckerError:
                    resolved[mapping.ref] = None
            ref = resolved[mapping.ref]
            if ref is not None:
                found.setdefault(ref, []).append(Claim(
                    unit_key=unit.key, kind=kind, source=source, ref=ref, raw=mapping.raw,
                    location=location))
    return found


def _findings_by_node(findings: list[Finding],
                      criteria: CriteriaSet) -> dict[str, list[Finding]]:
    """Each finding under its node and every ancestor of it (findings naming no node: none)."""
    index = criteria.index()
    by_node: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.ref is None:
            continue
        try:
            node = criteria.resolve(finding.ref)
        except CriteriaCheckerError:
            continue
        for ancestor in _chain(node, index):
            by_node.setdefault(ancestor.ref, []).append(finding)
    return by_node


# -- the units and their groups -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class UnitEvidence:
    """One unit: its figures and, per sub-topic, how it covers it (as the heatmap shows)."""

    key: str
    number: str | None
    title: str
    level: int | None
    glh: int | None
    tqt: int | None
    credit: int | None
    location: SourceLocation | None
    #: ``mandatory`` or ``optional`` by sub-topic reference, for the sub-topics it covers whole.
    covers: dict[str, GroupKind]


@dataclass(frozen=True, kw_only=True, slots=True)
class GroupEvidence:
    """A group of units with the totals of their hours and credits.

    ``id`` is None for the units in no group; ``defined`` is False for a group
    that units name but the specification does not define (those units cover
    nothing, as for ungrouped ones).
    """

    id: str | None
    name: str
    kind: GroupKind | None
    defined: bool
    units: tuple[UnitEvidence, ...]

    def total(self, figure: Literal["glh", "tqt", "credit"]) -> int:
        """The sum of ``figure`` over the units that state it."""
        return sum(getattr(unit, figure) or 0 for unit in self.units)

    def not_stated(self, figure: Literal["glh", "tqt", "credit"]) -> int:
        """How many units do not state ``figure``."""
        return sum(1 for unit in self.units if getattr(unit, figure) is None)

    @property
    def label(self) -> str:
        """``Group A: Mandatory units``, ``Group X (not defined)``, ``No group``."""
        if self.id is None:
            return "No group"
        if not self.defined:
            return f"Group {self.id} (not defined)"
        name = f": {self.name}" if self.name and self.name != self.id else ""
        return f"Group {self.id}{name}"


@dataclass(frozen=True, kw_only=True, slots=True)
class SubtopicColumn:
    """One sub-topic as a column of the evidence workbook."""

    ref: str
    title: str
    status: Status


def subtopic_columns(report: Report) -> list[SubtopicColumn]:
    """The sub-topics of the report's coverage matrix, in criteria order, with their status."""
    return [SubtopicColumn(ref=row.ref, title=row.title, status=row.status)
            for row in report.coverage.rows if row.level == "subtopic"]


def unit_groups(spec: QualificationSpec, report: Report) -> list[GroupEvidence]:
    """The groups in specification order, then groups named but not defined, then no group.

    A unit's marks are those of the report's coverage matrix, so they are the
    heatmap's: units sharing a key share their marks.
    """
    marks: dict[str, dict[str, GroupKind]] = {}
    for row in report.coverage.rows:
        if row.level != "subtopic":
            continue
        for key in row.optional:
            marks.setdefault(key, {})[row.ref] = "optional"
        for key in row.mandatory:
            marks.setdefault(key, {})[row.ref] = "mandatory"

    def evidence(unit: Unit, covers: bool) -> UnitEvidence:
        return UnitEvidence(key=unit.key, number=unit.number, title=unit.title, level=unit.level,
                            glh=unit.glh, tqt=unit.tqt, credit=unit.credit,
                            location=unit.location,
                            covers=dict(marks.get(unit.key, {})) if covers else {})

    # A group id defined twice is one group here (the unit rules report the repeat).
    first = {group.id: group for group in reversed(spec.groups)}
    defined = [group for group in spec.groups if first[group.id] is group]
    groups = [GroupEvidence(id=group.id, name=group.name, kind=group.kind, defined=True,
                            units=tuple(evidence(u, True) for u in spec.units
                                        if u.group == group.id))
              for group in defined]
    undefined = dict.fromkeys(u.group for u in spec.units
                              if u.group is not None and u.group not in first)
    groups += [GroupEvidence(id=group_id, name="", kind=None, defined=False,
                             units=tuple(evidence(u, False) for u in spec.units
                                         if u.group == group_id))
               for group_id in undefined if group_id is not None]
    loose = tuple(evidence(u, False) for u in spec.units if u.group is None)
    if loose:
        groups.append(GroupEvidence(id=None, name="", kind=None, defined=False, units=loose))
    return groups
