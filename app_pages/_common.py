"""What every page starts with: the current filters and the guards for missing data."""

from __future__ import annotations

import streamlit as st

from app_pages import _data
from app_pages._i18n import tr
from pipelines.analytics.filters import Filters
from pipelines.core.moscow_time import DAY, moscow_text

T = {
    "window": (
        "Данные: опубликованы {first} — {last}; последняя загрузка {loaded}.",
        "Data: published {first} — {last}; last loaded {loaded}.",
    ),
    "zone": ("МСК", "MSK"),
}


def filters() -> Filters:
    """The sidebar's filters (app.py draws the sidebar before the page runs)."""
    return st.session_state.get("filters", Filters())


def require_data() -> None:
    """Stop the page with what to do when the warehouse is missing or has no vacancies; else
    show the data window in the sidebar (every page starts here)."""
    overview = _data.load("overview")
    if overview is None or overview.empty or int(overview.at[0, "vacancies"]) == 0:
        st.info(tr("no_data"), icon=":material/info:")
        st.stop()
    data_window()


def require_rows(frame, n_column: str | None = None) -> None:
    """Stop the page when the filters select nothing."""
    empty = frame is None or frame.empty or (n_column is not None and frame[n_column].sum() == 0)
    if empty:
        st.info(tr("no_match"), icon=":material/search:")
        st.stop()


def data_window() -> None:
    """The data window (first – last publication) and the last load, in Moscow time, in the
    sidebar: the cached overview query, so it costs nothing."""
    row = _data.load("overview").iloc[0]
    st.sidebar.caption(tr(
        "window", T, first=moscow_text(row["first_published_at"], DAY),
        last=moscow_text(row["last_published_at"], DAY),
        loaded=moscow_text(row["last_loaded"], zone=tr("zone", T)),
    ))  # fmt: skip
