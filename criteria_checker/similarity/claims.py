"""The claims a specification makes, each with the text that makes it, judged.

A claim is a mapping written on a learning outcome or an assessment
criterion: that element's text is what the claim rests on. Mappings on a
unit as a whole (its "Skills for Care reference") are not judged here: a
unit's title and aim are too broad to be held to one item's wording.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from criteria_checker.similarity import index_for, quotes_for
from criteria_checker.similarity.judge import Judgement, judge
from criteria_checker.similarity.text import Analysed, analyse_words, plain_words, words

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.spec import Mapping, QualificationSpec, SourceLocation, Unit


class Claim(NamedTuple):
    """One mapping of a learning outcome or assessment criterion, with its element's text."""

    unit: Unit
    #: ``AC 2.3`` or ``LO 2``.
    element: str
    text: str
    mapping: Mapping
    #: Every reference the same element claims (this one included).
    claimed: tuple[str, ...]
    #: Where the element itself was read.
    element_location: SourceLocation | None = None

    @property
    def ref(self) -> str:
        return self.mapping.ref or ""

    @property
    def location(self) -> SourceLocation | None:
        """Where the mapping was read, else its element, else None (the unit's place then)."""
        return self.mapping.location or self.element_location


def claims_of(spec: QualificationSpec) -> Iterator[Claim]:
    """Every mapping with a canonical reference on an outcome or criterion, in document order."""
    for unit in spec.units:
        for outcome in unit.outcomes:
            if outcome.mappings:
                yield from _claims(unit, f"LO {outcome.number}", outcome.text, outcome.mappings,
                                   outcome.location)
            for criterion in outcome.criteria:
                mappings = criterion.mappings
                if len(mappings) == 1:
                    # Most criteria name one reference: made here, without a generator
                    # of their own (which was half the cost of listing the claims).
                    ref = mappings[0].ref
                    if ref:
                        yield Claim(unit, f"AC {criterion.number}", criterion.text, mappings[0],
                                    (ref,), criterion.location)
                elif mappings:
                    yield from _claims(unit, f"AC {criterion.number}", criterion.text, mappings,
                                       criterion.location)


def _claims(unit: Unit, element: str, text: str, mappings: list[Mapping],
            location: SourceLocation | None) -> Iterator[Claim]:
    claimed = tuple(dict.fromkeys(m.ref for m in mappings if m.ref))
    for mapping in mappings:
        if mapping.ref:
            yield Claim(unit, element, text, mapping, claimed, location)


class JudgedClaim(NamedTuple):
    claim: Claim
    judgement: Judgement


#: The verdict on every claim that quotes what it claims (one shared, immutable).
_QUOTES = Judgement(None, doubtful=False)


def judge_claims(spec: QualificationSpec, criteria: CriteriaSet) -> list[JudgedClaim]:
    """Every claim of ``spec`` that can be judged, with its verdict.

    Claims naming no node of the criteria (COV003 reports them) and claims
    whose text has no words to compare are left out. Each distinct text and
    claim is judged once, however often a document repeats it.
    """
    quotes = quotes_for(criteria)
    index = None  # loaded for the first claim that does not quote what it claims
    analysed: dict[str, Analysed] = {}
    verdicts: dict[tuple[str, str, tuple[str, ...]], Judgement | None] = {}
    judged = []
    split: dict[str, list[str]] = {}
    quoted: dict[tuple[str, str], bool] = {}
    for claim in claims_of(spec):
        text, ref = claim.text, claim.ref
        quoting = quoted.get((text, ref))
        if quoting is None:
            found = split.get(text)
            if found is None:
                found = split[text] = words(text)
            quoting = quoted[text, ref] = quotes.quotes(plain_words(found), ref)
        if quoting:
            judged.append(JudgedClaim(claim, _QUOTES))
            continue
        if index is None:
            index = index_for(criteria)
        if text not in analysed:
            analysed[text] = analyse_words(split[text])
        others = tuple(other for other in claim.claimed if other != ref)
        key = (text, ref, others)
        if key not in verdicts:
            verdicts[key] = judge(index, analysed[text], ref, others)
        verdict = verdicts[key]
        if verdict is not None:
            judged.append(JudgedClaim(claim, verdict))
    return judged
