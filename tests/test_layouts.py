"""The DOCX reader recovers a specification exactly, whatever its layout.

The generator in tests/layouts/ composes 20 independent layout dimensions
(key facts in tables, lines, cells of their own, stacked or sentences, and
their labels, title placement, unit list, group headings (the label before
or after the kind), rules-of-combination phrasing (or a table), unit header
(tables, lines, a sentence, or the unit's heading as its table's first row),
unit heading and its style, unit labels, grid columns, outcome cells (or
outcomes and criteria labelled in a first column, as facts are, or a cell
per outcome holding its criteria below it, or each outcome under a heading
of its own over a table of its criteria), grid
header (or none, or two rows), grid split (the rest perhaps under the unit's heading
again), numbering, mapping placement, reference spelling and listing, NOS
codes, guidance keyed to a unit's numbers after its grid or in an appendix)
and 12 kinds of extra matter (cover page, contents field as a complex or a
simple field, change log, page header and footer, content controls around
paragraphs and cells or inside paragraphs, tracked changes, an unrelated
table, a key to the unit pages, a column naming the unit in each grid,
notes under labels of their own among a grid's rows) over
a random valid specification, and writes it with python-docx,
LibreOffice or pandoc, or as a web export does: a web page embedded whole in
a .docx for Word to convert (w:altChunk). Each writer draws only the values
it can express:

- python-docx: 1,332,548,935,719,321,600 distinct layouts (10,259 pairs of values);
- LibreOffice: 333,137,233,929,830,400 (9,683 pairs);
- pandoc: 14,827,580,661,196,800 (8,087 pairs), the values all three tools share;
- web export: 3,706,895,165,299,200 (7,575 pairs); the same pages are also read
  as web pages saved on their own (HTML and single-file MHT).

A run of this module reads 40 + 15 + 15 hypothesis layouts (python-docx,
pandoc, web export), 24 fixed layouts written by all three tools (72
documents; they put together 4,923 of the 8,087 pairs of shared values),
the same 24 seeds drawn from the web export's own range, 8 of them also
saved as pages (HTML and MHT), 8 of the LibreOffice files as Word XML
Documents (the whole .docx in one XML file), the conformant base specimen
in 48 layouts (24 python-docx, 8 pandoc, 8 LibreOffice ones that put
together 2,952 of LibreOffice's pairs, 8 web exports) and 5 single-defect
specimens in random layouts: 243 documents, in about 55 seconds on two cores, 10 of them for
the two remakes of the LibreOffice files when LibreOffice 7.4 is installed.

Each test asserts the exact reading (facts, groups, rules of combination,
units, outcomes, criteria and the canonical references on each) or, for the
specimens, the exact findings; a failure lists the first differences and the
layout, and a hypothesis failure is also cut down to the values that fail
together, with the command that writes it again. Reproduce and survey by
hand, from the repository root::

    .venv/bin/python -m tests.layouts --seed 7 --writer pandoc --out /tmp/layouts
    .venv/bin/python -m tests.layouts --seed 0 --layout '{"title": "cover"}' --out /tmp/layouts
    .venv/bin/python -m tests.layouts --survey 200 --writer python-docx
    .venv/bin/python -m tests.layouts.remake --check

Hypothesis runs derandomized without a database, so CI sees the same layouts
every time.
"""

from __future__ import annotations

import collections
import functools
import io
import json
import random
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from layouts import Sample, failures, minimise, read_bytes, sample, sample_from_seed, write
from layouts.compare import differences, expected_json, explain
from layouts.dimensions import (
    DIMENSIONS,
    EXCLUDED,
    EXTRAS,
    WRITERS,
    Layout,
    Writer,
    common_values,
    draw_layout,
    excluded_by,
    layout_count,
    layouts,
    one_value_layouts,
    possible,
    possible_pairs,
    value_pairs,
    values_for,
)
from layouts.ir import Document, para
from layouts.remake import (
    BASE_SEEDS,
    FIXED_SEEDS,
    FIXTURES,
    MANIFEST,
    differing,
    fixed_layout,
    fixed_sample,
    remake,
)
from layouts.specgen import base_generated, criteria, random_spec, specimen_module
from layouts.survey import reproduce
from layouts.write_flat import flat_opc
from layouts.write_web import mht, web_page
from layouts.writers import UnsupportedLayout, check_supported

