"""Pay by segment: P10–P90 and P25–P75 bars with the median and n, small segments greyed and
unranked; premiums as signed percentages (pure, no st.*)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from app_pages._format import count, rub
from app_pages.charts import LEGEND_BELOW, LEGEND_MARGIN

BLUE, LIGHT_BLUE, DARK = "#1f77b4", "#aec7e8", "#0b3d66"
GREY, LIGHT_GREY, DARK_GREY = "#bbbbbb", "#e3e3e3", "#777777"


def rank_segments(segments: pd.DataFrame, minimum: int, top: int = 20) -> tuple[pd.DataFrame, int]:
    """`segments` (queries.segments: segment, n, p10…p90) → (the `top` largest by n, the number
    left out). Segments with at least `minimum` vacancies come first, by median pay, with rank
    1, 2, …; smaller ones follow by n, flagged `small` with no rank."""
    largest = segments.sort_values(["n", "segment"], ascending=[False, True]).head(top)
    small = largest["n"] < minimum
    ranked = largest[~small].sort_values(["p50", "n"], ascending=False)
    ranked = ranked.assign(rank=range(1, len(ranked) + 1), small=False)
    unranked = largest[small].assign(rank=None, small=True)
    frame = pd.concat([ranked, unranked], ignore_index=True)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame, len(segments) - len(largest)


def pay_by_segment(ranked: pd.DataFrame, words: dict[str, str]) -> go.Figure:
    """Horizontal box-like bars, one row per segment of `ranked` (rank_segments plus a `label`
    column in the UI language), best paid on top; every row says its n. `words`: median,
    band, range, pay_axis, small_sample in the UI language."""
    names = [html.escape(str(label)) for label in ranked["label"]]
    rows = [
        name if pd.isna(rank) else f"{rank}. {name}"
        for name, rank in zip(names, ranked["rank"], strict=True)
    ]  # fmt: skip
    small = ranked["small"].to_numpy(dtype=bool)
    hover = [
        f"<b>{name}</b><br>{words['median']} {rub(p50)}<br>P25–P75 {rub(p25)} — {rub(p75)}"
        f"<br>P10–P90 {rub(p10)} — {rub(p90)}<br>n = {count(n)}"
        + (f"<br><i>{words['small_sample']}</i>" if thin else "")
        for name, p10, p25, p50, p75, p90, n, thin in zip(
            names, ranked["p10"], ranked["p25"], ranked["p50"], ranked["p75"], ranked["p90"],
            ranked["n"], small, strict=True,
        )
    ]  # fmt: skip
    figure = go.Figure()
    figure.add_trace(go.Bar(
        y=rows, x=ranked["p90"] - ranked["p10"], base=ranked["p10"], orientation="h",
        width=0.18, name=words["range"], hovertext=hover, hoverinfo="text",
        marker_color=[LIGHT_GREY if t else LIGHT_BLUE for t in small],
    ))  # fmt: skip
    figure.add_trace(go.Bar(
        y=rows, x=ranked["p75"] - ranked["p25"], base=ranked["p25"], orientation="h",
        width=0.6, name=words["band"], hovertext=hover, hoverinfo="text",
        marker_color=[GREY if t else BLUE for t in small],
    ))  # fmt: skip
    figure.add_trace(go.Scatter(
        y=rows, x=ranked["p50"], mode="markers", name=words["median"],
        marker={"symbol": "line-ns-open", "size": 22, "line": {"width": 3},
                "color": [DARK_GREY if t else DARK for t in small]},
        hovertext=hover, hoverinfo="text",
    ))  # fmt: skip
    figure.add_trace(go.Scatter(
        y=rows, x=ranked["p90"], mode="text", textposition="middle right", showlegend=False,
        text=[f"  n = {count(n)}" + (f" · {words['small_sample']}" if t else "")
              for n, t in zip(ranked["n"], small, strict=True)],
        textfont={"color": [DARK_GREY if t else "#333" for t in small], "size": 12},
        hoverinfo="skip",
    ))  # fmt: skip
    figure.update_layout(
        barmode="overlay", separators=", ", height=120 + 36 * len(ranked) + LEGEND_MARGIN,
        hovermode="closest",
        legend=LEGEND_BELOW, margin={"t": 20, "b": 20 + LEGEND_MARGIN},
    )  # fmt: skip
    # Room on the right for the "n = …" labels past the longest bar.
    figure.update_xaxes(title_text=words["pay_axis"], tickformat=",.0f",
                        range=[0, float(ranked["p90"].max()) * 1.25], automargin=True)  # fmt: skip
    figure.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=rows,
                        automargin=True)  # fmt: skip
    return figure


def signed_percent(value: float | None) -> str:
    """0.243 → '+24 %', -0.05 → '−5 %' (a real minus sign, no-break space before %)."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{value:+.0%}".replace("-", "−")
    return text[:-1] + "\u00a0%"
