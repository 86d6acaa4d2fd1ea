"""Load and lint criteria files.

``lint_criteria`` reports every problem with its line and column; the
loaders raise one :class:`InputError` naming the first problem, so that a
broken file never yields a half-valid criteria set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from criteria_checker.criteria_checks import Problem, check_criteria_data
from criteria_checker.errors import InputError, UsageError
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.paths import DEFAULT_CRITERIA_ID, criteria_dir
from criteria_checker.yaml_source import YamlDocument, load_yaml


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
        problems.extend(_schema_problems(doc.data))
        problems.extend(check_criteria_data(doc.data))
    for problem in problems:
        pos = doc.position(problem.path)
        messages.add(LintMessage(str(doc.path), pos.line, pos.column, problem.code,
                                 problem.message))
    return sorted(messages)


def lint_criteria(path: Path) -> list[LintMessage]:
    """Lint one file; raises InputError when it cannot be read or is not YAML."""
    return lint_document(load_yaml(path, syntax_code="CC001"))


def load_criteria(path: Path) -> CriteriaSet:
    """Load and validate a criteria file, or raise InputError naming the first problem."""
    doc = load_yaml(path)
    messages = lint_document(doc)
    if messages:
        first = messages[0]
        more = f" (and {len(messages) - 1} more; run 'criteria-checker criteria lint')" \
            if len(messages) > 1 else ""
        raise InputError(f"{first.path}:{first.line}:{first.column}",
                         f"{first.code} {first.message}{more}")
    return CriteriaSet.model_validate(doc.data)


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


def _schema_problems(data: dict[str, Any]) -> list[Problem]:
    from pydantic import ValidationError

    try:
        CriteriaSet.model_validate(data)
    except ValidationError as exc:
        return [_problem_from_pydantic(err) for err in exc.errors(include_url=False)]
    return []


def _problem_from_pydantic(err: Any) -> Problem:
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
