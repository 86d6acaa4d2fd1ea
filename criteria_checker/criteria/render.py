"""Plain-text views of the criteria: the list table and one node's full text."""

from __future__ import annotations

import textwrap

from criteria_checker.model.criteria import CriteriaSet, GuidanceNote, Item, Node, Outcome, SubTopic

_WIDTH = 88


def render_list(criteria: CriteriaSet) -> str:
    """One line per sub-topic with its counts, grouped under its topic."""
    lines = [f"{criteria.provenance.title} ({criteria.provenance.version})", ""]
    header = f"{'sub-topic':<12} {'type':<20} {'outcomes':>8} {'items':>6}  title"
    lines.append(header)
    lines.append("-" * len(header))
    total_outcomes = total_items = 0
    for topic in criteria.topics:
        lines.append(f"{topic.code}  {topic.title}")
        for sub in topic.subtopics:
            items = sum(len(o.items) for o in sub.outcomes)
            total_outcomes += len(sub.outcomes)
            total_items += items
            kind = sub.requirement_type.replace("_", " ")
            lines.append(
                f"{sub.code:<12} {kind:<20} {len(sub.outcomes):>8} {items:>6}  {sub.title}"
            )
    subtopics = sum(len(t.subtopics) for t in criteria.topics)
    lines.append("")
    lines.append(f"{len(criteria.topics)} topics, {subtopics} sub-topics, "
                 f"{total_outcomes} outcomes, {total_items} items")
    return "\n".join(lines) + "\n"


def render_node(criteria: CriteriaSet, node: Node) -> str:
    """The node's full text and the guidance notes for the terms in it."""
    out: list[str] = []
    if node.level == "topic":
        out.append(f"{node.ref}  {node.topic.title}")
        out.append("")
        out.extend(f"  {s.code:<12} {s.title}" for s in node.topic.subtopics)
        return "\n".join(out) + "\n"
    sub = node.subtopic
    assert sub is not None
    out.append(f"{node.topic.code}  {node.topic.title}")
    out.append(f"{sub.code}  {sub.title} ({sub.requirement_type.replace('_', ' ')} requirements)")
    if node.level == "subtopic":
        for outcome in sub.outcomes:
            out.append("")
            out.extend(_outcome_lines(sub, outcome, outcome.items))
        notes = sub.guidance
    else:
        node_outcome = node.outcome
        assert node_outcome is not None
        items = node_outcome.items if node.item is None else [node.item]
        out.append("")
        out.extend(_outcome_lines(sub, node_outcome, items, show_ref=node.item is not None))
        notes = _notes_for(criteria, sub, node_outcome, items)
    if notes:
        out.append("")
        out.append("Guidance notes:")
        for note in notes:
            out.extend(_note_lines(note))
    return "\n".join(out) + "\n"


def _outcome_lines(
    sub: SubTopic, outcome: Outcome, items: list[Item], show_ref: bool = False,
) -> list[str]:
    ref = f"{sub.code}/{outcome.letter}"
    lines = _wrap(f"{ref}  ({outcome.kind}) {outcome.statement}", "", " " * (len(ref) + 2))
    for item in items:
        label = f"{ref}.{item.number}" if show_ref else f"{item.number}."
        lead = f"    {label} "
        lines.extend(_wrap(lead + item.text, "", " " * len(lead)))
        for bullet in item.bullets:
            lines.extend(_wrap(" " * len(lead) + "- " + bullet, "", " " * (len(lead) + 2)))
    return lines


def _notes_for(
    criteria: CriteriaSet, sub: SubTopic, outcome: Outcome, items: list[Item],
) -> list[GuidanceNote]:
    notes: list[GuidanceNote] = []
    for term in [*outcome.terms, *(t for item in items for t in item.terms)]:
        note = criteria.guidance_for(sub, term)
        if note is not None and note not in notes:
            notes.append(note)
    return notes


def _note_lines(note: GuidanceNote) -> list[str]:
    lines = _wrap(f"  {note.term}: {note.text}".rstrip(), "", "    ")
    for bullet in note.bullets:
        lines.extend(_wrap(f"    - {bullet}", "", "      "))
    for paragraph in note.paragraphs:
        lines.extend(_wrap(f"    {paragraph}", "", "    "))
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first]
