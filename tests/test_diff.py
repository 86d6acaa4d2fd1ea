"""``criteria-checker diff OLD NEW``: what changed between two versions, in a reviewer's terms."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.diff.compare import compare, match_units
from criteria_checker.diff.render import RENDERERS, render_html, render_text, to_json_data
from criteria_checker.engine.api import check_spec, criteria_for, read_and_check, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.report import Report
from criteria_checker.model.spec import QualificationSpec, Unit
from criteria_checker.readers import read_spec

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
OPTIONS = CheckOptions()


def checked(spec: QualificationSpec) -> tuple[QualificationSpec, Report]:
    return spec, check_spec(spec, criteria=criteria_for(OPTIONS), rules=rules_for(OPTIONS),
                            options=OPTIONS)


def specimen(name: str) -> tuple[QualificationSpec, Report]:
    return read_and_check(SPECIMENS / name, OPTIONS)


# -- exact diffs of specimen pairs -------------------------------------------------------------

CASES = {
    ("conformant.xml", "conformant.docx"): """\
specimens/conformant.xml -> specimens/conformant.docx
verdict: conforms -> conforms
no changes
""",
    ("conformant.xml", "unit-credits-swapped.xml"): """\
specimens/conformant.xml -> specimens/unit-credits-swapped.xml
verdict: conforms -> does not conform

Units:
  H/651/4402: credits: 3 -> 5
  J/651/4403: credits: 5 -> 3

Findings introduced:
  OFQ005 (error) Credit 5 for Unit H/651/4402 does not match TQT 30: TQT/10 rounded is 3 \
[specimens/unit-credits-swapped.xml:24]
  OFQ005 (error) Credit 3 for Unit J/651/4403 does not match TQT 50: TQT/10 rounded is 5 \
[specimens/unit-credits-swapped.xml:47]
""",
    ("duplicate-urn.xml", "conformant.xml"): """\
specimens/duplicate-urn.xml -> specimens/conformant.xml
verdict: does not conform -> conforms

Units:
  J/651/4414 -> K/651/4415 (matched by number): URN: 'J/651/4414' -> 'K/651/4415'

Findings fixed:
  UNT003 (error) Unit reference number J/651/4414 of 'Effective communication' is already \
