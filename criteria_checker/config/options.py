"""The CheckOptions of a run: the shared options' values merged over a configuration.

One place for every front door (the command line, the web server, a library
caller): option values in, a validated :class:`CheckOptions` out, with unknown
rule names and unreadable mapping grids refused before any file is read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from criteria_checker.config.model import Config
    from criteria_checker.engine.options import CheckOptions


def command_line_settings(option_values: Mapping[str, Any]) -> dict[str, object]:
    """The settings the shared options give, by configuration key, in CheckOptions' form.

    Only the keys in ``option_values["command_line_keys"]`` when it is there (what the
    command line set); else every option given a value other than its default.
    """
    from criteria_checker.config.keys import KEYS
    from criteria_checker.engine.options import parse_severity, split_names

    values: dict[str, object] = {
        "criteria": option_values.get("criteria_name"),
        "rules": option_values.get("rules_path"),
        "shared-title": option_values.get("shared_title"),
        "select": split_names(option_values.get("select", ())),
        "ignore": split_names(option_values.get("ignore", ())),
        "severity": tuple(parse_severity(s) for s in option_values.get("severities", ())),
        "fail-on": option_values.get("fail_on", "error"),
        "mapping": tuple(option_values.get("mappings", ())),
    }
    given: Collection[str] | None = option_values.get("command_line_keys")
    if given is None:
        return {key: value for key, value in values.items() if value != KEYS[key].default}
    return {key: value for key, value in values.items() if key in given}


def build_check_options(
    *,
    fail_on: str = "error",
    rules_path: Path | None = None,
    criteria_name: str | None = None,
    shared_title: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    severities: tuple[str, ...] = (),
    mappings: tuple[Path, ...] = (),
    config: Config | None = None,
    command_line_keys: Collection[str] | None = None,
) -> CheckOptions:
    """A validated CheckOptions from the shared options, over ``config`` when given.

    Unknown rule names, and mapping grids that cannot be read, fail here, before any
    specification is read; a rule the configuration names wrongly fails naming its file
    and line. With per-path overrides the result is a
    :class:`~criteria_checker.config.PathOptions`: a check loop asks
    :func:`~criteria_checker.config.options_for` for each file's own.
    """
    from criteria_checker.config.model import Config
    from criteria_checker.config.resolve import build_options, check_rule_names
    from criteria_checker.engine.api import criteria_for, grids_for, rules_for
    from criteria_checker.engine.run import plan_rules

    command_line = command_line_settings({
        "fail_on": fail_on, "rules_path": rules_path, "criteria_name": criteria_name,
        "shared_title": shared_title, "select": select, "ignore": ignore,
        "severities": severities, "mappings": mappings, "command_line_keys": command_line_keys,
    })
    options = build_options(config or Config(), command_line)
    criteria_for(options)
    rules = rules_for(options)
    if config is not None:
        check_rule_names(rules, config)
    plan_rules(rules, options)  # unknown rule names fail before any file is read
    grids_for(options.mappings)  # so does a grid that cannot be read (and it is read once)
    return options


def command_config(config_file: Path | None, *, no_config: bool = False,
                   start: Path | None = None) -> Config:
    """The configuration in force for ``--config FILE`` / ``--no-config`` / neither.

    Neither: the file found walking up from ``start`` (the working directory).
    """
    from criteria_checker.config import Config, load_config, read_config
    from criteria_checker.errors import UsageError

    if config_file is not None and no_config:
        raise UsageError("--config and --no-config cannot be used together")
    if no_config:
        return Config(absent_because="none (--no-config)")
    if config_file is not None:
        return read_config(config_file)
    if start is None:
        try:
            start = Path.cwd()
        except OSError:  # the working directory was removed under the process
            return Config(absent_because="none (no working directory)")
    return load_config(start)
