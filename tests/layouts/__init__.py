"""A generator of specifications in any combination of layout dimensions.

Real awarding organisations lay out a qualification specification in
endless ways. This package composes independent layout dimensions (key
facts, title placement, unit list, unit header, grid, numbering, mapping
placement, reference spellings, groups and rules phrasing, extra matter:
see :mod:`.dimensions`) over a random valid specification
(:mod:`.specgen`), writes it with python-docx, LibreOffice or pandoc (or as a
web export: a web page a .docx embeds whole), and
returns the .docx with the specification it states: the reading the DOCX
reader must give back exactly (:mod:`.compare`).

From the repository root::

    .venv/bin/python -m tests.layouts --seed 7 --writer python-docx --out /tmp/layouts
    .venv/bin/python -m tests.layouts --survey 200 --writer python-docx

The first writes the .docx, its layout and its expected reading (JSON) and
says whether the reader recovers it; the second draws 200 layouts, reads
them, and prints for each dimension value how many failed.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from criteria_checker.model.spec import QualificationSpec

from .compose import compose
from .dimensions import Layout, Writer, draw_layout
from .ir import Document
from .specgen import Generated, base_generated, random_spec


@dataclass(frozen=True)
class Sample:
    """A layout, the specification it states and the document it makes."""

    seed: int | None
    writer: Writer
    layout: Layout
    generated: Generated
    document: Document
    choices: dict[str, str]

    @property
    def expected(self) -> QualificationSpec:
        return self.generated.spec


def sample(layout: Layout, generated: Generated, writer: Writer,
           seed: int | None = None) -> Sample:
    document, choices = compose(generated, layout)
    return Sample(seed, writer, layout, generated, document, choices)


def sample_from_seed(seed: int, writer: Writer, *, base: bool = False) -> Sample:
    """The layout and specification seed ``seed`` draws for ``writer``.

    The layout is drawn from the values ``writer`` can express; the
    specification from its own generator seeded by ``seed`` alone.
    """
    layout = draw_layout(random.Random(seed), writer)
    generated = base_generated(layout) if base else random_spec(random.Random(seed), layout)
    return sample(layout, generated, writer, seed)


def write(item: Sample) -> bytes:
    """The .docx bytes of ``item`` (one LibreOffice process each: batch with write_many)."""
    return write_many([item])[0]


def write_many(items: list[Sample]) -> list[bytes]:
    """The .docx bytes of every item, LibreOffice ones converted in one process."""
    from .writers import write_documents

    return write_documents([(i.document, i.writer) for i in items])


def read_bytes(data: bytes, name: str = "layout.docx") -> QualificationSpec:
    """What the DOCX reader makes of ``data``."""
    from criteria_checker.readers import read_spec

    with tempfile.TemporaryDirectory(prefix="layouts-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_spec(path)


def failures(item: Sample, data: bytes | None = None) -> list[str]:
    """How the reading of ``item`` departs from its specification (a crash included)."""
    from .compare import differences

    try:
        return differences(item.expected, read_bytes(write(item) if data is None else data))
    except Exception as exc:  # a crash of the reader is a failure to recover, reported as such
        return [f"the reader raised {type(exc).__name__}: {exc}"]


def minimise(item: Sample) -> tuple[Sample, list[str]]:
    """The failing ``item`` with every dimension that is not needed for a failure set back.

    Each dimension (and extra, and the wording seed) in turn goes back to the
    default layout's value, over the specification of the same seed, and
    stays there if the reading still fails: the layout left names the values
    that break the reader, together.
    """
    import dataclasses

    from .dimensions import DIMENSIONS, possible

    default = Layout()
    seed = item.seed or 0
    current, found = item, failures(item)

    def attempt(layout: Layout) -> bool:
        nonlocal current, found
        if layout == current.layout or not possible(layout, item.writer):
            return False
        generated = random_spec(random.Random(seed), layout)
        candidate = sample(layout, generated, item.writer, seed)
        candidate_found = failures(candidate)
        if candidate_found:
            current, found = candidate, candidate_found
            return True
        return False

    for name in DIMENSIONS:
        attempt(dataclasses.replace(current.layout, **{name: getattr(default, name)}))
    for extra in sorted(current.layout.extras):
        attempt(dataclasses.replace(current.layout, extras=current.layout.extras - {extra}))
    attempt(dataclasses.replace(current.layout, wording=0))
    return current, found


__all__ = ["Layout", "Sample", "Writer", "failures", "minimise", "read_bytes", "sample",
           "sample_from_seed", "write", "write_many"]
