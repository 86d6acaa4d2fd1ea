"""Annotate a submission: its findings as Word comments where they apply (docs/annotate.md).

>>> from criteria_checker.annotate import annotate_file
>>> data, report = annotate_file("spec.docx")  # doctest: +SKIP

:func:`annotate_file` and :func:`annotate_bytes` check a DOCX and return the
annotated copy's bytes with the report; :func:`add_comments` writes a report
already made into the package it was read from. Nothing here writes a file.
"""

from __future__ import annotations

from criteria_checker.annotate.document import add_comments, annotate_bytes, annotate_file
from criteria_checker.annotate.texts import verdict_line, verdict_phrase

__all__ = ["add_comments", "annotate_bytes", "annotate_file", "verdict_line", "verdict_phrase"]
