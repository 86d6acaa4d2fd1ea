"""Model -> DOCX -> model: the writer's layout reads back to the same model.

Locations (and the file name) are where the reader found things, so they are
left out of the comparison. The models are generated with hypothesis within
what a Word document can say unambiguously (see ``specs`` below): text is
single-spaced lines, outcome and criterion numbers are the usual "1" and
"1.2", and a mapping is written as its raw reference. Rules of combination are
generated, then put in the form the prose reader gives them (sentence text
included), since the document states them as sentences.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.model.data import to_data
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
    Supersession,
    Unit,
)
from criteria_checker.readers.docx.combination import combination_sentences, read_combination
from criteria_checker.readers.docx.reader import read_docx_spec
from criteria_checker.readers.docx.values import split_mappings
from criteria_checker.writers.docx_writer import write_docx_spec


def strip_locations(spec: QualificationSpec) -> Any:
    """The model as plain data without locations or the file it was read from."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()
                    if k not in ("location", "fact_locations", "file")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return clean(to_data(spec))


def round_trip(spec: QualificationSpec, folder: Path) -> QualificationSpec:
    path = folder / "spec.docx"
    path.write_bytes(write_docx_spec(spec))
    return read_docx_spec(path)


# -- strategies -----------------------------------------------------------------

CAPITALS = ["Explain", "Describe", "Understand", "Lead", "Review", "Manage", "Analyse",
            "Evaluate", "The", "Own", "Person-centred", "Digital", "Équipe", "O'Neill"]
WORDS = ["the", "role", "of", "care", "team", "leadership", "budgets", "safeguarding", "and",
         "records", "(including", "risk)", "practice", "with", "others", "5", "2021", "&",
         "–", "well-being", "legislation,", "policies;", "learners’", "“quality”"]

line = st.builds(lambda first, rest: " ".join([first, *rest]), st.sampled_from(CAPITALS),
                 st.lists(st.sampled_from(WORDS), max_size=6))
text = st.lists(line, min_size=1, max_size=3).map("\n".join)
optional_text = st.none() | text
count = st.none() | st.integers(min_value=0, max_value=999)
urn = st.from_regex(r"[A-HJ-NP-Z]/[0-9]{3}/[0-9]{4}", fullmatch=True)
unit_number = st.from_regex(r"[1-9][0-9]{0,2}[A-Z]?", fullmatch=True)

MAPPING_WORDS = ["LMAC5A", "LMAC5A/LM", "LMAC5C/SG/A.6", "lmac5c/sg a6", "LMAC5C SG A.6",
                 "LMAC5C/SG-A.6", "LMAC5B/WB/B", "LMAC5H/PW/A.1", "A.7", "B2", "see guidance",
                 "LMAC9Z/QQ/Q.9"]


@st.composite
def mappings(draw: st.DrawFn, max_size: int = 3) -> list[Mapping]:
    raws = draw(st.lists(st.sampled_from(MAPPING_WORDS), max_size=max_size))
    # What the reader makes of the written cell, spelling kept as written.
    return [Mapping(raw=raw, ref=ref) for raw, ref in split_mappings(", ".join(raws))]


@st.composite
def outcomes(draw: st.DrawFn) -> list[LearningOutcome]:
    numbers = draw(st.lists(st.integers(1, 30), unique=True, max_size=4))
    made = []
    for number in numbers:
        criteria = [
            AssessmentCriterion(number=f"{number}.{j}", text=draw(text), mappings=draw(mappings()))
            for j in range(1, draw(st.integers(0, 4)) + 1)
        ]
        made.append(LearningOutcome(number=str(number), text=draw(text), criteria=criteria,
                                    mappings=draw(mappings(max_size=2))))
    return made


GROUP_NAMES = ["Mandatory units", "Optional units", "Core units", "Pathway units",
               "Optional Group 01", "Leadership options", "Group B", "Elective units"]


@st.composite
def groups(draw: st.DrawFn) -> list[Group]:
    ids = draw(st.lists(st.from_regex(r"[A-Z]{1,2}|[0-9]{1,2}", fullmatch=True),
                        unique_by=str.casefold, max_size=3))
    return [Group(id=i, name=draw(st.sampled_from(GROUP_NAMES)),
                  kind=draw(st.sampled_from(["mandatory", "optional"]))) for i in ids]


