"""The coverage graph as a file for graph tools: GraphML (yEd, Gephi, Cytoscape) or JSON.

Nodes are the criteria tree (topics to items) and the units; edges are the
tree and each unit's mapping claims (see engine/coverage.py). Attribute
values are flattened to text or numbers, which both formats require.
"""

from __future__ import annotations

import io
import json
from typing import Any, Literal

from criteria_checker.engine.coverage import Coverage

GraphFormat = Literal["graphml", "json"]


def _flat(value: Any) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _flattened(coverage: Coverage) -> Any:
    import networkx as nx

    graph = nx.DiGraph()
    for node, data in coverage.graph.nodes(data=True):
        graph.add_node(node, **{k: _flat(v) for k, v in sorted(data.items())})
    for source, target, data in coverage.graph.edges(data=True):
        graph.add_edge(source, target, **{k: _flat(v) for k, v in sorted(data.items())})
    return graph


def export_graph(coverage: Coverage, fmt: GraphFormat) -> str:
    """The coverage graph as GraphML or node-link JSON, deterministic for the same input."""
    import networkx as nx

    graph = _flattened(coverage)
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
