"""The XML writer: model -> XML -> model keeps everything, and its output is stable."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from criteria_checker.errors import InputError, InvalidReference
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
    SourceLocation,
    Supersession,
    Unit,
    UnreadStatement,
)
from criteria_checker.readers.xml_reader import NAMESPACE, read_xml_bytes, spec_schema
from criteria_checker.refs import normalise
from criteria_checker.writers.xml_writer import write_xml_spec

DOCS = Path(__file__).resolve().parents[1] / "docs" / "spec-xml.md"


def docs_example() -> str:
    """The complete example of docs/spec-xml.md."""
    blocks = re.findall(r"```xml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return next(str(block) for block in blocks if block.startswith("<?xml"))


def without_locations(spec: QualificationSpec) -> dict[str, Any]:
    """The model as data, minus what depends on the file it was read from."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "location"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = to_data(spec)
    for key in ("file", "format", "fact_locations"):
        del data[key]
    return dict(strip(data))


def locations(spec: QualificationSpec) -> list[SourceLocation | None]:
    """The location of every element that has one."""
    found: list[SourceLocation | None] = []
    found += [g.location for g in spec.groups] + [s.location for s in spec.supersedes]
    combination = spec.combination
    found += [r.location for r in combination.rules]
    for pathway in combination.pathways:
        found += [pathway.location] + [r.location for r in pathway.rules]
    found += [b.location for b in combination.barred] + [u.location for u in combination.unread]
    for unit in spec.units:
        found += [unit.location] + [m.location for m in unit.all_mappings()]
        for outcome in unit.outcomes:
            found += [outcome.location] + [c.location for c in outcome.criteria]
    return found


# ---------------------------------------------------------------------------
# Models a reader can produce: text already normalised as the reader normalises it

_chars = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
_raw_line = st.text(st.one_of(_chars, st.sampled_from(" \t\n")), max_size=25)
line = _raw_line.map(lambda s: re.sub(r"[ \t\r\n]+", " ", s).strip(" "))
label = line.filter(bool)
word = label.map(lambda s: s.replace(" ", "")).filter(bool)
prose = st.one_of(
    st.text(st.one_of(_chars, st.sampled_from(" \t\n\r")), max_size=60),
    st.sampled_from(["Line one\n  line two", "a  b\tc", "x\r\ny", "]]> & <b>", "\u00a0no-break"]),
).map(lambda s: s.strip(" \t\r\n"))
number = st.none() | st.integers(min_value=0, max_value=999_999)
REFERENCES = ["LMAC5A", "LMAC5A/LM", "lmac5a/lm a1", "LMAC5C/SG-A.6", "LMAC5B SO A.12",
              "LMAC5Z/LM/A.0", "not a reference"]


def _ref(raw: str) -> str | None:
    try:
        return normalise(raw)
    except InvalidReference:
        return None


mapping = st.one_of(word, label, st.sampled_from(REFERENCES)).map(
    lambda raw: Mapping(raw=raw, ref=_ref(raw)))
mappings = st.lists(mapping, max_size=3)
ids = st.one_of(word, label)

criterion = st.builds(AssessmentCriterion, number=line, text=prose, mappings=mappings)
outcome = st.builds(LearningOutcome, number=line, text=prose,
                    criteria=st.lists(criterion, max_size=3), mappings=mappings)
unit = st.builds(
    Unit, reference=st.none() | line, number=st.none() | line, title=line,
    level=number, glh=number, tqt=number, credit=number, group=st.none() | ids,
    aim=st.none() | prose, assessment_methods=st.lists(line, max_size=2), mappings=mappings,
    outcomes=st.lists(outcome, max_size=3))
rule = st.builds(CreditRule, groups=st.lists(ids, max_size=3), min_credits=number,
                 max_credits=number, min_hours=number, max_hours=number, min_level=number,
                 text=st.none() | prose)
combination = st.builds(
    RulesOfCombination,
    rules=st.lists(rule, max_size=3),
    pathways=st.lists(st.builds(Pathway, id=ids, name=line, rules=st.lists(rule, max_size=2)),
                      max_size=2, unique_by=lambda p: p.id),
    barred=st.lists(st.builds(BarredCombination, units=st.lists(ids, min_size=2, max_size=3),
                              text=st.none() | prose), max_size=2),
    unread=st.lists(st.builds(UnreadStatement, text=prose, reason=line), max_size=2))
