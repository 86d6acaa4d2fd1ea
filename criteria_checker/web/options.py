"""The options of a check as a form or an API call gives them, made into CheckOptions.

Every check starts from the server's configuration (:class:`WebConfig`, from
the file ``serve`` found or was given, docs/configuration.md); what a request
states wins over it, as the command line wins over it on the command line.
A request may choose a criteria set only by id, among the bundled sets and the
configured one, and never rules or grids by path: a path from a client would
let anyone read files of the server's machine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from criteria_checker.compiled_cache import dataclass
from criteria_checker.engine.options import CheckOptions
from criteria_checker.errors import UsageError
from criteria_checker.web.problems import WebProblem
from criteria_checker.web.uploads import GRID_FIELD, SavedFile, UploadedForm, safe_file_name

if TYPE_CHECKING:
    from criteria_checker.config import Config, PathOverride, Setting

#: Fail levels a user may choose (as on the command line).
FAIL_LEVELS = ("error", "warning", "info")
#: Report formats POST /api/check can answer in, with their media types.
REPORT_MEDIA_TYPES = {
    "json": "application/json",
    "sarif": "application/sarif+json",
    "html": "text/html; charset=utf-8",
}
#: The configuration key each field of a request sets.
FIELD_KEYS = {"criteria": "criteria", "shared_title": "shared-title", "fail_on": "fail-on",
              "select": "select", "ignore": "ignore", "severity": "severity"}
#: The configuration keys a web check applies; ``format`` and ``jobs`` are the command
#: line's own (the API's ``format`` parameter and the server's ``--workers`` play their part).
WEB_KEYS = ("criteria", "rules", "shared-title", "select", "ignore", "severity", "fail-on",
            "mapping")


@dataclass(frozen=True)
class ChosenOptions:
    """What the user chose, as text: shown again in the form, turned into CheckOptions."""

    criteria: str = ""
    shared_title: str = ""
    fail_on: str = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[str, ...] = ()
    #: The fields the request gave a value, which win over the configuration (an empty
    #: field counts as not given); None: every field whose value is not the default.
    stated: frozenset[str] | None = None

    @classmethod
    def from_form(cls, form: UploadedForm) -> ChosenOptions:
        return cls(
            criteria=(form.value("criteria") or "").strip(),
            shared_title=(form.value("shared_title") or "").strip(),
            fail_on=(form.value("fail_on") or "error").strip().lower(),
            select=tuple(form.values("select")),
            ignore=tuple(form.values("ignore")),
            severity=tuple(v for v in form.values("severity") if v.strip()),
            stated=frozenset(name for name in FIELD_KEYS
                             if any(value.strip() for value in form.values(name))),
        )

    def stated_fields(self) -> frozenset[str]:
        """The fields whose values win over the configuration."""
        if self.stated is not None:
            return self.stated
        default = ChosenOptions()
        return frozenset(name for name in FIELD_KEYS
                         if getattr(self, name) != getattr(default, name))


def criteria_sets() -> dict[str, Path]:
    """The bundled criteria sets, by id (:meth:`WebConfig.criteria_sets` adds a configured one)."""
    from criteria_checker.criteria.load import bundled_criteria

    return bundled_criteria()


def default_criteria_id() -> str:
    """The bundled set checked against when neither request nor configuration names one."""
    from criteria_checker.paths import DEFAULT_CRITERIA_ID

    return DEFAULT_CRITERIA_ID


def criteria_path(criteria_id: str | None) -> Path:
    """The file of a bundled criteria set; a 422 WebProblem naming the choices otherwise."""
    return WebConfig().criteria_path(criteria_id)


def upload_options(options: CheckOptions, name: str) -> CheckOptions:
    """The options for the upload called ``name``, per-path overrides applied.

    An upload has no path on the server, only its file name: the globs are matched
    as though the file lay in the configuration file's folder, so ``*-draft.docx``
    and ``**/*-draft.docx`` can match it, and a glob naming folders never does.
    """
    from criteria_checker.config import PathOptions

    if isinstance(options, PathOptions) and options.config_folder is not None:
        return options.for_path(options.config_folder / safe_file_name(name))
    return options


def names_folders(pattern: str) -> bool:
    """Whether a per-path glob matches only paths with folders, so never an upload's name."""
    text = pattern.removeprefix("./")
    while text.startswith("**/"):
        text = text[3:]
    return "/" in text


