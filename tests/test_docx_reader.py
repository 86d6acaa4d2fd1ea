"""The DOCX reader on layouts real awarding organisations use, built here by hand.

Each document is WordprocessingML written directly (not by our writer, not by
python-docx), so the reader is shown to handle what Word and LibreOffice
produce: merged outcome cells, header rows repeated on every page, grids
split over tables, Word's automatic numbering, "Label: value" key facts,
a group column instead of group headings, mapping columns, tables with the
unit's facts and its grid together, content controls, tracked changes,
localised style names and bold paragraphs used as headings.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.errors import InputError
from criteria_checker.model.spec import Mapping, QualificationSpec
from criteria_checker.readers.docx.labels import (
    FACT_FIELDS,
    UNIT_FIELDS,
    WRITTEN_FACT_LABELS,
    WRITTEN_UNIT_LABELS,
    GroupHeading,
    fact_field,
    group_heading_text,
    normalise_label,
    parse_group_heading,
    parse_unit_heading,
    unit_field,
)
from criteria_checker.readers.docx.numbering import format_number
from criteria_checker.readers.docx.reader import read_docx_spec
from criteria_checker.readers.docx.values import (
    first_int,
    split_criterion_number,
    split_mappings,
    split_outcome_number,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# -- building documents by hand ------------------------------------------------


def p(text: str = "", *, style: str | None = None, num: tuple[int, int] | None = None,
      bold: bool = False, runs: str | None = None) -> str:
    """A paragraph; ``num`` is (numId, ilvl) for automatic numbering."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    body = runs if runs is not None else (
        f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else "")
    return f"<w:p>{ppr}{body}</w:p>"


def tc(*content: str, span: int = 1, vmerge: str | None = None) -> str:
    """A cell; plain strings become paragraphs, XML ('<w:...') is kept as is."""
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    inner = "".join(c if c.startswith("<w:") else p(c) for c in content) or "<w:p/>"
    tcpr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    return f"<w:tc>{tcpr}{inner}</w:tc>"


