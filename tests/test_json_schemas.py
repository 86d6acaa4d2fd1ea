"""The JSON Schemas of the criteria and rules formats: shipped, current, and right.

The package ships the schemas the `criteria schema` and `rules schema`
commands generate from the models; a model (or check) changed without
regenerating them fails here. Every bundled file names its schema on its
first line for editors and validates against it; documents the linters
refuse for a reason a schema can express fail the schema too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from criteria_checker.cli import main
from criteria_checker.engine.registry import registered_checks
from criteria_checker.schemas.generate import DIALECT, SCHEMA_FILES
from criteria_checker.yaml_source import load_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "criteria_checker" / "schemas"
BUNDLED = {"criteria": sorted((ROOT / "criteria").glob("*.yaml")),
           "rules": sorted((ROOT / "rules").glob("*.yaml"))}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)\n")
REGENERATE = ("criteria-checker criteria schema -o criteria_checker/schemas/criteria.schema.json"
              " && criteria-checker rules schema -o criteria_checker/schemas/rules.schema.json")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


def shipped(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text("utf-8"))
    return loaded


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        shipped(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(kind: str, text: str) -> list[str]:
    """The schema's complaints about a document, as ``path: message``."""
    data = load_yaml(Path(f"{kind}.yaml"), text).data
    return sorted(f"{e.json_path}: {e.message}" for e in validator(kind).iter_errors(data))


