"""Random valid specifications, and the conformant base specimen, shaped for a layout.

A specification is small (2-6 units, 1-4 outcomes of 1-5 criteria each)
with realistic wording, URNs in Ofqual's shape, GLH <= TQT, credit =
TQT / 10, a mandatory group and one or two optional groups with credit rules,
and mappings drawn from the bundled criteria. The layout decides what the
document can state, so it shapes the specification: mappings sit at the
level the mapping placement writes them (criteria, outcomes or units), group
names follow the group heading scheme, the rules of combination are the
model of the sentences the phrasing writes, a grid split over two tables
needs two outcomes. The result is the exact reading the reader must give.
"""

from __future__ import annotations

import functools
import importlib
import random
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from criteria_checker.criteria.load import load_criteria
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.spec import (
    AssessmentCriterion,
    BarredCombination,
    CreditRule,
    Group,
    LearningOutcome,
    Mapping,
    Pathway,
    QualificationSpec,
    RulesOfCombination,
    Unit,
)
from criteria_checker.readers.docx.combination import combination_sentences

from .dimensions import Layout

ROOT = Path(__file__).resolve().parents[2]
CRITERIA_PATH = ROOT / "criteria" / "sfc-l5-lmac-2021-05.yaml"
SPECIMENS = ROOT / "specimens"

#: Where a layout's mapping placement writes the mappings.
MAPPING_LEVEL = {
    "criterion-column": "criterion", "appendix-criteria-major": "criterion",
    "appendix-unit-major": "criterion", "appendix-where": "criterion",
    "outcome-column": "outcome",
    "outcome-line": "outcome", "line-end": "criterion", "row-below": "criterion",
    "unit-row": "unit",
    "aim-sentence": "unit",
    "tick-matrix": "unit", "criteria-matrix": "criterion",
}


@functools.cache
def criteria() -> CriteriaSet:
    return load_criteria(CRITERIA_PATH)


@functools.cache
def specimen_module(name: str) -> ModuleType:
    """A module of specimens/, imported as build.py imports it."""
    if str(SPECIMENS) not in sys.path:
        sys.path.insert(0, str(SPECIMENS))
    return importlib.import_module(name)


@dataclass(frozen=True)
class Generated:
    """A specification and the rules-of-combination prose that states its rules.

    ``prose`` holds (sentence, is a bullet) pairs in document order.
    """

    spec: QualificationSpec
    prose: tuple[tuple[str, bool], ...]
    #: The rules set out as a table (rules "table"), its header first; before the prose.
    table: tuple[tuple[str, ...], ...] = ()


# -- wording ------------------------------------------------------------------------

AWARDING_ORGANISATIONS = ("Northfield Awards", "Meridian Qualifications", "Kestrel Skills Awards",
                          "Harbourside Awarding Body", "Pennine Vocational Awards")
QUALIFICATION_SUBJECTS = ("Leading and Managing an Adult Care Service",
                          "Leadership and Management for Adult Care")
TITLE_ENDINGS = ("", " (England)", " (RQF)", " (England) (RQF)")
UNIT_TITLES = (
    "Leadership and management in adult care", "Governance and regulatory processes",
    "Decision making in adult care", "Leading a culture of person-centred practice",
    "Safeguarding and protection in adult care", "Mental capacity and consent",
    "Team leadership and development", "Supervision and performance management",
    "Professional development of self and others", "Resource and financial management",
    "Leading partnership working", "Managing complaints and concerns",
    "Handling information and record keeping", "Health and wellbeing of the workforce",
    "Continuous improvement in care services", "Managing risk in adult care",
    "Equality, diversity and inclusion in care", "Communication in care settings",
    "Leading end of life care", "Leading dementia care services",
    "Coaching and mentoring in adult care", "Leading positive behavioural support",
    "Managing a domiciliary care service", "Leading digital practice in adult care",
    "Recruitment and selection of staff", "Managing medication in adult care",
    "Leading infection prevention and control", "Entrepreneurial skills in care",
)
TOPICS = (
    "the regulatory framework for adult care", "person-centred practice",
    "the legislation that applies to safeguarding", "the principles of mental capacity",
    "the role of the registered manager", "team development and motivation",
    "effective supervision", "the management of budgets and resources",
    "partnership working with other agencies", "the handling of complaints",
    "the management of information", "the wellbeing of the workforce",
    "quality assurance and improvement", "risk assessment and management",
    "equality and inclusion in the service", "communication with families and carers",
    "end of life care planning", "dementia care and support", "coaching approaches",
    "positive behavioural support", "digital systems in the service",
    "values-based recruitment", "the safe handling of medicines",
    "the prevention of infection",
)
SKILL_STARTS = ("Lead", "Be able to lead", "Be able to manage", "Manage", "Implement")
CRITERION_VERBS = ("Explain", "Describe", "Analyse", "Evaluate", "Summarise", "Identify",
                   "Compare", "Review", "Demonstrate", "Implement", "Monitor", "Develop")
