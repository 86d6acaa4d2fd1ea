"""Suggestions as text, JSON or CSV (docs/suggest.md); the workbook is evidence.suggestions's.

Every format quotes the document's own text, so each makes it harmless:
control characters become visible escapes, and in CSV and XLSX a cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or
``@``) stays text. The same suggestions give the same bytes in every format.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from criteria_checker.reporters.base import utf8_safe, visible
from criteria_checker.similarity.suggest import Suggestions

FORMATS = ("text", "json", "csv", "xlsx")

#: Columns of the CSV, and of both sheets of the workbook.
SUGGESTION_COLUMNS = ("unit", "criterion", "text", "rank", "ref", "score", "item")
UNCLAIMED_COLUMNS = ("ref", "item", "rank", "unit", "criterion", "score", "text")
CSV_COLUMNS = ("list", "unit", "criterion", "text", "rank", "ref", "item", "score")

_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def to_data(found: Suggestions) -> dict[str, Any]:
    """The JSON document: ``{"suggestions": [...], "unclaimed": [...]}``."""
    return {
        "suggestions": [
            {"unit": s.unit, "criterion": s.criterion, "text": s.text,
             "candidates": [{"ref": c.ref, "score": c.score} for c in s.candidates]}
            for s in found.suggestions],
        "unclaimed": [
            {"ref": u.ref, "candidates": [{"unit": c.unit, "criterion": c.criterion,
                                           "score": c.score} for c in u.candidates]}
            for u in found.unclaimed],
    }


def render_json(found: Suggestions) -> str:
    return utf8_safe(json.dumps(to_data(found), indent=2, ensure_ascii=False)) + "\n"


def render_text(found: Suggestions, *, item_texts: dict[str, str]) -> str:
    """A readable list; ``item_texts`` gives each item's wording, to show beside its reference."""
    lines: list[str] = []
    count = len(found.suggestions)
    lines.append(f"Assessment criteria without a mapping: {count}")
    for s in found.suggestions:
        lines.append(f"  {visible(s.unit)} AC {visible(s.criterion)} '{_short(s.text)}'")
        if not s.candidates:
            lines.append("      no item shares words with it")
        for c in s.candidates:
            lines.append(f"      {c.ref:<16} {c.score:.3f}  {_short(item_texts.get(c.ref, ''))}")
    lines.append("")
    lines.append(f"Criteria items nothing claims: {len(found.unclaimed)}")
    for u in found.unclaimed:
        lines.append(f"  {u.ref} '{_short(u.text)}'")
        if not u.candidates:
            lines.append("      no assessment criterion shares words with it")
        for cc in u.candidates:
            lines.append(f"      {visible(cc.unit)} AC {visible(cc.criterion)}  {cc.score:.3f}  "
                         f"'{_short(cc.text)}'")
    return utf8_safe("\n".join(lines) + "\n")


def _short(text: str, limit: int = 70) -> str:
    flat = visible(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 3].rsplit(" ", 1)[0] + "..."


def _rows(found: Suggestions, item_texts: dict[str, str]) -> list[list[str | int | float]]:
    """One row per candidate (or one per entry without any), in CSV_COLUMNS order."""
    rows: list[list[str | int | float]] = []
    for s in found.suggestions:
        if not s.candidates:
            rows.append(["suggestion", s.unit, s.criterion, s.text, "", "", "", ""])
        for rank, c in enumerate(s.candidates, start=1):
            rows.append(["suggestion", s.unit, s.criterion, s.text, rank, c.ref,
                         item_texts.get(c.ref, ""), c.score])
    for u in found.unclaimed:
        if not u.candidates:
            rows.append(["unclaimed", "", "", "", "", u.ref, u.text, ""])
        for rank, cc in enumerate(u.candidates, start=1):
            rows.append(["unclaimed", cc.unit, cc.criterion, cc.text, rank, u.ref, u.text,
                         cc.score])
    return rows


def render_csv(found: Suggestions, *, item_texts: dict[str, str]) -> str:
    """``list`` is ``suggestion`` (a criterion and an item it may cover) or ``unclaimed``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(found, item_texts):
        writer.writerow([_safe_cell(cell) if isinstance(cell, str) else cell for cell in row])
    return utf8_safe(buffer.getvalue())


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; the text comes from
    # a submitted document, so it is kept as text behind an apostrophe.
    shown = visible(text)
    return "'" + shown if shown[:1] in _FORMULA_STARTS else shown
