"""Which files a batch run checks: folders, globs and plain paths, in a stable order."""

from __future__ import annotations

import glob
from pathlib import Path

from criteria_checker.errors import UsageError

SPEC_SUFFIXES = frozenset({".docx", ".xml"})


def collect_inputs(arguments: list[str]) -> list[Path]:
    """Expand folders (recursively) and globs into specification files.

    Folders contribute their .docx and .xml files, skipping hidden files and
    Word's "~$" lock files; a path named explicitly is kept whatever its
    extension, so that a bad file a reviewer points at is reported, not
    ignored. The result is sorted and free of duplicates, so output order
    never depends on the file system.
    """
    found: dict[str, Path] = {}
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for candidate in path.rglob("*"):
                if _wanted(candidate, path):
                    found.setdefault(str(candidate), candidate)
        elif any(ch in argument for ch in "*?["):
            # Path.glob cannot take absolute patterns; glob.glob can.
            matches = [Path(m) for m in glob.glob(argument, recursive=True)]  # noqa: PTH207
            for match in matches:
                if match.is_dir():
                    continue
                found.setdefault(str(match), match)
            if not matches:
                raise UsageError(f"{argument}: no files match this pattern")
        else:
            # Missing or unreadable files are reported as rows of the summary.
            found.setdefault(str(path), path)
    return [found[key] for key in sorted(found)]


def _wanted(candidate: Path, root: Path) -> bool:
    relative = candidate.relative_to(root).parts
    if any(part.startswith(".") for part in relative):
        return False
    name = candidate.name
    if name.startswith("~$"):
        return False
    return candidate.suffix.lower() in SPEC_SUFFIXES and not candidate.is_dir()


def report_stem(path: Path, index: int, taken: set[str]) -> str:
    """A file name for a submission's reports: readable, unique within the batch."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in path.name) or "file"
    if stem in taken:
        stem = f"{stem}-{index}"
    taken.add(stem)
    return stem
