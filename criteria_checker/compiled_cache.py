"""A cache of validated criteria sets and rules, so that a check does not validate them again.

Validating a criteria file (YAML with positions, the schema, the lint
checks) costs tens of milliseconds; a check of one specification costs less.
The result of validation is stored in the user's cache directory and read
back by the next run when nothing it depends on has changed.

It is never a source of wrong results:

- the key hashes every input byte and file name, the tool's version, the
  Python version, the shape of the classes the data is rebuilt into, and the
  size and modification time of the code that validates it; any change gives
  a new key, so a stale entry is never found;
- an entry holds its full key and is used only when the key matches
  exactly; an unreadable, truncated or foreign entry is a miss;
- entries hold plain data, what JSON can hold, rebuilt into our own
  dataclasses (no code is loaded from an entry); they are written in
  marshal's format, which Python reads several times faster than JSON, to a
  temporary file renamed into place, so a reader never sees half an entry;
- any failure to read or write is a miss, silently: the cache only ever
  saves time.

The directory is ``$CRITERIA_CHECKER_CACHE_DIR``, else
``$XDG_CACHE_HOME/criteria-checker``, else ``~/.cache/criteria-checker``
(``%LOCALAPPDATA%`` on Windows). ``CRITERIA_CHECKER_NO_CACHE=1`` turns it
off. At most :data:`MAX_ENTRIES` entries are kept; the oldest go first.

:func:`regex` keeps compiled regular expressions the same way, and
:func:`dataclass` the bytecode of the methods the standard ``dataclass``
decorator writes, as Python keeps the bytecode of modules (see each).
"""

from __future__ import annotations

import _thread  # threading's Lock, without importing threading (1.4 ms of a start-up)
import atexit
import dataclasses
import marshal
import os
import re
import sys
from array import array
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from criteria_checker import __version__

#: Bumped when the entry format changes.
CACHE_FORMAT = 2
#: Entries kept in the cache directory; enough for several criteria sets and rules folders.
MAX_ENTRIES = 32
#: The file name ending of an entry.
ENTRY_SUFFIX = ".entry"
#: Compiled regular expressions kept; past this, only those the last run used are kept.
MAX_PROGRAMS = 2048
#: Bumped when the way a compiled regular expression is stored changes.
_PROGRAM_FORMAT = 3
#: Compiled dataclass methods kept; past this, only those the last run used are kept.
MAX_CODES = 4096
#: Bumped when the way dataclass methods' code is stored changes.
_CODE_FORMAT = 3


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
    # Here: importing this module for regex() alone needs no hashing. CPython's
    # own BLAKE2 rather than hashlib, whose import loads OpenSSL (3 ms of a check).
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python
        from hashlib import blake2b

    digest = blake2b(digest_size=32)
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
    entry = _read(folder / f"{key}{ENTRY_SUFFIX}")
    if type(entry) is not dict or entry.get("key") != key:
        return None
    return entry.get("data")


def store(key: str, data: Any) -> None:
    """Keep ``data`` (JSON-able) under ``key``; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    import json  # here: a check whose entries are all found never needs it

    try:
        # Stored as JSON would give it back (lists, string keys), so that a
        # hit and a miss hand the caller the same data.
        plain = json.loads(json.dumps(data))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, TypeError, ValueError):
        return
    if _replace(folder, f"{key}{ENTRY_SUFFIX}", marshal.dumps({"key": key, "data": plain})):
        _prune(folder)


def _read(path: Path) -> Any:
    """What ``path`` holds in marshal's format, or None when it cannot be read.

    Entries are written in marshal's format, not JSON: Python reads it back
    several times faster (the similarity index in 2.5 ms rather than 6).
    """
    try:
        return marshal.loads(path.read_bytes())
    except Exception:  # missing, truncated, another build's or not ours: a miss
        return None


def _prune(folder: Path) -> None:
    entries = []
    # (*.json: entries of the earlier format, never read again, go first.)
    for path in [*folder.glob(f"*{ENTRY_SUFFIX}"), *folder.glob("*.json")]:
        try:
            entries.append((path.suffix == ENTRY_SUFFIX, path.stat().st_mtime_ns, path.name,
                            path))
        except OSError:
            continue
    for *_, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
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


# -- compiled regular expressions ----------------------------------------------------

def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, the compiled program kept in the cache between runs.

    The ``re`` module compiles in Python: from tens of microseconds for a short
    pattern to a millisecond for the long alternations of the prose readers,
    and the readers have a couple of hundred, which made compiling them a
    large part of a check's start-up. The program the compiler makes depends
    only on the pattern, the flags and the Python build, so it is stored in
    one file named after that build, and next time handed
    to the regular expression engine directly, which validates a program
    before taking it. A program is stored only after the pattern built from
    it has compared equal to ``re.compile``'s (patterns compare their
    programs); anything missing, unreadable or refused is compiled as usual.
    New programs are written when the process ends.
    """
    return _PROGRAMS.compile(pattern, flags)


