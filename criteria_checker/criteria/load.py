"""Load criteria files: a bundled set by id or a file by path, validated once and then cached.

The loader raises one :class:`InputError` naming the first problem (the
linter, :mod:`criteria_checker.criteria.lint`, reports them all), so that a
broken file never yields a half-valid criteria set.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from criteria_checker import compiled_cache
from criteria_checker.errors import InputError, UsageError
from criteria_checker.model import criteria as criteria_model
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.data import from_trusted, to_data
from criteria_checker.paths import DEFAULT_CRITERIA_ID, criteria_dir
from criteria_checker.text_files import read_text

#: The code that decides whether a criteria file is valid (see compiled_cache).
_VALIDATING_CODE = ("criteria/load.py", "criteria/lint.py", "criteria/checks.py",
                    "model/criteria.py", "model/constraints.py", "model/validation.py",
                    "refs.py", "yaml_source.py")


def load_criteria(path: Path) -> CriteriaSet:
    """Load and validate a criteria file, or raise InputError naming the first problem.

    A file validated before is read from the compiled cache instead.
    """
    text = read_text(path)
    key = compiled_cache.entry_key("criteria", [("", text)], _criteria_classes(),
                                   _VALIDATING_CODE)
    cached = compiled_cache.load(key)
    if cached is not None:
        try:
            return from_trusted(CriteriaSet, cached)
        except (TypeError, ValueError):
            pass  # an entry that does not fit the classes is rebuilt below
    criteria = _load_validated(path, text)
    compiled_cache.store(key, to_data(criteria))
    return criteria


def _load_validated(path: Path, text: str) -> CriteriaSet:
    from criteria_checker.criteria.lint import lint_with_model
    from criteria_checker.yaml_source import load_yaml

    messages, criteria = lint_with_model(load_yaml(path, text))
    if messages or criteria is None:
        first = messages[0]
        more = f" (and {len(messages) - 1} more; run 'criteria-checker criteria lint')" \
            if len(messages) > 1 else ""
        raise InputError(f"{first.path}:{first.line}:{first.column}",
                         f"{first.code} {first.message}{more}")
    return criteria


def _criteria_classes() -> list[type]:
    return [value for value in vars(criteria_model).values()
            if isinstance(value, type) and dataclasses.is_dataclass(value)
            and value.__module__ == criteria_model.__name__]


def bundled_criteria() -> dict[str, Path]:
    """Bundled criteria files by set id (the file name without .yaml)."""
    return {p.stem: p for p in sorted(criteria_dir().glob("*.yaml"))}


def find_criteria(name: str | None) -> Path:
    """A criteria file from a path or a bundled set id; the default set when ``name`` is None."""
    bundled = bundled_criteria()
    if name is None:
        name = DEFAULT_CRITERIA_ID
    elif Path(name).suffix in {".yaml", ".yml"} or Path(name).exists():
        return Path(name)
    if name in bundled:
        return bundled[name]
    known = ", ".join(bundled) or "none"
    raise UsageError(f"no criteria set {name!r}: give a criteria file, or one of the bundled "
                     f"sets ({known})")
