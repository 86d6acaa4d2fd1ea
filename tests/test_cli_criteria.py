"""The `criteria` commands as users see them: list, show, export, and their errors.

Protects the text `criteria list` and `criteria show` print (exact lines), the
JSON `criteria export` writes (valid, deterministic, complete, and the
criteria in it still a valid criteria set), writing output files without ever
leaving half a file behind, and the one-line errors with exit 2 for a bad
reference, a missing criteria file or an unwritable output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import criteria_checker
from criteria_checker.cli import main
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.validation import validate

ROOT = Path(__file__).resolve().parents[1]
TOPICS = "LMAC5A, LMAC5B, LMAC5C, LMAC5D, LMAC5E, LMAC5F, LMAC5G, LMAC5H"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the console entry point in-process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, out, err


# -- criteria list ----------------------------------------------------------------------


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "criteria", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:4] == [
        "Qualification criteria: Level 5 Diploma in Leading and Managing an Adult Care "
        "Service (May 2021)",
        "",
        "sub-topic    type                 outcomes  items  title",
        "--------------------------------------------------------",
    ]
    assert lines[4:6] == [
        "LMAC5A  Leading and managing in adult social care",
        "LMAC5A/LM    knowledge                   2      9  Leadership and Management",
    ]
    assert "LMAC5C/SG    knowledge and skill         2     16  Safeguarding" in lines
    assert "LMAC5H/CD    skill                       3     13  Continuous development" in lines
    assert lines[-2:] == ["", "8 topics, 21 sub-topics, 64 outcomes, 287 items"]
    assert len(lines) == 4 + 8 + 21 + 2


# -- criteria show ----------------------------------------------------------------------

SHOW_TOPIC = """\
LMAC5H  Professional development

  LMAC5H/CD    Continuous development
  LMAC5H/PW    Personal wellbeing
"""

SHOW_ITEM = """\
LMAC5C  Responsibilities
LMAC5C/SG  Safeguarding (knowledge and skill requirements)

LMAC5C/SG/A  (knowledge) Understand requirements for safeguarding in adult care,
             including:
    LMAC5C/SG/A.6 own role in leading a response to suspected or disclosed abuse or
                  neglect

Guidance notes:
  Leading a response: this would include, but is not limited to:
    - safety and wellbeing of the individual and others where applicable
    - own actions
    - own role in implementing, following, and engaging others in policies and
      procedures
    - own role in ensuring the individuals (and others where applicable) is kept
      informed and involved.
"""

SHOW_OUTCOME = """\
LMAC5A  Leading and managing in adult social care
LMAC5A/GR  Governance and regulatory processes (knowledge requirements)

LMAC5A/GR/D  (knowledge) Understand the inspection process in adult social care,
             including:
    1. how services are inspected and the role of the regulator
    2. the purpose of the inspection system
    3. the different types of inspection and key themes of the inspection process
    4. how the ratings system is used
    5. when and how enforcement action can be used
    6. the ways in which information is collected about the service and used to inform
       inspection activities.

Guidance notes:
  Types of Inspection: the different inspections carried out by the regulator within
    Adult Social Care services
  Key themes: the areas looked at during the inspection process
