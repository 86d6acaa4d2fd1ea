"""Speed and memory of criteria-checker, as users meet it.

Prints one table per measurement; run it on a quiet machine:

    .venv/bin/python bench/bench_speed.py            # everything (several minutes)
    .venv/bin/python bench/bench_speed.py --quick    # smaller batch sizes

Measured, on a generated 65-unit specification (the conformant test fixture
filled up with optional units) and on the bundled specimens:

1. a check of one DOCX and one XML in-process (read + rules, criteria and
   rules already loaded), against the floor of lxml parsing the same XML;
2. the command-line check from a cold start (a new process each time), and
   which heavy modules it imported;
3. the pre-commit path: 20 files in one `criteria-checker hook` invocation;
4. batch: N copies of the conformant specimens on all cores, for growing N,
   with the peak resident memory of the largest process;
5. peak memory of one command-line check.

Timings are medians (and minimums) of repeated runs, wall-clock for
processes and CPU time for in-process work.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml
from lxml import etree

from criteria_checker.model.validation import validate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specs import fill_to  # noqa: E402  (bench/ is on sys.path when a bench script runs)

from criteria_checker.engine.api import check_file, criteria_for, rules_for  # noqa: E402
from criteria_checker.engine.options import CheckOptions  # noqa: E402
from criteria_checker.model.spec import (  # noqa: E402
    QualificationSpec,
)
from criteria_checker.writers.docx_writer import write_docx_spec  # noqa: E402
from criteria_checker.writers.xml_writer import write_xml_spec  # noqa: E402

CLI = [sys.executable, "-m", "criteria_checker"]
HEAVY = ("networkx", "docx", "criteria_checker.reporters.html", "criteria_checker.reporters.sarif",
         "criteria_checker.reporters.junit", "jsonschema")


def sixty_five_units() -> QualificationSpec:
    """The conformant fixture, filled up to 65 units with extra optional units."""
    data = yaml.safe_load((ROOT / "tests/fixtures/specs/conformant.yaml").read_text("utf-8"))
    spec = validate(QualificationSpec, data)
    optional_group = next(g.id for g in spec.groups if g.kind == "optional")
    return fill_to(spec, 65, group=optional_group, first_number=700, urn_base=3000, hours=40)


def timed(function: Callable[[], object], runs: int, *, cpu: bool) -> tuple[float, float]:
    clock = time.process_time if cpu else time.perf_counter
    samples = []
    for _ in range(runs):
        start = clock()
        function()
        samples.append(clock() - start)
    return statistics.median(samples) * 1000, min(samples) * 1000


def table(title: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def in_process(files: dict[str, Path], runs: int) -> None:
    options = CheckOptions()
    criteria, rules = criteria_for(options), rules_for(options)
    rows = []
    for label, path in files.items():
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                xml = archive.read("word/document.xml")
        else:
            xml = path.read_bytes()
        check_file(path, options, criteria=criteria, rules=rules)  # warm caches once
        floor = timed(lambda xml=xml: etree.fromstring(xml), runs, cpu=True)
        check = timed(lambda path=path: check_file(path, options, criteria=criteria,
                                                   rules=rules), runs, cpu=True)
        rows.append((label, f"{floor[0]:.1f} / {floor[1]:.1f}", f"{check[0]:.1f} / {check[1]:.1f}",
                     f"{check[0] / floor[0]:.1f}x"))
    table("1. In-process check vs lxml parse floor (CPU ms, median / min)",
          ("file", "lxml parse", "check (read + rules)", "ratio"), rows)


def cold_start(files: dict[str, Path], runs: int) -> None:
    rows = []
    for label, path in files.items():
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*CLI, "check", "--format", "compact", str(path)],
                           capture_output=True, check=False)
            samples.append((time.perf_counter() - start) * 1000)
        rows.append((label, f"{statistics.median(samples):.0f}", f"{min(samples):.0f}"))
    probe = subprocess.run(
        [sys.executable, "-c",
         "import atexit, sys, runpy; sys.argv=['criteria-checker','check','--format','compact',"
         f"{str(next(iter(files.values())))!r}]\n"
         # The program ends its process itself, after the exit handlers.
         f"atexit.register(lambda: print(','.join(m for m in {HEAVY!r} if m in sys.modules)))\n"
         "runpy.run_module('criteria_checker', run_name='__main__')\n"],
        capture_output=True, text=True, check=False)
    loaded = probe.stdout.strip().splitlines()[-1] if probe.stdout.strip() else ""
    rows.append(("heavy modules imported", loaded or "none", ""))
    table("2. Command-line check from a cold start (wall ms)", ("file", "median", "min"), rows)


def hook_path(folder: Path, sources: dict[str, Path], runs: int) -> None:
    hook_dir = folder / "hook"
    hook_dir.mkdir()
    names = []
    for i in range(20):
        source = list(sources.values())[i % len(sources)]
        target = hook_dir / f"spec{i:02d}{source.suffix}"
        shutil.copy(source, target)
        names.append(str(target))
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*CLI, "hook", *names], capture_output=True, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    table("3. Pre-commit path: 20 files in one invocation (wall ms)",
          ("files", "median", "min", "per file"),
          [(20, f"{statistics.median(samples):.0f}", f"{min(samples):.0f}",
            f"{statistics.median(samples) / 20:.0f}")])


def batch(folder: Path, sources: dict[str, Path], sizes: list[int]) -> None:
    rows = []
    for size in sizes:
        inputs = folder / f"batch{size}"
        inputs.mkdir()
        pool = list(sources.values())
        for i in range(size):
            source = pool[i % len(pool)]
            os.link(source, inputs / f"s{i:05d}{source.suffix}")
        out = folder / f"out{size}"
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([*CLI, "batch", str(inputs), "--out", str(out), "--quiet"],
                       capture_output=True, check=False)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows.append((size, f"{seconds:.1f}", f"{seconds / size * 1000:.1f}",
                     f"{(after.ru_utime - before.ru_utime):.0f}",
                     f"{after.ru_maxrss / 1024:.0f}"))
        shutil.rmtree(inputs)
        shutil.rmtree(out)
    table(f"4. Batch on {os.cpu_count()} cores: HTML report per file plus summaries",
          ("files", "wall s", "ms per file", "CPU s (children)",
           "peak RSS of largest process so far (MB)"), rows)


def peak_memory(files: dict[str, Path]) -> None:
    rows = []
    time_bin = shutil.which("time") or "/usr/bin/time"
    for label, path in files.items():
        if Path(time_bin).exists():
            result = subprocess.run([time_bin, "-f", "%M", *CLI, "check", "--format", "compact",
                                     str(path)], capture_output=True, text=True, check=False)
            rows.append((label, f"{int(result.stderr.strip().splitlines()[-1]) / 1024:.0f}"))
    table("5. Peak memory of one command-line check (MB, maximum resident set)",
          ("file", "peak RSS"), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller batch sizes, fewer runs")
    parser.add_argument("--only", choices=["1", "2", "3", "4", "5"], action="append")
    parser.add_argument("--sizes", type=int, nargs="+", help="batch sizes (default 100 1000 5000)")
    args = parser.parse_args()
    runs = 5 if args.quick else 15
    sizes = args.sizes or ([50, 100, 200] if args.quick else [100, 1000, 5000])
    spec = sixty_five_units()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"65-unit.docx": folder / "65-unit.docx", "65-unit.xml": folder / "65-unit.xml"}
        files["65-unit.docx"].write_bytes(write_docx_spec(spec))
        files["65-unit.xml"].write_bytes(write_xml_spec(spec))
        for specimen in sorted((ROOT / "specimens").glob("conformant*"))[:2]:
            files[specimen.name] = specimen
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
              f"{os.uname().machine}, {os.uname().sysname} {os.uname().release}")
        steps = args.only or ["1", "2", "3", "4", "5"]
        if "1" in steps:
            in_process(files, runs)
        if "2" in steps:
            cold_start(files, runs)
        if "3" in steps:
            hook_path(folder, files, max(3, runs // 3))
        if "4" in steps:
            # Realistic submissions: the bundled conformant specimens (32 units each).
            specimens = {p.name: p for p in sorted((ROOT / "specimens").glob("conformant*"))}
            batch(folder, specimens, sizes)
        if "5" in steps:
            peak_memory(files)


if __name__ == "__main__":
    main()
