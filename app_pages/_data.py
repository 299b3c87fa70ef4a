"""The app's data layer: read-only warehouse access with results cached per warehouse state."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines import config, db, queries


def warehouse_path() -> Path:
    return config.db_path()


def warehouse_state(path: Path) -> tuple[int, int] | None:
    """Changes whenever a load commits, so cached results refresh without restarting the app."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    wal = path.with_name(path.name + ".wal")
    wal_mtime = wal.stat().st_mtime_ns if wal.exists() else 0
    return stat.st_mtime_ns, wal_mtime


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(name: str, path: str, state: tuple[int, int]) -> pd.DataFrame:
    con = db.connect(path, read_only=True)
    try:
        return queries.QUERIES[name](con)
    finally:
        con.close()


def load(name: str) -> pd.DataFrame | None:
    """The named query's result, or None when there is no warehouse yet."""
    path = warehouse_path()
    state = warehouse_state(path)
    if state is None:
        return None
    return _cached(name, str(path), state)
