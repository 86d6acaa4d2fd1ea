"""A Word document saved as one XML file ("Word XML Document", flat OPC) as a package.

Word can save a document as a single XML file that holds every part of the
.docx, each as a ``pkg:part`` of a ``pkg:package``; teams that keep their
specification in Git sometimes keep it so, as text that diffs. The parts the
reader uses are taken out of it and read exactly as from a .docx.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.errors import InputError
from criteria_checker.readers.docx.container import MAX_HEADERS, DocxPackage

if TYPE_CHECKING:
    from lxml import etree

PACKAGE_NS = "http://schemas.microsoft.com/office/2006/xmlPackage"
#: The root of a flat package.
PACKAGE_TAG = f"{{{PACKAGE_NS}}}package"
#: Word 2003's own XML format, which holds no package.
WORD_2003_TAG = "{http://schemas.microsoft.com/office/word/2003/wordml}wordDocument"

_WANTED = {"word/document.xml": "document", "word/styles.xml": "styles",
           "word/numbering.xml": "numbering", "docProps/core.xml": "core"}


def package_from_flat_xml(root: etree._Element, source: str | Path) -> DocxPackage:
    """The parts of a flat package the DOCX reader uses, or a one-line InputError."""
    parts: dict[str, bytes] = {}
    headers: list[tuple[int, bytes]] = []
    name_attr, xml_tag = f"{{{PACKAGE_NS}}}name", f"{{{PACKAGE_NS}}}xmlData"
    binary_tag = f"{{{PACKAGE_NS}}}binaryData"
    for part in root.iterchildren(f"{{{PACKAGE_NS}}}part"):
        name = (part.get(name_attr) or "").lstrip("/")
        key = _WANTED.get(name)
        number = _header_number(name)
        if key is None and number is None:
            continue
        data = _part_bytes(part, xml_tag, binary_tag)
        if data is None:
            continue
        if key is not None:
            parts.setdefault(key, data)
        elif number is not None:
            headers.append((number, data))
    if "document" not in parts:
        raise InputError(source, "is a Word XML package with no word/document.xml part")
    return DocxPackage(path=Path(source), document=parts["document"],
                       styles=parts.get("styles"), numbering=parts.get("numbering"),
                       core=parts.get("core"),
                       headers=tuple(data for _, data in sorted(headers)[:MAX_HEADERS]))


def _header_number(name: str) -> int | None:
    stem = name.removeprefix("word/header").removesuffix(".xml")
    if stem == name or not stem.isdigit() or len(stem) > 3:
        return None
    return int(stem)


def _part_bytes(part: etree._Element, xml_tag: str, binary_tag: str) -> bytes | None:
    from lxml import etree

    xml = part.find(xml_tag)
    if xml is not None:
        children = [child for child in xml if isinstance(child.tag, str)]
        return etree.tostring(children[0]) if children else None
    binary = part.find(binary_tag)
    if binary is not None and binary.text:
        try:
            return base64.b64decode(binary.text, validate=False)
        except (binascii.Error, ValueError):
            return None
    return None
