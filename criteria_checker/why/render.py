"""An :class:`~.explain.Explanation` as text, JSON (docs/why.md) or an HTML fragment.

Every format says the same, in the same order: the node and the nodes above
it, its status, the claims covering it, the nodes inside it with the claims
naming each, and the findings. Text from the document (unit keys, references
as written, places, messages) is shown, never obeyed: control characters are
escaped in text and everything is escaped in HTML (rendered from the shared
templates of :mod:`criteria_checker.html`). The same explanation
always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from criteria_checker.compiled_cache import dataclass
from criteria_checker.evidence.rows import location_text
from criteria_checker.reporters.base import place, ref_suffix, utf8_safe, visible

if TYPE_CHECKING:
    from criteria_checker.model.spec import SourceLocation
    from criteria_checker.why.explain import (
        ClaimExplained,
        Explanation,
        FindingExplained,
        NodeExplained,
    )

#: The JSON document's schema id; bumped when a field is removed or changes meaning.
WHY_SCHEMA = "criteria-checker/why/1"

FORMATS = ("text", "json")


# -- words shared by every format -------------------------------------------------------------


def source_words(claim: ClaimExplained) -> str:
    """``(whole unit)``, ``outcome 2`` or ``criterion 2.3``, as the workbook names them."""
    return "(whole unit)" if claim.source == "unit" else claim.source


def counts_words(claim: ClaimExplained) -> str:
    """Whether the claim counts: ``mandatory unit, group A``; ``optional unit, group B``.

    An optional unit's claim names the pathways whose rules name its group, when the
    specification has pathways (``pathway 'General management'``).
    """
    group = [f"group {claim.group}"] if claim.group is not None else []
    if claim.counts == "mandatory":
        return ", ".join(["mandatory unit", *group])
    if claim.counts == "optional":
        words = ["optional unit", *group]
        if claim.pathways:
            plural = "s" if len(claim.pathways) > 1 else ""
            words.append(f"pathway{plural} " + ", ".join(f"'{p}'" for p in claim.pathways))
        elif claim.pathways is not None:
            words.append("in no pathway's rules")
        return ", ".join(words)
    if claim.group is None:
        return "counts for nothing: the unit is in no group"
    return f"counts for nothing: group {claim.group} is not defined"


def status_details(node: NodeExplained) -> list[str]:
    """What the status rests on: the units covering the node, its items, partial cover."""
    lines = []
    if node.level == "topic":
        lines.append("a topic has the status of its least covered sub-topic")
    if node.mandatory_units:
        lines.append("mandatory units: " + ", ".join(node.mandatory_units))
    if node.optional_units:
        lines.append("optional units: " + ", ".join(node.optional_units))
    if not node.mandatory_units and not node.optional_units:
        lines.append("no unit in a group claims it, or a node above it, as a whole")
    if node.level != "item":
        lines.append(f"items in mandatory units: {node.items_mandatory} of {node.items}")
    if node.partial_units:
        lines.append("units covering part of it: " + ", ".join(node.partial_units))
    return lines


def _items_words(node: NodeExplained) -> str:
    if node.level == "item":
        return ""
    return f"; {node.items_mandatory} of {node.items} items in mandatory units"


# -- text -----------------------------------------------------------------------------------


def render_text(explanation: Explanation) -> str:
    """The explanation for a terminal: one statement per line."""
    node = explanation.node
    first, *bullets = node.text.split("\n")
    lines = [f"{node.ref} ({node.level_word}): {visible(first)}"]
    lines += [f"    {visible(bullet)}" for bullet in bullets]
    lines += [f"  in {a.ref} ({a.level_word}): {visible(a.text)} — {a.status_word}"
              for a in reversed(explanation.ancestors)]
    lines.append(f"File: {visible(explanation.file)}, criteria set {explanation.criteria.id}")
    lines.append("")
    lines.append(f"Status: {node.status_word}")
    lines += [f"  {visible(line)}" for line in status_details(node)]
    lines.append("")
    if node.claims:
        lines.append(f"Claimed by ({len(node.claims)}):")
        lines += [f"  {_claim_text(explanation, claim, name_ref=True)}"
                  for claim in node.claims]
    else:
        lines.append(f"Claimed by: nothing claims {node.ref} or a node above it")
    if explanation.inside:
        lines.append("")
        lines.append(f"Inside {node.ref}:")
        for inner in explanation.inside:
            indent = "  " * inner.depth
            lines.append(f"{indent}{inner.ref} ({inner.level_word}): {inner.status_word}"
                         f"{_items_words(inner)}")
            lines += [f"{indent}    {_claim_text(explanation, claim, name_ref=False)}"
                      for claim in inner.claims]
    lines.append("")
    if explanation.findings:
        lines.append(f"Findings ({len(explanation.findings)}):")
        lines += [f"  {_finding_text(explanation, item)}" for item in explanation.findings]
    else:
        lines.append("Findings: none")
    return utf8_safe("\n".join(lines) + "\n")


def where(explanation: Explanation, location: SourceLocation | None) -> str:
    """Where in the document: ``line 29``, ``unit H/650/2114, table 7, row 3``.

    A place in another file (a mapping grid) names it: ``spec.mapping.csv (row 2,
    column C)``. Empty when nothing finer than the file is known.
    """
    if location is None:
        return ""
    if location.file != explanation.file:
        return str(location)
    return location_text(location)


def _claim_text(explanation: Explanation, claim: ClaimExplained, *, name_ref: bool) -> str:
    at = where(explanation, claim.location)
    named = f" → {claim.ref}" if name_ref else ""
    at = f" at {at}" if at else ""
    return visible(f"{claim.unit} {source_words(claim)}{named}{at} — {counts_words(claim)}")


def _finding_text(explanation: Explanation, item: FindingExplained) -> str:
    finding = item.finding
    at = where(explanation, finding.location) or place(finding.location)
    return visible(f"{finding.rule_id} {finding.severity} at {at}: "
                   f"{finding.message}{ref_suffix(finding)}")


# -- JSON -----------------------------------------------------------------------------------


def explanation_document(explanation: Explanation) -> dict[str, Any]:
    """The JSON document as Python data (docs/why.md); every key is always present."""
    node = explanation.node
    return {
        "schema": WHY_SCHEMA,
        "file": explanation.file,
        "criteria": {"id": explanation.criteria.id, "title": explanation.criteria.title,
                     "version": explanation.criteria.version},
        "asked": explanation.asked,
        **_node_fields(node),
        "ancestors": [_node_fields(a) for a in explanation.ancestors],
        "claims": [_claim(c) for c in node.claims],
        "inside": [{**_node_fields(n), "claims": [_claim(c) for c in n.claims]}
                   for n in explanation.inside],
        "findings": [_finding(f) for f in explanation.findings],
        "pathways": list(explanation.pathways),
    }


def render_json(explanation: Explanation) -> str:
    """The explanation as one JSON document (schema ``criteria-checker/why/1``)."""
    text = json.dumps(explanation_document(explanation), indent=2, ensure_ascii=False)
    return utf8_safe(text) + "\n"


def _node_fields(node: NodeExplained) -> dict[str, Any]:
    return {
        "ref": node.ref,
        "level": node.level,
        "text": node.text,
        "status": node.status,
        "mandatory_units": list(node.mandatory_units),
        "optional_units": list(node.optional_units),
        "items": node.items,
        "items_mandatory": node.items_mandatory,
        "partial_units": list(node.partial_units),
    }


def _location(location: SourceLocation | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "locator": location.locator,
            "path": location.path, "text": str(location)}


def _claim(claim: ClaimExplained) -> dict[str, Any]:
    return {
        "unit": claim.unit,
        "source": claim.source,
        "ref": claim.ref,
        "raw": claim.raw,
        "relation": claim.relation,
        "counts": claim.counts,
        "group": claim.group,
        "pathways": list(claim.pathways) if claim.pathways is not None else None,
        "location": _location(claim.location),
    }


def _finding(item: FindingExplained) -> dict[str, Any]:
    finding = item.finding
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "ref": finding.ref,
        "relation": item.relation,
        "location": _location(finding.location),
        "help": finding.help,
    }


# -- HTML -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Inner:
    """A node inside the one explained, with its words for the HTML fragment."""

    node: NodeExplained
    #: ``; 3 of 5 items in mandatory units`` (empty for an item).
    items: str
    claims: tuple[str, ...]


def render_html(explanation: Explanation, *, level: int = 2) -> str:
    """The explanation as an HTML fragment (one ``<section class="why">``) for a page.

    Markup with no script or style of its own (the shared stylesheet of
    :mod:`criteria_checker.html` styles the classes ``why``, ``status st-<status>``,
    ``claims``, ``inside`` and ``findings``); its headings start at ``level``
    (``h2``), so that a page can put it under headings of its own.
    """
    from criteria_checker.html import render

    node = explanation.node
    return render(
        "why.html.j2",
        level=level,
        node=node,
        ancestors=list(reversed(explanation.ancestors)),
        details=status_details(node),
        claims=[_claim_text(explanation, c, name_ref=True) for c in node.claims],
        inside=[_Inner(node=inner, items=_items_words(inner),
                       claims=tuple(_claim_text(explanation, c, name_ref=False)
                                    for c in inner.claims))
                for inner in explanation.inside],
        findings=[(f.finding.severity, _finding_text(explanation, f))
                  for f in explanation.findings],
    )


#: Each ``--format`` of ``why`` and its renderer.
RENDERERS: dict[str, Callable[[Explanation], str]] = {"text": render_text, "json": render_json}
