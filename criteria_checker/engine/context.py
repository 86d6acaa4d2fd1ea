"""What a check sees: the specification, the criteria, the user's settings, shared analyses.

The coverage graph and the rules-of-combination analysis are built at most
once per specification, on first use, and shared by every check and by the
report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.spec import SourceLocation

if TYPE_CHECKING:
    from criteria_checker.engine.combination import CombinationAnalysis
    from criteria_checker.engine.coverage import Coverage
    from criteria_checker.model.criteria import Band, CriteriaSet
    from criteria_checker.model.spec import QualificationSpec

#: The hour bands of a criteria set, by the name rules use for them.
BandName = Literal["tqt", "minimum_content", "optional_content"]

T = TypeVar("T")


@dataclass
class CheckContext:
    """One specification being checked against one criteria set."""

    spec: QualificationSpec
    criteria: CriteriaSet
    #: The agreed shared title given by the user; overrides the criteria's.
    shared_title: str | None = None
    _once: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def coverage(self) -> Coverage:
        """Criteria tree, units and mapping edges (networkx is imported only here)."""
        from criteria_checker.engine.coverage import build_coverage

        return build_coverage(self.spec, self.criteria)

    @cached_property
    def combination(self) -> CombinationAnalysis:
        """Hours and choices the rules of combination allow."""
        from criteria_checker.engine.combination import analyse_combination

        return analyse_combination(self.spec)

    def once(self, key: str, build: Callable[[], T]) -> T:
        """A value several rules need (e.g. every item's coverage status), built once."""
        if key not in self._once:
            self._once[key] = build()
        value: T = self._once[key]
        return value

    @property
    def accepted_title(self) -> str:
        """The title the qualification must carry: the user's shared title, else the criteria's."""
        return self.shared_title or self.criteria.qualification.accepted_title

    def band(self, name: BandName) -> Band:
        """One of the criteria's hour bands."""
        band: Band = getattr(self.criteria.hours, name)
        return band

    @property
    def file_location(self) -> SourceLocation:
        """The specification as a whole, for findings about something it does not say."""
        return SourceLocation(file=self.spec.file)

    def where(self, location: SourceLocation | None) -> SourceLocation:
        """``location``, or the file when the reader recorded none."""
        return location or self.file_location
