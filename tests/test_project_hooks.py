"""This project's own pre-commit hooks (.pre-commit-config.yaml) pass on the project.

The configuration is valid, runs the checks CI runs, and `pre-commit run
--all-files` passes on a snapshot of the working tree: a throwaway Git
repository, so the run never touches this one (the schema hooks rewrite the
files they keep current). The hooks run the tools of the project's .venv, as
the configuration says; the dev extra installs ruff and mypy there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".pre-commit-config.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
VENV_BIN = ROOT / ".venv" / "bin"

pytestmark = [
    pytest.mark.skipif(not (ROOT / ".git").exists(),
                       reason="the hooks belong to the Git checkout, not to the package"),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("COVERAGE_", "VIRTUAL_ENV", "GIT_"))}
    return {**env, "PRE_COMMIT_COLOR": "never", "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org", **extra}


def _hooks() -> list[dict[str, object]]:
    config = yaml.safe_load(CONFIG.read_text("utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_the_configuration_is_valid() -> None:
    result = subprocess.run([str(PRE_COMMIT), "validate-config", str(CONFIG)],
                            capture_output=True, text=True, env=_env(), check=False,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_hooks_run_the_checks_ci_runs() -> None:
    entries = {str(hook["id"]): str(hook["entry"]) for hook in _hooks()}
    assert entries == {
        "ruff": ".venv/bin/ruff check --force-exclude",
        "mypy": ".venv/bin/mypy",
        "criteria-checker-criteria": ".venv/bin/criteria-checker criteria lint",
        "criteria-checker-rules": ".venv/bin/criteria-checker rules lint rules",
        "criteria-schema": ".venv/bin/criteria-checker criteria schema "
                           "-o criteria_checker/schemas/criteria.schema.json",
        "rules-schema": ".venv/bin/criteria-checker rules schema "
                        "-o criteria_checker/schemas/rules.schema.json",
    }
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    for command in (".venv/bin/ruff check", ".venv/bin/mypy",
                    ".venv/bin/criteria-checker criteria lint",
                    ".venv/bin/criteria-checker rules lint rules"):
        assert command in ci


def _snapshot(folder: Path) -> Path:
    """The working tree's files (tracked, and untracked but not ignored) as a new repository."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (folder / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    _git(folder, "init", "-q")
    # .gitignore's ".venv/" matches a folder, not the link to one.
    with (folder / ".git" / "info" / "exclude").open("a", encoding="utf-8") as exclude:
        exclude.write("/.venv\n")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "--no-verify", "-m", "snapshot")
    return folder


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, env=_env(),
                   timeout=300)


@pytest.mark.slow
def test_pre_commit_run_all_files_passes(tmp_path: Path) -> None:
    missing = [tool for tool in ("ruff", "mypy", "criteria-checker")
               if not (VENV_BIN / tool).exists()]
    if missing:
        pytest.skip(f"the hooks run .venv/bin/{', '.join(missing)}: "
                    "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'")
    repo = _snapshot(tmp_path / "repo")
    # The snapshot's own package, not the checkout's editable install, runs the lint hooks.
    result = subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files", "--show-diff-on-failure"], cwd=repo,
        capture_output=True, text=True, check=False, timeout=900,
        env=_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PYTHONPATH=str(repo)))
    assert result.returncode == 0, result.stdout + result.stderr
    passed = [line for line in result.stdout.splitlines() if line.endswith("Passed")]
    assert len(passed) == len(_hooks()), result.stdout
