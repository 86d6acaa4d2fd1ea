"""Read a qualification specification saved as a web page (.htm, .html, .mht).

Word's "Web Page" and "Single File Web Page" and the exports of course
builders and content systems save a specification as HTML. The page is
converted as Word would convert it on opening (:mod:`.wordml`) and read by
the DOCX reader's layout recognition, so it is read exactly as the same
document saved as .docx. Locations name the converted page: "table 3, row
2" counts the page's tables as Word shows them, and paths start at
/html/body.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from criteria_checker.model.spec import QualificationSpec


def read_web_spec(path: str | Path) -> QualificationSpec:
    """Read a web page (HTML, XHTML or MHT) into the model, or raise a one-line InputError."""
    from criteria_checker.readers.docx.numbering import W_MAIN
    from criteria_checker.readers.docx.reader import interpret_blocks
    from criteria_checker.readers.web.blocks import page_blocks
    from criteria_checker.readers.web.page import parse_page, written_by_criteria_checker

    path = Path(path)
    data = _read_file(path)
    if written_by_criteria_checker(data[:4096]):
        # A report read as a specification finds its own headings and tables wanting.
        raise InputError(path, "is a page criteria-checker wrote (a report), not a "
                               "specification; check the specification it reports on")
    # As for a .docx: many small acyclic objects, which the cyclic collector would walk for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        blocks, page_headers = page_blocks(parse_page(data, path), path, "/html/body")
        return interpret_blocks(str(path), W_MAIN, blocks, page_headers)
    finally:
        if enabled:
            gc.enable()


def _read_file(path: Path) -> bytes:
    from criteria_checker.readers.docx.container import open_regular
    from criteria_checker.readers.web.page import MAX_PAGE_BYTES

    with open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_PAGE_BYTES:
                raise InputError(path, f"is a web page of {size:,} bytes, over the limit of "
                                       f"{MAX_PAGE_BYTES:,}")
            data = handle.read(MAX_PAGE_BYTES + 1)
        except OSError as exc:
            raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise InputError(path, "is empty (0 bytes)")
    return data
