"""A CASE framework read back as a criteria file.

Protects: the round trip (export, then import, gives the bundled criteria
again in everything CASE carries: the tree, codes, texts, bullets, kinds,
terms, guidance notes and errata); levels from --levels, from CFItemType names
or from depth; one stderr line and one comment for everything that cannot be
placed, with the file still passing lint; hours and requirements named as left
to the author; and hostile or unusable input refused in one line, exit 2,
with nothing written.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria_checker.case.export import export_case
from criteria_checker.case.import_ import MAX_ITEMS, import_case
from criteria_checker.cli import main
from criteria_checker.criteria.lint import lint_criteria, lint_document
from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.errors import InputError, UsageError
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.yaml_source import load_yaml

SET_ID = "sfc-l5-lmac-2021-05"
WARNING = "criteria-checker: warning: "
LEFT = [
    "left to the author: hours: CASE has no hours; the TQT, minimum content and optional "
    "content bands are written as 0-0 placeholders",
    "left to the author: requirements: CASE has no Section A or C requirements; none are "
    "written",
    "left to the author: digital skills themes and optional content areas (Section C, "
    "Appendix 2) are not in CASE",
    "left to the author: qualification: level 5, Diploma, working title 'Level 5 Diploma in "
    "Leading and Managing an Adult Care Service' read from the title; a shared title and "
    "superseded qualifications, if any, are not in CASE",
]


@pytest.fixture(scope="module")
def bundled() -> CriteriaSet:
    return load_criteria(find_criteria(None))


@pytest.fixture(scope="module")
def exported(bundled: CriteriaSet) -> dict[str, Any]:
    return export_case(bundled)


@pytest.fixture
def package(exported: dict[str, Any]) -> dict[str, Any]:
    """A fresh copy of the bundled set's CASE package, for a test to change."""
    return copy.deepcopy(exported)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


def write(folder: Path, package: Any, name: str = "framework.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


def import_file(capsys: pytest.CaptureFixture[str], source: Path, *args: str,
                output: str = "") -> tuple[int, list[str], Path]:
    """Run the import; (exit code, stderr lines without the prefix, output file)."""
    target = Path(output) if output else source.parent / f"{SET_ID}.yaml"
    code, out, err = run_cli(capsys, "criteria", "import", "--from", "case", str(source),
                             "--output", str(target), *args)
    assert out == ""
    prefix = f"{WARNING}{source}: "
    lines = err.splitlines()
    if code == 0:
        assert all(line.startswith(prefix) for line in lines), err
        lines = [line[len(prefix):] for line in lines]
    return code, lines, target


def by_ref(package: dict[str, Any], ref: str) -> dict[str, Any]:
    item: dict[str, Any] = next(i for i in package["CFItems"] if i["humanCodingScheme"] == ref)
    return item


# -- the round trip ----------------------------------------------------------------------


def test_round_trip_gives_the_bundled_criteria(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, package: dict[str, Any],
                                               bundled: CriteriaSet) -> None:
    code, lines, target = import_file(capsys, write(tmp_path, package))
    assert (code, lines) == (0, LEFT)
    assert lint_criteria(target) == []
    imported = load_criteria(target)
    assert imported.id == SET_ID
    assert imported.topics == bundled.topics
    assert [node.ref for node in imported.nodes()] == [node.ref for node in bundled.nodes()]
    assert imported.errata == bundled.errata
    source, again = bundled.provenance, imported.provenance
    assert (again.publisher, again.title, again.subtitle, again.version, again.source) == \
        (source.publisher, source.title, source.subtitle, source.version, source.source)
    assert again.date == "2021-05-01"
    assert imported.qualification.working_title == bundled.qualification.working_title
    assert (imported.qualification.level, imported.qualification.size) == (5, "Diploma")
    # What CASE cannot carry is left to the author, visibly.
    assert imported.requirements == []
    assert (imported.hours.tqt.min, imported.hours.tqt.max) == (0, 0)
    text = target.read_text("utf-8")
    assert "# Placeholders: CASE carries no hours." in text
    assert "# CASE carries no Section A or C requirements" in text


def test_the_output_is_the_same_every_time(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path, package: dict[str, Any]) -> None:
    source = write(tmp_path, package)
    first = import_file(capsys, source, output=str(tmp_path / "a.yaml"))[2].read_bytes()
    second = import_file(capsys, source, output=str(tmp_path / "b.yaml"))[2].read_bytes()
    assert first.replace(b"id: a\n", b"id: b\n") == second


def test_explicit_levels_and_foreign_type_names(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, package: dict[str, Any],
                                                bundled: CriteriaSet) -> None:
    names = {"Topic": "Domain", "Sub-topic": "Strand", "Outcome": "Standard", "Item": "Element"}
    for item in package["CFItems"]:
        item["CFItemType"] = names[item["CFItemType"]]
    source = write(tmp_path, package)
    code, lines, target = import_file(
        capsys, source, "--levels", "Domain=topic, strand=subtopic,Standard=Outcome,Element=item")
    assert (code, lines) == (0, LEFT)
    assert load_criteria(target).topics == bundled.topics
    # Without --levels, unknown names fall back to the depth under the document.
    target.unlink()
    code, lines, target = import_file(capsys, source)
    assert (code, lines) == (0, LEFT)
    assert load_criteria(target).topics == bundled.topics


def test_the_set_id_comes_from_the_output_name_or_id(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path,
                                                     package: dict[str, Any]) -> None:
    source = write(tmp_path, package)
    _, _, target = import_file(capsys, source, output=str(tmp_path / "My Set_2024.yaml"))
    assert load_criteria(target).id == "my-set-2024"
    code, out, _ = run_cli(capsys, "criteria", "import", "--from", "case", str(source),
                           "--output", "-", "--id", "from-stdin")
    assert code == 0 and "\nid: from-stdin\n" in out


def test_kinds_and_codes_without_our_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           package: dict[str, Any]) -> None:
    """A framework written by another tool: no keywords, codes in another spelling."""
    for item in package["CFItems"]:
        item.pop("conceptKeywords", None)
        item.pop("conceptKeywordsURI", None)
        item.pop("notes", None)
        item["humanCodingScheme"] = item["humanCodingScheme"].lower().replace("/", " ")
    package["CFDocument"].pop("notes")
    code, lines, target = import_file(capsys, write(tmp_path, package))
    assert (code, lines) == (0, LEFT)
    imported = load_criteria(target)
    sub = imported.index()["LMAC5C/SG"].subtopic
    assert sub is not None and sub.requirement_type == "knowledge_and_skill"
    assert [o.kind for o in sub.outcomes] == ["knowledge", "skill"]
    assert sub.guidance == [] and imported.errata == []


