"""The criteria side of every comparison: documents, weights, and the scoring itself.

Each item of the criteria is a document with two fields (built by
:mod:`.build`):

- its own wording (the item's text and bullets): what a claim must say;
- its context (the outcome's stem, the sub-topic's title and the guidance
  notes that define its bold terms): words that make a claim plausible but
  that the item itself does not ask for, so they count for less.

Terms are weighted by inverse document frequency over the items' own
wording: a term in one item (``whistleblowing``) tells more than one in
sixty (``own``). A claim is scored against an item by

- word overlap, as an F-measure of two coverages: how much of the claim's
  term weight the item holds (``precision``: a claim about budgets holds
  little of a safeguarding item) and how much of the item's own term weight
  the claim mentions (``recall``: a claim that never mentions abuse or
  neglect does not say what the item says);
- the cosine of character 4-gram vectors, tf-idf weighted, which catches
  what stemming misses;

combined as ``WORD_WEIGHT * words + (1 - WORD_WEIGHT) * grams``, a score in
0..1. The weights were calibrated on the tuning half of the evaluation set
(docs/suggest.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from criteria_checker.similarity.quotes import Quotes
from criteria_checker.similarity.text import Analysed, term_label

#: Credit for a claim term found only in an item's context, relative to its own wording.
CONTEXT_WEIGHT = 0.2
#: Weight of recall against precision in the word F-measure (beta > 1 favours recall).
BETA = 1.5
#: Share of the word F-measure in the combined score; the rest is the n-gram cosine.
WORD_WEIGHT = 0.7


class Doc(NamedTuple):
    """One criteria node as compared: its terms, n-grams and wording."""

    ref: str
    #: The wording a message quotes: the item's text with its bullets.
    text: str
    #: Terms of the node's own wording, with the words they were read from.
    own: Mapping[str, tuple[str, ...]]
    #: Terms of its context that are not in its own wording.
    context: frozenset[str]
    #: Sum of the idf of the own terms.
    own_mass: float
    #: Unit-length tf-idf vector of character n-grams.
    grams: Mapping[str, float]
    #: An item's lead-in alone (the words before its bullets), not the whole item.
    lead: bool = False


class Score(NamedTuple):
    """How well a claim's text matches a criteria node, and why."""

    ref: str
    value: float
    words: float
    grams: float
    #: The criterion's words the claim shares, most telling first.
    shared: tuple[str, ...] = ()
    #: The criterion's own words the claim never mentions, most telling first.
    missing: tuple[str, ...] = ()


class _Postings(NamedTuple):
    """Documents (positions in ``docs``) holding each term in their own wording, or only in
    their context; and each n-gram's weight in the documents holding it."""

    own: dict[str, list[int]]
    context: dict[str, list[int]]
    grams: dict[str, list[tuple[int, float]]]