CRITERION_OBJECTS = (
    "the purpose of {t}", "own role in {t}", "how {t} is monitored in the service",
    "the impact of {t} on people who use services", "ways to improve {t}",
    "current good practice in {t}", "the challenges of {t} for the team",
    "how legislation shapes {t}", "systems that support {t}",
    "the views of others on {t}", "records that evidence {t}",
    "how to involve individuals in {t}", "the resources needed for {t}",
    "the risks that arise in {t}", "approaches to {t} used by other services",
)
AIM_PHRASES = ("lead practice in an adult care service", "manage the team and its resources",
               "meet the standards of the regulator", "improve the quality of the service",
               "work with people who use services and their families")
KNOWLEDGE_METHODS = ("Portfolio of evidence", "Written assignment")
SKILLS_METHODS = ("Portfolio of evidence", "Direct observation of practice in the workplace")
URN_LETTERS = "ADFHJKLMRTY"


# -- group schemes ---------------------------------------------------------------------


def _optional_names(count: int) -> list[str]:
    return (["Optional units"] if count == 1
            else ["Optional leadership units", "Optional specialist units"])


def group_headings(scheme: str, optional_count: int) -> list[tuple[str, Group]]:
    """(heading text, the group it names) for the mandatory group and the optional ones.

    The ids are those a heading gives: the letter or number it carries, else
    its words in lower case joined by hyphens. A heading that is only a kind
    and a code ("Optional Group B") is its own name.
    """
    out: list[tuple[str, Group]] = []
    if scheme == "lettered":
        out.append(("Group A: Mandatory units", Group(id="A", name="Mandatory units",
                                                      kind="mandatory")))
        names = _optional_names(optional_count)
        for letter, name in zip("BC", names, strict=False):
            out.append((f"Group {letter}: {name}", Group(id=letter, name=name, kind="optional")))
    elif scheme == "kind-words":
        out.append(("Mandatory units", Group(id="mandatory-units", name="Mandatory units",
                                             kind="mandatory")))
        names = _optional_names(optional_count)
        for name in names:
            out.append((name, Group(id=name.lower().replace(" ", "-"), name=name,
                                    kind="optional")))
    elif scheme == "kind-lettered":
        out.append(("Mandatory Group A", Group(id="A", name="Mandatory Group A",
                                               kind="mandatory")))
        for letter in "BC"[:optional_count]:
            name = f"Optional Group {letter}"
            out.append((name, Group(id=letter, name=name, kind="optional")))
    elif scheme == "label-after":
        out.append(("Mandatory units (Group A)", Group(id="A", name="Mandatory units",
                                                       kind="mandatory")))
        names = _optional_names(optional_count)
        for letter, name in zip("BC", names, strict=False):
            out.append((f"{name} – Group {letter}", Group(id=letter, name=name,
                                                          kind="optional")))
    elif scheme == "numbered":
        out.append(("Mandatory group", Group(id="mandatory-group", name="Mandatory group",
                                             kind="mandatory")))
        for i in range(1, optional_count + 1):
            name = f"Optional Group {i:02d}"
            out.append((name, Group(id=f"{i:02d}", name=name, kind="optional")))
    else:
        raise ValueError(f"unknown group scheme {scheme!r}")
    return out[:1 + optional_count]


# -- rules of combination ----------------------------------------------------------------


@dataclass(frozen=True)
class RuleStructure:
    """What the rules of combination require, before any phrasing."""

    total: int
    mandatory: int
    mandatory_units: int
    optional: int
    group_minimum: tuple[str, int] | None = None
    level_floor: tuple[int, int] | None = None
    barred: tuple[str, str] | None = None
    #: (id, name, group, least credits from it) of each pathway a learner may follow.
    pathways: tuple[tuple[str, str, str, int], ...] = ()