# -- what cannot be placed -----------------------------------------------------------------


def test_what_cannot_be_placed_is_reported_and_kept(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    package: dict[str, Any]) -> None:
    document = package["CFDocument"]
    link = {"title": "x", "identifier": document["identifier"], "uri": document["uri"]}
    a1, a2 = by_ref(package, "LMAC5A/LM/A.1"), by_ref(package, "LMAC5A/LM/A.2")
    orphan = {**copy.deepcopy(a1), "identifier": "00000000-0000-5000-8000-000000000001",
              "humanCodingScheme": "X.1", "fullStatement": "an item with no parent"}
    package["CFItems"].append(orphan)
    rubric_row = {**copy.deepcopy(a1), "identifier": "00000000-0000-5000-8000-000000000002",
                  "humanCodingScheme": "R.1", "CFItemType": "Rubric row",
                  "fullStatement": "a rubric row"}
    package["CFItems"].append(rubric_row)
    package["CFAssociations"] += [
        {"identifier": "00000000-0000-5000-8000-000000000003", "associationType": "isPeerOf",
         "uri": "urn:uuid:00000000-0000-5000-8000-000000000003",
         "originNodeURI": {"title": "a", "identifier": a1["identifier"], "uri": a1["uri"]},
         "destinationNodeURI": {"title": "b", "identifier": a2["identifier"], "uri": a2["uri"]},
         "lastChangeDateTime": "2021-05-01T00:00:00+00:00"},
        {"identifier": "00000000-0000-5000-8000-000000000004", "associationType": "isChildOf",
         "uri": "urn:uuid:00000000-0000-5000-8000-000000000004", "sequenceNumber": 99,
         "originNodeURI": {"title": "r", "identifier": rubric_row["identifier"],
                           "uri": rubric_row["uri"]},
         "destinationNodeURI": link, "lastChangeDateTime": "2021-05-01T00:00:00+00:00"},
    ]
    package["CFRubrics"] = [{"identifier": "00000000-0000-5000-8000-000000000005",
                             "uri": "urn:uuid:00000000-0000-5000-8000-000000000005",
                             "title": "Observation rubric",
                             "lastChangeDateTime": "2021-05-01T00:00:00+00:00"}]
    source = write(tmp_path, package)
    code, lines, target = import_file(capsys, source, "--levels",
                                      "Topic=topic,Sub-topic=subtopic,Outcome=outcome,Item=item")
    assert code == 0
    assert lines[:5] == [
        *LEFT,
        "not placed: CFAssociation 00000000-0000-5000-8000-000000000003 (isPeerOf from "
        f"{a1['identifier']} to {a2['identifier']}): a criteria file has only the tree "
        "(isChildOf associations)"]
    assert "not placed: CFItem 00000000-0000-5000-8000-000000000001 ('X.1', CFItemType "\
           "'Item'): it has no isChildOf association" in lines
    assert "not placed: CFItem 00000000-0000-5000-8000-000000000002 ('R.1', CFItemType "\
           "'Rubric row'): CFItemType 'Rubric row' is not given a level by --levels" in lines
    assert "not placed: CFRubric 00000000-0000-5000-8000-000000000005 ('Observation rubric'):"\
           " a criteria file has no place for rubrics" in lines
    assert len(lines) == 8
    text = target.read_text("utf-8")
    assert "#   fullStatement: an item with no parent\n" in text
    assert "# - CFRubric 00000000-0000-5000-8000-000000000005" in text
    assert lint_criteria(target) == []


