"""The compiled cache of criteria and rules saves time and is never a source of wrong results."""

from __future__ import annotations

import json
import marshal
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from criteria_checker import compiled_cache
from criteria_checker.criteria.load import find_criteria, load_criteria
from criteria_checker.engine.rules import load_rules
from criteria_checker.errors import InputError
from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.validation import validate
from criteria_checker.paths import rules_dir
from criteria_checker.yaml_source import load_yaml

CRITERIA = find_criteria(None)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CRITERIA_CHECKER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CRITERIA_CHECKER_NO_CACHE", raising=False)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{compiled_cache.ENTRY_SUFFIX}"))


def test_a_cached_criteria_set_equals_a_freshly_validated_one(cache: Path) -> None:
    first = load_criteria(CRITERIA)
    assert [p.name.split("-")[0] for p in _entries(cache)] == ["criteria"]
    again = load_criteria(CRITERIA)
    fresh = validate(CriteriaSet, load_yaml(CRITERIA).data, strict=True)
    assert first == again == fresh
    assert len(again.index()) == len(fresh.index())


def test_cached_rules_equal_freshly_validated_ones(cache: Path) -> None:
    first = load_rules(rules_dir())
    assert any(p.name.startswith("rules-") for p in _entries(cache))
    again = load_rules(rules_dir())
    assert again == first
    assert [r.params for r in again] == [r.params for r in first]


def test_an_edited_criteria_file_is_validated_again(cache: Path, tmp_path: Path) -> None:
    copy = tmp_path / "criteria.yaml"
    shutil.copy(CRITERIA, copy)
    load_criteria(copy)
    text = copy.read_text("utf-8")
    copy.write_text(text.replace("format: 1", "format: 2", 1), "utf-8")
    with pytest.raises(InputError, match=r"criteria\.yaml:\d+:\d+: CC100 format"):
        load_criteria(copy)


def test_an_edited_rules_file_is_validated_again(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    load_rules(folder)
    target = sorted(folder.glob("*.yaml"))[0]
    target.write_text(target.read_text("utf-8") + "\n- id: BAD\n", "utf-8")
    with pytest.raises(InputError, match="BAD"):
        load_rules(folder)


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: b"not marshal data",
    lambda data: b"",
    lambda data: json.dumps(marshal.loads(data)).encode(),  # JSON, the earlier format
    lambda data: marshal.dumps({"key": "another", "data": {}}),  # another entry's key
    lambda data: marshal.dumps({"key": marshal.loads(data)["key"], "data": {"format": 1}}),
    lambda data: marshal.dumps({"key": marshal.loads(data)["key"], "data": [1, 2]}),
    lambda data: marshal.dumps([marshal.loads(data)]),
])
def test_a_damaged_entry_is_a_miss(cache: Path, damage: Callable[[bytes], bytes]) -> None:
    expected = load_criteria(CRITERIA)
    rules = load_rules(rules_dir())
    for entry in _entries(cache):
        entry.write_bytes(damage(entry.read_bytes()))
    assert load_criteria(CRITERIA) == expected
    assert load_rules(rules_dir()) == rules


def test_a_hit_gives_what_a_miss_gives(cache: Path) -> None:
    """Data comes back as JSON would give it: lists for tuples, strings for keys."""
    compiled_cache.store("shape", {"pairs": (("a", 1), ("b", None)), "key": {1: 2.5}})
    assert compiled_cache.load("shape") == {"pairs": [["a", 1], ["b", None]], "key": {"1": 2.5}}
    compiled_cache.store("unfit", {"a set": {1, 2}})
    assert compiled_cache.load("unfit") is None, "what JSON cannot hold is not stored"


def test_entries_of_the_earlier_format_are_pruned_first(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    old = cache / "criteria-0123.json"
    old.write_text("{}", "utf-8")
    for number in range(compiled_cache.MAX_ENTRIES):
        compiled_cache.store(f"test-{number}", {"number": number})
    assert not old.exists()
    assert len(_entries(cache)) == compiled_cache.MAX_ENTRIES


def test_an_unwritable_cache_only_costs_time(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", "utf-8")
    monkeypatch.setenv("CRITERIA_CHECKER_CACHE_DIR", str(blocker / "cache"))
    assert load_criteria(CRITERIA).id == CRITERIA.stem
    assert len(load_rules(rules_dir())) > 0


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRITERIA_CHECKER_NO_CACHE", "1")
    load_criteria(CRITERIA)
    load_rules(rules_dir())
    assert not cache.exists()


def test_the_cache_keeps_a_bounded_number_of_entries(cache: Path) -> None:
    for number in range(compiled_cache.MAX_ENTRIES + 5):
        compiled_cache.store(f"test-{number}", {"number": number})
    assert len(_entries(cache)) == compiled_cache.MAX_ENTRIES
    assert compiled_cache.load(f"test-{compiled_cache.MAX_ENTRIES + 4}") == {
        "number": compiled_cache.MAX_ENTRIES + 4}


def test_the_key_depends_on_every_input() -> None:
    base = compiled_cache.entry_key("k", [("a", "text")], [CriteriaSet], ["refs.py"])
    assert base == compiled_cache.entry_key("k", [("a", "text")], [CriteriaSet], ["refs.py"])
    assert len({base,
                compiled_cache.entry_key("k", [("a", "text!")], [CriteriaSet], ["refs.py"]),
                compiled_cache.entry_key("k", [("b", "text")], [CriteriaSet], ["refs.py"]),
                compiled_cache.entry_key("j", [("a", "text")], [CriteriaSet], ["refs.py"]),
                compiled_cache.entry_key("k", [("a", "text")], [], ["refs.py"]),
                compiled_cache.entry_key("k", [("a", "text")], [CriteriaSet], [])}) == 6
