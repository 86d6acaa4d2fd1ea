"""Recognise the parts of a specification in its blocks and build the model.

The blocks are read once, in document order, keeping a little state: the
section the last known heading opened (key facts, structure, units,
rationale, superseded qualifications), the unit being read, and the group
heading the reader is under. What each block means follows from that state
and from its own words:

- a heading is a unit heading ("Unit 501 Leadership", "Unit 3: ..."), a unit
  field heading inside a unit ("Unit aim"), a section heading, a group heading
  ("Mandatory units", "Optional Group 01", "Group B: ...") or another heading;
  a short, wholly bold paragraph that reads like one of these counts too;
- a table is an outcome/criteria grid (found by its header row, possibly
  after key-value rows of the same unit; its columns judged by header and
  content in grid_columns; a column naming the unit may hold every unit's
  outcomes in one table), the continuation of a grid split over tables, a
  mapping grid or tick matrix naming units (mapping_grids), a unit list
  (found by its column names), a superseded qualifications table, a
  barred-units table, or a key-value table read whichever way it runs
  (key_values: a unit's when it names the unit or a unit is open, else key
  facts);
- a paragraph is a 'Label: value' fact, a rules-of-combination sentence, a
  rationale paragraph or part of a unit, by section; in the front matter it
  may also state the title (titles).

At the end, mapping grids are joined onto the units they name, unit sections
and unit list rows are matched (URN, else number, else title) and merged, the
section's statement winning; the list decides a unit's group. Nothing absent
is derived, except numbers of outcomes and criteria that the document prints
without any (numbered by position). What looks like specification content
but fits none of these is kept as a reading note with its place, never
guessed at and never a reason to refuse the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import field, replace
from typing import TYPE_CHECKING, Any

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.errors import InputError
from criteria_checker.model.spec import (
    AssessmentCriterion,
    Group,
    LearningOutcome,
    Mapping,
    NoteKind,
    QualificationSpec,
    ReadingNote,
    SourceLocation,
    Supersession,
    Unit,
)
from criteria_checker.readers.docx.blocks import (
    MERGE_CONTINUE,
    Block,
    Para,
    Row,
    Table,
    is_bold,
    set_apart_label,
)
from criteria_checker.readers.docx.combination import read_combination
from criteria_checker.readers.docx.grid_columns import column_roles, undecided
from criteria_checker.readers.docx.key_values import line_pairs, table_pairs
from criteria_checker.readers.docx.labels import (
    FACT_FIELDS,
    KIND_WORDS,
    OUTCOME_WORDS,
    OUTLINE_NUMBER,
    UNIT_FIELDS,
    GridRole,
    GroupHeading,
    GroupKind,
    ListRole,
    SectionKind,
    UnitHeading,
    fact_field,
    grid_role,
    is_barred_header,
    is_label_shaped,
    is_mapping_label,
    is_other_framework,
    is_unit_only_label,
    list_role,
    looks_like_urn,
    names_outcomes_and_criteria,
    normalise_label,
    parse_group_heading,
    parse_titled_heading,
    parse_unit_heading,
    section_of_heading,
    split_label_value,
    supersede_role,
    title_facts,
    unit_field,
    unit_reference,
)
from criteria_checker.readers.docx.mapping_grids import (
    GridLink,
    criterion_key,
    names_a_unit,
    read_mapping_grid,
    unit_columns,
    unit_key,
)
from criteria_checker.readers.docx.restated import (
    before,
    join_restated,
    restates_criterion,
    restates_outcome,
)
from criteria_checker.readers.docx.titles import title_in
from criteria_checker.readers.docx.unit_columns import (
    adopt,
    figures,
    holds_texts,
    named_by,
    names_another,
)
from criteria_checker.readers.docx.units import (
    CriterionDraft,
    MappingDraft,
    OutcomeDraft,
    UnitDraft,
    Where,
    add_mapping_line,
    add_mappings,
    built_number,
    bullet_item,
    cell_lines,
    cell_texts,
    continue_criterion,
    criterion_number,
    grid_note,
    header_roles,
    is_capture_heading,
    is_criteria_label,
    is_mapping_paragraph,
    is_outcome_paragraph,
    is_sibling_item,
    is_stem,
    label_of_column,
    last_item,
    names_columns,
    outcome_number,
    paragraph_where,
    read_criteria_cell,
    read_grid_row,
    read_outcome_cell,
    read_outcomes_cell,
    row_where,
    stem_lead,
    without_outcome_stem,
    wrap_on,
)
from criteria_checker.readers.docx.values import (
    first_int,
    split_criterion_number,
    split_mappings,
    split_outcome_number,
)
from criteria_checker.readers.references import looks_like_references, references_in_prose

if TYPE_CHECKING:
    # (Imported when a table needs them: most documents have none of these shapes.)
    from criteria_checker.readers.docx.headerless_grids import HeaderlessGrid
    from criteria_checker.readers.docx.prose_facts import Subject

#: Embedded objects whose content could be specification content, by their program's
#: name ("Excel.Sheet.12", "Word.Document.8"), and what to call them.
_OBJECT_PROGRAMS = (("Excel.Sheet", "Excel worksheet"), ("Word.Document", "Word document"))
#: Blocks looked at past a grid for its continuation (empty paragraphs and split parts).
_LOOKAHEAD_BLOCKS = 12
#: What a unit's own table of facts opens with (not "Assessment method | Description").
_UNIT_TABLE_FIELDS = frozenset({"reference", "number_or_reference", "title", "level", "glh",
                                "tqt", "credit"})
_UNIT_FIELD_NAMES = frozenset(UNIT_FIELDS.values())
#: Key facts no unit list has a column for.
_QUALIFICATION_ONLY = ("awarding_organisation", "qualification_number")
#: A qualification number inside a longer value: "610/4217/1" or "6104217X".
_QN_TOKEN = regex(r"(?<![\w/])(?:\d{3}/\d{4}/[0-9X]|\d{7}[0-9X])(?![\w/])")
#: "1.1 Explain the ...": a numbered criterion, not a version number or a date.
_CRITERION_LINE = regex(r"^(?:ac\s*)?\d{1,3}\.\d{1,3}[a-z]?\.?\s+[A-Za-z]+\s+\w+\s+\w+",
                             re.IGNORECASE)
#: Automatic numbering that names units ("Unit %1:" numbering the unit headings).
_UNIT_NUMBERING = regex(r"\bunit\b", re.IGNORECASE)
_NUMBERED = regex(r"^(?:lo|ac|learning outcome)?\s*[(\[]?\d", re.IGNORECASE)
#: A first criterion lettered within its outcome, opening a grid row: "a) Explain ...".
_FIRST_LETTER = regex(r"^\(?a[.)]\s+\S", re.IGNORECASE)
#: What marks a heading as a unit's continuation: "(continued)", "– cont'd", "(cont.)".
_CONTINUED = regex(r"(?i)\s*[(\[–—-]?\s*\b(?:continued|cont(?:'d|\u2019d|\.|d)?)\s*[)\]]?\s*$")
#: The header of a grid that has none (see headerless_grids.py).
_NO_HEADER = Row(cells=[], number=0, table_path="")
_SUPERSEDING = regex(r"supersed|replac|withdraw", re.IGNORECASE)
#: What ends a list item before the next: "; and", ", or", "." ...
_LIST_ITEM_END = regex(r"[\s;,.]*(?:\b(?:and|or))?$")
#: Sections whose paragraphs may name another qualification: never a source of the title.
_NOT_FRONT = ("supersedes", "rationale", "structure")
#: Level given to a bold paragraph read as a heading: below every real heading.
_PSEUDO_HEADING = 10
#: A value describing a title field rather than giving one: "The title of the unit".
_DESCRIBES_TITLE = regex(r"\b(?:title|name)\b", re.IGNORECASE)
#: The unit fields that name a unit.
_UNIT_IDENTITY_FIELDS = frozenset({"reference", "number_or_reference", "number", "title"})
#: Unit fields whose stacked value may run over several paragraphs.
_RUNNING_FIELDS = frozenset({"aim", "assessment_methods", "mappings"})
_NUMERIC_FACTS = ("level", "tqt", "glh", "credits")
#: Words a group column uses for a unit's kind ("M" and "O" included).
_KIND_VALUES: dict[str, GroupKind] = {**KIND_WORDS, "m": "mandatory", "o": "optional"}


@dataclass(slots=True)
class _GroupDraft:
    """A group of units while the document is read."""

    id: str
    name: str
    kind: GroupKind
    where: Where


@dataclass(slots=True)
class _ListEntry:
    """One row of a list of units (reference, title, level, hours)."""

    where: Where
    reference: str | None = None
    number: str | None = None
    title: str | None = None
    level: int | None = None
    glh: int | None = None
    tqt: int | None = None
    credit: int | None = None
    group: str | None = None
    mappings: list[MappingDraft] = field(default_factory=list)


@dataclass(slots=True)
class _SupersessionDraft:
    """What the document says of a qualification this one replaces."""

    where: Where
    title: str | None = None
    qualification_number: str | None = None
    plan: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Fact:
    """A labelled value read from the document, with where it was read."""

    label: str
    value: str
    where: Where


class LayoutReader:
    """Reads blocks into a QualificationSpec (see the module docstring)."""

    def __init__(self, file: str, ns: str) -> None:
        self.file = file
        self.ns = ns
        self.section: SectionKind | None = None
        self.section_level = 0
        self.group: str | None = None
        self.group_level = 0
        self.unit: UnitDraft | None = None
        self.reopenable: UnitDraft | None = None
        self.units: list[UnitDraft] = []
        #: An earlier unit headed again further on (its guidance in an appendix): it goes
        #: on there, and keeps its place among the units.
        self.revisited: UnitDraft | None = None
        #: The references and titles of the units read, as they were when each was
        #: closed: a heading naming none of them names no unit read before.
        self.named: set[tuple[str, str]] = set()
        self.entries: list[_ListEntry] = []
        self.groups: dict[str, _GroupDraft] = {}
        self.facts: dict[str, _Fact] = {}
        self.other_facts: dict[str, _Fact] = {}
        #: Paragraphs outside units: key facts no label gives may be stated in their sentences.
        self.prose: list[tuple[str, Where]] = []
        #: A paragraph that was a label alone ("Guided learning hours"): the next paragraph,
        #: if nothing else comes first, is its value.
        self.pending_label: tuple[str, Where] | None = None
        self.structure: list[tuple[str, bool, Where]] = []
        self.rationale: list[str] = []
        self.supersessions: list[_SupersessionDraft] = []
        self.links: list[GridLink] = []
        #: Until the first unit or unit list: where a cover page or first heading may give a title.
        self.front = True
        self.titles: list[tuple[str, Where | None]] = []
        self.blocks: list[Block] = []
        #: Content embedded in another format (w:altChunk), which is not read.
        self.embedded: list[Para] = []
        self.at = 0
        #: Per grid header: the columns found to map outcomes where a grid shows it.
        self.outcome_columns: dict[tuple[str, ...], tuple[int, ...]] = {}
        self.notes: list[tuple[NoteKind, str, Where | None]] = []
        self._locations: dict[tuple[Where, str | None], SourceLocation] = {}

    # -- walking -------------------------------------------------------------------

    def read(self, blocks: list[Block], page_headers: Sequence[str] = ()) -> None:
        """Read the body's blocks; ``page_headers`` are the page headers' texts (for a title)."""
        self.blocks = blocks
        embedded = self.embedded
        for index, block in enumerate(blocks):
            self.at = index
            if isinstance(block, Table):
                self.pending_label = None
                self._table(block)
            elif block.embedded:
                embedded.append(block)
            elif block.embedded_object is not None:
                self._embedded_object(block)
            elif block.text:
                if self.front and self.section not in _NOT_FRONT:
                    self._title_candidate(block.text, paragraph_where(block))
                level = block.heading
                if level is None and self._reads_as_heading(block):
                    level = _PSEUDO_HEADING
                if level is None:
                    self._paragraph(block)
                else:
                    self.pending_label = None
                    self._heading(block, level)

        for text in page_headers:
            self._title_candidate(text, None)
        if embedded:
            count = len(embedded)
            self._note("not-understood",
                       f"The document embeds {count} part{'s' if count != 1 else ''} in "
                       "another format (HTML, RTF or another document, as web exports write "
                       "them), which Word converts only when it opens the file, so "
                       f"{'they were' if count != 1 else 'it was'} not read: open the file "
                       "in Word, save it, and check the saved file",
                       Where(path=embedded[0].path))

    def _embedded_object(self, para: Para) -> None:
        """Say where an Excel worksheet or Word document is embedded as an object (its
        content another program's, not the document's text): a unit's grid or a mapping
        grid pasted so is not read. Objects of other programs (charts, drawings) are
        pictures, not content the reader looks for."""
        program = para.embedded_object or ""
        what = next((name for prefix, name in _OBJECT_PROGRAMS if program.startswith(prefix)),
                    None)
        if what is None:
            return
        holder = f"{self.unit.key} holds" if self.unit is not None else "The document holds"
        self._note("not-understood",
                   f"{holder} an embedded {what} (an object another program shows, not a "
                   "Word table), which was not read: paste its content into the document "
                   "as a table", Where(path=para.path, quote=f"[embedded {what}]"))

    def _title_candidate(self, text: str, where: Where | None) -> None:
        title = title_in(text)
        if title is not None:
            self.titles.append((title, where))

    def _reads_as_heading(self, para: Para) -> bool:
        text = para.text
        if para.listed or len(text) > 120 or "\n" in text or text.endswith((".", ";", ",")):
            return False
        named = parse_unit_heading(text) is not None
        looks = (named or section_of_heading(text) is not None
                 or parse_group_heading(text) is not None
                 or (self.unit is not None and is_capture_heading(text) is not None))
        if looks:
            # A plain "Unit 501: Title" line just above the unit's own facts is its heading,
            # however it is set apart (a larger font, a colour: nothing the reader keeps),
            # as is one naming a unit read before (its guidance in an appendix).
            return is_bold(para, self.ns) or (named and (
                self._unit_facts_next(strict=False) or self._names_earlier_unit(text)))
        # A bold line that names a unit without saying "Unit", over that unit's facts or
        # naming a unit read before.
        titled = parse_titled_heading(text)
        return titled is not None and (self._unit_facts_next(
            strict=titled.reference is None and titled.number is None)
            or self._earlier_unit(titled, titled.title) is not None) and is_bold(para, self.ns)

    def _names_earlier_unit(self, text: str) -> bool:
        heading = parse_unit_heading(text)
        return heading is not None and self._earlier_unit(heading, heading.title) is not None

    def _unit_facts_next(self, *, strict: bool) -> bool:
        """Whether a unit's own facts come next: a table, "Label: value" lines (or a label
        set apart by bold or a tab) or a label alone over its value.

        They open with a label only a unit's facts use ("Unit reference number"),
        or, unless ``strict``, any of a unit's sizes ("Level", "GLH"); a table of
        several units (a unit list under the same labels) is not one unit's facts.
        """
        for block in self.blocks[self.at + 1:self.at + 4]:
            if isinstance(block, Para):
                if not block.text:
                    continue
                pair = split_label_value(block.text.split("\n")[0]) \
                    or set_apart_label(block, self.ns)
                label = pair[0] if pair is not None else (
                    block.text if _stacked_unit_label(block.text) is not None else "")
            else:
                rows = block.rows
                if not rows:
                    return False
                label = _row_label(rows[0])
                if len(rows) > 1:
                    second = _row_label(rows[1])
                    one_unit = len(rows) == 2 if len(rows[0].cells) > 2 else (
                        unit_field(second) is not None or is_label_shaped(second))
                    if not one_unit:
                        return False
            return is_unit_only_label(label) or (
                not strict and unit_field(label) in _UNIT_TABLE_FIELDS)
        return False

    def _heading(self, para: Para, level: int) -> None:
        text = " ".join(para.text.split())
        if para.number and _UNIT_NUMBERING.search(para.number):
            text = f"{para.number} {text}"  # Word numbers the unit headings: "Unit 501:"
        numbered_text = text  # ("2 Lead a team": an outcome, its number no outline's)
        text = OUTLINE_NUMBER.sub("", text)
        unit_heading = parse_unit_heading(text)
        if unit_heading is not None:
            self._open_headed_unit(para, level, unit_heading)
            return
        unit = self.unit
        if unit is not None:
            captured = is_capture_heading(text)
            if captured is not None:
                unit.capture = captured
                return
        if unit is not None and self._outcome_heading(unit, para, numbered_text):
            # "Learning outcome 1: Understand ..." set as a heading inside its unit, its
            # criteria below (in a table or as paragraphs).
            numbered = (numbered_text, para.number)
            unit.capture = None
            if restates_outcome(unit, outcome_number(numbered)):
                unit.paragraph_target = None  # its guidance, after the grid
            else:
                unit.paragraph_target = read_outcome_cell(unit, [numbered],
                                                          paragraph_where(para))
                unit.outcome_paragraphs = True
            return
        if unit is not None or self.units:
            # "Leadership (H/650/2114) (continued)": a heading without "Unit" repeating one.
            named = parse_titled_heading(text)
            if named is not None and self._continues_unit(named):
                return
        kind = section_of_heading(text)
        if kind is not None:
            self._close_unit()
            self.section, self.section_level = kind, level
            if self.group is not None and level <= self.group_level:
                self.group = None
            return
        group = parse_group_heading(text)
        if group is not None:
            if unit is not None and (unit.heading_level is None or level <= unit.heading_level):
                self._close_unit()
            self.group = self._register_group(group, paragraph_where(para))
            self.group_level = level
            return
        if unit is not None:
            closes = level <= unit.heading_level if unit.heading_level is not None else level <= 1
            if closes:
                self._close_unit(reopenable=True)
            else:
                unit.capture = None
        if level <= self.section_level:
            self.section = None
        if self.group is not None and level <= self.group_level:
            self.group = None
        self._titled_unit(para, text, level)

    def _outcome_heading(self, unit: UnitDraft, para: Para, text: str) -> bool:
        """A heading inside a unit that is one of its learning outcomes: labelled as one
        ("Learning outcome 2: ...", "LO2 ..."), or numbered ("2 Lead a team") with
        criteria numbered within it next, as paragraphs or in a table; whatever its level
        (a line in bold, as the unit's own heading may be)."""
        return is_outcome_paragraph(text) or self._opens_criteria(unit, replace(para, text=text))

    def _titled_unit(self, para: Para, text: str, level: int) -> None:
        """Open the unit a heading names without the word "Unit", if its facts follow.

        "Leadership (H/650/2114)", "LM501 Leadership" or a bare title over a
        unit's own facts is that unit's heading; what the facts do not say (the
        title, most often) comes from the heading.
        """
        named = parse_titled_heading(text)
        if named is None or not self._unit_facts_next(
                strict=named.reference is None and named.number is None):
            return
        self._open_headed_unit(para, level, named)

    def _open_headed_unit(self, para: Para | Where, level: int | None,
                          heading: UnitHeading) -> None:
        if self._continues_unit(heading):
            return
        self._close_unit()
        where = paragraph_where(para) if isinstance(para, Para) else para
        opened = UnitDraft(where=where, heading_level=level, context_group=self.group)
        opened.reference, opened.number, opened.title = (
            heading.reference, heading.number, heading.title)
        opened.from_heading.update({"reference", "number", "title"})
        for name, value in heading.facts:
            # ("Unit 501: Leadership (Level 5, 4 credits)": a label below still overrides.)
            opened.set_field(name, [value], where, labelled=False)
            opened.from_heading.add(name)
        self.unit = opened
        self.front = False

    def _stacked_value(self, para: Para, where: Where) -> bool:
        """A key fact's label alone on one line and its value on the next ("Guided learning
        hours", then "480"), as fact sheets and converted pages stack them: the label is
        held (True), and the paragraph after it, unless a label itself, is its value.

        Outside units only, and only labels the reader knows word for word: a cover
        page's "Harbourside Awarding Body" says "awarding body" but is a name.
        """
        pending, self.pending_label = self.pending_label, None
        text = para.text
        if self.unit is not None or (self.section not in _NOT_FRONT and _names_a_unit(text)):
            return self._unit_stacked(para, where, pending)
        if self.section not in (None, "facts"):
            return False  # a rule ("Barred units") or prose
        # (A label: short words, no figures even in brackets, no sentence's full stop.)
        alone = "\n" not in text and ":" not in text and len(text) <= 60 \
            and not text.endswith(".") and not any(ch.isdigit() for ch in text) \
            and is_label_shaped(text) and (
                normalise_label(text) in FACT_FIELDS
                or (self.section == "facts" and self._value_next()
                    and set_apart_label(para, self.ns) is None  # "AO Northfield Awards"
                    and not line_pairs(text, fact_field)))
        if alone:
            self.pending_label = (text, where)
            return True
        if pending is not None and not alone:
            label, at = pending
            self._fact(label, [text], at, any_label=self.section == "facts")
            return True
        return False

    def _unit_stacked(self, para: Para, where: Where, pending: tuple[str, Where] | None
                      ) -> bool:
        """A unit's fact stacked as a label line and its value below ("Credit value", then
        "4"), as fact sheets and web pages converted to Word set them out: the label is
        held (True), and the next paragraph is its value, or its first line for the aim,
        the assessment methods and the references, which run on to the next label or
        heading. Only a label word for word (a unit's lines are otherwise its prose); one
        naming the unit outside a unit ("Unit reference number") opens one.
        """
        text = para.text
        name = _stacked_unit_label(text)
        if name is None and self.unit is not None:
            name = self._stacked_mapping_label(text)
        label = _label_alone(text)
        if name is not None and label is not None and self._paragraph_next():
            if self.unit is None:
                value = self.blocks[self.at + 1]
                assert isinstance(value, Para)
                if not _unit_identity([(label, value.text)]):
                    return False  # a key to the unit pages: "The unique reference ..."
                self._open_unit(where)
            unit = self.unit
            assert unit is not None
            if name in _RUNNING_FIELDS:
                unit.capture = name
                unit.paragraph_target = None
            else:
                unit.capture = None
                self.pending_label = (label, where)
            return True
        if pending is None or self.unit is None:
            return False
        label, at = pending
        return self._unit_lines(self.unit, [(label, text)], at)

    def _stacked_mapping_label(self, text: str) -> str | None:
        """"mappings" for a label of any words alone over a line of references ("SfC
        content addressed", then "LMAC5A/LM"), as a table's row of them is read; "other"
        for another framework's ("Links to NOS"), whose value is no unit fact."""
        at = self.at + 1
        block = self.blocks[at] if at < len(self.blocks) else None
        label = _label_alone(text)
        if not isinstance(block, Para) or label is None or ":" in label:
            return None
        if is_label_shaped(label) and is_other_framework(label):
            return "other"
        if _unit_field_for(label, block.text) != "mappings":
            return None
        # Words of the mapping family in a sentence ("This unit covers:", then the
        # topics it covers) name no references: a label not spelt as a known one
        # needs references below it.
        return "mappings" if normalise_label(label) in UNIT_FIELDS \
            or looks_like_references(block.text) else None

    def _paragraph_next(self) -> bool:
        """Whether the next block is a paragraph that can be a value: not a label alone, nor
        a "Label: value" line of its own ("NOS reference: SCDLMCA1" below a label whose
        value was left empty)."""
        at = self.at + 1
        block = self.blocks[at] if at < len(self.blocks) else None
        if not isinstance(block, Para) or not block.text or block.embedded \
                or block.heading is not None or _stacked_unit_label(block.text) is not None:
            return False
        pair = split_label_value(block.text.split("\n")[0])
        return pair is None or not is_label_shaped(pair[0]) or not (
            _any_field(pair[0]) is not None or is_other_framework(pair[0])
            or is_mapping_label(pair[0]))

    def _unit_lines(self, unit: UnitDraft, pairs: list[tuple[str, str]], where: Where) -> bool:
        """Set a unit's facts from "Label: value" lines; whether any was read.

        Lines naming a unit under a label only a unit's facts use ("Unit title:
        Digital skills", "Unit reference number: J/650/2115") differently from
        what the unit being read was labelled with start the next unit, as such a
        table does: some specifications introduce each unit by such lines, with
        no heading. Lines naming a unit read before go on as that unit (its
        guidance in an appendix).
        """
        named = [(label, value, name) for label, value in pairs
                 if (name := _unit_field_for(label, value)) is not None]
        if not named:
            return False
        identity = _unit_identity((label, value) for label, value, _ in named)
        if identity and any(is_unit_only_label(label) for label, _, _ in named) \
                and unit.starts_new_unit(identity):
            unit = self._named_unit(identity, where)
        for _, value, name in named:
            unit.set_field(name, [value], where)
        return True

    def _named_unit(self, identity: dict[str, str], where: Where) -> UnitDraft:
        """The unit that lines naming a unit begin: one read before, going on, or a new one."""
        heading = UnitHeading(token=identity.get("number"), title=identity.get("title"),
                              bracketed=identity.get("reference"))
        earlier = self._earlier_unit(heading, heading.title)
        if earlier is None:
            return self._open_unit(where)
        self._go_on_as(earlier)
        return earlier

    def _value_next(self) -> bool:
        """Whether the next block is a paragraph no label could be: a figure, or words that
        are no label's ("Age range", then "19+")."""
        at = self.at + 1
        block = self.blocks[at] if at < len(self.blocks) else None
        return isinstance(block, Para) and bool(block.text) and not block.embedded and (
            any(ch.isdigit() for ch in block.text) or not is_label_shaped(block.text))

    def _continues_unit(self, heading: UnitHeading) -> bool:
        """Whether a unit heading repeats the unit being read: its grid goes on below.

        "Unit 501: Leadership (continued)", or the same heading again, as a
        unit that runs over a page is headed on each: the same number or
        reference, and the same title or none (a continuation mark aside).
        The unit read last is taken up again when something else came between.
        """
        unit = self.unit if self.unit is not None else (self.units[-1] if self.units else None)
        if unit is None:
            return False
        title = heading.title or ""
        marked = _CONTINUED.search(title)
        if marked is not None:
            # ("Leadership (Level 5, 4 credits) (continued)": the facts before the mark.)
            title = title_facts(title[:marked.start()])[0] or ""
        same_title = bool(title) and normalise_label(title) == normalise_label(unit.title or "")
        same = (heading.number is not None and heading.number == unit.number) or (
            heading.reference is not None and heading.reference == unit.reference) or (
            marked is not None and same_title)
        if not same or (title and not same_title):
            return self._revisits_unit(heading, title)
        if unit is not self.unit:
            self.units.pop()
            self.unit, self.reopenable = unit, None
        unit.capture = None
        return True

    def _revisits_unit(self, heading: UnitHeading, title: str) -> bool:
        """Whether a unit heading names a unit read before (see :meth:`_earlier_unit`):
        that unit goes on, in its place among the units."""
        unit = self._earlier_unit(heading, title)
        if unit is None:
            return False
        self._go_on_as(unit)
        return True

    def _go_on_as(self, unit: UnitDraft) -> None:
        """Read on into ``unit``, read before, which keeps its place among the units."""
        self._close_unit()
        self.unit = self.revisited = unit
        unit.capture = None

    def _earlier_unit(self, heading: UnitHeading, title: str | None) -> UnitDraft | None:
        """The unit read before, with its outcomes, that a heading names again: guidance or
        mappings set out unit by unit after all of them ("Appendix B: Unit guidance", then
        "Unit 501: Leadership"). By its reference, or by its title when no other unit has
        it and the heading's number, if any, has the same figures ("LM501" over the unit
        its table numbers 501). A number alone names none: some specifications number each
        group's units from 1; nor does a reference under another title (two units given
        one reference, which the rules report).
        """
        wanted = normalise_label(title) if title else ""
        reference = heading.reference
        if (reference is None or ("reference", reference) not in self.named) \
                and (not wanted or ("title", wanted) not in self.named):
            return None  # (most headings name a new unit: no scan of the units read)
        titled: list[UnitDraft] = []
        for unit in self.units:
            if not unit.outcomes:
                continue
            if reference is not None and reference == unit.reference:
                have = normalise_label(unit.title or "")
                if not wanted or not have or have.startswith(wanted) or wanted.startswith(have):
                    return unit
                continue  # another unit under the same reference: a defect to report
            if wanted and normalise_label(unit.title or "") == wanted:
                titled.append(unit)
        if len(titled) == 1 and (heading.number is None or titled[0].number is None
                                 or figures(heading.number) == figures(titled[0].number)):
            return titled[0]
        return None

    def _paragraph(self, para: Para) -> None:
        where = paragraph_where(para)
        lines = para.text.split("\n")
        unit = self.unit
        if self._stacked_value(para, where):
            return
        if unit is not None:
            self._unit_paragraph(unit, para, lines, where)
            return
        if self.section == "rationale":
            self.rationale.append(para.text)
            return
        if self.section == "supersedes":
            self._supersedes_paragraph(lines, where)
            return
        if self.section == "structure":
            # "Mandatory credits: 80" here is a rule, not a key fact.
            self.structure.append((para.text, para.listed, where))
            self.prose.append((para.text, where))
            return
        identity = self._names_unit(para, lines)
        if identity:
            self._unit_paragraph(self._named_unit(identity, where), para, lines, where)
            return
        read = False
        for line in lines:
            for label, value in line_pairs(line, fact_field):
                read = self._fact(label, [value], where, any_label=self.section == "facts") \
                    or read
        if not read and len(lines) == 1:
            pair = set_apart_label(para, self.ns)
            if pair is not None:
                self._fact(pair[0], [pair[1]], where, any_label=self.section == "facts")
        # Even after a label: "Qualification number: 610/4217/1. The TQT is 920 hours."
        self.prose.append((para.text, where))

    def _unit_paragraph(self, unit: UnitDraft, para: Para, lines: list[str],
                        where: Where) -> None:
        lead = stem_lead(para.text)
        if lead:
            # "The learner will: 1 Understand ...", "The learner can: 1.1 Explain ...": a
            # stem opening the first outcome's or criterion's own paragraph.
            rest = replace(para, text=para.text[lead:])
            if is_outcome_paragraph(rest.text) or outcome_number((rest.text, rest.number)) \
                    or criterion_number((rest.text, rest.number)):
                para, lines = rest, rest.text.split("\n")
        numbered = (para.text, para.number)
        if self._listed_outcome(unit, para, where):
            return
        if unit.capture is not None:
            if not (is_outcome_paragraph(para.text) or self._opens_criteria(unit, para)
                    or self._names_unit(para, lines)
                    or (unit.capture == "mappings" and _sentence_of_no_references(para.text))):
                unit.add_captured(lines, where)
                return
            # The outcomes after the aim or the assessment methods, or the next unit; or
            # the unit's sentences below a references label left empty.
            unit.capture = None
        if is_outcome_paragraph(para.text) or self._opens_criteria(unit, para):
            if not restates_outcome(unit, outcome_number(numbered)):
                if unit.outcomes and not unit.outcomes[-1].criteria:
                    # Outcomes one after another, none with criteria yet: a list of
                    # them, their criteria to come apart (see _listed_outcome).
                    unit.by_number = True
                unit.paragraph_target = read_outcome_cell(unit, [numbered], where)
                unit.outcome_paragraphs = True
                return
            # "LO1 Learners should reflect ..." under the unit's guidance, after its grid.
            unit.paragraph_target = None
        elif isinstance(unit.paragraph_target, OutcomeDraft) and not unit.paragraph_target.lines \
                and para.number is None and not is_stem(para.text) \
                and criterion_number(numbered) is None and not is_mapping_paragraph(para.text) \
                and not any(unit_field(label) for label, _ in line_pairs(para.text, unit_field)):
            # "Learning outcome 1" alone, its words on the next line.
            unit.paragraph_target.lines.append(without_outcome_stem(para.text))
            return
        elif unit.grid_roles is not None and unit.paragraph_target is not None \
                and add_mapping_line(unit.paragraph_target, para.text, where):
            # An outcome's line of references below it, its criteria's table to come.
            return
        elif unit.outcome_paragraphs and unit.grid_roles is None:
            # "Learning outcome 1: ..." then "1.1 Explain ...", all as paragraphs,
            # each perhaps followed by a line of its references.
            number = criterion_number(numbered)
            letter = None if number is not None else _next_letter(unit, numbered)
            if letter is not None:
                made = read_criteria_cell(unit, [numbered], where)
                unit.paragraph_target = made[-1] if made else None
                return
            if number is not None:
                if not restates_criterion(unit, number):
                    made = read_criteria_cell(unit, [numbered], where)
                    unit.paragraph_target = made[-1] if made else None
                    return
                unit.paragraph_target = None  # a comment on criterion 1.1, not its items
            target = unit.paragraph_target
            item = bullet_item((para.text, para.bullet)) if number is None else None
            if item is not None and (isinstance(target, OutcomeDraft) or (
                    isinstance(target, CriterionDraft) and is_sibling_item(item, target))):
                # Unnumbered criteria as bullets under their outcome ("Understand ..."
                # then "• Explain ...", "• Describe ..."): each numbered by its place.
                made = read_criteria_cell(unit, [(para.text, para.bullet)], where)
                unit.paragraph_target = made[-1] if made else None
                return
            if target is not None and add_mapping_line(target, para.text, where):
                return
            if target is not None and _wrapped_line(target.lines, para):
                # A line of the outcome or criterion above, wrapped onto a paragraph of
                # its own as conversions from PDF leave text: it opens in lower case
                # where the line above stops mid-sentence.
                wrap_on(target, para.text, where)
                return
            if isinstance(target, CriterionDraft) and (
                    para.listed or (target.lines and target.lines[0].endswith(":"))) \
                    and not any(unit_field(label) for label, _ in line_pairs(para.text,
                                                                             unit_field)) \
                    and (para.listed or not is_bold(para, self.ns)):
                # The items of a criterion that introduces a list ("... including:"),
                # or bullets below it, up to the next numbered paragraph, unit fact or
                # line set in bold as a heading is ("Unit amplification").
                continue_criterion(target, lines, where)
                return
            if not is_stem(para.text) and not (isinstance(target, OutcomeDraft)
                                               and is_criteria_label(para.text)):
                unit.paragraph_target = None
            elif not is_stem(para.text):
                return  # "Assessment criteria" between an outcome and its criteria
        if not self._unit_lines(unit, self._unit_pairs(para, lines), where):
            unit.add_prose_mappings(lines, where)
            if _CRITERION_LINE.match(para.text) is not None \
                    and not restates_criterion(unit, criterion_number(numbered)):
                unit.unplaced_criteria.append((para.text, where))

    def _listed_outcome(self, unit: UnitDraft, para: Para, where: Where) -> bool:
        """Outcomes listed apart from their criteria: "Learning outcomes" (or "The learner
        will:"), then "1. Understand ...", "2. Lead ..." as paragraphs, the criteria below
        in a table or paragraphs of their own, each joining the outcome its number names.
        Whether ``para`` is such a label, its stem, or one of the outcomes."""
        text = para.text
        if unit.listing_outcomes:
            numbered = (text, para.number)
            if outcome_number(numbered) is not None and criterion_number(numbered) is None:
                unit.paragraph_target = read_outcome_cell(unit, [numbered], where)
                unit.by_number = unit.outcome_paragraphs = True
                return True
            if is_stem(text):
                return True  # "The learner will:" below "Learning outcomes"
            target = unit.paragraph_target
            if target is not None and add_mapping_line(target, text, where):
                return True  # an outcome's line of references below it
            unit.listing_outcomes = False
            return False
        if not unit.outcomes and unit.grid_roles is None and label_of_column(text) == "lo":
            unit.capture = None
            unit.listing_outcomes = True
            return True
        return False

    def _unit_pairs(self, para: Para, lines: list[str]) -> list[tuple[str, str]]:
        """A paragraph's "Label: value" pairs of unit facts, or its label set apart by bold
        or a tab."""
        pairs: list[tuple[str, str]] = []
        for line in lines:
            found = line_pairs(line, unit_field)
            if found:
                pairs.extend(found)
            elif pairs and looks_like_references(line) \
                    and _unit_field_for(*pairs[-1]) == "mappings":
                # "Links to the criteria: LMAC5E/EC" and, after a line break, more of them.
                pairs.append((pairs[-1][0], line))
        if not pairs and len(lines) == 1:
            set_apart = set_apart_label(para, self.ns)
            pairs = [set_apart] if set_apart is not None else []
        return pairs

    def _names_unit(self, para: Para, lines: list[str]) -> dict[str, str]:
        """What lines name a unit by, under a unit's own label ("Unit title: Leadership",
        "Unit reference number: H/650/2114"): outside a unit, that unit begins here."""
        return _unit_identity((label, value) for label, value in self._unit_pairs(para, lines)
                              if is_unit_only_label(label))

    def _opens_criteria(self, unit: UnitDraft, para: Para) -> bool:
        """'1 Understand ...' as a paragraph, the next one its first criterion ('1.1 ...').

        A bare number is a learning outcome only with its criteria below it:
        alone, it could be any numbered paragraph.
        """
        number = outcome_number((para.text, para.number))
        if number is None:
            return False
        labelled = False  # (a stem or "Assessment criteria" passed on the way)
        for block in self.blocks[self.at + 1:self.at + _LOOKAHEAD_BLOCKS]:
            if isinstance(block, Table):
                # A table of its criteria below it ("1 Understand ..." over "AC | ...",
                # "1.1 | Explain ..."), after a grid too: each outcome has its own.
                return _criteria_within(block, number)
            if block.heading is not None:
                return False
            if unit.grid_roles is None:
                # (After a grid, numbered paragraphs are its guidance, not criteria.)
                text = block.text[stem_lead(block.text):]  # ("The learner can: 1.1 ...")
                first = criterion_number((text, block.number))
                if first is not None:
                    return first.startswith(f"{number}.")
                if _FIRST_LETTER.match(text) is not None:
                    return True  # "a) Explain ...": criteria lettered within their outcome
                if bullet_item((text, block.bullet)) is not None:
                    # Unnumbered criteria as bullets: after a stem, below words an outcome
                    # opens with ("Understand", "Be able to"), or numbered next after the
                    # outcomes read, unless its words introduce a list ("1. Consider:").
                    words = para.text if para.number else split_outcome_number(para.text)[1]
                    return labelled or OUTCOME_WORDS.match(words) is not None or (
                        number == str(len(unit.outcomes) + 1) and not words.endswith(":"))
            if is_stem(block.text) or is_criteria_label(block.text):
                labelled = True
            elif block.text and not is_mapping_paragraph(block.text):
                return False  # (a stem or the outcome's references may come between)
        return False

    # -- units -------------------------------------------------------------------

    def _open_unit(self, where: Where) -> UnitDraft:
        self._close_unit()
        self.front = False
        self.unit = UnitDraft(where=where, context_group=self.group)
        return self.unit

    def _close_unit(self, *, reopenable: bool = False) -> None:
        if self.unit is not None and self.unit is self.revisited:
            self.unit = self.revisited = self.reopenable = None  # (still in its place)
        elif self.unit is not None:
            self.units.append(self.unit)
            if self.unit.reference:
                self.named.add(("reference", self.unit.reference))
            if self.unit.title:
                self.named.add(("title", normalise_label(self.unit.title)))
            self.reopenable = self.unit if reopenable and not self.unit.outcomes else None
            self.unit = None
        else:
            self.reopenable = None

    def _unit_for_grid(self, where: Where) -> UnitDraft:
        if self.unit is not None:
            return self.unit
        if self.reopenable is not None and self.units and self.units[-1] is self.reopenable:
            # "Unit 3: Title", its facts, then a same-level heading such as
            # "Learning outcomes" before the grid: still unit 3.
            self.unit = self.units.pop()
            self.reopenable = None
            return self.unit
        return self._open_unit(where)

    # -- tables ------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        if self.unit is not None:
            self.unit.capture = None  # a field's paragraphs end where a table begins
            self.unit.listing_outcomes = False
        headed = self._unit_heading_row(table)
        if headed is not None:
            table = headed
        rows = table.rows
        facts_only = True  # every row so far a unit's "Label: value" facts
        for i, row in enumerate(rows):
            roles = header_roles(row, first=i == 0, after_facts=i > 0 and facts_only)
            if facts_only:
                # A unit's table opens with what names or sizes it, then any facts:
                # those the reader keeps and those it has no field for ("NOS",
                # "Sector subject area"), told by the label's shape.
                label = _row_label(row)
                if i == 0:
                    facts_only = unit_field(label) in _UNIT_TABLE_FIELDS
                else:
                    facts_only = unit_field(label) in _UNIT_FIELD_NAMES or (
                        is_label_shaped(label) and grid_role(label) not in ("lo", "ac"))
            if roles is not None:
                # "Criteria code | Unit number | Assessment criterion" names grid
                # columns too, but a column naming the unit makes it a mapping grid,
                # unless the outcomes or criteria below are texts: then that column
                # names the unit each row is of (see _unit_runs).
                if not (names_a_unit(row) and not holds_texts(rows[i + 1:], roles)
                        and self._mapping_grid(table)):
                    self._grid(table, i, roles)
                return
        unit = self.unit
        if unit is not None and unit.grid_roles is not None and self._continues_grid(table, unit):
            self._grid_rows(table, rows, unit, unit.grid_roles, unit.grid_units)
            return
        if self._mapping_grid(table):
            return
        list_header = _list_header(rows, names_in_full=self.unit is None)
        if list_header is not None:
            self._unit_list(table, *list_header)
            return
        if self.unit is None and self._supersedes_table(table):
            return
        if self.unit is None and self._barred_table(table):
            return
        if self._outcomes_table(table):
            return
        if self.unit is not None and self._headerless_grid(table):
            return
        if self._labelled_outcomes(table):
            return
        if not self._key_values(table, rows):
            self._unread_table(table)

    def _outcomes_table(self, table: Table) -> bool:
        """A table of a unit's outcomes alone ("Learning outcomes" over "1. Understand ...",
        "2. Lead ...", perhaps a column of their references), before any outcome of the
        unit: their criteria follow in a table or paragraphs of their own, each joining
        the outcome its number names (see _listed_outcome)."""
        unit = self.unit
        rows = table.rows
        if unit is None or unit.outcomes or unit.grid_roles is not None or len(rows) < 2 \
                or not rows[0].cells or label_of_column(rows[0].cells[0].text) != "lo":
            return False
        # Any other column holds their references ("Skills for Care reference").
        mapping = {cell.col for cell in rows[0].cells if grid_role(cell.text) == "map"}
        if len(mapping) != len(rows[0].cells) - 1:
            return False
        firsts = [cell_lines(row.cells[0]) for row in rows[1:]
                  if row.cells and row.cells[0].texts]
        if not firsts or any(not lines or outcome_number(lines[0]) is None
                             or criterion_number(lines[0]) is not None
                             # (its words, not a number alone: "1." | "Understand ...")
                             or not (lines[0][1] or split_outcome_number(lines[0][0])[1])
                             for lines in firsts):
            return False
        for row in rows[1:]:
            if not row.cells or not row.cells[0].texts:
                continue
            where = row_where(table.number, row)
            outcome = read_outcome_cell(unit, cell_lines(row.cells[0]), where)
            if outcome is not None:
                for cell in row.cells[1:]:
                    if cell.col in mapping:
                        add_mappings(outcome, cell_texts(cell), where)
        unit.by_number = unit.outcome_paragraphs = True
        return True

    def _unit_heading_row(self, table: Table) -> Table | None:
        """A unit table headed by its own first row ("Unit 501: Leadership", across the
        table): the unit that heading names is opened, and the rest of the table is read
        as the unit's (its rows keep their numbers). None when the first row is no such
        heading."""
        rows = table.rows
        if len(rows) < 2:
            return None
        heading = _heading_row(rows[0])
        if heading is None:
            return None
        self._open_headed_unit(row_where(table.number, rows[0]), None, heading)
        return Table(rows=rows[1:], number=table.number, path=table.path)

    def _mapping_grid(self, table: Table) -> bool:
        links = read_mapping_grid(table)
        if links is None:
            return False
        self.links.extend(links)
        return True

    def _unread_table(self, table: Table) -> None:
        """A table none of the shapes fits: say so once if it holds what matters, else skip it.

        A change log or a table of assessment methods is not the reader's
        business; one holding criteria references or criterion numbers is.
        """
        refs = numbers = 0
        for row in table.rows:
            for cell in row.cells:
                for text in cell.texts:
                    if looks_like_references(text):
                        refs += 1
                    elif _CRITERION_LINE.match(text) is not None:
                        numbers += 1
        if not refs and numbers < 2:
            return
        header = [" ".join(c.text.split()) for c in table.rows[0].cells if c.texts][:6]
        what = (f"holds {refs} criteria reference{'s' if refs != 1 else ''}" if refs
                else f"holds {numbers} numbered assessment criteria")
        shown = ", ".join(f"'{_short(text)}'" for text in header) or "none"
        self._note("not-understood",
                   f"Table {table.number} {what} but its layout was not understood (first row: "
                   f"{shown}), so nothing in it was read",
                   row_where(table.number, table.rows[0]))

    def _unread_criteria(self, table: Table, rows: list[Row], read: set[int]) -> None:
        """Say once when rows of a facts table that gave no fact hold numbered criteria.

        A unit's facts and its criteria in one table whose grid has no header
        the reader knows: the facts are read, and the criteria must not vanish
        without a word.
        """
        unread = [(row, text) for row in rows if id(row) not in read for cell in row.cells
                  for text in cell.texts if _CRITERION_LINE.match(text) is not None]
        if len(unread) < 2:
            return
        first, text = unread[0]
        self._note("not-understood",
                   f"Table {table.number} holds {len(unread)} numbered assessment criteria "
                   f"below its facts (first: '{_short(text)}') in a layout that was not "
                   f"understood, so they were not read", row_where(table.number, first))

    def _grid(self, table: Table, header: int, roles: dict[int, GridRole]) -> None:
        if header:
            self._key_values(table, table.rows[:header])
        self.front = False
        unit = self._unit_for_grid(row_where(table.number, table.rows[header]))
        below = table.rows[header + 1] if header + 1 < len(table.rows) else None
        if "lo" not in roles.values() and below is not None and _stems_only(below):
            # One header across both text columns: the stems below tell them apart
            # (before the columns are judged, so that mappings of outcomes are told too).
            roles = {**roles, **_stem_roles(below)}
        # A column naming the unit ("Unit number") is none of the grid's, whatever it holds.
        named_by = unit_columns(table.rows[header], roles)
        whole = self._grid_body(table, header, ignore=named_by)
        roles = column_roles(table.rows[header], whole, roles)
        for col in named_by:
            roles.pop(col, None)
        if undecided(roles, whole):
            self._decide_from_other_grids(table.rows[header], roles)
        else:
            self.outcome_columns.setdefault(
                tuple(cell.text for cell in table.rows[header].cells),
                tuple(col for col, role in roles.items() if role == "omap"))
        before = unit.grid_roles
        if before is not None and unit.grid_width == table.width:
            # The same grid continued under a repeated header: a mapping column
            # found to map outcomes still does, where this part cannot show it.
            for col, role in before.items():
                if role == "omap" and roles.get(col) == "map":
                    roles[col] = "omap"
        self._grid_rows(table, table.rows[header + 1:], unit, roles, named_by)

    def _headerless_grid(self, table: Table) -> bool:
        """A unit's grid with no header row, perhaps below its facts; whether it was one.

        Only inside a unit: numbered rows elsewhere (an appendix, a change log)
        name no unit to read them into.
        """
        rows = table.rows
        unit = self.unit
        # Below an outcome set out as a paragraph or heading of its own, or below the
        # unit's outcomes listed apart, a table of criteria alone is its grid.
        below_outcome = unit is not None and (isinstance(unit.paragraph_target, OutcomeDraft)
                                              or unit.by_number)
        start, body, found = _headerless(table, below_outcome)
        if found is None:
            return False
        # Column names in words no grid header uses ("Ref. | Description | SfC ref") right
        # above the numbered rows are their header, not facts.
        named = start > 0 and names_columns(rows[start - 1])
        header = rows[start - 1] if named else _NO_HEADER
        facts = rows[:start - 1] if named else rows[:start]
        if facts:
            self._key_values(table, facts)
        unit = self._unit_for_grid(row_where(table.number, rows[start]))
        roles = dict(found.roles)
        if found.tie is not None:
            self._untie(table, rows[start], roles, found.tie)
        roles = column_roles(header, body, roles)
        self._settle_outcome_columns(table, roles, body)
        self._grid_rows(table, rows[start:], unit, roles)
        return True

    def _labelled_outcomes(self, table: Table) -> bool:
        """Outcomes and criteria labelled in a first column, as facts are ("Learning outcome
        1 | Understand ...", "Assessment criteria | 1.1 Explain ..."): a table per outcome,
        or one for them all; a row of references under a mapping label maps the outcome
        above it. Whether the table was one (an outcome label and a criteria label both)."""
        # (Asked of every unit's table of facts: first, cheaply, whether a label opens as an
        # outcome's does.)
        if not any(row.cells and row.cells[0].texts
                   and row.cells[0].texts[0][:2].casefold() in ("le", "ou", "lo")
                   for row in table.rows):
            return False
        rows = [(row, normalise_label(row.cells[0].text), row.cells[-1]) for row in table.rows
                if len(row.cells) >= 2 and row.cells[0].texts and row.cells[-1].texts]
        # "Learning outcomes and assessment criteria | 1. Understand ... 1.1 Explain ...":
        # one label for both, its cell listing every outcome with its criteria.
        both = {id(row) for row, label, _ in rows if names_outcomes_and_criteria(label)}
        if not any(_OUTCOME_LABEL.match(label) or id(row) in both for row, label, _ in rows) \
                or not any(grid_role(label) == "ac" for _, label, _ in rows):
            return False
        first = next(i for i, (row, label, _) in enumerate(rows)
                     if _OUTCOME_LABEL.match(label) or id(row) in both)
        if first:
            self._key_values(table, [row for row, _, _ in rows[:first]])  # the unit's facts
        unit = self._unit_for_grid(row_where(table.number, rows[first][0]))
        outcome: OutcomeDraft | None = None
        for row, label, value in rows[first:]:
            where = row_where(table.number, row)
            named = _OUTCOME_LABEL.match(label)
            lines = cell_lines(value)
            if (named is not None and named.group(2)) or id(row) in both:
                # "Learning outcomes | 1. Understand ... 2. Lead ...": every outcome; a
                # row of references below maps them all, that is the unit.
                read_outcomes_cell(unit, lines, where)
                outcome = None
            elif named is not None and lines:
                if named.group(1) and split_outcome_number(lines[0][0])[0] is None:
                    lines[0] = (f"{named.group(1)} {lines[0][0]}", lines[0][1])
                outcome = read_outcome_cell(unit, lines, where)
            elif grid_role(label) == "ac":
                read_criteria_cell(unit, lines, where)
            elif outcome is not None and is_mapping_label(label):
                # (A line each, as a list: "LMAC5E HI B" then "LMAC5A DM A" run together
                # would read as one.)
                add_mapping_line(outcome, "; ".join(text for text, _ in lines), where)
            elif is_mapping_label(label):
                unit.set_field("mappings", [text for text, _ in lines], where)
        return True

    def _untie(self, table: Table, first: Row, roles: dict[int, GridRole],
               tie: tuple[int, int]) -> None:
        """Which of two columns numbered alike holds the outcomes: as the document's other
        headerless grids of this width show it, else the left one, and the reader says so."""
        left, right = tie
        for block in self.blocks:
            if not isinstance(block, Table) or block is table or block.width != table.width:
                continue
            other = _headerless(block)[2]
            if other is not None and other.tie is None \
                    and {other.roles.get(left), other.roles.get(right)} == {"lo", "ac"}:
                roles[left], roles[right] = other.roles[left], other.roles[right]
                return
        self._note("not-understood",
                   f"Table {table.number} has no header row, and its columns {left + 1} and "
                   f"{right + 1} are numbered alike (\"1 ...\"): column {left + 1} was read as "
                   f"the learning outcomes and column {right + 1} as the assessment criteria",
                   row_where(table.number, first))

    def _settle_outcome_columns(self, table: Table, roles: dict[int, GridRole],
                                body: list[Row]) -> None:
        """What a headerless grid's mapping column maps when its rows cannot show it.

        As for grids under one header (:meth:`_decide_from_other_grids`): the
        document's other grids of the same columns show it, here by their width
        and the roles their content gives.
        """
        key = ("", str(table.width), *_role_names(roles))
        if not undecided(roles, body):
            self.outcome_columns.setdefault(
                key, tuple(col for col, role in roles.items() if role == "omap"))
            return
        found = self.outcome_columns.get(key)
        for block in self.blocks[self.at + 1:] if found is None else ():
            if not isinstance(block, Table) or block.width != table.width:
                continue
            _, other_body, named = _headerless(block)
            if named is None:
                continue
            other = column_roles(_NO_HEADER, other_body, dict(named.roles))
            if key[2:] == _role_names(other) and not undecided(other, other_body):
                found = tuple(col for col, role in other.items() if role == "omap")
                break
        self.outcome_columns[key] = found = found or ()
        for col in found:
            if roles.get(col) == "map":
                roles[col] = "omap"

    def _grid_rows(self, table: Table, rows: list[Row], unit: UnitDraft,
                   roles: dict[int, GridRole], named_by: tuple[int, ...] = ()) -> None:
        if not named_by:
            self._unit_grid_rows(table, rows, unit, roles)
            return
        for named, run in self._unit_runs(table, rows, unit, named_by):
            named.grid_units = named_by
            self._unit_grid_rows(table, run, named, roles, named_by)

    def _unit_runs(self, table: Table, rows: list[Row], unit: UnitDraft,
                   columns: tuple[int, ...]) -> list[tuple[UnitDraft, list[Row]]]:
        """A grid's rows by the unit its ``columns`` name on them.

        A row naming a unit other than the one being read (by a number,
        reference or title that differs, none agreeing) opens that unit, or
        goes on as it if read before; a row naming none (a merged or empty
        cell), or the same unit again, continues. What the first naming row
        adds to the unit being read (its title beside the number its heading
        gave) is kept as a heading's would be.
        """
        runs: list[tuple[UnitDraft, list[Row]]] = [(unit, [])]
        for row in rows:
            named = named_by(row, columns)
            if named is not None:
                current = runs[-1][0]
                if names_another(current, named):
                    self._open_headed_unit(row_where(table.number, row), None, named)
                    assert self.unit is not None
                    runs.append((self.unit, []))
                else:
                    adopt(current, named)
            runs[-1][1].append(row)
        return [(named, run) for named, run in runs if run]

    def _unit_grid_rows(self, table: Table, rows: list[Row], unit: UnitDraft,
                        roles: dict[int, GridRole], named_by: tuple[int, ...] = ()) -> None:
        held = before(unit) if unit.outcomes else None
        unit.grid_width = table.width
        number = table.number
        for index, row in enumerate(rows):
            for cell in row.cells:
                texts = cell.texts
                if texts and texts[0][0].isdigit() and cell.col not in named_by:
                    break  # a data row, as header_roles would find at more cost
            else:
                if _stems_only(row):
                    # "The learner will: | The learner can:" below the header; under one
                    # header across both columns ("Learning outcomes and assessment
                    # criteria", repeated in the table) they tell the columns apart.
                    if "lo" not in roles.values():
                        roles = {**roles, **_stem_roles(row)}
                    continue
                new_roles = header_roles(row, first=False)
                if new_roles is not None:
                    roles = _renamed(roles, new_roles)
                    continue
                if names_columns(row):
                    continue  # a second header row: "No. | Criterion" under "Assessment criteria"
                note = grid_note(row, named_by)
                if note is not None:
                    # "Range | ...", "Assessment: ..." among the rows: a note on them.
                    _read_note_row(unit, rows, index, note, named_by, row_where(number, row))
                    continue
            read_grid_row(unit, row, roles, number)
        unit.grid_roles = roles
        unit.paragraph_target = None  # (what follows the grid is no line of an outcome above)
        if held is not None:
            reworded = join_restated(unit, held)
            if reworded:
                outcome, text = reworded[0]
                self._note("not-understood",
                           f"Table {number} gives learning outcomes {unit.key} already has "
                           f"in other words (first: LO{outcome} '{_short(text)}'): its rows "
                           "were read as comments on them, not as new outcomes",
                           row_where(number, rows[0]) if rows else None)

    def _decide_from_other_grids(self, header: Row, roles: dict[int, GridRole]) -> None:
        """A grid too small to show what its mapping column maps (see ``undecided``) maps
        what the document's other grids under the same header show theirs to map (a
        house style keeps one layout), learnt once per header. The header may open its
        table or follow a unit's facts in it.
        """
        key = tuple(cell.text for cell in header.cells)
        found = self.outcome_columns.get(key)
        if found is None:
            found = ()
            for index in range(self.at + 1, len(self.blocks)):
                block = self.blocks[index]
                if not isinstance(block, Table):
                    continue
                at = next((i for i, row in enumerate(block.rows)
                           if len(row.cells) == len(key)
                           and tuple(cell.text for cell in row.cells) == key), None)
                if at is None:
                    continue
                named = header_roles(block.rows[at], first=True)
                if named is not None:
                    body = self._grid_body(block, at, index)
                    other = column_roles(block.rows[at], body, named)
                    if not undecided(other, body):
                        found = tuple(col for col, role in other.items() if role == "omap")
                        break
            self.outcome_columns[key] = found
        for col in found:
            if roles.get(col) == "map":
                roles[col] = "omap"

    def _grid_body(self, table: Table, header: int, at: int | None = None,
                   ignore: tuple[int, ...] = ()) -> list[Row]:
        """What a grid's columns are judged on: its rows below row ``header``, those of
        its continuation (``table`` is block ``at``, default the current one), and no
        rows of stems alone or notes under a label of their own (in columns other than
        ``ignore``, those naming the unit)."""
        rows = table.rows[header + 1:] + self._continuation_rows(table, table.rows[header], at)
        return _judged(rows, ignore)

    def _continuation_rows(self, table: Table, header: Row, at: int | None = None) -> list[Row]:
        """Rows of the tables right after ``table`` that continue its grid.

        Which column holds what is judged on the whole grid: its first part may
        hold one outcome only, too little to show how the columns are used. A
        part continues the grid when it has no header, or when it repeats
        ``header`` word for word (the grid split by hand, its header copied).
        """
        rows: list[Row] = []
        start = self.at if at is None else at
        names = [cell.text for cell in header.cells]
        for block in self.blocks[start + 1:start + _LOOKAHEAD_BLOCKS]:
            if isinstance(block, Para):
                if block.text:
                    break
                continue
            if block.width != table.width or not block.rows or _opens_unit(block.rows[0]):
                break
            if header_roles(block.rows[0], first=True) is None:
                rows.extend(block.rows)
            elif [cell.text for cell in block.rows[0].cells] == names:
                rows.extend(block.rows[1:])
            else:
                break
        return rows

    def _continues_grid(self, table: Table, unit: UnitDraft) -> bool:
        """A table with the grid's shape and no labels: the grid split onto a new table."""
        if table.width != unit.grid_width or not table.rows:
            return False
        first = table.rows[0].cells
        label = normalise_label(first[0].text) if first else ""
        if label in UNIT_FIELDS or label in FACT_FIELDS or looks_like_references(first[0].text):
            return False
        # A grid's rows carry outcome or criterion numbers (typed or automatic),
        # or continue a merged outcome cell; "Ref | Where" does not.
        return any(cell.merge == MERGE_CONTINUE or cell.shows_figures
                   or _NUMBERED.match(cell.texts[0] if cell.texts else "") is not None
                   for cell in first)

    def _key_values(self, table: Table, rows: list[Row]) -> bool:
        """Read a key-value table into the unit or the key facts; whether any fact was read."""
        field_of = unit_field if self.unit is not None else _any_field
        number = table.number
        found = table_pairs(rows, field_of)
        pairs = [(label, lines, row_where(number, row)) for label, lines, row in found]
        if not pairs:
            return False
        self._unread_criteria(table, rows, {id(row) for _, _, row in found})
        labels = [label for label, _, _ in pairs]
        unit_only = any(is_unit_only_label(label)
                        and _unit_field_for(label, " ".join(lines)) is not None
                        for label, lines, _ in pairs)
        if self.unit is None and not unit_only:
            return self._fact_table(pairs, labels)
        identity = _unit_identity((label, " ".join(" ".join(lines).split()))
                                  for label, (_, lines, _) in zip(labels, pairs, strict=True))
        unit = self.unit
        if unit is None and not identity:
            # "Assessment method | Description": unit words, but no unit named.
            return self._fact_table(pairs, labels)
        if unit is None or (unit_only and unit.starts_new_unit(identity)):
            unit = self._open_unit(pairs[0][2])
        read = False
        for label, (_, lines, where) in zip(labels, pairs, strict=True):
            name = _unit_field_for(label, " ".join(lines))
            if name is not None:
                unit.set_field(name, lines, where)
                read = True
        return read

    def _fact_table(self, pairs: list[tuple[str, list[str], Where]], labels: list[str]) -> bool:
        if _is_key((label, " ".join(lines)) for label, lines, _ in pairs):
            return True  # a key to the unit pages or the facts: it states none of them
        known = sum(1 for label in labels if fact_field(label) is not None)
        any_label = self.section == "facts" or known >= 2
        read = False
        for label, lines, where in pairs:
            read = self._fact(label, lines, where, any_label=any_label) or read
        return read

    def _fact(self, label: str, lines: list[str], where: Where, *, any_label: bool) -> bool:
        name = fact_field(label)
        value = "\n".join(line for line in lines if line).strip()
        if name is not None:
            if value and name not in self.facts and not _describes(name, value):
                self.facts[name] = _Fact(label, value, where)
            return True
        if any_label:
            printed = label.strip().rstrip(":").strip()
            if value and printed and printed not in self.other_facts:
                self.other_facts[printed] = _Fact(printed, value, where)
            return True
        return False

    def _unit_list(self, table: Table, header: int, roles: dict[int, ListRole]) -> None:
        self.front = False
        table_group: str | None = None
        header_text = [c.text for c in table.rows[header].cells]
        for row in table.rows[header + 1:]:
            texts = list(dict.fromkeys(c.text for c in row.cells if c.text))
            if not texts or [c.text for c in row.cells] == header_text:
                continue
            where = row_where(table.number, row)
            if len(texts) == 1 and (len(row.cells) == 1 or roles.get(row.cells[0].col) != "title"):
                group = parse_group_heading(texts[0])
                if group is not None:
                    table_group = self._register_group(group, where)
                    continue
            entry = _ListEntry(where=where)
            group_value: str | None = None
            for cell in row.cells:
                role = roles.get(cell.col)
                value = " ".join(cell.text.split())
                if role is None or not value:
                    continue
                if role == "number_or_reference":
                    named = _unit_named_in_full(value)
                    if named is not None:
                        # "501 Leadership (H/650/2114)" in the one column naming units.
                        entry.reference = named.reference and unit_reference(named.reference)
                        entry.number, entry.title = named.number, named.title
                        continue
                    role = "reference" if looks_like_urn(value) else "number"
                if role in ("reference", "number", "title"):
                    setattr(entry, role, unit_reference(value) if role == "reference" else value)
                elif role in ("level", "glh", "tqt", "credit"):
                    setattr(entry, role, first_int(value))
                elif role == "group":
                    group_value = value
                elif role == "mappings":
                    entry.mappings.extend((raw, ref, where) for raw, ref in
                                          split_mappings(cell.text))
            if entry.title is None and entry.reference is None and entry.number is None:
                continue
            if group_value is not None:
                entry.group = self._group_from_value(group_value, where, create=True)
            else:
                entry.group = table_group or self.group
            self.entries.append(entry)

    def _supersedes_table(self, table: Table) -> bool:
        if not table.rows:
            return False
        roles = {c.col: supersede_role(c.text) for c in table.rows[0].cells}
        if "title" not in roles.values() or (
                self.section != "supersedes"
                and not any(_SUPERSEDING.search(c.text) for c in table.rows[0].cells)):
            return False
        for row in table.rows[1:]:
            draft = _SupersessionDraft(where=row_where(table.number, row))
            for cell in row.cells:
                role = roles.get(cell.col)
                lines = cell.texts
                if role == "title" and lines:
                    draft.title = " ".join(" ".join(lines).split())
                elif role == "qualification_number" and lines:
                    draft.qualification_number = " ".join(lines).strip()
                elif role == "withdrawal_plan":
                    draft.plan.extend(lines)
            if draft.title:
                self.supersessions.append(draft)
        return True

    def _supersedes_paragraph(self, lines: list[str], where: Where) -> None:
        for line in lines:
            pair = split_label_value(line)
            role = supersede_role(pair[0]) if pair is not None else None
            if pair is None or role is None or not pair[1]:
                continue
            if role == "title" or not self.supersessions:
                self.supersessions.append(_SupersessionDraft(where=where))
            draft = self.supersessions[-1]
            if role == "title":
                draft.title = pair[1]
            elif role == "qualification_number":
                draft.qualification_number = pair[1]
            else:
                draft.plan.append(pair[1])

    def _barred_table(self, table: Table) -> bool:
        """A barred-units table, or another table of the structure section, read as rules."""
        rows = table.rows
        barred = bool(rows) and any(is_barred_header(c.text) for c in rows[0].cells)
        if not rows or not (barred or self.section == "structure"):
            return False
        if not barred:
            from criteria_checker.readers.docx.rules_tables import rules_table_sentences

            stated = rules_table_sentences(rows)
            if stated is not None:
                # "Group | Minimum credits | Maximum credits": each row a rule, as a sentence.
                self.structure.extend((sentence, False, row_where(table.number, row))
                                      for sentence, row in stated)
                return True
        for row in rows[1:] if barred else rows:
            cells = [" ".join(c.text.split()) for c in row.cells if c.text]
            where = row_where(table.number, row)
            if barred and len(cells) >= 2:
                sentence = f"{cells[0]} barred with {' and '.join(cells[1:])}"
                self.structure.append((sentence, False, where))
            elif not barred and any(ch.isdigit() for cell in cells for ch in cell):
                # "Mandatory credits | 80": a rule set out as a table row.
                self.structure.append((": ".join(cells), False, where))
        return True

    # -- groups ------------------------------------------------------------------

    def _register_group(self, heading: GroupHeading, where: Where) -> str:
        if heading.id not in self.groups:
            self.groups[heading.id] = _GroupDraft(heading.id, heading.name, heading.kind, where)
        return heading.id

    def _group_from_value(self, value: str, where: Where, *, create: bool) -> str | None:
        """The group a 'Group' cell names: an existing group, a new one (lists), or as written."""
        value = " ".join(value.split())
        if not value:
            return None
        folded = value.casefold()
        for group in self.groups.values():
            if value == group.id or folded in (group.id.casefold(), group.name.casefold()):
                return group.id
        parsed = parse_group_heading(value)
        if parsed is not None and (parsed.id in self.groups or create):
            return self._register_group(parsed, where)
        kind = _KIND_VALUES.get(folded)
        if kind is not None:
            of_kind = [g.id for g in self.groups.values() if g.kind == kind]
            if len(of_kind) == 1:
                return of_kind[0]
            if create:
                return self._register_group(GroupHeading(value, value, kind), where)
        if create:
            name = f"Group {value}" if len(value) <= 3 else value
            return self._register_group(GroupHeading(value, name, "optional"), where)
        return value

    # -- the model ---------------------------------------------------------------

    def build(self) -> QualificationSpec:
        self._close_unit()
        self._facts_in_prose()
        if "title" not in self.facts and self.titles:
            # The body's front matter before the page header: a header may abbreviate.
            title, where = self.titles[0]
            self.facts["title"] = _Fact("title", title, where or Where(path="/word/header"))
        for draft in self.units:
            if draft.number is not None:
                _without_unit_prefix(draft, draft.number)
        self._join_links()
        units = self._merged_units()
        if not units:
            if self.embedded:
                raise InputError(self.file, "has its content embedded in another format (HTML, "
                                            "RTF or another document, as web exports write "
                                            "it), which Word converts only when it opens the "
                                            "file: open it in Word, save it, and check the "
                                            "saved file")
            raise InputError(self.file, "has no unit sections and no unit list: is this a "
                                        "qualification specification?")
        groups = [Group(id=g.id, name=g.name, kind=g.kind, location=self._loc(g.where))
                  for g in self.groups.values()]
        sentences = [(text, self._loc(where)) for text, where in self._sentences()]
        values: dict[str, Any] = {}
        facts: dict[str, str] = {}
        locations: dict[str, SourceLocation] = {}
        for name, fact in self.facts.items():
            if name in _NUMERIC_FACTS:
                number = first_int(fact.value)
                if number is None:
                    facts.setdefault(fact.label, fact.value)
                    locations.setdefault(fact.label, self._loc(fact.where))
                    continue
                values[name] = number
            elif name == "qualification_number":
                # "610/4217/1 (RQF)": the number, without what the cell says around it.
                found = _QN_TOKEN.findall(fact.value)
                values[name] = found[0] if len(found) == 1 else fact.value.strip()
            elif name == "criteria_set":
                values[name] = fact.value.strip()
            else:
                values[name] = " ".join(fact.value.split())
            locations[name] = self._loc(fact.where)
        for label, fact in self.other_facts.items():
            if label not in facts:
                facts[label] = fact.value
                locations.setdefault(label, self._loc(fact.where))
        return QualificationSpec(
            file=self.file,
            format="docx",
            facts=facts,
            fact_locations=locations,
            groups=groups,
            combination=read_combination(sentences, groups, units),
            units=units,
            rationale="\n".join(self.rationale) or None,
            supersedes=[
                Supersession(title=s.title or "", qualification_number=s.qualification_number,
                             withdrawal_plan="\n".join(s.plan) or None,
                             location=self._loc(s.where))
                for s in self.supersessions
            ],
            reading_notes=[ReadingNote(kind=kind, message=message,
                                       location=self._loc(where) if where is not None else None)
                           for kind, message, where in dict.fromkeys(self.notes)],
            **values,
        )

    def _facts_in_prose(self) -> None:
        """The key facts no table or label gave, where sentences state them (see prose_facts)."""
        from criteria_checker.readers.docx.prose_facts import FIELD_NAMES

        missing = {name: name for name in FIELD_NAMES if name not in self.facts}
        if not missing or not self.prose:
            return
        agreed = self._agreed(self.prose, missing, "qualification", "The qualification's")
        for name, (value, where) in agreed.items():
            self.facts[name] = _Fact(FIELD_NAMES[name], value, where)

    def _unit_facts_in_prose(self, draft: UnitDraft, entry: _ListEntry | None) -> None:
        """A unit's hours, credits and level that no label gives, where its sentences state
        them ("This unit has 20 guided learning hours and a credit value of 3")."""
        fields = {"tqt": "tqt", "glh": "glh", "credits": "credit", "level": "level"}
        missing = {fact: name for fact, name in fields.items() if getattr(draft, name) is None
                   and (entry is None or getattr(entry, name) is None)}
        if missing:
            for name, (value, _) in self._agreed(draft.prose, missing, "unit",
                                                 f"{draft.key}'s").items():
                setattr(draft, name, int(value))

    def _agreed(self, prose: list[tuple[str, Where]], missing: dict[str, str],
                about: Subject, whose: str) -> dict[str, tuple[str, Where]]:
        """The facts (by ``missing``: prose field -> field) sentences state once, with where;
        a fact stated with two values is left out and said."""
        from criteria_checker.readers.docx.prose_facts import FIELD_NAMES, facts_in_prose

        stated: dict[str, dict[str, Where]] = {}
        for text, where in prose:
            if any(ch.isdigit() for ch in text):
                for fact, value in facts_in_prose(text, about):
                    if fact in missing:
                        stated.setdefault(fact, {}).setdefault(value, where)
        agreed: dict[str, tuple[str, Where]] = {}
        for fact, values in stated.items():
            if len(values) == 1:
                agreed[missing[fact]] = next(iter(values.items()))
                continue
            said = " and ".join(f"{value} ({where.locator()})" for value, where in values.items())
            self._note("not-understood", f"{whose} {FIELD_NAMES[fact]} is stated in sentences "
                       f"as {said}; it was not read", next(iter(values.values())))
        return agreed

    def _note(self, kind: NoteKind, message: str, where: Where | None) -> None:
        self.notes.append((kind, message, where))

    # -- mapping grids -----------------------------------------------------------

    def _join_links(self) -> None:
        """Put each mapping grid link on the unit, outcome or criterion it names."""
        if not self.links:
            return
        units: dict[str, UnitDraft | _ListEntry] = {}
        holders: list[UnitDraft | _ListEntry] = [*self.units, *self.entries]
        #: Unit sections sharing a reference, number or title (a defect the rules report):
        #: a grid naming one of them by it names none for certain.
        sharing: dict[str, list[UnitDraft]] = {}
        for holder in holders:
            for name in ("reference", "number", "title"):
                value = getattr(holder, name)
                if value:
                    key = unit_key(value)
                    units.setdefault(key, holder)
                    if isinstance(holder, UnitDraft):
                        sharing.setdefault(key, []).append(holder)
        unknown: dict[str, list[GridLink]] = {}
        ambiguous: dict[str, list[GridLink]] = {}
        for link in self.links:
            key = unit_key(link.unit)
            found = units.get(key)
            if found is None:
                key, found = _named_in_full(link.unit, units)
            if found is None:
                unknown.setdefault(link.unit, []).append(link)
                continue
            if len(sharing.get(key, ())) > 1:
                ambiguous.setdefault(link.unit, []).append(link)
                continue
            holder = found
            drafts = [(raw, ref, link.where) for raw, ref in link.refs]
            if isinstance(holder, _ListEntry) or (link.criterion is None
                                                  and link.outcome is None):
                holder.mappings.extend(drafts)
                continue
            target = _grid_target(holder, link)
            if target is None:
                what = (f"assessment criterion {link.criterion}" if link.criterion is not None
                        else f"learning outcome {link.outcome}")
                self._note("unknown-target",
                           f"The mapping grid at {link.where.locator()} names {what} of "
                           f"{holder.key}, which has no such {what.split(' ')[-2]}: its "
                           f"references {_refs_shown(link.refs)} were not counted", link.where)
                continue
            target.extend(drafts)
        for name, links in unknown.items():
            rows = f" and {len(links) - 1} more rows" if len(links) > 1 else ""
            self._note("unknown-target",
                       f"The mapping grid at {links[0].where.locator()}{rows} names unit "
                       f"'{name}', which the specification does not have: its references "
                       f"were not counted", links[0].where)
        for name, links in ambiguous.items():
            rows = f" and {len(links) - 1} more rows" if len(links) > 1 else ""
            titles = ", ".join(f"'{unit.title or unit.key}'"
                               for unit in sharing[unit_key(name)])
            self._note("unknown-target",
                       f"The mapping grid at {links[0].where.locator()}{rows} names unit "
                       f"'{name}', which {len(sharing[unit_key(name)])} units give ({titles}): "
                       f"its references were not counted", links[0].where)

    def _sentences(self) -> list[tuple[str, Where]]:
        """Structure paragraphs as sentences; a lead-in ending ':' takes the list after it."""
        out: list[tuple[str, Where]] = []
        paras = self.structure
        i = 0
        while i < len(paras):
            text, _, where = paras[i]
            if text.endswith(":") and i + 1 < len(paras) and paras[i + 1][1]:
                items = []
                i += 1
                while i < len(paras) and paras[i][1]:
                    items.append(_LIST_ITEM_END.sub("", paras[i][0]))
                    i += 1
                out.append((f"{text} {', '.join(items)}.", where))
                continue
            # readers.combination.prose splits paragraphs into sentences itself.
            out.extend((line, where) for line in text.split("\n") if line)
            i += 1
        return out

    def _merged_units(self) -> list[Unit]:
        drafts = self.units
        # Unit identities by kind, first unmatched unit first: URN, number, title.
        index: dict[tuple[str, str], list[int]] = {}
        for i, draft in enumerate(drafts):
            for name in ("reference", "number", "title"):
                wanted = _identity(getattr(draft, name))
                if wanted is not None:
                    index.setdefault((name, wanted), []).append(i)
        used: set[int] = set()
        merged: dict[int, _ListEntry] = {}
        unmatched: list[_ListEntry] = []
        for entry in self.entries:
            found = _match(entry, index, used)
            if found is None:
                unmatched.append(entry)
            else:
                used.add(found)
                merged[found] = entry
        built = [self._unit(draft, merged.get(i)) for i, draft in enumerate(drafts)]
        built.extend(self._unit(None, entry) for entry in unmatched)
        return [unit for unit in built if unit is not None]

    def _unit(self, draft: UnitDraft | None, entry: _ListEntry | None) -> Unit | None:
        def pick(name: str) -> Any:
            value = getattr(draft, name) if draft is not None else None
            if value is None and entry is not None:
                value = getattr(entry, name)
            return value

        reference, number, title = pick("reference"), pick("number"), pick("title")
        if draft is not None and draft.prose:
            self._unit_facts_in_prose(draft, entry)
        source = draft if draft is not None else entry
        assert source is not None
        where = source.where
        key = str(reference or (f"Unit {number}" if number else title or ""))
        if not title:
            if not key:
                # Something read as the start of a unit that names none: whatever
                # it is, it is not a unit, and the rest of the file still reads.
                self._note("not-understood",
                           f"The {where.locator()} was read as the start of a unit but names no "
                           "unit (no title, number or unit reference number): it was not read",
                           where)
                return None
            self._note("not-understood",
                       f"{key} at {where.locator()} has no title: give it a heading such as "
                       "'Unit 501: Title' or a 'Unit title' row", where)
            title = ""
        group: str | None
        if entry is not None and entry.group is not None:
            group = entry.group
        elif draft is not None and draft.group is not None:
            group = self._group_from_value(draft.group, draft.where, create=False)
        else:
            group = draft.context_group if draft is not None else None
        if draft is not None and len(draft.unplaced_criteria) >= 2:
            text, first = draft.unplaced_criteria[0]
            self._note("not-understood",
                       f"{key} has {len(draft.unplaced_criteria)} paragraphs numbered as "
                       f"assessment criteria (first: '{_short(text)}') outside any grid or "
                       "learning outcome, so they were not read", first)
        mappings = draft.mappings if draft is not None else []
        if not mappings and entry is not None:
            mappings = entry.mappings
        if not mappings and draft is not None:
            mappings = draft.prose_mappings
        loc = self._loc
        outcomes = []
        for i, outcome in enumerate(draft.outcomes if draft is not None else [], 1):
            lo_number = outcome.number or str(i)
            criteria = []
            for j, criterion in enumerate(outcome.criteria, 1):
                row = criterion.where
                location = loc(row, key)
                criteria.append(AssessmentCriterion(
                    number=built_number(outcome, lo_number, criterion.number, j),
                    text="\n".join(criterion.lines),
                    # A criterion's mappings are almost always read from its own row.
                    mappings=[Mapping(raw=raw, ref=ref,
                                      location=location if where is row else loc(where, key))
                              for raw, ref, where in criterion.mappings],
                    location=location,
                ))
            outcomes.append(LearningOutcome(
                number=lo_number,
                text=outcome.text,
                criteria=criteria,
                mappings=[_mapping(raw, ref, loc(where, key))
                          for raw, ref, where in outcome.mappings],
                location=loc(outcome.where, key),
            ))
        return Unit(
            reference=reference, number=number, title=title,
            level=pick("level"), glh=pick("glh"), tqt=pick("tqt"),
            credit=pick("credit"), group=group,
            aim=draft.aim if draft is not None else None,
            assessment_methods=list(draft.assessment_methods) if draft is not None else [],
            mappings=[_mapping(raw, ref, loc(where, key)) for raw, ref, where in mappings],
            outcomes=outcomes,
            location=loc(where, key),
        )

    def _loc(self, where: Where, unit: str | None = None) -> SourceLocation:
        # A criterion and its mappings share a row: build each location once.
        key = (where, unit)
        location = self._locations.get(key)
        if location is None:
            location = self._locations[key] = SourceLocation(
                file=self.file, locator=where.locator(unit), path=where[0])
        return location


def _without_unit_prefix(draft: UnitDraft, number: str) -> None:
    """Outcome and criterion numbers that open with the unit's own ("501.1 Understand
    ...", "501.1.1 Explain ..." in unit 501), as their own: 1 and 1.1.

    Only for a unit numbered 10 or more (no outcome is), and only when every one of its
    criteria is so numbered: a house style, not a coincidence.
    """
    prefix = f"{number}."
    # (Asked of every unit: its first criterion's number settles nearly all of them.)
    first = next((c.number for o in draft.outcomes for c in o.criteria), None)
    if first is None or not first.startswith(prefix) or len(number) < 2 \
            or not number.isdigit() or not all(
                c.number is not None and c.number.startswith(prefix)
                and c.number.count(".") == 2 for o in draft.outcomes for c in o.criteria):
        return
    for outcome in draft.outcomes:
        opening = _UNIT_PREFIXED.match(outcome.lines[0]) if outcome.lines else None
        if outcome.number is None and opening is not None \
                and opening.group(1) == number:
            outcome.number = opening.group(2)
            outcome.lines[0] = outcome.lines[0][opening.end():]
        elif outcome.number is not None and outcome.number.startswith(prefix):
            outcome.number = outcome.number[len(prefix):]  # (in a column of its own)
        for criterion in outcome.criteria:
            if criterion.number is not None:
                criterion.number = criterion.number[len(prefix):]


#: An outcome's words opening with the unit's number and its own: "501.1 Understand ...".
_UNIT_PREFIXED = regex(r"^(\d{2,4})\.(\d{1,2})[.):]?\s+")


def _mapping(raw: str, ref: str | None, location: SourceLocation) -> Mapping:
    return Mapping(raw=raw, ref=ref, location=location)


def _unit_named_in_full(value: str) -> UnitHeading | None:
    """A unit named by its number or reference and its title in one cell ("501 Leadership",
    "Unit 502: Teams (J/650/2115)"), else None."""
    if not any(ch.isalpha() for ch in value) or looks_like_urn(value):
        return None
    named = parse_unit_heading(value) or parse_titled_heading(value)
    if named is None or named.title is None or (named.number is None
                                                  and named.reference is None):
        return None
    return named


def _list_header(rows: list[Row], *, names_in_full: bool = False
                 ) -> tuple[int, dict[int, ListRole]] | None:
    """The unit list's header row and its column roles, if the table is a unit list.

    ``names_in_full``: outside a unit, a list whose one column naming units holds their
    numbers and titles together ("Unit | GLH | Credit", "501 Leadership") is one too.
    """
    for i, row in enumerate(rows[:3]):
        roles: dict[int, ListRole] = {}
        about_qualification = False
        for cell in row.cells:
            text = cell.text
            role = list_role(text) if text else None
            if role is not None:
                roles.setdefault(cell.col, role)
                # "Qualification title | Level | GLH": the key facts laid out across.
                about_qualification |= role in ("title", "reference") and \
                    "qualification" in normalise_label(text)
            elif text and fact_field(text) in _QUALIFICATION_ONLY:
                about_qualification = True  # "AO | Title | QN | Level": no unit list has these
        found = set(roles.values())
        if about_qualification:
            continue
        if "title" in found and found & {"reference", "number_or_reference", "level", "glh",
                                         "tqt", "credit"}:
            return i, roles
        if names_in_full and "number_or_reference" in found \
                and found & {"level", "glh", "tqt", "credit"}:
            col = next(col for col, role in roles.items() if role == "number_or_reference")
            values = [cell.text for below in rows[i + 1:i + 13] for cell in below.cells
                      if cell.col == col and cell.span == 1 and cell.texts]
            if values and sum(_unit_named_in_full(value) is not None
                              for value in values) * 5 >= len(values) * 4:
                return i, roles
    return None


def _grid_target(unit: UnitDraft, link: GridLink) -> list[MappingDraft] | None:
    """The mappings list of the criterion (else outcome) a grid link names, numbered as built."""
    wanted = criterion_key(link.criterion) if link.criterion is not None else None
    outcome_wanted = criterion_key(link.outcome) if link.outcome is not None else None
    for i, outcome in enumerate(unit.outcomes, 1):
        lo_number = outcome.number or str(i)
        if wanted is None:
            if lo_number == outcome_wanted:
                return outcome.mappings
            continue
        for j, criterion in enumerate(outcome.criteria, 1):
            if criterion_key(built_number(outcome, lo_number, criterion.number, j)) == wanted:
                return criterion.mappings
    return None


def _refs_shown(refs: list[tuple[str, str | None]]) -> str:
    return ", ".join(dict.fromkeys(ref or raw for raw, ref in refs))


def _unit_field_for(label: str, value: str) -> str | None:
    """The unit field a label names; a label of any words whose value is references maps."""
    name = unit_field(label)
    if name is None:
        if is_label_shaped(label) and looks_like_references(value) \
                and not is_other_framework(label):
            return "mappings"
    elif name in ("reference", "number_or_reference") \
            and normalise_label(label) not in UNIT_FIELDS and not _identity_shaped(value):
        return None  # "Ref | Where": a label read by its words must have a value to match
    return name


def _unit_identity(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """What (label, value) pairs name a unit by: its reference, number and title (a
    reference or number only under a label no key fact uses).

    Values must have the shape of what they name: a reference or number has a
    figure, a title does not speak of titles. A specification's key to its unit
    pages ("Unit reference number: the unit's reference on the Register", "Unit
    title: the full title of the unit") describes the labels and names no unit.
    """
    identity: dict[str, str] = {}
    for label, value in pairs:
        name = _unit_field_for(label, value)
        if name == "number_or_reference":
            name = "reference" if looks_like_urn(value) else "number"
        if name not in ("reference", "number", "title") or not value or not (
                name == "title" or is_unit_only_label(label)):
            continue
        if _describes(name, value) if name == "title" else not _identity_shaped(value):
            continue
        identity.setdefault(name, unit_reference(value) if name == "reference" else value)
    return identity


def _wrapped_line(lines: list[str], para: Para) -> bool:
    """Whether ``para`` goes on with the one line above it (see LayoutReader._unit_paragraph);
    never with a criterion's list of items, nor as an item or numbered paragraph."""
    text = para.text
    return len(lines) == 1 and bool(lines[0]) and lines[0][-1] not in ".:;!?" \
        and text[:1].islower() and "\n" not in text and not para.listed \
        and para.number is None


def _sentence_of_no_references(text: str) -> bool:
    """Words of a sentence naming no criteria ("This unit has 26 guided learning hours"):
    not the references a label above it ("Links to the criteria:") was left without."""
    return len(text.split()) >= 5 and not references_in_prose(text)


def _label_alone(text: str) -> str | None:
    """A paragraph's text as a label alone on its line (short, one line, no figure), its
    colon dropped; None when it cannot be one."""
    text = text.strip()
    if not text or len(text) > 60 or "\n" in text or any(ch.isdigit() for ch in text):
        return None
    return text.rstrip(":").strip() or None


def _stacked_unit_label(text: str) -> str | None:
    """The unit field a paragraph names when it is a unit's label alone, word for word
    ("Credit value", "Unit reference number:"), else None."""
    label = _label_alone(text)
    return None if label is None else UNIT_FIELDS.get(normalise_label(label))


def _next_letter(unit: UnitDraft, line: tuple[str, str | None]) -> str | None:
    """The letter a paragraph opens with ("b) Compare ...") when it is the next criterion of
    an outcome whose criteria are lettered ("a" first), else None: under "1.1 Explain
    ..., including:" a lettered line is a point of that criterion."""
    if not unit.outcomes:
        return None
    text, automatic = line
    number, _ = split_criterion_number(f"{automatic} {text}" if automatic else text)
    if number is None or len(number) != 1 or not number.isalpha():
        return None
    criteria = unit.outcomes[-1].criteria
    if not criteria:
        return number if number.casefold() == "a" else None
    lettered = all(c.number is not None and len(c.number) == 1 and c.number.isalpha()
                   for c in criteria)
    return number if lettered else None


#: Fields whose every statement has a figure (a level, hours, a reference).
_FIGURED_FIELDS = frozenset({"level", "credits", "credit", "glh", "tqt", "qualification_number",
                             "reference", "number", "number_or_reference"})


def _describes(name: str, value: str) -> bool:
    """Whether a fact's value says what the field is rather than stating it: "Level: the
    level of the unit", "Title: the full title, as on the Register"."""
    if name == "title":
        return _DESCRIBES_TITLE.search(value) is not None \
            and value.split()[0].casefold() in ("the", "a", "an")
    # (In words: a draft's "TBC" stays what it says, for the rules to report.)
    return name in _FIGURED_FIELDS and len(value.split()) >= 3 \
        and not any(ch.isdigit() for ch in value) and first_int(value) is None


def _is_key(pairs: Iterable[tuple[str, str]]) -> bool:
    """Whether (label, value) pairs are a key to a layout ("Level | The level of the
    unit", "Credit value | The number of credits"): two or more fields that always have a
    figure, each described in words instead (a draft's "TBC" or an empty cell is no
    description)."""
    figured = 0
    for label, value in pairs:
        name = fact_field(label) or unit_field(label)
        if name in _FIGURED_FIELDS and value.strip():
            if not _describes(name, value):
                return False
            figured += 1
    return figured >= 2


def _names_a_unit(text: str) -> bool:
    """Whether a paragraph is alone a label only a unit's facts use, naming the unit
    ("Unit reference number", "Unit title"): stacked over its value, it opens a unit."""
    return _stacked_unit_label(text) in _UNIT_IDENTITY_FIELDS \
        and is_unit_only_label(text.strip().rstrip(":"))


def _identity_shaped(value: str) -> bool:
    """A URN, or a short unit number with a figure in it ("501", "Unit 3", "CU2941")."""
    value = value.strip()
    return looks_like_urn(value) or (len(value) <= 16 and any(ch.isdigit() for ch in value))


def _heading_row(row: Row) -> UnitHeading | None:
    """The unit a table row names as a heading would: "Unit 501: Leadership" alone in it,
    or "Unit 501" and its title beside it."""
    filled = [cell for cell in row.cells if cell.texts]
    if not 1 <= len(filled) <= 2 or not filled[0].text[:4].casefold().startswith("unit"):
        return None
    heading = parse_unit_heading(" ".join(filled[0].text.split()))
    if heading is None or heading.token is None:
        return None
    if len(filled) == 2:
        title = " ".join(filled[1].text.split())
        if heading.title or "\n" in filled[1].text or looks_like_urn(title) \
                or not any(ch.isalpha() for ch in title):
            return None
        return UnitHeading(heading.token, title)
    return heading if heading.title else None


def _opens_unit(row: Row) -> bool:
    """Whether a table opening with ``row`` is a unit's own (its heading, or its facts), not
    more of the grid before it."""
    if _heading_row(row) is not None:
        return True
    label = normalise_label(row.cells[0].text) if row.cells and row.cells[0].texts else ""
    return label in UNIT_FIELDS


def _role_names(roles: dict[int, GridRole]) -> tuple[str, ...]:
    """A grid's columns as "0:ac", "1:lo", "2:map" (mapping outcomes or criteria alike)."""
    return tuple(f"{col}:{'map' if role == 'omap' else role}"
                 for col, role in sorted(roles.items()))


def _headerless(table: Table, below_outcome: bool = False
                ) -> tuple[int, list[Row], HeaderlessGrid | None]:
    """Where a table's headerless grid starts, its rows from there (stems left out), and the
    roles their content gives; (0, [], None) when no row opens with a number.
    ``below_outcome``: the table follows its outcome, so criteria alone make a grid."""
    start = _headerless_start(table.rows)
    if start is None:
        return 0, [], None
    from criteria_checker.readers.docx.headerless_grids import headerless_roles

    body = _judged(table.rows[start:])
    return start, body, headerless_roles(body, criteria_alone=below_outcome)


def _headerless_start(rows: list[Row]) -> int | None:
    """The first row of a table that opens with a number or bullet, if any (a grid's
    first row).

    A grid row opens with a number ("1.1 Explain", "LO1", "1") or a bullet; a
    fact's row with its label, whatever its value. Which rows before it are facts, and
    whether the rows from it are a grid, the callers judge. (Called for every
    unit's table of facts: the first character is looked at before the pattern.)
    """
    for index, row in enumerate(rows):
        first = next((cell for cell in row.cells if cell.texts), None)
        if first is None:
            continue
        if first.numbers is not None and first.shows_figures:
            return index
        text = first.texts[0]
        if (text[:1].isdigit() or text[:1] in "lLaA([") and (
                _NUMBERED.match(text) is not None or _FIRST_LETTER.match(text) is not None):
            return index
        if (first.numbers is not None or not text[:1].isalnum()) \
                and bullet_item((text, first.numbers[0] if first.numbers else None)):
            return index  # an unnumbered criterion as a bullet: no fact's label is one
    return None


def _named_in_full(name: str, units: dict[str, UnitDraft | _ListEntry]
                   ) -> tuple[str, UnitDraft | _ListEntry | None]:
    """The unit a grid names by more than one of its facts ("501 Leadership", "Unit 501:
    Leadership (H/650/2114)"): the one every part that names a unit names, and its key."""
    heading = parse_unit_heading(name) or parse_titled_heading(name)
    if heading is None:
        return "", None
    keys = [unit_key(part) for part in (heading.token, heading.bracketed, heading.title)
            if part]
    named = {id(units[key]): key for key in keys if key in units}
    if len(named) != 1:
        return "", None  # (none, or parts naming different units)
    key = next(iter(named.values()))
    return key, units[key]


def _read_note_row(unit: UnitDraft, rows: list[Row], at: int, note: tuple[str, list[str]],
                   named_by: tuple[int, ...], where: Where) -> None:
    """A grid's row ``rows[at]`` that is a note (see grid_note): the unit fact its label
    names, or nothing; references below a criterion (or an outcome) map it, as a line of
    references below it would (and so on in the grid's later parts)."""
    name, lines = note
    if name == "mappings" and (unit.references_rows or not (
            _unit_mapping_row(rows, at, named_by)
            and sum(len(outcome.criteria) for outcome in unit.outcomes) > 1)):
        target = last_item(unit)
        if target is not None:
            add_mappings(target, lines, where)
            unit.references_rows = True
            return
    if name:
        unit.set_field(name, lines, where)


def _unit_mapping_row(rows: list[Row], at: int, named_by: tuple[int, ...]) -> bool:
    """Whether the references row ``rows[at]`` of a grid maps its unit: the only such row,
    with nothing but notes after it (below the unit's only criterion, it maps that). Under
    each criterion (or outcome) in turn, such rows map what is above them."""
    for index, row in enumerate(rows):
        if index == at:
            continue
        note = grid_note(row, named_by)
        if note is not None:
            if note[0] == "mappings":
                return False
        elif index > at and any(cell.texts for cell in row.cells if cell.col not in named_by):
            return False
    return True


def _criteria_within(table: Table, number: str) -> bool:
    """Whether the first criterion numbered in a table's first rows is one of outcome
    ``number``'s ("1.1" under "1"), typed or shown by Word, lettered within it ("a)
    Explain ..."), or unnumbered as a bullet ("• Explain ...")."""
    for row in table.rows[:3]:
        for cell in row.cells:
            # (The first paragraph that is no stem: "The learner can:" may come first.)
            at = next((i for i, text in enumerate(cell.texts) if not is_stem(text)), None)
            if at is None:
                continue
            text = cell.texts[at]
            text = text[stem_lead(text):]
            shown = cell.numbers[at] if cell.numbers else None
            found = criterion_number((text, shown))
            if found is not None:
                return found.startswith(f"{number}.")
            if _FIRST_LETTER.match(text) is not None or bullet_item((text, shown)) is not None:
                return True
    return False


#: Roles alike for :func:`_renamed`: references mapping outcomes are still references.
_KIND = {"lo": "lo", "ac": "ac", "map": "map", "omap": "map"}


def _renamed(roles: dict[int, GridRole], named: dict[int, GridRole]) -> dict[int, GridRole]:
    """A grid's roles after a header row inside it: a header repeated (on a new page), or
    a second row of names ("Ref. | Learning outcome | Ref. | Assessment criterion"). What
    the content showed of a column its new name agrees with stays (a column of numbers
    beside the criteria, references mapping outcomes); a column named anew takes its name."""
    merged = dict(roles)
    for col, role in named.items():
        if _KIND.get(roles.get(col, ""), "") != _KIND[role]:
            merged[col] = role
    return merged


def _judged(rows: list[Row], ignore: tuple[int, ...] = ()) -> list[Row]:
    """The rows a grid's columns are judged on: none of stems alone ("The learner will:"),
    a header's second row ("No. | Criterion") or a note under a label of its own ("Range |
    ...", see grid_note for ``ignore``)."""
    # (Called on every row of every grid: a row with a figure opening a cell is data, as
    # each test below would find at more cost.)
    return [row for row in rows
            if any(cell.texts and cell.texts[0][:1].isdigit() and cell.col not in ignore
                   for cell in row.cells)
            or (not _stems_only(row) and not names_columns(row)
                and grid_note(row, ignore) is None)]


def _stems_only(row: Row) -> bool:
    """A row of stems ("The learner will:" | "The learner can:") or of nothing."""
    return all(is_stem(text) for cell in row.cells for text in cell.texts)


#: A first column's label for the outcome beside it: "Learning outcome 1", "LO2", "Outcome".
#: "Learning outcome 1" (its number in group 1), or "Learning outcomes" (group 2: all of
#: them in its cell).
_OUTCOME_LABEL = regex(r"^(?:learning outcome|outcome|lo)(?:\s*(\d{1,3})|(s))?$")
_CAN = regex(r"\bcan\b", re.IGNORECASE)


def _stem_roles(row: Row) -> dict[int, GridRole]:
    """The columns a row of stems names: the criteria's "can", the outcomes' other words
    ("will", "should"); none unless it names both."""
    roles: dict[int, GridRole] = {}
    for cell in row.cells:
        if cell.texts:
            role: GridRole = "ac" if _CAN.search(cell.text) is not None else "lo"
            roles.update((col, role) for col in range(cell.col, cell.col + cell.span))
    return roles if {"lo", "ac"} <= set(roles.values()) else {}


def _row_label(row: Row) -> str:
    """The label a key-value row opens with: its first cell, or a 'Label:' line's label."""
    cells = row.cells
    if not cells or not cells[0].texts:
        return ""
    if len(cells) > 1:
        return cells[0].text
    pair = split_label_value(cells[0].texts[0])
    return pair[0] if pair is not None else ""


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:27].rstrip() + "..."


def _any_field(label: str) -> str | None:
    """A key fact's or a unit fact's name: outside a unit, a table may hold either."""
    return fact_field(label) or unit_field(label)


def _identity(value: str | None) -> str | None:
    return "".join(value.split()).casefold() if value else None


def _match(entry: _ListEntry, index: dict[tuple[str, str], list[int]],
           used: set[int]) -> int | None:
    """The unit section a unit list row describes: same URN, else number, else title."""
    for name in ("reference", "number", "title"):
        wanted = _identity(getattr(entry, name))
        if wanted is None:
            continue
        for i in index.get((name, wanted), ()):
            if i not in used:
                return i
    return None
