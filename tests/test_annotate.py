"""`criteria-checker annotate`: the findings as Word comments in a copy of the author's document.

What must hold for every DOCX the tool reads (specimens, the fixed layouts,
python-docx and pandoc files from the layout generator):

- the copy's word/document.xml is the input's once the comment anchors are
  taken out, and every member the comments do not need is copied byte for byte;
- reading the copy gives the same findings as reading the input;
- the same input gives the same bytes.

And for a non-conformant specimen, python-docx reads back the exact comments,
each anchored on the place its finding names.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from layouts import sample_from_seed, write
from layouts.write_flat import flat_opc
from lxml import etree

from criteria_checker.annotate import annotate_bytes, annotate_file
from criteria_checker.cli import main
from criteria_checker.engine.api import check_file
from criteria_checker.errors import InputError
from criteria_checker.model.report import Finding, Report

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
TITLE = "Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service (England)"
CHECKED = ("Checked against Qualification criteria: Level 5 Diploma in Leading and Managing an "
           "Adult Care Service (May 2021).")
WHERE = "Each finding is a comment on the part of the document it concerns."
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

DOCX_FILES = sorted([*SPECIMENS.glob("*.docx"), *LAYOUTS.glob("*.docx")])


# -- reading a copy back ---------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


def comments_of(path: Path) -> list[tuple[int, str, str | None, str]]:
    """(id, author, initials, text) of every comment, as python-docx reads them."""
    return [(c.comment_id, c.author, c.initials, c.text) for c in docx.Document(str(path)).comments]


def anchored(document_xml: bytes, ns: str = W) -> dict[int, str]:
    """Comment id -> the text its range covers, paragraphs parted by " | "."""
    root = etree.fromstring(document_xml)
    start, end, text, para = (f"{{{ns}}}commentRangeStart", f"{{{ns}}}commentRangeEnd",
                              f"{{{ns}}}t", f"{{{ns}}}p")
    open_ids: list[int] = []
    found: dict[int, list[str]] = {}
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start" and element.tag == start:
            comment_id = int(element.get(f"{{{ns}}}id"))
            open_ids.append(comment_id)
            found[comment_id] = [""]
        elif event == "start" and element.tag == end:
            open_ids.remove(int(element.get(f"{{{ns}}}id")))
        elif event == "start" and element.tag == text:
            for comment_id in open_ids:
                found[comment_id][-1] += element.text or ""
        elif event == "end" and element.tag == para:
            for comment_id in open_ids:
                found[comment_id].append("")
    return {key: " | ".join(part for part in parts if part) for key, parts in found.items()}


def references(document_xml: bytes, ns: str = W) -> list[int]:
    """The ids of the comment references, in document order; each right after its range's end."""
    root = etree.fromstring(document_xml)
    ids = []
    for reference in root.iter(f"{{{ns}}}commentReference"):
        run = reference.getparent()
        assert run is not None and run.tag == f"{{{ns}}}r"
        before = run.getprevious()
        assert before is not None
        if before.tag == f"{{{ns}}}r":  # several comments end in one paragraph
            before = before.getprevious()
        assert before is not None and before.tag == f"{{{ns}}}commentRangeEnd"
        ids.append(int(reference.get(f"{{{ns}}}id")))
    return ids


def without_anchors(document_xml: bytes, ns: str = W) -> bytes:
    """word/document.xml without comment ranges and reference runs, canonicalised."""
    root = etree.fromstring(document_xml)
    for mark in list(root.iter(f"{{{ns}}}commentRangeStart", f"{{{ns}}}commentRangeEnd")):
        mark.getparent().remove(mark)
    for reference in list(root.iter(f"{{{ns}}}commentReference")):
        run = reference.getparent()
        run.getparent().remove(run)
    return etree.tostring(root, method="c14n")


