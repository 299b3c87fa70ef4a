"""Parameterised read-only queries over the canonical views, returning DataFrames (no UI here)."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.db import run_sql_file


def overview(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: vacancy, pay, snapshot and quarantine counts, and the published-at window."""
    return run_sql_file(con, "queries/overview.sql").df()


def pay_in_stats(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Monthly gross RUB pay (pay_mid_rub) of every vacancy usable in statistics."""
    return run_sql_file(con, "queries/pay_in_stats.sql").df()


QUERIES = {"overview": overview, "pay_in_stats": pay_in_stats}
