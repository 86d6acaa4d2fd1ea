"""Open a DOCX file safely and hand back the XML parts the reader needs.

A .docx is a ZIP archive. Submissions come from outside, so before reading
anything we sniff what the file really is (a PDF or a legacy .doc renamed
.docx, a password-protected document, an empty file) and cap what the
archive may expand to: ZIP headers can lie, so the caps are enforced on the
bytes actually decompressed, not on the sizes the archive declares.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.errors import InputError

if TYPE_CHECKING:
    import zipfile

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: Uncompressed:compressed ratio above which a member is treated as a ZIP bomb.
#: Word XML compresses about 5-20x; bombs reach hundreds or thousands.
MAX_RATIO = 200
#: Below this size a high ratio is harmless (tiny repetitive parts are common).
RATIO_FLOOR_BYTES = 1024 * 1024

DOCUMENT_PART = "word/document.xml"
_WANTED = {
    "document": DOCUMENT_PART,
    "numbering": "word/numbering.xml",
    "styles": "word/styles.xml",
    "core": "docProps/core.xml",
}

_HEADER_PART = regex(r"word/header([0-9]{1,3})\.xml")
#: Page headers read at most (a document has one to three per section, usually alike).
MAX_HEADERS = 6

#: Embedded parts (w:altChunk) read at most, and the relationship that names one.
MAX_EMBEDDED = 100
_CHUNK_RELATIONSHIP = "/aFChunk"
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOCUMENT_RELS = "word/_rels/document.xml.rels"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class EmbeddedPart:
    """Content a document embeds in another format (w:altChunk), as its package holds it."""

    #: The relationship id the w:altChunk names.
    rel_id: str
    #: The part's name in the archive ("word/afchunk.mht"), or the external target.
    name: str
    #: Its content type, from [Content_Types].xml ("" when none is declared).
    content_type: str
    #: Its bytes; None when the target is outside the package or missing from it.
    data: bytes | None


@dataclass(frozen=True)
class DocxPackage:
    """The raw XML parts of a DOCX that the reader uses."""

    path: Path
    document: bytes
    numbering: bytes | None = None
    styles: bytes | None = None
    core: bytes | None = None
    #: word/header1.xml, header2.xml, ...: page headers, where a title may be all there is.
    headers: tuple[bytes, ...] = ()
    #: The parts that w:altChunk elements embed, read only when the document has one.
    embedded: tuple[EmbeddedPart, ...] = ()

    def embedded_part(self, rel_id: str | None) -> EmbeddedPart | None:
        return next((part for part in self.embedded if part.rel_id == rel_id), None)


_SPECIAL_FILES = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
#: Opening a FIFO for reading waits for a writer, and opening a terminal may
#: make it the controlling one: neither may happen to a file that is refused.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
        raise InputError(path, f"is not a regular file ({kind})")


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading if it is a regular file, else a one-line InputError.

    The file is looked at before it is opened, so a FIFO, socket or device is
    refused without blocking, and again once open, in case it was swapped for
    one in between.
    """
    try:
        _refuse_special(path, path.stat().st_mode)
        descriptor = os.open(path, _OPEN_FLAGS)
        try:
            _refuse_special(path, os.fstat(descriptor).st_mode)
            # O_NONBLOCK has no effect on a regular file, so it may stay set.
            return os.fdopen(descriptor, "rb")
        except BaseException:
            os.close(descriptor)
            raise
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file, or InputError if it cannot be read or is not a regular file."""
    with open_regular(path) as handle:
        return _read(path, handle, size)


def _read(path: Path, handle: BinaryIO, size: int) -> bytes:
    try:
        return handle.read(size)
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None


def describe_non_zip(path: Path, head: bytes) -> str:
    """Why a file that should be a DOCX is not one, in words an author understands."""
    if not head:
        return "is empty (0 bytes)"
    if head.startswith(b"%PDF"):
        return "is a PDF file, not a Word .docx document; submit the Word document"
    if head.startswith(_OLE2):
        if _ENCRYPTED_MARK in _read_prefix(path, 16 * 1024 * 1024):
            return ("is password-protected (encrypted); remove the password in Word "
                    "(File > Info > Protect Document) and save it again")
        return ("is a Word 97-2003 .doc file (or another OLE file), not .docx; open it in "
                "Word and save it as .docx")
    if head.startswith(b"{\\rtf"):
        return "is an RTF file, not a Word .docx document; save it as .docx"
    return "is not a DOCX file (a DOCX is a ZIP archive; this file is not one)"


def read_docx_package(path: Path) -> DocxPackage:
    """Open ``path`` as a DOCX and return its XML parts, or raise a one-line InputError."""
    # One open file throughout: the path is not looked up again once it has
    # been found to be a regular file.
    with open_regular(path) as handle:
        return _read_package(path, handle)


def _read_package(path: Path, handle: BinaryIO) -> DocxPackage:
    # Imported here: an XML specification is told apart by read_head alone.
    import zipfile
    import zlib

    head = _read(path, handle, 4096)
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise InputError(path, describe_non_zip(path, head))
    try:
        size = os.fstat(handle.fileno()).st_size
        handle.seek(0)
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise InputError(path, f"is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = _read_parts(path, archive)
            document = parts.get("document", b"")
            # The search is cheap next to the parse; the relationships are read only if needed.
            embedded = _read_embedded(path, archive, sum(map(len, parts.values()))) \
                if b"altChunk" in document else ()
    except InputError:
        raise
    except zipfile.BadZipFile as exc:
        raise InputError(path, f"is a damaged or truncated ZIP archive ({exc})") from None
    except zlib.error as exc:
        # Corrupt compressed data: zipfile lets zlib's own error through.
        raise InputError(path, f"is a damaged ZIP archive: a part cannot be decompressed "
                               f"({exc})") from None
    except (EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError) as exc:
        raise InputError(path, f"is a damaged or unsupported ZIP archive ({exc})") from None
    except PermissionError:
        raise InputError(path, "permission denied: the file cannot be read") from None
    except FileNotFoundError:
        raise InputError(path, "disappeared while it was being read") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if "document" not in parts:
        raise InputError(path, f"is a ZIP archive but not a Word document: it has no "
                               f"{DOCUMENT_PART}")
    headers = tuple(value for key, value in sorted(parts.items()) if key.startswith("header"))
    return DocxPackage(path=path, headers=headers, embedded=embedded,
                       **{key: value for key, value in parts.items()
                          if not key.startswith("header")})


def check_member_limits(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """InputError when an Office package has too many members or declares too many bytes.

    Shared by every reader of Office packages (specifications, mapping grids), so
    one set of limits guards them all; the sizes actually decompressed are
    counted again as each part is read.
    """
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"has {len(infos):,} archive members, over the limit of "
                               f"{MAX_MEMBERS:,}")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_TOTAL_BYTES:
        raise InputError(path, f"would expand to {declared:,} bytes, over the limit of "
                               f"{MAX_TOTAL_BYTES:,} (a ZIP bomb?)")


def _read_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, bytes]:
    infos = archive.infolist()
    check_member_limits(path, infos)
    by_name = {info.filename: info for info in infos}
    if len(by_name) < len(infos):
        # OPC forbids two parts of one name; which copy a reader takes is arbitrary.
        seen: set[str] = set()
        for member in infos:
            if member.filename in seen:
                raise InputError(path, f"is a malformed Word package: it holds "
                                       f"{_printable(member.filename)} twice")
            seen.add(member.filename)
    parts: dict[str, bytes] = {}
    total = 0
    for key, name in _WANTED.items():
        info = by_name.get(name)
        if info is None:
            continue
        if info.flag_bits & 0x1:
            raise InputError(path, f"{name} is encrypted inside the archive; remove the "
                                   "password and save the document again")
        data = _read_member(path, archive, info)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, f"expands to more than {MAX_TOTAL_BYTES:,} bytes "
                                   "(a ZIP bomb?)")
        parts[key] = data
    headers = sorted((int(match.group(1)), info) for info in infos
                     if (match := _HEADER_PART.fullmatch(info.filename)) is not None)
    for number, info in headers[:MAX_HEADERS]:
        if info.flag_bits & 0x1:
            continue
        data = _read_member(path, archive, info)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, f"expands to more than {MAX_TOTAL_BYTES:,} bytes "
                                   "(a ZIP bomb?)")
        parts[f"header{number:03d}"] = data
    return parts


def _read_embedded(path: Path, archive: zipfile.ZipFile, total: int) -> tuple[EmbeddedPart, ...]:
    """The parts the document's relationships name as embedded content (w:altChunk)."""
    import posixpath

    from criteria_checker.safe_xml import parse_untrusted

    by_name = {info.filename: info for info in archive.infolist()}

    def part(name: str) -> bytes | None:
        nonlocal total
        info = by_name.get(name)
        if info is None or info.flag_bits & 0x1:
            return None
        data = _read_member(path, archive, info)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise InputError(path, f"expands to more than {MAX_TOTAL_BYTES:,} bytes "
                                   "(a ZIP bomb?)")
        return data

    rels = part(_DOCUMENT_RELS)
    if rels is None:
        return ()
    chunks = [rel for rel in parse_untrusted(rels, path, part=_DOCUMENT_RELS).iterchildren(
        f"{{{_RELATIONSHIPS_NS}}}Relationship")
        if (rel.get("Type") or "").endswith(_CHUNK_RELATIONSHIP)][:MAX_EMBEDDED]
    if not chunks:
        return ()
    types_data = part("[Content_Types].xml")
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    if types_data is not None:
        for entry in parse_untrusted(types_data, path, part="[Content_Types].xml"):
            if entry.tag == f"{{{_CONTENT_TYPES_NS}}}Override":
                overrides[(entry.get("PartName") or "").lstrip("/")] = entry.get(
                    "ContentType") or ""
            elif entry.tag == f"{{{_CONTENT_TYPES_NS}}}Default":
                defaults[(entry.get("Extension") or "").lower()] = entry.get("ContentType") or ""
    found: list[EmbeddedPart] = []
    for rel in chunks:
        target = rel.get("Target") or ""
        rel_id = rel.get("Id") or ""
        if rel.get("TargetMode") == "External":
            found.append(EmbeddedPart(rel_id=rel_id, name=target, content_type="", data=None))
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("word", target))
        content_type = overrides.get(name) or defaults.get(
            name.rpartition(".")[2].lower() if "." in name else "", "")
        found.append(EmbeddedPart(rel_id=rel_id, name=name, content_type=content_type,
                                  data=part(name)))
    return tuple(found)


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    return read_member(path, archive, info)[1]


