"""The pre-commit hooks, driven by the real pre-commit framework.

A throwaway repository uses this project's hooks by URL and revision, the
way an awarding organisation's repository would, and commits specifications
and criteria files: a conformant one passes, a non-conformant one is blocked
with findings printed as FILE:LOCATION: SEVERITY: RULE message, and the hook
writes nothing into the working tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.model.spec import QualificationSpec
from criteria_checker.model.validation import validate
from criteria_checker.writers.template import build_template
from criteria_checker.writers.xml_writer import write_xml_spec

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _git(cwd: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          check=False, timeout=900)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project's working tree as a Git repository, so pre-commit can install it by URL."""
    if not PRE_COMMIT.exists():
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    snapshot = tmp_path_factory.mktemp("hooks-repo")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    assert _git(snapshot, "commit", "-q", "-m", "snapshot").returncode == 0
    sha = _git(snapshot, "rev-parse", "HEAD").stdout.strip()
    return snapshot, sha


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _user_repo(tmp_path: Path, hook_repo: tuple[Path, str], hooks: list[str],
               args: list[str] | None = None) -> Path:
    """A repository whose .pre-commit-config.yaml uses this project's hooks, installed."""
    url, sha = hook_repo
    repo = tmp_path / "specs"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    entries = [{"id": h, **({"args": args} if args else {})} for h in hooks]
    config = {"repos": [{"repo": str(url), "rev": sha, "hooks": entries}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, check=True, capture_output=True)
    _git(repo, "add", ".pre-commit-config.yaml")
    return repo


def _commit(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """Stage ``files`` and commit them; the installed hook runs as it would for an author."""
    _git(repo, "add", *files)
    result = _git(repo, "commit", "-m", f"add {' '.join(files)}", home=home)
    result.stdout += result.stderr  # git prints the hook's output on either stream
    return result


def _conformant_xml() -> bytes:
    data = yaml.safe_load((ROOT / "tests/fixtures/specs/conformant.yaml").read_text("utf-8"))
    return write_xml_spec(validate(QualificationSpec, data))


def test_specification_hook_passes_conformant_and_blocks_nonconformant(
        tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    repo = _user_repo(tmp_path, hook_repo, ["criteria-checker"])
    (repo / "good.xml").write_bytes(_conformant_xml())
    (repo / "pom.xml").write_text("<project><modelVersion>4.0.0</modelVersion></project>\n")
    passed = _commit(repo, pre_commit_home, "good.xml", "pom.xml")
    assert passed.returncode == 0, passed.stdout
    assert "Passed" in passed.stdout
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 1

    spec = build_template(load_criteria(find_criteria(None)))
    (repo / "draft.xml").write_bytes(write_xml_spec(spec))
    before = sorted(p.name for p in repo.iterdir())
    failed = _commit(repo, pre_commit_home, "draft.xml")
    assert failed.returncode == 1, failed.stdout
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 1  # the commit was blocked
    findings = [line for line in failed.stdout.splitlines() if line.startswith("draft.xml:")]
    assert findings, failed.stdout
    # The missing qualification number is a note, and says so: only errors block.
    assert all(": error: UNT001 " in line or ": info: QAN003 " in line
               for line in findings), findings
    assert "draft.xml:18: error: UNT001 Unit 501 has no unit reference number" in findings
    assert sorted(p.name for p in repo.iterdir()) == before  # the hook wrote nothing
    assert _git(repo, "status", "--porcelain").stdout == "A  draft.xml\n"


def test_fail_on_warning_is_configurable_through_args(
        tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    # UNT001 (no unit reference numbers) made an error a warning: the draft then commits,
    # and with --fail-on warning it is blocked again.
    spec = build_template(load_criteria(find_criteria(None)))
    for args, expected in ((["--severity", "UNT001=warning"], 0),
                           (["--severity", "UNT001=warning", "--fail-on", "warning"], 1)):
        repo = _user_repo(tmp_path / str(expected), hook_repo, ["criteria-checker"], args)
        (repo / "draft.xml").write_bytes(write_xml_spec(spec))
        result = _commit(repo, pre_commit_home, "draft.xml")
        assert result.returncode == expected, result.stdout
        if expected:  # pre-commit shows a hook's output only when it fails
            assert ("draft.xml:18: warning: UNT001 Unit 501 has no unit reference number"
                    in result.stdout)


def test_criteria_hook_blocks_a_broken_criteria_file(
        tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> None:
    repo = _user_repo(tmp_path, hook_repo, ["criteria-checker-criteria"])
    (repo / "criteria").mkdir()
    text = (ROOT / "criteria/sfc-l5-lmac-2021-05.yaml").read_text("utf-8")
    (repo / "criteria/level5.yaml").write_text(text, encoding="utf-8")
    passed = _commit(repo, pre_commit_home, "criteria/level5.yaml")
    assert passed.returncode == 0, passed.stdout

    broken = text.replace("code: LMAC5A/GR", "code: LMAC5B/GR", 1)
    line = text[: text.index("code: LMAC5A/GR")].count("\n") + 1
    (repo / "criteria/level5.yaml").write_text(broken, encoding="utf-8")
    failed = _commit(repo, pre_commit_home, "criteria/level5.yaml")
    assert failed.returncode == 1
    assert (f"criteria/level5.yaml:{line}:" in failed.stdout
            and "CC203 sub-topic LMAC5B/GR is filed under topic LMAC5A" in failed.stdout), \
        failed.stdout
