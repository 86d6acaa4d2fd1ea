"""Specimens saved by LibreOffice: DOCX files whose XML no code of this project wrote.

Two ways, both run only with ``build.py --libreoffice`` (CI has no LibreOffice,
so the .docx files are committed as inputs):

- **round trips**: a generated DOCX opened by LibreOffice, saved as .odt and
  saved again as .docx ("MS Word 2007 XML"), so every part of it is
  LibreOffice's own;
- **foreign layouts**: a specification written in a layout unlike the DOCX
  writer's, as an HTML page or a flat ODT document (the sources are
  generated here and committed), and converted to .docx by LibreOffice.

The HTML layout has key facts as "Label: value" paragraphs, one unit list
with a group column instead of group headings, "Unit 501 Title" headings,
label variants ("Credit value", "Guided learning hours", "Unit reference
number", "Relationship to qualification criteria"), assessment methods as a
bulleted list, and grids whose outcome cell spans its criteria rows, with a
mapping column; :class:`HtmlLayout` varies the grids. The flat ODT layout has
a key-facts table, the rules of combination as a lead-in and a bulleted
list with a barred-units table, one unit table under each group heading,
and grids whose outcome and criteria numbers are automatic list numbering
("1.", "1.1"), not text.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from criteria_checker.model.spec import LearningOutcome, QualificationSpec, Unit

#: LibreOffice's export filter for Word .docx (Office Open XML, as Word 2007 and later write it).
DOCX_FILTER = "docx:MS Word 2007 XML"
#: Seconds one LibreOffice conversion may take.
TIMEOUT = 180

Method = Literal["round-trip", "html", "fodt"]


@dataclass(frozen=True)
class HtmlLayout:
    """Variants of the HTML layout.

    ``row_per_outcome`` puts all of an outcome's criteria (and their
    mappings) in one cell, separated by line breaks (Shift+Enter in Word),
    instead of one row per criterion under a spanned outcome cell.
    ``stems_in_first_row`` opens the first data row's cells with "The learner
    will:" / "The learner can:", as some awarding organisations print them,
    instead of putting them in the header row.
    """

    row_per_outcome: bool = False
    stems_in_first_row: bool = False


@dataclass(frozen=True)
class ForeignSpecimen:
    """A DOCX file LibreOffice makes from ``source`` (a file in specimens/) by ``method``."""

    file: str
    source: str
    method: Method


def soffice_command(profile: Path, target: str, outdir: Path, source: Path) -> list[str]:
    """The exact command run for one conversion.

    A private profile keeps the run from touching (or waiting on) the user's
    own LibreOffice settings.
    """
    return ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--convert-to", target, "--outdir", str(outdir), str(source)]


def convert_with_libreoffice(specimen: ForeignSpecimen, folder: Path) -> Path:
    """Make ``specimen.file`` in ``folder`` from its source there; return the path written."""
    if shutil.which("soffice") is None:
        raise SystemExit("build.py --libreoffice needs LibreOffice's 'soffice' on PATH")
    source = folder / specimen.source
    target = folder / specimen.file
    with tempfile.TemporaryDirectory(prefix="specimens-lo-") as scratch:
        work = Path(scratch)
        profile = work / "profile"
        staged = work / f"{target.stem}{source.suffix}"
        shutil.copyfile(source, staged)
        if specimen.method == "round-trip":
            _run(soffice_command(profile, "odt", work / "odt", staged))
            staged = work / "odt" / f"{target.stem}.odt"
        _run(soffice_command(profile, DOCX_FILTER, work / "out", staged))
        shutil.copyfile(work / "out" / f"{target.stem}.docx", target)
    return target


def _run(command: Sequence[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")


# -- HTML: "Label: value" facts, a group column, spanned outcome cells -----------------


def specification_html(spec: QualificationSpec, prose: Sequence[str],
                       layout: HtmlLayout = HtmlLayout()) -> str:
    """``spec`` as an HTML page in the foreign layout; ``prose`` are its rules of combination."""
    out = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
           f"<title>{_e(spec.title or 'Qualification specification')}</title>", "</head>",
           "<body>", f"<h1>{_e(spec.title or '')}</h1>", "<h2>Qualification at a glance</h2>"]
    facts = [("Awarding organisation", spec.awarding_organisation),
             ("Qualification title", spec.title),
             ("Qualification number", spec.qualification_number),
             ("Level", _n(spec.level)),
             ("Total qualification time", f"{spec.tqt} hours" if spec.tqt else None),
             ("Guided learning hours", _n(spec.glh)),
             ("Credit value", _n(spec.credits)),
             *spec.facts.items()]
    out += [f"<p>{_e(label)}: {_e(value)}</p>" for label, value in facts if value]
    out += ["<h2>Structure of the qualification</h2>"]
    out += [f"<p>{_e(sentence)}</p>" for sentence in prose]
    out += ["<table border=\"1\">",
            _tr(["Unit reference number", "Unit no.", "Unit title", "Group", "Level",
                 "Guided learning hours", "Credit value"], header=True)]
    names = {g.id: ("Mandatory" if g.kind == "mandatory" else f"Group {g.id}")
             for g in spec.groups}
    for unit in spec.units:
        out.append(_tr([unit.reference or "", unit.number or "", unit.title,
                        names.get(unit.group or "", ""), _n(unit.level), _n(unit.glh),
                        _n(unit.credit)]))
    out += ["</table>", "<h2>Units</h2>"]
    for unit in spec.units:
        out += _html_unit(unit, layout)
    if spec.supersedes:
        out.append("<h2>Qualifications replaced</h2>")
        for old in spec.supersedes:
            out.append(f"<p>Qualification superseded: {_e(old.title)}</p>")
            if old.qualification_number:
                out.append(f"<p>Qualification number: {_e(old.qualification_number)}</p>")
            if old.withdrawal_plan:
                out.append(f"<p>Withdrawal plan: {_e(old.withdrawal_plan)}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _html_unit(unit: Unit, layout: HtmlLayout) -> list[str]:
    out = [f"<h3>Unit {_e(unit.number or '')} {_e(unit.title)}</h3>", "<table border=\"1\">"]
    rows = [("Unit reference number", unit.reference), ("Level", _n(unit.level)),
            ("Credit value", _n(unit.credit)), ("Guided learning hours", _n(unit.glh)),
            ("Total unit time", _n(unit.tqt)), ("Aim", unit.aim)]
    out += [_tr([label, value]) for label, value in rows if value]
    methods = "".join(f"<li>{_e(m)}</li>" for m in unit.assessment_methods)
    out.append(f"<tr><td>Assessment methods</td><td><ul>{methods}</ul></td></tr>")
    mappings = ", ".join(m.raw for m in unit.mappings)
    if mappings:
        out.append(_tr(["Relationship to qualification criteria", mappings]))
    out.append("</table>")
    if unit.outcomes:
        stems = ("The learner will:", "The learner can:")
        headers = ["Learning outcomes", "Assessment criteria"]
        if not layout.stems_in_first_row:
            headers = [f"{h}: {s[0].lower()}{s[1:].rstrip(':')}" for h, s in zip(
                headers, stems, strict=True)]
        out += ["<p></p>", "<table border=\"1\">", _tr([*headers, "SfC ref"], header=True)]
        for position, outcome in enumerate(unit.outcomes):
            lead = stems if layout.stems_in_first_row and position == 0 else None
            out += (_html_outcome_row(outcome, lead) if layout.row_per_outcome
                    else _html_outcome_rows(outcome, lead))
        out.append("</table>")
    return out


def _html_outcome_rows(outcome: LearningOutcome, stems: tuple[str, str] | None) -> list[str]:
    """One row per criterion, the outcome cell spanning them all."""
    rows = []
    span = max(len(outcome.criteria), 1)
    spanned = f' rowspan="{span}"' if span > 1 else ""
    first = f"<p>{_e(stems[0])}</p>" if stems else ""
    lead = f"<td{spanned}>{first}<p>{_e(outcome.number)} {_e(outcome.text)}</p></td>"
    for i, criterion in enumerate(outcome.criteria or [None]):
        cells = [lead] if i == 0 else []
        stem = f"<p>{_e(stems[1])}</p>" if stems and i == 0 else ""
        if criterion is None:
            cells += [f"<td>{stem}</td>", "<td></td>"]
        else:
            first_line, *rest = f"{criterion.number} {criterion.text}".split("\n")
            body = stem + f"<p>{_e(first_line)}</p>" + "".join(f"<p>{_e(r)}</p>" for r in rest)
            cells += [f"<td>{body}</td>",
                      f"<td>{_e(', '.join(m.raw for m in criterion.mappings))}</td>"]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return rows


def _html_outcome_row(outcome: LearningOutcome, stems: tuple[str, str] | None) -> list[str]:
    """One row for the outcome: its criteria, and their mappings, split by line breaks."""
    criteria = [f"{c.number} {c.text}".replace("\n", "\n- ") for c in outcome.criteria]
    mappings = [", ".join(m.raw for m in c.mappings) for c in outcome.criteria]
    first = f"<p>{_e(stems[0])}</p>" if stems else ""
    stem = f"<p>{_e(stems[1])}</p>" if stems else ""
    return [f"<tr><td>{first}<p>{_e(outcome.number)} {_e(outcome.text)}</p></td>"
            f"<td>{stem}<p>{_br(criteria)}</p></td><td><p>{_br(mappings)}</p></td></tr>"]


def _br(lines: Sequence[str]) -> str:
    return "<br>".join(_e(line) for text in lines for line in text.split("\n"))


def _tr(cells: Sequence[str], *, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{_e(c)}</{tag}>" for c in cells) + "</tr>"


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def _n(value: int | None) -> str:
    return "" if value is None else str(value)


# -- flat ODT: a key-facts table, group tables, automatic outcome numbering ------------

_FODT_NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
_FODT_STYLES = """ <office:styles>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Title" style:family="paragraph">
   <style:text-properties fo:font-size="20pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
               style:default-outline-level="1">
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
               style:default-outline-level="2">
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
  </style:style>
  <text:list-style style:name="Outcomes">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
   <text:list-level-style-number text:level="2" style:num-format="1" text:display-levels="2"/>
  </text:list-style>
  <text:list-style style:name="Bullets">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
  </text:list-style>
 </office:styles>"""


def specification_fodt(spec: QualificationSpec, lead_in: str, items: Sequence[str],
                       after: Sequence[str], barred: Sequence[tuple[str, str]]) -> str:
    """``spec`` as a flat ODT document in the second foreign layout.

    The rules of combination are a lead-in sentence ending ':' with a bulleted
    list of ``items``, then the sentences ``after`` it, then a barred-units
    table of ``barred`` pairs.
    """
    ns = " ".join(f'xmlns:{p}="{uri}"' for p, uri in _FODT_NAMESPACES.items())
    body: list[str] = [_p(spec.title or "", "Title"), _h("Key facts", 1)]
    facts = [("Awarding organisation", spec.awarding_organisation),
             ("Qualification title", spec.title),
             ("Ofqual qualification number", spec.qualification_number),
             ("Qualification level", _n(spec.level)),
             ("Total qualification time (TQT)", _n(spec.tqt)),
             ("Guided learning hours (GLH)", _n(spec.glh)),
             ("Total credits", _n(spec.credits)),
             *spec.facts.items()]
    body.append(_table("KeyFacts", 2, [[[label], [value]] for label, value in facts if value]))
    body += [_h("Rules of combination", 1), _p(lead_in),
             '<text:list text:style-name="Bullets">',
             *(f"<text:list-item>{_p(item)}</text:list-item>" for item in items),
             "</text:list>", *(_p(sentence) for sentence in after)]
    if barred:
        body.append(_table("Barred", 2, [[["Unit"], ["Barred with"]]]
                           + [[[a], [b]] for a, b in barred], header=True))
    for group in spec.groups:
        heading = ("Mandatory units" if group.kind == "mandatory"
                   else f"Optional Group {group.id}: {group.name}")
        body.append(_h(heading, 2))
        rows = [[["URN"], ["Unit title"], ["Level"], ["GLH"], ["Credits"]]]
        rows += [[[u.reference or ""], [u.title], [_n(u.level)], [_n(u.glh)], [_n(u.credit)]]
                 for u in spec.units if u.group == group.id]
        body.append(_table(f"Group{group.id}", 5, rows, header=True))
    body.append(_h("Unit specifications", 1))
    for index, unit in enumerate(spec.units, 1):
        body += _fodt_unit(unit, index)
    if spec.supersedes:
        body.append(_h("Qualifications this replaces", 1))
        rows = [[["Replaces"], ["QN"], ["Closure plan"]]]
        rows += [[[old.title], [old.qualification_number or ""], [old.withdrawal_plan or ""]]
                 for old in spec.supersedes]
        body.append(_table("Replaces", 3, rows, header=True))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<office:document {ns} office:version="1.3" '
             'office:mimetype="application/vnd.oasis.opendocument.text">',
             _FODT_STYLES, " <office:body>", "  <office:text>",
             *(f"   {line}" for line in body), "  </office:text>", " </office:body>",
             "</office:document>", ""]
    return "\n".join(lines)


def _fodt_unit(unit: Unit, index: int) -> list[str]:
    out = [_h(f"Unit {unit.number}: {unit.title}", 2)]
    rows: list[tuple[str, list[str | None]]] = [
        ("URN", [unit.reference]), ("Unit level", [_n(unit.level)]),
        ("Credits", [_n(unit.credit)]), ("GLH", [_n(unit.glh)]), ("TUT", [_n(unit.tqt)]),
        ("Unit aim", [unit.aim]), ("Assessment", list(unit.assessment_methods)),
        ("SfC reference", [", ".join(m.raw for m in unit.mappings)])]
    out.append(_table(f"Unit{index}", 2, [[[label], values] for label, values in rows
                                          if any(values)]))
    if not unit.outcomes:
        return out
    list_id = f"outcomes{index}"
    grid = [f'<table:table table:name="Grid{index}">',
            '<table:table-column table:number-columns-repeated="3"/>',
            "<table:table-header-rows>",
            _row([["Learning outcomes – The learner will:"],
                  ["Assessment criteria – The learner can:"], ["Mapping"]]),
            "</table:table-header-rows>"]
    first = True
    for outcome in unit.outcomes:
        span = max(len(outcome.criteria), 1)
        continued = "" if first else f' text:continue-list="{list_id}"'
        xml_id = f' xml:id="{list_id}"' if first else ""
        first = False
        lead = (f'<table:table-cell table:number-rows-spanned="{span}">'
                f'<text:list{xml_id} text:style-name="Outcomes"{continued}>'
                f"<text:list-item>{_p(outcome.text)}</text:list-item></text:list>"
                "</table:table-cell>")
        for i, criterion in enumerate(outcome.criteria or [None]):
            cells = [lead if i == 0 else "<table:covered-table-cell/>"]
            if criterion is None:
                cells += [_cell([]), _cell([])]
            else:
                text, *bullets = criterion.text.split("\n")
                cells.append(
                    "<table:table-cell>"
                    f'<text:list text:style-name="Outcomes" text:continue-list="{list_id}">'
                    f"<text:list-item><text:list><text:list-item>{_p(text)}"
                    "</text:list-item></text:list></text:list-item></text:list>"
                    + "".join(_p(b) for b in bullets) + "</table:table-cell>")
                cells.append(_cell([", ".join(m.raw for m in criterion.mappings)]))
            grid.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    grid.append("</table:table>")
    out.append("\n".join(grid))
    return out


def _table(name: str, columns: int, rows: Sequence[Sequence[Sequence[str | None]]], *,
           header: bool = False) -> str:
    out = [f'<table:table table:name="{name}">',
           f'<table:table-column table:number-columns-repeated="{columns}"/>']
    body = list(rows)
    if header:
        out += ["<table:table-header-rows>", _row(body[0]), "</table:table-header-rows>"]
        body = body[1:]
    out += [_row(row) for row in body]
    out.append("</table:table>")
    return "\n".join(out)


def _row(cells: Sequence[Sequence[str | None]]) -> str:
    return f"<table:table-row>{''.join(_cell(c) for c in cells)}</table:table-row>"


def _cell(lines: Sequence[str | None]) -> str:
    paragraphs = "".join(_p(line) for line in lines if line) or "<text:p/>"
    return f"<table:table-cell>{paragraphs}</table:table-cell>"


def _p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{_e(text)}</text:p>'


def _h(text: str, level: int) -> str:
    return (f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
            f"{_e(text)}</text:h>")
