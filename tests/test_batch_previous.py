"""`batch --previous DIR`: what changed since an earlier review, in the summary.

Two batches run over edited copies of the specimens; the second is given the first's
folder. Protects the exact "changed since" values in summary.csv, summary.xlsx and
index.html:

- new, unchanged (same bytes, same findings), renamed (matched by qualification
  number when the file name is new), edited with the same findings, a verdict that
  changed, findings added and fixed (from the earlier JSON reports), TQT and hours
  that changed, and the earlier files no longer submitted;
- with summary.csv alone (no JSON reports), counts instead of findings added and fixed;
- the same file checked with other options says "same file";
- the earlier folder may be the output folder itself, and one kept among the
  submissions is not checked as one;
- a missing or unusable DIR is one line and exit 2, before anything is written;
- without --previous the summary has no such column.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import openpyxl
import pytest

from criteria_checker.batch.summary import COLUMNS
from criteria_checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
SPECIMEN_QN = 'number="610/4217/1"'


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


def qualification_number(first_seven: str) -> str:
    """``6104218`` -> ``610/4218/X``, with the check character the QN rule expects."""
    total = sum(weight * int(digit) for weight, digit in zip(range(8, 1, -1), first_seven,
                                                             strict=True))
    check = total % 11
    return f"{first_seven[:3]}/{first_seven[3:]}/{'X' if check == 10 else check}"


def copy(specimen: str, target: Path, *, qn: str | None = None,
         edits: tuple[tuple[str, str], ...] = ()) -> None:
    """Copy a specimen, giving it another qualification number and making ``edits``."""
    data = (SPECIMENS / specimen).read_bytes()
    replacements = list(edits)
    if qn is not None:
        replacements.append((SPECIMEN_QN, f'number="{qn}"'))
    for old, new in replacements:
        assert data.count(old.encode()) == 1, old
        data = data.replace(old.encode(), new.encode())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


QN = {name: qualification_number(digits) for name, digits in (
    ("b", "6104218"), ("c", "6104219"), ("renamed", "6104220"), ("gone", "6104221"),
    ("f", "6104222"), ("new", "6104223"))}
ANOTHER_AIM = ("<aim>This unit develops the knowledge and practice a manager of an adult care "
               "service needs in leadership and Management.",
               "<aim>This unit builds the knowledge and practice a manager of an adult care "
               "service needs in leadership and management.")
TQT_955 = ('level="5" tqt="960"', 'level="5" tqt="955"')


@pytest.fixture
def review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two rounds of submissions in tmp_path (round-1, round-2); the working folder."""
    monkeypatch.chdir(tmp_path)
    first, second = tmp_path / "round-1", tmp_path / "round-2"
    for folder in (first, second):
        copy("conformant.xml", folder / "a.xml")
        copy("conformant.docx", folder / "sub" / "d.docx")
        (folder / "e.docx").write_bytes(b"")
    copy("optional-only-coverage.xml", first / "b.xml", qn=QN["b"])
    copy("conformant.xml", second / "b.xml", qn=QN["b"])
    copy("conformant.xml", first / "c.xml", qn=QN["c"])
    copy("conformant.xml", second / "c.xml", qn=QN["c"], edits=(ANOTHER_AIM,))
    copy("topic-not-covered.xml", first / "old-name.xml", qn=QN["renamed"])
    copy("topic-not-covered.xml", second / "new-name.xml", qn=QN["renamed"])
    copy("tqt-above-band.xml", first / "gone.xml", qn=QN["gone"])
    copy("tqt-above-band.xml", first / "f.xml", qn=QN["f"])
    copy("tqt-above-band.xml", second / "f.xml", qn=QN["f"], edits=(TQT_955,))
    copy("no-optional-units.xml", second / "h-new.xml", qn=QN["new"])
    return tmp_path


def summary(out: Path) -> dict[str, dict[str, str]]:
    """summary.csv by file name relative to the folder reviewed."""
    text = (out / "summary.csv").read_text(encoding="utf-8")
    return {row["file"].split("/", 1)[1]: row for row in csv.DictReader(io.StringIO(text))}


def changes(out: Path) -> dict[str, tuple[str, str]]:
    return {name: (row["status"], row["changed since"]) for name, row in summary(out).items()}


WITH_JSON = {
    "a.xml": ("conformant", "unchanged"),
    "b.xml": ("conformant", "not conformant → conformant; findings −2; "
                            "mandatory hours 750 → 780; optional hours 170-190 → 140-160"),
    "c.xml": ("conformant", "edited; same findings"),
    "e.docx": ("unreadable", "unchanged"),
    "f.xml": ("not conformant", "findings +2 −1; TQT 960 → 955"),
    "h-new.xml": ("not conformant", "new"),
    "new-name.xml": ("not conformant", "renamed from old-name.xml; unchanged"),
    "sub/d.docx": ("conformant", "unchanged"),
}


