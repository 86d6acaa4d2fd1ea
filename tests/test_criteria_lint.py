"""`criteria lint` finds each kind of problem in a criteria file, where it is.

Protects the linter end to end, through the command line: every code in
criteria.checks.PROBLEM_CODES is produced by a broken copy of the bundled
criteria file, at the right FILE:LINE:COL with the exact message; a clean
file passes silently; files that cannot be linted (missing, a folder, not
UTF-8, unreadable, not YAML) give one line on stderr and exit 2, never a
traceback.

Each case edits one line of a copy of the bundled file. The line is found by
its content (a chain of anchors: the first line containing the first anchor,
then the next line containing the second, ...), so the cases survive edits
elsewhere in the file. Expected lines are written as {n} (the edited line),
{n+1} (a line the edit inserts) or [text] (the first line holding that text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from criteria_checker.cli import main
from criteria_checker.criteria.checks import PROBLEM_CODES

BUNDLED = Path(__file__).resolve().parents[1] / "criteria" / "sfc-l5-lmac-2021-05.yaml"
BUNDLED_LINES = BUNDLED.read_text(encoding="utf-8").splitlines(keepends=True)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


@dataclass(frozen=True)
class Case:
    id: str
    code: str  # the problem code the case is about
    anchors: tuple[str, ...]
    old: str
    new: str
    expected: tuple[str, ...]  # "LINE:COL: CODE message", LINE as in expand()
    exit_code: int = 1
    marks: tuple[pytest.MarkDecorator, ...] = field(default=())


def find_line(anchors: tuple[str, ...]) -> int:
    """The 1-based number of the line the anchors lead to."""
    index = -1
    for anchor in anchors:
        index = next(i for i in range(index + 1, len(BUNDLED_LINES))
                     if anchor in BUNDLED_LINES[i])
    return index + 1


def broken_copy(case: Case, folder: Path) -> tuple[Path, int]:
    number = find_line(case.anchors)
    lines = list(BUNDLED_LINES)
    assert case.old in lines[number - 1], f"{case.old!r} is not on line {number}"
    lines[number - 1] = lines[number - 1].replace(case.old, case.new, 1)
    path = folder / "criteria.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path, number


def expand(template: str, number: int) -> str:
    """Resolve a line template: {n}, {n+1}, ... or [anchor], a line of the unedited file."""
    template = re.sub(r"^\[([^\]]+)\]", lambda m: str(find_line((m[1],))), template)
    return re.sub(r"\{n([+-][0-9]+)?\}", lambda m: str(number + int(m[1] or 0)), template)


LM = "- code: LMAC5A/LM"  # anchor: the first sub-topic

CASES = [
    # -- CC100: schema ------------------------------------------------------------------
    Case("unknown-key", "CC100", ("  publisher: Skills for Care",), "publisher", "publsher", (
        "{n}:3: CC100 missing required key 'publisher' in provenance",
        "{n}:13: CC100 unknown key 'publsher' in provenance",
    )),
    Case("missing-key", "CC100", ("  version: May 2021",), "  version", "  # version", (
        "[  publisher: Skills for Care]:3: CC100 missing required key 'version' in provenance",
    )),
    Case("wrong-type", "CC100", ("  level: 5",), "5", "five", (
        "{n}:10: CC100 qualification.level: input should be a valid integer (found 'five')",
    )),
    Case("wrong-format-number", "CC100", ("format: 1",), "1", "2", (
        "{n}:9: CC100 format: input should be 1 (found 2)",
    )),
    Case("number-as-text", "CC100", (LM, "- number: 1"), "1", '"1"', (
        "{n}:25: CC100 topics[0].subtopics[0].outcomes[0].items[0].number: "
        "input should be a valid integer (found '1')",
        "{n}:25: CC205 item numbers in LMAC5A/LM/A should run 1-5 in order: "
        "found '1' where 1 belongs",
    )),
    Case("unknown-kind", "CC100", (LM, "kind: knowledge"), "knowledge", "knowlege", (
        "{n}:19: CC100 topics[0].subtopics[0].outcomes[0].kind: "
        "input should be 'knowledge' or 'skill' (found 'knowlege')",
    )),
    Case("empty-item-text", "CC100", (LM, "text: \"the differences"),
         '"the differences between leadership and management"', '""', (
        "{n}:23: CC100 topics[0].subtopics[0].outcomes[0].items[0].text: "
        "string should have at least 1 character (found '')",
    )),
    Case("unknown-top-level-key-named-none", "CC100", ("format: 1",),
         "format: 1", "format: 1\nnone: 1", ("{n+1}:7: CC100 unknown key 'none'",)),
    Case("unknown-nested-key-named-str", "CC100", ("  publisher: Skills for Care",),
         "Skills for Care", "Skills for Care\n  str: x",
         ("{n+1}:8: CC100 unknown key 'str' in provenance",)),
    # -- CC101: duplicate keys ----------------------------------------------------------
    Case("duplicate-key", "CC101", ("  version: May 2021",),
         "May 2021", "May 2021\n  version: June 2021",
         ("{n+1}:3: CC101 key 'version' appears twice in one mapping",)),
    Case("duplicate-key-in-flow-mapping", "CC101", ("  tqt: {min: 900, max: 950}",),
         "max: 950}", "max: 950, min: 900}",
         ("{n}:29: CC101 key 'min' appears twice in one mapping",)),
    # -- CC201: malformed codes ---------------------------------------------------------
    Case("malformed-topic-code", "CC201", ("  - code: LMAC5A",), "LMAC5A", "LMAC5", (
        "{n}:11: CC201 topic code 'LMAC5' is malformed: expected letters, a level number "
        "and a topic letter, e.g. LMAC5A",
        "[- code: LMAC5A/LM]:15: CC203 sub-topic LMAC5A/LM is filed under topic LMAC5: "
        "its code should start LMAC5/",
        "[- code: LMAC5A/GR]:15: CC203 sub-topic LMAC5A/GR is filed under topic LMAC5: "
        "its code should start LMAC5/",
        "[- code: LMAC5A/DM]:15: CC203 sub-topic LMAC5A/DM is filed under topic LMAC5: "
        "its code should start LMAC5/",
        "[- code: LMAC5A/BR]:15: CC203 sub-topic LMAC5A/BR is filed under topic LMAC5: "
        "its code should start LMAC5/",
    )),
    Case("malformed-item-number", "CC201", (LM, "number: 3"), "3", "1000", (
        "{n}:25: CC201 item number 1000 in LMAC5A/LM/A is malformed: expected 1-999",
        "{n}:25: CC205 item numbers in LMAC5A/LM/A should run 1-5 in order: "
        "found 1000 where 3 belongs",
    )),
    Case("malformed-subtopic-code", "CC201", (LM,), "LMAC5A/LM", "LMAC5A/LMXX", (
        "{n}:15: CC201 sub-topic code 'LMAC5A/LMXX' is malformed: expected TOPIC/XX, "
        "e.g. LMAC5A/LM",
    )),
    Case("malformed-outcome-letter", "CC201", (LM, "letter: B"), "B", "b", (
        "{n}:21: CC201 outcome letter 'b' in LMAC5A/LM is malformed: expected one "
        "capital letter",
        "{n}:21: CC204 outcome letters in LMAC5A/LM should run A-B in order: "
        "found 'b' where 'B' belongs",
    )),
    Case("subtopic-code-with-newline", "CC201", ("- code: LMAC5G/HS",),
         "LMAC5G/HS", '"LMAC5G/HS\\n"', (
        "{n}:15: CC201 sub-topic code 'LMAC5G/HS\\n' is malformed: expected TOPIC/XX, "
        "e.g. LMAC5A/LM",
    )),
    # -- CC202: duplicates --------------------------------------------------------------
    Case("duplicate-topic-code", "CC202", ("  - code: LMAC5B",), "LMAC5B", "LMAC5A", (
        "{n}:11: CC202 topic code LMAC5A is used twice",
        "[- code: LMAC5B/TL]:15: CC203 sub-topic LMAC5B/TL is filed under topic LMAC5A: "
        "its code should start LMAC5A/",
        "[- code: LMAC5B/LD]:15: CC203 sub-topic LMAC5B/LD is filed under topic LMAC5A: "
        "its code should start LMAC5A/",
        "[- code: LMAC5B/SO]:15: CC203 sub-topic LMAC5B/SO is filed under topic LMAC5A: "
        "its code should start LMAC5A/",
    )),
    Case("duplicate-guidance-note-id", "CC202", ("- id: different-teams",),
         "different-teams", "different-situations", (
        "[{text: different teams, note: different-teams}]:51: CC206 term 'different teams' "
        "links to guidance note 'different-teams', which sub-topic LMAC5A/LM does not have",
        "{n}:17: CC202 guidance note id 'different-situations' is used twice in LMAC5A/LM",
    )),
    Case("duplicate-requirement-id", "CC202", ("- id: SA-TQT",), "SA-TQT", "SA-UNITS", (
        "{n}:9: CC202 requirement id SA-UNITS is used twice",
    )),
    Case("duplicate-erratum-id", "CC202", ("- id: ERR-C2",), "ERR-C2", "ERR-C1", (
        "{n}:9: CC202 erratum id ERR-C1 is used twice",
    )),
    Case("duplicate-subtopic-code", "CC202", ("- code: LMAC5A/GR",), "GR", "LM", (
        "{n}:15: CC202 sub-topic code LMAC5A/LM is used twice",
    )),
    # -- CC203..CC210: structure and links ----------------------------------------------
    Case("subtopic-under-wrong-topic", "CC203", ("- code: LMAC5G/HS",), "LMAC5G", "LMAC5C", (
        "{n}:15: CC203 sub-topic LMAC5C/HS is filed under topic LMAC5G: its code should "
        "start LMAC5G/",
    )),
    Case("outcome-letter-gap", "CC204", (LM, "letter: B"), "B", "C", (
        "{n}:21: CC204 outcome letters in LMAC5A/LM should run A-B in order: "
        "found 'C' where 'B' belongs",
    )),
    Case("outcome-letter-repeat", "CC204", (LM, "letter: B"), "B", "A", (
        "{n}:21: CC204 outcome letters in LMAC5A/LM repeat 'A'",
    )),
    Case("item-number-gap", "CC205", (LM, "number: 2"), "2", "3", (
        "{n}:25: CC205 item numbers in LMAC5A/LM/A should run 1-5 in order: "
        "found 3 where 2 belongs",
    )),
    Case("item-number-repeat", "CC205", (LM, "number: 2"), "2", "1", (
        "{n}:25: CC205 item numbers in LMAC5A/LM/A repeat 1",
    )),
    Case("term-links-missing-note", "CC206", ('{text: "internal and external"',),
         "note: internal-and-external", "note: internal-external", (
        "{n}:59: CC206 term 'internal and external' links to guidance note "
        "'internal-external', which sub-topic LMAC5A/LM does not have",
    )),
    Case("term-links-missing-subtopic", "CC206", ("LMAC5C/PS#individuals",),
         "LMAC5C/PS#", "LMAC5C/XX#", (
        "{n}:49: CC206 term 'individuals' links to guidance note 'individuals', which "
        "LMAC5C/XX (no such sub-topic) does not have",
    )),
    Case("term-not-in-text", "CC207", ('{text: "internal and external"',),
         '"internal and external"', '"internal or external"', (
        "{n}:28: CC207 term 'internal or external' does not occur in the text it is "
        "attached to",
    )),
    Case("knowledge-verb-marked-skill", "CC210", (LM, "kind: knowledge"), "knowledge", "skill", (
        "{n}:19: CC210 outcome LMAC5A/LM/A starts 'understand', a knowledge verb, but is "
        "marked skill",
    )),
    Case("skill-verb-marked-knowledge", "CC210", ("- code: LMAC5B/TL", "kind: skill"),
         "skill", "knowledge", (
        "{n}:19: CC210 outcome LMAC5B/TL/A starts 'provide', a skill verb, but is marked "
        "knowledge",
    )),
    # -- CC301, CC302: hours ------------------------------------------------------------
    Case("band-minimum-above-maximum", "CC301", ("  tqt: {min: 900, max: 950}",),
         "min: 900", "min: 990", (
        "{n}:14: CC301 hours.tqt runs from 990 to 950: the minimum exceeds the maximum",
    )),
    Case("bands-cannot-add-up", "CC302", ("  tqt: {min: 900, max: 950}",),
         "{min: 900, max: 950}", "{min: 1100, max: 1200}", (
        "{n}:8: CC302 minimum content 750-800 plus optional content 100-200 gives "
        "850-1000 hours, which cannot land in the TQT band 1100-1200",
    )),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.code}-{c.id}", marks=c.marks)
                                  for c in CASES])
def test_broken_copy(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, number = broken_copy(case, tmp_path)
    code, out, err = run_cli(capsys, "criteria", "lint", str(path))
    assert (code, err) == (case.exit_code, "")
    assert out.splitlines() == [f"{path}:{expand(line, number)}" for line in case.expected]


def test_every_problem_code_has_a_case() -> None:
    covered = {case.code for case in CASES} | {"CC001"}  # CC001: the syntax tests below
    assert covered == set(PROBLEM_CODES)


def test_every_case_expects_its_own_code() -> None:
    for case in CASES:
        assert any(f" {case.code} " in line for line in case.expected), case.id


def test_duplicate_key_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = Case("duplicate", "CC101", ("  version: May 2021",),
                "May 2021", "May 2021\n  version: June 2021", ())
    path, _ = broken_copy(case, tmp_path)
    code, out, err = run_cli(capsys, "criteria", "lint", str(path))
    assert (code, err) == (1, "")
    assert [line.split(": ", 1)[1] for line in out.splitlines()] \
        == ["CC101 key 'version' appears twice in one mapping"]


# -- CC001: not YAML --------------------------------------------------------------------

SYNTAX_ERROR = Case("syntax-error", "CC001", ("  tqt: {min: 900, max: 950}",), "950}", "950", ())


def test_syntax_error_carries_code_cc001(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, number = broken_copy(SYNTAX_ERROR, tmp_path)
    code, out, err = run_cli(capsys, "criteria", "lint", str(path))
    assert (code, out) == (2, "")
    # The parser notices the unclosed mapping on the next line.
    assert err == (f"{path}:{number + 1}:18: CC001 not valid YAML: "
                   "did not find expected ',' or '}'\n")


# -- clean files ------------------------------------------------------------------------


def test_bundled_file_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "criteria", "lint", str(BUNDLED)) == (0, "", "")


def test_clean_copy_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(BUNDLED.read_bytes())
    assert run_cli(capsys, "criteria", "lint", str(copy)) == (0, "", "")


# -- files that cannot be linted, or are not criteria at all ----------------------------


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.yaml"
    assert run_cli(capsys, "criteria", "lint", str(path)) == (2, "", f"{path}: no such file\n")


def test_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "criteria", "lint", str(tmp_path)) \
        == (2, "", f"{tmp_path}: is a folder, not a file\n")


def test_non_utf8_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: 1\nid: caf\u00e9\n".encode("latin-1"))
    assert run_cli(capsys, "criteria", "lint", str(path)) \
        == (2, "", f"{path}: is not UTF-8 text (bad byte at offset 17)\n")


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which can read anything: make the read itself fail.
    path = tmp_path / "secret.yaml"
    path.write_bytes(BUNDLED.read_bytes())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert run_cli(capsys, "criteria", "lint", str(path)) \
        == (2, "", f"{path}: permission denied: the file cannot be read\n")


# An empty file and a YAML list are YAML, so lint reports them as a finding
# (exit 1, as `criteria lint --help` says); loading one as the criteria for
# another command cannot work at all (exit 2).
NOT_A_MAPPING = [
    pytest.param("", "empty", id="empty"),
    pytest.param("- format: 1\n- id: x\n", "a list", id="list"),
    pytest.param("just some words\n", "a str", id="scalar"),
]


@pytest.mark.parametrize(("text", "kind"), NOT_A_MAPPING)
def test_lint_file_that_is_not_a_mapping(text: str, kind: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_cli(capsys, "criteria", "lint", str(path)) \
        == (1, f"{path}:1:1: CC100 a criteria file must be a mapping, not {kind}\n", "")


@pytest.mark.parametrize(("text", "kind"), NOT_A_MAPPING)
def test_load_file_that_is_not_a_mapping(text: str, kind: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_cli(capsys, "criteria", "list", "--criteria", str(path)) == (
        2, "", f"criteria-checker: error: {path}:1:1: CC100 a criteria file must be a "
               f"mapping, not {kind}\n")


def test_several_files_report_each_and_exit_with_the_worst(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "missing.yaml"
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "criteria", "lint", str(BUNDLED), str(listed), str(missing))
    assert code == 2
    assert out == f"{listed}:1:1: CC100 a criteria file must be a mapping, not a list\n"
    assert err == f"{missing}: no such file\n"
