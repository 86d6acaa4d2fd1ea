"""The coverage graph: which units cover which criteria nodes, and the matrix reviewers read."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.engine.api import check_spec, rules_for
from criteria_checker.engine.coverage import Coverage, build_coverage
from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import InvalidReference, ReferenceNotFound
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.spec import QualificationSpec, SourceLocation
from criteria_checker.model.validation import validate

CRITERIA: CriteriaSet = load_criteria(find_criteria(None))


def mapping(raw: str, ref: str | None = "same", line: int = 0) -> dict[str, Any]:
    """A mapping as a reader records it: the text, and its canonical form if it has one."""
    return {"raw": raw, "ref": raw if ref == "same" else ref,
            "location": {"file": "spec.xml", "line": line} if line else None}


def outcome(number: str, mappings: list[dict[str, Any]] | None = None,
            criteria: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    return {"number": number, "text": f"Outcome {number}", "mappings": mappings or [],
            "criteria": [{"number": n, "text": f"Criterion {n}", "mappings": m}
                         for n, m in (criteria or {}).items()]}


SPEC = validate(QualificationSpec, {
    "file": "spec.xml", "format": "xml",
    "groups": [{"id": "M", "name": "Mandatory", "kind": "mandatory"},
               {"id": "O", "name": "Optional", "kind": "optional"}],
    "units": [
        {"reference": "H/650/2101", "title": "Leadership", "group": "M",
         "mappings": [mapping("LMAC5A/LM", line=10)],
         "outcomes": [outcome("1", [mapping("LMAC5A/GR/A", line=11)],
                              {"1.1": [mapping("LMAC5B/TL/A.1", line=12)],
                               "1.2": [mapping("LMAC5A/LM", line=13)]})]},
        {"reference": "H/650/2102", "title": "Governance", "group": "M",
         "mappings": [mapping("LMAC5A/GR")],
         "outcomes": [outcome("1", criteria={"1.1": [mapping("LMAC5A/LM/A.9", line=20),
                                                     mapping("see guidance", None, line=21)]})]},
        {"number": "601", "title": "Dementia", "group": "O",
         "mappings": [mapping("lmac5c", "LMAC5C")]},
        {"number": "602", "title": "Digital", "group": "O",
         "outcomes": [outcome("2", [mapping("LMAC5A/LM/B")])]},
        {"number": "699", "title": "Ungrouped", "mappings": [mapping("LMAC5D")]},
        {"number": "698", "title": "Stray", "group": "Z", "mappings": [mapping("LMAC5D/LV")]},
        {"reference": "H/650/2101", "title": "Duplicate", "group": "M",
         "outcomes": [outcome("1", criteria={"1.1": [mapping("LMAC5E/EC")]})]},
    ],
})
COVERAGE = build_coverage(SPEC, CRITERIA)


def titles(units: Any) -> list[str]:
    return [u.title for u in units]


@pytest.mark.parametrize(("ref", "mandatory", "optional"), [
    ("LMAC5A/LM", ["Leadership"], []),
    ("LMAC5A/LM/A.3", ["Leadership"], []),
    ("LMAC5A/LM/B.2", ["Leadership"], ["Digital"]),
    ("LMAC5A/GR/A.1", ["Leadership", "Governance"], []),
    ("LMAC5A/GR/B", ["Governance"], []),
    ("LMAC5A", [], []),
    ("LMAC5C/SG/A.6", [], ["Dementia"]),
    ("lmac5c sg a6", [], ["Dementia"]),
    ("LMAC5D/LV/A.1", [], []),
    ("LMAC5B/TL/A.1", ["Leadership"], []),
    ("LMAC5B/TL/A.2", [], []),
    ("LMAC5E/EC/B.1", ["Duplicate"], []),
])
def test_covering_units(ref: str, mandatory: list[str], optional: list[str]) -> None:
    covering = COVERAGE.covering_units(ref)
    assert (titles(covering[0]), titles(covering[1])) == (mandatory, optional)


def test_covering_an_unknown_reference_says_what_exists() -> None:
    with pytest.raises(ReferenceNotFound, match=r"^LMAC5A/XX is not in criteria set "
                       r"sfc-l5-lmac-2021-05: LMAC5A has sub-topics LM, GR, DM, BR$"):
        COVERAGE.covering_units("LMAC5A/XX")
    with pytest.raises(InvalidReference):
        COVERAGE.covering_units("not a reference")


def test_bad_mappings() -> None:
    assert [(u.title, m.raw, reason) for u, m, reason in COVERAGE.bad_mappings()] == [
        ("Governance", "LMAC5A/LM/A.9", "LMAC5A/LM/A.9 is not in criteria set "
         "sfc-l5-lmac-2021-05: LMAC5A/LM/A has items 1, 2, 3, 4, 5"),
        ("Governance", "see guidance", "'see guidance' is not a criteria reference (e.g. "
         "LMAC5A, LMAC5A/LM, LMAC5A/LM/A or LMAC5A/LM/A.1)"),
    ]
    [(_, found, _), _] = COVERAGE.bad_mappings()
    assert found.location == SourceLocation(file="spec.xml", line=20)


def test_a_bad_mapping_is_quoted_as_written() -> None:
    spec = replace(SPEC, **{"units": [replace(SPEC.units[0], **{
        "mappings": [replace(SPEC.units[0].mappings[0], **{
            "raw": "lmac5a/lm c", "ref": "LMAC5A/LM/C"})]})]})
    [(_, _, reason)] = build_coverage(spec, CRITERIA).bad_mappings()
    assert reason == ("'lmac5a/lm c' (LMAC5A/LM/C) is not in criteria set sfc-l5-lmac-2021-05: "
                      "LMAC5A/LM has outcomes A, B")


@pytest.mark.parametrize(("ref", "declaring"), [
    ("LMAC5A/LM", ["Leadership"]),   # the unit's own mapping, not its criterion 1.2's
    ("lmac5a/gr", ["Governance"]),   # an outcome mapping to GR/A declares nothing
    ("LMAC5C/SG", []),               # a topic mapping covers but does not declare
    ("LMAC5D/LV", ["Stray"]),        # every unit is returned; the check filters by kind
    ("LMAC5E/EC", []),
])
def test_declaring_units(ref: str, declaring: list[str]) -> None:
    assert titles(COVERAGE.declaring_units(ref)) == declaring


def test_group_kinds_and_ungrouped_units() -> None:
    assert [COVERAGE.kind_of(u) for u in SPEC.units] == [
        "mandatory", "mandatory", "optional", "optional", None, None, "mandatory"]
    assert titles(COVERAGE.ungrouped_units()) == ["Ungrouped", "Stray"]
    stranger = replace(SPEC.units[0])
    with pytest.raises(ValueError, match=r"unit .H/650/2101. is not a unit of spec\.xml"):
        COVERAGE.kind_of(stranger)


def test_matrix() -> None:
    matrix = COVERAGE.matrix()
    assert [(u.key, u.title, u.level) for u in matrix.units] == [
        ("H/650/2101", "Leadership", "mandatory"), ("H/650/2102", "Governance", "mandatory"),
        ("Unit 601", "Dementia", "optional"), ("Unit 602", "Digital", "optional")]
    assert [r.ref for r in matrix.rows] == [
        n.ref for n in CRITERIA.nodes() if n.level in ("subtopic", "outcome")]
    assert len(matrix.rows) == 85
    rows = {r.ref: r for r in matrix.rows}
    assert (rows["LMAC5A/LM"].title, rows["LMAC5A/LM"].level) == (
        "Leadership and Management", "subtopic")
    assert [(ref, rows[ref].mandatory, rows[ref].optional, rows[ref].status) for ref in (
        "LMAC5A/LM", "LMAC5A/LM/B", "LMAC5A/GR/A", "LMAC5C/SG", "LMAC5D/LV", "LMAC5E/EC/A",
    )] == [
        ("LMAC5A/LM", ["H/650/2101"], [], "mandatory"),
        ("LMAC5A/LM/B", ["H/650/2101"], ["Unit 602"], "mandatory"),
        ("LMAC5A/GR/A", ["H/650/2101", "H/650/2102"], [], "mandatory"),
        ("LMAC5C/SG", [], ["Unit 601"], "optional-only"),
        ("LMAC5D/LV", [], [], "uncovered"),
        ("LMAC5E/EC/A", ["H/650/2101"], [], "mandatory"),
    ]


def test_graph() -> None:
    graph = COVERAGE.graph
    criteria_nodes = [n for n, kind in graph.nodes(data="type") if kind == "criteria"]
    assert len(criteria_nodes) == len(list(CRITERIA.nodes())) == 380
    assert graph.nodes["LMAC5A/LM/A"] == {
        "type": "criteria", "level": "outcome",
        "title": CRITERIA.index()["LMAC5A/LM/A"].outcome.statement}  # type: ignore[union-attr]
    tree = [(a, b) for a, b, kind in graph.edges(data="type") if kind == "tree"]
    assert len(tree) == 380 - 8
    assert ("LMAC5A/LM", "LMAC5A/LM/A") in tree
    assert [n for n, kind in graph.nodes(data="type") if kind == "unit"] == [
        "unit:H/650/2101", "unit:H/650/2102", "unit:Unit 601", "unit:Unit 602",
        "unit:Unit 699", "unit:Unit 698", "unit:H/650/2101#2"]
    assert graph.nodes["unit:Unit 698"] == {"type": "unit", "key": "Unit 698",
                                            "title": "Stray", "group": "Z", "kind": None}
    mappings = {(a, b): data for a, b, data in graph.edges(data=True)
                if data["type"] == "mapping"}
    assert sorted(mappings) == [
        ("unit:H/650/2101", "LMAC5A/GR/A"), ("unit:H/650/2101", "LMAC5A/LM"),
        ("unit:H/650/2101", "LMAC5B/TL/A.1"), ("unit:H/650/2101#2", "LMAC5E/EC"),
        ("unit:H/650/2102", "LMAC5A/GR"), ("unit:Unit 601", "LMAC5C"),
        ("unit:Unit 602", "LMAC5A/LM/B"), ("unit:Unit 698", "LMAC5D/LV"),
        ("unit:Unit 699", "LMAC5D")]
    assert mappings["unit:H/650/2101", "LMAC5A/LM"] == {
        "type": "mapping", "source": "unit", "raw": "LMAC5A/LM",
        "location": SourceLocation(file="spec.xml", line=10), "sources": ["unit", "criterion 1.2"]}
    assert mappings["unit:H/650/2101", "LMAC5B/TL/A.1"]["source"] == "criterion 1.1"
    assert mappings["unit:Unit 602", "LMAC5A/LM/B"]["source"] == "outcome 2"


# -- the definition, against random mappings ----------------------------------

NODES = [n.ref for n in CRITERIA.nodes()]
PARENT = {n.ref: n.parent for n in CRITERIA.nodes()}


def ancestry(ref: str) -> set[str]:
    found = set()
    current: str | None = ref
    while current is not None:
        found.add(current)
        current = PARENT[current]
    return found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["M", "O", None]),
                          st.lists(st.sampled_from(NODES), max_size=4)), max_size=6),
       st.lists(st.sampled_from(NODES), min_size=1, max_size=20))
def test_a_unit_covers_what_it_or_an_ancestor_maps(units: list[tuple[str | None, list[str]]],
                                                   probes: list[str]) -> None:
    spec = validate(QualificationSpec, {
        "file": "r.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"},
                   {"id": "O", "name": "O", "kind": "optional"}],
        "units": [{"number": str(i), "title": f"u{i}", "group": group,
                   "outcomes": [outcome("1", criteria={"1.1": [mapping(r) for r in refs]})]}
                  for i, (group, refs) in enumerate(units)],
    })
    coverage = build_coverage(spec, CRITERIA)
    for probe in probes:
        lineage = ancestry(probe)
        expected = {kind: [f"u{i}" for i, (group, refs) in enumerate(units)
                           if group == kind and lineage & set(refs)] for kind in ("M", "O")}
        mandatory, optional = coverage.covering_units(probe)
        assert (titles(mandatory), titles(optional)) == (expected["M"], expected["O"])
    rows = {r.ref: r for r in coverage.matrix().rows}
    for ref, row in rows.items():
        mandatory, optional = coverage.covering_units(ref)
        assert row.mandatory == [u.key for u in mandatory]
        assert row.optional == [u.key for u in optional]


def sixty_five_units() -> QualificationSpec:
    """45 mandatory and 20 optional units, each mapping 20 items scattered over the criteria."""
    items = [n.ref for n in CRITERIA.nodes() if n.level == "item"]
    return validate(QualificationSpec, {
        "file": "big.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"},
                   {"id": "O", "name": "O", "kind": "optional"}],
        "units": [{"reference": f"H/650/{2100 + i}", "title": f"u{i}",
                   "group": "M" if i < 45 else "O",
                   "outcomes": [outcome(str(o), criteria={
                       f"{o}.{c}": [mapping(items[(i * 31 + o * 7 + c) % len(items)])]
                       for c in range(1, 6)}) for o in range(1, 5)]}
                  for i in range(65)],
    })


def test_sixty_five_units_over_the_whole_criteria_are_fast() -> None:
    spec = sixty_five_units()

    def build_and_query() -> Coverage:
        coverage = build_coverage(spec, CRITERIA)
        for ref in NODES:
            coverage.covering_units(ref)
        coverage.matrix()
        return coverage

    assert sum(len(m) for m in build_and_query().covering_units("LMAC5A")) == 0
    start = time.process_time()
    build_and_query()
    assert time.process_time() - start < 0.5


# -- presenting a sub-topic as a unit (COV004) --------------------------------------

COV004 = CheckOptions(select=("COV004",))
HI = "Sub-topic LMAC5E/HI (Handling Information) is not presented as one mandatory unit: "
HI_ITEMS = [f"LMAC5E/HI/{letter}.{n}" for letter in "AB" for n in (1, 2, 3)]


def unit(number: str, group: str | None = "M", *, own: tuple[str, ...] = (),
         outcomes: dict[str, list[str]] | None = None,
         criteria: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """A unit with mappings on itself, on outcomes ("1") and on criteria ("1.1")."""
    numbers = sorted({*(outcomes or {}), *(n.split(".")[0] for n in criteria or {})})
    return {"number": number, "title": f"Unit {number}", "group": group,
            "mappings": [mapping(r) for r in own],
            "outcomes": [outcome(o, [mapping(r) for r in (outcomes or {}).get(o, [])],
                                 {n: [mapping(r) for r in refs]
                                  for n, refs in (criteria or {}).items()
                                  if n.split(".")[0] == o})
                         for o in numbers]}


def presentation(*units: dict[str, Any]) -> list[str]:
    """COV004's messages for a specification made of ``units`` (other sub-topics unmapped)."""
    spec = validate(QualificationSpec, {
        "file": "p.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"},
                   {"id": "O", "name": "O", "kind": "optional"}],
        "units": list(units)})
    report = check_spec(spec, criteria=CRITERIA, rules=rules_for(COV004), options=COV004)
    return [f.message for f in report.findings]


