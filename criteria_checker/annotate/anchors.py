"""Find the body element a finding's location names, and anchor comments on it.

The DOCX reader gives each location a machine path into word/document.xml
("/w:document/w:body/w:tbl[7]/w:tr[3]") and a human locator ("unit
H/650/2114, table 7, row 3"). Those name the document as the reader saw it:
after moved-away text and Markup Compatibility fallbacks were dropped and
text boxes lifted out of their paragraphs, and with a table's rows counted
whether or not a content control wraps them. So the paths are resolved in a
second parse of the same bytes that the reader's own walk has simplified,
with the reader's own blocks telling which path is which row, and the
element found there is then taken back to the same element of the
untouched parse, which is the one written out.

A path is followed step by step; where a step names nothing, the last
element reached stands (a row that is not there falls back to its table).
A location with no usable path is looked for by its locator: "table 7, row
3" counts tables as the reader does, in document order with nested ones,
and 'paragraph "Opening words..."' finds the paragraph by its opening
words. What cannot be placed is a finding about the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from criteria_checker.compiled_cache import dataclass

if TYPE_CHECKING:
    from lxml import etree

    from criteria_checker.model.spec import SourceLocation
    from criteria_checker.readers.docx.blocks import Block

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_STEP = re.compile(r"(w|mc):([A-Za-z]+)\[([0-9]{1,9})\]")
_BODY_PREFIX = "/w:document/w:body"
_TABLE_ROW = re.compile(r"\btable ([0-9]{1,9})(?:, row ([0-9]{1,9}))?")
_PARAGRAPH = re.compile(r'\bparagraph "(.*)"$')

#: The first and last paragraphs a comment's range spans.
Span = tuple["etree._Element", "etree._Element"]


class BodyIndex:
    """Resolves reader locations in the simplified parse, answering with untouched elements.

    ``correspondence`` maps the simplified parse's structural elements to the
    untouched ones; None when the reader had nothing to simplify and both are one tree.
    """

    def __init__(self, ns: str, pristine: etree._Element, simplified: etree._Element,
                 correspondence: dict[etree._Element, etree._Element] | None,
                 blocks: Sequence[Block]) -> None:
        from criteria_checker.readers.docx.blocks import Para, Table

        self.ns = ns
        w = f"{{{ns}}}"
        self.P, self.TBL, self.TR, self.R = f"{w}p", f"{w}tbl", f"{w}tr", f"{w}r"
        self.pristine = pristine
        self.body = simplified.find(f"{w}body")
        self.correspondence = correspondence
        #: The paths of the rows the reader numbered itself, counting as it does.
        self.rows: set[str] = set()
        self.paragraphs: list[tuple[str, etree._Element]] = []
        for block in blocks:
            if isinstance(block, Table):
                self.rows.update(row.path for row in block.rows if row.path_override is None)
            elif isinstance(block, Para) and block.element is not None:
                self.paragraphs.append((" ".join(block.text.split()), block.element))
        self._tables: list[etree._Element] | None = None
        self._lists: dict[tuple[etree._Element, str], list[etree._Element]] = {}

    # -- from a location to an element of the untouched parse ----------------------------------

    def element_for(self, location: SourceLocation) -> etree._Element | None:
        """The element ``location`` names, made anchorable; None for the whole document."""
        found = self._by_path(location.path) if location.path else None
        if found is None and location.locator:
            found = self._by_locator(location.locator)
        if found is None:
            return None
        return self.anchorable(self._untouched(found))

    def _by_path(self, path: str) -> etree._Element | None:
        if self.body is None or not path.startswith(_BODY_PREFIX + "/"):
            return None
        current = self.body
        walked = _BODY_PREFIX
        for match in _STEP.finditer(path, len(_BODY_PREFIX)):
            prefix, local, number = match.group(1), match.group(2), int(match.group(3))
            step = f"/{prefix}:{local}[{number}]"
            if prefix == "w" and local == "tr" and walked + step in self.rows:
                following = self._row(current, number)
            else:
                namespace = MC_NS if prefix == "mc" else self.ns
                following = _nth(self._children(current, f"{{{namespace}}}{local}"), number)
            if following is None:
                break
            current, walked = following, walked + step
        return None if current is self.body else current

    def _children(self, parent: etree._Element, tag: str) -> list[etree._Element]:
        # Many findings name rows of the same tables: each list is made once.
        key = (parent, tag)
        children = self._lists.get(key)
        if children is None:
            children = self._lists[key] = list(parent.iterchildren(tag))
        return children

    def _row(self, table: etree._Element, number: int) -> etree._Element | None:
        """The ``number``-th row of ``table`` as the reader counts: wrapped rows too, nested not."""
        key = (table, "rows")
        rows = self._lists.get(key)
        if rows is None:
            rows = self._lists[key] = [row for row in table.iter(self.TR)
                                       if next(row.iterancestors(self.TBL), None) is table]
        return _nth(rows, number)

    def _by_locator(self, locator: str) -> etree._Element | None:
        table_row = _TABLE_ROW.search(locator)
        if table_row is not None:
            if self._tables is None:
                self._tables = list(self.body.iter(self.TBL)) if self.body is not None else []
            number = int(table_row.group(1))
            if not 1 <= number <= len(self._tables):
                return None
            table = self._tables[number - 1]
            if table_row.group(2) is None:
                return table
            row = self._row(table, int(table_row.group(2)))
            return row if row is not None else table
        paragraph = _PARAGRAPH.search(locator)
        if paragraph is not None:
            quote = paragraph.group(1)
            opening = quote[:-3] if quote.endswith("...") else None
            for text, element in self.paragraphs:
                if text == quote or (opening is not None and text.startswith(opening)):
                    return element
        return None

    def _untouched(self, element: etree._Element) -> etree._Element:
        """The element of the untouched parse that ``element`` (or its nearest ancestor) was."""
        if self.correspondence is None:
            return element  # the reader saw the untouched parse itself
        current: etree._Element | None = element
        while current is not None:
            found = self.correspondence.get(current)
            if found is not None:
                return found
            current = current.getparent()
        return self.pristine

    def anchorable(self, element: etree._Element) -> etree._Element | None:
        """``element``, or the paragraph whose run holds it (a text box); None for the body."""
        outermost_run = None
        for ancestor in element.iterancestors(self.R):
            outermost_run = ancestor
        if outermost_run is not None:
            element = next(outermost_run.iterancestors(self.P), element)
        local = str(element.tag).rpartition("}")[2]
        if local in ("body", "document"):
            return None
        return element

    # -- paragraphs of the untouched parse ----------------------------------------------------

    def paragraph_span(self, element: etree._Element) -> Span | None:
        """The first and last paragraphs of ``element`` (itself if a paragraph), not text boxes'."""
        if element.tag == self.P:
            return element, element
        first = last = None
        for paragraph in element.iter(self.P):
            if next(paragraph.iterancestors(self.R), None) is not None:
                continue
            first = first if first is not None else paragraph
            last = paragraph
        if first is None or last is None:
            return None
        return first, last

    def title_paragraph(self) -> etree._Element:
        """The first paragraph with text (the title), else the first paragraph, else a new one."""
        from lxml import etree

        w = f"{{{self.ns}}}"
        body = self.pristine.find(f"{w}body")
        if body is None:
            body = etree.SubElement(self.pristine, f"{w}body")
        first = None
        for paragraph in body.iter(self.P):
            if next(paragraph.iterancestors(self.R), None) is not None:
                continue
            if first is None:
                first = paragraph
            if any(text.text and text.text.strip() and
                   next(text.iterancestors(self.P), None) is paragraph
                   for text in paragraph.iter(f"{w}t")):
                return paragraph
        if first is not None:
            return first
        # A body with no paragraph at all: give the comments one to stand on.
        paragraph = etree.Element(self.P)
        body.insert(0, paragraph)
        return paragraph


