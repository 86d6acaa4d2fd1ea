"""The page in a real browser: headless Chromium against ``criteria-checker serve`` on loopback.

Protects: a user can pick files with the keyboard and the form, press Check,
and see each file's verdict, hours, findings and heatmap; a heatmap cell opens
its row's explanation, with or without script; the downloads give the
reports; a hostile file gives a clear message; the page's scripts run under
its Content-Security-Policy without a console error; text and controls have
enough contrast. A screenshot of the results is saved (set
CRITERIA_CHECKER_SCREENSHOT to a path to keep a copy there, e.g. for docs/).
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright import sync_api
from test_web_support import conformant_docx, live_server, not_conformant_docx, zip_bomb

CHROMIUM = Path("/usr/bin/chromium")
SPECIMENS = Path(__file__).resolve().parent.parent / "specimens"
SPECIMENS_TABLE = SPECIMENS / "specimens.yaml"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
LAPTOP = {"width": 1280, "height": 800}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def specimens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("specimens")
    files = {"not conformant": folder / "template-spec.docx",
             "conformant": folder / "northfield-spec.docx",
             "bomb": folder / "bomb.docx"}
    files["not conformant"].write_bytes(not_conformant_docx())
    files["conformant"].write_bytes(conformant_docx())
    files["bomb"].write_bytes(zip_bomb())
    return files


def focus_order(page: Any, presses: int) -> list[str]:
    """What Tab reaches, in order: ids, or the link text for links."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.id || (e.tagName + ':' + e.textContent.trim()); })()"))
    return reached


def test_the_form_is_reachable_by_keyboard_and_labelled(server: str, page: Any) -> None:
    page.goto(server + "/")
    assert page.title() == "Check a qualification specification"
    assert focus_order(page, 9) == [
        "A:Skip to the form", "files", "mapping", "criteria", "shared_title", "fail_on-error",
        "BUTTON:Check", "A:Word template (.docx)", "A:XML template"]
    for control in ("files", "mapping", "criteria", "shared_title"):
        assert page.locator(f"label[for={control}]").is_visible()
    assert page.get_by_label("Criteria set").input_value() == "sfc-l5-lmac-2021-05"
    assert page.problems == []


