"""The words real specifications use: labels, headings and column names.

Awarding organisations label the same fact many ways ("GLH", "Guided
learning hours", "Guided Learning"; "Unit no", "URN", "Unit reference
number"). Labels are compared after :func:`normalise_label` (case-folded,
punctuation and parenthesised abbreviations dropped), so each table below
lists a variant once. The DOCX writer uses the ``WRITTEN_*`` labels, which
the tests prove read back to the same field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from criteria_checker.compiled_cache import dataclass, regex

SectionKind = Literal["facts", "structure", "units", "rationale", "supersedes"]
#: "omap": a mapping column merged down each outcome's rows, so it maps outcomes.
GridRole = Literal["lo", "ac", "map", "omap"]
ListRole = Literal["reference", "number", "number_or_reference", "title", "level", "glh", "tqt",
                   "credit", "group", "mappings"]

_PARENS = regex(r"\([^)]*\)")
_NOT_WORD = regex(r"[^\w/ ]+")
_SPACES = regex(r"\s+")


@lru_cache(maxsize=4096)
def normalise_label(text: str) -> str:
    """A label as compared: case-folded, '&' as 'and', no parentheses or punctuation."""
    text = _PARENS.sub(" ", text.casefold().replace("&", " and "))
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip(" /")


def _table(rows: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_label(label): field for field, labels in rows.items() for label in labels}


#: Qualification key facts: normalised label -> QualificationSpec field.
FACT_FIELDS = _table({
    "awarding_organisation": ("Awarding organisation", "Awarding organization", "Awarding body",
                              "AO", "Awarding organisation name"),
    "title": ("Qualification title", "Title", "Qualification name", "Qualification",
              "Full qualification title", "Qualification full title"),
    "qualification_number": ("Qualification number", "QN", "Qualification accreditation number",
                             "QAN", "Ofqual qualification number", "Ofqual number",
                             "Qualification reference number", "Ofqual reference",
                             "Ofqual qualification reference", "Learning aim reference",
                             "Qualification no"),
    "level": ("Level", "Qualification level", "RQF level"),
    "tqt": ("TQT", "Total qualification time", "Total qualification time hours"),
    "glh": ("GLH", "Guided learning hours", "Guided learning", "Guided learning hours GLH"),
    "credits": ("Credit", "Credits", "Credit value", "Total credits", "Qualification credit value",
                "Credit value of the qualification", "Minimum credits", "Total credit value"),
    "criteria_set": ("Criteria set", "Qualification criteria", "Criteria"),
})

#: Unit facts: normalised label -> Unit field ("number_or_reference" is decided by the value).
UNIT_FIELDS = _table({
    "reference": ("Unit reference number", "URN", "Unit reference", "Ofqual unit reference",
                  "Ofqual unit reference number", "Ofqual reference", "Unit ref",
                  "Ofqual unit number", "RQF unit number", "Unit regulation number"),
    "number_or_reference": ("Unit number", "Unit no", "Unit code", "AO unit number",
                            "Unit", "Unit no."),
    "title": ("Unit title", "Title", "Unit name", "Title of unit", "Title of the unit",
              "Name of unit", "Name of the unit"),
    "level": ("Level", "Unit level"),
    "glh": ("GLH", "Guided learning hours", "Guided learning", "Unit guided learning hours",
            "Unit GLH"),
    "tqt": ("TQT", "Total qualification time", "Total unit time", "TUT", "Unit TQT",
            "Total unit time TUT"),
    "credit": ("Credit", "Credits", "Credit value", "Unit credit value", "Unit credit"),
    "group": ("Group", "Unit group", "Mandatory/optional", "Mandatory or optional",
              "Optional/mandatory"),
    "aim": ("Unit aim", "Aim", "Unit aims", "Aims", "Unit summary", "Summary", "Purpose",
            "Unit purpose", "Aim of the unit", "Unit overview", "About this unit",
            "Purpose and aim", "Unit purpose and aim"),
    "assessment_methods": ("Assessment requirements", "Assessment methods", "Assessment method",
                           "Assessment", "Assessment type", "Method of assessment",
                           "Methods of assessment", "Assessment requirements or guidance"),
    "mappings": ("Skills for Care reference", "Skills for Care references", "SfC reference",
                 "SfC ref", "Skills for Care criteria", "Skills for Care criteria reference",
                 "Skills for Care mapping", "SfC mapping", "SfC criteria", "Criteria reference",
                 "Criteria references", "Qualification criteria reference", "Criteria mapping",
                 "Mapping", "Mappings", "Maps to", "Mapped to",
                 "Relationship to qualification criteria", "Mapping to qualification criteria",
                 "Mapping to Skills for Care criteria", "Links to qualification criteria"),
})

#: Labels that only ever name a unit fact: a table holding one starts or belongs to a unit.
UNIT_ONLY_FIELDS = frozenset({"reference", "number_or_reference", "aim", "mappings"})
UNIT_ONLY_LABELS = frozenset(
    label for label, field in UNIT_FIELDS.items()
    if field in UNIT_ONLY_FIELDS or (field == "title" and "unit" in label.split())
)

# -- keyword families -----------------------------------------------------------
#
# The tables above hold the spellings seen most; the families below read any
# label built from the same words ("Coverage of Skills for Care criteria",
# "SfC content addressed", "Link to SfC criteria", "Ofqual unit ref"), so a
# house style nobody listed still reads. Families are tried in order on the
# normalised label; the first that matches decides.

#: National Occupational Standards and other frameworks: never criteria references.
_OTHER_FRAMEWORK = regex(
    r"\b(national occupational standards?|occupational standards?|nos|nvq|ksbs?|"
    r"apprenticeship standards?|knowledge skills and behaviours)\b")
#: Words that name the link between content and the qualification criteria.
_MAPPING_WORDS = regex(
    r"\b(skills for care|sfc|mappings?|maps?|mapped|links?|linked|linkage|relationship|"
    r"coverage|covers|covered|addressed|addresses|cross references?|lmac\w*|"
    r"qualification criteria|criteria (references?|refs?|codes?|mappings?|covered|met|"
    r"addressed)|(references?|refs?|codes?) to (the )?criteria|criteria)\b")
#: "Assessment criteria" names a grid column, not a mapping.
_ASSESSMENT_CRITERIA = regex(r"\bassessment criteri|\bthe learner can\b")

#: A level on a qualifications framework, however its label names the framework ("RQF
#: level", "Ofqual level", "QCF/RQF level", "Level on the RQF").
_FRAMEWORK_LEVEL = (r"((rqf|qcf|nqf|fheq|ofqual|eqf)(/(rqf|qcf|nqf|fheq|eqf))? )?level"
                    r"( (on|in) (the )?(rqf|qcf|nqf|fheq|eqf|framework))?")

_UNIT_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (UAN: "unit accreditation number", as some awarding organisations call the URN.)
    ("reference", regex(r"\b(urn|uan|unit (reference|ref|accreditation)|"
                             r"(ofqual|regulat\w*|rqf) unit)\b|"
                             r"^(ofqual )?(reference|ref)( number| no)?$")),
    ("number_or_reference", regex(r"^(ao |our |centre )?unit (no|number|code|id)$|^unit$")),
    ("glh", regex(r"\b(glh|guided learning)\b")),
    ("tqt", regex(r"\b(tqt|tut|total (qualification|unit|learning) time|notional)\b")),
    ("credit", regex(r"\bcredits?\b")),
    ("level", regex(rf"^(unit )?{_FRAMEWORK_LEVEL}$|^level of (the )?unit$")),
    ("title", regex(r"^(unit )?(title|name)$|^(title|name) of (the )?unit$")),
    ("group", regex(r"^(unit )?(group|status|type)$|\bmandatory\b.*\boptional\b|"
                         r"\boptional\b.*\bmandatory\b")),
    ("aim", regex(r"\b(aims?|purpose|summary|overview|about (this|the) unit|"
                       r"unit introduction|introduction|description)\b")),
    ("assessment_methods", regex(r"\bassessment\b(?! criteri)")),
)

_FACT_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("awarding_organisation", regex(r"\bawarding (organi[sz]ations?|body|bodies)\b|^ao$")),
    ("qualification_number", regex(
        r"^((ofqual )?qn|qan|ofqual (number|no|reference|ref|code))$|"
        r"\b(qualification|accreditation|ofqual|learning aim|regulat\w*)\b.*"
        r"\b(number|no|reference|ref|code)\b")),
    ("title", regex(r"\btitle\b|^(full )?qualification( name)?$|"
                         r"^name of (the )?qualification$")),
    ("tqt", regex(r"\b(tqt|total qualification time)\b")),
    ("glh", regex(r"\b(glh|guided learning)\b")),
    ("credits", regex(r"\bcredits?\b")),
    ("level", regex(rf"^(qualification )?{_FRAMEWORK_LEVEL}$|^level of (the )?qualification$")),
)


_UNIT_WORD_IN = regex(r"\bunits?\b")


#: How learning outcomes and assessment criteria open: such a line is content, not a label.
_CONTENT_VERB = regex(
    r"^(understand|know|be able|lead|demonstrate|provide|manage|work|implement|develop|"
    r"explain|describe|identify|analyse|analyze|evaluate|outline|summarise|summarize|define|"
    r"review|reflect|support|promote|apply|assess|monitor|use|establish|ensure|plan|"
    r"compare|discuss|critically|justify|the learner)\b")


def is_label_shaped(text: str) -> bool:
    """Whether text could be a label at all (see :func:`_label_shaped`)."""
    return _label_shaped(normalise_label(text))


def _label_shaped(text: str) -> bool:
    """Short words without figures, not a sentence, a reference or an outcome.

    Only such text is read by its words: "LMAC5A/LM/A.1" or "Understand
    the purpose of supervision" in a first column is content, not a label.
    """
    return (bool(text) and len(text) <= 80 and text.count(" ") < 8
            and not any(ch.isdigit() for ch in text) and _CONTENT_VERB.match(text) is None)


@lru_cache(maxsize=4096)
def is_other_framework(label: str) -> bool:
    """Whether a label names National Occupational Standards (or the like), not criteria."""
    return _OTHER_FRAMEWORK.search(normalise_label(label)) is not None


@lru_cache(maxsize=4096)
def is_mapping_label(label: str) -> bool:
    """Whether a label names the content's link to the qualification criteria, in any words."""
    text = normalise_label(label)
    if UNIT_FIELDS.get(text) == "mappings":
        return True
    if not _label_shaped(text) or _OTHER_FRAMEWORK.search(text) is not None:
        return False
    return _MAPPING_WORDS.search(text) is not None and _ASSESSMENT_CRITERIA.search(text) is None