from criteria_checker.engine.api import check_spec, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.report import Report
from criteria_checker.model.spec import LearningOutcome, Mapping, QualificationSpec
from criteria_checker.readers import read_spec

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_DATA: dict[str, Any] = json.loads((FIXTURES / MANIFEST).read_text(encoding="utf-8"))
LIBREOFFICE_FILES = MANIFEST_DATA["files"]
#: Single-defect specimens laid out in random layouts, and the seed of each layout.
DEFECTS = {"tqt-above-band": 9001, "topic-not-covered": 9002, "title-near-miss": 9003,
           "qualification-number-check-character": 9004, "duplicate-urn": 9005}
PANDOC_BASE_SEEDS = FIXED_SEEDS[:8]

# No shrinking: hypothesis would spend minutes over 21 dimensions. A failure is cut
# down by minimise() instead, one dimension at a time, in a few seconds.
PROFILE = settings(deadline=None, derandomize=True, database=None, report_multiple_bugs=False,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def assert_recovered(item: Sample, data: bytes, *, minimise_failure: bool = False) -> None:
    """The reading is exact; else say how, for the layout cut down to what still fails."""
    found = failures(item, data)
    if found and minimise_failure:
        smallest, smallest_found = minimise(item)
        pytest.fail(explain_minimised(item, found, smallest, smallest_found), pytrace=False)
    assert not found, explain(item.layout.describe(), found, item.writer)


def explain_minimised(item: Sample, found: list[str], smallest: Sample,
                      smallest_found: list[str]) -> str:
    lines = [explain(item.layout.describe(), found, item.writer), "",
             "cut down to the values that still fail together (the rest set back to the "
             "default layout):", f"  {reproduce(smallest)}"]
    lines += [f"  - {d}" for d in smallest_found]
    return "\n".join(lines)


def check(spec: QualificationSpec) -> Report:
    options = CheckOptions()
    return check_spec(spec, criteria=criteria(), rules=rules_for(options), options=options)


def findings_text(report: Report) -> str:
    return "\n".join(f"  {f.rule_id} {f.severity}: {f.message}" for f in report.findings[:15])


# -- hypothesis: random layouts over random specifications ---------------------------------


@settings(PROFILE, max_examples=40)
@given(layout=layouts("python-docx"), seed=st.integers(0, 2**32 - 1))
def test_python_docx_layouts_read_back_exactly(layout: Layout, seed: int) -> None:
    item = sample(layout, random_spec(random.Random(seed), layout), "python-docx", seed)
    assert_recovered(item, write(item), minimise_failure=True)


@settings(PROFILE, max_examples=15)
@given(layout=layouts("pandoc"), seed=st.integers(0, 2**32 - 1))
def test_pandoc_layouts_read_back_exactly(layout: Layout, seed: int) -> None:
    item = sample(layout, random_spec(random.Random(seed), layout), "pandoc", seed)
    assert_recovered(item, write(item), minimise_failure=True)


@settings(PROFILE, max_examples=15)
@given(layout=layouts("web"), seed=st.integers(0, 2**32 - 1))
def test_web_export_layouts_read_back_exactly(layout: Layout, seed: int) -> None:
    item = sample(layout, random_spec(random.Random(seed), layout), "web", seed)
    assert_recovered(item, write(item), minimise_failure=True)


# -- web exports: a page embedded in a .docx, or saved on its own ---------------------------


@pytest.mark.parametrize("seed", FIXED_SEEDS)
def test_web_export_reads_back_exactly(seed: int) -> None:
    item = sample_from_seed(seed, "web")
    assert_recovered(item, write(item))


@pytest.mark.parametrize("form", ["htm", "mht"])
@pytest.mark.parametrize("seed", FIXED_SEEDS[:8])
def test_web_page_saved_on_its_own_reads_back_exactly(seed: int, form: str,
                                                      tmp_path: Path) -> None:
    item = sample_from_seed(seed, "web")
    page = web_page(item.document)
    path = tmp_path / f"spec.{form}"
    path.write_bytes(page.encode("utf-8") if form == "htm" else mht(page))
    found = differences(item.expected, read_spec(path))
    assert not found, explain(item.layout.describe(), found, "web")


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["file"]) for e in LIBREOFFICE_FILES
                                   if e["spec"] == "random"][:8])
