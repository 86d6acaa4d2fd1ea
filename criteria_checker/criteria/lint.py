"""Lint criteria files: every problem with its line and column, as ``FILE:LINE:COL: CODE message``.

The schema (the pydantic model) and the cross-field checks
(:mod:`criteria_checker.criteria.checks`) both run, so that one run reports
every problem of a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.criteria import CriteriaSet

if TYPE_CHECKING:
    from criteria_checker.criteria.checks import Problem
    from criteria_checker.yaml_source import YamlDocument


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
    return lint_with_model(doc)[0]


def lint_with_model(doc: YamlDocument) -> tuple[list[LintMessage], CriteriaSet | None]:
    """The problems of a parsed criteria file, and the criteria set when its schema holds."""
    from criteria_checker.criteria.checks import Problem, check_criteria_data

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


def _validated(data: dict[str, Any]) -> tuple[list[Problem], CriteriaSet | None]:
    from pydantic import ValidationError

    from criteria_checker.model.validation import validate

    try:
        return [], validate(CriteriaSet, data, strict=True)
    except ValidationError as exc:
        return [_problem_from_pydantic(err) for err in exc.errors(include_url=False)], None


def _problem_from_pydantic(err: Any) -> Problem:
    from criteria_checker.criteria.checks import Problem

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
