"""Classes made with the kept bytecode of dataclass methods are the standard decorator's."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from criteria_checker import compiled_cache

ROOT = Path(__file__).resolve().parent.parent

#: (decorator options, fields as (name, annotation, default)); a default of
#: list stands for field(default_factory=list).
SHAPES: list[tuple[dict[str, Any], list[tuple[str, Any, Any]]]] = [
    ({}, [("a", int, dataclasses.MISSING), ("b", str, "x")]),
    ({"frozen": True}, [("a", int, dataclasses.MISSING), ("b", "tuple[int, ...]", ())]),
    ({"frozen": True, "slots": True, "kw_only": True},
     [("ref", str, dataclasses.MISSING), ("level", "int | None", None), ("notes", list, list)]),
    ({"order": True, "eq": True}, [("x", float, 0.0), ("y", float, 1.5)]),
    ({"eq": False, "repr": False}, [("items", list, list)]),
    ({"unsafe_hash": True}, [("name", str, "n"), ("count", int, 3)]),
]


@pytest.fixture
def codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], compiled_cache._Codes]:
    """A fresh store over an empty cache folder each time it is called (one per 'process')."""
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("CRITERIA_CHECKER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CRITERIA_CHECKER_NO_CACHE", raising=False)

    def fresh() -> compiled_cache._Codes:
        store = compiled_cache._Codes()
        monkeypatch.setattr(compiled_cache, "_CODES", store)
        return store

    return fresh


def _define(decorator: Callable[..., Any], options: dict[str, Any],
            fields: list[tuple[str, Any, Any]]) -> type:
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for name, annotation, default in fields:
        namespace["__annotations__"][name] = annotation
        if default is list:
            namespace[name] = dataclasses.field(default_factory=list)
        elif default is not dataclasses.MISSING:
            namespace[name] = default
    return decorator(**options)(type("Shape", (), namespace))  # type: ignore[no-any-return]


def _methods(cls: type) -> dict[str, Any]:
    return {name: value.__code__ for name, value in sorted(vars(cls).items())
            if callable(value) and hasattr(value, "__code__")}


def _assert_same(made: type, standard: type) -> None:
    assert _methods(made) == _methods(standard)
    assert [(f.name, f.type, f.default, f.kw_only) for f in dataclasses.fields(made)] == \
        [(f.name, f.type, f.default, f.kw_only) for f in dataclasses.fields(standard)]
    assert made.__init__.__annotations__ == standard.__init__.__annotations__  # type: ignore[misc]
    params = "__dataclass_params__"
    assert repr(vars(made)[params]) == repr(vars(standard)[params])


@pytest.mark.parametrize(("options", "fields"), SHAPES)
def test_classes_from_kept_code_are_the_standard_ones(
        codes: Callable[[], compiled_cache._Codes], options: dict[str, Any],
        fields: list[tuple[str, Any, Any]]) -> None:
    standard = _define(dataclasses.dataclass, options, fields)
    first = codes()
    _assert_same(_define(compiled_cache.dataclass, options, fields), standard)
    assert first.added, "the first run compiles and keeps the code"
    first.save()
    second = codes()
    made = _define(compiled_cache.dataclass, options, fields)
    assert not second.added, "every method came from the kept code"
    _assert_same(made, standard)
    # Behaviour, not only code: the same values give the same results.
    values = {name: (list if default is list else type(default) if default is not
                     dataclasses.MISSING else int)() for name, _, default in fields}
    kwargs = {name: value for name, value in values.items() if value is not None}
    left, right = made(**kwargs), standard(**kwargs)
    if options.get("repr", True):
        assert repr(left).replace(made.__qualname__, "") == \
            repr(right).replace(standard.__qualname__, "")
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(left, fields[0][0], 1)


def test_the_decorator_leaves_dataclasses_as_it_found_it(
        codes: Callable[[], compiled_cache._Codes]) -> None:
    codes()

    @compiled_cache.dataclass(frozen=True)
    class Point:
        x: int

    assert "exec" not in vars(dataclasses)
    assert Point(1) == Point(1)

    with pytest.raises(TypeError):
        _define(compiled_cache.dataclass, {"no_such_option": True}, [("x", int, 0)])

    assert "exec" not in vars(dataclasses), "an error in the decorator leaves nothing behind"


@pytest.mark.parametrize("damage", [b"", b"\x00not marshal", b"\xe3" * 40,
                                    None,  # another build's entry
                                    "each"])  # the table whole, each code in it damaged
def test_a_damaged_store_is_compiled_around(codes: Callable[[], compiled_cache._Codes],
                                            damage: bytes | str | None) -> None:
    options, fields = SHAPES[2]
    first = codes()
    _define(compiled_cache.dataclass, options, fields)
    first.save()
    [stored] = Path(os.environ["CRITERIA_CHECKER_CACHE_DIR"]).glob("dataclass-*.code")
    if damage is None:
        stored.write_bytes(marshal.dumps(("dataclass/1/another build", {})))
    elif damage == "each":
        table = marshal.loads(stored.read_bytes())
        assert table["codes"]
        table["codes"] = {source: code[:len(code) // 2] if n % 2 else marshal.dumps(n)
                          for n, (source, code) in enumerate(sorted(table["codes"].items()))}
        stored.write_bytes(marshal.dumps(table))
    else:
        stored.write_bytes(damage)
    again = codes()
    _assert_same(_define(compiled_cache.dataclass, options, fields),
                 _define(dataclasses.dataclass, options, fields))
    assert again.added, "nothing usable was read, so the code was compiled afresh"
    again.save()
    healed = codes()
    _define(compiled_cache.dataclass, options, fields)
    assert not healed.added, "the store is whole again"


def test_turned_off_it_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRITERIA_CHECKER_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CRITERIA_CHECKER_NO_CACHE", "1")
    store = compiled_cache._Codes()
    monkeypatch.setattr(compiled_cache, "_CODES", store)
    options, fields = SHAPES[1]
    _assert_same(_define(compiled_cache.dataclass, options, fields),
                 _define(dataclasses.dataclass, options, fields))
    store.save()
    assert not store.added
    assert list(tmp_path.iterdir()) == []


def test_a_second_process_compiles_no_dataclass_method(tmp_path: Path) -> None:
    """The package's own classes: the first run keeps their code, the next one uses it all."""
    env = {**os.environ, "CRITERIA_CHECKER_CACHE_DIR": str(tmp_path)}
    env.pop("CRITERIA_CHECKER_NO_CACHE", None)
    code = ("import criteria_checker.model.report, criteria_checker.model.criteria\n"
            "from criteria_checker import compiled_cache\n"
            "print(len(compiled_cache._CODES.used), compiled_cache._CODES.added)")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout.split()
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True, cwd=ROOT).stdout.split()
    assert int(first[0]) > 50 and first[1] == "True"
    assert second == [first[0], "False"]


def _dataclasses_without_docstring() -> list[str]:
    import ast

    package = Path(compiled_cache.__file__).parent
    missing = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None and any(
                    ast.unparse(d).startswith("dataclass") for d in node.decorator_list):
                missing.append(f"{path.relative_to(package)}:{node.lineno} {node.name}")
    return missing


def test_every_dataclass_says_what_it_is() -> None:
    # Besides the reader's sake: the decorator makes a class without a
    # docstring one from its signature (inspect.signature), at every import.
    assert _dataclasses_without_docstring() == []
