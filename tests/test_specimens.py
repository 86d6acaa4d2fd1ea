"""The specimens: every file in specimens/ is read and checked exactly as specimens.yaml says.

- each specimen reads into the model its row describes (title, hours, unit counts, ...);
- each gives exactly the findings its row lists (rule, severity, count, messages where
  given) and no others; the conformant ones give no errors;
- every file in specimens/ is in the table, and the table matches build.py;
- build.py rebuilds the generated files, README included, byte for byte;
- LibreOffice's re-saved DOCX files read exactly like the files they were made from.

Files the reader misreads today are marked in the table; their tests are strict expected
failures, so they turn green (and then fail as XPASS) once the reader is fixed.
"""

from __future__ import annotations

import collections
import functools
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from criteria_checker.engine.api import check_file, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.data import to_data
from criteria_checker.model.report import Report
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers import read_spec

SPECIMENS = Path(__file__).resolve().parent.parent / "specimens"
TABLE: dict[str, Any] = yaml.safe_load((SPECIMENS / "specimens.yaml").read_text(encoding="utf-8"))
ENTRY_KEYS = {"name", "shows", "files", "reading", "findings"}
FILE_KEYS = {"file", "format", "producer", "source", "misread", "xfail", "grid"}
PRODUCERS = {"xml": {"XML writer"}, "docx": {"python-docx", "LibreOffice"}}
#: Files in specimens/ that are tooling, not specimens or their sources.
TOOLING = {"README.md", "specimens.yaml", "build.py", "specimen_base.py", "specimen_defects.py",
           "specimen_foreign.py"}


def _files() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(entry, f) for entry in TABLE["specimens"] for f in entry["files"]]


def _params(test: str) -> list[Any]:
    """One parameter per specimen file, marked as an expected failure where it is misread."""
    params = []
    for entry, f in _files():
        marks = []
        if test in f.get("xfail", []):
            marks.append(pytest.mark.xfail(strict=True, reason=" ".join(f["misread"].split())))
        params.append(pytest.param(entry, f, id=f["file"], marks=marks))
    return params


@functools.cache
def _read(name: str) -> QualificationSpec:
    return read_spec(SPECIMENS / name)


@functools.cache
def _check(name: str) -> Report:
    return check_file(SPECIMENS / name)


def reading_of(spec: QualificationSpec) -> dict[str, Any]:
    """What specimens.yaml says about how a file reads (see its header for the keys)."""
    return {
        "awarding_organisation": spec.awarding_organisation,
        "title": spec.title,
        "qualification_number": spec.qualification_number,
        "level": spec.level,
        "tqt": spec.tqt,
        "glh": spec.glh,
        "credits": spec.credits,
        "criteria_set": spec.criteria_set,
        "groups": len(spec.groups),
        "units": len(spec.units),
        "mandatory_units": len(spec.units_in("mandatory")),
        "optional_units": len(spec.units_in("optional")),
        "outcomes": sum(len(u.outcomes) for u in spec.units),
        "criteria": sum(len(o.criteria) for u in spec.units for o in u.outcomes),
        "mappings": sum(1 for u in spec.units for _ in u.all_mappings()),
        "rules": len(spec.combination.rules),
        "pathways": len(spec.combination.pathways),
        "barred": len(spec.combination.barred),
        "unread": len(spec.combination.unread),
        "rationale": spec.rationale is not None,
        "supersedes": len(spec.supersedes),
    }


def expected_reading(entry: dict[str, Any]) -> dict[str, Any]:
    return {**TABLE["defaults"]["reading"], **entry.get("reading", {})}


@pytest.mark.parametrize(("entry", "file"), _params("reading"))
def test_specimen_reads_as_described(entry: dict[str, Any], file: dict[str, Any]) -> None:
    spec = _read(file["file"])
    assert spec.format == file["format"]
    assert reading_of(spec) == expected_reading(entry)


@pytest.mark.parametrize(("entry", "file"), _params("findings"))
def test_specimen_gives_exactly_its_findings(entry: dict[str, Any], file: dict[str, Any]) -> None:
    report = _check(file["file"])
    found = collections.Counter((f.rule_id, f.severity) for f in report.findings)
    expected = {(f["rule"], f["severity"]): f["count"] for f in entry["findings"]}
    assert dict(found) == expected
    for finding in entry["findings"]:
        wanted = finding.get("messages") or ([finding["message"]] if "message" in finding else [])
        if wanted:
            messages = sorted(f.message for f in report.findings if f.rule_id == finding["rule"])
            assert messages == sorted(wanted)
    assert report.passed == (not any(f["severity"] == "error" for f in entry["findings"]))


@pytest.mark.parametrize(
    ("entry", "file"),
    [p for p in _params("findings") if p.values[0]["name"].startswith("conformant")])
def test_conformant_specimens_give_no_errors(entry: dict[str, Any], file: dict[str, Any]) -> None:
    report = _check(file["file"])
    assert [f.message for f in report.findings if f.severity == "error"] == []
    assert report.passed