class CriteriaIndex:
    """Every item of one criteria set, ready to be compared with claims.

    ``docs`` are the items' documents in criteria order, each item's lead-in
    document (for items with bullets) right after it; ``nodes`` the own
    documents of outcomes, sub-topics and topics; ``descendants`` the items
    (positions in :attr:`items`) under each of those.
    """

    def __init__(self, *, docs: list[Doc], nodes: dict[str, Doc],
                 descendants: dict[str, list[int]], idf: dict[str, float],
                 gram_idf: dict[str, float], unseen_idf: float,
                 verbatim: dict[str, list[str]]) -> None:
        self.docs = docs
        self.nodes = nodes
        self.descendants = descendants
        self.idf = idf
        self.gram_idf = gram_idf
        #: The idf of a term or n-gram no item has: the largest there is.
        self.unseen_idf = unseen_idf
        #: Items by the plain form (:func:`.text.plain`) of their wording and of their lead-in.
        self.verbatim = verbatim
        #: Each item's whole document, in criteria order.
        self.items: list[Doc] = [doc for doc in docs if not doc.lead]
        self.position: dict[str, int] = {doc.ref: i for i, doc in enumerate(self.items)}
        #: Each item's documents (positions in ``docs``): whole, then lead-in.
        self.variants: dict[str, list[int]] = {}
        for at, doc in enumerate(docs):
            self.variants.setdefault(doc.ref, []).append(at)
        self._postings: _Postings | None = None
        #: What judging a quoting claim needs, alone (see :mod:`.quotes`).
        self.quote_table = Quotes(verbatim, [doc.ref for doc in self.items],
                                  {ref: [self.items[i].ref for i in positions]
                                   for ref, positions in descendants.items()})

    @property
    def postings(self) -> _Postings:
        """Inverted lists for ranking, made on first use (most claims are judged without)."""
        if self._postings is None:
            # Ranking looks at whole items only: a lead-in ("facilitate a culture") would rank
            # its item first for any text about culture. It only spares a claim that is one.
            own: dict[str, list[int]] = {}
            context: dict[str, list[int]] = {}
            grams: dict[str, list[tuple[int, float]]] = {}
            for at, doc in enumerate(self.docs):
                if doc.lead:
                    continue
                for term in doc.own:
                    own.setdefault(term, []).append(at)
                for term in doc.context:
                    context.setdefault(term, []).append(at)
                for gram, weight in doc.grams.items():
                    grams.setdefault(gram, []).append((at, weight))
            self._postings = _Postings(own, context, grams)
        return self._postings

    # -- scoring ------------------------------------------------------------

    def quotes(self, plain_text: str, ref: str) -> bool:
        """True when a claim whose text has the plain form ``plain_text`` (see
        :func:`.text.plain`) is the wording of item ``ref``, or of an item below node ``ref``.

        Command verbs, case, punctuation and spelling aside: such a claim
        scores 1 and needs no analysis, which spares most of the work on
        specifications that quote the criteria.
        """
        return self.quote_table.quotes(plain_text, ref)

    def score(self, claim: Analysed, ref: str, *, explain: bool = False) -> Score | None:
        """The score of ``claim`` against node ``ref`` (None: no such node).

        An item with bullets is scored against its whole wording and against
        its lead-in alone, and the better stands. A claim on an outcome,
        sub-topic or topic claims its whole subtree; it is scored against the
        node's own wording and each item below it, and the best stands (with
        its explanation).
        """
        candidates = self._candidates(ref)
        if not candidates:
            return None
        grams = self.claim_grams(claim)
        masses = self._masses(claim)
        scored = [(self._value(claim, masses, grams, doc), doc) for doc in candidates]
        (value, word_score, gram_score), best = max(scored, key=lambda entry: entry[0][0])
        if not explain:
            return Score(ref, value, word_score, gram_score)
        return Score(ref, value, word_score, gram_score,
                     shared=self._labels((t for t in best.own if t in claim.terms), best),
                     missing=self._labels((t for t in best.own if t not in claim.terms), best))

    def _candidates(self, ref: str) -> list[Doc]:
        """The documents a claim of ``ref`` is scored against (none: no such node)."""
        if ref in self.position:
            return [self.docs[i] for i in self.variants[ref]]
        if ref not in self.nodes:
            return []
        candidates = [self.nodes[ref]]
        for i in self.descendants.get(ref, ()):
            candidates += [self.docs[v] for v in self.variants[self.items[i].ref]]
        return candidates

    def word_score(self, claim: Analysed, ref: str) -> float | None:
        """The word part of :meth:`score` alone (None: no such node): a quick lower bound.

        ``WORD_WEIGHT * word_score`` never exceeds the score, whatever the n-grams add.
        """
        candidates = self._candidates(ref)
        if not candidates:
            return None
        masses = self._masses(claim)
        return max(self._words(masses, doc) for doc in candidates)

    def _masses(self, claim: Analysed) -> tuple[tuple[str, float], ...]:
        """Each term of the claim with its idf."""
        idf, unseen = self.idf, self.unseen_idf
        return tuple((term, idf.get(term, unseen)) for term in claim.terms)

    def _value(self, claim: Analysed, masses: tuple[tuple[str, float], ...],
               grams: tuple[dict[str, float], float], doc: Doc) -> tuple[float, float, float]:
        """(combined score, word F-measure, n-gram cosine) of ``claim`` against ``doc``."""
        word_score = self._words(masses, doc)
        vector, norm = grams
        gram_score = min(1.0, _cosine(vector, doc.grams) / norm) if norm else 0.0
        return WORD_WEIGHT * word_score + (1 - WORD_WEIGHT) * gram_score, word_score, gram_score

    @staticmethod
    def _words(masses: tuple[tuple[str, float], ...], doc: Doc) -> float:
        """The word F-measure of a claim's terms (with their idf) against ``doc``."""
        claim_mass = held = mentioned = 0.0
        own, context = doc.own, doc.context
        for term, weight in masses:
            claim_mass += weight
            if term in own:
                held += weight
                mentioned += weight
            elif term in context:
                held += CONTEXT_WEIGHT * weight
        return _f_measure(held / claim_mass if claim_mass else 0.0,
                          mentioned / doc.own_mass if doc.own_mass else 0.0)

    def _labels(self, terms: Iterable[str], doc: Doc) -> tuple[str, ...]:
        """Terms as the criterion words them, rarest first, each word once."""
        ordered = sorted(terms, key=lambda t: -self.idf.get(t, self.unseen_idf))
        labels: list[str] = []
        for term in ordered:
            for label in doc.own[term] or (term_label(term, ()),):
                if label not in labels:
                    labels.append(label)
        return tuple(labels)

    def claim_grams(self, claim: Analysed) -> tuple[dict[str, float], float]:
        """The claim's n-gram vector, weighted as the items' are, and its length."""
        idf, unseen, log = self.gram_idf, self.unseen_idf, math.log
        vector = {gram: (1.0 if n == 1 else 1 + log(n)) * idf.get(gram, unseen)
                  for gram, n in claim.grams.items()}
        return vector, math.sqrt(sum(w * w for w in vector.values()))

    def rank(self, claim: Analysed) -> list[tuple[float, str]]:
        """Every item scoring above zero for ``claim``, best first (ties in criteria order)."""
        postings = self.postings
        held: dict[int, float] = {}
        mentioned: dict[int, float] = {}
        claim_mass = 0.0
        for term in claim.terms:
            weight = self.idf.get(term, self.unseen_idf)
            claim_mass += weight
            for i in postings.own.get(term, ()):
                held[i] = held.get(i, 0.0) + weight
                mentioned[i] = mentioned.get(i, 0.0) + weight
            for i in postings.context.get(term, ()):
                held[i] = held.get(i, 0.0) + CONTEXT_WEIGHT * weight
        dots: dict[int, float] = {}
        vector, norm = self.claim_grams(claim)
        for gram, weight in vector.items():
            for i, doc_weight in postings.grams.get(gram, ()):
                dots[i] = dots.get(i, 0.0) + weight * doc_weight / norm
        scored: list[tuple[float, int, str]] = []
        for i in held.keys() | dots.keys():
            doc = self.docs[i]
            word_score = _f_measure(held.get(i, 0.0) / claim_mass if claim_mass else 0.0,
                                    mentioned.get(i, 0.0) / doc.own_mass if doc.own_mass else 0.0)
            value = WORD_WEIGHT * word_score + (1 - WORD_WEIGHT) * min(1.0, dots.get(i, 0.0))
            if value > 0:
                scored.append((-value, i, doc.ref))
        scored.sort()
        return [(-negative, ref) for negative, _, ref in scored]

    def text_of(self, ref: str) -> str | None:
        """The wording of node ``ref`` as messages quote it."""
        if ref in self.position:
            return self.items[self.position[ref]].text
        node = self.nodes.get(ref)
        return node.text if node is not None else None

    def items_under(self, ref: str) -> list[str]:
        """The items node ``ref`` claims: itself, or every item below it."""
        return self.quote_table.items_under(ref)

    # -- as data (the compiled cache keeps it between runs) -------------------

    def to_data(self) -> dict[str, Any]:
        return {"docs": [_doc_data(doc) for doc in self.docs],
                "nodes": [_doc_data(doc) for doc in self.nodes.values()],
                "descendants": self.descendants, "idf": self.idf, "gram_idf": self.gram_idf,
                "unseen_idf": self.unseen_idf, "verbatim": self.verbatim}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CriteriaIndex:
        """The index :meth:`to_data` gave; KeyError, TypeError or ValueError if it is not one."""
        nodes = [_data_doc(entry) for entry in data["nodes"]]
        return cls(docs=[_data_doc(entry) for entry in data["docs"]],
                   nodes={doc.ref: doc for doc in nodes},
                   descendants={str(k): [int(i) for i in v]
                                for k, v in data["descendants"].items()},
                   idf=dict(data["idf"]), gram_idf=dict(data["gram_idf"]),
                   unseen_idf=float(data["unseen_idf"]),
                   verbatim={str(k): [str(r) for r in v] for k, v in data["verbatim"].items()})


