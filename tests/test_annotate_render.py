"""Annotated copies open in LibreOffice: converted to PDF headless, with every comment in it.

LibreOffice refuses or repairs a package it cannot read; converting the copy
to PDF must succeed, give pages, and carry each of our comments as a PDF
note (LibreOffice exports Word comments as text annotations), so it read
the comments part, the relationships and the anchors. Skipped, with the
reason, when LibreOffice is not installed.

Run as a script, it remakes the picture in docs/annotate.md (LibreOffice,
poppler's pdftoppm and Chromium needed)::

    .venv/bin/python tests/test_annotate_render.py
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from layouts import sample_from_seed, write

from criteria_checker.annotate import annotate_file

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
SOFFICE = shutil.which("soffice")
#: The Writer PDF filter, with comments exported as PDF notes.
PDF_WITH_NOTES = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                               "the CI script installs it"),
]


def to_pdf(files: list[Path], folder: Path) -> None:
    """Convert ``files`` to PDF in ``folder`` with one LibreOffice run and a private profile."""
    assert SOFFICE is not None
    profile = folder / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", PDF_WITH_NOTES, "--outdir", str(folder),
                    *map(str, files)],
                   capture_output=True, check=False, timeout=300, cwd=folder)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def notes(pdf: bytes) -> list[str]:
    """The text of every PDF text annotation (LibreOffice writes it as UTF-16 hex)."""
    found = []
    for match in re.finditer(rb"/Subtype\s*/Text\b[^>]*?/Contents\s*<([0-9A-Fa-f]+)>", pdf):
        found.append(bytes.fromhex(match.group(1).decode()).decode("utf-16"))
    return found


def test_annotated_copies_open_in_libreoffice_with_every_comment(tmp_path: Path) -> None:
    pandoc = tmp_path / "pandoc.docx"
    pandoc.write_bytes(write(sample_from_seed(8, "pandoc")))
    sources = [SPECIMENS / "tqt-above-band.docx",
               SPECIMENS / "outcome-numbering-gap-libreoffice.docx",  # saved by LibreOffice
               SPECIMENS / "mappings-not-found.docx", pandoc]
    copies = []
    for number, source in enumerate(sources):
        copy = tmp_path / f"annotated-{number}.docx"
        copy.write_bytes(annotate_file(source)[0])
        copies.append(copy)
    to_pdf(copies, tmp_path)
    for copy in copies:
        pdf_path = copy.with_suffix(".pdf")
        assert pdf_path.exists(), f"LibreOffice did not convert {copy.name}"
        pdf = pdf_path.read_bytes()
        assert pages(pdf) > 0
        expected = sorted(comment.text for comment in docx.Document(str(copy)).comments)
        assert sorted(notes(pdf)) == expected, copy.name


# -- the picture in docs/annotate.md -----------------------------------------------------------

#: The page's resolution in the picture, and the width of the margin drawn beside it.
PICTURE_DPI = 96
MARGIN_PX = 470


def page_notes(pdf: bytes, page: int = 1) -> list[tuple[tuple[float, ...], str]]:
    """(rectangle in PDF points, text) of each note on ``page`` (LibreOffice's page order)."""
    annots = re.findall(rb"/Type\s*/Page\b(?!s)[^>]*?/Annots\s*\[([^\]]*)\]", pdf)
    if len(annots) < page:
        return []
    wanted = {int(n) for n in re.findall(rb"(\d+)\s+0\s+R", annots[page - 1])}
    found = []
    for match in re.finditer(rb"\n(\d+) 0 obj\s*<</Type /Annot /Subtype /Text /Rect\[([^\]]*)\]"
                             rb"[^>]*?/Contents\s*<([0-9A-Fa-f]+)>", pdf):
        if int(match.group(1)) in wanted:
            rect = tuple(float(v) for v in match.group(2).split())
            found.append((rect, bytes.fromhex(match.group(3).decode()).decode("utf-16")))
    return found


def make_picture(target: Path, source: Path = SPECIMENS / "tqt-above-band.docx") -> None:
    """Page 1 of ``source``'s annotated copy as LibreOffice lays it out, comments in the margin.

    LibreOffice 7.4, which CI installs without its user interface, cannot lay
    comments out in the margin (its PDF option for that came later, and its
    print setting needs the interface). So the page is LibreOffice's, with
    the comments it exported as PDF notes, and the margin is drawn beside it
    by Chromium: each comment's text as LibreOffice read it, level with its
    anchor, as Word's margin shows them.
    """
    from playwright import sync_api

    with tempfile.TemporaryDirectory(prefix="annotate-picture-") as name:
        folder = Path(name)
        copy = folder / "annotated.docx"
        copy.write_bytes(annotate_file(source)[0])
        to_pdf([copy], folder)
        pdf = copy.with_suffix(".pdf").read_bytes()
        subprocess.run(["pdftoppm", "-r", str(PICTURE_DPI), "-f", "1", "-l", "1", "-png",
                        "-hide-annotations", "-singlefile", str(copy.with_suffix(".pdf")),
                        str(folder / "page")], check=True, timeout=120)
        png = (folder / "page.png").read_bytes()
        width, height = struct_size(png)
        scale = PICTURE_DPI / 72
        page_height = height / scale
        notes_data = sorted(({"x": rect[0] * scale, "y": (page_height - rect[3]) * scale,
                              "paragraphs": text.split("\n")}
                             for rect, text in page_notes(pdf)),
                            key=lambda note: (note["y"], note["x"]))
        balloons = "".join(
            f'<div class="balloon" id="b{i}"><div class="who">criteria-checker</div>'
            + "".join(_as_in_word(paragraph, note["paragraphs"][0])
                      for paragraph in note["paragraphs"]) + "</div>"
            for i, note in enumerate(notes_data))
        document = f"""<!doctype html><html><head><style>
body {{ margin: 0; background: #fff; font: 12px/1.35 'DejaVu Sans', sans-serif; }}
#sheet {{ position: relative; width: {width + MARGIN_PX}px; height: {height}px;
          background: #ececec; }}
#page {{ position: absolute; left: 0; top: 0; width: {width}px; box-shadow: 0 0 4px #999; }}
svg {{ position: absolute; left: 0; top: 0; }}
.balloon {{ position: absolute; left: {width + 18}px; width: {MARGIN_PX - 36}px;
            background: #fff8d6; border: 1px solid #d9b84a; border-radius: 3px;
            padding: 6px 8px; box-sizing: border-box; }}
.balloon p {{ margin: 0 0 4px 0; }}
.who {{ color: #6b5a1e; font-size: 11px; margin-bottom: 3px; }}
</style></head><body><div id="sheet">
<img id="page" src="data:image/png;base64,{base64.b64encode(png).decode()}">
<svg width="{width + MARGIN_PX}" height="{height}"></svg>{balloons}</div>
<script>
const notes = {json.dumps(notes_data)};
let next = 8;
const svg = document.querySelector("svg");
notes.forEach((note, i) => {{
  const box = document.getElementById("b" + i);
  const top = Math.max(note.y - 6, next);
  box.style.top = top + "px";
  next = top + box.offsetHeight + 8;
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", `${{note.x}},${{note.y}} ${{note.x}},${{note.y + 14}} ` +
    `{width + 4},${{note.y + 14}} {width + 18},${{top + 12}}`);
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", "#c9a227");
  line.setAttribute("stroke-dasharray", "4 2");
  svg.appendChild(line);
}});
document.getElementById("sheet").style.height = Math.max({height}, next) + "px";
</script></body></html>"""
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
            try:
                page = browser.new_page(viewport={"width": width + MARGIN_PX, "height": height})
                page.set_content(document)
                page.locator("#sheet").screenshot(path=str(target))
            finally:
                browser.close()


_FINDING = re.compile(r"([A-Z]{3}[0-9]{3} (?:error|warning|info))(: .*)")


def _as_in_word(paragraph: str, first: str) -> str:
    """A comment paragraph with the emphasis its runs have in the document (PDF notes lose it)."""
    finding = _FINDING.fullmatch(paragraph)
    if finding is not None:
        return f"<p><b>{html.escape(finding.group(1))}</b>{html.escape(finding.group(2))}</p>"
    if paragraph.startswith("criteria-checker: "):
        return f"<p><b>{html.escape(paragraph)}</b></p>"
    if first.startswith("criteria-checker: "):
        return f"<p>{html.escape(paragraph)}</p>"
    return f"<p><i>{html.escape(paragraph)}</i></p>"  # a rule's help


def struct_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    width, height = struct.unpack(">2I", png[16:24])
    return width, height


if __name__ == "__main__":
    make_picture(ROOT / "docs" / "annotate.png")
    print("wrote docs/annotate.png")
