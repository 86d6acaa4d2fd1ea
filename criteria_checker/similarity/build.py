"""Build the index of a criteria set: every item as a document (see :mod:`.index`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from criteria_checker.similarity.index import DIGITS, CriteriaIndex, Doc, gram_vector
from criteria_checker.similarity.text import Analysed, analyse, plain, words

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet, Item, Outcome, SubTopic, Term

#: Framing words of outcome statements and titles, which every item under them shares.
FRAMING = frozenset({"understand", "lead", "demonstrate", "provide", "manage", "work",
                     "implement", "develop", "know", "able", "including", "include"})


class _Parts(NamedTuple):
    ref: str
    text: str
    own: Analysed
    context: Analysed
    #: An item with bullets also as its lead-in alone (``support others to:``), which is how
    #: a criterion reads when its bullets sit in lines a reader does not join to it.
    lead: Analysed | None = None
    #: The plain forms of the item's wording (and of its lead-in).
    plain: tuple[str, ...] = ()


def build_index(criteria: CriteriaSet) -> CriteriaIndex:
    """The index of every item of ``criteria``."""
    parts: list[_Parts] = []
    nodes: dict[str, _Parts] = {}
    descendants: dict[str, list[int]] = {}
    memo: dict[str, Analysed] = {}
    for topic in criteria.topics:
        nodes[topic.code] = _node_parts(topic.code, topic.title)
        for sub in topic.subtopics:
            nodes[sub.code] = _node_parts(sub.code, sub.title)
            for outcome in sub.outcomes:
                oref = f"{sub.code}/{outcome.letter}"
                nodes[oref] = _node_parts(oref, outcome.statement)
                for item in outcome.items:
                    for ref in (topic.code, sub.code, oref):
                        descendants.setdefault(ref, []).append(len(parts))
                    parts.append(_item_parts(criteria, sub, outcome, item,
                                             f"{oref}.{item.number}", memo))
    count = len(parts)
    frequency: dict[str, int] = {}
    gram_frequency: dict[str, int] = {}
    for part in parts:
        for term in part.own.terms:
            frequency[term] = frequency.get(term, 0) + 1
        for gram in part.own.grams:
            gram_frequency[gram] = gram_frequency.get(gram, 0) + 1
    idf = {term: _idf(count, df) for term, df in frequency.items()}
    gram_idf = {gram: _idf(count, df) for gram, df in gram_frequency.items()}
    unseen = _idf(count, 0)

    def doc(ref: str, text: str, own: Analysed, context: Analysed, *, lead: bool) -> Doc:
        terms = dict(own.terms)
        return Doc(ref, text, terms, frozenset(t for t in context.terms if t not in terms),
                   round(sum(idf.get(t, unseen) for t in terms), DIGITS),
                   gram_vector(own.grams, gram_idf, unseen), lead)

    verbatim: dict[str, list[str]] = {}
    for part in parts:
        for key in part.plain:
            verbatim.setdefault(key, []).append(part.ref)
    docs: list[Doc] = []
    for part in parts:
        docs.append(doc(part.ref, part.text, part.own, part.context, lead=False))
        if part.lead is not None:
            docs.append(doc(part.ref, part.text, part.lead, part.context, lead=True))
    return CriteriaIndex(
        docs=docs, descendants=descendants, idf=idf, gram_idf=gram_idf, unseen_idf=unseen,
        verbatim=verbatim,
        nodes={ref: doc(ref, part.text, part.own, part.context, lead=False)
               for ref, part in nodes.items()})


def _idf(count: int, df: int) -> float:
    return round(math.log((count + 1) / (df + 0.5)), DIGITS)


def _node_parts(ref: str, text: str) -> _Parts:
    kept = " ".join(w for w in words(text) if w not in FRAMING)
    return _Parts(ref, text.rstrip(" :;"), analyse(kept), Analysed({}, {}))


def _item_parts(criteria: CriteriaSet, sub: SubTopic, outcome: Outcome, item: Item, ref: str,
                memo: dict[str, Analysed]) -> _Parts:
    lead = item.text.rstrip(" :;")
    wording = lead
    if item.bullets:
        wording = f"{lead}: {'; '.join(b.rstrip(' .;,') for b in item.bullets)}"
    pieces = [" ".join(w for w in words(outcome.statement) if w not in FRAMING), sub.title]
    pieces += [_note_text(criteria, sub, term) for term in (*item.terms, *outcome.terms)]
    context: dict[str, tuple[str, ...]] = {}
    for piece in pieces:
        # Notes and stems recur across items: each is read once.
        if piece not in memo:
            memo[piece] = analyse(piece, grams=False)
        for term, surfaces in memo[piece].terms.items():
            context.setdefault(term, surfaces)
    plains = tuple(dict.fromkeys(plain(text) for text in (wording, lead)))
    return _Parts(ref, wording, analyse(wording), Analysed(context, {}),
                  analyse(lead) if item.bullets else None, plains)


def _note_text(criteria: CriteriaSet, sub: SubTopic, term: Term) -> str:
    note = criteria.guidance_for(sub, term)
    if note is None:
        return ""
    return " ".join([note.text, *note.bullets, *note.paragraphs])


def fingerprint(criteria: CriteriaSet) -> str:
    """Every text of ``criteria`` the index is built from, in order: the cache key's input."""
    pieces: list[str] = []
    for topic in criteria.topics:
        pieces.append(f"T {topic.code} {topic.title}")
        for sub in topic.subtopics:
            pieces.append(f"S {sub.code} {sub.title}")
            for outcome in sub.outcomes:
                pieces.append(f"O {outcome.letter} {outcome.statement}")
                for item in outcome.items:
                    pieces.append(f"I {item.number} {item.text}")
                    pieces += [f"B {bullet}" for bullet in item.bullets]
                    pieces += [f"N {_note_text(criteria, sub, term)}"
                               for term in (*item.terms, *outcome.terms)]
    return "\n".join(pieces)
