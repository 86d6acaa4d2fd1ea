"""A wheel built from this checkout works on its own, from any folder.

Protects packaging (pyproject.toml's wheel target and its force-include of
criteria/ and rules/, and criteria_checker/paths.py): the wheel is built and
installed into a bare folder, then used from an unrelated folder. The
installed package must be the one imported, must find its criteria and rules
inside itself rather than in this checkout, and must carry every data file
byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDERS = ("criteria", "rules")

PROBE = """\
import json
import criteria_checker
from criteria_checker.criteria.load import find_criteria
from criteria_checker.paths import criteria_dir, rules_dir
print(json.dumps({
    "package": criteria_checker.__file__,
    "criteria_file": str(find_criteria(None)),
    "criteria": str(criteria_dir()),
    "rules": str(rules_dir()),
}))
"""


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                   check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding nothing but the installed wheel."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels),
         str(ROOT))
    (wheel,) = wheels.glob("criteria_checker-*.whl")
    target = base / "site"
    _pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel))
    return target


def run_installed(site: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the interpreter with only the installed wheel added, from an unrelated folder."""
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONNOUSERSITE": "1"}
    return subprocess.run([sys.executable, *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def probe(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    result = run_installed(site, tmp_path_factory.mktemp("elsewhere"), "-c", PROBE)
    assert result.returncode == 0, result.stderr
    found: dict[str, str] = json.loads(result.stdout)
    return found


def test_installed_package_is_imported(site: Path, probe: dict[str, str]) -> None:
    assert Path(probe["package"]) == site / "criteria_checker" / "__init__.py"


def test_installed_package_uses_its_own_criteria(site: Path, probe: dict[str, str]) -> None:
    bundled = site / "criteria_checker" / "_bundled" / "criteria"
    assert Path(probe["criteria"]) == bundled
    assert Path(probe["criteria_file"]) == bundled / "sfc-l5-lmac-2021-05.yaml"


def test_installed_package_uses_its_own_rules(site: Path, probe: dict[str, str]) -> None:
    assert Path(probe["rules"]) == site / "criteria_checker" / "_bundled" / "rules"


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_wheel_carries_every_data_file(folder: str, site: Path) -> None:
    source = ROOT / folder
    installed = site / "criteria_checker" / "_bundled" / folder
    names = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    for name in names:
        assert (installed / name).read_bytes() == (source / name).read_bytes(), name
    if installed.is_dir():
        assert sorted(p.relative_to(installed) for p in installed.rglob("*")
                      if p.is_file()) == names


def test_installed_show(site: Path, tmp_path: Path) -> None:
    result = run_installed(site, tmp_path, "-m", "criteria_checker", "criteria", "show",
                           "LMAC5C/SG/A.6")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:2] == ["LMAC5C  Responsibilities",
                         "LMAC5C/SG  Safeguarding (knowledge and skill requirements)"]
    assert "    LMAC5C/SG/A.6 own role in leading a response to suspected or disclosed abuse or" \
        in lines
    assert "  Leading a response: this would include, but is not limited to:" in lines


def test_installed_list_counts(site: Path, tmp_path: Path) -> None:
    result = run_installed(site, tmp_path, "-m", "criteria_checker", "criteria", "list")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "8 topics, 21 sub-topics, 64 outcomes, 287 items"
