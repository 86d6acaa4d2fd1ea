"""Read a specification written in the criteria-checker XML vocabulary (docs/spec-xml.md).

The file goes through three gates before any model is built: the hardened
parser (:func:`criteria_checker.safe_xml.parse_untrusted`: no DTD, no
entities, no network, a size limit), a check of the root element and its
versioned namespace, and the shipped XSD (``schemas/spec-1.xsd``), whose
errors are reworded into one readable line with the line number. After that
the structure is known to be right, so building the model is a plain walk.

Text is normalised the same way everywhere: single-line fields (titles,
names, numbers, references) have whitespace runs collapsed to one space;
prose fields (aims, outcome and criterion text, rationale, ...) keep their
line breaks and lose only surrounding whitespace. Whitespace means XML
whitespace (space, tab, CR, LF), so a no-break space an author typed stays.
"""

from __future__ import annotations

import bisect
import functools
import gc
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criteria_checker.compiled_cache import dataclass, regex
from criteria_checker.errors import InputError, InvalidReference
from criteria_checker.model.spec import (
    AssessmentCriterion,
    BarredCombination,
    CreditRule,
    Group,
    GroupKind,
    LearningOutcome,
    Mapping,
    Pathway,
    QualificationSpec,
    RulesOfCombination,
    SourceLocation,
    Supersession,
    Unit,
    UnreadStatement,
)
from criteria_checker.refs import normalise

if TYPE_CHECKING:
    from lxml import etree

#: The namespace of version 1 of the vocabulary.
NAMESPACE = "urn:criteria-checker:specification:1"
#: The vocabulary version this module reads and the writer writes.
VERSION = 1
_NAMESPACE_STEM = "urn:criteria-checker:specification:"
_SCHEMA_RESOURCE = "schemas/spec-1.xsd"
_NS = f"{{{NAMESPACE}}}"

_GROUP_KINDS: dict[str, GroupKind] = {"mandatory": "mandatory", "optional": "optional"}

_XML_SPACE = " \t\r\n"
_XML_SPACE_RUN = regex(r"[ \t\r\n]+")


def collapse(text: str | None) -> str:
    """A single-line field: surrounding whitespace removed, inner runs made one space."""
    return _XML_SPACE_RUN.sub(" ", text or "").strip(" ")


def strip(text: str | None) -> str:
    """A prose field: surrounding whitespace removed, line breaks kept."""
    return (text or "").strip(_XML_SPACE)


def tokens(text: str | None) -> list[str]:
    """The items of a space-separated list attribute (split on XML whitespace only)."""
    return [item for item in _XML_SPACE_RUN.split(text or "") if item]


# ---------------------------------------------------------------------------
# Entry points


def read_xml_spec(path: str | Path) -> QualificationSpec:
    """Read a specification XML file, or raise a one-line InputError naming the file."""
    path = Path(path)
    return read_xml_bytes(_read_file(path), path)


def read_xml_bytes(data: bytes, source: str | Path) -> QualificationSpec:
    """Read specification XML held in memory; ``source`` names it in locations and errors."""
    if not data:
        raise InputError(source, "is empty (0 bytes)")
    # A read makes a few hundred objects per unit, all kept and none cyclic.
    # With the cyclic collector running, every full collection walks all of
    # them again, so a read of 3,000 units cost three times as much per unit
    # as one of 25; paused, what growth remains is the cost of a tree that
    # no longer fits in the processor's caches.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_bytes(data, source)
    finally:
        if enabled:
            gc.enable()


def _read_bytes(data: bytes, source: str | Path) -> QualificationSpec:
    from criteria_checker.safe_xml import parse_untrusted

    root = parse_untrusted(data, source)
    if root.tag in (_FLAT_PACKAGE, _WORD_2003):
        return _word_xml(root, source)
    lines = StartLines(data, root)
    check_root(root, source, lines)
    validate(root, source, lines)
    return _Builder(str(source), lines).specification(root)


