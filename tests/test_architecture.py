"""The package's rooms and the direction of their imports (docs/architecture.md).

Each room (a sub-package, or one of the foundation modules at the package
root) stands on a floor; a module may import its own room and rooms on lower
floors, never a room on its own floor or above. Imports inside functions and
under TYPE_CHECKING count: a lazy import is still a dependency. The one
exception is written down: the engine loads its checks (plugins that import
the engine) through its registry.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "criteria_checker"

#: The foundation: modules at the package root that everything may use.
FOUNDATION = frozenset({"__init__", "errors", "paths", "refs", "text_files", "fileio",
                        "safe_xml", "yaml_source", "compiled_cache"})

#: Each room's floor, as docs/architecture.md draws them (ground floor 0).
FLOORS: dict[str, int] = {
    "foundation": 0,
    "model": 1, "html": 1,
    "criteria": 2, "readers": 2, "similarity": 2,
    "case": 3, "writers": 3,
    "engine": 4,
    "checks": 5,
    "reporters": 6, "diff": 6,
    "evidence": 7, "annotate": 7,
    "why": 8, "config": 8, "schemas": 8,
    "batch": 9,
    "web": 10,
    "cli": 11,
    "__main__": 12,
}

#: Imports allowed against the floors: (importing module, imported room), with the reason.
EXCEPTIONS = {
    ("criteria_checker.engine.registry", "checks"):
        "the registry loads the check modules, which register themselves with it",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    """``criteria_checker.engine.api`` -> ``engine``; ``criteria_checker.errors`` -> foundation."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    return "foundation" if name in FOUNDATION else name


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            if node.module == "criteria_checker":
                # ``from criteria_checker import compiled_cache`` names a module;
                # ``from criteria_checker import __version__`` the package root.
                found += [(node.lineno, f"criteria_checker.{alias.name}"
                           if _is_module(alias.name) else "criteria_checker")
                          for alias in node.names]
            elif node.module is not None:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found
            if name == "criteria_checker" or name.startswith("criteria_checker.")]


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_room_has_a_floor() -> None:
    rooms = {_room(_module_name(path)) for path in SOURCES}
    assert sorted(rooms - FLOORS.keys()) == [], \
        "place each new room on a floor here and in docs/architecture.md"
    assert sorted(FLOORS.keys() - rooms) == [], "a room that no longer exists"


def _violations() -> list[str]:
    problems = []
    for path in SOURCES:
        module = _module_name(path)
        room = _room(module)
        for line, imported in _imported_modules(path):
            target = _room(imported)
            if target == room or FLOORS[target] < FLOORS[room]:
                continue
            if (module, target) in EXCEPTIONS:
                continue
            problems.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {room} (floor "
                            f"{FLOORS[room]}) imports {imported} (floor {FLOORS[target]})")
    return problems


def test_rooms_import_only_downwards() -> None:
    assert _violations() == []


def test_each_exception_is_still_needed() -> None:
    used = set()
    for path in SOURCES:
        module = _module_name(path)
        used.update((module, _room(name)) for _, name in _imported_modules(path))
    assert sorted(EXCEPTIONS.keys() - used) == []


@pytest.mark.parametrize("room", ["cli", "web"])
def test_front_doors_are_not_imported_by_the_library(room: str) -> None:
    # The command line and the web server call the library; nothing below calls them.
    importers = sorted({_room(_module_name(path)) for path in SOURCES
                        for _, name in _imported_modules(path) if _room(name) == room}
                       - {room, "cli", "__main__"})
    assert importers == []


def test_the_architecture_page_names_every_room() -> None:
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text("utf-8")
    missing = [room for room in [*FLOORS, *FOUNDATION] if room not in {"__init__", "foundation"}
               and f"`{room}/`" not in page and f"`{room}.py`" not in page]
    assert missing == []
