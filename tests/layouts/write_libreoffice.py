"""The LibreOffice writer: the document as flat ODT, converted to .docx by LibreOffice.

LibreOffice (headless, with a private profile) opens each .fodt and saves it
with its "MS Word 2007 XML" filter, so every part of the .docx is its own.
Flat ODT lets it express nearly every feature: styles, merged cells,
repeated header rows, outline list numbering, page headers and footers,
tracked changes, a contents index with its entries and content controls
inside a paragraph. It cannot write a fldSimple field, and its content
controls sit inside paragraphs only (not around paragraphs or cells).

Conversions are batched: one soffice process converts every file, since a
process costs seconds to start. The output is normalised (normalise.py) so
that the same document gives the same bytes.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .ir import Block, Break, Cell, Document, Para, Row, Table, Text, Toc, row_spans
from .normalise import normalised_docx

DOCX_FILTER = "docx:MS Word 2007 XML"
AUTHOR = "Quality reviewer"
CHANGE_DATE = "2025-09-01T10:00:00"
#: Seconds a batch of conversions may take.
TIMEOUT = 900

NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
STYLES = """ <office:styles>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Title" style:family="paragraph">
   <style:text-properties fo:font-size="20pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
               style:default-outline-level="1">
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
               style:default-outline-level="2">
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph"
               style:default-outline-level="3">
   <style:text-properties fo:font-size="12pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Contents_20_Heading" style:display-name="Contents Heading"
               style:family="paragraph"/>
  <style:style style:name="Contents_20_1" style:display-name="Contents 1"
               style:family="paragraph"/>
  <style:style style:name="Contents_20_2" style:display-name="Contents 2"
               style:family="paragraph"/>
  <style:style style:name="Header" style:family="paragraph"/>
  <style:style style:name="Footer" style:family="paragraph"/>
  <text:list-style style:name="OutcomeList">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
   <text:list-level-style-number text:level="2" style:num-format="1" text:display-levels="2"/>
  </text:list-style>
  <text:list-style style:name="Bullets">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
  </text:list-style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="Cover" style:family="paragraph" style:parent-style-name="Standard">
   <style:text-properties fo:font-size="28pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="CoverEnd" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:break-after="page"/>
   <style:text-properties fo:font-size="28pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Bold" style:family="text">
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:page-layout style:name="Page"/>
 </office:automatic-styles>"""


def soffice_command(profile: Path, outdir: Path, sources: Sequence[Path]) -> list[str]:
    """The one command that converts every source; a private profile keeps the user's own."""
    return ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--convert-to", DOCX_FILTER, "--outdir", str(outdir), *map(str, sources)]


def libreoffice_available() -> bool:
    return shutil.which("soffice") is not None


def convert_all(documents: Sequence[Document]) -> list[bytes]:
    """Every document as .docx bytes saved by LibreOffice, in one soffice process."""
    if not documents:
        return []
    if not libreoffice_available():
        raise RuntimeError("the LibreOffice writer needs 'soffice' on PATH")
    with tempfile.TemporaryDirectory(prefix="layouts-lo-") as folder:
        work = Path(folder)
        sources = []
        for i, document in enumerate(documents):
            source = work / "in" / f"doc{i:04d}.fodt"
            source.parent.mkdir(exist_ok=True)
            source.write_text(document_fodt(document), encoding="utf-8")
            sources.append(source)
        command = soffice_command(work / "profile", work / "out", sources)
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
        results = []
        for source in sources:
            target = work / "out" / f"{source.stem}.docx"
            if not target.exists():
                raise RuntimeError(f"LibreOffice did not convert {source.name} "
                                   f"({done.returncode}): {done.stderr.strip()}")
            results.append(normalised_docx(target.read_bytes()))
        return results


def document_fodt(document: Document) -> str:
    writer = _Fodt()
    body = writer.blocks(document.body)
    ns = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items())
    master = ['<office:master-styles>',
              '<style:master-page style:name="Standard" style:page-layout-name="Page">']
    if document.header:
        master.append("<style:header>" + "".join(writer.para(p, "Header")
                                                 for p in document.header) + "</style:header>")
    if document.footer:
        footer = "".join(writer.para(p, "Footer") for p in document.footer)
        if document.page_numbers:
            footer = footer[:-len("</text:p>")] + (
                '<text:page-number text:select-page="current">1</text:page-number></text:p>')
        master.append(f"<style:footer>{footer}</style:footer>")
    master += ["</style:master-page>", "</office:master-styles>"]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<office:document {ns} office:version="1.3" '
             'office:mimetype="application/vnd.oasis.opendocument.text">',
             STYLES, *master, "<office:body>", "<office:text>"]
    if writer.changes:
        lines += ["<text:tracked-changes>", *writer.changes, "</text:tracked-changes>"]
    lines += [*body, "</office:text>", "</office:body>", "</office:document>", ""]
    return "\n".join(lines)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