def tr(*cells: str, header: bool = False) -> str:
    trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{trpr}{''.join(c if c.startswith('<w:tc') else tc(c) for c in cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def h(level: int, text: str) -> str:
    return p(text, style=f"Heading{level}")


def make_docx(folder: Path, body: str, *, numbering: str | None = None,
              styles: str | None = None, name: str = "spec.docx", ns: str = W_NS) -> Path:
    path = folder / name
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{ns}" '
                f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                f"<w:body>{body}<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        if numbering is not None:
            archive.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">'
                                                   f"{numbering}</w:numbering>")
        if styles is not None:
            archive.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
    return path


def read(folder: Path, body: str, **parts: str) -> QualificationSpec:
    return read_docx_spec(make_docx(folder, body, **parts))


def m(*refs: str) -> list[Mapping]:
    """Mappings without locations, for comparing."""
    return [Mapping(raw=r, ref=r) for r in refs]


def plain(mappings: list[Mapping]) -> list[tuple[str, str | None]]:
    return [(x.raw, x.ref) for x in mappings]


def outline(spec: QualificationSpec) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
    """Units as (key, [(outcome number, outcome text, [criterion 'number text'])])."""
    return [(u.key, [(o.number, o.text, [f"{c.number} {c.text}" for c in o.criteria])
                     for o in u.outcomes]) for u in spec.units]


#: Word's usual numbering for outcomes (level 0, "1.") and criteria (level 1, "1.1").
OUTCOME_NUMBERING = """
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="7"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>
</w:num>
"""

LO_HEADER = tr("Learning outcomes - The learner will:", "Assessment criteria - The learner can:",
               "SfC mapping", header=True)


# -- a specification in the style of a large awarding organisation -------------


def test_label_value_facts_merged_auto_numbered_grid_split_over_tables(tmp_path: Path) -> None:
    body = "".join([
        p("NCFE CACHE Level 5 Diploma in Leading and Managing an Adult Care Service",
          style="Title"),
        p("Qualification number: 610/1880/6"),
        p("Guided Learning: 480"),
        p("Total Qualification Time (TQT): 950 hours"),
        p("Credit value: 95"),
        p("Level: 5"),
        h(1, "Structure"),
        p("Learners must achieve a minimum of 95 credits: 80 credits from the mandatory units "
          "and a minimum of 15 credits from the optional units."),
        tbl(
            tr("Unit reference", "Unit title", "Level", "GLH", "Credit", "Mandatory/optional"),
            tr("H/650/2114", "Leadership and management", "5", "30", "4", "Mandatory"),
            tr("J/650/2115", "Digital skills", "5", "35", "5", "Optional"),
        ),
        h(1, "Units"),
        h(2, "Unit 501 Leadership and management"),
        tbl(
            tr("Unit reference number", "H/650/2114", "Level", "5"),
            tr("Guided learning hours", "30", "Credit value", "4"),
            tr("Skills for Care reference", "LMAC5A/LM"),
        ),
        tbl(
            LO_HEADER,
            tr(tc(p("Understand leadership theories", num=(3, 0)), vmerge="restart"),
               tc(p("Explain key theories of leadership", num=(3, 1))),
               tc("LMAC5A/LM A2")),
            tr(tc(vmerge="continue"),
               tc(p("Analyse leadership styles", num=(3, 1))),
               tc("LMAC5A/LM/A.4, A.5")),
        ),
        p("Page break between the two parts of the grid"),
        tbl(
            LO_HEADER,
            tr(tc(), tc(p("Evaluate own leadership style", num=(3, 1))), tc("N/A")),
            tr(tc(p("Lead a team", num=(3, 0)), vmerge="restart"),
               tc(p("Lead team meetings", num=(3, 1))), tc(vmerge="restart")),
            tr(tc(vmerge="continue"), tc(p("Review team performance", num=(3, 1))),
               tc(vmerge="continue")),
        ),
    ])
    spec = read(tmp_path, body, numbering=OUTCOME_NUMBERING)

    assert (spec.qualification_number, spec.glh, spec.tqt, spec.credits, spec.level) == (
        "610/1880/6", 480, 950, 95, 5)
    # No key fact states the title: the Title-styled cover line does.
    assert spec.title == "NCFE CACHE Level 5 Diploma in Leading and Managing an Adult Care Service"
    assert [(g.id, g.name, g.kind) for g in spec.groups] == [
        ("Mandatory", "Mandatory", "mandatory"), ("Optional", "Optional", "optional")]
    assert outline(spec) == [
        ("H/650/2114", [
            ("1", "Understand leadership theories", [
                "1.1 Explain key theories of leadership", "1.2 Analyse leadership styles",
                "1.3 Evaluate own leadership style"]),
            ("2", "Lead a team", ["2.1 Lead team meetings", "2.2 Review team performance"]),
        ]),
        ("J/650/2115", []),
    ]
    leadership, digital = spec.units
    assert (leadership.number, leadership.title, leadership.glh, leadership.credit,
            leadership.group) == ("501", "Leadership and management", 30, 4, "Mandatory")
    assert (digital.title, digital.glh, digital.credit, digital.group) == (
        "Digital skills", 35, 5, "Optional")
    assert plain(leadership.mappings) == [("LMAC5A/LM", "LMAC5A/LM")]
    first, second = leadership.outcomes
    assert [plain(c.mappings) for c in first.criteria] == [
        [("LMAC5A/LM A2", "LMAC5A/LM/A.2")],
        [("LMAC5A/LM/A.4", "LMAC5A/LM/A.4"), ("A.5", "LMAC5A/LM/A.5")],
        [],
    ]
    # A mapping cell merged down the outcome's rows maps the outcome.
    assert plain(second.mappings) == []
    assert [c.location.locator for c in first.criteria] == [  # type: ignore[union-attr]
        "unit H/650/2114, table 3, row 2", "unit H/650/2114, table 3, row 3",
        "unit H/650/2114, table 4, row 2"]
    assert first.criteria[0].location.path == "/w:document/w:body/w:tbl[3]/w:tr[2]"  # type: ignore[union-attr]
    assert spec.fact_locations["glh"].locator == 'paragraph "Guided Learning: 480"'
    assert spec.fact_locations["glh"].path == "/w:document/w:body/w:p[3]"
    rules = spec.combination
    assert rules.unread == []
    assert [(r.groups, r.min_credits, r.max_credits) for r in rules.rules] == [
        ([], 95, None), (["Mandatory"], 80, 80), (["Optional"], 15, None)]


def test_mapping_cell_merged_down_maps_the_outcome(tmp_path: Path) -> None:
    body = h(2, "Unit 3: Safeguarding") + tbl(
        LO_HEADER,
        tr(tc("1. Understand safeguarding", vmerge="restart"), tc("1.1 Define abuse"),
           tc("LMAC5C/SG/A", vmerge="restart")),
        tr(tc(vmerge="continue"), tc("1.2 Describe neglect"), tc(vmerge="continue")),
    )
    unit = read(tmp_path, body).units[0]
    assert (unit.number, unit.title) == ("3", "Safeguarding")
    assert plain(unit.outcomes[0].mappings) == [("LMAC5C/SG/A", "LMAC5C/SG/A")]
    assert [c.mappings for c in unit.outcomes[0].criteria] == [[], []]


# -- one table per unit: facts, then the grid, no unit headings ----------------


def test_unit_tables_without_headings_and_several_criteria_per_cell(tmp_path: Path) -> None:
    def unit_table(title: str, urn: str, credit: str) -> str:
        return tbl(
            tr("Unit title", tc(title, span=2)),
            tr("Unit reference", tc(urn, span=2)),
            tr("Unit level", tc("5", span=2)),
            tr("Unit credit value", tc(credit, span=2)),
            tr("Learning outcomes (1) The learner will:",
               "Assessment criteria (2) The learner can:", "Evidence"),
            tr("1. Understand the role", tc("1.1", "Explain the role", "1.2", "Describe:",
                                            span=1), tc("Evidence: portfolio")),
            tr("2. Be able to lead", tc("2.1 Lead", "2.2 Review the plan",
                                        "• range item one")),
        )
    body = "".join([
        h(1, "Qualification summary"),
        tbl(tr("Qualification title", "Level 5 Diploma in Leading and Managing an Adult Care "
                                      "Service"),
            tr("Sector subject area", "1.3 Health and Social Care"),
            tr("Age range", "19+"),
            tr("Awarding organisation", "Example Awards")),
        h(1, "Mandatory units"),
        unit_table("Leadership", "H/650/2114", "4"),
        unit_table("Governance", "J/650/2115", "3"),
        h(1, "Optional units"),
        unit_table("Digital skills", "K/650/2116", "5"),
    ])
    spec = read(tmp_path, body)
    assert spec.title == "Level 5 Diploma in Leading and Managing an Adult Care Service"
    assert spec.awarding_organisation == "Example Awards"
    assert spec.facts == {"Sector subject area": "1.3 Health and Social Care", "Age range": "19+"}
    assert spec.fact_locations["Age range"].locator == "table 1, row 3"
    assert [(u.reference, u.title, u.level, u.credit, u.group) for u in spec.units] == [
        ("H/650/2114", "Leadership", 5, 4, "mandatory-units"),
        ("J/650/2115", "Governance", 5, 3, "mandatory-units"),
        ("K/650/2116", "Digital skills", 5, 5, "optional-units"),
    ]
    assert [(g.id, g.kind) for g in spec.groups] == [
        ("mandatory-units", "mandatory"), ("optional-units", "optional")]
    assert outline(spec)[0][1] == [
        ("1", "Understand the role", ["1.1 Explain the role", "1.2 Describe:"]),
        ("2", "Be able to lead", ["2.1 Lead", "2.2 Review the plan\n• range item one"]),
    ]


# -- group headings, in-table group rows, barred units, supersession ------------


def test_group_headings_in_table_group_rows_barred_table_and_supersession(tmp_path: Path) -> None:
    list_header = tr("URN", "Unit no", "Title", "Level", "TQT", "Credit value")
    body = "".join([
        h(1, "Rules of combination"),
        p("Learners must achieve 67 credits from the mandatory group."),
        p("Learners cannot take both Unit 601 and Unit 602."),
        p("Some units are barred:"),
        tbl(tr("Unit", "Barred with"), tr("Unit 601", "Unit 603")),
        h(2, "Group A – Mandatory units"),
        tbl(list_header, tr("H/650/2114", "501", "Leadership", "5", "40", "4")),
        h(2, "Optional units"),
        tbl(list_header,
            tr(tc("Optional Group 01", span=6)),
            tr("A/650/3001", "601", "Dementia care", "5", "30", "3"),
            tr("A/650/3002", "602", "End of life care", "5", "30", "3"),
            tr(tc("Optional Group 02", span=6)),
            tr("A/650/3003", "603", "Digital skills", "4", "20", "2")),
        h(1, "Superseded qualifications"),
        tbl(tr("Qualification replaced", "QN", "Withdrawal plan"),
            tr("Level 5 Diploma in Leadership and Management for Adult Care", "603/2480/3",
               tc("Closed to new learners on 31 December 2026.", "Certification until 2028."))),
        h(1, "Rationale for additional content"),
        p("The mandatory units add 20 hours on digital leadership."),
        p("Employers asked for it."),
    ])
    spec = read(tmp_path, body)
    assert [(g.id, g.name, g.kind) for g in spec.groups] == [
        ("A", "Mandatory units", "mandatory"),
        ("optional-units", "Optional units", "optional"),
        ("01", "Optional Group 01", "optional"),
        ("02", "Optional Group 02", "optional"),
    ]
    assert [(u.reference, u.number, u.tqt, u.group) for u in spec.units] == [
        ("H/650/2114", "501", 40, "A"), ("A/650/3001", "601", 30, "01"),
        ("A/650/3002", "602", 30, "01"), ("A/650/3003", "603", 20, "02")]
    assert [b.units for b in spec.combination.barred] == [
        ["A/650/3001", "A/650/3002"], ["A/650/3001", "A/650/3003"]]
    assert [(r.groups, r.min_credits) for r in spec.combination.rules] == [(["A"], 67)]
    old = spec.supersedes[0]
    assert (old.title, old.qualification_number, old.withdrawal_plan) == (
        "Level 5 Diploma in Leadership and Management for Adult Care", "603/2480/3",
        "Closed to new learners on 31 December 2026.\nCertification until 2028.")
    assert spec.rationale == ("The mandatory units add 20 hours on digital leadership.\n"
                              "Employers asked for it.")


def test_unread_rule_sentence_is_reported_not_guessed(tmp_path: Path) -> None:
    body = h(1, "Rules of combination") + p(
        "Learners must achieve 20 credits from Group Z.") + h(2, "Unit 1: Title")
    unread = read(tmp_path, body).combination.unread
    assert [u.text for u in unread] == ["Learners must achieve 20 credits from Group Z."]
    assert unread[0].reason.startswith("names a group not in the unit list")
    assert unread[0].location.locator == (  # type: ignore[union-attr]
        'paragraph "Learners must achieve 20 credits from..."')


# -- Word details: styles, content controls, tracked changes, text boxes ------


LOCALISED_STYLES = """
<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/>
  <w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UnitHeading"><w:name w:val="AO Unit Heading"/>
  <w:basedOn w:val="berschrift1"/></w:style>
<w:style w:type="paragraph" w:styleId="ACList"><w:name w:val="AC List"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/></w:style>
"""


def test_styles_content_controls_tracked_changes_and_text_boxes(tmp_path: Path) -> None:
    deleted = ('<w:del w:id="1" w:author="A"><w:r><w:delText>Old title </w:delText></w:r>'
               "</w:del>")
    inserted = ('<w:ins w:id="2" w:author="A"><w:r><w:t>Unit 7: Person-centred care</w:t>'
                "</w:r></w:ins>")
    moved = ('<w:moveFrom w:id="3" w:author="A"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>'
             "<w:r><w:t>kept</w:t></w:r>")
    text_box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
                f'{p("Credit value: 12")}</w:txbxContent></w:drawing></mc:Choice>'
                f"<mc:Fallback><w:pict><w:txbxContent>{p('Credit value: 99')}</w:txbxContent>"
                "</w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    body = "".join([
        f"<w:p>{text_box}</w:p>",
        '<w:sdt><w:sdtPr/><w:sdtContent>'
        f'<w:p><w:pPr><w:pStyle w:val="UnitHeading"/></w:pPr>{deleted}{inserted}</w:p>'
        "</w:sdtContent></w:sdt>",
        tbl(LO_HEADER,
            tr(tc(p("1. Understand care")), tc(p(runs=moved, style="ACList")), tc())),
    ])
    spec = read(tmp_path, body, numbering=OUTCOME_NUMBERING, styles=LOCALISED_STYLES)
    assert spec.credits == 12
    assert outline(spec) == [("Unit 7", [("1", "Understand care", ["1.1 kept"])])]
    unit = spec.units[0]
    assert unit.location.path == "/w:document/w:body/w:sdt[1]/w:sdtContent[1]/w:p[1]"  # type: ignore[union-attr]


