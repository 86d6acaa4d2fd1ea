"""What CASE ``notes`` and ``fullStatement`` carry, written for readers and read back.

CASE has no place for guidance notes, the terms that link to them, or errata,
so they travel in the ``notes`` of the objects they belong to, as short
Markdown that a framework viewer shows as it is and that :mod:`.import_` reads
back. Each form is rendered and parsed here, side by side, so that the two
cannot drift apart (docs/case.md shows them):

- an item's ``fullStatement``: its text, then one ``- bullet`` line per bullet;
- a guidance note: ``Guidance note LMAC5A/LM#id, **Term**: text``, then its
  bullets as ``- `` lines, then its further paragraphs, blank-line separated;
- a sub-topic's notes: its guidance notes;
- an outcome's or item's notes: ``Terms:`` with one ``- "term": guidance note
  LMAC5A/LM#id`` line per bold term (or ``- "term": no guidance note defines
  it``), then a copy of each note it links to, so that a reader sees the
  definitions beside the text that uses them;
- errata: one ``Erratum ERR-..`` paragraph on each node an erratum touches,
  and every erratum in full (``**ERR-..**`` and four ``- Label: value``
  lines) in the document's notes, after ``Source:`` and ``Licence:`` lines.

Text that the parsers do not recognise is handed back as ``leftovers`` for
the importer to keep as comments. Line breaks inside a text, bullet or note
do not survive the trip (the published criteria have none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.criteria import Erratum, GuidanceNote, Term

BULLET = "- "
TERMS_HEADING = "Terms:"
ERRATA_HEADING = "Errata: where this framework departs from the published text."
NO_NOTE = "no guidance note defines it"
#: Errata whose ``data_says`` is longer than this are cited in full only in the document notes.
SHORT_DATA_SAYS = 300

_NOTE_HEADING = re.compile(
    r"Guidance note (?P<owner>\S*)#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*), "
    r"\*\*(?P<term>.+?)\*\*:(?: (?P<text>.*))?")
_TERM_LINE = re.compile(
    r"- \"(?P<text>.+)\": (?:guidance note (?P<owner>\S*)#(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)"
    rf"|(?P<none>{NO_NOTE}))")
_ERRATUM_LINE = re.compile(r"Erratum ERR-[A-Z0-9]+\b")
_ERRATUM_HEADING = re.compile(r"\*\*(?P<id>ERR-[A-Z0-9]+)\*\*")
_ERRATUM_FIELDS = (("where", "Where"), ("source_says", "Source says"),
                   ("data_says", "Data says"), ("why", "Why"))
SOURCE_LABEL = "Source: "
LICENCE_LABEL = "Licence: "


# -- statements ------------------------------------------------------------------------


def item_statement(text: str, bullets: Sequence[str]) -> str:
    """An item's fullStatement: its text, then its bullets as a Markdown list."""
    return "\n".join([text, *(BULLET + bullet for bullet in bullets)])


def parse_item_statement(statement: str) -> tuple[str, list[str]]:
    """An item's text and bullets from its fullStatement.

    Lines before the first ``- `` line are the text; a line after the bullets
    that is not one continues the bullet before it.
    """
    text_lines: list[str] = []
    bullets: list[str] = []
    for raw in statement.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(BULLET) or line == BULLET.strip():
            bullets.append(line[2:].strip())
        elif bullets:
            bullets[-1] = f"{bullets[-1]} {line}".strip()
        else:
            text_lines.append(line)
    return " ".join(text_lines), bullets


# -- guidance notes and terms ----------------------------------------------------------


def guidance_block(owner: str, note: GuidanceNote) -> str:
    """One guidance note, headed by its qualified id (``LMAC5A/LM#different-situations``)."""
    heading = f"Guidance note {owner}#{note.id}, **{note.term}**:"
    lines = [f"{heading} {note.text}" if note.text else heading]
    lines += [BULLET + bullet for bullet in note.bullets]
    return "\n\n".join(["\n".join(lines), *note.paragraphs])


def subtopic_notes(code: str, guidance: Sequence[GuidanceNote], errata: Sequence[str]) -> str:
    """A sub-topic's notes: every guidance note it holds, then the errata touching it."""
    return "\n\n".join([*(guidance_block(code, note) for note in guidance), *errata])


def node_notes(terms: Sequence[tuple[Term, str | None, tuple[str, GuidanceNote] | None]],
               errata: Sequence[str]) -> str:
    """An outcome's or item's notes: its terms with their links, the notes linked, errata.

    Each term comes with its qualified link (``LMAC5A/LM#id``, or None when it
    links nowhere) and the note it resolves to with that note's sub-topic.
    """
    blocks: list[str] = []
    if terms:
        lines = [TERMS_HEADING]
        for term, link, _ in terms:
            lines.append(f'- "{term.text}": ' + (f"guidance note {link}" if link else NO_NOTE))
        blocks.append("\n".join(lines))
    shown: set[str] = set()
    for _, link, resolved in terms:
        if link is not None and resolved is not None and link not in shown:
            shown.add(link)
            blocks.append(guidance_block(*resolved))
    blocks.extend(errata)
    return "\n\n".join(blocks)


