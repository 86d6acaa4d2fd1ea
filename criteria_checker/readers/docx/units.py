"""Unit sections: key-value facts and learning-outcome / assessment-criteria grids.

A unit is drafted while the document is walked and turned into the model at
the end, when its key (URN, number or title) is final for locators. Grids are
read row by row against column roles found in a header row ("Learning
outcomes - The learner will:" | "Assessment criteria - The learner can:" |
an optional mapping column | columns the reader ignores):

- an outcome cell merged down (``vMerge``), left empty, or repeating the
  current outcome (a header repeated on a new page, a grid split over
  several tables) continues the current outcome;
- a cell may hold several criteria, one per numbered paragraph; paragraphs
  without a number continue the criterion before them (range bullets);
- numbers come from the text ("1.2 Explain") or from Word's automatic
  numbering, and a number in a column of its own is paired with its text;
- a mapping cell merged down maps the outcome; otherwise it maps the row's
  criterion (one mapping paragraph per criterion when a row holds several);
- an outcome's cell may go on with its criteria below it ("1. Understand
  ..." then "1.1 Explain ..."), a row per outcome;
- a row with no number that opens with a label of its own ("Range | ...",
  "Additional information: ...") is a note on the grid, not an outcome or a
  criterion; under a unit fact's label ("Assessment: ...") it gives that fact;
- references that end a criterion's or an outcome's own line, in brackets
  or after a dash ("Explain ... (LMAC5A/LM/A.1)"), map that line's criterion
  or outcome;
- outcomes and criteria may be paragraphs below the unit's facts, with no
  grid: an outcome paragraph ("Learning outcome 1: ...", or "1 ..." with its
  first criterion below it) opens them, numbered paragraphs below are its
  criteria, and a line of references maps the outcome or criterion above it.

:func:`read_grid_row` runs once per criterion of a specification (about a
thousand for a large one), so it and :func:`read_criteria_cell` keep the
common case short: one typed criterion per cell, its mappings beside it.
The general cases are the same code as ever, below the short path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field
from typing import NamedTuple

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.readers.docx.blocks import (
    MERGE_CONTINUE,
    MERGE_NONE,
    Cell,
    Para,
    Row,
    figure,
)
from criteria_checker.readers.docx.labels import (
    STEM_WHO,
    UNIT_FIELDS,
    GridRole,
    grid_note_field,
    grid_role,
    is_label_shaped,
    is_mapping_label,
    is_other_framework,
    looks_like_urn,
    names_outcomes_and_criteria,
    normalise_label,
    split_label_value,
    unit_field,
    unit_reference,
)
from criteria_checker.readers.docx.values import (
    NUMBER_WORDS,
    clean_number,
    first_int,
    split_criterion_number,
    split_mappings,
    split_outcome_number,
    split_run_together,
)
from criteria_checker.readers.references import (
    looks_like_references,
    only_other_codes,
    references_in_prose,
)


class Where(NamedTuple):
    """Where something was read: a table row, or a paragraph quoted by its opening words.

    A named tuple: the reader makes one per grid row, and these are cheap.
    """

    path: str
    table: int | None = None
    row: int | None = None
    quote: str | None = None

    def locator(self, unit: str | None = None) -> str:
        _, table, row, quote = self
        if table is not None and row is not None and unit:
            return f"unit {unit}, table {table}, row {row}"  # a grid row: most of them
        parts = [f"unit {unit}"] if unit else []
        if table is not None:
            parts.append(f"table {table}")
            if row is not None:
                parts.append(f"row {row}")
        elif quote is not None:
            parts.append(f'paragraph "{quote}"')
        return ", ".join(parts)


def paragraph_where(para: Para) -> Where:
    text = " ".join(para.text.split())
    quote = text if len(text) <= 40 else text[:37].rstrip() + "..."
    return Where(path=para.path, quote=quote)


def row_where(table: int, row: Row) -> Where:
    # tuple.__new__ directly: a NamedTuple's own __new__ is a Python function.
    return _new_tuple(Where, (row.path, table, row.number, None))


_new_tuple = tuple.__new__


MappingDraft = tuple[str, str | None, Where]


@dataclass(slots=True)
class CriterionDraft:
    """An assessment criterion while its unit is read."""

    number: str | None
    lines: list[str]
    where: Where
    # No default: made once per criterion, a default factory would cost a call.
    mappings: list[MappingDraft]
    #: The bullet it was printed with, unnumbered ("•" shown by Word, or typed): bullets
    #: alike after it are its sibling criteria, not its items.
    bullet: str | None = None


@dataclass(slots=True)
class OutcomeDraft:
    """A learning outcome while its unit is read."""

    number: str | None
    lines: list[str]
    where: Where
    criteria: list[CriterionDraft] = field(default_factory=list)
    mappings: list[MappingDraft] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_CAPTURED_FIELDS = frozenset({"aim", "assessment_methods", "mappings"})


@dataclass(slots=True)
class UnitDraft:
    """A unit as far as it has been read."""

    where: Where
    heading_level: int | None = None
    context_group: str | None = None
    reference: str | None = None
    number: str | None = None
    title: str | None = None
    level: int | None = None
    glh: int | None = None
    tqt: int | None = None
    credit: int | None = None
    group: str | None = None
    aim: str | None = None
    assessment_methods: list[str] = field(default_factory=list)
    mappings: list[MappingDraft] = field(default_factory=list)
    #: References claimed in the unit's sentences ("This unit covers LMAC5C/SG."):
    #: the unit's mappings only when it declares none of its own.
    prose_mappings: list[MappingDraft] = field(default_factory=list)
    outcomes: list[OutcomeDraft] = field(default_factory=list)
    #: Fields already read from a key-value table: seeing one again means a new unit.
    labelled: set[str] = field(default_factory=set)
    #: Fields taken from the unit's heading, which its key-value table may correct.
    from_heading: set[str] = field(default_factory=set)
    grid_roles: dict[int, GridRole] | None = None
    grid_width: int = 0
    #: Columns of its grid naming the unit on each row (see LayoutReader._unit_runs).
    grid_units: tuple[int, ...] = ()
    #: Its grid gives references in rows of their own below what they map.
    references_rows: bool = False
    capture: str | None = None
    #: An outcome was printed as a paragraph ("Learning outcome 1: ..."): numbered
    #: paragraphs below it, outside any grid, are its criteria.
    outcome_paragraphs: bool = False
    #: The outcome or criterion such a paragraph gave last: a line of references
    #: right below it ("SfC reference: ...") maps it.
    paragraph_target: OutcomeDraft | CriterionDraft | None = None
    #: Its outcomes were stated apart from their criteria (listed first, or made from the
    #: criteria's numbers): a criterion joins the outcome its number names.
    by_number: bool = False
    #: Numbered paragraphs below a label of outcomes ("Learning outcomes", "The learner
    #: will:") are the outcomes, listed before their criteria.
    listing_outcomes: bool = False
    #: The outcome read or joined last (``by_number``: not always the last one listed).
    current: OutcomeDraft | None = None
    #: Paragraphs numbered as criteria that nothing could place (for a reading note).
    unplaced_criteria: list[tuple[str, Where]] = field(default_factory=list)
    #: The unit's sentences (its aim, paragraphs no label opens): hours, credits and
    #: level no label gives may be stated in them.
    prose: list[tuple[str, Where]] = field(default_factory=list)

    @property
    def key(self) -> str:
        if self.reference:
            return self.reference
        if self.number:
            return f"Unit {self.number}"
        return self.title or "(untitled)"

    # -- key-value facts -------------------------------------------------------

    def set_field(self, name: str, lines: list[str], where: Where, *,
                  labelled: bool = True) -> None:
        """Record a unit fact read under a label (``labelled``: in a table or a line, not
        under a heading of its own).

        The first statement of a fact wins, except that a label overrides what
        the unit's heading said.
        """
        value = " ".join(" ".join(lines).split())
        if name == "number_or_reference":
            name = "reference" if looks_like_urn(value) else "number"
        if labelled:
            self.labelled.add(name)
        if not value:
            return
        if name == "reference":
            value = unit_reference(value)
        if name in ("reference", "number", "title", "group"):
            if getattr(self, name) is None or name in self.from_heading:
                setattr(self, name, value)
                self.from_heading.discard(name)
        elif name in ("level", "glh", "tqt", "credit"):
            if getattr(self, name) is None or name in self.from_heading:
                setattr(self, name, first_int(value))
                self.from_heading.discard(name)
        elif name == "aim":
            if self.aim is None:
                self.aim = "\n".join(line for line in lines if line)
                self.add_prose_mappings(lines, where)
        elif name == "assessment_methods":
            self.assessment_methods.extend(line for line in lines if line)
        elif name == "mappings":
            for line in lines:
                self.mappings.extend((raw, ref, where) for raw, ref in split_mappings(line))

    def add_captured(self, lines: list[str], where: Where) -> None:
        """A paragraph under a field heading such as 'Unit aim'."""
        if self.capture == "aim":
            text = "\n".join(lines)
            self.aim = f"{self.aim}\n{text}" if self.aim else text
            self.add_prose_mappings(lines, where)
        elif self.capture is not None:
            self.set_field(self.capture, lines, where, labelled=False)

    def add_prose_mappings(self, lines: list[str], where: Where) -> bool:
        """References claimed in a sentence ("This unit covers LMAC5C/SG.") map the unit."""
        found = False
        self.prose.extend((line, where) for line in lines if line)
        for line in lines:
            for raw, ref in references_in_prose(line):
                self.prose_mappings.append((raw, ref, where))
                found = True
        return found

    def starts_new_unit(self, identity: dict[str, str]) -> bool:
        """Whether a key-value table or lines naming a unit (URN, number, title) are the
        next unit's.

        They are when they name differently something this unit's own labels
        (in a table or a line) already named; a heading's shortened title does
        not count, and a table repeating the unit's facts (a summary at its end)
        is the same unit.
        """
        for name, value in identity.items():
            if name in self.labelled:
                current = getattr(self, name)
                if current is not None and current.casefold() != value.casefold():
                    return True
        return False

    # -- outcomes ----------------------------------------------------------------

    def start_outcome(self, number: str | None, lines: list[str], where: Where) -> OutcomeDraft:
        outcome = OutcomeDraft(number=number, lines=lines, where=where)
        self.outcomes.append(outcome)
        self.current = outcome
        return outcome

    def outcome_for_criterion(self, number: str | None, where: Where) -> OutcomeDraft:
        """The current outcome; criteria printed before any outcome get one from their number.

        Where the outcomes were stated apart from their criteria (``by_number``), a
        criterion joins the outcome its number names, or one made from it.
        """
        outcomes = self.outcomes
        # ("K1.1": a knowledge criterion of outcome 1.)
        prefix = number.split(".")[0].lstrip("KS") if number and "." in number else None
        if outcomes and (prefix is None or not self.by_number):
            return outcomes[-1]
        for outcome in reversed(outcomes):
            if outcome.number == prefix:
                self.current = outcome
                return outcome
        self.by_number = True
        return self.start_outcome(prefix, [], where)


def is_capture_heading(text: str) -> str | None:
    """The unit field a sub-heading introduces ('Unit aim' -> 'aim'), if any."""
    field_name = UNIT_FIELDS.get(normalise_label(text))
    return field_name if field_name in _CAPTURED_FIELDS else None


# -- grids ----------------------------------------------------------------------

def header_roles(row: Row, first: bool, after_facts: bool = False) -> dict[int, GridRole] | None:
    """Column roles if ``row`` is a learning-outcome grid header, else None.

    ``first``: the table's first row; ``after_facts``: only a unit's facts above it.
    """
    cells = row.cells
    if not cells or (len(cells) == 1 and not (first or after_facts)):
        return None  # (one column holding outcomes and criteria: its header opens the grid)
    for cell in cells:
        # Data rows hold outcome and criteria numbers, typed or automatic, in
        # some paragraph (a first data row may open with "The learner will:").
        # (A cell's texts are never empty strings.)
        if cell.numbers is not None and cell.shows_figures:
            return None
        for text in cell.texts:
            if text[0].isdigit() or _bracketed_number(text) or (
                    _DATA_NUMBER.search(text) is not None and _DATA_NUMBER.search(
                    _LEVEL_NAMED.sub("", _PARENTHESES.sub("", text))) is not None):
                return None  # "1.1 Explain", "AC 1.1", "Learning outcome 2", "sfc-l5": data
    roles: dict[int, GridRole] = {}
    named = both = False
    facts = 0
    for cell in cells:
        texts = cell.texts
        if not texts:
            continue
        text = texts[0] if len(texts) == 1 else "\n".join(texts)
        if (text.count(" ") > _HEADER_WORDS
                and _STEM_WORDS.sub("", text).count(" ") > _HEADER_WORDS) \
                or looks_like_references(text):
            # A sentence or a value: content, not a column name (whose stems, "The learner
            # will be able to: / The learner can:", do not count).
            return None
        if unit_field(text) in _UNIT_FACTS and normalise_label(text) not in _NUMBER_HEADERS:
            facts += 1
        role = grid_role(text)
        if role is None:
            continue
        if role == "ac":
            both = both or names_outcomes_and_criteria(text)
            named = named or both or _NAMED_CRITERIA.search(text) is not None
        for col in range(cell.col, cell.col + cell.span):
            roles[col] = role
    found = roles.values()
    if "ac" not in found or (facts > 1 and "lo" not in found and not named):
        # (Two unit facts across, no outcomes and no criteria named in full: "Unit ref |
        # Level | Credits | AC", a unit's facts, not "Unit number | Ref. | Assessment
        # criteria".)
        return None
    # Outcomes and criteria both named (in two columns or one), or criteria named in
    # full beside a mapping column, or the first row of the table or below the unit's
    # facts in it, or a row Word repeats on every page.
    if "lo" in found or both or (named and "map" in found) or row.repeat_header or first \
            or after_facts:
        return roles
    return None


#: A figure outside parentheses: a data row ("AC 1.1", "Learning outcome 2"), not a header.
_DATA_NUMBER = regex(r"\d")
#: "Level 5 criteria", "L5 criteria": a level named in a column name is no data.
_LEVEL_NAMED = regex(r"(?:^|(?<=\s))(?:level\s*\d{1,2}|l\d{1,2})(?=\s|$)", re.IGNORECASE)
#: "Learning outcomes (1)": a note marker in a column name.
_PARENTHESES = regex(r"\([^)]*\)")
_UNIT_FACTS = frozenset({"reference", "number_or_reference", "level", "glh", "tqt", "credit"})
#: "Ref." or "No." over a grid's column of outcome or criterion numbers: no unit fact.
_NUMBER_HEADERS = frozenset({"ref", "reference", "ref no", "no", "number"})
_NAMED_CRITERIA = regex(rf"assessment criteri|\b{STEM_WHO} (?:can|is able to|are able to)\b",
                        re.IGNORECASE)
#: A column name has at most this many spaces ("Assessment criteria – The learner can:" has 5).
_HEADER_WORDS = 12
#: Who a stem speaks of and what it says they do, however it is worded: "The learner will
#: be able to", "Learners can", "The candidate is able to".
_STEM_BODY = (rf"{STEM_WHO} (?:will|can|must|should|are able to|is able to)"
              r"(?: be able to)?")
#: The stems in a column name.
_STEM_WORDS = regex(_STEM_BODY, re.IGNORECASE)
_STEM_OPENING = r"^(?:by the end of (?:this|the) unit,? )?"
#: "The learner will:", "Learners can:", "The learner will be able to:": stems, not content.
_STEM = regex(rf"{_STEM_OPENING}{_STEM_BODY}\s*:?$", re.IGNORECASE)


#: A stem opening the paragraph of the first outcome or criterion: "The learner can: 1.1 ...".
_STEM_LEAD = regex(rf"{_STEM_OPENING}{_STEM_BODY}\s*:\s+(?=\S)", re.IGNORECASE)
#: How every stem opens: a cell opening so is not read by read_grid_row's short way.
_STEM_START = regex(r"^(?:by |the |learners? |candidates? |students? |apprentices? |you )",
                    re.IGNORECASE)


#: Words that name a grid's columns under one that names them together ("Assessment
#: criteria" over "No. | Criterion").
_COLUMN_WORDS = _NUMBER_HEADERS | {"description", "text", "title", "item", "code", "criterion",
                                   "criteria", "outcome", "outcomes", "statement", "details",
                                   "detail", "content"}


def names_columns(row: Row) -> bool:
    """A row of column names only (a few words each, no figure, no number Word shows): a
    header's second row, or the header of a grid that names no outcome or criterion
    ("Ref. | Description | SfC reference | National Occupational Standards")."""
    if any(cell.shows_figures for cell in row.cells):
        return False
    texts = [text for cell in row.cells for text in cell.texts]
    return bool(texts) and all(
        len(text) <= 40 and not any(ch.isdigit() for ch in text) and is_label_shaped(text)
        and (normalise_label(text) in _COLUMN_WORDS or grid_role(text) is not None
             or is_other_framework(text))
        for text in texts)


def label_of_column(text: str) -> GridRole | None:
    """What a line names below it as a grid's column is named ("Assessment criteria",
    "Learning outcomes - the learner will:", "The learner can:"): a label, no content.
    None for anything longer or with a figure."""
    label = text.rstrip(": ")
    if len(label) > 60 or ":" in label or _DATA_NUMBER.search(label) is not None \
            or (label.count(" ") >= 3 and _STEM_WORDS.search(label) is None):
        return None
    return grid_role(label)


def is_criteria_label(text: str) -> bool:
    """A line naming the criteria below it ("Assessment criteria", "The learner can:")."""
    return label_of_column(text) == "ac"


def is_stem(text: str) -> bool:
    """Whether a paragraph is a grid column's stem ("The learner can:") printed in a data cell."""
    return len(text) <= 60 and _STEM.match(text) is not None