def test_misplaced_items_are_left_out_and_the_rest_renumbered(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, package: dict[str, Any]) -> None:
    a1 = by_ref(package, "LMAC5A/LM/A.1")
    a1["CFItemType"] = "Sub-topic"
    code, lines, target = import_file(capsys, write(tmp_path, package))
    assert code == 0
    assert lines[4] == (f"not placed: CFItem {a1['identifier']} ('LMAC5A/LM/A.1', CFItemType "
                        "'Sub-topic'): a sub-topic cannot be placed under outcome LMAC5A/LM/A")
    assert any(line.startswith("renumbered: CFItem ") and "'LMAC5A/LM/A.2'" in line
               and line.endswith("is placed as LMAC5A/LM/A.1, its place in the tree")
               for line in lines)
    imported = load_criteria(target)
    outcome = imported.index()["LMAC5A/LM/A"].outcome
    assert outcome is not None
    assert outcome.items[0].text == "key theories of leadership and management"
    assert lint_criteria(target) == []


def test_a_kind_that_contradicts_the_verb_is_corrected(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path,
                                                       package: dict[str, Any]) -> None:
    by_ref(package, "LMAC5C/SG/B")["conceptKeywords"] = ["knowledge"]
    code, lines, target = import_file(capsys, write(tmp_path, package))
    assert code == 0
    assert "changed: outcome LMAC5C/SG/B is marked knowledge but starts 'lead': written as "\
           "skill" in lines
    outcome = load_criteria(target).index()["LMAC5C/SG/B"].outcome
    assert outcome is not None and outcome.kind == "skill"


def test_notes_of_another_tool_are_kept_as_comments(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    package: dict[str, Any]) -> None:
    by_ref(package, "LMAC5A/LM/A.1")["notes"] = "Assess by professional discussion."
    by_ref(package, "LMAC5A/LM/A.2")["notes"] = 'Terms:\n- "unicorns": no guidance note ' \
                                                "defines it"
    code, lines, target = import_file(capsys, write(tmp_path, package))
    assert code == 0
    assert lines[4:] == [
        "kept as a comment: notes of LMAC5A/LM/A.1 that have no field in a criteria file",
        "kept as a comment: notes of LMAC5A/LM/A.2 that have no field in a criteria file",
    ]
    text = target.read_text("utf-8")
    assert "# - LMAC5A/LM/A.1:\n#   Assess by professional discussion.\n" in text
    assert '#   term "unicorns" (its text is not in the item)\n' in text
    assert lint_criteria(target) == []


def test_a_title_without_level_needs_title(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           package: dict[str, Any]) -> None:
    package["CFDocument"]["title"] = "Leading care services"
    source = write(tmp_path, package)
    code, lines, target = import_file(capsys, source)
    assert (code, lines) == (2, [
        f"criteria-checker: error: {source}: the framework's title 'Leading care services' "
        "names no qualification level and size: give the qualification's title with --title, "
        "e.g. 'Level 5 Diploma in ...'"])
    assert not target.exists()
    code, _, target = import_file(capsys, source, "--title",
                                  "Level 4 Certificate in Leading Care")
    assert code == 0
    qualification = load_criteria(target).qualification
    assert (qualification.level, qualification.size, qualification.working_title) == \
        (4, "Certificate", "Level 4 Certificate in Leading Care")


# -- refused input ------------------------------------------------------------------------


