"""Rules files are validated on load: every problem is FILE:LINE: message, exit 2."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from criteria_checker.engine.rules import lint_rules, load_rules
from criteria_checker.errors import InputError
from criteria_checker.paths import rules_dir

GOOD = """\
- id: HRS001
  name: tqt-in-band
  severity: error
  check: hours.in_band
  params: {hours: tqt, band: tqt}
  citation: "Section A"
  message: "TQT {hours} hours is {side} the required {band_min}-{band_max}"
  help: "Fix the TQT."
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(folder: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_rules(folder)
    return str(caught.value)


# (what is wrong, the rule as written, the line reported, the message)
BROKEN = [
    ("unknown check", GOOD.replace("hours.in_band", "hours.in_bnd"), 4,
     "rule HRS001: unknown check 'hours.in_bnd'; did you mean 'hours.in_band'?"),
    ("unknown check, nothing close", GOOD.replace("hours.in_band", "spelling.check"), 4,
     "rule HRS001: unknown check 'spelling.check' (run 'criteria-checker rules checks' for "
     "the list)"),
    ("unknown parameter", GOOD.replace("band: tqt}", "band: tqt, bands: 2}"), 5,
     "rule HRS001: unknown parameter 'bands' for check hours.in_band (it takes: hours, band)"),
    ("parameter for a check that takes none",
     GOOD.replace("hours.in_band", "hours.tqt_sum").replace(
         "{hours} hours is {side} the required {band_min}-{band_max}", "{tqt}"), 5,
     "rule HRS001: unknown parameter 'hours' for check hours.tqt_sum (it takes no parameters)"),
    ("missing parameter", GOOD.replace("{hours: tqt, band: tqt}", "{hours: tqt}"), 5,
     "rule HRS001: missing parameter 'band' for check hours.in_band"),
    ("parameter value not allowed", GOOD.replace("band: tqt}", "band: tqq}"), 5,
     "rule HRS001: parameter 'band': input should be 'tqt', 'minimum_content' or "
     "'optional_content' (found 'tqq')"),
    ("parameter of the wrong type",
     GOOD.replace("hours.in_band", "ofqual.credit_value")
         .replace("{hours: tqt, band: tqt}", "{hours_per_credit: ten}")
         .replace("TQT {hours} hours is {side} the required {band_min}-{band_max}", "{credit}"),
     5, "rule HRS001: parameter 'hours_per_credit': input should be a valid integer "
        "(found 'ten')"),
    ("template field the check does not provide", GOOD.replace("{side}", "{direction}"), 7,
     "rule HRS001: message template uses {direction}, which check hours.in_band does not "
     "provide (it provides: band_max, band_min, hours, side)"),
    ("broken template", GOOD.replace("{side}", "{side"), 7,
     "rule HRS001: message template is not valid: unexpected '{' in field name"),
    ("unbalanced brace", GOOD.replace("{side}", "side}"), 7,
     "rule HRS001: message template is not valid: Single '}' encountered in format string"),
    ("template with attribute access", GOOD.replace("{side}", "{side.__class__}"), 7,
     "rule HRS001: message template field {side.__class__} is not a plain name (write {name}, "
     "with no dots, brackets or numbers)"),
    ("template with a format spec", GOOD.replace("{side}", "{side:>10}"), 7,
     "rule HRS001: message template field {side:>10} has a format spec; write {side} alone"),
    ("unknown key", GOOD.replace("  help:", "  hepl: x\n  help:"), 8,
     "rule HRS001: unknown key 'hepl' (a rule has: check, citation, help, id, message, name, "
     "params, requirement, severity)"),
    ("missing key", GOOD.replace('  help: "Fix the TQT."\n', ""), 1,
     "rule HRS001: missing required key 'help'"),
    ("id off pattern", GOOD.replace("HRS001", "HRS1"), 1,
     "rule HRS1: id: must match ^[A-Z]{3}[0-9]{3}$ (found 'HRS1')"),
    ("unknown severity", GOOD.replace("severity: error", "severity: fatal"), 3,
     "rule HRS001: severity: input should be 'error', 'warning' or 'info' (found 'fatal')"),
    ("name off pattern", GOOD.replace("tqt-in-band", "TQT in band"), 2,
     "rule HRS001: name: must match ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ (found 'TQT in band')"),
    ("duplicate id in one file", GOOD + GOOD.replace("tqt-in-band", "other-name"), 9,
     "duplicate rule id HRS001 (first defined at {file}:1)"),
    ("duplicate name in one file", GOOD + GOOD.replace("HRS001", "HRS002"), 10,
     "rule HRS002: name 'tqt-in-band' is already used by HRS001 ({file}:1)"),
    ("duplicate key", GOOD.replace("  help:", "  check: hours.in_band\n  help:"), 8,
     "key 'check' appears twice in one mapping"),
    ("not a list", "id: HRS001\n", 1, "a rules file must be a list of rules, not a mapping"),
    ("empty file", "", 1, "a rules file must be a list of rules, not empty"),
    ("entry not a mapping", "- HRS001\n", 1,
     "rule #1 must be a mapping with keys check, citation, help, id, message, name, params, "
     "requirement, severity; found a string"),
]


@pytest.mark.parametrize(("text", "line", "message"),
                         [pytest.param(t, ln, m, id=what) for what, t, ln, m in BROKEN])
def test_broken_rule_is_reported_at_its_line(tmp_path: Path, text: str, line: int,
                                             message: str) -> None:
    path = write(tmp_path, "rules.yaml", text)
    assert load_error(tmp_path) == f"{path}:{line}: {message.replace('{file}', str(path))}"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", "# another family\n" + GOOD.replace("tqt-in-band", "x"))
    assert load_error(tmp_path) == (
        f"{second}:2: duplicate rule id HRS001 (first defined at {first}:1)")


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.yaml", "- id: [HRS001\n")
    assert load_error(tmp_path).startswith(f"{path}:2:1: not valid YAML: ")


def test_folder_without_rules(tmp_path: Path) -> None:
    assert load_error(tmp_path) == f"{tmp_path}: holds no rules files (*.yaml)"


def test_missing_location(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nowhere") == f"{tmp_path / 'nowhere'}: no such file or folder"


def test_one_file_may_be_given(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "mine.yaml", GOOD))
    assert [(r.id, r.name, r.check.name) for r in rules] == [("HRS001", "tqt-in-band",
                                                             "hours.in_band")]


def test_lint_lists_every_problem_in_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.yaml",
                 GOOD.replace("hours.in_band", "hours.nope")
                 + GOOD.replace("HRS001", "HRS002").replace("tqt-in-band", "b")
                       .replace("{side}", "{sid}"))
    assert [str(p) for p in lint_rules([path])] == [
        f"{path}:4: rule HRS001: unknown check 'hours.nope'; did you mean 'hours.in_band'?",
        f"{path}:15: rule HRS002: message template uses {{sid}}, which check hours.in_band "
        "does not provide (it provides: band_max, band_min, hours, side)",
    ]


def test_bundled_rules_are_clean() -> None:
    files = sorted(rules_dir().glob("*.yaml"))
    assert files
    assert lint_rules(files) == []
    assert len(load_rules(rules_dir())) >= 30