def test_bold_paragraphs_as_headings_and_field_headings(tmp_path: Path) -> None:
    body = "".join([
        p("Unit 12 – Managing budgets", bold=True),
        p("Unit aim", bold=True),
        p("This unit is about budgets."),
        p("It covers planning."),
        h(3, "Assessment"),
        p("Portfolio of evidence"),
        p("Direct observation"),
        tbl(tr("LO", "AC", header=True), tr("1 Understand budgets", "1.1 Describe budgets")),
    ])
    unit = read(tmp_path, body).units[0]
    assert (unit.number, unit.title) == ("12", "Managing budgets")
    assert unit.aim == "This unit is about budgets.\nIt covers planning."
    assert unit.assessment_methods == ["Portfolio of evidence", "Direct observation"]
    assert outline(read(tmp_path, body))[0][1] == [
        ("1", "Understand budgets", ["1.1 Describe budgets"])]


def test_outcomes_as_paragraphs_and_full_width_rows(tmp_path: Path) -> None:
    body = "".join([
        h(2, "Unit 4: Partnerships"),
        p("Learning outcome 1: Understand partnership working"),
        tbl(tr("Assessment criteria", "Mapping", header=True),
            tr("1.1 Explain partnerships", "LMAC5D/PW A.1")),
        tbl(tr("Assessment criteria - the learner can:", "Evidence", header=True),
            tr(tc("Learning outcome 2: Lead partnerships", span=2)),
            tr("2.1 Lead a meeting", ""),
            tr("3.1 A criterion whose outcome was never printed", "")),
    ])
    assert outline(read(tmp_path, body)) == [("Unit 4", [
        ("1", "Understand partnership working", ["1.1 Explain partnerships"]),
        ("2", "Lead partnerships", ["2.1 Lead a meeting",
                                    "3.1 A criterion whose outcome was never printed"]),
    ])]


