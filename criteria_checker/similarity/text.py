"""From a sentence to what is compared: key terms and character n-grams.

A text is cut to :data:`MAX_CHARS` characters (a hostile document may hold a
megabyte in one cell), folded to lower case with British spellings, split
into words, stemmed, and matched against the concept phrases of
:mod:`.vocabulary`. Stop words and the command verbs of assessment criteria
("Explain", "Describe how to", "Analyse") are dropped: they say how a learner
shows something, not what.

Terms are stems (``safeguard``) or concepts (``=abuse``); each keeps the
words it was read from, so an explanation quotes the text, not its stems.
Character 4-grams of the content words back the terms up where stemming
does not reach (``lead``/``leadership``, ``co-ordinate``/``coordinate``,
typing slips).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from criteria_checker.compiled_cache import regex
from criteria_checker.similarity.stem import stem
from criteria_checker.similarity.vocabulary import CONCEPTS, STEM_FIXES, WORD_STEMS

#: Characters of a text that are analysed; the rest is ignored.
MAX_CHARS = 2000
#: Length of the character n-grams.
GRAM = 4
#: Prefix of a concept term, which no stem can start with.
CONCEPT_MARK = "="

STOP_WORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "e", "each",
    "eg", "either", "etc", "few", "for", "from", "further", "g", "had", "has", "have", "having",
    "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "ie", "if",
    "in", "include", "included", "includes", "including", "into", "is", "it", "its", "itself",
    "just", "may", "me", "might", "more", "most", "must", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
    "per", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "upon", "very", "via", "was", "we", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with",
    "within", "without", "would", "yet", "you"
})

#: The command verbs and framing of assessment criteria and outcomes.
COMMAND_WORDS = frozenset({
    "able", "analyse", "analysing", "analyze", "analyzing", "briefly", "can", "clearly",
    "compare", "contrast", "critically", "define", "demonstrate", "describe", "describing",
    "detail", "discuss", "evaluate", "evaluating", "explain", "explaining", "identify",
    "illustrate", "justify", "know", "knowing", "learner", "learners", "list", "outline",
    "show", "state", "summarise", "summarize", "understand", "understanding", "will"
})

_WORD = regex(r"[a-z0-9]+")
_POSSESSIVE = regex(r"(?<=[a-z])'s\b|(?<=s)'(?![a-z])")
_AMERICAN_IZE = regex(r"^([a-z]{2,})iz(e|es|ed|ing|ation|ations|er|ers)$")
_AMERICAN_OR = {"behavior": "behaviour", "behaviors": "behaviours", "behavioral": "behavioural",
                "center": "centre", "centers": "centres", "centered": "centred",
                "program": "programme", "programs": "programmes", "color": "colour",
                "analyze": "analyse", "favor": "favour", "labor": "labour",
                "counseling": "counselling", "judgment": "judgement"}


class Analysed:
    """A text as compared: its distinct terms, with the words each came from, and its n-grams.

    The n-grams are counted on first use: a claim judged by its terms alone never needs them.
    """

    __slots__ = ("_content", "_grams", "terms")

    def __init__(self, terms: Mapping[str, tuple[str, ...]],
                 grams: Mapping[str, int] | None = None, *,
                 content: Sequence[str] = ()) -> None:
        #: Terms in order of first appearance, each with the words it was read from.
        self.terms = terms
        self._grams = grams
        self._content = content

    @property
    def grams(self) -> Mapping[str, int]:
        """Character n-grams of the content words, with counts."""
        if self._grams is None:
            self._grams = char_grams(self._content)
        return self._grams

    @property
    def empty(self) -> bool:
        return not self.terms


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (its first :data:`MAX_CHARS` characters), British spelling."""
    folded = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    if "'" in folded:
        # Most texts hold no apostrophe, and the search for possessives (a
        # look-behind tried at every character) was a third of this function.
        folded = _POSSESSIVE.sub("", folded).replace("'", "")
    return [_british(word) for word in _WORD.findall(folded)]


@lru_cache(maxsize=16384)
def _british(word: str) -> str:
    known = _AMERICAN_OR.get(word)
    if known is not None:
        return known
    match = _AMERICAN_IZE.match(word)
    return f"{match.group(1)}is{match.group(2)}" if match else word


#: Stems found so far, by word; the compiled cache keeps the criteria's between runs.
_STEMS: dict[str, str] = {}
#: Words whose stems are kept; beyond it (a hostile document) stems are recomputed.
_MAX_STEMS = 50_000


