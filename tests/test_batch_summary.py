"""The reviewer's batch summary: summary.csv, summary.xlsx and index.html.

- no text from a submission becomes a spreadsheet formula, in the CSV (a leading ') or
  in the workbook (string cells);
- the workbook has the CSV's columns, a frozen header, an autofilter and verdict colours,
  and the same bytes for the same rows;
- the index names files relative to the folder given, shortens long titles (the whole
  title on hover), keeps rows to one or two lines and each report link in view at
  1280 pixels, and filters by verdict with and without script;
- `batch --format xlsx` writes an evidence workbook per submission.
"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from criteria_checker.batch.inputs import collect_inputs
from criteria_checker.batch.run import BatchSettings, run_batch
from criteria_checker.batch.summary import (
    COLUMNS,
    BatchRow,
    display_names,
    render_csv,
    render_index,
    render_xlsx,
)
from criteria_checker.engine.options import CheckOptions
from criteria_checker.evidence.workbook import SHEETS
from criteria_checker.html import stylesheet

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
CHROMIUM = Path("/usr/bin/chromium")
LONG_TITLE = ("Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service "
              "(England) with an Optional Pathway in Specialist Dementia Care Leadership")

HOSTILE = BatchRow(
    file="/in/=cmd.xml", status="not conformant", awarding_organisation="+SUM(1)",
    title="=HYPERLINK(\"http://example.invalid\",\"x\")", qualification_number="-2+3",
    tqt=920, mandatory_hours=780, optional_hours="140-160", errors=1,
    top_problems=("@SUM(A1) first", "TTL001 second"), reason="\tcmd", reports={
        "html": "reports/=cmd.xml.html"}, sha256="ab" * 32)


def rows_for_layout() -> list[BatchRow]:
    """A batch a reviewer meets: long names and titles, every verdict, several formats."""
    rows = []
    for n in range(12):
        status: Any = ["not conformant", "conformant", "unreadable", "crashed",
                       "not checked"][n % 5]
        checked = status in ("conformant", "not conformant")
        name = (f"/srv/review/2024-round-2/ao-{n}/submissions/final/"
                f"{'a-very-long-file-name-from-an-awarding-organisation-v3-final-' * (n % 2)}"
                f"spec-{n}.docx")
        rows.append(BatchRow(
            file=name, status=status,
            reason="" if checked else "is a PDF file, not a Word .docx document; submit the "
                                      "Word document",
            awarding_organisation="Northfield Awards" if checked else "",
            title=LONG_TITLE if checked else "",
            qualification_number="610/4217/1" if checked else "",
            tqt=920 if checked else None, mandatory_hours=780 if checked else None,
            optional_hours="140-160" if checked else "",
            errors=3 * (status == "not conformant"), warnings=n % 3, infos=1,
            top_problems=(("OPT004 Under the rules of combination, a learner taking F/651/4471, "
                           "H/651/4472, J/651/4473 reaches a TQT of 980 hours, above 900-950",
                           "HRS001 TQT 960 hours is above the required 900-950")
                          if status == "not conformant" else ()),
            reports=({"html": f"reports/spec-{n}.docx.html", "json": f"reports/spec-{n}.json",
                      "xlsx": f"reports/spec-{n}.docx.xlsx"} if checked else {}),
        ))
    return rows


# -- CSV ------------------------------------------------------------------------------------


def test_csv_neutralises_every_cell_that_starts_like_a_formula() -> None:
    text = render_csv([HOSTILE])
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == list(COLUMNS)
    assert row == ["/in/=cmd.xml", "not conformant", "'+SUM(1)",
                   "'=HYPERLINK(\"http://example.invalid\",\"x\")", "'-2+3", "920", "780",
                   "140-160", "1", "0", "0", "'@SUM(A1) first | TTL001 second", "'\tcmd",
                   "reports/=cmd.xml.html", "ab" * 32]


# -- XLSX -----------------------------------------------------------------------------------


def _load(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_summary_workbook_has_the_csv_columns_and_no_formulas() -> None:
    workbook = _load(render_xlsx([HOSTILE, *rows_for_layout()]))
    assert workbook.sheetnames == ["Summary"]
    sheet = workbook["Summary"]
    data = list(sheet.iter_rows(values_only=True))
    assert data[0] == COLUMNS
    assert data[1] == ("/in/=cmd.xml", "not conformant", "+SUM(1)",
                       "=HYPERLINK(\"http://example.invalid\",\"x\")", "-2+3", 920, 780,
                       "140-160", 1, 0, 0, "@SUM(A1) first\nTTL001 second", " cmd",
                       "reports/=cmd.xml.html", "ab" * 32)
    assert [c.coordinate for row in sheet.iter_rows() for c in row
            if c.data_type in ("f", "e")] == []
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("B2", "A1:O14")
    assert sheet["N2"].hyperlink.target == "reports/=cmd.xml.html"
    fills = {sheet.cell(n, 2).value: sheet.cell(n, 2).fill.fgColor.rgb for n in range(2, 15)}
    assert fills == {"not conformant": "00FFC7CE", "conformant": "00C6EFCE",
                     "unreadable": "00FFEB9C", "crashed": "00FFEB9C",
                     "not checked": "00EEEEEE"}
    unreadable = next(row for row in data if row[1] == "unreadable")
    assert unreadable[5:11] == (None, None, None, 0, 2, 1)


def test_summary_workbook_is_the_same_bytes_whatever_the_clock(
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = render_xlsx(rows_for_layout())
    later = time.time() + 10**7
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda seconds=None: time.gmtime(later))
    assert render_xlsx(rows_for_layout()) == first


# -- index.html -----------------------------------------------------------------------------


def test_file_names_are_relative_to_the_folder_given() -> None:
    assert display_names(["/in/a.xml", "/in/sub/b.docx", "/in/sub/deeper/c.xml"]) == [
        "a.xml", "sub/b.docx", "sub/deeper/c.xml"]
    assert display_names(["good.xml"]) == ["good.xml"]
    assert display_names(["/in/one/a.xml"]) == ["a.xml"]
    assert display_names(["rel/a.xml", "/abs/b.xml"]) == ["rel/a.xml", "/abs/b.xml"]
    assert display_names([]) == []


def test_index_shortens_titles_keeps_them_on_hover_and_escapes_everything() -> None:
    page = render_index([HOSTILE, *rows_for_layout()])
    shortened = LONG_TITLE[:69].rstrip() + "…"
    assert f"<div class=\"clamp\">{html.escape(shortened)}</div>" in page
    assert f'title="{html.escape(LONG_TITLE)} — Northfield Awards"' in page
    assert "<script>" not in page.split("<script>", 1)[1].split("</script>")[0]
    assert "=HYPERLINK(&quot;http://example.invalid&quot;,&quot;x&quot;)" in page
    assert '<div class="name"><a href="reports/=cmd.xml.html">in/=cmd.xml</a></div>' in page
    assert "<p>13 submissions: 3 conformant, " in page  # no folder shared but the root
    assert page.count('<tr class="s-') == 13


def test_index_names_the_folder_and_offers_a_filter_per_verdict() -> None:
    page = render_index(rows_for_layout())
    assert ("<p>12 submissions in <code>/srv/review/2024-round-2</code>: 3 conformant, "
            "2 crashed, 2 not checked, 3 not conformant, 2 unreadable.</p>") in page
    filters = re.findall(r'<a href="#show-([a-z-]+)">([^<]*)</a>', page)
    assert filters == [("all", "all (12)"), ("not-conformant", "✖ not conformant (3)"),
                       ("unreadable", "⚠ unreadable (2)"), ("crashed", "⚠ crashed (2)"),
                       ("not-checked", "– not checked (2)"), ("conformant", "✔ conformant (3)")]
    # Every filter offered has its rule in the shared stylesheet the page carries.
    assert f"<style>{stylesheet()}</style>" in page
    rules = css_rules(stylesheet())
    for slug, _ in filters[1:]:
        assert rules[f"#show-{slug}:target ~ table tbody tr:not(.s-{slug})"] == "display: none;"
    assert "ao-1/submissions/final/a-very-long-file-name-from-an-awarding-organisation-v3-" \
           "final-spec-1.docx</a>" in page


def css_rules(css: str) -> dict[str, str]:
    """Each selector of a style sheet's top-level rules, and the declarations it gets."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return {selector.strip(): body.strip()
            for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
            for selector in selectors.split(",")}


