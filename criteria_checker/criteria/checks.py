"""Checks on a criteria file that span fields: codes, numbering, links, hour bands.

They run on the raw YAML data, not the validated model, so that a file with
one schema error still gets every other problem reported in the same run.
Each problem carries the data path of the value at fault; the linter turns
that into ``LINE:COL``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from criteria_checker.compiled_cache import dataclass
from criteria_checker.refs import MAX_ITEM_NUMBER, OUTCOME_LETTER, SUBTOPIC_CODE, TOPIC_CODE

DataPath = tuple[str | int, ...]

KNOWLEDGE_VERBS = frozenset({"understand", "understanding", "know", "knowing"})
SKILL_VERBS = frozenset({
    "lead", "demonstrate", "provide", "manage", "work", "implement", "develop",
    "be", "apply", "promote", "support", "use",
})


@dataclass(frozen=True)
class Problem:
    """One problem the criteria lint found, at a path in the data."""

    path: DataPath
    code: str
    message: str


#: Every code a criteria problem can carry, for docs and tests.
PROBLEM_CODES = {
    "CC001": "the file is not YAML",
    "CC100": "schema: an unknown key, a missing key or a value of the wrong type",
    "CC101": "a key appears twice in one mapping",
    "CC201": "a malformed code",
    "CC202": "a duplicate code or id",
    "CC203": "a sub-topic filed under the wrong topic",
    "CC204": "a gap or repeat in outcome letters",
    "CC205": "a gap or repeat in item numbers",
    "CC206": "a term linked to a missing guidance note",
    "CC207": "a term whose text does not occur where it is linked",
    "CC210": "an outcome whose kind does not match its verb",
    "CC301": "an hour band whose minimum exceeds its maximum",
    "CC302": "hour bands that cannot add up",
}


def check_criteria_data(data: Any) -> list[Problem]:
    """All cross-field problems in raw criteria data, in document order."""
    if not isinstance(data, dict):
        return []
    problems = list(_check_topics(data))
    problems.extend(_check_hours(data.get("hours")))
    problems.extend(_check_unique_ids(data, "requirements", "requirement id"))
    problems.extend(_check_unique_ids(data, "errata", "erratum id"))
    return problems


def _dicts(value: Any, path: DataPath) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    if isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, dict):
                yield (*path, i), entry


def _check_topics(data: dict[str, Any]) -> Iterator[Problem]:
    seen: dict[str, DataPath] = {}
    # Notes are kept by the sub-topic's position, so that a repeated code (reported
    # as CC202) does not make the second sub-topic's links look broken.
    notes_at: dict[DataPath, set[str]] = {}
    first_with_code: dict[str, DataPath] = {}
    terms: list[tuple[DataPath, DataPath, str, Any, dict[str, Any]]] = []
    for tpath, topic in _dicts(data.get("topics"), ("topics",)):
        tcode = topic.get("code")
        if isinstance(tcode, str):
            if not TOPIC_CODE.fullmatch(tcode):
                yield Problem((*tpath, "code"), "CC201",
                              f"topic code {tcode!r} is malformed: expected letters, a level "
                              "number and a topic letter, e.g. LMAC5A")
            yield from _once(seen, tcode, (*tpath, "code"), "topic code")
        for spath, sub in _dicts(topic.get("subtopics"), (*tpath, "subtopics")):
            scode = sub.get("code")
            if isinstance(scode, str):
                if not SUBTOPIC_CODE.fullmatch(scode):
                    yield Problem((*spath, "code"), "CC201",
                                  f"sub-topic code {scode!r} is malformed: expected "
                                  "TOPIC/XX, e.g. LMAC5A/LM")
                elif isinstance(tcode, str) and scode.split("/")[0] != tcode:
                    yield Problem((*spath, "code"), "CC203",
                                  f"sub-topic {scode} is filed under topic {tcode}: its code "
                                  f"should start {tcode}/")
                yield from _once(seen, scode, (*spath, "code"), "sub-topic code")
                first_with_code.setdefault(scode, spath)
            notes: set[str] = set()
            for gpath, note in _dicts(sub.get("guidance"), (*spath, "guidance")):
                nid = note.get("id")
                if isinstance(nid, str):
                    if nid in notes:
                        yield Problem((*gpath, "id"), "CC202",
                                      f"guidance note id {nid!r} is used twice in {scode}")
                    notes.add(nid)
            notes_at[spath] = notes
            yield from _check_outcomes(sub, spath, scode, terms)
    for path, spath, scode, term, node in terms:
        yield from _check_term(path, spath, scode, term, node, notes_at, first_with_code)


def _check_outcomes(
    sub: dict[str, Any],
    spath: DataPath,
    scode: Any,
    terms: list[tuple[DataPath, DataPath, str, Any, dict[str, Any]]],
) -> Iterator[Problem]:
    letters: list[tuple[DataPath, Any]] = []
    for opath, outcome in _dicts(sub.get("outcomes"), (*spath, "outcomes")):
        letter = outcome.get("letter")
        letters.append(((*opath, "letter"), letter))
        oref = f"{scode}/{letter}"
        if isinstance(letter, str) and not OUTCOME_LETTER.fullmatch(letter):
            yield Problem((*opath, "letter"), "CC201",
                          f"outcome letter {letter!r} in {scode} is malformed: expected one "
                          "capital letter")
        yield from _check_kind(outcome, opath, oref)
        for i, term in enumerate(outcome.get("terms") or []):
            terms.append(((*opath, "terms", i), spath, str(scode), term, outcome))
        numbers: list[tuple[DataPath, Any]] = []
        for ipath, item in _dicts(outcome.get("items"), (*opath, "items")):
            number = item.get("number")
            numbers.append(((*ipath, "number"), number))
            if isinstance(number, int) and not 1 <= number <= MAX_ITEM_NUMBER:
                yield Problem((*ipath, "number"), "CC201",
                              f"item number {number} in {oref} is malformed: expected 1-999")
            for j, term in enumerate(item.get("terms") or []):
                terms.append(((*ipath, "terms", j), spath, str(scode), term, item))
        yield from _sequence(numbers, list(range(1, len(numbers) + 1)), "CC205",
                             f"item numbers in {oref}")
    expected = [chr(ord("A") + i) for i in range(len(letters))]
    yield from _sequence(letters, expected, "CC204", f"outcome letters in {scode}")


def _sequence(
    found: list[tuple[DataPath, Any]], expected: list[Any], code: str, what: str,
) -> Iterator[Problem]:
    seen: set[Any] = set()
    for (path, value), want in zip(found, expected, strict=False):
        if value in seen:
            yield Problem(path, code, f"{what} repeat {value!r}")
            return
        seen.add(value)
        if value != want:
            yield Problem(path, code, f"{what} should run {_run(expected)} in order: "
                                      f"found {value!r} where {want!r} belongs")
            return


def _run(values: list[Any]) -> str:
    return f"{values[0]}-{values[-1]}" if len(values) > 1 else str(values[0])


def _check_kind(outcome: dict[str, Any], opath: DataPath, oref: str) -> Iterator[Problem]:
    statement, kind = outcome.get("statement"), outcome.get("kind")
    if not isinstance(statement, str) or not statement.split():
        return
    verb = statement.split()[0].strip(".,:;").casefold()
    if kind == "skill" and verb in KNOWLEDGE_VERBS:
        yield Problem((*opath, "kind"), "CC210",
                      f"outcome {oref} starts {verb!r}, a knowledge verb, but is marked skill")
    elif kind == "knowledge" and verb in SKILL_VERBS:
        yield Problem((*opath, "kind"), "CC210",
                      f"outcome {oref} starts {verb!r}, a skill verb, but is marked knowledge")


def _check_term(
    path: DataPath,
    spath: DataPath,
    scode: str,
    term: Any,
    node: dict[str, Any],
    notes_at: dict[DataPath, set[str]],
    first_with_code: dict[str, DataPath],
) -> Iterator[Problem]:
    if not isinstance(term, dict):
        return
    text, note = term.get("text"), term.get("note")
    if isinstance(text, str):
        haystack = " ".join(
            str(part) for part in [node.get("text"), node.get("statement"),
                                   *(node.get("bullets") or [])]
            if part
        ).casefold()
        if text.casefold() not in haystack:
            yield Problem((*path, "text"), "CC207",
                          f"term {text!r} does not occur in the text it is attached to")
    if isinstance(note, str):
        owner, _, note_id = note.rpartition("#")
        owner_path = first_with_code.get(owner) if owner else spath
        if owner_path is None or note_id not in notes_at.get(owner_path, set()):
            if owner_path is None:
                where = f"{owner} (no such sub-topic)"
            else:
                where = f"sub-topic {owner or scode}"
            yield Problem((*path, "note"), "CC206",
                          f"term {text!r} links to guidance note {note_id!r}, which {where} "
                          "does not have")


def _once(seen: dict[str, DataPath], code: str, path: DataPath, what: str) -> Iterator[Problem]:
    if code in seen:
        yield Problem(path, "CC202", f"{what} {code} is used twice")
    else:
        seen[code] = path


def _check_hours(hours: Any) -> Iterator[Problem]:
    if not isinstance(hours, dict):
        return
    bands: dict[str, tuple[int, int]] = {}
    for name in ("tqt", "minimum_content", "optional_content"):
        band = hours.get(name)
        if isinstance(band, dict) and all(isinstance(band.get(k), int) for k in ("min", "max")):
            low, high = band["min"], band["max"]
            if low > high:
                yield Problem(("hours", name, "min"), "CC301",
                              f"hours.{name} runs from {low} to {high}: the minimum exceeds "
                              "the maximum")
            else:
                bands[name] = (low, high)
    if len(bands) == 3:
        tqt, core, optional = bands["tqt"], bands["minimum_content"], bands["optional_content"]
        low, high = core[0] + optional[0], core[1] + optional[1]
        if high < tqt[0] or low > tqt[1]:
            yield Problem(("hours", "tqt"), "CC302",
                          f"minimum content {core[0]}-{core[1]} plus optional content "
                          f"{optional[0]}-{optional[1]} gives {low}-{high} hours, which "
                          f"cannot land in the TQT band {tqt[0]}-{tqt[1]}")


def _check_unique_ids(data: dict[str, Any], key: str, what: str) -> Iterator[Problem]:
    seen: dict[str, DataPath] = {}
    for path, entry in _dicts(data.get(key), (key,)):
        value = entry.get("id")
        if isinstance(value, str):
            yield from _once(seen, value, (*path, "id"), what)