def test_a_word_xml_document_reads_as_its_docx(entry: dict[str, Any], tmp_path: Path) -> None:
    """Word's "Word XML Document": the same parts in one XML file, from LibreOffice's .docx."""
    item = fixed_sample(entry["seed"], "libreoffice", entry["spec"])
    path = tmp_path / "spec.xml"
    path.write_bytes(flat_opc((FIXTURES / entry["file"]).read_bytes()))
    found = differences(item.expected, read_spec(path))
    assert not found, explain(item.layout.describe(), found, "libreoffice")


@pytest.mark.parametrize("seed", FIXED_SEEDS[8:16])
def test_conformant_specimen_in_a_web_export_gives_no_findings(seed: int) -> None:
    layout = draw_layout(random.Random(seed), "web")
    item = sample(layout, base_generated(layout), "web", seed)
    _assert_no_findings(item, write(item))


# -- the fixed layouts, written by all three writers ------------------------------------------


@pytest.mark.parametrize("writer", ["python-docx", "pandoc"])
@pytest.mark.parametrize("seed", FIXED_SEEDS)
def test_fixed_layout_reads_back_exactly(seed: int, writer: Writer) -> None:
    item = fixed_sample(seed, writer)
    assert_recovered(item, write(item))


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["file"]) for e in LIBREOFFICE_FILES])
def test_libreoffice_file_reads_back_exactly(entry: dict[str, Any]) -> None:
    item = fixed_sample(entry["seed"], "libreoffice", entry["spec"])
    assert_recovered(item, (FIXTURES / entry["file"]).read_bytes())


def test_manifest_is_what_the_generator_draws() -> None:
    """The committed layouts and expected readings are those the seeds draw today."""
    assert [(e["seed"], e["spec"]) for e in LIBREOFFICE_FILES] == \
        [(s, "random") for s in FIXED_SEEDS] + [(s, "base") for s in BASE_SEEDS]
    for entry in LIBREOFFICE_FILES:
        item = fixed_sample(entry["seed"], "libreoffice", entry["spec"])
        assert entry["layout"] == item.layout.to_json(), entry["file"]
        assert entry["wording"] == item.choices, entry["file"]
        if "expected" in entry:
            committed = json.loads((FIXTURES / entry["expected"]).read_text(encoding="utf-8"))
            assert committed == json.loads(json.dumps(expected_json(item.expected))), \
                entry["file"]


def test_fixture_folder_holds_exactly_the_manifest() -> None:
    listed = {e["file"] for e in LIBREOFFICE_FILES}
    listed |= {e["expected"] for e in LIBREOFFICE_FILES if "expected" in e}
    assert {p.name for p in FIXTURES.iterdir()} == listed | {MANIFEST}


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["file"]) for e in LIBREOFFICE_FILES])
def test_libreoffice_files_carry_libreoffice_xml(entry: dict[str, Any]) -> None:
    """Every part of these files is LibreOffice's: the reader is proven on XML it did not expect."""
    with zipfile.ZipFile(FIXTURES / entry["file"]) as archive:
        app = archive.read("docProps/app.xml").decode("utf-8")
    assert f"LibreOffice/{MANIFEST_DATA['libreoffice']}" in app


@functools.cache
def _installed_libreoffice() -> str | None:
    if shutil.which("soffice") is None:
        return None
    done = subprocess.run(["soffice", "--version"], capture_output=True, text=True,
                          timeout=120, check=False)
    match = re.search(r"LibreOffice (\d+(?:\.\d+)+)", done.stdout)
    return match.group(1) if match else None


@pytest.mark.slow
def test_committed_libreoffice_files_are_a_fresh_remake(tmp_path: Path) -> None:
    """Remade twice, byte for byte the same, and the same as the committed files."""
    version = _installed_libreoffice()
    if version != MANIFEST_DATA["libreoffice"]:
        pytest.skip(f"needs LibreOffice {MANIFEST_DATA['libreoffice']} (found {version})")
    remake(tmp_path / "first")
    remake(tmp_path / "second")
    assert differing(tmp_path / "first", tmp_path / "second") == []
    assert differing(tmp_path / "first", FIXTURES) == [], \
        "run .venv/bin/python -m tests.layouts.remake and commit tests/fixtures/layouts/"


# -- the conformant base specimen and single defects ------------------------------------------