def _refusals(folder: Path) -> list[tuple[Path, str]]:
    def save(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    deep = save("deep.json", b"[" * 100_000 + b"]" * 100_000)
    big = save("big.json", b" " * (8 * 1024 * 1024 + 1))
    return [
        (save("text.json", b"not json"),
         "is not JSON: Expecting value at line 1 column 1"),
        (save("list.json", b"[]"),
         "is not a CASE 1.0 CFPackage: expected an object with a CFDocument object, found a "
         "JSON list without one"),
        (save("nodoc.json", b'{"CFItems": []}'),
         "is not a CASE 1.0 CFPackage: expected an object with a CFDocument object, found an "
         "object without one"),
        (save("nan.json", b'{"CFDocument": {}, "CFItems": [NaN]}'),
         "is not JSON: NaN is not a JSON number"),
        (save("items.json", b'{"CFDocument": {}, "CFItems": {}}'),
         "is not a CASE 1.0 CFPackage: CFItems is a object, not a list"),
        (save("many.json", json.dumps({"CFDocument": {}, "CFItems": [0] * (MAX_ITEMS + 1)})
              .encode()),
         f"has {MAX_ITEMS + 1:,} CFItems; a criteria set is limited to {MAX_ITEMS:,}"),
        (save("empty.json", b'{"CFDocument": {"identifier": "d", "title": "Level 5 Diploma"}}'),
         "has no topic that can be placed (a criteria file needs a topic with a sub-topic, an "
         "outcome and an item): the CFDocument has no isChildOf children"),
        (save("latin1.json", '{"CFDocument": {"title": "caf\u00e9"}}'.encode("latin-1")),
         "is not UTF-8 text (bad byte at offset 29)"),
        (save("surrogate.json", b'{"CFDocument": {"title": "\\ud800"}}'),
         "is not a CASE package: it escapes a lone surrogate (\\ud800), which is not a "
         "character"),
        (deep, "is nested too deeply to be a CASE package"),
        (big, f"is {8 * 1024 * 1024 + 1:,} bytes; data files are limited to "
              f"{8 * 1024 * 1024:,} bytes"),
        (folder / "missing.json", "no such file"),
    ]


def test_unusable_input_is_one_line_exit_2_and_nothing_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for source, problem in _refusals(tmp_path):
        before = sorted(p.name for p in tmp_path.iterdir())
        code, lines, _ = import_file(capsys, source, output=str(tmp_path / "new.yaml"))
        assert (code, lines) == (2, [f"criteria-checker: error: {source}: {problem}"]), source
        assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_framework_whose_topics_cannot_be_placed(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path,
                                                   package: dict[str, Any]) -> None:
    for item in package["CFItems"]:
        if item["CFItemType"] == "Topic":
            item["humanCodingScheme"] = "Topic " + item["listEnumeration"]
    source = write(tmp_path, package)
    code, lines, target = import_file(capsys, source)
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith(
        f"criteria-checker: error: {source}: has no topic that can be placed (a criteria file "
        "needs a topic with a sub-topic, an outcome and an item): not placed: CFItem ")
    assert lines[0].endswith("('Topic A', CFItemType 'Topic'): humanCodingScheme 'Topic A' is "
                             "not a topic code (e.g. LMAC5A) (and 379 more)")
    assert not target.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--levels", "Topic"], "--levels 'Topic' is not TYPE=LEVEL, e.g. "
                            "'Topic=topic,Sub-topic=subtopic,Outcome=outcome,Item=item'"),
    (["--levels", "Topic=unit"], "--levels 'Topic=unit': the level must be one of topic, "
                                 "subtopic, outcome, item, not 'unit'"),
    (["--levels", "Topic=topic,topic=item"], "--levels gives CFItemType 'topic' twice"),
    (["--id", "Bad Id"], "criteria set id 'Bad Id' is not usable: use lower-case letters, "
                         "digits and single hyphens, e.g. my-criteria-2024"),
    (["--title", "Leading care"], "--title 'Leading care' names no qualification level and "
                                  "size: give e.g. 'Level 5 Diploma in ...'"),
])
def test_bad_options_are_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      package: dict[str, Any], args: list[str],
                                      message: str) -> None:
    code, lines, target = import_file(capsys, write(tmp_path, package), *args)
    assert (code, lines) == (2, [f"criteria-checker: error: {message}"])
    assert not target.exists()


def test_standard_output_needs_an_id(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     package: dict[str, Any]) -> None:
    assert run_cli(capsys, "criteria", "import", "--from", "case",
                   str(write(tmp_path, package)), "-o", "-") == (
        2, "", "criteria-checker: error: give the criteria set's id with --id when writing "
               "to standard output\n")


