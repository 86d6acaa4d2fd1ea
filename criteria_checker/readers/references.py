"""Criteria references as authors write them: in mapping cells and in sentences.

:mod:`criteria_checker.refs` reads one reference in one of its spellings.
Documents hold more than that: lists ("LMAC5A/LM/A.1; A.2 and B.1"), ranges
("LMAC5B/TL B1-B4", "LMAC5D/CI/A.1 to A.3"), whole nodes ("All of
LMAC5C/SG", "LMAC5C/SG (all)"), lettered outcomes ("LMAC5A/LM A, B"),
National Occupational Standards codes beside the references, and sentences
of a unit aim ("This unit meets all of LMAC5B/SO."). This module turns
those into (raw, canonical-or-None) pairs:

- ``raw`` is what the author wrote for the reference; an item of an expanded
  range or list keeps the whole expression as its raw, so a report can quote
  the text the author will search for.
- ``None`` marks something written where a reference belongs that cannot be
  read: the engine reports it instead of the reader guessing. A range whose
  items cannot be listed without the criteria ("A.5-B.2", across outcomes),
  a reversed one, or one longer than :data:`MAX_RANGE` items is one such pair.
- A bare "A2" or "B" is an item or outcome of the sub-topic of the full
  reference before it in the same cell or sentence, never on its own.
- Codes of other standards (NOS codes such as SCDLMCA1, SCDHSC0032,
  CFAM&LDA1; apprenticeship standards such as ST0231) are recognised by their
  shape, letters then digits, and left out: they are not criteria references.

Reading is syntax only, like :mod:`criteria_checker.refs`: whether a node
exists is the criteria set's business. Every number read from the text is
bounded before it sizes a loop.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import field
from functools import lru_cache

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.errors import InvalidReference
from criteria_checker.refs import Ref, parse

__all__ = ["MAX_RANGE", "looks_like_references", "references_in_prose", "split_mappings"]

Pair = tuple[str, str | None]

#: A range naming more items than this is reported, not expanded: no outcome has that many.
MAX_RANGE = 99
# Items that ranges may add to one text: a cell of many ranges stays a few pages of output.
_MAX_EXPANDED = 1000
# A piece longer than this is not one reference (refs.parse stops at 40 characters).
_MAX_PIECE = 100
# Past this length a piece is not split into references at topic codes either.
_MAX_RUN = 2000

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u2007\u2009\u200a\u202f\u2002\u2003\u3000\t"
# One character for one, so positions in the working copy are positions in the text.
_PLAIN = str.maketrans({**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SPACES, " ")})
_NO_BRACKETS = str.maketrans("()[]", "    ")

#: Words around a mapping field's references that only lead in to them ("Covers",
#: "Mapped to", "see also", "SfC criteria"); any other word may change what is claimed.
_LEAD_IN_WORD = (r"(?:covers|covered(?:\s+by)?|covering|(?:mapped|maps|mapping)\s+to|"
                 r"(?:links?|linked|relates|related)\s+to|see(?:\s+also)?|meets|addresses|"
                 r"and|all\s+of|the|sfc|skills\s+for\s+care|qualification|criteri(?:a|on)|"
                 r"references?|refs?|codes?)")
#: Lead-in words opening a piece of a mapping field: "Covers ", "SfC criteria: ".
_LEAD_IN = regex(rf"(?:{_LEAD_IN_WORD}\s*:?(?:\s+|$))+", re.IGNORECASE)
#: Text made of lead-in words and punctuation only.
_LEAD_INS_ONLY = regex(rf"(?:{_LEAD_IN_WORD}|[\s():;,.\-])*", re.IGNORECASE)
_NO_MAPPING = frozenset({
    "", "-", "n/a", "na", "n.a", "none", "nil", "not applicable", "not mapped", "no mapping",
    "tbc", "tbd",
})

# The shape of a topic code. ASCII classes only: with IGNORECASE, Python's
# re lets "ſ" match "s", which would read a reference other than the one written.
_TOPIC = r"[A-Za-z]{2,8}[0-9]{1,2}[A-Za-z]"
_TOPIC_SHAPE = regex(rf"(?<![A-Za-z0-9]){_TOPIC}(?![A-Za-z0-9])", re.ASCII)

# Other standards: upper-case letters (at least five, "&" allowed) then digits and no
# final letter, where a topic code ends in a letter; apprenticeship standards "ST0231".
_OTHER_CODE = (
    r"(?<![A-Za-z0-9&])(?:NOS[ ]*:?[ ]*)?"
    r"(?:(?=[A-Z&]{5,24}[0-9])[A-Z]{2,16}(?:&[A-Z]{2,16})?[0-9]{1,4}|ST[0-9]{4})"
    r"(?![A-Za-z0-9&])"
)
_BULLETS = "\u2022\u2023\u2043\u25aa\u25cf\u25e6\u00b7\u2219"
_SPLIT = regex(
    rf"{_OTHER_CODE}"
    rf"|[,;|&\r\n{_BULLETS}]"
    r"|(?i:\b(?:and|plus)\b|\bas\s+well\s+as\b)"
    # A dash or star opening a line is a list bullet; elsewhere a dash is part of a reference.
    r"|(?:^|(?<=[\r\n]))[ ]*[-*][ ]*"
    # A sub-topic code has no digits, so "/" before a topic code starts a new reference.
    rf"|/(?=[ ]*{_TOPIC}(?![A-Za-z0-9]))",
    re.ASCII,
)

_SHORT_ITEM = regex(r"([A-Za-z])[\s.\-_:]*([1-9][0-9]{0,2})", re.ASCII)
# A lone outcome letter only in capitals: a lower-case "a" is the article.
_LETTER = regex(r"[A-Z]", re.ASCII)
_RANGE_WORD = regex(r"\s*(?:-+|\b(?:to|through|thru|until)\b)\s*", re.ASCII | re.IGNORECASE)
_RANGE_END = regex(r"(?:([A-Za-z])[\s.\-_:]*)?([0-9]{1,3})", re.ASCII)
_ALL = regex(
    r"(?:all|the\s+whole|whole)(?:\s+of)?(?:\s+the)?\s+(?P<first>.+?)"
    r"(?:\s+(?:sub-?topic|topic|outcome|criteria))?"
    r"|(?P<second>.+?)(?:\s+|\s*[-:]\s*)(?:all|in\s+full|whole|entire|complete)"
    r"(?:\s+(?:learning\s+outcomes?|outcomes?|items?|criteria|content|sub-?topics?|topics?))?",
    re.ASCII | re.IGNORECASE,
)


def _ref(text: str) -> Ref | None:
    try:
        return parse(text)
    except InvalidReference:
        return None


@dataclass(frozen=True)
class _Cell:
    """What a cell of references was read as, and how much of it was not."""

    pairs: tuple[Pair, ...]
    unknown: int  # pieces read as no reference at all
    full: int  # pieces naming a topic code


@dataclass
class _Reader:
    """Reads the pieces of one cell in order; a full reference sets the sub-topic after it."""

    pairs: list[Pair] = field(default_factory=list)
    subtopic: str | None = None
    expanded: int = 0
    unknown: int = 0
    full: int = 0

    def piece(self, raw: str, work: str) -> None:
        raw_text = raw.strip()
        if not raw_text:
            return
        clean = work.translate(_NO_BRACKETS)
        core = _core(clean)
        if core.casefold() in _NO_MAPPING:
            return
        found = self.read(core)
        if found is None and clean != work:
            found = self.bracketed(core)
        if found is None:
            # "Covers LMAC5A/LM/A.1", "Mapped to: lmac5b so": words that only lead in.
            lead = _LEAD_IN.match(core)
            if lead is not None and lead.end() < len(core):
                found = self.read(core[lead.end():])
        if found is not None:
            self.pairs.extend((raw_text, ref) for ref in found)
            return
        if self.by_topic_codes(raw, clean):
            return
        self.pairs.append((raw_text, None))
        self.unknown += 1

    def read(self, core: str) -> list[str | None] | None:
        """The references one piece names (None in the list: a range that cannot be listed)."""
        if len(core) > _MAX_PIECE:
            return None
        # "All" first: refs.parse would read "LMAC5C all" as sub-topic "ALL" of LMAC5C.
        whole = _ALL.fullmatch(core)
        if whole is not None:
            named = self.single(whole.group("first") or whole.group("second"))
            if named is not None:
                return [named]
        ref = _ref(core)
        if ref is not None:
            return [self.take(ref)]
        expanded = self.range(core)
        if expanded is not None:
            return expanded
        short = self.shorthand(core)
        return None if short is None else [short]

    def take(self, ref: Ref) -> str:
        """A full reference: the sub-topic that a bare "A2" after it belongs to."""
        self.full += 1
        self.subtopic = f"{ref.topic}/{ref.subtopic}" if ref.subtopic is not None else None
        return str(ref)

    def single(self, text: str) -> str | None:
        ref = _ref(text)
        return self.take(ref) if ref is not None else self.shorthand(text)

    def shorthand(self, text: str) -> str | None:
        """"A2" or "B" after a full reference: an item or outcome of its sub-topic."""
        if self.subtopic is None:
            return None
        short = _SHORT_ITEM.fullmatch(text)
        if short is not None:
            return f"{self.subtopic}/{short.group(1).upper()}.{int(short.group(2))}"
        if _LETTER.fullmatch(text):
            return f"{self.subtopic}/{text}"
        return None

    def range(self, core: str) -> list[str | None] | None:
        """"B1-B4", "A.1 to A.3", "A1-5", "A-C": every item or outcome; [None] if not listable."""
        for word in _RANGE_WORD.finditer(core):
            first_text, last_text = core[: word.start()], core[word.end():]
            if not first_text or not last_text:
                continue
            before = (self.subtopic, self.full)
            first = self.single(first_text)
            if first is None:
                continue
            start = parse(first)
            listed = None
            if start.subtopic is not None and start.outcome is not None:
                listed = self._listed(start, start.outcome, last_text)
            elif _ref(last_text) is not None:
                # "LMAC5C to LMAC5D": a range of sub-topics or topics is not listed.
                listed = [None]
            if listed is not None:
                return listed
            self.subtopic, self.full = before
        return None

    def _listed(self, start: Ref, outcome: str, last_text: str) -> list[str | None] | None:
        """The nodes from ``start`` (an outcome or item) to the end the text names."""
        sub = f"{start.topic}/{start.subtopic}"
        last = last_text.strip()
        last_ref = _ref(last)
        end_letter: str
        end_number: int | None
        if last_ref is not None:
            if f"{last_ref.topic}/{last_ref.subtopic}" != sub or last_ref.outcome is None:
                return [None]
            end_letter, end_number = last_ref.outcome, last_ref.item
        elif _LETTER.fullmatch(last):
            end_letter, end_number = last, None
        else:
            end = _RANGE_END.fullmatch(last)
            if end is None:
                return None
            end_letter = end.group(1).upper() if end.group(1) else outcome
            end_number = int(end.group(2))
        if start.item is None:
            # Outcomes "A-C": a range of letters; an item at either end is not one.
            if end_number is not None or end_letter < outcome:
                return [None]
            letters = [chr(c) for c in range(ord(outcome), ord(end_letter) + 1)]
            return self._budget([f"{sub}/{letter}" for letter in letters])
        if end_number is None or end_letter != outcome:
            # "A.5-B.2": how many items A has is the criteria's business, not the text's.
            return [None]
        if end_number < start.item or end_number - start.item + 1 > MAX_RANGE:
            return [None]
        return self._budget([f"{sub}/{outcome}.{n}" for n in range(start.item, end_number + 1)])

    def _budget(self, refs: list[str]) -> list[str | None]:
        if self.expanded + len(refs) > _MAX_EXPANDED:
            return [None]
        self.expanded += len(refs)
        return [*refs]

    def bracketed(self, core: str) -> list[str | None] | None:
        """"LMAC5C/SG (A and B)": the list inside the brackets, read as if they were not there."""
        before = (self.subtopic, self.expanded, self.full)
        found: list[str | None] = []
        for part in _parts(core):
            part_core = _core(part)
            if part_core.casefold() in _NO_MAPPING:
                continue
            read = self.read(part_core)
            if read is None:
                self.subtopic, self.expanded, self.full = before
                return None
            found.extend(read)
        return found or None

    def by_topic_codes(self, raw: str, clean: str) -> bool:
        """"LMAC5A/LM/A.1 LMAC5B/TL/B.2": references side by side, each starting a topic code."""
        if len(clean) > _MAX_RUN:
            return False
        starts = [m.start() for m in _TOPIC_SHAPE.finditer(clean)]
        if len(starts) < 2 or clean[: starts[0]].strip():
            return False
        if _WORDS_BETWEEN.search(clean):
            return False
        before = (self.subtopic, self.expanded, self.full)
        found: list[Pair] = []
        for start, end in zip(starts, [*starts[1:], len(clean)], strict=True):
            read = self.read(_core(clean[start:end]))
            if read is None:
                self.subtopic, self.expanded, self.full = before
                return False
            found.extend((raw[start:end].strip(), ref) for ref in read)
        self.pairs.extend(found)
        return True


# refs.parse takes a space as a separator, so "LMAC5C or LMAC5D" split at its topic codes
# would read "LMAC5C or" as sub-topic "OR": words like these make the text no list.
_WORDS_BETWEEN = regex(
    r"(?<![A-Za-z0-9/\\\-_:.])(?:or|nor|to|of|the|in|at|by|on|as|is|for|see|not|with|from"
    r"|thru|until|through)(?![A-Za-z0-9/\\\-_:.])",
    re.ASCII | re.IGNORECASE,
)


def _core(text: str) -> str:
    return text.strip().rstrip(".;,:").strip()


def _parts(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _SPLIT.finditer(text):
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """Where balanced outermost brackets are: separators inside them do not split a cell."""
    spans: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                opened = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, index))
    return spans


@lru_cache(maxsize=4096)
def _read_cell(text: str) -> _Cell:
    work = text.translate(_PLAIN)
    if "(" in work:
        spans = _bracket_spans(work)
        opens = [a for a, _ in spans]
    else:
        spans, opens = [], []
    reader = _Reader()
    start = 0
    for match in _SPLIT.finditer(work):
        at = bisect_right(opens, match.start()) - 1
        if at >= 0 and match.start() <= spans[at][1]:
            continue
        reader.piece(text[start : match.start()], work[start : match.start()])
        start = match.end()
    reader.piece(text[start:], work[start:])
    return _Cell(tuple(dict.fromkeys(reader.pairs)), reader.unknown, reader.full)


def split_mappings(text: str) -> tuple[Pair, ...]:
    """(raw, canonical or None) for each reference in a mapping field.

    References are separated by commas, semicolons, new lines, list bullets,
    '&', '|', 'and', 'plus', 'as well as', or '/' before a topic code. Ranges
    and lists are expanded, "all" of a node is the node, codes of other
    standards are left out, empty markers ('-', 'N/A', 'none') mean no
    mapping, and a pair repeated exactly is kept once. Words that only lead
    in ("Covers LMAC5A/LM/A.1", "Mapped to ...", "... (see also ...)") are
    read past; any other word ("not", "except", "in part") leaves the field
    unresolved, for a person to judge.
    """
    cell = _read_cell(text)
    if not cell.unknown:
        return cell.pairs
    if _TOPIC_SHAPE.search(text) is not None and _lead_ins_only(text):
        found = _prose(text)
        if found and all(ref is not None for _, ref in found):
            return found
    # A lead-in word on its own ("Covers" before "SCDHSC0032, lmac5b ld") is not a
    # reference, unless it is all the field says.
    kept = tuple(pair for pair in cell.pairs
                 if pair[1] is not None or _LEAD_IN.fullmatch(pair[0] + " ") is None)
    if len(kept) < len(cell.pairs) and (kept or _OTHER_CODE_RE.search(text) is not None):
        return kept
    return cell.pairs


_OTHER_CODE_RE = regex(_OTHER_CODE, re.ASCII)


@lru_cache(maxsize=1024)
def _lead_ins_only(text: str) -> bool:
    """Whether ``text`` outside its references holds lead-in words only.

    Other standards' codes ("SCDHSC0032") among them are left out, as in a list.
    """
    if len(text) > _MAX_LEAD_IN_TEXT:
        return False
    work = text.translate(_PLAIN)
    position = 0
    for start, end in _reference_runs(work):
        if _LEAD_INS_ONLY.fullmatch(_OTHER_CODE_RE.sub(" ", work[position:start])) is None:
            return False
        position = end
    return _LEAD_INS_ONLY.fullmatch(_OTHER_CODE_RE.sub(" ", work[position:])) is not None


#: A mapping field longer than this is not read past its words.
_MAX_LEAD_IN_TEXT = 500


_OTHER_CODES_ONLY = regex(rf"(?:[ ]*{_OTHER_CODE}[ ]*[,;/&]?)+[ .]*", re.ASCII)


def only_other_codes(text: str) -> bool:
    """Whether a line holds nothing but other standards' codes ("SCDHSC0035, SCDLMCB2")."""
    return len(text) <= 200 and _OTHER_CODES_ONLY.fullmatch(text) is not None


