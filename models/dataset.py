"""Training data from the warehouse (the I/O edge of the model package)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent / "sql"


class NoTrainingData(RuntimeError):
    """The warehouse has no vacancies the model can learn from."""


def data_kind(con: duckdb.DuckDBPyConnection, requested: str = "auto") -> bool:
    """Whether to train on synthetic data: 'demo' / 'real', or 'auto' = real when there is
    any real data with pay, else the demo. The two are never mixed."""
    if requested in ("demo", "real"):
        return requested == "demo"
    counts = dict(con.execute(_sql("data_kinds.sql")).fetchall())
    if counts.get(False):
        return False
    if counts.get(True):
        return True
    raise NoTrainingData(
        "no vacancies with pay and features in the warehouse; load data with `payscope ingest` "
        "or `payscope demo` first"
    )


def training_rows(
    con: duckdb.DuckDBPyConnection, synthetic: bool, until: datetime | None = None
) -> pd.DataFrame:
    """One row per vacancy: canonical fields, features and `pay` (monthly gross RUB)."""
    params = {"with_pay": True, "synthetic": synthetic, "from": None, "until": until}
    frame = con.execute(_sql("model_rows.sql"), params).df()
    if frame.empty:
        kind = "demo" if synthetic else "real"
        raise NoTrainingData(f"no {kind} vacancies with pay published before {until or 'now'}")
    return frame


def _sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def batch_rows(con: duckdb.DuckDBPyConnection, published_from: datetime) -> pd.DataFrame:
    """Vacancies published on or after a date, with the columns the model reads."""
    params = {"with_pay": False, "synthetic": None, "from": published_from, "until": None}
    return con.execute(_sql("model_rows.sql"), params).df()


def market_pay(
    con: duckdb.DuckDBPyConnection, role_family: str
) -> tuple[int, list[float] | None]:
    """n and (P25, median, P75) of usable pay in a role family; None quartiles when n = 0."""
    n, quartiles = con.execute(_sql("market_pay.sql"), {"role_family": role_family}).fetchall()[0]
    return n, (list(quartiles) if n else None)