def _nth(elements: list[etree._Element], number: int) -> etree._Element | None:
    """The ``number``-th (1-based) of ``elements``, or None."""
    return elements[number - 1] if 1 <= number <= len(elements) else None


@dataclass
class _Marks:
    """The comments whose ranges start and end in one paragraph, by id."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


class Anchors:
    """Comment ranges to insert, gathered first and then written paragraph by paragraph.

    Each comment's range starts at the beginning of its first paragraph and
    ends at the end of its last, followed by the run holding its reference.
    Comments sharing a paragraph keep the order of their ids.
    """

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self._marks: dict[etree._Element, _Marks] = {}
        self._order: list[etree._Element] = []

    def add(self, comment_id: int, first: etree._Element, last: etree._Element) -> None:
        self._at(first).starts.append(comment_id)
        self._at(last).ends.append(comment_id)

    def _at(self, paragraph: etree._Element) -> _Marks:
        marks = self._marks.get(paragraph)
        if marks is None:
            marks = self._marks[paragraph] = _Marks()
            self._order.append(paragraph)
        return marks

    def write(self) -> None:
        from lxml import etree

        w = f"{{{self.ns}}}"
        for paragraph in self._order:
            marks = self._marks[paragraph]
            index = 1 if len(paragraph) and paragraph[0].tag == f"{w}pPr" else 0
            for offset, comment_id in enumerate(sorted(marks.starts)):
                start = etree.Element(f"{w}commentRangeStart", {f"{w}id": str(comment_id)})
                paragraph.insert(index + offset, start)
            for comment_id in sorted(marks.ends):
                etree.SubElement(paragraph, f"{w}commentRangeEnd", {f"{w}id": str(comment_id)})
                run = etree.SubElement(paragraph, f"{w}r")
                etree.SubElement(run, f"{w}commentReference", {f"{w}id": str(comment_id)})
