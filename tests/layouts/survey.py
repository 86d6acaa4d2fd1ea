"""How well the reader does on each dimension value: the survey the command line prints.

Two tables. *One value at a time*: the default layout (the first value of
every dimension) with one dimension changed, so a failure there belongs to
that value alone. *Combinations*: N layouts drawn (seeds 0..N-1) from the
values that passed alone, so every failure there comes from values meeting;
for each value, how many of the layouts using it failed, with the failing
layout closest to the default as its example and the command that remakes it.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from . import Sample, read_bytes, sample, write_many
from .compare import differences
from .dimensions import (
    DIMENSIONS,
    EXTRAS,
    Layout,
    Writer,
    draw_layout,
    extras_for,
    one_value_layouts,
    values_for,
)
from .specgen import random_spec

#: Documents written per LibreOffice process.
BATCH = 25

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    item: Sample
    found: tuple[str, ...]

    @property
    def failed(self) -> bool:
        return bool(self.found)


def changes(layout: Layout) -> dict[str, object]:
    """The fields of ``layout`` that differ from the default layout."""
    default = Layout().to_json()
    return {k: v for k, v in layout.to_json().items() if v != default[k]}


def reproduce(item: Sample) -> str:
    """The command that writes ``item`` again."""
    layout = json.dumps(changes(item.layout), ensure_ascii=False)
    return (f"python -m tests.layouts --seed {item.seed} --writer {item.writer} "
            f"--layout '{layout}'")


def run(items: list[Sample], progress: Progress | None = None) -> list[Outcome]:
    """Write, read and compare every item."""
    out: list[Outcome] = []
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        for item, data in zip(batch, write_many(batch), strict=True):
            try:
                found = tuple(differences(item.expected, read_bytes(data)))
            except Exception as exc:  # the survey reports a crash as a failure, and goes on
                found = (f"the reader raised {type(exc).__name__}: {exc}",)
            out.append(Outcome(item, found))
        if progress:
            progress(f"{len(out)}/{len(items)}")
    return out


def one_at_a_time(writer: Writer, seed: int = 0,
                  progress: Progress | None = None) -> list[tuple[str, str, Outcome]]:
    """The default layout with each value in turn, over the specification of ``seed``."""
    labelled = [(dimension, value, sample(layout, random_spec(random.Random(seed), layout),
                                          writer, seed))
                for dimension, value, layout in one_value_layouts(writer)]
    outcomes = run([s for _, _, s in labelled], progress)
    return [(d, v, o) for (d, v, _), o in zip(labelled, outcomes, strict=True)]


def passing_values(writer: Writer, single: list[tuple[str, str, Outcome]]) -> dict[str, list[str]]:
    """The values (and extras) the reader reads when each is the only change."""
    failing = {(d, v) for d, v, o in single if o.failed}
    allowed = {name: [v for v in values if (name, v) not in failing]
               for name, values in values_for(writer).items()}
    allowed["extras"] = [e for e in extras_for(writer) if (f"extra:{e}", "yes") not in failing]
    return allowed


def combinations(writer: Writer, count: int, allowed: dict[str, list[str]] | None = None,
                 progress: Progress | None = None) -> list[Outcome]:
    """Layouts drawn from seeds 0..count-1 (from ``allowed`` values only, when given)."""
    items = []
    for seed in range(count):
        layout = draw_layout(random.Random(seed), writer, allowed)
        items.append(sample(layout, random_spec(random.Random(seed), layout), writer, seed))
    return run(items, progress)


def _short(text: str, width: int = 150) -> str:
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= width else text[:width - 3] + "..."


def _distance(layout: Layout) -> int:
    return len(changes(layout))


def render(writer: Writer, single: list[tuple[str, str, Outcome]], combined: list[Outcome],
           seconds: float) -> str:
    failed_single = [r for r in single if r[2].failed]
    lines = [f"# Layout survey: {writer} writer", "",
             f"## One value at a time ({len(single)} layouts, {len(failed_single)} failed)", "",
             "The default layout with one dimension changed; the specification is seed 0's. "
             "Remake one with `python -m tests.layouts --seed 0 --writer WRITER --layout "
             "'{\"DIMENSION\": \"VALUE\"}'`.", "",
             "| dimension | value | result | first difference |", "|---|---|---|---|"]
    for dimension, value, outcome in single:
        first = _short(outcome.found[0]) if outcome.found else ""
        lines.append(f"| {dimension} | {value} | {'FAIL' if outcome.failed else 'ok'} | "
                     f"{first} |")
    if combined:
        failed = [o for o in combined if o.failed]
        lines += ["", f"## Combinations of values that pass alone ({len(combined)} layouts, "
                      f"seeds 0-{len(combined) - 1}, {len(failed)} failed)", "",
                  "| dimension | value | failed/drawn | example (the failing layout closest to "
                  "the default) |", "|---|---|---|---|"]
        tally: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
        for outcome in combined:
            for name, value in outcome.item.layout.values().items():
                tally[(name, value)].append(outcome)
        names = [*DIMENSIONS, *(f"extra:{e}" for e in EXTRAS)]
        for (name, value), outcomes in sorted(
                tally.items(), key=lambda kv: (names.index(kv[0][0]), kv[0][1])):
            bad = [o for o in outcomes if o.failed]
            example = ""
            if bad:
                best = min(bad, key=lambda o: (_distance(o.item.layout), o.item.seed or 0))
                example = f"seed {best.item.seed}: {_short(best.found[0], 110)}"
            lines.append(f"| {name} | {value} | {len(bad)}/{len(outcomes)} | {example} |")
        if failed:
            lines += ["", "### The failing layouts closest to the default", ""]
            for o in sorted(failed, key=lambda o: (_distance(o.item.layout),
                                                    o.item.seed or 0))[:12]:
                lines += [f"- `{reproduce(o.item)}`", f"  - {_short(o.found[0], 300)}"]
        choice_tally: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
        for outcome in combined:
            for family, member in outcome.item.choices.items():
                choice_tally[(family, member)].append(outcome)
        lines += ["", "### Wording choices", "", "| family | member | failed/drawn |",
                  "|---|---|---|"]
        for (family, member), outcomes in sorted(choice_tally.items()):
            lines.append(f"| {family} | {_short(member, 70)} | "
                         f"{sum(o.failed for o in outcomes)}/{len(outcomes)} |")
    lines += ["", f"({seconds:.0f} s)"]
    return "\n".join(lines)


def survey(writer: Writer, count: int, progress: Progress | None = None) -> str:
    started = time.monotonic()
    single = one_at_a_time(writer, progress=progress)
    combined = (combinations(writer, count, passing_values(writer, single), progress)
                if count else [])
    return render(writer, single, combined, time.monotonic() - started)