@pytest.mark.parametrize(("units", "messages"), [
    pytest.param([unit("514", own=("LMAC5E/HI",))], [], id="declared-code"),
    pytest.param([unit("514", own=("lmac5e/hi",), criteria={"1.1": ["LMAC5E/HI/A.1"]})], [],
                 id="declared-code-with-some-criteria"),
    pytest.param([unit("514", criteria={f"{i}.1": [ref] for i, ref in enumerate(HI_ITEMS, 1)})],
                 [], id="every-item-by-criteria"),
    pytest.param([unit("514", outcomes={"1": ["LMAC5E/HI/A"], "2": ["LMAC5E/HI/B"]})], [],
                 id="every-item-by-outcomes"),
    pytest.param([unit("514", own=("LMAC5E/HI/A.1", "LMAC5E/HI/A.2"),
                       outcomes={"1": ["LMAC5E/HI/A.3"], "2": ["LMAC5E/HI/B"]},
                       criteria={"1.1": ["LMAC5E/HI/B.1"]})], [], id="unit-outcome-criterion-mix"),
    pytest.param([unit("514", own=("LMAC5E",))], [], id="topic-declared"),
    pytest.param([unit("514", criteria={"1.1": ["LMAC5E"]})], [], id="topic-on-a-criterion"),
    pytest.param([unit("513", outcomes={"1": ["LMAC5E/HI/A"]}),
                  unit("514", own=("LMAC5E/HI",))], [], id="one-whole-unit-suffices"),
    pytest.param([unit("514", outcomes={"1": ["LMAC5E/HI/A"]}),
                  unit("515", criteria={"2.1": ["LMAC5E/HI/B.1", "LMAC5E/HI/B.2"],
                                        "2.2": ["LMAC5E/HI/B.3"]})],
                 [HI + "its 6 items are split across mandatory units Unit 514 (A.1-A.3) and "
                       "Unit 515 (B.1-B.3)"], id="split-across-two-units"),
    pytest.param([unit("515", criteria={"1.1": ["LMAC5E/HI/B"], "1.2": ["LMAC5E/HI/A.3"]}),
                  unit("514", own=("LMAC5E/HI/A.1", "LMAC5E/HI/A.2")),
                  unit("516", criteria={"1.1": ["LMAC5E/HI/A.2"]})],
                 [HI + "its 6 items are split across mandatory units Unit 514 (A.1, A.2), "
                       "Unit 516 (A.2) and Unit 515 (A.3, B.1-B.3)"],
                 id="split-listed-in-content-order"),
    pytest.param([unit("515", outcomes={"1": ["LMAC5E/HI/A"]},
                       criteria={"2.1": ["LMAC5E/HI/B.2"]})],
                 [HI + "only 4 of its 6 items are in mandatory unit Unit 515; B.1 and B.3 are "
                       "in no mandatory unit"], id="partly-present"),
    pytest.param([unit("515", criteria={"1.1": ["LMAC5E/HI/A.1"]}),
                  unit("516", criteria={"1.1": ["LMAC5E/HI/B.3"]}),
                  unit("601", "O", own=("LMAC5E/HI",))],
                 [HI + "only 2 of its 6 items are in mandatory units Unit 515 (A.1) and Unit 516 "
                       "(B.3); A.2, A.3, B.1 and B.2 are in no mandatory unit"],
                 id="partly-present-in-two-units"),
    pytest.param([unit("515", criteria={"1.1": ["LMAC5E/HI/B.2"]})],
                 [HI + "only 1 of its 6 items is in mandatory unit Unit 515; A.1-A.3, B.1 and "
                       "B.3 are in no mandatory unit"], id="one-item-present"),
    pytest.param([unit("601", "O", own=("LMAC5E/HI",))],
                 [HI + "its 6 items are only in optional unit Unit 601"],
                 id="only-in-an-optional-unit"),
    pytest.param([unit("601", "O", outcomes={"1": ["LMAC5E/HI/A"]}),
                  unit("602", "O", outcomes={"1": ["LMAC5E/HI/B"]})],
                 [HI + "its 6 items are only in optional units Unit 601 (A.1-A.3) and Unit 602 "
                       "(B.1-B.3)"], id="only-in-two-optional-units"),
    pytest.param([unit("601", "O", outcomes={"1": ["LMAC5E/HI/A"]})],
                 [HI + "3 of its 6 items are only in optional unit Unit 601 (A.1-A.3); the other "
                       "3 are in no unit"], id="partly-in-an-optional-unit"),
    pytest.param([unit("699", None, own=("LMAC5E/HI",))], [], id="covered-by-no-grouped-unit"),
    pytest.param([unit("514", criteria={"1.1": ["LMAC5E/HI/A.9"]})], [],
                 id="a-bad-mapping-covers-nothing"),
])
def test_presenting_a_subtopic(units: list[dict[str, Any]], messages: list[str]) -> None:
    assert presentation(*units) == messages


