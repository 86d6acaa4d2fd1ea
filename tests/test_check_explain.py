"""`check` output that behaves as people expect: explanations, quiet, paths, colour, progress.

- ``--explain`` follows the first finding of each rule in a file with the
  rule's help and the criteria clause it cites (text), or adds an
  *Explanations* section after the findings table (Markdown); without it the
  output is what the plain reporters give, byte for byte.
- ``--quiet`` prints one verdict line per file and keeps the exit code.
- ``--fail-on info`` makes any finding fail the file.
- Compact and hook lines carry the severity: ``FILE:LINE: info: RULE message``.
- File names are relative to the working directory when the file is inside it,
  absolute otherwise, never with ``..`` (text, compact and error lines).
- Colour follows --color/--no-color, then NO_COLOR, then FORCE_COLOR, then the
  terminal; progress shows on a terminal's standard error only.

Terminal behaviour is tested through a pseudo-terminal, as a user's shell sees it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.specs.patching import conformant_spec, patched_spec

from criteria_checker.cli import main
from criteria_checker.engine.api import check_file
from criteria_checker.engine.options import CheckOptions
from criteria_checker.model.report import Finding, Report, RuleInfo, Severity
from criteria_checker.model.spec import SourceLocation
from criteria_checker.model.validation import validate
from criteria_checker.reporters import REPORTER_BY_NAME
from criteria_checker.reporters.base import display_path
from criteria_checker.reporters.compact import CompactReporter
from criteria_checker.reporters.markdown import MarkdownReporter
from criteria_checker.reporters.text import TextReporter
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NO_QUALIFICATION_NUMBER = [{"delete": "qualification_number"}]


def load(name: str) -> Report:
    return validate(Report, json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


@pytest.fixture
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding good.xml, low.xml (TQT 880) and noqn.xml (no number)."""
    for name, spec in [("good", conformant_spec()), ("low", patched_spec([{"set": "tqt",
                                                                           "value": 880}])),
                       ("noqn", patched_spec(NO_QUALIFICATION_NUMBER))]:
        (tmp_path / f"{name}.xml").write_bytes(write_xml_spec(spec))
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


# -- --explain: the reporters ------------------------------------------------------------------

XML_EXPLAINED = """\
acme-l5-diploma.xml
  Errors (3)
    acme-l5-diploma.xml: COV001 LMAC5F/HW/B is not covered by any mandatory unit
      help:     Every topic, sub-topic, outcome and item of Section B must be covered by
                a mandatory unit. Map a mandatory unit, outcome or criterion to the
                missing reference.
      citation: Skills for Care Level 5 criteria (May 2021), Section A, Content:
                'learners to demonstrate understanding and effective practice in the
                following areas'
    acme-l5-diploma.xml:812: UNT002 Unit T/650/2108 'Safeguarding & protection <draft>': \
assessment criteria go 2.1, 2.3; 2.2 is missing
      help:     Number learning outcomes 1, 2, 3 ... and assessment criteria 1.1, 1.2
                ... without gaps or repeats.
      citation: Ofqual General Conditions of Recognition, Condition E3.2
    acme-l5-diploma.xml:977: COV002 LMAC5E/HI/B is covered only by optional units (H/650/2123)
      help:     Content covered only by optional units is not minimum content: a learner
                can complete the qualification without it.
      citation: Skills for Care Level 5 criteria (May 2021), Section A, Content
  Warnings (3)
    acme-l5-diploma.xml:1204: ASM001 Skills outcome LMAC5G/HS/B is mapped to unit T/650/2119, \
whose assessment methods do not include workplace evidence
      help:     Skills outcomes (Lead, Demonstrate, Manage, ...) must be assessed in the
                workplace: list workplace evidence among the unit's assessment methods.
      citation: Skills for Care Level 5 criteria (May 2021), Section A, Assessment:
                Skills for Care and Development Assessment Principles
    acme-l5-diploma.xml:1266: RAT002 Unit A/650/2120 has no credit value
      help:     Give every unit a credit value so that learners can use it for
                recognition of prior learning.
      citation: Skills for Care Level 5 criteria (May 2021), Section A, Recognition of
                prior learning: 'it is recommended that units within this qualification
                be assigned a credit value'
    acme-l5-diploma.xml:1330: RAT002 Unit R/650/2121 has no credit value
  Info (1)
    acme-l5-diploma.xml:14: RAT003 The specification supersedes 'Level 5 Diploma in Leadership \
and Management for Adult Care (England)' but gives no withdrawal plan
      help:     Say when the qualification this one replaces stops registering learners.
      citation: Skills for Care Level 5 criteria (May 2021), Section A, Qualification
                title: superseded qualifications
acme-l5-diploma.xml: NOT CONFORMANT - 3 errors, 3 warnings, 1 info
"""