def _assert_no_findings(item: Sample, data: bytes) -> None:
    report = check(read_bytes(data))
    assert report.findings == [], (
        f"the conformant specimen gives findings ({item.writer} writer):\n"
        f"{findings_text(report)}\nlayout:\n{item.layout.describe()}")


@pytest.mark.parametrize("seed", FIXED_SEEDS)
def test_conformant_specimen_in_fixed_layout_gives_no_findings(seed: int) -> None:
    layout = fixed_layout(seed, "python-docx")
    item = sample(layout, base_generated(layout), "python-docx", seed)
    _assert_no_findings(item, write(item))


@pytest.mark.parametrize("seed", PANDOC_BASE_SEEDS)
def test_conformant_specimen_in_fixed_layout_gives_no_findings_with_pandoc(seed: int) -> None:
    layout = fixed_layout(seed, "pandoc")
    item = sample(layout, base_generated(layout), "pandoc", seed)
    _assert_no_findings(item, write(item))


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["file"]) for e in LIBREOFFICE_FILES
                                   if e["spec"] == "base"])
def test_conformant_libreoffice_file_gives_no_findings(entry: dict[str, Any]) -> None:
    item = fixed_sample(entry["seed"], "libreoffice", "base")
    _assert_no_findings(item, (FIXTURES / entry["file"]).read_bytes())


@functools.cache
def _specimen_table() -> dict[str, Any]:
    table = yaml.safe_load((ROOT / "specimens" / "specimens.yaml").read_text(encoding="utf-8"))
    return {entry["name"]: entry for entry in table["specimens"]}


@pytest.mark.parametrize(("name", "seed"), DEFECTS.items())
def test_single_defect_in_random_layout_gives_exactly_its_findings(name: str, seed: int) -> None:
    defects = specimen_module("specimen_defects")
    spec = getattr(defects, name.replace("-", "_"))(criteria())
    # Two units under one reference: a mapping appendix naming units by it names neither
    # for certain (the reader says so and counts none of its rows), so the defect's own
    # finding is exact only where each unit carries its mappings.
    allowed = {"mapping": [value for value in DIMENSIONS["mapping"]
                           if not value.startswith(("appendix", "tick"))]} \
        if name == "duplicate-urn" else None
    layout = draw_layout(random.Random(seed), "python-docx", allowed)
    item = sample(layout, base_generated(layout, spec), "python-docx", seed)
    report = check(read_bytes(write(item)))
    found = collections.Counter((f.rule_id, f.severity) for f in report.findings)
    expected = {(f["rule"], f["severity"]): f["count"] for f in _specimen_table()[name]["findings"]}
    assert dict(found) == expected, (
        f"{name} gives other findings than specimens.yaml lists:\n{findings_text(report)}\n"
        f"layout:\n{layout.describe()}")


# -- the generator itself ---------------------------------------------------------------------


def test_the_default_layout_is_each_dimensions_first_value() -> None:
    default = Layout()
    assert {n: getattr(default, n) for n in DIMENSIONS} == \
        {n: next(iter(values)) for n, values in DIMENSIONS.items()}
    assert all(possible(default, w) for w in WRITERS)


def test_every_value_is_drawn_for_some_writer_and_alone() -> None:
    for name, values in DIMENSIONS.items():
        for value in values:
            assert any(value in values_for(w)[name] for w in WRITERS), (name, value)
    single = {(d, v) for d, v, _ in one_value_layouts("python-docx")}
    assert single >= {(n, v) for n, vs in DIMENSIONS.items() for v in vs
                      if v != getattr(Layout(), n)}


def test_exclusions_name_real_values() -> None:
    for condition, reason in EXCLUDED:
        assert reason
        for name, value in condition.items():
            for v in value if isinstance(value, tuple) else (value,):
                assert v in DIMENSIONS[name], (name, v)


def test_drawn_layouts_are_possible_for_their_writer() -> None:
    for writer in WRITERS:
        for seed in range(50):
            layout = draw_layout(random.Random(seed), writer)
            assert possible(layout, writer) and excluded_by(layout) is None