@lru_cache(maxsize=4096)
def unit_field(label: str) -> str | None:
    """The Unit field a label names (see UNIT_FIELDS), by its spelling or its words."""
    text = normalise_label(label)
    found = UNIT_FIELDS.get(text)
    if found is not None or not _label_shaped(text):
        return found
    if _OTHER_FRAMEWORK.search(text) is not None:
        return None
    if is_mapping_label(text):
        return "mappings"
    for name, pattern in _UNIT_FAMILIES:
        if pattern.search(text):
            return name
    return None


#: What a grid's own rows say about its outcomes and criteria under a label of their own
#: ("Range", "Assessment guidance", "Additional information", "Tutor notes"): notes on
#: them, not outcomes or criteria.
_GRID_NOTE = regex(
    r"^((unit|assessment|delivery|tutor|teaching|additional|further|learner|centre|"
    r"delivery and assessment|assessment and delivery)\s)?"
    r"(range( statements?)?|guidance( notes?| for delivery| on delivery)?|information|"
    r"notes?|amplification|indicative content|evidence( requirements)?|requirements|"
    r"assessment|delivery|additional information)$")


@lru_cache(maxsize=1024)
def grid_note_field(label: str) -> str | None:
    """For a label opening a row of a grid: the unit field it gives ("Assessment methods",
    "Skills for Care reference", "Unit aim"), "" for a note the model keeps nothing of
    ("Range", "Delivery guidance"), None when it is no such label."""
    text = normalise_label(label)
    if not _label_shaped(text) or _LETTERED.match(label) is not None:
        return None  # ("d) Review the purpose of ...": a criterion, lettered)
    if is_mapping_label(text):
        return "mappings"  # ("Relationship to the Skills for Care criteria")
    if text.count(" ") > 4:
        return None  # (any other label is a few words)
    found = unit_field(text)
    if found in ("aim", "assessment_methods", "mappings"):
        return found
    return "" if _GRID_NOTE.match(text) is not None else None


