"""Validating written data against the models: the one place the models meet pydantic.

Each model dataclass gets a pydantic *mirror*: a model with the same fields,
the constraints its ``Annotated`` markers declare (:mod:`.constraints`) and the
config asked for (unknown keys are always errors; ``strict`` refuses
conversions such as "1" for 1). Data is validated by the mirror, so errors are
pydantic's own (``loc``, ``type``, ``msg``), and the result is converted to
the dataclasses. Mirrors are built on first use, off the start-up path of a
check, which never validates.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from criteria_checker.model.constraints import Compiles, Ge, Gt, Le, MinLen, Pattern

T = TypeVar("T")

#: Stands for "not given" in a mirror, so that the dataclass's own default applies.
_UNSET: Any = object()


def validate(cls: type[T], data: Any, *, strict: bool = False) -> T:
    """``data`` (dicts, lists and scalars) as a ``cls``; raises pydantic's ValidationError."""
    mirror = _mirror(typing.cast(type, cls), strict)
    built = _convert(mirror.model_validate(data))
    assert isinstance(built, cls)
    return built


def field_names(cls: type) -> list[str]:
    """The fields written data may give for ``cls``, in declaration order."""
    return [f.name for f in dataclasses.fields(cls) if f.init]


_ORIGINS: dict[type[BaseModel], type] = {}


@functools.cache
def _mirror(cls: type, strict: bool) -> type[BaseModel]:
    hints = typing.get_type_hints(cls, include_extras=True)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        given = f.default is not dataclasses.MISSING \
            or f.default_factory is not dataclasses.MISSING
        fields[f.name] = (_translate(hints[f.name], strict), _UNSET if given else ...)
    mirror: type[BaseModel] = create_model(
        cls.__name__, __config__=ConfigDict(extra="forbid", strict=strict),
        __module__=cls.__module__, **fields)
    _ORIGINS[mirror] = cls
    return mirror


def _translate(annotation: Any, strict: bool) -> Any:
    """``annotation`` with dataclasses replaced by their mirrors and markers by constraints."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        parts = (_translate(args[0], strict), *_constraints(annotation.__metadata__))
        return typing.Annotated[parts]
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _mirror(annotation, strict)
    if origin is list:
        return list[_translate(args[0], strict)]  # type: ignore[misc]
    if origin is tuple:
        return tuple[tuple(_translate(a, strict) for a in args)]  # type: ignore[misc]
    if origin is dict:
        return dict[_translate(args[0], strict), _translate(args[1], strict)]  # type: ignore[misc]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_translate(a, strict) for a in args)]  # noqa: UP007
    return annotation


def _constraints(markers: tuple[Any, ...]) -> list[Any]:
    limits: dict[str, Any] = {}
    extra: list[Any] = []
    for marker in markers:
        if isinstance(marker, MinLen):
            limits["min_length"] = marker.value
        elif isinstance(marker, Ge):
            limits["ge"] = marker.value
        elif isinstance(marker, Gt):
            limits["gt"] = marker.value
        elif isinstance(marker, Le):
            limits["le"] = marker.value
        elif isinstance(marker, Pattern):
            limits["pattern"] = marker.regex
        elif isinstance(marker, Compiles):
            extra.append(AfterValidator(_compiles))
        else:
            extra.append(marker)
    return [Field(**limits), *extra] if limits else extra


def _compiles(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {exc}") from None
    return value


def _convert(value: Any) -> Any:
    if isinstance(value, BaseModel):
        cls = _ORIGINS[type(value)]
        return cls(**{name: _convert(getattr(value, name))
                      for name in value.model_fields_set})
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_convert(v) for v in value)
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value