class _Fodt:
    def __init__(self) -> None:
        self.changes: list[str] = []
        self.lists: set[str] = set()
        self.tables = 0

    def blocks(self, blocks: Sequence[Block]) -> list[str]:
        out: list[str] = []
        bullets: list[str] = []
        for block in blocks:
            if isinstance(block, Para) and block.num is not None and block.num.kind == "bullet":
                bullets.append(f"<text:list-item>{self.para(block)}</text:list-item>")
                continue
            if bullets:
                out.append(f'<text:list text:style-name="Bullets">{"".join(bullets)}</text:list>')
                bullets = []
            if isinstance(block, Para):
                out.append(self.numbered(block))
            elif isinstance(block, Table):
                out.append(self.table(block))
            else:
                out.append(self.toc(block))
        if bullets:
            out.append(f'<text:list text:style-name="Bullets">{"".join(bullets)}</text:list>')
        return out

    # -- paragraphs --------------------------------------------------------------------------

    def para(self, block: Para, default: str = "Standard") -> str:
        content = self.inlines(block)
        if block.style.startswith("Heading"):
            level = block.style[-1]
            return (f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
                    f"{content}</text:h>")
        style = {"Normal": default, "Title": "Title",
                 "Cover": "CoverEnd" if block.page_break_after else "Cover"}[block.style]
        return f'<text:p text:style-name="{style}">{content}</text:p>'

    def numbered(self, block: Para) -> str:
        """A paragraph, inside its outline list when it is automatically numbered."""
        if block.num is None:
            return self.para(block)
        key = block.num.key
        opening = (f'<text:list text:style-name="OutcomeList" text:continue-list="{key}">'
                   if key in self.lists else f'<text:list xml:id="{key}" '
                   'text:style-name="OutcomeList">')
        self.lists.add(key)
        item = f"<text:list-item>{self.para(block)}</text:list-item>"
        if block.num.level == 1:
            item = f"<text:list-item><text:list>{item}</text:list></text:list-item>"
        return f"{opening}{item}</text:list>"

    def inlines(self, block: Para) -> str:
        out = []
        for inline in block.inlines:
            if isinstance(inline, Break):
                out.append("<text:line-break/>")
            else:
                out.append(self.text(inline))
        return "".join(out)

    def text(self, inline: Text) -> str:
        text = _e(inline.text).replace("\t", "<text:tab/>")
        if inline.bold:
            text = f'<text:span text:style-name="Bold">{text}</text:span>'
        if inline.control:
            text = f"<loext:content-control>{text}</loext:content-control>"
        if inline.change is None:
            return text
        change_id = f"ct{len(self.changes) + 1}"
        info = (f"<office:change-info><dc:creator>{AUTHOR}</dc:creator>"
                f"<dc:date>{CHANGE_DATE}</dc:date></office:change-info>")
        if inline.change == "ins":
            self.changes.append(f'<text:changed-region text:id="{change_id}"><text:insertion>'
                                f"{info}</text:insertion></text:changed-region>")
            return (f'<text:change-start text:change-id="{change_id}"/>{text}'
                    f'<text:change-end text:change-id="{change_id}"/>')
        self.changes.append(f'<text:changed-region text:id="{change_id}"><text:deletion>{info}'
                            f"<text:p>{text}</text:p></text:deletion></text:changed-region>")
        return f'<text:change text:change-id="{change_id}"/>'

    # -- tables ---------------------------------------------------------------------------------

    def table(self, table: Table) -> str:
        self.tables += 1
        spans = row_spans(table.rows)
        out = [f'<table:table table:name="Table{self.tables}">',
               f'<table:table-column table:number-columns-repeated="{table.columns}"/>']
        head = 0
        while head < len(table.rows) and table.rows[head].header:
            head += 1
        if head:
            out.append("<table:table-header-rows>")
            out += [self.row(row, r, spans) for r, row in enumerate(table.rows[:head])]
            out.append("</table:table-header-rows>")
        out += [self.row(row, r, spans) for r, row in enumerate(table.rows) if r >= head]
        out.append("</table:table>")
        return "\n".join(out)

    def row(self, row: Row, r: int, spans: dict[tuple[int, int], int]) -> str:
        cells = []
        column = 0
        for c in row.cells:
            if c.merge == "continue":
                cells += ["<table:covered-table-cell/>"] * c.span
            else:
                cells.append(self.cell(c, spans.get((r, column), 1)))
                cells += ["<table:covered-table-cell/>"] * (c.span - 1)
            column += c.span
        return f"<table:table-row>{''.join(cells)}</table:table-row>"

    def cell(self, c: Cell, rows: int) -> str:
        attributes = ""
        if c.span > 1:
            attributes += f' table:number-columns-spanned="{c.span}"'
        if rows > 1:
            attributes += f' table:number-rows-spanned="{rows}"'
        paragraphs = "".join(self.blocks(c.paras)) or "<text:p/>"
        return f'<table:table-cell office:value-type="string"{attributes}>{paragraphs}' \
               "</table:table-cell>"

    # -- contents ----------------------------------------------------------------------------------

    def toc(self, toc: Toc) -> str:
        entries = "".join(
            f'<text:p text:style-name="Contents_20_{min(e.level, 2)}">{_e(e.text)}<text:tab/>'
            f"{e.page}</text:p>" for e in toc.entries)
        return ('<text:table-of-content text:name="Contents1" text:protected="true">'
                '<text:table-of-content-source text:outline-level="3">'
                "<text:index-title-template>Contents</text:index-title-template>"
                "</text:table-of-content-source><text:index-body>"
                '<text:index-title text:name="Contents1_Head">'
                '<text:p text:style-name="Contents_20_Heading">Contents</text:p>'
                f"</text:index-title>{entries}</text:index-body></text:table-of-content>")