# -- shipped and current ----------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_shipped_schema_is_what_the_command_generates(
        kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, kind, "schema")
    assert (code, err) == (0, "")
    assert out == (SCHEMAS / SCHEMA_FILES[kind]).read_text("utf-8"), \
        f"{SCHEMA_FILES[kind]} is out of date: run {REGENERATE}"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_output_writes_the_schema_to_a_file(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert run_cli(capsys, kind, "schema", "--output", str(target)) == (0, "", "")
    assert target.read_bytes() == (SCHEMAS / SCHEMA_FILES[kind]).read_bytes()


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_schema_is_a_valid_draft_2020_12_schema_with_an_id(kind: str) -> None:
    schema = shipped(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["$id"].startswith("urn:criteria-checker:")
    assert schema["title"] and schema["description"]


def test_the_shipped_text_is_stable() -> None:
    # Sorted keys and no generated property titles: a regenerated file differs
    # only where a model did.
    for kind in SCHEMA_FILES:
        text = (SCHEMAS / SCHEMA_FILES[kind]).read_text("utf-8")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True,
                                  ensure_ascii=False) + "\n"
    criteria = shipped("criteria")["$defs"]
    assert "title" not in criteria["Qualification"]["properties"]["working_title"]


def test_descriptions_come_from_docstrings_and_field_comments() -> None:
    defs = shipped("criteria")["$defs"]
    assert defs["Band"]["description"] == "An inclusive range of hours."
    assert defs["Qualification"]["properties"]["shared_title"]["description"] == (
        "The title agreed across awarding organisations, when the criteria record it.")
    # Defaults are the dataclasses' own.
    assert defs["GuidanceNote"]["properties"]["text"]["default"] == ""
    assert defs["GuidanceNote"]["properties"]["bullets"]["default"] == []
    pattern = shipped("rules")["$defs"]["ReferenceFormatParams"]["properties"]["pattern"]
    assert pattern["description"] == "A regular expression the whole reference must match."
    assert pattern["format"] == "regex"


def test_the_rules_schema_names_every_registered_check() -> None:
    rule = shipped("rules")["$defs"]["RuleData"]
    checks = registered_checks()
    assert rule["properties"]["check"]["enum"] == list(checks)
    bound = {branch["if"]["properties"]["check"]["const"]: branch["then"]
             for branch in rule["allOf"]}
    assert list(bound) == list(checks)
    assert bound["hours.in_band"]["properties"]["params"]["$ref"] == "#/$defs/BandParams"
    assert bound["hours.in_band"]["required"] == ["params"]
    assert "required" not in bound["hours.tqt_sum"]


# -- the bundled files ------------------------------------------------------------


@pytest.mark.parametrize(("kind", "path"), [
    pytest.param(kind, path, id=f"{kind}/{path.name}")
    for kind, paths in BUNDLED.items() for path in paths])
def test_a_bundled_file_names_its_schema_and_validates(kind: str, path: Path) -> None:
    text = path.read_text("utf-8")
    modeline = MODELINE.match(text)
    assert modeline, f"{path.name}: the first line must name the schema for editors"
    assert (path.parent / modeline["path"]).resolve() == SCHEMAS / SCHEMA_FILES[kind]
    assert errors(kind, text) == []


def test_every_kind_has_bundled_files() -> None:
    assert BUNDLED["criteria"] and BUNDLED["rules"]


# -- what the schema refuses ------------------------------------------------------

CRITERIA_TEXT = BUNDLED["criteria"][0].read_text("utf-8")
LM = "- code: LMAC5A/LM"


def edited(anchors: tuple[str, ...], old: str, new: str) -> str:
    """The bundled criteria with ``old`` replaced on the line the anchors lead to."""
    lines = CRITERIA_TEXT.splitlines(keepends=True)
    index = -1
    for anchor in anchors:
        index = next(i for i in range(index + 1, len(lines)) if anchor in lines[i])
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    return "".join(lines)


# The CC100 cases of tests/test_criteria_lint.py: (id, edited text, a complaint expected).
BAD_CRITERIA = [
    ("unknown-key", edited(("  publisher: Skills for Care",), "publisher", "publsher"),
     "$.provenance: Additional properties are not allowed ('publsher' was unexpected)"),
    ("missing-key", edited(("  version: May 2021",), "  version", "  # version"),
     "$.provenance: 'version' is a required property"),
    ("wrong-type", edited(("  level: 5",), "5", "five"),
     "$.qualification.level: 'five' is not of type 'integer'"),
    ("wrong-format-number", edited(("format: 1",), "1", "2"),
     "$.format: 1 was expected"),
    ("number-as-text", edited((LM, "- number: 1"), "1", '"1"'),
     "$.topics[0].subtopics[0].outcomes[0].items[0].number: '1' is not of type 'integer'"),
    ("unknown-kind", edited((LM, "kind: knowledge"), "knowledge", "knowlege"),
     "$.topics[0].subtopics[0].outcomes[0].kind: 'knowlege' is not one of "
     "['knowledge', 'skill']"),
    ("empty-item-text", edited((LM, 'text: "the differences'),
                               '"the differences between leadership and management"', '""'),
     "$.topics[0].subtopics[0].outcomes[0].items[0].text: '' should be non-empty"),
    ("unknown-top-level-key", edited(("format: 1",), "format: 1", "format: 1\nnone: 1"),
     "$: Additional properties are not allowed ('none' was unexpected)"),
    ("date-off-pattern", edited(('  date: "2021-05"',), "2021-05", "May 2021"),
     "$.provenance.date: 'May 2021' does not match '^\\\\d{4}-\\\\d{2}(-\\\\d{2})?$'"),
]


@pytest.mark.parametrize(("text", "expected"),
                         [pytest.param(text, expected, id=what)
                          for what, text, expected in BAD_CRITERIA])
def test_a_broken_criteria_file_fails_the_schema(text: str, expected: str) -> None:
    assert expected in errors("criteria", text)


GOOD_RULE = """\
- id: HRS001
  name: tqt-in-band
  severity: error
  check: hours.in_band
  params: {hours: tqt, band: tqt}
  citation: "Section A"
  message: "TQT {hours} hours is {side} the required {band_min}-{band_max}"
  help: "Fix the TQT."
"""

# Cases of tests/test_rules_loading.py a schema can express: (id, text, a complaint expected).
BAD_RULES = [
    ("unknown check", GOOD_RULE.replace("hours.in_band", "hours.in_bnd"),
     "$[0].check: 'hours.in_bnd' is not one of"),
    ("unknown parameter", GOOD_RULE.replace("band: tqt}", "band: tqt, bands: 2}"),
     "$[0].params: Additional properties are not allowed ('bands' was unexpected)"),
    ("parameter for a check that takes none",
     GOOD_RULE.replace("hours.in_band", "hours.tqt_sum"),
     "$[0].params: Additional properties are not allowed ('band', 'hours' were unexpected)"),
    ("missing parameter", GOOD_RULE.replace("{hours: tqt, band: tqt}", "{hours: tqt}"),
     "$[0].params: 'band' is a required property"),
    ("missing params", GOOD_RULE.replace("  params: {hours: tqt, band: tqt}\n", ""),
     "$[0]: 'params' is a required property"),
    ("parameter value not allowed", GOOD_RULE.replace("band: tqt}", "band: tqq}"),
     "$[0].params.band: 'tqq' is not one of ['tqt', 'minimum_content', 'optional_content']"),
    ("parameter of the wrong type",
     GOOD_RULE.replace("hours.in_band", "ofqual.credit_value")
              .replace("{hours: tqt, band: tqt}", "{hours_per_credit: ten}"),
     "$[0].params.hours_per_credit: 'ten' is not of type 'integer'"),
    ("parameter not a regular expression",
     GOOD_RULE.replace("hours.in_band", "units.reference_format")
              .replace("{hours: tqt, band: tqt}", "{pattern: '[A-Z', shown_as: X}"),
     "$[0].params.pattern: '[A-Z' is not a 'regex'"),
    ("unknown key", GOOD_RULE.replace("  help:", "  hepl: x\n  help:"),
     "$[0]: Additional properties are not allowed ('hepl' was unexpected)"),
    ("missing key", GOOD_RULE.replace('  help: "Fix the TQT."\n', ""),
     "$[0]: 'help' is a required property"),
    ("id off pattern", GOOD_RULE.replace("HRS001", "HRS1"),
     "$[0].id: 'HRS1' does not match '^[A-Z]{3}[0-9]{3}$'"),
    ("unknown severity", GOOD_RULE.replace("severity: error", "severity: fatal"),
     "$[0].severity: 'fatal' is not one of ['error', 'warning', 'info']"),
    ("name off pattern", GOOD_RULE.replace("tqt-in-band", "TQT in band"),
     "$[0].name: 'TQT in band' does not match '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'"),
    ("not a list", "id: HRS001\n", "$: {'id': 'HRS001'} is not of type 'array'"),
    ("entry not a mapping", "- HRS001\n", "$[0]: 'HRS001' is not of type 'object'"),
]


def test_the_good_rule_passes_the_schema() -> None:
    assert errors("rules", GOOD_RULE) == []


@pytest.mark.parametrize(("text", "expected"),
                         [pytest.param(text, expected, id=what)
                          for what, text, expected in BAD_RULES])
def test_a_broken_rules_file_fails_the_schema(text: str, expected: str) -> None:
    found = errors("rules", text)
    assert any(line.startswith(expected) for line in found), found
