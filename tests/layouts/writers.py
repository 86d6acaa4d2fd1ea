"""The writers behind one call, each refusing what it cannot express."""

from __future__ import annotations

from collections.abc import Sequence

from .dimensions import WRITER_FEATURES, Writer
from .ir import Document, features_of, newline_texts


class UnsupportedLayout(ValueError):
    """A document needs features its writer cannot write."""


def check_supported(document: Document, writer: Writer) -> None:
    missing = features_of(document) - WRITER_FEATURES[writer]
    if missing:
        raise UnsupportedLayout(f"the {writer} writer cannot write {sorted(missing)}")
    broken = newline_texts(document)
    if broken:
        raise ValueError(f"a run holds a newline, which writers render differently: {broken[0]!r}")


def write_documents(items: Sequence[tuple[Document, Writer]]) -> list[bytes]:
    """Every document as .docx bytes by its writer; LibreOffice converts in one process."""
    for document, writer in items:
        check_supported(document, writer)
    out: dict[int, bytes] = {}
    libreoffice = [i for i, (_, writer) in enumerate(items) if writer == "libreoffice"]
    if libreoffice:
        from .write_libreoffice import convert_all

        converted = convert_all([items[i][0] for i in libreoffice])
        out.update(zip(libreoffice, converted, strict=True))
    for i, (document, writer) in enumerate(items):
        if writer == "python-docx":
            from .write_docx import write_python_docx

            out[i] = write_python_docx(document)
        elif writer == "pandoc":
            from .write_pandoc import write_pandoc

            out[i] = write_pandoc(document)
        elif writer == "web":
            from .write_web import write_web

            out[i] = write_web(document)
    return [out[i] for i in range(len(items))]
