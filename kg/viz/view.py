"""The data one page draws: every node and relationship with its colour, size, caption and hover details.

All text shown on the page is decided here (and so tested without a browser); the page script only lays
out and draws. Property values come from paper abstracts, so the script shows them as text, never as HTML.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Optional

from kg.schema import is_internal_property
from kg.viz.graph import VizGraph
from kg.viz.style import format_amount, format_value, node_caption, node_style, palette, rel_caption, rel_style

# Properties that mean nothing to a reader (bookkeeping for the loader) are not shown on hover.
HIDDEN_PROPERTIES = {"content_hash", "alias_keys", "form_keys", "start", "end"}
MAX_DETAIL_CHARS = 400


def primary_label(labels: list[str]) -> str:
    """The label that gives a node its colour: the last palette rule that matches (Model over Entity)."""
    found = ""
    for rule in palette()["nodes"]:
        if rule["label"] in labels:
            found = rule["label"]
    return found or (sorted(labels)[0] if labels else "")


def _clip(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _properties(item: Mapping[str, Any]) -> list[list[str]]:
    rows = []
    for key, value in item.items():
        if key.startswith("_") or key in HIDDEN_PROPERTIES or is_internal_property(key):
            continue
        text = format_value(value)
        if text:
            rows.append([key, _clip(text)])
    return rows


def _node_details(node: Mapping[str, Any], papers: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    details = _properties(node)
    paper = papers.get(node.get("paper") or "")
    if paper and "Paper" not in node.get("_labels", ()):
        details.append(["paper title", _clip(format_value(paper.get("title")))])
    return details


def _rel_details(rel: Mapping[str, Any], claims: Mapping[str, Mapping[str, Any]],
                 papers: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    details = []
    amount = format_amount(rel.get("value"), rel.get("unit"))
    if amount:
        details.append(["margin" if rel.get("_type") == "OUTPERFORMS" else "value", amount])
    details += [row for row in _properties(rel) if row[0] not in ("value", "unit", "claim", "paper")]
    claim = claims.get(rel.get("claim") or "")
    if claim and claim.get("evidence"):
        details.append(["evidence", _clip(format_value(claim["evidence"]))])
    paper = papers.get(rel.get("paper") or "") or (papers.get(claim["paper"]) if claim else None)
    if paper:
        details.append(["paper", _clip(format_value(paper.get("title")) or format_value(paper.get("id")))])
    return details


def view_data(graph: VizGraph, *, title: str, subtitle: str = "",
              details: Optional[Mapping[str, Mapping[str, Mapping[str, Any]]]] = None) -> dict[str, Any]:
    """The JSON the page script reads (ids become strings: FalkorDB's are integers, Neo4j's strings)."""
    details = details or {}
    claims, papers = details.get("claims", {}), details.get("papers", {})
    nodes = []
    legend: Counter[str] = Counter()
    for node_id in graph.order:
        node = graph.nodes.get(node_id)
        if node is None:
            continue
        labels = list(node.get("_labels", []))
        style = node_style(labels)
        caption, full = node_caption(node)
        group = primary_label(labels)
        legend[group] += 1
        nodes.append({"id": str(node_id), "caption": caption, "title": full or caption, "labels": labels,
                      "group": group, "color": style.color, "border": style.border, "size": style.diameter,
                      "details": _node_details(node, papers)})
    shown = {n["id"] for n in nodes}
    edges = []
    for rel in graph.relationships.values():
        source, target = str(rel["_start"]), str(rel["_end"])
        if source not in shown or target not in shown:
            continue
        rel_look = rel_style(rel["_type"])
        edges.append({"id": str(rel["_id"]), "source": source, "target": target, "type": rel["_type"],
                      "caption": rel_caption(rel), "color": rel_look.color, "width": rel_look.width,
                      "details": _rel_details(rel, claims, papers)})
    order = [rule["label"] for rule in palette()["nodes"]]
    legend_items = [{"label": label, "count": count, "color": node_style([label]).color}
                    for label, count in sorted(legend.items(),
                                               key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))]
    return {"title": title, "subtitle": subtitle, "notes": list(graph.notes), "nodes": nodes, "edges": edges,
            "legend": legend_items}
