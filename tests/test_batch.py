"""Reviewer batch validation: every file gets a row, bad files never stop the batch,
output is the same whatever the number of workers, and Ctrl-C keeps finished work."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from criteria_checker.batch.inputs import collect_inputs
from criteria_checker.batch.run import BatchSettings, run_batch
from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.engine.options import CheckOptions
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.template import build_template
from criteria_checker.writers.xml_writer import write_xml_spec

TESTS = Path(__file__).resolve().parent
CLI = [sys.executable, "-m", "criteria_checker"]


@pytest.fixture(scope="module")
def template_bytes() -> tuple[bytes, bytes]:
    spec = build_template(load_criteria(find_criteria(None)))
    return write_xml_spec(spec), write_docx_spec(spec)


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024))


@pytest.fixture
def submissions(tmp_path: Path, template_bytes: tuple[bytes, bytes]) -> Path:
    """A reviewer's folder: good submissions mixed with every kind of bad file."""
    xml, docx = template_bytes
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a-good.xml").write_bytes(xml)
    (folder / "b-good.docx").write_bytes(docx)
    (folder / "sub" / "c-good.xml").write_bytes(xml)
    (folder / "d-empty.docx").write_bytes(b"")
    (folder / "e-pdf.docx").write_bytes(b"%PDF-1.7\n%binary\n")
    (folder / "f-truncated.docx").write_bytes(docx[: len(docx) // 2])
    _zip_bomb(folder / "g-bomb.docx")
    (folder / "h-xxe.xml").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]><s>&e;</s>')
    (folder / "i-legacy.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "~$lock.docx").write_bytes(b"owner")  # Word's lock file: not a submission
    (folder / ".hidden.xml").write_bytes(xml)
    (folder / "notes.txt").write_text("not a submission")
    return folder


def _rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "summary.csv").read_text("utf-8"))))


EXPECTED_STATUS = {
    "a-good.xml": ("not conformant", ""),
    "b-good.docx": ("not conformant", ""),
    "c-good.xml": ("not conformant", ""),
    "d-empty.docx": ("unreadable", "is empty (0 bytes)"),
    "e-pdf.docx": ("unreadable",
                   "is a PDF file, not a Word .docx document; submit the Word document"),
    "f-truncated.docx": ("unreadable", "is a damaged or truncated ZIP archive"),
    "g-bomb.docx": ("unreadable", "word/document.xml expands more than 200:1 (a ZIP bomb?)"),
    "h-xxe.xml": ("unreadable", "XML declares a DTD or entities; these are refused for safety"),
    "i-legacy.docx": ("unreadable", "is a Word 97-2003 .doc file (or another OLE file), not .docx"),
}


def test_collect_inputs_takes_submissions_and_skips_lock_and_hidden_files(
        submissions: Path) -> None:
    names = [p.name for p in collect_inputs([str(submissions)])]
    assert names == sorted(EXPECTED_STATUS, key=lambda n: str(
        submissions / ("sub/" + n if n == "c-good.xml" else n)))


