"""The criteria model: what a published set of qualification criteria requires.

The models mirror the YAML format documented in docs/criteria-format.md.
Validated strictly (unknown keys and wrong types are errors, see
:mod:`.validation`) and frozen. Checks
that span several fields (codes, numbering, links, hour bands) live in
:mod:`criteria_checker.criteria.checks` so that each problem can be reported
at its own line of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Annotated, Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import ReferenceNotFound
from criteria_checker.model.constraints import Ge, Le, MinLen, Pattern
from criteria_checker.refs import parse

OutcomeKind = Literal["knowledge", "skill"]
RequirementType = Literal["knowledge", "skill", "knowledge_and_skill"]
NodeLevel = Literal["topic", "subtopic", "outcome", "item"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Band:
    """An inclusive range of hours."""

    min: Annotated[int, Ge(0)]
    max: Annotated[int, Ge(0)]

    def contains(self, hours: int | float) -> bool:
        return self.min <= hours <= self.max

    def __str__(self) -> str:
        return f"{self.min}-{self.max}"


@dataclass(frozen=True, kw_only=True, slots=True)
class HourBands:
    """Section A, Total Qualification Time."""

    tqt: Band
    minimum_content: Band
    optional_content: Band


@dataclass(frozen=True, kw_only=True, slots=True)
class Term:
    """A bold term in an outcome or item, linked to the guidance note defining it."""

    text: Annotated[str, MinLen(1)]
    note: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """One numbered item of an outcome, with its bullets and the terms guidance explains."""

    number: int
    text: Annotated[str, MinLen(1)]
    bullets: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class Outcome:
    """One lettered outcome of a sub-topic: knowledge or skill, and its items."""

    letter: str
    kind: OutcomeKind
    statement: Annotated[str, MinLen(1)]
    terms: list[Term] = field(default_factory=list)
    items: Annotated[list[Item], MinLen(1)]


@dataclass(frozen=True, kw_only=True, slots=True)
class GuidanceNote:
    """Guidance on a term used in a sub-topic, as the criteria document prints it."""

    id: Annotated[str, Pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    term: Annotated[str, MinLen(1)]
    text: str = ""
    bullets: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class SubTopic:
    """One sub-topic: its outcomes, whether it is required, and its guidance."""

    code: str
    title: Annotated[str, MinLen(1)]
    requirement_type: RequirementType
    outcomes: Annotated[list[Outcome], MinLen(1)]
    guidance: list[GuidanceNote] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class Topic:
    """One topic of the criteria and its sub-topics."""

    code: str
    title: Annotated[str, MinLen(1)]
    subtopics: Annotated[list[SubTopic], MinLen(1)]


@dataclass(frozen=True, kw_only=True, slots=True)
class Requirement:
    """A clause of Section A or C that a qualification must (or should) meet."""

    id: Annotated[str, Pattern(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
    section: str
    statement: str
    strength: Literal["must", "should", "may"]
    judgement: Literal["automatic", "human"]
    note: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class OptionalContentArea:
    """Appendix 2: a recommended area for optional content."""

    heading: str
    examples: list[str] = field(default_factory=list)
    see: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Provenance:
    """Where the criteria come from: publisher, document, date and version."""

    publisher: str
    title: str
    subtitle: str | None = None
    date: Annotated[str, Pattern(r"^\d{4}-\d{2}(-\d{2})?$")]
    version: str
    source: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Qualification:
    """The qualification the criteria are for: level, size and titles."""

    level: Annotated[int, Ge(1), Le(8)]
    size: Literal["Award", "Certificate", "Diploma"]
    working_title: str
    #: The title agreed across awarding organisations, when the criteria record it.
    shared_title: str | None = None
    #: Titles of qualifications these criteria supersede.
    supersedes: list[str] = field(default_factory=list)

    @property
    def accepted_title(self) -> str:
        """The title a qualification must carry: the agreed one, else the working title."""
        return self.shared_title or self.working_title


@dataclass(frozen=True, kw_only=True, slots=True)
class Erratum:
    """A place where the data departs from the published text, and why."""

    id: Annotated[str, Pattern(r"^ERR-[A-Z0-9]+$")]
    where: str
    source_says: str
    data_says: str
    why: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Node:
    """One addressable node of the criteria tree, for look-ups by reference."""

    ref: str
    level: NodeLevel
    parent: str | None
    topic: Topic
    subtopic: SubTopic | None = None
    outcome: Outcome | None = None
    item: Item | None = None

    @property
    def text(self) -> str:
        """The node's own wording: title, statement or item text."""
        if self.item is not None:
            return self.item.text
        if self.outcome is not None:
            return self.outcome.statement
        if self.subtopic is not None:
            return self.subtopic.title
        return self.topic.title


