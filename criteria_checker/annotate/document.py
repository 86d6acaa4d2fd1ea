"""The annotated copy: the submission with every finding as a Word comment where it applies.

The package is edited at the XML level. Only four parts can change:
word/document.xml (the comment anchors), the comments part (created, or
appended to), the document's relationships (when the comments part is new)
and [Content_Types].xml (when the comments part is not declared yet). Every
other member of the archive is copied as it is (see :mod:`.zip_copy`), and
word/document.xml differs from the input only by the anchors: a
``w:commentRangeStart`` at the start of the first paragraph of the anchored
element, a ``w:commentRangeEnd`` and a run holding the ``w:commentReference``
at the end of its last paragraph.

Where each comment goes:

- the verdict and counts, first, on the title (the first paragraph with text);
- findings about the whole document (no place, or a place that cannot be
  found), together in the next comment, on the title too;
- every other finding on the element its location names: a key-facts row, a
  unit's heading paragraph or table row, the rules-of-combination paragraph,
  a grid row with a mapping; findings on the same element share one comment.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from criteria_checker.annotate.comments_part import (
    CONTENT_TYPES,
    DEFAULT_COMMENTS_PART,
    DOCUMENT_RELS,
    CommentBody,
    add_relationship,
    append_comment,
    check_comments_root,
    declare_content_type,
    declare_rels_default,
    find_comments_part,
    fresh_ids,
    new_comments,
    new_relationships,
    serialize,
    style_exists,
    used_ids,
)
from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

    from criteria_checker.annotate.anchors import Span
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.engine.rules import RuleSet
    from criteria_checker.model.criteria import CriteriaSet
    from criteria_checker.model.report import Finding, Report
    from criteria_checker.readers.docx.container import DocxPackage

#: The paragraph style of comment text, used when the document defines it.
COMMENT_STYLE = "CommentText"

_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def annotate_file(
    path: str | Path,
    options: CheckOptions | None = None,
    *,
    criteria: CriteriaSet | None = None,
    rules: RuleSet | None = None,
) -> tuple[bytes, Report]:
    """Check the DOCX at ``path``; the annotated copy's bytes and the report.

    The report is ``check``'s: mapping grids ``options`` names, and those named
    after the file beside it, are joined. The file is never written. Raises
    InputError for a file that is not a readable Word document (an XML
    specification included: annotating needs DOCX).
    """
    from criteria_checker.readers import sniff_format
    from criteria_checker.readers.docx.container import read_docx_package

    path = Path(path)
    found = sniff_format(path)
    if found == "web":
        raise _web_refused(path)
    if found == "xml":
        from criteria_checker.readers.docx.container import read_head
        from criteria_checker.readers.docx.flat_xml import PACKAGE_NS

        if PACKAGE_NS.encode() in read_head(path):
            raise InputError(path, "is a Word XML Document; annotate writes comments into "
                                   ".docx files, so save it as .docx in Word and give it that "
                                   "(check reads it as it is)")
        raise _xml_refused(path)
    package = read_docx_package(path)
    return _annotate(package, _read_whole(path), options, criteria, rules, paired_with=path)


def annotate_bytes(
    data: bytes,
    name: str,
    options: CheckOptions | None = None,
    *,
    criteria: CriteriaSet | None = None,
    rules: RuleSet | None = None,
) -> tuple[bytes, Report]:
    """As :func:`annotate_file`, for a document held in memory (an upload) called ``name``.

    The report and every error name the file ``name``. Only the mapping grids
    ``options`` names are joined (nothing lies beside an upload).
    """
    from criteria_checker.readers.docx.container import read_docx_package
    from criteria_checker.readers.web.page import is_html, is_mht

    if is_html(data[:4096]) or is_mht(data):
        raise _web_refused(name)
    if data.lstrip(b" \t\r\n").startswith(_XML_STARTS):
        raise _xml_refused(name)
    # The container checks read from a file: a private copy stands in for the upload.
    with tempfile.TemporaryDirectory(prefix="criteria-checker-annotate-") as folder:
        copy = Path(folder) / "upload.docx"
        copy.write_bytes(data)
        try:
            package = read_docx_package(copy)
        except InputError as exc:
            raise InputError(name, exc.problem) from None
    return _annotate(replace(package, path=Path(name)), data, options, criteria, rules)


def _annotate(package: DocxPackage, data: bytes, options: CheckOptions | None,
              criteria: CriteriaSet | None, rules: RuleSet | None, *,
              paired_with: Path | None = None) -> tuple[bytes, Report]:
    """Read and check as ``check`` does (mapping grids joined), then write the comments."""
    from criteria_checker.engine.api import check_spec, criteria_for, grids_for, rules_for
    from criteria_checker.engine.options import CheckOptions
    from criteria_checker.readers.docx.reader import read_docx_package_spec
    from criteria_checker.readers.grids import join_grids, paired_grids

    options = options or CheckOptions()
    spec = read_docx_package_spec(package)
    paired = paired_grids(paired_with) if paired_with is not None else ()
    grids = grids_for((*options.mappings, *paired))
    if grids:
        spec = join_grids(spec, grids)
    report = check_spec(spec, criteria=criteria if criteria is not None else criteria_for(options),
                        rules=rules if rules is not None else rules_for(options),
                        options=options)
    return add_comments(package, data, report), report


def add_comments(package: DocxPackage, data: bytes, report: Report) -> bytes:
    """``data`` (the archive ``package`` was read from) with ``report``'s findings as comments."""
    source = str(package.path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputError(source, f"is a damaged or truncated ZIP archive ({exc})") from None
    with archive:
        parts = _Parts(archive, source)
        if parts.read("word/document.xml") != package.document:
            raise InputError(source, "changed while it was being read; try again")
        return _Copy(package, parts, report).write(data, archive)


@dataclass
class _Placed:
    """One comment: what it says, and the first and last paragraphs its range spans."""

    body: CommentBody
    first: etree._Element
    last: etree._Element


class _Copy:
    """The comments planned on one document, then written into its package."""

    def __init__(self, package: DocxPackage, parts: _Parts, report: Report) -> None:
        from criteria_checker.annotate.anchors import BodyIndex
        from criteria_checker.readers.docx.blocks import _special_tags
        from criteria_checker.readers.docx.reader import document_blocks, parse_document

        self.package, self.parts, self.report = package, parts, report
        self.source = str(package.path)
        self.root, self.ns = parse_document(package)
        # The reader's walk rewrites the tree when one of its special tags is there
        # (its own list, so the two cannot drift apart); otherwise it sees this very tree.
        if next(self.root.iter(*_special_tags(self.ns)), None) is None:
            blocks = document_blocks(package, self.root, self.ns)
            self.index = BodyIndex(self.ns, self.root, self.root, None, blocks)
            return
        simplified, _ = parse_document(package)
        correspondence = dict(zip(simplified.iter(*self._structural_tags()),
                                  self.root.iter(*self._structural_tags()), strict=True))
        blocks = document_blocks(package, simplified, self.ns)
        self.index = BodyIndex(self.ns, self.root, simplified, correspondence, blocks)

    def _structural_tags(self) -> tuple[str, ...]:
        from criteria_checker.annotate.anchors import MC_NS

        w = f"{{{self.ns}}}"
        return (*(f"{w}{local}" for local in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                              "customXml", "smartTag", "body")),
                f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice")

    def plan(self) -> list[_Placed]:
        """The comments in the order of their ids: verdict, whole document, then by place."""
        from criteria_checker.annotate.texts import findings_comment, summary_comment

        report = self.report
        whole: list[Finding] = []
        placed: dict[etree._Element, tuple[Span, list[Finding]]] = {}
        for finding in report.findings:
            element = (self.index.element_for(finding.location)
                       if finding.location.file == report.spec.file else None)
            span = self.index.paragraph_span(element) if element is not None else None
            if element is None or span is None:
                whole.append(finding)
            else:
                placed.setdefault(element, (span, []))[1].append(finding)
        title = self.index.title_paragraph()
        comments = [_Placed(summary_comment(report, whole_document=bool(whole)), title, title)]
        if whole:
            comments.append(_Placed(findings_comment(whole, file=report.spec.file), title, title))
        # Ids follow the document, as Word numbers comments it inserts.
        position = {p: i for i, p in enumerate(self.root.iter(f"{{{self.ns}}}p"))}
        spans = sorted(placed.values(), key=lambda item: (position[item[0][0]],
                                                          -position[item[0][1]]))
        comments.extend(_Placed(findings_comment(found), first, last)
                        for (first, last), found in spans)
        return comments

    def write(self, data: bytes, archive: zipfile.ZipFile) -> bytes:
        from criteria_checker.annotate.anchors import Anchors
        from criteria_checker.annotate.zip_copy import copy_archive

        parts = self.parts
        comments = self.plan()
        rels = parts.parse(DOCUMENT_RELS)
        comments_name = find_comments_part(rels)
        relate = comments_name is None
        if comments_name is None:
            comments_name = parts.free_name(DEFAULT_COMMENTS_PART)
        existing = parts.find(comments_name)
        if existing is not None:
            comments_root = parts.parse(existing)
            assert comments_root is not None
            check_comments_root(comments_root, self.source, existing)
        else:
            comments_root = new_comments(self.ns)
        ids = fresh_ids(used_ids(self.root, comments_root), len(comments))
        style = COMMENT_STYLE if style_exists(self.package.styles, COMMENT_STYLE) else None
        anchors = Anchors(self.ns)
        for comment_id, comment in zip(ids, comments, strict=True):
            append_comment(comments_root, comment_id, comment.body, style)
            anchors.add(comment_id, comment.first, comment.last)
        anchors.write()

        replaced: dict[str, bytes] = {
            parts.find("word/document.xml") or "word/document.xml":
                serialize(self.root, self.package.document)}
        added: dict[str, bytes] = {}
        comments_bytes = serialize(comments_root, parts.read(existing) if existing else None)
        if existing is not None:
            replaced[existing] = comments_bytes
        else:
            added[comments_name] = comments_bytes
        types_name = parts.find(CONTENT_TYPES)
        if types_name is None:
            raise InputError(self.source, f"is not a complete Word package: it has no "
                                          f"{CONTENT_TYPES}")
        types = parts.parse(types_name)
        assert types is not None
        types_changed = declare_content_type(types, comments_name)
        if relate:
            rels_name = parts.find(DOCUMENT_RELS)
            if rels is None:
                rels = new_relationships()
                types_changed = declare_rels_default(types) or types_changed
            add_relationship(rels, comments_name, self.ns)
            rels_bytes = serialize(rels, parts.read(rels_name) if rels_name else None)
            if rels_name is not None:
                replaced[rels_name] = rels_bytes
            else:
                added[DOCUMENT_RELS] = rels_bytes
        if types_changed:
            replaced[types_name] = serialize(types, parts.read(types_name))
        return copy_archive(data, archive, self.source, replaced, added)


class _Parts:
    """The members of the archive read on demand, bounded and parsed safely, by any case of name."""

    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.archive = archive
        self.source = source
        self.names = {info.filename.lower(): info.filename for info in archive.infolist()}
        self._read: dict[str, bytes] = {}

    def find(self, name: str) -> str | None:
        """The member called ``name`` in any case (OPC part names ignore case), if there is one."""
        return self.names.get(name.lower())

    def free_name(self, name: str) -> str:
        """``name``, or ``comments2.xml``-like variants of it, whichever no member holds."""
        stem, dot, suffix = name.rpartition(".")
        candidate, number = name, 1
        while self.find(candidate) is not None:
            number += 1
            candidate = f"{stem}{number}{dot}{suffix}"
        return candidate

    def read(self, name: str) -> bytes:
        from criteria_checker.readers.docx.container import MAX_MEMBER_BYTES

        member = self.find(name)
        if member is None:
            raise InputError(self.source, f"is not a Word document: it has no {name}")
        if member in self._read:
            return self._read[member]
        info = self.archive.getinfo(member)
        if info.flag_bits & 0x1:
            raise InputError(self.source, f"{member} is encrypted inside the archive; remove "
                                          "the password and save the document again")
        try:
            with self.archive.open(info) as handle:
                data = handle.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
            raise InputError(self.source, f"is a damaged ZIP archive: {member} cannot be "
                                          f"read ({exc})") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise InputError(self.source, f"{member} expands beyond {MAX_MEMBER_BYTES:,} bytes "
                                          "(a ZIP bomb?)")
        self._read[member] = data
        return data

    def parse(self, name: str) -> etree._Element | None:
        """The member ``name`` parsed, or None when there is no such member."""
        from criteria_checker.safe_xml import parse_untrusted

        member = self.find(name)
        if member is None:
            return None
        return parse_untrusted(self.read(member), self.source, part=member)


def _read_whole(path: Path) -> bytes:
    from criteria_checker.readers.docx.container import MAX_FILE_BYTES, open_regular

    with open_regular(path) as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(path, f"is over the limit of {MAX_FILE_BYTES:,} bytes")
    return data


def _web_refused(name: str | Path) -> InputError:
    return InputError(name, "is a web page; annotate writes comments into Word documents, so "
                            "open the page in Word, save it as .docx and give it that "
                            "(check reads web pages)")


def _xml_refused(name: str | Path) -> InputError:
    return InputError(name, "is an XML specification; annotate writes comments into Word "
                            "documents, so give it the .docx (check reads XML)")
