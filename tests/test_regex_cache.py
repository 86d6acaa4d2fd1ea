"""Compiled regular expressions kept between runs behave exactly as re.compile's."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest

from criteria_checker import compiled_cache

PATTERNS = [
    (r"(?P<topic>[A-Z]{2,8}[0-9]{1,2}[A-Z])(?:/(?P<sub>[A-Z]{1,3}))?", 0),
    (r"(?<!\w)at\s+or\s+above\s+level\s+(\d+)(?!\w)", re.IGNORECASE),
    (r"(?i:units?)\s+(?:no\.?|number)\s+\d+", 0),
    (r"""
     ^(?P<a>\d+)   # a number
     \s*-\s*
     (?P<b>\d+)$
     """, re.VERBOSE),
    ("[\ud800-\udfff]+|\u00e9t\u00e9", 0),
    (r"^$", re.MULTILINE),
]
TEXTS = ["LMAC5A/LM", "at or above level 3", "Units no. 301", "10 - 20", "\ud800x", "été",
         "", "a\n\nb"]


@pytest.fixture
def programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("CRITERIA_CHECKER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CRITERIA_CHECKER_NO_CACHE", raising=False)
    return folder


def _same(compiled: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert compiled == expected
    assert (compiled.flags, compiled.groups, compiled.groupindex) == \
        (expected.flags, expected.groups, expected.groupindex)
    for text in TEXTS:
        found, wanted = compiled.search(text), expected.search(text)
        assert (found and (found.span(), found.groups())) == \
            (wanted and (wanted.span(), wanted.groups()))


def _run(folder: Path) -> compiled_cache._Programs:
    """One process's worth: compile every pattern, then end (writing what is new)."""
    store = compiled_cache._Programs()
    for pattern, flags in PATTERNS:
        _same(store.compile(pattern, flags), pattern, flags)
    store.save()
    return store


def test_patterns_from_the_store_equal_freshly_compiled_ones(programs: Path) -> None:
    first = _run(programs)
    assert first.engine is not None, "CPython's engine takes compiled programs"
    [stored] = programs.glob("regex-*.programs")
    assert len(marshal.loads(stored.read_bytes())["programs"]) == len(PATTERNS)
    again = _run(programs)
    assert not again.added, "every pattern came from the store"


def test_a_pattern_is_made_once_per_process(programs: Path) -> None:
    store = compiled_cache._Programs()
    assert store.compile(r"\d+", 0) is store.compile(r"\d+", 0)


def test_a_damaged_store_is_compiled_around(programs: Path) -> None:
    _run(programs)
    [stored] = programs.glob("regex-*.programs")
    entry = marshal.loads(stored.read_bytes())
    for program in entry["programs"].values():
        program[1] = "ffffffff" * 3  # code the engine refuses
    stored.write_bytes(marshal.dumps(entry))
    _run(programs)
    stored.write_bytes(marshal.dumps(entry)[:40])
    _run(programs)
    stored.write_text('{"key": "regex-', "ascii")
    _run(programs)


def test_no_cache_compiles_as_usual(programs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRITERIA_CHECKER_NO_CACHE", "1")
    store = _run(programs)
    assert store.engine is None
    assert list(programs.iterdir()) == []


def test_a_removed_folder_is_not_made_again(programs: Path) -> None:
    store = compiled_cache._Programs()
    store.compile(r"\w+", 0)
    programs.rmdir()
    store.save()
    assert not programs.exists()
