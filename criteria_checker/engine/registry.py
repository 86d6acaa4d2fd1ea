"""The check registry: every check a rule may run, its parameters and its message fields.

A check is a function ``(context, params) -> Iterable[RawFinding]`` registered
under a dotted name with :func:`check`. It declares a dataclass for its
parameters (unknown parameters are errors) and the names of the values it puts
in each finding, which are the only fields a rule's message template may use.
Rule files are validated against this registry when they are loaded, so a
typo in a rule fails at load time with its file and line, never mid-check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from criteria_checker.compiled_cache import dataclass, regex

if TYPE_CHECKING:
    from criteria_checker.engine.context import CheckContext
    from criteria_checker.model.spec import SourceLocation

#: A value a check hands to a message template.
Value = str | int


@dataclass(frozen=True, kw_only=True, slots=True)
class Params:
    """Base of every check's parameters: a frozen dataclass, each subclass decorated alike.

    Rules files are validated against it strictly, unknown parameters refused
    (:func:`criteria_checker.model.validation.validate`).
    """


@dataclass(frozen=True, kw_only=True, slots=True)
class NoParams(Params):
    """The parameters of a check that takes none."""


@dataclass(frozen=True)
class RawFinding:
    """What a check found, before the engine turns it into a Finding.

    ``values`` fill the rule's message template; ``location`` is the element at
    fault (None: the specification file); ``ref`` the criteria node involved.
    """

    values: Mapping[str, Value]
    location: SourceLocation | None = None
    ref: str | None = None


P = TypeVar("P", bound=Params)
CheckFunction = Callable[["CheckContext", P], Iterable[RawFinding]]


@dataclass(frozen=True)
class Check:
    """A registered check."""

    name: str
    function: Callable[[CheckContext, Any], Iterable[RawFinding]]
    params: type[Params]
    fields: frozenset[str]
    summary: str = field(default="")

    def run(self, context: CheckContext, params: Params) -> Iterable[RawFinding]:
        return self.function(context, params)


_NAME = regex(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_REGISTRY: dict[str, Check] = {}


def check(
    name: str, *, params: type[P], fields: Iterable[str],
) -> Callable[[CheckFunction[P]], CheckFunction[P]]:
    """Register the decorated function as the check ``name`` (e.g. ``hours.in_band``)."""
    if not _NAME.match(name):
        raise ValueError(f"check name {name!r} is not dotted lower case (e.g. hours.in_band)")
    declared = frozenset(fields)

    def register(function: CheckFunction[P]) -> CheckFunction[P]:
        if name in _REGISTRY:
            raise ValueError(f"check {name!r} is registered twice")
        doc = (function.__doc__ or "").strip()
        _REGISTRY[name] = Check(name=name, function=function, params=params, fields=declared,
                                summary=doc.splitlines()[0] if doc else "")
        return function

    return register


def registered_checks() -> Mapping[str, Check]:
    """Every check, by name; imports the check modules the first time."""
    from criteria_checker.checks import load_check_modules

    load_check_modules()
    return MappingProxyType(dict(sorted(_REGISTRY.items())))
