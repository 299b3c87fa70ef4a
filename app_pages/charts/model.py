"""The model card as pictures: backtest table, coverage by decile of predicted pay, premiums."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from app_pages._format import count, rub
from app_pages.charts import LEGEND_BELOW, LEGEND_MARGIN
from pipelines.analytics.stats import SPANS_ZERO, premium_reading

BLUE, GREY, ORANGE, RED = "#1f77b4", "#bbbbbb", "#ff7f0e", "#d62728"
# Rows of the backtest table, in the order they are read: the model first, then its baselines.
BACKTEST_ROWS = ("model", "baseline_role_sector_median", "baseline_global_median")


def percent(value: float, digits: int = 0, signed: bool = False, decimal: str = ",") -> str:
    """0.8097 → '81 %'; signed: 0.266 → '+26,6 %' (digits=1); the minus is a true minus."""
    text = f"{abs(value) * 100:.{digits}f}".replace(".", decimal)
    sign = ("−" if value < 0 else "+") if signed else ("−" if value < 0 else "")
    return f"{sign}{text}\u00a0%"


def backtest_table(backtest: dict, words: dict[str, str]) -> pd.DataFrame:
    """The model and both baselines scored on the same test slice, formatted to read.

    `backtest`: card["backtest"] (models/train.evaluate). `words`: the row labels model,
    baseline_role_sector_median, baseline_global_median and the column names n, mae, mape,
    pinball, coverage, mean_width, decimal, in the UI language."""
    rows = []
    for key in BACKTEST_ROWS:
        m = backtest[key]
        rows.append(
            {
                "": words[key],
                words["n"]: count(m["n"]),
                words["mae"]: rub(m["mae"]),
                words["mape"]: percent(m["mape"], 1, decimal=words["decimal"]),
                words["pinball"]: rub(m["pinball"]),
                words["coverage"]: percent(m["coverage"], 1, decimal=words["decimal"]),
                words["mean_width"]: rub(m["mean_width"]),
            }
        )
    return pd.DataFrame(rows).set_index("")


def coverage_by_decile(
    deciles: list[dict], target: float, minimum: int, words: dict[str, str]
) -> go.Figure:
    """Bars: the share of test vacancies whose pay fell inside P10–P90, per decile of predicted
    P50 (card["backtest"]["calibration_by_decile"]), with the `target` coverage as a line and
    n on each bar; deciles with fewer than `minimum` vacancies are grey.
    `words`: decile, inside, p50, width, target, coverage_axis, decile_axis, small_sample."""
    frame = pd.DataFrame(deciles)
    thin = frame["n"] < minimum
    hover = [
        f"{words['decile']} {d}: {percent(c)} {words['inside']}, n = {count(n)}"
        f"<br>P50 {rub(a)} — {rub(b)}<br>{words['width']} {rub(w)}"
        + (f"<br><b>{words['small_sample']}</b>" if t else "")
        for d, c, n, a, b, w, t in zip(
            frame["decile"], frame["coverage"], frame["n"], frame["p50_from"], frame["p50_to"],
            frame["mean_width"], thin, strict=True,
        )
    ]  # fmt: skip
    figure = go.Figure(
        go.Bar(
            x=frame["decile"], y=frame["coverage"],
            marker_color=[GREY if t else BLUE for t in thin],
            # n at the foot of each bar: at its top it would sit on the target line.
            text=[f"n = {count(n)}" for n in frame["n"]], textposition="inside",
            insidetextanchor="start", textangle=0, hovertext=hover,
            hoverinfo="text", showlegend=False,
        )
    )  # fmt: skip
    figure.add_hline(
        y=target, line={"color": ORANGE, "dash": "dash", "width": 2},
        annotation_text=f"{words['target']} {percent(target)}", annotation_position="top left",
        annotation_bgcolor="rgba(255,255,255,0.8)",
    )  # fmt: skip
    figure.update_layout(
        separators=", ", height=380, margin={"t": 30, "b": 20}, bargap=0.15,
        xaxis={"title": words["decile_axis"], "tickmode": "array", "tickvals": frame["decile"]},
        yaxis={"title": words["coverage_axis"], "tickformat": ".0%", "range": [0, 1.05]},
    )  # fmt: skip
    return figure


PREMIUM_TRAITS = (("english_b2", 0.17, BLUE), ("night_shifts", -0.17, RED))


def premium_effects(premiums: dict, labels: dict[str, str], words: dict[str, str]) -> go.Figure:
    """Dots with whiskers: the English (B2, required) and night-shift premiums per role family
    with their 90 % intervals (card["premiums"], models/premiums.py); families sorted by the
    English premium. A premium whose interval spans 0 is a hollow dot; a family without one
    (no vacancy or too few on a side) has no dot for it, and a family with neither no row —
    premium_table says why.
    `labels`: role family → name to show. `words`: english_b2, night_shifts, premium_axis,
    decimal and the readings of stats.premium_reading (spans_zero, above_zero, below_zero)."""
    shown = [f for f in premiums if any(premiums[f][k].get("premium") is not None
                                        for k, _, _ in PREMIUM_TRAITS)]  # fmt: skip
    families = sorted(shown, key=lambda f: _sort_key(premiums[f]["english_b2"]))
    names = [f"{labels.get(f, f)} · n = {count(premiums[f]['n'])}" for f in families]
    figure = go.Figure()
    for key, offset, colour in PREMIUM_TRAITS:
        shown = [(i, f, premiums[f][key]) for i, f in enumerate(families)
                 if premiums[f][key].get("premium") is not None]  # fmt: skip
        middle = [p["premium"] for _, _, p in shown]
        low = [p["interval_90"][0] for _, _, p in shown]
        high = [p["interval_90"][1] for _, _, p in shown]
        readings = [_reading(p) for _, _, p in shown]
        hover = [
            f"{labels.get(f, f)}: {words[key]} {_signed(m, words)} "
            f"[{_signed(a, words)}; {_signed(b, words)}], {_sides(p, premiums[f]['n'], words)}"
            f"<br>{words[r]}"
            for (_, f, p), m, a, b, r in zip(shown, middle, low, high, readings, strict=True)
        ]  # fmt: skip
        figure.add_trace(
            go.Scatter(
                x=middle, y=[i + offset for i, _, _ in shown], mode="markers",
                name=words[key],
                marker={"color": colour, "size": 9, "line": {"color": colour, "width": 2},
                        "symbol": ["circle-open" if r == SPANS_ZERO else "circle"
                                   for r in readings]},
                error_x={"type": "data", "symmetric": False, "color": colour, "thickness": 2,
                         "array": [b - m for m, b in zip(middle, high, strict=True)],
                         "arrayminus": [m - a for m, a in zip(middle, low, strict=True)]},
                hovertext=hover, hoverinfo="text",
            )
        )  # fmt: skip
    figure.add_vline(x=0, line={"color": "#888", "width": 1})
    figure.update_layout(
        separators=", ", height=max(260, 44 * len(families) + 90) + LEGEND_MARGIN,
        margin={"t": 20, "b": 20 + LEGEND_MARGIN},
        legend=LEGEND_BELOW, hovermode="closest",
        xaxis={"title": words["premium_axis"], "tickformat": "+.0%", "zeroline": False},
        yaxis={"tickmode": "array", "tickvals": list(range(len(families))), "ticktext": names,
               "range": [-0.6, len(families) - 0.4]},
    )  # fmt: skip
    return figure


def premium_table(premiums: dict, labels: dict[str, str], words: dict[str, str]) -> pd.DataFrame:
    """Every role family × trait of card["premiums"] as a row to read: premium, 90 % interval,
    n with and without the trait and what it means (stats.premium_reading in `words`: no_data,
    few, spans_zero, above_zero, below_zero). `words` also names the columns: family, trait,
    premium, interval, n_with, n_without, reading; and english_b2, night_shifts, decimal."""
    rows = []
    for family in sorted(premiums, key=lambda f: labels.get(f, f)):
        for key, _, _ in PREMIUM_TRAITS:
            found = premiums[family][key]
            middle, interval = found.get("premium"), found.get("interval_90")
            rows.append({
                words["family"]: labels.get(family, family),
                words["trait"]: words[key],
                words["premium"]: "—" if middle is None else _signed(middle, words),
                words["interval"]: "—" if not interval
                else f"{_signed(interval[0], words)} … {_signed(interval[1], words)}",
                words["n_with"]: count(found.get("n_with")),
                words["n_without"]: count(found.get("n_without")),
                words["reading"]: words[_reading(found)],
            })  # fmt: skip
    return pd.DataFrame(rows)


def _reading(found: dict) -> str:
    interval = found.get("interval_90") or (None, None)
    # Cards from before models/premiums.py have no n per side: both sides count as present.
    return premium_reading(*interval, found.get("n_with", 1), found.get("n_without", 1))


def _sides(found: dict, n: int, words: dict[str, str]) -> str:
    if "n_with" not in found:
        return f"n = {count(n)}"
    return (f"{words.get('n_with', 'n')} {count(found['n_with'])}, "
            f"{words.get('n_without', 'n')} {count(found['n_without'])}")  # fmt: skip


def _sort_key(found: dict) -> float:
    return -math.inf if found.get("premium") is None else found["premium"]


def _signed(value: float, words: dict[str, str]) -> str:
    return percent(value, 1, signed=True, decimal=words["decimal"])
