"""Plain-text views of the rules and checks: ``rules list``, ``rules explain``, ``rules checks``.

Everything shown comes from the loaded rules and the check registry, so the
listing can never disagree with what runs.
"""

from __future__ import annotations

import textwrap
import types
from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from criteria_checker.engine.registry import Check
from criteria_checker.engine.rules import Rule, RuleSet
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.data import to_data

_WIDTH = 88


def render_rule_list(rules: RuleSet) -> str:
    """One line per rule: id, default severity, name, and the requirement it enforces."""
    rows = [("id", "severity", "name", "enforces")]
    rows += [(r.id, r.severity, r.name, r.requirement or "") for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}".rstrip()
             for a, b, c, d in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.append("")
    lines.append(f"{len(rules)} rules; 'criteria-checker rules explain ID' tells more about one")
    return "\n".join(lines) + "\n"


def render_rule(rule: Rule, criteria: CriteriaSet | None = None) -> str:
    """Everything about one rule: what it checks, the clause it enforces, why and how to fix."""
    params = to_data(rule.params)
    shown = ", ".join(f"{k}: {_value(v)}" for k, v in params.items())
    lines = [f"{rule.id}  {rule.name}  ({rule.severity})", ""]
    lines.extend(_labelled("check", rule.check.name + (f" {{{shown}}}" if shown else "")))
    if rule.requirement:
        lines.extend(_labelled("enforces", _requirement(rule.requirement, criteria)))
    lines.extend(_labelled("citation", rule.citation))
    lines.extend(_labelled("message", rule.message))
    lines.extend(_labelled("defined at", rule.source))
    lines.append("")
    lines.extend(textwrap.wrap(" ".join(rule.help.split()), _WIDTH))
    return "\n".join(lines) + "\n"


def render_checks(checks: Mapping[str, Check]) -> str:
    """Every check rules may use, with its parameters and the fields its messages may quote."""
    lines: list[str] = []
    for check in checks.values():
        lines.append(f"{check.name}")
        if check.summary:
            lines.extend(_wrap(check.summary, "    ", "    "))
        hints = get_type_hints(check.params)
        params = [f"{f.name} ({_type_text(hints[f.name])})" for f in dataclass_fields(check.params)]
        lines.append("    params: " + (", ".join(params) if params else "none"))
        fields = ", ".join("{" + f + "}" for f in sorted(check.fields))
        lines.append("    fields: " + (fields or "none"))
        lines.append("")
    return "\n".join(lines)


def _requirement(requirement_id: str, criteria: CriteriaSet | None) -> str:
    if criteria is None:
        return requirement_id
    found = next((r for r in criteria.requirements if r.id == requirement_id), None)
    if found is None:
        return f"{requirement_id} (not a requirement of criteria set {criteria.id})"
    return f"{requirement_id} ({found.section}): {found.statement}"


def _labelled(label: str, text: str) -> list[str]:
    return _wrap(text, f"{label + ':':<12}", " " * 12)


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), _WIDTH, initial_indent=first,
                         subsequent_indent=rest, break_on_hyphens=False)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _type_text(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is Literal:
        return " | ".join(str(a) for a in get_args(annotation))
    if origin in (Union, types.UnionType):
        return " or ".join(_type_text(a) for a in get_args(annotation))
    if origin is list:
        return "list of " + _type_text(get_args(annotation)[0])
    names = {int: "whole number", str: "text", float: "number", bool: "true or false"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))