def test_main_job_command_checks_bundled_specimens() -> None:
    """`criteria-checker check` on the bundled specimens, as the README shows it."""
    def check(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "criteria_checker", "check",
                               str(SPECIMENS / name)], capture_output=True, text=True,
                              check=False, timeout=120)

    conformant = check("conformant.docx")
    assert (conformant.returncode, conformant.stderr) == (0, "")
    assert "CONFORMANT" in conformant.stdout
    failing = check("optional-only-coverage.docx")
    assert failing.returncode == 1
    assert "COV002" in failing.stdout and "COV004" in failing.stdout


# -- the table itself ------------------------------------------------------------------


def test_table_is_well_formed() -> None:
    names = [entry["name"] for entry in TABLE["specimens"]]
    assert len(names) == len(set(names))
    reading_keys = set(TABLE["defaults"]["reading"])
    for entry, f in _files():
        assert set(entry) <= ENTRY_KEYS and {"name", "shows", "files", "findings"} <= set(entry)
        assert set(entry.get("reading", {})) <= reading_keys, entry["name"]
        assert set(f) <= FILE_KEYS, f["file"]
        assert f["file"].endswith(f".{f['format']}")
        assert f["producer"] in PRODUCERS[f["format"]], f["file"]
        assert (f["producer"] == "LibreOffice") == ("source" in f), f["file"]
        assert ("misread" in f) == ("xfail" in f), f["file"]
        assert set(f.get("xfail", [])) <= {"reading", "findings"}
        for finding in entry["findings"]:
            assert set(finding) <= {"rule", "severity", "count", "message", "messages"}
            assert finding["count"] == len(finding.get("messages", [])) or \
                "messages" not in finding


def test_every_rule_is_shown_by_a_specimen() -> None:
    shown = {f["rule"] for entry in TABLE["specimens"] for f in entry["findings"]}
    assert shown == {rule.id for rule in rules_for(CheckOptions()).rules}


def test_every_file_in_specimens_is_listed() -> None:
    listed = {f["file"] for _, f in _files()} | {f["grid"] for _, f in _files() if "grid" in f}
    sources = {f["source"] for _, f in _files() if "source" in f}
    present = {p.relative_to(SPECIMENS).as_posix() for p in SPECIMENS.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert present - TOOLING == listed | sources
    assert sources <= present


def test_the_table_and_build_py_name_the_same_files() -> None:
    build = _build_module()
    generated = {f"{s.name}.{fmt}" for s in build.SPECIMENS for fmt in s.formats}
    grids = {f"{s.name}.mapping.csv" for s in build.SPECIMENS if s.grid is not None}
    assert grids == {f["grid"] for _, f in _files() if "grid" in f}
    made_by_libreoffice = {s.file: s.source for s in build.FOREIGN}
    for _, f in _files():
        if f["producer"] == "LibreOffice":
            assert made_by_libreoffice.pop(f["file"]) == f["source"]
        else:
            generated.remove(f["file"])
    assert (generated, made_by_libreoffice) == (set(), {})


# -- rebuilding ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("specimens_build", SPECIMENS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_build_py_rebuilds_the_generated_files_byte_for_byte(tmp_path: Path) -> None:
    written = _build_module().build(tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert len(names) == len(set(names))
    libreoffice = {f["file"] for _, f in _files() if f["producer"] == "LibreOffice"}
    expected = ({f["file"] for _, f in _files()} - libreoffice) \
        | {f["source"] for _, f in _files() if f.get("source", "").startswith("sources/")} \
        | {f["grid"] for _, f in _files() if "grid" in f} | {"README.md"}
    assert set(names) == expected
    differ = [n for n in names if (tmp_path / n).read_bytes() != (SPECIMENS / n).read_bytes()]
    assert differ == [], "run .venv/bin/python specimens/build.py and commit the result"


def test_readme_is_generated_from_the_table() -> None:
    build = _build_module()
    assert (SPECIMENS / "README.md").read_text(encoding="utf-8") == \
        build.render_readme(build.load_table())


# -- LibreOffice -------------------------------------------------------------------------


def _without_locations(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_locations(v) for k, v in value.items()
                if k not in ("location", "fact_locations", "file")}
    if isinstance(value, list):
        return [_without_locations(v) for v in value]
    return value


@pytest.mark.parametrize(
    "file", [pytest.param(f, id=f["file"]) for _, f in _files()
             if f["producer"] == "LibreOffice" and not f["source"].startswith("sources/")])
def test_libreoffice_round_trip_reads_like_its_source(file: dict[str, Any]) -> None:
    resaved = _without_locations(to_data(_read(file["file"])))
    original = _without_locations(to_data(_read(file["source"])))
    assert resaved == original


@pytest.mark.parametrize(
    "file", [pytest.param(f, id=f["file"]) for _, f in _files()
             if f["producer"] == "LibreOffice"])
def test_libreoffice_files_carry_libreoffice_xml(file: dict[str, Any]) -> None:
    """The DOCX was written by LibreOffice, not by python-docx: the reader is proven on it."""
    import zipfile

    with zipfile.ZipFile(SPECIMENS / file["file"]) as archive:
        app = archive.read("docProps/app.xml").decode("utf-8")
    assert "LibreOffice" in app
