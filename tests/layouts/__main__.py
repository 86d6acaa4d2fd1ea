"""Command line: write one generated specification, or survey the reader.

    .venv/bin/python -m tests.layouts --seed 7 --writer python-docx --out DIR [--base]
    .venv/bin/python -m tests.layouts --seed 0 --layout '{"title": "cover"}' --out DIR
    .venv/bin/python -m tests.layouts --survey 200 --writer pandoc

``--seed`` writes DIR/layout-SEED-WRITER.docx, .layout.json (the layout
and the wording it chose) and .expected.json (the reading the reader must
give), reads the .docx back and prints any difference; exit 1 when there is
one. ``--base`` uses the conformant base specimen instead of a random
specification; ``--layout`` gives the layout (as changes to the default
layout) instead of drawing it. ``--survey N`` prints the survey tables
(see survey.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from . import read_bytes, sample, sample_from_seed, write
from .compare import differences, expected_json
from .dimensions import WRITERS, Layout, possible
from .specgen import base_generated, random_spec
from .survey import survey


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.layouts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writer", choices=WRITERS, default="python-docx")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--seed", type=int, help="write the layout this seed draws")
    action.add_argument("--survey", type=int, metavar="N",
                        help="draw N layouts, read them and tabulate the failures")
    parser.add_argument("--out", type=Path, default=Path.cwd(), help="folder for --seed output")
    parser.add_argument("--base", action="store_true",
                        help="lay out the conformant base specimen, not a random specification")
    parser.add_argument("--layout", type=json.loads, metavar="JSON",
                        help="with --seed: this layout (the default layout with these fields "
                             "changed) instead of the one the seed draws")
    args = parser.parse_args(argv)
    if args.survey is not None:
        print(survey(args.writer, args.survey,
                     progress=lambda text: print(text, file=sys.stderr)))
        return 0
    if args.layout is not None:
        layout = Layout.from_json({**Layout().to_json(), **args.layout})
        if not possible(layout, args.writer):
            parser.error(f"the {args.writer} writer cannot write this layout")
        generated = (base_generated(layout) if args.base
                     else random_spec(random.Random(args.seed), layout))
        item = sample(layout, generated, args.writer, args.seed)
    else:
        item = sample_from_seed(args.seed, args.writer, base=args.base)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"layout-{args.seed}-{args.writer}{'-base' if args.base else ''}"
    data = write(item)
    stem.with_suffix(".docx").write_bytes(data)
    stem.with_suffix(".layout.json").write_text(json.dumps(
        {"seed": args.seed, "writer": args.writer, "layout": item.layout.to_json(),
         "wording": item.choices}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    stem.with_suffix(".expected.json").write_text(json.dumps(
        expected_json(item.expected), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {stem}.docx, .layout.json and .expected.json")
    found = differences(item.expected, read_bytes(data))
    for line in found:
        print(f"  - {line}")
    print("the reader recovers it" if not found else f"{len(found)} difference(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
