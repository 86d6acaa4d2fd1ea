"""The engine as a library: the Report it builds and the options it honours."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.specs.patching import conformant_spec, patched_spec

from criteria_checker.engine.api import check_file, check_spec, criteria_for, rules_for
from criteria_checker.engine.options import CheckOptions, parse_severity, split_names
from criteria_checker.engine.registry import Check, NoParams, RawFinding
from criteria_checker.engine.rules import Rule, RuleSet
from criteria_checker.errors import InputError, UsageError
from criteria_checker.model.report import Report
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.writers.xml_writer import write_xml_spec

RULES = rules_for(CheckOptions())
CRITERIA = criteria_for(CheckOptions())
BROKEN = [{"set": "tqt", "value": 880},
          {"set": "units[H/650/2101].credit", "value": None},
          {"set": "supersedes[0].withdrawal_plan", "value": None}]


def run(spec: QualificationSpec, **options: object) -> Report:
    return check_spec(spec, criteria=CRITERIA, rules=RULES,
                      options=CheckOptions(**options))  # type: ignore[arg-type]


def summary(report: Report) -> list[tuple[str, str]]:
    return [(f.rule_id, f.severity) for f in report.findings]


def test_conformant_report() -> None:
    report = run(conformant_spec())
    assert report.passed and report.findings == []
    assert (report.spec.file, report.spec.title) == (
        "conformant.xml",
        "Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Service "
        "(England)")
    assert (report.criteria.id, report.criteria.version) == ("sfc-l5-lmac-2021-05", "May 2021")
    hours = report.hours
    assert (hours.tqt, hours.glh, hours.mandatory, hours.optional_min, hours.optional_max) == (
        920, 602, 780, 140, 140)
    assert [(b.min, b.max) for b in (hours.tqt_band, hours.mandatory_band,
                                     hours.optional_band)] == [(900, 950), (750, 800),
                                                               (100, 200)]
    assert [r.id for r in report.rules] == [r.id for r in RULES]


def test_coverage_matrix_has_every_subtopic_and_outcome() -> None:
    matrix = run(conformant_spec()).coverage
    assert len(matrix.units) == 25
    assert [u.level for u in matrix.units].count("optional") == 4
    assert len([r for r in matrix.rows if r.level == "subtopic"]) == 21
    assert len([r for r in matrix.rows if r.level == "outcome"]) == 64
    assert {r.status for r in matrix.rows} == {"mandatory"}
    first = matrix.rows[0]
    assert (first.ref, first.mandatory, first.optional) == ("LMAC5A/LM", ["H/650/2101"], [])


def test_findings_of_several_rules() -> None:
    report = run(patched_spec(BROKEN))
    assert summary(report) == [("HRS001", "error"), ("HRS004", "error"), ("OFQ005", "error"),
                               ("RAT003", "info"), ("RAT002", "warning")]
    assert not report.passed


def test_select_and_ignore_by_id_or_name() -> None:
    spec = patched_spec(BROKEN)
    assert summary(run(spec, select=("HRS001", "withdrawal-plan"))) == [
        ("HRS001", "error"), ("RAT003", "info")]
    assert summary(run(spec, ignore=("hrs001", "HRS004", "credit-is-tqt-over-ten"))) == [
        ("RAT003", "info"), ("RAT002", "warning")]
    assert [r.id for r in run(spec, select=("HRS001",)).rules] == ["HRS001"]


def test_severity_override_changes_findings_rules_and_verdict() -> None:
    spec = patched_spec(BROKEN[:1])
    report = run(spec, select=("HRS001", "HRS004"),
                 severity=(("HRS001", "warning"), ("tqt-is-mandatory-plus-optional", "info")))
    assert summary(report) == [("HRS001", "warning"), ("HRS004", "info")]
    assert [(r.id, r.severity) for r in report.rules] == [("HRS001", "warning"),
                                                          ("HRS004", "info")]
    assert report.passed
    assert not run(spec, select=("HRS001",), severity=(("HRS001", "warning"),),
                   fail_on="warning").passed


def test_fail_on_warning() -> None:
    spec = patched_spec(BROKEN[1:])
    assert run(spec).passed
    strict = run(spec, fail_on="warning")
    assert (strict.passed, strict.fail_on) == (False, "warning")


@pytest.mark.parametrize(("options", "message"), [
    ({"select": ("HRS01",)},
     "--select: no rule 'HRS01'; did you mean 'HRS001'? (run 'criteria-checker rules list')"),
    ({"ignore": ("tqt-in-bands",)},
     "--ignore: no rule 'tqt-in-bands'; did you mean 'tqt-in-band'? "
     "(run 'criteria-checker rules list')"),
    ({"severity": (("ZZZ999", "info"),)},
     "--severity: no rule 'ZZZ999' (run 'criteria-checker rules list')"),
])
def test_unknown_rule_names_are_usage_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        run(conformant_spec(), **options)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "message"), [
    ("HRS001", "--severity 'HRS001': write RULE=LEVEL, e.g. HRS001=warning"),
    ("=error", "--severity '=error': write RULE=LEVEL, e.g. HRS001=warning"),
    ("HRS001=fatal", "--severity 'HRS001=fatal': level 'fatal' is not one of error, warning, "
                     "info"),
])
def test_bad_severity_option(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_severity(text)
    assert str(caught.value) == message


def test_option_parsing() -> None:
    assert parse_severity(" HRS001 = Warning ") == ("HRS001", "warning")
    assert split_names(["HRS001,TTL001", " COV001 ", ","]) == ("HRS001", "TTL001", "COV001")
    with pytest.raises(UsageError, match=r"^--shared-title: the title is empty$"):
        CheckOptions(shared_title="  ")


def test_shared_title_option_replaces_the_criteria_title() -> None:
    report = run(conformant_spec(), select=("TTL001",),
                 shared_title="Level 5 Diploma in Leadership and Management for Adult Care")
    assert [f.message for f in report.findings] == [
        "Title 'Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care "
        "Service (England)' is not the shared title 'Level 5 Diploma in Leadership and "
        "Management for Adult Care'"]


def test_check_file_reads_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "spec.xml"
    path.write_bytes(write_xml_spec(patched_spec(BROKEN)))
    report = check_file(path)
    assert report.spec.file == str(path)
    assert summary(report) == summary(run(patched_spec(BROKEN)))
    assert {f.location.file for f in report.findings} == {str(path)}
    assert all(f.location.line for f in report.findings)


def test_check_file_of_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("not a specification", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_file(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_check_file_with_other_rules(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "- id: ABC001\n  name: tqt-stated\n  severity: warning\n  check: facts.stated\n"
        "  params: {fact: tqt}\n  citation: house style\n  message: 'no {fact}'\n"
        "  help: state it\n", encoding="utf-8")
    spec_path = tmp_path / "spec.xml"
    spec_path.write_bytes(write_xml_spec(patched_spec([{"set": "tqt", "value": None}])))
    report = check_file(spec_path, CheckOptions(rules=tmp_path / "mine.yaml"))
    assert [(f.rule_id, f.severity, f.message) for f in report.findings] == [
        ("ABC001", "warning", "no Total Qualification Time (TQT)")]


def test_a_check_that_breaks_costs_the_file_not_a_traceback() -> None:
    def explode(context: object, params: object) -> list[RawFinding]:
        raise ZeroDivisionError("division by zero")

    broken = Check(name="test.explode", function=explode, params=NoParams,
                   fields=frozenset())
    rules = RuleSet((Rule(id="TST001", name="explodes", severity="error", check=broken,
                          params=NoParams(), requirement=None, citation="c", message="m",
                          help="h", source="test:1"),))
    with pytest.raises(InputError) as caught:
        check_spec(conformant_spec(), criteria=CRITERIA, rules=rules)
    assert str(caught.value) == ("conformant.xml: rule TST001 (test.explode) could not be "
                                 "applied: ZeroDivisionError: division by zero")


@pytest.mark.parametrize(("collecting", "breaks"), [(True, False), (True, True),
                                                    (False, False), (False, True)])
def test_the_collector_is_paused_while_the_rules_run_and_left_as_it_was(
        collecting: bool, breaks: bool) -> None:
    seen: list[bool] = []

    def look(context: object, params: object) -> list[RawFinding]:
        seen.append(gc.isenabled())
        if breaks:
            raise ValueError("odd input")
        return []

    check = Check(name="test.look", function=look, params=NoParams, fields=frozenset())
    rules = RuleSet((Rule(id="TST003", name="looks", severity="error", check=check,
                          params=NoParams(), requirement=None, citation="c", message="m",
                          help="h", source="test:1"),))
    (gc.enable if collecting else gc.disable)()
    try:
        if breaks:
            with pytest.raises(InputError, match="ValueError: odd input"):
                check_spec(conformant_spec(), criteria=CRITERIA, rules=rules)
        else:
            check_spec(conformant_spec(), criteria=CRITERIA, rules=rules)
        assert (seen, gc.isenabled()) == ([False], collecting)
    finally:
        gc.enable()


def test_a_check_must_give_every_field_it_declares() -> None:
    def forgetful(context: object, params: object) -> list[RawFinding]:
        return [RawFinding({"a": 1})]

    check = Check(name="test.forgetful", function=forgetful, params=NoParams,
                  fields=frozenset({"a", "b"}))
    rules = RuleSet((Rule(id="TST002", name="forgets", severity="error", check=check,
                          params=NoParams(), requirement=None, citation="c", message="{a}",
                          help="h", source="test:1"),))
    with pytest.raises(InputError, match=r"check test\.forgetful gave no value for b$"):
        check_spec(conformant_spec(), criteria=CRITERIA, rules=rules)


def test_loading_rules_does_not_import_heavy_modules() -> None:
    code = ("import sys\n"
            "from criteria_checker.engine.api import rules_for\n"
            "from criteria_checker.engine.options import CheckOptions\n"
            "rules_for(CheckOptions())\n"
            "import criteria_checker.cli\n"
            "print(sorted(m for m in ('networkx', 'docx', 'lxml') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