#: Word's own XML formats: a whole .docx in one file, and Word 2003's schema.
_FLAT_PACKAGE = "{http://schemas.microsoft.com/office/2006/xmlPackage}package"
_WORD_2003 = "{http://schemas.microsoft.com/office/word/2003/wordml}wordDocument"


def _word_xml(root: etree._Element, source: str | Path) -> QualificationSpec:
    """A Word document saved as XML: read as the .docx it holds, or refused in one line."""
    if root.tag == _WORD_2003:
        raise InputError(source, "is a Word 2003 XML document, which is not read; open it in "
                                 "Word and save it as .docx")
    from criteria_checker.readers.docx.flat_xml import package_from_flat_xml
    from criteria_checker.readers.docx.reader import read_docx_package_spec

    return read_docx_package_spec(package_from_flat_xml(root, source))


# ---------------------------------------------------------------------------
# DTDs that the first look misses


def _read_file(path: Path) -> bytes:
    from criteria_checker.readers.docx.container import open_regular
    from criteria_checker.safe_xml import MAX_XML_BYTES

    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_XML_BYTES:
                # Refused before reading: a huge file is never loaded into memory.
                raise InputError(path, f"XML is {size:,} bytes, over the limit of "
                                       f"{MAX_XML_BYTES:,}")
            return handle.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None


# ---------------------------------------------------------------------------
# Line numbers


