"""The words a layout prints: label families, headers, references, numbers and ticks.

Families hold the variants real awarding organisations use, plus made-up
members of the same family (a reader must recognise a family, not a list).
Which member a document uses is drawn from the layout's ``wording`` seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from criteria_checker.refs import parse

FACT_LABELS: dict[str, dict[str, str]] = {
    "standard": {"awarding_organisation": "Awarding organisation",
                 "title": "Qualification title", "qualification_number": "Qualification number",
                 "level": "Level", "tqt": "Total qualification time (TQT)",
                 "glh": "Guided learning hours (GLH)", "credits": "Credit value"},
    "short": {"awarding_organisation": "AO", "title": "Title", "qualification_number": "QN",
              "level": "Level", "tqt": "TQT", "glh": "GLH", "credits": "Credits"},
    "alternative": {"awarding_organisation": "Awarding body", "title": "Qualification name",
                    "qualification_number": "Ofqual qualification number", "level": "RQF level",
                    "tqt": "Total qualification time", "glh": "Guided learning hours",
                    "credits": "Total credits"},
}
UNIT_LABELS: dict[str, dict[str, str]] = {
    "standard": {"reference": "Unit reference number", "number": "Unit number",
                 "level": "Level", "credit": "Credit value", "glh": "Guided learning hours",
                 "tqt": "Total unit time", "aim": "Unit aim",
                 "assessment": "Assessment requirements", "title": "Unit title"},
    "short": {"reference": "URN", "number": "Unit no", "level": "Level", "credit": "Credit",
              "glh": "GLH", "tqt": "TQT", "aim": "Aim", "assessment": "Assessment",
              "title": "Title"},
    "alternative": {"reference": "Unit ref", "number": "AO unit number", "level": "Unit level",
                    "credit": "Credits", "glh": "Guided learning", "tqt": "Total unit time (TUT)",
                    "aim": "Purpose", "assessment": "Assessment method", "title": "Unit name"},
}
LIST_COLUMNS: dict[str, dict[str, str]] = {
    "standard": {"reference": "Unit reference number", "number": "Unit number",
                 "title": "Unit title", "level": "Level", "glh": "GLH", "credit": "Credit value"},
    "short": {"reference": "URN", "number": "Unit no", "title": "Title", "level": "Level",
              "glh": "GLH", "credit": "Credits"},
    "alternative": {"reference": "Unit ref", "number": "AO unit number", "title": "Unit name",
                    "level": "Unit level", "glh": "Guided learning hours", "credit": "Credits"},
}
#: Labels of a unit's row holding its mappings: real ones, then made-up ones of the family.
UNIT_MAPPING_LABELS = (
    "Skills for Care reference", "Coverage of Skills for Care criteria", "SfC content addressed",
    "Link to SfC criteria", "Mapping to qualification criteria",
    "Relationship to the Skills for Care criteria", "Skills for Care criteria covered",
    "SfC criteria met by this unit", "Qualification criteria addressed",
    "Links to the Skills for Care qualification criteria", "SfC mapping",
    "Criteria coverage (Skills for Care)",
)
GRID_MAPPING_HEADERS = (
    "Skills for Care reference", "SfC ref", "SfC criteria", "Mapping to SfC criteria",
    "Link to SfC criteria", "Coverage of Skills for Care criteria", "Criteria reference",
    "SfC content addressed", "Level 5 criteria", "L5 criteria",
)
OUTCOME_LINE_LABELS = ("Skills for Care reference", "SfC criteria", "Maps to",
                       "Links to SfC criteria", "Coverage of SfC criteria")
NOS_LABELS = ("NOS", "National Occupational Standards", "Links to NOS", "NOS reference")
NOS_CODES = ("SCDLMCA1", "SCDLMCB2", "SCDLMCE1", "SCDHSC0032", "SCDHSC0035", "SCDLMCS2",
             "SCDHSC0043", "SCDLMCD1")
LO_HEADERS = ("Learning outcomes", "Learning outcome", "LO", "Outcome", "Outcomes")
AC_HEADERS = ("Assessment criteria", "AC", "Criteria", "Assessment criterion", "Criterion")
#: The stems over (or in) the outcomes' and the criteria's columns, in a document's words.
STEMS = ("The learner will: | The learner can:", "Learners will: | Learners can:",
         "The candidate will: | The candidate can:",
         "The learner will be able to: | The learner can:")
#: Key facts said in an overview's sentences (facts "sentences").
QN_SENTENCES = ("The qualification number is {qn}.",
                "It is regulated by Ofqual (qualification number {qn}).",
                "Ofqual qualification number: {qn}, and it is regulated in England.")
LEVEL_SENTENCES = ("The qualification is at Level {level}.",
                   "This is an RQF Level {level} qualification.",
                   "It sits at level {level} of the Regulated Qualifications Framework.")
HOURS_SENTENCES = {
    "standard": ("The Total Qualification Time (TQT) for this qualification is {tqt} hours, "
                 "of which {glh} are Guided Learning Hours (GLH).",
                 "This qualification has {glh} Guided Learning Hours (GLH) and a Total "
                 "Qualification Time (TQT) of {tqt} hours."),
    "short": ("The TQT is {tqt} hours, of which {glh} hours are GLH.",
              "TQT {tqt}; GLH {glh}."),
    "alternative": ("Its total qualification time is {tqt} hours, including {glh} hours of "
                    "guided learning.",
                    "The qualification takes {tqt} hours of total qualification time, {glh} "
                    "of them guided learning hours."),
}
CREDIT_SENTENCES = ("The qualification has a credit value of {credits}.",
                    "It is worth {credits} credits.", "Credit value: {credits} credits.")
#: A unit's hours, credits and level in one sentence (unit_header "sentences").
UNIT_SENTENCES = (
    "This unit has {glh} guided learning hours (GLH) and a total unit time of {tqt} hours. "
    "Its credit value is {credit} and it is at level {level}.",
    "This level {level} unit is worth {credit} credits ({glh} GLH, {tqt} hours of total unit "
    "time).",
    "The unit is at level {level}; it has a credit value of {credit}, {glh} guided learning "
    "hours and {tqt} hours of total unit time.")
FACTS_HEADINGS = ("Key facts", "Qualification summary", "Key information",
                  "Qualification at a glance", "About this qualification")
STRUCTURE_HEADINGS = ("Qualification structure", "Structure of the qualification")
RULES_HEADINGS = ("Rules of combination", "Rules of combination (RoC)")
UNITS_HEADINGS = ("Units", "Unit content", "Unit specifications", "Qualification units")
APPENDIX_HEADINGS = ("Appendix 1: Mapping to the Skills for Care qualification criteria",
                     "Appendix A – Skills for Care criteria mapping")
GUIDANCE_HEADINGS = ("Delivery and assessment guidance", "Assessment guidance",
                     "Unit amplification", "Guidance for delivery", "Additional guidance")
GUIDANCE_APPENDICES = ("Appendix 2: Unit guidance", "Appendix B – Delivery and assessment guidance")
RANGE_HEADINGS = ("Range", "Range statements", "Indicative content", "Amplification")
GUIDANCE_COLUMNS = (("Assessment criteria", "Guidance"), ("AC", "Delivery and assessment guidance"),
                    ("Assessment criterion", "Range"), ("Criteria", "Amplification"))
GUIDANCE_TEXTS = ("Learners should give at least two examples from their own setting.",
                  "Evidence should come from the learner's own workplace.",
                  "This may be assessed by professional discussion or a reflective account.",
                  "Observation of practice is required for 3 of the learner's tasks.")
RANGE_TEXTS = ("Theories: situational, transformational, distributed and 2 others",
               "Others: team members, individuals, families, carers and advocates",
               "Records: care plans, risk assessments and 1:1 supervision notes")
#: Notes among a grid's rows: after an outcome's criteria (their range), and at its end.
GRID_NOTE_LABELS = ("Range", "Range statement", "Amplification", "Indicative content")
GRID_END_LABELS = ("Additional information", "Delivery guidance", "Tutor notes",
                   "Evidence requirements", "Guidance for delivery", "Notes")
CRITERION_CALLS = ("{n}", "AC{n}", "AC {n}")
OUTCOME_CALLS = ("LO{n}", "Learning outcome {n}:", "LO {n} –")
TICKS = ("✓", "X", "Yes", "✔")
AIM_SENTENCES = ("This unit covers {refs}.", "This unit meets all of {refs}.",
                 "It maps to {refs} of the Skills for Care qualification criteria.",
                 "The unit addresses the Skills for Care criteria {refs}.")


# -- references --------------------------------------------------------------------------


def spell(ref: str, style: str) -> str:
    """A canonical reference in one of the spellings authors use."""
    if style == "canonical":
        return ref
    if style == "lower":
        return ref.lower()
    if style == "optional-breaks":
        # Word's no-width optional break after each "/", which authors put in so that a
        # narrow column wraps a long reference there.
        return ref.replace("/", "/\u200c")
    parts = parse(ref)
    head = f"{parts.topic}/{parts.subtopic}" if parts.subtopic else parts.topic
    if parts.outcome is None:
        return head.replace("/", " ") if style == "spaces" else head
    item = "" if parts.item is None else str(parts.item)
    if style == "spaced-item":
        return f"{head} {parts.outcome}{item}"
    dotted = f"{parts.outcome}.{item}" if item else parts.outcome
    if style == "spaces":
        return f"{head.replace('/', ' ')} {dotted}"
    if style == "hyphen":
        return f"{head}-{dotted}"
    raise ValueError(f"unknown spelling {style!r}")


def _short(ref: str, style: str) -> str:
    """An item after a full reference of its sub-topic: 'A.2' (or 'A2', 'a.2')."""
    parts = parse(ref)
    short = (f"{parts.outcome}{parts.item}" if style == "spaced-item"
             else f"{parts.outcome}.{parts.item}")
    return short.lower() if style == "lower" else short


def _item_runs(refs: Sequence[str]) -> list[list[str]]:
    """Refs grouped into runs of consecutive items of one criteria outcome."""
    runs: list[list[str]] = []
    for ref in refs:
        parts = parse(ref)
        if runs and parts.item is not None:
            last = parse(runs[-1][-1])
            if (last.item is not None and last.outcome == parts.outcome
                    and last.subtopic == parts.subtopic and last.item + 1 == parts.item):
                runs[-1].append(ref)
                continue
        runs.append([ref])
    return runs


def ref_pieces(refs: Sequence[str], spelling: str, listing: str,
               rng: random.Random) -> list[str]:
    """The pieces a list of references is written as, before joining."""
    if listing == "ranges":
        dash = "–" if spelling == "hyphen" else rng.choice(("-", "–"))
        out = []
        for run in _item_runs(refs):
            if len(run) == 1:
                out.append(spell(run[0], spelling))
            else:
                out.append(f"{spell(run[0], spelling)}{dash}{_short(run[-1], spelling)}")
        return out
    if listing == "shorthand":
        out, seen = [], set()
        for ref in refs:
            parts = parse(ref)
            sub = f"{parts.topic}/{parts.subtopic}"
            if parts.item is not None and sub in seen:
                out.append(_short(ref, spelling))
            else:
                out.append(spell(ref, spelling))
            seen.add(sub)
        return out
    if listing == "all-suffix":
        return [f"{spell(r, spelling)} (all)" if parse(r).item is None else spell(r, spelling)
                for r in refs]
    return [spell(r, spelling) for r in refs]


def join_pieces(pieces: Sequence[str], listing: str) -> list[str]:
    """Pieces joined as ``listing`` says, as lines (one line unless 'line-breaks')."""
    if not pieces:
        return []
    if listing == "line-breaks":
        return list(pieces)
    if listing == "semicolon":
        return ["; ".join(pieces)]
    if listing == "and" and len(pieces) > 1:
        return [f"{', '.join(pieces[:-1])} and {pieces[-1]}"]
    return [", ".join(pieces)]


# -- numbers ---------------------------------------------------------------------------------


def outcome_label(number: str, numbering: str, *, alone: bool) -> str:
    """How an outcome number is printed: before its text, or ``alone`` in its own cell."""
    if numbering == "auto":
        return ""
    label = {"plain": number, "lettered": number, "dotted": f"{number}.", "ordinal": number,
             "letters": number,
             "prefixed": f"LO{number}",
             "prefixed-words": f"Learning outcome {number}", "dashed": f"LO {number}",
             "bracketed": f"({number})", "bullets": f"{number}."}[numbering]
    if alone:
        return label
    return {"prefixed-words": f"{label}: ", "dashed": f"{label} – "}.get(numbering, f"{label} ")


def criterion_label(number: str, numbering: str, *, alone: bool) -> str:
    if numbering == "auto":
        return ""
    label = {"plain": number, "lettered": number, "dotted": f"{number}.",
             "prefixed": f"AC{number}", "prefixed-words": f"AC {number}",
             "dashed": f"AC {number}", "bracketed": f"({number})",
             # The count within the outcome, as a list starting again in each outcome shows it.
             "ordinal": number.rpartition(".")[2], "letters": _letter(number),
             # Unnumbered: the writer bullets the criterion instead.
             "bullets": ""}[numbering]
    if alone:
        return label
    if not label:
        return ""
    return {"dashed": f"{label} – ", "letters": f"{label}) "}.get(numbering, f"{label} ")


def _letter(number: str) -> str:
    """The letter of a criterion's count within its outcome: "1.2" -> "b"."""
    count = number.rpartition(".")[2]
    return chr(ord("a") + int(count) - 1) if count.isdigit() else count


#: A key to the unit pages (the "unit-key" extra): unit field -> what its label gives.
UNIT_KEY = (
    ("title", "The full title of the unit, as it appears on the Register."),
    ("reference", "The unique reference given to the unit by Ofqual."),
    ("level", "The level of the unit, which may differ from the qualification's."),
    ("credit", "The number of credits awarded for achieving the unit."),
    ("glh", "The guided learning hours: time spent with a tutor or assessor."),
    ("aim", "What the unit is about and who it is for."),
)
UNIT_KEY_HEADINGS = ("How the units are set out", "Unit format", "About the unit pages",
                     "Structure of the units")
