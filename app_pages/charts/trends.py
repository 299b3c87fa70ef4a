"""Pay over time: the median with its P25–P75 band above, counts and share with pay below; and
the composition-fixed pay index beside the raw median (pure, no st.*).

Periods without vacancies are gaps (pipelines/time_steps.with_gaps): lines break there instead
of running straight across them. n is in every hover; thin periods are grey markers, never text
labels, so nothing overlaps however many periods there are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app_pages._format import count, rub
from app_pages.charts import LEGEND_BELOW, LEGEND_MARGIN
from app_pages.charts._locale import localise_date_axis

BLUE, GREY, ORANGE, LIGHT, GREEN = "#1f77b4", "#bbbbbb", "#ff7f0e", "#9ecae1", "#2ca02c"
# How a period is written in hovers, per step (a week by its Monday); quarters by `period_label`.
DATE_FORMATS = {"week": "%d.%m.%Y", "month": "%m.%Y"}


def period_label(period, step: str, quarter: str = "Q{q} {year}") -> str:
    """A period as people name it: '03.2021', a week by its Monday '01.03.2021', a quarter by
    `quarter` (e.g. '{q} кв. {year}' in Russian, 'Q{q} {year}' in English)."""
    if period is None or pd.isna(period):
        return "—"
    if step == "quarter":
        return quarter.format(q=(period.month - 1) // 3 + 1, year=period.year)
    return f"{period:{DATE_FORMATS[step]}}"


def pay_over_time(
    series: pd.DataFrame, minimum: int, words: dict[str, str], step: str = "week"
) -> go.Figure:
    """`series`: period, vacancies, with_pay, share_with_pay, p25, p50, p75 (queries.trends,
    with_gaps applied: NaN pay where a period has no vacancies). Periods with fewer than
    `minimum` vacancies with pay are grey markers with their n in the hover.
    `words`: median, band, vacancies, share, pay_axis, small_sample, quarter (a pattern of q and
    year) in the UI language."""
    has_pay = series["with_pay"] > 0
    thin = has_pay & (series["with_pay"] < minimum)
    labels = [period_label(p, step, words.get("quarter", "Q{q} {year}")) for p in series["period"]]
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06,
        specs=[[{}], [{"secondary_y": True}]],
    )  # fmt: skip
    hover = [
        f"{p}<br>{words['median']} {rub(m)}<br>P25–P75 {rub(a)} — {rub(b)}"
        f"<br>n = {count(n)}" + (f"<br><b>{words['small_sample']}</b>" if t else "")
        for p, m, a, b, n, t in zip(
            labels, series["p50"], series["p25"], series["p75"], series["with_pay"],
            thin, strict=True,
        )
    ]  # fmt: skip
    band_x, band_y = band_outline(series["period"], series["p25"], series["p75"])
    figure.add_trace(
        go.Scatter(x=band_x, y=band_y, mode="lines", line={"width": 0}, fill="toself",
                   fillcolor="rgba(31,119,180,0.18)", name=words["band"], hoverinfo="skip"),
        row=1, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            x=series["period"], y=series["p50"], mode="lines+markers", name=words["median"],
            line={"color": BLUE}, connectgaps=False,
            marker={"color": [GREY if t else BLUE for t in thin], "size": 8},
            hovertext=hover, hoverinfo="text",
        ),
        row=1, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Bar(x=series["period"], y=series["vacancies"], name=words["vacancies"],
               marker_color=LIGHT, customdata=labels,
               hovertemplate="%{customdata}: %{y:,} " + words["vacancies"] + "<extra></extra>"),
        row=2, col=1,
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(x=series["period"], y=series["share_with_pay"], name=words["share"],
                   mode="lines+markers", line={"color": ORANGE}, connectgaps=False,
                   customdata=labels,
                   hovertemplate="%{customdata}: %{y:.0%} " + words["share"] + "<extra></extra>"),
        row=2, col=1, secondary_y=True,
    )  # fmt: skip
    figure.update_layout(
        separators=", ", height=560, hovermode="closest", legend=LEGEND_BELOW,
        margin={"t": 20, "b": 20 + LEGEND_MARGIN},
    )  # fmt: skip
    figure.update_yaxes(title_text=words["pay_axis"], tickformat=",.0f", row=1, col=1)
    figure.update_yaxes(title_text=words["vacancies"], row=2, col=1, secondary_y=False)
    # Round shares (0/25/50/75/100 %), not ticks aligned to the counts' axis.
    figure.update_yaxes(title_text=words.get("share_axis", words["share"]), tickformat=".0%",
                        range=[0, 1], tickmode="array", tickvals=[0, 0.25, 0.5, 0.75, 1],
                        showgrid=False, row=2, col=1, secondary_y=True)  # fmt: skip
    localise_date_axis(figure, series["period"], words.get("lang", "ru"))
    return figure


def band_outline(periods: pd.Series, low: pd.Series, high: pd.Series) -> tuple[list, list]:
    """x and y of a P25–P75 band drawn as one closed shape per run of periods with data,
    separated by None (plotly fills each part on its own): a band never bridges a gap."""
    xs: list = []
    ys: list = []
    present = (low.notna() & high.notna()).to_numpy()
    runs = np.split(np.arange(len(present)), np.flatnonzero(np.diff(present)) + 1)
    for run in runs:
        if len(run) == 0 or not present[run[0]]:
            continue
        x = list(periods.iloc[run])
        if xs:
            xs.append(None)
            ys.append(None)
        xs += x + x[::-1]
        ys += list(high.iloc[run]) + list(low.iloc[run])[::-1]
    return xs, ys


def pay_index(index: pd.DataFrame, words: dict[str, str], step: str = "month") -> go.Figure:
    """The composition-fixed pay index (pipelines/wage_index.composition_fixed_index, with_gaps
    applied) beside the raw median, both as % change from the index's base period (the first
    that is not thin: 0 %). Thin periods are grey markers. `words`: index, raw, change_axis,
    cells, small_sample in the UI language."""
    base = index.loc[index["index"].notna() & ~index["thin"].fillna(True).astype(bool)]
    base_raw = float(base["raw_median"].iloc[0]) if len(base) else np.nan
    thin = index["thin"].fillna(False).astype(bool) & index["index"].notna()
    labels = [period_label(p, step, words.get("quarter", "Q{q} {year}")) for p in index["period"]]
    changes = {"index": index["index"] - 1, "raw": index["raw_median"] / base_raw - 1}
    figure = go.Figure()
    for key, colour in (("index", GREEN), ("raw", BLUE)):
        hover = [
            f"{p}: {words[key]} {_signed(c)}<br>n = {count(n)}, {words['cells']} "
            f"{count(k)}" + (f"<br><b>{words['small_sample']}</b>" if t else "")
            for p, c, n, k, t in zip(
                labels, changes[key], index["n" if key == "index" else "vacancies"],
                index["cells"], thin, strict=True,
            )
        ]  # fmt: skip
        figure.add_trace(go.Scatter(
            x=index["period"], y=changes[key], mode="lines+markers", name=words[key],
            connectgaps=False, line={"color": colour, "dash": "solid" if key == "index" else "dot"},
            marker={"color": [GREY if t else colour for t in thin], "size": 7},
            hovertext=hover, hoverinfo="text",
        ))  # fmt: skip
    figure.add_hline(y=0, line={"color": "#888", "width": 1})
    figure.update_layout(
        separators=", ", height=360, hovermode="closest", legend={"orientation": "h", "y": 1.1},
        margin={"t": 40, "b": 20}, yaxis={"title": words["change_axis"], "tickformat": "+.0%"},
    )  # fmt: skip
    localise_date_axis(figure, index["period"], words.get("lang", "ru"))
    return figure


def _signed(value: float) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:+.1%}".replace("-", "−").replace(".", ",").replace("%", "\u00a0%")
