"""A criteria set as a CASE 1.0 CFPackage (docs/case.md).

One CFDocument for the set, one CFItem per topic, sub-topic, outcome and item
(in document order), one isChildOf association from each to its parent (the
document for topics) numbered in document order among its siblings, and the
four item types and two concepts (knowledge, skill) as CFDefinitions. What
CASE has no field for (guidance notes, the terms linking to them, errata)
travels in ``notes`` (:mod:`.notes`). Hours, Section A and C requirements,
digital skills themes and optional content areas are not competencies and
are left out.

The output is deterministic: identifiers come from :mod:`.ids`, and every
``lastChangeDateTime`` is the criteria's publication date, not the clock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from criteria_checker.case import ids, notes
from criteria_checker.errors import UsageError
from criteria_checker.model.criteria import CriteriaSet, Erratum, GuidanceNote, Node, SubTopic

#: CFItemType of each level; the importer recognises these names.
ITEM_TYPES = {"topic": "Topic", "subtopic": "Sub-topic", "outcome": "Outcome", "item": "Item"}
_ITEM_TYPE_DESCRIPTIONS = {
    "topic": "A topic of the minimum content (Section B), e.g. LMAC5A.",
    "subtopic": "A unit-sized area of content within a topic, e.g. LMAC5A/LM.",
    "outcome": "A lettered outcome of a sub-topic, knowledge or skill, e.g. LMAC5A/LM/A.",
    "item": "A numbered item of an outcome, e.g. LMAC5A/LM/A.1.",
}
#: conceptKeywords for the kinds of outcome; a sub-topic with both kinds carries both.
CONCEPTS = {
    "knowledge": "Knowledge: an outcome a learner shows by understanding (\"Understand\", "
                 "\"Know\").",
    "skill": "Skill: an outcome a learner shows by workplace competence (\"Lead\", "
             "\"Demonstrate\", \"Manage\", ...).",
}
ADOPTION_STATUS = "Adopted"
LANGUAGE = "en"
#: What the notes say about the licence when the criteria do not state one.
NO_LICENCE = ("the source document gives no licence statement; ask the publisher before "
              "republishing its text.")

_BASE_URI = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")
_REF_IN_TEXT = re.compile(
    r"\b[A-Z]{2,8}[0-9]{1,2}[A-Z](?:/[A-Z]{1,3}(?:/[A-Z](?:\.[0-9]{1,3})?)?)?\b")
# "LMAC5E/EC outcome C item 2", "LMAC5H/CD, outcome C, item 3"
_REF_IN_PROSE = re.compile(
    r"\b(?P<sub>[A-Z]{2,8}[0-9]{1,2}[A-Z]/[A-Z]{1,3}),? outcome (?P<outcome>[A-Z])\b"
    r"(?:,? item (?P<item>[0-9]{1,3})\b)?")


def check_base_uri(base_uri: str) -> str:
    """The base URI if it is an http(s) URI without query or fragment, else a UsageError."""
    if not _BASE_URI.fullmatch(base_uri):
        raise UsageError(f"--base-uri {base_uri!r} is not usable: give an http or https URI "
                         "without spaces, query or fragment, e.g. "
                         "https://example.org/ims/case/v1p0")
    return base_uri.rstrip("/")


def export_case(criteria: CriteriaSet, *, base_uri: str | None = None) -> dict[str, Any]:
    """The criteria set as a CASE 1.0 CFPackage, as Python data."""
    return _Exporter(criteria, None if base_uri is None else check_base_uri(base_uri)).package()


def export_case_json(criteria: CriteriaSet, *, base_uri: str | None = None) -> str:
    return json.dumps(export_case(criteria, base_uri=base_uri), indent=2,
                      ensure_ascii=False) + "\n"


def last_change(date: str) -> str:
    """The publication date (``2021-05`` or ``2021-05-17``) as a CASE date-time."""
    return f"{start_date(date)}T00:00:00+00:00"


def start_date(date: str) -> str:
    """The publication date as a full date: the first of the month when only the month is known."""
    return date if len(date) == len("2021-05-17") else f"{date}-01"


def touched_refs(erratum: Erratum, index: dict[str, Node]) -> list[str]:
    """The nodes an erratum is about, in document order.

    They are the nodes its ``data_says`` names (the nodes carrying the
    correction); when it names none, the most specific nodes its ``where``
    names, in canonical form or as ``LMAC5E/EC outcome C item 2``.
    """
    named = set(_REF_IN_TEXT.findall(erratum.data_says)) & index.keys()
    if not named:
        named = set(_REF_IN_TEXT.findall(erratum.where))
        for match in _REF_IN_PROSE.finditer(erratum.where):
            ref = f"{match['sub']}/{match['outcome']}"
            named.add(f"{ref}.{match['item']}" if match["item"] else ref)
        named &= index.keys()
        named = {ref for ref in named
                 if not any(other.startswith((ref + "/", ref + ".")) for other in named)}
    return [ref for ref in index if ref in named]


class _Exporter:
    def __init__(self, criteria: CriteriaSet, base_uri: str | None) -> None:
        self.criteria = criteria
        self.base_uri = base_uri
        self.set_id = criteria.id
        self.changed = last_change(criteria.provenance.date)
        self.document_id = ids.document_id(self.set_id)
        self.document_link = {
            "title": criteria.provenance.title,
            "identifier": self.document_id,
            "uri": ids.object_uri("CFDocument", self.document_id, base_uri),
        }
        index = criteria.index()
        self.errata_at: dict[str, list[str]] = {}
        for erratum in criteria.errata:
            for ref in touched_refs(erratum, index):
                self.errata_at.setdefault(ref, []).append(notes.erratum_line(erratum))

    def uri(self, kind: str, identifier: str) -> str:
        return ids.object_uri(kind, identifier, self.base_uri)

    def definition_link(self, kind: str, name: str, title: str) -> dict[str, str]:
        identifier = ids.definition_id(self.set_id, kind, name)
        return {"title": title, "identifier": identifier, "uri": self.uri(kind, identifier)}

    def node_link(self, node: Node) -> dict[str, str]:
        identifier = ids.node_id(self.set_id, node.ref)
        return {"title": node.ref, "identifier": identifier, "uri": self.uri("CFItem", identifier)}

    def package(self) -> dict[str, Any]:
        nodes = list(self.criteria.nodes())
        return {
            "CFDocument": self.document(),
            "CFItems": [self.item(node) for node in nodes],
            "CFAssociations": list(self.associations(nodes)),
            "CFDefinitions": self.definitions(),
            "CFRubrics": [],
        }

    def document(self) -> dict[str, Any]:
        provenance = self.criteria.provenance
        document: dict[str, Any] = {
            "identifier": self.document_id,
            "uri": self.document_link["uri"],
            "creator": provenance.publisher,
            "title": provenance.title,
            "lastChangeDateTime": self.changed,
            "publisher": provenance.publisher,
        }
        if provenance.subtitle:
            document["description"] = provenance.subtitle
        document.update({
            "language": LANGUAGE,
            "version": provenance.version,
            "adoptionStatus": ADOPTION_STATUS,
            "notes": notes.document_notes(provenance.source, NO_LICENCE, self.criteria.errata),
        })
        return document

    def item(self, node: Node) -> dict[str, Any]:
        identifier = ids.node_id(self.set_id, node.ref)
        item_type = ITEM_TYPES[node.level]
        item: dict[str, Any] = {
            "identifier": identifier,
            "uri": self.uri("CFItem", identifier),
            "CFDocumentURI": self.document_link,
            "fullStatement": self.statement(node),
            "humanCodingScheme": node.ref,
            "listEnumeration": _enumeration(node),
            "CFItemType": item_type,
            "CFItemTypeURI": self.definition_link("CFItemType", item_type, item_type),
        }
        kinds = _kinds(node)
        if kinds:
            item["conceptKeywords"] = kinds
            if len(kinds) == 1:
                item["conceptKeywordsURI"] = self.definition_link(
                    "CFConcept", kinds[0], kinds[0].capitalize())
        item["language"] = LANGUAGE
        text = self.notes(node)
        if text:
            item["notes"] = text
        item["lastChangeDateTime"] = self.changed
        return item

    @staticmethod
    def statement(node: Node) -> str:
        if node.item is not None:
            return notes.item_statement(node.item.text, node.item.bullets)
        return node.text

    def notes(self, node: Node) -> str:
        errata = self.errata_at.get(node.ref, [])
        if node.level == "subtopic" and node.subtopic is not None:
            return notes.subtopic_notes(node.ref, node.subtopic.guidance, errata)
        owner = node.item or node.outcome
        if owner is None or node.subtopic is None:
            return "\n\n".join(errata)
        sub = node.subtopic
        terms = [(term, *self.link(sub, term.note)) for term in owner.terms]
        return notes.node_notes(terms, errata)

    def link(self, sub: SubTopic, note: str | None,
             ) -> tuple[str | None, tuple[str, GuidanceNote] | None]:
        """A term's link qualified with its sub-topic, and the note it names."""
        if note is None:
            return None, None
        code, _, note_id = note.rpartition("#")
        owner_code = code or sub.code
        owner = self.criteria.index().get(owner_code)
        guidance = owner.subtopic.guidance if owner is not None and owner.subtopic else []
        found = next((g for g in guidance if g.id == note_id), None)
        return f"{owner_code}#{note_id}", (owner_code, found) if found is not None else None

    def associations(self, nodes: list[Node]) -> Iterator[dict[str, Any]]:
        position: dict[str | None, int] = {}
        links = {node.ref: self.node_link(node) for node in nodes}
        for node in nodes:
            position[node.parent] = position.get(node.parent, 0) + 1
            identifier = ids.association_id(self.set_id, node.ref)
            yield {
                "identifier": identifier,
                "associationType": "isChildOf",
                "uri": self.uri("CFAssociation", identifier),
                "CFDocumentURI": self.document_link,
                "sequenceNumber": position[node.parent],
                "originNodeURI": links[node.ref],
                "destinationNodeURI": self.document_link if node.parent is None
                else links[node.parent],
                "lastChangeDateTime": self.changed,
            }

    def definitions(self) -> dict[str, Any]:
        item_types = []
        for depth, (level, title) in enumerate(ITEM_TYPES.items(), start=1):
            link = self.definition_link("CFItemType", title, title)
            item_types.append({
                "identifier": link["identifier"],
                "uri": link["uri"],
                "title": title,
                "description": _ITEM_TYPE_DESCRIPTIONS[level],
                "hierarchyCode": str(depth),
                "typeCode": level,
                "lastChangeDateTime": self.changed,
            })
        concepts = []
        for keyword, description in CONCEPTS.items():
            link = self.definition_link("CFConcept", keyword, keyword.capitalize())
            concepts.append({
                "identifier": link["identifier"],
                "uri": link["uri"],
                "title": keyword.capitalize(),
                "keywords": keyword,
                "hierarchyCode": keyword,
                "description": description,
                "lastChangeDateTime": self.changed,
            })
        return {"CFConcepts": concepts, "CFItemTypes": item_types}


def _enumeration(node: Node) -> str:
    """The node's own part of its reference: topic letter, sub-topic code, letter, number."""
    if node.item is not None:
        return str(node.item.number)
    if node.outcome is not None:
        return node.outcome.letter
    if node.subtopic is not None:
        return node.ref.rpartition("/")[2]
    return node.ref[-1]


def _kinds(node: Node) -> list[str]:
    if node.outcome is not None:
        return [node.outcome.kind]
    if node.subtopic is not None:
        kind = node.subtopic.requirement_type
        return ["knowledge", "skill"] if kind == "knowledge_and_skill" else [kind]
    return []
