"""Benchmark: reading a 65-unit DOCX specification against lxml's parse floor.

Generates a 65-unit specification with the DOCX writer (the template's 24
units, filled up with optional units of four outcomes of four mapped
criteria each), then times, interleaved over several runs:

- parse: ``lxml.etree.fromstring`` on its word/document.xml (already unzipped);
- read: ``read_docx_spec`` on the file, everything included (unzip, styles,
  numbering, the walk, the layout, building the model, the rules prose);
- python-docx: opening the file with python-docx and visiting every table
  cell's text, for comparison with the cell-by-cell API the reader avoids.

The target is read <= 2 x parse. Our writer's XML is lean (python-docx puts
no formatting on runs), which makes parsing cheap relative to the content;
documents saved by Word carry revision ids and run formatting on every
paragraph and run. A second table repeats the measurement on the same
document with that markup added (``--no-word-markup`` to skip it), to show
how the ratio depends on markup density. Timings are CPU time of this
process, so other work on a shared machine does not count.

Each timed call ends by settling the allocator (see :func:`settle`): freeing
a parsed tree leaves glibc's malloc a debt of a few hundred thousand freed
chunks, which it pays (``malloc_consolidate``) at the next large request,
whoever makes it. Unsettled, the parse's debt fell on the read timed after
it: about 20 ms of the read of the Word-markup document (a fifth of it, by
``perf``) was the consolidation of the tree the parse had freed, while the
read's own debt was paid inside the read. Settling makes each timed call pay
for its own frees and nobody else's, as a loop of that call alone does.
``--no-settle`` shows the unsettled accounting.

``--phases`` also times the steps of a read separately (unzip, dropping the
markup Word saves for itself (readers.docx.lean_markup: on the Word-density
document; the lean one has none to drop) with the parse and DTD check, the
walk, the layout, building the model, and what is left: freeing the tree
and settling).

Run: ``.venv/bin/python bench/bench_docx_read.py [--runs N] [--phases]``.
"""

from __future__ import annotations

import argparse
import io
import itertools
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from specs import fill_to  # bench/ is on sys.path when a bench script runs

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.spec import (
    QualificationSpec,
)
from criteria_checker.readers.docx import reader as docx_reader
from criteria_checker.readers.docx.container import read_docx_package
from criteria_checker.readers.docx.layout import LayoutReader
from criteria_checker.readers.docx.reader import read_docx_spec
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.template import build_template

UNITS = 65
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sixty_five_units() -> QualificationSpec:
    """The template, filled up to 65 units with optional units of 4 outcomes x 4 criteria."""
    return fill_to(build_template(load_criteria(find_criteria(None))), UNITS, group="B",
                   first_number=600, urn_base=2000, hours=50)


def with_word_markup(docx: bytes) -> bytes:
    """The same document with the revision ids and run formatting Word saves everywhere."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read("word/document.xml"))
    for i, paragraph in enumerate(root.iter(f"{W}p")):
        for name in ("rsidR", "rsidRDefault", "rsidP"):
            paragraph.set(f"{W}{name}", f"00{i % 9973:06X}")
        ppr = paragraph.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.SubElement(paragraph, f"{W}pPr")
            paragraph.insert(0, ppr)
        etree.SubElement(ppr, f"{W}spacing", {f"{W}before": "60", f"{W}after": "60"})
        ppr.append(_run_properties())
    for i, run in enumerate(root.iter(f"{W}r")):
        run.set(f"{W}rsidRPr", f"00{i % 8191:06X}")
        run.insert(0, _run_properties())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            target.writestr(info.filename, data)
    return out.getvalue()


def _run_properties() -> etree._Element:
    rpr = etree.Element(f"{W}rPr")
    etree.SubElement(rpr, f"{W}rFonts", {f"{W}ascii": "Arial", f"{W}hAnsi": "Arial",
                                         f"{W}cs": "Arial"})
    etree.SubElement(rpr, f"{W}sz", {f"{W}val": "20"})
    etree.SubElement(rpr, f"{W}szCs", {f"{W}val": "20"})
    return rpr


def python_docx_cells(path: Path) -> int:
    """Every table cell's text through python-docx's API, as a reader using it would."""
    from docx import Document

    count = 0
    for table in Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                count += len(cell.text)
    return count


def settle() -> None:
    """Make malloc settle the frees a call left pending, so that the call pays for them.

    glibc keeps small freed chunks in "fast bins" and merges them into free
    space (``malloc_consolidate``) at the next request of a kilobyte or more:
    after a tree of 250,000 nodes is freed that takes as long as a third of
    parsing it. Asking for 4 KiB here triggers it now; with nothing pending
    (or another allocator) it costs a microsecond.
    """
    bytearray(4096)


def timed(funcs: list[Callable[[], object]], runs: int, *,
          settled: bool = True) -> list[tuple[float, float]]:
    """(median, minimum) CPU seconds of each function, the runs interleaved."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for func, spent in zip(funcs, times, strict=True):
            start = time.process_time()
            func()
            if settled:
                settle()
            spent.append(time.process_time() - start)
    return [(statistics.median(t), min(t)) for t in times]