@settings(PROFILE, max_examples=150)
@given(writer=st.sampled_from(WRITERS), data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_every_drawn_layout_composes_into_what_its_writer_can_write(
        writer: Writer, data: st.DataObject, seed: int) -> None:
    layout = data.draw(layouts(writer))
    item = sample(layout, random_spec(random.Random(seed), layout), writer, seed)
    check_supported(item.document, writer)


def test_writers_refuse_what_they_cannot_write() -> None:
    document = Document(body=(para("Key facts"),), header=(para("Title"),))
    check_supported(document, "libreoffice")
    with pytest.raises(UnsupportedLayout, match="page-header"):
        check_supported(document, "pandoc")


@pytest.mark.parametrize("writer", ["python-docx", "pandoc", "web"])
def test_writers_are_deterministic(writer: Writer) -> None:
    # (The web export draws from its own range: a web page holds no fields.)
    item = sample_from_seed(FIXED_SEEDS[1], writer) if writer == "web" else \
        fixed_sample(FIXED_SEEDS[1], writer)
    assert write(item) == write(item)


def test_the_comparison_names_the_first_difference() -> None:
    item = fixed_sample(FIXED_SEEDS[0], "python-docx")
    spec = item.expected
    assert differences(spec, spec) == []
    unit = spec.units[0]
    outcome = unit.outcomes[0]
    changed = replace(outcome.criteria[0], **{"text": "Something else"})
    outcomes = [replace(outcome, **{"criteria": [changed, *outcome.criteria[1:]]}),
                *unit.outcomes[1:]]
    read = replace(spec, **{"units": [replace(unit, **{"outcomes": outcomes}),
                                             *spec.units[1:]]})
    number = outcome.criteria[0].number
    assert differences(spec, read) == [
        f"unit {unit.number} ({unit.reference}): outcome {outcome.number}: criterion {number}: "
        f"expected {number!r} {outcome.criteria[0].text!r}, read {number!r} 'Something else'"]


@pytest.mark.parametrize("criteria", [1, 2])
def test_references_on_an_outcome_of_one_criterion_compare_with_the_criterion(
        criteria: int) -> None:
    # On the row an outcome shares with its only criterion, either reading is the
    # same claim; with two criteria, where the references sit is a difference.
    spec = fixed_sample(FIXED_SEEDS[0], "python-docx").expected
    unit = spec.units[0]
    outcome = unit.outcomes[0]
    kept = [replace(c, **{"mappings": []}) for c in outcome.criteria[:criteria]]
    refs = [Mapping(raw="LMAC5A/LM/A.1", ref="LMAC5A/LM/A.1")]
    on_outcome = replace(outcome, **{"mappings": refs, "criteria": kept})
    on_criterion = replace(outcome, **{"mappings": [], "criteria": [
        replace(kept[0], **{"mappings": refs}), *kept[1:]]})

    def with_outcome(chosen: LearningOutcome) -> QualificationSpec:
        return replace(spec, **{"units": [replace(unit, **{"outcomes": [chosen]}),
                                          *spec.units[1:]]})

    found = differences(with_outcome(on_outcome), with_outcome(on_criterion))
    assert (found == []) == (criteria == 1), found


def test_this_docstring_states_the_current_counts() -> None:
    doc = " ".join((__doc__ or "").split())
    assert f"composes {len(DIMENSIONS)} independent layout dimensions" in doc
    assert f"and {len(EXTRAS)} kinds of extra matter" in doc
    for writer in WRITERS:
        assert f"{layout_count(writer):,}" in doc, writer
        assert f"{len(possible_pairs(writer)):,} pairs" in doc, writer
    shared = possible_pairs("pandoc", common_values())
    covered = value_pairs([fixed_layout(s) for s in FIXED_SEEDS]) & shared
    assert f"{len(covered):,} of the {len(shared):,} pairs of shared values" in doc
    base = value_pairs([fixed_layout(s, base=True) for s in BASE_SEEDS])
    assert f"{len(base & possible_pairs('libreoffice')):,} of LibreOffice's pairs" in doc


def test_command_line_writes_a_layout_and_its_expected_reading(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.layouts", "--seed", "3", "--writer", "python-docx",
         "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, timeout=300,
        check=False)
    assert done.returncode in (0, 1), done.stderr
    stem = tmp_path / "layout-3-python-docx"
    layout = json.loads(stem.with_suffix(".layout.json").read_text(encoding="utf-8"))
    assert layout["layout"] == draw_layout(random.Random(3), "python-docx").to_json()
    assert json.loads(stem.with_suffix(".expected.json").read_text(encoding="utf-8"))["units"]
    with zipfile.ZipFile(io.BytesIO(stem.with_suffix(".docx").read_bytes())) as archive:
        assert "word/document.xml" in archive.namelist()
