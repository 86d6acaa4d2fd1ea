"""Every HTML page of the package, from Jinja2 templates, with one stylesheet and one script.

The HTML report, the batch index, the diff page, the explanation of a
reference and the web page are rendered here through one environment
(:mod:`.environment`): autoescaping on, an undefined name an error, and text
from a document shown, never obeyed (markup escaped, control characters
written out as ``\\x1b``). They share one stylesheet and one script
(:mod:`.assets`): the offline pages carry both inline, allowed by the script's
hash; the web page links them.

Importing this package imports Jinja2, so only the code that renders HTML
imports it (``tests/test_startup.py`` keeps it off ``check`` and ``hook``).
"""

from __future__ import annotations

from criteria_checker.html.assets import script, script_hash, standalone_policy, stylesheet
from criteria_checker.html.environment import environment, escaped, render, shown

__all__ = ["environment", "escaped", "render", "script", "script_hash", "shown",
           "standalone_policy", "stylesheet"]
