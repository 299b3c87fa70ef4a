"""What the warehouse holds, for the dashboard's Data page: loads, quarantine, coverage, pay
status (read-only queries returning DataFrames; the CLI's `payscope status` shares the SQL)."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.warehouse.db import pending_snapshot_ids, run_sql_file

# The Data page charts at most this many snapshots (newest first), a few years of daily fetches.
SNAPSHOT_LIMIT = 2000


def counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: vacancies, with_pay, pay_in_stats, synthetic, observations, snapshots,
    raw_records, quarantined, first/last_published, last_fetched, last_loaded."""
    return run_sql_file(con, "status/counts.sql", {"pending": pending_snapshot_ids(con)}).df()


def snapshots(con: duckdb.DuckDBPyConnection, limit: int = SNAPSHOT_LIMIT) -> pd.DataFrame:
    """The newest `limit` snapshots, oldest first: when fetched, files and record counts
    (records_read = records_loaded + records_quarantined + records_duplicate)."""
    frame = run_sql_file(con, "status/snapshots.sql", {"limit": int(limit)}).df()
    return frame.sort_values("snapshot_id", ignore_index=True)


def quarantine_by_reason(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(reason, records): quarantined records per reason code, commonest first."""
    return run_sql_file(
        con, "status/quarantine_by_reason.sql", {"pending": pending_snapshot_ids(con)}
    ).df()


def coverage_by_source(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per source: vacancies, with_pay, pay_in_stats, share_in_stats, first/last_published,
    snapshots, last_fetched."""
    return run_sql_file(con, "dashboard/data_sources.sql").df()


def pay_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(status, in_stats, vacancies): vacancies without pay ('no_pay'), with clean pay ('ok')
    and per pay flag, with whether they count in statistics."""
    return run_sql_file(con, "dashboard/data_pay_flags.sql").df()