def raw_member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The member's compressed bytes as stored in the archive."""
    name_length, extra_length = struct.unpack_from("<2H", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    return data[start:start + info.compress_size]


def same_findings(report: Report, again: Report) -> None:
    def key(f: Finding) -> tuple[object, ...]:
        return (f.rule_id, f.severity, f.message, f.ref, f.location.locator, f.location.path)

    assert [key(f) for f in again.findings] == [key(f) for f in report.findings]
    assert again.passed == report.passed


def assert_faithful_copy(source: bytes, copy: bytes, folder: Path, report: Report,
                         ns: str = W) -> None:
    """The copy's body is the input's but for the anchors; other parts are kept as they are."""
    before, after = zipfile.ZipFile(io.BytesIO(source)), zipfile.ZipFile(io.BytesIO(copy))
    assert after.testzip() is None
    assert without_anchors(after.read("word/document.xml"), ns) == \
        without_anchors(before.read("word/document.xml"), ns)
    may_change = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml",
                  "word/comments.xml"}
    names = [info.filename for info in before.infolist()]
    assert [info.filename for info in after.infolist()][:len(names)] == names
    for info in before.infolist():
        if info.filename in may_change:
            continue
        kept = after.getinfo(info.filename)
        assert (kept.date_time, kept.compress_type, kept.CRC, kept.file_size,
                kept.external_attr) == (info.date_time, info.compress_type, info.CRC,
                                        info.file_size, info.external_attr), info.filename
        assert raw_member(copy, kept) == raw_member(source, info), info.filename
    # Read side by side, under names no mapping grid is paired with.
    (folder / "input.docx").write_bytes(source)
    path = folder / "copy.docx"
    path.write_bytes(copy)
    same_findings(check_file(folder / "input.docx"), check_file(path))
    commented = {int(c.get(f"{{{ns}}}id"))
                 for c in etree.fromstring(after.read("word/comments.xml"))
                 .iter(f"{{{ns}}}comment")}
    ranges = anchored(after.read("word/document.xml"), ns)
    assert set(references(after.read("word/document.xml"), ns)) == set(ranges) <= commented


# -- the comments on a specimen --------------------------------------------------------------


def test_comments_and_anchors_on_a_non_conformant_specimen(tmp_path: Path) -> None:
    data, report = annotate_file(SPECIMENS / "tqt-above-band.docx")
    out = tmp_path / "annotated.docx"
    out.write_bytes(data)
    help_of = {rule.id: rule.help for rule in report.rules}
    assert comments_of(out) == [
        (0, "criteria-checker", "CC",
         f"criteria-checker: does not conform — 3 errors, 0 warnings, 0 info\n{CHECKED}\n{WHERE}"),
        (1, "criteria-checker", "CC",
         f"HRS001 error: TQT 960 hours is above the required 900-950\n{help_of['HRS001']}"),
        (2, "criteria-checker", "CC",
         "OPT004 error: Under the rules of combination, a learner taking F/651/4471, "
         "H/651/4472, J/651/4473, R/651/4477, A/651/4480, D/651/4481 reaches a TQT of 980 "
         "hours, above the required 900-950\n"
         "OPT004 error: Under the rules of combination, a learner taking J/651/4473, "
         "M/651/4476, R/651/4477, T/651/4478, A/651/4480, D/651/4481 reaches a TQT of 960 "
         f"hours, above the required 900-950\n{help_of['OPT004']}"),
    ]
    document_xml = zipfile.ZipFile(out).read("word/document.xml")
    assert anchored(document_xml) == {
        0: TITLE,
        1: "Total qualification time (TQT) | 960",
        2: "Learners must achieve a minimum of 18 credits from the optional units.",
    }
    assert references(document_xml) == [0, 1, 2]


def test_findings_about_the_whole_document_share_one_comment_on_the_title(
        tmp_path: Path) -> None:
    data, report = annotate_file(SPECIMENS / "mappings-not-found.docx")
    out = tmp_path / "annotated.docx"
    out.write_bytes(data)
    help_of = {rule.id: rule.help for rule in report.rules}
    comments = comments_of(out)
    assert [text.splitlines()[0] for *_, text in comments] == [
        "criteria-checker: does not conform — 9 errors, 0 warnings, 0 info",
        "RDR002 error: No criteria references were found in the specification (32 units, "
        "353 assessment criteria; looked in " + report.findings[0].message.split(
            "looked in ", 1)[1]]
    whole = comments[1][3].splitlines()
    assert whole == [
        f"RDR002 error: {report.findings[0].message}", help_of["RDR002"],
        *(f"COV001 error: {f.message}" for f in report.findings[1:]), help_of["COV001"]]
    assert comments[0][3].endswith(
        "; findings about the whole document are in the next comment.")
    assert anchored(zipfile.ZipFile(out).read("word/document.xml")) == {0: TITLE, 1: TITLE}