def test_criteria_before_any_outcome_get_one_from_their_number(tmp_path: Path) -> None:
    body = h(2, "Unit 9: X") + tbl(tr("Assessment criteria", "Notes", header=True),
                                   tr("4.1 First", ""), tr("4.2 Second", ""))
    assert outline(read(tmp_path, body)) == [("Unit 9", [("4", "", ["4.1 First", "4.2 Second"])])]


def test_numbers_in_their_own_columns(tmp_path: Path) -> None:
    body = h(2, "Unit 5: Y") + tbl(
        tr(tc("Learning outcome", span=2), tc("Assessment criteria", span=2), header=True),
        tr(tc("1", vmerge="restart"), tc("Understand X", vmerge="restart"), "1.1", "Explain X"),
        tr(tc(vmerge="continue"), tc(vmerge="continue"), "1.2", "Describe X"),
    )
    assert outline(read(tmp_path, body)) == [("Unit 5", [
        ("1", "Understand X", ["1.1 Explain X", "1.2 Describe X"])])]


@pytest.mark.parametrize("header", [("The learner will:", "The learner can:"),
                                    ("Learners will:", "Learners can:"),
                                    ("The candidate will", "The candidate is able to")])
def test_unnumbered_outcomes_and_criteria_are_numbered_by_position(
        tmp_path: Path, header: tuple[str, str]) -> None:
    """Stems over the columns in any person name them; with nothing numbered below, the
    header is all that says the table is a grid."""
    body = h(2, "Unit 6: Z") + tbl(
        tr(*header, header=True),
        tr(tc("Understand Z", vmerge="restart"), "Explain Z"),
        tr(tc(vmerge="continue"), "Describe Z"),
        tr("Lead Z", "Lead it"),
    )
    assert outline(read(tmp_path, body)) == [("Unit 6", [
        ("1", "Understand Z", ["1.1 Explain Z", "1.2 Describe Z"]),
        ("2", "Lead Z", ["2.1 Lead it"])])]