XML_EXPLANATIONS_MARKDOWN = """\
### Explanations

- `COV001` content-covered: Every topic, sub-topic, outcome and item of Section B must be \
covered by a mandatory unit. Map a mandatory unit, outcome or criterion to the missing reference.
  - Citation: Skills for Care Level 5 criteria (May 2021), Section A, Content: 'learners to \
demonstrate understanding and effective practice in the following areas'
- `UNT002` numbering-without-gaps: Number learning outcomes 1, 2, 3 ... and assessment criteria \
1.1, 1.2 ... without gaps or repeats.
  - Citation: Ofqual General Conditions of Recognition, Condition E3.2
- `COV002` content-not-optional-only: Content covered only by optional units is not minimum \
content: a learner can complete the qualification without it.
  - Citation: Skills for Care Level 5 criteria (May 2021), Section A, Content
- `ASM001` skills-assessed-in-workplace: Skills outcomes (Lead, Demonstrate, Manage, ...) must \
be assessed in the workplace: list workplace evidence among the unit's assessment methods.
  - Citation: Skills for Care Level 5 criteria (May 2021), Section A, Assessment: Skills for \
Care and Development Assessment Principles
- `RAT002` units-carry-credit: Give every unit a credit value so that learners can use it for \
recognition of prior learning.
  - Citation: Skills for Care Level 5 criteria (May 2021), Section A, Recognition of prior \
learning: 'it is recommended that units within this qualification be assigned a credit value'
- `RAT003` withdrawal-plan: Say when the qualification this one replaces stops registering \
learners.
  - Citation: Skills for Care Level 5 criteria (May 2021), Section A, Qualification title: \
superseded qualifications

"""


def test_text_explains_each_rule_under_its_first_finding() -> None:
    assert TextReporter(explain=True).render([load("xml-not-conformant")]) == XML_EXPLAINED


def test_markdown_explains_each_rule_after_the_findings_table() -> None:
    out = MarkdownReporter(explain=True).render([load("xml-not-conformant")])
    assert out.split("### Findings\n\n", 1)[1].split("\n\n", 1)[1].split("### Coverage")[0] \
        == XML_EXPLANATIONS_MARKDOWN


@pytest.mark.parametrize("reporter", [TextReporter(explain=True), MarkdownReporter(explain=True)])
def test_explanations_start_again_in_each_file(reporter: TextReporter | MarkdownReporter) -> None:
    reports = [load("docx-not-conformant"), load("conformant"), load("xml-not-conformant")]
    out = reporter.render(reports)
    assert out.startswith("\n".join(reporter.render([r]) for r in reports))
    marker = "      citation: " if isinstance(reporter, TextReporter) else "  - Citation: "
    assert out.count(marker) == 11 + 6  # rules with findings in each non-conformant file
    # A conformant file has nothing to explain.
    assert reporter.render(reports[1:2]) == REPORTER_BY_NAME[reporter.name].render(reports[1:2])