@dataclass(frozen=True, kw_only=True, slots=True)
class CriteriaSet:
    """A whole criteria set, as loaded from one file."""

    format: Literal[1]
    id: Annotated[str, Pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    provenance: Provenance
    qualification: Qualification
    hours: HourBands
    requirements: list[Requirement] = field(default_factory=list)
    digital_skills_themes: list[str] = field(default_factory=list)
    optional_content_areas: list[OptionalContentArea] = field(default_factory=list)
    topics: Annotated[list[Topic], MinLen(1)]
    errata: list[Erratum] = field(default_factory=list)

    # Built on first look-up; not data (never compared, written or validated).
    _index: dict[str, Node] | None = field(default=None, init=False, repr=False, compare=False)

    # -- navigation -----------------------------------------------------

    def subtopics(self) -> Iterator[SubTopic]:
        for topic in self.topics:
            yield from topic.subtopics

    def nodes(self) -> Iterator[Node]:
        """Every node, in document order (topic, its sub-topics, their outcomes, items)."""
        return iter(self.index().values())

    def index(self) -> dict[str, Node]:
        """Nodes by canonical reference, in document order (built once per set)."""
        index = self._index
        if index is None:
            index = {node.ref: node for node in self._build_nodes()}
            object.__setattr__(self, "_index", index)  # a cache on a frozen object
        return index

    def _build_nodes(self) -> Iterator[Node]:
        make = Node
        for topic in self.topics:
            yield make(ref=topic.code, level="topic", parent=None, topic=topic,
                       subtopic=None, outcome=None, item=None)
            for sub in topic.subtopics:
                yield make(ref=sub.code, level="subtopic", parent=topic.code, topic=topic,
                           subtopic=sub, outcome=None, item=None)
                for outcome in sub.outcomes:
                    oref = f"{sub.code}/{outcome.letter}"
                    yield make(ref=oref, level="outcome", parent=sub.code, topic=topic,
                               subtopic=sub, outcome=outcome, item=None)
                    for item in outcome.items:
                        yield make(ref=f"{oref}.{item.number}", level="item", parent=oref,
                                   topic=topic, subtopic=sub, outcome=outcome, item=item)

    def resolve(self, reference: str) -> Node:
        """The node a reference names, in any accepted spelling.

        Raises InvalidReference for text that is no reference and
        ReferenceNotFound, saying what does exist, for one naming nothing.
        """
        index = self.index()
        if type(reference) is str:
            # Most references come here already canonical (the readers write
            # them so), and a canonical reference parses to itself.
            node = index.get(reference)
            if node is not None:
                return node
        ref = parse(reference)
        node = index.get(str(ref))
        if node is not None:
            return node
        raise ReferenceNotFound(self._why_missing(reference, str(ref), index))

    def _why_missing(self, given: str, canonical: str, index: dict[str, Node]) -> str:
        shown = canonical if given.strip() == canonical else f"{given.strip()!r} ({canonical})"
        parent = canonical
        while True:
            cut = max(parent.rfind("/"), parent.rfind("."))
            if cut < 0:
                topics = ", ".join(t.code for t in self.topics)
                return f"{shown} is not in criteria set {self.id}: its topics are {topics}"
            parent = parent[:cut]
            node = index.get(parent)
            if node is not None:
                children = [n.ref for n in index.values() if n.parent == node.ref]
                names = _summarise([c[len(node.ref) + 1:] for c in children])
                return (f"{shown} is not in criteria set {self.id}: "
                        f"{node.ref} has {_CHILD_WORD[node.level]} {names}")

    # -- guidance -------------------------------------------------------

    def guidance_for(self, subtopic: SubTopic, term: Term) -> GuidanceNote | None:
        """The guidance note a term links to, following cross-sub-topic links."""
        if term.note is None:
            return None
        code, _, note_id = term.note.rpartition("#")
        owner = subtopic if not code else self.index().get(code, None)
        sub = owner.subtopic if isinstance(owner, Node) else owner
        if sub is None:
            return None
        return next((g for g in sub.guidance if g.id == note_id), None)


_CHILD_WORD = {"topic": "sub-topics", "subtopic": "outcomes", "outcome": "items", "item": "nothing"}


def _summarise(names: list[str]) -> str:
    if not names:
        return "none"
    return ", ".join(names)
