"""Whether a claim's text says what it claims: the thresholds and the two tests.

A claim of an item is *doubtful* when its text

- shares almost nothing with the item: a score below :data:`LOW`; or
- shares a little with it but much more with another item: a score below
  :data:`HIGH` while some item the claim's element does not claim scores at
  least :data:`MARGIN` more (the claim was shifted to a neighbour, or the
  mapping column slipped a row).

A claim of an outcome, sub-topic or topic is judged by the first test alone,
against the best of the node and its items: a broad claim is not wrong for
matching one part of its subtree better than another.

The thresholds were calibrated on the tuning half of the evaluation set and
measured on the held-out half (docs/suggest.md).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from criteria_checker.similarity.index import WORD_WEIGHT, CriteriaIndex, Score
from criteria_checker.similarity.text import Analysed

#: Below this score a claim is doubtful whatever else matches.
LOW = 0.16
#: At or above this score a claim stands whatever else matches.
HIGH = 0.55
#: How much better another item must match for a claim in between to be doubtful.
MARGIN = 0.1


class Judgement(NamedTuple):
    """A claim's score against what it claims, and the verdict.

    The score of a doubtful claim carries its explanation (shared and
    missing terms). A sound claim's score is None when it was not needed:
    the claim quotes its item, or its shared words alone put it above
    :data:`HIGH`, whatever its n-grams add.
    """

    score: Score | None
    doubtful: bool
    #: The item that matches better, when that is why the claim is doubtful.
    better: tuple[str, float] | None = None


def judge(index: CriteriaIndex, claim: Analysed, ref: str,
          claimed: Collection[str] = ()) -> Judgement | None:
    """The verdict on ``claim`` claiming node ``ref`` (None: no such node, or nothing to judge).

    ``claimed`` are the other references the same element claims: a better
    match among them does not make this claim doubtful (a criterion covering
    two items matches each of them less well than either alone).
    """
    if claim.empty:
        return None
    words_only = index.word_score(claim, ref)
    if words_only is None:
        return None
    if WORD_WEIGHT * words_only >= HIGH:
        return Judgement(None, doubtful=False)
    score = index.score(claim, ref)
    if score is None:
        return None
    if score.value < LOW:
        return Judgement(_explained(index, claim, ref), doubtful=True)
    if score.value >= HIGH or ref not in index.position:
        return Judgement(score, doubtful=False)
    covered = {item for other in claimed for item in index.items_under(other)}
    for value, other in index.rank(claim):
        if value < score.value + MARGIN:
            break
        if other != ref and other not in covered:
            return Judgement(_explained(index, claim, ref), doubtful=True, better=(other, value))
    return Judgement(score, doubtful=False)


def _explained(index: CriteriaIndex, claim: Analysed, ref: str) -> Score:
    """The score with its shared and missing terms (only doubtful claims need them)."""
    score = index.score(claim, ref, explain=True)
    assert score is not None  # scored a moment ago
    return score
