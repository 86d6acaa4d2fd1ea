"""Rules of combination set out as a table, restated as the sentences they stand for.

    Group                 | Minimum credits | Maximum credits
    Group A (mandatory)   | 78              | 78
    Group B (optional)    | 14              |
    Total                 | 92              | 100

Each row is a rule on the groups its first cell names (a "Total" or "All
units" row on every unit), in the measure its header names (credits, TQT
hours; guided learning hours and units are left for the prose reader to
refuse with its reason), with an amount per column ("Minimum", "Maximum")
or in the cell ("minimum 14", "4 to 5"): "Learners must achieve 78 credits
from Group A.", "Learners must achieve a minimum of 14 credits from Group
B.", "Learners must achieve between 92 and 100 credits in total." The prose
reader (:mod:`criteria_checker.readers.combination.prose`) then reads them
as it reads any sentence, and says which it cannot; each rule's text is the
sentence, its location the table row.
"""

from __future__ import annotations

from criteria_checker.compiled_cache import regex
from criteria_checker.readers.docx.blocks import Row

#: What a value column's header says of its bound, and the measure it counts.
_LEAST = regex(r"(?i)\b(?:min(?:imum)?|at\s+least|no\s+fewer)\b")
_MOST = regex(r"(?i)\b(?:max(?:imum)?|at\s+most|up\s+to|no\s+more)\b")
_MEASURE = regex(r"(?i)\b(credits?|tqt|total\s+qualification\s+time|glh|guided\s+learning|"
                 r"hours?|units?)\b")
#: A row about every unit: "Total", "All units", "Overall", "Qualification".
_EVERY_UNIT = regex(r"(?i)^(?:total|overall|all\s+units|qualification(?:\s+total)?|"
                    r"in\s+total)\b")
_NUMBER = regex(r"\d[\d,]*")
_RANGE = regex(r"(\d[\d,]*)\s*(?:-|–|—|to)\s*(\d[\d,]*)")
#: How a row's first cell divides: brackets, dashes, a colon.
_PARTS = regex(r"\s*[()\[\]]\s*|\s+[-–—]\s+|\s*:\s*")
_GROUP = regex(r"(?i)^(?:optional\s+|mandatory\s+)?group\s+\w{1,4}$")
_LABEL = regex(r"^(?:[A-Z]\d{0,2}|\d{1,2})$")
_KIND = regex(r"(?i)^(mandatory|optional)(?:\s+units?)?$")

Column = tuple[int, str, str]  # column, bound ("min", "max" or "exact"), measure


def rules_table_sentences(rows: list[Row]) -> list[tuple[str, Row]] | None:
    """A sentence per rule row of a rules table; None unless its first row names measures."""
    if len(rows) < 2:
        return None
    columns = _value_columns(rows[0])
    if not columns:
        return None
    sentences: list[tuple[str, Row]] = []
    for row in rows[1:]:
        cells = {cell.col: " ".join(cell.text.split()) for cell in row.cells if cell.texts}
        first = min(cells, default=None)
        if first is None or first in {col for col, _, _ in columns}:
            continue
        sentence = _sentence(cells[first], [(cells.get(col, ""), bound, measure)
                                            for col, bound, measure in columns])
        if sentence is not None:
            sentences.append((sentence, row))
    return sentences


def _value_columns(header: Row) -> list[Column]:
    columns: list[Column] = []
    for cell in header.cells[1:]:
        text = cell.text
        measure = _MEASURE.search(text)
        if measure is None:
            continue
        bound = "min" if _LEAST.search(text) else "max" if _MOST.search(text) else "exact"
        word = measure.group(1).casefold()
        name = ("credits" if word.startswith("credit") else "units" if word.startswith("unit")
                else "guided learning hours" if word in ("glh", "guided learning")
                else "hours")
        columns.append((cell.col, bound, name))
    return columns


def _sentence(subject: str, values: list[tuple[str, str, str]]) -> str | None:
    """"Between 4 and 5 credits from Group B." for the row's values, or None if it has none."""
    low = high = None
    measure = ""
    said: list[str] = []
    for text, bound, name in values:
        found = _NUMBER.search(text)
        if found is None:
            continue
        measure, number = name, found.group(0)
        span = _RANGE.search(text) if bound == "exact" else None
        if span is not None:  # "4 to 5", "11-12"
            low, high = span.group(1), span.group(2)
        elif bound == "min" or (bound == "exact" and _LEAST.search(text)):
            low = number
        elif bound == "max" or (bound == "exact" and _MOST.search(text)):
            high = number
        else:
            said.append(f"{number} {name}")
    if low is not None and low == high:
        said.append(f"{low} {measure}")
    elif low is not None and high is not None:
        said.append(f"between {low} and {high} {measure}")
    elif low is not None:
        said.append(f"a minimum of {low} {measure}")
    elif high is not None:
        said.append(f"a maximum of {high} {measure}")
    if not said:
        return None
    where = "in total" if _EVERY_UNIT.match(subject) else f"from {_groups_named(subject)}"
    return f"Learners must achieve {' and '.join(said)} {where}."


def _groups_named(subject: str) -> str:
    """The groups a row's first cell names, as a sentence names them.

    A table labels its rows tersely: "Group A (mandatory)", "A – Mandatory",
    "Mandatory (Group A)", "B", "Optional units". The group's label is kept
    ("Group A"), its kind dropped (the group's heading or list says it); a kind
    alone names every group of that kind ("the optional units").
    """
    parts = [part.strip() for part in _PARTS.split(subject) if part and part.strip()]
    for part in parts:
        if _GROUP.match(part):
            return part
    for part in parts:
        if _LABEL.match(part):
            return f"Group {part}"
    if len(parts) == 1 and (kind := _KIND.match(parts[0])) is not None:
        return f"the {kind.group(1).casefold()} units"
    return subject
