"""The program ends its own process at once, without losing anything on the way out.

`criteria-checker` (and ``python -m criteria_checker``) skip the interpreter's
teardown; what the teardown would have done that matters must still happen:
every byte of standard output written, the exit code kept, the exit handlers
run (the compiled cache is written in one), and threads still working waited
for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRITERIA_CHECKER_CACHE_DIR": str(cache)}
    env.pop("CRITERIA_CHECKER_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "criteria_checker", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_whole_report_and_the_exit_code_survive(tmp_path: Path) -> None:
    # The JSON report is longer than a pipe holds at once: all of it must arrive.
    specimens = ["specimens/conformant.docx", "specimens/tqt-above-band.xml"]
    result = run("check", "--format", "json", *specimens, cache=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert len(result.stdout) > 65536
    report = json.loads(result.stdout)
    assert [r["file"] for r in report["reports"]] == specimens
    assert [r["verdict"] for r in report["reports"]] == ["conformant", "not conformant"]


def test_the_exit_handlers_run_so_the_compiled_cache_is_written(tmp_path: Path) -> None:
    assert run("check", "--format", "compact", "specimens/conformant.xml",
               cache=tmp_path).returncode == 0
    written = sorted(p.name.split("-")[0] for p in tmp_path.iterdir())
    assert written == ["criteria", "dataclass", "quotations", "regex", "rules", "similarity"]


def test_a_thread_still_working_is_waited_for() -> None:
    script = (
        "import sys, threading, time\n"
        "from criteria_checker.cli.entry import main\n"
        "def late():\n"
        "    time.sleep(0.3)\n"
        "    print('the thread finished', flush=True)\n"
        "threading.Thread(target=late).start()\n"
        "main(['--version'], leave_at_once=True)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "the thread finished"


def test_a_closed_pipe_is_not_an_error() -> None:
    # `criteria-checker check ... | head -1`: the reader goes away early.
    command = (f"{sys.executable} -m criteria_checker check --format json "
               "specimens/conformant.docx | head -c 10")
    result = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert (result.stdout, result.stderr) == ('{\n  "schem', "")
