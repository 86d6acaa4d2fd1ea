"""A cache of validated criteria sets and rules, so that a check does not validate them again.

Validating a criteria file (YAML with positions, the schema, the lint
checks) costs tens of milliseconds; a check of one specification costs less.
The result of validation is stored as JSON in the user's cache directory and
read back by the next run when nothing it depends on has changed.

It is never a source of wrong results:

- the key hashes every input byte and file name, the tool's version, the
  Python version, the shape of the classes the data is rebuilt into, and the
  size and modification time of the code that validates it; any change gives
  a new key, so a stale entry is never found;
- an entry holds its full key and is used only when the key matches
  exactly; an unreadable, truncated or foreign entry is a miss;
- entries are JSON rebuilt into our own dataclasses (no code is ever loaded
  from the cache), written to a temporary file and renamed into place, so a
  reader never sees half an entry;
- any failure to read or write is a miss, silently: the cache only ever
  saves time.

The directory is ``$CRITERIA_CHECKER_CACHE_DIR``, else
``$XDG_CACHE_HOME/criteria-checker``, else ``~/.cache/criteria-checker``
(``%LOCALAPPDATA%`` on Windows). ``CRITERIA_CHECKER_NO_CACHE=1`` turns it
off. At most :data:`MAX_ENTRIES` entries are kept; the oldest go first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from criteria_checker import __version__

#: Bumped when the entry format changes.
CACHE_FORMAT = 1
#: Entries kept in the cache directory; enough for several criteria sets and rules folders.
MAX_ENTRIES = 32


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is turned off."""
    if os.environ.get("CRITERIA_CHECKER_NO_CACHE", "").strip() not in ("", "0"):
        return None
    named = os.environ.get("CRITERIA_CHECKER_CACHE_DIR", "").strip()
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base and sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip()
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory
            return None
    return Path(base) / "criteria-checker"


def entry_key(kind: str, inputs: Iterable[tuple[str, str]], classes: Iterable[type],
              code: Iterable[str]) -> str:
    """The key of the entry for ``inputs`` ((name, text) pairs) read into ``classes``.

    ``code`` names the package's source files (relative to the package, e.g.
    ``"criteria/checks.py"``) that decide what is valid; their size and
    modification time are part of the key.
    """
    digest = hashlib.sha256()
    for part in (f"{kind}/{CACHE_FORMAT}", __version__, sys.version, _shapes(classes),
                 _stamps(code)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for name, text in inputs:
        digest.update(name.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return f"{kind}-{digest.hexdigest()}"


def load(key: str) -> Any | None:
    """The data stored under ``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / f"{key}.json").open("rb") as stream:
            entry = json.load(stream)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry.get("data")


def store(key: str, data: Any) -> None:
    """Keep ``data`` (JSON-able) under ``key``; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        import tempfile  # only on a miss

        handle, temporary = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"key": key, "data": data}, stream, ensure_ascii=False,
                          separators=(",", ":"))
            Path(temporary).replace(folder / f"{key}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, TypeError, ValueError):
        return


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.glob("*.json"):
        try:
            entries.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:
            continue
    for _, _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        path.unlink(missing_ok=True)


def _shapes(classes: Iterable[type]) -> str:
    """Every field of every class, with its declared type: a change of shape changes this."""
    seen: list[str] = []
    for cls in classes:
        fields = [(f.name, str(f.type), f.init) for f in dataclasses.fields(cls)]
        seen.append(f"{cls.__module__}.{cls.__qualname__}{fields}")
    return "\n".join(sorted(seen))


_PACKAGE = Path(__file__).resolve().parent


def _stamps(code: Iterable[str]) -> str:
    stamps = []
    for name in sorted(code):
        try:
            stat = (_PACKAGE / name).stat()
        except OSError:
            stamps.append(f"{name}:?")
            continue
        stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(stamps)
