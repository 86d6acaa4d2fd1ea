"""The shared title (Section A, "Qualification title").

Register titles put the awarding organisation's name first and may end with
"(RQF)", "(England)" or both; titles are compared without those, case-folded,
with "&" read as "and" and runs of white space as one space. Anything before
the shared title is taken to be the organisation's name. A title close to
the shared one but not equal is reported as a near miss, naming the title
expected, because it is usually a slip (a plural, a dropped word).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.engine.context import CheckContext
from criteria_checker.engine.registry import Params, RawFinding, check

#: Titles at least this similar (difflib ratio, 0-1, after normalising) are near misses.
#: The superseded "Leadership and Management for Adult Care" title scores 0.78
#: against "Leading and Managing an Adult Care Service": a different title, not a slip.
NEAR_MISS_RATIO = 0.85

_SUFFIX = regex(r"\s*\((?:rqf|england)\)\s*$")
_AND = regex(r"\s*&\s*")


def normalise_title(title: str) -> str:
    """Case-folded, "&" as "and", single spaces, without "(RQF)"/"(England)" suffixes."""
    text = " ".join(_AND.sub(" and ", title).split()).casefold()
    while True:
        stripped = _SUFFIX.sub("", text)
        if stripped == text:
            return text.strip()
        text = stripped


TitleMatch = Literal["same", "near_miss", "different"]


def compare_titles(title: str, expected: str, organisation: str | None = None) -> TitleMatch:
    """How ``title`` (as printed, perhaps with the organisation's name) relates to ``expected``."""
    given, wanted = normalise_title(title), normalise_title(expected)
    if given == wanted or given.endswith(" " + wanted):
        return "same"
    import difflib  # here: a conformant title, the usual case, never needs it

    core = _without_organisation(given, wanted, organisation)
    ratio = difflib.SequenceMatcher(None, core, wanted).ratio()
    return "near_miss" if ratio >= NEAR_MISS_RATIO else "different"


def _without_organisation(given: str, wanted: str, organisation: str | None) -> str:
    if organisation:
        name = normalise_title(organisation)
        if given.startswith(name + " "):
            return given[len(name) + 1:]
    # Without a known name, align on the shared title's first word ("level").
    first = wanted.split(" ", 1)[0]
    at = given.find(" " + first + " ")
    return given[at + 1:] if at >= 0 and not given.startswith(first + " ") else given


@dataclass(frozen=True, kw_only=True, slots=True)
class TitleParams(Params):
    """Parameters of ``title.shared``."""

    #: Which mismatches this rule reports.
    match: Literal["near_miss", "different"]


@check("title.shared", params=TitleParams, fields=("title", "expected"))
def shared_title(context: CheckContext, params: TitleParams) -> Iterator[RawFinding]:
    """The title is the shared title (the criteria's, or the one given with --shared-title)."""
    title = context.spec.title
    if title is None or not title.strip():
        return
    expected = context.accepted_title
    if compare_titles(title, expected, context.spec.awarding_organisation) == params.match:
        yield RawFinding({"title": " ".join(title.split()), "expected": expected},
                         context.spec.location_of("title"))
