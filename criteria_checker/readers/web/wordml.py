"""A parsed web page as the WordprocessingML Word makes of it when it opens the page.

What Word's own import does is the reference, so that a page reads as the
document an author sees after opening it:

- block elements become paragraphs: ``h1``-``h6`` with their outline level,
  a paragraph of class "Title" or "MsoTitle" in the Title style;
- ``ol``/``ul`` items become list paragraphs numbered as the browser shows
  them (``type`` and ``start`` kept; a nested list is the next level);
- a ``table`` becomes a table whose ``colspan`` and ``rowspan`` are grid
  spans and vertical merges, and whose ``thead`` rows repeat as headers;
- ``b``, ``strong``, ``th`` and a bold ``font-weight`` make bold runs (a
  house style may mark a label or knowledge criteria by bold alone); ``br``
  is a line break;
- text directly inside an element that also holds blocks (a ``div`` with
  text and paragraphs, a cell with text and a list) becomes paragraphs of
  its own, as in Word; the head, scripts and styles are not content.

The result is read by the DOCX reader's own walk, so nested tables, layout
frames, numbering and bold labels are read as in any document. Nesting
deeper than :data:`MAX_DEPTH` is read as the text it holds: libxml2 already
stops a page at 255 levels, and this keeps the converter's recursion well
inside Python's.
"""

from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from criteria_checker.compiled_cache import regex
from criteria_checker.readers.docx.numbering import W_MAIN

#: Elements below this depth are read as their text.
MAX_DEPTH = 100
#: Widest column span and longest row span taken from a page (a typo of 10000 is not a grid).
MAX_SPAN = 64
MAX_ROW_SPAN = 10_000

_SKIP = frozenset({"head", "script", "style", "template", "title", "meta", "link", "xml",
                   "iframe", "object", "embed", "svg", "math", "canvas", "select", "noscript",
                   "button", "input", "textarea", "map", "audio", "video"})
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "body", "caption", "center",
                     "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
                     "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                     "hgroup", "hr", "html", "legend", "li", "main", "nav", "p", "pre",
                     "section", "summary"})