class _Programs:
    """The compiled programs of this Python build: loaded at the first use, saved at exit."""

    def __init__(self) -> None:
        self.lock = _thread.allocate_lock()
        self.loaded = False
        self.engine: Any = None
        self.folder: Path | None = None
        self.name = ""
        self.key = ""
        self.programs: dict[str, Any] = {}
        #: The patterns made in this process, so that a pattern compiled in a loop is made once.
        self.made: dict[str, re.Pattern[str]] = {}
        self.used: set[str] = set()
        self.added = False

    def compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        flags = int(flags)
        name = f"{flags}:{pattern}"
        made = self.made.get(name)
        if made is not None:
            return made
        with self.lock:
            if not self.loaded:
                self._load()
            if self.engine is None:
                return re.compile(pattern, flags)
            self.used.add(name)
            program = self.programs.get(name)
        compiled = self._rebuild(pattern, program) if program is not None else None
        if compiled is None:
            compiled = re.compile(pattern, flags)
            program = _program(pattern, flags)
            if program is not None and len(self.programs) < 2 * MAX_PROGRAMS \
                    and self._rebuild(pattern, program) == compiled:
                with self.lock:
                    self.programs[name] = program
                    if not self.added:
                        self.added = True
                        atexit.register(self.save)
        if len(self.made) >= MAX_PROGRAMS:
            # A long-lived process meeting ever new patterns (a server reading many files).
            self.made.clear()
            self.used.clear()
        self.made[name] = compiled
        return compiled

    def _rebuild(self, pattern: str, program: Any) -> re.Pattern[str] | None:
        try:
            flags, code, groups, groupindex, indexgroup = program
            compiled = self.engine.compile(pattern, flags, _code_of(code), groups, groupindex,
                                           tuple(indexgroup))
        except Exception:  # a program the engine refuses is compiled anew
            return None
        return compiled if isinstance(compiled, re.Pattern) else None

    def _load(self) -> None:
        self.loaded = True
        self.folder = cache_dir()
        engine = _engine()
        if self.folder is None or engine is None:
            return
        self.engine = engine
        magic = getattr(engine, "MAGIC", "")
        # The file is named after the build's kind; the entry holds the whole build, so
        # another release of the same kind finds it and does not use it.
        self.name = f"regex-{sys.implementation.cache_tag}-{magic}-{sys.byteorder}.programs"
        self.key = f"regex/{_PROGRAM_FORMAT}/{sys.version}/{sys.implementation.cache_tag}/" \
                   f"{magic}/{sys.byteorder}"
        self.programs = _read_table(self.folder / self.name, self.key, "programs")

    def save(self) -> None:
        """Write the programs, new ones included, to their folder if it still exists."""
        with self.lock:
            self.added = False
            _write_table(self.folder, self.name, self.key, "programs", self.programs, self.used,
                         MAX_PROGRAMS)


def _read_table(path: Path, key: str, field: str) -> dict[str, Any]:
    """The table ``field`` of the per-build file ``path`` when it holds ``key``, else empty."""
    entry = _read(path)
    if type(entry) is dict and entry.get("key") == key and type(entry.get(field)) is dict:
        return entry[field]  # type: ignore[no-any-return]
    return {}


def _write_table(folder: Path | None, name: str, key: str, field: str, table: dict[str, Any],
                 used: set[str], limit: int) -> None:
    """Write a per-build table; past ``limit`` entries, only those this run used are kept."""
    if len(table) > limit:
        table = {name: table[name] for name in used if name in table}
    # A folder removed meanwhile (a test session's own) is not made again.
    if folder is None or not folder.is_dir():
        return
    _replace(folder, name, marshal.dumps({"key": key, field: table}))


def _engine() -> Any:
    """CPython's regular expression engine, which takes compiled programs; None elsewhere."""
    if sys.implementation.name != "cpython":
        return None
    import importlib

    try:
        _sre = importlib.import_module("_sre")
    except ImportError:
        return None
    if not callable(getattr(_sre, "compile", None)) \
            or getattr(_sre, "CODESIZE", None) != array("I").itemsize:
        return None
    return _sre


def _code_of(stored: str) -> list[int]:
    """A program's code as the engine takes it, from the hexadecimal bytes it is stored as.

    (Stored as bytes rather than as a JSON list of numbers: reading every
    program of a run then takes a tenth of the time.)
    """
    return array("I", bytes.fromhex(stored)).tolist()


def _program(pattern: str, flags: int) -> list[Any] | None:
    """What ``re.compile`` hands the engine for ``pattern``: flags, code, groups and their names.

    The same steps as the ``re`` module's own compile function; the caller
    keeps the result only when the pattern built from it equals ``re.compile``'s.
    """
    try:
        try:
            from re import _compiler, _parser  # type: ignore[attr-defined]
        except ImportError:  # Python 3.10
            import sre_compile as _compiler
            import sre_parse as _parser
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        state = parsed.state
        indexgroup: list[str | None] = [None] * state.groups
        for group_name, index in state.groupdict.items():
            indexgroup[index] = group_name
        return [flags | state.flags, array("I", code).tobytes().hex(), state.groups - 1,
                dict(state.groupdict), indexgroup]
    except Exception:  # an unexpected compiler: just compile
        return None