@pytest.mark.parametrize(("rules", "expected"), [
    # The report's account of the rule, by id.
    ([RuleInfo(id="X1", name="x", severity="error", citation="Clause 1", help="Rule help.")],
     ["      help:     Rule help.", "      citation: Clause 1"]),
    # A rule the report does not describe: the finding's own help, and no citation line.
    ([], ["      help:     Finding help."]),
    # Hostile rule text stays on its lines and cannot send escapes.
    ([RuleInfo(id="X1", name="x", severity="error", citation="",
               help="a\nb\x1b[2J\u202ec")], ["      help:     a b\\x1b[2J\\u202ec"]),
])
def test_text_explanation_sources(rules: list[RuleInfo], expected: list[str]) -> None:
    finding = Finding(rule_id="X1", severity="error", message="m", help="Finding help.",
                      location=SourceLocation(file="spec.xml", line=3))
    report = replace(load("conformant"), findings=[finding, replace(finding, message="n")],
                     rules=rules, passed=False)
    assert TextReporter(explain=True).render([report]).splitlines() == [
        "conformant-spec.docx", "  Errors (2)", "    spec.xml:3: X1 m", *expected,
        "    spec.xml:3: X1 n",
        "conformant-spec.docx: NOT CONFORMANT - 2 errors, 0 warnings, 0 info"]


def test_explanations_in_colour_only_add_escapes() -> None:
    reports = [load("docx-not-conformant"), load("xml-not-conformant")]
    coloured = TextReporter(explain=True).render(reports, color=True)
    assert "\x1b[2mcitation:\x1b[0m " in coloured
    assert ANSI.sub("", coloured) == TextReporter(explain=True).render(reports)


# -- --explain and --quiet: the command ---------------------------------------------------------


def test_check_explain_prints_help_and_citation(capsys: pytest.CaptureFixture[str],
                                                specs: Path) -> None:
    code, out, err = run_cli(capsys, "check", "--explain", "low.xml", "good.xml")
    assert (code, err) == (1, "")
    assert out.splitlines()[:9] == [
        "low.xml",
        "  Errors (3)",
        "    low.xml:3: HRS001 TQT 880 hours is below the required 900-950",
        "      help:     Skills for Care approves a qualification only when its Total",
        "                Qualification Time is inside the band the criteria set. Adjust unit",
        "                hours or the rules of combination so that the stated TQT falls inside",
        "                it.",
        "      citation: Skills for Care Level 5 criteria (May 2021), Section A, Total",
        "                Qualification Time: 'have a TQT of 900-950 hours'",
    ]
    assert out.count("      citation: ") == 3
    code, markdown, _ = run_cli(capsys, "check", "--explain", "--format", "markdown", "low.xml")
    assert code == 1
    assert "### Explanations\n\n- `HRS001` tqt-in-band: Skills for Care approves" in markdown


@pytest.mark.parametrize("fmt", ["text", "markdown", "compact", "json", "junit", "sarif"])
def test_without_explain_check_prints_what_the_reporter_renders(
        capsys: pytest.CaptureFixture[str], specs: Path, fmt: str) -> None:
    reports = [check_file(Path(name), CheckOptions()) for name in ("low.xml", "noqn.xml")]
    assert run_cli(capsys, "check", "--format", fmt, "low.xml", "noqn.xml") == (
        1, REPORTER_BY_NAME[fmt].render(reports), "")


def test_quiet_prints_only_the_verdict_lines(capsys: pytest.CaptureFixture[str],
                                             specs: Path) -> None:
    assert run_cli(capsys, "check", "--quiet", "low.xml", "good.xml", "noqn.xml") == (1, (
        "low.xml: NOT CONFORMANT - 3 errors, 0 warnings, 0 info\n"
        "good.xml: CONFORMANT - 0 errors, 0 warnings, 0 info\n"
        "noqn.xml: CONFORMANT - 0 errors, 0 warnings, 1 info\n"), "")
    assert run_cli(capsys, "check", "-q", "good.xml") == (
        0, "good.xml: CONFORMANT - 0 errors, 0 warnings, 0 info\n", "")
    # An unreadable file is still an error line on standard error, and exit 2.
    assert run_cli(capsys, "check", "-q", "missing.xml", "good.xml") == (
        2, "good.xml: CONFORMANT - 0 errors, 0 warnings, 0 info\n",
        "criteria-checker: error: missing.xml: no such file\n")


