"""Key-value facts, whichever way a document lays them out.

- a vertical table: "Label | value" rows, or "Label | value | Label | value";
- a horizontal table: a row of labels with their values in the row below
  (one band or several), as key facts often appear under a cover page;
- a one-cell row or a paragraph of "Label: value" lines, or a row of cells each
  holding its own "Label: value" ("QN: 610/4217/1 | Level: 5 | TQT: 920");
- a sentence of several facts: "Unit reference number: H/651/4402. Level 5.
  GLH 20. TQT 30. Credit 3." reads as five facts, not one reference holding
  the sentence.

Whether a text is a label is asked of the caller (``field_of``: the unit
fields inside a unit, the key facts outside), so the same shapes serve both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from criteria_checker.compiled_cache import regex
from criteria_checker.readers.docx.blocks import Cell, Row
from criteria_checker.readers.docx.labels import split_label_value

FieldOf = Callable[[str], str | None]
Pair = tuple[str, list[str], Row]

#: Where a sentence of facts breaks: ". ", "; ", " | " before the next label, or ", "
#: and " and " between facts ("Level 5, 3 credits and 20 GLH").
_SEGMENT_BREAK = regex(r"(?<=\S)\s*[.;]\s+(?=[A-Z])|\s+[|•·]\s+|(?<=\S),\s+(?:and\s+)?|"
                       r"\s+and\s+")
#: "Level 5", "GLH 20", "Credit value 3 credits", "Unit reference H/650/2114": a label
#: and its figure (or unit reference number) without a colon.
_LABEL_FIGURE = regex(r"^([A-Za-z][A-Za-z ()/]{0,40}?)\s+(\d[\d,]*(?:\s*[A-Za-z]{0,8})?|"
                      r"[A-Za-z]/\d{3}/\d{4})$")
#: "3 credits", "20 guided learning hours": the figure before its label.
_FIGURE_LABEL = regex(r"^(\d[\d,]*)\s+([A-Za-z][A-Za-z ()/]{0,40})$")
#: A horizontal label row holds at least this share of labels the reader knows.
_KNOWN_SHARE = 2 / 3


def facts_in_line(line: str, field_of: FieldOf) -> list[tuple[str, str]] | None:
    """The facts of a line stating several ("Level 5. GLH 20. Credit 3."), else None.

    Every segment must be a known label with its value: a unit aim whose
    second sentence starts with a capital is not split.
    """
    if len(line) > 300:
        return None
    pieces = [piece.strip().rstrip(".;").strip() for piece in _SEGMENT_BREAK.split(line)]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) < 2:
        return None
    pairs: list[tuple[str, str]] = []
    for piece in pieces:
        pair = split_label_value(piece)
        if pair is None:
            match = _LABEL_FIGURE.match(piece)
            pair = (match.group(1), match.group(2)) if match is not None else None
        if pair is None:
            match = _FIGURE_LABEL.match(piece)
            pair = (match.group(2), match.group(1)) if match is not None else None
        if pair is None or not pair[1] or field_of(pair[0]) is None:
            return None
        pairs.append(pair)
    return pairs


def line_pairs(line: str, field_of: FieldOf) -> list[tuple[str, str]]:
    """'Label: value' (or several facts in one sentence) from a line; [] when it has no label."""
    several = facts_in_line(line, field_of)
    if several is not None:
        return several
    pair = split_label_value(line)
    return [pair] if pair is not None else []


def table_pairs(rows: Sequence[Row], field_of: FieldOf) -> list[Pair]:
    """(label, value lines, row) for every fact in a key-value table, read by its shape."""
    horizontal = len(rows) >= 2 and _is_label_row(rows[0], field_of) \
        and _labels_across(rows[0], field_of) > _labels_down(rows, field_of)
    pairs: list[Pair] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else None
        if horizontal and below is not None and _is_label_row(row, field_of) \
                and not _is_label_row(below, field_of):
            pairs.extend(_column_pairs(row, below))
            i += 2
            continue
        pairs.extend((label, lines, row) for label, lines in row_pairs(row.cells, field_of))
        i += 1
    return pairs


def row_pairs(cells: list[Cell], field_of: FieldOf) -> list[tuple[str, list[str]]]:
    """(label, value lines) of one row: 'Label | value' cells, or 'Label: value' lines."""
    pairs: list[tuple[str, list[str]]] = []
    if len(cells) == 1:
        for line in cells[0].texts:
            for label, value in line_pairs(line, field_of):
                pairs.append((label, [value] if value else []))
        return pairs
    own = _cells_of_pairs(cells, field_of)
    if own is not None:
        return own
    i = 0
    while i < len(cells) - 1:
        label = " ".join(cells[i].text.split())
        if label and len(label) <= 80:
            pairs.append((label, list(cells[i + 1].texts)))
            i += 2
        else:
            i += 1
    return pairs


def _cells_of_pairs(cells: list[Cell], field_of: FieldOf) -> list[tuple[str, list[str]]] | None:
    """Each cell's own facts, when every filled cell holds "Label: value" lines.

    "Qualification number: 610/4217/1 | Level: 5 | TQT: 920": a grid of facts, each
    cell whole, not a label cell beside its value.
    """
    if not cells or ":" not in cells[0].text:
        return None  # (the usual row, "Label | value", settled at once)
    pairs: list[tuple[str, list[str]]] = []
    filled = known = 0
    for cell in cells:
        if not cell.texts:
            continue
        filled += 1
        found = [pair for line in cell.texts for pair in line_pairs(line, field_of)]
        if not found:
            return None
        known += field_of(found[0][0]) is not None
        pairs.extend((label, [value] if value else []) for label, value in found)
    # Every cell a fact, one at least of a label the reader knows ("Age range: 19+" beside).
    return pairs if filled >= 2 and known else None


def _is_label(text: str, field_of: FieldOf) -> bool:
    # Labels carry no figures; values often do ("Level 5", "sfc-l5-lmac-2021-05").
    return len(text) <= 80 and not any(ch.isdigit() for ch in text) and field_of(text) is not None


def _is_label_row(row: Row, field_of: FieldOf) -> bool:
    """A row of labels: two or more cells, most of them labels the reader knows."""
    texts = [cell.text for cell in row.cells if cell.texts]
    if len(texts) < 2:
        return False
    known = sum(1 for text in texts if _is_label(text, field_of))
    return known >= 2 and known >= _KNOWN_SHARE * len(texts)


def _labels_across(row: Row, field_of: FieldOf) -> int:
    return sum(1 for cell in row.cells if cell.texts and _is_label(cell.text, field_of))


def _labels_down(rows: Sequence[Row], field_of: FieldOf) -> int:
    """How many rows below the first open with a label, as a vertical table's do."""
    return sum(1 for row in rows[1:] if row.cells and row.cells[0].texts
               and _is_label(row.cells[0].text, field_of))


def _column_pairs(labels: Row, values: Row) -> list[Pair]:
    """Each label with the value cell below it (matched by grid column)."""
    pairs: list[Pair] = []
    for cell in labels.cells:
        label = " ".join(cell.text.split())
        if not label:
            continue
        below = [v for v in values.cells
                 if v.col < cell.col + cell.span and cell.col < v.col + v.span]
        lines = [line for v in below for line in v.texts]
        pairs.append((label, lines, values))
    return pairs