def phrase_rules(structure: RuleStructure, phrasing: str, groups: Sequence[Group]
                 ) -> tuple[RulesOfCombination, list[tuple[str, bool]],
                            tuple[tuple[str, ...], ...]]:
    """The model of the rules, the prose that states them in ``phrasing``, and the table
    that states the main ones when ``phrasing`` is "table"."""
    mandatory = [g.id for g in groups if g.kind == "mandatory"]
    optional = [g.id for g in groups if g.kind == "optional"]
    s = structure
    main = [CreditRule(groups=[], min_credits=s.total),
            CreditRule(groups=mandatory, min_credits=s.mandatory, max_credits=s.mandatory),
            CreditRule(groups=optional, min_credits=s.optional)]
    extra_rules: list[CreditRule] = []
    if s.group_minimum is not None:
        extra_rules.append(CreditRule(groups=[s.group_minimum[0]],
                                      min_credits=s.group_minimum[1]))
    if s.level_floor is not None:
        extra_rules.append(CreditRule(groups=[], min_credits=s.level_floor[0],
                                      min_level=s.level_floor[1]))
    barred = [BarredCombination(units=list(s.barred))] if s.barred else []
    pathways = [Pathway(id=pid, name=name, rules=[CreditRule(groups=[group], min_credits=least)])
                for pid, name, group, least in s.pathways]
    model = RulesOfCombination(rules=main + extra_rules, barred=barred, pathways=pathways)
    if phrasing == "writer":
        return model, [(text, False) for text in combination_sentences(model, groups)], ()
    units = (f"the {s.mandatory_units} mandatory units" if s.mandatory_units > 1
             else "the mandatory unit")
    prose: list[tuple[str, bool]] = []
    table: tuple[tuple[str, ...], ...] = ()
    if phrasing == "table":
        # Drawn from the numbers, not the specification's generator (see _with_points).
        draw = random.Random(s.total * 1000 + s.mandatory)
        kinds = draw.choice((("Mandatory units", "Optional units", "Total"),
                             ("Mandatory", "Optional", "Qualification total")))
        if draw.random() < 0.5:
            table = (("Group", "Minimum credits", "Maximum credits"),
                     (kinds[0], str(s.mandatory), str(s.mandatory)),
                     (kinds[1], str(s.optional), ""), (kinds[2], str(s.total), ""))
        else:
            table = (("Unit group", "Credits required"), (kinds[0], str(s.mandatory)),
                     (kinds[1], f"minimum {s.optional}"), (kinds[2], f"at least {s.total}"))
    elif phrasing == "colon":
        prose = [(f"Learners must achieve a minimum of {s.total} credits: {s.mandatory} credits "
                  f"from the mandatory units and a minimum of {s.optional} credits from the "
                  f"optional units.", False)]
    elif phrasing == "semicolon":
        prose = [(f"Learners must achieve a minimum of {s.total} credits; {s.mandatory} credits "
                  f"must be achieved from the mandatory units and a minimum of {s.optional} "
                  f"credits from the optional units.", False)]
    elif phrasing == "comprising":
        prose = [(f"Learners must achieve a minimum total of {s.total} credits, comprising "
                  f"{s.mandatory} credits from {units} and a minimum of {s.optional} credits "
                  f"from the optional units.", False)]
    elif phrasing == "remaining":
        # A real awarding organisation's wording: the optional credits are what is left
        # to reach the minimum total, so they are a minimum, not an exact amount.
        prose = [(f"Learners must achieve {units} ({s.mandatory} credits) and the remaining "
                  f"{s.optional} credits from the optional units to achieve a minimum of "
                  f"{s.total} credits in total.", False)]
    elif phrasing == "bulleted":
        prose = [(f"To achieve this qualification, learners must achieve a minimum of "
                  f"{s.total} credits:", False),
                 (f"{s.mandatory} credits from the mandatory units", True),
                 (f"a minimum of {s.optional} credits from the optional units.", True)]
    else:
        raise ValueError(f"unknown rules phrasing {phrasing!r}")
    extras = RulesOfCombination(rules=extra_rules, barred=barred, pathways=pathways)
    prose += [(text, False) for text in combination_sentences(extras, groups)]
    return model, prose, table


# -- mappings ------------------------------------------------------------------------------


@functools.cache
def _criteria_tree() -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """(sub-topic code, ((outcome ref, item count), ...)) for every sub-topic."""
    return tuple((sub.code, tuple((f"{sub.code}/{o.letter}", len(o.items)) for o in sub.outcomes))
                 for sub in criteria().subtopics())


