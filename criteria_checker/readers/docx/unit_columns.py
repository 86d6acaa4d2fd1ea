"""Outcome grids whose rows name their unit, in a column of their own.

Some specifications give every unit's outcomes in one table ("Unit |
Learning outcomes | Assessment criteria"), the unit named on its first row
(merged down, or left empty below) or on every row; others repeat the unit's
number beside its own grid. The layout reader (LayoutReader._unit_runs)
splits such a grid's rows by the unit they name with these helpers: what a
row names, whether that is another unit than the one being read, and what
it adds to it. A column naming units over outcome or criteria texts is such
a grid, not a mapping grid (whose columns hold numbers).
"""

from __future__ import annotations

from criteria_checker.readers.docx.blocks import MERGE_CONTINUE, Row
from criteria_checker.readers.docx.labels import (
    GridRole,
    UnitHeading,
    normalise_label,
    parse_unit_cell,
)
from criteria_checker.readers.docx.units import UnitDraft

#: The words of a mapping grid's list of units and criteria.
_ITEM_WORDS = frozenset({"unit", "units", "and", "all", "of", "learning", "outcome", "outcomes",
                         "assessment", "criterion", "criteria", "whole"})


def holds_texts(body: list[Row], roles: dict[int, GridRole]) -> bool:
    """Whether a grid's outcome or criteria columns hold their texts ("1.1 Explain the
    ..."), as a unit's own grid does, not numbers alone as a mapping grid's do; then a
    column naming the unit names the unit each row belongs to, not what it maps."""
    for row in body[:12]:
        for cell in row.cells:
            if roles.get(cell.col) in ("lo", "ac") and cell.texts and sum(
                    word.isalpha() and not word.isupper() and word.casefold() not in _ITEM_WORDS
                    for word in cell.texts[0].split()) >= 3:
                return True  # words, not "Unit 501 AC1.1, all of LO2" (where a code is covered)
    return False


def named_by(row: Row, columns: tuple[int, ...]) -> UnitHeading | None:
    """The unit a grid row's unit columns name, if any (a merged-down cell names none)."""
    texts = [cell.text for cell in row.cells
             if cell.col in columns and cell.texts and cell.merge != MERGE_CONTINUE]
    return parse_unit_cell(" ".join(texts)) if texts else None


def names_another(unit: UnitDraft, named: UnitHeading) -> bool:
    """Whether ``named`` differs from ``unit`` in something both give, agreeing in nothing."""
    differ = agree = False
    for have, said, same in (
            (unit.number, named.number, lambda a, b: figures(a) == figures(b)),
            (unit.reference, named.reference,
             lambda a, b: "".join(a.split()).casefold() == "".join(b.split()).casefold()),
            (unit.title, named.title, _same_title)):
        if have and said:
            if same(have, said):
                agree = True
            else:
                differ = True
    return differ and not agree


def _same_title(have: str, said: str) -> bool:
    """Titles alike, one perhaps shortened ("Leadership" for "Leadership and management")."""
    a, b = normalise_label(have), normalise_label(said)
    return a.startswith(b) or b.startswith(a)


def adopt(unit: UnitDraft, named: UnitHeading) -> None:
    """What a grid's unit column says of the unit being read and nothing else did."""
    for name, value in (("reference", named.reference), ("number", named.number),
                        ("title", named.title)):
        if value and getattr(unit, name) is None:
            setattr(unit, name, value)
            unit.from_heading.add(name)


def figures(number: str) -> str:
    """A unit number's figures: "LM501" and "Unit 501" are both 501."""
    return "".join(c for c in number if c.isdigit())