def test_frame_table_holding_the_unit(tmp_path: Path) -> None:
    inner = h(2, "Unit 8: Framed") + tbl(LO_HEADER, tr("1. Know", "1.1 Say", "LMAC5A"))
    body = tbl(tr(tc(inner)))
    spec = read(tmp_path, body)
    assert outline(spec) == [("Unit 8", [("1", "Know", ["1.1 Say"])])]
    assert spec.units[0].outcomes[0].criteria[0].location.locator == "unit Unit 8, table 2, row 2"  # type: ignore[union-attr]


def test_nested_table_in_a_cell_is_read_into_the_cell(tmp_path: Path) -> None:
    nested = tbl(tr("1.1 Explain A"), tr("1.2 Explain B"))
    body = h(2, "Unit 2: Nested") + tbl(LO_HEADER, tr("1. Understand", tc(nested), ""))
    assert outline(read(tmp_path, body)) == [("Unit 2", [
        ("1", "Understand", ["1.1 Explain A", "1.2 Explain B"])])]


def test_unit_list_only(tmp_path: Path) -> None:
    body = h(1, "Mandatory units") + tbl(tr("Unit number", "Unit title", "Credits"),
                                         tr("301", "Communication", "3"))
    spec = read(tmp_path, body)
    assert [(u.number, u.title, u.credit, u.group, u.outcomes) for u in spec.units] == [
        ("301", "Communication", 3, "mandatory-units", [])]
    assert spec.units[0].location.locator == "unit Unit 301, table 1, row 2"  # type: ignore[union-attr]


# -- errors ------------------------------------------------------------------------


def test_document_without_units_is_refused(tmp_path: Path) -> None:
    path = make_docx(tmp_path, p("Minutes of the meeting") + p("Present: everyone"))
    with pytest.raises(InputError) as caught:
        read_docx_spec(path)
    assert str(caught.value) == (f"{path}: has no unit sections and no unit list: is this a "
                                 "qualification specification?")


def test_unit_without_title_says_where(tmp_path: Path) -> None:
    spec = read_docx_spec(make_docx(tmp_path, h(2, "Unit 501") + tbl(tr("Level", "5"))))
    assert [(u.key, u.title, u.level) for u in spec.units] == [("Unit 501", "", 5)]
    assert [(n.kind, n.message) for n in spec.reading_notes] == [(
        "not-understood", "Unit 501 at paragraph \"Unit 501\" has no title: give it a heading "
        "such as 'Unit 501: Title' or a 'Unit title' row")]


def test_wrong_root_element(tmp_path: Path) -> None:
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f'<w:body xmlns:w="{W_NS}"/>')
    with pytest.raises(InputError) as caught:
        read_docx_spec(path)
    assert str(caught.value) == (f"{path}: word/document.xml is not a Word document: its root "
                                 "element is <body>, not <w:document>")


