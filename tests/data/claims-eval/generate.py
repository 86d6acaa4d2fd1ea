"""Build the claims evaluation set, cases.jsonl, from the criteria and the hand-written files.

Deterministic: every choice is drawn from a random generator seeded with the
item's reference, so the same criteria give the same bytes. Run from the
repository root:

    .venv/bin/python tests/data/claims-eval/generate.py          # rewrite cases.jsonl
    .venv/bin/python tests/data/claims-eval/generate.py --check  # exit 1 if it differs

What it makes (README.md has the whole story):

- for every item, four assessment criteria written from the item's text the
  way awarding organisations write them: a command verb ("Explain",
  "Describe how to", "Analyse", ...) and rewording by a hand-written table of
  substitutions (``REWORDINGS``, this file's own, written without reference
  to the matcher's vocabulary), reordering, and dropping clauses or bullets;
- for every outcome with two or more items, one criterion combining two of
  them;
- the hand-written criteria of handwritten.yaml, as they are;
- wrong claims: two of each item's generated criteria and each hand-written
  one claim a different item, one in the same sub-topic ("shift") and one in
  another sub-topic ("swap"); each criterion of foreign.yaml (other
  qualifications' units) claims three items at random ("foreign").

Each line is one text: ``{"id", "source", "style", "text", "covers",
"split", "claims": [{"ref", "wrong", "kind"}]}``. ``covers`` lists the items
the text is about (none for foreign criteria); ``split`` is ``tune`` or
``held-out``, decided by a hash of the first item covered (of the text, for
foreign criteria), so that no item's paraphrases are in both halves.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from criteria_checker.criteria.load import find_criteria, load_criteria  # noqa: E402
from criteria_checker.model.criteria import CriteriaSet  # noqa: E402

OUTPUT = HERE / "cases.jsonl"

#: What an author might write instead of the criteria's words (phrase -> alternatives).
REWORDINGS: dict[str, list[str]] = {
    "legislation": ["the law", "laws", "legal requirements", "statutory requirements"],
    "legislative": ["legal", "statutory"],
    "individuals": ["people who use services", "service users", "the people supported",
                    "people using the service"],
    "individual": ["person", "service user", "person supported"],
    "team members": ["staff", "the team", "colleagues in the team", "care workers"],
    "own role": ["your role", "the learner's role", "your own role", "the manager's role"],
    "own": ["your own", "your", "their own"],
    "organisation": ["employer", "organisation they work for", "provider"],
    "importance": ["significance", "value"],
    "impact": ["effect", "influence", "consequences"],
    "ways": ["methods", "approaches", "means"],
    "range": ["variety", "selection", "number"],
    "improve": ["enhance", "raise", "make better"],
    "support": ["help", "assist", "enable"],
    "develop": ["build", "grow", "create"],
    "ensure": ["make sure", "guarantee", "check"],
    "monitor": ["track", "keep under review", "oversee"],
    "service": ["setting", "provision", "care service"],
    "adult care services": ["social care services", "care services"],
    "adult care": ["adult social care", "social care", "care"],
    "adult social care": ["social care", "adult care"],
    "wellbeing": ["well-being", "welfare", "health and happiness"],
    "procedures": ["processes", "protocols", "arrangements"],
    "policies": ["policy documents", "policy"],
    "practices": ["ways of working", "practice", "approaches"],
    "requirements": ["demands", "expectations", "obligations"],
    "factors": ["things", "influences", "issues", "aspects"],
    "strategies": ["plans", "methods", "techniques"],
    "different": ["various", "a number of", "diverse"],
    "key": ["main", "principal", "core"],
    "purpose": ["aim", "function", "point"],
    "information": ["data", "details", "records"],
    "others": ["other people", "colleagues and families", "those around them"],
    "carers": ["family carers", "unpaid carers"],
    "families": ["relatives", "loved ones"],
    "role": ["part", "function", "position"],
    "responsibilities": ["duties", "obligations"],
    "accountability": ["answerability", "being answerable"],
    "current": ["up-to-date", "present", "existing"],
    "national": ["government", "country-wide"],
    "effective": ["successful", "good", "efficient"],
    "processes": ["steps", "systems", "methods"],
    "benefits": ["advantages", "gains"],
    "barriers": ["obstacles", "blocks"],
    "challenges": ["difficulties", "problems"],
    "promote": ["encourage", "advance", "champion"],
    "identify": ["recognise", "spot", "pinpoint"],
    "implement": ["put in place", "introduce", "carry out"],
    "implementation": ["introduction", "delivery", "putting in place"],
    "review": ["revisit", "look again at", "reassess"],
    "record": ["document", "log", "write down"],
    "needs": ["requirements", "wants"],
    "who needs": ["who ought", "who has"],
    "culture": ["ethos", "climate", "environment"],
    "concerns": ["worries", "issues"],
    "evaluate": ["assess", "judge", "appraise"],
    "evaluating": ["assessing", "judging"],
    "achieve": ["reach", "attain", "accomplish"],
    "achievement": ["attainment", "accomplishment"],
    "positive outcomes": ["good results", "good outcomes", "positive results"],
    "outcomes": ["results", "goals"],
    "colleagues": ["co-workers", "fellow staff"],
    "professionals": ["specialists", "practitioners"],
    "agencies": ["organisations", "bodies", "services"],
    "relationships": ["connections", "links"],
    "skills": ["abilities", "capabilities"],
    "knowledge": ["understanding", "know-how"],
    "performance": ["work", "effectiveness"],
    "feedback": ["comments", "views"],
    "manage": ["handle", "deal with", "run"],
    "management": ["managing", "running", "control"],
    "leadership": ["leading", "leading people"],
    "plan": ["schedule", "programme", "strategy"],
    "approaches": ["methods", "ways"],
    "systems": ["mechanisms", "arrangements"],
    "resources": ["assets", "means"],
    "staff": ["employees", "workers", "personnel"],
    "workforce": ["staff group", "employees", "staff"],
    "guidance": ["advice", "direction"],
    "principles": ["ideas", "values"],
    "models": ["frameworks", "theories"],
    "theories": ["ideas", "models"],
    "opportunities": ["chances", "openings"],
    "work setting": ["workplace", "place of work"],
    "conflict": ["disagreement", "dispute"],
    "communication": ["communicating", "interaction"],
    "encourage": ["motivate", "inspire"],
    "facilitate": ["enable", "make possible"],
    "establish": ["set up", "create"],
    "maintain": ["keep", "sustain"],
    "build": ["develop", "form"],
    "embed": ["build in", "integrate"],
    "decisions": ["choices", "judgements"],
    "decision making": ["making decisions", "choosing"],
    "risk": ["danger", "hazard"],
    "safeguarding": ["protection", "keeping people safe"],
    "abuse or neglect": ["harm or neglect", "mistreatment"],
    "abuse": ["harm", "mistreatment"],
    "complaints": ["grievances", "concerns"],
    "community": ["local area", "neighbourhood"],
    "person-centred": ["individualised", "personalised", "person centred"],
}

#: Phrases moved to the front of a criterion when one ends it.
LOCATIVES = ("in adult care services", "in adult care", "in adult social care",
             "within own organisation", "in own service", "within the organisation",
             "within the team", "in the workplace", "within own team", "in the work setting",
             "in the organisation")

#: Where a clause can be dropped (the text after it goes).
CUTS = (", and ", " and how ", " and ways ", " and own role", ", including", " including",
        " in relation to", " and the ", " to ensure ", " in order to ", " so that ", " and their ",
        " and in ", " and draw ", " and lead ", " and implement ", " and those ")

KNOWLEDGE_VERBS = ("Explain", "Describe", "Analyse", "Outline", "Summarise", "Evaluate",
                   "Discuss")


def seeded(*parts: str) -> random.Random:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def split_of(key: str) -> str:
    return "tune" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def clean(text: str) -> str:
    return " ".join(text.split()).rstrip(" .:;,")


def reword(text: str, rng: random.Random, share: float) -> str:
    """``text`` with about ``share`` of the reworded phrases replaced, longest phrases first.

    A phrase replaced (or kept) is fixed: shorter phrases never reword inside it.
    """
    segments: list[tuple[str, bool]] = [(text, False)]
    for phrase in sorted(REWORDINGS, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)
        rebuilt: list[tuple[str, bool]] = []
        for segment, fixed in segments:
            if fixed:
                rebuilt.append((segment, True))
                continue
            last = 0
            for match in pattern.finditer(segment):
                rebuilt.append((segment[last:match.start()], False))
                chosen = (rng.choice(REWORDINGS[phrase]) if rng.random() < share
                          else match.group(0))
                rebuilt.append((chosen, True))
                last = match.end()
            rebuilt.append((segment[last:], False))
        segments = rebuilt
    return "".join(segment for segment, _ in segments)


def reorder(text: str, rng: random.Random) -> str:
    for locative in LOCATIVES:
        if text.lower().endswith(" " + locative) and rng.random() < 0.7:
            head = text[: -len(locative) - 1]
            return f"{locative[0].upper()}{locative[1:]}, {head[0].lower()}{head[1:]}"
    match = re.search(r"\b(\w{4,}) and (\w{4,})\b", text)
    if match and rng.random() < 0.8:
        a, b = match.group(1), match.group(2)
        return text[: match.start()] + f"{b} and {a}" + text[match.end():]
    importance = re.match(r"(?i)the importance of (.+)$", text)
    if importance:
        return f"why {importance.group(1)} is important"
    return text


def clip(text: str) -> str:
    """``text`` without its last clause, when what is left still says most of it.

    The head kept has at least four words and half of the text's words.
    """
    lowered = text.lower()
    least = max(4, (len(text.split()) + 1) // 2)
    best = None
    for cut in CUTS:
        at = lowered.find(cut)
        if at > 0 and len(text[:at].split()) >= least and (best is None or at < best):
            best = at
    return text[:best] if best is not None else text


def command(text: str, kind: str, rng: random.Random) -> str:
    """An assessment criterion: ``text`` after a command verb, as awarding organisations write."""
    lowered = text[0].lower() + text[1:]
    if kind == "skill":
        choice = rng.random()
        if choice < 0.6:
            return text[0].upper() + text[1:]
        if choice < 0.8:
            return f"Demonstrate how to {lowered}"
        return f"Show how you {lowered}"
    first = lowered.split()[0]
    if lowered.startswith("how to "):
        verb = rng.choice(("Explain", "Describe"))
    elif first in ("how", "why", "when", "what", "who", "whether", "ways"):
        verb = rng.choice(("Explain", "Analyse", "Describe"))
    elif lowered.startswith(("the importance", "the value", "the benefits", "the purpose")):
        verb = rng.choice(("Explain", "Evaluate", "Analyse"))
    elif lowered.startswith("the differences"):
        verb = rng.choice(("Explain", "Analyse"))
    elif first in ("analyse", "evaluate", "identify", "use", "create", "support"):
        return text[0].upper() + text[1:]
    elif lowered.startswith("own "):
        verb = rng.choice(("Explain", "Describe", "Evaluate"))
    else:
        verb = rng.choice(KNOWLEDGE_VERBS)
    return f"{verb} {lowered}"


def with_bullets(text: str, bullets: list[str], rng: random.Random, *, one: bool) -> str:
    if not bullets:
        return text
    cleaned = [clean(b).removeprefix("the ") for b in bullets]
    if one:
        return f"{text} {rng.choice(cleaned)}"
    if len(cleaned) == 1:
        return f"{text} {cleaned[0]}"
    return f"{text} {', '.join(cleaned[:-1])} and {cleaned[-1]}"


def variants(ref: str, text: str, bullets: list[str], kind: str) -> list[tuple[str, str]]:
    """Four criteria written from one item: (style, text)."""
    base = clean(text)
    out = []
    rng = seeded(ref, "light")
    out.append(("light", command(reword(with_bullets(base, bullets, rng, one=False), rng, 0.3),
                                 kind, rng)))
    rng = seeded(ref, "reworded")
    out.append(("reworded", command(reorder(reword(with_bullets(base, bullets, rng, one=False),
                                                   rng, 0.7), rng), kind, rng)))
    rng = seeded(ref, "clipped")
    clipped = clip(base) if not bullets else with_bullets(base, bullets, rng, one=True)
    out.append(("clipped", command(reword(clipped, rng, 0.5), kind, rng)))
    rng = seeded(ref, "mixed")
    out.append(("mixed", command(reorder(reword(clip(with_bullets(base, bullets, rng, one=True)),
                                                rng, 0.6), rng), kind, rng)))
    return [(style, clean(" ".join(t.split()))) for style, t in out]


def items_of(criteria: CriteriaSet) -> list[dict[str, Any]]:
    found = []
    for sub in criteria.subtopics():
        for outcome in sub.outcomes:
            for item in outcome.items:
                found.append({"ref": f"{sub.code}/{outcome.letter}.{item.number}",
                              "sub": sub.code, "outcome": f"{sub.code}/{outcome.letter}",
                              "text": item.text, "bullets": list(item.bullets),
                              "kind": outcome.kind})
    return found


def wrong_targets(source: str, items: list[dict[str, Any]], by_ref: dict[str, dict[str, Any]],
                  rng: random.Random, covers: list[str]) -> list[dict[str, Any]]:
    """One shifted (same sub-topic) and one swapped (other sub-topic) wrong claim."""
    own = by_ref[source]
    texts = {clean(by_ref[c]["text"]).lower() for c in covers}
    def fits(other: dict[str, Any]) -> bool:
        return other["ref"] not in covers and clean(other["text"]).lower() not in texts
    siblings = [i for i in items if i["outcome"] == own["outcome"] and fits(i)]
    if not siblings:
        siblings = [i for i in items if i["sub"] == own["sub"] and fits(i)]
    others = [i for i in items if i["sub"] != own["sub"] and fits(i)]
    claims = []
    if siblings:
        claims.append({"ref": rng.choice(siblings)["ref"], "wrong": True, "kind": "shift"})
    claims.append({"ref": rng.choice(others)["ref"], "wrong": True, "kind": "swap"})
    return claims


def build() -> list[dict[str, Any]]:
    criteria = load_criteria(find_criteria(None))
    items = items_of(criteria)
    by_ref = {i["ref"]: i for i in items}
    cases: list[dict[str, Any]] = []

    def add(case_id: str, source: str, style: str, text: str, covers: list[str],
            wrong: list[dict[str, Any]], split_key: str) -> None:
        claims = [{"ref": ref, "wrong": False, "kind": "paraphrase" if len(covers) == 1
                   else "combined"} for ref in covers]
        cases.append({"id": case_id, "source": source, "style": style, "text": text,
                      "covers": covers, "split": split_of(split_key), "claims": claims + wrong})

    for item in items:
        for n, (style, text) in enumerate(variants(item["ref"], item["text"], item["bullets"],
                                                   item["kind"])):
            wrong = []
            if n in (0, 2):
                rng = seeded(item["ref"], "wrong", str(n))
                wrong = [wrong_targets(item["ref"], items, by_ref, rng, [item["ref"]])[n // 2]]
            add(f"gen:{item['ref']}:{style}", "generated", style, text, [item["ref"]], wrong,
                item["ref"])
    for sub in criteria.subtopics():
        for outcome in sub.outcomes:
            if len(outcome.items) < 2:
                continue
            oref = f"{sub.code}/{outcome.letter}"
            rng = seeded(oref, "combined")
            first = rng.randrange(len(outcome.items) - 1)
            pair = outcome.items[first:first + 2]
            refs = [f"{oref}.{i.number}" for i in pair]
            heads = [clip(with_bullets(clean(i.text), list(i.bullets), rng, one=True))
                     for i in pair]
            text = command(reword(f"{heads[0]} and {heads[1][0].lower()}{heads[1][1:]}", rng,
                                  0.4), outcome.kind, rng)
            add(f"gen:{oref}:combined", "generated", "combined", clean(text), refs, [], refs[0])
    written = yaml.safe_load((HERE / "handwritten.yaml").read_text(encoding="utf-8"))
    for n, entry in enumerate(written, start=1):
        refs = list(entry["refs"])
        missing = [r for r in refs if r not in by_ref]
        if missing:
            raise SystemExit(f"handwritten.yaml entry {n}: no item {missing[0]}")
        wrong = []
        if entry["style"] != "combined":
            wrong = wrong_targets(refs[0], items, by_ref, seeded(refs[0], "hand", str(n)), refs)
        add(f"hand:{n}", "handwritten", entry["style"], entry["text"], refs, wrong, refs[0])
    foreign = yaml.safe_load((HERE / "foreign.yaml").read_text(encoding="utf-8"))
    for n, text in enumerate(foreign, start=1):
        rng = seeded(text, "foreign")
        claims = [{"ref": item["ref"], "wrong": True, "kind": "foreign"}
                  for item in rng.sample(items, 3)]
        cases.append({"id": f"foreign:{n}", "source": "foreign", "style": "foreign",
                      "text": text, "covers": [], "split": split_of(text), "claims": claims})
    return cases


def render(cases: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n" for case in cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when cases.jsonl is not what this script makes")
    args = parser.parse_args()
    text = render(build())
    if args.check:
        return 0 if OUTPUT.read_text(encoding="utf-8") == text else 1
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
