"""Hostile parts and odd files: refused in one exact line, or read in bounded time and memory.

numbering.xml is a few bytes that decide how long a label is and how long it
takes to build; duplicate ZIP members and files that are not regular files
(a FIFO waits forever for a writer) are refused before anything is read.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_docx_reader import LO_HEADER, W_NS, h, make_docx, p, tbl, tc, tr

from criteria_checker.errors import InputError
from criteria_checker.readers import read_spec, sniff_format
from criteria_checker.readers.docx.container import read_docx_package
from criteria_checker.readers.docx.numbering import MAX_LEVEL_TEXT, Numbering, format_number
from criteria_checker.readers.docx.reader import read_docx_spec
from criteria_checker.readers.xml_reader import read_xml_spec

DOCUMENT = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
            "<w:p><w:r><w:t>Unit 1: Title</w:t></w:r></w:p></w:body></w:document>").encode()


# -- duplicate part names ------------------------------------------------------


def zip_with(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # zipfile warns about a duplicate name but writes it, as an attacker's tool would.
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return buffer.getvalue()


DUPLICATES = {
    "two-documents": ([("word/document.xml", DOCUMENT), ("word/document.xml", b"<x/>")],
                      "is a malformed Word package: it holds word/document.xml twice"),
    "two-numbering-parts": ([("word/document.xml", DOCUMENT), ("word/numbering.xml", b"<a/>"),
                             ("word/numbering.xml", b"<b/>")],
                            "is a malformed Word package: it holds word/numbering.xml twice"),
    "unread-part-twice": ([("word/document.xml", DOCUMENT), ("word/media/a.png", b"1"),
                          ("word/media/a.png", b"2")],
                         "is a malformed Word package: it holds word/media/a.png twice"),
    "name-with-line-break": ([("word/document.xml", DOCUMENT), ("a\nb.xml", b""),
                             ("a\nb.xml", b"")],
                            "is a malformed Word package: it holds a\\nb.xml twice"),
}


@pytest.mark.parametrize("case", DUPLICATES, ids=list(DUPLICATES))
def test_duplicate_member_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    members, problem = DUPLICATES[case]
    path = tmp_path / "dup.docx"
    path.write_bytes(zip_with(members))
    for read in (read_docx_package, read_spec):
        with pytest.raises(InputError) as error:
            read(path)
        assert str(error.value) == f"{path}: {problem}"


def test_same_name_in_other_case_is_not_a_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "case.docx"
    path.write_bytes(zip_with([("word/document.xml", DOCUMENT), ("word/media/A.png", b"1"),
                               ("word/media/a.png", b"2")]))
    assert read_docx_package(path).document == DOCUMENT


# -- files that are not regular files -------------------------------------------


@contextlib.contextmanager
def rescued(fifo: Path) -> Iterator[threading.Event]:
    """Opens ``fifo`` for writing if a reader blocks on it, so a failing test fails, not hangs.

    The event is set if a reader was found waiting (the guard did not work).
    """
    done, found = threading.Event(), threading.Event()

    def rescue() -> None:
        deadline = time.monotonic() + 5
        while not done.is_set() and time.monotonic() < deadline:
            try:
                descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader has it open
                    return
                time.sleep(0.02)
                continue
            found.set()
            os.close(descriptor)
            return

    thread = threading.Thread(target=rescue, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        done.set()
        thread.join()


READERS: dict[str, Callable[[Path], object]] = {
    "sniff": sniff_format, "read_spec": read_spec, "docx": read_docx_package,
    "xml": read_xml_spec,
}

pytestmark_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


@pytestmark_posix
@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
@pytest.mark.parametrize("via_link", [False, True], ids=["fifo", "link-to-fifo"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, reader: str, via_link: bool) -> None:
    fifo = tmp_path / "x.docx"
    os.mkfifo(fifo)
    path = fifo
    if via_link:
        path = tmp_path / "link.docx"
        path.symlink_to(fifo)
    started = time.monotonic()
    with rescued(fifo) as found, pytest.raises(InputError) as error:
        READERS[reader](path)
    assert not found.is_set(), "the reader opened the FIFO and waited for a writer"
    assert time.monotonic() - started < 1
    assert str(error.value) == f"{path}: is not a regular file (a FIFO (named pipe))"


def make_socket(folder: Path) -> Path:
    path = folder / "s.xml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("socket path too long for this temporary folder")
    finally:
        server.close()
    return path


SPECIAL = {
    "folder": (lambda folder: (folder / "d.docx").mkdir() or folder / "d.docx",
               "is a folder, not a file"),
    "char-device": (lambda folder: Path(os.devnull), "is not a regular file (a character device)"),
    "socket": (make_socket, "is not a regular file (a socket)"),
}


@pytestmark_posix
@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
@pytest.mark.parametrize("kind", SPECIAL, ids=list(SPECIAL))
def test_special_files_are_refused_in_one_line(tmp_path: Path, reader: str, kind: str) -> None:
    make, problem = SPECIAL[kind]
    path = make(tmp_path)
    with pytest.raises(InputError) as error:
        READERS[reader](path)
    assert str(error.value) == f"{path}: {problem}"


# -- numbering.xml: every number bounded ----------------------------------------


def one_list(*levels: str, overrides: str = "") -> str:
    """The inside of a numbering.xml with list 1 of the levels given."""
    return (f'<w:abstractNum w:abstractNumId="1">{"".join(levels)}</w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="1"/>{overrides}</w:num>')


def numbering(*levels: str, overrides: str = "") -> bytes:
    return (f'<w:numbering xmlns:w="{W_NS}">{one_list(*levels, overrides=overrides)}'
            "</w:numbering>").encode()


def lvl(start: str, fmt: str, text: str = "%1.", ilvl: str = "0") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


#: numbering.xml, the level used, and the first two labels Word would show (within our bounds).
NUMBERING = {
    "huge-start-letters": (numbering(lvl("20000000000", "lowerLetter")), 0,
                           ["g" * MAX_LEVEL_TEXT, "32768."]),
    "huge-start-roman": (numbering(lvl("1000000000000", "upperRoman")), 0,
                         ["M" * 32 + "DCCLXVII.", "32768."]),
    "huge-start-decimal": (numbering(lvl("9" * 5000, "decimal")), 0, ["32767.", "32768."]),
    "negative-start": (numbering(lvl("-20000000000", "upperRoman")), 0, ["0.", "I."]),
    "huge-override": (numbering(lvl("1", "lowerRoman"),
                                overrides='<w:lvlOverride w:ilvl="0"><w:startOverride '
                                          'w:val="100000000000000"/></w:lvlOverride>'), 0,
                      ["m" * 32 + "dcclxvii.", "32768."]),
    "override-for-no-level": (numbering(lvl("1", "decimal"),
                                        overrides='<w:lvlOverride w:ilvl="99999999999999">'
                                                  '<w:startOverride w:val="5"/></w:lvlOverride>'),
                              0, ["1.", "2."]),
    "level-out-of-range": (numbering(lvl("3", "decimal", ilvl="4000000000")), 0, [None, None]),
    "paragraph-level-out-of-range": (numbering(lvl("1", "decimal", "%9.", ilvl="8")), 10 ** 15,
                                     ["1.", "2."]),
    "long-level-text": (numbering(lvl("1", "decimal", text="%1" * 100_000)), 0,
                        ["1" * (MAX_LEVEL_TEXT // 2), "2" * (MAX_LEVEL_TEXT // 2)]),
    "normal-letters": (numbering(lvl("1", "lowerLetter", text="%1)")), 0, ["a)", "b)"]),
}


@pytest.mark.parametrize("case", NUMBERING, ids=list(NUMBERING))
def test_numbering_values_are_bounded(case: str) -> None:
    data, ilvl, expected = NUMBERING[case]
    started = time.monotonic()
    numbers = Numbering(data)
    numbers.load()
    assert [numbers.label("1", ilvl) for _ in expected] == expected
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(("value", "fmt"), [(20_000_000_000, "lowerLetter"),
                                            (10 ** 12, "upperRoman"), (-10 ** 15, "lowerRoman"),
                                            (10 ** 15, "decimalZero")])
def test_format_number_is_short_for_any_counter(value: int, fmt: str) -> None:
    assert format_number(value, fmt) == str(value)


#: Word's formats, with those whose labels grow with the counter drawn more often.
WORD_FORMATS = ["decimal", "decimalZero", "bullet", "none", "ordinal", "cardinalText",
                "ordinalText", "hex", "chicago", "decimalEnclosedCircle", "ideographDigital",
                "aiueo", "japaneseCounting", "russianLower", "hebrew1", "arabicAlpha",
                "thaiLetters", "", "nonsense"] + ["lowerLetter", "upperLetter", "lowerRoman",
                                                  "upperRoman"] * 3
NUMBER_TEXTS = st.one_of(
    st.integers(-10 ** 15, 10 ** 15).map(str),
    st.sampled_from(["20000000000", "1000000000000", "-20000000000", "9" * 60, "-" + "9" * 60,
                     "", "x", "0", "-0", "+7", "1_000", " 12 ", "32767", "32768"]))
LEVELS = st.one_of(st.sampled_from(["0", "0", "1", "8"]), NUMBER_TEXTS)
#: Mostly list 1, so that paragraphs, lists and levels meet often enough to matter.
IDS = st.sampled_from(["1", "1", "1", "2", "0", "x", "-1", "9" * 30])
LEVEL_TEXTS = st.sampled_from(["%1.", "%1.%2", "%1.%2.%3.%4.%5.%6.%7.%8.%9", "(%9)", "",
                               "%1" * 500, "%0%10", "Part %1"])


@st.composite
def numbering_parts(draw: st.DrawFn) -> str:
    """Lists of hostile levels; list 1's first level is level 0, which paragraphs mostly use."""
    parts = []
    for index in range(draw(st.integers(1, 3))):
        levels = []
        for level in range(draw(st.integers(1, 4))):
            ilvl = "0" if index == level == 0 else draw(LEVELS)
            legal = "<w:isLgl/>" if draw(st.booleans()) else ""
            levels.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{draw(NUMBER_TEXTS)}"/>'
                          f'<w:numFmt w:val="{draw(st.sampled_from(WORD_FORMATS))}"/>'
                          f'<w:lvlText w:val="{draw(LEVEL_TEXTS)}"/>{legal}</w:lvl>')
        # A numStyleLink names a style whose numbering names this list again: a cycle.
        link = f'<w:numStyleLink w:val="S{draw(IDS)}"/>' if draw(st.booleans()) else ""
        abstract_id = "1" if index == 0 else draw(IDS)
        parts.append(f'<w:abstractNum w:abstractNumId="{abstract_id}">{link}{"".join(levels)}'
                     "</w:abstractNum>")
    for index in range(draw(st.integers(1, 4))):
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{draw(LEVELS)}">'
            f'<w:startOverride w:val="{draw(NUMBER_TEXTS)}"/></w:lvlOverride>'
            for _ in range(draw(st.integers(0, 3))))
        num_id, ref = ("1", "1") if index == 0 else (draw(IDS), draw(IDS))
        parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{ref}"/>'
                     f"{overrides}</w:num>")
    return "".join(parts)


