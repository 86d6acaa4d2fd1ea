"""Start-up stays light: a pre-commit hook pays for every import on every commit.

A check imports neither networkx (the coverage graph is built only when
asked for), nor python-docx (only the DOCX writer uses it), nor openpyxl
(only the evidence workbook uses it), nor Jinja2 (only HTML pages use it),
nor the reporters the command does not use, nor difflib (only near misses
need it); and once the criteria and rules
are in the compiled cache, neither pydantic nor YAML (nothing is validated
again). A plain check or hook does not even import click: its command line
is read without it (criteria_checker/cli/fast.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("networkx", "docx", "jsonschema", "fastapi", "uvicorn",
         "criteria_checker.reporters.html", "criteria_checker.reporters.sarif",
         "criteria_checker.reporters.junit", "criteria_checker.reporters.markdown",
         "criteria_checker.reporters.json", "criteria_checker.reporters.text",
         "pydantic", "yaml", "criteria_checker.model.validation", "criteria_checker.yaml_source",
         "openpyxl", "criteria_checker.evidence.rows", "criteria_checker.evidence.workbook",
         "jinja2", "markupsafe", "criteria_checker.html",
         # Only for near misses: a title that differs, a misspelt rule or setting.
         "difflib",
         # Only for command lines other than a plain check or hook (cli/fast.py).
         "click")


def _imported_after(*argv: str) -> set[str]:
    script = (
        "import atexit, sys, runpy\n"
        # The program ends its process itself, after the exit handlers.
        f"atexit.register(lambda: print('imported:' + '|'.join(m for m in {HEAVY!r} "
        "if m in sys.modules), file=sys.stderr))\n"
        f"sys.argv = ['criteria-checker', *{list(argv)!r}]\n"
        "runpy.run_module('criteria_checker', run_name='__main__')\n"
    )
    # The first run fills the compiled cache, as a user's first check does.
    subprocess.run([sys.executable, "-m", "criteria_checker", *argv], capture_output=True,
                   cwd=ROOT, check=False, timeout=120)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=120)
    marker = [line for line in result.stderr.splitlines() if line.startswith("imported:")]
    assert marker, result.stderr
    return set(filter(None, marker[-1].removeprefix("imported:").split("|")))


@pytest.mark.parametrize("argv,allowed", [
    (("check", "--format", "compact", "specimens/conformant.docx"), set()),
    (("check", "specimens/conformant.xml"), {"criteria_checker.reporters.text"}),
    (("hook", "specimens/conformant.xml", "specimens/conformant.docx"), set()),
    (("config",), {"click"}),
    (("check", "--format", "sarif", "specimens/conformant.xml"),
     {"criteria_checker.reporters.sarif"}),
    (("check", "--format", "html", "specimens/conformant.xml"),
     {"criteria_checker.reporters.html", "criteria_checker.html", "jinja2", "markupsafe"}),
    (("check", "--format", "xlsx", "-o", "/dev/null", "specimens/conformant.xml"),
     {"openpyxl", "criteria_checker.evidence.rows", "criteria_checker.evidence.workbook",
      "difflib", "click"}),  # (openpyxl imports difflib)
    (("criteria", "show", "LMAC5A/LM/A.1"), {"click"}),
    (("criteria", "lint", "criteria/sfc-l5-lmac-2021-05.yaml"),
     {"pydantic", "yaml", "criteria_checker.model.validation", "criteria_checker.yaml_source",
      "click"}),
])
def test_commands_import_only_what_they_use(argv: tuple[str, ...], allowed: set[str]) -> None:
    assert _imported_after(*argv) == allowed


#: What a check of an XML file has no use for: the other commands, and the ZIP machinery.
NOT_FOR_AN_XML_CHECK = ("criteria_checker.cli.annotate", "criteria_checker.cli.criteria",
                        "criteria_checker.cli.diff", "criteria_checker.cli.serve",
                        "criteria_checker.cli.spec", "criteria_checker.cli.why", "zipfile")


def test_a_check_imports_only_its_own_command() -> None:
    script = (
        "import atexit, sys, runpy\n"
        f"atexit.register(lambda: print('imported:' + '|'.join(m for m in "
        f"{NOT_FOR_AN_XML_CHECK!r} if m in sys.modules), file=sys.stderr))\n"
        "sys.argv = ['criteria-checker', 'check', '--format', 'compact', "
        "'specimens/conformant.xml']\n"
        "runpy.run_module('criteria_checker', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=120)
    marker = [line for line in result.stderr.splitlines() if line.startswith("imported:")]
    assert marker == ["imported:"], result.stderr
