"""The pandoc writer: the document as HTML, converted to .docx by pandoc.

pandoc (the binary pypandoc_binary ships) writes headings, bold, line
breaks, bulleted lists, the Title style (a ``data-custom-style`` div),
merged cells (rowspan, colspan), repeated header rows (``thead``), tracked
changes (``insertion``/``deletion`` spans) and a contents field (``--toc``,
without cached entries). It cannot write page headers or footers, content
controls, large cover text, page breaks, fldSimple fields or automatic
outcome/criteria numbering, so layouts needing them are not drawn for it.
"""

from __future__ import annotations

import html
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .ir import Block, Break, Cell, Document, Para, Row, Table, Text, Toc, row_spans
from .normalise import normalised_docx

AUTHOR = "Quality reviewer"
CHANGE_DATE = "2025-09-01T10:00:00Z"
TIMEOUT = 120
_HEADINGS = {"Heading 1": "h1", "Heading 2": "h2", "Heading 3": "h3"}


def pandoc_path() -> str:
    import pypandoc  # type: ignore[import-untyped]

    return str(pypandoc.get_pandoc_path())


def write_pandoc(document: Document) -> bytes:
    """``document`` as .docx bytes written by pandoc from HTML."""
    source = document_html(document)
    toc = any(isinstance(b, Toc) for b in document.body)
    with tempfile.TemporaryDirectory(prefix="layouts-pandoc-") as folder:
        html_path = Path(folder) / "spec.html"
        out = Path(folder) / "spec.docx"
        html_path.write_text(source, encoding="utf-8")
        command = [pandoc_path(), "--from", "html", "--to", "docx", "--output", str(out),
                   *(["--toc"] if toc else []), str(html_path)]
        # A fixed epoch keeps pandoc's document dates, and so its bytes, reproducible.
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1756684800"}
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=TIMEOUT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"pandoc failed ({done.returncode}): {done.stderr.strip()}")
        return normalised_docx(out.read_bytes())


def document_html(document: Document, *, title_class: str | None = None) -> str:
    """``document`` as an HTML page; the title in pandoc's custom style, or ``title_class``."""
    out = ["<!DOCTYPE html>", '<html lang="en-GB">', '<head><meta charset="utf-8"></head>',
           "<body>"]
    body = [b for b in document.body if not isinstance(b, Toc)]
    out += _blocks(body, title_class)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _blocks(blocks: Sequence[Block], title_class: str | None) -> list[str]:
    out: list[str] = []
    bullets: list[str] = []
    for block in blocks:
        if isinstance(block, Para) and block.num is not None and block.num.kind == "bullet":
            bullets.append(f"<li>{_inlines(block)}</li>")
            continue
        if bullets:
            out.append(f"<ul>{''.join(bullets)}</ul>")
            bullets = []
        if isinstance(block, Para):
            out.append(_para(block, title_class))
        elif isinstance(block, Table):
            out.append(_table(block))
    if bullets:
        out.append(f"<ul>{''.join(bullets)}</ul>")
    return out


def _para(block: Para, title_class: str | None) -> str:
    text = _inlines(block)
    if block.style in _HEADINGS:
        tag = _HEADINGS[block.style]
        return f"<{tag}>{text}</{tag}>"
    if block.style == "Title" and title_class is not None:
        return f'<p class="{title_class}">{text}</p>'
    if block.style == "Title":
        return f'<div data-custom-style="Title"><p>{text}</p></div>'
    return f"<p>{text}</p>" if text else ""


def _inlines(block: Para) -> str:
    out = []
    for inline in block.inlines:
        if isinstance(inline, Break):
            out.append("<br>")
            continue
        out.append(_text(inline))
    return "".join(out)


def _text(inline: Text) -> str:
    text = html.escape(inline.text, quote=False)
    if inline.bold:
        text = f"<strong>{text}</strong>"
    if inline.change is not None:
        kind = "insertion" if inline.change == "ins" else "deletion"
        text = (f'<span class="{kind}" data-author="{AUTHOR}" data-date="{CHANGE_DATE}">'
                f"{text}</span>")
    return text


def _table(table: Table) -> str:
    spans = row_spans(table.rows)
    head = []
    for row in table.rows:
        if not row.header:
            break
        head.append(row)
    out = ["<table>"]
    if head:
        out.append("<thead>")
        out += [_row(row, r, spans, "th") for r, row in enumerate(head)]
        out.append("</thead>")
    out.append("<tbody>")
    out += [_row(row, r, spans, "td") for r, row in enumerate(table.rows) if r >= len(head)]
    out += ["</tbody>", "</table>"]
    return "\n".join(out)



def _row(row: Row, r: int, spans: dict[tuple[int, int], int], tag: str) -> str:
    cells = []
    column = 0
    for c in row.cells:
        if c.merge != "continue":
            cells.append(_cell(c, tag, spans.get((r, column), 1)))
        column += c.span
    return f"<tr>{''.join(cells)}</tr>"


def _cell(c: Cell, tag: str, rows: int) -> str:
    attributes = ""
    if c.span > 1:
        attributes += f' colspan="{c.span}"'
    if rows > 1:
        attributes += f' rowspan="{rows}"'
    paragraphs: list[str] = []
    bullets: list[str] = []
    for p in c.paras:
        if p.num is not None and p.num.kind == "bullet":
            bullets.append(f"<li>{_inlines(p)}</li>")
            continue
        if bullets:
            paragraphs.append(f"<ul>{''.join(bullets)}</ul>")
            bullets = []
        if p.inlines:
            paragraphs.append(f"<p>{_inlines(p)}</p>")
    if bullets:
        paragraphs.append(f"<ul>{''.join(bullets)}</ul>")
    return f"<{tag}{attributes}>{''.join(paragraphs)}</{tag}>"