# -- the vocabulary, as data -------------------------------------------------------

LABELS = [
    ("GLH", FACT_FIELDS, "glh"), ("Guided learning hours (GLH):", FACT_FIELDS, "glh"),
    ("Guided Learning", FACT_FIELDS, "glh"), ("Credit", FACT_FIELDS, "credits"),
    ("Credit value", FACT_FIELDS, "credits"), ("TQT", FACT_FIELDS, "tqt"),
    ("Total Qualification Time", FACT_FIELDS, "tqt"), ("QN", FACT_FIELDS, "qualification_number"),
    ("URN", UNIT_FIELDS, "reference"), ("Unit reference number", UNIT_FIELDS, "reference"),
    ("Unit no.", UNIT_FIELDS, "number_or_reference"), ("Unit aim", UNIT_FIELDS, "aim"),
    ("Skills for Care reference", UNIT_FIELDS, "mappings"), ("SfC ref", UNIT_FIELDS, "mappings"),
]


@pytest.mark.parametrize(("label", "table", "field"), LABELS)
def test_label_variants(label: str, table: dict[str, str], field: str) -> None:
    assert table[normalise_label(label)] == field


@pytest.mark.parametrize(("label", "qualification", "unit"), [
    ("Level", "level", "level"), ("RQF level", "level", "level"),
    ("Ofqual level", "level", "level"), ("QCF/RQF level", "level", "level"),
    ("Level on the RQF", "level", "level"), ("Level (RQF)", "level", "level"),
    ("Qualification level", "level", None), ("Level of qualification", "level", None),
    ("Unit level", None, "level"), ("Level of the unit", None, "level"),
    ("Unit RQF level", None, "level"), ("Entry level", None, None), ("Level 3", None, None),
])
def test_a_level_on_any_framework(label: str, qualification: str | None,
                                  unit: str | None) -> None:
    assert (fact_field(label), unit_field(label)) == (qualification, unit)


@pytest.mark.parametrize(("label", "qualification", "unit"), [
    ("UAN", None, "reference"), ("Unit accreditation number", None, "reference"),
    ("Ofqual QN", "qualification_number", None), ("QN", "qualification_number", None),
])
def test_reference_labels_of_other_awarding_organisations(label: str, qualification: str | None,
                                                          unit: str | None) -> None:
    assert (fact_field(label), unit_field(label)) == (qualification, unit)


def test_written_labels_read_back() -> None:
    for name, label in WRITTEN_FACT_LABELS.items():
        assert FACT_FIELDS[normalise_label(label)] == name
    for name, label in WRITTEN_UNIT_LABELS.items():
        assert UNIT_FIELDS[normalise_label(label)] in (name, "number_or_reference")


@pytest.mark.parametrize(("text", "token", "title"), [
    ("Unit 501 Leadership and management", "501", "Leadership and management"),
    ("Unit 3: Safeguarding: adults", "3", "Safeguarding: adults"),
    ("Unit H/650/2114 – Governance", "H/650/2114", "Governance"),
    ("Unit 4222-501", "4222-501", None),
    ("Unit: Untitled work", None, "Untitled work"),
    ("Unit 501 Leadership (H/650/2114)", "501", "Leadership"),
])
def test_unit_headings(text: str, token: str | None, title: str | None) -> None:
    heading = parse_unit_heading(text)
    assert heading is not None
    assert (heading.token, heading.title) == (token, title)


@pytest.mark.parametrize(("text", "title", "facts"), [
    ("Unit 501: Leadership (Level 5, 4 credits, 30 GLH)", "Leadership",
     (("level", "5"), ("credit", "4"), ("glh", "30"))),
    ("Unit 501 | Leadership | Level 5 | Credit value 4", "Leadership",
     (("level", "5"), ("credit", "4"))),
    ("Unit 501 Leadership – RQF Level 5; TQT 40", "Leadership", (("level", "5"), ("tqt", "40"))),
    ("Unit 501 Leadership - theory and practice", "Leadership - theory and practice", ()),
    ("Unit 501 Leadership (adult care)", "Leadership (adult care)", ()),
    ("Unit 501 Leadership (Level 5, adults)", "Leadership (Level 5, adults)", ()),
])
def test_unit_facts_after_the_title(text: str, title: str, facts: tuple[tuple[str, str], ...]
                                    ) -> None:
    """Facts printed after a heading's title are the unit's, and not its title's words; only
    when every part after the title is one."""
    heading = parse_unit_heading(text)
    assert heading is not None
    assert (heading.token, heading.title, heading.facts) == ("501", title, facts)


