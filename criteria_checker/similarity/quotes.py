"""What judging a claim that quotes its criterion needs: the wordings, and what each node holds.

A claim whose text is the wording of the item it claims (command verbs,
case, punctuation and spelling aside) scores 1 without any analysis, and a
specification written from the criteria quotes them in nearly every claim.
Its check needs only this table, a few kilobytes, not the whole index with
its weights and n-gram vectors, which take most of the time of loading it
from the compiled cache; :func:`criteria_checker.similarity.quotes_for`
loads the one and :func:`~criteria_checker.similarity.index_for` the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class Quotes:
    """Each item's wording in plain form, and the items under each node."""

    def __init__(self, verbatim: Mapping[str, Sequence[str]], items: Sequence[str],
                 under: Mapping[str, Sequence[str]]) -> None:
        #: Items by the plain form (:func:`.text.plain`) of their wording and of their lead-in.
        self.verbatim = {text: list(refs) for text, refs in verbatim.items()}
        #: Every item, in criteria order.
        self.items = list(items)
        self._items = frozenset(self.items)
        #: The items under each outcome, sub-topic and topic, in criteria order.
        self.under = {ref: list(refs) for ref, refs in under.items()}

    def quotes(self, plain_text: str, ref: str) -> bool:
        """True when a claim whose text has the plain form ``plain_text`` (see
        :func:`.text.plain`) is the wording of item ``ref``, or of an item below node ``ref``.
        """
        found = self.verbatim.get(plain_text)
        if not found:
            return False
        return any(item == ref or item in self.under.get(ref, ()) for item in found)

    def items_under(self, ref: str) -> list[str]:
        """The items node ``ref`` claims: itself, or every item below it."""
        if ref in self._items:
            return [ref]
        return list(self.under.get(ref, ()))

    # -- as data (the compiled cache keeps it between runs) -------------------

    def to_data(self) -> dict[str, Any]:
        return {"verbatim": self.verbatim, "items": self.items, "under": self.under}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Quotes:
        """The table :meth:`to_data` gave; KeyError, TypeError or ValueError if it is not one."""
        return cls(verbatim={str(k): [str(r) for r in v] for k, v in data["verbatim"].items()},
                   items=[str(r) for r in data["items"]],
                   under={str(k): [str(r) for r in v] for k, v in data["under"].items()})