def has_topic_code(text: str) -> bool:
    """Whether ``text`` holds something shaped like a topic code (a cheap first look)."""
    return _TOPIC_SHAPE.search(text) is not None


def looks_like_references(text: str) -> bool:
    """Whether a cell or line holds criteria references and nothing else.

    Separators, range words, "all", empty markers and codes of other
    standards may surround them; at least one reference must name a topic
    code. False for "1.1", a URN, other standards' codes alone, or prose.
    """
    if _TOPIC_SHAPE.search(text) is None:
        return False
    cell = _read_cell(text)
    if cell.unknown == 0:
        return cell.full > 0
    # Read past its lead-in words as a mapping field is ("Mapped to SCDLMCS2, LMAC5E/EC/B.1").
    pairs = split_mappings(text)
    return bool(pairs) and all(ref is not None for _, ref in pairs)


# -- references inside sentences ---------------------------------------------------------

# In a sentence, parts separated by spaces alone must be capitals ("LMAC5A LM A.1"):
# "LMAC5B and LMAC5C" is two topics, not sub-topic "AND". A full stop separates parts
# only when a letter or digit follows it at once: "LMAC5B/SO. A learner" ends at SO.
_STRONG = r"(?:[ ]*[/\\][ ]*|[\-_:]|\.(?=[A-Za-z0-9]))"
_ITEM = r"(?:[.\-_:][ ]?|[ ])?[0-9]{1,3}(?![A-Za-z0-9])"
# What may follow a lone capital for it to be an outcome letter, not a word such as "A".
_BOUNDARY = (r"[ ]*(?:$|[,;:&|()\-!?\r\n]|\.(?![0-9])|(?i:and|or|plus|to|through|as[ ]+well)"
             r"(?![A-Za-z]))")
