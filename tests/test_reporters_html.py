"""The HTML report as a reviewer opens, reads and prints it.

Protects: one self-contained page (no external resources, a policy that
forbids them, the one inline script allowed by its hash), a section per file,
the coverage heatmap with status told by colour and by text, the hours bars,
findings with their help, print styles, inert document text (a unit titled
``<script>`` stays text), and that Chromium actually paints the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from criteria_checker.model.report import Finding, Report
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
HTML = REPORTER_BY_NAME["html"]
CHROMIUM = Path("/usr/bin/chromium")
VOID = {"meta", "br", "link", "img", "input", "hr", "col", "area", "base", "wbr", "source"}
# SVG shapes written as self-closing tags.
SELF_CLOSING = {"rect", "text", "path", "line"}


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


class _Page(HTMLParser):
    """Collects elements, checks nesting, and keeps the text of every <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def with_hostile_text(text: str) -> Report:
    report = load("docx-not-conformant")
    units = list(report.coverage.units)
    units[0] = replace(units[0], **{"title": text, "key": text})
    rows = [replace(r, **{"mandatory": [text]}) if r.ref == "LMAC5A/LM" else r
            for r in report.coverage.rows]
    finding = Finding(rule_id="TTL001", severity="error", message=text, ref=text, help=text,
                      location=SourceLocation(file=text, locator=text, path=text))
    return replace(report, **{
        "findings": [*report.findings, finding],
        "spec": replace(report.spec, **{"title": text, "file": text}),
        "coverage": replace(report.coverage, **{"units": units, "rows": rows}),
    })


# -- one self-contained page ----------------------------------------------------------------


def test_page_is_well_formed_with_a_section_per_file() -> None:
    reports = [load("conformant"), load("docx-not-conformant"), load("xml-not-conformant")]
    page = parse(HTML.render(reports))
    assert page.problems == [] and page.stack == []
    sections = [a["id"] for tag, a in page.tags if tag == "section"]
    assert sections == ["report-1", "report-2", "report-3"]
    links = [a["href"] for tag, a in page.tags if tag == "a"]
    assert links == ["#report-1", "#report-2", "#report-3"]


def test_nothing_is_loaded_from_elsewhere() -> None:
    out = HTML.render([load("docx-not-conformant")])
    page = parse(out)
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert tag not in {"link", "iframe", "img", "object", "embed"}
        assert (attrs.get("href") or "#").startswith("#"), attrs
    assert "url(" not in out and "@import" not in out
    assert not re.search(r"https?://", out)


