"""Derived tables behind the canonical layer, and bringing them up to date.

vacancy_links and the dashboard's mart are rebuilt after snapshots commit, each in a
transaction of its own. A command killed in between used to leave them behind for good, since
the next run loaded nothing new and rebuilt nothing. Now every write they derive from marks them
stale in the same transaction (a snapshot, the demo's purge, new features), each rebuild marks
its table fresh in its own, and `rebuild_stale` brings back what a killed run left behind.
"""

from __future__ import annotations

import duckdb

from pipelines.core.crash_points import crash_point
from pipelines.warehouse.db import run_sql_file

LINKS, MART = "links", "dashboard"


def mark(con: duckdb.DuckDBPyConnection, *names: str, stale: bool = True) -> None:
    """Inside the caller's transaction, so the mark commits with what it is about."""
    run_sql_file(con, "derived/mark.sql", {"names": list(names), "stale": stale}).fetchall()


def stale(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in run_sql_file(con, "derived/stale.sql").fetchall()}


def rebuild_stale(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Rebuild the links, then the mart (which reads them), where stale; returns what was."""
    from pipelines.warehouse.links import refresh_links
    from pipelines.warehouse.marts import refresh_dashboard_mart

    behind = stale(con)
    if LINKS in behind:
        refresh_links(con)
        crash_point("derived.links")
    if behind:  # the mart leaves out cross-source duplicates: new links change it too
        refresh_dashboard_mart(con)
    return behind
