"""The criteria as a CASE 1.0 framework: valid, complete, ordered, stable.

Protects: validity against the CASE 1.0 CFPackage schema (tests/data, as the
OpenSALT project publishes it); one CFItem per node (8 + 21 + 64 + 287) with
the canonical reference, the published text and its bullets; one isChildOf
per item, numbered in document order; identifiers that are uuid5 names of the
set id and the reference, the same on every run and all different; guidance
notes and errata in the notes of the nodes they belong to; URIs by the
documented pattern; and the command line.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from criteria_checker.case import ids
from criteria_checker.case.export import export_case, export_case_json, touched_refs
from criteria_checker.cli import main
from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.criteria import CriteriaSet

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "data" / "case-v1p0-cfpackage-schema.json")
                    .read_text("utf-8"))
SET_ID = "sfc-l5-lmac-2021-05"


@pytest.fixture(scope="module")
def criteria() -> CriteriaSet:
    return load_criteria(find_criteria(None))


@pytest.fixture(scope="module")
def package(criteria: CriteriaSet) -> dict[str, Any]:
    return export_case(criteria)


def items_by_ref(package: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["humanCodingScheme"]: item for item in package["CFItems"]}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


# -- validity --------------------------------------------------------------------------


def test_the_schema_is_the_published_one() -> None:
    shared = ROOT.parent / "shared" / "schemas" / "case-v1p0-cfpackage-schema.json"
    if shared.exists():
        assert json.loads(shared.read_text("utf-8")) == SCHEMA
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("base_uri", [None, "https://example.org/ims/case/v1p0"])
def test_the_package_is_valid_case_1_0(criteria: CriteriaSet, base_uri: str | None) -> None:
    package = export_case(criteria, base_uri=base_uri)
    validator = jsonschema.Draft7Validator(
        SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(package)] == []


def test_every_object_has_a_uri_by_the_documented_pattern(criteria: CriteriaSet) -> None:
    def objects(package: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        definitions = package["CFDefinitions"]
        return [("CFDocument", package["CFDocument"]),
                *(("CFItem", item) for item in package["CFItems"]),
                *(("CFAssociation", a) for a in package["CFAssociations"]),
                *(("CFItemType", t) for t in definitions["CFItemTypes"]),
                *(("CFConcept", c) for c in definitions["CFConcepts"])]

    for kind, obj in objects(export_case(criteria)):
        assert obj["uri"] == f"urn:uuid:{obj['identifier']}", kind
    base = "https://case.example.org/ims/case/v1p0/"
    for kind, obj in objects(export_case(criteria, base_uri=base)):
        assert obj["uri"] == f"{base}{ids.URI_FOLDERS[kind]}/{obj['identifier']}", kind


# -- counts, tree and order ------------------------------------------------------------


def test_one_item_per_node_of_each_level(package: dict[str, Any]) -> None:
    types = Counter(item["CFItemType"] for item in package["CFItems"])
    assert types == {"Topic": 8, "Sub-topic": 21, "Outcome": 64, "Item": 287}
    assert len(package["CFItems"]) == 380
    assert package["CFRubrics"] == []


def test_items_are_the_nodes_in_document_order(criteria: CriteriaSet,
                                               package: dict[str, Any]) -> None:
    assert [item["humanCodingScheme"] for item in package["CFItems"]] == \
        [node.ref for node in criteria.nodes()]


def test_one_is_child_of_per_item_to_its_parent(criteria: CriteriaSet,
                                                package: dict[str, Any]) -> None:
    document = package["CFDocument"]["identifier"]
    associations = package["CFAssociations"]
    assert {a["associationType"] for a in associations} == {"isChildOf"}
    assert len(associations) == 380
    origins = [a["originNodeURI"]["identifier"] for a in associations]
    assert sorted(origins) == sorted(item["identifier"] for item in package["CFItems"])
    for node, association in zip(criteria.nodes(), associations, strict=True):
        assert association["originNodeURI"]["identifier"] == ids.node_id(SET_ID, node.ref)
        parent = document if node.parent is None else ids.node_id(SET_ID, node.parent)
        assert association["destinationNodeURI"]["identifier"] == parent
    topics = [a for a in associations if a["destinationNodeURI"]["identifier"] == document]
    assert len(topics) == 8


def test_sequence_numbers_give_document_order(criteria: CriteriaSet,
                                              package: dict[str, Any]) -> None:
    children: dict[str, list[tuple[int, str]]] = {}
    for association in package["CFAssociations"]:
        children.setdefault(association["destinationNodeURI"]["identifier"], []).append(
            (association["sequenceNumber"], association["originNodeURI"]["identifier"]))
    for kids in children.values():
        assert sorted(number for number, _ in kids) == list(range(1, len(kids) + 1))
    ref_of = {item["identifier"]: item["humanCodingScheme"] for item in package["CFItems"]}

    def walk(parent: str) -> list[str]:
        order = []
        for _, child in sorted(children.get(parent, [])):
            order += [ref_of[child], *walk(child)]
        return order

    assert walk(package["CFDocument"]["identifier"]) == [node.ref for node in criteria.nodes()]


# -- identifiers -----------------------------------------------------------------------


def test_identifiers_are_stable_across_runs_and_unique(criteria: CriteriaSet) -> None:
    first, second = export_case_json(criteria), export_case_json(criteria)
    assert first == second
    package = json.loads(first)
    found = [package["CFDocument"]["identifier"]]
    found += [item["identifier"] for item in package["CFItems"]]
    found += [a["identifier"] for a in package["CFAssociations"]]
    found += [d["identifier"] for kind in ("CFItemTypes", "CFConcepts")
              for d in package["CFDefinitions"][kind]]
    assert len(found) == len(set(found)) == 1 + 380 + 380 + 4 + 2
    assert all(uuid.UUID(value).version == 5 for value in found)


def test_identifiers_are_uuid5_of_the_set_and_the_reference(package: dict[str, Any]) -> None:
    namespace = uuid.UUID(ids.NAMESPACE)
    assert namespace == uuid.uuid5(uuid.NAMESPACE_URL, "urn:criteria-checker:case")
    item = items_by_ref(package)["LMAC5A/LM/A.1"]
    assert item["identifier"] == str(uuid.uuid5(namespace, f"{SET_ID}:LMAC5A/LM/A.1"))
    assert package["CFDocument"]["identifier"] == str(uuid.uuid5(namespace, SET_ID))
    # Pinned: a change here gives every published item a new identity.
    assert item["identifier"] == ids.node_id(SET_ID, "LMAC5A/LM/A.1") \
        == "54b01f7d-8d45-5bff-80a5-29d29b6cca6c"


@given(st.text(max_size=80))
def test_the_hashlib_uuid5_is_the_standard_one(name: str) -> None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates: neither function can name them
    assert ids.uuid5(name) == str(uuid.uuid5(uuid.UUID(ids.NAMESPACE), name))


# -- content ---------------------------------------------------------------------------


def test_the_document_says_what_the_criteria_say(criteria: CriteriaSet,
                                                 package: dict[str, Any]) -> None:
    document = package["CFDocument"]
    provenance = criteria.provenance
    assert document["creator"] == "Skills for Care" == document["publisher"]
    assert document["title"] == provenance.title
    assert document["description"] == provenance.subtitle
    assert (document["version"], document["language"], document["adoptionStatus"]) == \
        ("May 2021", "en", "Adopted")
    assert document["lastChangeDateTime"] == "2021-05-01T00:00:00+00:00"
    assert "Licence: the source document gives no licence statement" in document["notes"]
    assert "Source: sfc-level5-lmac-criteria-2021-05.txt" in document["notes"]
    for erratum in criteria.errata:
        assert f"**{erratum.id}**\n- Where: {erratum.where}\n" in document["notes"]


def test_items_carry_the_published_text_with_bullets_and_kind(package: dict[str, Any]) -> None:
    items = items_by_ref(package)
    item = items["LMAC5A/LM/B.3"]
    assert item["fullStatement"] == ("how to adapt own leadership and management style for:\n"
                                     "- different situations\n- different teams")
    assert (item["CFItemType"], item["listEnumeration"], item["conceptKeywords"]) == \
        ("Item", "3", ["knowledge"])
    assert items["LMAC5C/SG/B"]["conceptKeywords"] == ["skill"]
    assert items["LMAC5C/SG"]["conceptKeywords"] == ["knowledge", "skill"]
    assert "conceptKeywords" not in items["LMAC5C"]
    assert items["LMAC5C"]["fullStatement"] == "Responsibilities"


def test_guidance_notes_sit_beside_the_items_they_define(package: dict[str, Any]) -> None:
    items = items_by_ref(package)
    definition = ("Guidance note LMAC5A/LM#different-situations, **Different situations**: "
                  "may include the formality of situations")
    assert definition in items["LMAC5A/LM"]["notes"]
    notes = items["LMAC5A/LM/B.3"]["notes"]
    assert notes.startswith('Terms:\n- "different situations": guidance note '
                            'LMAC5A/LM#different-situations\n- "different teams": ')
    assert definition in notes
    # A term linked to another sub-topic's note shows that note.
    notes = items["LMAC5A/DM/B.5"]["notes"]
    assert '- "individuals": guidance note LMAC5C/PS#individuals' in notes
    assert "\n\nGuidance note LMAC5C/PS#individuals, **Individuals**: " in notes


def test_errata_are_in_the_notes_of_the_nodes_they_touch(criteria: CriteriaSet,
                                                         package: dict[str, Any]) -> None:
    touched = {e.id: touched_refs(e, criteria.index()) for e in criteria.errata}
    assert touched["ERR-E1"] == ["LMAC5E/EC/C.2"]
    assert touched["ERR-H1"] == ["LMAC5B/LD/B.4", "LMAC5H/CD/C.3"]
    assert touched["ERR-D2"] == ["LMAC5D/CI"]
    assert touched["ERR-C2"] == ["LMAC5C/SG"]
    assert "LMAC5C/PS/B" in touched["ERR-X1"] and "LMAC5C/PS/B.1" in touched["ERR-X1"]
    items = items_by_ref(package)
    for erratum_id, refs in touched.items():
        for ref in refs:
            assert f"Erratum {erratum_id} (" in items[ref]["notes"], (erratum_id, ref)
    assert items["LMAC5E/EC/C.2"]["notes"] == (
        'Terms:\n- "audience": no guidance note defines it\n\n'
        + next(line for line in items["LMAC5E/EC/C.2"]["notes"].split("\n\n")
               if line.startswith("Erratum ERR-E1 (")))


# -- command line ----------------------------------------------------------------------


def test_cli_writes_the_package(capsys: pytest.CaptureFixture[str], criteria: CriteriaSet,
                                tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "criteria", "export", "--format", "case")
    assert (code, err) == (0, "")
    assert out == export_case_json(criteria)
    target = tmp_path / "framework.json"
    assert run_cli(capsys, "criteria", "export", "--format", "case", "--base-uri",
                   "https://example.org/case", "-o", str(target)) == (0, "", "")
    document = json.loads(target.read_text("utf-8"))["CFDocument"]
    assert document["uri"] == f"https://example.org/case/CFDocuments/{document['identifier']}"


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "case", "--base-uri", "example.org"],
     "--base-uri 'example.org' is not usable: give an http or https URI without spaces, "
     "query or fragment, e.g. https://example.org/ims/case/v1p0"),
    (["--base-uri", "https://example.org"], "--base-uri applies only to --format case"),
])
def test_cli_refuses_a_bad_base_uri(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    args: list[str], message: str) -> None:
    target = tmp_path / "out.json"
    assert run_cli(capsys, "criteria", "export", *args, "-o", str(target)) == (
        2, "", f"criteria-checker: error: {message}\n")
    assert not target.exists()
