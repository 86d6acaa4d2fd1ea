"""The conformant base specimen: Northfield Awards' Level 5 Diploma, built from the template.

:func:`base_spec` starts from :func:`criteria_checker.writers.template.build_template`
(one mandatory unit per sub-topic, declaring its code, one learning outcome
per criteria outcome and one assessment criterion per item, each mapped to
its item) and fills in what an awarding organisation adds: its name and
qualification number, unit reference numbers, hours sized to each unit's
content, assessment methods, two optional groups with a genuine choice,
rules of combination in prose, and the withdrawal plan of the qualification
it supersedes.

The hour allocation is a parameter (:class:`Hours`), so a specimen that
moves hours (TQT above the band, too few mandatory hours, ...) is still a
coherent document: its unit hours, credits, TQT, GLH and rules of
combination agree with one another, and only the defect it shows is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.spec import (
    AssessmentCriterion,
    Group,
    LearningOutcome,
    QualificationSpec,
    RulesOfCombination,
    Supersession,
    Unit,
)
from criteria_checker.readers.docx.combination import read_combination
from criteria_checker.writers.template import build_template

AWARDING_ORGANISATION = "Northfield Awards"
TITLE = ("Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service "
         "(England)")
#: The first seven digits of the qualification number; the check character is computed.
QN_DIGITS = "6104217"
SUPERSEDED_TITLE = ("Northfield Awards Level 5 Diploma in Leadership and Management for Adult "
                    "Care (England)")
SUPERSEDED_QN_DIGITS = "6033725"
WITHDRAWAL_PLAN = ("The superseded qualification closes to new registrations on 31 August 2026, "
                   "six months after this qualification opens. Learners already registered may "
                   "complete it until its certification end date of 31 August 2028.")
FACTS = {
    "Sector subject area": "1.3 Health and Social Care",
    "Age range": "19+",
    "Assessment": "Portfolio of evidence, including direct observation of practice in the "
                  "workplace; written assignments",
    "Grading": "Pass/Fail",
}

MANDATORY = Group(id="A", name="Mandatory units", kind="mandatory")
SERVICES = Group(id="B", name="Leading different services", kind="optional")
SKILLS = Group(id="C", name="Digital and management skills", kind="optional")
GROUPS = (MANDATORY, SERVICES, SKILLS)

#: Least credits from Group C in every version of the rules of combination.
SKILLS_MINIMUM = 3
#: Guided learning as a share of each unit's TQT (whole per cent).
GLH_PERCENT = 65
#: Letters of the unit reference numbers, in turn: Ofqual's check letters are not published.
URN_LETTERS = "HJKLMRTYADF"
FIRST_MANDATORY_URN = 4402
#: One mandatory unit per sub-topic of the criteria; optional URN letters continue after them.
MANDATORY_UNITS = 21
FIRST_OPTIONAL_URN = 4471
FIRST_OPTIONAL_NUMBER = {"B": 601, "C": 651}

KNOWLEDGE_METHODS = ("Portfolio of evidence", "Written assignment")
SKILLS_METHODS = ("Portfolio of evidence", "Written assignment",
                  "Direct observation of practice in the workplace")
OPTIONAL_METHODS = ("Portfolio of workplace evidence", "Professional discussion")


@dataclass(frozen=True)
class OptionalUnit:
    """An optional unit: title, the subject its outcomes speak of, credits and group."""

    title: str
    subject: str
    credits: int
    group: str


OPTIONAL_UNITS = (
    OptionalUnit("Leading and managing a domiciliary care service",
                 "the delivery of care and support in people's own homes", 4, "B"),
    OptionalUnit("Leading and managing a residential care service",
                 "care and support in a residential setting", 4, "B"),
    OptionalUnit("Leading and managing a Shared Lives service",
                 "Shared Lives arrangements", 3, "B"),
    OptionalUnit("Leading end of life care services",
                 "end of life care", 4, "B"),
    OptionalUnit("Leading positive behavioural support",
                 "positive behavioural support", 4, "B"),
    OptionalUnit("Leading services for people living with dementia",
                 "dementia care and support", 3, "B"),
    OptionalUnit("Leading the use of digital technology in adult care",
                 "the use of digital technology and assistive technology", 3, "C"),
    OptionalUnit("Coaching and mentoring in adult care",
                 "coaching and mentoring of the team", 3, "C"),
    OptionalUnit("Developing coaching practice in adult care",
                 "a coaching approach to team development", 3, "C"),
    OptionalUnit("Managing finance and budgets in adult care",
                 "financial planning and budget management", 3, "C"),
    OptionalUnit("Leading recruitment and selection in adult care",
                 "values-based recruitment and selection", 3, "C"),
)
#: Titles of the two coaching units, which cover the same ground: learners take one.
BARRED_PAIR = ("Coaching and mentoring in adult care", "Developing coaching practice in adult care")


@dataclass(frozen=True)
class Hours:
    """How a specimen allocates its hours; the base is 780 mandatory + 14 optional credits."""

    #: Hours of the mandatory units, in whole tens (credit is hours / 10).
    mandatory: int = 780
    #: Least credits a learner must take from the optional groups.
    optional_credits: int = 14

    @property
    def tqt(self) -> int:
        return self.mandatory + self.optional_credits * 10

    @property
    def credits(self) -> int:
        return self.tqt // 10


def check_character(digits: str) -> str:
    """The check character of a qualification number: (8*d1 + ... + 2*d7) mod 11, 10 as X."""
    total = sum(weight * int(d) for weight, d in zip(range(8, 1, -1), digits, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def qualification_number(digits: str) -> str:
    """'6104217' -> '610/4217/C' with its check character."""
    return f"{digits[:3]}/{digits[3:]}/{check_character(digits)}"


def unit_reference(position: int, number: int) -> str:
    """A plausible URN: letters in turn by the unit's position, then its number."""
    return f"{URN_LETTERS[position % len(URN_LETTERS)]}/651/{number}"


