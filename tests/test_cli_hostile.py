"""The command line under odd files and careless use: one line, exit 2, nothing replaced.

Each case asserts the exact message and exit code. Device nodes are made in a
temporary folder where the system allows it, so that a regression can never
replace the machine's own /dev/null or /dev/full.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.specs.patching import conformant_spec

from criteria_checker.cli import main
from criteria_checker.writers.xml_writer import write_xml_spec

CLI = [sys.executable, "-m", "criteria_checker"]
GOOD_LINE = "CONFORMANT - 0 errors, 0 warnings, 0 info"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


@pytest.fixture(scope="module")
def good_bytes() -> bytes:
    return write_xml_spec(conformant_spec())


@pytest.fixture
def good(tmp_path: Path, good_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> str:
    """A conformant specification, named relative to the current (temporary) folder."""
    (tmp_path / "good.xml").write_bytes(good_bytes)
    monkeypatch.chdir(tmp_path)
    return "good.xml"


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device like /dev/<name>: our own node where allowed, else the system's.

    Only a privileged user can replace a node in /dev, and only such a user can
    make one, so falling back to /dev itself cannot damage the machine.
    """
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        return Path("/dev") / name
    return node


# --- item 2: --output follows links, writes to streams and devices, honours the umask


def test_output_to_a_symlink_writes_its_target_and_keeps_the_link(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    (tmp_path / "target.txt").write_text("old")
    (tmp_path / "link").symlink_to("target.txt")
    assert run_cli(capsys, "check", good, "-o", "link") == (0, "", "")
    assert (tmp_path / "link").is_symlink()
    assert GOOD_LINE in (tmp_path / "target.txt").read_text()


def test_output_to_a_dangling_symlink_creates_its_target(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to("made.txt")
    assert run_cli(capsys, "check", good, "-o", "link") == (0, "", "")
    assert (tmp_path / "link").is_symlink()
    assert GOOD_LINE in (tmp_path / "made.txt").read_text()


def test_output_to_a_null_device_keeps_the_node(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    assert run_cli(capsys, "check", good, "-o", str(null)) == (0, "", "")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_output_to_a_fifo_writes_the_stream(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    assert run_cli(capsys, "check", good, "-o", str(fifo)) == (0, "", "")
    reader.join(timeout=10)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert GOOD_LINE in received[0].decode()


def test_output_dash_is_standard_output(capsys: pytest.CaptureFixture[str], good: str) -> None:
    code, out, err = run_cli(capsys, "check", good, "-o", "-")
    assert (code, out, err) == (0, f"good.xml: {GOOD_LINE}\n", "")


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_output_to_dev_stdout_appends_to_the_shells_file(good: str, tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text("first\n")
    command = " ".join([*CLI, "check", good, "-o", "/dev/stdout"])
    result = subprocess.run(["/bin/sh", "-c", f"exec {command} >> out.txt"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "out.txt").read_text() == f"first\ngood.xml: {GOOD_LINE}\n"


def test_output_to_a_folder_is_refused(capsys: pytest.CaptureFixture[str], good: str,
                                       tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    assert run_cli(capsys, "check", good, "-o", "reports") == (
        2, "", "criteria-checker: error: Invalid value for '--output' / '-o': "
               "File 'reports' is a directory (see 'criteria-checker check --help')\n")


def test_nothing_is_written_when_the_check_cannot_run(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    assert run_cli(capsys, "check", "missing.xml", "-o", "out.txt") == (
        2, "", "criteria-checker: error: missing.xml: no such file\n")
    assert run_cli(capsys, "check", good, "--select", "NO-SUCH-RULE", "-o", "out.txt")[0] == 2
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600),
                                             (0o002, 0o664)])
def test_output_files_honour_the_umask(good: str, tmp_path: Path, umask: int,
                                       mode: int) -> None:
    command = " ".join([*CLI, "check", good, "-o", "report.txt"])
    # Through a shell, as users set it, so the test process keeps its own umask.
    result = subprocess.run(["/bin/sh", "-c", f"umask {umask:03o}; exec {command}"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert stat.S_IMODE((tmp_path / "report.txt").stat().st_mode) == mode


def test_batch_reports_honour_the_umask(good: str, tmp_path: Path) -> None:
    command = " ".join([*CLI, "batch", good, "--out", "review", "-q", "--jobs", "1"])
    result = subprocess.run(["/bin/sh", "-c", f"umask 022; exec {command}"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode)
             for p in (tmp_path / "review").rglob("*") if p.is_file()}
    assert modes == {"index.html": 0o644, "summary.csv": 0o644, "summary.xlsx": 0o644,
                     "good.xml.html": 0o644}


# --- item 8: a failed write is an error, a closed pipe is quiet


def test_a_full_disk_behind_standard_output_is_exit_2(good: str, tmp_path: Path) -> None:
    with device(tmp_path, "full", 7).open("wb") as full:
        result = subprocess.run([*CLI, "check", good], stdout=full, stderr=subprocess.PIPE,
                                text=True, check=False)
    assert (result.returncode, result.stderr) == (
        2, "criteria-checker: error: standard output: cannot write: No space left on device\n")


def test_a_full_disk_behind_the_report_file_is_exit_2(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    assert run_cli(capsys, "check", good, "-o", str(full)) == (
        2, "", f"criteria-checker: error: {full}: cannot write: No space left on device\n")
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_reader_that_goes_away_ends_quietly_as_unix_tools_do(good: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    with contextlib.closing(os.fdopen(write_end, "wb")) as pipe:
        result = subprocess.run([*CLI, "check", good], stdout=pipe, stderr=subprocess.PIPE,
                                text=True, check=False)
    assert (result.returncode, result.stderr) == (141, "")


# --- item 10: click's usage errors in one line


@pytest.mark.parametrize(("args", "message"), [
    (["check", "--xyzzy", "good.xml"],
     "No such option '--xyzzy' (see 'criteria-checker check --help')"),
    (["check", "--formt", "json", "good.xml"],
     "No such option '--formt'. Did you mean '--format'? "
     "(see 'criteria-checker check --help')"),
    (["check"], "Missing argument 'FILES...' (see 'criteria-checker check --help')"),
    (["check", "good.xml", "--fail-on", "never"],
     "Invalid value for '--fail-on': 'never' is not one of 'error', 'warning', 'info' "
     "(see 'criteria-checker check --help')"),
    (["batch", "good.xml", "--jobs", "0"],
     "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1 "
     "(see 'criteria-checker batch --help')"),
    (["chek", "good.xml"],
     "No such command 'chek'. Did you mean 'check'? (see 'criteria-checker --help')"),
    (["criteria", "show"],
     "Missing argument 'REF' (see 'criteria-checker criteria show --help')"),
])
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], good: str,
                                   args: list[str], message: str) -> None:
    assert run_cli(capsys, *args) == (2, "", f"criteria-checker: error: {message}\n")


def test_help_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "check", "--help")
    assert (code, err) == (0, "")
    assert out.startswith("Usage: criteria-checker check [OPTIONS] FILES...\n\n"
                          "  Check specifications (DOCX or XML) against the criteria.\n")


# --- item 5: one bad file does not stop the others


@pytest.fixture
def unreadable(tmp_path: Path) -> Iterator[str]:
    """A folder named like a specification: unreadable as a document whoever runs the test."""
    (tmp_path / "locked.xml").mkdir()
    yield "locked.xml"


def test_check_checks_the_good_file_and_reports_the_missing_one(
        capsys: pytest.CaptureFixture[str], good: str) -> None:
    assert run_cli(capsys, "check", good, "missing.xml") == (
        2, f"good.xml: {GOOD_LINE}\n", "criteria-checker: error: missing.xml: no such file\n")


def test_hook_checks_the_good_file_and_reports_the_missing_one(
        capsys: pytest.CaptureFixture[str], good: str) -> None:
    assert run_cli(capsys, "hook", "missing.xml", good) == (
        2, "missing.xml: no such file\n", "")


def test_check_carries_on_past_a_file_that_cannot_be_read(
        capsys: pytest.CaptureFixture[str], good: str, unreadable: str) -> None:
    code, out, err = run_cli(capsys, "check", unreadable, good)
    assert (code, out, len(err.splitlines())) == (2, f"good.xml: {GOOD_LINE}\n", 1)
    assert err.startswith(f"criteria-checker: error: {unreadable}: ")


@pytest.mark.parametrize("folder", ["submisions/", "submisions"])
def test_batch_with_a_mistyped_folder_is_one_line(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path, folder: str) -> None:
    assert run_cli(capsys, "batch", folder, "--out", "review") == (
        2, "", f"criteria-checker: error: {folder}: no such file or folder\n")
    assert not (tmp_path / "review").exists()


# --- item 6: hook takes everything after its options as files


@pytest.mark.parametrize("args", [
    ["-draft.xml"],
    ["--fail-on", "warning", "-draft.xml"],
    ["--fail-on=warning", "-draft.xml", "good.xml"],
    ["good.xml", "-draft.xml"],
])
def test_hook_takes_dash_names_as_files(capsys: pytest.CaptureFixture[str], good: str,
                                        good_bytes: bytes, tmp_path: Path,
                                        args: list[str]) -> None:
    (tmp_path / "-draft.xml").write_bytes(good_bytes)
    assert run_cli(capsys, "hook", *args) == (0, "", "")


def test_hook_reports_a_missing_dash_name_as_a_file(
        capsys: pytest.CaptureFixture[str], good: str) -> None:
    assert run_cli(capsys, "hook", "-gone.xml") == (2, "-gone.xml: no such file\n", "")


# --- item 4: batch --out where nothing can be written


def test_batch_out_under_a_plain_file(capsys: pytest.CaptureFixture[str], good: str,
                                      tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    assert run_cli(capsys, "batch", good, "--out", "plain/review", "-q") == (
        2, "", "criteria-checker: error: plain/review: cannot create the output folder: "
               "Not a directory\n")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_batch_out_in_proc(capsys: pytest.CaptureFixture[str], good: str) -> None:
    assert run_cli(capsys, "batch", good, "--out", "/proc/review", "-q") == (
        2, "", "criteria-checker: error: /proc/review: cannot create the output folder: "
               "No such file or directory\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="a privileged user can write anywhere")
def test_batch_out_in_an_unwritable_folder(capsys: pytest.CaptureFixture[str], good: str,
                                           tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert run_cli(capsys, "batch", good, "--out", "locked/review", "-q") == (
            2, "", "criteria-checker: error: locked/review: cannot create the output "
                   "folder: Permission denied\n")
    finally:
        locked.chmod(0o700)


def test_batch_does_not_check_its_own_reports_on_the_next_run(
        capsys: pytest.CaptureFixture[str], good: str, tmp_path: Path) -> None:
    for _ in range(2):
        code, _out, _err = run_cli(capsys, "batch", ".", "--out", "review", "--format",
                                   "junit", "-q", "--jobs", "1")
        assert code == 0
    summary = (tmp_path / "review" / "summary.csv").read_text().splitlines()
    assert [line.split(",")[:2] for line in summary[1:]] == [["good.xml", "conformant"]]


def test_hook_refuses_a_fifo_named_xml_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.xml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "criteria_checker", "hook", str(fifo)],
                            capture_output=True, text=True, timeout=30, check=False)
    assert (result.returncode, result.stdout) == (
        2, f"{fifo}: is not a regular file (a FIFO (named pipe))\n")


# -- every hostile file in tests/, through the command line, under a memory limit --------

CORPUS = Path(__file__).resolve().parent / "corpus" / "xml"
#: Address space the command line may use: far below what a ZIP, entity or numbering bomb
#: would take, well above what a real check needs (about 60 MB resident).
MEMORY_LIMIT = 1 << 30


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _numbering_bomb(folder: Path) -> Path:
    """A Word file whose list numbering asks for a 2x10^10-letter label and a 10^12 roman one."""
    from test_docx_reader import h, make_docx, p, tbl, tr

    numbering = ('<w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="20000000000"/><w:numFmt w:val="lowerLetter"/>'
                 '<w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1000000000000"/>'
                 '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    body = (h(2, "Unit 501: Leadership") + tbl(tr("Unit reference number", "H/650/2114"))
            + p("Understand leadership", num=(1, 0)) + p("Explain leadership", num=(1, 1)))
    return make_docx(folder, body, numbering=numbering, name="numbering-bomb.docx")


def _duplicate_document(folder: Path) -> Path:
    import zipfile

    path = folder / "twice.docx"
    with zipfile.ZipFile(path, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


HOSTILE_XML = sorted(CORPUS.glob("*.xml"))


def _check_limited(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "criteria_checker", "check", str(path)],
                          capture_output=True, text=True, timeout=10, check=False,
                          preexec_fn=_limited)


@pytest.mark.parametrize("path", HOSTILE_XML, ids=[p.name for p in HOSTILE_XML])
def test_hostile_corpus_exits_2_in_one_line_under_a_memory_limit(path: Path) -> None:
    result = _check_limited(path)
    assert (result.returncode, len(result.stderr.splitlines())) == (2, 1), result.stderr


def test_a_duplicated_part_exits_2_in_one_line_under_a_memory_limit(tmp_path: Path) -> None:
    result = _check_limited(_duplicate_document(tmp_path))
    assert (result.returncode, len(result.stderr.splitlines())) == (2, 1), result.stderr


def test_a_numbering_bomb_is_read_and_checked_under_a_memory_limit(tmp_path: Path) -> None:
    # Not refused: the numbers are bounded, so the file is read and checked like any other.
    result = _check_limited(_numbering_bomb(tmp_path))
    assert (result.returncode, result.stderr) == (1, ""), result.stderr
    assert "numbering-bomb.docx" in result.stdout
