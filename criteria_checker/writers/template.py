"""A starting specification for authors, built from the criteria.

:func:`build_template` gives a QualificationSpec that already meets the
criteria's structure, for an author to edit:

- one mandatory unit per sub-topic, titled after it, declaring the
  sub-topic code, with one learning outcome per criteria outcome and one
  assessment criterion per item (its bullets as further lines), each
  criterion mapped to its item;
- an optional group of placeholder units named after the criteria's
  recommended optional content areas, of which learners take all but one,
  so the choice is genuine;
- rules of combination stating the credits, as prose the DOCX reader reads;
- placeholder hours in whole tens (so credits are exact), adding up inside
  the criteria's bands: mandatory units near the middle of the
  minimum-content band, optional content filling the TQT band's middle.

Every number comes from the criteria data. The DOCX writer writes the
template and the reader reads it back to the same model (locations aside).

:func:`build_mapping_grid` gives an empty mapping grid instead: an Excel
workbook listing every criteria item (reference and text) with empty Unit,
Learning outcome and Assessment criterion columns to fill, which
``check --mapping`` reads back (docs/mapping-grids.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from criteria_checker.model.spec import (
    AssessmentCriterion,
    CreditRule,
    Group,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    RulesOfCombination,
    Supersession,
    Unit,
)

if TYPE_CHECKING:
    from criteria_checker.model.criteria import Band, CriteriaSet, SubTopic

MANDATORY_GROUP = Group(id="A", name="Mandatory units", kind="mandatory")
OPTIONAL_GROUP = Group(id="B", name="Optional units", kind="optional")
#: Placeholder optional units; learners take all but one of them.
OPTIONAL_UNITS = 3
#: Guided learning as tenths of each unit's TQT, a placeholder for authors to replace.
GLH_TENTHS = 7
FIRST_UNIT_NUMBER = 501
PLACEHOLDER_AO = "Awarding organisation name"
WITHDRAWAL_PLACEHOLDER = ("Describe the plan to close this qualification to new learners and "
                          "withdraw it from the market.")
OPTIONAL_AIM = "Replace with the aim of this optional unit."
OPTIONAL_OUTCOME = "Replace with a learning outcome."
OPTIONAL_CRITERION = "Replace with an assessment criterion."
#: "1.3 Health and social care" is the sector subject area of adult care qualifications.
SECTOR_SUBJECT_AREA = "1.3 Health and social care"
#: The mapping grid's columns: what the criteria give, then what the author fills in.
GRID_HEADER = ("Criteria reference", "Item text", "Unit", "Learning outcome",
               "Assessment criterion")
GRID_SHEET = "Mapping"
#: Column widths of the grid, in characters.
_GRID_WIDTHS = (18, 70, 22, 18, 22)
#: When the grid says it was made: fixed, so the same criteria give the same bytes.
_GRID_DATE = (2000, 1, 1)


def build_template(criteria: CriteriaSet) -> QualificationSpec:
    """A starting specification for ``criteria`` (see the module docstring)."""
    subtopics = list(criteria.subtopics())
    mandatory_credits = _round_to_ten(_middle(criteria.hours.minimum_content)) // 10
    tqt_credits = _round_to_ten(_middle(criteria.hours.tqt)) // 10
    optional_credits = _optional_credits(tqt_credits - mandatory_credits,
                                         criteria.hours.optional_content)
    per_unit = _spread(mandatory_credits, len(subtopics))
    taken = OPTIONAL_UNITS - 1
    optional_unit_credits = -(-optional_credits // taken)  # ceiling
    optional_credits = optional_unit_credits * taken

    units = [_mandatory_unit(sub, FIRST_UNIT_NUMBER + i, credits, criteria.qualification.level)
             for i, (sub, credits) in enumerate(zip(subtopics, per_unit, strict=True))]
    titles = _optional_titles(criteria)
    units += [_optional_unit(title, FIRST_UNIT_NUMBER + len(subtopics) + i, optional_unit_credits,
                             criteria.qualification.level)
              for i, title in enumerate(titles)]

    mandatory_glh = sum(u.glh or 0 for u in units if u.group == MANDATORY_GROUP.id)
    optional_glh = _glh(optional_unit_credits * 10) * taken
    total_credits = mandatory_credits + optional_credits
    rules = RulesOfCombination(rules=[
        CreditRule(min_credits=total_credits),
        CreditRule(groups=[MANDATORY_GROUP.id], min_credits=mandatory_credits,
                   max_credits=mandatory_credits),
        CreditRule(groups=[OPTIONAL_GROUP.id], min_credits=optional_credits),
    ])
    groups = [MANDATORY_GROUP, OPTIONAL_GROUP]
    return QualificationSpec(
        file=f"{criteria.id}-template.docx",
        format="docx",
        awarding_organisation=PLACEHOLDER_AO,
        title=criteria.qualification.accepted_title,
        level=criteria.qualification.level,
        tqt=total_credits * 10,
        glh=mandatory_glh + optional_glh,
        credits=total_credits,
        criteria_set=criteria.id,
        facts={"Sector subject area": SECTOR_SUBJECT_AREA},
        groups=groups,
        combination=_as_read(rules, groups, units),
        units=units,
        supersedes=[Supersession(title=title, withdrawal_plan=WITHDRAWAL_PLACEHOLDER)
                    for title in criteria.qualification.supersedes],
    )


def _mandatory_unit(sub: SubTopic, number: int, credits: int, level: int) -> Unit:
    outcomes = []
    for i, outcome in enumerate(sub.outcomes, 1):
        criteria = [
            AssessmentCriterion(
                number=f"{i}.{j}",
                text="\n".join([item.text, *item.bullets]),
                mappings=[_mapping(f"{sub.code}/{outcome.letter}.{item.number}")],
            )
            for j, item in enumerate(outcome.items, 1)
        ]
        outcomes.append(LearningOutcome(number=str(i), text=outcome.statement, criteria=criteria))
    skills = any(o.kind == "skill" for o in sub.outcomes)
    methods = ["Portfolio of evidence"]
    if skills:
        methods.append("Direct observation of practice in the workplace")
    return Unit(
        number=str(number),
        title=sub.title,
        level=level,
        glh=_glh(credits * 10),
        tqt=credits * 10,
        credit=credits,
        group=MANDATORY_GROUP.id,
        aim=f"This unit covers the {sub.code} qualification criteria: {sub.title}.",
        assessment_methods=methods,
        mappings=[_mapping(sub.code)],
        outcomes=outcomes,
    )


def _optional_unit(title: str, number: int, credits: int, level: int) -> Unit:
    return Unit(
        number=str(number),
        title=title,
        level=level,
        glh=_glh(credits * 10),
        tqt=credits * 10,
        credit=credits,
        group=OPTIONAL_GROUP.id,
        aim=OPTIONAL_AIM,
        assessment_methods=["Portfolio of evidence"],
        outcomes=[LearningOutcome(number="1", text=OPTIONAL_OUTCOME, criteria=[
            AssessmentCriterion(number="1.1", text=OPTIONAL_CRITERION)])],
    )


def _optional_titles(criteria: CriteriaSet) -> list[str]:
    """Titles from the recommended optional content areas, then numbered placeholders."""
    titles = [area.heading.rstrip(" :") for area in criteria.optional_content_areas]
    titles = [t for t in dict.fromkeys(titles) if t][:OPTIONAL_UNITS]
    titles += [f"Optional unit {i}" for i in range(len(titles) + 1, OPTIONAL_UNITS + 1)]
    return titles


def _as_read(rules: RulesOfCombination, groups: list[Group],
             units: list[Unit]) -> RulesOfCombination:
    """The rules as the reader will read back the sentences written for them (with ``text``)."""
    from criteria_checker.readers.docx.combination import combination_sentences, read_combination

    return read_combination([(s, None) for s in combination_sentences(rules, groups)],
                            groups, units)


def _mapping(ref: str) -> Mapping:
    return Mapping(raw=ref, ref=ref)


def _middle(band: Band) -> int:
    return (band.min + band.max) // 2


def _round_to_ten(hours: int) -> int:
    return (hours + 5) // 10 * 10


def _optional_credits(wanted: int, band: Band) -> int:
    low, high = -(-band.min // 10), band.max // 10
    return min(max(wanted, low), high)


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole numbers differing by at most one, larger first."""
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]


