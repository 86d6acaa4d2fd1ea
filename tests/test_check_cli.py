"""`criteria-checker check` and `criteria-checker rules` as users run them.

Exit codes: 0 conformant, 1 not conformant, 2 the tool could not do its job
(a bad option, rules file or input file; the other files are still checked).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.specs.patching import conformant_spec, patched_spec

from criteria_checker.cli import main
from criteria_checker.engine.api import rules_for
from criteria_checker.engine.options import CheckOptions
from criteria_checker.engine.registry import registered_checks
from criteria_checker.paths import rules_dir
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.writers.xml_writer import write_xml_spec

TOO_LOW = [{"set": "tqt", "value": 880}]
NEAR_MISS = "Northfield Awards Level 5 Diploma in Leading and Managing an Adult Care Services"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Specifications on disk: conformant, too few hours, a near-miss title."""
    written = {}
    for name, spec in [("good", conformant_spec()), ("low", patched_spec(TOO_LOW)),
                       ("title", patched_spec([{"set": "title", "value": NEAR_MISS}]))]:
        path = tmp_path / f"{name}.xml"
        path.write_bytes(write_xml_spec(spec))
        written[name] = str(path)
    return written


def findings(out: str) -> list[tuple[str, str, str]]:
    """(file, rule, severity) of every finding in a JSON report."""
    document: dict[str, Any] = json.loads(out)
    return [(Path(r["file"]).stem, f["rule_id"], f["severity"])
            for r in document["reports"] for f in r["findings"]]


def test_conformant_file_exits_0(capsys: pytest.CaptureFixture[str],
                                 files: dict[str, str]) -> None:
    code, out, err = run_cli(capsys, "check", files["good"], "--format", "json")
    assert (code, err, findings(out)) == (0, "", [])
    assert json.loads(out)["reports"][0]["passed"] is True


def test_not_conformant_file_exits_1(capsys: pytest.CaptureFixture[str],
                                     files: dict[str, str]) -> None:
    code, out, err = run_cli(capsys, "check", files["good"], files["low"], "--format", "json")
    assert (code, err) == (1, "")
    assert findings(out) == [("low", "HRS001", "error"), ("low", "HRS004", "error"),
                             ("low", "OFQ005", "error")]


def test_text_report_by_default(capsys: pytest.CaptureFixture[str],
                                files: dict[str, str]) -> None:
    code, out, _ = run_cli(capsys, "check", files["low"], "--no-color")
    assert code == 1
    assert "HRS001 TQT 880 hours is below the required 900-950" in out
    assert "\x1b[" not in out


def test_ignore_select_and_severity(capsys: pytest.CaptureFixture[str],
                                    files: dict[str, str]) -> None:
    code, out, _ = run_cli(capsys, "check", files["low"], "--format", "json",
                           "--ignore", "HRS004,credit-is-tqt-over-ten",
                           "--severity", "tqt-in-band=warning")
    assert (code, findings(out)) == (0, [("low", "HRS001", "warning")])
    code, out, _ = run_cli(capsys, "check", files["low"], "--format", "json",
                           "--select", "HRS001", "--severity", "HRS001=warning",
                           "--fail-on", "warning")
    assert (code, findings(out)) == (1, [("low", "HRS001", "warning")])


def test_shared_title_option(capsys: pytest.CaptureFixture[str],
                             files: dict[str, str]) -> None:
    code, out, _ = run_cli(capsys, "check", files["title"], "--format", "json",
                           "--shared-title", NEAR_MISS.removeprefix("Northfield Awards "))
    assert (code, findings(out)) == (0, [])


