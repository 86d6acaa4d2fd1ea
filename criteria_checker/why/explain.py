"""Why a criteria node is covered, or not, in one checked specification.

:func:`explain_ref` gathers, for one node (topic, sub-topic, outcome or item):

- its status and the units covering it, from the evidence rows
  (:func:`criteria_checker.evidence.rows.build_evidence`), which take them from
  the engine's coverage (:mod:`criteria_checker.engine.coverage`): the same
  answer as the HTML report's heatmap and the evidence workbook;
- every mapping that claims it, on a unit, an outcome or an assessment
  criterion, naming the node itself or a node above it (a mapping claims its
  node's whole subtree), with its place in the document and whether it counts:
  a unit of a mandatory group counts for every learner, one of an optional
  group only for those who take it (on the pathways whose rules name its
  group, when the rules of combination have pathways), and a unit in no
  group, or in a group the specification does not define, counts for nothing;
- for a topic, sub-topic or outcome, every node inside it with its status and
  the mappings naming that node exactly, so that a sub-topic claimed item by
  item shows which items are claimed and by whom;
- the findings whose criteria reference is the node, a node above it or a
  node inside it.

Nothing here reads a file or knows an output format: the renderers
(:mod:`criteria_checker.why.render`) show an :class:`Explanation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.evidence.rows import LEVEL_WORDS, STATUS_WORDS, build_evidence
from criteria_checker.reporters.base import sorted_findings

if TYPE_CHECKING:
    from criteria_checker.evidence.rows import Claim, EvidenceRow, Level, Status
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.report import CriteriaIdentity, Finding, Report
    from criteria_checker.model.spec import (
        GroupKind,
        QualificationSpec,
        SourceLocation,
        Unit,
    )

#: Where a claimed node, or a finding's reference, stands from the node asked about.
Relation = Literal["self", "ancestor", "descendant"]
#: Whether a claim counts: its unit is mandatory, optional, or in no (defined) group.
Counts = Literal["mandatory", "optional", "none"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimExplained:
    """One mapping that claims a node, with where it is written and whether it counts."""

    #: The key of the claiming unit (its URN, else ``Unit N``, else its title).
    unit: str
    #: ``unit`` for the unit's own mapping, else ``outcome 2`` or ``criterion 2.3``.
    source: str
    #: The canonical node the mapping names.
    ref: str
    #: The reference as the document writes it.
    raw: str
    relation: Relation
    location: SourceLocation | None
    counts: Counts
    #: The unit's group id as the specification writes it; None for a unit in no group.
    group: str | None
    #: For an optional unit when the specification has pathways: the pathways whose rules
    #: name its group (all of them when a rule outside any pathway names it; empty when no
    #: rule does); None otherwise.
    pathways: tuple[str, ...] | None


@dataclass(frozen=True, kw_only=True, slots=True)
class NodeExplained:
    """One criteria node and its coverage, as the evidence rows state it."""

    ref: str
    level: Level
    text: str
    status: Status
    #: Keys of the units covering the node (claiming it or a node above it).
    mandatory_units: tuple[str, ...]
    optional_units: tuple[str, ...]
    #: Items at or under the node, and how many of them mandatory units cover.
    items: int
    items_mandatory: int
    #: Grouped units covering some items under the node but not the node as a whole.
    partial_units: tuple[str, ...]
    #: For the node asked about: every claim covering it (on a node above it, then on itself).
    #: For a node inside it: the claims naming that node exactly. None for a node above it.
    claims: tuple[ClaimExplained, ...]
    #: How far below the node asked about (0 for the node itself and the nodes above it).
    depth: int = 0

    @property
    def level_word(self) -> str:
        """``topic``, ``sub-topic``, ``outcome`` or ``item``."""
        return LEVEL_WORDS[self.level]

    @property
    def status_word(self) -> str:
        """The status with its symbol, as the workbook shows it (``✔ covered by ...``)."""
        return STATUS_WORDS[self.status]


@dataclass(frozen=True, kw_only=True, slots=True)
class FindingExplained:
    """A finding that concerns the node, and where its reference stands from the node."""

    finding: Finding
    relation: Relation


@dataclass(frozen=True, kw_only=True, slots=True)
class Explanation:
    """Everything ``why`` says about one node of the criteria in one specification."""

    file: str
    criteria: CriteriaIdentity
    #: The reference as the user gave it.
    asked: str
    node: NodeExplained
    #: The nodes above it, the topic first.
    ancestors: tuple[NodeExplained, ...]
    #: The nodes inside it, in criteria order (empty for an item).
    inside: tuple[NodeExplained, ...]
    findings: tuple[FindingExplained, ...]
    #: The names of the specification's pathways (empty when it has none).
    pathways: tuple[str, ...]


def explain_ref(spec: QualificationSpec, report: Report, criteria: CriteriaSet,
                ref: str) -> Explanation:
    """Why ``ref`` (any accepted spelling) is covered or not in ``spec``, checked in ``report``.

    ``spec`` and ``report`` are a pair as :func:`criteria_checker.engine.api.read_and_check`
    returns them (mapping grids joined). Raises InvalidReference or ReferenceNotFound, with
    the messages of ``criteria show``, when ``ref`` names no node of ``criteria``; ValueError
    when the report was made against another criteria set.
    """
    return explain_refs(spec, report, criteria, [ref])[0]


def explain_refs(spec: QualificationSpec, report: Report, criteria: CriteriaSet,
                 refs: Sequence[str]) -> list[Explanation]:
    """:func:`explain_ref` for each of ``refs``, in order, the evidence rows built once.

    For a page that explains every row of a coverage matrix: building the rows is
    most of the work, and they are the same for every reference.
    """
    nodes = [criteria.resolve(ref) for ref in refs]
    if report.criteria.id != criteria.id:
        raise ValueError(f"the report is against criteria set {report.criteria.id!r}, "
                         f"not {criteria.id!r}")
    rows = {row.ref: row for row in build_evidence(spec, report, criteria)}
    index = criteria.index()
    counting = _Counting(spec)
    explained = []
    for ref, node in zip(refs, nodes, strict=True):
        chain = [node.ref]
        while (parent := index[chain[-1]].parent) is not None:
            chain.append(parent)
        above = chain[1:]
        row = rows[node.ref]
        relation: dict[str, Relation] = dict.fromkeys(above, "ancestor")
        relation[node.ref] = "self"
        prefix = _prefix(node.ref)
        inside = [ref_ for ref_ in index if ref_.startswith(prefix)]
        relation.update((ref_, "descendant") for ref_ in inside)
        own_depth = _DEPTH[node.level]
        explained.append(Explanation(
            file=report.spec.file,
            criteria=report.criteria,
            asked=ref,
            node=_node(row, tuple(counting.explain(c, relation[c.ref]) for c in row.claims)),
            ancestors=tuple(_node(rows[a], ()) for a in reversed(above)),
            inside=tuple(
                _node(rows[d], tuple(counting.explain(c, "descendant")
                                     for c in rows[d].claims if c.ref == d),
                      depth=_DEPTH[rows[d].level] - own_depth)
                for d in inside),
            findings=_findings(report.findings, criteria, relation),
            pathways=counting.pathway_names,
        ))
    return explained


_DEPTH = {"topic": 0, "subtopic": 1, "outcome": 2, "item": 3}


def _prefix(ref: str) -> str:
    """What every reference inside ``ref`` starts with: ``LMAC5A/``, ``LMAC5A/LM/A.``."""
    return ref + ("." if ref.count("/") == 2 else "/")


def _node(row: EvidenceRow, claims: tuple[ClaimExplained, ...], *, depth: int = 0,
          ) -> NodeExplained:
    return NodeExplained(
        ref=row.ref, level=row.level, text=row.text, status=row.status,
        mandatory_units=row.mandatory_units, optional_units=row.optional_units,
        items=row.items, items_mandatory=row.items_mandatory, partial_units=row.partial_units,
        claims=claims, depth=depth)


def _findings(findings: list[Finding], criteria: CriteriaSet,
              relation: dict[str, Relation]) -> tuple[FindingExplained, ...]:
    """The findings naming the node, a node above it or one inside it; errors first."""
    found: list[Finding] = []
    how: dict[int, Relation] = {}
    for finding in findings:
        if finding.ref is None:
            continue
        try:
            named = criteria.resolve(finding.ref).ref
        except CriteriaCheckerError:
            continue
        if named in relation:
            found.append(finding)
            how[id(finding)] = relation[named]
    return tuple(FindingExplained(finding=f, relation=how[id(f)]) for f in sorted_findings(found))


class _Counting:
    """Whether a claim counts: its unit's group, that group's kind and pathways."""

    def __init__(self, spec: QualificationSpec) -> None:
        self._units: dict[str, list[Unit]] = {}
        for unit in spec.units:
            self._units.setdefault(unit.key, []).append(unit)
        self._kinds: dict[str, GroupKind] = {}
        for group in reversed(spec.groups):  # a group defined twice: its first definition
            self._kinds[group.id] = group.kind
        combination = spec.combination
        self.pathway_names = tuple(p.name or p.id for p in combination.pathways)
        # A rule outside any pathway applies on every pathway. Rules naming no group (a
        # total over all units) single out none, so they make no group any pathway's.
        self._everywhere = {g for rule in combination.rules for g in rule.groups}
        self._by_pathway = [(p.name or p.id, {g for rule in p.rules for g in rule.groups})
                            for p in combination.pathways]

    def explain(self, claim: Claim, relation: Relation) -> ClaimExplained:
        group = self._group(claim)
        counts: Counts = claim.kind if claim.kind is not None else "none"
        pathways = None
        if counts == "optional" and self.pathway_names and group is not None:
            pathways = self._pathways(group)
        return ClaimExplained(unit=claim.unit_key, source=claim.source, ref=claim.ref,
                              raw=claim.raw, relation=relation, location=claim.location,
                              counts=counts, group=group, pathways=pathways)

    def _group(self, claim: Claim) -> str | None:
        # Units sharing a key (the unit rules report it) are told apart by their kind.
        units = self._units.get(claim.unit_key, [])
        for unit in units:
            kind = self._kinds.get(unit.group) if unit.group is not None else None
            if kind == claim.kind:
                return unit.group
        return units[0].group if units else None

    def _pathways(self, group: str) -> tuple[str, ...]:
        if group in self._everywhere:
            return self.pathway_names
        return tuple(name for name, groups in self._by_pathway if group in groups)
