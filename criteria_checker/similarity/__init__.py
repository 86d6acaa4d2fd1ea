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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.similarity.index import CriteriaIndex
    from criteria_checker.similarity.quotes import Quotes

T = TypeVar("T")

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
    return _per_set(_INDEXES, criteria, _load_or_build)


def quotes_for(criteria: CriteriaSet) -> Quotes:
    """The quotations of ``criteria``: from this process, else the compiled cache, else its index.
    """
    return _per_set(_QUOTES, criteria, _load_quotes)


def _per_set(kept: dict[int, tuple[CriteriaSet, T]], criteria: CriteriaSet,
             load: Callable[[CriteriaSet], T]) -> T:
    """What ``load`` gives for ``criteria``, loaded once per set and process."""
    with _LOCK:
        cached = kept.get(id(criteria))
        if cached is not None and cached[0] is criteria:
            return cached[1]
    value = load(criteria)
    with _LOCK:
        if len(kept) >= _MAX_INDEXES:
            kept.pop(next(iter(kept)))
        # The set is kept with what was loaded so that its id cannot be reused meanwhile.
        kept[id(criteria)] = (criteria, value)
    return value


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