def test_quiet_wins_over_a_configured_format(capsys: pytest.CaptureFixture[str],
                                             specs: Path) -> None:
    (specs / ".criteria-checker.toml").write_text('format = "json"\n', encoding="utf-8")
    assert run_cli(capsys, "check", "-q", "good.xml") == (
        0, "good.xml: CONFORMANT - 0 errors, 0 warnings, 0 info\n", "")
    assert json.loads(run_cli(capsys, "check", "good.xml")[1])["reports"][0]["passed"] is True


@pytest.mark.parametrize(("args", "message"), [
    (["--quiet", "--format", "json"], "--quiet prints only the verdict lines of the text "
                                      "report; it cannot be combined with --format json"),
    (["-q", "--explain"], "--quiet prints only the verdict lines; it cannot be combined with "
                          "--explain"),
    (["--explain", "--format", "compact"], "--explain works with --format text or markdown, "
                                           "not compact"),
    (["--explain", "--format", "xlsx", "-o", "out.xlsx"],
     "--explain works with --format text or markdown, not xlsx"),
])
def test_explain_and_quiet_refuse_formats_they_cannot_change(
        capsys: pytest.CaptureFixture[str], specs: Path, args: list[str], message: str) -> None:
    assert run_cli(capsys, "check", "good.xml", *args) == (
        2, "", f"criteria-checker: error: {message} (see 'criteria-checker check --help')\n")
    assert not (specs / "out.xlsx").exists()


# -- --fail-on info --------------------------------------------------------------------------


@pytest.mark.parametrize(("fail_on", "passed"), [("error", True), ("warning", True),
                                                 ("info", False)])
def test_an_info_finding_fails_at_fail_on_info(specs: Path, fail_on: Severity,
                                               passed: bool) -> None:
    report = check_file(Path("noqn.xml"), CheckOptions(fail_on=fail_on))
    assert [(f.rule_id, f.severity) for f in report.findings] == [("QAN003", "info")]
    assert (report.passed, report.fail_on) == (passed, fail_on)
    verdict = "CONFORMANT" if passed else "NOT CONFORMANT"
    assert TextReporter(verdicts_only=True).render([report]) == (
        f"noqn.xml: {verdict} - 0 errors, 0 warnings, 1 info\n")
    assert (f"(fails on {fail_on} or worse)"
            in MarkdownReporter().render([report]).splitlines()[2])


def _fail_on_info_accepted() -> bool:
    from criteria_checker.cli.check import check

    option = next(p for p in check.params if p.name == "fail_on")
    return "info" in getattr(option.type, "choices", ())


@pytest.mark.skipif(not _fail_on_info_accepted(), reason="--fail-on info not yet a choice")
def test_fail_on_info_through_the_command(capsys: pytest.CaptureFixture[str],
                                          specs: Path) -> None:
    line = "noqn.xml: info: QAN003 The specification does not state the qualification number\n"
    assert run_cli(capsys, "check", "-q", "noqn.xml", "--fail-on", "info") == (
        1, "noqn.xml: NOT CONFORMANT - 0 errors, 0 warnings, 1 info\n", "")
    assert run_cli(capsys, "hook", "--fail-on", "info", "noqn.xml") == (1, line, "")
    assert run_cli(capsys, "hook", "noqn.xml") == (0, line, "")


# -- compact and hook lines -----------------------------------------------------------------


@pytest.mark.parametrize(("location", "severity", "line"), [
    ({"file": "spec.xml", "line": 42}, "error", "spec.xml:42: error: HRS001 m [LMAC5A]"),
    ({"file": "spec.xml"}, "warning", "spec.xml: warning: HRS001 m [LMAC5A]"),
    ({"file": "spec.docx", "locator": "unit H/650/2114, table 7, row 3"}, "info",
     "spec.docx:unit H/650/2114, table 7, row 3: info: HRS001 m [LMAC5A]"),
    ({"file": "spec\x1b.xml", "line": 1}, "error", "spec\\x1b.xml:1: error: HRS001 m [LMAC5A]"),
])
def test_compact_line_form(location: dict[str, object], severity: str, line: str) -> None:
    finding = validate(Finding, {"rule_id": "HRS001", "severity": severity, "message": "m",
                                 "ref": "LMAC5A", "location": location})
    report = replace(load("conformant"), findings=[finding])
    assert CompactReporter().render([report]) == line + "\n"


