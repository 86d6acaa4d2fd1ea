"""The starting specification built from the criteria, and read back from its DOCX."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.criteria import Band, CriteriaSet, HourBands
from criteria_checker.model.data import to_data
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.readers.docx.reader import read_docx_spec
from criteria_checker.writers.docx_writer import write_docx_spec
from criteria_checker.writers.template import build_template


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


@pytest.fixture(scope="module")
def criteria() -> CriteriaSet:
    return load_criteria(find_criteria(None))


@pytest.fixture(scope="module")
def template(criteria: CriteriaSet) -> QualificationSpec:
    return build_template(criteria)


def test_one_mandatory_unit_per_subtopic_mapped_item_by_item(
        criteria: CriteriaSet, template: QualificationSpec) -> None:
    subtopics = list(criteria.subtopics())
    mandatory = template.units_in("mandatory")
    assert [u.title for u in mandatory] == [s.title for s in subtopics]
    assert [u.number for u in mandatory] == [str(501 + i) for i in range(len(subtopics))]
    for unit, sub in zip(mandatory, subtopics, strict=True):
        assert [m.ref for m in unit.mappings] == [sub.code]
        assert [o.text for o in unit.outcomes] == [o.statement for o in sub.outcomes]
        assert [[c.mappings[0].ref for c in o.criteria] for o in unit.outcomes] == [
            [f"{sub.code}/{o.letter}.{i.number}" for i in o.items] for o in sub.outcomes]
    items = [n.ref for n in criteria.nodes() if n.level == "item"]
    mapped = [m.ref for u in mandatory for o in u.outcomes for c in o.criteria for m in c.mappings]
    assert sorted(mapped) == sorted(items)
    assert len(mapped) == 287


def test_bullets_become_lines_of_the_criterion(template: QualificationSpec) -> None:
    leadership = template.units[0]
    assert leadership.outcomes[1].criteria[2].text == (
        "how to adapt own leadership and management style for:\n"
        "different situations\ndifferent teams")
    assert leadership.outcomes[1].criteria[2].number == "2.3"


def test_optional_group_offers_a_genuine_choice(criteria: CriteriaSet,
                                                template: QualificationSpec) -> None:
    optional = template.units_in("optional")
    assert [u.title for u in optional] == [
        "Digital skills", "Leading and managing different adult social care service models",
        "Aspects of support"]
    rule = next(r for r in template.combination.rules if r.groups == ["B"])
    taken = rule.min_credits
    assert taken is not None
    assert sum(u.credit or 0 for u in optional) > taken  # more on offer than required
    assert criteria.hours.optional_content.contains(taken * 10)


def test_hours_add_up_inside_the_bands(criteria: CriteriaSet, template: QualificationSpec) -> None:
    mandatory_hours = sum(u.tqt or 0 for u in template.units_in("mandatory"))
    optional_rule = next(r for r in template.combination.rules if r.groups == ["B"])
    optional_hours = (optional_rule.min_credits or 0) * 10
    assert criteria.hours.minimum_content.contains(mandatory_hours)
    assert criteria.hours.tqt.contains(template.tqt or 0)
    assert template.tqt == mandatory_hours + optional_hours
    assert template.credits == (template.tqt or 0) // 10
    for unit in template.units:
        assert unit.credit is not None and unit.tqt == unit.credit * 10
        assert unit.glh is not None and unit.glh <= unit.tqt
    assert (template.tqt, template.glh, template.credits, mandatory_hours) == (940, 658, 94, 780)
    assert [(r.groups, r.min_credits, r.max_credits) for r in template.combination.rules] == [
        ([], 94, None), (["A"], 78, 78), (["B"], 16, None)]
    assert template.combination.unread == []


def test_numbers_come_from_the_criteria_data(criteria: CriteriaSet) -> None:
    bands = HourBands(tqt=Band(min=600, max=640), minimum_content=Band(min=400, max=420),
                      optional_content=Band(min=150, max=250))
    spec = build_template(replace(criteria, **{"hours": bands}))
    mandatory_hours = sum(u.tqt or 0 for u in spec.units_in("mandatory"))
    assert bands.minimum_content.contains(mandatory_hours)
    assert bands.tqt.contains(spec.tqt or 0)


def test_key_facts_and_supersession(criteria: CriteriaSet, template: QualificationSpec) -> None:
    assert template.title == criteria.qualification.accepted_title
    assert template.criteria_set == criteria.id
    assert template.level == 5
    assert [s.title for s in template.supersedes] == criteria.qualification.supersedes
    assert all(s.withdrawal_plan for s in template.supersedes)


def test_template_reads_back_exactly(tmp_path: Path, template: QualificationSpec) -> None:
    path = tmp_path / "template.docx"
    data = write_docx_spec(template)
    path.write_bytes(data)
    assert strip_locations(read_docx_spec(path)) == strip_locations(template)
    assert write_docx_spec(template) == data
