"""The Jinja2 environment every page is rendered with.

One environment, made once per process: templates are compiled once, and the
same context always renders to the same bytes (nothing here reads a clock,
the environment or a hash order). Every ``{{ value }}`` goes through
:func:`escaped`, so a template cannot forget to escape: text is escaped for
HTML (quotes too, so it is safe in attributes) after its control characters
are written out, exactly as the text reports show them; only
:class:`markupsafe.Markup` (the shared stylesheet and script, fragments this
package rendered itself) passes unchanged. Templates never build markup from
text with ``~`` or ``|join``: those would escape with Markup's own rules,
around this one.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from criteria_checker.html.assets import script, standalone_policy, stylesheet

# The characters criteria_checker.reporters.base.visible writes out: C0 and C1 controls and
# the bidirectional overrides that make text read in a misleading order. A line break stays
# one (HTML shows it as a space, or as a break where the style keeps lines); tabs and the
# other breaks within a line become spaces. Kept here because every page escapes through
# this module, which sits below the reporters; tests/test_html_templates.py holds the two
# to the same answers.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Lone surrogates (from undecodable file names) cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Every character :func:`shown` changes, or splits lines at (str.splitlines also breaks at
# \x1c-\x1e and \x85, controls here too). Text with none is shown as it is, and that is
# nearly all text: a report prints thousands of values, and one search spares each the
# line split and three substitutions.
_CHANGED_BY_SHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                               r"\ud800-\udfff]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` as a page shows it, before escaping: controls written out, lines kept."""
    lines = (_CONTROL.sub(_escape_control, _LINE_BREAKS.sub(" ", line))
             for line in text.splitlines())
    return _SURROGATE.sub("\ufffd", "\n".join(lines))


def escaped(value: object) -> Markup:
    """``value`` as a template's ``{{ value }}`` prints it (also for fragments built in Python)."""
    if type(value) is str and _CHANGED_BY_SHOWN.search(value) is None:
        return Markup(html.escape(value, quote=True))
    if isinstance(value, Markup):
        return value
    if value is None:
        # "None" on a page is always a mistake in the template or its context.
        raise TypeError("a template printed None; give it text")
    return Markup(html.escape(shown(str(value)), quote=True))


@cache
def environment() -> Environment:
    """The environment, made on first use; ``PackageLoader`` finds the bundled templates."""
    env = Environment(
        loader=PackageLoader("criteria_checker.html", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are package data: never look at them again once compiled.
        auto_reload=False,
    )
    env.globals.update(
        shared_style=Markup(stylesheet()),
        shared_script=Markup(script()),
        standalone_policy=Markup(standalone_policy()),
    )
    return env


def render(name: str, /, **context: Any) -> str:
    """Template ``name`` rendered with ``context``."""
    return environment().get_template(name).render(**context)