def plain(text: str) -> str:
    """``text`` as words alone, without the command verbs it starts with.

    Two texts with the same plain form say the same thing ("Explain the
    purpose of the inspection system." and "the purpose of the inspection
    system"): a claim whose text is its item's wording needs no scoring.
    """
    return plain_words(words(text))


def plain_words(found: Sequence[str]) -> str:
    """:func:`plain` of a text already split by :func:`words`."""
    start = 0
    while start < len(found) and found[start] in COMMAND_WORDS:
        start += 1
    return " ".join(found[start:])


def stem_word(word: str) -> str:
    """The word's stem, with the few fixes of :data:`.vocabulary.STEM_FIXES`."""
    known = _STEMS.get(word)
    if known is not None:
        return known
    stemmed = WORD_STEMS.get(word) or stem(word)
    stemmed = STEM_FIXES.get(stemmed, stemmed)
    if len(_STEMS) < _MAX_STEMS:
        _STEMS[word] = stemmed
    return stemmed


def known_stems() -> dict[str, str]:
    """The stems computed so far (for the compiled cache)."""
    return dict(sorted(_STEMS.items()))


def use_known_stems(stems: Mapping[str, str]) -> None:
    """Take stems computed by an earlier run (from the compiled cache)."""
    for word, stemmed in stems.items():
        if len(_STEMS) >= _MAX_STEMS:
            break
        _STEMS.setdefault(word, stemmed)


#: Concept phrases by their first stem, longest first: (stems, concept term).
PhraseTable = dict[str, list[tuple[tuple[str, ...], str]]]


def build_phrase_table() -> PhraseTable:
    """The concept phrases of :mod:`.vocabulary`, stemmed (a few milliseconds)."""
    table: PhraseTable = {}
    for concept, phrases in CONCEPTS:
        for phrase in phrases:
            stems = tuple(stem_word(w) for w in words(phrase))
            if stems:
                table.setdefault(stems[0], []).append((stems, CONCEPT_MARK + concept))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return table


_PHRASES: PhraseTable | None = None


def phrase_table() -> PhraseTable:
    """The phrase table in use, built on first use unless :func:`use_phrase_table` gave one."""
    global _PHRASES
    if _PHRASES is None:
        _PHRASES = build_phrase_table()
    return _PHRASES


def use_phrase_table(table: PhraseTable) -> None:
    """Use ``table`` (one :func:`build_phrase_table` made, kept in the compiled cache)."""
    global _PHRASES
    _PHRASES = table


_DROPPED = STOP_WORDS | COMMAND_WORDS


def analyse(text: str, *, grams: bool = True) -> Analysed:
    """The terms and n-grams of ``text`` (``grams=False``: its terms alone)."""
    return analyse_words(words(text), grams=grams)


def analyse_words(found: Sequence[str], *, grams: bool = True) -> Analysed:
    """:func:`analyse` of a text already split by :func:`words`."""
    stems = [stem_word(w) for w in found]
    phrases = phrase_table()
    dropped = _DROPPED
    terms: dict[str, list[str]] = {}
    content: list[str] = []
    i, count = 0, len(found)
    while i < count:
        entries = phrases.get(stems[i])
        if entries:
            match = _concept_at(entries, stems, i)
            if match is not None:
                length, concept = match
                terms.setdefault(concept, []).append(" ".join(found[i:i + length]))
                content.extend(w for w in found[i:i + length] if w not in dropped)
                i += length
                continue
        word = found[i]
        if word not in dropped and len(word) > 1 and not word.isdigit():
            terms.setdefault(stems[i], []).append(word)
            content.append(word)
        i += 1
    return Analysed({t: tuple(s) if len(s) == 1 else tuple(dict.fromkeys(s))
                      for t, s in terms.items()},
                     None if grams else {}, content=content)


def _concept_at(entries: list[tuple[tuple[str, ...], str]], stems: Sequence[str],
                i: int) -> tuple[int, str] | None:
    for phrase, concept in entries:
        if len(phrase) == 1 or tuple(stems[i:i + len(phrase)]) == phrase:
            return len(phrase), concept
    return None


def char_grams(content: Sequence[str]) -> dict[str, int]:
    """Counts of the :data:`GRAM`-character n-grams of each word, padded with spaces."""
    padded = [f" {word} " for word in content]
    return dict(Counter([p[start:start + GRAM] for p in padded
                         for start in range(max(1, len(p) - GRAM + 1))]))


def term_label(term: str, surfaces: Sequence[str]) -> str:
    """How an explanation names a term: the first words it was read from."""
    return surfaces[0] if surfaces else term.removeprefix(CONCEPT_MARK)
