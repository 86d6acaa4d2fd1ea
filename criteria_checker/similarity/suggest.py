"""Suggested mappings: for what a specification leaves unmapped, the best matches by text.

Two lists (format: docs/suggest.md):

- every assessment criterion with no mapping of its own, with the criteria
  items its text matches best;
- every criteria item that no mapping covers (at any level: a unit, outcome
  or criterion mapping to the item or to a node above it), with the
  assessment criteria whose text matches it best.

A candidate scores at least :data:`MIN_SCORE`, the score below which the MAP
rules call a claim doubtful whatever else matches; an entry may have none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from criteria_checker.similarity import index_for
from criteria_checker.similarity.judge import LOW
from criteria_checker.similarity.text import analyse

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.spec import QualificationSpec, Unit

#: Candidates listed for each criterion or item, unless asked otherwise.
DEFAULT_CANDIDATES = 3
#: The most candidates a list may ask for.
MAX_CANDIDATES = 20
#: Decimal places of the scores shown.
SCORE_DIGITS = 3
#: The least score of a candidate: below it MAP001 would call the claim doubtful outright.
MIN_SCORE = LOW


class Candidate(NamedTuple):
    """A criteria item an assessment criterion may cover."""

    ref: str
    score: float


class Suggestion(NamedTuple):
    """An assessment criterion with no mapping, and the items its text matches best."""

    #: The unit's reference number (URN), else its number, else its title.
    unit: str
    #: The criterion's number as written.
    criterion: str
    text: str
    candidates: tuple[Candidate, ...]


class CriterionCandidate(NamedTuple):
    """An assessment criterion that may cover an unclaimed item."""

    unit: str
    criterion: str
    score: float
    text: str


class Unclaimed(NamedTuple):
    """A criteria item nothing maps to, and the assessment criteria matching it best."""

    ref: str
    text: str
    candidates: tuple[CriterionCandidate, ...]


class Suggestions(NamedTuple):
    suggestions: list[Suggestion]
    unclaimed: list[Unclaimed]


def unit_label(unit: Unit) -> str:
    """How suggestions name a unit: its URN, else its number, else its title."""
    return unit.reference or unit.number or unit.title


def suggest(spec: QualificationSpec, criteria: CriteriaSet, *,
            candidates: int = DEFAULT_CANDIDATES) -> Suggestions:
    """The suggestions for ``spec`` (see the module docstring), ``candidates`` per entry."""
    index = index_for(criteria)
    wanted = max(1, min(candidates, MAX_CANDIDATES))
    ranked: dict[str, list[tuple[float, str]]] = {}

    def ranking(text: str) -> list[tuple[float, str]]:
        # A document may repeat a criterion's text many times: each is ranked once.
        if text not in ranked:
            claim = analyse(text)
            ranked[text] = [] if claim.empty else [
                (value, ref) for value, ref in index.rank(claim) if value >= MIN_SCORE]
        return ranked[text]

    claimed: set[str] = set()
    criteria_rows: list[tuple[Unit, str, str]] = []
    suggestions = []
    for unit in spec.units:
        for mapping in unit.all_mappings():
            if mapping.ref:
                claimed.update(index.items_under(mapping.ref))
        for outcome in unit.outcomes:
            for criterion in outcome.criteria:
                criteria_rows.append((unit, criterion.number, criterion.text))
                if criterion.mappings:
                    continue
                found = tuple(Candidate(ref, round(value, SCORE_DIGITS))
                              for value, ref in ranking(criterion.text)[:wanted])
                suggestions.append(Suggestion(unit_label(unit), criterion.number,
                                              criterion.text, found))
    unclaimed_items = [doc for doc in index.items if doc.ref not in claimed]
    matches: dict[str, list[tuple[float, int]]] = {doc.ref: [] for doc in unclaimed_items}
    if matches:
        for row, (_, _, text) in enumerate(criteria_rows):
            for value, ref in ranking(text):
                if ref in matches:
                    matches[ref].append((value, row))
    unclaimed = []
    for doc in unclaimed_items:
        best = sorted(matches[doc.ref], key=lambda entry: (-entry[0], entry[1]))[:wanted]
        unclaimed.append(Unclaimed(doc.ref, doc.text, tuple(
            CriterionCandidate(unit_label(criteria_rows[row][0]), criteria_rows[row][1],
                               round(value, SCORE_DIGITS), criteria_rows[row][2])
            for value, row in best)))
    return Suggestions(suggestions, unclaimed)
