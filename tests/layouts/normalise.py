"""Make a .docx byte-for-byte reproducible, whichever program wrote it.

LibreOffice stamps every save with the time, a revision count, the editing
time and random revision ids (rsids); ZIP entries carry the time too. None
of it is content, so it is fixed: entries in a fixed order with a fixed
date, core properties with fixed dates, rsid attributes and the settings'
rsid list removed.
"""

from __future__ import annotations

import io
import re
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FIXED_TIMESTAMP = "2025-09-01T00:00:00Z"
_RSID_ATTRIBUTE = re.compile(rb'\s+w:rsid\w*="[^"]*"')
_RSID_LIST = re.compile(rb"<w:rsids>.*?</w:rsids>|<w:rsids/>", re.DOTALL)
_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_REVISION = re.compile(rb"<cp:revision>\d+</cp:revision>")
_TOTAL_TIME = re.compile(rb"<TotalTime>\d+</TotalTime>")


def _member_order(name: str) -> tuple[int, str]:
    return (0 if name == "[Content_Types].xml" else 1, name)


def normalise_member(name: str, data: bytes) -> bytes:
    if name.startswith("word/") and name.endswith(".xml"):
        data = _RSID_ATTRIBUTE.sub(b"", data)
        if name == "word/settings.xml":
            data = _RSID_LIST.sub(b"", data)
    elif name == "docProps/core.xml":
        data = _CORE_DATE.sub(rb"\g<1>" + FIXED_TIMESTAMP.encode() + rb"\g<2>", data)
        data = _REVISION.sub(b"<cp:revision>1</cp:revision>", data)
    elif name == "docProps/app.xml":
        data = _TOTAL_TIME.sub(b"<TotalTime>0</TotalTime>", data)
    return data


def normalised_docx(data: bytes) -> bytes:
    """The same document with every varying stamp fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=_member_order):
            entry = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, normalise_member(name, source.read(name)))
    return out.getvalue()
