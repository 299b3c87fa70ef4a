"""Marts: tables derived from the canonical layer for fast reads, rebuilt after it changes."""

from __future__ import annotations

import duckdb

from pipelines.warehouse import derived
from pipelines.warehouse.db import run_sql_file, transaction


def refresh_dashboard_mart(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild `dashboard_vacancies` (what the dashboard filters) in one transaction.

    Readers of the file see the old table or the new one. About 3 s per million vacancies.
    """
    with transaction(con):
        run_sql_file(con, "marts/dashboard_vacancies.sql").fetchall()
        derived.mark(con, derived.MART, stale=False)