def test_checking_a_conformant_and_a_not_conformant_specimen(
    server: str, page: Any, specimens: dict[str, Path], tmp_path: Path,
) -> None:
    page.goto(server + "/")
    page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
        [specimens["not conformant"], specimens["conformant"]])
    assert page.locator(".chosen li").all_inner_texts() == [
        f"template-spec.docx ({round(len(not_conformant_docx()) / 1024)} kB)",
        f"northfield-spec.docx ({round(len(conformant_docx()) / 1024)} kB)"]
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#results")

    assert page.locator("#results .overall").inner_text() == \
        "2 files: 1 conformant, 1 not conformant - 24 errors, 0 warnings, 1 info"
    rows = page.locator("table.files tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(0).inner_text() == "template-spec.docx"
    assert rows.nth(0).locator("td").nth(1).inner_text() == "✖ NOT CONFORMANT"
    assert rows.nth(1).locator("td").nth(1).inner_text() == "✔ CONFORMANT"
    # The browser lands on the results, not on the form it just sent.
    assert page.evaluate("window.scrollY") > 200

    first = page.locator("#report-1")
    assert first.locator("h2").inner_text() == "template-spec.docx ✖ NOT CONFORMANT"
    assert first.locator("h3").all_inner_texts() == ["Hours", "Findings (25)", "Coverage"]
    assert first.get_by_text("Unit 501 has no unit reference number").is_visible()
    assert first.get_by_text("Give every unit its unit reference number (URN)",
                             exact=False).first.is_visible()
    assert first.locator(".hours svg").count() == 3
    heatmap = page.locator("#report-2 table.heatmap")
    assert heatmap.locator("tbody tr").count() == 21 + 64
    assert heatmap.locator("td.c-m").count() > 0
    assert page.locator("#report-2").get_by_text("No findings.").is_visible()

    # The findings table sorts (its script runs under the page's policy).
    first.locator("table.findings th button", has_text="Rule").click()
    assert first.locator("table.findings th").nth(1).get_attribute("aria-sort") == "ascending"
    assert first.locator("table.findings tbody tr td:nth-child(2) code").first.inner_text() == \
        "QAN003"
    assert page.problems == []


@pytest.mark.skipif(not SPECIMENS_TABLE.exists(), reason="needs specimens/specimens.yaml")
def test_the_specimens_show_the_findings_their_table_promises(
    server: str, page: Any, tmp_path: Path,
) -> None:
    expected = {entry["name"]: entry for entry in
                yaml.safe_load(SPECIMENS_TABLE.read_text("utf-8"))["specimens"]}
    page.goto(server + "/")
    page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
        [SPECIMENS / "optional-only-coverage.docx", SPECIMENS / "conformant.docx"])
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#results")

    verdicts = page.locator("table.files tbody tr td:nth-child(2)").all_inner_texts()
    assert verdicts == ["✖ NOT CONFORMANT", "✔ CONFORMANT"]
    rows = page.locator("#report-1 table.findings tbody tr")
    shown = sorted((rows.nth(n).locator("td").nth(1).locator("code").inner_text(),
                    rows.nth(n).locator("td.msg").inner_text().split("\n")[0])
                   for n in range(rows.count()))
    promised = sorted((f["rule"], " ".join(f["message"].split()))
                      for f in expected["optional-only-coverage"]["findings"]
                      for _ in range(f["count"]))
    assert shown == promised
    heatmap_row = page.locator("#report-1 table.heatmap tr.subtopic", has_text="LMAC5E/HI")
    assert heatmap_row.locator("td.status").inner_text() == "◐ optional only"
    assert page.locator("#report-2").get_by_text("No findings.").is_visible()
    assert page.problems == []
    save_screenshot(page, tmp_path)


