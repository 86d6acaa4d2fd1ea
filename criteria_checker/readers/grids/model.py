"""What a mapping grid file says, before it is joined onto a specification."""

from __future__ import annotations

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.spec import ReadingNote, SourceLocation

#: A reference as written, and its canonical form (None when it is not one).
RefPair = tuple[str, str | None]


@dataclass(frozen=True, kw_only=True, slots=True)
class GridClaim:
    """One claim of a grid: a unit (or one of its outcomes or criteria) covers ``refs``.

    ``location`` is the cell stating the claim (the references, or the tick
    of a matrix); ``unit_location`` and ``target_location`` the cells naming
    the unit and the criterion (else outcome). ``part`` names the sheet or
    table the claim was read from ("sheet Mapping"; "" for a CSV file).
    """

    unit: str
    outcome: str | None = None
    criterion: str | None = None
    refs: tuple[RefPair, ...]
    location: SourceLocation
    unit_location: SourceLocation
    target_location: SourceLocation | None = None
    part: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class GridReading:
    """A mapping grid file as read: its claims in file order, and what could not be read.

    ``file`` is the name findings give the grid (the path as given, or the
    name a caller chose, e.g. an upload's original name).
    """

    file: str
    claims: tuple[GridClaim, ...] = ()
    notes: tuple[ReadingNote, ...] = ()
