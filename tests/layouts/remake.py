"""The fixed layouts, and the LibreOffice files of them committed in tests/fixtures/layouts/.

24 fixed seeds each draw one layout from the values all three writers can
express, over a random specification: tests/test_layouts.py writes each with
python-docx and pandoc on the fly and reads the LibreOffice file committed
here. 8 more lay out the conformant base specimen in a layout drawn from
everything LibreOffice can express (automatic numbering, page headers,
cover pages, contents, content controls, tracked changes). CI has no
LibreOffice, so its files are committed, with manifest.json (seed, writer,
specification, layout, wording) and the expected reading of each random
specification as JSON.

Remake them (from the repository root; LibreOffice's ``soffice`` on PATH)::

    .venv/bin/python -m tests.layouts.remake            # rewrite tests/fixtures/layouts/
    .venv/bin/python -m tests.layouts.remake --check    # remake in a scratch folder and compare

LibreOffice's output is normalised (normalise.py), so a remake gives the
same bytes: --check fails on any difference.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import Sample, sample, write_many
from .compare import expected_json
from .dimensions import Layout, Writer, common_values, draw_layout
from .specgen import base_generated, random_spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"
MANIFEST = "manifest.json"
#: Layouts written by all three writers over random specifications: chosen greedily
#: from seeds 0-2999 to put together as many pairs of values as 24 layouts can (4,923 of
#: the 8,087 pairs the common values make, against 4,260 for seeds 0-23).
FIXED_SEEDS = (0, 179, 208, 417, 424, 428, 453, 730, 965, 1047, 1078, 1195, 1295, 1638, 1655,
               1772, 1986, 1995, 2160, 2255, 2332, 2595, 2753, 2768)
#: Layouts of the conformant base specimen saved by LibreOffice, chosen the same way from
#: everything LibreOffice can express (2,952 of its 9,683 pairs of values).
BASE_SEEDS = (0, 419, 777, 913, 1593, 2206, 2792, 2856)

SpecKind = Literal["random", "base"]


@dataclass(frozen=True)
class Fixed:
    """One fixed layout over one specification."""

    seed: int
    spec: SpecKind

    @property
    def stem(self) -> str:
        return f"{self.spec}-{self.seed:04d}"


def fixed_layout(seed: int, writer: Writer = "libreoffice", *, base: bool = False) -> Layout:
    """The layout of a fixed seed: common to all writers, or LibreOffice's full range for base."""
    allowed = None if base else common_values()
    return draw_layout(random.Random(seed), writer, allowed)


def fixed_sample(seed: int, writer: Writer, spec: SpecKind = "random") -> Sample:
    if spec == "base":
        layout = fixed_layout(seed, writer, base=True)
        return sample(layout, base_generated(layout), writer, seed)
    layout = fixed_layout(seed)
    return sample(layout, random_spec(random.Random(seed), layout), writer, seed)


def fixed_set() -> list[Fixed]:
    return ([Fixed(seed, "random") for seed in FIXED_SEEDS]
            + [Fixed(seed, "base") for seed in BASE_SEEDS])


def manifest_entry(fixed: Fixed, item: Sample) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": f"{fixed.stem}.docx", "seed": fixed.seed,
                             "writer": item.writer, "spec": fixed.spec,
                             "layout": item.layout.to_json(), "wording": item.choices}
    if fixed.spec == "random":
        entry["expected"] = f"{fixed.stem}.expected.json"
    return entry


def _json(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def remake(folder: Path) -> list[Path]:
    """Write every LibreOffice file, its expected reading and the manifest into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    # Files of seeds no longer in the set go, so the folder holds exactly the manifest.
    for stale in [*folder.glob("random-*"), *folder.glob("base-*"), folder / MANIFEST]:
        stale.unlink(missing_ok=True)
    fixed = fixed_set()
    items = [fixed_sample(f.seed, "libreoffice", f.spec) for f in fixed]
    written = []
    entries = []
    for f, item, data in zip(fixed, items, write_many(items), strict=True):
        path = folder / f"{f.stem}.docx"
        path.write_bytes(data)
        written.append(path)
        entry = manifest_entry(f, item)
        entries.append(entry)
        if "expected" in entry:
            expected = folder / entry["expected"]
            expected.write_text(_json(expected_json(item.expected)), encoding="utf-8")
            written.append(expected)
    manifest = folder / MANIFEST
    manifest.write_text(_json({
        "about": "LibreOffice files of the fixed layouts; remake with "
                 "'.venv/bin/python -m tests.layouts.remake'",
        "libreoffice": libreoffice_version(written[0].read_bytes()),
        "files": entries}), encoding="utf-8")
    written.append(manifest)
    return written


def libreoffice_version(docx: bytes) -> str:
    """'7.4.7.2' from the application LibreOffice records in docProps/app.xml."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        app = archive.read("docProps/app.xml").decode("utf-8")
    match = re.search(r"LibreOffice/([\d.]+)", app)
    return match.group(1) if match else "unknown"


def differing(made: Path, committed: Path) -> list[str]:
    """Files that differ between two folders (or exist in one only)."""
    names = {p.name for p in made.iterdir()} | {p.name for p in committed.iterdir()}
    return sorted(n for n in names
                  if not (made / n).exists() or not (committed / n).exists()
                  or (made / n).read_bytes() != (committed / n).read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.layouts.remake",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="remake in a scratch folder and compare with the committed files")
    parser.add_argument("--out", type=Path, default=FIXTURES)
    args = parser.parse_args(argv)
    if not args.check:
        written = remake(args.out)
        print(f"wrote {len(written)} files to {args.out}")
        return 0
    with tempfile.TemporaryDirectory(prefix="layouts-remake-") as scratch:
        remake(Path(scratch))
        bad = differing(Path(scratch), args.out)
    if bad:
        print("differ from a fresh remake: " + ", ".join(bad), file=sys.stderr)
        return 1
    print("the committed files are exactly what a remake writes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
