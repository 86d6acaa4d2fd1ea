"""Coverage of Section B: every node covered by a mandatory unit, every mapping real.

The coverage graph (engine/coverage.py) answers which units cover a node
directly or through a mapping of an ancestor. Here each item gets a status
(covered by a mandatory unit, by optional units only, or by nothing) and a
gap is reported once, at the highest node all of whose items share it: a
sub-topic nobody covers is one finding, not one per item.

A sub-topic is presented as a unit when one mandatory unit covers all of its
items, whether its code is written on the unit or its items are mapped
outcome by outcome or criterion by criterion: the criteria ask for the area
of content to be one unit, not for the code to be printed on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from criteria_checker.checks.common import shorten, unit_list, unit_name
from criteria_checker.compiled_cache import dataclass
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


@dataclass(frozen=True, kw_only=True, slots=True)
class GapParams(Params):
    """Parameters of ``coverage.gaps``: which status of criteria content it reports."""

    status: Literal["uncovered", "optional_only"]


@dataclass(frozen=True)
class _Items:
    """Every item's status and the mandatory and optional units covering it."""

    status: dict[str, Status]
    mandatory: dict[str, list[Unit]]
    optional: dict[str, list[Unit]]


def _item_statuses(context: CheckContext) -> _Items:
    coverage = context.coverage
    status: dict[str, Status] = {}
    mandatory: dict[str, list[Unit]] = {}
    optional: dict[str, list[Unit]] = {}
    for topic in context.once("coverage.tree", lambda: _tree(context)):
        for item in _leaves(topic):
            mandatory[item.ref], optional[item.ref] = coverage.covering_units(item.ref)
            status[item.ref] = ("mandatory" if mandatory[item.ref] else
                                "optional_only" if optional[item.ref] else "uncovered")
    return _Items(status, mandatory, optional)


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


@dataclass(frozen=True)
class _Subtopic:
    """A sub-topic's items: canonical references, and labels (``A.1``) by outcome."""

    ref: str
    title: str
    items: tuple[str, ...]
    labels: tuple[tuple[tuple[str, str], ...], ...]  # per outcome: (reference, label)


def _subtopics(context: CheckContext) -> list[_Subtopic]:
    found = []
    for topic in context.once("coverage.tree", lambda: _tree(context)):
        for sub in topic.children:
            labels = tuple(tuple((leaf.ref, leaf.ref.removeprefix(f"{sub.ref}/"))
                                 for leaf in _leaves(outcome))
                           for outcome in sub.children or (sub,))
            found.append(_Subtopic(sub.ref, sub.title,
                                   tuple(ref for group in labels for ref, _ in group), labels))
    return found


@dataclass(frozen=True)
class _Held:
    """The items of one sub-topic that one unit covers."""

    unit: Unit
    items: frozenset[str]


#: Units a message names before it counts the rest ("... and 3 more").
_UNITS_NAMED = 6


@check("coverage.subtopic_units", params=NoParams, fields=("ref", "title", "detail"))
def subtopic_units(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Each sub-topic is held whole by one mandatory unit, wherever its mappings are written."""
    items = context.once("coverage.items", lambda: _item_statuses(context))
    for sub in context.once("coverage.subtopics", lambda: _subtopics(context)):
        mandatory = _held(sub, items.mandatory)
        if any(len(held.items) == len(sub.items) for held in mandatory):
            continue
        if mandatory:
            named, detail = mandatory, _mandatory_detail(sub, mandatory)
        else:
            named = _held(sub, items.optional)
            if not named:
                continue  # covered by nothing: COV001 reports it, once
            detail = _optional_detail(sub, named)
        yield RawFinding({"ref": sub.ref, "title": sub.title, "detail": detail},
                         named[0].unit.location, ref=sub.ref)


def _held(sub: _Subtopic, by_item: dict[str, list[Unit]]) -> list[_Held]:
    """Each unit covering some of the sub-topic, with what it covers, in content order."""
    # Keyed by identity: two units sharing a URN are still two units. Dicts keep
    # insertion order, so units come in the order of their first item.
    units: dict[int, Unit] = {}
    covers: dict[int, set[str]] = {}
    for ref in sub.items:
        for unit in by_item[ref]:
            units.setdefault(id(unit), unit)
            covers.setdefault(id(unit), set()).add(ref)
    return [_Held(unit, frozenset(covers[key])) for key, unit in units.items()]


def _mandatory_detail(sub: _Subtopic, mandatory: list[_Held]) -> str:
    total = len(sub.items)
    covered = frozenset().union(*(held.items for held in mandatory))
    if len(covered) == total:
        return f"its {_items(total)} are split across {_units_phrase('mandatory', mandatory, sub)}"
    # A single unit needs no list of its items: the ones it lacks are named next.
    units = (f"mandatory unit {mandatory[0].unit.key}" if len(mandatory) == 1
             else _units_phrase("mandatory", mandatory, sub))
    missing = frozenset(sub.items) - covered
    return (f"only {len(covered)} of its {_items(total)} {_are(len(covered))} in {units}; "
            f"{_and_list(_runs(sub, missing))} {_are(len(missing))} in no mandatory unit")


def _optional_detail(sub: _Subtopic, optional: list[_Held]) -> str:
    total = len(sub.items)
    units = _units_phrase("optional", optional, sub)
    covered = len(frozenset().union(*(held.items for held in optional)))
    if covered == total:
        return f"its {_items(total)} are only in {units}"
    return (f"{covered} of its {_items(total)} {_are(covered)} only in {units}; the other "
            f"{total - covered} {_are(total - covered)} in no unit")


def _units_phrase(kind: str, units: list[_Held], sub: _Subtopic) -> str:
    """``mandatory units L/651/4416 (A.1-A.3) and K/651/4415 (B.1-B.3)``.

    A unit holding every item needs no list of them.
    """
    named = [held.unit.key if len(held.items) == len(sub.items)
             else f"{held.unit.key} ({', '.join(_runs(sub, held.items))})"
             for held in units[:_UNITS_NAMED]]
    if len(units) > _UNITS_NAMED:
        named.append(f"{len(units) - _UNITS_NAMED} more")
    return f"{kind} {'unit' if len(units) == 1 else 'units'} {_and_list(named)}"


def _runs(sub: _Subtopic, refs: frozenset[str]) -> list[str]:
    """``refs`` as the sub-topic's authors number them: ``A.1-A.3``, ``B.2``, ``B.4``.

    Three or more items in a row within one outcome are written as a range.
    """
    runs: list[str] = []
    for outcome in sub.labels:
        run: list[str] = []
        for ref, label in (*outcome, ("", "")):
            if ref in refs:
                run.append(label)
                continue
            runs += [f"{run[0]}-{run[-1]}"] if len(run) >= 3 else run
            run = []
    return runs


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
