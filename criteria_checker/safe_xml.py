"""Parse untrusted XML without ever expanding, fetching or trusting anything.

Specifications arrive from outside: an XML file, or the XML parts inside a
DOCX. Both go through :func:`parse_untrusted`, which refuses any document
carrying a DTD (the vehicle of XXE, "billion laughs" and external-DTD
attacks) instead of trying to parse it safely, and never touches the network
or the file system.

Why the DTD search runs over the whole document, before parsing: with entity
resolution off, libxml2 still opens a *local* external DTD while it parses,
before any check after parsing could refuse it. A DOCTYPE after a long
comment, or spelt in UTF-32 or UTF-7, would make it open whatever file the
DTD names (a FIFO or a device would hang the tool). So only encodings whose
spelling of "<!DOCTYPE" we know are accepted, the whole input is searched,
and a resolver answers any request libxml2 still makes with nothing.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criteria_checker.compiled_cache import regex
from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

#: Largest XML document accepted, before any parsing.
MAX_XML_BYTES = 32 * 1024 * 1024

_ACCEPTED_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii",
                                 "iso8859-1", "iso8859-15", "cp1252"})
_DECLARED_ENCODING = regex(r"""^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
# How libxml2 recognises UTF-16: a byte-order mark, or "<" as a 16-bit character.
_UTF16_STARTS = {b"\xff\xfe": "utf-16-le", b"<\x00": "utf-16-le",
                 b"\xfe\xff": "utf-16-be", b"\x00<": "utf-16-be"}
_UTF32_STARTS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"<\x00\x00\x00", b"\x00\x00\x00<")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DTD_KEYWORDS = ("DOCTYPE", "ENTITY")


def refuse_hidden_dtd(data: bytes, source: str | Path, *, part: str | None = None) -> None:
    """Refuse a DTD anywhere in ``data``, in any encoding libxml2 would decode."""
    where = f" ({part})" if part else ""
    if data.startswith(_UTF32_STARTS):
        raise InputError(source, f"XML{where} in UTF-32 is not accepted; save the file as UTF-8")
    wide = _UTF16_STARTS.get(data[:2])
    bom = next((m for m in _BOMS if data.startswith(m)), b"")
    head = data[len(bom):len(bom) + 512].decode(wide or "latin-1", errors="replace")
    declared = _DECLARED_ENCODING.match(head)
    if declared:
        name = declared.group(1)
        try:
            known = codecs.lookup(name).name
        except (LookupError, ValueError):  # ValueError: a NUL inside the declared name
            known = ""
        if known not in _ACCEPTED_ENCODINGS:
            raise InputError(source, f"XML{where} encoding {name!r} is not accepted; save the "
                                     "file as UTF-8")
    for spelling in ("utf-16-le", "utf-16-be") if wide else ("latin-1",):
        if _declares_dtd(data, spelling):
            raise InputError(source, f"XML{where} declares a DTD or entities; these are "
                                     "refused for safety (remove the <!DOCTYPE ...> "
                                     "declaration)")


def _declares_dtd(data: bytes, spelling: str) -> bool:
    # "<!" is rare in real documents (comments, CDATA), so finding it with
    # bytes.find and looking at what follows is much cheaper than searching
    # a lower-cased copy of the whole input for each keyword.
    opener = "<!".encode(spelling)
    width = len(opener) // 2
    start = data.find(opener)
    while start != -1:
        tail = data[start + len(opener):start + len(opener) + 16 * width]
        word = tail.decode(spelling, errors="ignore").lstrip().upper()
        if word.startswith(_DTD_KEYWORDS):
            return True
        start = data.find(opener, start + 1)
    return False


def _parser() -> etree.XMLParser:
    from lxml import etree

    class _NothingResolver(etree.Resolver):
        # Any external resource libxml2 asks for resolves to an empty document.
        # (lxml-stubs predate the context argument and resolve_empty.)
        def resolve(  # type: ignore[override]
            self, system_url: str, public_id: str, context: Any,
        ) -> Any:
            return self.resolve_empty(context)  # type: ignore[attr-defined]

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )
    parser.resolvers.add(_NothingResolver())
    return parser


def parse_untrusted(data: bytes, source: str | Path, *, part: str | None = None) -> etree._Element:
    """Parse ``data`` as XML, or raise InputError naming ``source`` (and the DOCX ``part``).

    Refused: more than MAX_XML_BYTES, a DOCTYPE or ENTITY declaration
    anywhere, an encoding we cannot search, malformed XML. Returns the root
    element; elements keep ``sourceline``.
    """
    from lxml import etree

    where = f" ({part})" if part else ""
    if len(data) > MAX_XML_BYTES:
        raise InputError(source, f"XML{where} is {len(data):,} bytes, over the limit of "
                                 f"{MAX_XML_BYTES:,}")
    refuse_hidden_dtd(data, source, part=part)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = f"line {exc.lineno}: " if exc.lineno else ""
        message = _clean_lxml_message(str(exc.msg))
        raise InputError(source, f"XML{where} is not well-formed: {line}{message}") from None
    except ValueError as exc:  # e.g. an unsupported encoding declaration
        raise InputError(source, f"XML{where} cannot be parsed: {exc}") from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise InputError(source, f"XML{where} declares a DTD; this is refused for safety")
    return root


def _clean_lxml_message(message: str) -> str:
    # libxml2 appends ", line N, column M"; we already say the line. It also quotes
    # the offending text, line breaks included, and an error is one line.
    message = re.sub(r",\s*line \d+, column \d+$", "", message.strip())
    return " ".join(message.split())
