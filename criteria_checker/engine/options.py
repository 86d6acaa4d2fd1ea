"""The user's settings for a check run, as one typed, picklable value.

The command line fills a :class:`CheckOptions`; anyone calling the library
does the same. Rule names in ``select``, ``ignore`` and ``severity`` may be
ids (``HRS001``) or names (``tqt-in-band``); they are resolved against the
rules in force when the run starts, and an unknown one is a UsageError.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import get_args

from criteria_checker.compiled_cache import dataclass
from criteria_checker.errors import UsageError
from criteria_checker.model.report import Severity

SEVERITIES: tuple[Severity, ...] = get_args(Severity)


@dataclass(frozen=True)
class CheckOptions:
    """What to check against and how to judge it."""

    #: A criteria file, or the id of a bundled set; None for the default set.
    criteria: str | None = None
    #: A rules folder or file; None for the bundled rules.
    rules: Path | None = None
    #: The shared title agreed across awarding organisations; overrides the criteria's.
    shared_title: str | None = None
    #: Run only these rules (ids or names); empty for all.
    select: tuple[str, ...] = ()
    #: Do not run these rules (ids or names).
    ignore: tuple[str, ...] = ()
    #: Severity overrides: (rule id or name, severity).
    severity: tuple[tuple[str, Severity], ...] = ()
    #: The least severity that makes a specification not conformant.
    fail_on: Severity = "error"
    #: Mapping grid files (XLSX, CSV, DOCX) joined onto every specification checked, besides
    #: the grids paired with each by name (``NAME.mapping.xlsx`` beside ``NAME.docx``).
    mappings: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if self.fail_on not in SEVERITIES:
            raise UsageError(f"fail level {self.fail_on!r} is not one of {', '.join(SEVERITIES)}")
        if self.shared_title is not None and not self.shared_title.strip():
            raise UsageError("--shared-title: the title is empty")

    def for_path(self, path: Path | str) -> CheckOptions:
        """The options for the file ``path``: these same options.

        A configuration's per-path overrides
        (:class:`criteria_checker.config.PathOptions`) give some files options of their
        own; a check loop asks every file's options this way without knowing which.
        """
        return self


def split_names(values: Iterable[str]) -> tuple[str, ...]:
    """``("HRS001,TTL001", "COV001")`` -> ``("HRS001", "TTL001", "COV001")``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def parse_severity(text: str) -> tuple[str, Severity]:
    """``"HRS001=warning"`` -> ``("HRS001", "warning")``; UsageError when malformed."""
    name, sep, level = text.partition("=")
    level = level.strip().lower()
    if not sep or not name.strip():
        raise UsageError(f"--severity {text!r}: write RULE=LEVEL, e.g. HRS001=warning")
    for severity in SEVERITIES:
        if level == severity:
            return name.strip(), severity
    raise UsageError(f"--severity {text!r}: level {level!r} is not one of "
                     f"{', '.join(SEVERITIES)}")
