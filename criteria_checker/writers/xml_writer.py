"""Write a QualificationSpec in the criteria-checker XML vocabulary (docs/spec-xml.md).

The output is made to be read by people and diffed in Git: UTF-8 with an
XML declaration, two-space indentation, one element per line, attributes in
a fixed order, a final newline. The same model always gives the same bytes,
and reading the output back gives the same model, locations aside.

Text is normalised as the reader normalises it (single-line fields
collapsed, prose stripped), so writing a file that was read from XML gives
back the writer's own output byte for byte. Lists of references are written
as an attribute (``maps-to="LMAC5A/LM LMAC5B/TW"``) when every item is one
word, otherwise as one child element per item. Every document written is
validated against the XSD before it is returned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from criteria_checker.errors import InputError, InvalidReference
from criteria_checker.model.spec import (
    AssessmentCriterion,
    BarredCombination,
    CreditRule,
    LearningOutcome,
    Mapping,
    QualificationSpec,
    RulesOfCombination,
    Unit,
)
from criteria_checker.readers.xml_reader import NAMESPACE, collapse, schema_problems, strip
from criteria_checker.refs import parse

if TYPE_CHECKING:
    from lxml import etree

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = f"{{{NAMESPACE}}}"
# Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_xml_spec(spec: QualificationSpec) -> bytes:
    """The specification as XML bytes, or InputError naming ``spec.file`` if it cannot be.

    A model cannot be written when a value holds a character XML does not
    allow (a NUL, most control characters) or breaks the schema (a negative
    hour figure, an empty reference, two groups with one id).
    """
    from lxml import etree

    writer = _Writer(spec)
    root = writer.specification()
    problems = schema_problems(root)
    if problems:
        first = problems[0]
        where = writer.where_of(root, first.path)
        raise InputError(spec.file, f"cannot be written as XML ({where}): {first.text}")
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return _DECLARATION + body


def _one_word_each(items: Sequence[str]) -> bool:
    """True when a list can be a space-separated attribute and read back the same."""
    return all(item and " " not in item for item in items)


class _Writer:
    def __init__(self, spec: QualificationSpec) -> None:
        from lxml import etree

        self.spec = spec
        self.etree = etree
        #: What each element is, in words, for messages about it.
        self.described: dict[etree._Element, str] = {}

    # -- building blocks ------------------------------------------------------

    def checked(self, value: str, where: str) -> str:
        bad = _NOT_XML.search(value)
        if bad:
            raise InputError(self.spec.file, f"cannot be written as XML ({where}): it contains "
                                             f"the character U+{ord(bad.group()):04X}, which "
                                             "XML does not allow")
        return value

    def element(self, parent: etree._Element | None, name: str, where: str,
                attributes: Sequence[tuple[str, str | int | None]] = (),
                text: str | None = None) -> etree._Element:
        """An element with the attributes that are set, in the order given."""
        tag = _NS + name
        if parent is None:
            # The vocabulary is the default namespace; lxml-stubs do not allow a None prefix.
            el = self.etree.Element(tag, nsmap={None: NAMESPACE})  # type: ignore[dict-item]
        else:
            el = self.etree.SubElement(parent, tag)
        for attribute, value in attributes:
            if value is not None:
                el.set(attribute, self.checked(str(value), f"{where}, attribute {attribute!r}"))
        if text is not None:
            el.text = self.checked(text, f"{where}, <{name}>")
        self.described[el] = where
        return el

    def where_of(self, root: etree._Element, path: str | None) -> str:
        """The words for the element at a schema problem's XPath."""
        found = root.xpath(path) if path else []
        element = found[0] if isinstance(found, list) and found else None
        return self.described.get(element, "specification") \
            if isinstance(element, self.etree._Element) else "specification"

    def text_element(self, parent: etree._Element, name: str, text: str | None,
                     where: str) -> None:
        if text is not None:
            self.element(parent, name, where, text=text)

    # -- the document ---------------------------------------------------------

    def specification(self) -> etree._Element:
        spec = self.spec
        criteria = None if spec.criteria_set is None else collapse(spec.criteria_set)
        root = self.element(None, "specification", "specification", [("criteria", criteria)])
        self.qualification(root)
        self.text_element(root, "rationale", _prose(spec.rationale), "rationale")
        for index, old in enumerate(spec.supersedes, start=1):
            where = f"superseded qualification {index}"
            el = self.element(root, "supersedes", where, [
                ("number", _line(old.qualification_number)),
            ])
            self.text_element(el, "title", collapse(old.title), where)
            self.text_element(el, "withdrawal-plan", _prose(old.withdrawal_plan), where)
        for group in spec.groups:
            self.element(root, "group", f"group {group.id}", [
                ("id", collapse(group.id)), ("kind", group.kind), ("name", collapse(group.name)),
            ])
        self.combination(root, spec.combination)
        for index, unit in enumerate(spec.units, start=1):
            self.unit(root, unit, index)
        return root

    def qualification(self, root: etree._Element) -> None:
        spec = self.spec
        attributes: list[tuple[str, str | int | None]] = [
            ("awarding-organisation", _line(spec.awarding_organisation)),
            ("number", _line(spec.qualification_number)),
            ("level", spec.level), ("tqt", spec.tqt), ("glh", spec.glh),
            ("credits", spec.credits),
        ]
        if all(v is None for _, v in attributes) and spec.title is None and not spec.facts:
            return
        el = self.element(root, "qualification", "qualification", attributes)
        self.text_element(el, "title", _line(spec.title), "qualification")
        for name, value in spec.facts.items():
            self.element(el, "fact", f"fact {name!r}", [("name", collapse(name))],
                         text=strip(value))

    # -- structure ------------------------------------------------------------

    def combination(self, root: etree._Element, combination: RulesOfCombination) -> None:
        if combination == RulesOfCombination():
            return
        el = self.element(root, "rules-of-combination", "rules of combination")
        for index, rule in enumerate(combination.rules, start=1):
            self.rule(el, rule, f"rules of combination, rule {index}")
        for pathway in combination.pathways:
            where = f"pathway {pathway.id}"
            pathway_el = self.element(el, "pathway", where, [
                ("id", collapse(pathway.id)), ("name", collapse(pathway.name)),
            ])
            for index, rule in enumerate(pathway.rules, start=1):
                self.rule(pathway_el, rule, f"{where}, rule {index}")
        for index, barred in enumerate(combination.barred, start=1):
            self.barred(el, barred, f"barred combination {index}")
        for index, unread in enumerate(combination.unread, start=1):
            self.element(el, "unread", f"unread statement {index}",
                         [("reason", collapse(unread.reason))], text=strip(unread.text))

    def rule(self, parent: etree._Element, rule: CreditRule, where: str) -> None:
        groups = [collapse(g) for g in rule.groups]
        as_attribute = _one_word_each(groups)
        el = self.element(parent, "rule", where, [
            ("groups", " ".join(groups) if groups and as_attribute else None),
            ("min-credits", rule.min_credits), ("max-credits", rule.max_credits),
            ("min-hours", rule.min_hours), ("max-hours", rule.max_hours),
            ("min-level", rule.min_level),
        ])
        self.mixed(el, _prose(rule.text), "group-ref", [] if as_attribute else groups, where)

    def barred(self, parent: etree._Element, barred: BarredCombination, where: str) -> None:
        units = [collapse(u) for u in barred.units]
        as_attribute = _one_word_each(units)
        el = self.element(parent, "barred", where,
                          [("units", " ".join(units) if as_attribute else None)])
        self.mixed(el, _prose(barred.text), "unit-ref", [] if as_attribute else units, where)

    def mixed(self, el: etree._Element, text: str | None, list_child: str, items: list[str],
              where: str) -> None:
        """Text as the content, or in <text> beside list children (and for empty text)."""
        if not items and text:
            el.text = self.checked(text, where)
            return
        self.text_element(el, "text", text, where)
        for item in items:
            self.element(el, list_child, where, text=item)

    # -- content --------------------------------------------------------------

    def unit(self, root: etree._Element, unit: Unit, index: int) -> None:
        reference, number = _line(unit.reference), _line(unit.number)
        title = collapse(unit.title)
        where = "unit " + (reference or number or (repr(title) if title else str(index)))
        raws, as_attribute = self.mapping_raws(unit.mappings)
        el = self.element(root, "unit", where, [
            ("reference", reference), ("number", number), ("level", unit.level),
            ("glh", unit.glh), ("tqt", unit.tqt), ("credit", unit.credit),
            ("group", _line(unit.group)),
            ("maps-to", " ".join(raws) if raws and as_attribute else None),
        ])
        self.text_element(el, "title", title, where)
        self.text_element(el, "aim", _prose(unit.aim), where)
        for method in unit.assessment_methods:
            self.text_element(el, "assessment-method", collapse(method), where)
        if not as_attribute:
            for raw in raws:
                self.element(el, "maps-to", where, text=raw)
        for outcome in unit.outcomes:
            self.outcome(el, outcome, where)

    def outcome(self, parent: etree._Element, outcome: LearningOutcome, unit_where: str) -> None:
        where = f"{unit_where}, outcome {collapse(outcome.number)}"
        raws, as_attribute = self.mapping_raws(outcome.mappings)
        el = self.element(parent, "outcome", where, [
            ("number", collapse(outcome.number)),
            ("maps-to", " ".join(raws) if raws and as_attribute else None),
        ])
        self.text_element(el, "text", strip(outcome.text), where)
        if not as_attribute:
            for raw in raws:
                self.element(el, "maps-to", where, text=raw)
        for criterion in outcome.criteria:
            self.criterion(el, criterion, where)

    def criterion(self, parent: etree._Element, criterion: AssessmentCriterion,
                  outcome_where: str) -> None:
        where = f"{outcome_where}, criterion {collapse(criterion.number)}"
        raws, as_attribute = self.mapping_raws(criterion.mappings)
        el = self.element(parent, "criterion", where, [
            ("number", collapse(criterion.number)),
            ("maps-to", " ".join(raws) if raws and as_attribute else None),
        ])
        text = strip(criterion.text)
        if as_attribute:
            # An empty criterion is written <criterion .../>, which reads back as "".
            if text:
                el.text = self.checked(text, where)
            return
        self.mixed(el, text, "maps-to", raws, where)

    @staticmethod
    def mapping_raws(mappings: list[Mapping]) -> tuple[list[str], bool]:
        raws = [_written(m) for m in mappings]
        return raws, _one_word_each(raws)


def _written(mapping: Mapping) -> str:
    """A mapping as the XML states it: as written, unless that alone does not name its node.

    A Word reader expands "LMAC5B/TL B1-B4" into four mappings and reads "A2"
    after "LMAC5A/LM A1" as an item of LMAC5A/LM; each of those, written on its
    own, would name nothing, so the canonical reference is written instead.
    """
    raw = collapse(mapping.raw)
    if mapping.ref is None:
        return raw
    try:
        alone = str(parse(raw))
    except InvalidReference:
        return mapping.ref
    return raw if alone == mapping.ref else mapping.ref


def _line(value: str | None) -> str | None:
    return None if value is None else collapse(value)


def _prose(value: str | None) -> str | None:
    return None if value is None else strip(value)
