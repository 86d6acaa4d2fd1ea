"""Many files in one run: the same answers in the same order, on one core or several."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from criteria_checker.engine.api import criteria_for, rules_for
from criteria_checker.engine.check_many import MIN_FILES_PER_WORKER, check_files, worker_count
from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import InputError
from criteria_checker.model.data import to_data

ROOT = Path(__file__).resolve().parent.parent
SPECIMENS = ROOT / "specimens"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Conformant and failing specimens in both formats, with an unreadable file among them."""
    broken = tmp_path_factory.mktemp("many") / "broken.docx"
    broken.write_bytes(b"not a zip archive")
    chosen = sorted(SPECIMENS.glob("*.xml"))[:6] + sorted(SPECIMENS.glob("*.docx"))[:5]
    return [*chosen[:4], broken, *chosen[4:]]


@pytest.mark.parametrize("files,jobs,cores,expected", [
    (1, None, 8, 1),
    (MIN_FILES_PER_WORKER * 2 - 1, None, 8, 1),
    (MIN_FILES_PER_WORKER * 2, None, 8, 2),
    (100, None, 2, 2),
    (100, None, 1, 1),
    (3, 8, 2, 3),  # asked for: never more workers than files
    (10, 1, 8, 1),
])
def test_worker_count(files: int, jobs: int | None, cores: int, expected: int,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("criteria_checker.engine.check_many._cores", lambda: cores)
    assert worker_count(files, jobs) == expected


def _answers(results: list[object]) -> list[object]:
    return [("error", str(r)) if isinstance(r, InputError) else to_data(r) for r in results]


def test_several_workers_give_what_one_gives_in_the_same_order(files: list[Path]) -> None:
    options = CheckOptions()
    criteria, rules = criteria_for(options), rules_for(options)
    alone = check_files(files, options, criteria, rules, jobs=1)
    shared = check_files(files, options, criteria, rules, jobs=3)
    assert _answers(shared) == _answers(alone)
    assert isinstance(alone[4], InputError)
    assert str(alone[4]).endswith(
        "broken.docx: is neither a Word .docx document, a web page nor a specification XML file")


@pytest.mark.parametrize(("names", "here", "forked"), [
    # The first file of each kind is checked before forking, so workers inherit
    # its reader warm; the rest go to the workers.
    (["a.xml", "b.xml", "c.docx", "d.XML", "e.docx", "f.xml", "g.docx"],
     ["a.xml", "c.docx"], ["b.xml", "d.XML", "e.docx", "f.xml", "g.docx"]),
    (["a.docx", "b.docx", "c.docx", "d.docx"], ["a.docx"], ["b.docx", "c.docx", "d.docx"]),
    # Too few left to share: the rest are checked here too.
    (["a.xml", "b.docx", "c.xml"], ["a.xml", "b.docx", "c.xml"], []),
])
def test_the_first_file_of_each_kind_is_checked_before_forking(
        names: list[str], here: list[str], forked: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from criteria_checker.engine import check_many

    checked: list[str] = []
    shared: list[str] = []

    def here_(path: Path, *_: object) -> InputError:
        checked.append(path.name)
        return InputError(path, "checked here")

    def forked_(paths: list[Path], *_: object) -> list[InputError]:
        shared.extend(p.name for p in paths)
        return [InputError(p, "forked") for p in paths]

    monkeypatch.setattr(check_many, "_check", here_)
    monkeypatch.setattr(check_many, "_in_workers", forked_)
    monkeypatch.setattr(check_many, "_can_fork", lambda: True)
    results = check_files([Path(n) for n in names], CheckOptions(), None, None,  # type: ignore[arg-type]
                          jobs=2)
    assert (checked, shared) == (here, forked)
    assert [Path(str(r).split(":")[0]).name for r in results] == names, "in the order given"


@pytest.mark.parametrize("command", ["hook", "check"])
def test_the_command_line_prints_the_same_with_any_number_of_jobs(
        command: str, files: list[Path]) -> None:
    def run(jobs: str) -> tuple[int, str, str]:
        result = subprocess.run(
            [sys.executable, "-m", "criteria_checker", command, "--jobs", jobs,
             *map(str, files)], capture_output=True, text=True, check=False, timeout=300)
        return result.returncode, result.stdout, result.stderr

    one = run("1")
    assert one[0] == 2 and "broken.docx" in one[1] + one[2]
    assert run("3") == one == run("0")
