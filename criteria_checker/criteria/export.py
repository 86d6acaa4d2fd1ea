"""The criteria as one JSON document, for other tools (docs/criteria-export.md)."""

from __future__ import annotations

import json
from typing import Any

from criteria_checker.model.criteria import CriteriaSet
from criteria_checker.model.data import to_data

#: Bumped when a field is removed or changes meaning; adding fields keeps it.
EXPORT_SCHEMA = "criteria-checker/criteria-export/1"


def export_criteria(criteria: CriteriaSet) -> dict[str, Any]:
    """The whole criteria set plus a flat index of every node with its canonical reference."""
    return {
        "schema": EXPORT_SCHEMA,
        "criteria": to_data(criteria),
        "nodes": [
            {"ref": node.ref, "level": node.level, "parent": node.parent, "text": node.text}
            for node in criteria.nodes()
        ],
    }


def export_json(criteria: CriteriaSet) -> str:
    return json.dumps(export_criteria(criteria), indent=2, ensure_ascii=False) + "\n"
