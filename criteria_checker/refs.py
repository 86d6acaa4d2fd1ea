"""Criteria references: one canonical spelling for every node.

Canonical forms: topic ``LMAC5A``, sub-topic ``LMAC5A/LM``, outcome
``LMAC5A/LM/A``, item ``LMAC5A/LM/A.1``. Authors write these many ways
(``lmac5a/lm a1``, ``LMAC5A/LM-A.1``, ``LMAC5A LM A.1``); :func:`normalise`
accepts those and rejects anything it cannot read unambiguously, saying why.
It is syntax only: whether the node exists is the criteria set's business.
"""

from __future__ import annotations

import re

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.errors import InvalidReference

# A separator is any run of these; between sub-topic and outcome one is
# required, because "LMA" could be sub-topic "LM" + outcome "A" or a
# three-letter sub-topic.
_SEP = r"[\s/\\\-_:.]+"
_PATTERN = regex(
    rf"""
    ^(?P<topic>[A-Z]{{2,8}}[0-9]{{1,2}}[A-Z])
    (?:{_SEP}(?P<sub>[A-Z]{{1,3}})
      (?:{_SEP}(?P<outcome>[A-Z])
        (?:[\s.\-_:]*(?P<item>[0-9]{{1,3}}))?
      )?
    )?
    [\s.;,]*\Z
    """,
    re.VERBOSE,
)

# Canonical forms; use with fullmatch (``$`` would accept a trailing newline).
TOPIC_CODE = regex(r"[A-Z]{2,8}[0-9]{1,2}[A-Z]")
SUBTOPIC_CODE = regex(r"[A-Z]{2,8}[0-9]{1,2}[A-Z]/[A-Z]{1,3}")
OUTCOME_LETTER = regex(r"[A-Z]")
_OUTCOME_RE = regex(r"[A-Z]{2,8}[0-9]{1,2}[A-Z]/[A-Z]{1,3}/[A-Z]")
_ITEM_RE = regex(r"[A-Z]{2,8}[0-9]{1,2}[A-Z]/[A-Z]{1,3}/[A-Z]\.[1-9][0-9]{0,2}")
MAX_ITEM_NUMBER = 999

_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

_EXAMPLE = "e.g. LMAC5A, LMAC5A/LM, LMAC5A/LM/A or LMAC5A/LM/A.1"


@dataclass(frozen=True, order=True)
class Ref:
    """A parsed canonical reference; absent parts are ``None``."""

    topic: str
    subtopic: str | None = None
    outcome: str | None = None
    item: int | None = None

    @property
    def level(self) -> str:
        """One of ``topic``, ``subtopic``, ``outcome``, ``item``."""
        if self.item is not None:
            return "item"
        if self.outcome is not None:
            return "outcome"
        if self.subtopic is not None:
            return "subtopic"
        return "topic"

    def __str__(self) -> str:
        text = self.topic
        if self.subtopic is not None:
            text += f"/{self.subtopic}"
        if self.outcome is not None:
            text += f"/{self.outcome}"
        if self.item is not None:
            text += f".{self.item}"
        return text


def parse(text: str) -> Ref:
    """Parse a reference in any accepted spelling.

    Raises :class:`InvalidReference` with the reason when ``text`` is not one.
    """
    if not isinstance(text, str):
        raise InvalidReference(f"{text!r} is not a criteria reference: expected text, {_EXAMPLE}")
    raw = text.strip()
    if not raw:
        raise InvalidReference(f"an empty string is not a criteria reference ({_EXAMPLE})")
    if len(raw) > 40:
        raise InvalidReference(
            f"{_shorten(raw)!r} is too long to be a criteria reference ({_EXAMPLE})"
        )
    # Only ASCII letters are folded: str.upper() maps some other letters to
    # ASCII ("ſ" to "S"), which would read a different reference than written.
    match = _PATTERN.match(raw.translate(_ASCII_UPPER))
    if match is None:
        raise InvalidReference(f"{raw!r} is not a criteria reference ({_EXAMPLE})")
    item_text = match.group("item")
    item = int(item_text) if item_text is not None else None
    if item == 0:
        raise InvalidReference(f"{raw!r} is not a criteria reference: items are numbered from 1")
    return Ref(match.group("topic"), match.group("sub"), match.group("outcome"), item)


def normalise(text: str) -> str:
    """Return the canonical spelling of a reference, or raise :class:`InvalidReference`."""
    return str(parse(text))


def is_canonical(text: str) -> bool:
    """True when ``text`` is already a reference in canonical form."""
    return any(p.fullmatch(text) for p in (TOPIC_CODE, SUBTOPIC_CODE, _OUTCOME_RE, _ITEM_RE))


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