_PROGRAMS = _Programs()


# -- the methods dataclasses write -----------------------------------------------------

if TYPE_CHECKING:
    # Type checkers see the standard decorator and know what it makes.
    from dataclasses import dataclass as dataclass
else:
    def dataclass(cls: type | None = None, /, **options: Any) -> Any:
        """``dataclasses.dataclass``, with the bytecode of the methods it writes kept between runs.

        The standard decorator writes each class's ``__init__``, ``__repr__``,
        ``__eq__``, ``__hash__`` and frozen ``__setattr__`` as source text and
        compiles it with ``exec``: about half a millisecond a class, and a
        check defines some eighty, which made it a fifth of a cold check's
        start-up. While this decorator runs, that ``exec`` takes the code
        compiled from the same text in an earlier run instead of compiling
        it again, as Python's own bytecode cache does for modules. The text
        is the key, so a class whose fields change is compiled afresh; the
        code is stored in one file named after the Python build, read only
        by the same build. Anything missing or unreadable is compiled as
        usual, and ``CRITERIA_CHECKER_NO_CACHE=1`` turns it off. The classes
        made are the standard decorator's in every respect.
        """
        def make(cls: type) -> Any:
            _CODES.shadow()
            try:
                return dataclasses.dataclass(**options)(cls)
            finally:
                _CODES.unshadow()

        return make if cls is None else make(cls)


class _Codes:
    """Code compiled from the text dataclasses writes: loaded at the first use, saved at exit."""

    def __init__(self) -> None:
        self.lock = _thread.allocate_lock()
        self.depth = 0
        self.loaded = False
        self.folder: Path | None = None
        self.name = ""
        self.key = ""
        # Each code marshalled on its own, and read only when its class is
        # made: the table holds every class any command defined, several
        # times what one check needs, and reading it whole cost 3-4 ms.
        self.codes: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.added = False

    def shadow(self) -> None:
        """Make dataclasses' ``exec`` ours until :meth:`unshadow`."""
        with self.lock:
            if not self.loaded:
                self._load()
            self.depth += 1
            if self.folder is not None:
                # A module global named exec is found before the builtin.
                dataclasses.exec = self.exec  # type: ignore[attr-defined]

    def unshadow(self) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth == 0 and "exec" in vars(dataclasses):
                del dataclasses.exec  # type: ignore[attr-defined]

    def exec(self, source: str | CodeType, globals: dict[str, Any] | None = None,
             locals: dict[str, Any] | None = None) -> None:
        """``exec(source, globals, locals)``, with ``source`` compiled once across runs."""
        if type(source) is str:
            code = _unmarshalled(self.codes.get(source))
            if code is None:
                # dont_inherit: compiled as exec in dataclasses would, without this
                # module's __future__ imports.
                code = compile(source, "<string>", "exec", dont_inherit=True)
                with self.lock:
                    if len(self.codes) < 2 * MAX_CODES:
                        self.codes[source] = marshal.dumps(code)
                        if not self.added:
                            self.added = True
                            atexit.register(self.save)
            self.used.add(source)
            source = code
        exec(source, globals, locals)

    def _load(self) -> None:
        self.loaded = True
        self.folder = cache_dir()
        if self.folder is None:
            return
        self.name = f"dataclass-{sys.implementation.cache_tag}.code"
        self.key = f"dataclass/{_CODE_FORMAT}/{sys.version}/{marshal.version}"
        # Missing, unreadable or another build's: compiled as usual.
        self.codes = _read_table(self.folder / self.name, self.key, "codes")

    def save(self) -> None:
        """Write the code, new code included, to its folder if it still exists."""
        with self.lock:
            self.added = False
            _write_table(self.folder, self.name, self.key, "codes", self.codes, self.used,
                         MAX_CODES)


def _unmarshalled(stored: object) -> CodeType | None:
    """The code ``stored`` holds, or None when it holds none (missing or damaged)."""
    if type(stored) is not bytes:
        return None
    try:
        code = marshal.loads(stored)
    except (EOFError, ValueError, TypeError):
        return None
    return code if type(code) is CodeType else None


def _replace(folder: Path, name: str, data: bytes) -> bool:
    """Write ``data`` to ``folder/name`` through a temporary file; whether it was written.

    A reader never sees half a file; failures are ignored (the cache only ever saves time).
    """
    try:
        import tempfile  # only when there is something new

        handle, temporary = tempfile.mkstemp(prefix=".new-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            Path(temporary).replace(folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return False
    return True


_CODES = _Codes()
