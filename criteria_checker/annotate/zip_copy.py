"""Copy a ZIP archive member by member, replacing or adding a few and keeping the rest as they are.

Python's zipfile cannot copy a member without decompressing and compressing
it again, which changes the stored bytes of every part we do not touch. So
the copy is written here: each untouched member's local record (header,
compressed data and data descriptor) is copied byte for byte from the input,
and its central directory entry is written again from the fields zipfile
read, with the member's new offset. Replaced and added members are deflated
afresh. Nothing depends on the clock, so the same input gives the same bytes.

The input has already passed the container checks (size, member count,
declared sizes, duplicate names); here every local record is also checked to
lie inside the file, to name the member the directory names, and not to
overlap another, so the copy is never larger than the input plus what is added.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import InputError

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_END_SIGNATURE = b"PK\x05\x06"
_DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
_ZIP64_EXTRA = 0x0001
_UTF8_NAME = 0x800
_HAS_DESCRIPTOR = 0x08
#: What a member written here declares: deflate needs version 2.0.
_VERSION = 20
#: The date of a member this copy adds (the earliest a ZIP can state: no clock involved).
_NO_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class _Central:
    """The fields of one central directory entry."""

    name: bytes
    create_version: int
    create_system: int
    extract_version: int
    flag_bits: int
    compress_type: int
    date_time: tuple[int, int, int, int, int, int]
    crc: int
    compress_size: int
    file_size: int
    extra: bytes
    comment: bytes
    internal_attr: int
    external_attr: int


def copy_archive(data: bytes, archive: zipfile.ZipFile, source: str,
                 replace: Mapping[str, bytes], add: Mapping[str, bytes]) -> bytes:
    """The archive ``data`` with the members in ``replace`` given new contents and ``add`` added.

    ``archive`` is ``data`` opened with zipfile; ``source`` names the file in errors.
    Members keep their order; added ones come last, in the order given.
    """
    out = bytearray()
    entries: list[tuple[_Central, int]] = []
    spans: list[tuple[int, int]] = []
    for info in archive.infolist():
        offset = len(out)
        if info.filename in replace:
            central, record = _fresh(info.filename, replace[info.filename], info)
        else:
            central = _central_of(info, source)
            start, record = _local_record(data, info, central.name, source)
            spans.append((start, start + len(record)))
        out += record
        entries.append((central, offset))
    _refuse_overlaps(spans, source)
    for name, payload in add.items():
        offset = len(out)
        central, record = _fresh(name, payload, None)
        out += record
        entries.append((central, offset))
    directory_start = len(out)
    for central, offset in entries:
        out += _central_record(central, offset)
    out += _END.pack(_END_SIGNATURE, 0, 0, len(entries), len(entries),
                     len(out) - directory_start, directory_start, len(archive.comment))
    out += archive.comment
    return bytes(out)


def _central_of(info: zipfile.ZipInfo, source: str) -> _Central:
    try:
        name = info.orig_filename.encode("utf-8" if info.flag_bits & _UTF8_NAME else "cp437")
    except UnicodeEncodeError:
        raise InputError(source, f"is a damaged ZIP archive: the name of member "
                                 f"{info.filename!r} cannot be kept") from None
    return _Central(
        name=name, create_version=info.create_version, create_system=info.create_system,
        extract_version=info.extract_version, flag_bits=info.flag_bits,
        compress_type=info.compress_type, date_time=info.date_time, crc=info.CRC,
        compress_size=info.compress_size, file_size=info.file_size,
        # Sizes and offsets are written in the entry itself (all are far below 4 GiB),
        # so a ZIP64 field giving them again would contradict it.
        extra=_without_zip64(info.extra), comment=info.comment,
        internal_attr=info.internal_attr, external_attr=info.external_attr)


def _local_record(data: bytes, info: zipfile.ZipInfo, name: bytes,
                  source: str) -> tuple[int, bytes]:
    """(offset, bytes) of the member's local header, data and data descriptor in ``data``."""
    start = info.header_offset
    header = data[start:start + _LOCAL.size]
    if len(header) < _LOCAL.size or not header.startswith(_LOCAL_SIGNATURE):
        raise _damaged(source, info, "its local header is missing")
    fields = _LOCAL.unpack(header)
    name_length, extra_length = fields[-2], fields[-1]
    name_end = start + _LOCAL.size + name_length
    if data[start + _LOCAL.size:name_end] != name:
        raise _damaged(source, info, "its local header names another member")
    extra = data[name_end:name_end + extra_length]
    end = name_end + extra_length + info.compress_size
    if info.flag_bits & _HAS_DESCRIPTOR:
        if data[end:end + 4] == _DESCRIPTOR_SIGNATURE:
            end += 4
        end += 4 + (16 if _has_zip64(extra) else 8)
    if end > len(data):
        raise _damaged(source, info, "its data runs past the end of the file")
    return start, data[start:end]