def test_hook_lines_name_the_severity(capsys: pytest.CaptureFixture[str], specs: Path) -> None:
    assert run_cli(capsys, "hook", "low.xml", "noqn.xml", "missing.xml") == (2, (
        "missing.xml: no such file\n"
        "low.xml:3: error: HRS001 TQT 880 hours is below the required 900-950\n"
        "low.xml:3: error: HRS004 Stated TQT 880 hours is not the mandatory 780 plus the "
        "required optional 140 hours (920)\n"
        "low.xml:3: error: OFQ005 Credit 92 for the qualification does not match TQT 880: "
        "TQT/10 rounded is 88\n"
        "noqn.xml: info: QAN003 The specification does not state the qualification number\n"),
        "")
    # An info finding is shown and does not block.
    assert run_cli(capsys, "hook", "noqn.xml") == (
        0, "noqn.xml: info: QAN003 The specification does not state the qualification number\n",
        "")


# -- paths relative to the working directory -------------------------------------------------


@pytest.mark.parametrize(("file", "shown"), [
    ("spec.xml", "spec.xml"),
    ("sub/spec.xml", "sub/spec.xml"),
    ("./sub/../spec.xml", "spec.xml"),
    ("/work/specs/sub/spec.xml", "sub/spec.xml"),
    ("/work/specs/spec.xml", "spec.xml"),
    ("/work/other/spec.xml", "/work/other/spec.xml"),
    ("/work/specs-old/spec.xml", "/work/specs-old/spec.xml"),
    ("../other/spec.xml", "/work/other/spec.xml"),
    ("/work/specs", "/work/specs"),
])
@pytest.mark.skipif(os.sep != "/", reason="POSIX paths")
def test_display_path(file: str, shown: str) -> None:
    assert display_path(file, Path("/work/specs")) == shown
    assert display_path(file, None) == file


def test_check_shows_paths_from_the_working_directory(
        capsys: pytest.CaptureFixture[str], specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (specs / "sub").mkdir()
    (specs / "low.xml").rename(specs / "sub" / "low.xml")
    absolute = str(specs / "sub" / "low.xml")
    missing = str(specs / "sub" / "missing.xml")
    code, out, err = run_cli(capsys, "check", absolute, missing)
    assert code == 2
    assert out.splitlines()[0] == "sub/low.xml"
    assert out.splitlines()[2] == "    sub/low.xml:3: HRS001 TQT 880 hours is below the required " \
                                  "900-950"
    assert out.splitlines()[-1] == "sub/low.xml: NOT CONFORMANT - 3 errors, 0 warnings, 0 info"
    assert err == "criteria-checker: error: sub/missing.xml: no such file\n"
    _, compact, _ = run_cli(capsys, "check", "--format", "compact", absolute)
    assert compact.startswith("sub/low.xml:3: error: HRS001 ")
    _, hook, _ = run_cli(capsys, "hook", absolute)
    assert hook == compact
    # From inside sub/, the file above is absolute (never ..).
    monkeypatch.chdir(specs / "sub")
    _, quiet, _ = run_cli(capsys, "check", "-q", "../good.xml")
    assert quiet == f"{specs / 'good.xml'}: CONFORMANT - 0 errors, 0 warnings, 0 info\n"


# -- colour -----------------------------------------------------------------------------------


# (flag, environment, coloured when piped, coloured on a terminal)
COLOUR_CASES = [
    ([], {}, False, True),
    (["--color"], {}, True, True),
    (["--no-color"], {}, False, False),
    ([], {"NO_COLOR": "1"}, False, False),
    ([], {"NO_COLOR": ""}, False, True),
    (["--color"], {"NO_COLOR": "1"}, True, True),
    ([], {"FORCE_COLOR": "1"}, True, True),
    ([], {"FORCE_COLOR": "0"}, True, True),
    ([], {"FORCE_COLOR": ""}, False, True),
    (["--no-color"], {"FORCE_COLOR": "1"}, False, False),
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
]


@pytest.mark.parametrize(("flag", "env", "piped", "terminal"), COLOUR_CASES)
def test_colour_when_piped(capsys: pytest.CaptureFixture[str], specs: Path,
                           monkeypatch: pytest.MonkeyPatch, flag: list[str],
                           env: dict[str, str], piped: bool, terminal: bool) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, _ = run_cli(capsys, "check", *flag, "low.xml")
    assert code == 1
    assert ("\x1b[1;31mNOT CONFORMANT\x1b[0m" in out) is piped
    assert ANSI.sub("", out) == REPORTER_BY_NAME["text"].render(
        [check_file(Path("low.xml"), CheckOptions())])
    # Written to a file, the report follows the same choice.
    run_cli(capsys, "check", *flag, "low.xml", "-o", "report.txt")
    assert ("\x1b[" in (specs / "report.txt").read_text("utf-8")) is piped


def _on_terminal(args: list[str], cwd: Path, env: dict[str, str], *,
                 stream: str) -> tuple[int, bytes, bytes]:
    """Run the command with ``stream`` (stdout or stderr) on a pseudo-terminal.

    The exit code, what the terminal received, and what the other stream's pipe received.
    """
    leader, follower = os.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    tests = str(ROOT / "tests")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [tests, os.environ.get(
        "PYTHONPATH")]))
    stdout, stderr = (follower, subprocess.PIPE) if stream == "stdout" \
        else (subprocess.PIPE, follower)
    try:
        with subprocess.Popen([sys.executable, "-m", "criteria_checker", *args], cwd=cwd,
                              env={**environment, **env}, stdin=subprocess.DEVNULL,
                              stdout=stdout, stderr=stderr) as process:
            os.close(follower)
            follower = -1
            seen = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal's other side is closed: the process is done
                    break
                if not chunk:
                    break
                seen += chunk
            pipe = process.stderr if stream == "stdout" else process.stdout
            assert pipe is not None
            other = pipe.read()
            code = process.wait(timeout=120)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    return code, seen.replace(b"\r\n", b"\n"), other


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")
@pytest.mark.parametrize(("flag", "env", "piped", "terminal"),
                         [case for case in COLOUR_CASES if case[2] != case[3]])
