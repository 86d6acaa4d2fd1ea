"""The generated specimens: the conformant base and one specimen per defect.

Each :class:`Specimen` names the formats it is written in and a function
that makes its specification from the criteria. Every defect starts from
:func:`specimen_base.base_spec` and changes one thing an author could get
wrong; where that one thing moves hours, the rest of the document follows
it (unit hours, TQT, credits and the rules of combination agree), so that
the specimen shows its defect and nothing else. What each specimen must be
read as, and the exact findings it must give, are in specimens.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from specimen_base import (
    KNOWLEDGE_METHODS,
    MANDATORY,
    SERVICES,
    SUPERSEDED_TITLE,
    Hours,
    base_spec,
    combination_prose,
    glh_of,
    with_rules,
)

from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.spec import (
    AssessmentCriterion,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    Supersession,
    Unit,
)

Format = Literal["xml", "docx"]
Maker = Callable[[CriteriaSet], QualificationSpec]
#: A table added at the end of a specimen's DOCX: its heading and rows (header first).
Appendix = tuple[str, list[list[str]]]



def rationale(hours: Hours) -> str:
    """Northfield Awards' reason for putting ``hours.mandatory`` hours in the mandatory units."""
    return (f"Registered managers told us that the minimum content on safeguarding, mental "
            f"capacity and partnership working needs more time than the criteria allocate, so "
            f"our mandatory units carry {hours.mandatory} hours. Optional content is reduced "
            f"to {hours.optional_credits} credits accordingly, and learners still choose from "
            f"eleven optional units.")


@dataclass(frozen=True)
class Specimen:
    """A generated specimen: its name (the file stem), formats and how to make it."""

    name: str
    formats: tuple[Format, ...]
    make: Maker
    #: What the DOCX writer cannot lay out itself, added after the units (DOCX only).
    appendix: Callable[[CriteriaSet], Appendix] | None = None
    #: A mapping grid kept beside the specification, as CSV text: written as
    #: NAME.mapping.csv, which a check joins onto NAME.xml and NAME.docx.
    grid: Callable[[CriteriaSet], str] | None = None


# -- editing helpers ------------------------------------------------------------


def _unit(spec: QualificationSpec, number: str) -> Unit:
    return next(u for u in spec.units if u.number == number)


def _with_unit(spec: QualificationSpec, number: str, **changes: Any) -> QualificationSpec:
    """``spec`` with the unit numbered ``number`` changed."""
    units = [replace(u, **changes) if u.number == number else u for u in spec.units]
    return replace(spec, **{"units": units})


def _with_outcome(spec: QualificationSpec, number: str, outcome: int,
                  **changes: Any) -> QualificationSpec:
    """``spec`` with outcome ``outcome`` (1-based position) of unit ``number`` changed."""
    unit = _unit(spec, number)
    outcomes = [replace(o, **changes) if i == outcome else o
                for i, o in enumerate(unit.outcomes, 1)]
    return _with_unit(spec, number, outcomes=outcomes)


def _rebuilt(spec: QualificationSpec, hours: Hours) -> QualificationSpec:
    """``spec`` with TQT, credits, GLH and rules of combination restated for its units."""
    mandatory = [u for u in spec.units if u.group == MANDATORY.id]
    spec = replace(spec, **{
        "tqt": hours.tqt, "credits": hours.credits,
        "glh": sum(u.glh or 0 for u in mandatory) + glh_of(hours.optional_credits * 10)})
    return with_rules(spec, combination_prose(hours, spec.units))


# -- the specimens --------------------------------------------------------------


def conformant(criteria: CriteriaSet) -> QualificationSpec:
    return base_spec(criteria)


def tqt_above_band(criteria: CriteriaSet) -> QualificationSpec:
    """The rules require 18 optional credits: TQT 960."""
    return base_spec(criteria, Hours(optional_credits=18))


