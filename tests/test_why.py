"""`why FILE REF`: which units, outcomes and assessment criteria claim a criteria node.

Protects, on the specimens and on edited copies of them:

- the exact text for an item (claimed by its unit as a whole and by its own assessment
  criterion), an outcome covered only by an optional unit, a sub-topic claimed item by
  item across two units, an item claimed through a mapping grid, and an outcome nothing
  claims; every accepted spelling of a reference gives the same answer;
- the exact JSON document (schema criteria-checker/why/1), claims of an ancestor and
  findings on an ancestor among them;
- whether a claim counts: mandatory, optional (with the pathways that name its group),
  or nothing for a unit in no group or an undefined one;
- that the status agrees with the report's coverage matrix (the HTML heatmap) and the
  evidence workbook, node by node;
- one-line errors with exit 2 for a reference that is not one or names nothing (the
  messages of `criteria show`, before the file is read) and for an unreadable file;
- the HTML fragment for the web page escapes the document's text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from criteria_checker.cli import main
from criteria_checker.engine.api import criteria_for, read_and_check, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.evidence.rows import STATUS_WORDS
from criteria_checker.evidence.workbook import render_workbook
from criteria_checker.why import explain_ref, render_html

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """File names in the output as a user in the project folder types them."""
    monkeypatch.chdir(ROOT)


# -- text -----------------------------------------------------------------------------------

TEXT_CASES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "item-claimed-by-its-unit-and-its-criterion": (
        "specimens/conformant.docx", "LMAC5C/SG/A.6", (
            "LMAC5C/SG/A.6 (item): own role in leading a response to suspected or disclosed "
            "abuse or neglect",
            "  in LMAC5C/SG/A (outcome): Understand requirements for safeguarding in adult "
            "care, including: — ✔ covered by a mandatory unit",
            "  in LMAC5C/SG (sub-topic): Safeguarding — ✔ covered by a mandatory unit",
            "  in LMAC5C (topic): Responsibilities — ✔ covered by a mandatory unit",
            "File: specimens/conformant.docx, criteria set sfc-l5-lmac-2021-05",
            "",
            "Status: ✔ covered by a mandatory unit",
            "  mandatory units: Y/651/4409",
            "",
            "Claimed by (2):",
            "  Y/651/4409 (whole unit) → LMAC5C/SG at unit Y/651/4409, table 19, row 10 — "
            "mandatory unit, group A",
            "  Y/651/4409 criterion 1.6 → LMAC5C/SG/A.6 at unit Y/651/4409, table 20, row 7 — "
            "mandatory unit, group A",
            "",
            "Findings: none",
        )),
    "outcome-in-an-optional-unit-only": (
        "specimens/optional-only-coverage.docx", "LMAC5E/HI/B", (
            "LMAC5E/HI/B (outcome): Implement systems for effective information management "
            "including:",
            "  in LMAC5E/HI (sub-topic): Handling Information — ◐ optional units only",
            "  in LMAC5E (topic): Communication — ◐ optional units only",
            "File: specimens/optional-only-coverage.docx, criteria set sfc-l5-lmac-2021-05",
            "",
            "Status: ◐ optional units only",
            "  optional units: L/651/4416",
            "  items in mandatory units: 0 of 3",
            "",
            "Claimed by (1):",
            "  L/651/4416 (whole unit) → LMAC5E/HI at unit L/651/4416, table 33, row 10 — "
            "optional unit, group B",
            "",
            "Inside LMAC5E/HI/B:",
            "  LMAC5E/HI/B.1 (item): ◐ optional units only",
            "      L/651/4416 criterion 2.1 at unit L/651/4416, table 34, row 5 — optional "
            "unit, group B",
            "  LMAC5E/HI/B.2 (item): ◐ optional units only",
            "      L/651/4416 criterion 2.2 at unit L/651/4416, table 34, row 6 — optional "
            "unit, group B",
            "  LMAC5E/HI/B.3 (item): ◐ optional units only",
            "      L/651/4416 criterion 2.3 at unit L/651/4416, table 34, row 7 — optional "
            "unit, group B",
            "",
            "Findings (2):",
            "  COV002 error at unit L/651/4416, paragraph \"Unit 515: Handling Information\": "
            "LMAC5E/HI (sub-topic 'Handling Information') is covered only by optional units "
            "(L/651/4416)",
            "  COV004 error at unit L/651/4416, paragraph \"Unit 515: Handling Information\": "
            "Sub-topic LMAC5E/HI (Handling Information) is not presented as one mandatory "
            "unit: its 6 items are only in optional unit L/651/4416",
        )),
    "subtopic-claimed-item-by-item-across-two-units": (
        "specimens/subtopic-split-across-units.xml", "LMAC5E/HI", (
            "LMAC5E/HI (sub-topic): Handling Information",
            "  in LMAC5E (topic): Communication — ✖ not covered",
            "File: specimens/subtopic-split-across-units.xml, criteria set sfc-l5-lmac-2021-05",
            "",
            "Status: ✖ not covered",
            "  no unit in a group claims it, or a node above it, as a whole",
            "  items in mandatory units: 6 of 6",
            "  units covering part of it: K/651/4415, L/651/4416",
            "",
            "Claimed by: nothing claims LMAC5E/HI or a node above it",
            "",
            "Inside LMAC5E/HI:",
            "  LMAC5E/HI/A (outcome): ✖ not covered; 3 of 3 items in mandatory units",
            "    LMAC5E/HI/A.1 (item): ✔ covered by a mandatory unit",
            "        L/651/4416 criterion 1.1 at line 467 — mandatory unit, group A",
            "    LMAC5E/HI/A.2 (item): ✔ covered by a mandatory unit",
            "        L/651/4416 criterion 1.2 at line 468 — mandatory unit, group A",
            "    LMAC5E/HI/A.3 (item): ✔ covered by a mandatory unit",
            "        L/651/4416 criterion 1.3 at line 469 — mandatory unit, group A",
            "  LMAC5E/HI/B (outcome): ✖ not covered; 3 of 3 items in mandatory units",
            "    LMAC5E/HI/B.1 (item): ✔ covered by a mandatory unit",
            "        K/651/4415 criterion 5.1 at line 455 — mandatory unit, group A",
            "    LMAC5E/HI/B.2 (item): ✔ covered by a mandatory unit",
            "        K/651/4415 criterion 5.2 at line 456 — mandatory unit, group A",
            "    LMAC5E/HI/B.3 (item): ✔ covered by a mandatory unit",
            "        K/651/4415 criterion 5.3 at line 457 — mandatory unit, group A",
            "",
            "Findings (1):",
            "  COV004 error at line 460: Sub-topic LMAC5E/HI (Handling Information) is not "
            "presented as one mandatory unit: its 6 items are split across mandatory units "
            "L/651/4416 (A.1-A.3) and K/651/4415 (B.1-B.3)",
        )),
    "item-claimed-through-a-mapping-grid": (
        "specimens/grid-contradicts-mapping.xml", "LMAC5A/GR/A.3", (
            "LMAC5A/GR/A.3 (item): the key roles, remits and responsibilities in registered "
            "services, including:",
            "    • the registered manager",
            "    • the nominated individual",
            "    • the 'fit and proper person'.",
            "  in LMAC5A/GR/A (outcome): Understand legislation and statutory guidance that "
            "underpins adult care provision: — ✔ covered by a mandatory unit",
            "  in LMAC5A/GR (sub-topic): Governance and regulatory processes — ✔ covered by a "
            "mandatory unit",
            "  in LMAC5A (topic): Leading and managing in adult social care — ✔ covered by a "
            "mandatory unit",
            "File: specimens/grid-contradicts-mapping.xml, criteria set sfc-l5-lmac-2021-05",
            "",
            "Status: ✔ covered by a mandatory unit",
            "  mandatory units: J/651/4403",
            "",
            "Claimed by (3):",
            "  J/651/4403 (whole unit) → LMAC5A/GR at line 47 — mandatory unit, group A",
            "  J/651/4403 criterion 1.1 → LMAC5A/GR/A.3 at "
            "specimens/grid-contradicts-mapping.mapping.csv (row 2, column C) — mandatory "
            "unit, group A",
            "  J/651/4403 criterion 1.3 → LMAC5A/GR/A.3 at line 56 — mandatory unit, group A",
            "",
            "Findings (1):",
            "  MAP001 info at specimens/grid-contradicts-mapping.mapping.csv (row 2, column "
            "C): Unit J/651/4403 AC 1.1 'current legislation and statutory guidance that "
            "applies to all aspects of...' claims LMAC5A/GR/A.3 'the key roles, remits and "
            "responsibilities in registered services...' (score 0.09); shared terms: services; "
            "missing: remits, registered, key, responsibilities, roles",
        )),
    "outcome-nothing-claims": (
        "specimens/topic-not-covered.xml", "LMAC5G/HS/A", (
            "LMAC5G/HS/A (outcome): Understand health and safety requirements in adult social "
            "care, including:",
            "  in LMAC5G/HS (sub-topic): Health and safety — ✖ not covered",
            "  in LMAC5G (topic): Health and safety — ✖ not covered",
            "File: specimens/topic-not-covered.xml, criteria set sfc-l5-lmac-2021-05",
            "",
            "Status: ✖ not covered",
            "  no unit in a group claims it, or a node above it, as a whole",
            "  items in mandatory units: 0 of 2",
            "",
            "Claimed by: nothing claims LMAC5G/HS/A or a node above it",
            "",
            "Inside LMAC5G/HS/A:",
            "  LMAC5G/HS/A.1 (item): ✖ not covered",
            "  LMAC5G/HS/A.2 (item): ✖ not covered",
            "",
            "Findings (1):",
            "  COV001 error at whole document: LMAC5G (topic 'Health and safety') is not "
            "covered by any unit",
        )),
}


@pytest.mark.parametrize("name", list(TEXT_CASES))
def test_text(name: str, in_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    file, ref, lines = TEXT_CASES[name]
    assert run_cli(capsys, "why", file, ref) == (0, "\n".join(lines) + "\n", "")


@pytest.mark.parametrize("spelling", ["lmac5c/sg a6", "LMAC5C SG A.6", "LMAC5C/SG-A.6",
                                      " lmac5c/sg/a.6 ", "LMAC5C/SG/A6"])
def test_every_spelling_names_the_same_node(spelling: str, in_root: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    file, _, lines = TEXT_CASES["item-claimed-by-its-unit-and-its-criterion"]
    assert run_cli(capsys, "why", file, spelling) == (0, "\n".join(lines) + "\n", "")


def test_output_option_writes_the_file(in_root: None, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    file, ref, lines = TEXT_CASES["outcome-nothing-claims"]
    target = tmp_path / "why.txt"
    assert run_cli(capsys, "why", file, ref, "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == "\n".join(lines) + "\n"


# -- JSON -----------------------------------------------------------------------------------


def _help(rule_id: str) -> str:
    rule = rules_for(CheckOptions()).find(rule_id)
    assert rule is not None
    return rule.help


def _location(line: int, locator: str, path: str) -> dict[str, Any]:
    file = "specimens/optional-only-coverage.xml"
    return {"file": file, "line": line, "locator": locator, "path": path,
            "text": f"{file}:{line}"}


def _node(ref: str, level: str, text: str, status: str, optional: list[str], items: int,
          items_mandatory: int, partial: list[str]) -> dict[str, Any]:
    return {"ref": ref, "level": level, "text": text, "status": status,
            "mandatory_units": [], "optional_units": optional, "items": items,
            "items_mandatory": items_mandatory, "partial_units": partial}


def _claim(source: str, ref: str, relation: str, location: dict[str, Any]) -> dict[str, Any]:
    return {"unit": "L/651/4416", "source": source, "ref": ref, "raw": ref,
            "relation": relation, "counts": "optional", "group": "B", "pathways": None,
            "location": location}


ITEM_TEXT = ("lead practice to address legal and/or ethical conflicts that arise between "
             "maintaining confidentiality and sharing information")
UNIT_515 = ("unit L/651/4416", "/specification/unit[15]")


def test_json_of_an_item_claimed_by_its_sub_topic_and_its_criterion(
        in_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "why", "specimens/optional-only-coverage.xml",
                             "lmac5e hi b2", "--format", "json")
    assert (code, err) == (0, "")
    finding_at = _location(454, *UNIT_515)
    assert json.loads(out) == {
        "schema": "criteria-checker/why/1",
        "file": "specimens/optional-only-coverage.xml",
        "criteria": {"id": "sfc-l5-lmac-2021-05",
                     "title": "Qualification criteria: Level 5 Diploma in Leading and "
                              "Managing an Adult Care Service",
                     "version": "May 2021"},
        "asked": "lmac5e hi b2",
        **_node("LMAC5E/HI/B.2", "item", ITEM_TEXT, "optional-only", ["L/651/4416"], 1, 0,
                []),
        "ancestors": [
            _node("LMAC5E", "topic", "Communication", "optional-only", [], 19, 13,
                  ["K/651/4415", "L/651/4416"]),
            _node("LMAC5E/HI", "subtopic", "Handling Information", "optional-only",
                  ["L/651/4416"], 6, 0, []),
            _node("LMAC5E/HI/B", "outcome",
                  "Implement systems for effective information management including:",
                  "optional-only", ["L/651/4416"], 3, 0, []),
        ],
        "claims": [
            _claim("unit", "LMAC5E/HI", "ancestor",
                   _location(454, "unit L/651/4416", "/specification/unit[15]/@maps-to")),
            _claim("criterion 2.2", "LMAC5E/HI/B.2", "self",
                   _location(469, "unit L/651/4416, outcome 2, criterion 2.2",
                             "/specification/unit[15]/outcome[2]/criterion[2]/@maps-to")),
        ],
        "inside": [],
        "findings": [
            {"rule_id": "COV002", "severity": "error",
             "message": "LMAC5E/HI (sub-topic 'Handling Information') is covered only by "
                        "optional units (L/651/4416)",
             "ref": "LMAC5E/HI", "relation": "ancestor", "location": finding_at,
             "help": _help("COV002")},
            {"rule_id": "COV004", "severity": "error",
             "message": "Sub-topic LMAC5E/HI (Handling Information) is not presented as one "
                        "mandatory unit: its 6 items are only in optional unit L/651/4416",
             "ref": "LMAC5E/HI", "relation": "ancestor", "location": finding_at,
             "help": _help("COV004")},
        ],
        "pathways": [],
    }
    assert list(json.loads(out)) == [
        "schema", "file", "criteria", "asked", "ref", "level", "text", "status",
        "mandatory_units", "optional_units", "items", "items_mandatory", "partial_units",
        "ancestors", "claims", "inside", "findings", "pathways"]


def _inside(document: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    return [(node["ref"], node["status"],
             [(c["unit"], c["source"], c["relation"]) for c in node["claims"]])
            for node in document["inside"]]


def test_json_of_a_sub_topic_says_which_items_are_claimed_and_by_whom(
        in_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "why", "specimens/subtopic-split-across-units.xml",
                           "LMAC5E/HI", "--format", "json")
    document = json.loads(out)
    assert (code, document["status"], document["claims"]) == (0, "uncovered", [])
    assert (document["items"], document["items_mandatory"], document["partial_units"]) == (
        6, 6, ["K/651/4415", "L/651/4416"])
    assert _inside(document) == [
        ("LMAC5E/HI/A", "uncovered", []),
        ("LMAC5E/HI/A.1", "mandatory", [("L/651/4416", "criterion 1.1", "descendant")]),
        ("LMAC5E/HI/A.2", "mandatory", [("L/651/4416", "criterion 1.2", "descendant")]),
        ("LMAC5E/HI/A.3", "mandatory", [("L/651/4416", "criterion 1.3", "descendant")]),
        ("LMAC5E/HI/B", "uncovered", []),
        ("LMAC5E/HI/B.1", "mandatory", [("K/651/4415", "criterion 5.1", "descendant")]),
        ("LMAC5E/HI/B.2", "mandatory", [("K/651/4415", "criterion 5.2", "descendant")]),
        ("LMAC5E/HI/B.3", "mandatory", [("K/651/4415", "criterion 5.3", "descendant")]),
    ]
    assert [(f["rule_id"], f["relation"]) for f in document["findings"]] == [("COV004", "self")]


def test_json_of_a_topic_lists_its_sub_topics_claimed_whole(
        in_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "why", "specimens/conformant.docx", "LMAC5C", "--format",
                           "json")
    document = json.loads(out)
    assert (code, document["level"], document["status"], document["ancestors"]) == (
        0, "topic", "mandatory", [])
    whole = [(n["ref"], c["unit"], c["location"]["locator"]) for n in document["inside"]
             for c in n["claims"] if c["source"] == "unit"]
    assert whole == [("LMAC5C/SG", "Y/651/4409", "unit Y/651/4409, table 19, row 10"),
                     ("LMAC5C/MC", "A/651/4410", "unit A/651/4410, table 21, row 10"),
                     ("LMAC5C/PS", "D/651/4411", "unit D/651/4411, table 23, row 10"),
                     ("LMAC5C/CC", "F/651/4412", "unit F/651/4412, table 25, row 10")]
    assert len(document["inside"]) == 4 + 10 + 56


# -- whether a claim counts -----------------------------------------------------------------

RULES_WITHOUT_PATHWAYS = (
    '    <rule groups="B C" min-credits="17">Learners must achieve a minimum of 92 credits: 75 '
    "credits from the mandatory units and a minimum of 17 credits from the optional units."
    "</rule>\n"
    '    <rule groups="C" min-credits="3">A minimum of 3 credits must be achieved from Group C.'
    "</rule>\n")
PATHWAYS = (
    '    <pathway id="P1" name="General management"><rule groups="B C" min-credits="17"/>'
    "</pathway>\n"
    '    <pathway id="P2" name="Digital leadership"><rule groups="C" min-credits="10"/>'
    "</pathway>\n")
UNIT_515_TAG = '<unit reference="L/651/4416" number="515" level="5" glh="20" tqt="30" ' \
               'credit="3" group="B"'


def _edited(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> str:
    text = (SPECIMENS / "optional-only-coverage.xml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return name


# (what the edit does, replacements, status, claim line of LMAC5E/HI/A.1)
COUNTING = [
    ("pathways", [(RULES_WITHOUT_PATHWAYS, PATHWAYS)], "◐ optional units only",
     "optional unit, group B, pathway 'General management'"),
    ("both-pathways", [(RULES_WITHOUT_PATHWAYS, PATHWAYS.replace('groups="C"', 'groups="B"'))],
     "◐ optional units only",
     "optional unit, group B, pathways 'General management', 'Digital leadership'"),
    ("global-rule", [(RULES_WITHOUT_PATHWAYS, '    <rule groups="B" min-credits="3"/>' + PATHWAYS)],
     "◐ optional units only",
     "optional unit, group B, pathways 'General management', 'Digital leadership'"),
    ("no-pathway", [(RULES_WITHOUT_PATHWAYS, PATHWAYS.replace('"B C"', '"C"'))],
     "◐ optional units only", "optional unit, group B, in no pathway's rules"),
    ("undefined-group", [(UNIT_515_TAG, UNIT_515_TAG.replace('"B"', '"Z"'))],
     "✖ not covered", "counts for nothing: group Z is not defined"),
    ("no-group", [(UNIT_515_TAG, UNIT_515_TAG.replace(' group="B"', ""))],
     "✖ not covered", "counts for nothing: the unit is in no group"),
    ("mandatory", [(UNIT_515_TAG, UNIT_515_TAG.replace('"B"', '"A"'))],
     "✔ covered by a mandatory unit", "mandatory unit, group A"),
]


@pytest.mark.parametrize(("edit", "replacements", "status", "counts"), COUNTING,
                         ids=[case[0] for case in COUNTING])
def test_whether_a_claim_counts(edit: str, replacements: list[tuple[str, str]], status: str,
                                counts: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    name = _edited(tmp_path, f"{edit}.xml", *replacements)
    code, out, err = run_cli(capsys, "why", name, "LMAC5E/HI/A.1")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[lines.index("") + 1] == f"Status: {status}"
    claims = lines[lines.index("Claimed by (2):") + 1:][:2]
    assert claims == [
        f"  L/651/4416 (whole unit) → LMAC5E/HI at line 454 — {counts}",
        f"  L/651/4416 criterion 1.1 → LMAC5E/HI/A.1 at line 462 — {counts}",
    ]


def test_json_names_the_pathways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    name = _edited(tmp_path, "pathways.xml", (RULES_WITHOUT_PATHWAYS, PATHWAYS))
    document = json.loads(run_cli(capsys, "why", name, "LMAC5E/HI", "--format", "json")[1])
    assert document["pathways"] == ["General management", "Digital leadership"]
    assert [(c["counts"], c["group"], c["pathways"]) for c in document["claims"]] == [
        ("optional", "B", ["General management"])]


# -- agreement with the heatmap and the workbook --------------------------------------------


@pytest.mark.parametrize("specimen", ["optional-only-coverage.xml",
                                      "subtopic-split-across-units.xml", "conformant.docx",
                                      "topic-not-covered.xml"])
def test_status_agrees_with_the_heatmap_and_the_workbook(specimen: str) -> None:
    options = CheckOptions()
    criteria = criteria_for(options)
    spec, report = read_and_check(SPECIMENS / specimen, options)
    book = openpyxl.load_workbook(io.BytesIO(render_workbook(spec, report, criteria)))
    workbook_status = {row[0]: row[3] for row in
                       book["Criteria"].iter_rows(min_row=2, values_only=True)}
    heatmap = {row.ref: row for row in report.coverage.rows}
    # Every topic, sub-topic and outcome, and the items of the topics the specimens change.
    for ref, criteria_node in criteria.index().items():
        if criteria_node.level == "item" and not ref.startswith(("LMAC5E/", "LMAC5G/")):
            continue
        node = explain_ref(spec, report, criteria, ref).node
        assert STATUS_WORDS[node.status] == workbook_status[ref], ref
        if ref in heatmap:
            assert (node.status, list(node.mandatory_units), list(node.optional_units)) == (
                heatmap[ref].status, heatmap[ref].mandatory, heatmap[ref].optional), ref


# -- errors ---------------------------------------------------------------------------------

TOPICS = "LMAC5A, LMAC5B, LMAC5C, LMAC5D, LMAC5E, LMAC5F, LMAC5G, LMAC5H"
ERRORS = [
    ("specimens/conformant.docx", "LMAC5Z",
     f"LMAC5Z is not in criteria set sfc-l5-lmac-2021-05: its topics are {TOPICS}"),
    ("specimens/conformant.docx", "LMAC5A/LM/A.9",
     "LMAC5A/LM/A.9 is not in criteria set sfc-l5-lmac-2021-05: LMAC5A/LM/A has items 1, 2, "
     "3, 4, 5"),
    ("specimens/conformant.docx", "foo bar",
     "'foo bar' is not a criteria reference (e.g. LMAC5A, LMAC5A/LM, LMAC5A/LM/A or "
     "LMAC5A/LM/A.1)"),
    # The reference is checked before the file is read.
    ("missing.xml", "LMAC5A/LM/A.0",
     "'LMAC5A/LM/A.0' is not a criteria reference: items are numbered from 1"),
    ("missing.xml", "LMAC5A/LM/A.1", "missing.xml: no such file"),
    ("specimens", "LMAC5A", "specimens: is a folder, not a file"),
]


@pytest.mark.parametrize(("file", "ref", "message"), ERRORS)
def test_errors_are_one_line_with_exit_2(file: str, ref: str, message: str, in_root: None,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "why", file, ref) == (2, "", f"criteria-checker: error: {message}\n")


def test_an_empty_document_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.docx").write_bytes(b"")
    assert run_cli(capsys, "why", "empty.docx", "LMAC5A", "--format", "json") == (
        2, "", "criteria-checker: error: empty.docx: is empty (0 bytes)\n")


# -- the HTML fragment for the web page -----------------------------------------------------


def test_html_fragment_escapes_the_documents_text(tmp_path: Path) -> None:
    name = _edited(tmp_path, "hostile.xml", (
        UNIT_515_TAG, UNIT_515_TAG.replace('reference="L/651/4416" number="515" ', "")), (
        "<title>Handling Information</title>", "<title>&lt;script&gt;x()&lt;/script&gt;</title>"))
    options = CheckOptions()
    criteria = criteria_for(options)
    spec, report = read_and_check(tmp_path / name, options)
    fragment = render_html(explain_ref(spec, report, criteria, "LMAC5E/HI/A.1"))
    assert "<script>" not in fragment
    assert ("<li>&lt;script&gt;x()&lt;/script&gt; (whole unit) → LMAC5E/HI at line 454 — "
            "optional unit, group B</li>") in fragment
    assert fragment.startswith('<section class="why" data-ref="LMAC5E/HI/A.1">\n')
    assert fragment.endswith("</section>\n")


def test_a_grid_given_with_mapping_is_joined_as_check_joins_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.xml").write_bytes((SPECIMENS / "grid-contradicts-mapping.xml").read_bytes())
    (tmp_path / "grid.csv").write_bytes(
        (SPECIMENS / "grid-contradicts-mapping.mapping.csv").read_bytes())
    plain = run_cli(capsys, "why", "spec.xml", "LMAC5A/GR/A.3", "--format", "json")[1]
    joined = run_cli(capsys, "why", "spec.xml", "LMAC5A/GR/A.3", "--format", "json",
                     "--mapping", "grid.csv")[1]
    assert [c["source"] for c in json.loads(plain)["claims"]] == ["unit", "criterion 1.3"]
    assert [(c["source"], c["location"]["text"]) for c in json.loads(joined)["claims"]] == [
        ("unit", "spec.xml:47"), ("criterion 1.1", "grid.csv (row 2, column C)"),
        ("criterion 1.3", "spec.xml:56")]
