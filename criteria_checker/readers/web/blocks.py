"""A web page as the DOCX reader's blocks: converted to WordprocessingML, then walked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

    from criteria_checker.readers.docx.blocks import Block

#: The start of every path the walk gives, replaced by where the page sits.
_BODY = "/w:document/w:body"


def page_blocks(root: etree._Element, source: str | Path, where: str
                ) -> tuple[list[Block], list[str]]:
    """The paragraphs and tables of the parsed page ``root``, and its page headers' texts.

    Paths are given below ``where`` (the ``w:altChunk`` that embeds the page,
    or "/html/body" for a page read on its own), so that a location names the
    page's converted table or paragraph, not a place in word/document.xml.
    """
    from criteria_checker.readers.docx.blocks import Para, Table, read_blocks
    from criteria_checker.readers.docx.numbering import W_MAIN, Numbering, Styles
    from criteria_checker.readers.web.wordml import page_to_wordml

    converted = page_to_wordml(root)
    blocks = read_blocks(converted.document, W_MAIN, Styles(None, source, W_MAIN),
                         Numbering(converted.numbering, source, W_MAIN))
    for block in blocks:
        if isinstance(block, Para):
            block.path = _rebased(block.path, where)
        elif isinstance(block, Table):
            block.path = _rebased(block.path, where)
            for row in block.rows:
                row.table_path = block.path
                if row.path_override is not None:
                    row.path_override = _rebased(row.path_override, where)
    return blocks, converted.page_headers


def _rebased(path: str, where: str) -> str:
    return where + path[len(_BODY):] if path.startswith(_BODY) else path