def _item_run(rng: random.Random, longer: bool) -> list[str]:
    """Consecutive items of one criteria outcome (two or more when ``longer``)."""
    _, outcomes = rng.choice(_criteria_tree())
    outcome, count = rng.choice(outcomes)
    if longer and count < 2:
        return _item_run(rng, longer)
    size = rng.randint(2, min(4, count)) if longer else rng.randint(1, min(2, count))
    start = rng.randint(1, count - size + 1)
    return [f"{outcome}.{n}" for n in range(start, start + size)]


def _refs(rng: random.Random, level: str, layout: Layout) -> list[Mapping]:
    """The references one element maps to, drawn to exercise ``layout``'s spellings."""
    refs: list[str] = []
    whole = layout.ref_list == "all-suffix"
    for _ in range(rng.randint(1, 2)):
        roll = rng.random()
        if (level == "unit" and roll < 0.5) or (whole and roll < 0.6):
            code, outcomes = rng.choice(_criteria_tree())
            refs.append(code if level == "unit" or rng.random() < 0.5
                        else rng.choice(outcomes)[0])
        elif level == "outcome" and roll < 0.5:
            refs.append(rng.choice(rng.choice(_criteria_tree())[1])[0])
        else:
            longer = layout.ref_list in ("ranges", "shorthand") or rng.random() < 0.3
            refs.extend(_item_run(rng, longer))
    return [Mapping(raw=r, ref=r) for r in dict.fromkeys(refs)]


# -- the random specification -----------------------------------------------------------------


