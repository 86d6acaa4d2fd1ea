"""A :class:`~.compare.SpecDiff` as text, Markdown, JSON or HTML.

Every format shows the same sections in the same order, and leaves out a
section with nothing in it; the same diff always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from criteria_checker.compiled_cache import dataclass
from criteria_checker.diff.compare import Change, FindingRef, SpecDiff

#: The JSON document's schema id; bumped when a field is removed or changes meaning.
DIFF_SCHEMA = "criteria-checker/diff/1"

FORMATS = ("text", "markdown", "json", "html")


@dataclass(frozen=True, slots=True)
class Section:
    """A titled list of lines (plain text, one statement each)."""

    title: str
    lines: list[str]


def _value(text: str | None) -> str:
    if text is None:
        return "(none)"
    return text if text.isdigit() else f"'{text}'"


def _change(change: Change) -> str:
    if change.old is None:
        return f"{change.what}: added {_value(change.new)}"
    if change.new is None:
        return f"{change.what}: removed {_value(change.old)}"
    return f"{change.what}: {_value(change.old)} -> {_value(change.new)}"


def _statement(change: Change) -> str:
    """A rule of combination, pathway or barred pair that appeared or went."""
    return f"added: {change.new}" if change.old is None else f"removed: {change.old}"


def _finding(finding: FindingRef) -> str:
    return f"{finding.rule_id} ({finding.severity}) {finding.message} [{finding.location}]"


def sections(diff: SpecDiff) -> list[Section]:
    """The diff's sections in reading order, empty ones left out."""
    units = [f"added {u.key}: {u.title}" for u in diff.units_added]
    units += [f"removed {u.key}: {u.title}" for u in diff.units_removed]
    for unit in diff.units_changed:
        name = unit.new_key if unit.old_key == unit.new_key else \
            f"{unit.old_key} -> {unit.new_key} (matched by {unit.matched_by})"
        units += [f"{name}: {_change(c)}" for c in unit.changes]
    mappings = []
    for change in diff.mappings:
        mappings += [f"{change.ref}: gained {who}" for who in change.gained]
        mappings += [f"{change.ref}: lost {who}" for who in change.lost]
    found = [
        Section("Key facts", [_change(c) for c in diff.facts]),
        Section("Units", units),
        Section("Groups", [_change(c) for c in diff.groups]),
        Section("Rules of combination", [_statement(c) for c in diff.combination]),
        Section("Mappings", mappings),
        Section("Coverage", [f"{c.what}: {c.old or 'not in the criteria'} -> "
                             f"{c.new or 'not in the criteria'}" for c in diff.coverage]),
        Section("Findings fixed", [_finding(f) for f in diff.fixed]),
        Section("Findings introduced", [_finding(f) for f in diff.introduced]),
        Section("Findings still open", [_finding(f) for f in diff.still_open]),
    ]
    return [s for s in found if s.lines]


def verdicts(diff: SpecDiff) -> str:
    """``conforms -> does not conform``."""
    def word(passed: bool) -> str:
        return "conforms" if passed else "does not conform"

    return f"{word(diff.old_passed)} -> {word(diff.new_passed)}"


def render_text(diff: SpecDiff) -> str:
    lines = [f"{diff.old_file} -> {diff.new_file}", f"verdict: {verdicts(diff)}"]
    if diff.unchanged:
        lines.append("no changes")
    for section in sections(diff):
        lines += ["", f"{section.title}:", *(f"  {line}" for line in section.lines)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what Markdown would read as markup in a list item."""
    out = []
    for char in text:
        out.append("\\" + char if char in "\\`*_[]<|#" else char)
    return "".join(out)


def render_markdown(diff: SpecDiff) -> str:
    lines = [f"# Changes: {_md(diff.old_file)} → {_md(diff.new_file)}", "",
             f"Verdict: {verdicts(diff)}"]
    if diff.unchanged:
        lines += ["", "No changes."]
    for section in sections(diff):
        lines += ["", f"## {section.title}", "", *(f"- {_md(line)}" for line in section.lines)]
    return "\n".join(lines) + "\n"


def to_json_data(diff: SpecDiff) -> dict[str, Any]:
    """The diff as plain data (docs/diff.md documents the fields)."""
    def changes(items: list[Change]) -> list[dict[str, Any]]:
        return [{"what": c.what, "old": c.old, "new": c.new} for c in items]

    def findings(items: list[FindingRef]) -> list[dict[str, Any]]:
        return [{"rule_id": f.rule_id, "severity": f.severity, "message": f.message,
                 "location": f.location} for f in items]

    return {
        "schema": DIFF_SCHEMA,
        "old": {"file": diff.old_file, "passed": diff.old_passed},
        "new": {"file": diff.new_file, "passed": diff.new_passed},
        "unchanged": diff.unchanged,
        "facts": changes(diff.facts),
        "units": {
            "added": [{"key": u.key, "title": u.title} for u in diff.units_added],
            "removed": [{"key": u.key, "title": u.title} for u in diff.units_removed],
            "changed": [{"old_key": u.old_key, "new_key": u.new_key,
                         "matched_by": u.matched_by, "changes": changes(u.changes)}
                        for u in diff.units_changed],
        },
        "groups": changes(diff.groups),
        "combination": changes(diff.combination),
        "mappings": [{"ref": m.ref, "gained": m.gained, "lost": m.lost} for m in diff.mappings],
        "coverage": changes(diff.coverage),
        "findings": {"fixed": findings(diff.fixed), "introduced": findings(diff.introduced),
                     "still_open": findings(diff.still_open)},
    }


def render_json(diff: SpecDiff) -> str:
    return json.dumps(to_json_data(diff), indent=2, ensure_ascii=False) + "\n"


def render_html(diff: SpecDiff) -> str:
    """A standalone page from ``diff.html.j2``, styled like the report (Jinja2 imported here)."""
    from criteria_checker.html import render

    return render("diff.html.j2", diff=diff, verdict=verdicts(diff),
                  sections=list(_html_sections(diff)))


def _html_sections(diff: SpecDiff) -> Iterator[tuple[str, str, list[str]]]:
    """(title, css class, lines): findings sections are coloured by what they mean."""
    kinds = {"Findings fixed": "fixed", "Findings introduced": "introduced",
             "Findings still open": "open"}
    for section in sections(diff):
        yield section.title, kinds.get(section.title, "change"), section.lines


RENDERERS: dict[str, Callable[[SpecDiff], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}
