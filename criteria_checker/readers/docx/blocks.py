"""word/document.xml as a flat list of blocks, read in one pass with lxml.

The body becomes paragraphs and tables in document order. A paragraph keeps
its text (insertions accepted, deletions, moved-away and hidden text
dropped, tabs as spaces, line breaks as new lines), heading level, list
membership and the number Word displays for it. A table keeps its rows; a row keeps its cells
with their grid column, span and vertical-merge state, so that a merged
learning-outcome cell can be told from an empty one. Content controls and
custom XML wrappers are looked through. A table used as a frame (one column,
holding other tables) is read as the blocks inside it; any other nested
table is read into its cell as extra paragraphs. Text boxes are read as
paragraphs following the one that anchors them.

Why the walk is shaped as it is (bench/bench_docx_read.py compares reading
with lxml's parse of the same XML, and the walk is the largest part of it):

- The body is walked with a single ``iter()`` over the few tags the reader
  needs, filtered in C, and structure is recovered from element identity
  (``getparent() is``). Visiting each element's children from Python, or
  ``find()`` (a Python-level path search), costs several times more. An XSLT
  stylesheet or XPath expressions flattening the body in C were measured
  too: libxslt takes as long as the parse itself (each ``select`` is an
  XPath evaluation, and there are several per cell), and every XPath pass is
  another traversal of the whole tree, which for Word's markup-dense files
  costs a quarter of the parse.
- The state of the table, row and cell being read lives in local variables
  of the loop; the rarer cases (wrappers, nested and frame tables, merged
  cells) are methods that work on the walker's attributes, and the loop
  copies its locals out before calling them and back in after.
- A cell is created when its ``w:tc`` is met and mutated by the properties
  that follow (``gridSpan``, ``vMerge``), as Word writes them first.
- Whether the tree needs :func:`_simplify` (text boxes, Markup Compatibility
  fallbacks, moved-away text, tracked property changes) is learnt from the
  walk itself: those tags are among the ones iterated, and meeting one stops
  the walk, which starts again on the simplified tree. Searching the
  document's bytes for them instead took a millisecond per word on a large
  file, for every file; the restart costs only the rare file that has them.
- Likewise numbering.xml is parsed when the walk meets the first ``w:numPr``
  (or up front when the styles use numbering), not after a search of the
  bytes.

Paths are XPath-like positions ("/w:document/w:body/w:tbl[7]/w:tr[3]") and
tables are numbered 1, 2, ... in document order, nested ones included.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.readers.docx.numbering import BULLET, Numbering, Styles

if TYPE_CHECKING:
    from lxml import etree

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE = 0, 1, 2

_OFF = ("0", "false", "off")
#: Characters that show nothing: zero-width spaces and joiners (Word's "no-width optional
#: break" and "no-width non break", which authors put inside long references so that a
#: narrow column wraps them), the word joiner, a stray byte-order mark, a soft hyphen.
#: Text reads as though they were not there.
_INVISIBLE = regex("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass(slots=True)
class Para:
    """One paragraph: text, style facts and the number Word shows (None if none)."""

    text: str
    heading: int | None = None
    listed: bool = False
    #: The number Word shows before it; None for none and for a bullet.
    number: str | None = None
    style_bold: bool = False
    path: str = ""
    element: etree._Element | None = field(default=None, repr=False)
    #: Not a paragraph but content embedded as another format (w:altChunk: HTML,
    #: RTF, another document), which Word converts only when it opens the file.
    embedded: bool = False
    #: For embedded content: how many tables come before it (numbering its own after them).
    tables_before: int = 0
    #: The bullet Word shows before it (numbering.BULLET once per list level), if any.
    bullet: str | None = None
    #: Not a paragraph but an object another program shows (w:object): the program's
    #: name for it ("Excel.Sheet.12"), "" when it gives none.
    embedded_object: str | None = None


@dataclass(slots=True)
class Cell:
    """One table cell placed on the table grid.

    ``texts`` are its non-empty paragraphs (nested tables' paragraphs
    included); ``numbers`` the automatic number shown before each (a bullet
    as numbering.BULLET once per list level), or None when no paragraph of
    the cell is numbered or bulleted.
    """

    texts: list[str]
    col: int
    span: int = 1
    merge: int = MERGE_NONE
    numbers: list[str | None] | None = None

    @property
    def text(self) -> str:
        texts = self.texts
        return texts[0] if len(texts) == 1 else "\n".join(texts)

    @property
    def shows_figures(self) -> bool:
        """Whether Word numbers some paragraph of the cell (a bullet is no number)."""
        numbers = self.numbers
        return numbers is not None and any(figure(n) for n in numbers)

    def lines(self) -> list[tuple[str, str | None]]:
        """(text, automatic number) for each paragraph."""
        numbers = self.numbers
        if numbers is None:
            return [(text, None) for text in self.texts]
        return list(zip(self.texts, numbers, strict=True))


@dataclass(slots=True)
class Row:
    """One table row: its cells placed on the grid, its number and path."""

    cells: list[Cell]
    number: int
    table_path: str
    repeat_header: bool = False
    path_override: str | None = None

    @property
    def path(self) -> str:
        return self.path_override or f"{self.table_path}/w:tr[{self.number}]"


@dataclass(slots=True)
class Table:
    """One table: its rows, its number in document order and its path."""

    rows: list[Row]
    number: int
    path: str

    @property
    def width(self) -> int:
        # A row's cells run left to right, so its last cell reaches furthest.
        return max((r.cells[-1].col + r.cells[-1].span for r in self.rows if r.cells), default=0)


Block = Para | Table


def figure(number: str | None) -> str | None:
    """An automatic number as shown, or None for none and for a bullet."""
    return None if not number or number[:1] == BULLET else number


def read_blocks(root: etree._Element, ns: str, styles: Styles,
                numbering: Numbering) -> list[Block]:
    """The body of a parsed word/document.xml as blocks."""
    blocks = _Walker(ns, styles, numbering).walk(root, simplified=False)
    if blocks is None:
        # The walk met something _simplify rewrites: simplify, then read afresh.
        _simplify(root, ns)
        numbering.restart()
        blocks = _Walker(ns, styles, numbering).walk(root, simplified=True)
        assert blocks is not None
    return blocks


def _special_tags(ns: str) -> tuple[str, ...]:
    """The tags :func:`_simplify` acts on."""
    w = f"{{{ns}}}"
    return (f"{{{MC_NS}}}Fallback", f"{w}moveFrom", f"{w}pPrChange", f"{w}rPrChange",
            f"{w}tcPrChange", f"{w}trPrChange", f"{w}tblPrChange", f"{w}vanish",
            f"{w}txbxContent")


def _simplify(root: etree._Element, ns: str) -> None:
    """Drop what is not the document's current text; lift text boxes out of their runs.

    Removed: Markup Compatibility fallbacks (the preferred choice is kept),
    moved-away text, hidden text, and the old properties recorded by tracked
    formatting changes. Text box content is moved to just after the paragraph anchoring
    it, so that it reads as the paragraphs it is.
    """
    w = f"{{{ns}}}"
    special = _special_tags(ns)
    vanish = f"{w}vanish"
    shown = (f"{w}t", f"{w}tab", f"{w}br", f"{w}cr", f"{w}sym", f"{w}noBreakHyphen")
    for mark in list(root.iter(vanish)):
        # Hidden text (a run's w:vanish): Word shows none of it. Only the run's text goes,
        # so that the tree keeps every paragraph, table and text box it had.
        props = mark.getparent()
        run = props.getparent() if props is not None else None
        if run is not None and run.tag == f"{w}r" and mark.get(f"{w}val") not in _OFF:
            for child in list(run.iterchildren(*shown)):
                run.remove(child)
    doomed = [el for el in root.iter(*special[:-1]) if el.tag != vanish]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for box in list(root.iter(special[-1])):
        anchor = next(box.iterancestors(f"{w}p"), None)
        if anchor is None:
            continue
        for child in reversed(list(box)):
            anchor.addnext(child)


class _Walker:
    """The single pass over the body; see the module docstring."""

    def __init__(self, ns: str, styles: Styles, numbering: Numbering) -> None:
        w = f"{{{ns}}}"
        self.w = w
        self.ns = ns
        self.styles = styles
        self.numbering = numbering
        self.val = f"{w}val"
        self.P, self.TBL, self.TR, self.TC = f"{w}p", f"{w}tbl", f"{w}tr", f"{w}tc"
        self.BODY = f"{w}body"
        self.tables = 0
        self.blocks: list[Block] = []
        # The table, row and cell being read (mirrored in locals of walk()).
        self.table_el: etree._Element | None = None
        self.table: Table | None = None
        self.row_el: etree._Element | None = None
        self.row: Row | None = None
        self.cell_el: etree._Element | None = None
        self.cell: Cell | None = None
        self.col = 0

    def walk(self, root: etree._Element, *, simplified: bool) -> list[Block] | None:
        """The blocks, or None when the tree must be simplified first."""
        w = self.w
        body = root.find(f"{w}body")
        if body is None:
            return []
        P, TBL, TR, TC = self.P, self.TBL, self.TR, self.TC
        T, TAB, BR, CR, NBH = f"{w}t", f"{w}tab", f"{w}br", f"{w}cr", f"{w}noBreakHyphen"
        SYM = f"{w}sym"
        PSTYLE, NUMPR, NUMID, ILVL = f"{w}pStyle", f"{w}numPr", f"{w}numId", f"{w}ilvl"
        OUTLINE, SPAN, VMERGE, HMERGE = f"{w}outlineLvl", f"{w}gridSpan", f"{w}vMerge", \
            f"{w}hMerge"
        HEADER, BEFORE = f"{w}tblHeader", f"{w}gridBefore"
        TABS, ALT, OBJECT = f"{w}tabs", f"{w}altChunk", f"{w}object"
        special = frozenset(() if simplified else _special_tags(self.ns))
        val = self.val
        self.body = body
        self.body_like: set[etree._Element] = {body}
        self.body_counts: dict[etree._Element, list[int]] = {}
        numbering = self.numbering
        finish = self._finish
        # The paragraph being read. Most of a document is cell paragraphs
        # without properties; their end is handled inline below.
        parts: list[str] = []
        style_id: str | None = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        p_el: etree._Element | None = None
        in_cell: Cell | None = None
        body_path = ""
        # Mirrors of self.table_el, self.table, ... (see the module docstring).
        table_el: etree._Element | None = None
        row_el: etree._Element | None = None
        cell_el: etree._Element | None = None
        table: Table | None = None
        rows: list[Row] = []
        row: Row | None = None
        cells: list[Cell] = []
        cell: Cell | None = None
        col = 0

        for el in body.iter(P, TC, T, TR, TBL, VMERGE, SPAN, PSTYLE, NUMPR, NUMID, ILVL, TAB,
                            BR, CR, NBH, OUTLINE, HMERGE, HEADER, BEFORE, ALT, SYM, OBJECT,
                            *special):
            tag = el.tag
            if tag == T:
                parts.append(el.text or "")
                continue
            if tag in (P, TC, TR, TBL, ALT):
                if p_el is not None:
                    if in_cell is not None and style_id is None and num_id is None:
                        # (Unlike _finish, a new line inside a w:t is a space here.)
                        text = "".join(parts)
                        if not text.isascii():
                            text = _visible(text)
                        text = " ".join(text.split()) if "\n" not in parts \
                            else _clean_lines(text)
                        if text:
                            in_cell.texts.append(text)
                            if in_cell.numbers is not None:
                                in_cell.numbers.append(None)
                    else:
                        finish(p_el, in_cell, body_path, parts, style_id, num_id, ilvl, outline)
                    p_el = None
                if tag == P:
                    parts = []
                    style_id = num_id = None
                    ilvl = outline = None
                    p_el = el
                    if cell_el is not None and el.getparent() is cell_el:
                        in_cell = cell
                        continue
                    self.row_el, self.row, self.cell_el, self.cell = row_el, row, cell_el, cell
                    self.col = col
                    in_cell, body_path = self._place_para(el)
                    if in_cell is None and not body_path:
                        p_el = None
                elif tag == TC:
                    if row_el is not None and el.getparent() is row_el:
                        cell = Cell([], col)
                        cells.append(cell)
                        cell_el = el
                        col += 1
                        continue
                    self.row_el, self.row, self.cell_el, self.cell = row_el, row, cell_el, cell
                    self.col = col
                    self._start_cell(el)
                elif tag == ALT:
                    # After the paragraph before it has been finished: blocks keep their order.
                    self.blocks.append(Para("", path=_path_of(el, body), element=el,
                                            embedded=True, tables_before=self.tables))
                    continue
                elif tag == TR:
                    if table_el is not None and el.getparent() is table_el:
                        row = Row([], len(rows) + 1, table.path)  # type: ignore[union-attr]
                        rows.append(row)
                        cells = row.cells
                        row_el = el
                        cell_el = cell = None
                        col = 0
                        continue
                    self.row_el, self.row, self.cell_el, self.cell = row_el, row, cell_el, cell
                    self.col = col
                    self._start_row(el)
                else:
                    self.row_el, self.row, self.cell_el, self.cell = row_el, row, cell_el, cell
                    self.col = col
                    self._start_table(el)
                # Back from a method: reload the mirrors.
                table_el, table, row_el, row = self.table_el, self.table, self.row_el, self.row
                cell_el, cell, col = self.cell_el, self.cell, self.col
                rows = table.rows if table is not None else []
                cells = row.cells if row is not None else []
            elif tag in (VMERGE, SPAN, HMERGE):
                owner = el.getparent()
                if cell is None or owner is None or owner.getparent() is not cell_el:
                    continue
                if tag == VMERGE:
                    cell.merge = MERGE_RESTART if el.get(val) == "restart" else MERGE_CONTINUE
                elif tag == SPAN:
                    width = max(_int(el.get(val)) or 1, 1)
                    col += width - cell.span
                    cell.span = width
                elif el.get(val) != "restart" and len(cells) > 1:
                    # Legacy horizontal merge: this cell widens the one before it.
                    cells.pop()
                    cells[-1].span += cell.span
                    cell = cells[-1]
            elif tag == PSTYLE:
                style_id = el.get(val)
            elif tag == NUMID:
                num_id = el.get(val)
            elif tag == ILVL:
                ilvl = _int(el.get(val))
            elif tag == NUMPR:
                numbering.load()
            elif tag == TAB:
                if el.getparent().tag != TABS:  # type: ignore[union-attr]
                    parts.append(" ")
            elif tag in (BR, CR):
                parts.append("\n")
            elif tag == NBH:
                parts.append("-")
            elif tag == SYM:
                parts.append(symbol_text(el.get(f"{w}font"), el.get(f"{w}char")))
            elif tag == OUTLINE:
                outline = _int(el.get(val))
            elif tag in (HEADER, BEFORE):
                owner = el.getparent()
                if row is None or owner is None or owner.getparent() is not row_el:
                    continue
                if tag == HEADER:
                    row.repeat_header = el.get(val) not in _OFF
                elif not cells:
                    col = _int(el.get(val)) or 0
            elif tag == OBJECT:
                # An object another program shows (an Excel worksheet pasted as one): its
                # content is no text of the document's.
                self.blocks.append(Para("", path=_path_of(el, body), element=el,
                                        embedded_object=_object_program(el),
                                        tables_before=self.tables))
            else:
                return None  # one of the special tags: simplify first
        if p_el is not None:
            finish(p_el, in_cell, body_path, parts, style_id, num_id, ilvl, outline)
        return self.blocks

    # -- paragraphs ------------------------------------------------------------

    def _place_para(self, p: etree._Element) -> tuple[Cell | None, str]:
        """Where a paragraph outside the current cell goes: (a cell, "") or (None, its path).

        (None, "") means nowhere (a paragraph in a row with no cell).
        """
        parent = p.getparent()
        if parent in self.body_like:
            self._end_table()
            return None, self._body_path(p, parent)
        container = self._container_of(p)
        if container in self.body_like:
            self._end_table()
            return None, _path_of(p, self.body)
        # A nested table, content control or text box inside the current cell.
        return self.cell, ""

    def _finish(self, p: etree._Element, cell: Cell | None, path: str, parts: list[str],
                style_id: str | None, num_id: str | None, ilvl: int | None,
                outline: int | None) -> None:
        text = "".join(parts)
        if not text.isascii():
            text = _visible(text)
        text = " ".join(text.split()) if "\n" not in text else _clean_lines(text)
        info = self.styles.info(style_id)
        if num_id is None:
            num_id = info.num_id
            if ilvl is None:
                ilvl = info.ilvl
        listed = num_id is not None and num_id != "0"
        number = self.numbering.label(num_id, ilvl or 0) if listed else None  # type: ignore[arg-type]
        if cell is not None:
            if not text:
                if number is None or number[:1] == BULLET:
                    return
                # An automatic number in a cell of its own ("1.1" beside the
                # criterion's text): the number is the cell's content.
                text, number = number, None
            if number is not None and cell.numbers is None:
                cell.numbers = [None] * len(cell.texts)
            cell.texts.append(text)
            if cell.numbers is not None:
                cell.numbers.append(number)
            return
        heading = info.heading
        if outline is not None:
            heading = outline + 1 if 0 <= outline < 9 else None
        bullet = None
        if number is not None and number[:1] == BULLET:
            bullet, number = number, None
        self.blocks.append(Para(text, heading, listed, number, info.bold, path, p,
                                bullet=bullet))

    def _body_path(self, element: etree._Element, parent: etree._Element) -> str:
        counts = self.body_counts.get(parent)
        if counts is None:
            counts = self.body_counts[parent] = [0, 0]
        index = 0 if element.tag == self.P else 1
        counts[index] += 1
        prefix = "/w:document/w:body" if parent is self.body else _path_of(parent, self.body)
        return f"{prefix}/w:{'p' if index == 0 else 'tbl'}[{counts[index]}]"

    def _container_of(self, element: etree._Element) -> etree._Element | None:
        """The nearest enclosing cell or body (for elements inside content controls)."""
        return next(element.iterancestors(self.TC, self.BODY), None)

    # -- tables ------------------------------------------------------------------

    def _start_table(self, tbl: etree._Element) -> None:
        self.tables += 1
        parent = tbl.getparent()
        top = parent in self.body_like or self._container_of(tbl) in self.body_like
        if not top:
            return  # nested in a cell: its paragraphs join that cell
        self._end_table()
        path = (self._body_path(tbl, parent) if parent is not None and parent in self.body_like
                else _path_of(tbl, self.body))
        if _is_frame(tbl, self.TBL, self.TR, self.TC):
            # A layout frame: its cells hold blocks, as the body does.
            self.body_like.update(tc for tr in tbl.iterchildren(self.TR)
                                  for tc in tr.iterchildren(self.TC))
            return
        self.table_el = tbl
        self.table = Table(rows=[], number=self.tables, path=path)
        self.blocks.append(self.table)

    def _end_table(self) -> None:
        self.table_el = self.table = None
        self.row_el = self.row = None
        self.cell_el = self.cell = None

    def _start_row(self, tr: etree._Element) -> None:
        table = self.table
        if table is None:
            return
        parent = tr.getparent()
        if parent is not self.table_el and next(tr.iterancestors(self.TBL), None) \
                is not self.table_el:
            return  # a row of a nested table
        number = len(table.rows) + 1
        row = Row(cells=[], number=number, table_path=table.path,
                  path_override=None if parent is self.table_el else _path_of(tr, self.body))
        table.rows.append(row)
        self.row_el, self.row = tr, row
        self.cell_el = self.cell = None
        self.col = 0

    def _start_cell(self, tc: etree._Element) -> None:
        row = self.row
        if row is None:
            return
        if tc.getparent() is not self.row_el and next(tc.iterancestors(self.TR), None) \
                is not self.row_el:
            return  # a cell of a nested table
        cell = Cell([], self.col)
        row.cells.append(cell)
        self.cell_el, self.cell = tc, cell
        self.col += 1


def _is_frame(tbl: etree._Element, tbl_tag: str, tr_tag: str, tc_tag: str) -> bool:
    """A one-column table holding tables: a layout frame, not data."""
    # The shape first: looking for a nested table walks the whole table.
    if not all(sum(1 for _ in tr.iterchildren(tc_tag)) == 1
               for tr in tbl.iterchildren(tr_tag)):
        return False
    return next(tbl.iterdescendants(tbl_tag), None) is not None


#: Characters of symbol fonts Word inserts with Insert > Symbol (a w:sym, no text), as
#: Unicode: ticks and crosses of tick matrices above all. Fonts and codes as Word stores
#: them (codes in the private-use range F000-F0FF).
_SYMBOLS = {
    "wingdings": {0xFC: "\u2713", 0xFB: "\u2717", 0xFE: "\u2611", 0xFD: "\u2612",
                  0xA8: "\u2610", 0x6F: "\u25a1", 0x6C: "\u25cf", 0x6E: "\u25a0",
                  0x9F: "\u2022", 0xA7: "\u25aa"},
    "wingdings 2": {0x50: "\u2713", 0x4F: "\u2717", 0x52: "\u2611", 0x54: "\u2612",
                    0xA3: "\u2610", 0x51: "\u2612"},
    "symbol": {0xD6: "\u221a", 0xB7: "\u2022", 0xB4: "\u00d7"},
}


def symbol_text(font: str | None, char: str | None) -> str:
    """The character a w:sym shows, as Unicode where the font's character is known."""
    try:
        code = int(char or "", 16)
    except ValueError:
        return ""
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    known = _SYMBOLS.get((font or "").strip().casefold())
    if known is not None:
        return known.get(low, "\ufffd")  # a symbol with no Unicode twin: a mark, not a letter
    return chr(low) if 0x20 <= low <= 0x10FFFF and not 0xD800 <= low <= 0xDFFF else ""