def test_batch_reports_every_file_and_carries_on_past_bad_ones(
        submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run([*CLI, "batch", str(submissions), "--out", str(out), "--jobs", "2",
                             "--format", "html", "--format", "json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr  # some files could not be read
    assert "Traceback" not in result.stderr
    rows = _rows(out)
    expected = [p.name for p in collect_inputs([str(submissions)])]
    assert [Path(r["file"]).name for r in rows] == expected
    for row in rows:
        status, reason = EXPECTED_STATUS[Path(row["file"]).name]
        assert row["status"] == status, row
        assert row["reason"].startswith(reason), row
        if status == "not conformant":
            report = out / row["report"]
            assert report.is_file() and report.suffix == ".html"
            assert (out / "reports" / (Path(row["file"]).name + ".json")).is_file()
            assert int(row["errors"]) > 0 and row["TQT"] == "940"
        else:
            assert row["report"] == ""
    index = (out / "index.html").read_text("utf-8")
    assert index.count("<tr class=") == len(rows)
    assert (out / "summary.xlsx").is_file()
    assert not any(p.suffix in {".html", ".json", ".csv", ".xlsx"}
                   for p in submissions.rglob("*"))


def test_summary_is_identical_whatever_the_number_of_workers_and_on_rerun(
        submissions: Path, tmp_path: Path) -> None:
    files = collect_inputs([str(submissions)])
    outputs = []
    for jobs, name in ((1, "one"), (2, "two"), (2, "again")):
        out = tmp_path / name
        outcome = run_batch(files, BatchSettings(out_dir=out, formats=("html", "sarif", "xlsx"),
                                                 check_options=CheckOptions()), jobs=jobs)
        assert outcome.exit_code == 2
        outputs.append(out)
    first = outputs[0]
    for other in outputs[1:]:
        for name in ("summary.csv", "summary.xlsx", "index.html"):
            assert (other / name).read_bytes() == (first / name).read_bytes(), name
        for report in sorted((first / "reports").iterdir()):
            assert (other / "reports" / report.name).read_bytes() == report.read_bytes()


def test_a_worker_that_dies_costs_only_its_own_file(
        template_bytes: tuple[bytes, bytes], tmp_path: Path) -> None:
    xml, _ = template_bytes
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.xml", "b-crash.xml", "c.xml", "d.xml", "e-bug.xml", "f.xml"):
        (folder / name).write_bytes(xml)
    files = collect_inputs([str(folder)])
    for checker in ("batch_checkers:crash_on_marked", "batch_checkers:raise_on_marked"):
        out = tmp_path / checker.split(":")[1]
        outcome = run_batch(files, BatchSettings(out_dir=out, check_options=CheckOptions(),
                                                 checker=checker), jobs=2)
        statuses = {Path(r.file).name: (r.status, r.reason) for r in outcome.rows}
        marked = "b-crash.xml" if "crash" in checker else "e-bug.xml"
        expected_reason = ("the checker process died while reading this file"
                           if "crash" in checker else "internal error: RuntimeError: simulated bug")
        assert statuses.pop(marked) == ("crashed", expected_reason)
        assert set(statuses.values()) == {("not conformant", "")}
        assert outcome.exit_code == 2


def _slow_batch(folder: Path, out: Path) -> subprocess.Popen[str]:
    """A batch of slow checks on two workers, in a process group of its own."""
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(TESTS)!r})\n"
        "from pathlib import Path\n"
        "from criteria_checker.batch.run import BatchSettings, run_batch\n"
        "from criteria_checker.batch.inputs import collect_inputs\n"
        "from criteria_checker.engine.options import CheckOptions\n"
        f"files = collect_inputs([{str(folder)!r}])\n"
        f"o = run_batch(files, BatchSettings(out_dir=Path({str(out)!r}), "
        "check_options=CheckOptions(), checker='batch_checkers:slow'), jobs=2)\n"
        "sys.exit(o.exit_code)\n"
    )
    return subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_cleanly_and_keeps_written_reports(
        template_bytes: tuple[bytes, bytes], tmp_path: Path) -> None:
    xml, _ = template_bytes
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"s{i:02d}.xml").write_bytes(xml)
    out = tmp_path / "out"
    process = _slow_batch(folder, out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((out / "reports").glob("*.html"))
                                               if (out / "reports").exists() else []) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    rows = _rows(out)
    assert len(rows) == 30
    done = [r for r in rows if r["status"] == "not conformant"]
    # A worker may finish a report just before the interrupt reaches the main
    # process: that report is kept on disk while its row says "not checked".
    written = list((out / "reports").glob("*.html"))
    assert 3 <= len(written) < 30
    assert len(done) <= len(written)
    assert {r["status"] for r in rows} <= {"not conformant", "not checked"}
    assert any(r["status"] == "not checked" for r in rows)
    for row in done:
        assert (out / row["report"]).is_file()
    assert not list(out.rglob("*.tmp"))