def qualification_number(rng: random.Random) -> str:
    digits = f"{rng.randint(600, 610)}{rng.randint(0, 9999):04d}"
    total = sum(w * int(d) for w, d in zip(range(8, 1, -1), digits, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return f"{digits[:3]}/{digits[3:]}/{check}"


def _criterion_numbers(rng: random.Random, outcome: int, count: int,
                       lettered: bool) -> list[str]:
    """'1.1', '1.2', ...; with letters, two criteria share a number: '1.2a', '1.2b'."""
    if not lettered or count < 2:
        return [f"{outcome}.{k}" for k in range(1, count + 1)]
    split = rng.randint(1, count - 1)
    numbers = [f"{outcome}.{k}" for k in range(1, split)]
    numbers += [f"{outcome}.{split}a", f"{outcome}.{split}b"]
    numbers += [f"{outcome}.{k}" for k in range(split + 1, count)]
    return numbers


#: The points a criterion may list below it ("..., including:" then "a) ...", "b) ...").
CRITERION_POINTS = ("planning", "recording", "reviewing", "reporting", "sharing information",
                    "seeking feedback")


def _with_points(text: str, layout: Layout) -> str:
    """``text``, for about one criterion in eight with lettered points below it (dashed
    where the criteria themselves are lettered).

    Drawn from the text itself, not the specification's generator, so that
    adding points left every other draw as it was.
    """
    draw = random.Random(zlib.crc32(text.encode("utf-8")))
    if draw.random() >= 0.125:
        return text
    first, second = draw.sample(CRITERION_POINTS, 2)
    if layout.numbering == "letters":
        return f"{text}, including:\n- {first}\n- {second}"
    return f"{text}, including:\na) {first}\nb) {second}"


def _outcomes(rng: random.Random, layout: Layout, level: str) -> list[LearningOutcome]:
    least = 2 if layout.grid_split.startswith("split") else 1
    topics = rng.sample(TOPICS, rng.randint(least, 4))
    outcomes = []
    for number, topic in enumerate(topics, 1):
        skill = rng.random() < 0.4
        text = (f"{rng.choice(SKILL_STARTS)} {topic}" if skill else f"Understand {topic}")
        # A mapping column beside an outcome of one criterion could belong to either: an
        # outcome column needs two criteria to show it belongs to the outcome.
        least_criteria = 2 if layout.numbering == "lettered" or \
            layout.mapping == "outcome-column" else 1
        count = rng.randint(least_criteria, 5)
        lettered = layout.numbering == "lettered" and (number == 1 or rng.random() < 0.5)
        objects = rng.sample(CRITERION_OBJECTS, count)
        criteria_list = [
            AssessmentCriterion(
                number=n, text=_with_points(
                    f"{rng.choice(CRITERION_VERBS)} {obj.format(t=topic)}", layout),
                mappings=_refs(rng, level, layout) if level == "criterion" else [])
            for n, obj in zip(_criterion_numbers(rng, number, count, lettered), objects,
                              strict=True)]
        outcomes.append(LearningOutcome(
            number=str(number), text=text, criteria=criteria_list,
            mappings=_refs(rng, level, layout) if level == "outcome" else []))
    return outcomes


def random_spec(rng: random.Random, layout: Layout) -> Generated:
    """A random valid specification as ``layout`` states it."""
    level = MAPPING_LEVEL[layout.mapping]
    size = rng.randint(2, 6)
    mandatory_count = rng.randint(1, size - 1)
    optional_count = size - mandatory_count
    optional_groups = 2 if optional_count >= 2 and rng.random() < 0.5 else 1
    headings = group_headings(layout.groups, optional_groups)
    groups = [g for _, g in headings]
    unit_groups = [groups[0].id] * mandatory_count
    unit_groups += [groups[1 + (i % optional_groups)].id for i in range(optional_count)]
    unit_groups = unit_groups[:mandatory_count] + sorted(
        unit_groups[mandatory_count:], key=[g.id for g in groups].index)
    titles = rng.sample(UNIT_TITLES, size)
    references: set[str] = set()
    while len(references) < size:
        references.add(f"{rng.choice(URN_LETTERS)}/{rng.randint(650, 659)}/"
                       f"{rng.randint(1000, 9999)}")
    numbers = {g.id: (5 if g.kind == "mandatory" else 6) * 100 + 1 + 50 * i
               for i, g in enumerate(groups[1:])} | {groups[0].id: 501}
    shuffled = sorted(references)
    rng.shuffle(shuffled)
    units = []
    for group_id, title, reference in zip(unit_groups, titles, shuffled, strict=True):
        credit = rng.randint(3, 15) if group_id == groups[0].id else rng.randint(2, 8)
        tqt = credit * 10
        unit_level = 5 if group_id == groups[0].id else rng.choice((4, 5))
        outcomes = _outcomes(rng, layout, level)
        unit_mappings = _refs(rng, level, layout) if level == "unit" else []
        aim = (f"This unit develops the knowledge and skills a manager needs to "
               f"{rng.choice(AIM_PHRASES)}.")
        methods = SKILLS_METHODS if any(not o.text.startswith("Understand")
                                        for o in outcomes) else KNOWLEDGE_METHODS
        units.append(Unit(
            reference=reference, number=str(numbers[group_id]), title=title,
            level=unit_level, glh=tqt * rng.randint(40, 80) // 100, tqt=tqt, credit=credit,
            group=group_id, aim=aim, assessment_methods=list(methods),
            mappings=unit_mappings, outcomes=outcomes))
        numbers[group_id] += 1
    mandatory_credits = sum(u.credit or 0 for u in units[:mandatory_count])
    optional_pool = sum(u.credit or 0 for u in units[mandatory_count:])
    optional = rng.randint(1, optional_pool - 1) if optional_pool > 1 else optional_pool
    total = mandatory_credits + optional
    group_minimum = None
    if optional_groups == 2 and rng.random() < 0.5:
        pool = sum(u.credit or 0 for u in units if u.group == groups[2].id)
        group_minimum = (groups[2].id, rng.randint(1, min(pool, optional)))
    level_floor = None
    if rng.random() < 0.3:
        level_floor = (mandatory_credits, 5)
    barred = None
    pairs = [(a, b) for a in units[mandatory_count:] for b in units[mandatory_count:]
             if a.group == b.group and (a.number or "") < (b.number or "")]
    if pairs and rng.random() < 0.4:
        first, second = rng.choice(pairs)
        barred = (first.key, second.key)
    pathways: tuple[tuple[str, str, str, int], ...] = ()
    if optional_groups == 2 and group_minimum is None and rng.random() < 0.4:
        pathways = tuple(
            (str(i), name, g.id, rng.randint(1, sum(u.credit or 0 for u in units
                                                    if u.group == g.id)))
            for i, (name, g) in enumerate(zip(("General", "Specialist"), groups[1:],
                                               strict=True), 1))
    structure = RuleStructure(total=total, mandatory=mandatory_credits,
                              mandatory_units=mandatory_count, optional=optional,
                              group_minimum=group_minimum, level_floor=level_floor,
                              barred=barred, pathways=pathways)
    combination, prose, table = phrase_rules(structure, layout.rules, groups)
    awarding = rng.choice(AWARDING_ORGANISATIONS)
    spec = QualificationSpec(
        file="expected.docx", format="docx", awarding_organisation=awarding,
        title=f"{awarding} Level 5 Diploma in {rng.choice(QUALIFICATION_SUBJECTS)}"
              f"{rng.choice(TITLE_ENDINGS)}",
        qualification_number=qualification_number(rng), level=5, tqt=total * 10,
        glh=sum(u.glh or 0 for u in units[:mandatory_count]) + optional * 6, credits=total,
        facts={"Sector subject area": "1.3 Health and Social Care", "Age range": "19+"},
        groups=groups, combination=combination, units=units)
    return Generated(spec, tuple(prose), table)


# -- the conformant base specimen ---------------------------------------------------------------


def base_generated(layout: Layout, spec: QualificationSpec | None = None) -> Generated:
    """The conformant base specimen (or a specimen made from it) as ``layout`` states it.

    Its groups take the layout's heading scheme, its rules the layout's
    phrasing, and its mappings move to the level the layout writes them: the
    criteria items (criteria), the criteria outcome the unit's criteria cover
    (outcomes), or the sub-topic code the unit declares (units).
    """
    base = specimen_module("specimen_base")
    if spec is None:
        spec = base.base_spec(criteria())
    headings = group_headings(layout.groups, 2)
    ids = {old.id: new.id for old, (_, new) in zip(spec.groups, headings, strict=True)}
    groups = [g for _, g in headings]
    level = MAPPING_LEVEL[layout.mapping]
    units = [_placed(replace(u, **{"group": ids.get(u.group or "", u.group)}), level,
                     column=layout.mapping == "outcome-column"
                     and layout.outcome_cells != "full-width")
             for u in spec.units]
    mandatory = [u for u in units if u.group == groups[0].id]
    mandatory_credits = sum(u.credit or 0 for u in mandatory)
    credits = spec.credits or 0
    barred = [u for title in base.BARRED_PAIR for u in units if u.title == title]
    structure = RuleStructure(
        total=credits, mandatory=mandatory_credits, mandatory_units=len(mandatory),
        optional=credits - mandatory_credits,
        group_minimum=(ids[base.SKILLS.id], base.SKILLS_MINIMUM),
        barred=(barred[0].key, barred[1].key) if len(barred) == 2 else None)
    combination, prose, table = phrase_rules(structure, layout.rules, groups)
    placed = replace(spec, **{"groups": groups, "units": units,
                                     "combination": combination})
    return Generated(placed, tuple(prose), table)


def _placed(unit: Unit, level: str, *, column: bool = False) -> Unit:
    """``unit`` with its mappings at ``level`` and an aim that names no code.

    In an outcome ``column`` (outcomes not on rows of their own), the mapping
    beside an outcome of one criterion reads as the criterion's (nothing in the
    row says otherwise), so it stays there.
    """
    aim = (unit.aim or "").split(" It covers ")[0]
    if not aim.endswith("."):
        aim += "."
    codes = list(unit.mappings)
    outcomes = []
    for outcome in unit.outcomes:
        items = [m for c in outcome.criteria for m in c.mappings]
        if level == "outcome" and column and len(outcome.criteria) == 1:
            outcomes.append(replace(outcome, **{"mappings": []}))
        elif level == "outcome":
            outcome_refs = _whole_outcomes(items)
            outcomes.append(replace(outcome, **{
                "mappings": outcome_refs,
                "criteria": [replace(c, **{"mappings": []}) for c in outcome.criteria]}))
        elif level == "unit":
            outcomes.append(replace(outcome, **{
                "mappings": [],
                "criteria": [replace(c, **{"mappings": []}) for c in outcome.criteria]}))
        else:
            outcomes.append(replace(outcome, **{"mappings": []}))
    if level == "unit" and not codes:
        codes = _whole_outcomes([m for o in unit.outcomes for c in o.criteria
                                 for m in c.mappings])
    return replace(unit, **{"aim": aim, "outcomes": outcomes,
                                   "mappings": codes if level == "unit" else []})


def _whole_outcomes(items: Sequence[Mapping]) -> list[Mapping]:
    """Items as the criteria outcomes they fill, where they fill one; other items as they are."""
    tree = {outcome: count for _, outcomes in _criteria_tree() for outcome, count in outcomes}
    refs = [m.ref for m in items if m.ref]
    by_outcome: dict[str, set[str]] = {}
    for ref in refs:
        by_outcome.setdefault(ref.rsplit(".", 1)[0], set()).add(ref)
    out: list[str] = []
    for ref in refs:
        outcome = ref.rsplit(".", 1)[0]
        whole = outcome in tree and len(by_outcome[outcome]) == tree[outcome]
        out.append(outcome if whole else ref)
    return [Mapping(raw=r, ref=r) for r in dict.fromkeys(out)]
