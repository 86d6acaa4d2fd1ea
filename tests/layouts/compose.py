"""Compose a specification into a writer-neutral document in a given layout.

Each value of the dimensions that shape blocks (title, key facts, unit
list, unit header, unit heading, outcome cells, mapping grids) is one small
method named ``{dimension}_{value}``, found by :meth:`Composer.value_function`;
the values that change words (labels, numbers, references, phrasings) are
tables and functions in wording.py and specgen.py. The
composer never changes what the specification says: every fact, number,
text and mapping of the expected reading is printed, and what it adds
(cover, contents, change log, NOS codes, deleted tracked text) is matter
a reader must leave out.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from criteria_checker.model.spec import (
    AssessmentCriterion,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    Unit,
)

from . import wording as w
from .dimensions import Layout
from .ir import (
    Block,
    Break,
    Cell,
    Document,
    Inline,
    Num,
    Para,
    ParaStyle,
    Row,
    Table,
    Text,
    Toc,
    TocEntry,
    cell,
    para,
)
from .specgen import MAPPING_LEVEL, Generated, group_headings

VERSION_LINE = "Version 3.1 – September 2025"
CHANGE_LOG = (("Version", "Date", "Details of change"),
              ("1.0", "01/09/2025", "First published"),
              ("1.1", "15/01/2026", "Unit 502: assessment criterion 2.1 reworded; GLH corrected"),
              ("2.0", "01/03/2026", "Units updated to the 2021 Skills for Care qualification "
                                    "criteria"))
ASSESSMENT_TABLE = (("Assessment method", "Description"),
                    ("Portfolio of evidence", "Evidence of practice gathered by the learner, "
                                              "assessed against the assessment criteria"),
                    ("Direct observation", "The assessor observes the learner's practice in "
                                           "the workplace"),
                    ("Professional discussion", "A planned discussion of level 5 practice, "
                                                "recorded by the assessor"))
DELETED_WORDS = (" and former practice", " (previous version)", " in outline")
DELETED_REF = "LMAC5H/PW/A.1"

#: A unit's key values: (label, the paragraphs of its value).
Pairs = list[tuple[str, list[Para]]]


@dataclass(frozen=True)
class _Outcome:
    """An outcome being laid out in a grid, with what its rows share."""

    outcome: LearningOutcome
    first: bool
    columns: tuple[str, ...]
    key: str
    #: NOS codes printed beside each criterion (by criterion number).
    nos: dict[str, list[str]]


@dataclass
class Composer:
    gen: Generated
    layout: Layout
    #: Which member of each wording family the document uses, for the survey.
    choices: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.layout.wording)
        self.spec: QualificationSpec = self.gen.spec
        self.level = MAPPING_LEVEL[self.layout.mapping]
        self.headings: list[tuple[str, int]] = []
        self.group_text = {g.id: text for text, g in
                           group_headings(self.layout.groups, len(self.spec.groups) - 1)}
        # Heading texts must name the spec's own groups (the base specimen brings its own).
        for g in self.spec.groups:
            self.group_text.setdefault(g.id, g.name)

    def pick(self, family: str, options: Sequence[str]) -> str:
        """A member of ``family`` for this document (the same one each time it is asked).

        Wording 0 takes the first member of every family: the most usual words.
        """
        if family not in self.choices:
            self.choices[family] = (options[0] if self.layout.wording == 0
                                    else self.rng.choice(list(options)))
        return self.choices[family]

    @property
    def stems(self) -> tuple[str, str]:
        """This document's stems over the outcomes and over the criteria ("The learner
        will:", "The learner can:")."""
        lo, ac = self.pick("stems", w.STEMS).split(" | ")
        return lo, ac

    def value_function(self, dimension: str) -> Any:
        """The method that writes this layout's value of ``dimension``: '{dimension}_{value}'."""
        value = str(getattr(self.layout, dimension)).replace("-", "_")
        return getattr(self, f"{dimension}_{value}")

    # -- the document --------------------------------------------------------------------------

    def document(self) -> Document:
        lay, spec = self.layout, self.spec
        body: list[Block] = []
        body += self.cover()
        toc_at = len(body)
        body += self.title_block()
        body += self.key_facts()
        if "change-log" in lay.extras:
            body.append(self.heading("Version history", 1))
            body.append(plain_table(CHANGE_LOG))
        body += self.structure()
        if "unrelated-table" in lay.extras:
            body.append(self.heading("Assessment", 1))
            body.append(plain_table(ASSESSMENT_TABLE))
        if "unit-key" in lay.extras:
            body += self.unit_key()
        body.append(self.heading(self.pick("units heading", w.UNITS_HEADINGS), 1))
        current_group: str | None = None
        for unit in spec.units:
            if lay.unit_list == "none" and unit.group != current_group:
                current_group = unit.group
                body.append(self.heading(self.group_text.get(unit.group or "", ""), 1))
            body += self.unit(unit)
        body += self.appendix()
        if lay.guidance == "appendix":
            body.append(self.heading(self.pick("guidance appendix", w.GUIDANCE_APPENDICES), 1))
            for unit in spec.units:
                body += [self.unit_heading(unit), *self.guidance_criteria_table(unit)[1:]]
        entries = tuple(TocEntry(text, level, 2 + i) for i, (text, level)
                        in enumerate(h for h in self.headings if h[1] <= 2))
        tocs: list[Block] = []
        if "toc-field" in lay.extras:
            tocs.append(Toc(entries))
        if "toc-simple" in lay.extras:
            tocs.append(Toc(entries, simple=True))
        body[toc_at:toc_at] = tocs
        header: tuple[Para, ...] = ()
        footer: tuple[Para, ...] = ()
        if lay.title == "page-header":
            header = (para(spec.title or ""),)
        elif "header-footer" in lay.extras:
            header = (para(f"{spec.awarding_organisation} – Qualification specification"),)
        if "header-footer" in lay.extras:
            footer = (para(f"{VERSION_LINE} | © {spec.awarding_organisation} | Page "),)
        return Document(tuple(body), header=header, footer=footer,
                        page_numbers="header-footer" in lay.extras)

    def heading(self, text: str, level: int) -> Para:
        self.headings.append((text, level))
        style: ParaStyle = "Heading 1" if level == 1 else "Heading 2" if level == 2 \
            else "Heading 3"
        return para(text, style=style)

    # -- 2. title and cover --------------------------------------------------------------------

    def cover(self) -> list[Block]:
        lay, spec = self.layout, self.spec
        if lay.title != "cover" and "cover-page" not in lay.extras:
            return []
        lines = [spec.title or ""] if lay.title == "cover" else []
        lines += [spec.awarding_organisation or "", "Qualification specification", VERSION_LINE]
        paras = [Para((Text(line, bold=True),), style="Cover") for line in lines]
        paras[-1] = replace(paras[-1], page_break_after=True)
        return list(paras)

    def title_block(self) -> list[Block]:
        blocks: list[Block] = self.value_function("title")(self.spec.title or "")
        return blocks

    def title_in_facts(self, title: str) -> list[Block]:
        # The document still opens with a Title paragraph, one that names no qualification.
        return [para("Qualification specification", style="Title")]

    def title_title_style(self, title: str) -> list[Block]:
        return [para(title, style="Title")]

    def title_heading_1(self, title: str) -> list[Block]:
        return [self.heading(title, 1)]

    def title_content_control(self, title: str) -> list[Block]:
        return [Para((Text(title, control=True),), style="Title")]

    def title_cover(self, title: str) -> list[Block]:
        return []  # the cover page (cover()) holds it

    def title_page_header(self, title: str) -> list[Block]:
        return []  # the page header (document()) holds it

    # -- 1. key facts --------------------------------------------------------------------------

    def key_facts(self) -> list[Block]:
        lay, spec = self.layout, self.spec
        labels = w.FACT_LABELS[lay.fact_labels]
        values: dict[str, str | None] = {
            "awarding_organisation": spec.awarding_organisation,
            "title": spec.title if lay.title == "in-facts" else None,
            "qualification_number": spec.qualification_number,
            "level": f"{self.pick('level word', ('', 'Level '))}{spec.level}",
            "tqt": f"{spec.tqt}{self.pick('tqt unit', ('', ' hours'))}",
            "glh": f"{spec.glh}", "credits": f"{spec.credits}",
        }
        facts = [(labels[name], value) for name, value in values.items() if value]
        facts += list(spec.facts.items())
        heading = self.heading(self.pick("facts heading", w.FACTS_HEADINGS), 1)
        blocks: list[Block] = self.value_function("facts")(facts)
        return [heading, *blocks]

    def value_text(self, value: str) -> Text:
        return Text(value, control="inline-controls" in self.layout.extras)

    def facts_vertical_table(self, facts: list[tuple[str, str]]) -> list[Block]:
        control = "content-controls" in self.layout.extras
        return [Table(tuple(Row((cell(label), Cell((Para((self.value_text(value),)),),
                                                   control=control)))
                            for label, value in facts))]

    def facts_horizontal_table(self, facts: list[tuple[str, str]]) -> list[Block]:
        return [Table((Row(tuple(cell(label, bold=True) for label, _ in facts)),
                       Row(tuple(Cell((Para((self.value_text(value),)),))
                                 for _, value in facts))))]

    def facts_label_lines(self, facts: list[tuple[str, str]]) -> list[Block]:
        return [Para((Text(f"{label}: "), self.value_text(value))) for label, value in facts]

    def facts_sentences(self, facts: list[tuple[str, str]]) -> list[Block]:
        """The qualification number, level and hours in an overview's sentences.

        The other facts (organisation, title, sector, ...) stay label lines:
        only numbers are said in sentences.
        """
        spec, labels = self.spec, w.FACT_LABELS[self.layout.fact_labels]
        said = {labels[name] for name in ("qualification_number", "level", "tqt", "glh",
                                          "credits")}
        out = self.facts_label_lines([(label, value) for label, value in facts
                                      if label not in said])
        sentences = [self.pick("qualification number sentence", w.QN_SENTENCES)
                     .format(qn=spec.qualification_number) if spec.qualification_number else "",
                     self.pick("level sentence", w.LEVEL_SENTENCES).format(level=spec.level)
                     if spec.level is not None else ""]
        if spec.tqt is not None and spec.glh is not None:
            sentences.append(self.pick("hours sentence", w.HOURS_SENTENCES[
                self.layout.fact_labels]).format(tqt=spec.tqt, glh=spec.glh))
        else:
            sentences += [f"The total qualification time is {spec.tqt} hours."
                          if spec.tqt is not None else "",
                          f"The qualification has {spec.glh} guided learning hours."
                          if spec.glh is not None else ""]
        if spec.credits is not None:
            sentences.append(self.pick("credit sentence", w.CREDIT_SENTENCES)
                             .format(credits=spec.credits))
        # One paragraph or one a sentence, as an overview is written.
        if self.pick("overview paragraphs", ("one", "each")) == "one":
            return [*out, Para((Text(" ".join(s for s in sentences if s)),))]
        return [*out, *(Para((Text(s),)) for s in sentences if s)]

    def facts_label_cells(self, facts: list[tuple[str, str]]) -> list[Block]:
        """A table of cells each holding its own "Label: value", two or three to a row."""
        across = int(self.pick("facts across", ("3", "2")))
        cells = [Cell((Para((Text(f"{label}: "), self.value_text(value))),))
                 for label, value in facts]
        cells += [Cell()] * (-len(cells) % across)
        return [Table(tuple(Row(tuple(cells[i:i + across]))
                            for i in range(0, len(cells), across)))]

    def facts_stacked(self, facts: list[tuple[str, str]]) -> list[Block]:
        """Each label on a line of its own (bold or not), its value on the line below."""
        bold = self.pick("stacked labels", ("plain", "bold")) == "bold"
        return [block for label, value in facts
                for block in (para(label, bold=bold), Para((self.value_text(value),)))]

    def facts_tab_lines(self, facts: list[tuple[str, str]]) -> list[Block]:
        return [Para((Text(f"{label}\t"), self.value_text(value))) for label, value in facts]

    def facts_bold_labels(self, facts: list[tuple[str, str]]) -> list[Block]:
        colon = self.pick("bold label colon", (":", ""))
        return [Para((Text(f"{label}{colon}", bold=True), Text(" "), self.value_text(value)))
                for label, value in facts]

    # -- 9. structure: rules of combination and 3. the unit list -------------------------------

    def structure(self) -> list[Block]:
        out: list[Block] = [self.heading(self.pick("structure heading", w.STRUCTURE_HEADINGS), 1),
                            self.heading(self.pick("rules heading", w.RULES_HEADINGS), 2)]
        if self.gen.table:
            header, *rows = self.gen.table
            out.append(Table((Row(tuple(cell(h, bold=True) for h in header), header=True),
                              *(Row(tuple(cell(t) for t in row)) for row in rows))))
        for text, bullet in self.gen.prose:
            out.append(para(text, num=Num("rules", 0, "bullet") if bullet else None))
        out += self.value_function("unit_list")()
        return out

    @property
    def named_in_full(self) -> bool:
        """Whether the unit list names each unit in one column, number, title and reference
        together ("Unit | Level | GLH | Credit value", "501 Leadership (H/650/2114)")."""
        return self.pick("unit list names", ("apart", "in-full")) == "in-full"

    def list_header(self, *extra: str) -> Row:
        columns = w.LIST_COLUMNS[self.layout.unit_labels]
        names = ("reference", "number", "title", "level", "glh", "credit")
        heads = [columns[k] for k in names]
        if self.named_in_full:
            heads = ["Unit", *heads[3:]]
        return Row(tuple(cell(h, bold=True) for h in [*heads, *extra]))

    def list_row(self, unit: Unit, *, group: bool = False) -> Row:
        values = [unit.reference, unit.number, unit.title, unit.level, unit.glh, unit.credit]
        if self.named_in_full:
            values = [f"{unit.number} {unit.title} ({unit.reference})", *values[3:]]
        texts = ["" if v is None else str(v) for v in values]
        if group:
            texts.append(self.group_text.get(unit.group or "", ""))
        return Row(tuple(cell(t) for t in texts))

    def unit_list_none(self) -> list[Block]:
        return []  # groups are headings over the unit sections instead (document())

    def unit_list_table_per_group(self) -> list[Block]:
        out: list[Block] = []
        for group in self.spec.groups:
            out.append(self.heading(self.group_text[group.id], 2))
            rows = [self.list_header(), *(self.list_row(u) for u in self.spec.units
                                          if u.group == group.id)]
            out.append(Table(tuple(rows)))
        return out

    def unit_list_group_column(self) -> list[Block]:
        rows = [self.list_header("Group"), *(self.list_row(u, group=True)
                                              for u in self.spec.units)]
        return [Table(tuple(rows))]

    def unit_list_group_rows(self) -> list[Block]:
        header = self.list_header()
        rows = [header]
        for group in self.spec.groups:
            rows.append(Row((cell(self.group_text[group.id], bold=True, span=header.width),)))
            rows += [self.list_row(u) for u in self.spec.units if u.group == group.id]
        return [Table(tuple(rows))]

    # -- 4. a unit -----------------------------------------------------------------------------

    def unit(self, unit: Unit) -> list[Block]:
        heading = self.unit_heading(unit)
        if self.layout.unit_header == "title-row":
            return self.unit_titled_by_row(unit)
        if self.layout.outcome_cells in ("paragraphs", "headed-tables", "listed-first"):
            blocks: list[Block] = self.value_function("unit_header")(self.unit_pairs(unit), [])
            outcomes = {"paragraphs": self.outcome_paragraphs, "headed-tables": self.headed_tables,
                        "listed-first": self.listed_first}[self.layout.outcome_cells](unit)
            return [heading, *blocks, *outcomes, *self.value_function("guidance")(unit)]
        tables = self.grid(unit)
        blocks = self.value_function("unit_header")(self.unit_pairs(unit), tables)
        if self.layout.grid_split == "split-under-heading" and len(tables) > 1:
            # The unit's heading again over the rest of its grid, as on a new page.
            mark = self.pick("continued mark", (" (continued)", " – continued", " (cont.)"))
            bold = any(isinstance(i, Text) and i.bold for i in heading.inlines)
            again = replace(heading, inlines=(*heading.inlines, Text(mark, bold=bold)))
            at = next(i for i, block in enumerate(blocks) if block is tables[1])
            blocks = [*blocks[:at], again, *blocks[at:]]
        return [heading, *blocks, *self.value_function("guidance")(unit)]

    def unit_key(self) -> list[Block]:
        """A key to the unit pages: each unit label and what it gives, as lines, a table or
        labels stacked over their descriptions (no unit is named in it)."""
        pairs = [(self.unit_label(name), text) for name, text in w.UNIT_KEY]
        heading = self.heading(self.pick("unit key heading", w.UNIT_KEY_HEADINGS), 1)
        form = self.pick("unit key form", ("lines", "table", "stacked"))
        if form == "table":
            return [heading, plain_table([list(pair) for pair in pairs])]
        if form == "lines":
            return [heading, *(para(f"{label}: {text}") for label, text in pairs)]
        return [heading, *(block for label, text in pairs
                           for block in (para(label, bold=True), para(text)))]

    def unit_titled_by_row(self, unit: Unit) -> list[Block]:
        """No heading: the unit's heading is the first row of its table of facts, across it
        or its number in the first column ("Unit 501") and its title beside it."""
        text: str = self.value_function("unit_heading")(unit)
        blocks = self.unit_header_kv_table(self.unit_pairs(unit), self.grid(unit))
        facts = blocks[0]
        assert isinstance(facts, Table)
        title = Row((Cell((Para((Text(text, bold=True),)),), span=2),))
        if self.pick("title row", ("across", "beside")) == "beside":
            number = text[:-len(unit.title)].strip() if text.endswith(unit.title) else text
            title = Row((cell(number, bold=True), cell(unit.title, bold=True)))
        return [Table((title, *facts.rows)), *blocks[1:], *self.value_function("guidance")(unit)]

    # -- guidance after the grid, keyed to its numbers -----------------------------------

    def guidance_none(self, unit: Unit) -> list[Block]:
        return []

    def guidance_appendix(self, unit: Unit) -> list[Block]:
        return []  # after all units: see document()

    def guidance_criteria_table(self, unit: Unit) -> list[Block]:
        """A bold heading, then a table of the first criterion of each outcome and its guidance."""
        columns = self.pick("guidance columns", [" | ".join(c) for c in w.GUIDANCE_COLUMNS])
        rows = [columns.split(" | ")]
        for i, outcome in enumerate(unit.outcomes):
            if outcome.criteria:
                rows.append([outcome.criteria[0].number,
                             w.GUIDANCE_TEXTS[i % len(w.GUIDANCE_TEXTS)]])
        return [para(self.pick("guidance heading", w.GUIDANCE_HEADINGS), bold=True),
                plain_table(rows)]

    def guidance_criteria_lines(self, unit: Unit) -> list[Block]:
        """A bold heading, then a line per outcome's first criterion: its number and range."""
        call = self.pick("criterion call", w.CRITERION_CALLS)
        out: list[Block] = [para(self.pick("range heading", w.RANGE_HEADINGS), bold=True)]
        for i, outcome in enumerate(unit.outcomes):
            if outcome.criteria:
                number = call.format(n=outcome.criteria[0].number)
                out.append(para(f"{number} {w.RANGE_TEXTS[i % len(w.RANGE_TEXTS)]}"))
        return out

    def guidance_outcome_lines(self, unit: Unit) -> list[Block]:
        """A bold heading, then a line of guidance per outcome, led by its number."""
        call = self.pick("outcome call", w.OUTCOME_CALLS)
        out: list[Block] = [para(self.pick("guidance heading", w.GUIDANCE_HEADINGS), bold=True)]
        for i, outcome in enumerate(unit.outcomes):
            number = call.format(n=outcome.number)
            out.append(para(f"{number} {w.GUIDANCE_TEXTS[i % len(w.GUIDANCE_TEXTS)]}"))
        return out

    def outcome_paragraphs(self, unit: Unit) -> list[Block]:
        """Outcomes and criteria as paragraphs below the unit's facts, not in a table.

        Each outcome's references (outcome-line) follow it; the criterion stem,
        when the layout has stems, follows each outcome.
        """
        key = f"unit-{self.spec.units.index(unit)}"
        stems = self.layout.grid_header in ("stems-in-header", "stems-row")
        out: list[Block] = []
        for i, outcome in enumerate(unit.outcomes):
            out += self.outcome_paras(outcome, key, first=i == 0, alone=False)
            if stems:
                out.append(para(self.stems[1]))
            for criterion in outcome.criteria:
                out += self.criterion_paras(criterion, key, alone=False)
        return out

    def headed_tables(self, unit: Unit) -> list[Block]:
        """Each outcome introduced by a heading of its own (a heading style, a line in bold,
        or "Learning outcome 1" in bold over its words), then a table of its criteria."""
        lay = self.layout
        key = f"unit-{self.spec.units.index(unit)}"
        columns = tuple(c for c in self.grid_columns() if not c.startswith("lo"))
        intro = self.pick("outcome intro", ("heading", "bold", "label-line"))
        if intro == "heading" and lay.heading_style not in ("heading-1", "heading-2"):
            intro = "bold"  # (no heading style below the unit's own)
        if intro == "label-line" and lay.numbering == "auto":
            intro = "bold"  # (Word's number belongs to the outcome's own paragraph)
        heads: tuple[Row, ...] = () if lay.grid_header == "none" else (
            Row(self.grid_header(columns)),)
        out: list[Block] = []
        for i, outcome in enumerate(unit.outcomes):
            paras = self.outcome_paras(outcome, key, first=False, alone=intro == "label-line")
            first = paras[0]
            if intro == "heading":
                paras[0] = replace(first, style="Heading 3")
            elif intro == "bold":
                paras[0] = replace(first, inlines=tuple(
                    replace(t, bold=True) if isinstance(t, Text) else t for t in first.inlines))
            else:
                label = w.outcome_label(outcome.number, "prefixed-words", alone=True)
                paras.insert(0, para(label, bold=True))
            nos = {c.number: self.rng.sample(w.NOS_CODES, self.rng.randint(0, 2))
                   for c in outcome.criteria}
            rows = self.criterion_rows(_Outcome(outcome, i == 0, columns, key, nos),
                                       merged=False)
            out += [*paras, Table((*heads, *rows))]
        return self.spaced(out)

    def listed_first(self, unit: Unit) -> list[Block]:
        """The unit's outcomes listed together under a label ("Learning outcomes", "The
        learner will:"), as paragraphs or a table of their own, then one table of all its
        criteria, numbered within them."""
        lay = self.layout
        key = f"unit-{self.spec.units.index(unit)}"
        label = self.pick("outcome list label", ("Learning outcomes", "The learner will:",
                                                 "Learning outcomes – the learner will:"))
        paras = [self.outcome_paras(o, key, first=False, alone=False) for o in unit.outcomes]
        out: list[Block] = []
        if self.pick("outcome list", ("paragraphs", "table")) == "paragraphs":
            out += [para(label, bold=True), *(p for ps in paras for p in ps)]
        else:
            out.append(Table((Row((cell(label, bold=True),), header=True),
                              *(Row((Cell(tuple(ps)),)) for ps in paras))))
        criteria_label = self.pick("criteria list label", ("", "Assessment criteria",
                                                           "The learner can:"))
        if criteria_label:
            out.append(para(criteria_label, bold=True))
        columns = tuple(c for c in self.grid_columns() if not c.startswith("lo"))
        heads: tuple[Row, ...] = () if lay.grid_header == "none" else (
            Row(self.grid_header(columns)),)
        rows: list[Row] = []
        for i, outcome in enumerate(unit.outcomes):
            nos = {c.number: self.rng.sample(w.NOS_CODES, self.rng.randint(0, 2))
                   for c in outcome.criteria}
            rows += self.criterion_rows(_Outcome(outcome, i == 0, columns, key, nos),
                                        merged=False)
        return self.spaced([*out, Table((*heads, *rows))])

    def unit_header_kv_table(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        table = Table(tuple(Row((cell(label), Cell(tuple(values)))) for label, values in pairs))
        return [table, *self.spaced(tables)]

    def unit_header_vertical_table(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        """The key values as the first rows of the grid's table, values spanning the rest."""
        columns = tables[0].columns
        rows = [Row((cell(label), Cell(tuple(values), span=columns - 1)))
                if columns > 1 else Row((Cell(tuple(_labelled(label, values))),))
                for label, values in pairs]
        return self.spaced([Table((*rows, *tables[0].rows)), *tables[1:]])

    def unit_header_label_lines(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        lines: list[Block] = [p for label, values in pairs for p in _labelled(label, values)]
        return [*lines, *self.spaced(tables)]

    def unit_header_tab_lines(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        lines: list[Block] = [p for label, values in pairs
                              for p in _labelled(label, values, separator="\t")]
        return [*lines, *self.spaced(tables)]

    def unit_header_stacked(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        """Each label alone on its line (bold or not) over its value's paragraphs."""
        bold = self.pick("stacked labels", ("bold", "plain", "colon"))
        lines: list[Block] = []
        for label, values in pairs:
            lines.append(para(f"{label}:" if bold == "colon" else label, bold=bold == "bold"))
            lines += values
        return [*lines, *self.spaced(tables)]

    def unit_header_title_row(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        """The facts as a key-value table headed by a row holding the unit's heading."""
        return self.unit_header_kv_table(pairs, tables)  # the heading row: see unit()

    def unit_header_sentences(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        """The unit's hours, credits and level in a sentence after its other facts' lines."""
        said = {self.unit_label(name): name for name in ("level", "credit", "glh", "tqt")}
        values = {said[label]: "".join(i.text for v in values for i in v.inlines
                                       if isinstance(i, Text))
                  for label, values in pairs if label in said}
        lines: list[Block] = [p for label, values in pairs if label not in said
                              for p in _labelled(label, values)]
        sentence = self.pick("unit sentence", w.UNIT_SENTENCES).format(**values)
        return [*lines, para(sentence), *self.spaced(tables)]

    def unit_header_horizontal_table(self, pairs: Pairs, tables: list[Table]) -> list[Block]:
        """Short values in a labels row over a values row; the aim and assessment as lines."""
        long = (self.unit_label("aim"), self.unit_label("assessment"))
        wide = [(label, values) for label, values in pairs if label not in long]
        out: list[Block] = [Table((Row(tuple(cell(label, bold=True) for label, _ in wide)),
                                   Row(tuple(Cell(tuple(values)) for _, values in wide))))]
        out += [p for label, values in pairs if label in long for p in _labelled(label, values)]
        return [*out, *self.spaced(tables)]

    def spaced(self, tables: Sequence[Table]) -> list[Block]:
        """Tables with an empty paragraph between them, as Word keeps them apart."""
        out: list[Block] = []
        for i, table in enumerate(tables):
            if i:
                out.append(Para())
            out.append(table)
        return out

    def unit_label(self, name: str) -> str:
        return w.UNIT_LABELS[self.layout.unit_labels][name]

    def unit_heading(self, unit: Unit) -> Para:
        lay = self.layout
        text: str = self.value_function("unit_heading")(unit)
        if lay.unit_heading in ("colon", "space", "urn") and unit.level and unit.credit:
            # Some house styles print a unit's level and credits after its title too.
            text += {"none": "", "brackets": f" (Level {unit.level}, {unit.credit} credits)",
                     "bar": f" | Level {unit.level} | Credit value {unit.credit}"}[
                self.pick("heading facts", ("none", "brackets", "bar"))]
        style = lay.heading_style
        if lay.unit_list == "none" and style == "heading-1":
            style = "heading-2"  # group headings take level 1 when there is no unit list
        if style == "title-label":
            label = self.pick("title label", ("Unit title", "Unit name", "Title of unit"))
            return replace(para(f"{label}: {unit.title}"),
                           control="content-controls" in lay.extras)
        heading = (para(text, bold=True) if style == "bold" else para(text) if style == "plain"
                   else self.heading(text, int(style[-1])))
        return replace(heading, control="content-controls" in lay.extras)

    def unit_heading_colon(self, unit: Unit) -> str:
        return f"Unit {unit.number}: {unit.title}"

    def unit_heading_space(self, unit: Unit) -> str:
        return f"Unit {unit.number} {unit.title}"

    def unit_heading_urn(self, unit: Unit) -> str:
        return f"Unit {unit.reference} {unit.title}"

    def unit_heading_title_urn(self, unit: Unit) -> str:
        form = self.pick("title-urn form", ("{title} ({urn})", "{title} – {urn}"))
        return form.format(title=unit.title, urn=unit.reference)

    def unit_heading_code(self, unit: Unit) -> str:
        """An awarding organisation's own unit code before the title."""
        return f"{self.pick('unit code', ('LM', 'CU', 'HSC'))}{unit.number} {unit.title}"

    def unit_pairs(self, unit: Unit) -> Pairs:
        """The unit's key values as (label, value paragraphs)."""
        lay = self.layout
        inline = "inline-controls" in lay.extras
        label = self.unit_label

        def value(text: object) -> list[Para]:
            return [Para((Text(str(text), control=inline),))]

        pairs = [(label("reference"), value(unit.reference))]
        if lay.unit_heading in ("urn", "title-urn", "code") or lay.heading_style == "title-label":
            pairs.append((label("number"), value(unit.number)))
        pairs += [(label("level"), value(unit.level)), (label("credit"), value(unit.credit)),
                  (label("glh"), value(unit.glh)), (label("tqt"), value(unit.tqt))]
        aim = unit.aim or ""
        if lay.mapping == "aim-sentence" and unit.mappings:
            refs = self.ref_lines(unit.mappings)
            aim += " " + self.pick("aim sentence", w.AIM_SENTENCES).format(refs=refs[0])
        aim_para = Para((Text(aim),), control="content-controls" in lay.extras)
        pairs.append((label("aim"), [aim_para]))
        pairs.append((label("assessment"), [para(m) for m in unit.assessment_methods]))
        if lay.mapping == "unit-row":
            pairs.append((self.pick("unit mapping label", w.UNIT_MAPPING_LABELS),
                          [self.ref_para(unit.mappings)]))
        if lay.nos == "column" and self.level == "unit":
            codes = self.rng.sample(w.NOS_CODES, 2)
            pairs.append((self.pick("nos label", w.NOS_LABELS), [para(", ".join(codes))]))
        return pairs

    # -- 8. references -------------------------------------------------------------------------

    def ref_lines(self, mappings: Sequence[Mapping]) -> list[str]:
        lay = self.layout
        refs = [m.ref for m in mappings if m.ref]
        pieces = w.ref_pieces(refs, lay.ref_spelling, lay.ref_list, self.rng)
        if lay.nos == "mixed" and pieces:
            pieces.insert(self.rng.randint(0, len(pieces)), self.rng.choice(w.NOS_CODES))
        return w.join_pieces(pieces, lay.ref_list)

    def ref_inlines(self, mappings: Sequence[Mapping]) -> list[Inline]:
        inlines: list[Inline] = []
        for i, line in enumerate(self.ref_lines(mappings)):
            if i:
                inlines.append(Break())
            inlines.append(Text(line))
        if inlines and "tracked-changes" in self.layout.extras and self.rng.random() < 0.5:
            inlines.append(Text(f", {DELETED_REF}", change="del"))
        return inlines

    def ref_para(self, mappings: Sequence[Mapping]) -> Para:
        return Para(tuple(self.ref_inlines(mappings)))

    def map_para(self, mappings: Sequence[Mapping]) -> Para:
        """References in a grid's mapping column, perhaps after a lead-in ("Covers ...")."""
        para = self.ref_para(mappings)
        lead = self.pick("map lead-in", ("", "Covers ", "Mapped to "))
        if not lead or not para.inlines:
            return para
        return replace(para, inlines=(Text(lead), *para.inlines))

    # -- 5. the grid, 6. numbering, 7. mappings in the grid ------------------------------------

    def grid(self, unit: Unit) -> list[Table]:
        lay = self.layout
        if lay.outcome_cells == "labelled":
            return self.labelled_outcomes(unit)
        columns = self.grid_columns()
        header = self.grid_header(columns)
        repeat = lay.grid_split in ("repeated-header", "split-with-header")
        # The stems in a row of their own below the column names.
        lo_stem, ac_stem = self.stems
        heads = (Row(header, header=repeat),) + ((Row(tuple(
            cell(lo_stem if c == "lo" else ac_stem if c == "ac" else "") for c in columns),
            header=repeat),) if lay.grid_header == "stems-row" else ())
        if lay.grid_header == "none":
            heads = ()
        elif lay.grid_header == "two-rows":
            heads = self.two_header_rows(columns, repeat)
        elif lay.grid_header == "stems-row":
            heads = (self.header_across(columns, heads[0]), heads[1])
        key = f"unit-{self.spec.units.index(unit)}"
        rows_by_outcome = [self.outcome_rows(o, i, columns, key)
                           for i, o in enumerate(unit.outcomes)]
        if "grid-notes" in lay.extras:
            rows_by_outcome[0] = [*rows_by_outcome[0], self.grid_note(
                w.GRID_NOTE_LABELS, w.RANGE_TEXTS, len(columns))]
            rows_by_outcome[-1] = [*rows_by_outcome[-1], self.grid_note(
                w.GRID_END_LABELS, w.GUIDANCE_TEXTS, len(columns))]
        parts = [[r for rows in rows_by_outcome for r in rows]]
        again = heads
        if lay.grid_split.startswith("split") and len(rows_by_outcome) > 1:
            half = (len(rows_by_outcome) + 1) // 2
            parts = [[r for rows in rows_by_outcome[:half] for r in rows],
                     [r for rows in rows_by_outcome[half:] for r in rows]]
            again = heads if lay.grid_split in ("split-with-header", "split-under-heading") \
                else ()
        if "unit-column" in lay.extras and heads:
            heads, again, parts = self.unit_column(unit, heads, again, parts)
        return [Table((*(heads if i == 0 else again), *rows)) for i, rows in enumerate(parts)]

    def grid_note(self, labels: Sequence[str], texts: Sequence[str], width: int) -> Row:
        """A note among a grid's rows: its label in a first cell, the text across the rest;
        or both across the grid, after a colon or the label on a line of its own."""
        label, text = self.pick("grid note label", labels), self.pick("grid note text", texts)
        form = self.pick("grid note form", ("beside", "colon", "above"))
        if form == "beside" and width > 1:
            return Row((cell(label, bold=True), cell(text, span=width - 1)))
        if form == "above":
            return Row((Cell((para(label, bold=True), para(text)), span=width),))
        return Row((cell(f"{label}: {text}", span=width),))

    def two_header_rows(self, columns: Sequence[str], repeat: bool) -> tuple[Row, Row]:
        """"Learning outcomes" over its number and text columns, "Assessment criteria" over
        theirs, then each column's own name below ("No. | Outcome | No. | Criterion"); the
        other columns' names merged down both rows."""
        number, lo, ac = self.pick("second header row", (
            "No. | Outcome | Criterion", "Ref. | Description | Description",
            "Ref. | Learning outcome | Assessment criterion")).split(" | ")
        first: list[Cell] = []
        second: list[Cell] = []
        for column in columns:
            if column in ("lo_num", "ac_num"):
                first.append(cell("Learning outcomes" if column == "lo_num"
                                  else "Assessment criteria", bold=True, span=2))
                second.append(cell(number, bold=True))
            elif column in ("lo", "ac"):
                second.append(cell(lo if column == "lo" else ac, bold=True))
            else:
                name = self.pick("map header", w.GRID_MAPPING_HEADERS) if column == "map" \
                    else self.pick("nos label", w.NOS_LABELS)
                first.append(replace(cell(name, bold=True), merge="restart"))
                second.append(Cell(merge="continue"))
        return Row(tuple(first), header=repeat), Row(tuple(second), header=repeat)

    def unit_column(self, unit: Unit, heads: tuple[Row, ...], again: tuple[Row, ...],
                    parts: list[list[Row]]
                    ) -> tuple[tuple[Row, ...], tuple[Row, ...], list[list[Row]]]:
        """The "unit-column" extra: a first column naming the unit, on the first row of
        each part of the grid only, merged down from it, or on every row."""
        header, name = {
            "number": ("Unit number", str(unit.number)),
            "title": ("Unit title", unit.title),
            "reference": ("URN", str(unit.reference)),
            "heading": ("Unit", f"Unit {unit.number}: {unit.title}"),
        }[self.pick("unit column", ("number", "title", "reference", "heading"))]
        form = self.pick("unit column form", ("first-row", "merged", "every-row"))

        def headed(rows: tuple[Row, ...]) -> tuple[Row, ...]:
            return tuple(replace(row, cells=(cell(header if i == 0 else "", bold=True),
                                             *row.cells)) for i, row in enumerate(rows))

        def named(rows: list[Row]) -> list[Row]:
            out = []
            for i, row in enumerate(rows):
                if i == 0 or form == "every-row":
                    first = cell(name)
                    if form == "merged" and len(rows) > 1:
                        first = replace(first, merge="restart")
                else:
                    first = Cell(merge="continue") if form == "merged" else Cell()
                out.append(replace(row, cells=(first, *row.cells)))
            return out

        return headed(heads), headed(again), [named(rows) for rows in parts]

    def labelled_outcomes(self, unit: Unit) -> list[Table]:
        """Each outcome and its criteria labelled in a first column, as facts are ("Learning
        outcome 1 | Understand ...", "Assessment criteria | 1.1 ...", perhaps a row of the
        outcome's references): a table per outcome, or one for them all."""
        key = f"unit-{self.spec.units.index(unit)}"
        lo_label = self.pick("outcome label", ("Learning outcome", "Outcome", "LO"))
        ac_label = self.pick("criteria label", ("Assessment criteria", "The learner can:",
                                                "Criteria"))
        # The outcome's number after its label, or before its text (always where Word
        # numbers it: its number is the paragraph's).
        in_label = self.layout.numbering != "auto" \
            and self.pick("outcome number", ("label", "text")) == "label"
        # Or every outcome under one label, and every criterion under another (or with its
        # outcome's under one label for both), where their numbers say whose they are.
        numbering = self.layout.numbering
        together = self.pick("labelled together", ("each", "all", "both"))
        if together == "all" and numbering not in ("auto", "ordinal", "letters", "bullets") \
                and self.layout.mapping != "outcome-column":
            outcomes = [p for o in unit.outcomes
                        for p in self.outcome_paras(o, key, first=False, alone=False)]
            criteria = [p for o in unit.outcomes for c in o.criteria
                        for p in self.criterion_paras(c, key, alone=False)]
            return [Table((Row((cell(f"{lo_label}s" if lo_label != "LO" else "LOs",
                                     bold=True), Cell(tuple(outcomes)))),
                           Row((cell(ac_label, bold=True), Cell(tuple(criteria))))))]
        if together == "both" and numbering not in ("ordinal", "letters") \
                and self.layout.mapping != "outcome-column":
            both = [p for o in unit.outcomes
                    for p in (*self.outcome_paras(o, key, first=False, alone=False),
                              *(q for c in o.criteria
                                for q in self.criterion_paras(c, key, alone=False)))]
            return [Table((Row((cell("Learning outcomes and assessment criteria", bold=True),
                                Cell(tuple(both)))),))]
        parts: list[list[Row]] = []
        for outcome in unit.outcomes:
            label = f"{lo_label} {outcome.number}" if in_label else lo_label
            paras = self.outcome_paras(outcome, key, first=False, alone=in_label)
            criteria = [p for c in outcome.criteria
                        for p in self.criterion_paras(c, key, alone=False)]
            rows = [Row((cell(label, bold=True), Cell(tuple(paras)))),
                    Row((cell(ac_label, bold=True), Cell(tuple(criteria))))]
            if self.layout.mapping == "outcome-column":
                rows.append(Row((cell(self.pick("outcome map label", (
                    "SfC criteria", "Skills for Care reference", "Mapping to SfC criteria")),
                    bold=True), Cell((self.map_para(outcome_refs(outcome)),)))))
            parts.append(rows)
        if self.pick("labelled tables", ("per-outcome", "one")) == "one":
            return [Table(tuple(row for rows in parts for row in rows))]
        return [Table(tuple(rows)) for rows in parts]

    def header_across(self, columns: Sequence[str], header: Row) -> Row:
        """Above a row of stems, the outcomes' and criteria's columns may share one name
        across both ("Learning outcomes and assessment criteria"): the stems tell them
        apart."""
        pair = [i for i, c in enumerate(columns) if c in ("lo", "ac")]
        if len(pair) != 2 or pair[1] != pair[0] + 1 \
                or self.pick("stems-row header", ("apart", "across")) == "apart":
            return header
        first, second = (header.cells[i].paras[0].inlines[0] for i in pair)
        assert isinstance(first, Text) and isinstance(second, Text)
        later = second.text if second.text.isupper() else second.text[0].lower() + second.text[1:]
        joined = cell(f"{first.text} and {later}", bold=True, span=2)
        cells = (*header.cells[:pair[0]], joined, *header.cells[pair[1] + 1:])
        return replace(header, cells=cells)

    def grid_columns(self) -> list[str]:
        lay = self.layout
        columns = {"lo-ac": ["lo", "ac"], "ac-lo": ["ac", "lo"],
                   "numbers-apart": ["lo_num", "lo", "ac_num", "ac"]}[lay.columns]
        if lay.outcome_cells == "full-width":
            columns = [c for c in columns if not c.startswith("lo")]
        elif lay.outcome_cells == "one-cell":
            columns = ["lo"]
        if lay.mapping in ("criterion-column", "outcome-column"):
            columns.append("map")
        if lay.nos == "column" and self.level != "unit":
            columns.append("nos")
        return columns

    def grid_header(self, columns: Sequence[str]) -> tuple[Cell, ...]:
        lay = self.layout
        stems = lay.grid_header == "stems-in-header"
        words = lay.grid_header == "plain-words"
        lo = self.pick("lo header", w.LO_HEADERS) if words else "Learning outcomes"
        ac = self.pick("ac header", w.AC_HEADERS) if words else "Assessment criteria"
        form = self.pick("stem form", ("paragraph", "dash"))
        full_width = lay.outcome_cells == "full-width"
        # Beside columns of numbers, text columns may be named by what they hold: "LO |
        # Description | AC | Description" (not beside a column naming the unit: a header
        # then naming no outcome or criterion is a mapping grid's, "Unit | Ref. | ...").
        described = words and lay.columns == "numbers-apart" \
            and "unit-column" not in lay.extras and self.pick(
                "text column header", ("named", "description")) == "description"
        cells = []
        for column in columns:
            if column in ("lo", "ac") and described:
                cells.append(cell("Description", bold=True))
            elif column in ("lo", "ac"):
                text, stem = (lo, self.stems[0]) if column == "lo" else (ac, self.stems[1])
                combined = lay.outcome_cells == "one-cell" or self.pick(
                    "full-width header", ("criteria", "both")) == "both"
                if (full_width or lay.outcome_cells == "one-cell") and combined:
                    # The one text column holds the outcome rows as well as the criteria.
                    second = ac if ac.isupper() else ac[0].lower() + ac[1:]
                    text, stem = f"{lo} and {second}", f"{self.stems[0]} / {self.stems[1]}"
                if not stems:
                    cells.append(cell(text, bold=True))
                elif form == "paragraph":
                    cells.append(cell(text, stem, bold=True))
                else:
                    cells.append(cell(f"{text} – {stem}", bold=True))
            elif column == "lo_num":
                cells.append(cell(self.pick("lo number header", ("LO", "No.")), bold=True))
            elif column == "ac_num":
                cells.append(cell(self.pick("ac number header", ("AC", "Ref.")), bold=True))
            elif column == "map":
                cells.append(cell(self.pick("map header", w.GRID_MAPPING_HEADERS), bold=True))
            else:
                cells.append(cell(self.pick("nos label", w.NOS_LABELS), bold=True))
        return tuple(cells)

    def outcome_paras(self, outcome: LearningOutcome, key: str, *, first: bool,
                      alone: bool) -> list[Para]:
        """The outcome's text (numbered unless the number has its own cell) and its line."""
        lay = self.layout
        stem = first and lay.grid_header == "stems-in-first-row"
        out = [para(self.stems[0])] if stem and not self.inline_stem else []
        lead = f"{self.stems[0]} " if stem and self.inline_stem else ""
        first_line, *more = outcome.text.split("\n")
        if alone:
            out.append(para(f"{lead}{first_line}"))
        else:
            label = w.outcome_label(outcome.number, lay.numbering, alone=False)
            if lay.numbering == "prefixed-words" and not stem \
                    and self.pick("stem after label", ("none", "after")) == "after":
                # "Learning outcome 1: The learner will: Understand ...".
                label += f"{self.stems[0]} "
            num = Num(key, 0) if lay.numbering == "auto" else None
            out.append(para(f"{lead}{label}{first_line}", num=num))
        out += [para(line) for line in more]
        if lay.mapping == "outcome-line" and outcome.mappings:
            line = self.pick("outcome line label", w.OUTCOME_LINE_LABELS)
            out.append(Para((Text(f"{line}: "), *self.ref_inlines(outcome.mappings))))
        return out

    def number_para(self, number: str, level: int, key: str) -> Para:
        lay = self.layout
        if lay.numbering == "auto":
            return Para(num=Num(key, level))
        label = (w.outcome_label if level == 0 else w.criterion_label)(
            number, lay.numbering, alone=True)
        return para(label)

    def criterion_inlines(self, criterion: AssessmentCriterion, line: str, *,
                          alone: bool) -> list[Inline]:
        """The first line of a criterion, numbered unless alone, with tracked changes."""
        lay = self.layout
        label = "" if alone else w.criterion_label(criterion.number, lay.numbering, alone=False)
        if lay.numbering == "bullets" and not alone and self.criterion_bullet != "auto":
            label = f"{self.criterion_bullet} "
        text = f"{label}{line}"
        if "tracked-changes" not in lay.extras or self.rng.random() < 0.4:
            return [Text(text)]
        words = text.split(" ")
        at = self.rng.randint(1 + bool(label), len(words) - 1) if len(words) > 2 else len(words)
        before, after = " ".join(words[:at]), " ".join(words[at:])
        inlines: list[Inline] = []
        if self.rng.random() < 0.5 and after:
            # The inserted word is accepted text: it belongs to the criterion.
            inserted, _, rest = after.partition(" ")
            inlines += [Text(f"{before} "), Text(inserted, change="ins")]
            inlines += [Text(f" {rest}")] if rest else []
        else:
            inlines += [Text(before), Text(self.rng.choice(DELETED_WORDS), change="del")]
            inlines += [Text(f" {after}")] if after else []
        return inlines

    def criterion_paras(self, criterion: AssessmentCriterion, key: str, *,
                        alone: bool) -> list[Para]:
        """The criterion's lines as paragraphs, the first numbered unless the number is alone."""
        numbering = self.layout.numbering
        num = Num(key, 1) if numbering == "auto" and not alone else None
        if numbering == "bullets" and not alone and self.criterion_bullet == "auto":
            num = Num(f"{key}-criteria", 0, "bullet")
        first, *more = criterion.text.split("\n")
        head = Para(tuple(self.criterion_inlines(criterion, first, alone=alone)), num=num)
        paras = [head, *(para(line) for line in more)]
        if self.layout.mapping == "line-end" and criterion.mappings:
            last = paras[-1]
            paras[-1] = replace(last, inlines=(*last.inlines,
                                               *self.line_end_refs(criterion.mappings)))
        return paras

    def line_end_refs(self, mappings: Sequence[Mapping]) -> list[Inline]:
        """The references at the end of a criterion's last line, bracketed or after a dash."""
        form = self.pick("line-end form", ("round", "square", "dash"))
        refs = self.ref_inlines(mappings)
        if form == "dash":
            return [Text(" – "), *refs]
        opening, closing = ("(", ")") if form == "round" else ("[", "]")
        return [Text(f" {opening}"), *refs, Text(closing)]

    def outcome_rows(self, outcome: LearningOutcome, index: int, columns: Sequence[str],
                     key: str) -> list[Row]:
        nos = {c.number: self.rng.sample(w.NOS_CODES, self.rng.randint(0, 2))
               for c in outcome.criteria}
        rows: list[Row] = self.value_function("outcome_cells")(
            _Outcome(outcome, index == 0, tuple(columns), key, nos))
        return rows

    def outcome_cells_merged(self, o: _Outcome) -> list[Row]:
        """A row per criterion, the outcome's cells merged down them (w:vMerge)."""
        return self.criterion_rows(o, merged=len(o.outcome.criteria) > 1)

    def outcome_cells_first_row(self, o: _Outcome) -> list[Row]:
        """A row per criterion, the outcome's cells filled on the first row only."""
        return self.criterion_rows(o, merged=False)

    def outcome_cells_full_width(self, o: _Outcome) -> list[Row]:
        """The outcome as a row across the table (w:gridSpan), then a row per criterion."""
        paras = self.outcome_paras(o.outcome, o.key, first=o.first, alone=self.apart)
        columns = o.columns
        map_at = columns.index("map") if "map" in columns else len(columns)
        own_map = self.level == "outcome" and "map" in columns
        span = map_at if own_map else len(columns)
        number = self.number_para(o.outcome.number, 0, o.key)
        lead: list[Cell]
        if not self.apart:
            lead = [Cell(tuple(paras), span=span)]
        elif span > 1:
            lead = [Cell((number,)), Cell(tuple(paras), span=span - 1)]
        else:
            lead = [Cell((number, *paras))]
        if own_map:
            lead.append(Cell((self.map_para(outcome_refs(o.outcome)),)))
            lead += [Cell() for _ in columns[map_at + 1:]]
        return [Row(tuple(lead)), *self.criterion_rows(o, merged=False)]

    def outcome_cells_one_row_paragraphs(self, o: _Outcome) -> list[Row]:
        """One row for the outcome: its criteria as paragraphs of one cell."""
        return [self.one_row(o, breaks=False)]

    def outcome_cells_one_row_line_breaks(self, o: _Outcome) -> list[Row]:
        """One row for the outcome: its criteria as lines (Shift+Enter) of one paragraph."""
        return [self.one_row(o, breaks=True)]

    def outcome_cells_one_cell(self, o: _Outcome) -> list[Row]:
        """One row for the outcome: its text, then its criteria as paragraphs, in one cell."""
        outcome, key = o.outcome, o.key
        lo_paras = self.outcome_paras(outcome, key, first=o.first, alone=False)
        ac_paras = [p for c in outcome.criteria for p in self.criterion_paras(c, key, alone=False)]
        if self.stem_ac(o):
            ac_paras = self.with_stem(ac_paras)
        # Beside it, references line up with the criteria they map, or start at the top.
        top = self.pick("one-cell references", ("aligned", "top")) == "top"
        map_paras: list[Para] = [] if top else [Para() for _ in lo_paras]
        nos_paras = list(map_paras)
        for c in outcome.criteria:
            blank = [Para() for _ in c.text.split("\n")[1:]]
            map_paras += [self.map_para(c.mappings), *blank]
            nos_paras += [para(", ".join(o.nos[c.number])), *blank]
        if self.level != "criterion":
            map_paras = [self.map_para(outcome_refs(outcome))]
        cells = {"lo": Cell((*lo_paras, *ac_paras)), "map": Cell(tuple(map_paras)),
                 "nos": Cell(tuple(nos_paras))}
        return [Row(tuple(cells[c] for c in o.columns))]

    @property
    def apart(self) -> bool:
        return self.layout.columns == "numbers-apart"

    def stem_ac(self, o: _Outcome) -> bool:
        return o.first and self.layout.grid_header == "stems-in-first-row"

    @property
    def criterion_bullet(self) -> str:
        """How criteria are bulleted when unnumbered: "auto" for Word's list bullets, else
        the glyph typed before each (always typed on lines of one paragraph, which Word
        cannot bullet one by one)."""
        glyph = self.pick("criterion bullet", ("auto", "•", "–"))
        if glyph == "auto" and self.layout.outcome_cells == "one-row-line-breaks":
            return "•"
        return glyph

    @property
    def inline_stem(self) -> bool:
        """Whether a stem in the first row opens the first outcome's and criterion's own
        paragraph ("The learner can: 1.1 Explain ..."), not one of its own; never before
        Word's automatic numbers, which come first, nor in a bullet."""
        return self.layout.grid_header == "stems-in-first-row" \
            and self.layout.numbering not in ("auto", "bullets") \
            and self.pick("first-row stem", ("paragraph", "inline")) == "inline"

    def with_stem(self, paras: list[Para]) -> list[Para]:
        """``paras`` of a criteria cell in the first row, after its stem."""
        if not self.inline_stem or not paras:
            return [para(self.stems[1]), *paras]
        first = paras[0]
        return [replace(first, inlines=(Text(f"{self.stems[1]} "), *first.inlines)), *paras[1:]]

    def one_row(self, o: _Outcome, *, breaks: bool) -> Row:
        outcome, key = o.outcome, o.key
        stem = self.stem_ac(o)
        # Cells beside the criteria keep a paragraph per criterion line, so that their
        # paragraphs line up with the criteria as an author lines them up.
        pad = [Para()] if stem and not self.inline_stem else []
        ac_paras: list[Para] = []
        num_paras, map_paras, nos_paras = list(pad), list(pad), list(pad)
        # Beside several criteria, each line of references may name its criterion.
        numbered = self.level == "criterion" and "map" in o.columns \
            and self.pick("map lines", ("bare", "numbered")) == "numbered"
        for c in outcome.criteria:
            lines = self.criterion_paras(c, key, alone=self.apart)
            blank = [Para() for _ in lines[1:]]
            ac_paras += lines
            num_paras += [self.number_para(c.number, 1, key), *blank]
            refs = self.ref_para(c.mappings) if numbered else self.map_para(c.mappings)
            if numbered and c.mappings:
                refs = replace(refs, inlines=(Text(f"{c.number} "), *refs.inlines))
            map_paras += [refs, *blank]
            nos_paras += [para(", ".join(o.nos[c.number])), *blank]
        if self.level != "criterion":
            map_paras = [self.map_para(outcome_refs(outcome))]
        if breaks:
            ac_paras, num_paras, nos_paras = (
                [_joined(ps)] for ps in (ac_paras, num_paras, nos_paras))
            map_paras = [_joined(map_paras)]
        cells: dict[str, Cell] = {
            "lo_num": Cell((self.number_para(outcome.number, 0, key),)),
            "lo": Cell(tuple(self.outcome_paras(outcome, key, first=o.first, alone=self.apart))),
            "ac_num": Cell(tuple(num_paras)),
            "ac": Cell(tuple(self.with_stem(ac_paras) if stem else ac_paras),
                       control="content-controls" in self.layout.extras),
            "map": Cell(tuple(map_paras)),
            "nos": Cell(tuple(nos_paras)),
        }
        return Row(tuple(cells[c] for c in o.columns))

    def criterion_rows(self, o: _Outcome, *, merged: bool) -> list[Row]:
        """A row per criterion; the outcome's own cells (unless full width) on the first."""
        outcome, key = o.outcome, o.key
        control = "content-controls" in self.layout.extras
        full_width = self.layout.outcome_cells == "full-width"
        rows: list[Row] = []
        for i, criterion in enumerate(outcome.criteria):
            stem = self.stem_ac(o) and i == 0
            row: list[Cell] = []
            for column in o.columns:
                if column in ("lo", "lo_num") or (column == "map" and self.level == "outcome"
                                                   and not full_width):
                    if i == 0:
                        if column == "lo":
                            content = Cell(tuple(self.outcome_paras(
                                outcome, key, first=o.first, alone=self.apart)))
                        elif column == "lo_num":
                            content = Cell((self.number_para(outcome.number, 0, key),))
                        else:
                            content = Cell((self.map_para(outcome_refs(outcome)),))
                        row.append(replace(content, merge="restart") if merged else content)
                    else:
                        row.append(Cell(merge="continue") if merged else Cell())
                elif column == "ac_num":
                    row.append(Cell((self.number_para(criterion.number, 1, key),)))
                elif column == "ac":
                    paras = self.criterion_paras(criterion, key, alone=self.apart)
                    row.append(Cell(tuple(self.with_stem(paras) if stem else paras),
                                    control=control and i % 2 == 0))
                elif column == "map":
                    row.append(Cell((self.map_para(criterion.mappings),))
                               if self.level == "criterion" else Cell())
                else:
                    row.append(cell(", ".join(o.nos[criterion.number])))
            rows.append(Row(tuple(row)))
            if self.layout.mapping == "row-below":
                rows.append(self.references_row(criterion, o.columns, merged=merged))
        return rows

    def references_row(self, criterion: AssessmentCriterion, columns: Sequence[str], *,
                       merged: bool) -> Row:
        """The "row-below" mapping: a criterion's references in a row of their own under
        it, labelled, in the criteria's column (the outcome's merged on down) or across; a
        criterion that maps to nothing says so ("None", "N/A")."""
        label = self.pick("references row label", w.UNIT_MAPPING_LABELS)
        if criterion.mappings:
            refs = self.ref_para(criterion.mappings)
            text = replace(refs, inlines=(Text(f"{label}: "), *refs.inlines))
        else:
            text = para(f"{label}: {self.pick('no references', ('None', 'N/A', '–'))}")
        # (Across the grid only where no outcome cell is merged down past it.)
        if not merged and self.pick("references row form", ("column", "across")) == "across":
            return Row((Cell((text,), span=len(columns)),))
        return Row(tuple(Cell((text,)) if c == "ac" else Cell(merge="continue")
                         if merged and c in ("lo", "lo_num") else Cell() for c in columns))

    # -- 7. mappings outside the units ---------------------------------------------------------

    def unit_name(self, unit: Unit) -> str:
        """How an appendix names a unit: by number, reference, or number and title."""
        form = self.pick("appendix unit", ("number", "unit-number", "urn", "number-title",
                                           "heading"))
        return {"number": unit.number or "", "unit-number": f"Unit {unit.number}",
                "urn": unit.reference or "", "number-title": f"{unit.number} {unit.title}",
                "heading": f"Unit {unit.number}: {unit.title}"}[form]

    def appendix(self) -> list[Block]:
        """The mapping grid or tick matrix at the end, when the mappings are written there."""
        method = f"mapping_{self.layout.mapping.replace('-', '_')}"
        if not hasattr(self, method):
            return []  # the mappings are written in the units
        heading = self.heading(self.pick("appendix heading", w.APPENDIX_HEADINGS), 1)
        table: Table = getattr(self, method)()
        return [heading, table]

    def appendix_criterion(self, criterion: AssessmentCriterion) -> Cell:
        numbering = self.layout.numbering
        # (A grid of its own names criteria in full: "2" alone would not say whose.)
        typed = "plain" if numbering in ("auto", "lettered", "ordinal", "letters", "bullets") \
            else numbering
        return cell(w.criterion_label(criterion.number, typed, alone=True))

    def mapping_appendix_criteria_major(self) -> Table:
        """A row per (criteria reference, unit, criterion), in the criteria's order."""
        spec = self.spec
        header = self.pick("appendix columns", (
            "Criteria code | Unit number | Assessment criterion",
            "SfC criteria reference | Unit | AC")).split(" | ")
        claims = [(m.ref, u, c) for u in spec.units for o in u.outcomes for c in o.criteria
                  for m in c.mappings if m.ref]
        order = _criteria_order()
        claims.sort(key=lambda t: (order.get(t[0], 0), spec.units.index(t[1])))
        rows = [Row(tuple(cell(h, bold=True) for h in header), header=True)]
        rows += [Row((cell(w.spell(ref, self.layout.ref_spelling)), cell(self.unit_name(u)),
                      self.appendix_criterion(c))) for ref, u, c in claims]
        if self.layout.nos == "mixed":
            first = spec.units[0]
            rows.append(Row((cell(w.NOS_CODES[0]), cell(self.unit_name(first)),
                             self.appendix_criterion(first.outcomes[0].criteria[0]))))
        return Table(tuple(rows))

    def mapping_appendix_where(self) -> Table:
        """A row per criteria reference naming where it is covered, several units to a cell."""
        spec, numbering = self.spec, self.layout.numbering
        header = self.pick("where columns", (
            "Skills for Care criteria | Where covered",
            "SfC reference | Units and assessment criteria",
            "Criteria | Covered in (unit/AC)")).split(" | ")
        unit_form = self.pick("where unit", ("Unit {number}", "{urn}", "{number}:"))
        if "unit" not in header[1].lower() and unit_form == "{number}:":
            unit_form = "Unit {number}"  # a bare number needs a header naming units
        prefix = self.pick("where criterion", ("AC", "", "AC "))
        typed = "plain" if numbering in ("auto", "lettered", "ordinal", "letters", "bullets") \
            else numbering
        where: dict[str, dict[int, list[str]]] = {}
        for u in spec.units:
            for o in u.outcomes:
                for c in o.criteria:
                    for m in c.mappings:
                        if m.ref:
                            number = w.criterion_label(c.number, typed, alone=True)
                            number = number.removeprefix("AC").strip().rstrip(".")
                            where.setdefault(m.ref, {}).setdefault(
                                spec.units.index(u), []).append(number)
        order = _criteria_order()
        rows = [Row(tuple(cell(h, bold=True) for h in header), header=True)]
        for ref in sorted(where, key=lambda r: order.get(r, 0)):
            items = [unit_form.format(number=spec.units[i].number, urn=spec.units[i].reference)
                     + " " + ", ".join(f"{prefix}{n}" for n in numbers)
                     for i, numbers in where[ref].items()]
            rows.append(Row((cell(w.spell(ref, self.layout.ref_spelling)),
                             cell("; ".join(items)))))
        return Table(tuple(rows))

    def mapping_appendix_unit_major(self) -> Table:
        """A row per mapped criterion of each unit, with its references."""
        header = self.pick("appendix columns", (
            "Unit | AC | Skills for Care criteria",
            "Unit number | Assessment criterion | SfC criteria mapped")).split(" | ")
        rows = [Row(tuple(cell(h, bold=True) for h in header), header=True)]
        rows += [Row((cell(self.unit_name(u)), self.appendix_criterion(c),
                      Cell((self.ref_para(c.mappings),))))
                 for u in self.spec.units for o in u.outcomes for c in o.criteria
                 if c.mappings]
        return Table(tuple(rows))

    def mapping_criteria_matrix(self) -> Table:
        """Criteria references by units (either way round), each cell naming the unit's
        criteria that cover the reference ("1.1, 2.3")."""
        spec = self.spec
        refs = list(dict.fromkeys(m.ref for u in spec.units for o in u.outcomes
                                  for c in o.criteria for m in c.mappings if m.ref))
        order = _criteria_order()
        refs.sort(key=lambda r: order.get(r, 0))
        names = [self.unit_name(u) for u in spec.units]

        def covering(unit: Unit, ref: str) -> str:
            return ", ".join(self.appendix_criterion(c).paras[0].inlines[0].text  # type: ignore[union-attr]
                             for o in unit.outcomes for c in o.criteria
                             if any(m.ref == ref for m in c.mappings))

        spelt = [w.spell(ref, self.layout.ref_spelling) for ref in refs]
        # (References across only where they fit a page: Word allows 63 columns.)
        if self.pick("criteria matrix", ("references-down", "units-down")) == "units-down" \
                and len(refs) <= 20:
            rows = [Row((cell("Unit", bold=True), *(cell(r, bold=True) for r in spelt)),
                        header=True)]
            rows += [Row((cell(name), *(cell(covering(u, ref)) for ref in refs)))
                     for name, u in zip(names, spec.units, strict=True)]
            return Table(tuple(rows))
        rows = [Row((cell("Skills for Care criteria", bold=True),
                     *(cell(n, bold=True) for n in names)), header=True)]
        rows += [Row((cell(r), *(cell(covering(u, ref)) for u in spec.units)))
                 for r, ref in zip(spelt, refs, strict=True)]
        return Table(tuple(rows))

    def mapping_tick_matrix(self) -> Table:
        """Criteria references down, units across, a tick where a unit covers a reference."""
        spec = self.spec
        tick = self.pick("tick", w.TICKS)
        refs = list(dict.fromkeys(m.ref for u in spec.units for m in u.mappings if m.ref))
        order = _criteria_order()
        # Matrices list sub-topics no unit ticks, too.
        unused = [r for r in order if r.count("/") == 1 and r not in refs][:2]
        refs = sorted([*refs, *unused], key=lambda r: order.get(r, 0))
        names = [self.unit_name(u) for u in spec.units]
        rows = [Row((cell("Skills for Care criteria", bold=True),
                     *(cell(n, bold=True) for n in names)), header=True)]
        for ref in refs:
            ticks = [tick if any(m.ref == ref for m in u.mappings) else "" for u in spec.units]
            rows.append(Row((cell(w.spell(ref, self.layout.ref_spelling)),
                             *(cell(t) for t in ticks))))
        if self.layout.nos == "mixed":
            rows.append(Row((cell(w.NOS_CODES[1]),
                             *(cell(tick if i == 0 else "") for i in range(len(names))))))
        return Table(tuple(rows))


def outcome_refs(outcome: LearningOutcome) -> list[Mapping]:
    """What an outcome's mapping cell shows: its own, or those of its only criterion."""
    if outcome.mappings or len(outcome.criteria) != 1:
        return list(outcome.mappings)
    return list(outcome.criteria[0].mappings)


def _labelled(label: str, values: Sequence[Para], separator: str = ": ") -> list[Para]:
    """'Label: value' paragraphs; a value of several paragraphs is joined with '; '."""
    inlines: list[Inline] = [Text(f"{label}{separator}")]
    for i, value in enumerate(values):
        if i:
            inlines.append(Text("; "))
        inlines += list(value.inlines)
    control = any(v.control for v in values)
    return [Para(tuple(inlines), control=control)]


def _joined(paras: Sequence[Para]) -> Para:
    """Paragraphs as lines of one paragraph (line breaks between them)."""
    inlines: list[Inline] = []
    for i, p in enumerate(paras):
        if i:
            inlines.append(Break())
        inlines += list(p.inlines)
    return Para(tuple(inlines))


def plain_table(rows: Sequence[Sequence[str]]) -> Table:
    """A table whose first row is a bold header."""
    return Table(tuple(Row(tuple(cell(text, bold=i == 0) for text in row))
                       for i, row in enumerate(rows)))


_ORDER: dict[str, int] = {}


def _criteria_order() -> dict[str, int]:
    """Every criteria reference by its position in the criteria document."""
    if not _ORDER:
        from .specgen import criteria

        _ORDER.update({node.ref: i for i, node in enumerate(criteria().nodes())})
    return _ORDER


def compose(gen: Generated, layout: Layout) -> tuple[Document, dict[str, str]]:
    """The document ``layout`` makes of ``gen``, and the wording choices it made."""
    composer = Composer(gen, layout)
    return composer.document(), composer.choices