def test_colour_on_a_terminal(specs: Path, flag: list[str], env: dict[str, str],
                              piped: bool, terminal: bool) -> None:
    code, shown, err = _on_terminal(["check", *flag, "low.xml"], specs, env, stream="stdout")
    assert (code, err) == (1, b"")
    assert (b"\x1b[1;31mNOT CONFORMANT\x1b[0m" in shown) is terminal


# -- progress ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")
@pytest.mark.parametrize(("args", "progress"), [
    (["low.xml", "good.xml", "noqn.xml"],
     "\rChecking: 0 of 3 files\rChecking: 1 of 3 files\rChecking: 2 of 3 files"
     "\rChecking: 3 of 3 files\r                      \r"),
    # Worker processes take a few files each per round.
    (["-j", "2", *["low.xml", "good.xml", "noqn.xml"] * 2, "good.xml"],
     "\rChecking: 0 of 7 files\rChecking: 6 of 7 files\rChecking: 7 of 7 files"
     "\r                      \r"),
    # One file, or --quiet: nothing.
    (["low.xml"], ""),
    (["-q", "low.xml", "good.xml"], ""),
])
def test_progress_on_a_terminal_and_stdout_unchanged(
        capsys: pytest.CaptureFixture[str], specs: Path, args: list[str],
        progress: str) -> None:
    code, shown, out = _on_terminal(["check", *args], specs, {}, stream="stderr")
    assert shown.decode() == progress
    assert (code, out.decode()) == run_cli(capsys, "check", *args)[:2]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals")
def test_an_error_line_clears_the_progress_line(specs: Path) -> None:
    code, shown, _ = _on_terminal(["check", "missing.xml", "good.xml"], specs, {},
                                  stream="stderr")
    assert code == 2
    assert shown.decode() == (
        "\rChecking: 0 of 2 files\r                      \r"
        "criteria-checker: error: missing.xml: no such file\n"
        "\rChecking: 0 of 2 files\rChecking: 1 of 2 files\rChecking: 2 of 2 files"
        "\r                      \r")