"""

# (reference, snippets that must appear, in order, in what `show` prints)
SHOW = [
    pytest.param("LMAC5H", [SHOW_TOPIC], id="topic"),
    pytest.param("lmac5h", [SHOW_TOPIC], id="topic-loose-spelling"),
    pytest.param("LMAC5A/LM", [
        "LMAC5A  Leading and managing in adult social care\n"
        "LMAC5A/LM  Leadership and Management (knowledge requirements)\n"
        "\n"
        "LMAC5A/LM/A  (knowledge) Understand leadership and management theories and styles\n"
        "             including:\n"
        "    1. the differences between leadership and management\n",
        "LMAC5A/LM/B  (knowledge) Understand leadership and management in adult care "
        "including:\n",
        "    3. how to adapt own leadership and management style for:\n"
        "       - different situations\n"
        "       - different teams\n",
        "Guidance notes:\n"
        "  Internal and external: drivers may include, but are not limited to, internal or\n",
        "  Different teams: including, but not limited to, size of team, location of team,\n",
    ], id="subtopic"),
    pytest.param("LMAC5A/GR/D", [SHOW_OUTCOME], id="outcome"),
    pytest.param("LMAC5C/SG/A.6", [SHOW_ITEM], id="item"),
    pytest.param("lmac5c sg a6", [SHOW_ITEM], id="item-loose-spelling"),
    # A term linked to another sub-topic's note shows that note.
    pytest.param("LMAC5A/DM/B.5", [
        "    LMAC5A/DM/B.5 involve individuals and others in the decision-making process and "
        "the\n                  implementation of the outcome\n",
        "  Individuals: a person accessing care and support. The individual, or individuals, "
        "will\n",
        "  Others: in this context, others might include:\n",
    ], id="item-cross-subtopic-note"),
]


@pytest.mark.parametrize(("ref", "snippets"), SHOW)
def test_show(ref: str, snippets: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "criteria", "show", ref)
    assert (code, err) == (0, "")
    position = 0
    for snippet in snippets:
        found = out.find(snippet, position)
        assert found >= 0, f"not found after offset {position}:\n{snippet}"
        position = found + len(snippet)


@pytest.mark.parametrize(("ref", "expected"), [
    ("LMAC5H", SHOW_TOPIC), ("LMAC5A/GR/D", SHOW_OUTCOME), ("LMAC5C/SG/A.6", SHOW_ITEM),
])
def test_show_prints_exactly(ref: str, expected: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "criteria", "show", ref) == (0, expected, "")


SHOW_ERRORS = [
    ("LMAC5Z", f"LMAC5Z is not in criteria set sfc-l5-lmac-2021-05: its topics are {TOPICS}"),
    ("LMAC5A/LM/A.9", "LMAC5A/LM/A.9 is not in criteria set sfc-l5-lmac-2021-05: "
                      "LMAC5A/LM/A has items 1, 2, 3, 4, 5"),
    ("foo bar", "'foo bar' is not a criteria reference "
                "(e.g. LMAC5A, LMAC5A/LM, LMAC5A/LM/A or LMAC5A/LM/A.1)"),
]


@pytest.mark.parametrize(("ref", "message"), SHOW_ERRORS)
def test_show_bad_reference(ref: str, message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "criteria", "show", ref) \
        == (2, "", f"criteria-checker: error: {message}\n")


# -- criteria export --------------------------------------------------------------------


def test_export_json(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_cli(capsys, "criteria", "export", "--format", "json")
    second = run_cli(capsys, "criteria", "export")
    assert first == second
    code, out, err = first
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["schema"] == "criteria-checker/criteria-export/1"
    levels = [node["level"] for node in data["nodes"]]
    assert [levels.count(level) for level in ("topic", "subtopic", "outcome", "item")] \
        == [8, 21, 64, 287]
    refs = {node["ref"] for node in data["nodes"]}
    assert len(refs) == len(data["nodes"])
    assert all(node["parent"] is None or node["parent"] in refs for node in data["nodes"])
    assert data["nodes"][0] == {"ref": "LMAC5A", "level": "topic", "parent": None,
                                "text": "Leading and managing in adult social care"}
    assert {"ref": "LMAC5C/SG/A.6", "level": "item", "parent": "LMAC5C/SG/A",
            "text": "own role in leading a response to suspected or disclosed abuse or neglect",
            } in data["nodes"]
    # The criteria part is the whole set: it loads back as a criteria set.
    assert validate(CriteriaSet, data["criteria"]).id == "sfc-l5-lmac-2021-05"


def test_export_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, expected, _ = run_cli(capsys, "criteria", "export")
    target = tmp_path / "criteria.json"
    assert run_cli(capsys, "criteria", "export", "--output", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["criteria.json"]


def test_export_into_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "criteria.json"
    assert run_cli(capsys, "criteria", "export", "-o", str(target)) == (
        2, "", f"criteria-checker: error: {target}: cannot write: folder "
               f"'{target.parent}' does not exist\n")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_nothing_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    target = tmp_path / "criteria.json"
    assert run_cli(capsys, "criteria", "export", "-o", str(target)) == (
        2, "", f"criteria-checker: error: {target}: cannot write: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


def test_unknown_export_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "criteria", "export", "--format", "xml")
    assert (code, out) == (2, "")
    assert err == ("criteria-checker: error: Invalid value for '--format': 'xml' is not one of "
                   "'json', 'case' (see 'criteria-checker criteria export --help')\n")


# -- choosing the criteria --------------------------------------------------------------


def test_criteria_by_bundled_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "criteria", "show", "LMAC5H", "--criteria",
                           "sfc-l5-lmac-2021-05")
    assert (code, out) == (0, SHOW_TOPIC)


def test_criteria_file_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.yaml"
    assert run_cli(capsys, "criteria", "list", "--criteria", str(path)) \
        == (2, "", f"criteria-checker: error: {path}: no such file\n")


def test_criteria_id_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    bundled = ", ".join(sorted(p.stem for p in (ROOT / "criteria").glob("*.yaml")))
    assert run_cli(capsys, "criteria", "list", "--criteria", "nosuchset") == (
        2, "", f"criteria-checker: error: no criteria set 'nosuchset': give a criteria file, "
               f"or one of the bundled sets ({bundled})\n")


def test_criteria_file_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "criteria" / "sfc-l5-lmac-2021-05.yaml").read_text(encoding="utf-8")
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace("tqt: {min: 900, max: 950}", "tqt: {min: 990, max: 950}"),
                    encoding="utf-8")
    line = text.splitlines().index("  tqt: {min: 900, max: 950}") + 1
    assert run_cli(capsys, "criteria", "show", "LMAC5A", "--criteria", str(path)) == (
        2, "", f"criteria-checker: error: {path}:{line}:14: CC301 hours.tqt runs from 990 to "
               "950: the minimum exceeds the maximum\n")


# -- the real program -------------------------------------------------------------------


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "criteria_checker", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=False)


def test_version(tmp_path: Path) -> None:
    result = run_module("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) \
        == (0, f"criteria-checker, version {criteria_checker.__version__}\n", "")


def test_module_show_and_error(tmp_path: Path) -> None:
    shown = run_module("criteria", "show", "LMAC5C/SG/A.6", cwd=tmp_path)
    assert (shown.returncode, shown.stdout, shown.stderr) == (0, SHOW_ITEM, "")
    failed = run_module("criteria", "show", "LMAC5Z", cwd=tmp_path)
    assert (failed.returncode, failed.stdout) == (2, "")
    assert failed.stderr == ("criteria-checker: error: LMAC5Z is not in criteria set "
                             f"sfc-l5-lmac-2021-05: its topics are {TOPICS}\n")


# -- criteria lint ----------------------------------------------------------------------


def test_lint_without_files_lints_the_bundled_sets(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "criteria", "lint") == (0, "", "")


def test_lint_without_files_reports_a_broken_bundled_set(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import criteria_checker.criteria.load as load

    broken = tmp_path / "broken.yaml"
    text = (ROOT / "criteria" / "sfc-l5-lmac-2021-05.yaml").read_text("utf-8")
    broken.write_text(text.replace("code: LMAC5B\n", "code: LMAC5Z\n", 1), "utf-8")
    monkeypatch.setattr(load, "bundled_criteria", lambda: {"broken": broken})
    code, out, err = run_cli(capsys, "criteria", "lint")
    assert (code, err) == (1, "")
    assert out.startswith(f"{broken}:") and " CC" in out