_AFTER_LETTER = f"(?={_BOUNDARY})"
_PROSE_REF = (
    rf"{_TOPIC}(?![A-Za-z0-9])"
    rf"(?:(?:{_STRONG}[A-Za-z]{{1,3}}|[ ]+[A-Z]{{1,3}})(?![A-Za-z0-9])"
    rf"(?:{_STRONG}[A-Za-z](?:{_ITEM}|(?![A-Za-z0-9]))"
    rf"|[ ]+[A-Z](?:{_ITEM}|{_AFTER_LETTER}))?)?"
)
_PROSE_START = regex(_PROSE_REF, re.ASCII)
_PROSE_NEXT = regex(
    r"(?P<conn>[ ]*(?:[,;&|]|(?i:and|plus|as[ ]+well[ ]+as)(?![A-Za-z])"
    r"|(?P<range>-+|(?i:to|through|thru)(?![A-Za-z])))?[ ]*)"
    r"(?P<open>\([ ]*)?"
    rf"(?:(?P<ref>{_PROSE_REF})"
    rf"|(?P<short>[A-Z]{_ITEM}|[a-z]\.[0-9]{{1,3}}(?![0-9]))"
    # Another standard's code among the references ("E.4, SCDLMCS2, E.5") does not end them.
    rf"|(?P<other>{_OTHER_CODE})"
    r"|(?P<number>[0-9]{1,3}(?![A-Za-z0-9]|\.[0-9]))"
    rf"|(?P<letter>[A-Z]{_AFTER_LETTER})"
    r"|(?P<all>(?i:all(?:[ ]+(?:outcomes|items|criteria|content))?|in[ ]+full)(?![A-Za-z])))",
    re.ASCII,
)
_KINDS = ("ref", "short", "number", "letter", "all", "other")
# An item ("A2") or number may also end before an ordinary word of the sentence
# ("A1, A2 of the criteria"); a lone letter may not ("A of" is not an outcome).
_ENDS_TOKEN = regex(
    _BOUNDARY + r"|[ ]+(?i:of|in|for|from|within|which|that|is|are|was|were|will|under|at|on"
                r"|by|with)(?![A-Za-z])", re.ASCII)
