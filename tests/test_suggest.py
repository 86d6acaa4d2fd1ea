"""criteria-checker suggest: the four formats, their safety, and bad input.

The specification is the conformant one with the optional units taken out
and one safeguarding criterion's mapping removed (with the unit's own code),
so exactly one criterion is unmapped and one item unclaimed.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from fixtures.specs.patching import patched_spec

from criteria_checker.cli import main
from criteria_checker.engine.api import criteria_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.reporters.suggestions import render_csv, render_json, render_text
from criteria_checker.similarity.suggest import (
    MIN_SCORE,
    Candidate,
    CriterionCandidate,
    Suggestion,
    Suggestions,
    Unclaimed,
    suggest,
)
from criteria_checker.writers.xml_writer import write_xml_spec

OPTIONAL_UNITS = ("H/650/2201", "H/650/2202", "H/650/2203", "H/650/2204")
SG_A6 = "units[H/650/2108].outcomes[0].criteria[5]"


def one_gap(*extra: dict[str, Any]) -> QualificationSpec:
    return patched_spec([*({"delete": f"units[{urn}]"} for urn in OPTIONAL_UNITS),
                         {"delete": f"{SG_A6}.mappings"}, {"delete": "units[H/650/2108].mappings"},
                         *extra])


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


@pytest.fixture
def spec_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "spec.xml").write_bytes(write_xml_spec(one_gap()))
    monkeypatch.chdir(tmp_path)
    return "spec.xml"


EXPECTED_JSON = {
    "suggestions": [
        {"unit": "H/650/2108", "criterion": "1.6",
         "text": "own role in leading a response to suspected or disclosed abuse or neglect",
         "candidates": [{"ref": "LMAC5C/SG/A.6", "score": 1.0},
                        {"ref": "LMAC5C/SG/A.8", "score": 0.243},
                        {"ref": "LMAC5A/LM/A.3", "score": 0.217}]},
    ],
    "unclaimed": [
        {"ref": "LMAC5C/SG/A.6",
         "candidates": [{"unit": "H/650/2108", "criterion": "1.6", "score": 1.0},
                        {"unit": "H/650/2108", "criterion": "1.8", "score": 0.271},
                        {"unit": "H/650/2102", "criterion": "2.2", "score": 0.229}]},
    ],
}


def test_json_is_the_documented_shape(capsys: pytest.CaptureFixture[str],
                                      spec_file: str) -> None:
    code, out, err = run_cli(capsys, "suggest", "--format", "json", spec_file)
    assert (code, err) == (0, "")
    assert json.loads(out) == EXPECTED_JSON


def test_the_same_input_gives_the_same_bytes(capsys: pytest.CaptureFixture[str],
                                             spec_file: str) -> None:
    for fmt in ("text", "json", "csv"):
        first = run_cli(capsys, "suggest", "--format", fmt, spec_file)
        assert run_cli(capsys, "suggest", "--format", fmt, spec_file) == first


def test_text_lists_both(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    code, out, _ = run_cli(capsys, "suggest", spec_file)
    assert code == 0
    assert out.splitlines() == [
        "Assessment criteria without a mapping: 1",
        "  H/650/2108 AC 1.6 'own role in leading a response to suspected or disclosed abuse "
        "or...'",
        "      LMAC5C/SG/A.6    1.000  own role in leading a response to suspected or "
        "disclosed abuse or...",
        "      LMAC5C/SG/A.8    0.243  issues relating to consent to share information and "
        "own...",
        "      LMAC5A/LM/A.3    0.217  how theoretical models can be used in own leadership",
        "",
        "Criteria items nothing claims: 1",
        "  LMAC5C/SG/A.6 'own role in leading a response to suspected or disclosed abuse or...'",
        "      H/650/2108 AC 1.6  1.000  'own role in leading a response to suspected or "
        "disclosed abuse or...'",
        "      H/650/2108 AC 1.8  0.271  'issues relating to consent to share information and "
        "own...'",
        "      H/650/2102 AC 2.2  0.229  'own role in applying, leading and evaluating own "
        "service's...'",
    ]


def test_candidates_can_be_fewer(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    code, out, _ = run_cli(capsys, "suggest", "--format", "json", "-n", "1", spec_file)
    assert code == 0
    data = json.loads(out)
    assert [len(s["candidates"]) for s in data["suggestions"] + data["unclaimed"]] == [1, 1]


def test_csv_has_a_row_per_candidate(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    code, out, _ = run_cli(capsys, "suggest", "--format", "csv", spec_file)
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0] == ["list", "unit", "criterion", "text", "rank", "ref", "item", "score"]
    assert [(r[0], r[1], r[2], r[4], r[5], r[7]) for r in rows[1:]] == [
        ("suggestion", "H/650/2108", "1.6", "1", "LMAC5C/SG/A.6", "1.0"),
        ("suggestion", "H/650/2108", "1.6", "2", "LMAC5C/SG/A.8", "0.243"),
        ("suggestion", "H/650/2108", "1.6", "3", "LMAC5A/LM/A.3", "0.217"),
        ("unclaimed", "H/650/2108", "1.6", "1", "LMAC5C/SG/A.6", "1.0"),
        ("unclaimed", "H/650/2108", "1.8", "2", "LMAC5C/SG/A.6", "0.271"),
        ("unclaimed", "H/650/2102", "2.2", "3", "LMAC5C/SG/A.6", "0.229"),
    ]


FORMULA = "=HYPERLINK(\"http://example.invalid\", \"abuse or neglect\")"


@pytest.fixture
def formula_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    spec = one_gap({"set": f"{SG_A6}.text", "value": FORMULA},
                   {"set": "units[H/650/2108].outcomes[0].criteria[6].text",
                    "value": "@SUM(1+1)"})
    (tmp_path / "formula.xml").write_bytes(write_xml_spec(spec))
    monkeypatch.chdir(tmp_path)
    return "formula.xml"


def test_csv_cells_never_become_formulas(capsys: pytest.CaptureFixture[str],
                                         formula_file: str) -> None:
    _, out, _ = run_cli(capsys, "suggest", "--format", "csv", formula_file)
    texts = {row[3] for row in list(csv.reader(io.StringIO(out)))[1:]}
    assert "'" + FORMULA in texts
    assert not any(text[:1] in "=+-@" for text in texts)


def test_control_characters_are_shown_not_sent() -> None:
    # XML cannot carry them, but a Word document's text can.
    hostile = "\x1b]0;owned\x07 abuse or neglect\x1b[31m"
    found = Suggestions([Suggestion("H/650/2108", "1.6", hostile, (Candidate("LMAC5C/SG/A.6",
                                                                              0.5),))],
                        [Unclaimed("LMAC5C/SG/A.6", "item", (CriterionCandidate(
                            "H/650/2108", "1.6", 0.5, hostile),))])
    texts = {"LMAC5C/SG/A.6": "item"}
    for shown in (render_text(found, item_texts=texts), render_csv(found, item_texts=texts),
                  render_json(found)):
        assert "\x1b" not in shown and "\x07" not in shown


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    assert run_cli(capsys, "suggest", "--format", "xlsx", spec_file) == (
        2, "", "criteria-checker: error: --format xlsx needs --output FILE.xlsx: a workbook is "
               "never written to standard output or a terminal (see 'criteria-checker suggest "
               "--help')\n")


def test_xlsx_holds_text_as_text_and_the_same_bytes(capsys: pytest.CaptureFixture[str],
                                                     formula_file: str) -> None:
    assert run_cli(capsys, "suggest", "--format", "xlsx", "-o", "a.xlsx", formula_file) == \
        (0, "", "")
    assert run_cli(capsys, "suggest", "--format", "xlsx", "-o", "b.xlsx", formula_file) == \
        (0, "", "")
    assert Path("a.xlsx").read_bytes() == Path("b.xlsx").read_bytes()
    workbook = openpyxl.load_workbook("a.xlsx")
    assert workbook.sheetnames == ["Suggestions", "Unclaimed"]
    sheet = workbook["Suggestions"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["unit", "criterion", "text", "rank", "ref", "score", "item"]
    formula_cells = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value == FORMULA]
    assert formula_cells
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_cells)
    scores = [row[5].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(score, float) for score in scores)
    unclaimed = workbook["Unclaimed"]
    assert [cell.value for cell in unclaimed[1]] == ["ref", "item", "rank", "unit", "criterion",
                                                     "score", "text"]
    assert unclaimed.cell(row=2, column=1).value == "LMAC5C/SG/A.6"


def test_output_goes_to_the_file_asked_for(capsys: pytest.CaptureFixture[str],
                                           spec_file: str) -> None:
    assert run_cli(capsys, "suggest", "--format", "json", "-o", "out.json", spec_file) == \
        (0, "", "")
    assert json.loads(Path("out.json").read_text(encoding="utf-8")) == EXPECTED_JSON


# -- bad input: one line naming the file, exit 2 ---------------------------------------------

def test_a_missing_file(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    assert run_cli(capsys, "suggest", "missing.xml") == (
        2, "", "criteria-checker: error: missing.xml: no such file\n")


def test_a_file_that_is_no_specification(capsys: pytest.CaptureFixture[str],
                                         spec_file: str) -> None:
    Path("notes.txt").write_text("nothing to see", encoding="utf-8")
    code, out, err = run_cli(capsys, "suggest", "notes.txt")
    assert (code, out) == (2, "")
    assert err.startswith("criteria-checker: error: notes.txt: ") and err.count("\n") == 1


def test_broken_xml(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    Path("broken.xml").write_text("<specification><unit>", encoding="utf-8")
    code, out, err = run_cli(capsys, "suggest", "--format", "json", "broken.xml")
    assert (code, out) == (2, "")
    assert err.startswith("criteria-checker: error: broken.xml: ") and err.count("\n") == 1


def test_a_bad_number_of_candidates(capsys: pytest.CaptureFixture[str], spec_file: str) -> None:
    code, out, err = run_cli(capsys, "suggest", "-n", "0", spec_file)
    assert (code, out) == (2, "")
    assert err == ("criteria-checker: error: Invalid value for '--candidates' / '-n': 0 is not "
                   "in the range 1<=x<=20 (see 'criteria-checker suggest --help')\n")


# -- the library -------------------------------------------------------------------------------

def test_every_candidate_clears_the_floor_and_comes_best_first() -> None:
    found = suggest(patched_spec([{"delete_key": "mappings", "under": "units"}]),
                    criteria_for(CheckOptions()))
    assert len(found.unclaimed) == 287
    scores = [[c.score for c in s.candidates] for s in found.suggestions]
    assert all(score >= round(MIN_SCORE, 3) for row in scores for score in row)
    assert all(row == sorted(row, reverse=True) for row in scores)
    # The criteria are the items' own wording: each item's best candidate is its criterion.
    firsts = {u.ref: u.candidates[0] for u in found.unclaimed}
    assert firsts["LMAC5C/SG/A.6"][:3] == ("H/650/2108", "1.6", 1.0)


def test_a_mapped_criterion_is_not_suggested_for() -> None:
    assert suggest(patched_spec([{"delete": f"units[{urn}]"} for urn in OPTIONAL_UNITS]),
                   criteria_for(CheckOptions())) == ([], [])
