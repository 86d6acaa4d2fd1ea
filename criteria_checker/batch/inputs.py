"""Which files a batch run checks: folders, globs and plain paths, in a stable order.

A mapping grid named after a submission (``NAME.mapping.xlsx``, ``.csv`` or
``.docx`` beside ``NAME.docx``) is not a submission: it is left out here and
joined onto its submission when that is checked
(:func:`criteria_checker.engine.api.read_and_check`, by the rule in
:func:`criteria_checker.readers.grids.naming.paired_grids`), so a batch pairs
them without any change to the batch itself.

A folder holds more than submissions, and a reviewer keeps earlier reviews
beside them: what a folder contributes is decided by name and, for web pages,
by their first bytes; a file named on the command line is always checked.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from criteria_checker.errors import UsageError
from criteria_checker.readers.grids.naming import is_grid_name

#: Web pages: a document saved by a word processor as a Web Page (.htm, .html) or a
#: Single File Web Page (.mht, .mhtml), or exported from a course builder.
WEB_SUFFIXES = frozenset({".htm", ".html", ".mht", ".mhtml"})
#: What a folder contributes: Word documents (.docm is a .docx with macros), XML, web pages.
SPEC_SUFFIXES = frozenset({".docx", ".docm", ".xml"}) | WEB_SUFFIXES
#: The files every batch writes into its output folder; a folder holding both is a review.
_REVIEW_MARKS = ("summary.csv", "index.html")
#: How much of a web page is read to tell whether criteria-checker wrote it.
_HEAD_BYTES = 4096


def collect_inputs(arguments: list[str], *, exclude: Path | None = None) -> list[Path]:
    """Expand folders (recursively) and globs into specification files.

    Folders contribute their Word documents, XML files and web pages
    (:data:`SPEC_SUFFIXES`), skipping hidden files, Word's "~$" lock files,
    what criteria-checker wrote (an earlier batch's output folder, a report
    saved as HTML) and the folder of images and parts a saved web page keeps
    beside it ("NAME_files"); a path named explicitly is kept whatever its
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
            for candidate in _folder_files(path, skipped):
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


def _folder_files(root: Path, skipped: Path | None) -> list[Path]:
    """The submissions below ``root``: see :func:`collect_inputs`."""
    chosen: list[Path] = []
    # os.walk, not Path.rglob: whole subtrees (hidden folders, reviews, a page's
    # resources) are pruned rather than listed and then filtered.
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        if _is_under(here, skipped) or (here != root and _is_review(names)):
            subfolders[:] = []
            continue
        pages = {Path(name).stem.casefold() for name in names
                 if Path(name).suffix.lower() in {".htm", ".html"}}
        subfolders[:] = sorted(d for d in subfolders
                               if not d.startswith(".") and not _is_page_resources(d, pages))
        for name in names:
            candidate = here / name
            if _wanted(candidate) and not _is_under(candidate, skipped):
                chosen.append(candidate)
    return chosen


def _is_review(names: list[str]) -> bool:
    """True for a folder a batch wrote (its summary and index), whatever else it holds."""
    return all(mark in names for mark in _REVIEW_MARKS)


def _is_page_resources(name: str, pages: set[str]) -> bool:
    """True for the folder a saved web page keeps its images and parts in.

    Word and browsers name it after the page, with a word their language
    chooses: "spec_files", "spec-Dateien", "spec_fichiers", "spec.fld".
    Those parts (Word's header.htm, a frame) are pieces of the page, not pages.
    """
    folded = name.casefold()
    for stem in pages:
        rest = folded[len(stem):] if folded.startswith(stem) else ""
        if len(rest) > 1 and rest[0] in "_-." and rest[1:].isalpha():
            return True
    return False


def _wanted(candidate: Path) -> bool:
    name = candidate.name
    if name.startswith((".", "~$")) or is_grid_name(candidate):
        return False
    suffix = candidate.suffix.lower()
    if suffix not in SPEC_SUFFIXES:
        return False
    if suffix in WEB_SUFFIXES:
        return not _written_by_us(candidate)
    return True


def _written_by_us(path: Path) -> bool:
    """True for a page criteria-checker wrote (a report saved as HTML): not a submission."""
    from criteria_checker.readers.web.page import written_by_criteria_checker

    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False  # checked, so that the reason it cannot be read is a row
    return written_by_criteria_checker(head)


def report_stem(path: Path, index: int, taken: set[str]) -> str:
    """A file name for a submission's reports: readable, unique within the batch."""
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in path.name) or "file"
    if stem in taken:
        stem = f"{stem}-{index}"
    taken.add(stem)
    return stem
