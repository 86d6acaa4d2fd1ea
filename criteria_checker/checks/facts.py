"""Key facts a specification must state (Ofqual Condition E3.2 and the criteria's title)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import Params, RawFinding, check

Fact = Literal["title", "qualification_number", "level", "tqt", "glh", "credits"]

FACT_NAMES: dict[str, str] = {
    "title": "title",
    "qualification_number": "qualification number",
    "level": "level",
    "tqt": "Total Qualification Time (TQT)",
    "glh": "Guided Learning Hours (GLH)",
    "credits": "credit value",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class FactParams(Params):
    """Parameters of ``facts.stated``: the fact that must be stated."""

    fact: Fact


@check("facts.stated", params=FactParams, fields=("fact",))
def fact_stated(context: CheckContext, params: FactParams) -> Iterator[RawFinding]:
    """The specification states the key fact ``fact``."""
    value = getattr(context.spec, params.fact)
    if value is None or (isinstance(value, str) and not value.strip()):
        yield RawFinding({"fact": FACT_NAMES[params.fact]}, context.spec.location_of(params.fact))
