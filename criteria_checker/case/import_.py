"""A CASE 1.0 CFPackage read back as a criteria file (docs/case.md).

The isChildOf tree under the CFDocument becomes topics, sub-topics, outcomes
and items; each CFItem's level comes from ``--levels`` (CFItemType to level),
else from its CFItemType when that is one of the names the export writes
(``Topic``, ``Sub-topic``, ``Outcome``, ``Item``, in any case or spelling of
the hyphen), else from its depth under the document. Topic and sub-topic codes
come from ``humanCodingScheme``; outcome letters and item numbers from the
order of the tree (``sequenceNumber``), as the criteria format requires them
to run A, B, C and 1, 2, 3.

Whatever cannot be placed (rubrics, items of no level or the wrong level for
their place, associations other than isChildOf, items with no parent, notes
with no field of their own) is reported in one line each and kept as comments
in the file. CASE has no hours or requirements: the hours are written as 0-0
placeholders and the requirements left empty, and the report names them. The
file is linted before it is written, so an import either gives a file that
passes ``criteria lint`` or writes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from criteria_checker.case import notes
from criteria_checker.case.export import ITEM_TYPES
from criteria_checker.case.yaml_out import criteria_yaml, one_line
from criteria_checker.compiled_cache import dataclass
from criteria_checker.criteria.checks import KNOWLEDGE_VERBS, SKILL_VERBS
from criteria_checker.errors import InputError, InvalidReference, UsageError
from criteria_checker.refs import MAX_ITEM_NUMBER, parse
from criteria_checker.text_files import read_text

LEVELS = ("topic", "subtopic", "outcome", "item")
_LEVEL_WORD = {"topic": "topic", "subtopic": "sub-topic", "outcome": "outcome", "item": "item"}
#: Bounds on what a package may hold, checked before anything is built from it.
MAX_ITEMS = 20_000
MAX_ASSOCIATIONS = 100_000
MAX_RUBRICS = 1_000
#: The CFItemType names the export writes, as compared: lower case, letters only.
_LEVEL_BY_TYPE = {re.sub(r"[^a-z]", "", title.casefold()): level
                  for level, title in ITEM_TYPES.items()}
_SET_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE = re.compile(r"\bLevel (?P<level>[1-8]) (?P<size>Award|Certificate|Diploma)\b.*",
                    re.IGNORECASE | re.DOTALL)


#: What CASE cannot carry, named in every import's report.
LEFT_TO_AUTHOR = (
    "hours: CASE has no hours; the TQT, minimum content and optional content bands are "
    "written as 0-0 placeholders",
    "requirements: CASE has no Section A or C requirements; none are written",
    "digital skills themes and optional content areas (Section C, Appendix 2) are not in CASE",
)


@dataclass(frozen=True)
class ImportResult:
    """The criteria file's text, its set id, and one line per thing the report must name."""

    text: str
    set_id: str
    messages: list[str]


