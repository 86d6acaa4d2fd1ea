"""Time per unit of the readers and the whole check, from 25 to 3,000 units.

A reviewer's file may hold a few dozen units or a few thousand (a
qualification suite with every option written out); the cost of a unit
should not depend on how many others the file holds. This benchmark builds
specifications of 25, 65, 250, 1,000 and 3,000 units (the template's 24
units, filled up with optional units of four outcomes of four mapped
criteria each), writes each as DOCX and as XML, and times, in CPU time of
this process:

- the XML read (``read_xml_spec``) and the DOCX read (``read_docx_spec``);
- the whole in-process check of each file (``check_file``, read + rules,
  with the criteria and rules already loaded).

Each time is the least over rounds, each round timing every size in turn
(the machine's speed drifts; see :func:`per_unit`). Two figures come from it:

- time per unit: the time divided by the number of units;
- time per added unit: between two consecutive sizes, the extra time
  divided by the extra units (the slope).

The goal, linear at any size, is judged on the slope: "flat" means the
largest time per added unit over all steps is within 1.25 times the
smallest. Time per unit cannot show it at the small end, for two reasons
that have nothing to do with growth: a file's fixed costs (opening it, the
rules run once per file) spread over 25 units weigh ten times what they do
over 250, and the template's own units are smaller than the added ones
(about 12 criteria against 16), so a 25-unit file has smaller units than a
1,000-unit one. The slope is over added units only, all of one shape.

Only the files are kept between runs: the generated models are dropped
before timing, so that the garbage collector sees the heap a command-line
check has, not one swollen by the benchmark's own objects.

    .venv/bin/python bench/bench_scaling.py            # up to 3,000 units
    .venv/bin/python bench/bench_scaling.py --quick    # fewer runs, up to 1,000 units

:func:`measure` returns the summary rows, for a report that gathers several
benchmarks.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from specs import fill_to  # noqa: E402  (bench/ is on sys.path when a bench script runs)

from criteria_checker.engine.api import check_file, criteria_for, rules_for  # noqa: E402
from criteria_checker.engine.options import CheckOptions  # noqa: E402
from criteria_checker.model.spec import QualificationSpec  # noqa: E402
from criteria_checker.model.validation import validate  # noqa: E402
from criteria_checker.readers.docx.reader import read_docx_spec  # noqa: E402
from criteria_checker.readers.xml_reader import read_xml_spec  # noqa: E402
from criteria_checker.writers.docx_writer import write_docx_spec  # noqa: E402
from criteria_checker.writers.xml_writer import write_xml_spec  # noqa: E402

SIZES = (25, 65, 250, 1000, 3000)
QUICK_SIZES = (25, 65, 250, 1000)
#: Largest over smallest time per added unit that still counts as flat.
FLAT = 1.25
#: At least this many CPU seconds per sample (small files are run several times a sample).
SAMPLE_SECONDS = 0.3
MEASUREMENTS = ("XML read", "DOCX read", "check of the XML", "check of the DOCX")


def spec_of(units: int) -> QualificationSpec:
    """The conformant fixture (25 units), filled up to ``units`` as bench_speed.py fills it."""
    data = yaml.safe_load((ROOT / "tests/fixtures/specs/conformant.yaml").read_text("utf-8"))
    spec = validate(QualificationSpec, data)
    optional_group = next(g.id for g in spec.groups if g.kind == "optional")
    return fill_to(spec, units, group=optional_group, first_number=700, urn_base=3000, hours=40)


def settle() -> None:
    """Make malloc merge the chunks a call freed now, so that the call pays for it.

    glibc defers that work to the next request of a kilobyte or more, which
    would otherwise land in whatever is timed next (see bench_docx_read.py).
    """
    bytearray(4096)


def median_cpu(function: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of ``function``, each run settling its own frees."""
    samples = []
    for _ in range(runs):
        start = time.process_time()
        function()
        settle()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def per_unit(sizes: tuple[int, ...], *, rounds: int,
             folder: Path) -> dict[str, dict[int, float]]:
    """Milliseconds per unit of each measurement at each size.

    Every size is measured once per round, rounds after one another, and the
    least over rounds is kept: this machine's speed drifts over minutes, and
    timing each size's runs back to back would give that drift to the sizes
    timed last (the largest) and bend the slope it is judged on. Other work
    on the machine only ever adds CPU time, and a slow spell of a few minutes
    can cover most of the rounds of one size: measured three times on a quiet
    machine, the slopes were flat within 1.03-1.15x, while during a slow
    spell the medians of seven rounds bent them to 1.4-1.8x. The least over
    rounds needs one quiet round per size, not a quiet majority.
    """
    options = CheckOptions()
    criteria, rules = criteria_for(options), rules_for(options)
    files: dict[int, tuple[Path, Path]] = {}
    for size in sizes:
        spec = spec_of(size)
        xml, docx = folder / f"spec-{size}.xml", folder / f"spec-{size}.docx"
        xml.write_bytes(write_xml_spec(spec))
        docx.write_bytes(write_docx_spec(spec))
        files[size] = (xml, docx)
    del spec
    gc.collect()
    timed: list[tuple[str, int, Callable[[], object], int]] = []
    for size, (xml, docx) in files.items():
        functions: dict[str, Callable[[], object]] = {
            "XML read": lambda xml=xml: read_xml_spec(xml),
            "DOCX read": lambda docx=docx: read_docx_spec(docx),
            "check of the XML": lambda xml=xml: check_file(xml, options, criteria=criteria,
                                                           rules=rules),
            "check of the DOCX": lambda docx=docx: check_file(docx, options, criteria=criteria,
                                                             rules=rules),
        }
        for name, function in functions.items():
            first = median_cpu(function, 1)  # also warms imports and caches
            # Small files are run several times a sample, so that each sample is long
            # enough for the clock to measure well.
            timed.append((name, size, function, max(1, int(SAMPLE_SECONDS / max(first, 1e-6)))))
    samples: dict[tuple[str, int], list[float]] = {(name, size): [] for name, size, _, _ in timed}
    for _ in range(rounds):
        for name, size, function, repeat in timed:
            samples[name, size].append(sum(median_cpu(function, 1) for _ in range(repeat))
                                       / repeat)
    return {name: {size: min(samples[name, size]) * 1000 / size
                   for size in sizes} for name in MEASUREMENTS}


