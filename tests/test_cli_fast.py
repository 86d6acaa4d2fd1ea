"""The plain command lines of check and hook, read without click, give what click's reading gives.

Each command line is run both ways in this process: by the fast reader
(criteria_checker.cli.fast), and by click with the fast reader out of the
way. The exit code, standard output and standard error must be the same,
byte for byte; a command line the fast reader declines is left to click.
Command lines are drawn from the options both read, values click refuses,
options only click reads, files that exist, do not, or are patterns, and a
configuration file that sets the format or the jobs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_checker.cli import entry, fast
from criteria_checker.cli.check import check, hook

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ("conformant.xml", "conformant.docx", "tqt-above-band.xml")


def _option_names(command: click.Command) -> set[str]:
    # As run under the group, whose help options the command's context inherits.
    context = click.Context(command, parent=click.Context(entry.cli, **entry.cli.context_settings))
    return {name for param in command.get_params(context) if isinstance(param, click.Option)
            for name in (*param.opts, *param.secondary_opts)}


def test_the_hooks_option_names_are_the_commands() -> None:
    # A name the hook does not know starts its files; one it knows is click's to read.
    assert _option_names(hook) == fast.HOOK_OPTIONS


def test_every_option_read_without_click_is_an_option_of_check() -> None:
    assert {"--format", "--quiet", "-q", "--color", "--no-color", "--jobs", "-j"} \
        <= _option_names(check)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in SPECIMENS:
        shutil.copy(ROOT / "specimens" / name, tmp_path / name)
    shutil.copy(ROOT / "specimens/conformant.xml", tmp_path / "-draft.xml")
    (tmp_path / "notes.xml").write_text("<notes/>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _both(argv: list[str], capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[int, str, str] | None,
                                                    tuple[int, str, str]]:
    """(code, stdout, stderr) read without click (None if declined), and read by click."""
    capsys.readouterr()
    code = fast.run_fast(argv)
    without = None if code is None else (code, *capsys.readouterr())
    with monkeypatch.context() as patch:
        patch.setattr(entry, "run_fast", lambda argv=None: None)
        with pytest.raises(SystemExit) as exited:
            entry.main(argv)
    assert isinstance(exited.value.code, int)
    return without, (exited.value.code, *capsys.readouterr())


PLAIN = [
    ["check", "conformant.xml"],
    ["check", "--format", "compact", "conformant.xml", "conformant.docx"],
    ["check", "tqt-above-band.xml", "--format=json"],
    ["check", "-q", "conformant.xml", "tqt-above-band.xml"],
    ["check", "--quiet", "--format", "text", "missing.xml", "conformant.xml"],
    ["check", "--no-color", "--format", "sarif", "*.xml"],
    ["check", "--color", "tqt-above-band.xml"],
    ["check", "-j", "1", "--", "-draft.xml"],
    ["check", "--jobs=0", "nothing-*.docx", "conformant.docx"],
    ["check", "-", "conformant.xml"],
    ["hook", "conformant.xml", "notes.xml", "tqt-above-band.xml"],
    ["hook", "-j", "1", "conformant.docx", "-draft.xml", "missing.docx"],
    ["hook", "--jobs=1", "conformant.docx", "--format", "json"],
    ["hook", "-", "--", "conformant.xml"],
    ["hook"],
]
DECLINED = [
    ["check", "--help"], ["check"], ["check", "--explain", "conformant.xml"],
    ["check", "--format", "xlsx", "conformant.xml"], ["check", "--format", "pdf", "x.xml"],
    ["check", "--format"], ["check", "-q", "--format", "json", "conformant.xml"],
    ["check", "--select", "HRS001", "conformant.xml"], ["check", "-j", "-1", "conformant.xml"],
    ["check", "-j", "two", "conformant.xml"], ["check", "-j2", "conformant.xml"],
    ["check", "--quiet=yes", "conformant.xml"], ["check", "-o", "out.txt", "conformant.xml"],
    ["hook", "--config", "x.toml", "conformant.xml"], ["hook", "-h"], ["hook", "-j"],
    ["--version"], ["config"], [],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_command_line_is_read_without_click_with_the_same_result(
        argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    without, by_click = _both(argv, capsys, monkeypatch)
    assert without == by_click


@pytest.mark.parametrize("argv", DECLINED, ids=" ".join)
def test_any_other_command_line_is_left_to_click(argv: list[str], folder: Path) -> None:
    assert fast.run_fast(argv) is None


def test_the_configurations_format_and_jobs_stand_in_for_options_not_given(
        folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / ".criteria-checker.toml").write_text('format = "json"\njobs = 1\n', "utf-8")
    for argv in (["check", "tqt-above-band.xml"], ["check", "-q", "tqt-above-band.xml"],
                 ["check", "--format", "compact", "tqt-above-band.xml"],
                 ["hook", "tqt-above-band.xml"]):
        without, by_click = _both(argv, capsys, monkeypatch)
        assert without == by_click
    assert without is not None and without[1].startswith("tqt-above-band.xml:")


def test_a_broken_configuration_is_one_error_line_either_way(
        folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / ".criteria-checker.toml").write_text('format = "pdf"\n', "utf-8")
    without, by_click = _both(["check", "conformant.xml"], capsys, monkeypatch)
    assert without == by_click
    assert without is not None and without[0] == 2 and without[2].count("\n") == 1


_TOKENS = st.sampled_from([
    "conformant.xml", "conformant.docx", "tqt-above-band.xml", "missing.xml", "*.docx",
    "notes.xml", "-draft.xml", "-", "--", "--format", "--format=text", "--format=markdown",
    "json", "compact", "xlsx", "-q", "--quiet", "--color", "--no-color", "-j", "--jobs=1",
    "0", "1", "-1", "--explain", "--select", "HRS001", "--fail-on", "warning", "-h"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(["check", "hook"]), tokens=st.lists(_TOKENS, max_size=6))
def test_whatever_the_command_line_the_two_readers_agree(
        command: str, tokens: list[str], folder: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    without, by_click = _both([command, *tokens], capsys, monkeypatch)
    if without is not None:
        assert without == by_click