def test_changes_since_a_review_that_kept_json_reports(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "batch", "round-1", "--out", "first", "--format", "json",
                   "--format", "html", "-q", "-j", "1")[0] == 2
    assert run_cli(capsys, "batch", "round-2", "--out", "second", "--previous", "first",
                   "-q", "-j", "1") == (2, "", "")
    assert changes(review / "second") == WITH_JSON
    page = (review / "second" / "index.html").read_text(encoding="utf-8")
    assert ("<p>Since the review in <code>first</code>: 1 new, 4 unchanged, 3 changed; "
            "1 no longer submitted: gone.xml.</p>") in page
    headings = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', page)
    assert headings[:4] == ["File", "Verdict", "Changed since", "Errors"]
    for _, change in WITH_JSON.values():
        assert f'<div class="clamp">{html.escape(change)}</div>' in page, change
    workbook = openpyxl.load_workbook(review / "second" / "summary.xlsx")
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    assert rows[0] == (*COLUMNS, "changed since")
    assert sorted(row[-1] for row in rows[1:]) == sorted(c for _, c in WITH_JSON.values())


def test_with_summary_csv_alone_counts_stand_for_findings(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "batch", "round-1", "--out", "first", "--format", "junit", "-q", "-j", "1")
    run_cli(capsys, "batch", "round-2", "--out", "second", "--previous", "first", "-q",
            "-j", "1")
    assert changes(review / "second") == {
        **WITH_JSON,
        "b.xml": ("conformant", "not conformant → conformant; errors 2 → 0; "
                                "mandatory hours 750 → 780; optional hours 170-190 → 140-160"),
        "f.xml": ("not conformant", "errors 3 → 4; TQT 960 → 955"),
    }


def test_the_same_files_checked_otherwise_say_same_file(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "batch", "round-1", "--out", "first", "--format", "json", "-q", "-j", "1")
    run_cli(capsys, "batch", "round-1", "--out", "again", "--previous", "first", "--severity",
            "COV002=warning", "--ignore", "HRS001", "-q", "-j", "1")
    assert changes(review / "again") == {
        "a.xml": ("conformant", "unchanged"),
        "b.xml": ("not conformant", "same file; errors 2 → 1; warnings 0 → 1"),
        "c.xml": ("conformant", "unchanged"),
        "e.docx": ("unreadable", "unchanged"),
        "f.xml": ("not conformant", "same file; findings −1"),
        "gone.xml": ("not conformant", "same file; findings −1"),
        "old-name.xml": ("not conformant", "unchanged"),
        "sub/d.docx": ("conformant", "unchanged"),
    }


def test_the_earlier_folder_may_be_the_output_folder(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "batch", "round-1", "--out", "review", "--format", "json", "-q", "-j", "1")
    run_cli(capsys, "batch", "round-1", "--out", "review", "--previous", "review", "-q",
            "-j", "1")
    assert {change for _, change in changes(review / "review").values()} == {"unchanged"}


