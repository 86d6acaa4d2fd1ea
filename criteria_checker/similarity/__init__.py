"""How far a unit's text says what its mappings claim: offline, deterministic, explained.

Pure standard library, so that importing it costs little: the check path
runs it by default (the MAP rules). The criteria-side index is built once per
criteria set and process (:func:`index_for`), and kept between runs in the
compiled cache (an entry rebuilt when the criteria text or this package's
code changes). Its table of quotations (:func:`quotes_for`) is kept apart
too, so that a check whose claims all quote their criteria never loads the
rest. Method and figures: docs/suggest.md.
"""

from __future__ import annotations

import _thread  # threading's Lock, without importing threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.similarity.index import CriteriaIndex
    from criteria_checker.similarity.quotes import Quotes

#: Criteria sets indexed in this process, by identity; a few at most.
_INDEXES: dict[int, tuple[CriteriaSet, CriteriaIndex]] = {}
_QUOTES: dict[int, tuple[CriteriaSet, Quotes]] = {}
_MAX_INDEXES = 4
_LOCK = _thread.allocate_lock()
#: The code whose change makes a cached index stale (see compiled_cache).
_CODE = ("similarity/build.py", "similarity/index.py", "similarity/quotes.py",
         "similarity/text.py", "similarity/stem.py", "similarity/vocabulary.py")


def index_for(criteria: CriteriaSet) -> CriteriaIndex:
    """The index of ``criteria``: from this process, else the compiled cache, else built."""
    with _LOCK:
        cached = _INDEXES.get(id(criteria))
        if cached is not None and cached[0] is criteria:
            return cached[1]
    index = _load_or_build(criteria)
    with _LOCK:
        if len(_INDEXES) >= _MAX_INDEXES:
            _INDEXES.pop(next(iter(_INDEXES)))
        # The set is kept with its index so that its id cannot be reused meanwhile.
        _INDEXES[id(criteria)] = (criteria, index)
    return index


def quotes_for(criteria: CriteriaSet) -> Quotes:
    """The quotations of ``criteria``: from this process, else the compiled cache, else its index.
    """
    with _LOCK:
        cached = _QUOTES.get(id(criteria))
        if cached is not None and cached[0] is criteria:
            return cached[1]
    table = _load_quotes(criteria)
    with _LOCK:
        if len(_QUOTES) >= _MAX_INDEXES:
            _QUOTES.pop(next(iter(_QUOTES)))
        _QUOTES[id(criteria)] = (criteria, table)
    return table


def _load_quotes(criteria: CriteriaSet) -> Quotes:
    from criteria_checker import compiled_cache
    from criteria_checker.similarity.build import fingerprint
    from criteria_checker.similarity.quotes import Quotes

    key = compiled_cache.entry_key("quotations", [("", fingerprint(criteria))], [], _CODE)
    data = compiled_cache.load(key)
    if isinstance(data, dict):
        try:
            return Quotes.from_data(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not what this version writes: take it from the index again
    table = index_for(criteria).quote_table
    compiled_cache.store(key, table.to_data())
    return table


def _load_or_build(criteria: CriteriaSet) -> CriteriaIndex:
    from criteria_checker import compiled_cache
    from criteria_checker.similarity.build import build_index, fingerprint
    from criteria_checker.similarity.index import CriteriaIndex
    from criteria_checker.similarity.text import (
        build_phrase_table,
        known_stems,
        use_known_stems,
        use_phrase_table,
    )

    key = compiled_cache.entry_key("similarity", [("", fingerprint(criteria))], [], _CODE)
    data = compiled_cache.load(key)
    if isinstance(data, dict):
        try:
            index = CriteriaIndex.from_data(data["index"])
            phrases = _phrases_from(data["phrases"])
            stems = {str(word): str(stem) for word, stem in data["stems"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # not what this version writes: build again
        else:
            use_phrase_table(phrases)
            use_known_stems(stems)
            return index
    phrases = build_phrase_table()
    use_phrase_table(phrases)
    index = build_index(criteria)
    compiled_cache.store(key, {"index": index.to_data(), "stems": known_stems(),
                               "phrases": [[first, [[list(stems), concept]
                                                    for stems, concept in entries]]
                                           for first, entries in phrases.items()]})
    return index


def _phrases_from(data: Any) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    return {str(first): [(tuple(str(s) for s in stems), str(concept))
                         for stems, concept in entries]
            for first, entries in data}
