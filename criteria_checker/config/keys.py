"""The keys a configuration file may set: how each value is read and checked.

Each parser takes the TOML value and the config file's folder (relative paths
are relative to it) and returns the value in the form CheckOptions takes it,
or raises ValueError with the sentence that follows ``FILE:LINE: KEY:``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import get_args

from criteria_checker.compiled_cache import dataclass
from criteria_checker.model.report import Severity
from criteria_checker.reporters import DEFAULT_FORMAT

SEVERITIES: tuple[Severity, ...] = get_args(Severity)


class BadValue(ValueError):
    """A value that cannot be used; ``part`` names the entry of a table that is wrong."""

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.part = part


@dataclass(frozen=True)
class Key:
    """One configuration key: how its value is read and which option it sets."""

    name: str
    #: The CheckOptions field the key sets; None for a command's own option (format, jobs).
    field: str | None
    parse: Callable[[object, Path], object]
    default: object
    #: Whether ``per-path`` may set it for some files only.
    per_path: bool = False


def describe(value: object) -> str:
    """A TOML value as a message quotes it."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    import datetime  # here: only a TOML file, whose parser imports it, holds dates

    if isinstance(value, (datetime.date, datetime.time)):
        return "a date or time"
    return repr(value)


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected {what}, got {describe(value)}")
    if not value.strip():
        raise ValueError(f"expected {what}, got an empty string")
    return value


def _texts(value: object, what: str, example: str) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of {what}, e.g. {example}; got {describe(value)}")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"expected a list of {what}, e.g. {example}; "
                             f"{describe(item)} is not one")
    return value


def _choice(value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{describe(value)} is not one of {', '.join(choices)}")
    return value


def _existing(value: str, folder: Path, *, kind: str) -> Path:
    path = folder / value
    if not path.exists():
        raise ValueError(f"{value!r}: no such {kind} (paths are relative to the config "
                         f"file's folder, {folder})")
    if kind == "file" and path.is_dir():
        raise ValueError(f"{value!r} is a folder, not a file")
    return path


def parse_criteria(value: object, folder: Path) -> str:
    name = _text(value, "a criteria file or the id of a bundled set")
    if Path(name).suffix in {".yaml", ".yml"} or "/" in name or (folder / name).exists():
        return str(_existing(name, folder, kind="file"))
    from criteria_checker.criteria.load import bundled_criteria

    bundled = bundled_criteria()
    if name not in bundled:
        raise ValueError(f"no criteria file or bundled criteria set {name!r}; the bundled sets "
                         f"are {', '.join(bundled) or 'none'}")
    return name


def parse_rules(value: object, folder: Path) -> Path:
    return _existing(_text(value, "a rules folder or file"), folder, kind="file or folder")


def parse_shared_title(value: object, folder: Path) -> str:
    return _text(value, "the shared title as a string").strip()


def parse_names(value: object, folder: Path) -> tuple[str, ...]:
    from criteria_checker.engine.options import split_names

    return split_names(_texts(value, "rule ids or names", '["HRS001", "shared-title"]'))


def _level(name: str, level: object, *, part: str | None = None) -> Severity:
    for severity in SEVERITIES:
        if isinstance(level, str) and level.strip().lower() == severity:
            return severity
    raise BadValue(f"{name}: {describe(level)} is not one of {', '.join(SEVERITIES)}", part)


def parse_severity(value: object, folder: Path) -> tuple[tuple[str, Severity], ...]:
    if isinstance(value, dict):
        return tuple((name, _level(name, level, part=name)) for name, level in value.items())
    example = '{ HRS001 = "warning" } or ["HRS001=warning"]'
    if not isinstance(value, list):
        raise ValueError(f"expected a table of RULE = LEVEL, e.g. {example}; "
                         f"got {describe(value)}")
    levels = []
    for item in _texts(value, '"RULE=LEVEL" strings', '["HRS001=warning"]'):
        name, sep, level = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"{item!r}: write RULE=LEVEL, e.g. \"HRS001=warning\"")
        levels.append((name.strip(), _level(name.strip(), level)))
    return tuple(levels)


def parse_fail_on(value: object, folder: Path) -> Severity:
    for severity in SEVERITIES:
        if value == severity:
            return severity
    raise ValueError(f"{describe(value)} is not one of {', '.join(SEVERITIES)}")


def parse_format(value: object, folder: Path) -> str:
    from criteria_checker.reporters import REPORTER_BY_NAME

    return _choice(value, tuple(REPORTER_BY_NAME))


def parse_mapping(value: object, folder: Path) -> tuple[Path, ...]:
    files = _texts(value, "mapping grid files", '["grids/units.mapping.xlsx"]')
    return tuple(_existing(name, folder, kind="file") for name in files)


def parse_jobs(value: object, folder: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{describe(value)} is not a number of processes (0 or more; 0 "
                         "chooses by the number of files and cores)")
    return value


KEYS: dict[str, Key] = {key.name: key for key in (
    Key("criteria", "criteria", parse_criteria, None),
    Key("rules", "rules", parse_rules, None),
    Key("shared-title", "shared_title", parse_shared_title, None, per_path=True),
    Key("select", "select", parse_names, (), per_path=True),
    Key("ignore", "ignore", parse_names, (), per_path=True),
    Key("severity", "severity", parse_severity, (), per_path=True),
    Key("fail-on", "fail_on", parse_fail_on, "error", per_path=True),
    Key("format", None, parse_format, DEFAULT_FORMAT),
    Key("mapping", "mappings", parse_mapping, ()),
    Key("jobs", None, parse_jobs, 0),
)}

#: The table of per-path overrides: glob = { KEY = VALUE, ... }.
PER_PATH = "per-path"
PER_PATH_KEYS = tuple(name for name, key in KEYS.items() if key.per_path)
#: The CheckOptions field of each key that has one.
OPTION_FIELDS: dict[str, str] = {name: key.field for name, key in KEYS.items()
                                 if key.field is not None}