#: A lettered item ("a)", "(ii)", "b."): a criterion or point, not a label.
_LETTERED = regex(r"^\s*\(?[a-z]{1,4}[.)]\s", re.IGNORECASE)


@lru_cache(maxsize=4096)
def fact_field(label: str) -> str | None:
    """The key fact a label names (see FACT_FIELDS), by its spelling or its words."""
    text = normalise_label(label)
    found = FACT_FIELDS.get(text)
    if found is not None or not _label_shaped(text) or _UNIT_WORD_IN.search(text):
        return found
    for name, pattern in _FACT_FAMILIES:
        if pattern.search(text):
            return name
    return None


def is_unit_only_label(label: str) -> bool:
    """A label only a unit's facts use (URN, unit number, aim, mapping)."""
    text = normalise_label(label)
    if text in UNIT_ONLY_LABELS:
        return True
    if text in FACT_FIELDS:
        return False
    return unit_field(text) in UNIT_ONLY_FIELDS and fact_field(text) is None


#: The labels the DOCX writer prints, by field.
WRITTEN_FACT_LABELS: dict[str, str] = {
    "awarding_organisation": "Awarding organisation",
    "title": "Qualification title",
    "qualification_number": "Qualification number",
    "level": "Level",
    "tqt": "Total qualification time (TQT)",
    "glh": "Guided learning hours (GLH)",
    "credits": "Credit value",
    "criteria_set": "Criteria set",
}
WRITTEN_UNIT_LABELS: dict[str, str] = {
    "reference": "Unit reference number",
    "number": "Unit number",
    "title": "Unit title",
    "level": "Level",
    "glh": "Guided learning hours (GLH)",
    "tqt": "Total unit time (TQT)",
    "credit": "Credit value",
    "group": "Group",
    "aim": "Unit aim",
    "assessment_methods": "Assessment requirements",
    "mappings": "Skills for Care reference",
}
WRITTEN_LIST_COLUMNS: dict[str, str] = {
    "reference": "Unit reference number",
    "number": "Unit number",
    "title": "Unit title",
    "level": "Level",
    "glh": "GLH",
    "tqt": "TQT",
    "credit": "Credit value",
}
WRITTEN_GRID_HEADERS = ("Learning outcomes – The learner will:",
                        "Assessment criteria – The learner can:",
                        "Skills for Care reference")
