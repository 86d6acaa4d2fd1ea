"""The coverage graph: which units cover which criteria, mandatorily or optionally.

A mapping on a unit, a learning outcome or an assessment criterion claims the
criteria node it names and that node's whole subtree, so a node is covered by
a unit when the unit (or any of its outcomes or criteria) maps to the node or
to any ancestor of it. Whether the cover is mandatory or optional comes from
the kind of the unit's group; a unit with no group, or a group the
specification does not define, counts as neither (see
:meth:`Coverage.ungrouped_units`).

:func:`build_coverage` resolves every mapping once and precomputes, for each
criteria node, the units covering it, so every query is a dictionary look-up.
The :attr:`Coverage.graph` (networkx) holds the same facts for reporters and
for anyone exploring coverage. It is built on first use, so a check that only
queries coverage never imports networkx (about a third of a second at
start-up, paid on every commit by a pre-commit hook):

- criteria nodes, named by canonical reference, with attributes
  ``type="criteria"``, ``level`` and ``title``, joined parent -> child by
  edges with ``type="tree"``;
- unit nodes named ``unit:<key>`` (``unit:<key>#2``, ``#3``, ... when two
  units share a key), with attributes ``type="unit"``, ``key``, ``title``,
  ``group`` and ``kind`` (``"mandatory"``, ``"optional"`` or None);
- mapping edges unit -> criteria node with ``type="mapping"``, ``source``
  (``"unit"``, ``"outcome N"`` or ``"criterion N.M"``), ``location`` and
  ``raw`` of the first mapping that makes the claim, and ``sources``, every
  source that makes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from criteria_checker.errors import InvalidReference, ReferenceNotFound
from criteria_checker.model.report import CoverageMatrix, CoverageRow, CoverageUnit
from criteria_checker.model.spec import GroupKind, Mapping, QualificationSpec, Unit
from criteria_checker.refs import normalise

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet


class _Claim(NamedTuple):
    """One mapping of one unit, resolved against the criteria set.

    (A named tuple: a check makes one per mapping, about a thousand for 65
    units, and a frozen dataclass costs twice as much to make.)
    """

    unit: int  # index into spec.units
    mapping: Mapping
    source: str
    ref: str | None  # the canonical node it names, None when it names none
    reason: str  # why it names none ("" when it names one)


def build_coverage(spec: QualificationSpec, criteria: CriteriaSet) -> Coverage:
    """Resolve every mapping of ``spec`` against ``criteria`` and build the coverage graph."""
    return Coverage(spec, criteria)


class Coverage:
    """The coverage of one specification against one criteria set (see the module docstring)."""

    def __init__(self, spec: QualificationSpec, criteria: CriteriaSet) -> None:
        self._spec = spec
        self._criteria = criteria
        kinds = {g.id: g.kind for g in spec.groups}
        self._kinds: list[GroupKind | None] = [
            kinds.get(u.group) if u.group is not None else None for u in spec.units
        ]
        self._claims = list(_resolve_claims(spec, criteria))
        self._covering = _covering_by_node(criteria, self._claims)
        self._declaring: dict[str, tuple[int, ...]] = {}
        for claim in self._claims:
            if claim.ref is not None and claim.source == "unit":
                held = self._declaring.get(claim.ref, ())
                if claim.unit not in held:
                    self._declaring[claim.ref] = (*held, claim.unit)
        self._graph: Any = None

    @property
    def graph(self) -> Any:
        """The coverage as a networkx.DiGraph (networkx ships no type information)."""
        if self._graph is None:
            self._graph = self._build_graph()
        return self._graph

    # -- queries ---------------------------------------------------------

    def covering_units(self, ref: str) -> tuple[list[Unit], list[Unit]]:
        """(mandatory, optional) units covering the node directly or via an ancestor mapping.

        ``ref`` may be in any accepted spelling; raises ReferenceNotFound or
        InvalidReference when it names no node of the criteria set.
        """
        covering = self._covering[self._criteria.resolve(ref).ref]
        return (self._units_of_kind(covering, "mandatory"),
                self._units_of_kind(covering, "optional"))

    def bad_mappings(self) -> list[tuple[Unit, Mapping, str]]:
        """Mappings that name no node, with the reason, in specification order."""
        return [(self._spec.units[c.unit], c.mapping, c.reason)
                for c in self._claims if c.ref is None]

    def declaring_units(self, subtopic_ref: str) -> list[Unit]:
        """Units whose own (unit-level) mappings name this node exactly, in specification order.

        All such units are returned whatever their group; filter with
        :meth:`kind_of` for the mandatory ones.
        """
        canonical = self._criteria.resolve(subtopic_ref).ref
        return [self._spec.units[i] for i in self._declaring.get(canonical, ())]

    def kind_of(self, unit: Unit) -> GroupKind | None:
        """The kind of the unit's group: mandatory, optional, or None when it has no known group."""
        for index, candidate in enumerate(self._spec.units):
            if candidate is unit:
                return self._kinds[index]
        raise ValueError(f"unit {unit.key!r} is not a unit of {self._spec.file}")

    def ungrouped_units(self) -> list[Unit]:
        """Units with no group, or a group the specification does not define."""
        return [u for u, kind in zip(self._spec.units, self._kinds, strict=True) if kind is None]

    def matrix(self) -> CoverageMatrix:
        """Every sub-topic and outcome in criteria order, with the keys of the units covering it.

        Columns are the grouped units in specification order; units sharing a
        key are one column.
        """
        columns: list[CoverageUnit] = []
        seen: set[str] = set()
        for unit, kind in zip(self._spec.units, self._kinds, strict=True):
            if kind is not None and unit.key not in seen:
                seen.add(unit.key)
                columns.append(CoverageUnit(key=unit.key, title=unit.title, level=kind))
        rows = []
        for node in self._criteria.nodes():
            if node.level in ("subtopic", "outcome"):
                covering = self._covering[node.ref]
                rows.append(CoverageRow(
                    ref=node.ref, level=node.level, title=node.text,
                    mandatory=_unique_keys(self._units_of_kind(covering, "mandatory")),
                    optional=_unique_keys(self._units_of_kind(covering, "optional")),
                ))
        return CoverageMatrix(units=columns, rows=rows)

    # -- building --------------------------------------------------------

    def _units_of_kind(self, indices: tuple[int, ...], kind: GroupKind) -> list[Unit]:
        return [self._spec.units[i] for i in indices if self._kinds[i] == kind]

    def _build_graph(self) -> Any:
        import networkx as nx

        graph = nx.DiGraph()
        for node in self._criteria.nodes():
            graph.add_node(node.ref, type="criteria", level=node.level, title=node.text)
            if node.parent is not None:
                graph.add_edge(node.parent, node.ref, type="tree")
        names = _unit_node_names(self._spec.units)
        for index, unit in enumerate(self._spec.units):
            graph.add_node(names[index], type="unit", key=unit.key, title=unit.title,
                           group=unit.group, kind=self._kinds[index])
        for claim in self._claims:
            if claim.ref is None:
                continue
            name = names[claim.unit]
            if graph.has_edge(name, claim.ref):
                graph.edges[name, claim.ref]["sources"].append(claim.source)
            else:
                graph.add_edge(name, claim.ref, type="mapping", source=claim.source,
                               location=claim.mapping.location, raw=claim.mapping.raw,
                               sources=[claim.source])
        return graph


