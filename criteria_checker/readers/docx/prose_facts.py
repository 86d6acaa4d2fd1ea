"""Key facts stated in sentences: "The TQT is 920 hours, of which 604 are GLH."

Many specifications give the qualification's numbers in an overview written
as prose rather than in a table or as "Label: value" lines. This reads the
numbers only, and only where a sentence says plainly which number is which:

- a fact's words (one family per fact, as :mod:`.labels` lists labels:
  "total qualification time", "TQT"; "guided learning hours", "GLH";
  "credit value", "credits") followed by its number with nothing but words
  between ("TQT for this qualification is 920 hours"), or preceded by it
  ("604 guided learning hours", "604 are GLH", "92 credits");
- the level, after words that say the qualification is at it ("is at
  Level 5", "a Level 5 qualification", "an RQF Level 5 ..."): never from a
  title such as "Level 5 Diploma in ...", which names the qualification;
- the qualification number, as a number of that shape (610/4217/1) in a
  sentence that speaks of a qualification number ("QN", "Ofqual", ...).

A clause (sentences are cut at commas and semicolons) that speaks of units,
groups, pathways or what a learner must take, or any clause of a sentence
naming a unit by its number ("Unit 501 ... (Level 5, 8 credits)", as a
contents page lists headings), is a rule of combination or a unit's fact,
not the qualification's, and one that speaks of learners may
name the levels of what they hold before or go on to: both are skipped, as
are ranges ("900-950 hours"), bounds ("at least 92 credits") and numbers of
other things ("over 18 months"). A fact read twice with different values is
not read; the reader says so.

A unit's own sentences are read the same way for its hours, credits and
level ("This level 5 unit is worth 3 credits (20 GLH)"), "total unit time"
counting as its TQT; there a sentence about the qualification, or a clause
about other units, is skipped instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from criteria_checker.compiled_cache import regex

Subject = Literal["qualification", "unit"]

#: A whole number, thousands separated or not, not part of a reference, date or version,
#: and not a count of something other than hours or credits ("over 18 months").
_NUMBER = (r"(?<![\w/.,-])(\d{1,3}(?:,\d{3})+|\d{1,5})(?![\w/%]|[.,]\d)"
           r"(?!\s*(?:months?|weeks?|days?|years?|minutes?|mins?|per\s*cent|percent|learners?"
           r"|units?|sessions?|pages?|words?)\b)")
_FACT_WORDS = {
    # (A unit's own: "total unit time", "TUT"; a clause about units is no qualification's.)
    "tqt": r"total\s+(?:qualification|unit)\s+time|\btqt\b|\btut\b",
    "glh": r"guided\s+learning(?:\s+hours?)?|\bglh\b",
    "credits": r"\bcredit\s+value\b|\bcredits?\b",
}
#: Words allowed between a fact's words and its number: no digits, no sentence end.
_BETWEEN = r"[^\d;:.!?]{0,60}?"
_AFTER = {field: regex(rf"(?i)(?:{words})(?:\s*\([^)]{{0,12}}\))?\s*:?{_BETWEEN}{_NUMBER}")
          for field, words in _FACT_WORDS.items()}
#: Words allowed between a number and the fact's words after it: "604 hours of guided
#: learning", "of which 604 are GLH", "604 of them guided learning hours".
_FILLER = r"(?:(?:hours?|hrs|are|is|of|in|them|it|those|which|being)\s+){0,3}"
_BEFORE = {field: regex(rf"(?i){_NUMBER}\s+{_FILLER}(?:{words})")
           for field, words in _FACT_WORDS.items()}
#: Each fact's words alone: another fact's between a label and a number takes the number.
_WORDS = {field: regex(rf"(?i){words}") for field, words in _FACT_WORDS.items()}
_LEVEL = regex(r"(?i)\b(?:is|be|at|a|an|this|sits\s+at)\s+(?:(?:rqf|qcf|nqf|frameworks?)\s+)?"
               r"level\s+(\d)\b(?!\s*(?:diploma|certificate|award|extended|nvq)\b)")
_QN = regex(r"(?<![\w/])(\d{3}/\d{4}/[0-9X]|\d{7}[0-9X])(?![\w/])")
_QN_WORDS = regex(r"(?i)qualification\s+(?:accreditation\s+|reference\s+)?(?:number|no\b)"
                  r"|\bqn\b|\bqan\b|ofqual|accreditation\s+number|regulated")
#: A clause about what must be taken (a rule), or about learners (what they hold before,
#: where they go after: other qualifications' levels), states no fact of its subject.
_RULE_OR_LEARNER = (
    r"mandatory|optional|must|minimum|maximum|at\s+least|at\s+most|up\s+to|no\s+more|"
    r"no\s+fewer|per|each|between|from|learners?|candidates?|students?|apprentices?|prior|"
    r"entry|progress\w*|hold|held|achieved|completed|recommended")
#: Nor does one about something else: for the qualification, units, groups and pathways
#: (a unit's fact, or a rule); for a unit, the qualification or other units.
_NOT_ABOUT = {
    "qualification": regex(rf"(?i)\b(?:units?|groups?|pathways?|routes?|{_RULE_OR_LEARNER})\b"),
    "unit": regex(rf"(?i)\b(?:units|qualification|diploma|certificate|groups?|pathways?|"
                  rf"routes?|{_RULE_OR_LEARNER})\b"),
}
_THE_QUALIFICATION = regex(r"(?i)\b(?:qualification|diploma|certificate)\b")
#: A unit named by its number or reference: "Unit 501 Leadership (Level 5, 8 credits)", as
#: a contents page lists headings; all the sentence says is that unit's.
_A_UNIT = regex(r"(?i)\bunit\s+(?:\d|[a-z]\s*/\s*\d)")
_RANGE = regex(r"\d\s*(?:-|–|—|to)\s*\d")
_SENTENCE_END = regex(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
#: (Not the comma of "1,020".)
_CLAUSE_BREAK = regex(r";|,(?!\d{3}\b)|\s(?:but|while|whereas)\s")

FIELD_NAMES = {"tqt": "Total Qualification Time (TQT)", "glh": "Guided Learning Hours (GLH)",
               "credits": "credit value", "level": "level",
               "qualification_number": "qualification number"}


def facts_in_prose(text: str, about: Subject = "qualification") -> list[tuple[str, str]]:
    """(field, value) for each fact a paragraph states in a sentence, in order.

    ``about`` is what the sentences describe: the qualification (its facts
    and number), or a unit (its hours, credits and level: "This unit has 20
    guided learning hours and a credit value of 3").
    """
    found: list[tuple[str, str]] = []
    for sentence in _SENTENCE_END.split(text):
        if about == "unit" and _THE_QUALIFICATION.search(sentence):
            continue  # "The unit is part of the qualification, which has a TQT of 920 hours."
        if about == "qualification" and _A_UNIT.search(sentence):
            continue
        if about == "qualification" and _QN_WORDS.search(sentence):
            found.extend(("qualification_number", qn) for qn in _QN.findall(sentence))
        for clause in _CLAUSE_BREAK.split(sentence):
            found.extend(_clause_facts(clause, _NOT_ABOUT[about]))
    return found


def _clause_facts(clause: str, not_about: re.Pattern[str]) -> Iterable[tuple[str, str]]:
    if not any(ch.isdigit() for ch in clause) or not_about.search(clause) \
            or _RANGE.search(clause):
        return
    for match in _LEVEL.finditer(clause):
        yield "level", match.group(1)
    # A number right before a fact's words is that fact's ("3 credits (20 GLH)"), whatever
    # words come before it.
    before = {match.start(1): field for field in _FACT_WORDS
              for match in _BEFORE[field].finditer(clause)}
    for field in _FACT_WORDS:
        for pattern in (_AFTER[field], _BEFORE[field]):
            for match in pattern.finditer(clause):
                words = match.group(0)
                # "TQT ... GLH 604": the number is the nearer fact's.
                if any(_WORDS[other].search(words) for other in _WORDS if other != field) \
                        or before.get(match.start(1), field) != field:
                    continue
                yield field, match.group(1).replace(",", "")