def test_a_long_split_names_six_units_and_counts_the_rest() -> None:
    lm = [f"LMAC5A/LM/{letter}.{n}" for letter, count in (("A", 5), ("B", 4))
          for n in range(1, count + 1)]
    [message] = presentation(*(unit(str(501 + i), criteria={"1.1": [ref]})
                               for i, ref in enumerate(lm)))
    assert message == (
        "Sub-topic LMAC5A/LM (Leadership and Management) is not presented as one mandatory "
        "unit: its 9 items are split across mandatory units Unit 501 (A.1), Unit 502 (A.2), "
        "Unit 503 (A.3), Unit 504 (A.4), Unit 505 (A.5), Unit 506 (B.1) and 3 more")


def test_a_finding_points_at_the_first_unit_named() -> None:
    spec = validate(QualificationSpec, {
        "file": "p.xml", "format": "xml",
        "groups": [{"id": "M", "name": "M", "kind": "mandatory"}],
        "units": [{**unit("515", criteria={"1.1": ["LMAC5E/HI/B"]}),
                   "location": {"file": "p.xml", "line": 40}},
                  {**unit("514", criteria={"1.1": ["LMAC5E/HI/A"]}),
                   "location": {"file": "p.xml", "line": 20}}]})
    [finding] = check_spec(spec, criteria=CRITERIA, rules=rules_for(COV004),
                           options=COV004).findings
    assert (finding.ref, finding.location) == ("LMAC5E/HI", SourceLocation(file="p.xml", line=20))


def test_presentation_of_every_subtopic_over_sixty_five_units_is_fast() -> None:
    spec = sixty_five_units()
    options = CheckOptions(select=("COV001", "COV002", "COV004"))
    rules = rules_for(options)
    report = check_spec(spec, criteria=CRITERIA, rules=rules, options=options)
    # Every sub-topic is scattered, so every one is reported with its list of units.
    assert sum(f.rule_id == "COV004" for f in report.findings) == 21
    start = time.process_time()
    check_spec(spec, criteria=CRITERIA, rules=rules, options=options)
    assert time.process_time() - start < 0.2
