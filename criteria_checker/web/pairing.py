"""Which uploaded mapping grids join which uploaded specifications.

Two ways, as on the command line (docs/mapping-grids.md):

- a grid sent in the field ``mapping`` is joined onto every specification of
  the request (``check --mapping GRID``);
- a grid sent with the specifications, in the field ``file``, and named after
  one of them (``NAME.mapping.xlsx``, ``.csv`` or ``.docx`` with ``NAME.docx``
  or ``NAME.xml``) is joined onto that one only, and is not checked as a
  specification itself (a grid beside its submission). Names are compared
  ignoring case, since uploads come from systems that ignore it.

A specification's grids are joined in that order: the request's own, then
those named after it in the order xlsx, csv, docx. A file in ``file`` named
as a grid with no specification of its name is refused: neither checking it
as a specification nor joining it onto every one would be what was meant.

The server's configured grids (``mapping`` in its configuration) are joined
onto every specification of a request that sends no grid in ``mapping``, as
the command line's ``--mapping`` replaces the configuration's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from criteria_checker.compiled_cache import dataclass
from criteria_checker.readers.grids.naming import GRID_MARKER, GRID_SUFFIXES
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.uploads import FILE_FIELD, GRID_FIELD, SavedFile


@dataclass(frozen=True)
class Submission:
    """One uploaded specification and the uploaded grids to join onto it, in order."""

    spec: SavedFile
    grids: tuple[SavedFile, ...] = ()


@dataclass(frozen=True)
class UploadPlan:
    """A request's uploads sorted out: what to check, and which grids to read."""

    submissions: tuple[Submission, ...]
    #: Grids sent in the ``mapping`` field (else the configured ones), joined onto every
    #: submission.
    shared: tuple[SavedFile, ...] = ()
    #: Grids sent in the ``file`` field and named after a submission.
    paired: tuple[SavedFile, ...] = ()

    @property
    def grids(self) -> tuple[SavedFile, ...]:
        """Every grid file of the request, each once: the shared ones first."""
        return (*self.shared, *self.paired)


def grid_owner(name: str) -> tuple[str, int] | None:
    """``(NAME, rank)`` when ``name`` is ``NAME.mapping.SUFFIX``; rank orders the suffixes.

    >>> grid_owner("Spec v2.Mapping.CSV")
    ('Spec v2', 1)
    >>> grid_owner("spec.docx") is None
    True
    """
    for rank, suffix in enumerate(GRID_SUFFIXES):
        tail = GRID_MARKER + suffix
        # The tail is ASCII, so slicing the name as given keeps its own characters.
        if len(name) > len(tail) and name[-len(tail):].casefold() == tail:
            return name[:-len(tail)], rank
    return None


def plan_uploads(files: Sequence[SavedFile],
                 default_shared: Sequence[SavedFile] = ()) -> UploadPlan:
    """Sort the request's files into submissions and grids; a 422 for a grid of no one.

    ``default_shared`` are joined onto every submission when no file came in ``mapping``.
    """
    shared = tuple(f for f in files if f.field == GRID_FIELD) or tuple(default_shared)
    #: (grid, the stem of the specification it is named after, its suffix's rank)
    named: list[tuple[SavedFile, str, int]] = []
    specs: list[SavedFile] = []
    for saved in files:
        if saved.field != FILE_FIELD:
            continue
        owner = grid_owner(saved.name)
        if owner is None:
            specs.append(saved)
        else:
            named.append((saved, *owner))
    stems = {PurePath(spec.name).stem.casefold() for spec in specs}
    for saved, stem, _ in named:
        if stem.casefold() not in stems:
            raise WebProblem(422, f"{saved.name}: is named as the mapping grid of {stem}.docx "
                                  f"or {stem}.xml, which is not among the files sent; send "
                                  f"them together, or send the grid in the field "
                                  f"{GRID_FIELD!r} to join it onto every specification")
    # Stable: grids of the same suffix keep the order they were sent in.
    named.sort(key=lambda entry: entry[2])
    submissions = tuple(
        Submission(spec, (*shared, *(saved for saved, stem, _ in named
                                     if stem.casefold() == PurePath(spec.name).stem.casefold())))
        for spec in specs)
    return UploadPlan(submissions=submissions, shared=shared,
                      paired=tuple(saved for saved, _, _ in named))