# -- any shape of input --------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["isChildOf", "Topic", "Item", "LMAC5A", "d"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8)


def _tiny() -> dict[str, Any]:
    """One topic, sub-topic, outcome and item, linked to document "d"."""
    def item(identifier: str, code: str, kind: str, text: str) -> dict[str, Any]:
        return {"identifier": identifier, "humanCodingScheme": code, "CFItemType": kind,
                "fullStatement": text, "uri": "urn:x", "lastChangeDateTime": "x"}

    def child(identifier: str, parent: str) -> dict[str, Any]:
        return {"identifier": f"a-{identifier}", "associationType": "isChildOf",
                "sequenceNumber": 1, "originNodeURI": {"identifier": identifier},
                "destinationNodeURI": {"identifier": parent}}

    return {
        "CFDocument": {"identifier": "d", "title": "Level 3 Award in Tests", "notes": "x"},
        "CFItems": [item("t", "TST3A", "Topic", "Topic"), item("s", "TST3A/AB", "Sub-topic", "S"),
                    item("o", "TST3A/AB/A", "Outcome", "Understand things"),
                    item("i", "TST3A/AB/A.1", "Item", "things\n- one")],
        "CFAssociations": [child("t", "d"), child("s", "t"), child("o", "s"), child("i", "o")],
    }


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*path, index))
    return found


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_change_to_a_package_imports_cleanly_or_is_refused(data: st.DataObject) -> None:
    """Whatever a package holds, the import gives a file that lints or one InputError line."""
    package = _tiny()
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(package) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        target: Any = package
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = data.draw(_JSON)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "p.json"
        source.write_text(json.dumps(package), encoding="utf-8")
        try:
            result = import_case(source, output=str(Path(folder) / "out.yaml"))
        except (InputError, UsageError) as exc:
            assert "\n" not in str(exc)
            return
        assert lint_document(load_yaml(Path(folder) / "out.yaml", result.text)) == []
        assert all("\n" not in message for message in result.messages)


def test_the_smallest_framework_imports(tmp_path: Path) -> None:
    source = write(tmp_path, _tiny())
    result = import_case(source, output=str(tmp_path / "tiny.yaml"))
    assert "\ntopics:\n- code: TST3A\n  title: Topic\n  subtopics:\n  - code: TST3A/AB\n" \
           "    title: S\n    requirement_type: knowledge\n    outcomes:\n    - letter: A\n" \
           "      kind: knowledge\n      statement: Understand things\n      items:\n" \
           "      - number: 1\n        text: things\n        bullets:\n        - one\n" \
           "errata: []\n" in result.text
    assert result.messages[-1] == "kept as a comment: notes of the CFDocument that have no " \
                                  "field in a criteria file"


def test_an_item_under_an_item_and_an_empty_outcome(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    package: dict[str, Any]) -> None:
    a1, a2 = by_ref(package, "LMAC5A/LM/A.1"), by_ref(package, "LMAC5A/LM/A.2")
    sub = by_ref(package, "LMAC5A/LM")
    for association in package["CFAssociations"]:
        if association["originNodeURI"]["identifier"] == a2["identifier"]:
            association["destinationNodeURI"] = {"title": "a1", "identifier": a1["identifier"],
                                                 "uri": a1["uri"]}
    empty = {**copy.deepcopy(by_ref(package, "LMAC5A/LM/A")),
             "identifier": "00000000-0000-5000-8000-000000000009", "humanCodingScheme": "",
             "fullStatement": "Understand nothing in particular"}
    package["CFItems"].append(empty)
    package["CFAssociations"].append({
        "identifier": "00000000-0000-5000-8000-00000000000a", "associationType": "isChildOf",
        "uri": "urn:x", "sequenceNumber": 9, "lastChangeDateTime": "2021-05-01T00:00:00+00:00",
        "originNodeURI": {"title": "e", "identifier": empty["identifier"], "uri": "urn:x"},
        "destinationNodeURI": {"title": "s", "identifier": sub["identifier"], "uri": "urn:x"}})
    code, lines, target = import_file(capsys, write(tmp_path, package))
    assert code == 0
    assert lines[4:6] == [
        f"not placed: CFItem {a2['identifier']} ('LMAC5A/LM/A.2', CFItemType 'Item'): an item "
        "(LMAC5A/LM/A.1) has no children in a criteria file",
        "not placed: CFItem 00000000-0000-5000-8000-000000000009 ('Understand nothing in "
        "particular', CFItemType 'Outcome'): no item could be placed under it, and an outcome "
        "needs one",
    ]
    assert lint_criteria(target) == []
