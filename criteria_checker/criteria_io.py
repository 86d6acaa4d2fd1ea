"""Load and lint criteria files.

``lint_criteria`` reports every problem with its line and column; the
loaders raise one :class:`InputError` naming the first problem, so that a
broken file never yields a half-valid criteria set.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criteria_checker import compiled_cache
from criteria_checker.errors import InputError, UsageError
from criteria_checker.model import criteria as criteria_model
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.data import from_trusted, to_data
from criteria_checker.paths import DEFAULT_CRITERIA_ID, criteria_dir
from criteria_checker.text_files import read_text

if TYPE_CHECKING:
    from criteria_checker.criteria_checks import Problem
    from criteria_checker.yaml_source import YamlDocument

#: The code that decides whether a criteria file is valid (see compiled_cache).
_VALIDATING_CODE = ("criteria_io.py", "criteria_checks.py", "model/criteria.py",
                    "model/constraints.py", "model/validation.py", "refs.py", "yaml_source.py")


@dataclass(frozen=True, order=True)
class LintMessage:
    """One problem in a criteria file, printable as ``FILE:LINE:COL: CODE message``."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


def lint_document(doc: YamlDocument) -> list[LintMessage]:
    """Every problem in a parsed criteria file, sorted by position."""
    return _lint(doc)[0]


def _lint(doc: YamlDocument) -> tuple[list[LintMessage], CriteriaSet | None]:
    """The problems of a parsed criteria file, and the criteria set when its schema holds."""
    from criteria_checker.criteria_checks import Problem, check_criteria_data

    criteria: CriteriaSet | None = None
    messages = {
        LintMessage(str(doc.path), pos.line, pos.column, "CC101",
                    f"key {path[-1]!r} appears twice in one mapping")
        for path, pos in doc.duplicate_keys
    }
    problems: list[Problem] = []
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.append(Problem((), "CC100", f"a criteria file must be a mapping, not {kind}"))
    else:
        schema_problems, criteria = _validated(doc.data)
        problems.extend(schema_problems)
        problems.extend(check_criteria_data(doc.data))
    for problem in problems:
        pos = doc.position(problem.path)
        messages.add(LintMessage(str(doc.path), pos.line, pos.column, problem.code,
                                 problem.message))
    return sorted(messages), criteria


def lint_criteria(path: Path) -> list[LintMessage]:
    """Lint one file; raises InputError when it cannot be read or is not YAML."""
    from criteria_checker.yaml_source import load_yaml

    return lint_document(load_yaml(path, syntax_code="CC001"))


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
    from criteria_checker.yaml_source import load_yaml

    messages, criteria = _lint(load_yaml(path, text))
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


def _validated(data: dict[str, Any]) -> tuple[list[Problem], CriteriaSet | None]:
    from pydantic import ValidationError

    from criteria_checker.model.validation import validate

    try:
        return [], validate(CriteriaSet, data, strict=True)
    except ValidationError as exc:
        return [_problem_from_pydantic(err) for err in exc.errors(include_url=False)], None


def _problem_from_pydantic(err: Any) -> Problem:
    from criteria_checker.criteria_checks import Problem

    loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        where = _dotted(loc[:-1])
        return Problem(loc, "CC100", f"unknown key {loc[-1]!r}{' in ' + where if where else ''}")
    if kind == "missing":
        where = _dotted(loc[:-1]) or "the top level"
        return Problem(loc[:-1], "CC100", f"missing required key {loc[-1]!r} in {where}")
    value = err.get("input")
    shown = f" (found {value!r})" if isinstance(value, (str, int, float, bool)) else ""
    return Problem(loc, "CC100", f"{_dotted(loc) or 'file'}: {err['msg'].lower()}{shown}")


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
