"""A writer-neutral document: what a layout composes and every writer renders.

The dimension functions build these blocks; the python-docx, LibreOffice
and pandoc writers each turn them into a .docx in their own way. Keeping
the layout in one place means a layout value means the same thing for
every writer, and a writer can say exactly which features it cannot
express (:func:`features_of`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

Change = Literal["ins", "del"]
ParaStyle = Literal["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Cover"]
VMerge = Literal["restart", "continue"]

#: The Word features a document may use; writers declare the ones they can write.
Feature = Literal[
    "bold", "line-break", "title-style", "heading-3", "cover", "page-break", "bullets",
    "auto-numbering", "grid-span", "vertical-merge", "header-row", "page-header",
    "page-footer", "tracked-changes", "toc-field", "toc-simple",
    "content-control-block", "content-control-cell", "content-control-inline",
    # a tab between a label and its value ("Level<tab>5"), kept as a tab by the writer
    "tab",
]
ALL_FEATURES: frozenset[Feature] = frozenset(Feature.__args__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Text:
    """A run of text; ``change`` marks a tracked insertion or deletion."""

    text: str
    bold: bool = False
    change: Change | None = None
    #: Wrapped in an inline content control.
    control: bool = False


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (Shift+Enter in Word)."""


Inline = Text | Break


@dataclass(frozen=True)
class Num:
    """Automatic numbering: ``key`` names one list (a unit's grid), ``level`` 0 or 1."""

    key: str
    level: int
    #: "outline" numbers outcomes "1." and criteria "1.1"; "bullet" is a bulleted list.
    kind: Literal["outline", "bullet"] = "outline"


@dataclass(frozen=True)
class Para:
    inlines: tuple[Inline, ...] = ()
    style: ParaStyle = "Normal"
    num: Num | None = None
    #: Wrapped in a block-level content control.
    control: bool = False
    page_break_after: bool = False

    @property
    def text(self) -> str:
        """The text Word shows (deletions left out, breaks as new lines)."""
        return "".join("\n" if isinstance(i, Break) else i.text for i in self.inlines
                       if isinstance(i, Break) or i.change != "del")


@dataclass(frozen=True)
class Cell:
    paras: tuple[Para, ...] = (Para(),)
    span: int = 1
    merge: VMerge | None = None
    #: Wrapped in a cell-level content control.
    control: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    #: A header row, repeated on every page (w:tblHeader).
    header: bool = False

    @property
    def width(self) -> int:
        return sum(c.span for c in self.cells)


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]

    @property
    def columns(self) -> int:
        return max(r.width for r in self.rows)


@dataclass(frozen=True)
class TocEntry:
    text: str
    level: int
    page: int


@dataclass(frozen=True)
class Toc:
    """A table-of-contents field with its cached entries.

    ``simple`` writes it as one w:fldSimple paragraph (entries on lines)
    instead of a complex field over several paragraphs.
    """

    entries: tuple[TocEntry, ...]
    simple: bool = False


Block = Para | Table | Toc


@dataclass(frozen=True)
class Document:
    body: tuple[Block, ...]
    header: tuple[Para, ...] = ()
    footer: tuple[Para, ...] = ()
    #: Footer paragraphs end with a PAGE field.
    page_numbers: bool = False


# -- helpers the dimension functions use ---------------------------------------------


def para(text: str = "", *, style: ParaStyle = "Normal", bold: bool = False,
         num: Num | None = None) -> Para:
    return Para((Text(text, bold=bold),) if text else (), style=style, num=num)


def cell(*texts: str, bold: bool = False, span: int = 1) -> Cell:
    """A cell with one paragraph per text (one empty paragraph when none)."""
    paras = tuple(para(t, bold=bold) for t in texts) or (Para(),)
    return Cell(paras, span=span)


def row_spans(rows: Sequence[Row]) -> dict[tuple[int, int], int]:
    """(row, grid column) of each merge-restart cell -> how many rows it covers."""
    spans: dict[tuple[int, int], int] = {}
    starts: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        column = 0
        for c in row.cells:
            if c.merge == "restart":
                starts[column] = (r, column)
                spans[(r, column)] = 1
            elif c.merge == "continue" and column in starts:
                spans[starts[column]] += 1
            else:
                starts.pop(column, None)
            column += c.span
    return spans


def _paragraphs(document: Document) -> Iterator[Para]:
    yield from document.header
    yield from document.footer
    for block in document.body:
        if isinstance(block, Para):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for c in row.cells:
                    yield from c.paras


def newline_texts(document: Document) -> list[str]:
    """Runs holding a newline: writers disagree on them, so lines must be breaks or paragraphs."""
    return [i.text for p in _paragraphs(document) for i in p.inlines
            if isinstance(i, Text) and "\n" in i.text]


def features_of(document: Document) -> set[Feature]:
    """The features ``document`` uses, for a writer to refuse what it cannot write."""
    found: set[Feature] = set()
    if document.header:
        found.add("page-header")
    if document.footer:
        found.add("page-footer")
    for block in document.body:
        if isinstance(block, Toc):
            found.add("toc-simple" if block.simple else "toc-field")
        if isinstance(block, Table):
            for row in block.rows:
                if row.header:
                    found.add("header-row")
                for c in row.cells:
                    if c.span > 1:
                        found.add("grid-span")
                    if c.merge is not None:
                        found.add("vertical-merge")
                    if c.control:
                        found.add("content-control-cell")
    for p in _paragraphs(document):
        found |= _paragraph_features(p)
    return found


def _paragraph_features(p: Para) -> set[Feature]:
    found: set[Feature] = set()
    styles: dict[str, Feature] = {"Title": "title-style", "Heading 3": "heading-3",
                                  "Cover": "cover"}
    if p.style in styles:
        found.add(styles[p.style])
    if p.num is not None:
        found.add("bullets" if p.num.kind == "bullet" else "auto-numbering")
    if p.control:
        found.add("content-control-block")
    if p.page_break_after:
        found.add("page-break")
    for inline in p.inlines:
        if isinstance(inline, Break):
            found.add("line-break")
            continue
        if inline.bold:
            found.add("bold")
        if inline.change is not None:
            found.add("tracked-changes")
        if inline.control:
            found.add("content-control-inline")
    return found