@st.composite
def units(draw: st.DrawFn, group_ids: list[str]) -> list[Unit]:
    size = draw(st.integers(1, 4))
    titles = draw(st.lists(line, min_size=size, max_size=size, unique_by=str.casefold))
    references = draw(st.lists(st.none() | urn, min_size=size, max_size=size))
    numbers = draw(st.lists(st.none() | unit_number, min_size=size, max_size=size))
    used_refs = [r for r in references if r]
    used_numbers = [n for n in numbers if n]
    if len(set(used_refs)) != len(used_refs) or len(set(used_numbers)) != len(used_numbers):
        references, numbers = [None] * size, [None] * size
    # A group the unit list does not define is kept as written on the unit.
    dangling = "Z9"
    made = []
    for title, reference, number in zip(titles, references, numbers, strict=True):
        made.append(Unit(
            reference=reference, number=number, title=title,
            level=draw(st.none() | st.integers(1, 8)), glh=draw(count), tqt=draw(count),
            credit=draw(count),
            group=draw(st.none() | st.sampled_from([*group_ids, dangling])),
            aim=draw(optional_text),
            assessment_methods=draw(st.lists(line, max_size=2)),
            mappings=draw(mappings()),
            outcomes=draw(outcomes()),
        ))
    return made


@st.composite
def combinations(draw: st.DrawFn, group_list: list[Group], unit_list: list[Unit]
                 ) -> RulesOfCombination:
    ids = [g.id for g in group_list]

    def rule() -> CreditRule:
        chosen = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
        low = draw(st.none() | st.integers(1, 120))
        high = draw(st.none() | st.integers(1, 120))
        if low is None and high is None:
            low = 10
        if low is not None and high is not None and high < low:
            low, high = high, low
        return CreditRule(groups=[i for i in ids if i in chosen], min_credits=low,
                          max_credits=high, min_level=draw(st.none() | st.integers(1, 8)))

    rules = [rule() for _ in range(draw(st.integers(0, 2)))]
    keys = [u.key for u in unit_list if u.reference or u.number]
    barred = []
    if len(keys) >= 2 and draw(st.booleans()):
        barred.append(BarredCombination(units=keys[:2]))
    pathways = []
    if draw(st.booleans()):
        pathways.append(Pathway(id="1", name="Residential services", rules=[rule()]))
    combination = RulesOfCombination(rules=rules, barred=barred, pathways=pathways)
    # As a document states it: sentences, read back with their text.
    return read_combination([(s, None) for s in combination_sentences(combination, group_list)],
                            group_list, unit_list)


FACT_LABELS = ["Sector subject area", "Age range", "Grading", "Operational start date"]


@st.composite
def specs(draw: st.DrawFn) -> QualificationSpec:
    group_list = draw(groups())
    unit_list = draw(units([g.id for g in group_list]))
    labels = draw(st.lists(st.sampled_from(FACT_LABELS), unique=True, max_size=2))
    return QualificationSpec(
        file="generated.docx", format="docx",
        awarding_organisation=draw(st.none() | line), title=draw(st.none() | line),
        qualification_number=draw(st.none() | st.from_regex(r"[0-9]{3}/[0-9]{4}/[0-9X]",
                                                            fullmatch=True)),
        level=draw(st.none() | st.integers(1, 8)), tqt=draw(count), glh=draw(count),
        credits=draw(count), criteria_set=draw(st.none() | st.just("sfc-l5-lmac-2021-05")),
        facts={label: draw(text) for label in labels},
        groups=group_list,
        combination=draw(combinations(group_list, unit_list)),
        units=unit_list,
        rationale=draw(optional_text),
        supersedes=draw(st.lists(st.builds(
            Supersession, title=line,
            qualification_number=st.none() | st.from_regex(r"[0-9]{3}/[0-9]{4}/[0-9]",
                                                           fullmatch=True),
            withdrawal_plan=optional_text), max_size=2)),
    )


# -- properties -------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(spec=specs())
def test_model_docx_model(tmp_path_factory: pytest.TempPathFactory,
                          spec: QualificationSpec) -> None:
    back = round_trip(spec, tmp_path_factory.mktemp("rt"))
    assert strip_locations(back) == strip_locations(spec)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs())