@st.composite
def numbered_styles(draw: st.DrawFn) -> str:
    styles = []
    for index in range(draw(st.integers(0, 3))):
        based = f'<w:basedOn w:val="S{draw(IDS)}"/>' if draw(st.booleans()) else ""
        styles.append(
            f'<w:style w:type="paragraph" w:styleId="S{index}"><w:name w:val="s{index}"/>'
            f'{based}<w:pPr><w:numPr><w:ilvl w:val="{draw(LEVELS)}"/>'
            f'<w:numId w:val="{draw(IDS)}"/></w:numPr></w:pPr></w:style>')
    return "".join(styles)


@st.composite
def numbered_bodies(draw: st.DrawFn) -> str:
    blocks = [h(2, "Unit 1: Care")]
    for _ in range(draw(st.integers(1, 12))):
        num = (draw(st.sampled_from([1, 1, 1, 1, 2, 0, -1])),
               draw(st.sampled_from([0, 0, 0, 0, 1, -1, 8, 9, 10 ** 15])))
        style = draw(st.none() | st.sampled_from(["S0", "S1", "S2"]))
        paragraph = p("Understand care", num=num if draw(st.integers(0, 3)) else None, style=style)
        blocks.append(tbl(LO_HEADER, tr(tc(paragraph), tc("1.1 Explain care"), "LMAC5A"))
                      if draw(st.booleans()) else paragraph)
    return "".join(blocks)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fails a read that runs away, instead of hanging the test run."""
    if not hasattr(signal, "setitimer") or threading.current_thread() != threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"the read took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(numbering_xml=numbering_parts(), styles=numbered_styles(), body=numbered_bodies())
def test_any_numbering_reads_in_bounded_time_and_memory(
        tmp_path_factory: pytest.TempPathFactory, numbering_xml: str, styles: str,
        body: str) -> None:
    path = make_docx(tmp_path_factory.mktemp("numbering"), body, numbering=numbering_xml,
                     styles=styles)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with time_limit(3):
            read_docx_spec(path)
    except InputError as error:
        assert "\n" not in str(error)
    finally:
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 2
    assert peak < 32 * 1024 * 1024


#: Read under a 1 GiB address-space limit: a label built in one C call cannot be
#: stopped by a timer, only prevented.
LIMITED_READ = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from criteria_checker.errors import InputError
from criteria_checker.readers import read_spec
started = time.monotonic()
for path in sys.argv[1:]:
    try:
        spec = read_spec(path)
    except InputError:
        pass
print(round(time.monotonic() - started, 3))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs resource.RLIMIT_AS")
def test_hostile_numbering_reads_under_a_memory_limit(tmp_path: Path) -> None:
    row = tr(tc(p("Understand care", num=(1, 0))), tc("1.1 Explain care"), "")
    body = h(2, "Unit 1: Care") + tbl(LO_HEADER, *[row] * 200)
    paths = [str(make_docx(tmp_path, body, name=f"n{index}.docx",
                           numbering=one_list(lvl(start, fmt, "%1" * 60))))
             for index, (start, fmt) in enumerate([("200000000000", "lowerLetter"),
                                                   ("1000000000000", "upperRoman"),
                                                   ("9" * 4000, "upperLetter")])]
    done = subprocess.run([sys.executable, "-c", LIMITED_READ, *paths], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 10