def tqt_below_band(criteria: CriteriaSet) -> QualificationSpec:
    """The rules require 10 optional credits: TQT 880."""
    return base_spec(criteria, Hours(optional_credits=10))


def mandatory_hours_below_band(criteria: CriteriaSet) -> QualificationSpec:
    """The mandatory units carry 740 hours; 16 optional credits keep TQT at 900."""
    return base_spec(criteria, Hours(mandatory=740, optional_credits=16))


def mandatory_hours_above_band(criteria: CriteriaSet) -> QualificationSpec:
    """820 mandatory hours, with a rationale; 10 optional credits keep TQT at 920."""
    hours = Hours(mandatory=820, optional_credits=10)
    return replace(base_spec(criteria, hours), **{"rationale": rationale(hours)})


def missing_rationale(criteria: CriteriaSet) -> QualificationSpec:
    """The same 820 mandatory hours, without the rationale the criteria ask for."""
    return base_spec(criteria, Hours(mandatory=820, optional_credits=10))


def optional_hours_above_band(criteria: CriteriaSet) -> QualificationSpec:
    """The rules of combination require 21 optional credits (210 hours)."""
    return base_spec(criteria, Hours(mandatory=750, optional_credits=21))


def optional_hours_below_band(criteria: CriteriaSet) -> QualificationSpec:
    """810 mandatory hours and 9 optional credits (90 hours), with a rationale."""
    hours = Hours(mandatory=810, optional_credits=9)
    return replace(base_spec(criteria, hours), **{"rationale": rationale(hours)})


def reduced_optional_hours_without_rationale(criteria: CriteriaSet) -> QualificationSpec:
    """The same 810 mandatory hours and 9 optional credits, without a rationale."""
    return base_spec(criteria, Hours(mandatory=810, optional_credits=9))


def pathway_breaks_band(criteria: CriteriaSet) -> QualificationSpec:
    """Two pathways; the specialist one (14 credits from Group B, plus Group C's 3) reaches 970.

    The general pathway stays inside the band, so the usual route hides the problem.
    """
    spec = base_spec(criteria)
    return with_rules(spec, [
        *combination_prose(Hours(), spec.units),
        "Learners must choose one pathway.",
        "Pathway 1: General management: learners must achieve a minimum of 14 credits from "
        "the optional units.",
        "Pathway 2: Specialist services: learners must achieve a minimum of 14 credits from "
        "Group B."])


def tqt_not_mandatory_plus_optional(criteria: CriteriaSet) -> QualificationSpec:
    """TQT and credits stated as 930 and 93, but the units and rules give 920."""
    return replace(base_spec(criteria), **{"tqt": 930, "credits": 93})


def mandatory_group_does_not_add_up(criteria: CriteriaSet) -> QualificationSpec:
    """The rules say 80 mandatory credits; the mandatory units add up to 78."""
    spec = base_spec(criteria)
    return with_rules(spec, [
        "Learners must achieve a minimum of 92 credits: 80 credits from the mandatory units "
        "and a minimum of 12 credits from the optional units.",
        *combination_prose(Hours(), spec.units)[1:]])


def optional_hours_not_stated(criteria: CriteriaSet) -> QualificationSpec:
    """The rules state the mandatory credits only: nothing says how many optional ones to take.

    Read as stated, a learner may then finish with the mandatory units alone.
    """
    spec = base_spec(criteria)
    return with_rules(spec, ["Learners must achieve 78 credits from the mandatory units.",
                             *combination_prose(Hours(), spec.units)[2:]])


def unreadable_rules_of_combination(criteria: CriteriaSet) -> QualificationSpec:
    """Group C's rule is a fraction of the optional credits, which the reader does not guess."""
    spec = base_spec(criteria)
    prose = combination_prose(Hours(), spec.units)
    prose[1] = "Up to half of the optional credits may come from Group C."
    return with_rules(spec, prose)