WRITTEN_SUPERSEDES_HEADERS = ("Qualification superseded", "Qualification number",
                              "Withdrawal plan")


# -- "Label: value" ---------------------------------------------------------

_LABEL_VALUE = regex(r"^([^:]{1,60}?)\s*[:：]\s*(.*)$", re.DOTALL)
_LABEL_DASH = regex(r"^([^:\-–—]{1,60}?)\s+[–—-]\s+(.*)$", re.DOTALL)


def split_label_value(line: str) -> tuple[str, str] | None:
    """('GLH', '480') from 'GLH: 480' or 'GLH - 480'; None when the line has no label."""
    match = _LABEL_VALUE.match(line) or _LABEL_DASH.match(line)
    if match is None:
        return None
    label = match.group(1).strip()
    if not label or len(label.split()) > 8:
        return None
    return label, match.group(2).strip()


# -- values -------------------------------------------------------------------

_URN = regex(r"^[A-Za-z]\s*/\s*\d{3}\s*/\s*\d{4}$")


_URN_TOKEN = regex(r"(?<![\w/])[A-Za-z]/\d{3}/\d{4}(?![\w/])")


def unit_reference(value: str) -> str:
    """A unit reference number without the words around it: "H/650/2114 (Ofqual)".

    A value holding no single well-formed URN is kept as written, for the
    format check to report.
    """
    if looks_like_urn(value):
        return value.strip()
    found = _URN_TOKEN.findall(value)
    return found[0] if len(found) == 1 else value


def looks_like_urn(value: str) -> bool:
    """True for a unit reference number in Ofqual's shape, e.g. H/650/2114."""
    return _URN.match(value.strip()) is not None


# -- headings -----------------------------------------------------------------