def shown_path(path: Path, folder: Path | None) -> str:
    """A server file as the web shows it: relative to ``folder``, else its name alone.

    Never the absolute path: the web answers people who have no business knowing
    the layout of the server's disks.
    """
    from criteria_checker.config.model import absolute, relative_path

    whole = absolute(path)
    inside = relative_path(whole, folder) if folder is not None else None
    return inside if inside is not None else whole.name


class WebConfig:
    """The configuration in force for a server, checked once, as web checks apply it.

    Building one makes the checks ``check`` makes of a configuration (criteria and
    rules load, rule names are known, mapping grids read), so a bad configuration
    stops the server before it starts, naming the file and line (a UsageError).
    """

    def __init__(self, config: Config | None = None) -> None:
        from criteria_checker.config import Config

        self.config = config or Config()
        #: The configured rules file or folder; None for the bundled rules.
        self.rules: Path | None = None
        #: The configured criteria file; None for a bundled set.
        self.criteria_file: Path | None = None
        self._sets = criteria_sets()
        self.default_criteria_id = default_criteria_id()
        #: The configured mapping grids, joined onto every specification of a request that
        #: sends none of its own in the field ``mapping``; named as :func:`shown_path` shows.
        self.grids: tuple[SavedFile, ...] = ()
        if self.config.settings or self.config.overrides:
            self._apply()

    def _apply(self) -> None:
        from criteria_checker.config.options import build_check_options

        options = build_check_options(config=self.config, command_line_keys=frozenset())
        self.rules = options.rules
        self.criteria_file, self.default_criteria_id = _criteria_choice(options)
        if self.criteria_file is not None:
            # First, as the default; in place of a bundled set of the same id.
            self._sets = {self.default_criteria_id: self.criteria_file,
                          **{k: v for k, v in self._sets.items()
                             if k != self.default_criteria_id}}
        self.grids = tuple(_grid(path, self.config.folder) for path in options.mappings)

    def criteria_sets(self) -> dict[str, Path]:
        """The criteria sets a request may choose, by id: a configured file first, then the
        bundled sets."""
        return dict(self._sets)

    def criteria_path(self, criteria_id: str | None) -> Path:
        """The file of a criteria set (the default one for None or ""); a 422 otherwise."""
        wanted = criteria_id or self.default_criteria_id
        if wanted not in self._sets:
            kind = "criteria set" if self.criteria_file is not None else "bundled criteria set"
            raise WebProblem(422, f"criteria: no {kind} {wanted!r}; choose one of "
                                  f"{', '.join(self._sets)}")
        return self._sets[wanted]

    def build_options(self, chosen: ChosenOptions) -> CheckOptions:
        """Validated CheckOptions: what the request states over the configuration; 422 otherwise.

        A :class:`~criteria_checker.config.PathOptions` when per-path overrides apply to
        some files (:func:`upload_options` gives each upload its own). Loads the
        criteria and rules: call it off the event loop.
        """
        from criteria_checker.config.options import build_check_options

        stated = chosen.stated_fields()
        if "fail_on" in stated and chosen.fail_on not in FAIL_LEVELS:
            raise WebProblem(422, f"fail_on: {chosen.fail_on!r} is not one of "
                                  f"{', '.join(FAIL_LEVELS)}")
        criteria = str(self.criteria_path(chosen.criteria)) if "criteria" in stated else None
        try:
            return build_check_options(
                fail_on=chosen.fail_on, criteria_name=criteria,
                shared_title=chosen.shared_title or None, select=chosen.select,
                ignore=chosen.ignore, severities=chosen.severity, config=self.config,
                # The configured grids are read by grid jobs of their own (``grids``), so
                # that findings name them without the server's folders.
                command_line_keys={FIELD_KEYS[name] for name in stated} | {"mapping"})
        except UsageError as exc:
            # The library names command-line options ("--select: ..."); here they are fields.
            raise WebProblem(422, str(exc).removeprefix("--")) from None

    def form_defaults(self) -> ChosenOptions:
        """The choices a form shows before the user changes any: the configuration's."""
        setting = self.config.get("fail-on")
        fail_on = str(setting.value) if setting is not None else "error"
        return ChosenOptions(criteria=self.default_criteria_id,
                             fail_on=fail_on if fail_on in FAIL_LEVELS else "error")

    def in_force(self, name: str | None = None) -> dict[str, Any]:
        """The settings web checks use and where each comes from (GET /api/config).

        With ``name``, those for an upload of that name (per-path overrides applied).
        Files are shown by name, or relative to the configuration file's folder.
        """
        from criteria_checker.config import settings_in_force

        config = self.config
        shown_name = safe_file_name(name) if name else None
        path = config.folder / shown_name if config.folder and shown_name else None
        settings = settings_in_force(config, {}, path)
        return {
            "config": config.file.name if config.file is not None else None,
            "file": shown_name,
            "settings": {key: self._setting_out(settings[key]) for key in WEB_KEYS},
            "per_path": [self._override_out(o) for o in config.overrides],
            "unused": [s.key for s in config.settings if s.key not in WEB_KEYS],
        }

    def _setting_out(self, setting: Setting) -> dict[str, Any]:
        return {"value": self._value(setting.key, setting.value),
                "source": setting.source.kind, "line": setting.source.line,
                "per_path": setting.source.pattern}

    def _override_out(self, override: PathOverride) -> dict[str, Any]:
        lines = [s.source.line for s in override.settings if s.source.line is not None]
        return {"glob": override.pattern, "line": min(lines) if lines else None,
                "settings": {s.key: self._value(s.key, s.value) for s in override.settings},
                "matches_uploads": not names_folders(override.pattern)}

    def _value(self, key: str, value: object) -> Any:
        """A setting's value as plain data, with server files shown as :func:`shown_path`."""
        if key == "criteria":
            return self.default_criteria_id
        if key == "rules":
            return shown_path(value, self.config.folder) if isinstance(value, Path) else None
        if key == "mapping":
            return [grid.name for grid in self.grids]
        if key == "severity" and isinstance(value, tuple):
            return dict(value)
        if isinstance(value, tuple):
            return list(value)
        return value

    def startup_warnings(self) -> list[str]:
        """What the configuration cannot do on the web that its author may expect it to."""
        return [f"per-path {o.pattern!r} ({_where(o)}) names folders, and an upload has "
                "only a file name: the server applies it to no upload"
                for o in self.config.overrides if names_folders(o.pattern)]


def _where(override: PathOverride) -> str:
    return str(override.settings[0].source) if override.settings else "the configuration"


def _criteria_choice(options: CheckOptions) -> tuple[Path | None, str]:
    """The configured criteria file (None for a bundled set) and its set's id."""
    from criteria_checker.config.model import absolute
    from criteria_checker.criteria.load import find_criteria
    from criteria_checker.engine.api import criteria_for

    path = absolute(find_criteria(options.criteria))
    for set_id, bundled_path in criteria_sets().items():
        if absolute(bundled_path) == path:
            return None, set_id
    return path, criteria_for(options).id


def _grid(path: Path, folder: Path | None) -> SavedFile:
    """A configured mapping grid as a grid job reads it: ``name`` within ``folder``."""
    from criteria_checker.config.model import absolute, relative_path

    whole = absolute(path)
    size = whole.stat().st_size  # read at start-up already, so it is there
    if folder is not None:
        inside = relative_path(whole, folder)
        if inside is not None:
            return SavedFile(name=inside, folder=folder, size=size, field=GRID_FIELD)
    return SavedFile(name=whole.name, folder=whole.parent, size=size, field=GRID_FIELD)