def _bracketed_number(text: str) -> bool:
    """Whether ``text`` opens with a number in brackets, after any stem: "(1.1) Explain",
    "The learner can: [2] Lead" (not a note marker: "Learning outcomes (1)")."""
    if "(" not in text and "[" not in text:
        return False  # (asked of nearly every text of a grid's rows: most have neither)
    at = stem_lead(text)
    return text[at:at + 1] in ("(", "[") and text[at + 1:at + 2].isdigit()


#: The outcomes' stem opening an outcome's own words, colon or none: "Outcome 1 The learner
#: will be able to understand ...", "The learner will: understand ...".
_OUTCOME_STEM = regex(rf"{_STEM_OPENING}{STEM_WHO} (?:will|should|must)(?: be able to)?"
                      r"\s*:?\s+(?=\w)", re.IGNORECASE)


def without_outcome_stem(text: str) -> str:
    """An outcome's words without the stem before them (see :data:`_OUTCOME_STEM`)."""
    if _STEM_START.match(text) is None:
        return text
    stem = _OUTCOME_STEM.match(text)
    return text if stem is None else text[stem.end():]


def stem_lead(text: str) -> int:
    """How long the stem opening ``text`` is ("The learner will: 1 Understand ..."), or 0."""
    if _STEM_START.match(text) is None:
        return 0
    lead = _STEM_LEAD.match(text)
    return 0 if lead is None else lead.end()


