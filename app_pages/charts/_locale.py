"""Date ticks in the UI's language: Plotly's own say «Aug 9» whatever the page's language, and
its Russian locale is not bundled with Streamlit, so the ticks are given as text (pure)."""

from __future__ import annotations

import pandas as pd

MONTHS = {
    "ru": ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_STEPS_MONTHS = (1, 2, 3, 6, 12, 24)


def date_ticks(dates, language: str = "ru", most: int = 8) -> tuple[list, list[str]]:
    """(tick positions, tick texts) for a date axis over `dates`: month starts («сен 2026»)
    when the span is two months or more, else days («9 авг»); at most about `most` ticks."""
    stamps = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    if stamps.empty:
        return [], []
    names = MONTHS["en" if language == "en" else "ru"]
    first, last = stamps.min().normalize(), stamps.max().normalize()
    if (last - first).days >= 60:
        months = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")
        step = next((s for s in _STEPS_MONTHS if len(months) / s <= most), _STEPS_MONTHS[-1])
        ticks = [m for i, m in enumerate(months) if i % step == 0]
        return ticks, [f"{names[t.month - 1]} {t.year}" for t in ticks]
    days = pd.date_range(first, last, freq="D")
    step = max(1, -(-len(days) // most))
    ticks = list(days[::step])
    return ticks, [f"{t.day} {names[t.month - 1]}" for t in ticks]


def localise_date_axis(figure, dates, language: str = "ru") -> None:
    """Put date_ticks on every x axis of `figure` (shared axes included)."""
    values, texts = date_ticks(dates, language)
    if values:
        figure.update_xaxes(tickmode="array", tickvals=values, ticktext=texts)