def test_output_file(capsys: pytest.CaptureFixture[str], files: dict[str, str],
                     tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, err = run_cli(capsys, "check", files["low"], "--format", "json",
                             "--output", str(target))
    assert (code, out, err) == (1, "", "")
    assert findings(target.read_text(encoding="utf-8"))[0] == ("low", "HRS001", "error")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_unreadable_file_is_reported_and_the_others_checked(
        capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.xml"
    code, out, err = run_cli(capsys, "check", str(missing), files["low"], "--format", "json")
    assert code == 2
    assert err == f"criteria-checker: error: {missing}: no such file\n"
    assert findings(out)[0] == ("low", "HRS001", "error")


@pytest.mark.parametrize(("args", "message"), [
    (["--select", "HRS01"],
     "criteria-checker: error: --select: no rule 'HRS01'; did you mean 'HRS001'? "
     "(run 'criteria-checker rules list')\n"),
    (["--severity", "HRS001"],
     "criteria-checker: error: --severity 'HRS001': write RULE=LEVEL, e.g. HRS001=warning\n"),
    (["--criteria", "no-such-set"],
     "criteria-checker: error: no criteria set 'no-such-set': give a criteria file, or one "
     "of the bundled sets (sfc-l5-lmac-2021-05)\n"),
    (["--shared-title", " "], "criteria-checker: error: --shared-title: the title is empty\n"),
])
def test_bad_options_exit_2_before_reading(capsys: pytest.CaptureFixture[str],
                                           args: list[str], message: str) -> None:
    code, out, err = run_cli(capsys, "check", "never-read.xml", *args)
    assert (code, out, err) == (2, "", message)


def test_unknown_format_exits_2(capsys: pytest.CaptureFixture[str],
                                files: dict[str, str]) -> None:
    code, out, err = run_cli(capsys, "check", files["good"], "--format", "pdf")
    assert (code, out) == (2, "")
    assert "'pdf' is not one of" in err
    assert all(f"'{name}'" in err for name in REPORTER_BY_NAME)


def test_broken_rules_folder_exits_2_with_file_and_line(
        capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    text = (rules_dir() / "hours.yaml").read_text(encoding="utf-8")
    (folder / "hours.yaml").write_text(text.replace("hours.tqt_sum", "hours.tqt_summ"),
                                       encoding="utf-8")
    line = text[:text.index("hours.tqt_sum")].count("\n") + 1
    code, out, err = run_cli(capsys, "check", files["good"], "--rules", str(folder))
    assert (code, out) == (2, "")
    assert err == (f"criteria-checker: error: {folder / 'hours.yaml'}:{line}: rule HRS004: "
                   "unknown check 'hours.tqt_summ'; did you mean 'hours.tqt_sum'?\n")


# -- rules commands ----------------------------------------------------------------------


def test_rules_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "rules", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    rules = rules_for(CheckOptions())
    assert lines[0].split() == ["id", "severity", "name", "enforces"]
    assert [line.split()[0] for line in lines[2:2 + len(rules)]] == [r.id for r in rules]
    assert "HRS001  error     tqt-in-band" in out
    assert lines[-1] == (f"{len(rules)} rules; 'criteria-checker rules explain ID' tells more "
                         "about one")


def test_rules_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "rules", "explain", "tqt-in-band")
    assert (code, err) == (0, "")
    assert out.splitlines()[:6] == [
        "HRS001  tqt-in-band  (error)",
        "",
        "check:      hours.in_band {hours: tqt, band: tqt}",
        "enforces:   SA-TQT (Section A: Total Qualification Time): have a TQT of 900-950 hours",
        "citation:   Skills for Care Level 5 criteria (May 2021), Section A, Total Qualification",
        "            Time: 'have a TQT of 900-950 hours'",
    ]
    assert "message:    TQT {hours} hours is {side} the required {band_min}-{band_max}" in out


def test_rules_explain_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "rules", "explain", "HRS999")
    assert (code, out) == (2, "")
    assert err == ("criteria-checker: error: rules explain: no rule 'HRS999' "
                   "(run 'criteria-checker rules list')\n")


def test_rules_checks_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "checks")
    names = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert (code, names) == (0, list(registered_checks()))


def test_rules_lint(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli(capsys, "rules", "lint") == (0, "", "")
    broken = tmp_path / "broken.yaml"
    text = (rules_dir() / "title.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("{expected}", "{wanted}"), encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "{expected}" in line]
    code, out, _ = run_cli(capsys, "rules", "lint", str(broken))
    assert code == 1
    assert out.splitlines() == [
        f"{broken}:{line}: rule {rule}: message template uses {{wanted}}, which check "
        "title.shared does not provide (it provides: expected, title)"
        for rule, line in zip(("TTL001", "TTL002"), lines, strict=True)]


# -- patterns the shell did not expand ---------------------------------------------------


@pytest.mark.parametrize(("patterns", "checked", "unmatched"), [
    (["*.xml"], ["good", "low", "title"], []),
    (["[gl]*.xml"], ["good", "low"], []),
    (["**/t?tle.xml"], ["title"], []),
    (["good.xml", "*.xml"], ["good", "low", "title"], []),
    (["*.docx", "low.xml"], ["low"], ["*.docx"]),
])
def test_check_expands_patterns_itself(
        files: dict[str, str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        patterns: list[str], checked: list[str], unmatched: list[str]) -> None:
    monkeypatch.chdir(Path(files["good"]).parent)
    code, out, err = run_cli(capsys, "check", "--quiet", *patterns)
    assert [line.split(".xml:")[0] for line in out.splitlines()] == checked
    assert err == "".join(f"criteria-checker: error: {p}: no files match this pattern\n"
                          for p in unmatched)
    assert code == (2 if unmatched else 1)


def test_a_file_whose_name_looks_like_a_pattern_is_taken_as_it_is(
        files: dict[str, str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = Path(files["good"]).parent
    (folder / "[draft].xml").write_bytes(Path(files["good"]).read_bytes())
    monkeypatch.chdir(folder)
    assert run_cli(capsys, "check", "--quiet", "[draft].xml") \
        == (0, "[draft].xml: CONFORMANT - 0 errors, 0 warnings, 0 info\n", "")


def test_a_pattern_leaves_out_mapping_grids_named_after_a_specification(
        files: dict[str, str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = Path(files["good"]).parent
    (folder / "good.mapping.csv").write_text("unit,criterion\n", "utf-8")
    monkeypatch.chdir(folder)
    assert run_cli(capsys, "check", "--quiet", "--select", "HRS001", "good*") \
        == (0, "good.xml: CONFORMANT - 0 errors, 0 warnings, 0 info\n", "")
