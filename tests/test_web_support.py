"""Shared by the web tests: specimen files, hostile files, and a real server to talk to.

No tests here. The specimens are built from the conformant fixture (see
tests/fixtures/specs) and from the template, so they exist whatever the state
of specimens/.
"""

from __future__ import annotations

import io
import os
import pickle
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from fixtures.specs.patching import conformant_data

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.model.validation import validate
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.template import build_template
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parent.parent
XML_CORPUS = ROOT / "tests" / "corpus" / "xml"
LARGE_UNITS = 65
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@lru_cache(maxsize=1)
def conformant_docx() -> bytes:
    return write_docx_spec(validate(QualificationSpec, conformant_data()))


@lru_cache(maxsize=1)
def conformant_xml() -> bytes:
    return write_xml_spec(validate(QualificationSpec, conformant_data()))


@lru_cache(maxsize=1)
def not_conformant_docx() -> bytes:
    """The template: sound structure, but no qualification number and no unit references."""
    return write_docx_spec(build_template(load_criteria(find_criteria(None))))


def large_spec() -> QualificationSpec:
    """The conformant specification grown to 65 units by extra optional units (still conformant)."""
    data: dict[str, Any] = conformant_data()
    units = data["units"]
    last_optional = units[-1]
    for n in range(LARGE_UNITS - len(units)):
        unit = pickle.loads(pickle.dumps(last_optional))
        unit.update(reference=f"K/650/{3000 + n}", number=str(700 + n),
                    title=f"Leading a specialist service {n + 1}")
        units.append(unit)
    return validate(QualificationSpec, data)


@lru_cache(maxsize=1)
def large_docx() -> bytes:
    return write_docx_spec(large_spec())


# -- hostile and broken files -------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    # 4 MB of spaces deflate to about 4 kB: far beyond the reader's 200:1 ratio.
    return _zip({"word/document.xml": b" " * (4 * 1024 * 1024)})


def truncated_docx() -> bytes:
    data = conformant_docx()
    return data[: len(data) // 2]


def encrypted_member_docx() -> bytes:
    """The 'encrypted' flag set on every member (local and central headers)."""
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>",
                           "word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'.encode()}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            flags = struct.unpack_from("<H", data, start + flag_offset)[0]
            struct.pack_into("<H", data, start + flag_offset, flags | 0x1)
            start = data.find(signature, start + 4)
    return bytes(data)


def xxe_xml() -> bytes:
    return (XML_CORPUS / "xxe-file.xml").read_bytes()


#: (upload name, content, the one line the user must see): the command line's own messages.
HOSTILE = [
    ("bomb.docx", zip_bomb, "bomb.docx: word/document.xml expands more than 200:1 (a ZIP bomb?)"),
    ("xxe.xml", xxe_xml, "xxe.xml: XML declares a DTD or entities; these are refused for safety "
                         "(remove the <!DOCTYPE ...> declaration)"),
    ("locked.docx", encrypted_member_docx,
     "locked.docx: word/document.xml is encrypted inside the archive; remove the password and "
     "save the document again"),
    ("cut.docx", truncated_docx,
     "cut.docx: is a damaged or truncated ZIP archive (File is not a zip file)"),
    ("empty.docx", lambda: b"", "empty.docx: is empty (0 bytes)"),
    ("scan.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
     "scan.pdf: is a PDF file, not a Word .docx document; submit the Word document"),
]


# -- a real server ------------------------------------------------------------

def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(*options: str) -> Iterator[str]:
    """``criteria-checker serve`` on 127.0.0.1 and a free port, as its own process; its URL.

    The server is stopped (and waited for) on the way out, whatever happens.
    """
    port = free_port()
    code = ("import sys; from criteria_checker.cli.serve import serve; "
            "serve.main(args=sys.argv[1:], prog_name='criteria-checker serve')")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CRITERIA_CHECKER_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--host", "127.0.0.1", "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            raise RuntimeError(f"the server stopped: {err.decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not start within 30 seconds")
