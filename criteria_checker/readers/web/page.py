"""A web page's HTML: taken out of an MHT archive if need be, decoded and parsed.

Pages arrive in whatever encoding their writer chose (Word writes
windows-1252 and says so in a ``<meta>``; an MHT part names its charset in
its MIME header), so the encoding is taken, in order, from a byte-order
mark, the charset the container states, the page's own declaration, and
last from the bytes themselves (UTF-8 if they decode as such, else
windows-1252, which Word uses for pages it does not label). The HTML parser
is libxml2's, which does not load DTDs or touch the network; it also caps
the depth of nesting (255), so no page can nest deeper than the converter
allows for.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.compiled_cache import regex
from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

#: Largest web page accepted, before any parsing.
MAX_PAGE_BYTES = 32 * 1024 * 1024

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_DECLARED_CHARSET = regex(
    r"""(?is)<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    r"""|^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""")
#: A MIME header block opening the file: "MIME-Version: 1.0", "From: <Saved by Blink>", ...
_MIME_HEADER = regex(r"(?i)[A-Za-z][A-Za-z0-9-]{0,60}:")
_MIME_MARKS = (b"mime-version:", b"content-type: multipart/")
#: How an HTML page may open, after a byte-order mark, white space and comments.
_HTML_OPENERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
#: The mark criteria-checker's own pages carry (reports, the batch index, diffs).
_OUR_GENERATOR = regex(
    r"""(?i)<meta\s+name\s*=\s*["']?generator["']?\s+content\s*=\s*["']?criteria-checker\b""")


def is_mht(data: bytes) -> bool:
    """True when ``data`` opens with the MIME headers of a single-file web page (MHT)."""
    head = data[:8192].lstrip()
    if not _MIME_HEADER.match(head.decode("latin-1")):
        return False
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0].lower()
    return any(mark in block for mark in _MIME_MARKS)


def is_html(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) opens as an HTML page."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            if encoding != "utf-8":
                head = head.decode(encoding, errors="ignore").encode("ascii", errors="ignore")
            break
    text = head.lstrip().lower()
    if text.startswith(b"<?xml"):
        text = text[text.find(b"?>") + 2:].lstrip() if b"?>" in text else b""
    while text.startswith(b"<!--") and b"-->" in text:
        text = text[text.find(b"-->") + 3:].lstrip()
    return text.startswith(_HTML_OPENERS)


def written_by_criteria_checker(head: bytes) -> bool:
    """True when ``head`` (a page's first bytes) says criteria-checker wrote the page."""
    return _OUR_GENERATOR.search(head.decode("latin-1")) is not None


def parse_page(data: bytes, source: str | Path, *, part: str | None = None,
               charset: str | None = None) -> etree._Element:
    """The parsed HTML of ``data``: a page, or an MHT archive holding one.

    ``charset`` is the encoding the container states, if any; ``part`` names
    the part of a package the page is, for errors.
    """
    if is_mht(data):
        data, charset = _page_in_mht(data, source, part)
    from lxml import etree

    text = decode(data, charset).replace("\x00", "")
    parser = etree.HTMLParser(  # type: ignore[call-arg]  # (the stubs lack default_doctype)
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
        default_doctype=False, collect_ids=False)
    root = etree.fromstring(text.encode("utf-8"), parser) if text.strip() else None
    if root is None:
        where = f"{part} " if part else ""
        raise InputError(source, f"{where}is an empty web page")
    return root


def _page_in_mht(data: bytes, source: str | Path, part: str | None) -> tuple[bytes, str | None]:
    """The first HTML part of an MHT archive and its stated charset."""
    from email import message_from_bytes

    where = f"{part} " if part else ""
    try:
        for piece in message_from_bytes(data).walk():
            if piece.get_content_type() in _PAGE_TYPES:
                payload = piece.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload, piece.get_content_charset()
    except RecursionError:
        # The standard parser recurses into each nested part.
        raise InputError(source, f"{where}is a single-file web page (MHT) whose parts nest "
                                 "too deep to read") from None
    raise InputError(source, f"{where}is a single-file web page (MHT) that holds no HTML page")


def decode(data: bytes, charset: str | None) -> str:
    """``data`` as text, in the encoding found as the module docstring says."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if charset is None:
        found = _DECLARED_CHARSET.search(data[:4096].decode("latin-1"))
        if found:
            charset = found.group(1) or found.group(2)
    codec = _codec(charset)
    if codec is not None:
        try:
            return data.decode(codec, errors="replace")
        except LookupError:  # a codec that is not a text encoding ("base64", "rot13")
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip()).name
    except (LookupError, ValueError):
        return None
    # A page of bytes that says it is UTF-16 is mistaken (as browsers also assume),
    # and latin-1 is in practice always windows-1252, its superset.
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
