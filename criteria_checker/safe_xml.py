"""Parse untrusted XML without ever expanding, fetching or trusting anything.

Specifications arrive from outside: an XML file, or the XML parts inside a
DOCX. Both go through :func:`parse_untrusted`, which refuses any document
carrying a DTD (the vehicle of XXE, "billion laughs" and external-DTD
attacks) instead of trying to parse it safely, and never touches the network.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

#: Largest XML document accepted, before any parsing.
MAX_XML_BYTES = 32 * 1024 * 1024

# A DTD may only appear in the prolog, before the root element. Matching the
# declaration in the raw bytes catches it before libxml2 reads a single entity
# declaration; the post-parse docinfo check catches encodings this misses.
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.IGNORECASE)
_DOCTYPE_UTF16 = re.compile(
    b"|".join(re.escape("<!DOCTYPE".encode(c)) for c in ("utf-16-le", "utf-16-be")),
    re.IGNORECASE,
)
_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_untrusted(data: bytes, source: str | Path, *, part: str | None = None) -> etree._Element:
    """Parse ``data`` as XML, or raise InputError naming ``source`` (and the DOCX ``part``).

    Refused: more than MAX_XML_BYTES, a DOCTYPE or ENTITY declaration,
    malformed XML. Returns the root element; elements keep ``sourceline``.
    """
    from lxml import etree

    where = f" ({part})" if part else ""
    if len(data) > MAX_XML_BYTES:
        raise InputError(source, f"XML{where} is {len(data):,} bytes, over the limit of "
                                 f"{MAX_XML_BYTES:,}")
    head = data[:65536]
    if _DOCTYPE.search(head) or _ENTITY.search(head) or _DOCTYPE_UTF16.search(head):
        raise InputError(source, f"XML{where} declares a DTD or entities; these are refused "
                                 "for safety (remove the <!DOCTYPE ...> declaration)")
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
    # libxml2 appends ", line N, column M"; we already say the line.
    return re.sub(r",\s*line \d+, column \d+$", "", message).strip()