_SECTION_PATTERNS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    ("supersedes", regex(r"\b(supersed\w*|replac\w*|withdraw\w*)\b")),
    ("rationale", regex(r"\brationale\b")),
    # ("Structure of the units", "Unit structure": how a unit's pages are set out.)
    ("structure", regex(r"\b(rules of combination|combination rules)\b|(?<!\bunit )\bstructure\b"
                        r"(?!\s+of\s+(?:the\s+|each\s+|a\s+)?units?\b)")),
    ("facts", regex(r"\b(key facts|key information|qualification (summary|details|"
                         r"information|overview|at a glance)|at a glance|"
                         r"about (this|the) qualification)\b")),
    ("units", regex(r"^(the )?(units?|unit (content|specifications?|details|"
                         r"information)|qualification units|units of assessment|content)$")),
)


def section_of_heading(text: str) -> SectionKind | None:
    """The kind of section a heading opens, if it is one the reader knows."""
    label = normalise_label(text)
    if len(label) > 80:
        return None
    for kind, pattern in _SECTION_PATTERNS:
        if pattern.search(label):
            return kind
    return None


@dataclass(frozen=True)
class UnitHeading:
    """What a unit heading says: 'Unit 501 Leadership' -> token '501', title 'Leadership'.

    ``bracketed`` is a URN printed in brackets after the title, as in
    'Unit 501 Leadership (H/650/2114)'.
    """

    token: str | None
    title: str | None
    bracketed: str | None = None
    #: Facts printed after the title: "Leadership (Level 5, 4 credits, 30 GLH)".
    facts: tuple[tuple[str, str], ...] = ()

    @property
    def reference(self) -> str | None:
        if self.token and looks_like_urn(self.token):
            return self.token
        return self.bracketed

    @property
    def number(self) -> str | None:
        return self.token if self.token and not looks_like_urn(self.token) else None


_UNIT_WORD = regex(r"^unit\b", re.IGNORECASE)
_BRACKETED_URN = regex(r"\s*\(\s*([A-Za-z]\s*/\s*\d{3}\s*/\s*\d{4})\s*\)")
#: An outline number typed before a heading: "3.2 Rules of combination".
#: Or the document's own division: "Section 4: Units", "Part B – Unit specifications".
OUTLINE_NUMBER = regex(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\D)|"
                       r"(?:section|part|chapter)\s+(?:[A-Z]|\d{1,2})\s*[:.–—-]\s*(?=\S))",
                       re.IGNORECASE)
_SEPARATORS = ":.–—-,|"


def parse_unit_heading(text: str) -> UnitHeading | None:
    """'Unit 501 Leadership and management', 'Unit 3: Title', 'Unit H/650/2114 - Title'.

    A heading that names no unit number ('Unit aim', 'Units') is not a unit
    heading unless a separator follows the word ('Unit: Title').
    """
    text = text.strip()
    if not _UNIT_WORD.match(text) or len(text) > 300:
        return None
    rest = text[4:]
    if rest[:1] and rest[:1] in _SEPARATORS:
        return UnitHeading(None, _title_or_none(rest))
    if not rest[:1].isspace():
        return None
    rest = rest.lstrip()
    word, _, tail = rest.partition(" ")
    if ":" in word:
        word, _, after = word.partition(":")
        tail = f"{after} {tail}"
    token = word.rstrip(_SEPARATORS)
    if not any(ch.isdigit() for ch in token):
        return None
    title = _title_or_none(tail)
    bracketed = _BRACKETED_URN.search(title) if title else None
    if title and bracketed is not None:
        title = _title_or_none(title[:bracketed.start()] + title[bracketed.end():])
    title, facts = title_facts(title)
    return UnitHeading(token, title, bracketed.group(1) if bracketed else None, facts)


#: A unit fact printed after the title in its heading, value and words either way round:
#: "Level 5", "4 credits", "Credit value 4", "30 GLH", "GLH: 30", "TQT 40".
_HEADING_FACTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("level", regex(r"^(?:rqf\s+|ofqual\s+)?level:?\s*(\d{1,2})$", re.IGNORECASE)),
    ("credit", regex(r"^(?:(\d{1,3})\s*credits?|credits?(?:\s+value)?:?\s*(\d{1,3}))$",
                     re.IGNORECASE)),
    ("glh", regex(r"^(?:(\d{1,4})\s*(?:glh|guided\s+learning\s+hours?)"
                  r"|(?:glh|guided\s+learning\s+hours?):?\s*(\d{1,4}))$", re.IGNORECASE)),
    ("tqt", regex(r"^(?:(\d{1,4})\s*(?:hours?\s+)?(?:tqt|tut)|(?:tqt|tut|total\s+unit\s+time):?"
                  r"\s*(\d{1,4})(?:\s*hours)?)$", re.IGNORECASE)),
)
#: Where a heading's facts start: in brackets at its end, or after a bar or spaced dash.
_FACTS_TAIL = regex(r"\s*\(([^()]*)\)\s*$|\s+[|–—-]\s+(.*)$|\s*\|\s*(.*)$")
#: What parts the facts: "Level 5, 4 credits", "Level 5 | Credit value 4".
_FACT_BREAK = regex(r"[,;|–—]")