def _unit_node_names(units: list[Unit]) -> list[str]:
    # Keys should be unique, but a specification that repeats a URN must still
    # get one graph node per unit: the unit-integrity rules report the repeat.
    names = []
    used: dict[str, int] = {}
    for unit in units:
        base = f"unit:{unit.key}"
        used[base] = used.get(base, 0) + 1
        names.append(base if used[base] == 1 else f"{base}#{used[base]}")
    return names


def _unique_keys(units: list[Unit]) -> list[str]:
    return list(dict.fromkeys(u.key for u in units))


def _mappings_with_source(unit: Unit) -> Iterator[tuple[Mapping, str]]:
    for mapping in unit.mappings:
        yield mapping, "unit"
    for outcome in unit.outcomes:
        for mapping in outcome.mappings:
            yield mapping, f"outcome {outcome.number}"
        for criterion in outcome.criteria:
            for mapping in criterion.mappings:
                yield mapping, f"criterion {criterion.number}"


def _resolve_claims(spec: QualificationSpec, criteria: CriteriaSet) -> Iterator[_Claim]:
    cache: dict[tuple[str, str | None], tuple[str | None, str]] = {}
    for index, unit in enumerate(spec.units):
        for mapping, source in _mappings_with_source(unit):
            key = (mapping.raw, mapping.ref)
            if key not in cache:
                cache[key] = _resolve(mapping, criteria)
            ref, reason = cache[key]
            yield _Claim(index, mapping, source, ref, reason)


def _resolve(mapping: Mapping, criteria: CriteriaSet) -> tuple[str | None, str]:
    """The canonical node a mapping names, or None and the reason it names none."""
    if mapping.ref is None:
        # The reader found no reference in the text; say why in the words of
        # the reference parser (falling back to a plain sentence if the
        # parser, being more lenient than the reader, does read it).
        try:
            normalise(mapping.raw)
        except InvalidReference as exc:
            return None, str(exc)
        return None, f"{mapping.raw.strip()!r} is not a criteria reference"
    try:
        return criteria.resolve(mapping.ref).ref, ""
    except InvalidReference as exc:
        return None, str(exc)
    except ReferenceNotFound as exc:
        return None, _not_found_reason(mapping, criteria, exc)


def _not_found_reason(mapping: Mapping, criteria: CriteriaSet, exc: ReferenceNotFound) -> str:
    # Quote the reference as the author wrote it when it reads as the same one.
    try:
        same = normalise(mapping.raw) == normalise(mapping.ref or "")
    except InvalidReference:
        same = False
    if same:
        try:
            criteria.resolve(mapping.raw)
        except ReferenceNotFound as raw_exc:
            return str(raw_exc)
    return str(exc)


def _covering_by_node(criteria: CriteriaSet,
                      claims: list[_Claim]) -> dict[str, tuple[int, ...]]:
    direct: dict[str, set[int]] = {}
    for claim in claims:
        if claim.ref is not None:
            direct.setdefault(claim.ref, set()).add(claim.unit)
    covering: dict[str, tuple[int, ...]] = {}
    # nodes() yields each parent before its children, so one pass suffices.
    for node in criteria.nodes():
        inherited = covering[node.parent] if node.parent is not None else ()
        own = direct.get(node.ref)
        covering[node.ref] = tuple(sorted(own.union(inherited))) if own else inherited
    return covering
