"""Trends: median pay with its P25–P75 band, vacancy counts and the share with pay, over time."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from app_pages import _common, _data
from app_pages._format import count, rub
from app_pages._i18n import tr
from pipelines.config import min_sample

T = {
    "title": ("Динамика зарплат", "Pay over time"),
    "grain": ("Шаг", "Step"),
    "week": ("неделя", "week"),
    "month": ("месяц", "month"),
    "vacancies": ("Вакансий", "Vacancies"),
    "with_pay": ("С зарплатой", "With pay"),
    "median": ("Медиана зарплаты", "Median pay"),
    "employers": ("Работодателей", "Employers"),
    "band": ("P25–P75", "P25–P75"),
    "median_line": ("медиана", "median"),
    "count_bars": ("вакансий", "vacancies"),
    "share": ("доля с зарплатой", "share with pay"),
    "pay_axis": ("₽ в месяц, gross", "₽ a month, gross"),
    "thin": (
        "Периоды, где меньше {n} вакансий с зарплатой, отмечены серым: их медиана ненадёжна.",
        "Periods with fewer than {n} vacancies with pay are grey: their median is unreliable.",
    ),
    "caption": (
        "{basis} n = {n} вакансий с зарплатой за период {first} — {last}.",
        "{basis} n = {n} vacancies with pay, published {first} — {last}.",
    ),
}

_common.require_data()
filters = _common.filters()
st.title(tr("title", T))

summary = _data.load("summary", filters)
_common.require_rows(summary, "vacancies")
row = summary.iloc[0]
cols = st.columns(4)
cols[0].metric(tr("vacancies", T), count(row["vacancies"]))
cols[1].metric(tr("with_pay", T), count(row["with_pay"]))
cols[2].metric(tr("median", T), rub(row["median_pay"]), help=f"n = {count(row['with_pay'])}")
cols[3].metric(tr("employers", T), count(row["employers"]))

grain = st.segmented_control(
    tr("grain", T), ("week", "month"), default="week", key="trends_grain",
    format_func=lambda g: tr(g, T),
) or "week"  # fmt: skip
series = _data.load("trends", filters, grain=grain)
minimum = min_sample()
thin = series["with_pay"] < minimum
fmt = "%d.%m.%Y"

figure = make_subplots(
    rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06,
    specs=[[{}], [{"secondary_y": True}]],
)  # fmt: skip
hover = [
    f"{p:{fmt}}<br>{tr('median_line', T)} {rub(m)}<br>P25–P75 {rub(a)} — {rub(b)}<br>n = {count(n)}"
    + (f"<br><b>{tr('small_sample')}</b>" if t else "")
    for p, m, a, b, n, t in zip(
        series["period"], series["p50"], series["p25"], series["p75"], series["with_pay"], thin,
        strict=True,
    )
]  # fmt: skip
figure.add_trace(
    go.Scatter(x=series["period"], y=series["p75"], mode="lines", line={"width": 0},
               hoverinfo="skip", showlegend=False),
    row=1, col=1,
)  # fmt: skip
figure.add_trace(
    go.Scatter(x=series["period"], y=series["p25"], mode="lines", line={"width": 0},
               fill="tonexty", fillcolor="rgba(31,119,180,0.18)", name=tr("band", T),
               hoverinfo="skip"),
    row=1, col=1,
)  # fmt: skip
figure.add_trace(
    go.Scatter(
        x=series["period"], y=series["p50"], mode="lines+markers", name=tr("median_line", T),
        line={"color": "#1f77b4"},
        marker={"color": ["#bbbbbb" if t else "#1f77b4" for t in thin], "size": 8},
        hovertext=hover, hoverinfo="text",
    ),
    row=1, col=1,
)  # fmt: skip
figure.add_trace(
    go.Bar(x=series["period"], y=series["vacancies"], name=tr("count_bars", T),
           marker_color="#9ecae1",
           hovertemplate="%{x|%d.%m.%Y}: %{y:,} " + tr("count_bars", T) + "<extra></extra>"),
    row=2, col=1,
)  # fmt: skip
figure.add_trace(
    go.Scatter(x=series["period"], y=series["share_with_pay"], name=tr("share", T),
               mode="lines+markers", line={"color": "#ff7f0e"},
               hovertemplate="%{x|%d.%m.%Y}: %{y:.0%} " + tr("share", T) + "<extra></extra>"),
    row=2, col=1, secondary_y=True,
)  # fmt: skip
for period, n in zip(series.loc[thin, "period"], series.loc[thin, "with_pay"], strict=True):
    figure.add_annotation(x=period, y=1, yref="y domain", text=f"n={n}", showarrow=False,
                          font={"color": "#888", "size": 10}, row=1, col=1)  # fmt: skip
figure.update_layout(
    separators=", ", height=560, hovermode="closest", legend={"orientation": "h", "y": 1.08},
    margin={"t": 40, "b": 20},
)  # fmt: skip
figure.update_yaxes(title_text=tr("pay_axis", T), tickformat=",.0f", row=1, col=1)
figure.update_yaxes(title_text=tr("count_bars", T), row=2, col=1, secondary_y=False)
figure.update_yaxes(tickformat=".0%", range=[0, 1], row=2, col=1, secondary_y=True)
st.plotly_chart(figure, width="stretch")

st.caption(
    tr("caption", T, basis=tr("pay_basis"), n=count(row["with_pay"]),
       first=f"{row['first_published']:%d.%m.%Y}", last=f"{row['last_published']:%d.%m.%Y}")
)  # fmt: skip
if thin.any():
    st.caption(tr("thin", T, n=minimum))