def _glh(tqt: int) -> int:
    return tqt * GLH_TENTHS // 10


def build_mapping_grid(criteria: CriteriaSet) -> bytes:
    """An empty mapping grid for ``criteria`` as .xlsx bytes (see the module docstring).

    One row per criteria item in criteria order: its reference, its text
    (bullets as further lines), and empty columns for the unit, learning
    outcome and assessment criterion that cover it. The header row is frozen.
    The same criteria give the same bytes.
    """
    import datetime as dt

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.title = GRID_SHEET
    sheet.append(list(GRID_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for topic in criteria.topics:
        for sub in topic.subtopics:
            for outcome in sub.outcomes:
                for item in outcome.items:
                    ref = f"{sub.code}/{outcome.letter}.{item.number}"
                    sheet.append([ref, "\n".join([item.text, *item.bullets])])
                    row = sheet.max_row
                    for column in (1, 2):
                        cell = sheet.cell(row=row, column=column)
                        cell.data_type = "s"  # text, even if it begins with "="
                        cell.alignment = wrap
    for index, width in enumerate(_GRID_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(GRID_HEADER) - 1)}{sheet.max_row}"
    made = dt.datetime(*_GRID_DATE)
    book.properties.creator = criteria.id
    book.properties.created = book.properties.modified = made
    return _fixed_workbook(book)


def _fixed_workbook(book: Any) -> bytes:
    """The workbook's bytes with nothing that changes from run to run (times, entry dates)."""
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    from criteria_checker.writers.docx_writer import fixed_zip

    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the time of saving.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return fixed_zip(buffer.getvalue())