def save_screenshot(page: Any, tmp_path: Path) -> None:
    """The page from its top to the first rows of the first file's coverage heatmap."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("#report-1 table.heatmap tbody tr").nth(8).bounding_box()
    height = int(box["y"] + box["height"])
    target = tmp_path / "web-page.png"
    page.screenshot(path=str(target), full_page=True,
                    clip={"x": 0, "y": 0, "width": LAPTOP["width"], "height": height})
    data = target.read_bytes()
    width, shot_height = struct.unpack(">II", data[16:24])
    assert (width, shot_height) == (LAPTOP["width"], height)
    assert len(data) > 50_000
    keep = os.environ.get("CRITERIA_CHECKER_SCREENSHOT")
    if keep:
        Path(keep).write_bytes(data)


def test_the_page_works_without_script(
    server: str, browser: Any, specimens: dict[str, Path],
) -> None:
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "/")
        page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
            [specimens["conformant"]])
        page.get_by_label("warnings or errors").check()
        page.get_by_role("button", name="Check").click()
        page.wait_for_selector("#results")
        assert page.locator("table.files tbody tr td").nth(1).inner_text() == "✔ CONFORMANT"
        assert page.locator("#report-1 .counts").inner_text() == \
            "0 errors, 0 warnings, 0 info; fails on warning or worse."
        assert page.get_by_label("warnings or errors").is_checked()
    finally:
        context.close()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_a_heatmap_cell_opens_its_rows_explanation(
    server: str, browser: Any, script: bool,
) -> None:
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=script)
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(server + "/")
        page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
            [SPECIMENS / "topic-not-covered.xml"])
        page.get_by_role("button", name="Check").click()
        page.wait_for_selector("#results")
        shown = ("() => Array.from(document.querySelectorAll('.why-list > div'))"
                 ".filter(d => d.offsetParent !== null).map(d => d.id)")
        assert page.evaluate(shown) == []
        # An empty cell of a row nothing covers: the explanation says why, in view.
        row = page.locator('[id="report-1-row-LMAC5G/HS"]')
        row.locator("td.c-n").nth(3).click()
        assert page.evaluate(shown) == ["report-1-why-LMAC5G/HS"]
        explanation = page.locator('[id="report-1-why-LMAC5G/HS"]')
        assert explanation.locator("h4").inner_text() == \
            "LMAC5G/HS (sub-topic): Health and safety"
        assert explanation.locator("p .status").inner_text() == "✖ not covered"
        assert explanation.is_visible() and explanation.bounding_box()["y"] < LAPTOP["height"]
        # Its way back lands on the row; the heading is the row's one stop for the Tab key.
        explanation.get_by_role("link", name="Back to LMAC5G/HS in the heatmap").click()
        assert page.evaluate("location.hash") == "#report-1-row-LMAC5G/HS"
        assert page.evaluate(shown) == []
        assert row.locator("a:not([tabindex])").all_inner_texts() == ["LMAC5G/HS Health and safety"]
        row.locator("th a").click()
        assert page.evaluate(shown) == ["report-1-why-LMAC5G/HS"]
        assert problems == []
    finally:
        context.close()


def test_downloads_give_the_reports(
    server: str, page: Any, specimens: dict[str, Path], tmp_path: Path,
) -> None:
    page.goto(server + "/")
    page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
        [specimens["not conformant"]])
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#results")
    saved = {}
    for label in ("HTML", "JSON", "SARIF", "XML"):
        with page.expect_download() as download:
            page.locator("table.files .downloads a", has_text=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        saved[label] = path
    assert sorted(p.name for p in saved.values()) == [
        "template-spec.report.html", "template-spec.report.json", "template-spec.sarif",
        "template-spec.xml"]
    report = json.loads(saved["JSON"].read_text("utf-8"))
    assert report["reports"][0]["verdict"] == "not conformant"
    assert json.loads(saved["SARIF"].read_text("utf-8"))["version"] == "2.1.0"
    assert saved["HTML"].read_text("utf-8").startswith("<!DOCTYPE html>")
    assert b"urn:criteria-checker:specification:1" in saved["XML"].read_bytes()
    # The downloaded HTML report opens on its own and says the same.
    page.goto(saved["HTML"].as_uri())
    assert page.locator("h2").first.inner_text() == "template-spec.docx ✖ NOT CONFORMANT"
    assert page.problems == []


def test_a_hostile_file_gets_a_clear_message(
    server: str, page: Any, specimens: dict[str, Path],
) -> None:
    page.goto(server + "/")
    page.get_by_label("Specifications (Word .docx, XML or web page)").set_input_files(
        [specimens["bomb"], specimens["conformant"]])
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#results")
    alert = page.get_by_role("alert")
    assert alert.locator("h2").inner_text() == "1 file could not be checked"
    assert alert.locator("li").inner_text() == \
        "bomb.docx: word/document.xml expands more than 200:1 (a ZIP bomb?)"
    assert page.locator("table.files tbody tr").nth(0).locator("td").nth(1).inner_text() == \
        "✖ NOT CHECKED"
    assert page.locator("#report-2").is_visible()


CONTRAST_SCRIPT = """
(selector) => {
  function rgb(text) { return text.match(/[\\d.]+/g).slice(0, 4).map(Number); }
  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const element = document.querySelector(selector);
  let node = element, background = [255, 255, 255, 1];
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { background = c; break; }
    node = node.parentElement;
  }
  const a = luminance(rgb(getComputedStyle(element).color)), b = luminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.mark.parametrize("selector", [
    "h1", ".masthead p", "label[for=files]", "#files-hint", "label[for=mapping]",
    "#mapping-hint", "#title-hint", "button.primary",
    ".template a", "footer",
])
def test_text_has_enough_contrast(server: str, page: Any, selector: str) -> None:
    page.goto(server + "/")
    assert page.evaluate(CONTRAST_SCRIPT, selector) >= 4.5
