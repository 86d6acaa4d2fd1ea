"""Settings from configuration files, the way Python tools take them.

``[tool.criteria-checker]`` in pyproject.toml, or the top level of
``.criteria-checker.toml``: the first found walking up from the working
directory (``.criteria-checker.toml`` first within one folder). Keys are the
long option names (docs/configuration.md). The command line wins over
per-path overrides, which win over the file's top level, which wins over the
defaults.

>>> from pathlib import Path
>>> from criteria_checker.config import build_options, load_config
>>> options = build_options(load_config(Path.cwd()), {})  # doctest: +SKIP
"""

from __future__ import annotations

from criteria_checker.config.files import (
    CONFIG_NAME,
    PYPROJECT_NAME,
    find_config,
    load_config,
    read_config,
)
from criteria_checker.config.keys import KEYS, PER_PATH, PER_PATH_KEYS
from criteria_checker.config.model import Config, ConfigError, PathOverride, Setting, Source
from criteria_checker.config.resolve import (
    PathOptions,
    build_options,
    check_rule_names,
    options_for,
    settings_in_force,
)

__all__ = [
    "CONFIG_NAME",
    "KEYS",
    "PER_PATH",
    "PER_PATH_KEYS",
    "PYPROJECT_NAME",
    "Config",
    "ConfigError",
    "PathOptions",
    "PathOverride",
    "Setting",
    "Source",
    "build_options",
    "check_rule_names",
    "find_config",
    "load_config",
    "options_for",
    "read_config",
    "settings_in_force",
]
