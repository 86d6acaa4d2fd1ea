"""The MAP rules on whole specifications: exact findings on a case built to fail them,
none on any conformant specification, advisory unless the user says otherwise, and
listed in every report format.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from fixtures.specs.patching import patched_spec

from criteria_checker.engine.api import check_file, check_spec, criteria_for, rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
MAP_RULES = ("MAP001", "MAP002")


def _rotated_mappings() -> list[dict[str, Any]]:
    """Unit 501's mapping column slipped by one row: AC 1.1 maps to A.2, ..., AC 1.5 to A.1."""
    return [{"set": f"units[H/650/2101].outcomes[0].criteria[{i}].mappings[0]",
             "value": {"raw": f"LMAC5A/LM/A.{i % 5 + 2 if i < 4 else 1}",
                       "ref": f"LMAC5A/LM/A.{i % 5 + 2 if i < 4 else 1}",
                       "location": {"file": "conformant.xml", "line": 17 + i}}}
            for i in range(5)]


def non_conformant() -> QualificationSpec:
    """The conformant specification with a slipped mapping column and a criterion copied
    from a finance unit over the safeguarding one it replaced, its mapping left as it was."""
    return patched_spec([
        *_rotated_mappings(),
        {"set": "units[H/650/2108].outcomes[0].criteria[5].text",
         "value": "Monitor budgets against spend"},
    ])


EXPECTED = [
    ("MAP001", "LMAC5A/LM/A.2", "conformant.xml:17",
     "Unit H/650/2101 AC 1.1 'the differences between leadership and management' claims "
     "LMAC5A/LM/A.2 'key theories of leadership and management' (score 0.45); shared terms: "
     "leadership, management; missing: key, theories; it reads more like LMAC5A/LM/A.1 'the "
     "differences between leadership and management' (score 1.00)"),
    ("MAP002", "LMAC5A/LM/A", "conformant.xml:17",
     "LMAC5A/LM/A (outcome 'Understand leadership and management theories and styles "
     "including:') is claimed by learning outcomes or assessment criteria only through text "
     "that does not match it (AC 1.1, AC 1.2, AC 1.3, AC 1.4 and AC 1.5 of H/650/2101)"),
    ("MAP001", "LMAC5A/LM/A.3", "conformant.xml:18",
     "Unit H/650/2101 AC 1.2 'key theories of leadership and management' claims LMAC5A/LM/A.3 "
     "'how theoretical models can be used in own leadership' (score 0.54); shared terms: "
     "theoretical, models, leadership; missing: used, own; it reads more like LMAC5A/LM/A.2 "
     "'key theories of leadership and management' (score 1.00)"),
    ("MAP001", "LMAC5A/LM/A.4", "conformant.xml:19",
     "Unit H/650/2101 AC 1.3 'how theoretical models can be used in own leadership' claims "
     "LMAC5A/LM/A.4 'analyse the range of different leadership styles' (score 0.24); shared "
     "terms: leadership; missing: styles, different, range; it reads more like LMAC5A/LM/A.3 "
     "'how theoretical models can be used in own leadership' (score 1.00)"),
    ("MAP001", "LMAC5A/LM/A.5", "conformant.xml:20",
     "Unit H/650/2101 AC 1.4 'analyse the range of different leadership styles' claims "
     "LMAC5A/LM/A.5 'how coaching and mentoring can be used to compliment leadership style.' "
     "(score 0.30); shared terms: style, leadership; missing: coaching, mentoring, compliment, "
     "used; it reads more like LMAC5A/LM/A.4 'analyse the range of different leadership "
     "styles' (score 1.00)"),
    ("MAP001", "LMAC5A/LM/A.1", "conformant.xml:21",
     "Unit H/650/2101 AC 1.5 'how coaching and mentoring can be used to compliment leadership "
     "style.' claims LMAC5A/LM/A.1 'the differences between leadership and management' "
     "(score 0.23); shared terms: leadership; missing: differences, management; it reads more "
     "like LMAC5A/LM/A.5 'how coaching and mentoring can be used to compliment leadership "
     "style.' (score 1.00)"),
    ("MAP001", "LMAC5C/SG/A.6", "conformant.xml:159",
     "Unit H/650/2108 AC 1.6 'Monitor budgets against spend' claims LMAC5C/SG/A.6 'own role in "
     "leading a response to suspected or disclosed abuse or neglect' (score 0.00); shared "
     "terms: none; missing: suspected, disclosed, abuse, neglect, response, ..."),
    ("MAP002", "LMAC5C/SG/A.6", "conformant.xml:159",
     "LMAC5C/SG/A.6 (item 'own role in leading a response to suspected or disclosed abuse or "
     "neglect') is claimed by learning outcomes or assessment criteria only through text that "
     "does not match it (AC 1.6 of H/650/2108)"),
]


