"""The app's data layer: read-only warehouse access with results cached per warehouse state.

A result is cached under (query, arguments, warehouse state); the state changes whenever a load
commits, so a refresh shows up on the next interaction without restarting the app.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines import config, db, queries


def warehouse_path() -> Path:
    return config.db_path()


def warehouse_state(path: Path) -> tuple[int, int, int] | None:
    """(size, mtime, WAL mtime) of the warehouse file; None when there is none."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    wal = path.with_name(path.name + ".wal")
    wal_mtime = wal.stat().st_mtime_ns if wal.exists() else 0
    return stat.st_size, stat.st_mtime_ns, wal_mtime


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(name: str, path: str, state: tuple, args: tuple, kwargs: tuple) -> pd.DataFrame:
    con = db.connect(path, read_only=True)
    try:
        return getattr(queries, name)(con, *args, **dict(kwargs))
    finally:
        con.close()


def load(name: str, *args, **kwargs) -> pd.DataFrame | None:
    """queries.<name>(con, *args, **kwargs), cached; None when there is no warehouse yet.

    Arguments must be hashable (Filters is a frozen dataclass).
    """
    path = warehouse_path()
    state = warehouse_state(path)
    if state is None:
        return None
    return _cached(name, str(path), state, args, tuple(sorted(kwargs.items())))