def read_phases(path: Path, runs: int) -> list[tuple[str, float, float]]:
    """(phase, median, minimum) CPU seconds of the steps of read_docx_spec."""
    names = ["unzip (container)", "lean, parse + DTD check", "walk (docx.blocks)",
             "layout (docx.layout.read)", "build the model", "free the tree, settle"]
    spent: list[list[float]] = [[] for _ in names]
    clock = time.process_time
    for _ in range(runs):
        marks = [clock()]
        package = read_docx_package(path)
        marks.append(clock())
        root, ns = docx_reader.parse_document(package, lean=True)
        marks.append(clock())
        blocks = docx_reader.document_blocks(package, root, ns)
        marks.append(clock())
        layout = LayoutReader(str(path), ns)
        layout.read(blocks)
        marks.append(clock())
        spec = layout.build()
        marks.append(clock())
        del layout, blocks, root, package, spec
        settle()
        marks.append(clock())
        for phase, (start, end) in enumerate(itertools.pairwise(marks)):
            spent[phase].append(end - start)
    return [(name, statistics.median(t), min(t)) for name, t in zip(names, spent, strict=True)]


def report(title: str, path: Path, runs: int, *, with_python_docx: bool, settled: bool,
           phases: bool) -> None:
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml")
    back = read_docx_spec(path)  # also warms imports and caches
    criteria = sum(len(o.criteria) for u in back.units for o in u.outcomes)
    funcs: list[Callable[[], object]] = [lambda: etree.fromstring(document),
                                         lambda: read_docx_spec(path)]
    if with_python_docx:
        funcs.append(lambda: python_docx_cells(path))
    results = timed(funcs, runs, settled=settled)
    (parse, parse_min), (read, read_min) = results[0], results[1]
    print(f"\n{title}: {len(back.units)} units, {criteria} criteria, "
          f"word/document.xml {len(document):,} bytes")
    print(f"  {'CPU time over ' + str(runs) + ' runs':<40}{'median ms':>10}{'min ms':>10}")
    print(f"  {'lxml parse of word/document.xml':<40}{parse * 1000:>10.1f}"
          f"{parse_min * 1000:>10.1f}")
    print(f"  {'read_docx_spec (everything)':<40}{read * 1000:>10.1f}{read_min * 1000:>10.1f}")
    if with_python_docx:
        docx_time, docx_min = results[2]
        print(f"  {'python-docx, every cell text only':<40}{docx_time * 1000:>10.1f}"
              f"{docx_min * 1000:>10.1f}")
    print(f"  {'ratio read / parse (target <= 2.00)':<40}{read / parse:>10.2f}"
          f"{read_min / parse_min:>10.2f}")
    if phases:
        print("  steps of a read:")
        for name, median, minimum in read_phases(path, runs):
            print(f"    {name:<38}{median * 1000:>10.1f}{minimum * 1000:>10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--no-word-markup", action="store_true",
                        help="Skip the measurement on the document with Word's markup added.")
    parser.add_argument("--no-settle", action="store_true",
                        help="Do not settle the allocator after each timed call (each call "
                             "then pays for the frees of the call timed before it).")
    parser.add_argument("--phases", action="store_true",
                        help="Also time the steps of a read separately.")
    args = parser.parse_args()
    settled = not args.no_settle
    data = write_docx_spec(sixty_five_units())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "spec-65-units.docx"
        path.write_bytes(data)
        report("Written by criteria-checker's DOCX writer", path, args.runs,
               with_python_docx=True, settled=settled, phases=args.phases)
        if not args.no_word_markup:
            word = Path(folder) / "spec-65-units-word-markup.docx"
            word.write_bytes(with_word_markup(data))
            report("The same with Word's markup density (rsids, run formatting)", word,
                   args.runs, with_python_docx=False, settled=settled, phases=args.phases)


if __name__ == "__main__":
    main()