def _doc_data(doc: Doc) -> list[Any]:
    # N-grams are letters, digits and spaces, so "|" can join them: one string parses
    # much faster than a mapping of thousands of keys.
    return [doc.ref, doc.text, doc.own, sorted(doc.context), doc.own_mass,
            "|".join(doc.grams), list(doc.grams.values()), doc.lead]


def _data_doc(entry: list[Any]) -> Doc:
    ref, text, own, context, own_mass, grams, weights, lead = entry
    keys = str(grams).split("|") if grams else []
    vector = dict(zip(keys, map(float, weights), strict=True))  # ValueError if they differ
    return Doc(str(ref), str(text), {str(t): tuple(s) for t, s in own.items()},
               frozenset(context), float(own_mass), vector, bool(lead))


#: Decimal places kept of weights, so that an index read back from the compiled cache
#: (JSON) scores exactly as the one built.
DIGITS = 6


def gram_vector(counts: Mapping[str, int], idf: Mapping[str, float],
                unseen: float) -> dict[str, float]:
    """Unit-length tf-idf vector of n-gram counts (tf damped as 1 + ln n)."""
    vector = {gram: (1.0 if n == 1 else 1 + math.log(n)) * idf.get(gram, unseen)
              for gram, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {g: round(w / norm, DIGITS) for g, w in vector.items()} if norm else {}


def _f_measure(precision: float, recall: float) -> float:
    if precision <= 0 or recall <= 0:
        return 0.0
    beta2 = BETA * BETA
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)


def _cosine(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    """The dot product of two vectors (their cosine when both have unit length)."""
    if len(left) > len(right):
        left, right = right, left
    get = right.get
    return sum(weight * get(gram, 0.0) for gram, weight in left.items())
