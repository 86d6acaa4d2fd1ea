"""The settings in force and where each comes from, as text or JSON (the ``config`` command)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from criteria_checker.config.model import Config, Setting

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: How an unset value reads in the text form.
_UNSET = {"rules": "(bundled)", "shared-title": "(none)"}


def _value(key: str, value: object) -> Any:
    """A setting's value as plain data: strings, numbers, lists, a table for severity."""
    if key == "criteria" and value is None:
        from criteria_checker.paths import DEFAULT_CRITERIA_ID

        return DEFAULT_CRITERIA_ID
    if key == "severity":
        return dict(value)  # type: ignore[call-overload]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return [str(item) for item in value]
    return value


def _toml(key: str, value: object) -> str:
    data = _value(key, value)
    if data is None:
        return _UNSET.get(key, "(none)")
    if isinstance(data, dict):
        pairs = [f"{_toml_key(name)} = {json.dumps(level)}" for name, level in data.items()]
        return "{ " + ", ".join(pairs) + " }" if pairs else "{}"
    return json.dumps(data, ensure_ascii=False)


def _toml_key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def _source(setting: Setting) -> str:
    source = setting.source
    if source.pattern is not None:
        return f"{source} (per-path {json.dumps(source.pattern, ensure_ascii=False)})"
    return str(source)


def render_text(config: Config, settings: Mapping[str, Setting], file: Path | None = None) -> str:
    """One line per key, ``KEY = VALUE  # SOURCE``, under the file in force (and FILE)."""
    lines = [f"# config: {config.file if config.file is not None else config.absent_because}"]
    if file is not None:
        lines.append(f"# file: {file}")
    key_width = max(len(key) for key in settings)
    rows = [(f"{key:<{key_width}} = {_toml(key, setting.value)}", _source(setting))
            for key, setting in settings.items()]
    width = max(len(left) for left, _ in rows)
    lines.extend(f"{left:<{width}}  # {source}" for left, source in rows)
    return "\n".join(lines) + "\n"


def render_json(config: Config, settings: Mapping[str, Setting], file: Path | None = None) -> str:
    """``{"config": FILE|null, "file": FILE|null, "settings": {KEY: {"value", "source", ...}}}``.

    ``source`` is ``default``, ``config`` (with ``file`` and ``line``, and ``per-path``
    naming the glob when an override set it) or ``command line``.
    """
    shown: dict[str, dict[str, Any]] = {}
    for key, setting in settings.items():
        entry: dict[str, Any] = {"value": _value(key, setting.value),
                                 "source": setting.source.kind}
        if setting.source.kind == "config":
            entry["file"] = str(setting.source.file)
            entry["line"] = setting.source.line
            if setting.source.pattern is not None:
                entry["per-path"] = setting.source.pattern
        shown[key] = entry
    document = {"config": str(config.file) if config.file is not None else None,
                "file": str(file) if file is not None else None,
                "settings": shown}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
