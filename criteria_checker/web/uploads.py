"""Receive a multipart upload straight into a private folder, within limits.

Starlette's own form parser spools large files to the system's temporary
folder; this one writes each uploaded file into its own numbered sub-folder of
the request's private folder, so the file lives only there and only for the
request. Limits are enforced while the bytes arrive: a file over the size
limit, one file too many or a form that never ends is refused before it is
read to the end.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import field
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from criteria_checker.compiled_cache import dataclass
from criteria_checker.web.problems import WebProblem

#: The form field that carries the specification files.
FILE_FIELD = "file"
#: The form field that carries mapping grids joined onto every specification of the request.
GRID_FIELD = "mapping"
#: A file name longer than this (in UTF-8 bytes) is shortened, keeping its extension.
MAX_NAME_BYTES = 120
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class UploadLimits:
    """How much one request may send."""

    max_file_bytes: int
    max_files: int
    max_field_bytes: int = 16 * 1024
    max_fields: int = 64

    @property
    def max_body_bytes(self) -> int:
        """The largest whole request: every file at its limit, every field, and framing."""
        return (self.max_files * self.max_file_bytes + self.max_fields * self.max_field_bytes
                + 1024 * 1024)


@dataclass(frozen=True)
class SavedFile:
    """One uploaded file, alone in its own folder under its (made safe) name."""

    name: str
    folder: Path
    size: int
    #: The form field it came in: FILE_FIELD or GRID_FIELD.
    field: str = FILE_FIELD

    @property
    def path(self) -> Path:
        return self.folder / self.name


@dataclass
class UploadedForm:
    """The text fields and the saved files of one request, in the order they came."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[SavedFile] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        """The first value of a text field, or None when the form does not have it."""
        values = self.fields.get(name)
        return values[0] if values else None

    def values(self, name: str) -> list[str]:
        """Every value of a repeated text field."""
        return list(self.fields.get(name, []))


def safe_file_name(raw: str) -> str:
    """The name a browser sent, reduced to a plain file name that is safe to create.

    Folders are dropped (``../../x.docx`` -> ``x.docx``, ``C:\\a\\b.docx`` ->
    ``b.docx``), control and direction-override characters removed, and a long
    name shortened keeping its extension. An empty result becomes ``upload``.
    """
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("", name).strip()
    name = name.encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    if name in {"", ".", ".."}:
        return "upload"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 10:
            stem, dot, extension = name, "", ""
        keep = MAX_NAME_BYTES - len(extension.encode("utf-8")) - len(dot)
        stem = stem.encode("utf-8")[:keep].decode("utf-8", "ignore")
        name = f"{stem}.{extension}" if extension else stem
    return name


class _Receiver:
    """The parser callbacks: headers of each part, then its bytes to a file or a field."""

    def __init__(self, folder: Path, limits: UploadLimits, form: UploadedForm,
                 file_fields: tuple[str, ...]) -> None:
        self.folder = folder
        self.limits = limits
        self.form = form
        self.file_fields = file_fields
        self.finished = False
        #: A file over a limit: refused once the rest of the form (the user's choices) is read.
        self.problem: WebProblem | None = None
        self._files = 0
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._field: str | None = None
        self._data = bytearray()
        self._file: SavedFile | None = None
        self._handle: BinaryIO | None = None
        self._size = 0
        self._fields = 0
        self._skip = False

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_end": self.on_end,
        }

    def on_part_begin(self) -> None:
        self._disposition = b""
        self._field = None
        self._data = bytearray()
        self._file = None
        self._size = 0
        self._skip = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise WebProblem(400, "the upload is not valid multipart/form-data: a part has no "
                                  "field name")
        self._field = _text(options[b"name"], "a field name")
        if b"filename" not in options:
            self._fields += 1
            if self._fields > self.limits.max_fields:
                raise WebProblem(413, f"too many form fields: at most {self.limits.max_fields}")
            return
        if self._field not in self.file_fields:
            raise WebProblem(422, f"unexpected file in the field {self._field!r}; "
                                  f"{_file_fields_text(self.file_fields)}")
        raw_name = _text(options[b"filename"], "a file name")
        if not raw_name:
            # A browser sends an empty, nameless part when no file was chosen.
            self._skip = True
            return
        # Specifications and grids count together: the body's limit assumes as much.
        self._files += 1
        if self._files > self.limits.max_files:
            self._refuse(WebProblem(413, f"too many files: at most {self.limits.max_files} per "
                                         "request"))
            return
        if self.problem is not None:
            self._skip = True
            return
        folder = self.folder / str(self._files)
        folder.mkdir(mode=0o700)
        self._file = SavedFile(name=safe_file_name(raw_name), folder=folder, size=0,
                               field=self._field)
        # Written synchronously: at most one network chunk at a time, into the
        # request's own folder, which costs less than handing it to a thread.
        self._handle = self._file.path.open("xb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._skip:
            return
        size = end - start
        self._size += size
        if self._handle is not None and self._file is not None:
            if self._size > self.limits.max_file_bytes:
                self._refuse(WebProblem(413, f"{self._file.name}: is larger than the limit of "
                                             f"{size_text(self.limits.max_file_bytes)}"))
                return
            self._handle.write(data[start:end])
            return
        if self._size > self.limits.max_field_bytes:
            raise WebProblem(413, f"the form field {self._field!r} is longer than "
                                  f"{self.limits.max_field_bytes:,} bytes")
        self._data += data[start:end]

    def on_part_end(self) -> None:
        if self._skip or self._field is None:
            return
        if self._handle is not None and self._file is not None:
            self._handle.close()
            self._handle = None
            self.form.files.append(SavedFile(self._file.name, self._file.folder, self._size,
                                             self._file.field))
            self._file = None
            return
        value = _text(bytes(self._data), f"the form field {self._field!r}")
        self.form.fields.setdefault(self._field, []).append(value)

    def on_end(self) -> None:
        self.finished = True

    def _refuse(self, problem: WebProblem) -> None:
        # Keep reading (the body's size is bounded) but keep no more file data.
        self.problem = self.problem or problem
        self._skip = True
        self.close()
        for saved in self.form.files:
            saved.path.unlink(missing_ok=True)
        self.form.files.clear()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


async def receive_form(
    content_type: str | None,
    content_length: str | None,
    chunks: AsyncIterator[bytes],
    folder: Path,
    limits: UploadLimits,
    form: UploadedForm | None = None,
    file_fields: tuple[str, ...] = (FILE_FIELD,),
) -> UploadedForm:
    """Read a multipart/form-data body into ``form``, saving its files under ``folder``.

    Files are accepted in the fields ``file_fields`` only. Raises
    :class:`WebProblem` with a 4xx status for anything that is not a
    well-formed form within ``limits``; ``form`` then holds the fields read so far.
    """
    form = form if form is not None else UploadedForm()
    boundary = _boundary(content_type)
    if content_length is not None and content_length.isdigit() \
            and int(content_length) > limits.max_body_bytes:
        raise WebProblem(413, f"the upload is larger than the limit of "
                              f"{size_text(limits.max_body_bytes)} in all")
    receiver = _Receiver(folder, limits, form, file_fields)
    parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > limits.max_body_bytes:
                raise WebProblem(413, f"the upload is larger than the limit of "
                                      f"{size_text(limits.max_body_bytes)} in all")
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise WebProblem(400, "the upload is not valid multipart/form-data") from None
    finally:
        receiver.close()
    if not receiver.finished:
        raise WebProblem(400, "the upload ended before its last part (incomplete "
                              "multipart/form-data)")
    if receiver.problem is not None:
        raise receiver.problem
    return form


def _boundary(content_type: str | None) -> bytes:
    kind, options = parse_options_header(content_type or "")
    if kind != b"multipart/form-data":
        raise WebProblem(415, f"send the request as multipart/form-data with the files in the "
                              f"field {FILE_FIELD!r}")
    boundary = options.get(b"boundary", b"")
    if not boundary or len(boundary) > 200:
        raise WebProblem(400, "the upload is not valid multipart/form-data: no boundary")
    return boundary


def _file_fields_text(file_fields: tuple[str, ...]) -> str:
    """Where files go: ``send the specifications in the field 'file'`` (and grids, if taken)."""
    text = f"send the specifications in the field {FILE_FIELD!r}"
    if GRID_FIELD in file_fields:
        text += f" and mapping grids in the field {GRID_FIELD!r}"
    return text


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise WebProblem(400, f"{what} is not UTF-8 text") from None


def size_text(size: int) -> str:
    """``20 MB``, ``1.5 MB`` or ``1,000 bytes``: a limit as a user reads it."""
    megabyte = 1024 * 1024
    if size % megabyte == 0:
        return f"{size // megabyte} MB"
    if size >= megabyte:
        return f"{size / megabyte:.1f} MB"
    return f"{size:,} bytes"


@asynccontextmanager
async def private_folder() -> AsyncIterator[Path]:
    """A folder only this process can read, removed with everything in it afterwards."""
    path = Path(tempfile.mkdtemp(prefix="criteria-checker-web-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


async def receive_upload(
    request: Request, folder: Path, limits: UploadLimits, deadline: float, form: UploadedForm,
    file_fields: tuple[str, ...] = (FILE_FIELD,),
) -> UploadedForm:
    """The request's form, its files saved under ``folder``; 408 past ``deadline``."""
    try:
        return await asyncio.wait_for(
            receive_form(request.headers.get("content-type"),
                         request.headers.get("content-length"), request.stream(), folder,
                         limits, form, file_fields),
            max(deadline - time.time(), 0.001))
    except asyncio.TimeoutError:
        raise WebProblem(408, "the upload took longer than the time limit of this "
                              "server; try fewer or smaller files") from None
