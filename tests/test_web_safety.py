"""What keeps the server safe to run: limits, the token, the Host check, private files, time.

Protects: uploads over the size or count limit are refused while they
arrive; a server with a token lets nothing through without it (compared in
constant time, as a bearer header or the page's cookie); a loopback server
answers only to loopback names; uploaded files live in a private folder that
is gone when the answer is sent; a check that overruns the time limit is a
503 with a clear sentence; an uploaded file's name can never escape its folder.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from test_web_support import ROOT, conformant_docx, conformant_xml

from criteria_checker.engine.options import CheckOptions
from criteria_checker.web import worker
from criteria_checker.web.app import create_app
from criteria_checker.web.middleware import SECURITY_HEADERS, host_name
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.settings import WebSettings, is_loopback
from criteria_checker.web.uploads import (
    UploadedForm,
    UploadLimits,
    receive_upload,
    safe_file_name,
    size_text,
)
from criteria_checker.web.worker import CheckTimedOut, Job, JobResult, run_job

TOKEN = "correct horse battery staple"


def upload(*files: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (name, data)) for name, data in files]


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    """A server with a token and small limits."""
    settings = WebSettings(token=TOKEN, max_file_bytes=150_000, max_files=2, workers=1)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


BEARER = {"authorization": f"Bearer {TOKEN}"}


# -- limits -----------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_413(guarded: TestClient) -> None:
    answer = guarded.post("/api/check", headers=BEARER,
                          files=upload(("big.docx", b"PK\x03\x04" + bytes(150_000))))
    assert answer.status_code == 413
    assert answer.json() == {"detail": "big.docx: is larger than the limit of 150,000 bytes",
                             "errors": []}


def test_one_file_too_many_is_413(guarded: TestClient) -> None:
    answer = guarded.post("/api/check", headers=BEARER,
                          files=upload(*[(f"{n}.xml", b"<x/>") for n in range(3)]))
    assert answer.status_code == 413
    assert answer.json()["detail"] == "too many files: at most 2 per request"


def test_a_declared_body_over_the_limit_is_refused_before_reading(guarded: TestClient) -> None:
    answer = guarded.post("/api/check", headers={
        **BEARER, "content-type": "multipart/form-data; boundary=x",
        "content-length": "999999999"}, content=b"--x--\r\n")
    assert answer.status_code == 413
    assert answer.json()["detail"] == "the upload is larger than the limit of 2.3 MB in all"


def test_too_many_form_fields_is_413(guarded: TestClient) -> None:
    answer = guarded.post("/api/check", headers=BEARER,
                          data={f"f{n}": "x" for n in range(65)}, files=upload(("a.xml", b"<x/>")))
    assert answer.status_code == 413
    assert answer.json()["detail"] == "too many form fields: at most 64"


@pytest.mark.parametrize(("size", "text"), [(20 * 1024 * 1024, "20 MB"),
                                            (1536 * 1024, "1.5 MB"), (40_000, "40,000 bytes")])
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text


# -- the token ----------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {},
    {"authorization": "Bearer wrong"},
    {"authorization": f"Basic {TOKEN}"},
    {"authorization": f"Bearer {TOKEN}x"},
    {"authorization": "Bearer ñandú".encode()},
])
@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/criteria"), ("GET", "/api/criteria/LMAC5A"), ("GET", "/api/rules"),
    ("GET", "/api/template"), ("POST", "/api/check"), ("POST", "/api/convert"),
    ("GET", "/openapi.json"),
])
def test_every_api_call_needs_the_token(
    guarded: TestClient, headers: dict[str, str | bytes], method: str, path: str,
) -> None:
    answer = guarded.request(method, path, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"detail": "this server needs a token: send the header "
                                       "'Authorization: Bearer TOKEN'", "errors": []}
    assert answer.headers["www-authenticate"] == 'Bearer realm="criteria-checker"'


def test_the_token_opens_the_api(guarded: TestClient) -> None:
    assert guarded.get("/api/rules", headers=BEARER).status_code == 200
    answer = guarded.post("/api/check", headers=BEARER, files=upload(("c.xml", conformant_xml())))
    assert answer.status_code == 200
    assert answer.json()["summary"]["passed"] is True


def test_healthz_needs_no_token(guarded: TestClient) -> None:
    assert guarded.get("/healthz").status_code == 200


def test_the_description_declares_the_bearer_scheme(guarded: TestClient) -> None:
    description = guarded.get("/openapi.json", headers=BEARER).json()
    assert description["components"]["securitySchemes"] == {
        "bearer": {"type": "http", "scheme": "bearer"}}
    assert description["security"] == [{"bearer": []}]
    assert description["paths"]["/healthz"]["get"]["security"] == []


def test_the_page_asks_for_the_token_and_keeps_it_in_a_strict_cookie(guarded: TestClient) -> None:
    guarded.cookies.clear()
    first = guarded.get("/")
    assert first.status_code == 401
    assert '<label for="token">Access token</label>' in first.text
    assert 'name="file"' not in first.text
    posted = guarded.post("/", files=upload(("c.xml", conformant_xml())))
    assert posted.status_code == 401
    assert "Results" not in posted.text
    wrong = guarded.post("/token", data={"token": "guess"})
    assert wrong.status_code == 401
    assert "That token is not right" in wrong.text
    right = guarded.post("/token", data={"token": TOKEN}, follow_redirects=False)
    assert right.status_code == 303
    assert right.headers["location"] == "/"
    cookie = right.headers["set-cookie"]
    assert cookie.startswith(f"criteria_checker_token=\"{TOKEN}\";")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = guarded.get("/")
    assert page.status_code == 200
    assert 'name="file"' in page.text
    # The cookie opens the API too: the page's template link is an API call.
    assert guarded.get("/api/template?format=xml").status_code == 200
    guarded.cookies.clear()


# -- the Host check ------------------------------------------------------------------

@pytest.fixture(scope="module")
def open_client() -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(workers=1)), base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000",
                                  "LOCALHOST"])
def test_a_loopback_server_answers_loopback_names(open_client: TestClient, host: str) -> None:
    assert open_client.get("/healthz", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  ""])
def test_a_loopback_server_refuses_other_names(open_client: TestClient, host: str) -> None:
    answer = open_client.get("/api/rules", headers={"host": host})
    assert answer.status_code == 400
    assert answer.json() == {"detail": f"this server answers only to localhost, not to "
                                       f"{host_name(host)!r}", "errors": []}


def test_a_server_bound_beyond_loopback_answers_any_name() -> None:
    app = create_app(WebSettings(host="0.0.0.0", token=TOKEN, workers=1))
    with TestClient(app, base_url="http://checker.example.org") as client:
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.1.2.3", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("::", False), ("example.org", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


# -- headers -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/healthz", "/api/criteria", "/nothing"])
def test_every_answer_carries_the_security_headers(open_client: TestClient, path: str) -> None:
    answer = open_client.get(path)
    for name, value in SECURITY_HEADERS:
        if name == "cache-control" and path == "/static/app.css":
            continue
        assert answer.headers[name] == value
    assert "server" not in answer.headers or "uvicorn" not in answer.headers["server"]


# -- private folder ---------------------------------------------------------------------

class RecordingRunner:
    """Stands in for the worker pool: notes where each file was, while it was there."""

    def __init__(self) -> None:
        self.seen: list[tuple[Path, list[str], bytes]] = []
        self.modes: list[int] = []

    async def run(self, jobs: Sequence[Job], deadline: float) -> list[JobResult]:
        for job in jobs:
            folder = Path(job.folder)
            self.seen.append((folder, sorted(p.name for p in folder.iterdir()),
                              (folder / job.name).read_bytes()))
            self.modes.append(folder.parent.stat().st_mode & 0o777)
        return [JobResult(job.name, problem=f"{job.name}: recorded") for job in jobs]

    def close(self) -> None:
        pass


def test_uploads_live_in_a_private_folder_only_during_the_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = create_app(WebSettings(workers=1))
    app.state.runner = runner = RecordingRunner()
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.post("/api/check", files=upload(("a.docx", b"first"),
                                                        ("a.docx", b"second"),
                                                        ("../../escape.xml", b"third")))
    assert answer.status_code == 422
    folders = [seen[0] for seen in runner.seen]
    assert [(seen[1], seen[2]) for seen in runner.seen] == [
        (["a.docx"], b"first"), (["a.docx"], b"second"), (["escape.xml"], b"third")]
    request_folder = folders[0].parent
    assert request_folder.parent == tmp_path
    assert request_folder.name.startswith("criteria-checker-web-")
    assert runner.modes == [0o700, 0o700, 0o700]
    assert list(tmp_path.iterdir()) == []


def test_a_refused_upload_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with TestClient(create_app(WebSettings(max_file_bytes=10, workers=1)),
                    base_url="http://127.0.0.1") as client:
        answer = client.post("/api/check", files=upload(("a.docx", b"x" * 100)))
    assert answer.status_code == 413
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("raw", "safe"), [
    ("spec.docx", "spec.docx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ann\\Spec v2.docx", "Spec v2.docx"),
    ("..", "upload"),
    ("", "upload"),
    ("bad\x00name\x1b[31m.docx", "badname[31m.docx"),
    ("\u202ecod.xml", "cod.xml"),
    ("é" * 100 + ".docx", "é" * 57 + ".docx"),
    ("x" * 300, "x" * 120),
])
def test_safe_file_name(raw: str, safe: str) -> None:
    assert safe_file_name(raw) == safe
    assert len(safe.encode("utf-8")) <= 120


def test_a_file_name_cannot_escape_its_folder(open_client: TestClient) -> None:
    answer = open_client.post("/api/check", files=upload(("../../../tmp/x.docx",
                                                          conformant_docx())))
    assert answer.status_code == 200
    assert answer.json()["reports"][0]["file"] == "x.docx"


# -- time --------------------------------------------------------------------------------

class SlowRunner(RecordingRunner):
    async def run(self, jobs: Sequence[Job], deadline: float) -> list[JobResult]:
        raise CheckTimedOut


def test_a_check_over_the_time_limit_is_503() -> None:
    app = create_app(WebSettings(time_limit=7, workers=1))
    app.state.runner = SlowRunner()
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.post("/api/check", files=upload(("c.xml", conformant_xml())))
        page = client.post("/", files=upload(("c.xml", conformant_xml())))
    assert answer.status_code == 503
    assert answer.json() == {"detail": "checking took longer than the time limit of 7 seconds; "
                                       "try fewer files at a time", "errors": []}
    assert page.status_code == 503
    assert "checking took longer than the time limit of 7 seconds" in page.text


def test_a_worker_that_starts_too_late_gives_up_and_the_api_says_503() -> None:
    # A fresh worker process takes far longer than a millisecond to start, so the
    # job finds its deadline passed: the real pool reports the overrun.
    with TestClient(create_app(WebSettings(time_limit=0.001, workers=1)),
                    base_url="http://127.0.0.1") as client:
        answer = client.post("/api/check", files=upload(("c.xml", conformant_xml())))
    assert answer.status_code == 503
    assert answer.json()["detail"].startswith("checking took longer than the time limit of 0.001 "
                                              "seconds")


class SlowRequest:
    """A request whose body arrives in two parts, far apart."""

    headers: ClassVar[dict[str, str]] = {"content-type": "multipart/form-data; boundary=x"}

    async def stream(self) -> AsyncIterator[bytes]:
        yield b"--x\r\n"
        await asyncio.sleep(5)
        yield b"--x--\r\n"


def test_an_upload_slower_than_the_time_limit_is_408(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(WebProblem) as refused:
        asyncio.run(receive_upload(SlowRequest(), tmp_path,  # type: ignore[arg-type]
                                   UploadLimits(100, 1), time.time() + 0.1, UploadedForm()))
    assert (refused.value.status, refused.value.detail) == (
        408, "the upload took longer than the time limit of this server; try fewer or smaller "
             "files")
    assert time.monotonic() - started < 2


def test_a_job_past_its_deadline_does_no_work(tmp_path: Path) -> None:
    (tmp_path / "c.xml").write_bytes(conformant_xml())
    job = Job(folder=str(tmp_path), name="c.xml", options=CheckOptions(),
              deadline=time.time() - 1)
    assert run_job(job) == JobResult("c.xml", timed_out=True)


def test_the_alarm_interrupts_work_that_overruns() -> None:
    started = time.monotonic()
    with pytest.raises(worker._Alarm), worker._alarm_after(0.05):
        while time.monotonic() - started < 5:
            pass
    assert time.monotonic() - started < 1


def test_a_job_interrupted_by_its_alarm_reports_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def endless(job: Job) -> JobResult:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(worker, "_run", endless)
    job = Job(folder=str(tmp_path), name="c.xml", options=CheckOptions(),
              deadline=time.time() + 0.1)
    assert run_job(job) == JobResult("c.xml", timed_out=True)


def test_a_job_reports_a_bug_as_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(job: Job) -> JobResult:
        raise KeyError("boom")

    monkeypatch.setattr(worker, "_run", broken)
    job = Job(folder=str(tmp_path), name="c.xml", options=CheckOptions())
    assert run_job(job) == JobResult("c.xml", problem="c.xml: the checker failed on this file "
                                                      "(internal error: KeyError)")


# -- imports ------------------------------------------------------------------------------

def test_the_command_line_does_not_load_the_web_stack() -> None:
    code = ("import sys, criteria_checker.cli, criteria_checker.cli.serve; "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'python_multipart') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
