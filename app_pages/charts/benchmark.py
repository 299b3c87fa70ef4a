"""Offer benchmark charts: comparable pay with the offer marked, and the model's input effects."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from app_pages._format import count, rub

BLUE, GREY, RED, GREEN, LIGHT = "#1f77b4", "#555555", "#d62728", "#2ca02c", "#9ecae1"


def comparable_pay(
    pays: np.ndarray, offer: float, quartiles: tuple[float, float, float] | None,
    words: dict[str, str], bins: int = 30, band: tuple[float, float] | None = None,
) -> go.Figure:  # fmt: skip
    """Histogram of comparable vacancies' monthly gross pay, the offer as a red line,
    P25/P50/P75 as dashed grey ones and `band` (the model's P10–P90) shaded green.
    `words`: vacancies, pay_axis, offer, band (UI language)."""
    pays = np.asarray(pays, dtype=np.float64)
    figure = go.Figure()
    if band is not None:
        figure.add_vrect(
            x0=band[0], x1=band[1], fillcolor=GREEN, opacity=0.12, line_width=0,
            annotation_text=html.escape(words.get("band", "")), annotation_position="top left",
            annotation_font={"color": GREEN, "size": 11},
        )  # fmt: skip
    if pays.size:
        counts, edges = np.histogram(pays, bins=min(bins, max(5, pays.size // 3)))
        hover = [
            f"{rub(a)} — {rub(b)}<br>{count(n)} {words['vacancies']}"
            for a, b, n in zip(edges[:-1], edges[1:], counts, strict=True)
        ]
        figure.add_trace(
            go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges),
                   marker={"color": LIGHT, "line": {"color": "white", "width": 1}},
                   hovertext=hover, hoverinfo="text", name=words["vacancies"])
        )  # fmt: skip
    marks = [(offer, words["offer"], RED, "solid")]
    if quartiles is not None:
        marks += [(v, name, GREY, "dash") for v, name in zip(quartiles, ("P25", "P50", "P75"),
                                                              strict=True)]  # fmt: skip
    for i, (value, name, colour, dash) in enumerate(marks):
        figure.add_vline(
            x=value, line={"color": colour, "dash": dash, "width": 3 if i == 0 else 1.5}
        )
        figure.add_annotation(
            x=value, y=1.0 if i == 0 else 0.92, yref="paper", text=f"{name} {rub(value)}",
            showarrow=False, yanchor="bottom", font={"color": colour, "size": 12},
            bgcolor="rgba(255,255,255,0.8)",
        )  # fmt: skip
    figure.update_layout(
        separators=", ", height=380, bargap=0, showlegend=False, margin={"t": 40, "b": 20},
        xaxis_title=words["pay_axis"], yaxis_title=words["vacancies"],
    )  # fmt: skip
    figure.update_xaxes(tickformat=",.0f")
    return figure


def effects(items: Sequence[tuple[str, float]], words: dict[str, str]) -> go.Figure:
    """Horizontal bars: the change in the model's P50 (RUB) each input makes alone, largest on
    top; green adds, red takes away. `words`: axis (UI language)."""
    items = sorted(items, key=lambda kv: abs(kv[1]))
    labels = [html.escape(label) for label, _ in items]  # a region name comes from the data
    deltas = [delta for _, delta in items]
    text = [("+" if d >= 0 else "−") + rub(abs(d)) for d in deltas]
    figure = go.Figure(
        go.Bar(
            x=deltas, y=labels, orientation="h", text=text, textposition="auto",
            marker={"color": [GREEN if d >= 0 else RED for d in deltas]},
            hovertext=[f"{label}: {t}" for label, t in zip(labels, text, strict=True)],
            hoverinfo="text",
        )
    )  # fmt: skip
    figure.update_layout(
        separators=", ", height=max(160, 60 + 40 * len(items)), margin={"t": 10, "b": 10},
        xaxis_title=words["axis"], showlegend=False,
    )  # fmt: skip
    figure.update_xaxes(tickformat="+,.0f", zeroline=True, zerolinecolor=GREY)
    return figure