_LISTS = frozenset({"ol", "ul", "dir", "menu"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LIST_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
                 "I": "upperRoman"}
_TITLE_CLASSES = frozenset({"title", "msotitle"})
#: LibreOffice writes page headers and footers into a page as divs so titled.
_PAGE_FURNITURE = ("header", "footer")
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_SPACES = regex(r"[ \t\r\n\f]+")
#: Characters XML 1.0 cannot hold, which an HTML page may still carry as references.
_NOT_XML = regex("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WEIGHT = regex(r"(?i)font-weight\s*:\s*([a-z]+|[0-9]+)")
_DIGITS = regex(r"\s*([0-9]{1,6})")
#: A class rule of a style sheet: ".c1{font-weight:700}" (Google Docs marks bold so).
_CLASS_RULE = regex(r"\.([A-Za-z_][A-Za-z0-9_-]{0,60})\s*\{([^{}]{0,2000})\}")


class _Props(NamedTuple):
    """What the next paragraph opened is: heading level, style, list (numId, level)."""

    outline: int | None = None
    style: str | None = None
    listed: tuple[str, int] | None = None


class Converted(NamedTuple):
    """A page as Word would hold it."""

    #: The ``w:document`` element.
    document: etree._Element
    #: numbering.xml for its lists.
    numbering: bytes
    #: The paragraphs of page headers written into the page (LibreOffice's
    #: ``<div title="header">``), which Word keeps apart from the body.
    page_headers: list[str]


def page_to_wordml(root: etree._Element) -> Converted:
    """The page as WordprocessingML."""
    converter = _Converter(_bold_classes(root))
    converter.visit(root, bold=False, depth=0)
    converter.close()
    return Converted(converter.document, converter.numbering_xml(), converter.page_headers)


class _Converter:
    def __init__(self, weights: dict[str, bool]) -> None:
        #: Class -> bold or not, from the page's style sheets.
        self.weights = weights
        w = f"{{{W_MAIN}}}"
        self.w = w
        self.document = etree.Element(f"{w}document", nsmap={"w": W_MAIN})
        self.container = etree.SubElement(self.document, f"{w}body")
        self.para: etree._Element | None = None
        self.pending: _Props | None = None
        #: The lists open around the element being read, innermost last: their numIds.
        self.lists: list[str] = []
        #: Every list met: (numId, format, start, level).
        self.numbered: list[tuple[str, str, int, int]] = []
        self.pre = 0
        self.page_headers: list[str] = []
        #: Definitions already read with their terms.
        self.joined: set[etree._Element] = set()

    # -- elements ------------------------------------------------------------------

    def visit(self, el: etree._Element, *, bold: bool, depth: int) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return  # a comment or processing instruction the parser kept
        tag = tag.rpartition("}")[2].lower()
        if tag in _SKIP:
            return
        if tag == "div" and el.get("title") in _PAGE_FURNITURE:
            # A page header or footer written into the page: not body text.
            if el.get("title") == "header":
                texts = (" ".join("".join(map(str, para.itertext())).split())
                         for para in el.iter("p"))
                self.page_headers += [text for text in texts if text]
            return
        bold = self.bold(el, tag, bold)
        if depth > MAX_DEPTH:
            self.text(" ".join(str(t) for t in el.itertext()), bold=bold)
            return
        if tag == "br":
            self.line_break()
        elif tag == "dt" and (value := _plain_value(el)) is not None:
            # A term and its definition, as a key fact ("GLH" / "480"): one line,
            # "GLH: 480", as a reader of the page takes them.
            self.close()
            self.content(el, bold=bold, depth=depth)
            label = "".join(str(t) for t in el.itertext()).strip()
            self.text(" " if label.endswith(":") else ": ", bold=bold)
            self.content(value, bold=self.bold(value, "dd", bold), depth=depth)
            self.close()
            self.joined.add(value)
        elif el in self.joined:
            return
        elif tag == "table":
            self.close()
            self.table(el, bold=bold, depth=depth)
        elif tag in _LISTS:
            self.close()
            self.list(el, ordered=tag == "ol", bold=bold, depth=depth)
        elif tag in _BLOCKS:
            self.close()
            props = _props(el, tag)
            if props is not None:
                self.pending = props
            self.pre += tag == "pre"
            self.content(el, bold=bold, depth=depth)
            self.pre -= tag == "pre"
            self.close()
            if props is not None:
                self.pending = None
        else:
            self.content(el, bold=bold, depth=depth)

    def content(self, el: etree._Element, *, bold: bool, depth: int) -> None:
        if el.text:
            self.text(el.text, bold=bold)
        for child in el:
            self.visit(child, bold=bold, depth=depth + 1)
            if child.tail:
                self.text(child.tail, bold=bold)

    def list(self, el: etree._Element, *, ordered: bool, bold: bool, depth: int) -> None:
        level = min(len(self.lists), 8)
        num_id = str(len(self.numbered) + 1)
        kind = el.get("type") or "1"
        fmt = _LIST_FORMATS.get(kind, _LIST_FORMATS.get(kind.strip(), "decimal")) \
            if ordered else "bullet"
        start = _DIGITS.match(el.get("start") or "")
        self.numbered.append((num_id, fmt, int(start.group(1)) if start else 1, level))
        self.lists.append(num_id)
        if el.text:
            self.text(el.text, bold=bold)
        for child in el:
            if isinstance(child.tag, str) and child.tag.rpartition("}")[2].lower() == "li" \
                    and depth < MAX_DEPTH:
                self.close()
                self.pending = _Props(listed=(num_id, level))
                self.content(child, bold=self.bold(child, "li", bold), depth=depth + 1)
                if self.pending is not None:
                    # An empty item still shows its number: in a column of its own,
                    # beside the text it numbers, the number is the cell's content.
                    self.open()
                self.close()
                self.pending = None
            else:
                self.visit(child, bold=bold, depth=depth + 1)
            if child.tail:
                self.text(child.tail, bold=bold)
        self.lists.pop()

    # -- tables --------------------------------------------------------------------

    def table(self, el: etree._Element, *, bold: bool, depth: int) -> None:
        w = self.w
        rows: list[tuple[etree._Element, bool]] = []
        for child in el:
            tag = child.tag.rpartition("}")[2].lower() if isinstance(child.tag, str) else ""
            if tag == "tr":
                rows.append((child, False))
            elif tag in _ROW_GROUPS:
                rows += [(tr, tag == "thead") for tr in child
                         if isinstance(tr.tag, str) and tr.tag.rpartition("}")[2].lower() == "tr"]
            elif tag == "caption":
                self.visit(child, bold=bold, depth=depth + 1)
                self.close()
        if not rows:
            return
        tbl = etree.SubElement(self.container, f"{w}tbl")
        #: Column -> (span, rows still to cover) of the cells merged down from rows above.
        below: dict[int, tuple[int, int]] = {}
        for number, (tr, header) in enumerate(rows):
            cells = [td for td in tr if isinstance(td.tag, str)
                     and td.tag.rpartition("}")[2].lower() in ("td", "th")]
            if not cells and not below:
                continue
            row = etree.SubElement(tbl, f"{w}tr")
            if header:
                etree.SubElement(etree.SubElement(row, f"{w}trPr"), f"{w}tblHeader")
            started: dict[int, tuple[int, int]] = {}
            col = 0
            for td in cells:
                while col in below:
                    col += self._empty_cell(row, below[col][0], merge=True)
                span = _span(td.get("colspan"), MAX_SPAN)
                rowspan = td.get("rowspan")
                # rowspan="0" is HTML's "to the end of the table".
                down = len(rows) - number if (rowspan or "").strip() == "0" else \
                    min(_span(rowspan, MAX_ROW_SPAN), len(rows) - number)
                self.cell(row, td, span=span, merge="restart" if down > 1 else None,
                          bold=bold, depth=depth)
                if down > 1:
                    started[col] = (span, down - 1)
                col += span
            for at in sorted(c for c in below if c >= col):
                while col < at:  # a short row before a cell merged down from above
                    col += self._empty_cell(row, 1, merge=False)
                col += self._empty_cell(row, below[at][0], merge=True)
            below = {c: (s, left - 1) for c, (s, left) in below.items() if left > 1}
            below.update(started)

    def _empty_cell(self, row: etree._Element, span: int, *, merge: bool) -> int:
        """Add a cell with no text (continuing a merge from above, if ``merge``); its span."""
        w = self.w
        tc = etree.SubElement(row, f"{w}tc")
        if span > 1 or merge:
            props = etree.SubElement(tc, f"{w}tcPr")
            if span > 1:
                etree.SubElement(props, f"{w}gridSpan").set(f"{w}val", str(span))
            if merge:
                etree.SubElement(props, f"{w}vMerge")
        etree.SubElement(tc, f"{w}p")
        return span

    def cell(self, row: etree._Element, td: etree._Element, *, span: int, merge: str | None,
             bold: bool, depth: int) -> None:
        w = self.w
        tc = etree.SubElement(row, f"{w}tc")
        if span > 1 or merge:
            props = etree.SubElement(tc, f"{w}tcPr")
            if span > 1:
                etree.SubElement(props, f"{w}gridSpan").set(f"{w}val", str(span))
            if merge:
                etree.SubElement(props, f"{w}vMerge").set(f"{w}val", merge)
        outer = self.container, self.para, self.pending, self.lists
        self.container, self.para, self.pending, self.lists = tc, None, None, []
        tag = str(td.tag).rpartition("}")[2].lower()
        self.content(td, bold=self.bold(td, tag, bold), depth=depth + 1)
        self.close()
        if not len(tc) or (len(tc) == 1 and tc[0].tag == f"{w}tcPr"):
            etree.SubElement(tc, f"{w}p")  # Word requires a cell to hold a paragraph
        self.container, self.para, self.pending, self.lists = outer

    def bold(self, el: etree._Element, tag: str, bold: bool) -> bool:
        """Whether the text of ``el`` is bold, inside text that is ``bold`` or not."""
        if tag in ("b", "strong", "th"):
            bold = True
        if self.weights:
            for name in (el.get("class") or "").split():
                weight = self.weights.get(name)
                if weight is not None:
                    bold = weight
        style = el.get("style")
        if style:
            weight = _weight(style)
            if weight is not None:
                bold = weight
        return bold

    # -- text ----------------------------------------------------------------------

    def text(self, text: str, *, bold: bool) -> None:
        if not self.pre:
            text = _SPACES.sub(" ", text)
        if self.para is None and not text.strip():
            return
        text = _NOT_XML.sub("", text)
        w = self.w
        para = self.open()
        lines = text.split("\n") if self.pre else [text]
        for i, line in enumerate(lines):
            run = etree.SubElement(para, f"{w}r")
            if bold:
                etree.SubElement(etree.SubElement(run, f"{w}rPr"), f"{w}b")
            if i:
                etree.SubElement(run, f"{w}br")
            if line:
                t = etree.SubElement(run, f"{w}t")
                t.text = line
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def line_break(self) -> None:
        w = self.w
        etree.SubElement(etree.SubElement(self.open(), f"{w}r"), f"{w}br")

    def open(self) -> etree._Element:
        """The paragraph being written, begun (with the pending properties) if need be."""
        para = self.para
        if para is None:
            w = self.w
            para = self.para = etree.SubElement(self.container, f"{w}p")
            props = self.pending
            self.pending = None
            if props is not None:
                ppr = etree.SubElement(para, f"{w}pPr")
                if props.style is not None:
                    etree.SubElement(ppr, f"{w}pStyle").set(f"{w}val", props.style)
                if props.listed is not None:
                    num = etree.SubElement(ppr, f"{w}numPr")
                    etree.SubElement(num, f"{w}ilvl").set(f"{w}val", str(props.listed[1]))
                    etree.SubElement(num, f"{w}numId").set(f"{w}val", props.listed[0])
                if props.outline is not None:
                    etree.SubElement(ppr, f"{w}outlineLvl").set(f"{w}val", str(props.outline))
        return para

    def close(self) -> None:
        self.para = None

    # -- numbering -----------------------------------------------------------------

    def numbering_xml(self) -> bytes:
        """numbering.xml for the lists met: one abstract definition per list, one level each."""
        w = self.w
        root = etree.Element(f"{w}numbering", nsmap={"w": W_MAIN})
        for num_id, fmt, start, level in self.numbered:
            abstract = etree.SubElement(root, f"{w}abstractNum")
            abstract.set(f"{w}abstractNumId", num_id)
            lvl = etree.SubElement(abstract, f"{w}lvl")
            lvl.set(f"{w}ilvl", str(level))
            etree.SubElement(lvl, f"{w}start").set(f"{w}val", str(start))
            etree.SubElement(lvl, f"{w}numFmt").set(f"{w}val", fmt)
            shown = "\u2022" if fmt == "bullet" else f"%{level + 1}."
            etree.SubElement(lvl, f"{w}lvlText").set(f"{w}val", shown)
        for num_id, *_ in self.numbered:
            num = etree.SubElement(root, f"{w}num")
            num.set(f"{w}numId", num_id)
            etree.SubElement(num, f"{w}abstractNumId").set(f"{w}val", num_id)
        return bytes(etree.tostring(root))


def _props(el: etree._Element, tag: str) -> _Props | None:
    classes = {c.casefold() for c in (el.get("class") or "").split()}
    if classes & _TITLE_CLASSES:
        return _Props(style="Title")
    level = _HEADINGS.get(tag)
    return _Props(outline=level - 1) if level is not None else None


def _weight(declarations: str) -> bool | None:
    """Whether CSS declarations make text bold (True), not bold (False), or neither."""
    if "weight" not in declarations:
        return None
    found = _WEIGHT.search(declarations)
    if found is None:
        return None
    weight = found.group(1).lower()
    if weight in ("bold", "bolder"):
        return True
    if weight in ("normal", "lighter"):
        return False
    return int(weight) >= 600 if weight.isdigit() else None


def _plain_value(term: etree._Element) -> etree._Element | None:
    """The ``dd`` right after a short ``dt``, if it holds text only (no blocks, lists, tables)."""
    value = term.getnext()
    while value is not None and not isinstance(value.tag, str):
        value = value.getnext()
    if value is None or str(value.tag).rpartition("}")[2].lower() != "dd":
        return None
    if len("".join(str(t) for t in term.itertext()).split()) > 8:
        return None
    for inner in value.iterdescendants():
        local = str(inner.tag).rpartition("}")[2].lower()
        if local in _BLOCKS or local in _LISTS or local == "table":
            return None
    return value


def _bold_classes(root: etree._Element) -> dict[str, bool]:
    """The classes the page's style sheets make bold or not bold."""
    weights: dict[str, bool] = {}
    for sheet in root.iter("style"):
        for found in _CLASS_RULE.finditer("".join(str(t) for t in sheet.itertext())):
            weight = _weight(found.group(2))
            if weight is not None:
                weights[found.group(1)] = weight
    return weights


def _span(value: str | None, limit: int) -> int:
    found = _DIGITS.match(value or "")
    return min(max(int(found.group(1)), 1), limit) if found else 1
