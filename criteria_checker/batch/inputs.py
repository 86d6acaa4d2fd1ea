"""Which files a batch run checks: folders, globs and plain paths, in a stable order.

A mapping grid named after a submission (``NAME.mapping.xlsx``, ``.csv`` or
``.docx`` beside ``NAME.docx``) is not a submission: it is left out here and
joined onto its submission when that is checked
(:func:`criteria_checker.engine.api.read_and_check`, by the rule in
:func:`criteria_checker.readers.grids.naming.paired_grids`), so a batch pairs
them without any change to the batch itself.
"""

from __future__ import annotations

import glob
from pathlib import Path

from criteria_checker.errors import UsageError
from criteria_checker.readers.grids.naming import is_grid_name

SPEC_SUFFIXES = frozenset({".docx", ".xml"})


def collect_inputs(arguments: list[str], *, exclude: Path | None = None) -> list[Path]:
    """Expand folders (recursively) and globs into specification files.

    Folders contribute their .docx and .xml files, skipping hidden files and
    Word's "~$" lock files; a path named explicitly is kept whatever its
    extension, so that a bad file a reviewer points at is reported, not
    ignored. The result is sorted and free of duplicates, so output order
    never depends on the file system. Files under ``exclude`` (the batch's
    own output folder) are skipped, so that a review folder kept inside the
    submissions is not checked as a submission on the next run. Mapping
    grids named after a submission are skipped wherever they come from:
    they are read with their submission.
    """
    skipped = _resolved(exclude) if exclude is not None else None
    found: dict[str, Path] = {}
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for candidate in path.rglob("*"):
                if _wanted(candidate, path) and not _is_under(candidate, skipped):
                    found.setdefault(str(candidate), candidate)
        elif any(ch in argument for ch in "*?["):
            # Path.glob cannot take absolute patterns; glob.glob can.
            matches = [Path(m) for m in glob.glob(argument, recursive=True)]  # noqa: PTH207
            for match in matches:
                if match.is_dir() or is_grid_name(match):
                    continue
                found.setdefault(str(match), match)
            if not matches:
                raise UsageError(f"{argument}: no files match this pattern")
        elif not _exists(path) and (argument.endswith(("/", "\\"))
                                    or path.suffix.lower() not in SPEC_SUFFIXES):
            # A mistyped folder would otherwise be a review of one missing file.
            raise UsageError(f"{argument}: no such file or folder")
        elif is_grid_name(path):
            continue  # a grid is read with the submission it is named after
        else:
            # Missing or unreadable files are reported as rows of the summary.
            found.setdefault(str(path), path)
    return [found[key] for key in sorted(found)]


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _is_under(candidate: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    resolved = _resolved(candidate)
    return resolved is not None and (resolved == folder or folder in resolved.parents)


def _wanted(candidate: Path, root: Path) -> bool:
    relative = candidate.relative_to(root).parts
    if any(part.startswith(".") for part in relative):
        return False
    name = candidate.name
    if name.startswith("~$") or is_grid_name(candidate):
        return False
    return candidate.suffix.lower() in SPEC_SUFFIXES and not candidate.is_dir()


def report_stem(path: Path, index: int, taken: set[str]) -> str:
    """A file name for a submission's reports: readable, unique within the batch."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in path.name) or "file"
    if stem in taken:
        stem = f"{stem}-{index}"
    taken.add(stem)
    return stem