def title_facts(title: str | None) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """A heading's title without the unit facts printed after it, and those facts; only
    when every part after the title is one ("Leadership (Level 5, 4 credits)")."""
    if not title:
        return title, ()
    tail = _FACTS_TAIL.search(title)
    if tail is None or tail.start() == 0:
        return title, ()
    parts = [part.strip() for part in _FACT_BREAK.split(tail.group(tail.lastindex or 1))
             if part.strip()]
    facts = []
    for part in parts:
        found = next(((name, match.group(1) or match.group(2)) for name, pattern in _HEADING_FACTS
                      if (match := pattern.match(part)) is not None), None)
        if found is None:
            return title, ()
        facts.append(found)
    return _title_or_none(title[:tail.start()]), tuple(facts)


_URN_ANYWHERE = regex(r"\(?\s*\b([A-Za-z]\s*/\s*\d{3}\s*/\s*\d{4})\b\s*\)?")
#: Words of a heading about a unit rather than naming one: "Unit summary", "Key details".
_NOT_A_TITLE = frozenset({"unit", "units", "summary", "details", "information", "overview",
                          "specification", "specifications", "content", "contents", "aim",
                          "aims", "key", "facts", "structure", "introduction", "appendix",
                          "assessment", "guidance", "mapping", "criteria", "outcomes"})


#: The unit's number after its title: "Leadership – Unit 501", "Leadership (Unit 3)".
_UNIT_LAST = regex(r"[\s:.–—,(-]+unit\s+(\w{0,6}\d\w{0,6})\)?$", re.IGNORECASE)


#: A unit's number or code alone: "501", "LM501", "CU 12".
_UNIT_CODE = regex(r"^[A-Za-z]{0,4}\s?\d{1,4}[A-Za-z]?$")


def parse_unit_cell(text: str) -> UnitHeading | None:
    """The unit a grid's unit column names: "Unit 501 Leadership", "501 Leadership",
    "501", "H/650/2114" or a title alone."""
    text = " ".join(text.split())
    if _UNIT_CODE.match(text) is not None:
        return UnitHeading(text, None)
    named = parse_unit_heading(text) or parse_titled_heading(text)
    if named is None and any(ch.isalpha() for ch in text) and len(text) <= 200:
        # A title of one word: under a column naming units, it can only be a unit's.
        named = UnitHeading(None, text)
    return named


def parse_titled_heading(text: str) -> UnitHeading | None:
    """A heading that names a unit without the word "Unit", as read over that unit's facts.

    "Leadership (H/650/2114)", "H/650/2114 – Leadership", "LM501 Leadership" (an
    awarding organisation's own code), "Leadership – Unit 501" or a bare title
    "Leading a team": what the facts that follow do not say, the heading does.
    A heading about units ("Unit summary", "Key details") names none.
    """
    text = " ".join(text.split())
    if not text or len(text) > 200:
        return None
    found = _URN_ANYWHERE.search(text)
    reference = found.group(1) if found is not None else None
    rest = text if found is None else f"{text[:found.start()]} {text[found.end():]}"
    rest = rest.strip(_SEPARATORS + " ")
    word, _, tail = rest.partition(" ")
    token = None
    if tail and any(ch.isdigit() for ch in word) and len(word.rstrip(_SEPARATORS)) <= 12:
        token, rest = word.rstrip(_SEPARATORS), tail
    else:
        last = _UNIT_LAST.search(rest)
        if last is not None and last.start() > 0:
            token, rest = last.group(1), rest[:last.start()]
    inner = parse_unit_heading(rest) if token is None and reference is not None else None
    if inner is not None:
        # "H/650/2114 – Unit 501 Leadership": the reference first, then the unit's heading.
        return UnitHeading(inner.token, inner.title, reference, inner.facts)
    title, facts = title_facts(_title_or_none(rest))
    if title is not None and reference is None and token is None and (
            len(title.split()) < 2 or {w.casefold() for w in title.split()} & _NOT_A_TITLE):
        return None
    if title is None and reference is None:
        return None
    return UnitHeading(token, title, reference, facts)