def test_a_conformant_document_gets_the_verdict_only(tmp_path: Path) -> None:
    data, report = annotate_file(SPECIMENS / "conformant.docx")
    assert report.passed
    out = tmp_path / "annotated.docx"
    out.write_bytes(data)
    assert comments_of(out) == [
        (0, "criteria-checker", "CC",
         f"criteria-checker: conforms — 0 errors, 0 warnings, 0 info\n{CHECKED}")]


def test_a_mapping_grid_beside_the_document_is_joined_as_check_joins_it(
        tmp_path: Path) -> None:
    spec = tmp_path / "spec.docx"
    spec.write_bytes((SPECIMENS / "conformant.docx").read_bytes())
    (tmp_path / "spec.mapping.csv").write_text(
        "Criteria reference,Unit,Learning outcome,Assessment criterion\n"
        "LMAC5A/LM/A.1,H/650/9999,1,1.1\n", encoding="utf-8")
    data, report = annotate_file(spec)
    same_findings(check_file(spec), report)
    assert [f.rule_id for f in report.findings] == ["RDR004"]
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    whole = comments_of(out)[1][3].splitlines()[0]
    grid = tmp_path / "spec.mapping.csv"
    assert whole == f"RDR004 error: {report.findings[0].message} (in {grid}, row 2, column B)"
    assert annotate_bytes(spec.read_bytes(), "spec.docx")[1].passed  # nothing beside an upload


# -- every DOCX the tool reads ---------------------------------------------------------------


@pytest.mark.parametrize("path", DOCX_FILES, ids=[p.name for p in DOCX_FILES])
def test_copy_keeps_the_document_and_its_findings(path: Path, tmp_path: Path) -> None:
    source = path.read_bytes()
    data, report = annotate_file(path)
    same_findings(check_file(path), report)  # the report is check's
    assert_faithful_copy(source, data, tmp_path, report)
    assert path.read_bytes() == source
    assert annotate_file(path)[0] == data  # the same bytes every time


@pytest.mark.parametrize(("seed", "writer", "extras"), [
    (3, "python-docx", {"content-controls", "inline-controls", "tracked-changes",
                        "header-footer", "cover-page", "toc-field", "unrelated-table"}),
    (11, "python-docx", {"toc-simple", "change-log", "content-controls"}),
    (5, "pandoc", {"tracked-changes", "toc-field"}),
    (8, "pandoc", set()),
])
def test_generated_python_docx_and_pandoc_documents(seed: int, writer: str, extras: set[str],
                                                    tmp_path: Path) -> None:
    item = sample_from_seed(seed, writer)  # type: ignore[arg-type]
    item = replace(item, layout=replace(item.layout, extras=frozenset(extras)))
    from layouts import sample

    item = sample(item.layout, item.generated, item.writer, seed)
    source = write(item)
    path = tmp_path / f"{writer}.docx"
    path.write_bytes(source)
    data, report = annotate_file(path)
    assert report.findings  # random specifications break rules: there is something to place
    assert_faithful_copy(source, data, tmp_path, report)


# -- anchoring where the reader's view differs from the XML --------------------------------

TEXT_BOX = (
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
    "<w:p><w:r><w:t>Draft for consultation</w:t></w:r></w:p></w:txbxContent></w:drawing>"
    "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Draft for consultation"
    "</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")


def rezip(source: Path, target: Path, change: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target, "w",
                                                            zipfile.ZIP_DEFLATED) as after:
        for info in before.infolist():
            after.writestr(info, change.get(info.filename, before.read(info)))
    return target.read_bytes()


