"""Write a QualificationSpec as a Word .docx in the layout real specifications use.

The document has a key-facts table, a structure section (the rules of
combination as sentences, then a unit list table under a heading per group),
one section per unit (a "Unit 501: Title" heading, a key-value table, and a
learning-outcome / assessment-criteria grid with the outcome cell merged
down its criteria and the header row repeated on every page), a rationale
and a superseded-qualifications table. The DOCX reader reads it back to an
equal model (locations aside): see tests/test_docx_roundtrip.py for what a
round trip keeps.

The output is deterministic: the same model gives the same bytes (ZIP
entries carry a fixed date).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from criteria_checker.readers.docx.combination import combination_sentences
from criteria_checker.readers.docx.labels import (
    WRITTEN_FACT_LABELS,
    WRITTEN_GRID_HEADERS,
    WRITTEN_LIST_COLUMNS,
    WRITTEN_SUPERSEDES_HEADERS,
    WRITTEN_UNIT_LABELS,
    group_heading_text,
)

if TYPE_CHECKING:
    from criteria_checker.model.spec import (
        AssessmentCriterion,
        LearningOutcome,
        Mapping,
        QualificationSpec,
        Unit,
    )

_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Characters XML 1.0 cannot hold; python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_docx_spec(spec: QualificationSpec) -> bytes:
    """The specification as .docx bytes."""
    from docx import Document

    document = Document()
    _Writer(document).write(spec)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def unit_heading(unit: Unit) -> str:
    """'Unit 501: Title', 'Unit H/650/2114: Title' or 'Unit: Title'."""
    token = unit.number or unit.reference
    return f"Unit {token}: {unit.title}" if token else f"Unit: {unit.title}"


def mapping_text(mappings: Sequence[Mapping]) -> str:
    return ", ".join(m.raw for m in mappings)


class _Writer:
    def __init__(self, document: Any) -> None:
        self.doc = document

    def write(self, spec: QualificationSpec) -> None:
        self.doc.add_paragraph(_safe(spec.title or "Qualification specification"), style="Title")
        self._key_facts(spec)
        self._structure(spec)
        self.doc.add_heading("Units", level=1)
        listed = {g.id for g in spec.groups}
        for unit in spec.units:
            self._unit(unit, listed)
        if spec.rationale:
            self.doc.add_heading("Rationale", level=1)
            for line in _lines(spec.rationale):
                self.doc.add_paragraph(_safe(line))
        if spec.supersedes:
            self.doc.add_heading("Superseded qualifications", level=1)
            table = self._table(len(WRITTEN_SUPERSEDES_HEADERS))
            self._header_row(table, WRITTEN_SUPERSEDES_HEADERS)
            for old in spec.supersedes:
                self._row(table, [[old.title], [old.qualification_number or ""],
                                  _lines(old.withdrawal_plan)])

    # -- sections ------------------------------------------------------------

    def _key_facts(self, spec: QualificationSpec) -> None:
        self.doc.add_heading("Key facts", level=1)
        table = self._table(2)
        for name, label in WRITTEN_FACT_LABELS.items():
            value = getattr(spec, name)
            self._row(table, [[label], [] if value is None else [str(value)]])
        for label, value in spec.facts.items():
            self._row(table, [[label], _lines(value)])

    def _structure(self, spec: QualificationSpec) -> None:
        self.doc.add_heading("Qualification structure", level=1)
        self.doc.add_heading("Rules of combination", level=2)
        for sentence in combination_sentences(spec.combination, spec.groups):
            self.doc.add_paragraph(_safe(sentence))
        for group in spec.groups:
            self.doc.add_heading(_safe(group_heading_text(group.id, group.name, group.kind)),
                                 level=2)
            table = self._table(len(WRITTEN_LIST_COLUMNS))
            self._header_row(table, list(WRITTEN_LIST_COLUMNS.values()))
            for unit in spec.units:
                if unit.group == group.id:
                    self._row(table, [[_text(getattr(unit, name))]
                                      for name in WRITTEN_LIST_COLUMNS])

    def _unit(self, unit: Unit, listed: set[str]) -> None:
        self.doc.add_heading(_safe(unit_heading(unit)), level=2)
        table = self._table(2)
        labels = WRITTEN_UNIT_LABELS
        for name in ("reference", "number", "title", "level", "glh", "tqt", "credit"):
            self._row(table, [[labels[name]], [_text(getattr(unit, name))]])
        if unit.group is not None and unit.group not in listed:
            self._row(table, [[labels["group"]], [unit.group]])
        self._row(table, [[labels["aim"]], _lines(unit.aim)])
        self._row(table, [[labels["assessment_methods"]], list(unit.assessment_methods)])
        self._row(table, [[labels["mappings"]], [mapping_text(unit.mappings)]])
        if unit.outcomes:
            self._grid(unit.outcomes)

    def _grid(self, outcomes: Sequence[LearningOutcome]) -> None:
        mapped = any(c.mappings for o in outcomes for c in o.criteria)
        headers = WRITTEN_GRID_HEADERS if mapped else WRITTEN_GRID_HEADERS[:2]
        table = self._table(len(headers))
        self._header_row(table, headers)
        for outcome in outcomes:
            lines = _lines(outcome.text) or [""]
            outcome_cell = [f"{outcome.number}. {lines[0]}".rstrip(), *lines[1:]]
            if outcome.mappings:
                outcome_cell.append(f"{WRITTEN_UNIT_LABELS['mappings']}: "
                                    f"{mapping_text(outcome.mappings)}")
            rows: list[AssessmentCriterion | None] = [*outcome.criteria] or [None]
            for i, criterion in enumerate(rows):
                cells: list[list[str]] = [outcome_cell if i == 0 else []]
                if criterion is None:
                    cells.append([])
                else:
                    text = _lines(criterion.text) or [""]
                    cells.append([f"{criterion.number} {text[0]}".rstrip(), *text[1:]])
                if mapped:
                    cells.append([mapping_text(criterion.mappings)] if criterion else [])
                row = self._row(table, cells)
                if len(rows) > 1:
                    _vertical_merge(row.cells[0], restart=i == 0)

    # -- tables --------------------------------------------------------------

    def _table(self, columns: int) -> Any:
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        return table

    def _header_row(self, table: Any, headers: Iterable[str]) -> None:
        from docx.oxml import OxmlElement

        row = self._row(table, [[h] for h in headers], bold=True)
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    def _row(self, table: Any, cells: list[list[str]], *, bold: bool = False) -> Any:
        row = table.add_row()
        for cell, lines in zip(row.cells, cells, strict=True):
            first = cell.paragraphs[0]
            for i, line in enumerate(lines):
                paragraph = first if i == 0 else cell.add_paragraph()
                run = paragraph.add_run(_safe(line))
                if bold:
                    run.bold = True
        return row


def _vertical_merge(cell: Any, *, restart: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, so equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
