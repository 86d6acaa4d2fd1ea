"""criteria-checker: check qualification specifications against published criteria."""

from __future__ import annotations

__version__ = "0.1.0"