def test_anchors_when_text_boxes_and_wrapped_rows_shift_the_readers_numbering(
        tmp_path: Path) -> None:
    source = SPECIMENS / "tqt-above-band.docx"
    xml = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    # A text box after the title: the reader lifts its paragraph into the body,
    # so every later paragraph is one further on in its paths than in the XML.
    title_end = xml.index("</w:p>") + len("</w:p>")
    xml = xml[:title_end] + TEXT_BOX + xml[title_end:]
    # A content control around the second key-facts row: the reader still counts it.
    first_row_end = xml.index("</w:tr>") + len("</w:tr>")
    second_row_end = xml.index("</w:tr>", first_row_end) + len("</w:tr>")
    xml = (xml[:first_row_end] + "<w:sdt><w:sdtPr/><w:sdtContent>"
           + xml[first_row_end:second_row_end] + "</w:sdtContent></w:sdt>"
           + xml[second_row_end:])
    if "xmlns:mc=" not in xml[:2000]:
        xml = xml.replace("<w:document ", f'<w:document xmlns:mc="{MC}" ', 1)
    path = tmp_path / "shifted.docx"
    data = rezip(source, path, {"word/document.xml": xml.encode("utf-8")})
    original = check_file(source)
    annotated, report = annotate_file(path)
    assert [(f.rule_id, f.message) for f in report.findings] == \
        [(f.rule_id, f.message) for f in original.findings]
    rules_path = next(f.location.path for f in report.findings if f.rule_id == "OPT004")
    assert rules_path != next(f.location.path for f in original.findings
                          if f.rule_id == "OPT004")  # the reader's numbering did shift
    assert anchored(zipfile.ZipFile(io.BytesIO(annotated)).read("word/document.xml")) == {
        0: TITLE,
        1: "Total qualification time (TQT) | 960",
        2: "Learners must achieve a minimum of 18 credits from the optional units.",
    }
    assert_faithful_copy(data, annotated, tmp_path, report)


def test_a_finding_in_a_text_box_is_anchored_on_the_paragraph_holding_the_box(
        tmp_path: Path) -> None:
    source = SPECIMENS / "tqt-above-band.docx"
    xml = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    rule = "Learners must achieve a minimum of 18 credits from the optional units."
    start = xml.rindex("<w:p>", 0, xml.index(rule))
    end = xml.index("</w:p>", start) + len("</w:p>")
    boxed = TEXT_BOX.replace("Draft for consultation", rule)
    xml = xml[:start] + boxed.replace("<w:p><w:r><mc:", "<w:p><w:r><w:t>Rules: </w:t></w:r>"
                                      "<w:r><mc:", 1) + xml[end:]
    if "xmlns:mc=" not in xml[:2000]:
        xml = xml.replace("<w:document ", f'<w:document xmlns:mc="{MC}" ', 1)
    path = tmp_path / "boxed.docx"
    data = rezip(source, path, {"word/document.xml": xml.encode("utf-8")})
    annotated, report = annotate_file(path)
    assert "OPT004" in {f.rule_id for f in report.findings}
    ranges = anchored(zipfile.ZipFile(io.BytesIO(annotated)).read("word/document.xml"))
    # The range covers the paragraph anchoring the box (whose text includes the box's).
    assert ranges[2].startswith("Rules: ")
    assert_faithful_copy(data, annotated, tmp_path, report)


