"""Message templates: ``"TQT {tqt} hours is {side} the required {band_min}-{band_max}"``.

Templates use Python's ``str.format`` syntax restricted to plain field names
(no attribute or index look-ups, no format specs), optionally with ``!r``.
``{{`` and ``}}`` are literal braces.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

_FORMATTER = string.Formatter()


class TemplateError(ValueError):
    """A template that cannot be used, with a sentence saying why."""


def template_fields(template: str) -> list[str]:
    """The field names a template uses, in order of first use; TemplateError if it is broken."""
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError as exc:
        raise TemplateError(f"message template is not valid: {exc}") from None
    names: list[str] = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier():
            shown = "{" + name + "}"
            raise TemplateError(f"message template field {shown} is not a plain name "
                                "(write {name}, with no dots, brackets or numbers)")
        if spec:
            raise TemplateError(f"message template field {{{name}:{spec}}} has a format "
                                "spec; write {" + name + "} alone")
        if conversion not in (None, "r"):
            raise TemplateError(f"message template field {{{name}!{conversion}}}: only !r "
                                "is allowed")
        if name not in names:
            names.append(name)
    return names


def render(template: str, values: Mapping[str, object]) -> str:
    """Fill a validated template."""
    return template.format_map(values)
