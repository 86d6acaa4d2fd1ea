"""The layout dimensions, their values, and which writer can express which value.

A :class:`Layout` takes one value per dimension. Values are listed simplest
first, so that hypothesis shrinks a failing layout towards the layout the
reader knows best and the value left standing names the dimension that broke.
Each value declares the Word features it needs (:mod:`.ir`); a writer offers
only the values whose features it can write. A few pairs of values cannot
meet in one real document (:data:`EXCLUDED`, each with its reason); no other
dimension depends on another.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .ir import ALL_FEATURES, Feature

Writer = Literal["python-docx", "libreoffice", "pandoc", "web"]
#: The tools that write a .docx themselves; "web" embeds a web page for Word to convert.
TOOLS: tuple[Writer, ...] = ("python-docx", "libreoffice", "pandoc")
WRITERS: tuple[Writer, ...] = (*TOOLS, "web")

#: Dimension -> value -> the features the value needs.
DIMENSIONS: dict[str, dict[str, frozenset[Feature]]] = {
    # 1. the qualification's key facts
    "facts": {"vertical-table": frozenset(), "horizontal-table": frozenset(),
              "label-lines": frozenset(), "bold-labels": frozenset({"bold"}),
              # the numbers in an overview's sentences, the rest as label lines
              "sentences": frozenset(),
              # a table of cells each holding its own "Label: value"
              "label-cells": frozenset(),
              # each label on a line of its own, its value on the next
              "stacked": frozenset(),
              # "Level<tab>5": label and value aligned on a tab stop, no colon
              "tab-lines": frozenset({"tab"})},
    "fact_labels": {"standard": frozenset(), "short": frozenset(), "alternative": frozenset()},
    # 2. where the title is (outside the key facts, the key facts omit it)
    "title": {"in-facts": frozenset({"title-style"}), "title-style": frozenset({"title-style"}),
              "heading-1": frozenset(), "cover": frozenset({"cover", "page-break"}),
              "page-header": frozenset({"page-header"}),
              "content-control": frozenset({"content-control-inline"})},
    # 3. the unit list
    "unit_list": {"table-per-group": frozenset(), "group-column": frozenset(),
                  "group-rows": frozenset({"grid-span", "bold"}), "none": frozenset()},
    # 9. groups and the rules of combination
    "groups": {"lettered": frozenset(), "kind-words": frozenset(), "kind-lettered": frozenset(),
               "numbered": frozenset(),
               # the label after the kind: "Mandatory units (Group A)", "... – Group B"
               "label-after": frozenset()},
    "rules": {"writer": frozenset(), "colon": frozenset(), "semicolon": frozenset(),
              "comprising": frozenset(), "remaining": frozenset(),
              "bulleted": frozenset({"bullets"}),
              # "Group | Minimum credits | Maximum credits", a row each, then any sentences
              "table": frozenset()},
    # 4. how a unit is introduced and its key facts given
    "unit_header": {"kv-table": frozenset(), "vertical-table": frozenset({"grid-span"}),
                    "label-lines": frozenset(), "horizontal-table": frozenset(),
                    # hours, credits and level in a sentence, the rest as label lines
                    "sentences": frozenset(),
                    # the unit's heading as the first row of its table of facts
                    "title-row": frozenset({"grid-span"}),
                    # each label on a line of its own, its value on the lines below
                    "stacked": frozenset(),
                    # "Credit value<tab>4": label and value aligned on a tab stop
                    "tab-lines": frozenset({"tab"})},
    "unit_heading": {"colon": frozenset(), "space": frozenset(), "urn": frozenset(),
                     # no "Unit": "Leadership (H/650/2114)", "LM501 Leadership"
                     "title-urn": frozenset(), "code": frozenset()},
    "heading_style": {"heading-2": frozenset(), "heading-1": frozenset(),
                      "heading-3": frozenset({"heading-3"}), "bold": frozenset({"bold"}),
                      # a line set apart by nothing the reader keeps (a larger font)
                      "plain": frozenset(),
                      # no heading: a "Unit title: ..." line, the number among the facts
                      "title-label": frozenset()},
    "unit_labels": {"standard": frozenset(), "short": frozenset(), "alternative": frozenset()},
    # 5. the learning outcome / assessment criteria grid
    "columns": {"lo-ac": frozenset(), "ac-lo": frozenset(), "numbers-apart": frozenset()},
    "outcome_cells": {"merged": frozenset({"vertical-merge"}), "first-row": frozenset(),
                      "full-width": frozenset({"grid-span"}),
                      "one-row-paragraphs": frozenset(),
                      "one-row-line-breaks": frozenset({"line-break"}),
                      "paragraphs": frozenset(),
                      # "Learning outcome 1 | Understand ..." and "Assessment criteria |
                      # 1.1 ..." labelled in a first column, as facts are
                      "labelled": frozenset(),
                      # a row per outcome, its criteria as paragraphs below it in its
                      # cell, under "Learning outcomes and assessment criteria"
                      "one-cell": frozenset(),
                      # each outcome under a heading of its own, then a table of its
                      # criteria
                      "headed-tables": frozenset(),
                      # the outcomes listed together first (paragraphs or a table of
                      # their own), then one table of every criterion
                      "listed-first": frozenset()},
    "grid_header": {"stems-in-header": frozenset(), "plain-words": frozenset(),
                    "stems-in-first-row": frozenset(), "stems-row": frozenset(),
                    # no header row: the columns are told by what they hold
                    "none": frozenset(),
                    # "Learning outcomes" and "Assessment criteria" each over its number
                    # and text columns, whose own names are in a second row
                    "two-rows": frozenset({"grid-span", "vertical-merge"})},
    "grid_split": {"one-table": frozenset(), "repeated-header": frozenset({"header-row"}),
                   "split-with-header": frozenset({"header-row"}),
                   "split-without-header": frozenset(),
                   # the second part under the unit's heading again, "(continued)"
                   "split-under-heading": frozenset()},
    # 6. outcome and criterion numbers
    "numbering": {"plain": frozenset(), "dotted": frozenset(), "prefixed": frozenset(),
                  "prefixed-words": frozenset(), "lettered": frozenset(),
                  "auto": frozenset({"auto-numbering"}), "dashed": frozenset(),
                  # criteria counted within their outcome: "1 Understand ...", "2 Explain ..."
                  "ordinal": frozenset(),
                  # criteria lettered within their outcome: "a) Explain ...", "b) Compare ..."
                  "letters": frozenset(),
                  # numbers in brackets: "(1) Understand ...", "(1.1) Explain ..."
                  "bracketed": frozenset(),
                  # outcomes numbered, criteria unnumbered as bullets (Word's, or typed)
                  "bullets": frozenset({"bullets"})},
    # 7. where the mappings to the criteria are written
    "mapping": {"criterion-column": frozenset(), "unit-row": frozenset(),
                "outcome-column": frozenset(), "outcome-line": frozenset(),
                "aim-sentence": frozenset(), "appendix-criteria-major": frozenset(),
                "appendix-unit-major": frozenset(), "tick-matrix": frozenset(),
                # criteria references by units, each cell naming the unit's criteria
                "criteria-matrix": frozenset(),
                # an appendix naming where each reference is covered: "Unit 501 AC1.1; ..."
                "appendix-where": frozenset(),
                "line-end": frozenset(),
                # a row of its own under each criterion's: "SfC reference: ..." in the
                # criteria's column or across the grid
                "row-below": frozenset()},
    # 8. how references are spelt and listed, and National Occupational Standards codes
    "ref_spelling": {"canonical": frozenset(), "lower": frozenset(), "spaced-item": frozenset(),
                     "spaces": frozenset(), "hyphen": frozenset(),
                     # canonical, an invisible optional break after each "/"
                     "optional-breaks": frozenset()},
    "ref_list": {"comma": frozenset(), "semicolon": frozenset(), "and": frozenset(),
                 "line-breaks": frozenset({"line-break"}), "ranges": frozenset(),
                 "shorthand": frozenset(), "all-suffix": frozenset()},
    "nos": {"none": frozenset(), "column": frozenset(), "mixed": frozenset()},
    # 11. guidance after a unit's grid, keyed to the numbers it already gave
    "guidance": {"none": frozenset(),
                 # "Assessment criteria | Guidance", a row per restated criterion number
                 "criteria-table": frozenset({"bold"}),
                 # "Range" then "1.1 Theories: ..." lines
                 "criteria-lines": frozenset({"bold"}),
                 # "Unit guidance" then "LO1 Learners should ..." lines
                 "outcome-lines": frozenset({"bold"}),
                 # an appendix after all units: each unit's heading again, its guidance table
                 "appendix": frozenset({"bold"})},
}

#: 10. Extra matter: each layout has any subset of these.
EXTRAS: dict[str, frozenset[Feature]] = {
    "cover-page": frozenset({"cover", "page-break"}),
    "toc-field": frozenset({"toc-field"}),
    "toc-simple": frozenset({"toc-simple"}),
    "change-log": frozenset(),
    "header-footer": frozenset({"page-header", "page-footer"}),
    "content-controls": frozenset({"content-control-block", "content-control-cell"}),
    "inline-controls": frozenset({"content-control-inline"}),
    "tracked-changes": frozenset({"tracked-changes"}),
    "unrelated-table": frozenset(),
    # a key to the unit pages before the units: each unit label and what it gives
    "unit-key": frozenset(),
    # a first column of each grid naming its unit ("Unit number | Learning outcomes | ..."),
    # only under a header (without one, nothing tells that column from the grid's)
    "unit-column": frozenset({"vertical-merge"}),
    # notes among a grid's rows under labels of their own ("Range | ...", "Additional
    # information: ..."), after the first outcome's criteria and at the grid's end
    "grid-notes": frozenset({"grid-span"}),
}
#: How often each extra is drawn.
EXTRA_CHANCE = 0.3

#: What each writer can write. pandoc's contents field has no cached entries, and
#: LibreOffice writes content controls only inside a paragraph.
WRITER_FEATURES: dict[Writer, frozenset[Feature]] = {
    "python-docx": ALL_FEATURES,
    "libreoffice": ALL_FEATURES - {"toc-simple", "content-control-block",
                                   "content-control-cell"},
    "pandoc": frozenset({"bold", "line-break", "title-style", "heading-3", "bullets",
                         "grid-span", "vertical-merge", "header-row", "tracked-changes",
                         "toc-field"}),
    "web": frozenset({"bold", "line-break", "title-style", "heading-3", "bullets",
                      "grid-span", "vertical-merge", "header-row"}),
}

#: Pairs of values that cannot meet in one real document, and why.
EXCLUDED: tuple[tuple[dict[str, str | tuple[str, ...]], str], ...] = (
    ({"numbering": "auto", "columns": "ac-lo"},
     "Word would number each criterion before its outcome"),
    ({"numbering": "auto", "outcome_cells": "one-row-line-breaks"},
     "automatic numbers belong to paragraphs, not to lines of one paragraph"),
    ({"numbering": "bullets", "columns": "numbers-apart"},
     "criteria printed as bullets have no numbers to set in a column of their own"),
    ({"ref_list": "line-breaks", "mapping": ("criterion-column", "outcome-column"),
      "outcome_cells": ("one-row-paragraphs", "one-row-line-breaks", "one-cell")},
     "references on several lines beside criteria on several lines would read as one "
     "line per criterion"),
    ({"ref_list": "line-breaks", "mapping": "aim-sentence"},
     "a sentence has no line breaks"),
    ({"mapping": "row-below",
      "outcome_cells": ("one-row-paragraphs", "one-row-line-breaks", "paragraphs", "labelled",
                        "one-cell")},
     "a row under each criterion needs a row per criterion"),
    ({"ref_list": "line-breaks", "mapping": "line-end"},
     "references that end a criterion's line stay on that line"),
    ({"outcome_cells": "paragraphs",
      "grid_split": ("repeated-header", "split-with-header", "split-without-header",
                     "split-under-heading")},
     "outcomes and criteria written as paragraphs have no table to split"),
    ({"outcome_cells": "paragraphs", "columns": ("ac-lo", "numbers-apart")},
     "a paragraph's number comes before its text"),
    ({"outcome_cells": "paragraphs", "mapping": ("criterion-column", "outcome-column")},
     "paragraphs have no columns"),
    ({"outcome_cells": "paragraphs", "nos": "column"}, "paragraphs have no columns"),
    ({"outcome_cells": "paragraphs", "unit_header": "vertical-table"},
     "that table holds the unit's grid"),
    ({"outcome_cells": "labelled",
      "grid_split": ("repeated-header", "split-with-header", "split-without-header")},
     "outcomes labelled in their own tables have no header to repeat"),
    ({"outcome_cells": "labelled", "columns": ("ac-lo", "numbers-apart")},
     "a label comes before what it labels"),
    ({"outcome_cells": "labelled", "mapping": "criterion-column"},
     "criteria under one label have no column beside each"),
    ({"outcome_cells": "labelled", "nos": "column"},
     "criteria under one label have no column beside each"),
    ({"outcome_cells": "labelled", "unit_header": "vertical-table"},
     "that table holds the unit's grid"),
    ({"outcome_cells": "labelled",
      "grid_header": ("plain-words", "stems-in-first-row", "stems-row", "none")},
     "labels, not a header, name the outcomes and criteria"),
    ({"outcome_cells": "headed-tables",
      "grid_split": ("repeated-header", "split-with-header", "split-without-header",
                     "split-under-heading")},
     "each outcome's criteria have a table of their own"),
    ({"outcome_cells": "headed-tables", "columns": "ac-lo"},
     "criteria under their outcome's heading have no outcome column to come before"),
    ({"outcome_cells": "headed-tables", "unit_header": ("vertical-table", "title-row")},
     "no one table holds the unit's grid"),
    ({"outcome_cells": "headed-tables", "mapping": "outcome-column"},
     "an outcome under a heading has no cell beside it"),
    ({"outcome_cells": "headed-tables", "numbering": "ordinal"},
     "a bare number over a table of criteria counted from 1 does not say it is an outcome"),
    ({"outcome_cells": "listed-first",
      "grid_split": ("repeated-header", "split-with-header", "split-without-header",
                     "split-under-heading")},
     "the criteria listed apart from their outcomes are one table"),
    ({"outcome_cells": "listed-first", "columns": "ac-lo"},
     "the criteria listed apart from their outcomes have no outcome column"),
    ({"outcome_cells": "listed-first", "unit_header": ("vertical-table", "title-row")},
     "no one table holds the unit's grid"),
    ({"outcome_cells": "listed-first", "mapping": "outcome-column"},
     "outcomes listed apart have no cell beside them in the criteria's table"),
    ({"outcome_cells": "listed-first", "numbering": ("auto", "ordinal", "letters", "bullets")},
     "criteria listed apart from their outcomes need numbers that name the outcome"),
    ({"grid_header": "two-rows", "columns": ("lo-ac", "ac-lo")},
     "a header of two rows names numbers and texts in columns apart"),
    ({"grid_header": "two-rows",
      "outcome_cells": ("full-width", "labelled", "one-cell", "headed-tables", "paragraphs",
                        "listed-first")},
     "a header of two rows names the outcomes' columns over the criteria's"),
    ({"outcome_cells": "one-cell", "columns": ("ac-lo", "numbers-apart")},
     "one cell holds the outcome and, below it, its criteria"),
    ({"outcome_cells": "one-cell", "grid_header": "stems-row"},
     "one column has no two stems to set apart"),
    ({"outcome_cells": "one-cell", "numbering": ("ordinal", "letters")},
     "an outcome and its criteria below it in one cell, each counted from 1, differ only "
     "in their wording"),
    ({"unit_header": "title-row", "unit_heading": ("title-urn", "code")},
     "a table's first row is a unit's heading by the word \"Unit\" and its number"),
    ({"unit_header": "title-row", "outcome_cells": "paragraphs"},
     "the unit's heading row heads its facts table, and its criteria follow as paragraphs"),
    ({"heading_style": "plain", "unit_heading": ("title-urn", "code")},
     "a plain line that does not say \"Unit\" is no heading but by its font"),
    ({"numbering": "ordinal", "outcome_cells": ("full-width", "paragraphs")},
     "an outcome across the grid (or a paragraph) and its criteria below, each counted "
     "from 1, differ only in their wording"),
    ({"grid_header": "none", "grid_split": ("repeated-header", "split-with-header")},
     "a grid with no header has none to repeat"),
    ({"numbering": ("ordinal", "letters"), "columns": "numbers-apart"},
     "a column of counts beside a column of outcome numbers names no criterion"),
    ({"heading_style": "title-label", "grid_split": "split-under-heading"},
     "a unit introduced by its title's line is not introduced again over its grid's rest"),
)


@dataclass(frozen=True)
class Layout:
    """One value per dimension, the extra matter, and a seed for wording within families."""

    facts: str = "vertical-table"
    fact_labels: str = "standard"
    title: str = "in-facts"
    unit_list: str = "table-per-group"
    groups: str = "lettered"
    rules: str = "writer"
    unit_header: str = "kv-table"
    unit_heading: str = "colon"
    heading_style: str = "heading-2"
    unit_labels: str = "standard"
    columns: str = "lo-ac"
    outcome_cells: str = "merged"
    grid_header: str = "stems-in-header"
    grid_split: str = "one-table"
    numbering: str = "plain"
    mapping: str = "criterion-column"
    ref_spelling: str = "canonical"
    ref_list: str = "comma"
    nos: str = "none"
    guidance: str = "none"
    extras: frozenset[str] = frozenset()
    #: Seeds the choices within a family (which label variant, which header words);
    #: 0 takes the first, most usual, member of every family.
    wording: int = 0

    def __post_init__(self) -> None:
        for name, values in DIMENSIONS.items():
            if getattr(self, name) not in values:
                raise ValueError(f"{name} has no value {getattr(self, name)!r}")
        unknown = set(self.extras) - set(EXTRAS)
        if unknown:
            raise ValueError(f"unknown extras: {sorted(unknown)}")

    def values(self) -> dict[str, str]:
        """Dimension -> value, extras included as 'extra:NAME' -> 'yes'/'no'."""
        out = {name: str(getattr(self, name)) for name in DIMENSIONS}
        out.update({f"extra:{e}": "yes" if e in self.extras else "no" for e in EXTRAS})
        return out

    def features(self) -> frozenset[Feature]:
        needed: set[Feature] = set()
        for name, values in DIMENSIONS.items():
            needed |= values[getattr(self, name)]
        for extra in self.extras:
            needed |= EXTRAS[extra]
        return frozenset(needed)

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["extras"] = sorted(self.extras)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Layout:
        return cls(**{**data, "extras": frozenset(data.get("extras", ()))})

    def describe(self) -> str:
        """The layout on one line per dimension, for failure messages."""
        return json.dumps(self.to_json(), indent=1)


def excluded_by(layout: Layout) -> str | None:
    """Why ``layout`` cannot be a real document, or None."""
    for condition, reason in EXCLUDED:
        if all(getattr(layout, name) == value
               or (isinstance(value, tuple) and getattr(layout, name) in value)
               for name, value in condition.items()):
            return reason
    return None


def values_for(writer: Writer) -> dict[str, list[str]]:
    """Dimension -> the values ``writer`` can express, simplest first."""
    can = WRITER_FEATURES[writer]
    return {name: [v for v, needs in values.items() if needs <= can]
            for name, values in DIMENSIONS.items()}


def extras_for(writer: Writer) -> list[str]:
    can = WRITER_FEATURES[writer]
    return [e for e, needs in EXTRAS.items() if needs <= can]


def common_values() -> dict[str, list[str]]:
    """The values (and, under "extras", the extras) every tool can express."""
    allowed: dict[str, list[str]] = {
        name: [v for v in values if all(v in values_for(w)[name] for w in TOOLS)]
        for name, values in DIMENSIONS.items()}
    allowed["extras"] = [e for e in EXTRAS if all(e in extras_for(w) for w in TOOLS)]
    return allowed


def possible(layout: Layout, writer: Writer) -> bool:
    return excluded_by(layout) is None and layout.features() <= WRITER_FEATURES[writer]


def draw_layout(rng: random.Random, writer: Writer,
                allowed: Mapping[str, Sequence[str]] | None = None) -> Layout:
    """A layout drawn uniformly per dimension from what ``writer`` can express.

    ``allowed`` narrows the values (and, under the key "extras", the extras) drawn.
    """
    choices = values_for(writer)
    extras = extras_for(writer)
    if allowed is not None:
        choices = {name: [v for v in values if v in allowed.get(name, values)] or values[:1]
                   for name, values in choices.items()}
        extras = [e for e in extras if e in allowed.get("extras", extras)]
    while True:
        picked = {name: rng.choice(values) for name, values in choices.items()}
        chosen = frozenset(e for e in extras if rng.random() < EXTRA_CHANCE)
        layout = Layout(**picked, extras=chosen, wording=rng.randrange(1_000_000))
        if excluded_by(layout) is None:
            return layout


def layouts(writer: Writer) -> Any:
    """A hypothesis strategy of the layouts ``writer`` can express."""
    from hypothesis import strategies as st

    choices = values_for(writer)
    fields = {name: st.sampled_from(values) for name, values in choices.items()}
    extras = st.frozensets(st.sampled_from(extras_for(writer)))
    return st.builds(Layout, **fields, extras=extras,
                     wording=st.integers(0, 999_999)).filter(lambda lay: excluded_by(lay) is None)


def layout_count(writer: Writer, allowed: Mapping[str, Sequence[str]] | None = None) -> int:
    """How many distinct layouts ``writer`` can express (wording aside), exclusions subtracted.

    Counted exactly by inclusion and exclusion over :data:`EXCLUDED`, depth first: a
    set of exclusions no layout meets together (two values of one dimension) adds
    nothing, nor does any set holding it, so those are never visited.
    """
    choices = values_for(writer)
    extras = extras_for(writer)
    if allowed is not None:
        choices = {n: [v for v in vs if v in allowed.get(n, vs)] for n, vs in choices.items()}
        extras = [e for e in extras if e in allowed.get("extras", extras)]
    wanted = [{name: set(value) if isinstance(value, tuple) else {value}
               for name, value in condition.items()} for condition, _ in EXCLUDED]

    def total(start: int, narrowed: dict[str, set[str]], sign: int) -> int:
        count = sign
        for values in narrowed.values():
            count *= len(values)
        for i in range(start, len(wanted)):
            further = dict(narrowed)
            for name, values in wanted[i].items():
                further[name] = further[name] & values
            if all(further[name] for name in wanted[i]):
                count += total(i + 1, further, -sign)
        return count

    return total(0, {n: set(vs) for n, vs in choices.items()}, 1) * (1 << len(extras))


def value_pairs(layouts: Sequence[Layout]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    """The pairs of dimension values (extras included) that ``layouts`` put together."""
    pairs = set()
    for layout in layouts:
        items = sorted(layout.values().items())
        pairs |= {(a, b) for i, a in enumerate(items) for b in items[i + 1:]}
    return pairs


def possible_pairs(writer: Writer,
                   allowed: Mapping[str, Sequence[str]] | None = None) -> set[
                       tuple[tuple[str, str], tuple[str, str]]]:
    """Every pair of values of two dimensions ``writer`` can put together (exclusions aside)."""
    choices: dict[str, list[str]] = dict(values_for(writer))
    if allowed is not None:
        choices = {n: [v for v in vs if v in allowed.get(n, vs)] for n, vs in choices.items()}
    extras = extras_for(writer) if allowed is None else [
        e for e in extras_for(writer) if e in allowed.get("extras", [])]
    for extra in extras:
        choices[f"extra:{extra}"] = ["no", "yes"]
    names = sorted(choices)
    pairs = set()
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            pairs |= {((a, x), (b, y)) for x in choices[a] for y in choices[b]
                      if _pair_allowed(a, x, b, y)}
    return pairs


def _pair_allowed(a: str, x: str, b: str, y: str) -> bool:
    for condition, _ in EXCLUDED:
        if len(condition) == 2 and set(condition) == {a, b}:
            want = {k: v if isinstance(v, tuple) else (v,) for k, v in condition.items()}
            if x in want[a] and y in want[b]:
                return False
    return True


def one_value_layouts(writer: Writer) -> list[tuple[str, str, Layout]]:
    """The default layout with one dimension changed, for every value ``writer`` expresses.

    A value that cannot meet one of the defaults (outcomes as paragraphs beside
    the default mapping column) comes with the first value of one other
    dimension that it can meet.
    """
    base = Layout()
    choices = values_for(writer)
    out: list[tuple[str, str, Layout]] = [("(default)", "-", base)]
    for name, values in choices.items():
        for value in values:
            if value == getattr(base, name):
                continue
            change: dict[str, Any] = {name: value}
            layout = dataclasses.replace(base, **change)
            if excluded_by(layout) is not None:
                layout = next((companion for other, others in choices.items() if other != name
                               for v in others
                               if excluded_by(companion := dataclasses.replace(
                                   layout, **{other: v})) is None), layout)
            if excluded_by(layout) is None:
                out.append((name, value, layout))
    for extra in extras_for(writer):
        out.append((f"extra:{extra}", "yes", dataclasses.replace(base, extras=frozenset({extra}))))
    for wording in (1, 2, 3):
        out.append(("wording", str(wording), dataclasses.replace(base, wording=wording)))
    return out