def test_index_declares_a_policy_that_allows_only_its_own_script() -> None:
    import base64
    import hashlib

    page = render_index(rows_for_layout())
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
            in page)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Chromium at /usr/bin/chromium")
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser: Any, path: Path, *, script: bool, fragment: str = "") -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  java_script_enabled=script)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri() + fragment)
    page.problems = problems
    return page


def _visible_statuses(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        "tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.className)"))


@pytest.mark.slow
def test_index_reads_at_1280_pixels(browser: Any, tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_text(render_index(rows_for_layout()), encoding="utf-8")
    page = _open(browser, index, script=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('td')).lineHeight)")
    for box in page.eval_on_selector_all("tbody tr", "rows => rows.map(r => "
                                         "r.getBoundingClientRect().height)"):
        assert box <= 2 * line + 12, (box, line)  # two lines, padding and borders
    # Each checked file's name links its main report, and a second line every format.
    links = page.eval_on_selector_all("tbody a", """links => links.map(a => {
        const box = a.getBoundingClientRect(), cell = a.closest("td").getBoundingClientRect();
        return [a.getAttribute("href"), Math.min(box.right, cell.right) - box.left, cell.right];
    })""")
    assert len(links) == 6 * 4
    assert all(shown >= 20 and right <= 1280 for _, shown, right in links), links
    assert page.text_content("#shown") == "Showing 12 of 12 submissions."
    assert page.problems == []
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_index_filters_by_verdict(browser: Any, tmp_path: Path, script: bool) -> None:
    index = tmp_path / "index.html"
    index.write_text(render_index(rows_for_layout()), encoding="utf-8")
    page = _open(browser, index, script=script)
    assert len(_visible_statuses(page)) == 12
    page.click('a[href="#show-not-conformant"]')
    assert _visible_statuses(page) == ["s-not-conformant"] * 3
    if script:
        assert page.text_content("#shown") == "Showing 3 of 12 submissions."
        assert page.get_attribute('a[href="#show-not-conformant"]', "aria-current") == "true"
    page.click('a[href="#show-unreadable"]')
    assert _visible_statuses(page) == ["s-unreadable"] * 2
    page.click('a[href="#show-all"]')
    assert len(_visible_statuses(page)) == 12
    assert page.problems == []
    page.context.close()


