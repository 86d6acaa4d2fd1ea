"""The qualification title where the key facts do not give it.

Many specifications state the title once, on the cover page, as the
document's first heading (often in Word's Title style), inside a content
control bound to the document title, or in the page header, and never in a
key-facts table. A title is recognised by its shape, the one Ofqual's
naming rules give every regulated title: a level and a size word ("Level 5
Diploma in ...", "NCFE CACHE Level 5 Diploma in ..."). Only the front
matter is searched (before the first unit, unit list or key-facts table
that states a title) so that a superseded qualification named further on is
never taken for this one.
"""

from __future__ import annotations

import re

from criteria_checker.compiled_cache import regex

#: A level and an Ofqual size word, in either order, as every regulated title has.
_TITLE_SHAPE = regex(
    r"\blevel\s+[1-8]\b.{0,80}?\b(extended diploma|diploma|certificate|award)\b|"
    r"\b(extended diploma|diploma|certificate|award)\b.{0,80}?\blevel\s+[1-8]\b",
    re.IGNORECASE)
#: How a cover or page header sets other words beside the title.
_SEGMENTS = regex(r"\s+[|–—]\s+|\s+-\s+|\n|\t")
#: A sentence about the qualification, not its title.
_SENTENCE = regex(r"^(this|the|these|learners?|it|a|an|our|we|you|in|for|to)\b|"
                       r"\b(is|are|was|were|replaces|supersedes|will|must|may)\b",
                       re.IGNORECASE)
_PAGE_NUMBER = regex(r"\s+\d{1,4}$")
_LABEL = regex(r"^[^:]{1,40}:\s*")
_MAX_WORDS = 30


def title_in(text: str) -> str | None:
    """The qualification title a cover line, heading or page header states, if it states one."""
    if len(text) > 400:
        return None
    for segment in _SEGMENTS.split(text):
        # A contents entry ends in its page number: "Level 5 Diploma in ... 2".
        segment = _PAGE_NUMBER.sub("", " ".join(segment.split()))
        label = _LABEL.match(segment)
        if label is not None and _TITLE_SHAPE.search(label.group(0)) is None:
            segment = segment[label.end():]  # "Qualification specification: Level 5 ..."
        if (_TITLE_SHAPE.search(segment) is not None and not segment.endswith(".")
                and len(segment.split()) <= _MAX_WORDS and _SENTENCE.search(segment) is None):
            return segment
    return None
