"""What a configuration file says, with where it says it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import UsageError

SourceKind = Literal["default", "config", "command line"]


class ConfigError(UsageError):
    """A configuration file cannot be used: one line, ``FILE:LINE: problem``."""


@dataclass(frozen=True)
class Source:
    """Where a setting comes from: the default, a line of a config file, or the command line."""

    kind: SourceKind
    file: Path | None = None
    line: int | None = None
    #: The glob of the per-path override that set it, if one did.
    pattern: str | None = None

    def __str__(self) -> str:
        if self.kind != "config":
            return self.kind
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)


DEFAULT = Source("default")
COMMAND_LINE = Source("command line")


@dataclass(frozen=True)
class Setting:
    """One key's value (in the form CheckOptions takes it) and where it was set."""

    key: str
    value: object
    source: Source


@dataclass(frozen=True)
class PathOverride:
    """Settings that apply to the files one glob matches (``[tool.criteria-checker.per-path]``)."""

    pattern: str
    settings: tuple[Setting, ...]

    def matches(self, relative: str) -> bool:
        """Whether ``relative`` (a POSIX path relative to the config file's folder) matches."""
        if "/" not in self.pattern.removeprefix("./"):
            relative = relative.rsplit("/", 1)[-1]
        return glob_regex(self.pattern).fullmatch(relative) is not None


@dataclass(frozen=True)
class Config:
    """A configuration file's settings; ``file`` is None when no file is in force."""

    file: Path | None = None
    settings: tuple[Setting, ...] = ()
    overrides: tuple[PathOverride, ...] = ()
    #: Why no file is in force, for ``criteria-checker config`` (when ``file`` is None).
    absent_because: str = "none found"
    _by_key: dict[str, Setting] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {s.key: s for s in self.settings})

    @property
    def folder(self) -> Path | None:
        """The folder relative paths and per-path globs are taken from."""
        return absolute(self.file.parent) if self.file is not None else None

    def get(self, key: str) -> Setting | None:
        """The top-level setting of ``key``, if the file sets it."""
        return self._by_key.get(key)

    def overrides_for(self, path: Path | str) -> Iterator[PathOverride]:
        """The per-path overrides that apply to ``path``, in the order the file gives them."""
        if self.folder is None or not self.overrides:
            return
        relative = relative_path(path, self.folder)
        if relative is None:
            return
        yield from (o for o in self.overrides if o.matches(relative))


def absolute(path: Path | str) -> Path:
    """``path`` from the working directory, with ``..`` resolved but symbolic links kept."""
    return Path(os.path.normpath(Path(path).absolute()))


def relative_path(path: Path | str, folder: Path) -> str | None:
    """``path`` relative to ``folder`` as a POSIX string; None when it is outside."""
    whole = absolute(path)
    try:
        return whole.relative_to(folder).as_posix()
    except ValueError:
        pass
    try:  # the same folder reached through a symbolic link
        return whole.resolve().relative_to(folder.resolve()).as_posix()
    except (ValueError, OSError):
        return None


@lru_cache(maxsize=64)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regular expression: ``*`` and ``?`` stay within a folder, ``**`` crosses them.

    Raises ValueError (with a sentence) for a glob that cannot be read.
    """
    text = pattern.removeprefix("./")
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif text.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[":
            end = text.find("]", index + 2)
            if end < 0:
                raise ValueError(f"{pattern!r} has a '[' without its ']'")
            body = text[index + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            index = end + 1
        else:
            out.append(re.escape(char))
            index += 1
    try:
        return re.compile("".join(out))
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a glob: {exc}") from None
