"""Every speed goal of criteria-checker, measured against its floor in the same run, in one table.

Run on a quiet machine (other work on the cores inflates wall-clock figures;
CPU figures are less sensitive):

    .venv/bin/python bench/bench_goals.py            # about five minutes
    .venv/bin/python bench/bench_goals.py --quick    # fewer repeats and sizes
    .venv/bin/python bench/bench_goals.py --readme   # also rewrite README's table

Each row is a goal, what was measured, the floor it is compared with (when
it has one) and the target. Process figures are CPU time (user + system) of
a new process, the median of interleaved runs, so the check and its floor
meet the same machine state:

- floor, DOCX: ``python -c`` importing lxml and parsing the file's
  word/document.xml, the least any Python tool reading it must do;
- floor, XML: the same for the XML file;
- cold check: ``criteria-checker check --format compact FILE``, with the
  compiled cache of criteria and rules filled (as after a user's first run).

Every process runs in the folder holding the files, as a reviewer's would:
run in this repository, a check would also parse its pyproject.toml (which
names the tool) for a ``[tool.criteria-checker]`` table.

The package is run from compiled bytecode, as an installed copy is: the
bench compiles it first and lets the child processes use it.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_combination  # noqa: E402  (bench/ is on sys.path when a bench script runs)
import bench_scaling  # noqa: E402
from bench_docx_read import settle, sixty_five_units, with_word_markup  # noqa: E402
from lxml import etree  # noqa: E402

from criteria_checker.engine.api import check_file, criteria_for, rules_for  # noqa: E402
from criteria_checker.engine.options import CheckOptions  # noqa: E402
from criteria_checker.writers.docx_writer import write_docx_spec  # noqa: E402
from criteria_checker.writers.xml_writer import write_xml_spec  # noqa: E402

Row = tuple[str, str, str, str, str]  # goal, measured, floor, target, met
README_START = "<!-- performance table: bench/bench_goals.py --readme -->"
README_END = "<!-- end of performance table -->"


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # use the compiled bytecode, as installs do
    env["CRITERIA_CHECKER_CACHE_DIR"] = str(cache)
    return env


def process_cpu(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """CPU ms and wall ms of one child process run in ``cwd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False, timeout=600)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return cpu, wall


