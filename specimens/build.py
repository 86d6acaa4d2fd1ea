"""Rebuild the generated specimens and specimens/README.md.

Usage (from the repository root)::

    .venv/bin/python specimens/build.py                 # XML, python-docx DOCX, sources, README
    .venv/bin/python specimens/build.py --libreoffice   # also the LibreOffice-saved DOCX files
    .venv/bin/python specimens/build.py --out DIR       # write into DIR instead of specimens/

Every file written without ``--libreoffice`` is a pure function of the
bundled criteria and this folder's code: running it twice gives the same
bytes (tests/test_specimens.py checks that the committed files are exactly
what it writes). The LibreOffice-saved files are committed inputs: CI has no
LibreOffice, and LibreOffice's output carries its own timestamps. They are
remade only with ``--libreoffice``, which runs, for each, the ``soffice``
command that :func:`specimen_foreign.soffice_command` shows.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script from anywhere, or imported by the tests
    sys.path.insert(0, str(HERE))

from specimen_base import (  # noqa: E402
    BARRED_PAIR,
    MANDATORY,
    SKILLS,
    SKILLS_MINIMUM,
    Hours,
    base_spec,
    combination_prose,
)
from specimen_defects import SPECIMENS  # noqa: E402
from specimen_foreign import (  # noqa: E402
    DOCX_FILTER,
    ForeignSpecimen,
    HtmlLayout,
    convert_with_libreoffice,
    specification_fodt,
    specification_html,
)

from criteria_checker.engine.api import criteria_for  # noqa: E402
from criteria_checker.engine.options import CheckOptions  # noqa: E402
from criteria_checker.model.criteria import CriteriaSet  # noqa: E402
from criteria_checker.writers.docx_writer import fixed_zip, write_docx_spec  # noqa: E402
from criteria_checker.writers.xml_writer import write_xml_spec  # noqa: E402

SOURCES = "sources"
TABLE_FILE = "specimens.yaml"
README = "README.md"

#: The DOCX files LibreOffice makes, from a generated specimen or a source in sources/.
FOREIGN: tuple[ForeignSpecimen, ...] = (
    ForeignSpecimen("conformant-libreoffice.docx", "conformant.docx", "round-trip"),
    ForeignSpecimen("outcome-numbering-gap-libreoffice.docx", "outcome-numbering-gap.docx",
                    "round-trip"),
    ForeignSpecimen("conformant-foreign-layout.docx",
                    f"{SOURCES}/conformant-foreign-layout.html", "html"),
    ForeignSpecimen("conformant-numbered-lists.docx",
                    f"{SOURCES}/conformant-numbered-lists.fodt", "fodt"),
    ForeignSpecimen("conformant-line-breaks.docx",
                    f"{SOURCES}/conformant-line-breaks.html", "html"),
    ForeignSpecimen("conformant-stems-in-first-row.docx",
                    f"{SOURCES}/conformant-stems-in-first-row.html", "html"),
)
HTML_LAYOUTS = {
    "conformant-foreign-layout.html": HtmlLayout(),
    "conformant-line-breaks.html": HtmlLayout(row_per_outcome=True),
    "conformant-stems-in-first-row.html": HtmlLayout(stems_in_first_row=True),
}


def generated_files(criteria: CriteriaSet) -> Iterator[tuple[str, bytes]]:
    """(path relative to specimens/, bytes) of every file built without LibreOffice."""
    for specimen in SPECIMENS:
        if specimen.grid is not None:
            yield f"{specimen.name}.mapping.csv", specimen.grid(criteria).encode("utf-8")
        for fmt in specimen.formats:
            name = f"{specimen.name}.{fmt}"
            spec = replace(specimen.make(criteria), **{"file": name, "format": fmt})
            if fmt == "xml":
                yield name, write_xml_spec(spec)
            elif specimen.appendix is None:
                yield name, write_docx_spec(spec)
            else:
                yield name, with_appendix(write_docx_spec(spec), *specimen.appendix(criteria))
    yield from source_files(criteria)


def with_appendix(docx: bytes, heading: str, rows: list[list[str]]) -> bytes:
    """The document with a heading and a table added at its end, as the writer cannot."""
    import io

    from docx import Document

    document = Document(io.BytesIO(docx))
    document.add_heading(heading, level=1)
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def source_files(criteria: CriteriaSet) -> Iterator[tuple[str, bytes]]:
    """The HTML and flat ODT documents LibreOffice converts to DOCX."""
    spec = base_spec(criteria)
    prose = combination_prose(Hours(), spec.units)
    for name, layout in HTML_LAYOUTS.items():
        yield f"{SOURCES}/{name}", specification_html(spec, prose, layout).encode("utf-8")
    numbers = [next(u.number for u in spec.units if u.title == t) for t in BARRED_PAIR]
    mandatory = sum(u.credit or 0 for u in spec.units if u.group == MANDATORY.id)
    fodt = specification_fodt(
        spec,
        lead_in=f"To achieve the qualification, learners must achieve a minimum of "
                f"{Hours().credits} credits:",
        items=[f"{mandatory} credits from the mandatory units",
               f"a minimum of {Hours().optional_credits} credits from the optional units"],
        after=[f"A minimum of {SKILLS_MINIMUM} credits must be achieved from Optional Group "
               f"{SKILLS.id}."],
        barred=[(f"Unit {numbers[0]}", f"Unit {numbers[1]}")])
    yield f"{SOURCES}/conformant-numbered-lists.fodt", fodt.encode("utf-8")


# -- README -------------------------------------------------------------------------

README_HEAD = """\
# Specimens

