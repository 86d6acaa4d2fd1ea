"""Fuzzing the readers with mutated valid files: the only exception allowed is InputError.

Authors' files arrive damaged in every way: cut short, bytes flipped, parts
missing or swapped inside the ZIP, XML edited by hand. Whatever the damage,
reading must end in a model or in our one-line InputError; any other
exception is a bug that would show a user a traceback.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.errors import InputError
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.model.validation import validate
from criteria_checker.readers import read_spec
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parent.parent
# FUZZ_EXAMPLES=1000 for a longer hunt than the suite's default.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _conformant() -> QualificationSpec:
    data = yaml.safe_load((ROOT / "tests/fixtures/specs/conformant.yaml").read_text("utf-8"))
    return validate(QualificationSpec, data)


SPEC = _conformant()
XML = write_xml_spec(SPEC)
DOCX = write_docx_spec(SPEC)
with zipfile.ZipFile(io.BytesIO(DOCX)) as _archive:
    DOCX_PARTS = {info.filename: _archive.read(info) for info in _archive.infolist()}


def _read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        read_spec(path)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(str(path)), message
        assert "\n" not in message, message


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """Flip, insert, delete or truncate a few bytes somewhere in ``data``."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not out:
            break
        position = draw(st.integers(0, len(out) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if action == "flip":
            out[position] = draw(st.integers(0, 255))
        elif action == "insert":
            out[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del out[position:position + draw(st.integers(1, 64))]
        elif action == "truncate":
            del out[position:]
        else:
            chunk = bytes(out[position:position + draw(st.integers(1, 256))])
            out[position:position] = chunk
    return bytes(out)


XML_SNIPPETS = [b"<", b">", b"&", b"&amp;", b"]]>", b"<!--", b"-->", b'"', b"\x00",
                b"\xff\xfe", b"<unit>", b"</unit>", b"<unit reference=\"X\"/>", b"level=\"-1\"",
                b"tqt=\"99999999999999999999\"", b"<maps-to></maps-to>", b"\xe2\x80\xae",
                b"<!DOCTYPE x>", b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>"]


@st.composite
def xml_edits(draw: st.DrawFn, data: bytes) -> bytes:
    """Hand-edit-like damage: a markup fragment spliced in, or a span cut out."""
    out = data
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(out)))
        if draw(st.booleans()):
            out = out[:position] + draw(st.sampled_from(XML_SNIPPETS)) + out[position:]
        else:
            out = out[:position] + out[position + draw(st.integers(1, 400)):]
    return out


@given(data=byte_mutations(XML))
@FUZZ
def test_mutated_xml_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "spec.xml", data)


@given(data=xml_edits(XML))
@FUZZ
def test_hand_damaged_xml_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "spec.xml", data)


@given(data=byte_mutations(DOCX))
@FUZZ
def test_mutated_docx_bytes_are_read_or_refused(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "spec.docx", data)


@st.composite
def docx_part_damage(draw: st.DrawFn) -> bytes:
    """A valid ZIP whose parts are damaged: edited, dropped, swapped or renamed."""
    parts = dict(DOCX_PARTS)
    names = sorted(parts)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(names))
        action = draw(st.sampled_from(["edit", "drop", "swap", "empty"]))
        if action == "edit" and name in parts:
            parts[name] = draw(xml_edits(parts[name]))
        elif action == "drop":
            parts.pop(name, None)
        elif action == "swap":
            other = draw(st.sampled_from(names))
            if name in parts and other in parts:
                parts[name], parts[other] = parts[other], parts[name]
        else:
            parts[name] = b""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@given(data=docx_part_damage())
@FUZZ
def test_docx_with_damaged_parts_is_read_or_refused(tmp_path: Path, data: bytes) -> None:
    _read(tmp_path, "spec.docx", data)


@pytest.mark.parametrize("name,data", [
    ("spec.docx", DOCX[:22]), ("spec.docx", DOCX[: len(DOCX) // 3]),
    ("spec.xml", XML[: len(XML) // 2]), ("spec.xml", b"\xef\xbb\xbf"),
    ("spec.xml", XML.replace(b"<specification", b"<specification  xmlns:x='y'", 1)),
])
def test_known_damage_is_refused_in_one_line(tmp_path: Path, name: str, data: bytes) -> None:
    _read(tmp_path, name, data)
