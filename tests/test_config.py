"""Configuration files: where they are found, what each key does, and how layers combine.

``[tool.criteria-checker]`` in pyproject.toml or the top level of
``.criteria-checker.toml``, found walking up from the working directory; the
command line wins over per-path overrides, which win over the file's top
level, which wins over the defaults (docs/configuration.md). Every case runs
the real command line in a folder of its own.
"""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from criteria_checker.cli import main
from criteria_checker.config import (
    Config,
    PathOptions,
    find_config,
    load_config,
    options_for,
    read_config,
)
from criteria_checker.config.lines import key_lines
from criteria_checker.config.model import PathOverride
from criteria_checker.engine.options import CheckOptions
from criteria_checker.paths import criteria_dir, rules_dir
from criteria_checker.reporters import REPORTER_BY_NAME

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"
TQT_HIGH = "tqt-above-band.xml"  # HRS001 and two OPT004 errors
TITLE_WRONG = "title-wrong.xml"  # TTL001
NUMBER_MISSING = "no-qualification-number.xml"  # QAN003, an info finding only
SHARED_TITLE = "Level 5 Diploma in Leadership and Management for Adult Care (England)"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` (relative path -> text) under ``root``; "specimen:NAME" copies one."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if text.startswith("specimen:"):
            shutil.copyfile(SPECIMENS / text.removeprefix("specimen:"), target)
        else:
            target.write_text(text, encoding="utf-8")


def findings(out: str) -> dict[str, list[tuple[str, str]]]:
    """(rule, severity) of each file's findings in a JSON report, by file name."""
    document: dict[str, Any] = json.loads(out)
    return {Path(r["file"]).as_posix(): [(f["rule_id"], f["severity"]) for f in r["findings"]]
            for r in document["reports"]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Make a folder of files, work in it (or a folder below it), return the working folder."""
    def make(files: dict[str, str], cwd: str = ".") -> Path:
        write_tree(tmp_path, files)
        folder = tmp_path / cwd
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.chdir(folder)
        return folder

    return make


# -- discovery ---------------------------------------------------------------------------

WITH_TABLE = '[project]\nname = "x"\n\n[tool.criteria-checker]\nfail-on = "warning"\n'
WITHOUT_TABLE = '[project]\nname = "criteria-checker-user"\n\n[tool.ruff]\nline-length = 99\n'
OWN = 'fail-on = "info"\n'


@pytest.mark.parametrize(("files", "cwd", "found"), [
    pytest.param({"pyproject.toml": WITH_TABLE}, ".", "pyproject.toml", id="pyproject-here"),
    pytest.param({".criteria-checker.toml": OWN}, ".", ".criteria-checker.toml", id="own-here"),
    pytest.param({"pyproject.toml": WITH_TABLE, ".criteria-checker.toml": OWN}, ".",
                 ".criteria-checker.toml", id="own-file-wins-in-one-folder"),
    pytest.param({"pyproject.toml": WITH_TABLE}, "a/b", "pyproject.toml", id="walks-up"),
    pytest.param({"pyproject.toml": WITH_TABLE, "a/.criteria-checker.toml": OWN}, "a/b",
                 "a/.criteria-checker.toml", id="nearest-wins"),
    pytest.param({".criteria-checker.toml": OWN, "a/pyproject.toml": WITH_TABLE}, "a/b",
                 "a/pyproject.toml", id="nearest-pyproject-wins"),
    pytest.param({".criteria-checker.toml": OWN, "a/pyproject.toml": WITHOUT_TABLE}, "a",
                 ".criteria-checker.toml", id="pyproject-without-table-passed-over"),
    pytest.param({"a/.criteria-checker.toml": OWN}, ".", None, id="never-looks-down"),
])
def test_discovery(project: Callable[..., Path], tmp_path: Path, files: dict[str, str],
                   cwd: str, found: str | None) -> None:
    folder = project(files, cwd)
    assert find_config(folder) == (tmp_path / found if found else None)
    assert load_config(folder).file == find_config(folder)


@pytest.mark.parametrize(("args", "first_line"), [
    ((), "# config: {root}/.criteria-checker.toml"),
    (("--config", "other.toml"), "# config: other.toml"),
    (("--config", "pyproject.toml"), "# config: pyproject.toml"),
    (("--no-config",), "# config: none (--no-config)"),
])
def test_config_and_no_config_options(capsys: pytest.CaptureFixture[str],
                                      project: Callable[..., Path], args: tuple[str, ...],
                                      first_line: str) -> None:
    root = project({".criteria-checker.toml": OWN, "other.toml": 'fail-on = "warning"\n',
                    "pyproject.toml": WITH_TABLE})
    code, out, err = run_cli(capsys, "config", *args)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == first_line.format(root=root)


def test_none_found(capsys: pytest.CaptureFixture[str], project: Callable[..., Path]) -> None:
    root = project({})
    if find_config(root) is not None:
        pytest.skip("a configuration file above the temporary folder")
    code, out, _ = run_cli(capsys, "config")
    assert (code, out.splitlines()[0]) == (0, f"# config: none found walking up from {root}")


# -- each key's effect on a real check ---------------------------------------------------

def _copied_rules(tmp_path: Path) -> None:
    shutil.copytree(rules_dir(), tmp_path / "my-rules")
    hours = tmp_path / "my-rules" / "hours.yaml"
    text = hours.read_text(encoding="utf-8")
    hours.write_text(text.replace("name: tqt-in-band\n  severity: error",
                                  "name: tqt-in-band\n  severity: warning"), encoding="utf-8")


def _copied_criteria(tmp_path: Path) -> None:
    (tmp_path / "sets").mkdir()
    text = (criteria_dir() / "sfc-l5-lmac-2021-05.yaml").read_text(encoding="utf-8")
    (tmp_path / "sets" / "mine.yaml").write_text(
        text.replace("id: sfc-l5-lmac-2021-05", "id: mine", 1), encoding="utf-8")


def _copied_grid(tmp_path: Path) -> None:
    (tmp_path / "grids").mkdir()
    shutil.copyfile(SPECIMENS / "grid-contradicts-mapping.mapping.csv",
                    tmp_path / "grids" / "units.csv")


HIGH = [("HRS001", "error"), ("OPT004", "error"), ("OPT004", "error")]
KEY_CASES: list[Any] = [
    # (config, the specimen checked, extra set-up, exit code, its findings)
    pytest.param("", TQT_HIGH, None, 1, HIGH, id="no-settings"),
    pytest.param('ignore = ["HRS001"]', TQT_HIGH, None, 1, HIGH[1:], id="ignore"),
    pytest.param('ignore = ["tqt-in-band, OPT004"]', TQT_HIGH, None, 0, [], id="ignore-names"),
    pytest.param('select = ["HRS001"]', TQT_HIGH, None, 1, HIGH[:1], id="select"),
    pytest.param('select = ["HRS001"]\nseverity = { HRS001 = "warning" }', TQT_HIGH, None, 0,
                 [("HRS001", "warning")], id="severity-table"),
    pytest.param('select = ["HRS001"]\nseverity = ["tqt-in-band=info"]', TQT_HIGH, None, 0,
                 [("HRS001", "info")], id="severity-list"),
    pytest.param('select = ["HRS001"]\nseverity = { HRS001 = "warning" }\nfail-on = "warning"',
                 TQT_HIGH, None, 1, [("HRS001", "warning")], id="fail-on-warning"),
    pytest.param("", NUMBER_MISSING, None, 0, [("QAN003", "info")], id="info-passes"),
    pytest.param('fail-on = "info"', NUMBER_MISSING, None, 1, [("QAN003", "info")],
                 id="fail-on-info"),
    pytest.param("", TITLE_WRONG, None, 1, [("TTL001", "error")], id="title-wrong"),
    pytest.param(f'shared-title = "{SHARED_TITLE}"', TITLE_WRONG, None, 0, [],
                 id="shared-title"),
    pytest.param('rules = "my-rules"\nselect = ["HRS001"]', TQT_HIGH, _copied_rules, 0,
                 [("HRS001", "warning")], id="rules-relative"),
    pytest.param('criteria = "sfc-l5-lmac-2021-05"\nselect = ["HRS001"]', TQT_HIGH, None, 1,
                 HIGH[:1], id="criteria-id"),
    pytest.param('criteria = "sets/mine.yaml"\nselect = ["HRS001"]', TQT_HIGH, _copied_criteria,
                 1, HIGH[:1], id="criteria-relative"),
    pytest.param('select = ["COV005"]', "grid-contradicts-mapping.xml", None, 0, [],
                 id="no-grid"),
    pytest.param('select = ["COV005"]\nmapping = ["grids/units.csv"]',
                 "grid-contradicts-mapping.xml", _copied_grid, 0, [("COV005", "warning")],
                 id="mapping-relative"),
]


@pytest.mark.parametrize(("config", "specimen", "setup", "code", "expected"), KEY_CASES)
@pytest.mark.parametrize("name", [".criteria-checker.toml", "pyproject.toml"])
def test_each_key_changes_the_check(
        capsys: pytest.CaptureFixture[str], project: Callable[..., Path], tmp_path: Path,
        name: str, config: str, specimen: str, setup: Callable[[Path], None] | None, code: int,
        expected: list[tuple[str, str]]) -> None:
    text = f"[tool.criteria-checker]\n{config}\n" if name == "pyproject.toml" else f"{config}\n"
    # The check runs in a folder below the configuration's: its paths are still its own.
    project({name: text, f"specs/{specimen}": f"specimen:{specimen}"}, cwd="specs")
    if setup:
        setup(tmp_path)
    result = run_cli(capsys, "check", "--format", "json", specimen)
    assert (result[0], result[2], findings(result[1])) == (code, "", {specimen: expected})


def test_criteria_from_the_config_is_the_one_checked_against(
        capsys: pytest.CaptureFixture[str], project: Callable[..., Path], tmp_path: Path) -> None:
    project({".criteria-checker.toml": 'criteria = "sets/mine.yaml"\n',
             TQT_HIGH: f"specimen:{TQT_HIGH}"})
    _copied_criteria(tmp_path)
    _, out, _ = run_cli(capsys, "check", "--format", "json", TQT_HIGH)
    assert json.loads(out)["reports"][0]["criteria"]["id"] == "mine"


def test_format_from_the_config(capsys: pytest.CaptureFixture[str],
                                project: Callable[..., Path]) -> None:
    project({".criteria-checker.toml": 'format = "json"\nselect = ["HRS001"]\n',
             TQT_HIGH: f"specimen:{TQT_HIGH}"})
    code, out, _ = run_cli(capsys, "check", TQT_HIGH)
    assert (code, findings(out)) == (1, {TQT_HIGH: HIGH[:1]})
    code, out, _ = run_cli(capsys, "check", "--format", "compact", TQT_HIGH)
    assert (code, len(out.splitlines())) == (1, 1)
    assert " HRS001 " in out and not out.startswith("{")


@pytest.mark.parametrize(("config", "args", "jobs"), [
    ("", (), None),
    ("jobs = 3\n", (), 3),
    ("jobs = 0\n", (), None),
    ("jobs = 3\n", ("--jobs", "2"), 2),
])
@pytest.mark.parametrize("command", ["check", "hook"])
def test_jobs_from_the_config(capsys: pytest.CaptureFixture[str], project: Callable[..., Path],
                              monkeypatch: pytest.MonkeyPatch, command: str, config: str,
                              args: tuple[str, ...], jobs: int | None) -> None:
    from criteria_checker.engine import check_many

    project({".criteria-checker.toml": config, TQT_HIGH: f"specimen:{TQT_HIGH}"})
    asked: list[int | None] = []
    real = check_many.check_files

    def spy(*positional: Any, jobs: int | None = None, **named: Any) -> Any:
        asked.append(jobs)
        return real(*positional, jobs=1, **named)

    monkeypatch.setattr(check_many, "check_files", spy)
    run_cli(capsys, command, *args, TQT_HIGH)
    assert asked == [jobs]


# -- per-path overrides ------------------------------------------------------------------

PER_PATH_FILES = {
    "pyproject.toml": (
        '[tool.criteria-checker]\n'
        'ignore = ["OPT004"]\n'
        '\n'
        '[tool.criteria-checker.per-path]\n'
        '"drafts/*.xml" = { ignore = ["OPT004", "HRS001"] }\n'
        '"*-wrong.xml" = { shared-title = "' + SHARED_TITLE + '" }\n'
        '\n'
        '[tool.criteria-checker.per-path."final/**"]\n'
        'severity = { HRS001 = "warning" }\n'
        'fail-on = "warning"\n'),
    f"drafts/{TQT_HIGH}": f"specimen:{TQT_HIGH}",
    f"final/{TQT_HIGH}": f"specimen:{TQT_HIGH}",
    f"final/deep/{TQT_HIGH}": f"specimen:{TQT_HIGH}",
    f"other/{TQT_HIGH}": f"specimen:{TQT_HIGH}",
    f"other/{TITLE_WRONG}": f"specimen:{TITLE_WRONG}",
}
PER_PATH_ARGS = (f"drafts/{TQT_HIGH}", f"final/{TQT_HIGH}", f"final/deep/{TQT_HIGH}",
                 f"other/{TQT_HIGH}", f"other/{TITLE_WRONG}")
PER_PATH_FINDINGS = {
    f"drafts/{TQT_HIGH}": [],
    f"final/{TQT_HIGH}": [("HRS001", "warning")],
    f"final/deep/{TQT_HIGH}": [("HRS001", "warning")],
    f"other/{TQT_HIGH}": [("HRS001", "error")],
    f"other/{TITLE_WRONG}": [],
}


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_per_path_overrides_in_one_check_run(capsys: pytest.CaptureFixture[str],
                                             project: Callable[..., Path], jobs: str) -> None:
    project(PER_PATH_FILES)
    code, out, err = run_cli(capsys, "check", "--format", "json", "--jobs", jobs,
                             *PER_PATH_ARGS)
    assert (code, err, findings(out)) == (1, "", PER_PATH_FINDINGS)
    verdicts = {Path(r["file"]).as_posix(): (r["fail_on"], r["passed"])
                for r in json.loads(out)["reports"]}
    assert verdicts == {
        f"drafts/{TQT_HIGH}": ("error", True), f"final/{TQT_HIGH}": ("warning", False),
        f"final/deep/{TQT_HIGH}": ("warning", False), f"other/{TQT_HIGH}": ("error", False),
        f"other/{TITLE_WRONG}": ("error", True)}


def test_per_path_overrides_from_a_folder_below(capsys: pytest.CaptureFixture[str],
                                                project: Callable[..., Path]) -> None:
    # Globs are relative to the configuration's folder, not to the working directory.
    project(PER_PATH_FILES, cwd="final")
    code, out, _ = run_cli(capsys, "check", "--format", "json", TQT_HIGH, f"../drafts/{TQT_HIGH}")
    assert (code, findings(out)) == (1, {TQT_HIGH: [("HRS001", "warning")],
                                         f"../drafts/{TQT_HIGH}": []})


def test_per_path_overrides_in_the_hook(capsys: pytest.CaptureFixture[str],
                                        project: Callable[..., Path]) -> None:
    project(PER_PATH_FILES)
    code, out, _ = run_cli(capsys, "hook", f"drafts/{TQT_HIGH}", f"other/{TITLE_WRONG}")
    assert (code, out) == (0, "")
    code, out, _ = run_cli(capsys, "hook", f"drafts/{TQT_HIGH}", f"final/{TQT_HIGH}")
    assert code == 1
    assert [(line.split(":")[0], "HRS001" in line) for line in out.splitlines()] == [
        (f"final/{TQT_HIGH}", True)]


def test_per_path_overrides_in_a_batch(capsys: pytest.CaptureFixture[str],
                                       project: Callable[..., Path], tmp_path: Path) -> None:
    import csv

    project(PER_PATH_FILES)
    code, _, _ = run_cli(capsys, "batch", "--quiet", "--jobs", "2", "--format", "json",
                         "--out", "out", *PER_PATH_ARGS)
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8") as handle:
        rows = {row["file"]: (row["status"], row["errors"], row["warnings"])
                for row in csv.DictReader(handle)}
    assert code == 1
    assert rows == {
        f"drafts/{TQT_HIGH}": ("conformant", "0", "0"),
        f"final/deep/{TQT_HIGH}": ("not conformant", "0", "1"),
        f"final/{TQT_HIGH}": ("not conformant", "0", "1"),
        f"other/{TQT_HIGH}": ("not conformant", "1", "0"),
        f"other/{TITLE_WRONG}": ("conformant", "0", "0")}


# -- the command line wins ---------------------------------------------------------------

@pytest.mark.parametrize(("args", "expected", "code"), [
    # The command line replaces a key's value whole: the file's ignore list is not kept.
    (("--ignore", "HRS001"), [("OPT004", "error")] * 2, 1),
    (("--fail-on", "error"), [("HRS001", "warning")], 0),
    # ... and the per-path severity table: HRS001 is an error again.
    (("--severity", "OPT004=info"), [("HRS001", "error")], 1),
    (("--no-config",), HIGH, 1),
])
def test_command_line_beats_config_and_per_path(
        capsys: pytest.CaptureFixture[str], project: Callable[..., Path],
        args: tuple[str, ...], expected: list[tuple[str, str]], code: int) -> None:
    project(PER_PATH_FILES)
    result = run_cli(capsys, "check", "--format", "json", *args, f"final/{TQT_HIGH}")
    assert (result[0], findings(result[1])) == (code, {f"final/{TQT_HIGH}": expected})


# -- errors: one line, naming the file and the line --------------------------------------

ERROR_CASES: list[Any] = [
    pytest.param(".criteria-checker.toml", 'fail-on = "warning"\ncolour = true\n',
                 "{file}:2: unknown key 'colour' in the configuration; the keys are criteria, "
                 "rules, shared-title, select, ignore, severity, fail-on, format, mapping, jobs, "
                 "per-path", id="unknown-key"),
    pytest.param("pyproject.toml", '[tool.criteria-checker]\n\nfail_on = "warning"\n',
                 "{file}:3: unknown key 'fail_on' in [tool.criteria-checker] (did you mean "
                 "'fail-on'?); the keys are criteria, rules, shared-title, select, ignore, "
                 "severity, fail-on, format, mapping, jobs, per-path",
                 id="unknown-key-pyproject"),
    pytest.param("pyproject.toml", '[tool]\ncriteria-checker.selct = ["HRS001"]\n',
                 "{file}:2: unknown key 'selct' in [tool.criteria-checker] (did you mean "
                 "'select'?); the keys are criteria, rules, shared-title, select, ignore, "
                 "severity, fail-on, format, mapping, jobs, per-path", id="dotted-key"),
    pytest.param(".criteria-checker.toml", 'select = []\nfail-on = "fatal"\n',
                 "{file}:2: fail-on: 'fatal' is not one of error, warning, info",
                 id="bad-fail-on"),
    pytest.param(".criteria-checker.toml", 'select = "HRS001"\n',
                 '{file}:1: select: expected a list of rule ids or names, e.g. ["HRS001", '
                 '"shared-title"]; got \'HRS001\'', id="select-not-a-list"),
    pytest.param(".criteria-checker.toml", 'ignore = [\n  "HRS001",\n  3,\n]\n',
                 '{file}:1: ignore: expected a list of rule ids or names, e.g. ["HRS001", '
                 '"shared-title"]; 3 is not one', id="ignore-item"),
    pytest.param(".criteria-checker.toml", '\n\nselect = ["HRS01"]\n',
                 "{file}:3: select: no rule 'HRS01'; did you mean 'HRS001'? "
                 "(run 'criteria-checker rules list')", id="unknown-rule"),
    pytest.param(".criteria-checker.toml", '[severity]\nHRS001 = "warning"\nTTL001 = "loud"\n',
                 "{file}:3: severity: TTL001: 'loud' is not one of error, warning, info",
                 id="bad-severity-level"),
    pytest.param(".criteria-checker.toml", 'severity = ["HRS001"]\n',
                 "{file}:1: severity: 'HRS001': write RULE=LEVEL, e.g. \"HRS001=warning\"",
                 id="bad-severity-item"),
    pytest.param(".criteria-checker.toml", 'severity = { HRS999 = "info" }\n',
                 "{file}:1: severity: no rule 'HRS999' "
                 "(run 'criteria-checker rules list')", id="severity-unknown-rule"),
    pytest.param(".criteria-checker.toml", "jobs = -1\n",
                 "{file}:1: jobs: -1 is not a number of processes (0 or more; 0 chooses by the "
                 "number of files and cores)", id="bad-jobs"),
    pytest.param(".criteria-checker.toml", "jobs = true\n",
                 "{file}:1: jobs: true is not a number of processes (0 or more; 0 chooses by "
                 "the number of files and cores)", id="jobs-boolean"),
    pytest.param(".criteria-checker.toml", 'format = "pdf"\n',
                 "{file}:1: format: 'pdf' is not one of {formats}", id="bad-format"),
    pytest.param(".criteria-checker.toml", "shared-title = 2021-05-01\n",
                 "{file}:1: shared-title: expected the shared title as a string, got a date "
                 "or time", id="title-a-date"),
    pytest.param(".criteria-checker.toml", 'shared-title = "  "\n',
                 "{file}:1: shared-title: expected the shared title as a string, got an empty "
                 "string", id="empty-title"),
    pytest.param(".criteria-checker.toml", 'criteria = "level-9"\n',
                 "{file}:1: criteria: no criteria file or bundled criteria set 'level-9'; the "
                 "bundled sets are sfc-l5-lmac-2021-05", id="unknown-criteria-set"),
    pytest.param(".criteria-checker.toml", 'criteria = "sets/none.yaml"\n',
                 "{file}:1: criteria: 'sets/none.yaml': no such file (paths are relative to "
                 "the config file's folder, {folder})", id="missing-criteria-file"),
    pytest.param(".criteria-checker.toml", 'rules = "nowhere"\n',
                 "{file}:1: rules: 'nowhere': no such file or folder (paths are relative to the "
                 "config file's folder, {folder})", id="missing-rules"),
    pytest.param(".criteria-checker.toml", 'mapping = ["grid.csv"]\n',
                 "{file}:1: mapping: 'grid.csv': no such file (paths are relative to the "
                 "config file's folder, {folder})", id="missing-grid"),
    pytest.param(".criteria-checker.toml",
                 '[per-path."drafts/*"]\nignore = ["X"]\nformat = "json"\n',
                 "{file}:3: per-path 'drafts/*': 'format' cannot be set per path; the keys a "
                 "path may set are shared-title, select, ignore, severity, fail-on",
                 id="per-path-format"),
    pytest.param("pyproject.toml",
                 '[tool.criteria-checker.per-path]\n"*.docx" = { ignor = ["HRS001"] }\n',
                 "{file}:2: per-path '*.docx': 'ignor' is not a setting (did you mean "
                 "'ignore'?); the keys a path may set are shared-title, select, ignore, "
                 "severity, fail-on", id="per-path-unknown-key"),
    pytest.param(".criteria-checker.toml", '[per-path]\n"final/*" = { fail-on = "never" }\n',
                 "{file}:2: fail-on: 'never' is not one of error, warning, info",
                 id="per-path-bad-value"),
    pytest.param(".criteria-checker.toml", '[per-path]\n"a/*" = { select = ["HRS001"] }\n'
                 '"b/*" = { ignore = ["NOPE01"] }\n',
                 "{file}:3: ignore: no rule 'NOPE01'; did you mean 'OPT001'? "
                 "(run 'criteria-checker rules list')",
                 id="per-path-unknown-rule"),
    pytest.param(".criteria-checker.toml", '[per-path]\n"[ab/*" = { select = ["HRS001"] }\n',
                 "{file}:2: per-path: '[ab/*' has a '[' without its ']'", id="bad-glob"),
    pytest.param(".criteria-checker.toml", 'per-path = ["drafts/*"]\n',
                 "{file}:1: per-path: expected a table of globs, each with its settings, e.g. "
                 "\"drafts/*.docx\" = { ignore = [\"TTL001\"] }", id="per-path-not-a-table"),
    pytest.param(".criteria-checker.toml", 'select = ["HRS001"\nignore = []\n',
                 "{file}: not valid TOML: Unclosed array (at line 2, column 1)", id="bad-toml"),
    pytest.param("pyproject.toml", '[tool.criteria-checker]\nfail-on = \n',
                 "{file}: not valid TOML: Invalid value (at line 2, column 11)",
                 id="bad-toml-pyproject"),
    pytest.param("pyproject.toml", '[tool]\ncriteria-checker = "strict"\n',
                 "{file}:2: tool.criteria-checker must be a table of settings",
                 id="table-not-a-table"),
]


@pytest.mark.parametrize(("name", "text", "message"), ERROR_CASES)
@pytest.mark.parametrize("command", ["check", "hook", "config"])
def test_config_errors_are_one_line_with_file_and_line(
        capsys: pytest.CaptureFixture[str], project: Callable[..., Path], command: str,
        name: str, text: str, message: str) -> None:
    root = project({name: text})
    file_args = () if command == "config" else ("never-read.xml",)
    code, out, err = run_cli(capsys, command, *file_args)
    expected = (message.replace("{file}", str(root / name)).replace("{folder}", str(root))
                .replace("{formats}", ", ".join(REPORTER_BY_NAME)))
    assert (code, out, err) == (2, "", f"criteria-checker: error: {expected}\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--config", "missing.toml"), "missing.toml: no such file"),
    (("--config", "pyproject.toml"), "pyproject.toml: has no [tool.criteria-checker] table"),
    (("--config", "c.toml", "--no-config"), "--config and --no-config cannot be used together"),
])
def test_config_option_errors(capsys: pytest.CaptureFixture[str], project: Callable[..., Path],
                              args: tuple[str, ...], message: str) -> None:
    project({"pyproject.toml": WITHOUT_TABLE, "c.toml": ""})
    assert run_cli(capsys, "check", *args, "never-read.xml") == (
        2, "", f"criteria-checker: error: {message}\n")


def test_a_broken_unrelated_pyproject_is_passed_over(
        capsys: pytest.CaptureFixture[str], project: Callable[..., Path]) -> None:
    # Only a pyproject.toml that may hold our table is parsed at all.
    project({"a/pyproject.toml": "[project\nname = 'x'\n", ".criteria-checker.toml": OWN},
            cwd="a")
    code, out, _ = run_cli(capsys, "config")
    assert code == 0 and out.startswith("# config: ")


# -- the config command ------------------------------------------------------------------

CONFIG_FILES = {**PER_PATH_FILES, "pyproject.toml": PER_PATH_FILES["pyproject.toml"].replace(
    'ignore = ["OPT004"]\n', 'ignore = ["OPT004"]\nformat = "json"\nmapping = ["g.csv"]\n'),
    "g.csv": "specimen:grid-contradicts-mapping.mapping.csv"}


def test_config_command_text(capsys: pytest.CaptureFixture[str],
                             project: Callable[..., Path]) -> None:
    root = project(CONFIG_FILES)
    code, out, err = run_cli(capsys, "config", f"final/{TQT_HIGH}", "--select", "HRS001,OPT004",
                             "--mapping", "g.csv")
    file = root / "pyproject.toml"
    assert (code, err) == (0, "")
    assert out == (
        f"# config: {file}\n"
        f"# file: final/{TQT_HIGH}\n"
        f'criteria     = "sfc-l5-lmac-2021-05"   # default\n'
        f"rules        = (bundled)               # default\n"
        f"shared-title = (none)                  # default\n"
        f'select       = ["HRS001", "OPT004"]    # command line\n'
        f'ignore       = ["OPT004"]              # {file}:2\n'
        f'severity     = {{ HRS001 = "warning" }}  # {file}:11 (per-path "final/**")\n'
        f'fail-on      = "warning"               # {file}:12 (per-path "final/**")\n'
        f'format       = "json"                  # {file}:3\n'
        f'mapping      = ["g.csv"]               # command line\n'
        f"jobs         = 0                       # default\n")


def test_config_command_without_file_shows_no_override(
        capsys: pytest.CaptureFixture[str], project: Callable[..., Path]) -> None:
    project(CONFIG_FILES)
    _, out, _ = run_cli(capsys, "config")
    assert "per-path" not in out
    assert out.splitlines()[1].startswith("criteria ")


def test_config_command_json(capsys: pytest.CaptureFixture[str],
                             project: Callable[..., Path]) -> None:
    root = project(CONFIG_FILES)
    code, out, err = run_cli(capsys, "config", "--format", "json", f"drafts/{TQT_HIGH}")
    file = str(root / "pyproject.toml")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "config": file,
        "file": f"drafts/{TQT_HIGH}",
        "settings": {
            "criteria": {"value": "sfc-l5-lmac-2021-05", "source": "default"},
            "rules": {"value": None, "source": "default"},
            "shared-title": {"value": None, "source": "default"},
            "select": {"value": [], "source": "default"},
            "ignore": {"value": ["OPT004", "HRS001"], "source": "config", "file": file,
                       "line": 7, "per-path": "drafts/*.xml"},
            "severity": {"value": {}, "source": "default"},
            "fail-on": {"value": "error", "source": "default"},
            "format": {"value": "json", "source": "config", "file": file, "line": 3},
            "mapping": {"value": [str(root / "g.csv")], "source": "config", "file": file,
                        "line": 4},
            "jobs": {"value": 0, "source": "default"},
        },
    }
    assert out.endswith("}\n")


# -- the parts -----------------------------------------------------------------------------

@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("*.docx", "a.docx", True),
    ("*.docx", "drafts/deep/a.docx", True),  # no slash: the file name, in any folder
    ("drafts/*.docx", "drafts/a.docx", True),
    ("drafts/*.docx", "drafts/deep/a.docx", False),
    ("drafts/**", "drafts/deep/a.docx", True),
    ("drafts/**/*.xml", "drafts/a.xml", True),
    ("drafts/**/*.xml", "drafts/x/y/a.xml", True),
    ("**/final/*", "x/final/a.xml", True),
    ("./final/*", "final/a.xml", True),
    ("final/?.xml", "final/ab.xml", False),
    ("final/[ab].xml", "final/b.xml", True),
    ("final/[!ab].xml", "final/b.xml", False),
    ("final/a+b.xml", "final/a+b.xml", True),
])
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert PathOverride(pattern, ()).matches(path) is matches


def test_key_lines() -> None:
    text = (
        '[project]\n'
        'description = """\n'
        'fail-on = "not a key"\n'
        '"""\n'
        '[tool.criteria-checker]\n'
        'fail-on = "warning"  # a comment\n'
        '"shared-title" = "x"\n'
        'per-path."a/*".ignore = ["HRS001"]\n'
        '[ tool . "criteria-checker" . per-path . "b/*" ]\n'
        "select = ['HRS001']\n"
        'severity = [\n'
        '  "HRS001=warning",\n'
        ']\n')
    lines = key_lines(text)
    assert {k[2:]: v for k, v in lines.items() if k[:2] == ("tool", "criteria-checker")} == {
        (): 5, ("fail-on",): 6, ("shared-title",): 7, ("per-path",): 8, ("per-path", "a/*"): 8,
        ("per-path", "a/*", "ignore"): 8, ("per-path", "b/*"): 9,
        ("per-path", "b/*", "select"): 10, ("per-path", "b/*", "severity"): 11}
    assert ("project", "fail-on") not in lines


def test_path_options_pickle_and_apply(tmp_path: Path) -> None:
    (tmp_path / ".criteria-checker.toml").write_text(
        'ignore = ["OPT004"]\n[per-path."a/*"]\nfail-on = "warning"\n', encoding="utf-8")
    config = read_config(tmp_path / ".criteria-checker.toml")
    from criteria_checker.config import build_options

    options = build_options(config, {})
    assert isinstance(options, PathOptions)
    assert pickle.loads(pickle.dumps(options)) == options
    assert options_for(options, tmp_path / "a" / "x.xml") == CheckOptions(
        ignore=("OPT004",), fail_on="warning")
    assert options_for(options, tmp_path / "b" / "x.xml") == CheckOptions(ignore=("OPT004",))
    assert options_for(options, "/elsewhere/a/x.xml") == CheckOptions(ignore=("OPT004",))
    plain = CheckOptions()
    assert options_for(plain, "a/x.xml") is plain
    assert build_options(Config(), {}) == CheckOptions()