def read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, *,
                keep: bool = True, shown: str | None = None) -> tuple[int, bytes]:
    """The size a member really expands to, and its bytes when ``keep``.

    InputError, naming the member as ``shown`` (default: its name), when it
    expands past MAX_MEMBER_BYTES or more than MAX_RATIO times its compressed
    size: the declared sizes in a ZIP are not to be trusted, so what counts is
    what decompression actually gives. Shared by every reader of Office packages.
    """
    name = info.filename if shown is None else shown
    chunks: list[bytes] = []
    read = 0
    compressed = max(info.compress_size, 1)
    with archive.open(info) as member:
        while True:
            chunk = member.read(1024 * 1024)
            if not chunk:
                break
            read += len(chunk)
            if read > MAX_MEMBER_BYTES:
                raise InputError(path, f"{name} expands beyond {MAX_MEMBER_BYTES:,} bytes "
                                       "(a ZIP bomb?)")
            if read > RATIO_FLOOR_BYTES and read / compressed > MAX_RATIO:
                raise InputError(path, f"{name} expands more than {MAX_RATIO}:1 "
                                       "(a ZIP bomb?)")
            if keep:
                chunks.append(chunk)
    return read, b"".join(chunks)


def _read_prefix(path: Path, size: int) -> bytes:
    try:
        with open_regular(path) as handle:
            return handle.read(size)
    except (InputError, OSError):
        return b""


def _printable(name: str, limit: int = 200) -> str:
    """A member name fit for a one-line message (ZIP names may hold line breaks)."""
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in name[:limit])
    return shown + ("..." if len(name) > limit else "")