def test_policy_allows_only_the_inline_script_by_its_hash() -> None:
    page = parse(HTML.render([load("docx-not-conformant")]))
    policy = next(a["content"] for tag, a in page.tags
                  if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
    assert len(page.scripts) == 1
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_the_page_reads_without_script_and_prints() -> None:
    out = HTML.render([load("docx-not-conformant")])
    no_script = re.sub(r"<script>.*?</script>", "", out, flags=re.S)
    for text in ("NOT CONFORMANT", "TQT 880 hours is outside the required 900-950",
                 "✖ not covered", "◐ optional only"):
        assert text in no_script
    assert "@media print" in out and "print-color-adjust: exact" in out


# -- content ------------------------------------------------------------------------------------


def test_heatmap_has_a_row_per_criterion_and_a_column_per_unit() -> None:
    report = load("docx-not-conformant")
    page = parse(HTML.render([report]))
    rows = [a for tag, a in page.tags if tag == "tr" and "st-" in (a.get("class") or "")]
    assert len(rows) == len(report.coverage.rows) == 85
    units = [a for tag, a in page.tags if tag == "th" and a.get("class") == "unit"]
    assert len(units) == len(report.coverage.units) == 24
    cells = [a.get("class") for tag, a in page.tags if tag == "td"]
    assert cells.count("c-m") == sum(len(r.mandatory) for r in report.coverage.rows)
    assert cells.count("c-o") == sum(len(r.optional) for r in report.coverage.rows)
    statuses = [a.get("class") for tag, a in page.tags
                if tag == "td" and (a.get("class") or "").startswith("status")]
    assert statuses.count("status s-uncovered") == 6
    assert statuses.count("status s-optional-only") == 5


def test_status_is_told_in_text_as_well_as_colour() -> None:
    out = HTML.render([load("docx-not-conformant")])
    assert out.count(">✖ not covered</td>") == 6
    assert out.count(">◐ optional only</td>") == 5
    assert out.count(">✔ mandatory</td>") == 74
    assert re.search(r'<td class="c-m" title="H/650/2101 covers LMAC5A/LM">M</td>', out)
    assert re.search(r'<td class="c-o" title="A/650/2120 covers LMAC5D/CI">O</td>', out)
    # Optional units come after mandatory ones, under their own heading.
    assert 'colspan="19" scope="colgroup">Mandatory units' in out
    assert 'colspan="5" scope="colgroup">Optional units' in out


def test_hours_bars_describe_themselves() -> None:
    page = parse(HTML.render([load("docx-not-conformant")]))
    labels = [a["aria-label"] for tag, a in page.tags if tag == "svg"]
    assert labels == [
        "Total qualification time (TQT): 880 hours, required 900-950, below band",
        "Minimum content (mandatory units): 820 hours, required 750-800, above band",
        "Optional content: 60-90 hours, required 100-200, below band",
    ]


def test_findings_carry_their_help_and_citation() -> None:
    out = HTML.render([load("docx-not-conformant")])
    row = next(r for r in out.split("<tr>") if "HRS001" in r)
    assert "Adjust unit hours or the rules of combination so that TQT is 900-950." in row
    assert ("Source: Skills for Care Level 5 criteria (May 2021), Section A, Total Qualification "
            "Time: &#x27;have a TQT of 900-950 hours&#x27;") in row
    assert ">key facts, table 1, row 6</td>" in row
    assert '<span class="rule-name">tqt-in-band</span>' in row


def test_a_conformant_file_says_no_findings() -> None:
    out = HTML.render([load("conformant")])
    assert "<p>No findings.</p>" in out and "✔ CONFORMANT" in out


# -- escaping -----------------------------------------------------------------------------------


def test_a_unit_titled_script_is_inert() -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'
    out = HTML.render([with_hostile_text(hostile)])
    page = parse(out)
    assert page.problems == []
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(any(k.startswith("on") for k in a) for _, a in page.tags)
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert out.count(escaped) >= 6  # title, file, heading, unit column, unit list, finding
    # The heat map's cells are built in Python, not by the template: escaped the same way.
    whole = escaped + "&quot;&#x27;&amp;"
    assert f'<td class="c-m" title="{whole} covers LMAC5A/LM">M</td>' in out


def test_control_characters_are_shown_not_passed_through() -> None:
    out = HTML.render([with_hostile_text("a\x1bb\x00c")])
    assert "\x1b" not in out and "\x00" not in out
    assert "a\\x1bb\\x00c" in out
    assert '<td class="c-m" title="a\\x1bb\\x00c covers LMAC5A/LM">M</td>' in out


# -- a real browser -------------------------------------------------------------------------------


def _png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and unfiltered pixel rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        out += line
        previous = line
    return width, height, bpp, bytes(out)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs /usr/bin/chromium (apt-get install -y chromium)")
def test_chromium_paints_the_page(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(HTML.render([load("docx-not-conformant")]), encoding="utf-8")
    shot = tmp_path / "shot.png"
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        command = [str(CHROMIUM), "--headless", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={shot}",
                   "--window-size=800,600", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with it.
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    width, height, bpp, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (800, 600)
    colours = {pixels[i:i + 3] for i in range(0, len(pixels), bpp * 7)}
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    # The NOT CONFORMANT badge and the out-of-band hours bars are painted in the error red.
    red = sum(1 for i in range(0, len(pixels), bpp)
              if abs(pixels[i] - 0xB0) < 12 and pixels[i + 1] < 24
              and abs(pixels[i + 2] - 0x20) < 16)
    assert red > 500
