"""Constraints on model fields, declared beside the field, enforced where data is validated.

``text: Annotated[str, MinLen(1)]`` says what written data must satisfy;
building a model in code does not check it (the code that builds it is
trusted). :mod:`.validation` turns each marker into the validator's own
constraint. The markers are plain values so that declaring them costs
nothing at import.
"""

from __future__ import annotations

from typing import Any


class _Marker:
    """A constraint marker: an immutable value, equal to, hashed and shown as its fields.

    Plain classes rather than dataclasses: every model module imports these,
    and making a dataclass costs a fraction of a millisecond at each start.
    """

    __slots__: tuple[str, ...] = ()

    def __init__(self, *values: Any) -> None:
        if len(values) != len(self.__slots__):
            raise TypeError(f"{type(self).__name__} takes {len(self.__slots__)} value(s)")
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Marker)
        return other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"


class MinLen(_Marker):
    """At least ``value`` characters (text) or entries (lists)."""

    __slots__ = ("value",)
    value: int

    def __init__(self, value: int) -> None:
        super().__init__(value)


class Ge(_Marker):
    """A number at least ``value``."""

    __slots__ = ("value",)
    value: int

    def __init__(self, value: int) -> None:
        super().__init__(value)


class Gt(_Marker):
    """A number greater than ``value``."""

    __slots__ = ("value",)
    value: int

    def __init__(self, value: int) -> None:
        super().__init__(value)


class Le(_Marker):
    """A number at most ``value``."""

    __slots__ = ("value",)
    value: int

    def __init__(self, value: int) -> None:
        super().__init__(value)


class Pattern(_Marker):
    """Text matching the regular expression ``regex`` (searched, so anchor it)."""

    __slots__ = ("regex",)
    regex: str

    def __init__(self, regex: str) -> None:
        super().__init__(regex)


class Compiles(_Marker):
    """Text that is itself a valid regular expression."""

    __slots__ = ()


Constraint = MinLen | Ge | Gt | Le | Pattern | Compiles
