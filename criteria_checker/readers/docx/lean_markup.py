"""word/document.xml without the markup Word saves for itself, before it is parsed.

Word writes revision-session ids on nearly every paragraph, row and run
(``w:rsidR="00A1B2C3"``), paragraph ids (``w14:paraId``), and run and paragraph
formatting on every run (fonts, sizes, language, spacing, proofing marks).
None of it is read: the reader needs the text, the structure, styles,
numbering, bold, hidden text and tracked changes. In a 65-unit specification
as Word saves it that markup is two thirds of the bytes, and parsing it,
walking past it and freeing it cost more than the reading itself
(bench/bench_docx_read.py). Dropping it from the bytes first, with a few
regular expressions over the whole part, costs a fraction of that.

Only whole empty elements of the listed names (``<w:sz w:val="20"/>``) and
those attributes on start tags that carry nothing else
(``<w:r w:rsidRPr="00A1B2C3">`` becomes ``<w:r>``) are removed, each matched
from its ``<``, with every attribute value quoted and free of ``<``,
``>`` and quotes: text cannot contain a raw ``<``, so nothing inside a
paragraph's text or an attribute value can match. A part that declares ``w``
otherwise, or uses another prefix, simply keeps its markup, and so does one
whose markup is light (python-docx's, pandoc's: a sample of it shows few of
Word's marks), where the pass would cost more than it saves. Line breaks are
never removed, so an XML error is reported on the line the file has it.

The annotated copy of a document (criteria_checker.annotate) is written
from a parse of the full part, never from this one.
"""

from __future__ import annotations

import re

# (Patterns over bytes, compiled here: the store of compiled patterns keeps text ones.)
#: Elements the reader never looks at, written empty (attributes only) on most runs
#: and paragraphs.
_IGNORED = ("rFonts", "sz", "szCs", "lang", "color", "kern", "spacing", "ind", "jc",
            "noProof", "proofErr", "lastRenderedPageBreak", "bCs", "iCs", "shd", "tcW",
            "tblW", "vAlign", "keepNext", "keepLines", "widowControl", "contextualSpacing",
            "snapToGrid", "bookmarkStart", "bookmarkEnd", "w", "position")
_EMPTY = re.compile(rb"<w:(?:" + "|".join(_IGNORED).encode()
                    + rb')(?: [\w:.-]+="[^"<>\n]*")*/>')
#: Start tags whose only attributes are revision and paragraph ids, and what they become.
#: (A constant replacement per tag, rather than one pattern putting the tag back:
#: the regular expression module copies a constant for each match at half the cost.)
_IDS_ONLY = tuple(
    (re.compile(rb"<w:" + tag + rb'(?: (?:w:rsid\w*|w14:paraId|w14:textId)="[0-9A-Fa-f]*")+'
                + end), b"<w:" + tag + end)
    # (Word leaves an empty paragraph self-closed, ids and all.)
    for tag, end in ((b"p", b">"), (b"r", b">"), (b"tr", b">"), (b"p", b"/>")))

#: How much of the part is sampled, and the share of its tags that must be such marks.
_SAMPLE = 65536
_DENSE = 5
_NOISE = (b" w:rsid", b"<w:rFonts", b"<w:sz ", b"<w:lang ", b" w14:paraId")

_W_MAIN = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_W_STRICT = b'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'


def lean_document(data: bytes) -> bytes:
    """``data`` (word/document.xml, UTF-8) without the markup named above, when its root
    binds ``w`` to WordprocessingML; else ``data`` itself."""
    head = data[:_SAMPLE]
    if _W_MAIN not in head[:4096] and _W_STRICT not in head[:4096]:
        return data
    # Light markup (python-docx, pandoc) is parsed as it is: the pass looks at every
    # tag, and pays only where a good share of them is Word's own.
    noise = sum(head.count(mark) for mark in _NOISE)
    if noise * _DENSE < head.count(b"<"):
        return data
    for ids, bare in _IDS_ONLY:
        data = ids.sub(bare, data)
    data = _EMPTY.sub(b"", data)
    # Properties left with nothing in them (run properties first: a paragraph's hold its
    # mark's), and the whitespace flag on text (the parser keeps every space anyway).
    return data.replace(b"<w:rPr></w:rPr>", b"").replace(b"<w:pPr></w:pPr>", b"") \
        .replace(b'<w:t xml:space="preserve">', b"<w:t>")
