"""Specifications as web pages: saved as HTML or MHT, or embedded whole in a .docx.

A web export (a course builder, a document generator, html-docx-js) often
writes a .docx that holds nothing but a web page for Word to convert when it
opens the file (``w:altChunk``), and Word itself saves a document as a web
page (.htm, or a single-file .mht). These are read as Word would convert
them. The layout generator proves the reading on random layouts
(tests/test_layouts.py, the "web" writer); here are the house styles of the
writers that make such pages, the conversion's own rules, where embedded
content sits among a document's tables, what is still not read (and said),
and hostile pages.
"""

from __future__ import annotations

import io
import quopri
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_docx_reader import W_NS, p, tbl, tr
from test_docx_real_layouts import FACTS, GRID_HEADER, refs, unit_table

from criteria_checker.annotate.document import annotate_file
from criteria_checker.errors import InputError
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers import read_spec, sniff_format
from criteria_checker.readers.docx.blocks import MERGE_CONTINUE, MERGE_NONE, MERGE_RESTART, Para
from criteria_checker.readers.docx.blocks import Table as BlockTable
from criteria_checker.readers.web.blocks import page_blocks
from criteria_checker.readers.web.page import parse_page

ROOT = Path(__file__).resolve().parent.parent
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TITLE = ("Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service "
         "(England)")

#: Word's "Web Page, Filtered": Mso classes, spans with lang, &nbsp; spacers, list
#: numbers written out as text, a section div, conditional comments, a style sheet.
WORD_PAGE = f"""<html>
<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=Generator content="Microsoft Word 15 (filtered)">
<style>
<!--
p.MsoNormal {{margin:0cm; font-size:11.0pt;}}
.MsoChpDefault {{font-family:"Calibri",sans-serif;}}
-->
</style>
</head>
<body lang=EN-GB style='word-wrap:break-word'>
<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026"/></xml><![endif]-->
<div class=WordSection1>
<p class=MsoTitle><span lang=EN-GB>{TITLE}</span></p>
<p class=MsoNormal><span lang=EN-GB>&nbsp;</span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none'>
 <tr><td width=200 valign=top><p class=MsoNormal><b><span lang=EN-GB>Qualification
  number</span></b></p></td>
  <td width=400 valign=top><p class=MsoNormal><span lang=EN-GB>610/4217/1</span></p></td></tr>
 <tr><td valign=top><p class=MsoNormal><b>Level</b></p></td>
  <td valign=top><p class=MsoNormal>5</p></td></tr>
 <tr><td valign=top><p class=MsoNormal><b>Guided learning hours (GLH)</b></p></td>
  <td valign=top><p class=MsoNormal>480</p></td></tr>
 <tr><td valign=top><p class=MsoNormal><b>Total qualification time (TQT)</b></p></td>
  <td valign=top><p class=MsoNormal>920</p></td></tr>
</table>
<p class=MsoNormal>&nbsp;</p>
<h2><span lang=EN-GB>Unit 501: Leadership</span></h2>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td><p class=MsoNormal><b>Unit reference number</b></p></td>
  <td><p class=MsoNormal>H/650/2114</p></td></tr>
 <tr><td><p class=MsoNormal><b>Level</b></p></td><td><p class=MsoNormal>5</p></td></tr>
 <tr><td><p class=MsoNormal><b>Guided learning hours</b></p></td>
  <td><p class=MsoNormal>20</p></td></tr>
 <tr><td><p class=MsoNormal><b>Credit value</b></p></td><td><p class=MsoNormal>3</p></td></tr>
</table>
<p class=MsoNormal>&nbsp;</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <thead><tr><td><p class=MsoNormal><b>Learning outcomes</b></p>
  <p class=MsoNormal>The learner will:</p></td>
  <td><p class=MsoNormal><b>Assessment criteria</b></p>
  <p class=MsoNormal>The learner can:</p></td>
  <td><p class=MsoNormal><b>Skills for Care criteria</b></p></td></tr></thead>
 <tr><td rowspan=2 valign=top><p class=MsoNormal>1.<span
  style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span>Understand
  leadership</p></td>
  <td><p class=MsoNormal>1.1&nbsp; Explain leadership</p></td>
  <td><p class=MsoNormal>LMAC5A/LM/A.1</p></td></tr>
 <tr><td><p class=MsoNormal>1.2&nbsp; Compare leadership styles</p></td>
  <td><p class=MsoNormal>LMAC5A/LM/A.2,<br>LMAC5A/LM/A.3</p></td></tr>
 <tr><td valign=top><p class=MsoNormal>2.&nbsp;&nbsp; Be able to lead a team</p></td>
  <td><p class=MsoNormal>2.1&nbsp; Agree team objectives</p></td>
  <td><p class=MsoNormal>LMAC5A/LM/B.1</p></td></tr>
</table>
</div>
</body>
</html>
"""