_CLOSE = regex(r"[ ]*\)", re.ASCII)


def _code_like(work: str, ref: re.Match[str] | None) -> bool:
    """Whether a reference-shaped token is written as a code: "mp3s" and "CO2e" are words.

    A topic code alone counts only in capitals; in lower case it needs a sub-topic after it.
    """
    if ref is None:
        return False
    topic = _TOPIC_SHAPE.match(work, ref.start())
    assert topic is not None
    code = topic.group(0)
    return code.isupper() or (code.islower() and ref.end() > topic.end())


def _run_end(work: str, start: int) -> int | None:
    """Where the references starting at ``start`` end, or None if no reference starts there."""
    first = _PROSE_START.match(work, start)
    if first is None:
        return None
    if not _code_like(work, first):
        return None
    end = first.end()
    opened: int | None = None
    while True:
        step = _PROSE_NEXT.match(work, end)
        if step is None:
            break
        conn = step.group("conn").strip()
        kind = next(k for k in _KINDS if step.group(k) is not None)
        if kind == "all" and conn not in ("", "-"):
            break
        if kind in ("short", "letter", "number", "other") and not conn \
                and not step.group("open"):
            break
        if kind == "number" and step.group("range") is None:
            break
        # "to 3 units", "B2 level": a number or item must end where a reference list can,
        # unless it closes a range whose start is a reference.
        if (kind == "number" or (kind == "short" and step.group("range") is None)) and (
                _ENDS_TOKEN.match(work, step.end()) is None):
            break
        if kind == "ref" and not _code_like(work, _PROSE_START.match(work, step.start("ref"))):
            break
        if step.group("open"):
            if opened is not None:
                break
            opened = end
        end = step.end()
        if opened is not None:
            close = _CLOSE.match(work, end)
            if close is not None:
                end, opened = close.end(), None
    return end if opened is None else opened


def _reference_runs(work: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of references in ``work`` (plain text), in order."""
    position = 0
    for match in _TOPIC_SHAPE.finditer(work):
        if match.start() < position:
            continue
        end = _run_end(work, match.start())
        if end is None:
            continue
        yield match.start(), end
        position = end


@lru_cache(maxsize=1024)
def _prose(text: str) -> tuple[Pair, ...]:
    pairs: list[Pair] = []
    for start, end in _reference_runs(text.translate(_PLAIN)):
        pairs.extend(_read_cell(text[start:end]).pairs)
    return tuple(dict.fromkeys(pairs))


def references_in_prose(text: str) -> tuple[Pair, ...]:
    """The criteria references a sentence or paragraph names, as (raw, canonical or None).

    Only references starting with a topic code count; "A2" after one in the
    same run is read as in a mapping cell, as are ranges, "(all)" and
    lettered outcomes. Ordinary words and other standards' codes are never
    read as references. Cheap for text without a topic code, so it can run
    on every paragraph.
    """
    if _TOPIC_SHAPE.search(text) is None:
        return ()
    return _prose(text)