def spread(times: dict[int, float]) -> float:
    return max(times.values()) / min(times.values())


def per_added_unit(by_size: dict[int, float]) -> dict[int, float]:
    """Milliseconds per unit added on the way to each size from the one before it."""
    sizes = sorted(by_size)
    return {larger: (by_size[larger] * larger - by_size[smaller] * smaller) / (larger - smaller)
            for smaller, larger in pairwise(sizes)}


def measure(quick: bool) -> list[tuple[str, str, str, bool]]:
    """(goal, measured, target, met) rows: time per added unit, smallest to largest size."""
    return summary(measure_all(quick))


def measure_all(quick: bool) -> dict[str, dict[int, float]]:
    sizes = QUICK_SIZES if quick else SIZES
    with tempfile.TemporaryDirectory() as folder:
        return per_unit(sizes, rounds=3 if quick else 7, folder=Path(folder))


def summary(times: dict[str, dict[int, float]]) -> list[tuple[str, str, str, bool]]:
    rows = []
    for name, by_size in times.items():
        slopes = per_added_unit(by_size)
        smallest, largest = min(by_size), max(by_size)
        rows.append((f"time per added unit, {name}, {smallest:,} -> {largest:,} units",
                     f"{min(slopes.values()):.2f} to {max(slopes.values()):.2f} ms "
                     f"({spread(slopes):.2f}x)",
                     f"within {FLAT}x", spread(slopes) <= FLAT))
    return rows


def table(title: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, and stop at 1,000 units")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{os.uname().machine}, {os.uname().sysname} {os.uname().release}")
    times = measure_all(args.quick)
    sizes = sorted(next(iter(times.values())))
    rows: list[tuple[object, ...]] = [
        (name, *(f"{by_size[size]:.2f}" for size in sizes),
         f"{spread(by_size):.2f}x", "yes" if spread(by_size) <= FLAT else "no")
        for name, by_size in times.items()
    ]
    table("CPU ms per unit (least of rounds / units); spread = largest / smallest",
          ("measurement", *(f"{size:,} units" for size in sizes), "spread"),
          [row[:-1] for row in rows])
    slopes = {name: per_added_unit(by_size) for name, by_size in times.items()}
    steps = sorted(next(iter(slopes.values())))
    table("CPU ms per added unit (extra time / extra units from the size before)",
          ("measurement", *(f"to {size:,}" for size in steps), "spread", "flat"),
          [(name, *(f"{by_step[size]:.2f}" for size in steps), f"{spread(by_step):.2f}x",
            "yes" if spread(by_step) <= FLAT else "no") for name, by_step in slopes.items()])
    table("Summary", ("goal", "measured", "target", "met"),
          [(goal, measured, target, "yes" if ok else "no")
           for goal, measured, target, ok in summary(times)])


if __name__ == "__main__":
    main()