@dataclass
class ParsedNote:
    """A guidance note read back from a sub-topic's notes."""

    owner: str
    id: str
    term: str
    text: str = ""
    bullets: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedTerm:
    """A term read back from an outcome's or item's notes; ``owner``/``note_id`` None: no link."""

    text: str
    owner: str | None
    note_id: str | None


def parse_subtopic_notes(notes: str) -> tuple[list[ParsedNote], list[str]]:
    """The guidance notes written by :func:`subtopic_notes`, and the lines it did not write.

    Errata paragraphs are recognised and skipped: the errata come back from the
    document's notes, where they are in full.
    """
    found: list[ParsedNote] = []
    leftovers: list[str] = []
    current: ParsedNote | None = None
    for raw in notes.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _NOTE_HEADING.fullmatch(line)
        if heading is not None:
            current = ParsedNote(heading["owner"], heading["id"], heading["term"].strip(),
                                 (heading["text"] or "").strip())
            found.append(current)
        elif _ERRATUM_LINE.match(line):
            current = None
        elif current is None:
            leftovers.append(line)
        elif line.startswith(BULLET) and not current.paragraphs:
            current.bullets.append(line[2:].strip())
        else:
            current.paragraphs.append(line)
    return found, leftovers


def parse_node_notes(notes: str) -> tuple[list[ParsedTerm], list[str]]:
    """The terms written by :func:`node_notes`, and the lines it did not write.

    The copies of guidance notes and the errata paragraphs are recognised and skipped.
    """
    terms: list[ParsedTerm] = []
    leftovers: list[str] = []
    section = ""
    for raw in notes.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == TERMS_HEADING:
            section = "terms"
        elif _NOTE_HEADING.fullmatch(line):
            section = "note"
        elif _ERRATUM_LINE.match(line):
            section = ""
        elif section == "terms" and (match := _TERM_LINE.fullmatch(line)) is not None:
            if match["none"]:
                terms.append(ParsedTerm(match["text"], None, None))
            else:
                terms.append(ParsedTerm(match["text"], match["owner"], match["id"]))
        elif section != "note":
            section = ""
            leftovers.append(line)
    return terms, leftovers


# -- errata ----------------------------------------------------------------------------


def erratum_line(erratum: Erratum) -> str:
    """An erratum as one paragraph on a node it touches."""
    line = (f"Erratum {erratum.id} ({erratum.where}): the published text says "
            f'"{erratum.source_says}"')
    if len(erratum.data_says) <= SHORT_DATA_SAYS:
        line += f'; this framework says "{erratum.data_says}"'
    return f"{line}. {erratum.why}"


def document_notes(source: str | None, licence: str, errata: Sequence[Erratum]) -> str:
    """The CFDocument's notes: source, licence statement, and every erratum in full."""
    blocks = []
    if source:
        blocks.append(SOURCE_LABEL + source)
    blocks.append(LICENCE_LABEL + licence)
    if errata:
        blocks.append(ERRATA_HEADING)
        for erratum in errata:
            lines = [f"**{erratum.id}**"]
            lines += [f"- {label}: {getattr(erratum, name)}" for name, label in _ERRATUM_FIELDS]
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


@dataclass
class DocumentNotes:
    """What the document's notes say, as :func:`document_notes` wrote it."""

    source: str | None = None
    licence: str | None = None
    errata: list[dict[str, str]] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)


def parse_document_notes(notes: str) -> DocumentNotes:
    """Source, licence and errata from a document's notes; anything else as leftovers.

    An erratum that lacks one of its four lines is handed back as leftovers.
    """
    parsed = DocumentNotes()
    current: dict[str, str] | None = None
    labels = {f"- {label}: ": name for name, label in _ERRATUM_FIELDS}

    def close() -> None:
        if current is None:
            return
        if all(name in current for name, _ in _ERRATUM_FIELDS):
            parsed.errata.append(current)
        else:
            parsed.leftovers.append(f"**{current['id']}** (incomplete: "
                                    + "; ".join(f"{k}: {v}" for k, v in current.items()
                                                if k != "id") + ")")

    for raw in notes.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _ERRATUM_HEADING.fullmatch(line)
        label = next((prefix for prefix in labels if line.startswith(prefix)), None)
        if heading is not None:
            close()
            current = {"id": heading["id"]}
        elif current is not None and label is not None and labels[label] not in current:
            current[labels[label]] = line[len(label):].strip()
        elif line.startswith(SOURCE_LABEL) and parsed.source is None and current is None:
            parsed.source = line[len(SOURCE_LABEL):].strip()
        elif line.startswith(LICENCE_LABEL) and parsed.licence is None and current is None:
            parsed.licence = line[len(LICENCE_LABEL):].strip()
        elif line == ERRATA_HEADING:
            continue
        else:
            close()
            current = None
            parsed.leftovers.append(line)
    close()
    return parsed