def _without_stem(line: Line) -> Line:
    """A line with any stem that opens it dropped: "The learner will: 1. Understand ..."."""
    lead = _STEM_LEAD.match(line[0])
    return line if lead is None else (line[0][lead.end():], line[1])


def cell_lines(cell: Cell) -> list[Line]:
    """(text, automatic number) for each line of a grid cell.

    A line break inside a paragraph (Shift+Enter) separates criteria as a new
    paragraph does; a stem paragraph ("The learner will:") is not content, nor
    a stem opening the first outcome's or criterion's ("The learner can: 1.1 ...").
    """
    lines: list[Line] = []
    for text, number in cell.lines():
        if "\n" in text:
            parts = text.split("\n")
            lines.append((parts[0], number))
            lines.extend((part, None) for part in parts[1:])
        else:
            lines.append((text, number))
    return [_without_stem(line) for line in lines if not is_stem(line[0])]


_BARE_NUMBER = regex(r"^(?:lo|ac)?\s*[(\[]?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?[.):\]]?$",
                     re.IGNORECASE)


def _is_bare_number(text: str) -> bool:
    """'1.2', 'LO 3', '2):' alone: a number in a column or paragraph of its own."""
    # Nearly every cell ends in a letter; looking at the end first spares the
    # regex (the most expensive step of reading a criterion). ``\d`` is any
    # decimal digit, as isdecimal() is, and ``$`` may stand before a final new line.
    last = text[-1:]
    return (last.isdecimal() or last in ".):]\n" or (last.isalpha() and text[-2:-1].isdecimal())) \
        and _BARE_NUMBER.match(text) is not None