def _refuse_overlaps(spans: list[tuple[int, int]], source: str) -> None:
    # Overlapping members are a ZIP-bomb technique; refusing them also bounds
    # the copy by the size of the input.
    previous_end = 0
    for start, end in sorted(spans):
        if start < previous_end:
            raise InputError(source, "is a malformed ZIP archive: two members share their bytes")
        previous_end = end


def _fresh(name: str, payload: bytes, like: zipfile.ZipInfo | None) -> tuple[_Central, bytes]:
    """A member written anew, with ``like``'s date and attributes when it replaces one."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    compressed = packer.compress(payload) + packer.flush()
    encoded = name.encode("utf-8")
    flags = _UTF8_NAME if not name.isascii() else 0
    central = _Central(
        name=encoded,
        create_version=like.create_version if like is not None else _VERSION,
        create_system=like.create_system if like is not None else 0,
        extract_version=_VERSION, flag_bits=flags, compress_type=zipfile.ZIP_DEFLATED,
        date_time=like.date_time if like is not None else _NO_DATE,
        crc=zlib.crc32(payload), compress_size=len(compressed), file_size=len(payload),
        extra=b"", comment=like.comment if like is not None else b"",
        internal_attr=like.internal_attr if like is not None else 0,
        external_attr=like.external_attr if like is not None else 0)
    time, date = _dos_time(central.date_time)
    header = _LOCAL.pack(_LOCAL_SIGNATURE, _VERSION, 0, flags, zipfile.ZIP_DEFLATED, time, date,
                         central.crc, len(compressed), len(payload), len(encoded), 0)
    return central, header + encoded + compressed


def _central_record(entry: _Central, offset: int) -> bytes:
    time, date = _dos_time(entry.date_time)
    return _CENTRAL.pack(
        _CENTRAL_SIGNATURE, entry.create_version, entry.create_system, entry.extract_version, 0,
        entry.flag_bits, entry.compress_type, time, date, entry.crc, entry.compress_size,
        entry.file_size, len(entry.name), len(entry.extra), len(entry.comment), 0,
        entry.internal_attr, entry.external_attr, offset,
    ) + entry.name + entry.extra + entry.comment


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11 | minute << 5 | second // 2,
            max(year - 1980, 0) << 9 | month << 5 | day)


def _extra_fields(extra: bytes) -> list[tuple[int, bytes]]:
    fields = []
    index = 0
    while index + 4 <= len(extra):
        kind, size = struct.unpack_from("<2H", extra, index)
        fields.append((kind, extra[index:index + 4 + size]))
        index += 4 + size
    if index < len(extra):
        fields.append((-1, extra[index:]))  # a torn tail is kept as it is
    return fields


def _has_zip64(extra: bytes) -> bool:
    return any(kind == _ZIP64_EXTRA for kind, _ in _extra_fields(extra))


def _without_zip64(extra: bytes) -> bytes:
    return b"".join(raw for kind, raw in _extra_fields(extra) if kind != _ZIP64_EXTRA)


def _damaged(source: str, info: zipfile.ZipInfo, why: str) -> InputError:
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in info.filename[:200])
    return InputError(source, f"is a damaged ZIP archive: member {shown}: {why}")
