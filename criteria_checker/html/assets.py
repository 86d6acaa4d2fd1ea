"""The one stylesheet and the one script every page uses, and the policy that allows them.

A page written to a file carries both inline (it must open on its own, with
nothing fetched), so its Content-Security-Policy allows the script by the
SHA-256 of these exact bytes; the web page links the same bytes from
``/static/``. Either way there is one copy of each to change.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources


@cache
def _asset(name: str) -> str:
    # Text mode reads CRLF as LF, so the hash does not depend on how the file was checked out.
    folder = resources.files("criteria_checker.html").joinpath("static")
    return folder.joinpath(name).read_text("utf-8")


def stylesheet() -> str:
    """The CSS of every page: report sections, heatmap, findings, batch index, diff, print."""
    return _asset("shared.css")


def script() -> str:
    """The script of every page: sortable tables and the verdict filters' count.

    Pages read fully without it; it only adds sorting and a live count.
    """
    return _asset("shared.js")


def script_hash() -> str:
    """The script's SHA-256 in base64, as a Content-Security-Policy names it."""
    return base64.b64encode(hashlib.sha256(script().encode("utf-8")).digest()).decode("ascii")


def standalone_policy() -> str:
    """The policy of a page opened from a file: nothing from anywhere, our style and script."""
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash()}'"
