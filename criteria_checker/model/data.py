"""Models as plain data: what JSON output and caches are written from.

:func:`to_data` is the inverse of validation for every model: validating its
result gives an equal object. :func:`from_trusted` rebuilds a model from such
data without validating it, for data this tool wrote itself (the compiled
cache of criteria sets); a shape that no longer fits the classes raises
:class:`TypeError`, never a wrong object.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Dataclasses as dicts (fields in declaration order), lists and dicts copied."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in _data_fields(type(value))}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    return value


def from_trusted(cls: type[T], data: Any) -> T:
    """``cls`` rebuilt from :func:`to_data` output, without validation (see the module doc)."""
    try:
        built = _builder(typing.cast(type, cls))(data)
    except KeyError as exc:
        raise TypeError(f"data for {cls.__name__} lacks {exc}") from None
    if not isinstance(built, cls):
        raise TypeError(f"data is not a {cls.__name__}")
    return built


@functools.cache
def _data_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    # Fields set after construction (caches) are not data.
    return tuple(f for f in dataclasses.fields(cls) if f.init)


_Builder = typing.Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


@functools.cache
def _builder(annotation: Any) -> _Builder:
    """A function turning plain data into a value of type ``annotation``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _builder(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _dataclass_builder(annotation)
    if origin is list:
        item = _builder(typing.get_args(annotation)[0])
        return lambda data: [item(v) for v in _expect(data, list)]
    if origin is dict:
        value = _builder(typing.get_args(annotation)[1])
        return lambda data: {k: value(v) for k, v in _expect(data, dict).items()}
    if origin in (typing.Union, types.UnionType):
        choices = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(choices) == 1:
            inner = _builder(choices[0])
            return lambda data: None if data is None else inner(data)
    return _same


def _dataclass_builder(cls: type) -> _Builder:
    hints = typing.get_type_hints(cls, include_extras=True)
    parts = [(f.name, _builder(hints[f.name])) for f in _data_fields(cls)]

    def build(data: Any) -> Any:
        values = _expect(data, dict)
        if len(values) != len(parts):
            raise TypeError(f"{cls.__name__}: expected fields {[n for n, _ in parts]}")
        return cls(**{name: make(values[name]) for name, make in parts})

    return build


def _expect(data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise TypeError(f"expected a {kind.__name__}, found {type(data).__name__}")
    return data