Realistic qualification specifications, conformant and not, for the
*Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care
Service (England)*, an invented awarding organisation's submission against
Skills for Care's Level 5 criteria. Each file is named for what it shows.

```sh
criteria-checker check specimens/conformant.docx          # exit 0: conformant
criteria-checker check specimens/optional-only-coverage.docx   # exit 1: two errors
```

- The **conformant** specimen has 21 mandatory units (one per sub-topic,
  each declaring its code, its learning outcomes and assessment criteria
  mapped to the criteria items), 780 mandatory hours, two optional groups of
  eleven units (370 hours offered, of which learners take at least 14
  credits, 3 of them from Group C, and not both coaching units), TQT 920,
  credit 92. It gives no findings at all.
- Every other generated specimen changes **one thing** an author could get
  wrong; where that moves hours, the rest of the document follows, so it
  gives exactly the findings in its row and no others.
- **Producers**: *XML writer* and *python-docx* files are written by
  `build.py` through `write_xml_spec` and `write_docx_spec`; *LibreOffice*
  files were saved by LibreOffice 7.4 (Debian), either re-saved from a
  generated DOCX through .odt or converted from a source in `sources/`
  written in a layout unlike the DOCX writer's. They prove the reader on XML
  it did not write.

`specimens.yaml` holds the same table for machines: each file's expected
reading (title, TQT, unit counts, ...) and exact findings.
`tests/test_specimens.py` checks every file against it. Rebuild with
`.venv/bin/python specimens/build.py` (add `--libreoffice` to remake the
LibreOffice-saved files); this README is generated from `specimens.yaml`.
"""


def render_readme(table: dict[str, Any]) -> str:
    """README.md from the parsed specimens.yaml."""
    lines = [README_HEAD, "| specimen | files (producer) | what it shows | expected findings |",
             "|---|---|---|---|"]
    for entry in table["specimens"]:
        files = "<br>".join(f"`{f['file']}` ({f['producer']}"
                            f"{'; misread today, see below' if f.get('misread') else ''})"
                            for f in entry["files"])
        lines.append(f"| {entry['name']} | {files} | {_cell(entry['shows'])} | "
                     f"{_findings(entry['findings'])} |")
    known = [f for entry in table["specimens"] for f in entry["files"] if f.get("misread")]
    if known:
        lines += ["", "## Known misreadings", "",
                  "These files are read wrongly today. Their tests are strict expected failures, "
                  "so they fail as XPASS once the reader is fixed: then drop the `misread` and "
                  "`xfail` keys.", ""]
        lines += [f"- `{f['file']}`: {_cell(f['misread'])}" for f in known]
    lines += ["", "## How the LibreOffice files were made", "",
              "`build.py --libreoffice` runs these commands (each with a private LibreOffice "
              "profile, `-env:UserInstallation=...`), from this folder:", "", "```sh"]
    for entry in table["specimens"]:
        for f in entry["files"]:
            if f.get("source"):
                lines += _soffice_lines(f["source"], f["file"])
    lines.append("```")
    return "\n".join(lines) + "\n"


def _soffice_lines(source: str, target: str) -> list[str]:
    """The soffice command lines that make ``target`` from ``source`` (see specimen_foreign)."""
    convert = f'soffice --headless --convert-to "{DOCX_FILTER}"'
    stem = target.removesuffix(".docx")
    if source.startswith(f"{SOURCES}/"):
        return [f"{convert} --outdir . {source}"]
    # A round trip: the generated DOCX, copied under the target's name, through .odt.
    return [f"cp {source} /tmp/{stem}.docx",
            f"soffice --headless --convert-to odt --outdir /tmp /tmp/{stem}.docx",
            f"{convert} --outdir . /tmp/{stem}.odt"]


def _findings(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return "none"
    parts = []
    for f in findings:
        count = f" ×{f['count']}" if f["count"] != 1 else ""
        parts.append(f"{f['rule']} {f['severity']}{count}")
    return ", ".join(parts)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def load_table(folder: Path = HERE) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((folder / TABLE_FILE).read_text(encoding="utf-8"))
    return data


# -- main -----------------------------------------------------------------------------


def build(out: Path, *, libreoffice: bool = False) -> list[Path]:
    """Write every generated file (and with ``libreoffice`` the saved ones) into ``out``."""
    criteria = criteria_for(CheckOptions())
    written = []
    for name, data in generated_files(criteria):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    readme = out / README
    readme.write_text(render_readme(load_table()), encoding="utf-8")
    written.append(readme)
    if libreoffice:
        written += [convert_with_libreoffice(specimen, out) for specimen in FOREIGN]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write into (default: specimens/)")
    parser.add_argument("--libreoffice", action="store_true",
                        help="also remake the LibreOffice-saved DOCX files (needs soffice)")
    args = parser.parse_args(argv)
    written = build(args.out, libreoffice=args.libreoffice)
    print(f"wrote {len(written)} files into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
