"""The criteria evidence workbook: the criteria, node by node, with what a submission offers.

:mod:`.rows` builds the evidence (which units, outcomes and assessment
criteria claim each criteria node, mandatory or optional, where in the
submission, and the findings that concern it) as plain data for any output;
:mod:`.workbook` writes it as an XLSX workbook; :mod:`.xlsx` holds the
spreadsheet conventions every workbook of the tool follows (text never read
as a formula, the same bytes for the same input). Only :mod:`.rows` is free
of openpyxl, which is imported on no other path (a pre-commit hook pays for
every import).
"""

from __future__ import annotations

#: The ``--format`` name of the workbook and its file extension.
WORKBOOK_FORMAT = "xlsx"
WORKBOOK_EXTENSION = ".xlsx"
