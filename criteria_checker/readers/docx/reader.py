"""Read a qualification specification from a Word .docx file.

The document XML is read directly with lxml (python-docx's cell-by-cell API
is about ten times slower): word/document.xml, plus word/styles.xml for
heading styles and word/numbering.xml for automatic numbering. Every part
goes through :func:`criteria_checker.safe_xml.parse_untrusted`, and the
archive through :func:`criteria_checker.readers.docx.container.read_docx_package`,
so a hostile or broken file is an InputError of one line.

How the layout is recognised is described in
:mod:`criteria_checker.readers.docx.layout`; how the XML is walked, and why
it is walked that way, in :mod:`criteria_checker.readers.docx.blocks`.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

    from criteria_checker.model.spec import QualificationSpec
    from criteria_checker.readers.docx.blocks import Block
    from criteria_checker.readers.docx.container import DocxPackage


def read_docx_spec(path: Path) -> QualificationSpec:
    """Read ``path`` (a .docx) into the model, or raise a one-line InputError."""
    from criteria_checker.readers.docx.container import read_docx_package

    return read_docx_package_spec(read_docx_package(Path(path)))


def read_docx_package_spec(package: DocxPackage) -> QualificationSpec:
    """Read the parts of an opened DOCX package into the model."""
    # Reading makes tens of thousands of small acyclic objects; the cyclic
    # garbage collector would walk them again and again for nothing.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read(package)
    finally:
        if paused:
            gc.enable()


def _read(package: DocxPackage) -> QualificationSpec:
    root, ns = parse_document(package, lean=True)
    blocks = document_blocks(package, root, ns)
    if package.embedded:
        from criteria_checker.readers.docx.embedded import read_embedded

        blocks = read_embedded(blocks, package)
    return interpret_blocks(str(package.path), ns, blocks, page_header_texts(package, ns))


# The steps of a read, named so that bench/bench_docx_read.py can time each.

def parse_document(package: DocxPackage, *, lean: bool = False
                   ) -> tuple[etree._Element, str]:
    """word/document.xml parsed, and its WordprocessingML namespace (transitional or strict).

    ``lean``: without the formatting and revision ids Word saves, which reading never
    looks at (see readers.docx.lean_markup); a tree to write back keeps them.
    """
    from criteria_checker.readers.docx.numbering import W_MAIN, W_STRICT
    from criteria_checker.safe_xml import parse_untrusted

    path = package.path
    data = package.document
    if lean:
        from criteria_checker.readers.docx.lean_markup import lean_document

        data = lean_document(data)
    root = parse_untrusted(data, path, part="word/document.xml")
    ns, _, local = str(root.tag).lstrip("{").rpartition("}")
    if local != "document" or ns not in (W_MAIN, W_STRICT):
        shown = f"<{local}>" if ns in (W_MAIN, W_STRICT) or not ns else f"<{local}> in {ns}"
        raise InputError(path, f"word/document.xml is not a Word document: its root element is "
                               f"{shown}, not <w:document>")
    return root, ns


def document_blocks(package: DocxPackage, root: etree._Element, ns: str) -> list[Block]:
    """The body's paragraphs and tables, with styles and automatic numbering applied."""
    from criteria_checker.readers.docx.blocks import read_blocks
    from criteria_checker.readers.docx.numbering import Numbering, Styles

    path = package.path
    styles = Styles(package.styles, path, ns)
    numbering = Numbering(package.numbering, path, ns)
    # Numbering matters only when some paragraph is in a list: the walk loads
    # it at the first w:numPr, unless a style already uses it.
    if package.numbering is not None and package.styles is not None \
            and b"numPr" in package.styles:
        numbering.load()
    return read_blocks(root, ns, styles, numbering)


def interpret_blocks(file: str, ns: str, blocks: list[Block],
                     page_headers: Sequence[str] = ()) -> QualificationSpec:
    """The specification the blocks lay out (see readers.docx.layout)."""
    from criteria_checker.readers.docx.layout import LayoutReader

    layout = LayoutReader(file, ns)
    layout.read(blocks, page_headers)
    return layout.build()


def page_header_texts(package: DocxPackage, ns: str) -> list[str]:
    """The paragraphs of the page headers, as text (a title may be stated only there)."""
    from criteria_checker.readers.docx.blocks import collapsed_text
    from criteria_checker.safe_xml import parse_untrusted

    texts: list[str] = []
    w = f"{{{ns}}}"
    for number, data in enumerate(package.headers, 1):
        root = parse_untrusted(data, package.path, part=f"page header {number}")
        for para in root.iter(f"{w}p"):
            text = collapsed_text("".join(t.text or "" for t in para.iter(f"{w}t")))
            if text:
                texts.append(text)
    return texts