def interleaved(commands: dict[str, list[str]], env: dict[str, str], cwd: Path,
                runs: int) -> dict[str, tuple[float, float]]:
    """Median CPU and wall ms of each command, run in turn so they meet the same load."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(process_cpu(argv, env, cwd))
    return {name: (statistics.median(c for c, _ in s), statistics.median(w for _, w in s))
            for name, s in samples.items()}


def floor_command(path: Path) -> list[str]:
    if path.suffix == ".docx":
        code = ("import zipfile\nfrom lxml import etree\n"
                f"etree.fromstring(zipfile.ZipFile({str(path)!r}).read('word/document.xml'))")
    else:
        code = f"from lxml import etree\netree.parse({str(path)!r})"
    return [sys.executable, "-c", code]


def check_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "criteria_checker", *args]


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def cold_checks(files: dict[str, Path], env: dict[str, str], runs: int) -> list[Row]:
    rows: list[Row] = []
    for label, path in files.items():
        subprocess.run(check_command("check", str(path)), env=env, cwd=path.parent,
                       capture_output=True, check=False)  # fills the compiled cache
        measured = interleaved({"floor": floor_command(path),
                                "check": check_command("check", "--format", "compact",
                                                       str(path))}, env, path.parent, runs)
        floor, check = measured["floor"][0], measured["check"][0]
        ratio = check / floor
        if path.suffix == ".docx":
            rows.append((f"cold `check` of a 65-unit {label}, CPU",
                         f"{check:.0f} ms ({ratio:.1f}x)", f"{floor:.0f} ms",
                         "<= 3x and < 250 ms", verdict(ratio <= 3 and check < 250)))
        else:
            rows.append((f"cold `check` of a 65-unit {label}, CPU",
                         f"{check:.0f} ms ({ratio:.1f}x)", f"{floor:.0f} ms", "<= 3x",
                         verdict(ratio <= 3)))
    return rows


def in_process_ms(function: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.process_time()
        function()
        settle()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def hook(folder: Path, sources: list[Path], env: dict[str, str], runs: int) -> list[Row]:
    names = []
    for i in range(20):
        source = sources[i % len(sources)]
        target = folder / f"hook{i:02d}{source.suffix}"
        shutil.copy(source, target)
        names.append(str(target))
    measured = interleaved({"one": check_command("hook", names[0]),
                            "twenty": check_command("hook", *names)}, env, folder, runs)
    options = CheckOptions()
    criteria, rules = criteria_for(options), rules_for(options)
    for name in names:
        check_file(Path(name), options, criteria=criteria, rules=rules)  # warm
    in_process = statistics.mean(
        in_process_ms(lambda n=name: check_file(Path(n), options, criteria=criteria,
                                                rules=rules), max(3, runs // 2))
        for name in names)
    cpu20, wall20 = measured["twenty"]
    per_extra = (cpu20 - measured["one"][0]) / 19
    return [
        ("`hook` on 20 mixed files, CPU / wall", f"{cpu20:.0f} / {wall20:.0f} ms", "",
         "< 1,000 ms each", verdict(cpu20 < 1000 and wall20 < 1000)),
        ("`hook`: CPU per extra file", f"{per_extra:.0f} ms ({per_extra / in_process:.1f}x)",
         f"{in_process:.0f} ms in-process check", "<= 1.5x",
         verdict(per_extra <= 1.5 * in_process)),
    ]


def in_process_ratio(folder: Path, runs: int) -> list[Row]:
    lean = write_docx_spec(sixty_five_units())
    dense = with_word_markup(lean)
    options = CheckOptions()
    criteria, rules = criteria_for(options), rules_for(options)
    rows: list[Row] = []
    for label, data, target in (("our writer's lean XML", lean, 2.5),
                                ("Word-density markup", dense, 2.0)):
        path = folder / f"in-process-{len(rows)}.docx"
        path.write_bytes(data)
        xml = zipfile.ZipFile(path).read("word/document.xml")
        check_file(path, options, criteria=criteria, rules=rules)
        parse = in_process_ms(lambda xml=xml: etree.fromstring(xml), runs)
        check = in_process_ms(lambda path=path: check_file(path, options, criteria=criteria,
                                                           rules=rules), runs)
        rows.append((f"in-process DOCX read + rules, 65 units, {label}",
                     f"{check:.1f} ms ({check / parse:.1f}x)", f"{parse:.1f} ms lxml parse",
                     f"<= {target}x", verdict(check / parse <= target)))
    return rows


def batch(folder: Path, source: Path, env: dict[str, str], files: int) -> list[Row]:
    inputs = folder / "batch-in"
    inputs.mkdir()
    for i in range(files):
        os.link(source, inputs / f"s{i:04d}{source.suffix}")
    out = folder / "batch-out"
    cpu, _ = process_cpu(check_command("batch", str(inputs), "--out", str(out), "--quiet"), env,
                         folder)
    per_file = cpu / files
    return [(f"`batch`, CPU per 65-unit file with its HTML report ({files} files)",
             f"{per_file:.0f} ms", "", "<= 40 ms", verdict(per_file <= 40))]


def table(rows: list[Row]) -> str:
    lines = ["| goal | measured | floor | target | met |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines) + "\n"


def machine() -> str:
    return (f"Python {sys.version.split()[0]}, {len(os.sched_getaffinity(0))} cores, "
            f"{os.uname().machine}, {os.uname().sysname}")


def rewrite_readme(text: str) -> None:
    readme = ROOT / "README.md"
    current = readme.read_text("utf-8")
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(current):
        raise SystemExit(f"README.md has no {README_START!r} ... {README_END!r} section")
    block = f"{README_START}\n{text}{README_END}"
    readme.write_text(pattern.sub(lambda _: block, current), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes")
    parser.add_argument("--readme", action="store_true",
                        help="rewrite README.md's performance table with the results")
    args = parser.parse_args()
    runs = 5 if args.quick else 15
    compileall.compile_dir(ROOT / "criteria_checker", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = child_env(folder / "cache")
        spec = sixty_five_units()
        files = {"DOCX": folder / "65-unit.docx", "XML": folder / "65-unit.xml"}
        files["DOCX"].write_bytes(write_docx_spec(spec))
        files["XML"].write_bytes(write_xml_spec(spec))
        rows = cold_checks(files, env, runs)
        sources = [files["DOCX"], files["XML"], ROOT / "specimens/conformant.docx",
                   ROOT / "specimens/conformant.xml"]
        rows += hook(folder, sources, env, max(3, runs // 2))
        rows += in_process_ratio(folder, runs)
        rows += batch(folder, files["DOCX"], env, 40 if args.quick else 200)
        rows += [(goal, measured, "", target, verdict(ok))
                 for goal, measured, target, ok in bench_scaling.measure(args.quick)]
        rows += [(goal, measured, "", target, verdict(ok))
                 for goal, measured, target, ok in bench_combination.measure(args.quick)]
    text = f"Measured with {machine()}.\n\n" + table(rows)
    print(text, end="")
    if args.readme:
        rewrite_readme(text)


if __name__ == "__main__":
    main()