#: Where an embedded object names the program that shows it (VML's OLE element).
_OLE = "{urn:schemas-microsoft-com:office:office}OLEObject"


def _object_program(element: etree._Element) -> str:
    """The program an embedded object is for ("Excel.Sheet.12"), or "" when unnamed."""
    ole = next(element.iter(_OLE), None)
    return (ole.get("ProgID") or "") if ole is not None else ""


def _path_of(element: etree._Element, body: etree._Element) -> str:
    """An XPath-like position of ``element`` below the body (for the rarer wrapped elements)."""
    steps: list[str] = []
    current: etree._Element | None = element
    while current is not None and current is not body:
        tag = str(current.tag)
        local = tag.rpartition("}")[2]
        prefix = "mc" if tag.startswith(f"{{{MC_NS}}}") else "w"
        index = 1 + sum(1 for _ in current.itersiblings(current.tag, preceding=True))
        steps.append(f"{prefix}:{local}[{index}]")
        current = current.getparent()
    return "/w:document/w:body/" + "/".join(reversed(steps))


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def collapsed_text(text: str) -> str:
    """``text`` as one line as it shows: spaces collapsed, invisible characters gone."""
    return " ".join((text if text.isascii() else _visible(text)).split())


def _visible(text: str) -> str:
    """``text`` without the characters that show nothing (see _INVISIBLE)."""
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) is not None else text


