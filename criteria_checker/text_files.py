"""Reading the hand-written data files (criteria, rules) as text, with one-line errors."""

from __future__ import annotations

from pathlib import Path

from criteria_checker.errors import InputError

#: A criteria or rules file larger than this is not hand-written data.
MAX_YAML_BYTES = 8 * 1024 * 1024


def read_text(path: Path) -> str:
    """Read a hand-written data file as UTF-8, or raise a one-line InputError."""
    try:
        if path.is_dir():
            raise InputError(path, "is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(path, f"is {size:,} bytes; data files are limited to "
                                   f"{MAX_YAML_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (bad byte at offset {exc.start})") from None