def glh_of(tqt: int) -> int:
    return (tqt * GLH_PERCENT + 50) // 100


def base_spec(criteria: CriteriaSet, hours: Hours | None = None) -> QualificationSpec:
    """The conformant base specification (or the same with another hour allocation)."""
    hours = hours or Hours()
    template = build_template(criteria)
    sizes = mandatory_credits(criteria, hours.mandatory // 10)
    with_skills = _skills_subtopics(criteria)
    mandatory = []
    for index, (unit, credits) in enumerate(
            zip(template.units_in("mandatory"), sizes, strict=True)):
        code = unit.mappings[0].raw
        methods = SKILLS_METHODS if code in with_skills else KNOWLEDGE_METHODS
        mandatory.append(replace(unit, **{
            "reference": unit_reference(index, FIRST_MANDATORY_URN + index),
            "glh": glh_of(credits * 10), "tqt": credits * 10, "credit": credits,
            "group": MANDATORY.id,
            "aim": (f"This unit develops the knowledge and practice a manager of an adult care "
                    f"service needs in {unit.title[0].lower()}{unit.title[1:]}. It covers "
                    f"the Skills for Care qualification criteria {code}."),
            "assessment_methods": list(methods),
        }))
    units = mandatory + optional_units()
    optional_glh = glh_of(hours.optional_credits * 10)
    spec = QualificationSpec(
        file="conformant.xml",
        format="xml",
        awarding_organisation=AWARDING_ORGANISATION,
        title=TITLE,
        qualification_number=qualification_number(QN_DIGITS),
        level=criteria.qualification.level,
        tqt=hours.tqt,
        glh=sum(u.glh or 0 for u in mandatory) + optional_glh,
        credits=hours.credits,
        criteria_set=criteria.id,
        facts=dict(FACTS),
        groups=list(GROUPS),
        units=units,
        supersedes=[Supersession(title=SUPERSEDED_TITLE,
                                 qualification_number=qualification_number(SUPERSEDED_QN_DIGITS),
                                 withdrawal_plan=WITHDRAWAL_PLAN)],
    )
    return with_rules(spec, combination_prose(hours, units))


def combination_prose(hours: Hours, units: Sequence[Unit]) -> list[str]:
    """The rules of combination as Northfield Awards words them.

    The bar on the two coaching units is stated only when both are offered.
    """
    mandatory = sum(u.credit or 0 for u in units if u.group == MANDATORY.id)
    sentences = [
        f"Learners must achieve a minimum of {hours.credits} credits: {mandatory} credits from "
        f"the mandatory units and a minimum of {hours.optional_credits} credits from the "
        f"optional units.",
        f"A minimum of {SKILLS_MINIMUM} credits must be achieved from Group C.",
    ]
    barred = [u for title in BARRED_PAIR for u in units if u.title == title]
    if len(barred) == len(BARRED_PAIR):
        sentences.append(f"Learners cannot take both Unit {barred[0].number} and "
                         f"Unit {barred[1].number}.")
    return sentences


def with_rules(spec: QualificationSpec, sentences: Sequence[str]) -> QualificationSpec:
    """``spec`` with the rules of combination the reader makes of ``sentences``.

    Specimens state their rules as prose and keep exactly what the reader
    understands of it, so the XML and DOCX of one specimen say the same.
    """
    combination: RulesOfCombination = read_combination(
        [(s, None) for s in sentences], spec.groups, spec.units)
    return replace(spec, **{"combination": combination})


def mandatory_credits(criteria: CriteriaSet, total: int) -> list[int]:
    """``total`` credits over the sub-topics in proportion to their items, at least 2 each.

    Largest remainders take the spare credits; ties go to the earlier sub-topic.
    """
    items = [sum(len(o.items) for o in sub.outcomes) for sub in criteria.subtopics()]
    floor = 2
    spare = total - floor * len(items)
    shares = [spare * n / sum(items) for n in items]
    credits = [floor + int(share) for share in shares]
    order = sorted(range(len(items)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in order[:total - sum(credits)]:
        credits[i] += 1
    return credits


def optional_units() -> list[Unit]:
    units = []
    numbers = dict(FIRST_OPTIONAL_NUMBER)
    for index, spec in enumerate(OPTIONAL_UNITS):
        number = numbers[spec.group]
        numbers[spec.group] += 1
        units.append(Unit(
            reference=unit_reference(MANDATORY_UNITS + index, FIRST_OPTIONAL_URN + index),
            number=str(number),
            title=spec.title,
            level=5,
            glh=glh_of(spec.credits * 10),
            tqt=spec.credits * 10,
            credit=spec.credits,
            group=spec.group,
            aim=f"This unit develops the knowledge and practice needed to lead "
                f"{spec.subject} in an adult care service.",
            assessment_methods=list(OPTIONAL_METHODS),
            outcomes=_optional_outcomes(spec.subject),
        ))
    return units


def _optional_outcomes(subject: str) -> list[LearningOutcome]:
    knowledge = [f"Summarise the legislation, standards and guidance that apply to {subject}",
                 f"Explain current good practice in {subject}",
                 f"Analyse the risks and challenges a manager faces in {subject}"]
    skills = [f"Develop policies and procedures for {subject} with the team",
              f"Monitor the quality of {subject} against the service's standards",
              f"Evaluate {subject} with people who use the service and plan improvements"]
    return [
        LearningOutcome(number="1", text=f"Understand {subject}", criteria=[
            AssessmentCriterion(number=f"1.{i}", text=t) for i, t in enumerate(knowledge, 1)]),
        LearningOutcome(number="2", text=f"Lead {subject} in own service", criteria=[
            AssessmentCriterion(number=f"2.{i}", text=t) for i, t in enumerate(skills, 1)]),
    ]


def _skills_subtopics(criteria: CriteriaSet) -> set[str]:
    return {sub.code for sub in criteria.subtopics()
            if any(o.kind == "skill" for o in sub.outcomes)}