def _title_or_none(text: str) -> str | None:
    title = " ".join(text.lstrip(_SEPARATORS + " \t").split())
    return title or None


@dataclass(frozen=True)
class GroupHeading:
    """A group as a heading names it: id, display name and kind."""

    id: str
    name: str
    kind: GroupKind


GroupKind = Literal["mandatory", "optional"]
KIND_WORDS: dict[str, GroupKind] = {
    "mandatory": "mandatory", "compulsory": "mandatory", "core": "mandatory",
    "optional": "optional", "elective": "optional"}
_KIND_RE = regex(r"\b(mandatory|compulsory|core|optional|elective)\b", re.IGNORECASE)
# A group code is short ("A", "B2", "01"), so that "Group work" is not group "work".
_GROUP_RE = regex(
    r"^(?:(?P<kw>mandatory|compulsory|core|optional|elective)\s+)?(?:units?\s+)?group\s+"
    r"(?P<id>[A-Za-z]{1,2}|[A-Za-z]?[0-9]{1,3}[A-Za-z]?)(?:\s*[:.–—-]\s*|\s+|$)(?P<name>.*)$",
    re.IGNORECASE,
)
#: The group's label after its kind: "Mandatory units (Group A)", "Optional units – Group B".
_LABEL_AFTER = regex(
    r"^(?P<name>.*?\b(?:mandatory|compulsory|core|optional|elective)\b.*?)\s*"
    r"(?:\(\s*|[:–—-]\s*)(?:units?\s+)?group\s+"
    r"(?P<id>[A-Za-z]{1,2}|[A-Za-z]?[0-9]{1,3}[A-Za-z]?)\s*\)?$", re.IGNORECASE)
_GROUPISH = regex(r"\b(units?|groups?|content)\b", re.IGNORECASE)
_SLUG = regex(r"[^a-z0-9]+")


def parse_group_heading(text: str) -> GroupHeading | None:
    """'Group A: Mandatory units', 'Optional Group 01', 'Mandatory units (Group A)',
    'Mandatory units'; None otherwise.

    A heading naming both kinds ('Mandatory and optional units') is not a group.
    A group whose heading gives no kind is optional: only a heading that says
    'mandatory' (or 'core', 'compulsory') makes every unit of it required.
    """
    text = " ".join(text.split())
    if not text or len(text) > 120:
        return None
    match = _GROUP_RE.match(text)
    kinds = {KIND_WORDS[w.casefold()] for w in _KIND_RE.findall(text)}
    if match is not None:
        name = match.group("name").strip() or text
        keyword = match.group("kw")
        if keyword:
            kind = KIND_WORDS[keyword.casefold()]
        else:
            found = _KIND_RE.search(name)
            kind = KIND_WORDS[found.group(1).casefold()] if found else "optional"
        return GroupHeading(match.group("id"), name, kind)
    if (len(kinds) != 1 or len(text.split()) > 8 or text.endswith((".", ":"))
            or not _GROUPISH.search(text)):
        return None
    kind = kinds.pop()
    after = _LABEL_AFTER.match(text)
    if after is not None:
        return GroupHeading(after.group("id"), after.group("name").strip(), kind)
    return GroupHeading(_SLUG.sub("-", text.casefold()).strip("-"), text, kind)


def group_heading_text(group_id: str, name: str, kind: GroupKind) -> str:
    """Heading text that :func:`parse_group_heading` reads back as exactly this group."""
    candidates = [name, f"Group {group_id}: {name}",
                  f"{kind.capitalize()} group {group_id}: {name}"]
    for text in candidates:
        parsed = parse_group_heading(text)
        if parsed == GroupHeading(group_id, name, kind):
            return text
    return candidates[-1]


# -- table columns ------------------------------------------------------------

