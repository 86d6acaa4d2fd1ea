"""The checks rules can run, one module per family.

Importing a module registers its checks (see
:mod:`criteria_checker.engine.registry`). A new family is a new module here
and a line in ``CHECK_MODULES``.
"""

from __future__ import annotations

import importlib

CHECK_MODULES = (
    "assessment",
    "coverage",
    "facts",
    "grids",
    "hours",
    "mapping_claims",
    "ofqual",
    "optional",
    "qualification_number",
    "rationale",
    "reading",
    "title",
    "units",
)


def load_check_modules() -> None:
    """Import every check module (cheap after the first call)."""
    for name in CHECK_MODULES:
        importlib.import_module(f"criteria_checker.checks.{name}")