def test_an_earlier_review_among_the_submissions_is_not_checked(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # JUnit reports are .xml files: the first review's folder would look like submissions.
    run_cli(capsys, "batch", "round-1", "--out", "round-1/review", "--format", "junit",
            "-q", "-j", "1")
    run_cli(capsys, "batch", "round-1", "--out", "second", "--previous", "round-1/review",
            "-q", "-j", "1")
    assert sorted(summary(review / "second")) == [
        "a.xml", "b.xml", "c.xml", "e.docx", "f.xml", "gone.xml", "old-name.xml", "sub/d.docx"]


def test_without_previous_there_is_no_change_column(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "batch", "round-1", "--out", "first", "-q", "-j", "1")
    header = (review / "first" / "summary.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(COLUMNS)
    assert "Changed since" not in (review / "first" / "index.html").read_text(encoding="utf-8")
    sha = {name: row["sha256"] for name, row in summary(review / "first").items()}
    assert sha["e.docx"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in sha.values())


# -- an earlier folder that cannot be used ----------------------------------------------------


def _make(tmp: Path, kind: str) -> None:
    if kind == "file":
        (tmp / "earlier").write_text("not a folder")
    elif kind != "missing":
        (tmp / "earlier").mkdir()
    if kind == "not-a-summary":
        (tmp / "earlier" / "summary.csv").write_text("name,verdict\nx.docx,ok\n")
    elif kind == "not-utf8":
        (tmp / "earlier" / "summary.csv").write_bytes(b"file,status\n\xff\xfe.docx,ok\n")
    elif kind == "summary-is-a-folder":
        (tmp / "earlier" / "summary.csv").mkdir()


UNUSABLE = [
    ("missing", "earlier: no such folder; --previous takes the --out folder of an earlier batch"),
    ("file", "earlier: is not a folder; --previous takes the --out folder of an earlier batch"),
    ("empty", "earlier: has no summary.csv; --previous takes the --out folder of an earlier "
              "batch"),
    ("not-a-summary", "earlier/summary.csv: is not a batch summary: it needs the columns file "
                      "and status, as a batch writes them"),
    ("not-utf8", "earlier/summary.csv: is not UTF-8 text (bad byte at offset 12); a batch "
                 "writes its summary in UTF-8"),
    ("summary-is-a-folder", "earlier/summary.csv: is a folder, not a file"),
]


@pytest.mark.parametrize(("kind", "message"), UNUSABLE, ids=[k for k, _ in UNUSABLE])
def test_an_unusable_earlier_folder_stops_the_batch_before_any_work(
        kind: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    copy("conformant.xml", tmp_path / "in" / "a.xml")
    _make(tmp_path, kind)
    assert run_cli(capsys, "batch", "in", "--out", "out", "--previous", "earlier") == (
        2, "", f"criteria-checker: error: {message}\n")
    assert not (tmp_path / "out").exists()


# -- the index with the column, at 1280 pixels ------------------------------------------------


@pytest.mark.slow
def test_the_index_with_changes_reads_at_1280_pixels(tmp_path: Path) -> None:
    from dataclasses import replace

    from test_batch_summary import CHROMIUM, rows_for_layout

    from criteria_checker.batch.summary import Comparison, render_index

    if not CHROMIUM.exists():
        pytest.skip("needs Chromium at /usr/bin/chromium")
    from playwright import sync_api

    said = ["new", "unchanged", "renamed from ao-9/submissions/final/spec-9-second-draft.docx; "
            "not conformant → conformant; findings +12 −31; TQT 960 → 920; mandatory hours "
            "780 → 750; optional hours 180-200 → 170-190", "edited; same findings"]
    rows = [replace(row, change=said[n % len(said)]) for n, row in enumerate(rows_for_layout())]
    index = tmp_path / "index.html"
    index.write_text(render_index(rows, comparison=Comparison(
        folder="/srv/review/2024-round-1", gone=tuple(f"gone-{n}.docx" for n in range(25)))),
        encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(index.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            line = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('td')).lineHeight)")
            heights = page.eval_on_selector_all(
                "tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)")
            assert all(height <= 2 * line + 12 for height in heights), (heights, line)
            assert page.text_content("p:nth-of-type(2)") == (
                "Since the review in /srv/review/2024-round-1: 3 new, 3 unchanged, 6 changed; "
                "25 no longer submitted: " + ", ".join(f"gone-{n}.docx" for n in range(20))
                + " and 5 more.")
        finally:
            browser.close()


# -- reading an earlier folder back -----------------------------------------------------------


def test_a_summary_reads_back_as_it_was_written() -> None:
    from test_batch_summary import HOSTILE

    from criteria_checker.batch.summary import PreviousRow, read_summary_csv, render_csv

    assert read_summary_csv(render_csv([HOSTILE])) == [PreviousRow(
        file="/in/=cmd.xml", status="not conformant", qualification_number="-2+3", tqt="920",
        mandatory_hours="780", optional_hours="140-160", errors="1", warnings="0", infos="0",
        top_problems="@SUM(A1) first | TTL001 second", report="reports/=cmd.xml.html",
        sha256="ab" * 32)]


REPORT = {"schema": "criteria-checker/report/1", "reports": [{"file": "in/a.xml", "findings": [
    {"rule_id": "HRS001", "severity": "error", "message": "TQT 960 hours is above the "
     "required 900-950", "ref": None, "location": {"file": "in/a.xml", "line": 3,
                                                    "locator": None, "path": None}}]}]}


@pytest.mark.parametrize(("report_cell", "files", "findings"), [
    ("reports/a.xml.html", {"reports/a.xml.json": REPORT}, 1),
    # Only reports/<the main report's name>.json is read, whatever the cell says.
    ("../a.xml.html", {"a.xml.json": REPORT}, None),
    ("reports/a.xml.html", {"reports/a.xml.json": "{not json"}, None),
    ("reports/a.xml.html", {"reports/a.xml.json": {**REPORT, "schema": "other/1"}}, None),
    ("reports/a.xml.html", {"reports/a.xml.json": {"schema": "criteria-checker/report/1",
                                                   "reports": [{"file": "in/b.xml"}]}}, None),
    ("reports/a.xml.html", {"reports/a.xml.json": "[" * 100_000}, None),
    ("", {}, None),
])
def test_findings_come_only_from_the_rows_own_json_report(
        report_cell: str, files: dict[str, object], findings: int | None,
        tmp_path: Path) -> None:
    import json

    from criteria_checker.batch.run import load_previous
    from criteria_checker.batch.summary import BatchRow, render_csv

    earlier = tmp_path / "earlier"
    (earlier / "reports").mkdir(parents=True)
    row = BatchRow(file="in/a.xml", status="not conformant", errors=1,
                   reports={"html": report_cell} if report_cell else {})
    (earlier / "summary.csv").write_text(render_csv([row]), encoding="utf-8")
    for name, content in files.items():
        (earlier / name).write_text(content if isinstance(content, str) else json.dumps(content),
                                    encoding="utf-8")
    [read] = load_previous(earlier).rows
    assert (len(read.findings) if read.findings is not None else None) == findings