@pytest.mark.parametrize(("path", "locator", "text"), [
    (None, "table 1, row 5", "Total qualification time (TQT) | 960"),
    (None, 'unit H/651/4472, paragraph "Learners must achieve a minimum of 18..."',
     "Learners must achieve a minimum of 18 credits from the optional units."),
    ("/w:document/w:body/w:tbl[1]/w:tr[99]", "table 1, row 99",
     "Awarding organisation | Pass/Fail"),
    ("/w:document/w:body/w:tbl[1]/w:tr[5]/w:tc[2]", None, "960"),
    ("/w:document/w:body/w:p[999]", 'paragraph "Key facts"', "Key facts"),
    ("/word/header", None, None),
    (None, "table 99, row 1", None),
    (None, None, None),
])
def test_locations_without_a_usable_path_fall_back(path: str | None, locator: str | None,
                                                   text: str | None) -> None:
    """A path step naming nothing leaves the element reached; no path, the locator; else None."""
    from criteria_checker.annotate.document import _Copy, _Parts
    from criteria_checker.model.spec import SourceLocation
    from criteria_checker.readers.docx.container import read_docx_package

    source = SPECIMENS / "tqt-above-band.docx"
    package = read_docx_package(source)
    with zipfile.ZipFile(source) as archive:
        copy = _Copy(package, _Parts(archive, str(source)), check_file(source))
    element = copy.index.element_for(SourceLocation(file=str(source), path=path,
                                                    locator=locator))
    if text is None:
        assert element is None
        return
    assert element is not None
    span = copy.index.paragraph_span(element)
    assert span is not None
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in span]
    assert texts[0] == text.split(" | ")[0] and texts[-1] == text.split(" | ")[-1]


# -- packages: existing comments, missing parts, strict, odd ZIPs -----------------------------


def test_existing_comments_are_kept_and_ours_take_fresh_ids(tmp_path: Path) -> None:
    once, _ = annotate_file(SPECIMENS / "tqt-above-band.docx")
    first = tmp_path / "once.docx"
    first.write_bytes(once)
    twice, report = annotate_file(first)
    second = tmp_path / "twice.docx"
    second.write_bytes(twice)
    before, after = comments_of(first), comments_of(second)
    assert after[:len(before)] == before
    assert [c[0] for c in after[len(before):]] == [3, 4, 5]
    archive = zipfile.ZipFile(second)
    assert archive.read("word/_rels/document.xml.rels").count(COMMENTS_REL.encode()) == 1
    assert archive.read("[Content_Types].xml").count(b"/word/comments.xml") == 1
    assert archive.read("word/_rels/document.xml.rels") == \
        zipfile.ZipFile(first).read("word/_rels/document.xml.rels")
    ranges = anchored(archive.read("word/document.xml"))
    assert ranges[3] == ranges[0] == TITLE and ranges[4] == ranges[1] and ranges[5] == ranges[2]
    assert_faithful_copy(once, twice, tmp_path, report)


