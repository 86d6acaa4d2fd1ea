"""The options of a check as a form or an API call gives them, made into CheckOptions.

Only the bundled criteria sets and rules can be chosen: a path from a client
would let anyone read files of the server's machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import UsageError
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.uploads import UploadedForm

#: Fail levels a user may choose (as on the command line).
FAIL_LEVELS = ("error", "warning")
#: Report formats POST /api/check can answer in, with their media types.
REPORT_MEDIA_TYPES = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class ChosenOptions:
    """What the user chose, as text: shown again in the form, turned into CheckOptions."""

    criteria: str = ""
    shared_title: str = ""
    fail_on: str = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[str, ...] = ()

    @classmethod
    def from_form(cls, form: UploadedForm) -> ChosenOptions:
        return cls(
            criteria=(form.value("criteria") or "").strip(),
            shared_title=(form.value("shared_title") or "").strip(),
            fail_on=(form.value("fail_on") or "error").strip().lower(),
            select=tuple(form.values("select")),
            ignore=tuple(form.values("ignore")),
            severity=tuple(v for v in form.values("severity") if v.strip()),
        )


def criteria_sets() -> dict[str, Path]:
    """The bundled criteria sets a user may choose, by id."""
    from criteria_checker.criteria.load import bundled_criteria

    return bundled_criteria()


def default_criteria_id() -> str:
    from criteria_checker.paths import DEFAULT_CRITERIA_ID

    return DEFAULT_CRITERIA_ID


def criteria_path(criteria_id: str | None) -> Path:
    """The file of a bundled criteria set; a 422 WebProblem naming the choices otherwise."""
    sets = criteria_sets()
    wanted = criteria_id or default_criteria_id()
    if wanted not in sets:
        raise WebProblem(422, f"criteria: no bundled criteria set {wanted!r}; choose one of "
                              f"{', '.join(sets)}")
    return sets[wanted]


def build_options(chosen: ChosenOptions) -> CheckOptions:
    """Validated CheckOptions (criteria loaded, rule names known); 422 WebProblem otherwise.

    Loads the criteria and rules: call it off the event loop.
    """
    from criteria_checker.config.options import build_check_options

    if chosen.fail_on not in FAIL_LEVELS:
        raise WebProblem(422, f"fail_on: {chosen.fail_on!r} is not one of "
                              f"{', '.join(FAIL_LEVELS)}")
    path = criteria_path(chosen.criteria)
    try:
        return build_check_options(
            fail_on=chosen.fail_on, rules_path=None, criteria_name=str(path),
            shared_title=chosen.shared_title or None, select=chosen.select,
            ignore=chosen.ignore, severities=chosen.severity)
    except UsageError as exc:
        # The library names command-line options ("--select: ..."); here they are fields.
        raise WebProblem(422, str(exc).removeprefix("--")) from None
