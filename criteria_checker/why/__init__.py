"""``why FILE REF``: what claims a criteria node in a specification, and whether it counts.

:func:`explain_ref` builds an :class:`Explanation` from a specification and its
report (as :func:`criteria_checker.engine.api.read_and_check` returns them);
:func:`render_text`, :func:`render_json` and :func:`render_html` show it. The
web page can link its coverage matrix to the same explanation by calling
these. The JSON document is described in docs/why.md.
"""

from __future__ import annotations

from criteria_checker.why.explain import (
    ClaimExplained,
    Explanation,
    FindingExplained,
    NodeExplained,
    explain_ref,
)
from criteria_checker.why.render import (
    RENDERERS,
    WHY_SCHEMA,
    explanation_document,
    render_html,
    render_json,
    render_text,
)

__all__ = [
    "RENDERERS",
    "WHY_SCHEMA",
    "ClaimExplained",
    "Explanation",
    "FindingExplained",
    "NodeExplained",
    "explain_ref",
    "explanation_document",
    "render_html",
    "render_json",
    "render_text",
]