def _clean_lines(text: str) -> str:
    """Collapse spaces within each line; keep line breaks; drop empty lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def is_bold(para: Para, ns: str) -> bool:
    """True when every run with text in the paragraph is bold (directly or by style)."""
    if para.element is None:
        return False
    w = f"{{{ns}}}"
    runs = 0
    for run in para.element.iter(f"{w}r"):
        if not "".join(str(t) for t in run.itertext(f"{w}t")).strip():
            continue
        runs += 1
        if not _run_bold(run, w, para.style_bold):
            return False
    return runs > 0


def bold_label(para: Para, ns: str) -> tuple[str, str] | None:
    """('GLH', '480') from a paragraph whose leading bold runs are a label: "**GLH** 480".

    Many house styles set a key fact's label in bold and its value in plain
    text, with no colon between them.
    """
    if para.element is None:
        return None
    w = f"{{{ns}}}"
    label: list[str] = []
    value: list[str] = []
    for run in para.element.iter(f"{w}r"):
        text = "".join(t.text or "" for t in run.iter(f"{w}t"))
        if value or (text.strip() and not _run_bold(run, w, para.style_bold)):
            value.append(text)
        else:
            label.append(text)
    name = collapsed_text("".join(label)).rstrip(":").strip()
    stated = collapsed_text("".join(value)).lstrip(":").strip()
    if not name or not stated or len(name.split()) > 8:
        return None
    return name, stated


def set_apart_label(para: Para, ns: str) -> tuple[str, str] | None:
    """A label set apart from its value by bold (see :func:`bold_label`) or by a tab:
    "Level<tab>5", as house styles align their facts on a tab stop (the text keeps
    tabs as spaces, so "Level 5" alone would not tell the label from the value)."""
    return bold_label(para, ns) or _tab_label(para, ns)


def _tab_label(para: Para, ns: str) -> tuple[str, str] | None:
    if para.element is None or "\n" in para.text:
        return None
    w = f"{{{ns}}}"
    tab, text = f"{w}tab", f"{w}t"
    label: list[str] = []
    value: list[str] | None = None
    for node in para.element.iter(text, tab):
        if node.tag == tab:
            if value is None and "".join(label).strip():
                value = []
            elif value is not None:
                value.append(" ")
        elif value is None:
            label.append(node.text or "")
        else:
            value.append(node.text or "")
    if value is None:
        return None
    name = collapsed_text("".join(label)).rstrip(":").strip()
    stated = collapsed_text("".join(value))
    if not name or not stated or len(name.split()) > 8:
        return None
    return name, stated


def _run_bold(run: etree._Element, w: str, style_bold: bool) -> bool:
    bold = run.find(f"{w}rPr/{w}b")
    if bold is None:
        return style_bold
    return bold.get(f"{w}val") not in _OFF