#: Google Docs' export: bold only through class rules of its style sheet, spans everywhere,
#: the title in class "title", facts as bold labels followed by their values.
GOOGLE_PAGE = f"""<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">
<style type="text/css">.c1{{font-weight:700;font-size:11pt}}.c2{{font-weight:400}}
.c3{{padding-top:0pt}}.title{{font-size:26pt}}</style></head>
<body class="c3 doc-content">
<p class="title" id="h.1"><span class="c2">{TITLE}</span></p>
<p class="c3"><span class="c1">Qualification number:</span><span class="c2"> 610/4217/1</span></p>
<p class="c3"><span class="c1">Level:</span><span class="c2"> 5</span></p>
<p class="c3"><span class="c1">Guided learning hours (GLH):</span><span class="c2"> 480</span></p>
<p class="c3"><span class="c1">Total qualification time (TQT):</span><span class="c2">
920</span></p>
<h2 class="c3" id="h.2"><span class="c2">Unit 501: Leadership</span></h2>
<table class="c3"><tbody>
<tr class="c3"><td class="c3" colspan="1" rowspan="1"><p class="c3"><span class="c1">Unit reference
number</span></p></td><td class="c3" colspan="1" rowspan="1"><p class="c3">
<span class="c2">H/650/2114</span></p></td></tr>
<tr><td colspan="1" rowspan="1"><p><span class="c1">Level</span></p></td>
<td colspan="1" rowspan="1"><p><span class="c2">5</span></p></td></tr>
<tr><td colspan="1" rowspan="1"><p><span class="c1">Guided learning hours</span></p></td>
<td colspan="1" rowspan="1"><p><span class="c2">20</span></p></td></tr>
<tr><td colspan="1" rowspan="1"><p><span class="c1">Credit value</span></p></td>
<td colspan="1" rowspan="1"><p><span class="c2">3</span></p></td></tr>
<tr><td colspan="1" rowspan="1"><p><span class="c1">Skills for Care criteria</span></p></td>
<td colspan="1" rowspan="1"><p><span class="c2">LMAC5A/LM</span></p></td></tr>
</tbody></table>
<table><tbody>
<tr><td colspan="1" rowspan="1"><p>
<span class="c1">Learning outcomes - The learner will:</span></p></td>
<td colspan="1" rowspan="1"><p>
<span class="c1">Assessment criteria - The learner can:</span></p></td></tr>
<tr><td colspan="1" rowspan="2"><p><span class="c2">1 Understand leadership</span></p></td>
<td colspan="1" rowspan="1"><p><span class="c2">1.1 Explain leadership</span></p></td></tr>
<tr><td colspan="1" rowspan="1"><p>
<span class="c2">1.2 Compare leadership styles</span></p></td></tr>
</tbody></table>
</body></html>
"""