specification = st.builds(
    QualificationSpec,
    file=st.just("model"), format=st.sampled_from(["docx", "xml"]),
    awarding_organisation=st.none() | line, title=st.none() | line,
    qualification_number=st.none() | line, level=number, tqt=number, glh=number,
    credits=number, criteria_set=st.none() | label,
    facts=st.dictionaries(label, prose, max_size=3),
    groups=st.lists(st.builds(Group, id=ids, name=line,
                              kind=st.sampled_from(["mandatory", "optional"])),
                    max_size=3, unique_by=lambda g: g.id),
    combination=combination, units=st.lists(unit, max_size=3),
    rationale=st.none() | prose,
    supersedes=st.lists(st.builds(Supersession, title=line,
                                  qualification_number=st.none() | line,
                                  withdrawal_plan=st.none() | prose), max_size=2))

ROUND_TRIP = settings(max_examples=150, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(specification)
def test_model_to_xml_to_model_keeps_everything(spec: QualificationSpec) -> None:
    data = write_xml_spec(spec)
    back = read_xml_bytes(data, "written.xml")
    assert without_locations(back) == without_locations(spec)
    line_count = data.count(b"\n")
    for where in locations(back):
        assert where is not None and where.file == "written.xml"
        assert where.line is not None and 1 <= where.line <= line_count
        assert where.path is not None and where.path.startswith("/specification/")


@ROUND_TRIP
@given(specification)
def test_xml_to_model_to_xml_is_byte_identical(spec: QualificationSpec) -> None:
    data = write_xml_spec(spec)
    assert write_xml_spec(read_xml_bytes(data, "written.xml")) == data


@ROUND_TRIP
@given(specification)
def test_writer_output_is_valid_and_tidy(spec: QualificationSpec) -> None:
    data = write_xml_spec(spec)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<specification xmlns="')
    assert data.endswith(b"</specification>\n") or data.endswith(b"/>\n")
    assert spec_schema().validate(etree.fromstring(data))
    assert write_xml_spec(copy.deepcopy(spec)) == data
    for text in data.decode().splitlines():
        if text.lstrip().startswith("<"):
            indent = len(text) - len(text.lstrip(" "))
            assert indent % 2 == 0, text


# ---------------------------------------------------------------------------
# The documented example and the exact shape of the output


def test_docs_example_round_trips() -> None:
    spec = read_xml_bytes(docs_example().encode(), "example.xml")
    data = write_xml_spec(spec)
    again = read_xml_bytes(data, "written.xml")
    assert without_locations(again) == without_locations(spec)
    assert write_xml_spec(again) == data


def _every_field() -> QualificationSpec:
    """A model with every field of every element set, prose with line breaks."""
    prose_text = "First line,\n  second line  with  spaces."
    maps = [Mapping(raw="LMAC5A/LM/A.1", ref="LMAC5A/LM/A.1"),
            Mapping(raw="lmac5b/so", ref="LMAC5B/SO")]
    rule_ = CreditRule(groups=["M", "O"], min_credits=1, max_credits=2, min_hours=3,
                       max_hours=4, min_level=5, text=prose_text)
    return QualificationSpec(
        file="in.docx", format="docx", awarding_organisation="Example & Co",
        title="A title", qualification_number="610/1880/6", level=5, tqt=950, glh=600,
        credits=95, criteria_set="sfc-l5-lmac-2021-05",
        facts={"Age range": "19+", "Assessment": prose_text},
        groups=[Group(id="M", name="Mandatory", kind="mandatory"),
                Group(id="O", name="Optional", kind="optional")],
        combination=RulesOfCombination(
            rules=[rule_], pathways=[Pathway(id="P", name="Pathway", rules=[rule_])],
            barred=[BarredCombination(units=["A/100/0001", "B/100/0002"], text=prose_text)],
            unread=[UnreadStatement(text=prose_text, reason="no figure")]),
        units=[Unit(reference="H/650/2114", number="501", title="Unit", level=5, glh=40,
                    tqt=60, credit=6, group="M", aim=prose_text,
                    assessment_methods=["Portfolio", "Observation"], mappings=maps,
                    outcomes=[LearningOutcome(number="1", text=prose_text, mappings=maps,
                                              criteria=[AssessmentCriterion(
                                                  number="1.1", text=prose_text,
                                                  mappings=maps)])])],
        rationale=prose_text,
        supersedes=[Supersession(title="Old", qualification_number="603/2764/9",
                                 withdrawal_plan=prose_text)],
    )


def test_every_field_survives() -> None:
    spec = _every_field()
    # Guard the guard: every field of every element really is set.
    for model in [spec, spec.units[0], spec.units[0].outcomes[0],
                  spec.units[0].outcomes[0].criteria[0], spec.combination.rules[0],
                  spec.combination.barred[0], spec.supersedes[0]]:
        # Reading notes say how a Word file was read: no specification states them.
        unset = [name for name, value in to_data(model).items() if value in (None, [], {})
                 and name not in {"location", "fact_locations", "reading_notes"}]
        assert unset == [], type(model).__name__
    data = write_xml_spec(spec)
    back = read_xml_bytes(data, "written.xml")
    assert without_locations(back) == without_locations(spec)
    assert back.units[0].aim == "First line,\n  second line  with  spaces."


def test_output_shape() -> None:
    spec = QualificationSpec(
        file="in.docx", format="docx", title="  Level 5\nDiploma ", tqt=950, credits=95,
        criteria_set="sfc-l5-lmac-2021-05",
        groups=[Group(id="Optional Group 01", name="Optional", kind="optional")],
        combination=RulesOfCombination(
            rules=[CreditRule(groups=["Optional Group 01"], min_credits=12, text="")],
            barred=[BarredCombination(units=["Unit 3", "Unit 4"])]),
        units=[Unit(reference="H/650/2114", title="Leadership", credit=6, glh=40,
                    mappings=[Mapping(raw="LMAC5A/LM", ref="LMAC5A/LM")],
                    outcomes=[LearningOutcome(number="1", text="Understand", criteria=[
                        AssessmentCriterion(number="1.1", text="Explain & <list>",
                                            mappings=[Mapping(raw="LMAC5A LM A.1",
                                                              ref="LMAC5A/LM/A.1")]),
                        AssessmentCriterion(number="1.2", text="Describe\nin two lines"),
                    ])])],
    )
    assert write_xml_spec(spec).decode() == f"""\
<?xml version="1.0" encoding="UTF-8"?>
<specification xmlns="{NAMESPACE}" criteria="sfc-l5-lmac-2021-05">
  <qualification tqt="950" credits="95">
    <title>Level 5 Diploma</title>
  </qualification>
  <group id="Optional Group 01" kind="optional" name="Optional"/>
  <rules-of-combination>
    <rule min-credits="12">
      <text></text>
      <group-ref>Optional Group 01</group-ref>
    </rule>
    <barred>
      <unit-ref>Unit 3</unit-ref>
      <unit-ref>Unit 4</unit-ref>
    </barred>
  </rules-of-combination>
  <unit reference="H/650/2114" glh="40" credit="6" maps-to="LMAC5A/LM">
    <title>Leadership</title>
    <outcome number="1">
      <text>Understand</text>
      <criterion number="1.1">
        <text>Explain &amp; &lt;list&gt;</text>
        <maps-to>LMAC5A LM A.1</maps-to>
      </criterion>
      <criterion number="1.2">Describe
in two lines</criterion>
    </outcome>
  </unit>
</specification>
"""


WRITER_ERRORS = [
    ("control character",
     QualificationSpec(file="in.docx", format="docx",
                       units=[Unit(reference="H/650/2114", title="Lead\x0bership")]),
     "in.docx: cannot be written as XML (unit H/650/2114, <title>): it contains the "
     "character U+000B, which XML does not allow"),
    ("control character in an attribute",
     QualificationSpec(file="in.docx", format="docx", awarding_organisation="A\x00B"),
     "in.docx: cannot be written as XML (qualification, attribute 'awarding-organisation'): "
     "it contains the character U+0000, which XML does not allow"),
    ("negative hours",
     QualificationSpec(file="in.docx", format="docx",
                       units=[Unit(number="501", title="Leadership", glh=-5)]),
     "in.docx: cannot be written as XML (unit 501): <unit>: attribute 'glh' must be a whole "
     "number (0 or more), not '-5'"),
    ("one group id twice",
     QualificationSpec(file="in.docx", format="docx", groups=[
         Group(id="M", name="Mandatory", kind="mandatory"),
         Group(id="M", name="Optional", kind="optional")]),
     "in.docx: cannot be written as XML (group M): <group>: id 'M' is used twice"),
    ("empty reference",
     QualificationSpec(file="in.docx", format="docx", units=[
         Unit(title="Leadership", mappings=[Mapping(raw="  ")])]),
     "in.docx: cannot be written as XML (unit 'Leadership'): <maps-to>: must not be empty"),
]


@pytest.mark.parametrize(("spec", "expected"), [c[1:] for c in WRITER_ERRORS],
                         ids=[c[0] for c in WRITER_ERRORS])
def test_what_cannot_be_written_is_refused_in_words(spec: QualificationSpec,
                                                    expected: str) -> None:
    with pytest.raises(InputError) as caught:
        write_xml_spec(spec)
    assert str(caught.value) == expected