#: Whom the stems RQF units print over their columns speak of, in any person: "The
#: learner will:", "Learners will", "The candidate should"; "The learner can:", "You can"
#: (every stem pattern of the DOCX reader is built on it).
STEM_WHO = r"(?:the )?(?:learners?|candidates?|students?|apprentices?|you)"
#: What a learning outcome says, unnumbered: the stems of RQF outcomes.
OUTCOME_WORDS = regex(r"(?i)^(?:understand|know|be\s+able\s+to|able\s+to)\b")
_LO_HEADER = regex(rf"\b(learning outcomes?|learning aims?|{STEM_WHO} (will|should|must)|outcomes?|"
                   r"los?)\b")
_AC_HEADER = regex(rf"\b(assessment criteri\w*|{STEM_WHO} (can|is able to|are able to)|criteria|"
                   r"criterion|acs?)\b")
#: "Learning outcomes and assessment criteria": one column holding both, outcomes as its
#: numbered rows ("1 Understand ...") among the criteria ("1.1 Explain ...").
_BOTH_HEADER = regex(rf"\b(assessment criteri\w*|criteria|criterion|{STEM_WHO} can|acs?)\b")
_MAP_HEADER = regex(r"\b(skills for care|sfc|mappings?|maps to|mapped|coverage|covered|"
                         r"addressed|links?|linked|relationship|"
                         r"criteria (reference|ref|code)s?|lmac\w*)\b")


@lru_cache(maxsize=1024)
def names_outcomes_and_criteria(header: str) -> bool:
    """'Learning outcomes and assessment criteria', 'LO and AC': one column for both."""
    label = normalise_label(header)
    return _LO_HEADER.search(label) is not None and _BOTH_HEADER.search(label) is not None


@lru_cache(maxsize=1024)
def grid_role(header: str) -> GridRole | None:
    """The role of a learning-outcome grid column from its header text."""
    label = normalise_label(header)
    if not label or label[0].isdigit() or len(label) > 120:
        return None
    if _MAP_HEADER.search(label):
        return "map"
    if _LO_HEADER.search(label) and not label.startswith(("assessment", "the learner can")) \
            and _BOTH_HEADER.search(label) is None:
        return "lo"
    if _AC_HEADER.search(label):
        return "ac"
    return None


_LIST_COLUMNS: tuple[tuple[ListRole, re.Pattern[str]], ...] = (
    ("mappings", _MAP_HEADER),
    ("group", regex(r"^(group|unit group|mandatory/optional|mandatory or optional|"
                         r"optional/mandatory|m/o|status|unit status|unit type)$")),
    ("reference", regex(r"\b(urn|uan|unit reference|unit accreditation|reference number|ofqual|"
                             r"unit ref|ref)\b")),
    ("number_or_reference", regex(r"^(unit no|unit number|unit code|unit|no|number|"
                                       r"ao unit number|code)$")),
    ("title", regex(r"\b(title|unit name|name)\b")),
    ("level", regex(rf"^(unit )?{_FRAMEWORK_LEVEL}$")),
    ("glh", regex(r"\b(glh|guided learning)\b")),
    ("tqt", regex(r"\b(tqt|total qualification time|total unit time|tut)\b")),
    ("credit", regex(r"\bcredits?( value)?\b")),
)


@lru_cache(maxsize=1024)
def list_role(header: str) -> ListRole | None:
    """The role of a unit list column from its header text."""
    label = normalise_label(header)
    if not label or len(label) > 60:
        return None
    for role, pattern in _LIST_COLUMNS:
        if pattern.search(label):
            return role
    return None


_SUPERSEDE_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("withdrawal_plan", regex(r"\b(withdraw\w*|plan|closure|last registration|"
                                   r"end date|timescale)\b")),
    ("qualification_number", regex(r"\b(number|qn|qan|reference|code)\b")),
    ("title", regex(r"\b(qualification|title|name|supersed\w*|replac\w*)\b")),
)


def supersede_role(header: str) -> str | None:
    """The Supersession field a superseded-qualifications column holds."""
    label = normalise_label(header)
    for role, pattern in _SUPERSEDE_COLUMNS:
        if pattern.search(label):
            return role
    return None


def is_barred_header(header: str) -> bool:
    return "barred" in normalise_label(header)
