"""Finding and reading configuration files.

Walking up from the working directory, the first folder holding either a
``.criteria-checker.toml`` or a ``pyproject.toml`` with a
``[tool.criteria-checker]`` table supplies the settings; in one folder,
``.criteria-checker.toml`` wins. A ``pyproject.toml`` without that table is
passed over, as ruff and mypy pass over one without theirs.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from criteria_checker.config.keys import KEYS, PER_PATH, PER_PATH_KEYS, BadValue
from criteria_checker.config.lines import KeyPath, key_lines, line_of
from criteria_checker.config.model import (
    Config,
    ConfigError,
    PathOverride,
    Setting,
    Source,
    glob_regex,
)
from criteria_checker.errors import CriteriaCheckerError
from criteria_checker.text_files import read_text

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        pass
    else:  # pragma: no cover - Python 3.10
        pass  # type: ignore[import-not-found, unused-ignore]

CONFIG_NAME = ".criteria-checker.toml"
PYPROJECT_NAME = "pyproject.toml"
#: The table of pyproject.toml that holds the settings.
PYPROJECT_TABLE = ("tool", "criteria-checker")


def find_config(start: Path) -> Path | None:
    """The configuration file in force for ``start`` (a folder), or None."""
    folder = Path(start).absolute()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT_NAME
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def load_config(start: Path) -> Config:
    """The settings in force for a run started in ``start``: those of :func:`find_config`.

    An empty Config when no file is found. Raises ConfigError (a UsageError) naming the
    file and line of a bad key or value, or InputError for a file that cannot be read.
    """
    path = find_config(start)
    if path is None:
        return Config(absent_because=f"none found walking up from {Path(start).absolute()}")
    return read_config(path)


def read_config(path: Path) -> Config:
    """The settings of one configuration file (``--config FILE``).

    A file named pyproject.toml is read from its ``[tool.criteria-checker]`` table;
    any other file from its top level.
    """
    tomllib = _toml()
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    lines = key_lines(text)
    prefix: KeyPath = ()
    table: object = data
    if path.name == PYPROJECT_NAME:
        prefix = PYPROJECT_TABLE
        tool = data.get("tool")
        table = tool.get("criteria-checker") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{path}: has no [tool.criteria-checker] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{_where(path, lines, prefix)}: tool.criteria-checker must be "
                              "a table of settings")
    assert isinstance(table, dict)
    return _parse(path, lines, prefix, table)


def _has_table(pyproject: Path) -> bool:
    try:
        text = read_text(pyproject)
    except CriteriaCheckerError:  # an unreadable pyproject.toml is no configuration of ours
        return False
    if "criteria-checker" not in text:  # most pyproject.toml files: no parsing needed
        return False
    tomllib = _toml()
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: not valid TOML: {exc}") from None
    return isinstance(tool, dict) and "criteria-checker" in tool


def _toml() -> Any:
    """The TOML parser, imported when a file is to be parsed: most checks find none."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # type: ignore[import-not-found, unused-ignore]  # pragma: no cover

    return tomli  # pragma: no cover


def _where(path: Path, lines: dict[KeyPath, int], key_path: KeyPath) -> Source:
    return Source("config", path, line_of(lines, key_path))


def _parse(path: Path, lines: dict[KeyPath, int], prefix: KeyPath,
           table: Mapping[str, Any]) -> Config:
    settings = []
    overrides: tuple[PathOverride, ...] = ()
    context = "in [tool.criteria-checker]" if prefix else "in the configuration"
    for key, value in table.items():
        where = _where(path, lines, (*prefix, key))
        if key == PER_PATH:
            overrides = _per_path(path, lines, (*prefix, key), value)
            continue
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} {context}"
                              f"{_did_you_mean(key, [*KEYS, PER_PATH])}; the keys are "
                              f"{', '.join([*KEYS, PER_PATH])}")
        settings.append(_setting(key, value, path, lines, (*prefix, key), where))
    return Config(file=path, settings=tuple(settings), overrides=overrides)


def _per_path(path: Path, lines: dict[KeyPath, int], key_path: KeyPath,
              value: object) -> tuple[PathOverride, ...]:
    example = '"drafts/*.docx" = { ignore = ["TTL001"] }'
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(path, lines, key_path)}: {PER_PATH}: expected a table of "
                          f"globs, each with its settings, e.g. {example}")
    overrides = []
    for pattern, settings in value.items():
        where = _where(path, lines, (*key_path, pattern))
        if not isinstance(settings, dict):
            raise ConfigError(f"{where}: {PER_PATH} {pattern!r}: expected a table of settings, "
                              f"e.g. {example}")
        try:
            glob_regex(pattern)
        except ValueError as exc:
            raise ConfigError(f"{where}: {PER_PATH}: {exc}") from None
        chosen = []
        for key, setting_value in settings.items():
            key_where = _where(path, lines, (*key_path, pattern, key))
            if key not in PER_PATH_KEYS:
                why = "cannot be set per path" if key in KEYS else "is not a setting"
                raise ConfigError(
                    f"{key_where}: {PER_PATH} {pattern!r}: {key!r} {why}"
                    f"{_did_you_mean(key, PER_PATH_KEYS) if key not in KEYS else ''}; "
                    f"the keys a path may set are {', '.join(PER_PATH_KEYS)}")
            chosen.append(_setting(key, setting_value, path, lines,
                                   (*key_path, pattern, key),
                                   Source("config", path, key_where.line, pattern)))
        overrides.append(PathOverride(pattern, tuple(chosen)))
    return tuple(overrides)


def _setting(key: str, value: object, path: Path, lines: dict[KeyPath, int],
             key_path: KeyPath, where: Source) -> Setting:
    """The setting ``key = value`` of the file ``path``; relative paths are to its folder."""
    try:
        return Setting(key, KEYS[key].parse(value, path.parent), where)
    except BadValue as exc:
        if exc.part is not None:  # the entry's own line, in a table spread over lines
            where = _where(path, lines, (*key_path, exc.part))
        raise ConfigError(f"{where}: {key}: {exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{where}: {key}: {exc}") from None


def _did_you_mean(key: str, known: list[str] | tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(key.replace("_", "-"), known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