_LEADING_LO = regex(r"^lo\s*", re.IGNORECASE)
_LEADING_AC = regex(r"^ac\s*", re.IGNORECASE)
#: "2 Explain", "2. Explain", "2) Explain": a bare ordinal before a word.
_ORDINAL = regex(r"(?:ac\s*|(?:assessment\s+)?criterion\s+)?(\d{1,2})(?:[.)]|\s+[-\u2013]\s*)?\s+"
                 r"(?=[^\W\d_])", re.IGNORECASE)
_OUTCOME_PARAGRAPH = regex(r"^(?:learning\s+outcome|lo)\s*(?:\d{1,3}|(?:"
                           + "|".join(NUMBER_WORDS) + r")\b(?=\s*[:.–—-]))\b", re.IGNORECASE)


def is_outcome_paragraph(text: str) -> bool:
    """'Learning outcome 2: Understand ...' printed as a paragraph above a criteria table."""
    return _OUTCOME_PARAGRAPH.match(text) is not None


def add_mapping_line(target: OutcomeDraft | CriterionDraft, text: str, where: Where) -> bool:
    """Whether ``text`` is a line of references only (see :func:`_mapping_line`), then
    added to ``target``'s mappings."""
    mapped = _mapping_line(text)
    if mapped is None:
        return False
    _add_mappings(target.mappings, [mapped] if mapped else [], where)
    return True


def is_sub_point(number: str, after: CriterionDraft) -> bool:
    """Whether a lettered item ("a)", "(ii)") after criterion ``after`` is a point of it.

    Below "1.1 Explain styles, including:" (or "2 Explain ...", counted within
    its outcome, or "• Explain ...", criteria bulleted) the items "a)
    autocratic", "b) ..." are the criterion's points; where criteria themselves
    are lettered ("a" under outcome 1) a letter after a letter is the next
    criterion.
    """
    # (Asked of every criterion: its own number has a figure, which settles it at once.)
    if any(ch.isdigit() for ch in number):
        return False
    before = after.number
    return after.bullet is not None if before is None else any(ch.isdigit() for ch in before)


def continue_criterion(criterion: CriterionDraft, lines: list[str], where: Where) -> None:
    """More lines of ``criterion`` (its list's items), with any references that end them."""
    for line in lines:
        text, tail = split_trailing_references(line)
        criterion.lines.append(text)
        if tail is not None:
            _add_mappings(criterion.mappings, [tail], where)


def wrap_on(target: OutcomeDraft | CriterionDraft, text: str, where: Where) -> None:
    """``text`` goes on with ``target``'s one line, with any references that end it."""
    text, tail = split_trailing_references(text)
    target.lines[-1] = f"{target.lines[-1]} {text}" if text else target.lines[-1]
    if tail is not None:
        _add_mappings(target.mappings, [tail], where)


def is_mapping_paragraph(text: str) -> bool:
    """Whether a paragraph holds references only, or a mapping label and its references."""
    return _mapping_line(text) is not None


def criterion_number(line: Line) -> str | None:
    """The criterion number ("1.2") a paragraph (text, automatic number) opens with."""
    number = _numbered(line, split_criterion_number)[0]
    return number if number is not None and "." in number.rstrip(".") else None


