"""The comments part of a Word package: word/comments.xml, its relationship and content type.

A document without comments gets a new part, related from the document and
declared in [Content_Types].xml. A document that has comments keeps them:
ours are appended to its comments part, with ids no other annotation uses.
Only the parts that must change are written again; their XML declaration is
kept as it was.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

AUTHOR = "criteria-checker"
INITIALS = "CC"

DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
DEFAULT_COMMENTS_PART = "word/comments.xml"
COMMENTS_CONTENT_TYPE = \
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
RELS_CONTENT_TYPE = "application/vnd.openxmlformats-package.relationships+xml"

PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
#: The comments relationship type, transitional and strict.
COMMENTS_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/comments",
)
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"

_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*\?>\s*")
_NEW_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


@dataclass(frozen=True)
class Run:
    """Text of one run of a comment, plain, bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


#: A comment's paragraphs, each a sequence of runs.
CommentBody = Sequence[Sequence[Run]]


def relationship_type(ns: str) -> str:
    """The comments relationship type that goes with the document's namespace."""
    return COMMENTS_TYPES[1] if ns == _STRICT_W else COMMENTS_TYPES[0]


def find_comments_part(rels: etree._Element | None) -> str | None:
    """The part name of the document's comments, if its relationships name one."""
    if rels is None:
        return None
    for rel in rels.iter(f"{{{PACKAGE_RELS_NS}}}Relationship"):
        if rel.get("Type") in COMMENTS_TYPES and rel.get("TargetMode") != "External":
            return part_name(rel.get("Target") or "")
    return None


def part_name(target: str) -> str:
    """A relationship target of word/document.xml as a part name ("word/comments.xml")."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join("word", target))


def add_relationship(rels: etree._Element, target_part: str, ns: str) -> None:
    """Relate the document to ``target_part`` by a fresh id."""
    from lxml import etree

    used = {rel.get("Id") for rel in rels.iter(f"{{{PACKAGE_RELS_NS}}}Relationship")}
    number = 1
    while f"rId{number}" in used:
        number += 1
    etree.SubElement(rels, f"{{{PACKAGE_RELS_NS}}}Relationship", {
        "Id": f"rId{number}", "Type": relationship_type(ns),
        "Target": posixpath.relpath(target_part, "word")})


def new_relationships() -> etree._Element:
    from lxml import etree

    return etree.Element(f"{{{PACKAGE_RELS_NS}}}Relationships",
                         nsmap={None: PACKAGE_RELS_NS})  # type: ignore[dict-item]


def declare_content_type(types: etree._Element, part: str) -> bool:
    """Declare ``part`` a comments part (unless it is); whether ``types`` changed."""
    from lxml import etree

    wanted = "/" + part.lower()
    for override in types.iter(f"{{{CONTENT_TYPES_NS}}}Override"):
        if (override.get("PartName") or "").lower() == wanted:
            if override.get("ContentType") == COMMENTS_CONTENT_TYPE:
                return False
            override.set("ContentType", COMMENTS_CONTENT_TYPE)
            return True
    etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Override",
                     {"PartName": "/" + part, "ContentType": COMMENTS_CONTENT_TYPE})
    return True


def declare_rels_default(types: etree._Element) -> bool:
    """Declare the .rels extension (unless it is); whether ``types`` changed."""
    from lxml import etree

    for default in types.iter(f"{{{CONTENT_TYPES_NS}}}Default"):
        if (default.get("Extension") or "").lower() == "rels":
            return False
    etree.SubElement(types, f"{{{CONTENT_TYPES_NS}}}Default",
                     {"Extension": "rels", "ContentType": RELS_CONTENT_TYPE})
    return True


def new_comments(ns: str) -> etree._Element:
    from lxml import etree

    return etree.Element(f"{{{ns}}}comments", nsmap={"w": ns})


def check_comments_root(root: etree._Element, source: str, part: str) -> str:
    """The namespace of an existing comments part; InputError when it is not one."""
    ns, _, local = str(root.tag).lstrip("{").rpartition("}")
    if local != "comments":
        raise InputError(source, f"{part} is not a comments part: its root element is "
                                 f"<{local}>, not <w:comments>")
    return ns


def used_ids(*roots: etree._Element | None) -> set[int]:
    """Every w:id in the given parts (comments, bookmarks, tracked changes share the space)."""
    ids: set[int] = set()
    for root in roots:
        if root is None:
            continue
        for element in root.iter():
            for name, value in element.attrib.items():
                if str(name).endswith("}id") and value.isdigit() and len(value) < 10:
                    ids.add(int(value))
    return ids


def fresh_ids(used: set[int], count: int) -> list[int]:
    """The ``count`` smallest non-negative ids not in ``used``."""
    found: list[int] = []
    candidate = 0
    while len(found) < count:
        if candidate not in used:
            found.append(candidate)
        candidate += 1
    return found


def append_comment(comments: etree._Element, comment_id: int, body: CommentBody,
                   paragraph_style: str | None) -> None:
    """One w:comment by criteria-checker, its paragraphs made of ``body``'s runs.

    No date is written: the copy must not depend on the clock.
    """
    from lxml import etree

    w = f"{{{str(comments.tag).lstrip('{').partition('}')[0]}}}"
    comment = etree.SubElement(comments, f"{w}comment", {
        f"{w}id": str(comment_id), f"{w}author": AUTHOR, f"{w}initials": INITIALS})
    for index, runs in enumerate(body):
        paragraph = etree.SubElement(comment, f"{w}p")
        if paragraph_style is not None:
            properties = etree.SubElement(paragraph, f"{w}pPr")
            etree.SubElement(properties, f"{w}pStyle", {f"{w}val": paragraph_style})
        if index == 0:
            # The comment's own mark, which Word shows before its text.
            etree.SubElement(etree.SubElement(paragraph, f"{w}r"), f"{w}annotationRef")
        for run in runs:
            _append_run(paragraph, run, w)


def _append_run(paragraph: etree._Element, run: Run, w: str) -> None:
    from lxml import etree

    element = etree.SubElement(paragraph, f"{w}r")
    if run.bold or run.italic:
        properties = etree.SubElement(element, f"{w}rPr")
        if run.bold:
            etree.SubElement(properties, f"{w}b")
        if run.italic:
            etree.SubElement(properties, f"{w}i")
    text = etree.SubElement(element, f"{w}t")
    text.text = xml_text(run.text)
    if text.text != text.text.strip():
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return _NOT_XML.sub("\ufffd", text)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def serialize(root: etree._Element, original: bytes | None) -> bytes:
    """``root``'s document as bytes, with the XML declaration ``original`` had, if UTF-8."""
    from lxml import etree

    tree = root.getroottree()
    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    if encoding in ("UTF-8", "UTF8"):
        head = _DECLARATION.match(original) if original is not None else None
        declaration = head.group(0) if head is not None else _NEW_DECLARATION
        return declaration + bytes(etree.tostring(tree, encoding="UTF-8"))
    data = etree.tostring(tree, encoding=encoding, xml_declaration=True,
                          standalone=tree.docinfo.standalone)  # type: ignore[arg-type]
    assert isinstance(data, bytes)
    return data


def style_exists(styles: bytes | None, style_id: str) -> bool:
    """Whether word/styles.xml defines ``style_id`` (cheaply: by its attribute)."""
    if styles is None:
        return False
    spelt = re.escape(style_id.encode())
    return re.search(rb"styleId=[\"']" + spelt + rb"[\"']", styles) is not None


def part_names(names: Iterable[str]) -> dict[str, str]:
    """Member names by their lower-case form (OPC part names ignore case)."""
    return {name.lower(): name for name in names}
