"""Ofqual's General Conditions of Recognition on hours and size.

The constants (hours per credit, the least TQT of a Diploma) are Ofqual's,
not the criteria's: rules pass them as parameters and cite the Condition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from criteria_checker.checks.common import unit_name
from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import NoParams, Params, RawFinding, check
from criteria_checker.model.constraints import Ge, Gt, MinLen
from criteria_checker.model.spec import SourceLocation


def _subjects(context: CheckContext, fact: str) -> Iterator[
        tuple[str, int | None, int | None, SourceLocation | None]]:
    """(subject, value of ``fact``, TQT, location) for the qualification, then each unit."""
    spec = context.spec
    yield "the qualification", getattr(spec, fact), spec.tqt, spec.location_of(fact)
    unit_fact = "credit" if fact == "credits" else fact
    for unit in spec.units:
        yield unit_name(unit), getattr(unit, unit_fact), unit.tqt, unit.location


@check("ofqual.glh_within_tqt", params=NoParams, fields=("subject", "glh", "tqt"))
def glh_within_tqt(context: CheckContext, params: NoParams) -> Iterator[RawFinding]:
    """GLH does not exceed TQT, for the qualification and each unit (TQT includes GLH)."""
    for subject, glh, tqt, location in _subjects(context, "glh"):
        if glh is not None and tqt is not None and glh > tqt:
            yield RawFinding({"subject": subject, "glh": glh, "tqt": tqt}, location)


@dataclass(frozen=True, kw_only=True, slots=True)
class CreditParams(Params):
    """Parameters of ``ofqual.credit_value``."""

    hours_per_credit: Annotated[int, Gt(0)]


@check("ofqual.credit_value", params=CreditParams,
       fields=("subject", "credit", "tqt", "expected", "hours_per_credit"))
def credit_value(context: CheckContext, params: CreditParams) -> Iterator[RawFinding]:
    """Credit equals TQT divided by the hours per credit, rounded to the nearest whole number.

    Exactly half-way (TQT 95 -> 9.5) either neighbour is accepted: the
    Condition does not say which way a half rounds.
    """
    for subject, credit, tqt, location in _subjects(context, "credits"):
        if credit is None or tqt is None:
            continue
        allowed = nearest_whole(tqt, params.hours_per_credit)
        if credit not in allowed:
            yield RawFinding({"subject": subject, "credit": credit, "tqt": tqt,
                              "expected": " or ".join(str(n) for n in allowed),
                              "hours_per_credit": params.hours_per_credit}, location)


def nearest_whole(numerator: int, denominator: int) -> tuple[int, ...]:
    """The whole numbers nearest ``numerator / denominator``: two when it is exactly half-way."""
    quotient, remainder = divmod(numerator, denominator)
    if remainder * 2 == denominator:
        return (quotient, quotient + 1)
    return (quotient + 1,) if remainder * 2 > denominator else (quotient,)


@dataclass(frozen=True, kw_only=True, slots=True)
class SizeParams(Params):
    """Parameters of ``ofqual.size_word``: a size word and its least TQT."""

    word: Annotated[str, MinLen(1)]
    min_tqt: Annotated[int, Ge(0)]


@check("ofqual.size_word", params=SizeParams, fields=("word", "tqt", "min_tqt"))
def size_word(context: CheckContext, params: SizeParams) -> Iterator[RawFinding]:
    """A title using a size word (Award, Certificate, Diploma) has the TQT that word requires."""
    title, tqt = context.spec.title, context.spec.tqt
    if title is None or tqt is None:
        return
    if regex(rf"\b{re.escape(params.word)}\b", re.IGNORECASE).search(title) \
            and tqt < params.min_tqt:
        yield RawFinding({"word": params.word, "tqt": tqt, "min_tqt": params.min_tqt},
                         context.spec.location_of("tqt"))
