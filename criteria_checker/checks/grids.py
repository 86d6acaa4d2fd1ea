"""Mapping grids beside the specification: does a grid say what the specification says?

A grid file's mappings are joined onto the specification's units with the
grid's location (readers/grids), so they count for every other rule like
any mapping. What only a grid can get wrong is disagreeing with the
specification's own mapping of the same element.

The grid contradicts the specification for an element (a unit as a whole,
a learning outcome or an assessment criterion) when both map that element
and the criteria items they cover differ. Each side covers the items below
every node it names (a sub-topic covers all its items), so spellings and
levels that come to the same items agree: LMAC5A/LM/A on one side and
LMAC5A/LM/A.1-A.5 on the other, when A has those five items, is no
contradiction. Mappings that name no node of the criteria are left out
(COV003 reports them). A grid mapping an element the specification leaves
unmapped only adds to it, and never contradicts. Two grids are each
compared with the specification, not with each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from criteria_checker.checks.common import unit_name
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, RawFinding, check
from criteria_checker.errors import InvalidReference, ReferenceNotFound
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.spec import Mapping, SourceLocation

#: References or items a message lists before it counts the rest.
_LISTED = 6


class _Items:
    """The criteria items below each node, and each mapping's node, resolved once."""

    def __init__(self, criteria: CriteriaSet) -> None:
        self.criteria = criteria
        self.below: dict[str, set[str]] = {}
        index = criteria.index()
        for node in index.values():
            if node.level != "item":
                continue
            ref: str | None = node.ref
            while ref is not None:
                self.below.setdefault(ref, set()).add(node.ref)
                ref = index[ref].parent
        self.resolved: dict[str, str | None] = {}
        self.index = index

    def named(self, items: frozenset[str]) -> list[str]:
        """``items`` as the fewest nodes, in criteria order: all of A's items are A."""
        listed: list[str] = []
        done: set[str] = set()
        for node in self.index.values():
            if node.parent in done:
                done.add(node.ref)
            elif self.below.get(node.ref, {node.ref}) <= items:
                listed.append(node.ref)
                done.add(node.ref)
        return listed

    def node(self, mapping: Mapping) -> str | None:
        if mapping.ref is None:
            return None
        if mapping.ref not in self.resolved:
            try:
                self.resolved[mapping.ref] = self.criteria.resolve(mapping.ref).ref
            except (InvalidReference, ReferenceNotFound):
                self.resolved[mapping.ref] = None
        return self.resolved[mapping.ref]

    def covered(self, mappings: Sequence[Mapping]) -> tuple[list[str], frozenset[str]]:
        """The nodes the mappings name, in order, and the items below them."""
        nodes = [node for node in dict.fromkeys(self.node(m) for m in mappings) if node]
        items: set[str] = set()
        for node in nodes:
            items |= self.below.get(node, {node})
        return nodes, frozenset(items)


@check("grids.agreement", params=NoParams,
       fields=("what", "spec_refs", "grid_refs", "detail"))
def agreement(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """A mapping grid maps each element the specification maps to the same criteria items."""
    spec = context.spec
    if not any(_from_grid(m, spec.file) for unit in spec.units for m in unit.all_mappings()):
        return
    items = context.once("grids.items", lambda: _Items(context.criteria))
    for unit in spec.units:
        name = unit_name(unit)
        yield from _compare(items, spec.file, f"{name} (as a whole)", unit.mappings)
        for outcome in unit.outcomes:
            yield from _compare(items, spec.file,
                                f"Learning outcome {outcome.number} of {name}", outcome.mappings)
            for criterion in outcome.criteria:
                yield from _compare(items, spec.file,
                                    f"Assessment criterion {criterion.number} of {name}",
                                    criterion.mappings)


def _from_grid(mapping: Mapping, spec_file: str) -> bool:
    return mapping.location is not None and mapping.location.file != spec_file


def _compare(items: _Items, spec_file: str, what: str,
             mappings: Sequence[Mapping]) -> Iterator[RawFinding]:
    own = [m for m in mappings if not _from_grid(m, spec_file)]
    grids: dict[str, list[Mapping]] = {}
    for mapping in mappings:
        if _from_grid(mapping, spec_file):
            assert mapping.location is not None
            grids.setdefault(mapping.location.file, []).append(mapping)
    if not own or not grids:
        return
    spec_nodes, spec_items = items.covered(own)
    if not spec_items:
        return
    for grid_mappings in grids.values():
        grid_nodes, grid_items = items.covered(grid_mappings)
        if not grid_items or grid_items == spec_items:
            continue
        where: SourceLocation | None = next(
            (m.location for m in grid_mappings if items.node(m) is not None), None)
        yield RawFinding({"what": what, "spec_refs": _listed(spec_nodes),
                          "grid_refs": _listed(grid_nodes),
                          "detail": _difference(items, spec_items, grid_items)}, where)


def _difference(items: _Items, spec_items: frozenset[str], grid_items: frozenset[str]) -> str:
    added = _listed(items.named(grid_items - spec_items))
    missing = _listed(items.named(spec_items - grid_items))
    if added and missing:
        return f"the grid adds {added} and leaves out {missing}"
    if added:
        return f"the grid adds {added}"
    return f"the grid leaves out {missing}"


def _listed(refs: Sequence[str]) -> str:
    if len(refs) > _LISTED:
        return ", ".join(refs[:_LISTED]) + f" and {len(refs) - _LISTED} more"
    return ", ".join(refs)
