"""The python-docx writer: the document built through python-docx's own API.

Where python-docx has no API (content controls, tracked changes, fields,
automatic numbering definitions, repeated header rows) the OOXML is made
with lxml and put where Word puts it. Merged cells use python-docx's
``merge``, which writes w:gridSpan and w:vMerge.
"""

from __future__ import annotations

import io
from typing import Any

from .ir import Break, Document, Num, Para, Table, Text, Toc
from .normalise import normalised_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHOR = "Quality reviewer"
CHANGE_DATE = "2025-09-01T10:00:00Z"
TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
#: Word's outline list: outcomes "1.", criteria "1.1".
OUTLINE_LEVELS = ("%1.", "%1.%2")
_STYLES = {"Normal": None, "Cover": None, "Title": "Title", "Heading 1": "Heading 1",
           "Heading 2": "Heading 2", "Heading 3": "Heading 3"}


def write_python_docx(document: Document) -> bytes:
    """``document`` as .docx bytes written by python-docx (every feature is supported)."""
    from docx import Document as NewDocument

    doc = NewDocument()
    writer = _Writer(doc)
    for block in document.body:
        if isinstance(block, Para):
            writer.paragraph(doc.add_paragraph(), block)
        elif isinstance(block, Table):
            writer.table(block)
        else:
            writer.toc(block)
    section = doc.sections[0]
    if document.header:
        writer.fill_story(section.header, document.header)
    if document.footer:
        writer.fill_story(section.footer, document.footer)
        if document.page_numbers:
            last = section.footer.paragraphs[-1]._p
            last.append(_field_simple("PAGE", ["1"]))
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalised_docx(buffer.getvalue())


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _run(text: str, *, deleted: bool = False) -> Any:
    run = _el("w:r")
    t = _el("w:delText" if deleted else "w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def _field_simple(instruction: str, lines: list[str]) -> Any:
    field = _el("w:fldSimple", instr=instruction)
    for i, line in enumerate(lines):
        if i:
            br = _el("w:r")
            br.append(_el("w:br"))
            field.append(br)
        field.append(_run(line))
    return field


def _sdt(content: Any, alias: str | None = None) -> Any:
    sdt = _el("w:sdt")
    properties = _el("w:sdtPr")
    if alias:
        properties.append(_el("w:alias", val=alias))
        properties.append(_el("w:tag", val=alias))
    sdt.append(properties)
    wrapped = _el("w:sdtContent")
    wrapped.append(content)
    sdt.append(wrapped)
    return sdt


def _wrap_in_sdt(element: Any, alias: str | None = None) -> None:
    parent = element.getparent()
    index = parent.index(element)
    parent.remove(element)
    parent.insert(index, _sdt(element, alias))


class _Writer:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.num_ids: dict[str, int] = {}
        self.change_id = 0
        self._numbering_ready = False

    # -- paragraphs ------------------------------------------------------------------

    def paragraph(self, paragraph: Any, block: Para) -> None:
        from docx.shared import Pt

        style = _STYLES[block.style]
        if style is not None:
            paragraph.style = self.doc.styles[style]
        for inline in block.inlines:
            if isinstance(inline, Break):
                paragraph.add_run().add_break()
                continue
            run = paragraph.add_run(inline.text)
            if inline.bold:
                run.bold = True
            if block.style == "Cover":
                run.font.size = Pt(28)
            if inline.change is not None:
                self._track(run._r, inline)
            elif inline.control:
                _wrap_in_sdt(run._r)
        if block.num is not None:
            self._number(paragraph, block.num)
        if block.page_break_after:
            from docx.enum.text import WD_BREAK

            paragraph.add_run().add_break(WD_BREAK.PAGE)
        if block.control:
            _wrap_in_sdt(paragraph._p, "Section")

    def _track(self, run: Any, inline: Text) -> None:
        self.change_id += 1
        tag = "w:ins" if inline.change == "ins" else "w:del"
        wrapper = _el(tag, id=str(self.change_id), author=AUTHOR, date=CHANGE_DATE)
        parent = run.getparent()
        index = parent.index(run)
        parent.remove(run)
        if inline.change == "del":
            from docx.oxml.ns import qn

            for t in run.findall(qn("w:t")):
                t.tag = qn("w:delText")
        wrapper.append(run)
        parent.insert(index, wrapper)

    def fill_story(self, story: Any, paras: tuple[Para, ...]) -> None:
        for i, block in enumerate(paras):
            paragraph = story.paragraphs[0] if i == 0 else story.add_paragraph()
            self.paragraph(paragraph, block)

    # -- numbering ----------------------------------------------------------------------

    def _number(self, paragraph: Any, num: Num) -> None:
        key = f"{num.kind}:{num.key}"
        if key not in self.num_ids:
            self.num_ids[key] = self._add_num(num.kind)
        properties = paragraph._p.get_or_add_pPr()
        numbering = _el("w:numPr")
        numbering.append(_el("w:ilvl", val=str(num.level)))
        numbering.append(_el("w:numId", val=str(self.num_ids[key])))
        properties.append(numbering)

    def _add_num(self, kind: str) -> int:
        """A w:num over the outline (or bullet) definition; outlines restart at 1."""
        root = self.doc.part.numbering_part.element
        if not self._numbering_ready:
            self._numbering_ready = True
            first_num = root.find(f"{{{W}}}num")
            for abstract in (self._abstract(90, "outline"), self._abstract(91, "bullet")):
                if first_num is not None:
                    first_num.addprevious(abstract)
                else:
                    root.append(abstract)
        num_id = 100 + len(self.num_ids)
        num = _el("w:num", numId=str(num_id))
        num.append(_el("w:abstractNumId", val="90" if kind == "outline" else "91"))
        if kind == "outline":
            override = _el("w:lvlOverride", ilvl="0")
            override.append(_el("w:startOverride", val="1"))
            num.append(override)
        root.append(num)
        return num_id

    def _abstract(self, abstract_id: int, kind: str) -> Any:
        abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(_el("w:multiLevelType", val="multilevel"))
        levels = OUTLINE_LEVELS if kind == "outline" else ("•",)
        for level, text in enumerate(levels):
            lvl = _el("w:lvl", ilvl=str(level))
            lvl.append(_el("w:start", val="1"))
            lvl.append(_el("w:numFmt", val="decimal" if kind == "outline" else "bullet"))
            lvl.append(_el("w:lvlText", val=text))
            lvl.append(_el("w:lvlJc", val="left"))
            abstract.append(lvl)
        return abstract

    # -- tables ----------------------------------------------------------------------------

    def table(self, block: Table) -> None:
        """Rows and cells made one by one: python-docx's cell look-up is quadratic."""
        from docx.text.paragraph import Paragraph

        table = self.doc.add_table(rows=0, cols=block.columns)
        table.style = self.doc.styles["Table Grid"]
        controls = []
        for row in block.rows:
            tr = table._tbl.add_tr()
            if row.header:
                tr.get_or_add_trPr().append(_el("w:tblHeader"))
            for c in row.cells:
                tc = tr.add_tc()
                properties = tc.get_or_add_tcPr()
                if c.span > 1:
                    properties.append(_el("w:gridSpan", val=str(c.span)))
                if c.merge == "restart":
                    properties.append(_el("w:vMerge", val="restart"))
                elif c.merge == "continue":
                    properties.append(_el("w:vMerge"))
                # A new w:tc already holds one empty paragraph: it takes the first.
                for i, block_para in enumerate(c.paras):
                    p = tc.p_lst[0] if i == 0 else tc.add_p()
                    self.paragraph(Paragraph(p, table), block_para)
                if c.control:
                    controls.append(tc)
        for tc in controls:
            _wrap_in_sdt(tc, "Criterion")

    # -- contents field ---------------------------------------------------------------------

    def toc(self, block: Toc) -> None:
        body = self.doc.element.body
        heading = self.doc.add_paragraph("Contents")
        if block.simple:
            paragraph = self.doc.add_paragraph()
            lines = [f"{e.text}\t{e.page}" for e in block.entries]
            paragraph._p.append(_field_simple(TOC_INSTRUCTION.strip(), lines))
            return
        paragraphs = [heading._p]
        entries = block.entries or ()
        for i, entry in enumerate(entries):
            paragraph = self.doc.add_paragraph()
            p = paragraph._p
            properties = p.get_or_add_pPr()
            properties.append(_el("w:pStyle", val=f"TOC{entry.level}"))
            if i == 0:
                p.append(self._fld_char("begin"))
                instruction = _el("w:r")
                text = _el("w:instrText")
                text.text = TOC_INSTRUCTION
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                instruction.append(text)
                p.append(instruction)
                p.append(self._fld_char("separate"))
            link = _el("w:hyperlink", anchor=f"_Toc{1000 + i}", history="1")
            link.append(_run(entry.text))
            tab = _el("w:r")
            tab.append(_el("w:tab"))
            link.append(tab)
            link.append(_run(str(entry.page)))
            p.append(link)
            if i == len(entries) - 1:
                p.append(self._fld_char("end"))
            paragraphs.append(p)
        sdt = _el("w:sdt")
        properties = _el("w:sdtPr")
        gallery = _el("w:docPartObj")
        gallery.append(_el("w:docPartGallery", val="Table of Contents"))
        gallery.append(_el("w:docPartUnique"))
        properties.append(gallery)
        sdt.append(properties)
        content = _el("w:sdtContent")
        sdt.append(content)
        paragraphs[0].addprevious(sdt)
        for p in paragraphs:
            body.remove(p)
            content.append(p)

    def _fld_char(self, kind: str) -> Any:
        run = _el("w:r")
        run.append(_el("w:fldChar", fldCharType=kind))
        return run
