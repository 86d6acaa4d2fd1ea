"""An outcome/criteria grid with no header row: its columns told by what they hold.

Some house styles print a unit's grid with no header ("Learning outcomes |
Assessment criteria"): the unit's facts table says what follows, or the
header sits in a table of its own. Without one, each column is judged on
its cells (the first line of each, with the number Word shows before it):

- criterion numbers with text ("1.1 Explain ...", "AC1.2 ...", "1a ...")
  make the criteria column; outcome numbers with text ("1. Understand ...",
  "LO2 Be able to ...", "Learning outcome 3: ...") the outcomes column;
- a column of bare numbers ("1.1", "LO1") gives its role to the text
  column right of it (numbers printed apart); one of both kinds ("LO 1",
  "AC 1.1") makes that text column the criteria's, outcomes among them;
- outcomes and criteria with their text in one column ("LO1 Understand ...",
  "AC1.1 Explain ..."): the criteria's column, outcomes among them;
- two columns of outcome-style numbers, one of them criteria counted within
  their outcome ("1 Explain", "2 Compare"): the outcomes count up where
  such criteria start again, else say what outcomes say, else fill fewer
  cells or lines; when nothing but their order tells them apart, the caller
  settles it from the document's other grids or says so (``tie``);
- text with no numbers is the outcomes column when it says what outcomes
  say ("Understand ...", "Know ...", "Be able to ...");
- criteria references make a mapping column;
- outcomes whose cells go on with their criteria ("1. Understand ..." then
  "1.1 Explain ..." in one cell) hold both: the outcomes' column.

A column's cells must agree (four in five) for it to count; the grid is read
only when it has a criteria column and its outcomes somewhere (a column of
their own, rows across the grid, or among the criteria; or a paragraph or
heading of its own just above), so a table of numbered paragraphs of
anything else is left to the other recognisers.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from criteria_checker.compiled_cache import dataclass
from criteria_checker.readers.docx.blocks import MERGE_CONTINUE, Cell, Row, figure
from criteria_checker.readers.docx.labels import OUTCOME_WORDS, GridRole
from criteria_checker.readers.docx.units import bullet_item
from criteria_checker.readers.docx.values import split_criterion_number, split_outcome_number
from criteria_checker.readers.references import has_topic_code, looks_like_references

#: Rows a column is judged on.
_SAMPLE_ROWS = 12
#: Share of a column's filled cells that must agree.
_AGREE = 0.8

# Kinds of cell.
_AC_TEXT, _AC_BARE, _LO_TEXT, _LO_BARE, _REFS, _OUTCOME_WORDED, _TEXT = range(7)
#: A column of bare numbers of both kinds ("LO 1", "AC 1.1", "AC 1.2", "LO 2"), and one of
#: outcomes and criteria with their text ("LO1 Understand ...", "AC1.1 Explain ...").
_NUMBERS, _BOTH = 7, 8


@dataclass(frozen=True, slots=True)
class HeaderlessGrid:
    """The roles a headerless grid's columns hold.

    ``tie`` names two columns numbered alike ("1 ...") that nothing but their
    order told apart (the left one taken as the outcomes): the document's other
    grids may tell, else the reader says what it took.
    """

    roles: dict[int, GridRole]
    tie: tuple[int, int] | None = None


def headerless_roles(rows: Sequence[Row], *, criteria_alone: bool = False
                     ) -> HeaderlessGrid | None:
    """The roles of the columns of grid rows with no header, or None if they are no grid.

    ``criteria_alone``: the rows follow their outcome (a paragraph or heading of its
    own), so a criteria column needs no outcomes beside it.
    """
    kinds: dict[int, list[int]] = {}
    lines: dict[int, int] = {}  # col -> numbered lines in its cells ("2 Explain")
    counted: dict[int, list[int]] = {}  # col -> the outcome-style number of each cell
    worded: dict[int, int] = {}  # col -> its cells that say what outcomes say
    holding: dict[int, int] = {}  # col -> its outcome cells that go on with criteria
    across = 0  # outcomes printed across the grid, over their criteria
    for row in rows[:_SAMPLE_ROWS]:
        for cell in row.cells:
            if not cell.texts or cell.merge == MERGE_CONTINUE:
                continue
            if cell.span != 1:
                # (Its number may have a cell of its own, before it.)
                across += cell is row.cells[-1] and _kind(cell) in (
                    _LO_TEXT, _OUTCOME_WORDED, _TEXT)
                continue
            kind = _kind(cell)
            kinds.setdefault(cell.col, []).append(kind)
            if kind == _LO_TEXT:
                number, rest = _outcome_line(cell)
                counted.setdefault(cell.col, []).append(number)
                worded[cell.col] = worded.get(cell.col, 0) + bool(OUTCOME_WORDS.match(rest))
                holding[cell.col] = holding.get(cell.col, 0) + _holds_criteria(cell)
            lines[cell.col] = lines.get(cell.col, 0) + sum(
                1 for text in cell.texts for line in text.split("\n")
                if split_outcome_number(line)[0] is not None)
    column: dict[int, int] = {}
    for col, found in kinds.items():
        # Outcomes and criteria both, first: a column of criteria with an outcome among
        # them holds both, though four in five of its cells may be criteria.
        first: tuple[int, ...] = ()
        if _AC_TEXT in found and _LO_TEXT in found:
            first = (_BOTH,)
        elif _AC_BARE in found and _LO_BARE in found:
            first = (_NUMBERS,)
        for kind in (*first, _AC_TEXT, _AC_BARE, _LO_TEXT, _LO_BARE, _REFS, _OUTCOME_WORDED,
                     _NUMBERS):
            agreeing = found.count(kind) + (
                found.count(_LO_TEXT) if kind == _OUTCOME_WORDED
                else found.count(_AC_BARE) + found.count(_LO_BARE) if kind == _NUMBERS
                else found.count(_AC_TEXT) + found.count(_LO_TEXT) if kind == _BOTH else 0)
            if agreeing >= _AGREE * len(found):
                column[col] = kind
                break
        else:
            column[col] = _TEXT
    roles: dict[int, GridRole] = {}
    cols = sorted(column)
    # Two columns of outcome-style numbers: outcomes count up (1, 2, 3) where criteria
    # counted within their outcome start again (1, 2, 1 or 1, 1, 1); else outcomes say
    # what outcomes say ("Understand ..."), else the criteria fill more cells (outcomes
    # merged down, or in their first row only) or more lines.
    def evidence(col: int) -> tuple[bool, float, int, int]:
        return (not _counts_up(counted.get(col, [])), -worded.get(col, 0) / len(kinds[col]),
                len(kinds[col]), lines[col])

    outcome_numbered = sorted((col for col in cols if column[col] == _LO_TEXT),
                              key=lambda col: (evidence(col), col))
    tie = None
    if len(outcome_numbered) > 1 and evidence(outcome_numbered[0]) == evidence(
            outcome_numbered[1]):
        # One outcome of one criterion, say: nothing tells them apart but their order.
        tie = (outcome_numbered[0], outcome_numbered[1])
    for col in cols:
        kind = column[col]
        if kind == _AC_TEXT:
            roles[col] = "ac"
        elif kind == _LO_TEXT:
            roles[col] = "ac" if len(outcome_numbered) > 1 and col != outcome_numbered[0] \
                else "lo"
        elif kind == _OUTCOME_WORDED:
            roles[col] = "lo"
        elif kind == _BOTH:
            # "LO1 Understand ..." over its "AC1.1 Explain ..." in one column.
            roles[col] = "ac"
            across += 1
        elif kind == _REFS:
            roles[col] = "map"
        elif kind in (_AC_BARE, _LO_BARE, _NUMBERS):
            after = next((c for c in cols if c > col), None)
            if after is not None and column[after] in (_TEXT, _OUTCOME_WORDED):
                roles[col] = roles[after] = "lo" if kind == _LO_BARE else "ac"
                # "LO 1" above its criteria's "AC 1.1": outcomes in the criteria's columns.
                across += kind == _NUMBERS
    values = set(roles.values())
    if "ac" not in values and not any(
            role == "lo" and holding.get(col, 0) >= _AGREE * len(kinds[col])
            for col, role in roles.items()):
        # (Outcomes whose cells go on with their criteria hold both.)
        return None
    if "lo" not in values and not across and not criteria_alone:
        return None
    return HeaderlessGrid(roles, tie)


def _kind(cell: Cell) -> int:
    text = cell.texts[0].split("\n", 1)[0]
    number = figure(cell.numbers[0]) if cell.numbers else None
    if number:
        text = f"{number} {text}"
    if has_topic_code(text) and looks_like_references(cell.text):
        return _REFS
    if _bulleted(cell, 0):
        return _AC_TEXT  # an unnumbered criterion, shown as a bullet
    criterion, rest = split_criterion_number(text)
    if criterion is not None:
        return _AC_TEXT if rest else _AC_BARE
    outcome, rest = split_outcome_number(text)
    if outcome is not None:
        return _LO_TEXT if rest else _LO_BARE
    return _OUTCOME_WORDED if OUTCOME_WORDS.match(text) else _TEXT


def _holds_criteria(cell: Cell) -> bool:
    """An outcome's cell that goes on, below it, with criteria numbered within it
    ("1. Understand ..." then "1.1 Explain ..."), or bulleted."""
    numbers = cell.numbers
    for index, text in enumerate(cell.texts[1:], 1):
        number = figure(numbers[index]) if numbers else None
        found = split_criterion_number(f"{number} {text}" if number else text)[0]
        if (found is not None and "." in found) or _bulleted(cell, index):
            return True
    return False


def _bulleted(cell: Cell, index: int) -> bool:
    """Whether the cell's paragraph ``index`` is shown or typed as a bullet."""
    number = cell.numbers[index] if cell.numbers else None
    return bullet_item((cell.texts[index].split("\n", 1)[0], number)) is not None


def _outcome_line(cell: Cell) -> tuple[int, str]:
    """The outcome-style number of a cell's first line, and the text after it."""
    number = figure(cell.numbers[0]) if cell.numbers else None
    text = f"{number} {cell.texts[0]}" if number else cell.texts[0]
    number, rest = split_outcome_number(text.split("\n", 1)[0])
    return (int(number) if number and number.isdigit() else 0), rest


def _counts_up(numbers: list[int]) -> bool:
    return all(b > a for a, b in pairwise(numbers))