class StartLines:
    """The line on which each element's start tag begins.

    libxml2 numbers an element by the line where its start tag *ends*, so a
    hand-written tag whose attributes run over several lines would be
    reported at its last line. One scan of the source finds every start tag
    in document order (skipping comments, CDATA and processing
    instructions; attribute values and text cannot hold a literal "<"), and
    pairs them with the elements. If the two ever disagree, lxml's own
    line is used.

    Most files have no such tag, and then lxml's lines are right as they are,
    up to line 65,534 (past it libxml2's are not, and the scan pairs only
    the tags from there on): one search in C for a start tag not closed on
    its own line spares the scan, about a tenth of the read. The search may
    also stop at a "<" inside a comment or CDATA section; that only costs
    the scan.
    """

    # Every alternative starts with "<", so the engine skips to the next one in C
    # (a new line as one more alternative, to count lines, made the scan slower).
    _MARKUP = regex(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<([^/!?\s>][^\s/>]*)",
                    re.DOTALL)
    # The same sections, or what of one runs to where the search stops.
    _SECTION = regex(r"<!--(?:.*?-->|.*)|<!\[CDATA\[(?:.*?\]\]>|.*)|<\?(?:.*?\?>|.*)",
                     re.DOTALL)
    # A start tag up to a new line met before its end, bare or inside a quoted
    # value. Possessive (Python 3.11), so that a tag closed on its line fails
    # at once, not again at every shorter reading; without it the search costs
    # as much as the scan, which then always runs.
    _UNCLOSED = regex(r"<[^/!?\s<>\"'=][^\"'<>\n]*+"
                      r"(?:(?:\"[^\"\n]*+\"|'[^'\n]*+')[^\"'<>\n]*+)*+"
                      r"(?:\n|\"[^\"\n]*+\n|'[^'\n]*+\n)") \
        if sys.version_info >= (3, 11) else None
    #: Lines libxml2 numbers exactly.
    _EXACT_LINES = 65534
    # The lines before the last of those: where it starts.
    _HEAD = regex(rf"(?:[^\n]*\n){{{_EXACT_LINES - 1}}}")

    def __init__(self, data: bytes, root: etree._Element) -> None:
        from lxml import etree

        self._lines: dict[etree._Element, int] = {}
        encoding = root.getroottree().docinfo.encoding or "utf-8"
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            return
        # (Lines end at line feeds, for libxml2 as for the scan: a lone carriage
        # return ends none for either, so it needs no look of its own.)
        one_line_tags = self._UNCLOSED is not None and self._UNCLOSED.search(text) is None
        if one_line_tags and text.count("\n") < self._EXACT_LINES - 1:
            return
        if one_line_tags:
            # libxml2's lines are exact up to line 65,534: pair only the start
            # tags from there on, with the elements that start there.
            head = self._EXACT_LINES - 1
            after = self._HEAD.match(text)
            if after is not None:
                offset, line = self._outside_sections(text, after.end(), head + 1)
                names, lines = self._start_tags(text, offset, line)
                # The tail is the last elements in document order, as many as the
                # scan found tags; _elements_after gives the last ones too, so the
                # same count means the same elements. It misses some where libxml2
                # gave an element past the limit an earlier sibling's line.
                tail = _elements_after(root, head)
                if len(tail) != len(names):
                    every = list(root.iter(etree.Element))
                    tail = every[len(every) - len(names):]
                if self._pair(tail, names, lines):
                    return
        # Else lxml's lines, the best there are.
        self._pair(list(root.iter(etree.Element)), *self._start_tags(text, 0, 1))

    def _outside_sections(self, text: str, offset: int, line: int) -> tuple[int, int]:
        """Where a scan from ``offset`` may start: past a comment, CDATA or PI around it.

        The sections before ``offset`` are found as the scan would find them
        (a "<" outside them always starts a tag); only the last may run on.
        """
        last = None
        for section in self._SECTION.finditer(text, 0, offset):
            last = section
        if last is not None and last.end() == offset:
            whole = self._SECTION.match(text, last.start())
            if whole is not None and whole.end() > offset:
                return whole.end(), line + text.count("\n", offset, whole.end())
        return offset, line

    def _start_tags(self, text: str, offset: int, line: int) -> tuple[list[str], list[int]]:
        """The name and line of each start tag of ``text`` from ``offset`` (on ``line``)."""
        names: list[str] = []
        lines: list[int] = []
        count = text.count
        for match in self._MARKUP.finditer(text, offset):
            name = match[1]
            if name is not None:
                start = match.start()
                line += count("\n", offset, start)
                offset = start
                names.append(name)
                lines.append(line)
        return names, lines

    def _pair(self, elements: list[etree._Element], names: list[str], lines: list[int]) -> bool:
        """Keep ``lines`` for ``elements`` if their start tags are ``names``, one to one.

        False, with nothing kept, when they do not pair up.
        """
        if len(elements) != len(names):
            return False
        # Compared by local name, each distinct name split once.
        tags = [el.tag for el in elements]
        local = {tag: str(tag).rpartition("}")[2] for tag in set(tags)}
        scanned = {name: name.rpartition(":")[2] for name in set(names)}
        if list(map(local.__getitem__, tags)) != list(map(scanned.__getitem__, names)):
            return False
        self._lines.update(zip(elements, lines, strict=True))
        return True

    def of(self, el: etree._Element) -> int | None:
        """The 1-based line where ``el`` starts."""
        return self._lines.get(el) or _sourceline(el)


def _elements_after(root: etree._Element, head: int) -> list[etree._Element]:
    """The elements, in document order, that lxml says start after line ``head``.

    Start lines grow in document order, so going down from the root through
    the last child starting by ``head`` finds them without visiting the
    elements before (on a 3,000-unit file, two thirds of them). Whatever the
    lines, what it returns is every element after some point of the document.
    """
    from lxml import etree

    following: list[list[etree._Element]] = []
    node = root
    if (_sourceline(root) or head + 1) > head:
        return list(root.iter(etree.Element))
    while True:
        children = list(node.iterchildren(etree.Element))
        split = bisect.bisect_right(children, head, key=lambda el: _sourceline(el) or head + 1)
        following.append(children[split:])
        if split == 0:
            break
        node = children[split - 1]
    # Deepest first: what follows inside a child comes before that child's next siblings.
    return [el for level in reversed(following) for child in level
            for el in child.iter(etree.Element)]


def _sourceline(el: etree._Element) -> int | None:
    # lxml-stubs give sourceline no usable type; lxml gives an int or None.
    line: Any = el.sourceline
    return line if isinstance(line, int) else None


