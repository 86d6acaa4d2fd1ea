"""Rules of combination in prose: exact models for real phrasings, and the round trip.

The cases live in tests/data/combination_sentences.yaml and, for phrasings
taken from real specifications, in REAL_CASES below; each gives the sentences
of a specification and the exact model (or the exact reason a sentence is
unread). describe_combination must write sentences that
parse_combination reads back to the same model.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from criteria_checker.model.spec import (
    BarredCombination,
    CreditRule,
    Group,
    GroupKind,
    Pathway,
    RulesOfCombination,
    SourceLocation,
    Unit,
    UnreadStatement,
)
from criteria_checker.model.validation import validate
from criteria_checker.readers.combination.prose import describe_combination, parse_combination
from criteria_checker.readers.combination.text import normalise, split_sentences, words_to_number

DATA = yaml.safe_load(
    (Path(__file__).parent / "data" / "combination_sentences.yaml").read_text(encoding="utf-8"))

# Phrasings seen in real specifications, beside the cases of the data file: same shape.
REAL_FIXTURES: dict[str, Any] = {
    "unit_numbers": {  # units named by number and by URN, one mandatory
        "groups": [{"id": "M", "name": "Mandatory units", "kind": "mandatory"},
                   {"id": "O", "name": "Optional units", "kind": "optional"}],
        "units": [
            {"number": "601", "title": "Leading care", "level": 5, "credit": 20, "group": "M"},
            {"number": "653", "title": "Dementia care", "level": 5, "credit": 5, "group": "O"},
            {"number": "654", "title": "Dementia awareness", "level": 4, "credit": 4,
             "group": "O"},
            {"reference": "H/650/1234", "number": "655", "title": "Digital skills", "level": 5,
             "credit": 5, "group": "O"},
            {"reference": "J/650/1235", "number": "656", "title": "Digital records", "level": 5,
             "credit": 5, "group": "O"},
        ],
    },
}
REAL_CASES: list[dict[str, Any]] = [
    {"name": "real-mandatory-units-with-credits-and-the-rest-of-a-minimum-total",
     "fixture": "diploma",
     "sentences": ["Learners must achieve the 20 mandatory units (75 credits) and the remaining "
                   "15 credits from the optional units to achieve a minimum of 90 credits in "
                   "total"],
     "rules": [{"groups": ["mandatory"], "min_credits": 75, "max_credits": 75},
               {"groups": ["optional"], "min_credits": 15},
               {"groups": [], "min_credits": 90}]},
    {"name": "real-the-rest-of-an-exact-total-is-exact",
     "fixture": "diploma",
     "sentences": ["Learners must achieve the mandatory units (75 credits) and the remaining "
                   "15 credits from the optional units to achieve a total of 90 credits."],
     "rules": [{"groups": ["mandatory"], "min_credits": 75, "max_credits": 75},
               {"groups": ["optional"], "min_credits": 15, "max_credits": 15},
               {"groups": [], "min_credits": 90, "max_credits": 90}]},
    {"name": "real-all-mandatory-units-plus-an-optional-minimum",
     "fixture": "diploma",
     "sentences": ["To achieve the qualification, learners must complete all 21 mandatory units "
                   "(78 credits) plus a minimum of 14 credits from the optional units."],
     "rules": [{"groups": ["mandatory"], "min_credits": 78, "max_credits": 78},
               {"groups": ["optional"], "min_credits": 14}]},
    {"name": "real-mandatory-group-named-twice-and-of-which",
     "fixture": "lettered",
     "sentences": ["Learners must achieve a minimum of 92 credits: 78 credits from the mandatory "
                   "group (Group A) and at least 14 credits from optional groups B and C, of "
                   "which at least 3 must come from Group C."],
     "rules": [{"groups": [], "min_credits": 92},
               {"groups": ["A"], "min_credits": 78, "max_credits": 78},
               {"groups": ["B", "C"], "min_credits": 14},
               {"groups": ["C"], "min_credits": 3}]},
    {"name": "real-optional-minimum-with-a-group-maximum",
     "fixture": "lettered",
     "sentences": ["A minimum of 14 credits must be achieved from the optional units, with no "
                   "more than 11 credits from Group B."],
     "rules": [{"groups": ["B", "C", "dementia"], "min_credits": 14},
               {"groups": ["B"], "max_credits": 11}]},
    {"name": "with-keeps-the-scope-for-a-level-floor",
     "fixture": "diploma",
     "sentences": ["Learners must achieve a minimum of 15 credits from the optional units, with "
                   "at least 5 credits at level 5 or above."],
     "rules": [{"groups": ["optional"], "min_credits": 15},
               {"groups": ["optional"], "min_credits": 5, "min_level": 5}]},
    {"name": "hours-of-tqt-from-the-optional-units",
     "fixture": "diploma",
     "sentences": ["Learners must achieve a minimum of 140 hours of TQT from the optional units.",
                   "A minimum of 100 hours of TQT must come from Optional units."],
     "rules": [{"groups": ["optional"], "min_hours": 140},
               {"groups": ["optional"], "min_hours": 100}]},
    {"name": "hours-total-split-into-groups",
     "fixture": "diploma",
     "sentences": ["Learners must achieve a minimum of 950 hours TQT: 800 hours from the "
                   "mandatory units and a minimum of 150 hours from the optional units."],
     "rules": [{"groups": [], "min_hours": 950},
               {"groups": ["mandatory"], "min_hours": 800, "max_hours": 800},
               {"groups": ["optional"], "min_hours": 150}]},
    {"name": "level-floor-at-level-5",
     "fixture": "diploma",
     "sentences": ["At least 35 credits must be achieved at level 5 or above."],
     "rules": [{"groups": [], "min_credits": 35, "min_level": 5}]},
    {"name": "number-words-in-a-total-and-a-level-floor",
     "fixture": "diploma",
     "sentences": ["Learners must achieve fifteen credits from the optional units.",
                   "Learners must achieve a minimum of ninety credits, of which at least "
                   "thirty-five must be at level 5 or above."],
     "rules": [{"groups": ["optional"], "min_credits": 15, "max_credits": 15},
               {"groups": [], "min_credits": 90},
               {"groups": [], "min_credits": 35, "min_level": 5}]},
    {"name": "giving-a-total",
     "fixture": "diploma",
     "sentences": ["Learners must achieve 80 credits from the mandatory units and 15 credits "
                   "from the optional units, giving a total of 95 credits."],
     "rules": [{"groups": ["mandatory"], "min_credits": 80, "max_credits": 80},
               {"groups": ["optional"], "min_credits": 15, "max_credits": 15},
               {"groups": [], "min_credits": 95, "max_credits": 95}]},
    {"name": "as-well-as-between-clauses",
     "fixture": "diploma",
     "sentences": ["Learners must achieve 80 credits from the mandatory units as well as a "
                   "minimum of 15 credits from the optional units."],
     "rules": [{"groups": ["mandatory"], "min_credits": 80, "max_credits": 80},
               {"groups": ["optional"], "min_credits": 15}]},
    {"name": "the-rest-of-a-minimum-total-in-one-sentence-is-a-minimum",
     "fixture": "numbered",
     "sentences": ["Learners must achieve a minimum of 90 credits: 67 credits from the mandatory "
                   "group, a minimum of 12 credits from Optional Group 01 and the remaining 11 "
                   "credits from Optional Groups 01-04."],
     "rules": [{"groups": [], "min_credits": 90},
               {"groups": ["M"], "min_credits": 67, "max_credits": 67},
               {"groups": ["01"], "min_credits": 12},
               {"groups": ["01", "02", "03", "04"], "min_credits": 23}]},
    {"name": "real-who-complete-cannot-also-take",
     "fixture": "unit_numbers",
     "sentences": ["Learners who complete unit 653 cannot also take unit 654."],
     "barred": [{"units": ["Unit 653", "Unit 654"]}]},
    {"name": "real-units-are-mutually-exclusive",
     "fixture": "unit_numbers",
     "sentences": ["Unit 653 and unit 654 are mutually exclusive."],
     "barred": [{"units": ["Unit 653", "Unit 654"]}]},
    {"name": "real-may-not-combine-with",
     "fixture": "unit_numbers",
     "sentences": ["Learners may not combine H/650/1234 with J/650/1235."],
     "barred": [{"units": ["H/650/1234", "J/650/1235"]}]},
    {"name": "cannot-take-one-unit-with-another",
     "fixture": "unit_numbers",
     "sentences": ["Learners cannot take unit 653 alongside unit 654 or J/650/1235."],
     "barred": [{"units": ["Unit 653", "Unit 654"]}, {"units": ["Unit 653", "J/650/1235"]}]},
    {"name": "a-mandatory-unit-required-by-name-adds-nothing",
     "fixture": "unit_numbers",
     "sentences": ["Learners must complete Unit 601.", "Unit 601 is mandatory."]},
    {"name": "an-optional-unit-required-by-name-is-unread",
     "fixture": "unit_numbers",
     "sentences": ["Learners must complete unit 653."],
     "unread": ["requires a named unit that is not mandatory, which cannot be represented: "
                "'unit 653'"]},
    {"name": "a-unit-required-within-a-pathway-is-unread",
     "fixture": "unit_numbers",
     "sentences": ["Pathway 1: Dementia: learners must take Unit 653."],
     "pathways": [{"id": "1", "name": "Dementia"}],
     "unread": ["requires a named unit that is not mandatory, which cannot be represented: "
                "'Unit 653'"]},
    {"name": "other-words-about-a-named-unit-are-unread",
     "fixture": "unit_numbers",
     "sentences": ["Within the dementia pathway, learners must complete unit 653."],
     "unread": ["cannot read what it says about 'unit 653'"]},
    {"name": "credits-in-brackets-after-an-optional-group-are-unread",
     "fixture": "lettered",
     "sentences": ["Learners must achieve Group B (10 credits)."],
     "unread": ["cannot read 'Learners must achieve Group B ('"]},
    {"name": "a-different-group-in-brackets-is-unread",
     "fixture": "lettered",
     "sentences": ["Learners must achieve 10 credits from Group B (Group C)."],
     "unread": ["cannot read '(Group C)'"]},
    {"name": "a-count-of-units-without-all-is-still-unread",
     "fixture": "diploma",
     "sentences": ["Learners must complete 2 mandatory units plus a minimum of 5 credits from "
                   "the optional units."],
     "unread": ["counts units, not credits or hours: '2 mandatory units'"]},
]

FIXTURES: dict[str, Any] = {**DATA["fixtures"], **REAL_FIXTURES}
CASES: list[dict[str, Any]] = [*DATA["cases"], *REAL_CASES]


def _fixture(name: str) -> tuple[list[Group], list[Unit]]:
    fixture = FIXTURES[name]
    return ([validate(Group, g) for g in fixture["groups"]],
            [validate(Unit, u) for u in fixture["units"]])


def _bare(model: RulesOfCombination, keep_unread_text: bool = True) -> RulesOfCombination:
    """The model without rule texts and locations, which the comparisons set aside."""

    def rule(r: CreditRule) -> CreditRule:
        return replace(r, **{"text": None, "location": None})

    return RulesOfCombination(
        rules=[rule(r) for r in model.rules],
        pathways=[replace(p, **{"location": None, "rules": [rule(r) for r in p.rules]})
                  for p in model.pathways],
        barred=[replace(b, **{"text": None, "location": None}) for b in model.barred],
        unread=[replace(u, **{"location": None,
                                     "text": u.text if keep_unread_text else ""})
                for u in model.unread],
    )


def _expected(case: dict[str, Any]) -> RulesOfCombination:
    unread = []
    for entry in case.get("unread", []):
        if isinstance(entry, str):
            assert len(case["sentences"]) == 1, "a bare reason needs a single-sentence case"
            entry = {"text": case["sentences"][0], "reason": entry}
        unread.append(validate(UnreadStatement, entry))
    return RulesOfCombination(
        rules=[validate(CreditRule, r) for r in case.get("rules", [])],
        pathways=[validate(Pathway, p) for p in case.get("pathways", [])],
        barred=[validate(BarredCombination, b) for b in case.get("barred", [])],
        unread=unread,
    )


def _parse(case: dict[str, Any]) -> RulesOfCombination:
    groups, units = _fixture(case["fixture"])
    return parse_combination([(s, None) for s in case["sentences"]], groups, units)


def test_case_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 80


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sentences_read_to_the_exact_model(case: dict[str, Any]) -> None:
    assert _bare(_parse(case)) == _expected(case)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_described_cases_read_back_to_the_same_model(case: dict[str, Any]) -> None:
    groups, units = _fixture(case["fixture"])
    model = _parse(case)
    sentences = describe_combination(model, groups)
    again = parse_combination([(s, None) for s in sentences], groups, units)
    assert _bare(again) == _bare(model)


def test_rules_keep_their_sentence_and_location() -> None:
    groups, units = _fixture("diploma")
    where = SourceLocation(file="spec.docx", locator="rules of combination, paragraph 2",
                           path="/w:body/w:p[40]")
    sentence = ("Learners must achieve a minimum of 95 credits: 80 credits from the mandatory "
                "units and a minimum of 15 credits from the optional units.")
    model = parse_combination([(sentence, where)], groups, units)
    assert [(r.text, r.location) for r in model.rules] == [(sentence, where)] * 3


def test_unread_keeps_the_sentence_as_written_and_its_location() -> None:
    groups, units = _fixture("lettered")
    where = SourceLocation(file="spec.docx", locator="paragraph 7")
    model = parse_combination([("  Learners must achieve ninety credits from Group Z.  ", where)],
                              groups, units)
    assert model.unread == [UnreadStatement(
        text="Learners must achieve ninety credits from Group Z.",
        reason="names a group not in the unit list: 'Group Z'", location=where)]


def test_barred_and_pathway_rules_keep_their_sentence() -> None:
    groups, units = _fixture("lettered")
    model = parse_combination([("Unit 301 is barred with Unit 302.", None),
                               ("Pathway 1: Care: 10 credits from Group B.", None)],
                              groups, units)
    assert model.barred[0].text == "Unit 301 is barred with Unit 302."
    assert model.pathways[0].rules[0].text == "Pathway 1: Care: 10 credits from Group B."


def test_describe_writes_plain_sentences() -> None:
    groups, _ = _fixture("numbered")
    model = RulesOfCombination(
        rules=[CreditRule(min_credits=90),
               CreditRule(groups=["M"], min_credits=67, max_credits=67),
               CreditRule(groups=["01", "02", "03", "04"], min_credits=23, max_credits=23),
               CreditRule(groups=["02"], max_credits=6, min_level=5),
               CreditRule(groups=["01"], min_credits=10, max_credits=20, min_hours=100)],
        barred=[BarredCombination(units=["H/650/2114", "Unit 302"]),
                BarredCombination(units=["Unit 1", "Unit 2", "Care planning"])],
        pathways=[Pathway(id="1", name="Residential", rules=[CreditRule(groups=["03"],
                                                                        min_credits=6)]),
                  Pathway(id="2", name="Pathway 2")],
    )
    assert describe_combination(model, groups) == [
        "Learners must achieve a minimum of 90 credits.",
        "Learners must achieve 67 credits from the mandatory units.",
        "Learners must achieve 23 credits from the optional units.",
        "Learners may achieve a maximum of 6 credits from Group 02 at level 5 or above.",
        "Learners must achieve between 10 and 20 credits and a minimum of 100 hours "
        "from Group 01.",
        "Learners cannot take both H/650/2114 and Unit 302.",
        'Learners may take only one of Unit 1, Unit 2 and "Care planning".',
        "Learners must choose one pathway.",
        "Pathway 1: Residential: learners must achieve a minimum of 6 credits from Group 03.",
        "Pathway 2.",
    ]


@pytest.mark.parametrize(("words", "value"), [
    ("one", 1), ("ninety-five", 95), ("ninety five", 95), ("one hundred and twenty", 120),
    ("two thousand five hundred", 2500), ("Eleven", 11), ("one two", None), ("hundred", None),
])
def test_words_to_number(words: str, value: int | None) -> None:
    assert words_to_number(words) == value


def test_normalise_plain_text() -> None:
    assert normalise("\u2022\u00a0A minimum of ninety\u2013five credits.") == (
        "A minimum of 95 credits")
    assert normalise("1. Learners must achieve \u201cthis\u201d;") == 'Learners must achieve "this"'


def test_split_sentences_keeps_abbreviations() -> None:
    assert split_sentences("Min. 10 credits from Group B. At least 5 credits at level 4.") == [
        "Min. 10 credits from Group B.", "At least 5 credits at level 4."]


# -- property: any model the prose can state reads back ------------------------------

_DESCRIPTIONS = ["Residential services", "Community care", "Dementia care", "Digital skills",
                 "End of life care"]
_LABELS = ["A", "B", "C", "D", "E", "01", "02", "03", "04"]


@st.composite
def _groups(draw: st.DrawFn) -> list[Group]:
    count = draw(st.integers(0, 5))
    labels = draw(st.lists(st.sampled_from(_LABELS), min_size=count, max_size=count,
                           unique=True))
    descriptions = iter(draw(st.permutations(_DESCRIPTIONS)))
    groups: list[Group] = []
    for index, label in enumerate(labels):
        kind: GroupKind = draw(st.sampled_from(["mandatory", "optional"]))
        style = draw(st.sampled_from(["plain", "kinded", "described", "named", "kind-name"]))
        word = kind.capitalize()
        if style == "plain":
            groups.append(Group(id=label, name=f"Group {label}", kind=kind))
        elif style == "kinded":
            groups.append(Group(id=label, name=f"{word} Group {label}", kind=kind))
        elif style == "described":
            groups.append(Group(id=f"g{index}", name=f"Group {label}: {next(descriptions)}",
                                kind=kind))
        elif style == "named":
            groups.append(Group(id=f"named{index}", name=next(descriptions), kind=kind))
        else:
            groups.append(Group(id=f"{kind}{index}", name=f"{word} units", kind=kind))
    # A group called just "Optional units" can be named alone only when it is the only one
    # of its kind.
    for group in groups:
        if group.name.endswith(" units"):
            assume(sum(1 for g in groups if g.kind == group.kind) == 1)
    return groups


@st.composite
def _units(draw: st.DrawFn, groups: list[Group]) -> list[Unit]:
    count = draw(st.integers(0, 6))
    units = []
    for index in range(count):
        style = draw(st.sampled_from(["urn", "number", "title"]))
        group = draw(st.sampled_from([g.id for g in groups])) if groups else None
        units.append(Unit(
            reference=f"{'HJKLMR'[index]}/650/{2110 + index}" if style == "urn" else None,
            number=str(301 + index) if style != "title" else None,
            title=f"Care topic {chr(65 + index)}",
            level=draw(st.none() | st.integers(1, 8)),
            credit=draw(st.integers(1, 30)),
            group=group,
        ))
    return units


_amounts = st.none() | st.integers(0, 2000)


@st.composite
def _rule(draw: st.DrawFn, groups: list[Group]) -> CreditRule:
    ids = [g.id for g in groups]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    chosen.sort(key=ids.index)
    bounds: dict[str, int | None] = {}
    for measure in ("credits", "hours"):
        shape = draw(st.sampled_from(["none", "min", "max", "exact", "range"]))
        low, high = draw(st.integers(0, 2000)), draw(st.integers(0, 2000))
        bounds[f"min_{measure}"] = low if shape in ("min", "exact", "range") else None
        bounds[f"max_{measure}"] = {"max": high, "exact": low, "range": high}.get(shape)
    return CreditRule(groups=chosen, min_level=draw(st.none() | st.integers(1, 8)),
                      min_credits=bounds["min_credits"], max_credits=bounds["max_credits"],
                      min_hours=bounds["min_hours"], max_hours=bounds["max_hours"])


@st.composite
def _specs(draw: st.DrawFn) -> tuple[list[Group], list[Unit], RulesOfCombination]:
    groups = draw(_groups())
    units = draw(_units(groups))
    rules = draw(st.lists(_rule(groups), max_size=4))
    keys = [u.key for u in units]
    barred = []
    if len(keys) >= 2:
        for chosen in draw(st.lists(st.lists(st.sampled_from(keys), min_size=2, max_size=3,
                                             unique=True), max_size=3)):
            barred.append(BarredCombination(units=chosen))
    pathway_ids = draw(st.lists(st.sampled_from(["1", "2", "3", "A", "B"]), unique=True,
                                max_size=3))
    pathways = []
    for pathway_id in pathway_ids:
        name = draw(st.sampled_from([f"Pathway {pathway_id}", *_DESCRIPTIONS, "Adults"]))
        pathways.append(Pathway(id=pathway_id, name=name,
                                rules=draw(st.lists(_rule(groups), max_size=3))))
    return groups, units, RulesOfCombination(rules=rules, barred=barred, pathways=pathways)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_specs())
def test_described_models_read_back_equal(spec: tuple[list[Group], list[Unit],
                                                       RulesOfCombination]) -> None:
    groups, units, model = spec
    sentences = describe_combination(model, groups)
    again = parse_combination([(s, None) for s in sentences], groups, units)
    assert _bare(again) == _bare(model), sentences


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=120)
                | st.sampled_from([c["sentences"][0] for c in CASES]).map(
                    lambda s: s.replace("credits", "credits from Group")), max_size=4))
def test_any_text_is_read_or_reported_never_raises(texts: list[str]) -> None:
    groups, units = _fixture("lettered")
    sentences = [(t, None) for t in texts]
    first = parse_combination(sentences, groups, units)
    assert first == parse_combination(sentences, groups, units)
    for statement in first.unread:
        assert statement.reason
