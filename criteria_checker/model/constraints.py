"""Constraints on model fields, declared beside the field, enforced where data is validated.

``text: Annotated[str, MinLen(1)]`` says what written data must satisfy;
building a model in code does not check it (the code that builds it is
trusted). :mod:`.validation` turns each marker into the validator's own
constraint. The markers are plain values so that declaring them costs
nothing at import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MinLen:
    """At least ``value`` characters (text) or entries (lists)."""

    value: int


@dataclass(frozen=True)
class Ge:
    """A number at least ``value``."""

    value: int


@dataclass(frozen=True)
class Gt:
    """A number greater than ``value``."""

    value: int


@dataclass(frozen=True)
class Le:
    """A number at most ``value``."""

    value: int


@dataclass(frozen=True)
class Pattern:
    """Text matching the regular expression ``regex`` (searched, so anchor it)."""

    regex: str


@dataclass(frozen=True)
class Compiles:
    """Text that is itself a valid regular expression."""


Constraint = MinLen | Ge | Gt | Le | Pattern | Compiles