def test_a_non_conformant_case_gives_exactly_these_findings() -> None:
    options = CheckOptions()
    report = check_spec(non_conformant(), criteria=criteria_for(options),
                        rules=rules_for(options), options=options)
    assert [(f.rule_id, f.ref, str(f.location), f.message) for f in report.findings] == EXPECTED
    assert {f.severity for f in report.findings} == {"info"}
    assert report.passed, "advisory findings never change the verdict by default"


def test_raised_to_warning_they_can_fail_a_specification() -> None:
    options = CheckOptions(severity=(("MAP001", "warning"),), fail_on="warning")
    report = check_spec(non_conformant(), criteria=criteria_for(options),
                        rules=rules_for(options), options=options)
    assert [(f.rule_id, f.severity) for f in report.findings if f.rule_id == "MAP001"] == \
        [("MAP001", "warning")] * 6
    assert not report.passed


def test_ignoring_the_family_leaves_the_rest_alone() -> None:
    options = CheckOptions(ignore=MAP_RULES)
    report = check_spec(non_conformant(), criteria=criteria_for(options),
                        rules=rules_for(options), options=options)
    assert report.findings == []


# -- no false alarms on conformant specifications ------------------------------------------

CONFORMANT = sorted(p.name for p in SPECIMENS.glob("conformant*") if p.suffix in {".docx", ".xml"})


@pytest.mark.parametrize("name", CONFORMANT)
def test_conformant_specimens_give_no_map_findings(name: str) -> None:
    report = check_file(SPECIMENS / name, CheckOptions(select=MAP_RULES))
    assert report.findings == []


def test_only_the_specimens_made_to_show_them_give_map_findings() -> None:
    # Defective specimens break other rules; only those written to say one thing and
    # claim another (specimens.yaml lists their MAP findings) may give any.
    table = yaml.safe_load((SPECIMENS / "specimens.yaml").read_text("utf-8"))
    made = {f["file"] for entry in table["specimens"] for f in entry["files"]
            if any(finding["rule"] in MAP_RULES for finding in entry["findings"])}
    found = set()
    for path in sorted(SPECIMENS.glob("*")):
        if path.suffix in {".docx", ".xml"}:
            report = check_file(path, CheckOptions(select=MAP_RULES))
            if report.findings:
                found.add(path.name)
    assert found == made == {"claims-do-not-match.xml", "grid-contradicts-mapping.xml"}


def test_the_conformant_fixture_gives_no_map_findings() -> None:
    options = CheckOptions(select=MAP_RULES)
    report = check_spec(patched_spec([]), criteria=criteria_for(options),
                        rules=rules_for(options), options=options)
    assert report.findings == []


# -- through the command line, in every report format ---------------------------------------

@pytest.fixture(scope="module")
def bad_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map") / "claims.xml"
    path.write_bytes(write_xml_spec(non_conformant()))
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "criteria_checker", *args],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "junit", "sarif",
                                 "compact"])
def test_every_report_format_lists_the_findings(bad_xml: Path, fmt: str) -> None:
    result = _cli("check", "--format", fmt, str(bad_xml))
    assert (result.returncode, result.stderr) == (0, "")
    assert "MAP001" in result.stdout and "MAP002" in result.stdout
    assert "Monitor budgets against spend" in result.stdout


def test_the_exit_code_changes_only_when_asked(bad_xml: Path) -> None:
    assert _cli("check", "--format", "compact", str(bad_xml)).returncode == 0
    raised = _cli("check", "--format", "json", "--severity", "MAP001=warning",
                  "--fail-on", "warning", str(bad_xml))
    assert raised.returncode == 1
    findings = json.loads(raised.stdout)["reports"][0]["findings"]
    assert {(f["rule_id"], f["severity"]) for f in findings} == {("MAP001", "warning"),
                                                                 ("MAP002", "info")}