def no_optional_units(criteria: CriteriaSet) -> QualificationSpec:
    """Every unit is mandatory: 920 hours across 21 units, no optional groups."""
    spec = base_spec(criteria, Hours(mandatory=920, optional_credits=0))
    units = [u for u in spec.units if u.group == MANDATORY.id]
    spec = replace(spec, **{"units": units, "groups": [MANDATORY]})
    return with_rules(spec, ["Learners must achieve 92 credits from the mandatory units."])


def no_genuine_choice(criteria: CriteriaSet) -> QualificationSpec:
    """The optional units offered add up to exactly the 14 credits learners must take."""
    spec = base_spec(criteria)
    keep = {"601", "602", "603", "651"}
    units = [u for u in spec.units if u.group == MANDATORY.id or u.number in keep]
    spec = replace(spec, **{"units": units})
    return with_rules(spec, combination_prose(Hours(), units))


def pathway_unsatisfiable(criteria: CriteriaSet) -> QualificationSpec:
    """The rules ask for 13 credits from Group C: its units offer 15, but 12 with the bar."""
    spec = base_spec(criteria)
    prose = combination_prose(Hours(), spec.units)
    prose[1] = "A minimum of 13 credits must be achieved from Group C."
    return with_rules(spec, prose)


def optional_unit_without_hours(criteria: CriteriaSet) -> QualificationSpec:
    """An optional unit states its guided learning hours but neither TQT nor credit."""
    return _with_unit(base_spec(criteria), "654", tqt=None, credit=None)


def no_qualification_number(criteria: CriteriaSet) -> QualificationSpec:
    """A new qualification not yet on the Register: no number to state (information only)."""
    return replace(base_spec(criteria), **{"qualification_number": None})


def qualification_number_format(criteria: CriteriaSet) -> QualificationSpec:
    spec = base_spec(criteria)
    number = spec.qualification_number or ""
    return replace(spec, **{"qualification_number": number.replace("/", "", 1)})


def qualification_number_check_character(criteria: CriteriaSet) -> QualificationSpec:
    """Two digits transposed: 610/4271/1 for 610/4217/1."""
    spec = base_spec(criteria)
    return replace(spec, **{"qualification_number": "610/4271/1"})


def title_wrong(criteria: CriteriaSet) -> QualificationSpec:
    """The title of the 2022-26 qualification this one replaces."""
    return replace(base_spec(criteria), **{"title": SUPERSEDED_TITLE})


def title_near_miss(criteria: CriteriaSet) -> QualificationSpec:
    spec = base_spec(criteria)
    title = (spec.title or "").replace("an Adult Care Service", "Adult Care Services")
    return replace(spec, **{"title": title})


def title_not_stated(criteria: CriteriaSet) -> QualificationSpec:
    return replace(base_spec(criteria), **{"title": None})


def tqt_not_stated(criteria: CriteriaSet) -> QualificationSpec:
    return replace(base_spec(criteria), **{"tqt": None})


def glh_not_stated(criteria: CriteriaSet) -> QualificationSpec:
    return replace(base_spec(criteria), **{"glh": None})


def level_not_stated(criteria: CriteriaSet) -> QualificationSpec:
    return replace(base_spec(criteria), **{"level": None})