def test_no_files_found_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run([*CLI, "batch", str(tmp_path), "--out", str(tmp_path / "o")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        f"criteria-checker: no specifications (.docx, .xml or web pages) found in {tmp_path}\n")


def test_a_glob_that_matches_nothing_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([*CLI, "batch", str(tmp_path / "*.docx")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"criteria-checker: error: {tmp_path}/*.docx: no files match this "
                             "pattern\n")


def test_files_that_vanish_or_change_during_the_batch_are_rows_with_reasons(
        template_bytes: tuple[bytes, bytes], tmp_path: Path) -> None:
    xml, docx = template_bytes
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-first.xml").write_bytes(xml)
    (folder / "m-vanishes.xml").write_bytes(xml)
    (folder / "n-becomes-folder.xml").write_bytes(xml)
    (folder / "z-last.docx").write_bytes(docx)
    files = collect_inputs([str(folder)])
    outcome = run_batch(files, BatchSettings(out_dir=tmp_path / "out", check_options=CheckOptions(),
                                             checker="batch_checkers:vandal"), jobs=1)
    rows = {Path(r.file).name: (r.status, r.reason) for r in outcome.rows}
    assert rows == {
        "a-first.xml": ("not conformant", ""),
        "m-vanishes.xml": ("unreadable", "no such file"),
        "n-becomes-folder.xml": ("unreadable", "is a folder, not a file"),
        "z-last.docx": ("not conformant", ""),
    }
    assert outcome.exit_code == 2


def test_more_files_than_one_wave_of_workers_all_complete(
        template_bytes: tuple[bytes, bytes], tmp_path: Path) -> None:
    # Workers are recycled between waves of files; a batch longer than one wave
    # must neither hang nor lose a file.
    xml, _ = template_bytes
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(13):
        (folder / f"s{i:02d}.xml").write_bytes(xml)
    files = collect_inputs([str(folder)])
    outcome = run_batch(files, BatchSettings(out_dir=tmp_path / "out", formats=("json",),
                                             check_options=CheckOptions(), tasks_per_worker=3),
                        jobs=2)
    assert [r.status for r in outcome.rows] == ["not conformant"] * 13
    assert len(list((tmp_path / "out" / "reports").glob("*.json"))) == 13


@pytest.mark.parametrize(("sent", "code", "seed"), [
    (signal.SIGTERM, 143, 1), (signal.SIGTERM, 143, 2), (signal.SIGTERM, 143, 3),
    (signal.SIGINT, 130, 4), (signal.SIGINT, 130, 5)])
def test_a_signal_stops_cleanly_lists_every_file_once_and_leaves_no_worker(
        template_bytes: tuple[bytes, bytes], tmp_path: Path, sent: signal.Signals, code: int,
        seed: int) -> None:
    import random

    xml, _ = template_bytes
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"s{i:02d}.xml").write_bytes(xml)
    out = tmp_path / "out"
    process = _slow_batch(folder, out)
    # A random moment after the workers have started, the same for each seed.
    wanted = random.Random(seed).randint(1, 8)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((out / "reports").glob("*.html"))
                                               if (out / "reports").exists() else []) < wanted:
        time.sleep(0.02)
    os.kill(process.pid, sent)  # to the main process only, as `timeout` and `kill` do
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    rows = _rows(out)
    assert sorted(r["file"] for r in rows) == sorted(str(p) for p in folder.iterdir())
    assert {r["status"] for r in rows} <= {"not conformant", "not checked"}
    assert any(r["status"] == "not checked" for r in rows)
    # Nothing is left in the process group: the workers ended with the batch (on a
    # loaded machine the kernel may take a moment to reap them).
    deadline = time.monotonic() + 10
    with pytest.raises(ProcessLookupError):
        while time.monotonic() < deadline:
            os.killpg(process.pid, 0)
            time.sleep(0.05)


# -- what a folder contributes ------------------------------------------------------------------

#: A specification saved by Word as a web page (one unit: not conformant, but read).
_PAGE = (b"<html><head><meta name=Generator content=\"Microsoft Word 15\"></head><body>"
         b"<p class=MsoTitle>Level 5 Diploma in Leading and Managing an Adult Care Service</p>"
         b"<h2>Unit 501: Leadership</h2><table><tr><td><b>Learning outcomes</b></td>"
         b"<td><b>Assessment criteria</b></td><td><b>Skills for Care criteria</b></td></tr>"
         b"<tr><td>1. Understand leadership</td><td>1.1 Explain leadership</td>"
         b"<td>LMAC5A/LM/A.1</td></tr></table></body></html>")
