"""Coverage of Section B: every node covered by a mandatory unit, every mapping real.

The coverage graph (engine/coverage.py) answers which units cover a node
directly or through a mapping of an ancestor. Here each item gets a status
(covered by a mandatory unit, by optional units only, or by nothing) and a
gap is reported once, at the highest node all of whose items share it: a
sub-topic nobody covers is one finding, not one per item.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from criteria_checker.checks.common import shorten, unit_list, unit_name
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check
from criteria_checker.model.spec import Unit

Status = Literal["mandatory", "optional_only", "uncovered"]

_LEVEL_WORD = {"topic": "topic", "subtopic": "sub-topic", "outcome": "outcome", "item": "item"}


@dataclass(frozen=True)
class _Tree:
    """A criteria node with its children, for walking the statuses of its items."""

    ref: str
    level: str
    title: str
    children: tuple[_Tree, ...] = ()


def _tree(context: CheckContext) -> list[_Tree]:
    topics = []
    for topic in context.criteria.topics:
        subs = []
        for sub in topic.subtopics:
            outcomes = []
            for outcome in sub.outcomes:
                ref = f"{sub.code}/{outcome.letter}"
                items = tuple(_Tree(f"{ref}.{item.number}", "item", item.text)
                              for item in outcome.items)
                outcomes.append(_Tree(ref, "outcome", outcome.statement, items))
            subs.append(_Tree(sub.code, "subtopic", sub.title, tuple(outcomes)))
        topics.append(_Tree(topic.code, "topic", topic.title, tuple(subs)))
    return topics


class GapParams(Params):
    status: Literal["uncovered", "optional_only"]


@dataclass(frozen=True)
class _Items:
    """Every item's status and the optional units covering it."""

    status: dict[str, Status]
    optional: dict[str, list[Unit]]


def _item_statuses(context: CheckContext) -> _Items:
    coverage = context.coverage
    status: dict[str, Status] = {}
    optional: dict[str, list[Unit]] = {}
    for topic in context.once("coverage.tree", lambda: _tree(context)):
        for item in _leaves(topic):
            mandatory, optional[item.ref] = coverage.covering_units(item.ref)
            status[item.ref] = ("mandatory" if mandatory else
                                "optional_only" if optional[item.ref] else "uncovered")
    return _Items(status, optional)


@check("coverage.gaps", params=GapParams, fields=("ref", "level", "title", "units"))
def gaps(context: CheckContext, params: GapParams) -> Iterator[RawFinding]:
    """Criteria content that no mandatory unit covers, at the highest node the gap spans."""
    items = context.once("coverage.items", lambda: _item_statuses(context))
    statuses: dict[str, set[Status]] = {}

    def visit(node: _Tree) -> set[Status]:
        found = {items.status[node.ref]} if not node.children else \
            set().union(*(visit(child) for child in node.children))
        statuses[node.ref] = found
        return found

    def report(node: _Tree) -> Iterator[RawFinding]:
        if statuses[node.ref] == {params.status}:
            units = [u for leaf in _leaves(node) for u in items.optional[leaf.ref]]
            yield RawFinding({"ref": node.ref, "level": _LEVEL_WORD[node.level],
                              "title": shorten(node.title), "units": unit_list(units)},
                             units[0].location if units else None, ref=node.ref)
        elif params.status in statuses[node.ref]:
            for child in node.children:
                yield from report(child)

    for topic in context.once("coverage.tree", lambda: _tree(context)):
        visit(topic)
        yield from report(topic)


def _leaves(node: _Tree) -> Iterator[_Tree]:
    if not node.children:
        yield node
    for child in node.children:
        yield from _leaves(child)


@check("coverage.bad_mappings", params=NoParams, fields=("unit", "raw", "reason"))
def bad_mappings(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Every mapping names a node of the criteria."""
    for unit, mapping, reason in context.coverage.bad_mappings():
        yield RawFinding({"unit": unit_name(unit), "raw": mapping.raw, "reason": reason},
                         mapping.location or unit.location)


@check("coverage.subtopic_units", params=NoParams, fields=("ref", "title"))
def subtopic_units(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Each sub-topic is presented by a mandatory unit that declares its code."""
    coverage = context.coverage
    for sub in context.criteria.subtopics():
        declaring = coverage.declaring_units(sub.code)
        if not any(coverage.kind_of(u) == "mandatory" for u in declaring):
            yield RawFinding({"ref": sub.code, "title": sub.title}, ref=sub.code)