def minimal_docx(body: str, *, ns: str = W, rels: bool = False) -> bytes:
    """A small package: content types, document, and the document's relationships if asked.

    Without them, the .rels extension is not declared either (the annotated copy must add it).
    """
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             + ('<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                'package.relationships+xml"/>' if rels else "")
             + '<Override PartName="/word/document.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{ns}"><w:body>{body}<w:sectPr/></w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'relationships"><Relationship Id="rId1" Type="http://schemas.'
                         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                         'Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", document)
        if rels:
            archive.writestr("word/_rels/document.xml.rels",
                             '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                             '2006/relationships"><Relationship Id="rId1" Type="http://'
                             'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                             'styles" Target="styles.xml"/></Relationships>')
    return buffer.getvalue()


UNIT = ('<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Unit 1: Leading care'
        "</w:t></w:r></w:p>")


def test_package_without_document_relationships_gets_them(tmp_path: Path) -> None:
    source = minimal_docx("<w:p/><w:p><w:r><w:t>Level 5 Diploma</w:t></w:r></w:p>" + UNIT)
    data, report = annotate_bytes(source, "small.docx")
    archive = zipfile.ZipFile(io.BytesIO(data))
    rels = archive.read("word/_rels/document.xml.rels")
    assert COMMENTS_REL.encode() in rels and b'Target="comments.xml"' in rels
    types = archive.read("[Content_Types].xml")
    assert COMMENTS_TYPE.encode() in types and b'Extension="rels"' in types
    out = tmp_path / "small-annotated.docx"
    out.write_bytes(data)
    texts = [text for *_, text in comments_of(out)]
    assert texts[0].startswith("criteria-checker: does not conform — ")
    assert anchored(archive.read("word/document.xml"))[0] == "Level 5 Diploma"
    assert report.spec.file == "small.docx"
    assert_faithful_copy(source, data, tmp_path, report)


def test_relationship_ids_stay_unique(tmp_path: Path) -> None:
    source = minimal_docx(UNIT, rels=True)
    data, _ = annotate_bytes(source, "small.docx")
    rels = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels"))
    assert [(r.get("Id"), r.get("Type").rpartition("/")[2]) for r in rels] == \
        [("rId1", "styles"), ("rId2", "comments")]


def test_strict_open_xml_gets_strict_comments(tmp_path: Path) -> None:
    source = minimal_docx(UNIT, ns=W_STRICT)
    data, report = annotate_bytes(source, "strict.docx")
    archive = zipfile.ZipFile(io.BytesIO(data))
    comments = etree.fromstring(archive.read("word/comments.xml"))
    assert comments.tag == f"{{{W_STRICT}}}comments"
    assert b"http://purl.oclc.org/ooxml/officeDocument/relationships/comments" in \
        archive.read("word/_rels/document.xml.rels")
    assert anchored(archive.read("word/document.xml"), W_STRICT)[0] == "Unit 1: Leading care"
    assert_faithful_copy(source, data, tmp_path, report, W_STRICT)


def _cell(text: str) -> str:
    return f"<w:tc><w:p>{f'<w:r><w:t>{text}</w:t></w:r>' if text else ''}</w:p></w:tc>"


def test_a_title_in_a_table_cell_carries_the_verdict() -> None:
    """No paragraph outside a table: the first cell paragraph with text is the title."""
    rows = [("", "Unit title", "Level", "GLH", "Credit"),
            ("Y/651/4409", "Leading care", "5", "40", "6")]
    body = "<w:tbl><w:tblPr/>" + "".join(
        "<w:tr>" + "".join(_cell(text) for text in row) + "</w:tr>" for row in rows) + "</w:tbl>"
    data, report = annotate_bytes(minimal_docx(body), "list.docx")
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    placed = [f for f in report.findings if f.location.path is not None]
    assert placed and {f.location.path for f in placed} == {"/w:document/w:body/w:tbl[1]/w:tr[2]"}
    assert anchored(document) == {0: "Unit title", 1: "Unit title",
                                  2: "Y/651/4409 | Leading care | 5 | 40 | 6"}
    assert references(document) == [0, 1, 2]


def test_title_paragraph_of_a_body_without_paragraphs_is_made() -> None:
    from criteria_checker.annotate.anchors import BodyIndex

    root = etree.fromstring(f'<w:document xmlns:w="{W}"><w:body><w:sectPr/></w:body>'
                            "</w:document>")
    title = BodyIndex(W, root, root, None, []).title_paragraph()
    assert title.getparent() is root[0] and root[0].index(title) == 0


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes data descriptors after each member."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.data += chunk
        return len(chunk)


def test_members_with_data_descriptors_and_zip64_headers_are_copied(tmp_path: Path) -> None:
    source = SPECIMENS / "tqt-above-band.docx"
    stream = _Unseekable()
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(stream, "w") as after:
        for index, info in enumerate(before.infolist()):
            with after.open(zipfile.ZipInfo(info.filename, info.date_time), "w",
                            force_zip64=index % 2 == 0) as member:
                member.write(before.read(info))
    data = bytes(stream.data)
    assert any(i.flag_bits & 0x08 for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    annotated, report = annotate_bytes(data, "streamed.docx")
    assert_faithful_copy(data, annotated, tmp_path, report)
    out = tmp_path / "streamed-annotated.docx"
    out.write_bytes(annotated)
    assert len(comments_of(out)) == 3


def test_a_member_whose_local_header_names_another_is_refused() -> None:
    data = bytearray((SPECIMENS / "conformant.docx").read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("docProps/app.xml")
    name_at = info.header_offset + 30
    data[name_at:name_at + len("docProps/app.xml")] = b"docProps/xyz.xml"
    with pytest.raises(InputError) as error:
        annotate_bytes(bytes(data), "forged.docx")
    assert str(error.value) == ("forged.docx: is a damaged ZIP archive: member docProps/app.xml: "
                                "its local header names another member")


# -- the library on bytes ---------------------------------------------------------------------


def test_annotate_bytes_names_the_upload() -> None:
    data = (SPECIMENS / "tqt-above-band.docx").read_bytes()
    annotated, report = annotate_bytes(data, "upload.docx")
    assert report.spec.file == "upload.docx"
    assert {f.location.file for f in report.findings} == {"upload.docx"}
    assert annotated == annotate_file(SPECIMENS / "tqt-above-band.docx")[0]
    with pytest.raises(InputError) as error:
        annotate_bytes(b"%PDF-1.7\n", "upload.docx")
    assert str(error.value) == ("upload.docx: is a PDF file, not a Word .docx document; submit "
                                "the Word document")
    with pytest.raises(InputError) as error:
        annotate_bytes((SPECIMENS / "conformant.xml").read_bytes(), "upload.xml")
    assert str(error.value) == ("upload.xml: is an XML specification; annotate writes comments "
                                "into Word documents, so give it the .docx (check reads XML)")


# -- the command ------------------------------------------------------------------------------


def test_command_writes_the_copy_and_exits_by_the_verdict(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = SPECIMENS / "tqt-above-band.docx"
    digest, mtime = hashlib.sha256(source.read_bytes()).digest(), source.stat().st_mtime_ns
    out = tmp_path / "out.docx"
    code, stdout, err = run_cli(capsys, "annotate", str(source), str(out))
    assert (code, err) == (1, "")
    assert stdout == (f"{source}: does not conform — 3 errors, 0 warnings, 0 info; "
                      f"the comments are in {out}\n")
    assert out.read_bytes() == annotate_file(source)[0]
    assert (hashlib.sha256(source.read_bytes()).digest(), source.stat().st_mtime_ns) == \
        (digest, mtime)
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]  # no temporary file left
    conformant = tmp_path / "ok.docx"
    code, _, _ = run_cli(capsys, "annotate", str(SPECIMENS / "conformant.docx"), str(conformant))
    assert code == 0


def test_command_takes_the_check_options(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    code, stdout, _ = run_cli(capsys, "annotate", str(SPECIMENS / "tqt-above-band.docx"),
                              str(out), "--ignore", "OPT004", "--severity", "HRS001=warning")
    assert code == 0
    assert "conforms — 0 errors, 1 warning, 0 info" in stdout
    assert [text.splitlines()[0] for *_, text in comments_of(out)] == [
        "criteria-checker: conforms — 0 errors, 1 warning, 0 info",
        "HRS001 warning: TQT 960 hours is above the required 900-950"]
    code, _, _ = run_cli(capsys, "annotate", str(SPECIMENS / "tqt-above-band.docx"), str(out),
                         "--force", "--select", "HRS001", "--severity", "HRS001=warning",
                         "--fail-on", "warning")
    assert code == 1


def test_output_that_exists_needs_force(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"keep me")
    code, stdout, err = run_cli(capsys, "annotate", str(SPECIMENS / "conformant.docx"), str(out))
    assert (code, stdout) == (2, "")
    assert err == f"criteria-checker: error: {out}: already exists; use --force to replace it\n"
    assert out.read_bytes() == b"keep me"
    code, _, _ = run_cli(capsys, "annotate", str(SPECIMENS / "conformant.docx"), str(out),
                         "--force")
    assert code == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize("how", ["same path", "other spelling", "symbolic link", "hard link"])
def test_output_may_not_be_the_input(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     how: str) -> None:
    source = tmp_path / "spec.docx"
    source.write_bytes((SPECIMENS / "tqt-above-band.docx").read_bytes())
    target = {"same path": source, "other spelling": tmp_path / "." / "spec.docx",
              "symbolic link": tmp_path / "link.docx", "hard link": tmp_path / "hard.docx"}[how]
    if how == "symbolic link":
        target.symlink_to(source)
    elif how == "hard link":
        os.link(source, target)
    code, stdout, err = run_cli(capsys, "annotate", str(source), str(target), "--force")
    assert (code, stdout) == (2, "")
    assert err == (f"criteria-checker: error: {target}: is the input file (or a link to it); "
                   "annotate never changes the input, so name another output file\n")
    assert source.read_bytes() == (SPECIMENS / "tqt-above-band.docx").read_bytes()


def test_xml_and_unreadable_inputs_are_one_line_errors(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    xml = SPECIMENS / "conformant.xml"
    code, stdout, err = run_cli(capsys, "annotate", str(xml), str(out))
    assert (code, stdout) == (2, "")
    assert err == (f"criteria-checker: error: {xml}: is an XML specification; annotate writes "
                   "comments into Word documents, so give it the .docx (check reads XML)\n")
    pdf = tmp_path / "spec.docx"
    pdf.write_bytes(b"%PDF-1.7\n" + b"\0" * 100)
    _, _, check_err = run_cli(capsys, "check", str(pdf))
    code, stdout, err = run_cli(capsys, "annotate", str(pdf), str(out))
    assert (code, stdout, err) == (2, "", check_err)
    missing = tmp_path / "missing.docx"
    code, _, err = run_cli(capsys, "annotate", str(missing), str(out))
    assert (code, err) == (2, f"criteria-checker: error: {missing}: no such file\n")
    word_xml = tmp_path / "spec.xml"
    word_xml.write_bytes(flat_opc((SPECIMENS / "conformant.docx").read_bytes()))
    code, stdout, err = run_cli(capsys, "annotate", str(word_xml), str(out))
    assert (code, stdout) == (2, "")
    assert err == (f"criteria-checker: error: {word_xml}: is a Word XML Document; annotate "
                   "writes comments into .docx files, so save it as .docx in Word and give it "
                   "that (check reads it as it is)\n")
    assert not out.exists()
    assert not out.exists()


def test_bad_options_exit_2_before_reading(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run_cli(capsys, "annotate", "never-read.docx", "never-written.docx",
                                "--select", "HRS01")
    assert (code, stdout) == (2, "")
    assert err.startswith("criteria-checker: error: --select: no rule 'HRS01'")


def test_output_to_a_missing_folder_is_an_error(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.docx"
    code, _, err = run_cli(capsys, "annotate", str(SPECIMENS / "conformant.docx"), str(target))
    assert (code, err) == (2, f"criteria-checker: error: {target}: cannot write: folder "
                              f"'{target.parent}' does not exist\n")


def test_standard_output(tmp_path: Path) -> None:
    source = SPECIMENS / "tqt-above-band.docx"
    result = subprocess.run([sys.executable, "-m", "criteria_checker", "annotate", str(source),
                             "-"], capture_output=True, cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 1
    assert result.stdout == annotate_file(source)[0]
    assert result.stderr.decode() == (f"{source}: does not conform — 3 errors, 0 warnings, "
                                      "0 info; the comments are in standard output\n")


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "annotate", "--help")
    assert code == 0
    assert "--force" in out and "--shared-title" in out and "--severity" in out


def test_random_body_positions_resolve_to_the_paths_the_reader_gives() -> None:
    """Every placed finding of the fixed layouts lands on the element its path names."""
    from criteria_checker.annotate.document import _Copy, _Parts
    from criteria_checker.engine.api import check_spec, criteria_for, rules_for
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.readers.docx.container import read_docx_package
    from criteria_checker.readers.docx.reader import read_docx_package_spec

    options = CheckOptions()
    chosen = random.Random(5).sample(DOCX_FILES, 12)
    placed = 0
    for path in chosen:
        package = read_docx_package(path)
        report = check_spec(read_docx_package_spec(package), criteria=criteria_for(options),
                            rules=rules_for(options), options=options)
        with zipfile.ZipFile(path) as archive:
            copy = _Copy(package, _Parts(archive, str(path)), report)
        for finding in report.findings:
            location = finding.location
            if location.path is None:
                continue
            element = copy.index.element_for(location)
            assert element is not None, (path.name, location)
            want = copy.root.xpath(location.path, namespaces={"w": W, "mc": MC})
            assert want and want[0] is element, (path.name, location)
            placed += 1
    assert placed > 100