def _start_line(el: etree._Element, lines: StartLines | None) -> int | None:
    return lines.of(el) if lines is not None else _sourceline(el)


# ---------------------------------------------------------------------------
# The root element and the schema


def check_root(root: etree._Element, source: str | Path, lines: StartLines | None = None) -> None:
    """Refuse a document whose root is not ``<specification>`` in the version 1 namespace."""
    from lxml import etree

    line = _start_line(root, lines)
    where = f"{source}:{line}" if line else str(source)
    qname = etree.QName(root)
    expected = f'<specification xmlns="{NAMESPACE}">'
    if qname.localname != "specification":
        shown = f"{root.prefix}:{qname.localname}" if root.prefix else qname.localname
        raise InputError(where, f"the root element is <{shown}>, not <specification>; a "
                                f"specification file starts with {expected}")
    namespace = qname.namespace
    if namespace == NAMESPACE:
        return
    if namespace is None:
        raise InputError(where, f"<specification> has no namespace; write {expected}")
    if namespace.startswith(_NAMESPACE_STEM):
        version = namespace[len(_NAMESPACE_STEM):]
        raise InputError(where, f"<specification> uses version {version} of the vocabulary "
                                f"({namespace}); this criteria-checker reads version {VERSION} "
                                f"({NAMESPACE})")
    raise InputError(where, f"<specification> is in namespace {namespace!r}, not {NAMESPACE!r}; "
                            f"write {expected}")


@functools.cache
def spec_schema() -> etree.XMLSchema:
    """The version 1 XSD, compiled once per process."""
    from lxml import etree

    from criteria_checker.paths import package_file

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.fromstring(package_file(_SCHEMA_RESOURCE).read_bytes(),
                                            parser))


@dataclass(frozen=True)
class SchemaProblem:
    """One XSD violation in words.

    ``line`` is 1-based; ``text`` starts with the element ("<unit>: ...");
    ``path`` is libxml2's XPath to the element ("/*/*[3]"), when it gave one.
    """

    line: int
    text: str
    path: str | None = None


def schema_problems(root: etree._Element, lines: StartLines | None = None) -> list[SchemaProblem]:
    """Every XSD violation in ``root``, reworded, in document order, without repeats."""
    schema = spec_schema()
    if schema.validate(root):
        return []
    problems: list[SchemaProblem] = []
    seen: set[tuple[int, str]] = set()
    # lxml-stubs do not declare the log iterable; its entries carry .line and .message.
    entries: Iterable[Any] = schema.error_log  # type: ignore[assignment]
    for entry in entries:
        line, (text, key) = int(entry.line), _reword(str(entry.message))
        # libxml2 reports some mistakes twice (an empty list attribute fails both its
        # length and its type); one report per element, attribute and line is enough.
        if (line, key) in seen:
            continue
        seen.add((line, key))
        problems.append(SchemaProblem(_entry_line(root, entry, lines) or line, text,
                                      str(entry.path) if entry.path else None))
    return problems


def _entry_line(root: etree._Element, entry: Any, lines: StartLines | None) -> int | None:
    """The start line of the element an error is about, found through its XPath."""
    from lxml import etree

    if lines is None or not entry.path:
        return None
    try:
        found = root.xpath(str(entry.path))
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return lines.of(found[0])
    return None


def validate(root: etree._Element, source: str | Path, lines: StartLines | None = None) -> None:
    """Raise one InputError for the first XSD violation, counting the others."""
    problems = schema_problems(root, lines)
    if not problems:
        return
    first = problems[0]
    more = len(problems) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    raise InputError(f"{source}:{first.line}", f"{first.text}{tail}")


# libxml2's wording, e.g. "Element '{urn:...}unit', attribute 'levle': The attribute
# 'levle' is not allowed." The prefix names the element and maybe an attribute.
_PREFIX = regex(r"^Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)')?: ")
_QNAME = regex(r"\{(?P<ns>[^}]*)\}(?P<local>[\w.\-]+)")
_UNIQUE_FIELDS = {"fact-name": "name", "group-id": "id", "pathway-id": "id"}