def built_number(outcome: OutcomeDraft, lo_number: str, number: str | None,
                 position: int) -> str:
    """A criterion's number in the model: its own, else its place under its outcome.

    A bare ordinal is counted within its outcome when the outcome's count
    starts at 1: criteria numbered by a list that starts again in each
    outcome's cell show "1.", "2." where the author means 1.1 and 1.2 (and
    Word's "1.1" is so shown once a web page has converted it). Counted on
    from the outcome before ("3" first under outcome 2), it is its place.
    Criteria lettered within their outcome ("a. Explain", "b. Compare" under
    outcome 1, the count starting at "a") are counted the same way: 1.1, 1.2;
    a letter after criteria numbered otherwise is kept as printed.
    """
    if number is None:
        return f"{lo_number}.{position}"
    first = outcome.criteria[0].number if outcome.criteria else None
    if number.isdigit():
        if lo_number.isdigit():
            return f"{lo_number}.{number}" if first == "1" else f"{lo_number}.{position}"
    elif len(number) == 1 and number.isascii() and number.isalpha() and lo_number.isdigit() \
            and first is not None and first.casefold() == "a":
        return f"{lo_number}.{ord(number.casefold()) - ord('a') + 1}"
    return number


def outcome_number(line: Line) -> str | None:
    """The outcome number ("1") a paragraph (text, automatic number) opens with."""
    number = _numbered(line, split_outcome_number)[0]
    return number if number is not None and number.isdigit() else None


def _role_of(cell: Cell, roles: dict[int, GridRole]) -> str | None:
    """A cell's column role; "full" for a cell spanning every role column of the grid."""
    if cell.span == 1:
        return roles.get(cell.col)
    covered = [roles[c] for c in range(cell.col, cell.col + cell.span) if c in roles]
    if not covered:
        return None
    if len(covered) == len(roles):
        return "full"
    return covered[0]


def _mapping_line(text: str) -> str | None:
    """The references of a line inside a grid cell that states only mappings.

    'Skills for Care reference: ...' (a label of the mapping family), or a
    line of nothing but references ("LMAC5A/LM/A.1, A.2") under an outcome.
    """
    if ":" in text or " - " in text:
        pair = split_label_value(text)
        if pair is not None and (is_mapping_label(pair[0]) or is_other_framework(pair[0])):
            return pair[1] if is_mapping_label(pair[0]) else ""
    if looks_like_references(text):
        return text
    # "SCDHSC0035" under an outcome: National Occupational Standards, not content.
    return "" if only_other_codes(text) else None


#: Closing bracket -> opening bracket, for references that end a line in brackets.
_BRACKETS = {")": "(", "]": "["}
#: Dashes that set references after a line's text: "Explain ... – LMAC5A/LM/A.1".
_DASHES = (" – ", " — ", " - ")


def split_trailing_references(text: str) -> tuple[str, str | None]:
    """A criterion's or outcome's text and the references that end it, if any.

    "Explain styles of leadership (LMAC5A/LM/A.1, A.2)", "... [LMAC5A/LM/A.1]"
    or "... – LMAC5A/LM/A.1": a house style that keeps the link on the line
    itself. Only a tail of nothing but references is split off; "(see page
    4)" or "(SCDHSC0032)" stays text.
    """
    closing = text[-1:]
    opening = _BRACKETS.get(closing)
    if opening is None and "- " not in text and "– " not in text and "— " not in text:
        return text, None  # (the common case, kept cheap: it runs for every criterion)
    if opening is not None:
        at = _opening_bracket(text, opening, closing)
        if at > 0 and looks_like_references(text[at + 1:-1]):
            return text[:at].rstrip(), text[at + 1:-1]
    for dash in _DASHES:
        # The first dash that leaves only references: a range ("A.1 - A.3") may
        # hold another.
        at = text.find(dash)
        while at > 0:
            if looks_like_references(text[at + len(dash):]):
                return text[:at].rstrip(), text[at + len(dash):]
            at = text.find(dash, at + 1)
    return text, None


def _opening_bracket(text: str, opening: str, closing: str) -> int:
    """Where the bracket closed by the last character opens ("(A (all), B)"), or -1."""
    depth = 0
    for at in range(len(text) - 1, -1, -1):
        char = text[at]
        if char == closing:
            depth += 1
        elif char == opening:
            depth -= 1
            if depth == 0:
                return at
    return -1


Line = tuple[str, str | None]


def _numbered(line: Line, splitter: Callable[[str], tuple[str | None, str]]
              ) -> tuple[str | None, str]:
    """A paragraph's number (automatic, else typed) and its remaining text."""
    text, auto = line
    shown = figure(auto)  # (a bullet is no number)
    if shown:
        number = clean_number(shown)
        if number:
            return number, text
    return splitter(text)


def _extend(lines: list[Line], more: list[Line]) -> list[Line]:
    """``lines`` then ``more``; a cell of numbers beside a cell of as many texts pairs them up.

    "2.1 / 2.2 / 2.3" in a narrow column beside three criteria separated by
    line breaks are three numbered criteria, not three empty ones and three
    unnumbered ones.
    """
    if len(lines) > 1 and len(more) >= len(lines) \
            and all(auto is None and _is_bare_number(text) for text, auto in lines) \
            and not any(_is_bare_number(text) for text, _ in more):
        starts = _criterion_starts(more, len(lines))
        if starts is not None:
            numbers = iter(lines)
            return [(f"{next(numbers)[0]} {text}", None) if i in starts else (text, None)
                    for i, (text, _) in enumerate(more)]
    return lines + more


#: An automatic number that is a bullet, not a figure or letter: the line continues a criterion.
_BULLET_NUMBER = regex(r"^[^\w]*$")
#: A criterion's lettered point ("a) planning", "(ii) recording"): it continues the criterion.
_LETTERED_POINT = regex(r"^\(?[a-z]{1,4}[.)]\s")
#: A bullet typed before a line's words: "• Explain ...", "– Explain ...", and the Symbol
#: font's bullets a conversion leaves as private-use characters.
_TYPED_BULLET = regex("^([\u2022\u25e6\u25aa\u25cf\u25a0\u2023\u2043\u00b7\u2013\u2014*"
                      "\uf0b7\uf0a7\uf076\uf0d8-])\\s+(?=\\S)")


