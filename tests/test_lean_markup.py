"""Word's own markup is dropped before a document is parsed for reading, and only that.

A document read with the revision ids and run formatting Word saves reads
exactly as the same document without them, over layouts drawn at random;
nothing of a paragraph's text, nor markup other than the listed kinds, is
ever touched; light markup is passed through as it is.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from criteria_checker.errors import InputError
from criteria_checker.readers.docx.lean_markup import lean_document
from criteria_checker.readers.docx.reader import read_docx_spec
from tests.layouts import sample_from_seed, write

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:w14="{W14}"><w:body>')


def with_word_markup(docx: bytes) -> bytes:
    """The document with ids on every paragraph, row and run, and run formatting, as Word
    saves it (one paragraph in three keeps a style id, so properties stay non-empty)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read("word/document.xml"))
    etree.register_namespace("w14", W14)
    for i, element in enumerate(root.iter(f"{W}p", f"{W}tr", f"{W}r")):
        element.set(f"{W}rsidR", f"00{i % 9973:06X}")
        if element.tag != f"{W}r":
            element.set(f"{{{W14}}}paraId", f"{i:08X}")
        props_tag = f"{W}rPr" if element.tag == f"{W}r" else f"{W}pPr"
        if element.tag == f"{W}tr":
            continue
        props = element.find(props_tag)
        if props is None:
            props = etree.Element(props_tag)
            element.insert(0, props)
        for name, value in (("rFonts", "Arial"), ("sz", "20"), ("lang", "en-GB")):
            etree.SubElement(props, f"{W}{name}", {f"{W}val": value})
        etree.SubElement(props, f"{W}noProof")
    parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("seed", [0, 3, 7, 12, 21, 33])
@pytest.mark.parametrize("writer", ["python-docx", "pandoc"])
def test_a_document_with_words_markup_reads_as_without_it(tmp_path: Path, seed: int,
                                                          writer: str) -> None:
    plain = write(sample_from_seed(seed, writer))  # type: ignore[arg-type]
    dense = with_word_markup(plain)
    document = zipfile.ZipFile(io.BytesIO(dense)).read("word/document.xml")
    assert len(lean_document(document)) < len(document) // 2  # the pass did run
    path = tmp_path / "spec.docx"
    path.write_bytes(plain)
    expected = dataclasses.asdict(read_docx_spec(path))
    path.write_bytes(dense)
    assert dataclasses.asdict(read_docx_spec(path)) == expected


def _dense(body: str) -> bytes:
    """A document whose every paragraph carries Word's markup, around ``body``."""
    filler = ('<w:p w:rsidR="00A1B2C3" w14:paraId="1A2B3C4D"><w:pPr><w:rPr>'
              '<w:rFonts w:ascii="Arial"/><w:sz w:val="20"/></w:rPr></w:pPr>'
              '<w:r w:rsidRPr="00A1B2C3"><w:rPr><w:sz w:val="20"/></w:rPr>'
              '<w:t>x</w:t></w:r></w:p>') * 40
    return (HEAD + filler + body + "</w:body></w:document>").encode()


@pytest.mark.parametrize("kept", [
    # Text cannot hold a raw "<": markup spelt out in a paragraph stays as it is.
    '<w:p><w:r><w:t>&lt;w:sz w:val="2"/&gt; and w:rsidR="00A1B2C3" " w:rsidP="00"</w:t>'
    '</w:r></w:p>',
    # A start tag with an attribute besides its ids keeps them all.
    '<w:p w:rsidR="00A1B2C3" w:other="1"><w:r><w:t>y</w:t></w:r></w:p>',
    # Elements not listed, and listed ones holding something, stay.
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/></w:numPr>'
    '</w:pPr><w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t>z</w:t></w:r></w:p>',
    '<w:p><w:r><w:rPr><w:rFonts w:ascii="A&gt;B"/><w:color w:val="red">?</w:color>'
    '</w:rPr><w:t>q</w:t></w:r></w:p>',
    # Another prefix for another namespace is not Word's.
    '<v:sz xmlns:v="urn:x" v:val="1"/>',
])
def test_only_words_own_markup_goes(kept: str) -> None:
    lean = lean_document(_dense(kept))
    assert kept.replace('<w:rFonts w:ascii="A&gt;B"/>', "") in lean.decode() \
        or kept in lean.decode()
    assert b"rsid" not in lean.replace(kept.encode(), b"")
    etree.fromstring(lean)  # still well-formed


def test_an_attribute_value_holding_a_closing_bracket_keeps_its_element() -> None:
    kept = '<w:p><w:r><w:rPr><w:rFonts w:ascii="A>B"/></w:rPr><w:t>q</w:t></w:r></w:p>'
    assert kept.encode() in lean_document(_dense(kept))


def test_light_markup_and_other_namespaces_pass_through_untouched() -> None:
    light = (HEAD + '<w:p><w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t>x</w:t></w:r></w:p>' * 50
             + "</w:body></w:document>").encode()
    assert lean_document(light) is light
    other = _dense("").replace(f'xmlns:w="{W_NS}"'.encode(), b'xmlns:w="urn:other"')
    assert lean_document(other) is other


def test_a_malformed_document_is_reported_on_the_line_it_has_the_error(tmp_path: Path) -> None:
    data = _dense("").replace(b"<w:body>", b"<w:body>\n\n\n<w:p><w:r></w:p>", 1)
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", data)
    with pytest.raises(InputError) as caught:
        read_docx_spec(path)
    assert re.search(r"word/document\.xml\) is not well-formed: line 5: ", str(caught.value))


def test_a_run_of_spaces_keeps_its_spaces() -> None:
    """Text flagged xml:space="preserve" loses the flag, never a space (the parser keeps
    every space)."""
    body = ('<w:p><w:r><w:t>Unit</w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r>'
            '<w:r><w:t xml:space="preserve">501 </w:t></w:r></w:p>')
    root = etree.fromstring(lean_document(_dense(body)))
    last = root[0][-1]
    assert "".join(last.itertext()) == "Unit  501 "


def test_an_empty_paragraph_loses_its_ids_too() -> None:
    lean = lean_document(_dense('<w:p w:rsidR="00A1B2C3" w14:paraId="0A1B2C3D"/>'))
    assert lean.endswith(b"<w:p/></w:body></w:document>")