def test_a_heading_with_facts_and_a_table_that_says_otherwise(tmp_path: Path) -> None:
    """The unit's facts table overrides what its heading printed; what it does not say,
    the heading does. A reference before the heading's own words is its reference."""
    spec = read(tmp_path, h(2, "H/650/2114 – Unit 501 Leadership (Level 5, 4 credits, 30 GLH)")
                + tbl(tr("Credit value", "3")))
    assert [(u.reference, u.number, u.title, u.level, u.credit, u.glh) for u in spec.units] == [
        ("H/650/2114", "501", "Leadership", 5, 3, 30)]


def test_urn_in_brackets_after_the_title() -> None:
    heading = parse_unit_heading("Unit 501 Leadership and management (H/650/2114)")
    assert heading is not None
    assert (heading.number, heading.reference, heading.title) == (
        "501", "H/650/2114", "Leadership and management")


@pytest.mark.parametrize("text", ["Unit aim", "Units", "Unitary authorities", "Unit overview"])
def test_not_unit_headings(text: str) -> None:
    assert parse_unit_heading(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Group A: Mandatory units", GroupHeading("A", "Mandatory units", "mandatory")),
    ("Optional Group 01", GroupHeading("01", "Optional Group 01", "optional")),
    ("Mandatory units", GroupHeading("mandatory-units", "Mandatory units", "mandatory")),
    ("Group B", GroupHeading("B", "Group B", "optional")),
    ("Core units", GroupHeading("core-units", "Core units", "mandatory")),
    ("Mandatory and optional units", None),
    ("Group work", None),
    ("Learners must take all mandatory units.", None),
])
def test_group_headings(text: str, expected: GroupHeading | None) -> None:
    assert parse_group_heading(text) == expected


@pytest.mark.parametrize(("group_id", "name", "kind"), [
    ("A", "Mandatory units", "mandatory"), ("B", "Optional units", "optional"),
    ("mandatory-units", "Mandatory units", "mandatory"), ("7", "Pathway units", "mandatory"),
    ("01", "Optional Group 01", "optional"),
])
def test_group_heading_text_reads_back(group_id: str, name: str, kind: str) -> None:
    assert parse_group_heading(group_heading_text(group_id, name, kind)) == GroupHeading(
        group_id, name, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("LMAC5A/LM, LMAC5A/LM/B.2", [("LMAC5A/LM", "LMAC5A/LM"), ("LMAC5A/LM/B.2", "LMAC5A/LM/B.2")]),
    ("lmac5c/sg a6; A7 and B1", [("lmac5c/sg a6", "LMAC5C/SG/A.6"), ("A7", "LMAC5C/SG/A.7"),
                                  ("B1", "LMAC5C/SG/B.1")]),
    ("N/A", []),
    ("-", []),
    ("see unit 3", [("see unit 3", None)]),
    ("A2", [("A2", None)]),
])
def test_mapping_cells(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert list(split_mappings(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1. Understand", ("1", "Understand")), ("1 Understand", ("1", "Understand")),
    ("LO2: Lead", ("2", "Lead")), ("Learning outcome 3 - Know", ("3", "Know")),
    ("LO 1 – Understand", ("1", "Understand")), ("1 — Understand", ("1", "Understand")),
    ("Understand", (None, "Understand")), ("1.1 Explain", (None, "1.1 Explain")),
    ("(1) Understand", ("1", "Understand")), ("[2] Lead", ("2", "Lead")),
    ("(1.1) Explain", (None, "(1.1) Explain")),
])
def test_outcome_numbers(text: str, expected: tuple[str | None, str]) -> None:
    assert split_outcome_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.1 Explain", ("1.1", "Explain")), ("1.1. Explain", ("1.1", "Explain")),
    ("AC2.3 Lead", ("2.3", "Lead")), ("a) Describe", ("a", "Describe")),
    ("AC 1.1 – Explain", ("1.1", "Explain")), ("1.2 - Compare", ("1.2", "Compare")),
    ("Explain", (None, "Explain")), ("10 ways to lead", (None, "10 ways to lead")),
    ("Criterion 1.1 – Explain", ("1.1", "Explain")),
    ("Assessment criterion 2.3: Lead", ("2.3", "Lead")),
    ("Criteria for leading", (None, "Criteria for leading")),
    ("(1.1) Explain", ("1.1", "Explain")), ("[2.3] Lead", ("2.3", "Lead")),
    ("(a) Describe", ("a", "Describe")),
])
def test_criterion_numbers(text: str, expected: tuple[str | None, str]) -> None:
    assert split_criterion_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("950 hours", 950), ("Level 5", 5), ("1,000", 1000), ("TBC", None), ("", None),
    # a small number in words opening the value, as some cover pages and unit tables print it
    ("Five", 5), ("Level Five", 5), ("three credits", 3), ("Fivefold", None),
    ("To be confirmed: one", None)])
def test_first_int(text: str, expected: int | None) -> None:
    assert first_int(text) == expected


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (3, "decimal", "3"), (3, "lowerLetter", "c"), (28, "upperLetter", "BB"),
    (4, "lowerRoman", "iv"), (1994, "upperRoman", "MCMXCIV"), (7, "decimalZero", "07")])