def parse_levels(text: str) -> dict[str, str]:
    """``"Topic=topic,Sub-topic=subtopic,..."`` as {CFItemType (case-folded): level}."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        name, equals, level = part.partition("=")
        name, level = name.strip(), level.strip().casefold().replace("-", "")
        if not equals or not name:
            raise UsageError(f"--levels {part.strip()!r} is not TYPE=LEVEL, e.g. "
                             "'Topic=topic,Sub-topic=subtopic,Outcome=outcome,Item=item'")
        if level not in LEVELS:
            raise UsageError(f"--levels {part.strip()!r}: the level must be one of "
                             f"{', '.join(LEVELS)}, not {level!r}")
        if name.casefold() in mapping:
            raise UsageError(f"--levels gives CFItemType {name!r} twice")
        mapping[name.casefold()] = level
    return mapping


def default_set_id(output: str) -> str | None:
    """The set id an output file name suggests (``criteria/my-set.yaml`` gives ``my-set``)."""
    if output == "-":
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", Path(output).stem.casefold()).strip("-")
    return slug or None


def import_case(path: Path, *, output: str, levels: dict[str, str] | None = None,
                set_id: str | None = None, title: str | None = None) -> ImportResult:
    """Read a CASE package and build the criteria file; raise InputError or UsageError.

    ``output`` is where the file will go (it names the set when ``set_id`` is
    None); ``title`` is the qualification's working title when the framework's
    title does not say its level and size.
    """
    if set_id is None:
        set_id = default_set_id(output)
        if set_id is None:
            raise UsageError("give the criteria set's id with --id when writing to standard "
                             "output")
    if not _SET_ID.fullmatch(set_id):
        raise UsageError(f"criteria set id {set_id!r} is not usable: use lower-case letters, "
                         "digits and single hyphens, e.g. my-criteria-2024")
    package = _read_package(path)
    return _Importer(path, package, levels, set_id, title, output).run()


def _read_package(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"is not JSON: {exc.msg} at line {exc.lineno} "
                               f"column {exc.colno}") from None
    except ValueError as exc:
        raise InputError(path, f"is not JSON: {exc}") from None
    except RecursionError:
        raise InputError(path, "is nested too deeply to be a CASE package") from None
    try:
        # JSON may escape half of a surrogate pair (\ud800), which is no text at all.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(path, f"is not a CASE package: it escapes a lone surrogate "
                               f"(\\u{ord(exc.object[exc.start]):04x}), which is not a "
                               "character") from None
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        found = "an object" if isinstance(data, dict) else f"a JSON {_json_kind(data)}"
        raise InputError(path, f"is not a CASE 1.0 CFPackage: expected an object with a "
                               f"CFDocument object, found {found} without one")
    for key, limit in (("CFItems", MAX_ITEMS), ("CFAssociations", MAX_ASSOCIATIONS),
                       ("CFRubrics", MAX_RUBRICS)):
        value = data.get(key, [])
        if not isinstance(value, list):
            raise InputError(path, f"is not a CASE 1.0 CFPackage: {key} is a "
                                   f"{_json_kind(value)}, not a list")
        if len(value) > limit:
            raise InputError(path, f"has {len(value):,} {key}; a criteria set is limited to "
                                   f"{limit:,}")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_kind(value: Any) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass
class _Item:
    """A CFItem of the package, with what the tree says about it."""

    identifier: str
    raw: dict[str, Any]
    children: list[_Item] = field(default_factory=list)

    @property
    def code(self) -> str:
        return _text(self.raw.get("humanCodingScheme")) or ""

    @property
    def statement(self) -> str:
        return _text(self.raw.get("fullStatement")) or ""

    @property
    def item_type(self) -> str:
        return _text(self.raw.get("CFItemType")) or ""

    @property
    def notes(self) -> str:
        return _text(self.raw.get("notes")) or ""

    def keywords(self) -> set[str]:
        words = self.raw.get("conceptKeywords")
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list):
            return set()
        return {w.strip().casefold() for w in words if isinstance(w, str)}

    def describe(self) -> str:
        label = self.code or _short(self.statement)
        kind = f", CFItemType {self.item_type!r}" if self.item_type else ""
        return f"CFItem {self.identifier} ({one_line(label)!r}{kind})"


def _short(text: str, limit: int = 60) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


@dataclass
class _Placed:
    """A node placed in the criteria tree, before it is written as data."""

    item: _Item
    level: str
    code: str = ""
    children: list[_Placed] = field(default_factory=list)


class _Importer:
    def __init__(self, path: Path, package: dict[str, Any], levels: dict[str, str] | None,
                 set_id: str, title: str | None, output: str) -> None:
        self.path = path
        self.package = package
        self.document: dict[str, Any] = package["CFDocument"]
        self.levels = levels
        self.set_id = set_id
        self.title = title
        self.output = output
        self.messages: list[str] = []
        #: What the author must supply, reported before everything else.
        self.left: list[str] = []
        #: Comment lines for the header of the file, by section.
        self.unplaced: list[str] = []
        self.kept_notes: list[str] = []

    # -- reporting -------------------------------------------------------------------

    def not_placed(self, what: str, why: str, statement: str = "") -> None:
        self.messages.append(f"not placed: {what}: {why}")
        self.unplaced.append(f"- {what}: {why}")
        if statement:
            self.unplaced.append(f"  fullStatement: {one_line(statement)}")

    def not_placed_tree(self, item: _Item, why: str) -> None:
        self.not_placed(item.describe(), why, item.statement)
        for child in _descendants(item):
            self.not_placed(child.describe(), f"it is under {item.identifier}, which is not "
                                              "placed", child.statement)

    def keep_notes(self, where: str, lines: list[str]) -> None:
        if lines:
            self.messages.append(f"kept as a comment: notes of {where} that have no field in "
                                 "a criteria file")
            self.kept_notes.append(f"- {where}:")
            self.kept_notes.extend(f"  {one_line(line)}" for line in lines)

    # -- the whole import ------------------------------------------------------------

    def run(self) -> ImportResult:
        for message in LEFT_TO_AUTHOR:
            self.left_to_author(message)
        items = self.items()
        root = self.tree(items)
        topics = self.place_children(root, 1, None)
        if not topics:
            problems = [m for m in self.messages if m.startswith("not placed: ")]
            why = (f"{problems[0]}" + (f" (and {len(problems) - 1} more)"
                                        if len(problems) > 1 else "")
                   if problems else "the CFDocument has no isChildOf children")
            raise InputError(self.path, "has no topic that can be placed (a criteria file "
                                        "needs a topic with a sub-topic, an outcome and an "
                                        f"item): {why}")
        for index, rubric in enumerate(self.package.get("CFRubrics") or []):
            name = _text(rubric.get("identifier")) if isinstance(rubric, dict) else None
            title = _text(rubric.get("title")) if isinstance(rubric, dict) else None
            self.not_placed(f"CFRubric {name or f'#{index + 1}'}"
                            + (f" ({one_line(title)!r})" if title else ""),
                            "a criteria file has no place for rubrics")
        data = self.data(topics)
        text = criteria_yaml(data, self.header())
        self.lint(text)
        return ImportResult(text, self.set_id, self.left + self.messages)

    # -- reading the package ---------------------------------------------------------

    def items(self) -> dict[str, _Item]:
        found: dict[str, _Item] = {}
        for position, raw in enumerate(self.package.get("CFItems") or []):
            where = f"CFItems[{position}]"
            identifier = _text(raw.get("identifier")) if isinstance(raw, dict) else None
            if not isinstance(raw, dict) or not identifier:
                self.not_placed(where, "it is not an object with an identifier")
            elif identifier in found:
                self.not_placed(f"{where} ({identifier})",
                                "its identifier is that of an earlier CFItem")
            else:
                found[identifier] = _Item(identifier, raw)
        return found

    def tree(self, items: dict[str, _Item]) -> list[_Item]:
        """The CFDocument's children, each with its own, in sequence order."""
        document_id = _text(self.document.get("identifier")) or ""
        parent_of: dict[str, str] = {}
        order: dict[str, tuple[int, int, int]] = {}
        for position, raw in enumerate(self.package.get("CFAssociations") or []):
            self.association(position, raw, items, document_id, parent_of, order)
        children: dict[str, list[_Item]] = {}
        for child, parent in parent_of.items():
            children.setdefault(parent, []).append(items[child])
        for identifier, kids in children.items():
            kids.sort(key=lambda kid: order[kid.identifier])
            if identifier in items:
                items[identifier].children = kids
        root = children.get(document_id, []) if document_id else []
        reached = {item.identifier for top in root for item in (top, *_descendants(top))}
        for item in items.values():
            if item.identifier in reached:
                continue
            if item.identifier not in parent_of:
                self.not_placed(item.describe(), "it has no isChildOf association",
                                item.statement)
            else:
                self.not_placed(item.describe(), "it is not under the CFDocument: its parents "
                                                 "lead to an item with no parent, or round in "
                                                 "a loop", item.statement)
        return root

    def association(self, position: int, raw: Any, items: dict[str, _Item], document_id: str,
                    parent_of: dict[str, str], order: dict[str, tuple[int, int, int]]) -> None:
        where = f"CFAssociations[{position}]"
        if not isinstance(raw, dict):
            self.not_placed(where, "it is not an object")
            return
        kind = _text(raw.get("associationType")) or "(no associationType)"
        origin = _link_id(raw.get("originNodeURI"))
        destination = _link_id(raw.get("destinationNodeURI"))
        name = _text(raw.get("identifier")) or where
        what = f"CFAssociation {name} ({one_line(kind)} from {origin or '?'} to " \
               f"{destination or '?'})"
        if kind != "isChildOf":
            self.not_placed(what, "a criteria file has only the tree (isChildOf associations)")
        elif origin is None or origin not in items:
            self.not_placed(what, "its origin is not a CFItem of the package")
        elif destination is None or (destination != document_id and destination not in items):
            self.not_placed(what, "its destination is neither the CFDocument nor a CFItem of "
                                  "the package")
        elif origin in parent_of:
            self.not_placed(what, f"{origin} already has a parent ({parent_of[origin]}); an "
                                  "item of a criteria file has one")
        else:
            parent_of[origin] = destination
            sequence = raw.get("sequenceNumber")
            number = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) \
                else None
            order[origin] = (number is None, number or 0, position)

    # -- placing the tree ------------------------------------------------------------

    def level_of(self, item: _Item, depth: int) -> str | None:
        name = item.item_type.strip().casefold()
        if self.levels is not None:
            return self.levels.get(name)
        return _LEVEL_BY_TYPE.get(re.sub(r"[^a-z]", "", name)) or \
            (LEVELS[depth - 1] if depth <= len(LEVELS) else None)

    def place_children(self, items: list[_Item], depth: int,
                       parent: _Placed | None) -> list[_Placed]:
        placed: list[_Placed] = []
        expected = LEVELS[depth - 1]
        if parent is None:
            under = "the CFDocument"
        else:
            name = parent.code or parent.item.code or parent.item.identifier
            under = f"{_LEVEL_WORD[parent.level]} {one_line(name)}"
        for item in items:
            level = self.level_of(item, depth)
            if level is None:
                why = (f"CFItemType {item.item_type!r} is not given a level by --levels"
                       if self.levels is not None else
                       "it is deeper than the items of a criteria file (topic, sub-topic, "
                       "outcome, item)")
                self.not_placed_tree(item, why)
            elif level != expected:
                self.not_placed_tree(item, f"{_a(level)} cannot be placed under {under}")
            else:
                node = self.place_one(item, level, parent, placed)
                if node is not None:
                    placed.append(node)
        return placed

    def place_one(self, item: _Item, level: str, parent: _Placed | None,
                  siblings: list[_Placed]) -> _Placed | None:
        if not item.statement.strip():
            self.not_placed_tree(item, "it has no fullStatement")
            return None
        node = _Placed(item, level)
        if level in ("topic", "subtopic"):
            code = self.code(item, level, parent)
            if code is None:
                return None
            if any(s.code == code for s in siblings):
                self.not_placed_tree(item, f"code {code} is used by an earlier "
                                           f"{_LEVEL_WORD[level]}")
                return None
            node.code = code
        if level == "item":
            if item.children:
                for child in item.children:
                    self.not_placed_tree(child, f"an item ({item.code or item.identifier}) "
                                                "has no children in a criteria file")
            return node
        node.children = self.place_children(item.children, LEVELS.index(level) + 2, node)
        if not node.children:
            below = _LEVEL_WORD[LEVELS[LEVELS.index(level) + 1]]
            self.not_placed(item.describe(), f"no {below} could be placed under it, and "
                                             f"{_a(level)} needs one", item.statement)
            return None
        return node

    def code(self, item: _Item, level: str, parent: _Placed | None) -> str | None:
        try:
            ref = parse(item.code)
        except InvalidReference:
            ref = None
        example = "e.g. LMAC5A" if level == "topic" else "e.g. LMAC5A/LM"
        if ref is None or ref.level != level:
            self.not_placed_tree(item, f"humanCodingScheme {item.code!r} is not a "
                                       f"{_LEVEL_WORD[level]} code ({example})")
            return None
        if parent is not None and ref.topic != parent.code:
            self.not_placed_tree(item, f"humanCodingScheme {item.code!r} is not a sub-topic "
                                       f"of {parent.code}, the topic it is under")
            return None
        return str(ref)

    # -- writing the data ------------------------------------------------------------

    def data(self, topics: list[_Placed]) -> dict[str, Any]:
        doc_notes = notes.parse_document_notes(_text(self.document.get("notes")) or "")
        guidance = {sub.code: self.guidance(sub)
                    for topic in topics for sub in topic.children}
        topic_data = [self.topic(topic, guidance) for topic in topics]
        return {
            "format": 1,
            "id": self.set_id,
            "provenance": self.provenance(doc_notes),
            "qualification": self.qualification(),
            "hours": {name: {"min": 0, "max": 0}
                      for name in ("tqt", "minimum_content", "optional_content")},
            "requirements": [],
            "topics": topic_data,
            "errata": self.errata(doc_notes),
        }

    def provenance(self, doc_notes: notes.DocumentNotes) -> dict[str, Any]:
        doc = self.document
        publisher = _text(doc.get("publisher")) or _text(doc.get("creator"))
        if not publisher:
            self.left_to_author("provenance.publisher: the CFDocument names no publisher or "
                                "creator")
        title = _text(doc.get("title"))
        if not title:
            self.left_to_author("provenance.title: the CFDocument has no title")
        date = self.date()
        version = _text(doc.get("version"))
        if not version:
            self.left_to_author("provenance.version: the CFDocument has no version")
        source = doc_notes.source or _text(doc.get("officialSourceURL")) \
            or _text(doc.get("uri")) or str(self.path)
        provenance: dict[str, Any] = {"publisher": publisher or "", "title": title or ""}
        subtitle = _text(doc.get("description"))
        if subtitle:
            provenance["subtitle"] = subtitle
        provenance.update({"date": date, "version": version or "", "source": source})
        if doc_notes.licence:
            self.kept_notes.append(f"- licence (CFDocument notes): {one_line(doc_notes.licence)}")
        self.keep_notes("the CFDocument", doc_notes.leftovers)
        return provenance

    def date(self) -> str:
        for key in ("statusStartDate", "lastChangeDateTime"):
            value = _text(self.document.get(key)) or ""
            if _DATE.match(value):
                return value[:10]
        self.left_to_author("provenance.date: the CFDocument has no date; written as 0000-00")
        return "0000-00"

    def qualification(self) -> dict[str, Any]:
        given = self.title if self.title is not None else _text(self.document.get("title"))
        match = _TITLE.search(given or "")
        if match is None:
            if self.title is not None:
                raise UsageError(f"--title {self.title!r} names no qualification level and "
                                 "size: give e.g. 'Level 5 Diploma in ...'")
            raise InputError(self.path, f"the framework's title {given or ''!r} names no "
                                        "qualification level and size: give the "
                                        "qualification's title with --title, e.g. "
                                        "'Level 5 Diploma in ...'")
        working = " ".join(match.group().split())
        self.left_to_author(f"qualification: level {match['level']}, "
                            f"{match['size'].capitalize()}, working title {working!r} read "
                            "from the title; a shared title and superseded qualifications, "
                            "if any, are not in CASE")
        return {"level": int(match["level"]), "size": match["size"].capitalize(),
                "working_title": working}

    def left_to_author(self, message: str) -> None:
        self.left.append(f"left to the author: {message}")

    def errata(self, doc_notes: notes.DocumentNotes) -> list[dict[str, str]]:
        seen: set[str] = set()
        errata = []
        for erratum in doc_notes.errata:
            if erratum["id"] in seen:
                self.keep_notes("the CFDocument", [f"a second erratum {erratum['id']}: "
                                                   f"{erratum['where']}"])
                continue
            seen.add(erratum["id"])
            errata.append({name: erratum[name]
                           for name in ("id", "where", "source_says", "data_says", "why")})
        return errata

    def guidance(self, sub: _Placed) -> list[dict[str, Any]]:
        parsed, leftovers = notes.parse_subtopic_notes(sub.item.notes)
        self.keep_notes(f"sub-topic {sub.code}", leftovers)
        found: list[dict[str, Any]] = []
        for note in parsed:
            if any(g["id"] == note.id for g in found):
                self.keep_notes(f"sub-topic {sub.code}",
                                [f"a second guidance note {note.id!r} ({note.term})"])
                continue
            entry: dict[str, Any] = {"id": note.id, "term": note.term}
            if note.text:
                entry["text"] = note.text
            if note.bullets:
                entry["bullets"] = note.bullets
            if note.paragraphs:
                entry["paragraphs"] = note.paragraphs
            found.append(entry)
        return found

    def topic(self, topic: _Placed, guidance: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        self.keep_notes(f"topic {topic.code}", notes.parse_node_notes(topic.item.notes)[1])
        return {"code": topic.code, "title": _title(topic.item.statement),
                "subtopics": [self.subtopic(sub, guidance) for sub in topic.children]}

    def subtopic(self, sub: _Placed, guidance: dict[str, list[dict[str, Any]]],
                 ) -> dict[str, Any]:
        letters = _letters(sub.children)
        if len(sub.children) > len(letters):
            for extra in sub.children[len(letters):]:
                self.not_placed_tree(extra.item, f"{sub.code} already has 26 outcomes, "
                                                 "lettered A-Z")
        outcomes = [self.outcome(sub.code, letter, outcome, guidance)
                    for letter, outcome in zip(letters, sub.children, strict=False)]
        data: dict[str, Any] = {
            "code": sub.code,
            "title": _title(sub.item.statement),
            "requirement_type": _requirement_type(sub.item.keywords(),
                                                  {o["kind"] for o in outcomes}),
            "outcomes": outcomes,
        }
        if guidance[sub.code]:
            data["guidance"] = guidance[sub.code]
        return data

    def outcome(self, sub_code: str, letter: str, outcome: _Placed,
                guidance: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        ref = f"{sub_code}/{letter}"
        self.renumbered(outcome.item, ref)
        statement = outcome.item.statement.strip()
        kind = self.kind(ref, statement, outcome.item.keywords())
        data: dict[str, Any] = {"letter": letter, "kind": kind, "statement": statement}
        terms = self.terms(ref, sub_code, outcome.item, statement, [], guidance)
        if terms:
            data["terms"] = terms
        items = outcome.children[:MAX_ITEM_NUMBER]
        for extra in outcome.children[MAX_ITEM_NUMBER:]:
            self.not_placed_tree(extra.item, f"{ref} already has {MAX_ITEM_NUMBER} items")
        data["items"] = [self.item(sub_code, ref, number, item, guidance)
                         for number, item in enumerate(items, start=1)]
        return data

    def item(self, sub_code: str, outcome_ref: str, number: int, item: _Placed,
             guidance: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        ref = f"{outcome_ref}.{number}"
        self.renumbered(item.item, ref)
        text, bullets = notes.parse_item_statement(item.item.statement)
        if not text:
            text, bullets = bullets[0], bullets[1:]
        data: dict[str, Any] = {"number": number, "text": text}
        if bullets:
            data["bullets"] = bullets
        terms = self.terms(ref, sub_code, item.item, text, bullets, guidance)
        if terms:
            data["terms"] = terms
        return data

    def renumbered(self, item: _Item, ref: str) -> None:
        try:
            given = str(parse(item.code)) if item.code else None
        except InvalidReference:
            given = None
        if given is not None and given != ref:
            self.messages.append(f"renumbered: {item.describe()} is placed as {ref}, its "
                                 "place in the tree")

    def kind(self, ref: str, statement: str, keywords: set[str]) -> str:
        verb = statement.split()[0].strip(".,:;").casefold() if statement.split() else ""
        stated = [k for k in ("knowledge", "skill") if k in keywords]
        if verb in KNOWLEDGE_VERBS:
            by_verb = "knowledge"
        elif verb in SKILL_VERBS:
            by_verb = "skill"
        else:
            by_verb = None
        if len(stated) == 1 and (by_verb is None or stated[0] == by_verb):
            return stated[0]
        if len(stated) == 1 and by_verb is not None:
            self.messages.append(f"changed: outcome {ref} is marked {stated[0]} but starts "
                                 f"{verb!r}: written as {by_verb}")
        return by_verb or "skill"

    def terms(self, ref: str, sub_code: str, item: _Item, text: str, bullets: list[str],
              guidance: dict[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
        parsed, leftovers = notes.parse_node_notes(item.notes)
        self.keep_notes(ref, leftovers)
        haystack = " ".join([text, *bullets]).casefold()
        found: list[dict[str, str]] = []
        for term in parsed:
            if term.text.casefold() not in haystack:
                self.keep_notes(ref, [f'term "{term.text}" (its text is not in the item)'])
                continue
            entry = {"text": term.text}
            if term.owner is not None and term.note_id is not None:
                owner = term.owner or sub_code
                notes_there = guidance.get(owner, [])
                if not any(g["id"] == term.note_id for g in notes_there):
                    self.keep_notes(ref, [f'term "{term.text}": its guidance note '
                                          f"{owner}#{term.note_id} is not in the framework"])
                else:
                    entry["note"] = term.note_id if owner == sub_code \
                        else f"{owner}#{term.note_id}"
            found.append(entry)
        return found

    # -- the header and the check ----------------------------------------------------

    def header(self) -> list[str]:
        doc_id = _text(self.document.get("identifier")) or "(no identifier)"
        title = _text(self.document.get("title")) or "(no title)"
        lines = [
            "Imported from a CASE 1.0 framework by `criteria-checker criteria import`",
            f"(docs/case.md): {self.path.name}, CFDocument {doc_id} {one_line(title)!r}.",
            "",
            "Left to the author (CASE has no place for them): the hours bands (written as",
            "0-0 placeholders below), the Section A and C requirements, the digital skills",
            "themes and the optional content areas.",
        ]
        if self.unplaced:
            lines += ["", "Not placed (the framework's text is kept here for the author):",
                      *self.unplaced]
        if self.kept_notes:
            lines += ["", "Notes from the framework with no field in a criteria file:",
                      *self.kept_notes]
        return lines

    def lint(self, text: str) -> None:
        from criteria_checker.criteria.lint import lint_document
        from criteria_checker.yaml_source import load_yaml

        problems = lint_document(load_yaml(Path(self.output), text))
        if problems:
            first = problems[0]
            raise InputError(self.path, "cannot be written as a criteria file that passes "
                                        f"lint: line {first.line}: {first.code} "
                                        f"{first.message}")


def _descendants(item: _Item) -> Iterator[_Item]:
    stack = list(reversed(item.children))
    seen: set[str] = {item.identifier}
    while stack:
        child = stack.pop()
        if child.identifier in seen:
            continue
        seen.add(child.identifier)
        yield child
        stack.extend(reversed(child.children))


def _a(level: str) -> str:
    word = _LEVEL_WORD[level]
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _link_id(value: Any) -> str | None:
    return _text(value.get("identifier")) if isinstance(value, dict) else None


def _title(statement: str) -> str:
    return " ".join(statement.split())


def _letters(outcomes: list[_Placed]) -> list[str]:
    return [chr(ord("A") + i) for i in range(min(len(outcomes), 26))]


def _requirement_type(keywords: set[str], kinds: set[str]) -> str:
    stated = {k for k in ("knowledge", "skill") if k in keywords} or kinds
    if stated == {"knowledge"}:
        return "knowledge"
    if stated == {"skill"}:
        return "skill"
    return "knowledge_and_skill"