WORD_REFS = {"H/650/2114 AC1.1": ["LMAC5A/LM/A.1"],
             "H/650/2114 AC1.2": ["LMAC5A/LM/A.2", "LMAC5A/LM/A.3"],
             "H/650/2114 AC2.1": ["LMAC5A/LM/B.1"]}


def outline(spec: QualificationSpec) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """Each unit's outcomes and criteria as (number, text)."""
    return [(unit.key, outcome.number or "", [(c.number or "", [c.text]) for c in outcome.criteria])
            for unit in spec.units for outcome in unit.outcomes]


def mht(page: bytes, charset: str) -> bytes:
    """``page`` as Word saves a single-file web page: MIME, quoted-printable."""
    return (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; '
            b'boundary="----=_NextPart_01DA0000"\r\n\r\nThis document is a Single File Web '
            b'Page, also known as a Web Archive file.\r\n\r\n------=_NextPart_01DA0000\r\n'
            b'Content-Location: file:///C:/spec.htm\r\nContent-Transfer-Encoding: '
            b'quoted-printable\r\nContent-Type: text/html; charset="' + charset.encode()
            + b'"\r\n\r\n' + quopri.encodestring(page) + b"\r\n\r\n------=_NextPart_01DA0000--\r\n")


def docx_embedding(folder: Path, body: str, parts: dict[str, tuple[str, bytes | None]],
                   name: str = "spec.docx") -> Path:
    """A .docx whose ``body`` names embedded ``parts``: rId -> (target, bytes or None).

    A target with no bytes is not in the package (or, if it is a URL, external).
    """
    external = ' TargetMode="External"'
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{R_NS}/aFChunk" Target="{target}"'
        f'{external if target.startswith("http") else ""}/>'
        for rid, (target, _) in parts.items())
    types = {"mht": "message/rfc822", "htm": "text/html", "xhtml": "application/xhtml+xml",
             "rtf": "application/rtf", "txt": "text/plain"}
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in types.items())
            + "</Types>"))
        archive.writestr("word/document.xml", (
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}<w:sectPr/>'
            "</w:body></w:document>"))
        archive.writestr("word/_rels/document.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{rels}</Relationships>'))
        for target, data in parts.values():
            if data is not None:
                archive.writestr(f"word/{target}", data)
    return path


def chunk(rel_id: str) -> str:
    return f'<w:altChunk r:id="{rel_id}"/>'


# -- the same page, however it is saved or embedded ---------------------------------------------

FORMS = {
    "htm": lambda page: ("spec.htm", page.encode("cp1252")),
    "mht": lambda page: ("spec.mht", mht(page.encode("cp1252"), "windows-1252")),
    # Word 2003 and some exports save a web page under the .doc name.
    "doc": lambda page: ("spec.doc", page.encode("cp1252")),
    "utf-8 with a byte-order mark": lambda page: (
        "spec.html", b"\xef\xbb\xbf" + page.replace("windows-1252", "utf-8").encode("utf-8")),
}
EMBEDDED = {
    "mht": lambda page: ("afchunk.mht", mht(page.encode("utf-8"), "utf-8")),
    "html": lambda page: ("afchunk.htm", page.encode("cp1252")),
    "xhtml": lambda page: ("afchunk.xhtml", (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        + page.split("<html>", 1)[1].replace("<br>", "<br/>")).encode("utf-8")),
}


@pytest.mark.parametrize("form", FORMS)
def test_a_word_web_page_reads_as_its_document(tmp_path: Path, form: str) -> None:
    name, data = FORMS[form](WORD_PAGE.replace("Leading and", "Leading\u00a0and"))
    path = tmp_path / name
    path.write_bytes(data)
    spec = read_spec(path)
    assert spec.title == TITLE
    assert (spec.qualification_number, spec.glh, spec.tqt) == ("610/4217/1", 480, 920)
    assert [(u.reference, u.title, u.glh, u.credit) for u in spec.units] == [
        ("H/650/2114", "Leadership", 20, 3)]
    assert outline(spec) == [
        ("H/650/2114", "1", [("1.1", ["Explain leadership"]),
                             ("1.2", ["Compare leadership styles"])]),
        ("H/650/2114", "2", [("2.1", ["Agree team objectives"])])]
    assert refs(spec) == WORD_REFS
    assert spec.reading_notes == []


@pytest.mark.parametrize("form", EMBEDDED)
def test_a_page_embedded_in_a_docx_reads_as_its_document(tmp_path: Path, form: str) -> None:
    target, data = EMBEDDED[form](WORD_PAGE)
    spec = read_spec(docx_embedding(tmp_path, chunk("htmlChunk"), {"htmlChunk": (target, data)}))
    assert spec.title == TITLE
    assert refs(spec) == WORD_REFS
    assert spec.reading_notes == []
    assert spec.units[0].location.path == "/w:document/w:body/w:altChunk[1]/w:p[2]"


def test_a_google_docs_page_marks_bold_by_class(tmp_path: Path) -> None:
    path = tmp_path / "spec.html"
    path.write_text(GOOGLE_PAGE, encoding="utf-8")
    spec = read_spec(path)
    assert (spec.title, spec.qualification_number, spec.glh, spec.tqt) == (
        TITLE, "610/4217/1", 480, 920)
    assert refs(spec) == {"H/650/2114": ["LMAC5A/LM"]}
    assert outline(spec) == [("H/650/2114", "1", [("1.1", ["Explain leadership"]),
                                                  ("1.2", ["Compare leadership styles"])])]


def test_a_title_only_in_a_page_header_written_into_the_page(tmp_path: Path) -> None:
    """LibreOffice writes a document's page header into the page as a titled div."""
    path = tmp_path / "spec.html"
    path.write_text(WORD_PAGE.replace("<p class=MsoTitle>", '<div title="header"><p>')
                    .replace(f"{TITLE}</span></p>", f"{TITLE}</span></p></div>"),
                    encoding="cp1252")
    spec = read_spec(path)
    assert spec.title == TITLE
    assert refs(spec) == WORD_REFS


def test_embedded_tables_are_numbered_among_the_documents_own(tmp_path: Path) -> None:
    """FACTS is table 1; the page's two tables are 2 and 3; the table after it is 4."""
    page = ("<html><body><h2>Unit 501: Leadership</h2>"
            "<table><tr><td>Unit reference number</td><td>H/650/2114</td></tr>"
            "<tr><td>Level</td><td>5</td></tr><tr><td>Guided learning hours</td><td>20</td></tr>"
            "<tr><td>Credit value</td><td>3</td></tr></table>"
            "<table><tr><th>Learning outcomes</th><th>Assessment criteria</th></tr>"
            "<tr><td>1 Understand leadership</td><td>1.1 Explain leadership</td></tr></table>"
            "</body></html>")
    path = docx_embedding(tmp_path, FACTS + chunk("c1") + tbl(
        tr("Ref", "Where"), tr("LMAC5A/LM/A.1", "handbook, page 4"),
        tr("LMAC5A/LM/A.2", "handbook, page 5")), {"c1": ("page.htm", page.encode())})
    spec = read_spec(path)
    assert [n.message for n in spec.reading_notes] == [
        "Table 4 holds 2 criteria references but its layout was not understood (first row: "
        "'Ref', 'Where'), so nothing in it was read"]
    assert [u.reference for u in spec.units] == ["H/650/2114"]


# -- what is still not read, and said once ------------------------------------------------------

NOT_READ = ("The document embeds {n} part{s} in another format (HTML, RTF or another document, "
            "as web exports write them), which Word converts only when it opens the file, so "
            "{they} not read: open the file in Word, save it, and check the saved file")


@pytest.mark.parametrize("parts", [
    pytest.param({"r1": ("part.rtf", b"{\\rtf1\\ansi Unit 502}")}, id="rtf"),
    pytest.param({"r1": ("https://example.org/unit.htm", None)}, id="external"),
    pytest.param({"r1": ("missing.htm", None)}, id="missing from the package"),
    pytest.param({"r1": ("empty.htm", b"  \n ")}, id="an empty page"),
    pytest.param({"r1": ("page.mht", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; "
                                     b"boundary=b\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\n"
                                     b"x\r\n--b--\r\n")}, id="an archive without a page"),
])
def test_embedded_content_that_cannot_be_read_is_noted(
        tmp_path: Path, parts: dict[str, tuple[str, bytes | None]]) -> None:
    body = FACTS + p("Unit 501: Leadership", style="Heading2") + unit_table() + tbl(
        GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership")) + chunk("r1")
    spec = read_spec(docx_embedding(tmp_path, body, parts))
    assert [(n.kind, n.message, n.location.path) for n in spec.reading_notes] == [
        ("not-understood", NOT_READ.format(n=1, s="", they="it was"),
         "/w:document/w:body/w:altChunk[1]")]


def test_only_the_parts_not_read_are_counted(tmp_path: Path) -> None:
    page = WORD_PAGE.encode("cp1252")
    spec = read_spec(docx_embedding(tmp_path, chunk("a") + chunk("b") + chunk("c"), {
        "a": ("spec.htm", page), "b": ("unit.rtf", b"{\\rtf1}"),
        "c": ("https://example.org/notes.htm", None)}))
    assert refs(spec) == WORD_REFS
    assert [n.message for n in spec.reading_notes] == [
        NOT_READ.format(n=2, s="s", they="they were")]


def test_embedded_plain_text_is_a_paragraph_per_line(tmp_path: Path) -> None:
    text = ("Unit reference number: H/650/2114\r\n\r\nLevel: 5\nGuided learning hours: 20\n"
            "Credit value: 3\n")
    body = FACTS + p("Unit 501: Leadership", style="Heading2") + chunk("t") + tbl(
        GRID_HEADER, tr("1 Understand leadership", "1.1 Explain leadership"))
    spec = read_spec(docx_embedding(tmp_path, body, {"t": ("unit.txt", text.encode())}))
    assert [(u.reference, u.title, u.glh, u.credit) for u in spec.units] == [
        ("H/650/2114", "Leadership", 20, 3)]


# -- the conversion, rule by rule ---------------------------------------------------------------

def blocks_of(html: str) -> list[object]:
    """What the walk makes of a page: paragraphs as (text, heading, listed, number), tables
    as rows of (text, col, span, merge) per cell."""
    out: list[object] = []
    for block in page_blocks(parse_page(html.encode("utf-8"), "page.htm"), "page.htm",
                             "/html/body")[0]:
        if isinstance(block, Para):
            out.append((block.text, block.heading, block.listed, block.number))
        elif isinstance(block, BlockTable):
            out.append([[(c.text, c.col, c.span, c.merge) for c in row.cells]
                        for row in block.rows])
    return out


N, R, C = MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE


@pytest.mark.parametrize("html,expected", [
    pytest.param("<h1>Units</h1><h3>Unit 1</h3><p class='MsoTitle'>T</p><h2 class=title>U</h2>",
                 [("Units", 1, False, None), ("Unit 1", 3, False, None), ("T", 0, False, None),
                  ("U", 0, False, None)], id="headings and title"),
    pytest.param("<ol><li>a<li>b<ol type=a><li>c</ol><li>d</ol><ul><li>e</ul>"
                 "<ol start=4 type=I><li>f</ol>",
                 [("a", None, True, "1."), ("b", None, True, "2."), ("c", None, True, "a."),
                  ("d", None, True, "3."), ("e", None, True, None), ("f", None, True, "IV.")],
                 id="lists as the browser numbers them"),
    pytest.param("<div>lead text<p>para</p>tail <b>bold</b></div>",
                 [("lead text", None, False, None), ("para", None, False, None),
                  ("tail bold", None, False, None)], id="loose text becomes paragraphs"),
    pytest.param("<p>one<br>two</p><pre>a  b\nc</pre>",
                 [("one\ntwo", None, False, None), ("a b\nc", None, False, None)],
                 id="breaks and preformatted lines"),
    pytest.param("<head><title>T</title><style>p{}</style></head><body><script>x()</script>"
                 "<noscript>n</noscript><p>kept</p></body>",
                 [("kept", None, False, None)], id="no head, scripts or styles"),
    pytest.param("<dl><dt>GLH</dt><dd>480</dd><dt>Aim:</dt><dd>To <b>lead</b></dd>"
                 "<dt>Notes</dt><dd><p>a</p><p>b</p></dd></dl>",
                 [("GLH: 480", None, False, None), ("Aim: To lead", None, False, None),
                  ("Notes", None, False, None), ("a", None, False, None),
                  ("b", None, False, None)], id="a term and its definition as a fact"),
    pytest.param("<p>a &#1; b\u00a0c</p>", [("a b c", None, False, None)],
                 id="characters XML cannot hold"),
    pytest.param("<table><tr><td rowspan=2>L</td><td colspan=2>A</td></tr>"
                 "<tr><td>B</td><td>C</td></tr><tr><td>D</td></tr></table>",
                 [[[("L", 0, 1, R), ("A", 1, 2, N)], [("", 0, 1, C), ("B", 1, 1, N),
                   ("C", 2, 1, N)], [("D", 0, 1, N)]]], id="spans and merges"),
    pytest.param("<table><tr><td>a</td><td rowspan=0>b</td></tr><tr><td>c</td></tr>"
                 "<tr></tr></table>",
                 [[[("a", 0, 1, N), ("b", 1, 1, R)], [("c", 0, 1, N), ("", 1, 1, C)],
                   [("", 0, 1, N), ("", 1, 1, C)]]], id="rowspan 0 runs to the end"),
    pytest.param("<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr>"
                 "<tr><td>d</td></tr></table>",
                 [[[("a", 0, 1, N), ("b", 1, 1, N), ("c", 2, 1, R)],
                   [("d", 0, 1, N), ("", 1, 1, N), ("", 2, 1, C)]]],
                 id="a short row before a merged cell"),
    pytest.param("<table><tr><td><ol><li></li><li></li></ol></td><td>a<br>b</td></tr></table>",
                 [[[("1.\n2.", 0, 1, N), ("a\nb", 1, 1, N)]]],
                 id="empty items still show their numbers"),
    pytest.param("<div title=header><p>Running head</p></div><p>body</p>"
                 "<div title=footer><p>Page 1</p></div>",
                 [("body", None, False, None)], id="page header and footer written in"),
    pytest.param("<table><tr><td colspan=99999 rowspan=-3>a</td></tr></table>",
                 [[[("a", 0, 64, N)]]], id="spans out of reason"),
    pytest.param("<table><caption>Table 1: Units</caption><thead><tr><th>x</th><th>z</th>"
                 "</tr></thead><tbody><tr><td>y<table><tr><td>n1</td><td>n2</td></tr></table>"
                 "</td><td>w</td></tr></tbody></table>",
                 [("Table 1: Units", None, False, None),
                  [[("x", 0, 1, N), ("z", 1, 1, N)], [("y\nn1\nn2", 0, 1, N), ("w", 1, 1, N)]]],
                 id="caption, header row, nested table"),
    pytest.param("<table><tr><td><p>Key facts</p><table><tr><td>Level</td><td>5</td></tr>"
                 "</table></td></tr></table>",
                 [("Key facts", None, False, None), [[("Level", 0, 1, N), ("5", 1, 1, N)]]],
                 id="a one-column table holding tables is a frame"),
])
def test_the_page_converts_as_word_converts_it(html: str, expected: list[object]) -> None:
    assert blocks_of(html) == expected


@pytest.mark.parametrize("html,bold", [
    ("<p><b>Awarding body</b> Northfield Awards</p>", True),
    ("<p><strong>Awarding body:</strong> Northfield Awards</p>", True),
    ("<p><span style='font-weight:700'>Awarding body</span> Northfield Awards</p>", True),
    ("<style>.k{font-weight:bold}</style><p><span class=k>Awarding body</span> Northfield "
     "Awards</p>", True),
    ("<p><b><span style='font-weight:normal'>Awarding body</span></b> Northfield Awards</p>",
     False),
    ("<p>Awarding body Northfield Awards</p>", False),
])
def test_a_bold_label_is_read_whatever_makes_it_bold(tmp_path: Path, html: str,
                                                     bold: bool) -> None:
    # (A label the sentences of an overview are not read for: "GLH 480" is read either way.)
    page = (f"<html><body><p class=MsoTitle>{TITLE}</p>{html}<h2>Unit 501: Leadership</h2>"
            "<table><tr><td>Unit reference number</td><td>H/650/2114</td></tr></table>"
            "<table><tr><th>Learning outcomes</th><th>Assessment criteria</th></tr>"
            "<tr><td>1 Understand leadership</td><td>1.1 Explain leadership</td></tr></table>"
            "</body></html>")
    path = tmp_path / "spec.htm"
    path.write_text(page, encoding="utf-8")
    assert (read_spec(path).awarding_organisation == "Northfield Awards") is bold


# -- files that are not what they seem ----------------------------------------------------------

@pytest.mark.parametrize("data,problem", [
    (b"", "is empty (0 bytes)"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n"
     b"Content-Type: image/png\r\n\r\nx\r\n--b--\r\n",
     "is a single-file web page (MHT) that holds no HTML page"),
    (b"MIME-Version: 1.0\r\n" + b"".join(
        b'Content-Type: multipart/related; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(3000)) + b"Content-Type: text/html\r\n\r\n<p>x</p>\r\n",
     "is a single-file web page (MHT) whose parts nest too deep to read"),
    (b"<!DOCTYPE html><html><body><p>Minutes of the meeting</p></body></html>",
     "has no unit sections and no unit list: is this a qualification specification?"),
    (b"# Notes\n", "is neither a Word .docx document, a web page nor a specification XML file"),
])
def test_a_page_that_is_no_specification_is_one_line_error(tmp_path: Path, data: bytes,
                                                            problem: str) -> None:
    path = tmp_path / ("spec.mht" if data.startswith(b"MIME") else "spec.htm")
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_spec(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_a_page_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "spec.htm"
    with path.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(32 * 1024 * 1024 + 1)
    with pytest.raises(InputError) as caught:
        read_spec(path)
    assert str(caught.value) == (f"{path}: is a web page of 33,554,433 bytes, over the limit "
                                 "of 33,554,432")


@pytest.mark.parametrize("head,found", [
    (b"<!DOCTYPE html>\n<html>", "web"), (b"\xef\xbb\xbf<html lang=en>", "web"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x">', "web"),
    (b"<!-- saved from url=(0014)about:internet -->\n<html>", "web"),
    (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;", "web"),
    (b'<?xml version="1.0"?><qualification-spec>', "xml"),
    (b"<qualification-spec>", "xml"),
])
def test_web_pages_are_told_apart_by_content(tmp_path: Path, head: bytes, found: str) -> None:
    path = tmp_path / "spec.docx"
    path.write_bytes(head)
    assert sniff_format(path) == found


def test_annotate_asks_for_the_word_document(tmp_path: Path) -> None:
    path = tmp_path / "spec.htm"
    path.write_bytes(WORD_PAGE.encode("cp1252"))
    with pytest.raises(InputError) as caught:
        annotate_file(path)
    assert str(caught.value) == (
        f"{path}: is a web page; annotate writes comments into Word documents, so open the "
        "page in Word, save it as .docx and give it that (check reads web pages)")


def test_check_reads_a_web_page_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.htm"
    path.write_bytes(WORD_PAGE.encode("cp1252"))
    done = subprocess.run([sys.executable, "-m", "criteria_checker", "check", "--format", "json",
                           str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert '"rule_id": "COV001"' in done.stdout
    assert done.stderr == ""


def test_a_report_criteria_checker_wrote_is_not_read_as_a_specification(tmp_path: Path) -> None:
    spec, report = tmp_path / "spec.htm", tmp_path / "spec-report.html"
    spec.write_bytes(WORD_PAGE.encode("cp1252"))
    subprocess.run([sys.executable, "-m", "criteria_checker", "check", "--format", "html",
                    "--output", str(report), str(spec)], cwd=ROOT, timeout=120, check=False)
    done = subprocess.run([sys.executable, "-m", "criteria_checker", "check", str(report)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"criteria-checker: error: {report}: is a page criteria-checker wrote (a report), not a "
        "specification; check the specification it reports on\n")


# -- hostile pages ------------------------------------------------------------------------------

def test_nesting_as_deep_as_the_parser_allows_reads_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "deep.htm"
    deep = "<div><table><tr><td><ol><li><b>" * 20_000 + "x"
    path.write_text(f"<html><body><p class=MsoTitle>{TITLE}</p>{deep}</body></html>")
    started = time.process_time()
    with pytest.raises(InputError, match="has no unit sections"):
        read_spec(path)
    assert time.process_time() - started < 20


_TAGS = ["p", "div", "table", "tr", "td", "th", "thead", "ol", "ul", "li", "b", "span", "br",
         "h2", "pre", "caption", "style", "script", "tbody"]
_ATTRIBUTES = ["", " colspan=3", " rowspan=0", " rowspan=70000", " colspan=-1", " start=x",
               " type=I", " class=MsoTitle", " style='font-weight:900'", " rowspan='2'"]
_TEXT = st.sampled_from(["Unit 501: Leadership", "1.1 Explain", "LMAC5A/LM/A.1", "&#0;",
                         "&#x1F;", "\u00a0", "Level: 5", "<", "&", " ", "\u2713"])


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}{draw(st.sampled_from(_ATTRIBUTES))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(_TAGS))}>")
        else:
            parts.append(draw(_TEXT))
    return f"<html><body>{''.join(parts)}</body></html>".encode()


@settings(max_examples=80, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(page=pages(), embedded=st.booleans())
def test_any_tag_soup_is_read_or_refused_in_one_line(tmp_path: Path, page: bytes,
                                                     embedded: bool) -> None:
    path = (docx_embedding(tmp_path, chunk("r"), {"r": ("p.htm", page)}) if embedded
            else tmp_path / "soup.htm")
    if not embedded:
        path.write_bytes(page)
    for block in page_blocks(parse_page(page, path), path, "/html/body")[0]:
        if isinstance(block, BlockTable):
            for row in block.rows:
                columns = [c.col for c in row.cells]
                assert columns == sorted(columns) and all(c.span >= 1 for c in row.cells)
    try:
        read_spec(path)
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)


def test_a_zip_bomb_of_a_page_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                         f"<w:body>{chunk('r')}</w:body></w:document>")
        archive.writestr("word/_rels/document.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="r" Type="{R_NS}/aFChunk" Target="p.htm"/>'
            "</Relationships>"))
        archive.writestr("word/p.htm", b"<p>" + b" " * (70 * 1024 * 1024))
    path = tmp_path / "bomb.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(InputError) as caught:
        read_spec(path)
    assert str(caught.value) == f"{path}: word/p.htm expands more than 200:1 (a ZIP bomb?)"
