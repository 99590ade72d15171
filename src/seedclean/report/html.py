"""Render a run report as one self-contained HTML page with plotly charts.

Charts: share of the input removed per stage and per reason, documents dropped
per reason, near-duplicate cluster sizes and similarities.  plotly (the
``seedclean[report]`` extra) is imported only here; without it the page has the
same figures as tables.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["chart_specs", "render_html"]

STYLE = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}"
         "td:first-child,th:first-child{text-align:left}")


def chart_specs(report: Mapping[str, Any]) -> list[tuple[str, str, dict[str, float]]]:
    """Return ``(chart id, title, {label: value})`` for each chart of the report.

    >>> specs = chart_specs({"chars_in": 100, "bytes_removed": {"boilerplate: footer": 25},
    ...                      "dropped_by_reason": {}, "clusters": {"sizes": {}}, "similarity_histogram": {}})
    >>> specs[0][2], specs[1][2]
    ({'boilerplate': 25.0}, {'boilerplate: footer': 25.0})
    """
    size = max(1, int(report.get("chars_in", 0)))
    by_reason = {k: 100.0 * v / size for k, v in report.get("bytes_removed", {}).items()}
    by_stage: dict[str, float] = {}
    for k, v in by_reason.items():
        stage = k.split(":")[0]
        by_stage[stage] = by_stage.get(stage, 0.0) + v
    return [
        ("removed-by-stage", "Share of the input removed per stage (%)", by_stage),
        ("removed-by-reason", "Share of the input removed per reason (%)", by_reason),
        ("dropped-by-reason", "Documents dropped per reason",
         {k: float(v) for k, v in report.get("dropped_by_reason", {}).items()}),
        ("cluster-sizes", "Near-duplicate clusters by size (documents per cluster)",
         {k: float(v) for k, v in report.get("clusters", {}).get("sizes", {}).items()}),
        ("similarity", "Near-duplicate drops by similarity to the kept document",
         {k: float(v) for k, v in report.get("similarity_histogram", {}).items()}),
    ]


def _table(title: str, data: Mapping[str, float]) -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v:,.2f}</td></tr>" for k, v in data.items())
    return f"<table><tr><th>{html.escape(title)}</th><th>value</th></tr>{rows}</table>"


def _chart(chart_id: str, title: str, data: Mapping[str, float], first: bool) -> str:
    import plotly.graph_objects as go
    import plotly.io as pio

    fig = go.Figure(go.Bar(x=list(data.values()), y=list(data.keys()), orientation="h"))
    fig.update_layout(title=title, height=max(260, 40 + 28 * len(data)), margin={"l": 260},
                      yaxis={"autorange": "reversed"})
    return str(pio.to_html(fig, full_html=False, include_plotlyjs="inline" if first else False,
                           div_id=chart_id))


def _charts(report: Mapping[str, Any]) -> str:
    try:
        import plotly  # noqa: F401
    except ImportError:
        note = "<p>Charts need plotly: <code>pip install 'seedclean[report]'</code>. Tables follow.</p>"
        return note + "".join(_table(t, d) for _, t, d in chart_specs(report))
    parts = []
    first = True
    for chart_id, title, data in chart_specs(report):
        if not data:
            parts.append(f"<h3>{html.escape(title)}</h3><p>none in this run</p>")
            continue
        parts.append(_chart(chart_id, title, data, first))
        first = False
    return "".join(parts)


def render_html(report: Mapping[str, Any]) -> str:
    """Return the report as a self-contained HTML page (plotly.js inlined, works offline)."""
    counts = {k: report.get(k) for k in ("in", "kept", "dropped", "failed", "chars_in", "chars_out")}
    head = "".join(f"<tr><td>{k}</td><td>{v:,}</td></tr>"
                   for k, v in counts.items() if isinstance(v, int))
    stages = report.get("stages", {})
    stage_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{v['edits']:,}</td><td>{v['documents']:,}</td></tr>"
        for k, v in stages.items())
    raw = html.escape(json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>seedclean report</title>"
            f"<style>{STYLE}</style></head><body><h1>seedclean run report</h1>"
            f"<table id='counts'><tr><th>count</th><th>value</th></tr>{head}</table>"
            "<h2>Stages</h2><table id='stages'>"
            "<tr><th>stage</th><th>edits</th><th>documents changed</th></tr>"
            f"{stage_rows}</table><h2>Charts</h2>{_charts(report)}"
            f"<h2>Raw report</h2><pre id='raw'>{raw}</pre></body></html>")