used by 'Continuous improvement' [specimens/duplicate-urn.xml:419]
""",
}


@pytest.mark.parametrize(("old", "new"), sorted(CASES))
def test_the_text_diff_of_two_specimens_is_exact(old: str, new: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = render_text(compare(read_and_check(Path("specimens") / old, OPTIONS),
                               read_and_check(Path("specimens") / new, OPTIONS)))
    assert text == CASES[(old, new)]


def test_a_lost_topic_shows_as_mappings_lost_coverage_lost_and_a_finding_introduced() -> None:
    diff = compare(specimen("conformant.xml"), specimen("topic-not-covered.xml"))
    assert [m.ref for m in diff.mappings][:2] == ["LMAC5G/HS", "LMAC5G/HS/A.1"]
    assert all(m.gained == [] and m.lost for m in diff.mappings)
    assert diff.mappings[1].lost == ["Y/651/4420, AC 1.1"]
    assert (diff.coverage[0].what, diff.coverage[0].old, diff.coverage[0].new) == (
        "LMAC5G/HS", "covered by a mandatory unit", "not covered")
    assert [f.rule_id for f in diff.introduced] == ["COV001", "RDR003"]
    assert diff.fixed == [] and diff.still_open == []


def test_hours_and_rules_of_combination_changes_are_named() -> None:
    diff = compare(specimen("conformant.xml"), specimen("tqt-above-band.xml"))
    assert [(c.what, c.old, c.new) for c in diff.facts] == [
        ("TQT", "920", "960"), ("GLH", "604", "630"), ("credits", "92", "96")]
    assert [(c.old, c.new) for c in diff.combination] == [
        ("rule: all optional units: at least 92 credits", None),
        ("rule: groups B, C: at least 14 credits", None),
        (None, "rule: all optional units: at least 96 credits"),
        (None, "rule: groups B, C: at least 18 credits")]


# -- matching units: generated edits -----------------------------------------------------------

def _base() -> QualificationSpec:
    return read_spec(SPECIMENS / "conformant.xml")


EDITS = st.lists(st.tuples(st.sampled_from(["renumber-urn", "retitle", "remove", "credit"]),
                           st.integers(min_value=0, max_value=10_000)), max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_units_are_matched_by_urn_then_number_then_title(edits: list[tuple[str, int]]) -> None:
    base = _base()
    units = list(base.units)
    expected_removed: set[str] = set()
    expected_changed: dict[str, set[str]] = {}
    touched: set[int] = set()
    for kind, pick in edits:
        index = pick % len(units)
        if index in touched:
            continue  # one edit per unit keeps the expectation simple
        touched.add(index)
        unit = units[index]
        old_key = base.units[index].key
        if kind == "remove":
            expected_removed.add(old_key)
            units[index] = None  # type: ignore[call-overload]
        elif kind == "renumber-urn":
            units[index] = dataclasses.replace(unit, reference=f"Z/999/{9000 + index}")
            expected_changed[old_key] = {"URN"}
        elif kind == "retitle":
            units[index] = dataclasses.replace(unit, title=unit.title + " (revised)")
            expected_changed[old_key] = {"title"}
        else:
            units[index] = dataclasses.replace(unit, credit=(unit.credit or 0) + 1)
            expected_changed[old_key] = {"credits"}
    new = dataclasses.replace(base, units=[u for u in units if u is not None])
    _, removed, added = match_units(base.units, new.units)
    assert {u.key for u in removed} == expected_removed
    assert added == []
    diff = compare(checked(base), checked(new))
    assert {u.key for u in diff.units_removed} == expected_removed
    assert {u.old_key: {c.what for c in u.changes} for u in diff.units_changed} == \
        expected_changed
    # Renumbering or renaming a unit moves none of its mappings.
    lost = {who.split(",")[0] for m in diff.mappings for who in m.lost}
    assert lost == expected_removed & lost
    assert all(m.gained == [] for m in diff.mappings)


def test_units_sharing_a_title_are_not_guessed_between() -> None:
    one = Unit(title="Same", reference="A/100/0001")
    two = Unit(title="Same", reference="A/100/0002")
    pairs, removed, added = match_units([one, two], [dataclasses.replace(one, reference=None),
                                                     dataclasses.replace(two, reference=None)])
    assert pairs == [] and removed == [one, two] and len(added) == 2


# -- formats ----------------------------------------------------------------------------------

def test_every_format_is_deterministic_and_json_round_trips() -> None:
    diff = compare(specimen("conformant.xml"), specimen("tqt-above-band.xml"))
    for render in RENDERERS.values():
        assert render(diff) == render(diff)
    data = json.loads(RENDERERS["json"](diff))
    assert data == to_json_data(diff)
    assert data["schema"] == "criteria-checker/diff/1"
    assert data["old"] == {"file": str(SPECIMENS / "conformant.xml"), "passed": True}
    assert [f["rule_id"] for f in data["findings"]["introduced"]] == ["HRS001", "OPT004",
                                                                      "OPT004"]


def test_html_escapes_what_the_documents_say() -> None:
    base = _base()
    hostile = dataclasses.replace(base, title="<script>alert(1)</script>")
    page = render_html(compare(checked(base), checked(hostile)))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>")


# -- the command ---------------------------------------------------------------------------------

def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "criteria_checker", "diff", *args],
                          capture_output=True, text=True, cwd=cwd, check=False, timeout=120)


def test_the_command_exits_0_whatever_the_differences() -> None:
    done = run("specimens/conformant.xml", "specimens/tqt-above-band.docx", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"]["passed"] is False


@pytest.mark.parametrize(("args", "message"), [
    (["missing.xml", "specimens/conformant.xml"], "missing.xml: no such file"),
    (["specimens/conformant.xml", "README.md"],
     "README.md: is neither a Word .docx document, a web page nor a specification XML file"),
])
def test_an_unreadable_side_is_a_one_line_error_and_exit_2(args: list[str], message: str,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "diff.txt"
    done = run(*args, "--output", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("criteria-checker: error: ")
    assert done.stderr == f"criteria-checker: error: {message}\n"
    assert not out.exists()


def test_output_goes_to_a_file_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "diff.html"
    done = run("specimens/conformant.xml", "specimens/duplicate-urn.docx", "--format", "html",
               "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "matched by number" in out.read_text("utf-8")
