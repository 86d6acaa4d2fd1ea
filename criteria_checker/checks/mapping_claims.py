"""Mapping claims: does a learning outcome or assessment criterion say what it claims?

Advisory. Each mapping written on an outcome or criterion is scored against
the wording of what it claims (the item with its outcome stem and bullets),
offline and deterministically (criteria_checker.similarity; method and
measured accuracy in docs/suggest.md). A claim whose text shares too little
with what it claims is reported with the terms it shares and the terms of
the criterion it never mentions; criteria that only such claims cover are
reported once, at the highest node they fill.

This module stays light: the matcher is imported when a rule of the family
runs, and its criteria-side index is built once per process (only its table of
quotations when every claim quotes what it claims).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from criteria_checker.checks.common import shorten, unit_name
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, RawFinding, check

if TYPE_CHECKING:
    from criteria_checker.similarity.claims import JudgedClaim

#: Terms a message lists before it writes "...".
TERMS_SHOWN = 5
#: Claims a message names before it counts the rest.
CLAIMS_SHOWN = 6

_LEVEL_WORD = {"topic": "topic", "subtopic": "sub-topic", "outcome": "outcome", "item": "item"}


def _judged(context: CheckContext) -> list[JudgedClaim]:
    def build() -> list[JudgedClaim]:
        from criteria_checker.similarity.claims import judge_claims

        return judge_claims(context.spec, context.criteria)

    return context.once("mapping_claims.judged", build)


def _terms(words: tuple[str, ...]) -> str:
    if not words:
        return "none"
    shown = ", ".join(words[:TERMS_SHOWN])
    return f"{shown}, ..." if len(words) > TERMS_SHOWN else shown


@check("mapping_claims.text_matches", params=NoParams,
       fields=("unit", "element", "text", "ref", "criterion", "score", "shared", "missing",
               "closer"))
def text_matches(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """The text of an outcome or criterion shares enough with the criteria node it maps to."""
    from criteria_checker.similarity import index_for

    for judged in _judged(context):
        verdict = judged.judgement
        if not verdict.doubtful or verdict.score is None:
            continue  # a doubtful claim always carries its explained score
        index = index_for(context.criteria)  # loaded already, to judge this claim
        claim = judged.claim
        closer = ""
        if verdict.better is not None:
            ref, value = verdict.better
            closer = (f"; it reads more like {ref} '{shorten(index.text_of(ref) or '')}' "
                      f"(score {value:.2f})")
        yield RawFinding({
            "unit": unit_name(claim.unit), "element": claim.element,
            "text": shorten(claim.text), "ref": claim.ref,
            "criterion": shorten(index.text_of(claim.ref) or ""),
            "score": f"{verdict.score.value:.2f}", "shared": _terms(verdict.score.shared),
            "missing": _terms(verdict.score.missing), "closer": closer,
        }, claim.location or claim.unit.location, ref=claim.ref)


class _Node(NamedTuple):
    ref: str
    level: str
    title: str
    children: tuple[_Node, ...] = ()


def _tree(context: CheckContext) -> list[_Node]:
    topics = []
    for topic in context.criteria.topics:
        subs = []
        for sub in topic.subtopics:
            outcomes = tuple(
                _Node(f"{sub.code}/{o.letter}", "outcome", o.statement,
                      tuple(_Node(f"{sub.code}/{o.letter}.{i.number}", "item", i.text)
                            for i in o.items))
                for o in sub.outcomes)
            subs.append(_Node(sub.code, "subtopic", sub.title, outcomes))
        topics.append(_Node(topic.code, "topic", topic.title, tuple(subs)))
    return topics


@check("mapping_claims.only_doubtful", params=NoParams,
       fields=("ref", "level", "title", "claims"))
def only_doubtful(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """Criteria claimed by outcomes or criteria only through text that does not match them."""
    from criteria_checker.similarity import quotes_for

    judged_claims = _judged(context)
    if not any(judged.judgement.doubtful for judged in judged_claims):
        return
    quotes = quotes_for(context.criteria)
    sound: set[str] = set()
    doubtful: dict[str, list[JudgedClaim]] = {}
    order = {id(judged): n for n, judged in enumerate(judged_claims)}
    for judged in judged_claims:
        items = quotes.items_under(judged.claim.ref)
        if judged.judgement.doubtful:
            for item in items:
                doubtful.setdefault(item, []).append(judged)
        else:
            sound.update(items)
    only = {item for item in doubtful if item not in sound}
    if not only:
        return

    def filled(node: _Node) -> bool:
        return node.ref in only if not node.children else all(map(filled, node.children))

    def report(node: _Node) -> Iterator[RawFinding]:
        if filled(node):
            claims = sorted(_claims_of(node, doubtful), key=lambda j: order[id(j)])
            yield RawFinding({"ref": node.ref, "level": _LEVEL_WORD[node.level],
                              "title": shorten(node.title), "claims": _claim_list(claims)},
                             claims[0].claim.location or claims[0].claim.unit.location,
                             ref=node.ref)
        else:
            for child in node.children:
                yield from report(child)

    for topic in _tree(context):
        yield from report(topic)


def _claims_of(node: _Node, doubtful: dict[str, list[JudgedClaim]]) -> list[JudgedClaim]:
    found: dict[int, JudgedClaim] = {}
    stack = [node]
    while stack:
        current = stack.pop(0)
        for judged in doubtful.get(current.ref, ()):
            found.setdefault(id(judged), judged)
        stack.extend(current.children)
    return list(found.values())


def _claim_list(claims: list[JudgedClaim]) -> str:
    """``AC 1.1, AC 1.2 and LO 3 of H/650/2101; AC 2.1 of H/650/2102``, the first few named."""
    by_unit: dict[str, list[str]] = {}
    for judged in claims:
        elements = by_unit.setdefault(judged.claim.unit.key, [])
        if judged.claim.element not in elements:
            elements.append(judged.claim.element)
    total = sum(len(elements) for elements in by_unit.values())
    groups, named = [], 0
    for unit, elements in by_unit.items():
        shown = elements[:max(0, CLAIMS_SHOWN - named)]
        if not shown:
            break
        named += len(shown)
        groups.append(f"{_and_list(shown)} of {unit}")
    listed = "; ".join(groups)
    return listed if named == total else f"{listed}; and {total - named} more"


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