_OUR_PAGE = (b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             b'<meta name="generator" content="criteria-checker">\n</head></html>')

#: (file written below the folder, its bytes, taken as a submission)
FOLDER_FILES = [
    ("spec.docx", b"PK", True),
    ("spec-with-macros.DOCM", b"PK", True),
    ("ours.xml", b"<s/>", True),
    ("saved/spec.htm", _PAGE, True),
    ("saved/spec.html", _PAGE, True),
    ("saved/single-file.mht", b"MIME-Version: 1.0\r\n", True),
    ("saved/single-file.mhtml", b"MIME-Version: 1.0\r\n", True),
    # What a saved page keeps beside it, in any language Word or a browser speaks.
    ("saved/spec_files/header.htm", _PAGE, False),
    ("saved/spec_files/filelist.xml", b"<xml/>", False),
    ("saved/spec_files/colorschememapping.xml", b"<a:clrMap/>", False),
    ("saved/spec-Dateien/frame.html", _PAGE, False),
    ("saved/spec.fld/part.htm", _PAGE, False),
    # A folder merely named like a page is still searched.
    ("saved/spec_files_2024/kept.htm", _PAGE, True),
    ("saved/specimens/kept.xml", b"<s/>", True),
    # A report criteria-checker wrote, kept beside its specification.
    ("saved/spec-report.html", _OUR_PAGE, False),
    # An earlier review (a batch's output folder), whatever it holds.
    ("review-2026-11/index.html", b"<html></html>", False),
    ("review-2026-11/summary.csv", b"file,status\n", False),
    ("review-2026-11/reports/spec.docx.html", _PAGE, False),
    ("review-2026-11/copy.docx", b"PK", False),
    # A summary alone is not a review.
    ("notes/summary.csv", b"file,status\n", False),
    ("notes/kept.docx", b"PK", True),
    ("notes/readme.txt", b"text", False),
    (".git/spec.docx", b"PK", False),
    ("~$spec.docx", b"owner", False),
    ("spec.mapping.docx", b"PK", False),
]


def test_a_folder_contributes_documents_xml_and_web_pages_but_not_what_we_wrote(
        tmp_path: Path) -> None:
    folder = tmp_path / "submissions"
    for name, data, _ in FOLDER_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    taken = [p.relative_to(folder).as_posix() for p in collect_inputs([str(folder)])]
    assert taken == sorted(name for name, _, wanted in FOLDER_FILES if wanted)
    # A file named on the command line is checked whatever it is.
    report = folder / "saved" / "spec-report.html"
    assert collect_inputs([str(report)]) == [report]


def test_a_batch_over_a_folder_reads_its_web_pages_and_skips_an_earlier_review(
        template_bytes: tuple[bytes, bytes], tmp_path: Path) -> None:
    xml, docx = template_bytes
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.docx").write_bytes(docx)
    (folder / "b.xml").write_bytes(xml)
    first = subprocess.run([*CLI, "batch", str(folder), "--out", str(folder / "review-1")],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 1, first.stderr
    # A reviewer keeps the review inside the folder, adds a submission saved as a web
    # page and a report of one file, and reviews the folder again into another folder.
    (folder / "c.htm").write_bytes(_PAGE)
    checked = subprocess.run([*CLI, "check", "--format", "html", "--output",
                              str(folder / "a-report.html"), str(folder / "a.docx")],
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 1, checked.stderr
    second = subprocess.run([*CLI, "batch", str(folder), "--out", str(tmp_path / "review-2")],
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 1, second.stderr
    rows = {Path(r["file"]).name: (r["status"], r["reason"]) for r in _rows(tmp_path / "review-2")}
    assert rows == {
        "a.docx": ("not conformant", ""),
        "b.xml": ("not conformant", ""),
        "c.htm": ("not conformant", ""),
    }