# -- batch --format xlsx --------------------------------------------------------------------


def test_batch_writes_a_workbook_per_submission_and_the_summary_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("conformant.xml", "optional-only-coverage.docx"):
        (folder / name).write_bytes((SPECIMENS / name).read_bytes())
    (folder / "empty.docx").write_bytes(b"")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "criteria_checker", "batch", str(folder),
                             "--out", str(out), "--format", "xlsx", "-q", "--jobs", "1"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert (result.returncode, result.stderr) == (2, "")
    assert sorted(p.name for p in (out / "reports").iterdir()) == [
        "conformant.xml.xlsx", "optional-only-coverage.docx.xlsx"]
    for report in (out / "reports").iterdir():
        assert openpyxl.load_workbook(report).sheetnames == list(SHEETS)
    summary = openpyxl.load_workbook(out / "summary.xlsx")["Summary"]
    data = list(summary.iter_rows(values_only=True))
    assert [(Path(r[0]).name, r[1], r[13]) for r in data[1:]] == [
        ("conformant.xml", "conformant", "reports/conformant.xml.xlsx"),
        ("empty.docx", "unreadable", None),
        ("optional-only-coverage.docx", "not conformant",
         "reports/optional-only-coverage.docx.xlsx")]
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "reports", "summary.csv",
                                                     "summary.xlsx"]


def test_a_checker_that_returns_only_a_report_still_gets_its_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes((SPECIMENS / "topic-not-covered.xml").read_bytes())
    outcome = run_batch(collect_inputs([str(folder)]), BatchSettings(
        out_dir=tmp_path / "out", formats=("xlsx",), check_options=CheckOptions(),
        checker="batch_checkers:raise_on_marked"), jobs=1)
    assert [(r.status, r.reports) for r in outcome.rows] == [
        ("not conformant", {"xlsx": "reports/a.xml.xlsx"})]
    book = openpyxl.load_workbook(tmp_path / "out" / "reports" / "a.xml.xlsx")
    criteria = {row[0]: row for row in book["Criteria"].iter_rows(min_row=2, values_only=True)}
    assert criteria["LMAC5G"][3] == "✖ not covered"