def glh_above_tqt(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 508 (Safeguarding) states 46 GLH in a TQT of 40: the figures were swapped."""
    return _with_unit(base_spec(criteria), "508", glh=46)


def credit_not_tqt_over_ten(criteria: CriteriaSet) -> QualificationSpec:
    """The qualification states 90 credits for a TQT of 920."""
    return replace(base_spec(criteria), **{"credits": 90})


def unit_credits_swapped(criteria: CriteriaSet) -> QualificationSpec:
    """Units 501 (TQT 30) and 502 (TQT 50) carry each other's credit values."""
    spec = base_spec(criteria)
    first, second = _unit(spec, "501"), _unit(spec, "502")
    spec = _with_unit(spec, "501", credit=second.credit)
    return _with_unit(spec, "502", credit=first.credit)


def tqt_typed_as_credits(criteria: CriteriaSet) -> QualificationSpec:
    """The TQT fact holds the credit value, 92, so the Diploma looks like an Award."""
    return replace(base_spec(criteria), **{"tqt": 92})


def unit_without_credit(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 515 states its TQT but no credit value."""
    return _with_unit(base_spec(criteria), "515", credit=None)


def supersedes_without_withdrawal_plan(criteria: CriteriaSet) -> QualificationSpec:
    spec = base_spec(criteria)
    old = spec.supersedes[0]
    return replace(spec, **{"supersedes": [
        Supersession(title=old.title, qualification_number=old.qualification_number)]})


def subtopic_not_covered(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 517 (Health and wellbeing) carries unit 516's code, LMAC5F/PC, copied with its table."""
    spec = base_spec(criteria)
    unit = _unit(spec, "517")
    return _with_unit(spec, "517", mappings=[_mapping("LMAC5F/PC")],
                      outcomes=_unmapped(unit.outcomes))


def topic_not_covered(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 519 (Health and safety), the only unit of topic G, names no criteria anywhere.

    Its aim no longer names the code either: a sentence claiming a code maps the unit.
    """
    spec = base_spec(criteria)
    unit = _unit(spec, "519")
    aim = (unit.aim or "").split(" It covers ")[0]
    return _with_unit(spec, "519", mappings=[], outcomes=_unmapped(unit.outcomes), aim=aim)


def mappings_not_found(criteria: CriteriaSet) -> QualificationSpec:
    """No unit names the criteria anywhere: the mapping was kept in a grid not submitted."""
    spec = base_spec(criteria)
    units = [replace(u, **{"mappings": [], "outcomes": _unmapped(u.outcomes),
                                  "aim": (u.aim or "").split(" It covers ")[0] or None})
             for u in spec.units]
    return replace(spec, **{"units": units})


#: Unit 501's criteria, mapped in an appendix grid instead of in its own grid.
_GRID_UNIT = "501"
#: The criterion the grid's last row names by mistake (unit 501 has 1.1-1.5 and 2.1-2.7).
_GRID_WRONG_CRITERION = "2.9"


def mapped_in_appendix(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 501's criteria carry no references in its grid: the appendix grid maps them."""
    spec = base_spec(criteria)
    unit = _unit(spec, _GRID_UNIT)
    return _with_unit(spec, _GRID_UNIT, outcomes=_unmapped(unit.outcomes))


def appendix_grid(criteria: CriteriaSet) -> Appendix:
    """A criteria-major grid of unit 501's criteria; its last row names criterion 2.9."""
    unit = _unit(base_spec(criteria), _GRID_UNIT)
    rows = [[m.raw, _GRID_UNIT, c.number] for o in unit.outcomes for c in o.criteria
            for m in c.mappings]
    rows[-1][2] = _GRID_WRONG_CRITERION
    return ("Appendix 1: Mapping to the Skills for Care criteria",
            [["Criteria code", "Unit number", "Assessment criterion"], *rows])


def unreadable_table(criteria: CriteriaSet) -> Appendix:
    """A table of references whose columns say nothing the reader knows."""
    unit = _unit(base_spec(criteria), "508")
    refs = [m.raw for o in unit.outcomes for c in o.criteria for m in c.mappings][:4]
    return ("Appendix 2: Cross-references",
            [["Ref", "Where"], *([ref, "See the centre handbook"] for ref in refs)])


def optional_only_coverage(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 515 (Handling information) is moved into optional Group B; the rules follow.

    Its 30 hours move with it: 750 mandatory hours and 17 optional credits keep TQT at 920.
    """
    spec = _with_unit(base_spec(criteria), "515", group=SERVICES.id)
    return _rebuilt(spec, Hours(mandatory=750, optional_credits=17))


def subtopic_split_across_units(criteria: CriteriaSet) -> QualificationSpec:
    """Outcome 2 of unit 515 (Handling information) moves to unit 514 (Effective communication).

    Its 10 hours move with it (unit 514: 50, unit 515: 20), so the mandatory total stays
    780. Unit 515 no longer carries the sub-topic's code, which would claim outcome B for it.
    """
    spec = base_spec(criteria)
    communication, information = _unit(spec, "514"), _unit(spec, "515")
    moved = information.outcomes[1]
    number = str(len(communication.outcomes) + 1)
    moved = replace(moved, **{
        "number": number,
        "criteria": [replace(c, **{"number": f"{number}.{c.number.split('.')[1]}"})
                     for c in moved.criteria]})
    hours = 10
    spec = _with_unit(spec, "514", outcomes=[*communication.outcomes, moved],
                      **_hours_of((communication.tqt or 0) + hours),
                      aim=(communication.aim or "").replace("LMAC5E/EC",
                                                            "LMAC5E/EC and LMAC5E/HI/B"))
    # What stays in unit 515 is knowledge only, so it is assessed as knowledge.
    return _with_unit(spec, "515", outcomes=information.outcomes[:1], mappings=[],
                      assessment_methods=list(KNOWLEDGE_METHODS),
                      **_hours_of((information.tqt or 0) - hours),
                      aim=(information.aim or "").replace("LMAC5E/HI", "LMAC5E/HI/A"))


def _hours_of(tqt: int) -> dict[str, int]:
    """A unit's TQT, credit and GLH for ``tqt`` hours, sized as the base specimen sizes them."""
    return {"tqt": tqt, "credit": tqt // 10, "glh": glh_of(tqt)}


def mapping_to_unknown_reference(criteria: CriteriaSet) -> QualificationSpec:
    """Criterion 2.3 of unit 508 maps to LMAC5C/SG/B.9; outcome B has 7 items."""
    spec = base_spec(criteria)
    outcome = _unit(spec, "508").outcomes[1]
    criteria_list = [replace(c, **{"mappings": [_mapping("LMAC5C/SG/B.9")]})
                     if c.number == "2.3" else c for c in outcome.criteria]
    return _with_outcome(spec, "508", 2, criteria=criteria_list)


def skills_without_workplace_assessment(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 505 (Team leadership, all skills) is assessed by portfolio and assignment only."""
    return _with_unit(base_spec(criteria), "505",
                      assessment_methods=["Portfolio of evidence", "Written assignment"])


def unit_reference_missing(criteria: CriteriaSet) -> QualificationSpec:
    return _with_unit(base_spec(criteria), "511", reference=None)


def unit_reference_format(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 512's URN lost a digit: H/651/441."""
    return _with_unit(base_spec(criteria), "512", reference="H/651/441")


def duplicate_urn(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 514 carries the URN of unit 513, copied with its table."""
    spec = base_spec(criteria)
    return _with_unit(spec, "514", reference=_unit(spec, "513").reference)


def unit_level_missing(criteria: CriteriaSet) -> QualificationSpec:
    return _with_unit(base_spec(criteria), "606", level=None)


def unit_without_outcomes(criteria: CriteriaSet) -> QualificationSpec:
    """Optional unit 655 has its key facts but no learning outcomes."""
    return _with_unit(base_spec(criteria), "655", outcomes=[])


def outcome_without_criteria(criteria: CriteriaSet) -> QualificationSpec:
    """Outcome 2 of optional unit 603 has lost its assessment criteria."""
    return _with_outcome(base_spec(criteria), "603", 2, criteria=[])


def outcome_numbering_gap(criteria: CriteriaSet) -> QualificationSpec:
    """Unit 513 numbers its outcomes (and their criteria) 1, 2, 4, 5: a renumbering slip."""
    spec = base_spec(criteria)
    unit = _unit(spec, "513")
    outcomes = []
    for position, outcome in enumerate(unit.outcomes, 1):
        number = position + 1 if position >= 3 else position
        outcomes.append(replace(outcome, **{
            "number": str(number),
            "criteria": [replace(c, **{"number": f"{number}.{c.number.split('.')[1]}"})
                         for c in outcome.criteria]}))
    return _with_unit(spec, "513", outcomes=outcomes)


def criteria_numbering_repeat(criteria: CriteriaSet) -> QualificationSpec:
    """Outcome 1 of unit 509 numbers its criteria 1.1, 1.2, 1.2, 1.4, ..."""
    spec = base_spec(criteria)
    outcome = _unit(spec, "509").outcomes[0]
    renumbered = [replace(c, **{"number": "1.2"}) if c.number == "1.3" else c
                  for c in outcome.criteria]
    return _with_outcome(spec, "509", 1, criteria=renumbered)


def unit_in_no_group(criteria: CriteriaSet) -> QualificationSpec:
    """Optional unit 605 is described but missing from every group's unit list."""
    return _with_unit(base_spec(criteria), "605", group=None)


def claims_do_not_match(criteria: CriteriaSet) -> QualificationSpec:
    """Two slips a mapping grid copied between units invites.

    Unit 501's mapping column has slipped by one row in outcome 1 (AC 1.1 claims A.2,
    ..., AC 1.5 claims A.1), and in unit 508 an assessment criterion copied from a
    finance unit, "Monitor budgets against spend", replaced the first safeguarding
    criterion while keeping its mapping.
    """
    spec = base_spec(criteria)
    leadership = _unit(spec, "501").outcomes[0]
    count = len(leadership.criteria)
    slipped = [replace(c, **{"mappings": [_mapping(leadership.criteria[(i + 1) % count]
                                                    .mappings[0].raw)]})
               for i, c in enumerate(leadership.criteria)]
    spec = _with_outcome(spec, "501", 1, criteria=slipped)
    safeguarding = _unit(spec, "508").outcomes[0]
    copied = [replace(c, **{"text": "Monitor budgets against spend"}) if i == 0 else c
              for i, c in enumerate(safeguarding.criteria)]
    return _with_outcome(spec, "508", 1, criteria=copied)


def grid_contradicts_mapping(criteria: CriteriaSet) -> QualificationSpec:
    """The conformant base; its mapping grid beside it (see :func:`contradicting_grid`)."""
    return base_spec(criteria)


def contradicting_grid(criteria: CriteriaSet) -> str:
    """A grid kept beside the specification that disagrees with unit 502's own mapping.

    It maps unit 502's AC 1.1 to LMAC5A/GR/A.3 where the unit says LMAC5A/GR/A.1, and
    confirms AC 1.2 as the unit maps it.
    """
    return ("Unit,Assessment criterion,Skills for Care criteria\r\n"
            "502,1.1,LMAC5A/GR/A.3\r\n"
            "502,1.2,LMAC5A/GR/A.2\r\n")


def _mapping(ref: str) -> Mapping:
    """A mapping written in canonical form (a reference need not exist to be canonical)."""
    return Mapping(raw=ref, ref=ref)


def _unmapped(outcomes: list[LearningOutcome]) -> list[LearningOutcome]:
    return [replace(o, **{
        "mappings": [],
        "criteria": [AssessmentCriterion(number=c.number, text=c.text) for c in o.criteria]})
        for o in outcomes]


SPECIMENS: tuple[Specimen, ...] = (
    Specimen("conformant", ("xml", "docx"), conformant),
    Specimen("mappings-not-found", ("docx",), mappings_not_found),
    Specimen("mapping-grid-names-unknown-criterion", ("docx",), mapped_in_appendix,
             appendix_grid),
    Specimen("table-not-understood", ("docx",), conformant, unreadable_table),
    Specimen("tqt-above-band", ("xml", "docx"), tqt_above_band),
    Specimen("tqt-below-band", ("xml",), tqt_below_band),
    Specimen("mandatory-hours-below-band", ("xml",), mandatory_hours_below_band),
    Specimen("mandatory-hours-above-band", ("xml",), mandatory_hours_above_band),
    Specimen("missing-rationale", ("docx",), missing_rationale),
    Specimen("optional-hours-above-band", ("xml", "docx"), optional_hours_above_band),
    Specimen("optional-hours-below-band", ("xml",), optional_hours_below_band),
    Specimen("reduced-optional-hours-without-rationale", ("docx",),
             reduced_optional_hours_without_rationale),
    Specimen("pathway-breaks-band", ("docx",), pathway_breaks_band),
    Specimen("tqt-not-mandatory-plus-optional", ("xml",), tqt_not_mandatory_plus_optional),
    Specimen("mandatory-group-does-not-add-up", ("docx",), mandatory_group_does_not_add_up),
    Specimen("optional-hours-not-stated", ("docx",), optional_hours_not_stated),
    Specimen("unreadable-rules-of-combination", ("docx",), unreadable_rules_of_combination),
    Specimen("no-optional-units", ("xml",), no_optional_units),
    Specimen("no-genuine-choice", ("xml", "docx"), no_genuine_choice),
    Specimen("pathway-unsatisfiable", ("xml",), pathway_unsatisfiable),
    Specimen("optional-unit-without-hours", ("xml",), optional_unit_without_hours),
    Specimen("no-qualification-number", ("xml",), no_qualification_number),
    Specimen("qualification-number-format", ("docx",), qualification_number_format),
    Specimen("qualification-number-check-character", ("xml", "docx"),
             qualification_number_check_character),
    Specimen("title-wrong", ("xml",), title_wrong),
    Specimen("title-near-miss", ("xml", "docx"), title_near_miss),
    Specimen("title-not-stated", ("docx",), title_not_stated),
    Specimen("tqt-not-stated", ("xml",), tqt_not_stated),
    Specimen("glh-not-stated", ("xml",), glh_not_stated),
    Specimen("level-not-stated", ("docx",), level_not_stated),
    Specimen("glh-above-tqt", ("xml",), glh_above_tqt),
    Specimen("credit-not-tqt-over-ten", ("xml", "docx"), credit_not_tqt_over_ten),
    Specimen("unit-credits-swapped", ("xml",), unit_credits_swapped),
    Specimen("tqt-typed-as-credits", ("docx",), tqt_typed_as_credits),
    Specimen("unit-without-credit", ("xml",), unit_without_credit),
    Specimen("supersedes-without-withdrawal-plan", ("xml",), supersedes_without_withdrawal_plan),
    Specimen("subtopic-not-covered", ("xml",), subtopic_not_covered),
    Specimen("topic-not-covered", ("xml", "docx"), topic_not_covered),
    Specimen("optional-only-coverage", ("xml", "docx"), optional_only_coverage),
    Specimen("subtopic-split-across-units", ("xml",), subtopic_split_across_units),
    Specimen("mapping-to-unknown-reference", ("xml", "docx"), mapping_to_unknown_reference),
    Specimen("skills-without-workplace-assessment", ("xml", "docx"),
             skills_without_workplace_assessment),
    Specimen("unit-reference-missing", ("docx",), unit_reference_missing),
    Specimen("unit-reference-format", ("xml",), unit_reference_format),
    Specimen("duplicate-urn", ("xml", "docx"), duplicate_urn),
    Specimen("unit-level-missing", ("xml",), unit_level_missing),
    Specimen("unit-without-outcomes", ("docx",), unit_without_outcomes),
    Specimen("outcome-without-criteria", ("xml",), outcome_without_criteria),
    Specimen("outcome-numbering-gap", ("xml", "docx"), outcome_numbering_gap),
    Specimen("criteria-numbering-repeat", ("xml",), criteria_numbering_repeat),
    Specimen("unit-in-no-group", ("docx",), unit_in_no_group),
    Specimen("claims-do-not-match", ("xml",), claims_do_not_match),
    Specimen("grid-contradicts-mapping", ("xml",), grid_contradicts_mapping,
             grid=contradicting_grid),
)
