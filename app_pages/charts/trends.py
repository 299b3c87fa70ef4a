"""Pay over time: the median with its P25–P75 band above, counts and share with pay below."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app_pages._format import count, rub
from app_pages.charts._locale import localise_date_axis

BLUE, GREY, ORANGE, LIGHT = "#1f77b4", "#bbbbbb", "#ff7f0e", "#9ecae1"


def pay_over_time(series: pd.DataFrame, minimum: int, words: dict[str, str]) -> go.Figure:
    """`series`: period, vacancies, with_pay, share_with_pay, p25, p50, p75 (queries.trends).
    Periods with fewer than `minimum` vacancies with pay are grey and labelled with their n.
    `words`: median, band, vacancies, share, pay_axis, small_sample in the UI language."""
    thin = series["with_pay"] < minimum
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06,
        specs=[[{}], [{"secondary_y": True}]],
    )  # fmt: skip
    hover = [
        f"{p:%d.%m.%Y}<br>{words['median']} {rub(m)}<br>P25–P75 {rub(a)} — {rub(b)}"
        f"<br>n = {count(n)}" + (f"<br><b>{words['small_sample']}</b>" if t else "")
        for p, m, a, b, n, t in zip(
            series["period"], series["p50"], series["p25"], series["p75"], series["with_pay"],
            thin, strict=True,
        )
    ]  # fmt: skip
    figure.add_trace(
        go.Scatter(x=series["period"], y=series["p75"], mode="lines", line={"width": 0},
                   hoverinfo="skip", showlegend=False),
        row=1, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(x=series["period"], y=series["p25"], mode="lines", line={"width": 0},
                   fill="tonexty", fillcolor="rgba(31,119,180,0.18)", name=words["band"],
                   hoverinfo="skip"),
        row=1, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=series["period"], y=series["p50"], mode="lines+markers", name=words["median"],
            line={"color": BLUE}, marker={"color": [GREY if t else BLUE for t in thin], "size": 8},
            hovertext=hover, hoverinfo="text",
        ),
        row=1, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Bar(x=series["period"], y=series["vacancies"], name=words["vacancies"],
               marker_color=LIGHT,
               hovertemplate="%{x|%d.%m.%Y}: %{y:,} " + words["vacancies"] + "<extra></extra>"),
        row=2, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(x=series["period"], y=series["share_with_pay"], name=words["share"],
                   mode="lines+markers", line={"color": ORANGE},
                   hovertemplate="%{x|%d.%m.%Y}: %{y:.0%} " + words["share"] + "<extra></extra>"),
        row=2, col=1, secondary_y=True,
    )  # fmt: skip
    for period, n in zip(series.loc[thin, "period"], series.loc[thin, "with_pay"], strict=True):
        figure.add_annotation(x=period, y=1, yref="y domain", text=f"n={n}", showarrow=False,
                              font={"color": "#888", "size": 10}, row=1, col=1)  # fmt: skip
    figure.update_layout(
        separators=", ", height=560, hovermode="closest", legend={"orientation": "h", "y": 1.08},
        margin={"t": 40, "b": 20},
    )  # fmt: skip
    figure.update_yaxes(title_text=words["pay_axis"], tickformat=",.0f", row=1, col=1)
    figure.update_yaxes(title_text=words["vacancies"], row=2, col=1, secondary_y=False)
    # Round shares (0/25/50/75/100 %), not ticks aligned to the counts' axis.
    figure.update_yaxes(title_text=words.get("share_axis", words["share"]), tickformat=".0%",
                        range=[0, 1], tickmode="array", tickvals=[0, 0.25, 0.5, 0.75, 1],
                        showgrid=False, row=2, col=1, secondary_y=True)  # fmt: skip
    localise_date_axis(figure, series["period"], words.get("lang", "ru"))
    return figure
