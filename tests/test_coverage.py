"""The coverage graph: which units cover which criteria nodes, and the matrix reviewers read."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria_checker.criteria_io import find_criteria, load_criteria
from criteria_checker.engine.coverage import Coverage, build_coverage
from criteria_checker.errors import InvalidReference, ReferenceNotFound
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.spec import QualificationSpec, SourceLocation

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


SPEC = QualificationSpec.model_validate({
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
    spec = SPEC.model_copy(update={"units": [SPEC.units[0].model_copy(update={
        "mappings": [SPEC.units[0].mappings[0].model_copy(update={
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
    stranger = SPEC.units[0].model_copy()
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
    spec = QualificationSpec.model_validate({
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


def test_sixty_five_units_over_the_whole_criteria_are_fast() -> None:
    items = [n.ref for n in CRITERIA.nodes() if n.level == "item"]
    spec = QualificationSpec.model_validate({
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