def bullet_item(line: Line) -> tuple[str, str] | None:
    """(its bullet, its words) for a line shown or typed as a bulleted item, else None.

    Word's bullets are told apart by their list level (numbering.BULLET once per
    level), typed ones by the character typed.
    """
    text, auto = line
    if auto is not None:
        return (f"auto {auto}", text) if _BULLET_NUMBER.match(auto) else None
    typed = _TYPED_BULLET.match(text)
    return (typed.group(1), text[typed.end():]) if typed else None


def is_sibling_item(item: tuple[str, str] | None, current: CriterionDraft) -> bool:
    """Whether a bulleted line is a criterion of its own after ``current``: both are
    bulleted alike, and ``current`` does not introduce a list ("... including:")."""
    return item is not None and current.bullet == item[0] and bool(current.lines) \
        and not current.lines[-1].endswith(":")


def _criterion_starts(lines: list[Line], count: int) -> set[int] | None:
    """Which of ``lines`` open the ``count`` criteria numbered beside them, if that is clear.

    The others are a criterion's bullets: lines Word shows with a bullet or
    typed as lettered points ("a) planning"), else
    the lines after the one criterion that ends with a colon ("... in relation
    to:"). With more colons than one and unmarked bullets, it is not clear.
    """
    if len(lines) == count:
        return set(range(count))
    bullets = {i for i, (text, auto) in enumerate(lines)
               if (auto is not None and _BULLET_NUMBER.match(auto))
               or (auto is None and _LETTERED_POINT.match(text))}
    if bullets and len(lines) - len(bullets) == count and 0 not in bullets:
        return set(range(len(lines))) - bullets
    # How each line ends, before any references that end it ("... including: (A.1)").
    texts = [split_trailing_references(text)[0] for text, _ in lines]
    colons = [i for i, text in enumerate(texts) if text.endswith(":")]
    extra = len(lines) - count
    if len(colons) == 1:
        if colons[0] + extra >= len(lines):
            return None
        return set(range(len(lines))) - set(range(colons[0] + 1, colons[0] + 1 + extra))
    # Several lists. If every line between them must be a bullet to make up the
    # count, they are; else each list runs to its closing full stop, as the criteria
    # print them.
    everything = set(range(colons[0] + 1, len(lines))) - set(colons)
    if len(everything) == extra and colons[0] > 0:
        return set(range(len(lines))) - everything
    continued: set[int] = set()
    for colon in colons:
        for i in range(colon + 1, len(lines)):
            if i in colons:
                return None
            continued.add(i)
            if texts[i].endswith((".", ";")):
                break
    if len(continued) != extra:
        return None
    return set(range(len(lines))) - continued


def cell_texts(cell: Cell) -> list[str]:
    """A cell's lines of text, whether paragraphs or line breaks separate them."""
    return [line for text in cell.texts for line in text.split("\n")]


def _is_outcome_line(line: Line) -> bool:
    number = _numbered(line, split_outcome_number)[0]
    return number is not None and "." not in number