def test_writing_is_deterministic_and_a_fixed_point(tmp_path_factory: pytest.TempPathFactory,
                                                    spec: QualificationSpec) -> None:
    first = write_docx_spec(spec)
    assert write_docx_spec(spec) == first
    folder = tmp_path_factory.mktemp("fp")
    (folder / "a.docx").write_bytes(first)
    assert write_docx_spec(read_docx_spec(folder / "a.docx")) == first


def test_every_element_read_has_a_location(tmp_path: Path) -> None:
    spec = QualificationSpec(
        file="x.docx", format="docx", title="T", glh=10,
        groups=[Group(id="A", name="Mandatory units", kind="mandatory")],
        units=[Unit(reference="H/650/2114", title="U", group="A", mappings=[Mapping(raw="LMAC5A")],
                    outcomes=[LearningOutcome(number="1", text="Know", criteria=[
                        AssessmentCriterion(number="1.1", text="Say",
                                            mappings=[Mapping(raw="LMAC5A", ref="LMAC5A")])])])],
        supersedes=[Supersession(title="Old")])
    back = round_trip(spec, tmp_path)
    unit = back.units[0]
    criterion = unit.outcomes[0].criteria[0]
    assert str(unit.location) == (
        f"{tmp_path / 'spec.docx'} (unit H/650/2114, paragraph \"Unit H/650/2114: U\")")
    assert criterion.location is not None
    assert (criterion.location.locator, criterion.location.path) == (
        "unit H/650/2114, table 4, row 2", "/w:document/w:body/w:tbl[4]/w:tr[2]")
    assert criterion.mappings[0].location == criterion.location
    assert back.groups[0].location is not None
    assert back.supersedes[0].location is not None
    assert back.fact_locations["title"].locator == "table 1, row 2"
    assert back.fact_locations["glh"].path == "/w:document/w:body/w:tbl[1]/w:tr[6]"


def test_model_with_every_field(tmp_path: Path) -> None:
    spec = QualificationSpec(
        file="x.docx", format="docx", awarding_organisation="Example Awards",
        title="Level 5 Diploma in Leading and Managing an Adult Care Service",
        qualification_number="610/1880/6", level=5, tqt=940, glh=658, credits=94,
        criteria_set="sfc-l5-lmac-2021-05", facts={"Age range": "19+"},
        groups=[Group(id="A", name="Mandatory units", kind="mandatory"),
                Group(id="B", name="Optional units", kind="optional")],
        units=[Unit(reference="H/650/2114", number="501", title="Leadership", level=5, glh=28,
                    tqt=40, credit=4, group="A", aim="Aim line one\nAim line two",
                    assessment_methods=["Portfolio", "Observation"],
                    mappings=[Mapping(raw="LMAC5A/LM", ref="LMAC5A/LM")],
                    outcomes=[LearningOutcome(number="1", text="Understand", criteria=[
                        AssessmentCriterion(number="1.1", text="Explain:\nBullet one",
                                            mappings=[Mapping(raw="LMAC5A/LM/A.1",
                                                              ref="LMAC5A/LM/A.1")])],
                        mappings=[Mapping(raw="LMAC5A/LM/A", ref="LMAC5A/LM/A")])]),
               Unit(number="601", title="Digital", group="B", credit=8)],
        combination=read_combination([("Learners must achieve a minimum of 12 credits.", None)],
                                     [], []),
        rationale="Because.", supersedes=[Supersession(
            title="Old diploma", qualification_number="603/2480/3", withdrawal_plan="Close it.")])
    assert strip_locations(round_trip(spec, tmp_path)) == strip_locations(spec)


def test_letters_and_spacing_survive(tmp_path: Path) -> None:
    assert string.ascii_letters  # the vocabulary above covers accents, quotes and dashes
    spec = QualificationSpec(file="x", format="docx", units=[Unit(
        title="Équipe – “quality” & O'Neill’s care", aim="Tabs\tand  double spaces")])
    back = round_trip(spec, tmp_path)
    assert back.units[0].title == "Équipe – “quality” & O'Neill’s care"
    assert back.units[0].aim == "Tabs and double spaces"
