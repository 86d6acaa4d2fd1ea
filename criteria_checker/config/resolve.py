"""The settings in force, and the CheckOptions they make.

Each key takes its value from the first of: the command line; the per-path
overrides that match the file (a later match wins over an earlier one); the
top level of the configuration file; the default. A key set at a higher layer
replaces the lower layers' value whole: ``--ignore X`` on the command line
replaces the file's ``ignore`` list rather than adding to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from criteria_checker.compiled_cache import dataclass
from criteria_checker.config.keys import KEYS, OPTION_FIELDS
from criteria_checker.config.model import (
    COMMAND_LINE,
    DEFAULT,
    Config,
    PathOverride,
    Setting,
    relative_path,
)
from criteria_checker.engine.options import CheckOptions

if TYPE_CHECKING:
    from criteria_checker.engine.rules import RuleSet

T = TypeVar("T")

#: The keys whose values name rules (checked against the rules in force).
RULE_NAME_KEYS = ("select", "ignore", "severity")


def settings_in_force(config: Config, command_line: Mapping[str, object],
                      path: Path | str | None = None) -> dict[str, Setting]:
    """Every key's setting, in the order of KEYS; with ``path``, its per-path overrides too.

    ``command_line`` holds the keys the command line set, with values in the form
    CheckOptions takes them.
    """
    settings = {name: Setting(name, key.default, DEFAULT) for name, key in KEYS.items()}
    settings.update((s.key, s) for s in config.settings)
    if path is not None:
        for override in config.overrides_for(path):
            settings.update((s.key, s) for s in override.settings)
    settings.update((key, Setting(key, value, COMMAND_LINE)) for key, value in command_line.items())
    return settings


@dataclass(frozen=True)
class PathOptions(CheckOptions):
    """CheckOptions that differ for the files some per-path overrides match.

    The fields inherited from CheckOptions hold the settings for every other
    file; :meth:`for_path` gives a file's own. Picklable, like CheckOptions, so
    worker processes receive it whole.
    """

    #: The folder the globs are relative to (the configuration file's).
    config_folder: Path | None = None
    #: The overrides, without the keys the command line set (it wins over them).
    path_overrides: tuple[PathOverride, ...] = ()

    def for_path(self, path: Path | str) -> CheckOptions:
        """The settings for ``path``: these, with the overrides that match it applied."""
        values: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(CheckOptions)}
        relative = relative_path(path, self.config_folder) if self.config_folder else None
        if relative is not None:
            for override in self.path_overrides:
                if override.matches(relative):
                    values.update((OPTION_FIELDS[s.key], s.value) for s in override.settings)
        return CheckOptions(**values)


def options_for(options: T, path: Path | str) -> T | CheckOptions:
    """The options that apply to the file ``path``: per-path overrides resolved, if any.

    Anything but :class:`PathOptions` is returned as it is, so a check loop can
    call it on whatever options it was given.
    """
    return options.for_path(path) if isinstance(options, PathOptions) else options


def build_options(config: Config, command_line: Mapping[str, object]) -> CheckOptions:
    """The CheckOptions of a run: a PathOptions when per-path overrides apply to some files."""
    values: dict[str, Any] = {
        OPTION_FIELDS[key]: setting.value
        for key, setting in settings_in_force(config, command_line).items()
        if key in OPTION_FIELDS}
    overrides = []
    for override in config.overrides:
        kept = tuple(s for s in override.settings if s.key not in command_line)
        if kept:
            overrides.append(PathOverride(override.pattern, kept))
    if not overrides:
        return CheckOptions(**values)
    return PathOptions(**values, config_folder=config.folder, path_overrides=tuple(overrides))


def check_rule_names(rules: RuleSet, config: Config) -> None:
    """Raise a UsageError naming the file and line of a rule the configuration names wrongly."""
    settings: Iterable[Setting] = (
        *config.settings, *(s for o in config.overrides for s in o.settings))
    for setting in settings:
        if setting.key not in RULE_NAME_KEYS:
            continue
        value: Any = setting.value
        names = [name for name, _ in value] if setting.key == "severity" else list(value)
        rules.lookup(names, option=f"{setting.source}: {setting.key}")