def test_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_numbered_headings_rule_tables_and_a_repeated_unit_table(tmp_path: Path) -> None:
    facts = tbl(tr("Unit title", "Care planning"), tr("Unit reference number", "H/650/2114"))
    body = "".join([
        h(1, "3.2 Rules of combination"),
        p("Minimum credits: 95"),
        tbl(tr("Rule", "Credits"), tr("Mandatory units", "80")),
        h(1, "4 Unit 501 Care planning"),
        facts,
        tbl(LO_HEADER, tr("1. Plan care", "1.1 Write a plan", "")),
        p("Unit summary, repeated at the end of the unit:"),
        facts,
    ])
    spec = read(tmp_path, body)
    assert outline(spec) == [("H/650/2114", [("1", "Plan care", ["1.1 Write a plan"])])]
    assert spec.credits is None  # a rule in the structure section, not a key fact
    read_texts = [r.text for r in spec.combination.rules] + [
        u.text for u in spec.combination.unread]
    # The table's row restated as the sentence it stands for (see rules_tables.py).
    assert sorted(read_texts) == ["Learners must achieve 80 credits from the mandatory units.",
                                  "Minimum credits: 95"]


# -- anything Word could hold: a model or an InputError, never a traceback -------

FUZZ_TEXTS = ["Unit 501 Leadership", "Unit 3: Care", "Unit aim", "Mandatory units",
              "Optional Group 01", "Group B: Optional units", "Rules of combination",
              "Learners must achieve 20 credits from Group B.", "Key facts", "GLH: 480",
              "Level: five", "1. Understand", "1.1 Explain", "2.3", "LMAC5A/LM A1, A2", "N/A",
              "Learning outcomes - The learner will:", "Assessment criteria - The learner can:",
              "Unit title", "URN", "H/650/2114", "Credit value", "Rationale", "Superseded",
              "Qualification replaced", "", "  ", "LO1", "Barred with", "Unit", "Title"]


@st.composite
def fuzz_cells(draw: st.DrawFn, depth: int) -> str:
    content = [draw(fuzz_blocks(depth + 1))] if depth < 2 and draw(st.booleans()) else []
    content += [p(draw(st.sampled_from(FUZZ_TEXTS)),
                  num=draw(st.none() | st.tuples(st.integers(0, 5), st.integers(-1, 9))))]
    span = draw(st.sampled_from(["", '<w:gridSpan w:val="2"/>', '<w:gridSpan w:val="x"/>',
                                 '<w:gridSpan w:val="-3"/>']))
    merge = draw(st.sampled_from(["", "<w:vMerge/>", '<w:vMerge w:val="restart"/>',
                                  '<w:hMerge/>', '<w:hMerge w:val="restart"/>']))
    return f"<w:tc><w:tcPr>{span}{merge}</w:tcPr>{''.join(content)}</w:tc>"


@st.composite
def fuzz_blocks(draw: st.DrawFn, depth: int = 0) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["p", "h", "bold", "tbl", "sdt"] if depth < 2 else ["p"]))
        text = draw(st.sampled_from(FUZZ_TEXTS))
        if kind == "p":
            blocks.append(p(text, num=draw(st.none() | st.tuples(st.integers(0, 5),
                                                                 st.integers(0, 9)))))
        elif kind == "h":
            blocks.append(h(draw(st.integers(1, 3)), text))
        elif kind == "bold":
            blocks.append(p(text, bold=True))
        elif kind == "sdt":
            blocks.append(f"<w:sdt><w:sdtContent>{draw(fuzz_blocks(depth + 1))}"
                          "</w:sdtContent></w:sdt>")
        else:
            rows = []
            for _ in range(draw(st.integers(0, 4))):
                header = "<w:trPr><w:tblHeader/><w:gridBefore w:val=\"1\"/></w:trPr>" \
                    if draw(st.booleans()) else ""
                cells = [draw(fuzz_cells(depth)) for _ in range(draw(st.integers(0, 4)))]
                rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
            blocks.append(tbl(*rows))
    return "".join(blocks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=fuzz_blocks())
def test_any_body_reads_or_fails_with_one_line(tmp_path_factory: pytest.TempPathFactory,
                                               body: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    try:
        read(folder, body, numbering=OUTCOME_NUMBERING, styles=LOCALISED_STYLES)
    except InputError as error:
        assert "\n" not in str(error)


def test_strict_open_xml(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    body = h(2, "Unit 1: Strict") + tbl(LO_HEADER, tr("1. Know", "1.1 Say", "LMAC5A"))
    spec = read_docx_spec(make_docx(tmp_path, body, ns=strict))
    assert outline(spec) == [("Unit 1", [("1", "Know", ["1.1 Say"])])]
