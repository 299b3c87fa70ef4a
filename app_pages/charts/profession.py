"""Tables and charts of the Profession page and the regions section (pure, no st.*): the frames
of pipelines/analytics/profession.py, ladder.py and regions.py in the UI language, every row
with its n and confidence word."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from app_pages._format import count, rub
from pipelines.analytics.ladder import gain_of
from pipelines.analytics.profession_labels import label, percent, premium_text

# Column names, (Russian, English).
COLUMNS = {
    "item": ("Пункт", "Item"), "share": ("Доля вакансий", "Share of vacancies"),
    "n": ("n", "n"), "confidence": ("Достоверность", "Confidence"),
    "pay": ("Зарплата с ним против без (в профессии)", "Pay with it vs without (in family)"),
    "trend": ("Доля по периодам", "Share by period"), "flag": ("", ""),
    "trend_quarter": ("Доля по кварталам", "Share by quarter"),
    "trend_month": ("Доля по месяцам", "Share by month"),
    "step": ("Ступень", "Step"), "p25": ("P25", "P25"), "p50": ("Медиана", "Median"),
    "p75": ("P75", "P75"), "n_pay": ("n с зарплатой", "n with pay"),
    "gain": ("Прибавка к ступени ниже", "Gain over the step below"),
    "experience": ("Опыт чаще всего", "Experience most asked"),
    "band": ("Нагрузка", "Load"), "sector": ("Отрасль", "Sector"),
    "vs_rest": ("Против других отраслей", "Against other sectors"),
    "group": ("Где", "Where"),
}
EXPERIENCE = {"noExperience": ("без опыта", "none"), "between1And3": ("1–3 года", "1–3 years"),
              "between3And6": ("3–6 лет", "3–6 years"), "moreThan6": ("более 6 лет", "6+ years")}
THIN = ("мало данных", "small sample")


def number(value) -> str:
    """A stated load as people read it: 107.0 → '107'; '—' when there is none (below 5)."""
    return "—" if value is None or value != value else count(round(value))


def _i(language: str) -> int:
    return 0 if language == "ru" else 1


def _cols(language: str, *keys: str) -> dict[str, str]:
    return {k: COLUMNS[k][_i(language)] for k in keys}


def _conf(word: str, language: str) -> str:
    return label(f"confidence.{word}", language)


def item_table(items: pd.DataFrame, trend: pd.DataFrame | None, language: str,
               grain: str = "quarter") -> pd.DataFrame:  # fmt: skip
    """profession.items (+ its trend: period rows, one column per code) → display rows."""
    rows = []
    for r in items.to_dict("records"):
        series = [] if trend is None or r["code"] not in trend else list(trend[r["code"]])
        rows.append({
            "item": label(r["code"], language), "share": r["share"], "n": r["n"],
            "confidence": _conf(r["confidence"], language),
            "pay": premium_text(r, language), "trend": [float(v) for v in series],
            "flag": THIN[_i(language)] if r["thin"] else "",
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(COLUMNS)[:7])
    return frame.rename(columns={**_cols(language, *frame.columns),
                                 "trend": COLUMNS[f"trend_{grain}"][_i(language)]})


def ladder_table(steps: pd.DataFrame, language: str) -> pd.DataFrame:
    rows = []
    for r in steps.to_dict("records"):
        gain = ""
        if found := gain_of(r):
            gain = f"{premium_text(found, language)} · n = {count(found['n_with'])} / " \
                f"{count(found['n_without'])}"
        exp = EXPERIENCE.get(r["exp_top"])
        rows.append({
            "step": label(r["step"], language), "p25": rub(r["p25"]), "p50": rub(r["p50"]),
            "p75": rub(r["p75"]), "n_pay": r["n_pay"], "n": r["n"],
            "confidence": _conf(r["confidence"], language), "gain": gain,
            "experience": f"{exp[_i(language)]} ({percent(r['exp_' + r['exp_top']])}, "
                          f"n = {count(r['exp_n'])})" if exp else "—",
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    return frame.rename(columns=_cols(language, *frame.columns))


def pay_bands(frame: pd.DataFrame, key: str, language: str, values: dict | None = None,
              premium: bool = False) -> pd.DataFrame:  # fmt: skip
    """Rows with n, share, n_pay, p25/p50/p75, confidence (sectors, regions) → display rows."""
    rows = []
    for r in frame.to_dict("records"):
        row = {
            key: label(r["code" if "code" in r else "group"], language, values),
            "share": r["share"], "n": r["n"], "n_pay": r["n_pay"], "p25": rub(r["p25"]),
            "p50": rub(r["p50"]), "p75": rub(r["p75"]),
            "confidence": _conf(r["confidence"], language),
        }  # fmt: skip
        if premium:
            row["vs_rest"] = premium_text(r, language)
        row["flag"] = THIN[_i(language)] if r["thin"] else ""
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.rename(columns=_cols(language, *out.columns))


def load_table(bands: pd.DataFrame, language: str) -> pd.DataFrame:
    rows = []
    for r in bands[bands["n"] > 0].to_dict("records"):
        high = "∞" if r["high"] == float("inf") else f"{r['high']:.0f}"
        rows.append({
            "band": f"{label(r['measure'], language)}: {r['low'] + 1:.0f}–{high}", "n": r["n"],
            "n_pay": r["n_pay"], "p50": rub(r["p50"]), "p25": rub(r["p25"]), "p75": rub(r["p75"]),
            "confidence": _conf(r["confidence"], language),
            "flag": THIN[_i(language)] if r["thin"] else "",
        })  # fmt: skip
    out = pd.DataFrame(rows, columns=["band", "n", "n_pay", "p50", "p25", "p75", "confidence",
                                      "flag"])  # fmt: skip
    return out.rename(columns=_cols(language, *out.columns))


def ladder_chart(steps: pd.DataFrame, language: str) -> go.Figure:
    """P25–P75 bar with the median per step (bottom step first), n in every label."""
    known = steps[steps["n_pay"] > 0]
    names = [f"{html.escape(label(s, language))} (n = {count(n)})"
             for s, n in zip(known["step"], known["n_pay"], strict=True)]  # fmt: skip
    figure = go.Figure()
    figure.add_trace(go.Bar(x=names, y=known["p75"] - known["p25"], base=known["p25"],
                            marker_color="#aec7e8", name="P25–P75", hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=names, y=known["p50"], mode="markers+text",
                                marker={"color": "#0b3d66", "size": 12, "symbol": "line-ew-open"},
                                text=[rub(v) for v in known["p50"]], textposition="middle right",
                                name=COLUMNS["p50"][_i(language)]))  # fmt: skip
    figure.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         yaxis_title="₽", showlegend=False)  # fmt: skip
    return figure