_VOCABULARY = frozenset({
    "specification", "qualification", "title", "fact", "rationale", "supersedes",
    "withdrawal-plan", "group", "rules-of-combination", "rule", "pathway", "barred", "unread",
    "text", "group-ref", "unit-ref", "unit", "aim", "assessment-method", "maps-to", "outcome",
    "criterion",
})


def _element_name(qname: str) -> str:
    """``<local>`` for our names; foreign ones keep their namespace, as an author writes it."""
    match = _QNAME.fullmatch(qname)
    if match is None:
        return f'<{qname} xmlns="">' if qname in _VOCABULARY else f"<{qname}>"
    if match["ns"] == NAMESPACE:
        return f"<{match['local']}>"
    return f'<{match["local"]} xmlns="{match["ns"]}">'


def _names(listing: str) -> str:
    """"( {ns}a, {ns}b )" as "<a> or <b>"."""
    names = [_element_name(n.strip()) for n in listing.strip(" ()").split(",") if n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _reword(message: str) -> tuple[str, str]:
    """(readable text, dedupe key) for one libxml2 schema message."""
    message = message.strip()
    match = _PREFIX.match(message)
    if match is None:
        return _QNAME.sub(r"\g<local>", message), message
    qname, attribute = match["element"], match["attribute"]
    rest = message[match.end():].strip().rstrip(".")
    about = f"attribute {attribute!r}" if attribute else ""
    return f"{_element_name(qname)}: {_reword_rest(rest, qname, about)}", f"{qname}@{about}"


def _reword_rest(rest: str, qname: str, about: str) -> str:
    # Each branch matches one message of libxml2's schema validator (xmlschemas.c).
    # ``about`` names the attribute at fault; empty when the element's content is.
    subject = about or "the content"
    if m := re.fullmatch(r"The attribute '([^']*)' is not allowed", rest):
        return f"attribute {m[1]!r} is not allowed"
    if m := re.fullmatch(r"The attribute '([^']*)' is required but missing", rest):
        return f"missing required attribute {m[1]!r}"
    if m := re.fullmatch(r"This element is not expected(?:\. Expected is (?:one of )?(\(.*\)))?",
                         rest):
        ours = qname.startswith(_NS) and qname[len(_NS):] in _VOCABULARY
        problem = "element not allowed here" if ours else "unknown element"
        return f"{problem}; expected {_names(m[1])}" if m[1] else problem
    if m := re.fullmatch(r"Missing child element\(s\)\. Expected is (?:one of )?(\(.*\))", rest):
        return f"missing child element {_names(m[1])}"
    if rest.startswith("Character content other than whitespace is not allowed"):
        return "text is not allowed here, only child elements"
    if rest.startswith("Element content is not allowed"):
        return "must contain text only, not child elements"
    if m := re.fullmatch(r"Duplicate key-sequence \['(.*)'\] in unique identity-constraint "
                         r"'(?:\{[^}]*\})?([\w\-]+)'", rest):
        return f"{_UNIQUE_FIELDS.get(m[2], 'value')} {m[1]!r} is used twice"
    if rest.startswith("[facet 'minLength']") and "length of '0'" in rest:
        return f"{about} must not be empty" if about else "must not be empty"
    if m := re.fullmatch(r"\[facet 'maxInclusive'\] The value '(.*)' is greater than the "
                         r"maximum value allowed \('(.*)'\)", rest):
        return f"{subject} is {m[1]}, over the maximum of {m[2]}"
    if m := re.fullmatch(r"\[facet 'enumeration'\] The value '(.*)' is not an element of the "
                         r"set \{(.*)\}", rest):
        allowed = " or ".join(v.strip() for v in m[2].split(","))
        return f"{subject} must be {allowed}, not {m[1]!r}"
    if m := re.fullmatch(r"'(.*)' is not a valid value of the (?:local )?atomic type "
                         r"'(?:\{[^}]*\})?whole-number'", rest, re.DOTALL):
        return f"{subject} must be a whole number (0 or more), not {m[1]!r}"
    if m := re.fullmatch(r"'(.*)' is not a valid value of .*", rest, re.DOTALL):
        return f"{subject}: {m[1]!r} is not a valid value"
    cleaned = _QNAME.sub(r"\g<local>", re.sub(r"^\[facet '[^']*'\] ", "", rest))
    return f"{about}: {cleaned}" if about else cleaned


# ---------------------------------------------------------------------------
# Building the model from a valid tree


def _children(el: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(local name, element) for each child element; comments and PIs are skipped."""
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            yield tag[len(_NS):] if tag.startswith(_NS) else tag, child


def _text(el: etree._Element) -> str:
    """Text directly inside an element: its text and the tails of its children.

    For a text-only element the only possible children are comments, so this
    is its whole content with the comments left out.
    """
    if len(el) == 0:
        return el.text or ""
    return (el.text or "") + "".join(child.tail or "" for child in el)


def _whole(value: str) -> int:
    # The schema allows "+5", " 5 " and any number of leading zeros; int() refuses
    # more than 4,300 digits, so the zeros go first.
    return int(value.strip(_XML_SPACE).lstrip("+").lstrip("0") or "0")


def _int(value: str | None) -> int | None:
    return None if value is None else _whole(value)


def _opt(value: str | None) -> str | None:
    return None if value is None else collapse(value)


@functools.lru_cache(maxsize=4096)
def _ref_or_none(raw: str) -> str | None:
    try:
        return normalise(raw)
    except InvalidReference:
        return None


class _Builder:
    """Walks a schema-valid tree once, recording where each element came from."""

    def __init__(self, file: str, lines: StartLines | None = None) -> None:
        self.file = file
        self.lines = lines

    def location(self, el: etree._Element, path: str, locator: str) -> SourceLocation:
        return SourceLocation(file=self.file, line=_start_line(el, self.lines), path=path,
                              locator=locator)

    def fail(self, el: etree._Element, problem: str) -> InputError:
        return InputError(f"{self.file}:{_start_line(el, self.lines)}", problem)

    # -- the whole document ---------------------------------------------------

    def specification(self, root: etree._Element) -> QualificationSpec:
        facts: dict[str, Any] = {}
        fact_locations: dict[str, SourceLocation] = {}
        spec_path = "/specification"
        criteria = root.get("criteria")
        if criteria is not None:
            facts["criteria_set"] = collapse(criteria)
            fact_locations["criteria_set"] = self.location(root, spec_path, "specification")
        groups: list[Group] = []
        supersedes: list[Supersession] = []
        units: list[Unit] = []
        combination = RulesOfCombination()
        counts: dict[str, int] = {}
        for name, child in _children(root):
            counts[name] = index = counts.get(name, 0) + 1
            path = f"{spec_path}/{name}[{index}]"
            if name == "qualification":
                self.qualification(child, path, facts, fact_locations)
            elif name == "rationale":
                facts["rationale"] = strip(_text(child))
                fact_locations["rationale"] = self.location(child, path, "rationale")
            elif name == "supersedes":
                supersedes.append(self.supersedes(child, path, index))
            elif name == "group":
                groups.append(self.group(child, path))
            elif name == "rules-of-combination":
                combination = self.combination(child, path)
            elif name == "unit":
                units.append(self.unit(child, path, index))
        return QualificationSpec(
            file=self.file, format="xml", fact_locations=fact_locations, groups=groups,
            combination=combination, units=units, supersedes=supersedes,
            **facts,
        )

    def qualification(self, el: etree._Element, path: str, facts: dict[str, Any],
                      locations: dict[str, SourceLocation]) -> None:
        here = self.location(el, path, "qualification")
        for attribute, field, convert in (
            ("awarding-organisation", "awarding_organisation", collapse),
            ("number", "qualification_number", collapse),
            ("level", "level", _whole),
            ("tqt", "tqt", _whole),
            ("glh", "glh", _whole),
            ("credits", "credits", _whole),
        ):
            value = el.get(attribute)
            if value is not None:
                facts[field] = convert(value)
                locations[field] = here
        printed: dict[str, str] = {}
        for name, child in _children(el):
            if name == "title":
                facts["title"] = collapse(_text(child))
                locations["title"] = self.location(child, f"{path}/title[1]", "qualification title")
            elif name == "fact":
                printed[collapse(child.get("name"))] = strip(_text(child))
        facts["facts"] = printed

    def supersedes(self, el: etree._Element, path: str, index: int) -> Supersession:
        title, plan = "", None
        for name, child in _children(el):
            if name == "title":
                title = collapse(_text(child))
            elif name == "withdrawal-plan":
                plan = strip(_text(child))
        return Supersession(
            title=title, qualification_number=_opt(el.get("number")), withdrawal_plan=plan,
            location=self.location(el, path, f"superseded qualification {index}"),
        )

    # -- structure ------------------------------------------------------------

    def group(self, el: etree._Element, path: str) -> Group:
        group_id = collapse(el.get("id"))
        return Group(
            id=group_id, name=collapse(el.get("name")), kind=_GROUP_KINDS[el.get("kind", "")],
            location=self.location(el, path, f"group {group_id}"),
        )

    def combination(self, el: etree._Element, path: str) -> RulesOfCombination:
        rules: list[CreditRule] = []
        pathways: list[Pathway] = []
        barred: list[BarredCombination] = []
        unread: list[UnreadStatement] = []
        counts: dict[str, int] = {}
        for name, child in _children(el):
            counts[name] = index = counts.get(name, 0) + 1
            child_path = f"{path}/{name}[{index}]"
            if name == "rule":
                rules.append(self.rule(child, child_path, f"rules of combination, rule {index}"))
            elif name == "pathway":
                pathways.append(self.pathway(child, child_path))
            elif name == "barred":
                barred.append(self.barred(child, child_path, index))
            elif name == "unread":
                unread.append(UnreadStatement(
                    text=strip(_text(child)), reason=collapse(child.get("reason")),
                    location=self.location(child, child_path, f"unread statement {index}"),
                ))
        return RulesOfCombination(rules=rules, pathways=pathways, barred=barred, unread=unread)

    def rule(self, el: etree._Element, path: str, locator: str) -> CreditRule:
        text, refs = self.mixed(el, "group-ref")
        return CreditRule(
            groups=[*tokens(el.get("groups")), *(collapse(_text(r)) for r in refs)],
            min_credits=_int(el.get("min-credits")),
            max_credits=_int(el.get("max-credits")),
            min_hours=_int(el.get("min-hours")),
            max_hours=_int(el.get("max-hours")),
            min_level=_int(el.get("min-level")),
            text=text,
            location=self.location(el, path, locator),
        )

    def pathway(self, el: etree._Element, path: str) -> Pathway:
        pathway_id = collapse(el.get("id"))
        locator = f"pathway {pathway_id}"
        rules = [
            self.rule(child, f"{path}/rule[{index}]", f"{locator}, rule {index}")
            for index, (_, child) in enumerate(_children(el), start=1)
        ]
        return Pathway(id=pathway_id, name=collapse(el.get("name")), rules=rules,
                       location=self.location(el, path, locator))

    def barred(self, el: etree._Element, path: str, index: int) -> BarredCombination:
        text, refs = self.mixed(el, "unit-ref")
        units = [*tokens(el.get("units")), *(collapse(_text(r)) for r in refs)]
        if len(units) < 2:
            named = f"only {units[0]!r}" if units else "no unit"
            raise self.fail(el, f"<barred>: names {named}; a barred combination needs at least "
                                "two units (units=\"A B\" or <unit-ref> children)")
        return BarredCombination(units=units, text=text,
                                 location=self.location(el, path, f"barred combination {index}"))

    def mixed(self, el: etree._Element, list_child: str) -> tuple[str | None, list[etree._Element]]:
        """The text of a rule, barred combination or criterion, and its list children.

        The text is the element's own content, or a <text> child when the element
        has list children too; text beside child elements is refused, since
        which part belongs where would be a guess.
        """
        text: str | None = None
        listed: list[etree._Element] = []
        has_elements = False
        for name, child in _children(el):
            has_elements = True
            if name == "text":
                text = strip(_text(child))
            elif name == list_child:
                listed.append(child)
        direct = strip(_text(el))
        if has_elements and direct:
            local = _local(el)
            raise self.fail(el, f"<{local}>: text mixed with child elements; put the text in a "
                                f"<text> child, or write the list as an attribute")
        if not has_elements and direct:
            text = direct
        return text, listed

    # -- content --------------------------------------------------------------

    def unit(self, el: etree._Element, path: str, index: int) -> Unit:
        title, aim = "", None
        methods: list[str] = []
        mapping_els: list[etree._Element] = []
        outcome_els: list[etree._Element] = []
        for name, child in _children(el):
            if name == "title":
                title = collapse(_text(child))
            elif name == "aim":
                aim = strip(_text(child))
            elif name == "assessment-method":
                methods.append(collapse(_text(child)))
            elif name == "maps-to":
                mapping_els.append(child)
            elif name == "outcome":
                outcome_els.append(child)
        reference, number = _opt(el.get("reference")), _opt(el.get("number"))
        locator = "unit " + (reference or number or (repr(title) if title else str(index)))
        return Unit(
            reference=reference, number=number, title=title,
            level=_int(el.get("level")), glh=_int(el.get("glh")), tqt=_int(el.get("tqt")),
            credit=_int(el.get("credit")), group=_opt(el.get("group")), aim=aim,
            assessment_methods=methods,
            mappings=self.mappings(el, mapping_els, path, locator),
            outcomes=[
                self.outcome(child, f"{path}/outcome[{i}]", locator)
                for i, child in enumerate(outcome_els, start=1)
            ],
            location=self.location(el, path, locator),
        )

    def outcome(self, el: etree._Element, path: str, unit_locator: str) -> LearningOutcome:
        number = collapse(el.get("number"))
        locator = f"{unit_locator}, outcome {number}"
        text = ""
        mapping_els: list[etree._Element] = []
        criteria: list[AssessmentCriterion] = []
        for name, child in _children(el):
            if name == "text":
                text = strip(_text(child))
            elif name == "maps-to":
                mapping_els.append(child)
            elif name == "criterion":
                criteria.append(self.criterion(child, f"{path}/criterion[{len(criteria) + 1}]",
                                               locator))
        return LearningOutcome(
            number=number, text=text, criteria=criteria,
            mappings=self.mappings(el, mapping_els, path, locator),
            location=self.location(el, path, locator),
        )

    def criterion(self, el: etree._Element, path: str, outcome_locator: str) -> AssessmentCriterion:
        number = collapse(el.get("number"))
        locator = f"{outcome_locator}, criterion {number}"
        text, mapping_els = self.mixed(el, "maps-to")
        return AssessmentCriterion(
            number=number, text=text or "",
            mappings=self.mappings(el, mapping_els, path, locator),
            location=self.location(el, path, locator),
        )

    def mappings(self, el: etree._Element, children: Iterable[etree._Element], path: str,
                 locator: str) -> list[Mapping]:
        """The maps-to attribute's references, then those of <maps-to> children."""
        result: list[Mapping] = []
        attribute = el.get("maps-to")
        if attribute is not None:
            here = self.location(el, f"{path}/@maps-to", locator)
            result.extend(Mapping(raw=raw, ref=_ref_or_none(raw), location=here)
                          for raw in tokens(attribute))
        for index, child in enumerate(children, start=1):
            raw = collapse(_text(child))
            result.append(Mapping(raw=raw, ref=_ref_or_none(raw),
                                  location=self.location(child, f"{path}/maps-to[{index}]",
                                                         locator)))
        return result


def _local(el: etree._Element) -> str:
    return str(el.tag).rpartition("}")[2]