def _outcome_then_criteria(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """An outcome's lines and its criteria's, when one cell holds both.

    "1. Understand ..." then "1.1 Explain ...", "1.2 Analyse ..." as paragraphs
    of one cell (a grid with a row per outcome, or one column for both): the
    criteria start at the first line numbered within the outcome's number, else
    (criteria unnumbered) at the first bullet. Any other line goes on with the
    outcome, as before.
    """
    number = _numbered(lines[0], split_outcome_number)[0]
    if number is None or "." in number:
        return lines, []
    for i in range(1, len(lines)):
        found = _numbered(lines[i], split_criterion_number)[0]
        if found is not None and found.partition(".")[0] == number and "." in found:
            return lines[:i], lines[i:]
    # Unnumbered criteria as bullets below the outcome's words (even words that end
    # "including:": a cell holding both has no room for an outcome's own list).
    first = next((i for i in range(1, len(lines)) if bullet_item(lines[i]) is not None), None)
    if first is not None:
        return lines[:first], lines[first:]
    return lines, []


def read_outcomes_cell(unit: UnitDraft, lines: list[Line], where: Where) -> None:
    """A cell listing several outcomes, each perhaps followed by its criteria ("1.
    Understand ...", "1.1 Explain ...", "2. Lead ...", "2.1 ..."): the value of a
    "Learning outcomes" (or "... and assessment criteria") label in a unit's table.

    An outcome starts at a line numbered as the next outcome in sequence, so that
    criteria counted within their outcome ("1 Explain ...") stay criteria. Outcomes
    listed without their criteria leave those to join them by number
    (``unit.by_number``).
    """
    groups: list[list[Line]] = []
    count = 0
    for line in lines:
        number = _numbered(line, split_outcome_number)[0]
        if number is not None and number.isdigit() and (not groups or int(number) == count + 1):
            count = int(number)
            groups.append([line])
        elif groups:
            groups[-1].append(line)
        else:
            groups.append([line])  # (words before any number: read as the cell says)
    for group in groups:
        outcome_lines, criteria_lines = _outcome_then_criteria(group) \
            if len(group) > 1 else (group, [])
        read_outcome_cell(unit, outcome_lines, where)
        if criteria_lines:
            read_criteria_cell(unit, criteria_lines, where)
    if any(not outcome.criteria for outcome in unit.outcomes):
        unit.by_number = True


def read_outcome_cell(unit: UnitDraft, lines: list[Line], where: Where) -> OutcomeDraft | None:
    """Start or continue the outcome a grid row's outcome cell(s) show."""
    number: str | None = None
    texts: list[str] = []
    mappings: list[str] = []
    pending: str | None = None
    for line in lines:
        text = line[0]
        mapped = _mapping_line(text)
        if mapped is not None:
            mappings.append(mapped)
            continue
        if number is None and not texts:
            if line[1] is None and _is_bare_number(text):
                # The number in a column (or paragraph) of its own: the text follows.
                pending = clean_number(_LEADING_LO.sub("", text))
                continue
            found, body = _numbered(line, split_outcome_number)
            number = found or pending
            body = without_outcome_stem(body)
        else:
            body = text
        body, tail = split_trailing_references(body)
        texts.append(body)
        if tail is not None:
            mappings.append(tail)
    if number is None:
        number = pending
    current = unit.outcomes[-1] if unit.outcomes else None
    if not texts and number is None:
        if current is not None:
            _add_mappings(current.mappings, mappings, where)
        return current
    joined = "\n".join(t for t in texts if t)
    if current is not None and (
        (number is not None and number == current.number)
        or (number is None and joined == current.text)
    ):
        return current
    outcome = unit.start_outcome(number, [t for t in texts if t], where)
    _add_mappings(outcome.mappings, mappings, where)
    return outcome


def _run_apart(line: Line) -> list[Line]:
    """A typed line of criteria run together, one line each (see split_run_together)."""
    if line[1] is not None:
        return [line]
    return [(part, None) for part in split_run_together(line[0])]


def _criterion(number: str | None, body: str, where: Where) -> CriterionDraft:
    """A new criterion; references that end its text are its mappings."""
    body, tail = split_trailing_references(body)
    criterion = CriterionDraft(number, [body] if body else [], where, [])
    if tail is not None:
        _add_mappings(criterion.mappings, [tail], where)
    return criterion


def _ordinal(text: str) -> tuple[str | None, str]:
    """("2", "Explain ...") from "2 Explain ..." or "2. Explain": counted in its outcome.

    Only for criteria cells under an outcome, where a bare number before words
    can be nothing else (see built_number).
    """
    match = _ORDINAL.match(text)
    return (match.group(1), text[match.end():]) if match else (None, text)


def read_criteria_cell(unit: UnitDraft, lines: list[Line], where: Where) -> list[CriterionDraft]:
    """The criteria in a row's criteria cell(s), appended to the current outcome."""
    if len(lines) == 1 and lines[0][1] is None:
        # The common case, one typed "1.2 Explain ..." per cell, kept short.
        text = lines[0][0]
        parts = split_run_together(text)
        # (_mapping_line's own first test, spared the call.)
        if len(parts) == 1 and ((":" not in text and " - " not in text)
                                or _mapping_line(text) is None) and not _is_bare_number(text):
            number, body = split_criterion_number(text)
            if number is None and unit.outcomes:
                number, body = _ordinal(text)
            outcomes = unit.outcomes
            if number is not None and outcomes:
                # (The outcome read last: with outcomes listed apart, not always the last.)
                before = unit.current or outcomes[-1] if unit.by_number else outcomes[-1]
                if before.criteria and is_sub_point(number, before.criteria[-1]):
                    continue_criterion(before.criteria[-1], [text], where)
                    return []
            item = bullet_item(lines[0]) if number is None else None
            criterion = _criterion(number, body if item is None else item[1], where)
            if item is not None:
                criterion.bullet = item[0]
            outcome = outcomes[-1] if outcomes and not unit.by_number \
                else unit.outcome_for_criterion(number, where)
            outcome.criteria.append(criterion)
            return [criterion]
    lines = [split for line in lines for split in _run_apart(line)]
    made: list[CriterionDraft] = []
    pending: str | None = None
    current: CriterionDraft | None = None

    def start(number: str | None, body: str,
              item: tuple[str, str] | None = None) -> CriterionDraft:
        criterion = _criterion(number, body if item is None else item[1], where)
        if item is not None:
            criterion.bullet = item[0]
        unit.outcome_for_criterion(number, where).criteria.append(criterion)
        made.append(criterion)
        return criterion

    for line in lines:
        text = line[0]
        mapped = _mapping_line(text)
        if mapped is not None:
            if current is not None:
                _add_mappings(current.mappings, [mapped], where)
            continue
        if line[1] is None and _is_bare_number(text) and "." in text.rstrip("."):
            # A criterion number in a column (or paragraph) of its own.
            if pending is not None:
                current = start(pending, "")
            pending = clean_number(_LEADING_AC.sub("", text))
            continue
        number, body = _numbered(line, split_criterion_number)
        if number is None and unit.outcomes and not (
                current is not None and current.number and "." in current.number):
            # (After "1.1 Explain the following:", "3 theories ..." goes on with it:
            # a cell does not count some criteria within their outcome and number others.)
            number, body = _ordinal(text)
        if number is not None and current is not None and pending is None \
                and is_sub_point(number, current):
            continue_criterion(current, [text if line[1] is None else f"{line[1]} {text}"],
                               where)
            continue
        if pending is not None:
            if number is None:
                number = pending
            else:
                start(pending, "")
            pending = None
        # Unnumbered criteria printed as bullets ("• Explain ...", one after another):
        # each is a criterion, numbered by its place. Under one that introduces a
        # list, or bulleted otherwise, a bullet is one of its items.
        item = bullet_item(line) if number is None else None
        if number is not None or current is None or is_sibling_item(item, current):
            current = start(number, body, item)
        else:
            continue_criterion(current, [text], where)
    if pending is not None:
        start(pending, "")
    return made


def read_grid_row(unit: UnitDraft, row: Row, roles: dict[int, GridRole], table: int) -> None:
    """One data row of an outcome/criteria grid (``table`` is its table's number)."""
    # Called for every criterion of the specification: the cell role and the
    # lines of a one-column cell are worked out inline.
    lo_lines: list[Line] = []
    ac_lines: list[Line] = []
    map_cells: list[Cell] = []
    omap_cells: list[Cell] = []
    lo_merged = False
    get_role = roles.get
    for cell in row.cells:
        role = get_role(cell.col) if cell.span == 1 else _role_of(cell, roles)
        if role is None:
            continue
        texts = cell.texts
        if role == "lo":
            if cell.merge == MERGE_CONTINUE:
                lo_merged = True
            elif texts:
                lo_lines = _extend(lo_lines, cell_lines(cell))
        elif role == "ac":
            if texts:
                if cell.numbers is None and len(texts) == 1 and "\n" not in texts[0] \
                        and _STEM_START.match(texts[0]) is None:
                    ac_lines.append((texts[0], None))
                else:
                    ac_lines = _extend(ac_lines, cell_lines(cell))
        elif role == "map":
            map_cells.append(cell)
        elif role == "omap":
            if texts and cell.merge != MERGE_CONTINUE:
                omap_cells.append(cell)
        elif texts:
            # A row across the whole grid: an outcome printed over its criteria
            # ("Learning outcome 2: ..."), else read by the column it starts in.
            lines = cell_lines(cell)
            if not lines:
                continue
            if _numbered(lines[0], split_outcome_number)[0] is not None:
                read_outcome_cell(unit, lines, row_where(table, row))
                return
            role = roles.get(cell.col) or next(iter(roles.values()))
            if role == "lo":
                lo_lines.extend(lines)
            elif role == "ac":
                ac_lines.extend(lines)
    if not lo_lines and not ac_lines and not any(c.texts for c in map_cells) and not omap_cells:
        return
    if ac_lines and not lo_lines and "lo" not in roles.values() and _is_outcome_line(ac_lines[0]):
        # One column for both ("Learning outcomes and assessment criteria"):
        # a line numbered "1", not "1.1", is an outcome.
        lo_lines, ac_lines = ac_lines, []
    if len(lo_lines) > 1 and not ac_lines:
        lo_lines, ac_lines = _outcome_then_criteria(lo_lines)
    where = row_where(table, row)
    outcomes = unit.outcomes
    outcome = outcomes[-1] if outcomes else None
    if lo_lines and not lo_merged:
        outcome = read_outcome_cell(unit, lo_lines, where)
    criteria = read_criteria_cell(unit, ac_lines, where) if ac_lines else []
    if omap_cells and outcome is not None:
        for cell in omap_cells:
            _add_mappings(outcome.mappings, cell_texts(cell), where)
    for cell in map_cells:
        if len(criteria) == 1 and cell.merge == MERGE_NONE:
            # The common case: the row's one criterion and its references.
            target = criteria[0].mappings
            for line in cell.texts:
                # (A line may name its criterion: "1.1 LMAC5A/LM/A.1".)
                for raw, ref in split_mappings(_numbered_references(line)[1]):
                    target.append((raw, ref, where))
        else:
            _read_mapping_cell(cell, criteria, outcome, where)


def grid_note(row: Row, ignore: tuple[int, ...] = ()) -> tuple[str, list[str]] | None:
    """A grid row that is a note under a label, not an outcome or criterion: the unit
    field it gives ("" for none) and its lines.

    "Range | theories may include ..." or "Additional information" across the
    grid, beside its text or above it, or "Assessment: This unit must be ..."
    in one cell across. Only a row with no number in it: a grid's outcomes and
    criteria carry theirs, and one printed unnumbered opens with no such label.
    Cells in the columns ``ignore`` (one naming the unit on every row) do not
    count.
    """
    filled = [cell for cell in row.cells if cell.texts and cell.col not in ignore]
    # (Asked of every row a grid is judged on: data rows go at the first figure.)
    if not filled or any(cell.texts[0][0].isdigit()
                         or (cell.numbers is not None and cell.shows_figures) for cell in filled):
        return None
    first = filled[0]
    if len(filled) > 1:
        label = first.text
        lines = [line for cell in filled[1:] for line in cell_texts(cell)]
    else:
        label, colon, rest = first.texts[0].partition(":")
        if not colon and len(first.texts) < 2:
            return None
        lines = [line for text in (rest.strip(), *first.texts[1:])
                 for line in text.split("\n") if line]
    found = grid_note_field(label)
    return None if found is None else (found, lines)


def _read_mapping_cell(cell: Cell, criteria: list[CriterionDraft], outcome: OutcomeDraft | None,
                       where: Where) -> None:
    lines = cell_texts(cell)
    if cell.merge == MERGE_CONTINUE or not lines:
        return
    numbered = [_numbered_references(line) for line in lines]
    if any(number is not None for number, _ in numbered):
        # "1.1 LMAC5A/LM/A.1" / "1.2 LMAC5A/LM/A.2": each line names its criterion.
        by_number = {c.number: c for c in criteria}
        if criteria and cell.merge == MERGE_NONE \
                and all(number in by_number for number, _ in numbered):
            for number, refs in numbered:
                _add_mappings(by_number[number].mappings, [refs], where)
            return
        lines = [refs for _, refs in numbered]
    if cell.merge != MERGE_NONE or not criteria:
        if outcome is not None:
            _add_mappings(outcome.mappings, lines, where)
        return
    if len(criteria) == 1:
        _add_mappings(criteria[0].mappings, lines, where)
    elif len(lines) == len(criteria):
        for criterion, line in zip(criteria, lines, strict=True):
            _add_mappings(criterion.mappings, [line], where)
    elif outcome is not None:
        _add_mappings(outcome.mappings, lines, where)


def _numbered_references(line: str) -> tuple[str | None, str]:
    """('1.2', 'LMAC5A/LM/A.2') from "1.2 LMAC5A/LM/A.2" or "AC1.2: ..."; else (None, line)."""
    if not (line[:1].isdigit() or line[:2] in ("AC", "ac", "Ac")):
        return None, line
    number, refs = split_criterion_number(line)
    if number is None or not looks_like_references(refs):
        return None, line
    return number, refs


def add_mappings(target: OutcomeDraft | CriterionDraft, lines: list[str], where: Where) -> None:
    """Lines of references mapping ``target``."""
    _add_mappings(target.mappings, lines, where)


def last_item(unit: UnitDraft) -> OutcomeDraft | CriterionDraft | None:
    """The outcome or criterion a unit's grid read last: its last outcome's last criterion,
    or that outcome while it has none."""
    if not unit.outcomes:
        return None
    outcome = unit.current if unit.by_number and unit.current is not None \
        else unit.outcomes[-1]
    return outcome.criteria[-1] if outcome.criteria else outcome


def _add_mappings(target: list[MappingDraft], lines: list[str], where: Where) -> None:
    for line in lines:
        for raw, ref in split_mappings(line):
            target.append((raw, ref, where))
