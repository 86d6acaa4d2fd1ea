"""YAML that remembers where each value came from.

Lint messages must say ``FILE:LINE:COL``; pydantic reports a path such as
``("topics", 2, "subtopics", 0, "code")``. We compose the YAML node tree
once, build plain Python data from it, and keep the tree so any path can be
turned back into a position. Duplicate keys, which YAML loaders silently
merge, are reported instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import InputError
from criteria_checker.text_files import MAX_YAML_BYTES, read_text

try:  # the C loader is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

__all__ = ["MAX_YAML_BYTES", "Position", "YamlDocument", "load_yaml", "read_text"]


@dataclass(frozen=True)
class Position:
    """A place in a YAML file."""

    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlDocument:
    """Parsed data plus the node tree that locates it."""

    path: Path
    data: Any
    root: yaml.Node | None
    duplicate_keys: list[tuple[Path_, Position]] = field(default_factory=list)

    def position(self, path: Sequence[str | int]) -> Position:
        """Where the value at ``path`` starts; the nearest existing ancestor if absent."""
        node = self.root
        best = Position(1, 1) if node is None else _pos(node)
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
            best = _pos(node)
        return best


def load_yaml(path: Path, text: str | None = None, *, syntax_code: str = "") -> YamlDocument:
    """Parse one YAML document, keeping positions; syntax errors raise InputError with the line.

    ``syntax_code`` prefixes the syntax-error message (linters print codes).
    """
    if text is None:
        text = read_text(path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        prefix = f"{syntax_code} " if syntax_code else ""
        raise InputError(f"{path}{where}", f"{prefix}not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from None
    duplicates: list[tuple[Path_, Position]] = []
    constructor = SafeConstructor()
    data = _construct(root, (), duplicates, constructor) if root is not None else None
    return YamlDocument(path=path, data=data, root=root, duplicate_keys=duplicates)


def _construct(
    node: yaml.Node,
    path: Path_,
    duplicates: list[tuple[Path_, Position]],
    constructor: SafeConstructor,
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path, duplicates, constructor)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in result:
                duplicates.append(((*path, key), _pos(key_node)))
            result[key] = _construct(value_node, (*path, key), duplicates, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(child, (*path, i), duplicates, constructor)
            for i, child in enumerate(node.value)
        ]
    # Scalars: let the safe constructor resolve the tag (int, bool, null, ...).
    return constructor.construct_object(node)


def _child(node: yaml.Node | None, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                found: yaml.Node = value_node
                return found
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            item: yaml.Node = node.value[step]
            return item
        return None
    return None


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
